/*
 * run_shard.c — ml_run_shard (run.h): the run files loaded and settled as
 * ml_run does, then only the replicates of one slice simulated, every
 * scenario's arrays written to a shard (h5shard.h) with what `medliab
 * merge` needs to check that the shards belong together.  A draw is
 * addressed by its replicate (DESIGN section 4), so the slice's samples
 * are those of the whole run at the same indices.
 */
#include "h5shard.h"
#include "par.h"
#include "run.h"
#include "run_blocks.h"
#include "run_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_shard_request(const ml_run_request *q, ml_err *err)
{
    if (q->target)
        return ML_ERROR(err, ML_EINVAL, "a shard runs a fixed slice of replicates; it cannot "
                        "be combined with a target standard error (the whole run's length "
                        "is not known to one slice)");
    if (q->parameter_draws)
        return ML_ERROR(err, ML_EINVAL, "--parameter-draws runs the whole range for every "
                        "draw; it cannot be combined with a shard");
    if (ml_par_size() > 1)
        return ML_ERROR(err, ML_EINVAL, "a shard runs in one process: start one process per "
                        "shard (a job array), or run the whole range under mpirun without "
                        "--replicate-range");
    if (q->have_range && q->shard_count)
        return ML_ERROR(err, ML_EINVAL, "give --replicate-range or --shard, not both");
    if (q->shard_count && q->shard_index >= q->shard_count)
        return ML_ERROR(err, ML_EINVAL, "shard %u/%u: shards are numbered 0 to %u", q->shard_index,
                        q->shard_count, q->shard_count - 1);
    if (q->have_range && q->range_from >= q->range_to)
        return ML_ERROR(err, ML_EINVAL, "replicate range %llu:%llu is empty (A:B runs "
                        "replicates A to B-1)", (unsigned long long)q->range_from,
                        (unsigned long long)q->range_to);
    return ML_OK;
}

/* The --set arguments as given (PATH=VALUE), for merge to load alike. */
static char **set_texts(const ml_run_request *q)
{
    char **v = calloc(q->n_overrides ? q->n_overrides : 1, sizeof *v);
    for (size_t i = 0; v && i < q->n_overrides; i++) {
        const ml_override *o = &q->overrides[i];
        size_t n = o->path_len + strlen(o->text ? o->text : "") + 2;
        if (!(v[i] = malloc(n))) {
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return NULL;
        }
        snprintf(v[i], n, "%.*s=%s", (int)o->path_len, o->path ? o->path : "",
                 o->text ? o->text : "");
    }
    return v;
}

int ml_run_shard(const ml_run_request *q, ml_run_outcome *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_shard_request(q, err);
    size_t nsc = q->n_files, loaded = 0;
    ml_scenario *sc = rc ? NULL : calloc(nsc, sizeof *sc);
    char **sets = rc ? NULL : set_texts(q);
    ml_results res = {0};
    ml_shard *f = NULL;
    uint64_t seed = 0, n = 0, first = 0, end = 0;
    if (!rc && (!sc || !sets))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %zu scenarios", nsc);
    if (!rc)
        rc = ml_run_load(q, NULL, NULL, sc, &loaded, err);
    if (!rc)
        rc = ml_run_settle(q, sc, &seed, &n, err);
    if (!rc && q->shard_count) {
        size_t lo, hi;
        ml_par_block(0, (size_t)n, (int)q->shard_index, (int)q->shard_count, &lo, &hi);
        first = lo;
        end = hi;
        if (first == end)
            rc = ML_ERROR(err, ML_EINVAL, "shard %u/%u of %llu replicates is empty: fewer "
                          "shards, or more replicates", q->shard_index, q->shard_count,
                          (unsigned long long)n);
    } else if (!rc) {
        first = q->range_from;
        end = q->range_to;
        if (end > n)
            rc = ML_ERROR(err, ML_EINVAL, "replicate range %llu:%llu runs past the run's %llu "
                          "replicates (0 to %llu); give --replicates for the whole run",
                          (unsigned long long)first, (unsigned long long)end,
                          (unsigned long long)n, (unsigned long long)(n - 1));
    }
    if (!rc && q->overwrite != ML_RUN_REPLACE && access(q->output, F_OK) == 0)
        rc = ML_ERROR(err, ML_EIO, "%s: already exists; pass --force to overwrite it",
                      q->output);
    if (!rc) {
        ml_shard_head h = {.seed = seed, .replicates = n, .first = first, .end = end,
                           .n_files = nsc, .files = (char **)q->files,
                           .n_sets = q->n_overrides, .sets = sets};
        rc = ml_shard_open(&f, q->output, &h, err);
    }
    if (!rc) {
        ml_shard_set_threads(f, q->threads);
        if (ml_results_alloc(&res, (size_t)(end - first)))
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %llu replicates",
                          (unsigned long long)(end - first));
    }
    /* Copies stay unwritten: the shard links them (h5shard.c). */
    res.lazy = 1;
    ml_blocks c = {.sc = sc, .nsc = nsc, .seed = seed, .threads = q->threads, .stop = q->stop,
                   .prog = &q->progress, .job_total = (end - first) * nsc, .block = 1000,
                   .base = (size_t)first};
    /* The scenarios share their incidents (count_memo.h). */
    ml_count_memo counts;
    ml_count_memo_init(&counts, (size_t)first);
    c.counts = nsc > 1 ? &counts : NULL;
    for (size_t i = 0; !rc && i < nsc; i++) {
        rc = ml_blocks_range(&c, i, &res, (size_t)first, (size_t)end, err);
        if (q->progress.pause)
            q->progress.pause(q->progress.ctx);
        if (!rc)
            rc = ml_shard_write_scenario(f, &sc[i], &res, err);
    }
    if (!rc) {
        rc = ml_shard_commit(f, err);
        f = NULL;
    }
    ml_shard_abort(f);
    ml_count_memo_free(&counts);
    ml_results_free(&res);
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    for (size_t i = 0; sets && i < q->n_overrides; i++)
        free(sets[i]);
    free(sets);
    if (!rc) {
        out->n = nsc;
        out->seed = seed;
        out->replicates = n;
        out->shard = 1;
        out->first = first;
        out->end = end;
    }
    return rc;
}
