/*
 * merge.c — ml_merge (run.h): shards to the results file of the whole run.
 *
 * The shards' arrays are gathered into the arrays one process would have
 * held (each shard's replicates at their own indices) and the results are
 * computed and written by ml_run_finish_scenario, the call `medliab run`
 * makes, so the merged file is the whole run's: the samples are the same
 * draws (addressed by replicate), the summaries the same arithmetic on the
 * same arrays.  Everything that could make them differ is refused first:
 * parts of another run, slices that overlap or leave replicates out, run
 * files that changed since the shards ran, another build of medliab.
 */
#include "h5out.h"
#include "h5shard.h"
#include "merge_series.h"
#include "par.h"
#include "run.h"
#include "run_blocks.h"
#include "run_finish.h"
#include "run_load.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int differ(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Part p against part 0 (a): one run, one build. */
static int check_same_run(const ml_shard_head *a, const ml_shard_head *p, ml_err *err)
{
    if (differ(p->software_version, ML_VERSION) || differ(p->git_commit, ml_git_commit))
        return ML_ERROR(err, ML_EINVAL, "%s: written by medliab %s (commit %s), this is %s "
                        "(commit %s); merge with the build that ran the shards", p->path,
                        p->software_version, p->git_commit, ML_VERSION, ml_git_commit);
    if (p->seed != a->seed)
        return ML_ERROR(err, ML_EINVAL, "%s: seed %llu, but %s has seed %llu: shards of "
                        "different runs", p->path, (unsigned long long)p->seed, a->path,
                        (unsigned long long)a->seed);
    if (p->replicates != a->replicates)
        return ML_ERROR(err, ML_EINVAL, "%s: a run of %llu replicates, but %s is of %llu: "
                        "shards of different runs", p->path, (unsigned long long)p->replicates,
                        a->path, (unsigned long long)a->replicates);
    if (p->n_files != a->n_files)
        return ML_ERROR(err, ML_EINVAL, "%s: %zu run files, but %s has %zu: shards of "
                        "different runs", p->path, p->n_files, a->path, a->n_files);
    if (p->n_sets != a->n_sets)
        return ML_ERROR(err, ML_EINVAL, "%s: %zu --set values, but %s has %zu: shards of "
                        "different runs", p->path, p->n_sets, a->path, a->n_sets);
    for (size_t i = 0; i < a->n_sets; i++)
        if (differ(p->sets[i], a->sets[i]))
            return ML_ERROR(err, ML_EINVAL, "%s: --set %s, but %s has --set %s: shards of "
                            "different runs", p->path, p->sets[i], a->path, a->sets[i]);
    for (size_t i = 0; i < a->n_files; i++)
        if (differ(p->files[i], a->files[i]) || differ(p->names[i], a->names[i]) ||
            differ(p->yaml[i], a->yaml[i]))
            return ML_ERROR(err, ML_EINVAL, "%s: run file %zu is %s (scenario '%s'), but in "
                            "%s it is %s (scenario '%s')%s: shards of different runs",
                            p->path, i + 1, p->files[i], p->names[i], a->path, a->files[i],
                            a->names[i],
                            differ(p->files[i], a->files[i]) ? ""
                                                             : ", resolved to another text");
    return ML_OK;
}

static int by_first(const void *x, const void *y)
{
    const ml_shard_head *a = *(const ml_shard_head *const *)x,
                        *b = *(const ml_shard_head *const *)y;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* The parts, in replicate order, must cover [0, replicates) once. */
static int check_tiling(const ml_shard_head *h, size_t n, ml_err *err)
{
    const ml_shard_head **ix = malloc(n * sizeof *ix);
    if (!ix)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        ix[i] = &h[i];
    qsort(ix, n, sizeof *ix, by_first);
    int rc = ML_OK;
    uint64_t at = 0, total = h[0].replicates;
    const ml_shard_head *prev = NULL;
    for (size_t k = 0; k < n && !rc; k++) {
        const ml_shard_head *p = ix[k];
        if (prev && p->first == prev->first && p->end == prev->end)
            rc = ML_ERROR(err, ML_EINVAL, "%s and %s both hold replicates %llu to %llu (the "
                          "same shard twice?)", prev->path, p->path,
                          (unsigned long long)p->first, (unsigned long long)(p->end - 1));
        else if (p->first < at)
            rc = ML_ERROR(err, ML_EINVAL, "%s (replicates %llu to %llu) and %s (%llu to %llu) "
                          "overlap: replicates %llu to %llu are in both", prev->path,
                          (unsigned long long)prev->first, (unsigned long long)(prev->end - 1),
                          p->path, (unsigned long long)p->first,
                          (unsigned long long)(p->end - 1), (unsigned long long)p->first,
                          (unsigned long long)((p->end < at ? p->end : at) - 1));
        else if (p->first > at)
            rc = ML_ERROR(err, ML_EINVAL, "no part holds replicates %llu to %llu of the run's "
                          "%llu (a shard missing?)", (unsigned long long)at,
                          (unsigned long long)(p->first - 1), (unsigned long long)total);
        at = p->end;
        prev = p;
    }
    if (!rc && at < total)
        rc = ML_ERROR(err, ML_EINVAL, "no part holds replicates %llu to %llu of the run's %llu "
                      "(a shard missing?)", (unsigned long long)at,
                      (unsigned long long)(total - 1), (unsigned long long)total);
    free(ix);
    return rc;
}

/* The run files as the shards ran them: loaded again, here, with the same
 * --set values, each must resolve to the text the shards recorded. */
static int reload(const ml_shard_head *h, ml_scenario *sc, size_t *loaded, ml_err *err)
{
    ml_override *ov = calloc(h->n_sets ? h->n_sets : 1, sizeof *ov);
    if (!ov)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    int rc = ML_OK;
    for (size_t i = 0; i < h->n_sets && !rc; i++)
        rc = ml_override_parse(h->sets[i], &ov[i], err);
    ml_run_request q = {.files = (const char *const *)h->files, .n_files = h->n_files,
                        .output = "-", .replicates = h->replicates, .have_seed = 1,
                        .seed = h->seed, .overrides = ov, .n_overrides = h->n_sets};
    if (!rc && (rc = ml_run_load(&q, NULL, NULL, sc, loaded, err))) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        rc = ML_ERROR(err, rc, "the run files the shards name are loaded again, from this "
                      "folder (the shards ran in %s): %s", h->working_directory, msg);
    }
    for (size_t i = 0; !rc && i < h->n_files; i++) {
        char *y = ml_scenario_to_yaml(&sc[i]);
        if (!y)
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        else if (strcmp(sc[i].name, h->names[i]) || strcmp(y, h->yaml[i]))
            rc = ML_ERROR(err, ML_EINVAL, "%s: resolves to another scenario than the one the "
                          "shards ran ('%s' in %s): the file, or one it names, changed since; "
                          "merge needs them as they were", h->files[i], h->names[i], h->path);
        free(y);
    }
    free(ov);
    return rc;
}

static int merge_into(const ml_merge_request *q, const ml_shard_head *h, ml_scenario *sc,
                      ml_run_outcome *out, size_t *filled, ml_err *err)
{
    const ml_shard_head *a = &h[0];
    const char *created = a->created_utc; /* the run began with its first shard */
    for (size_t p = 1; p < q->n_parts; p++)
        if (strcmp(h[p].created_utc, created) < 0)
            created = h[p].created_utc;
    ml_h5 *f = NULL;
    ml_results res = {0};
    int rc = ml_h5_open(&f, q->output, a->seed, a->replicates, err);
    if (!rc) {
        ml_h5_set_threads(f, q->threads);
        rc = ml_h5_set_root_str(f, "created_utc", created, err);
    }
    if (!rc && ml_results_alloc(&res, (size_t)a->replicates))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %llu replicates",
                      (unsigned long long)a->replicates);
    /* Each shard's copies and zeros, left unread (merge_series.h). */
    int *held = rc ? NULL : malloc(q->n_parts * ML_SHARD_ARRAYS_MAX * sizeof *held);
    unsigned char clean[ML_SERIES];
    memset(clean, 1, sizeof clean); /* ml_results_alloc's arrays: +0.0 */
    if (!rc && !held)
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    res.lazy = 1; /* read through ml_results_resolve alone (run_finish.c) */
    for (size_t i = 0; !rc && i < a->n_files; i++) {
        if (ml_blocks_prepare(&res, &sc[i]))
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory for the stage statistics");
        for (size_t p = 0; !rc && p < q->n_parts; p++)
            rc = ml_shard_read_scenario(&h[p], i, &res, held + p * ML_SHARD_ARRAYS_MAX, err);
        if (!rc)
            ml_merge_settle(&res, h, q->n_parts, held, clean);
        if (!rc && q->stop && *q->stop)
            rc = ML_ERROR(err, ML_EINTR, "interrupted");
        if (!rc)
            rc = ml_run_finish_scenario(f, &sc[i], &res, q->threads, NULL, &out->results[i], filled,
                                        err);
    }
    if (!rc) {
        rc = ml_h5_commit(f, err);
        f = NULL;
    }
    if (f)
        ml_h5_abort(f);
    free(held);
    ml_results_free(&res);
    return rc;
}

int ml_merge(const ml_merge_request *q, ml_run_outcome *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    if (!q->output || !q->output[0])
        return ML_ERROR(err, ML_EINVAL, "no results file given");
    if (q->n_parts == 0)
        return ML_ERROR(err, ML_EINVAL, "no shard given");
    if (ml_par_size() > 1)
        return ML_ERROR(err, ML_EINVAL, "merge runs in one process, not under mpirun");
    for (size_t p = 0; p < q->n_parts; p++)
        if (!strcmp(q->parts[p], q->output))
            return ML_ERROR(err, ML_EINVAL, "%s: given as a shard and as the output",
                            q->output);
    ml_shard_head *h = calloc(q->n_parts, sizeof *h);
    if (!h)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    int rc = ML_OK;
    size_t nread = 0, loaded = 0, filled = 0;
    for (; nread < q->n_parts && !rc; nread++)
        rc = ml_shard_read_head(q->parts[nread], &h[nread], err);
    if (rc)
        nread--; /* the failed read left nothing to free */
    for (size_t p = 0; p < q->n_parts && !rc; p++)
        rc = check_same_run(&h[0], &h[p], err);
    if (!rc)
        rc = check_tiling(h, q->n_parts, err);
    ml_scenario *sc = rc ? NULL : calloc(h[0].n_files, sizeof *sc);
    if (!rc && !sc)
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (!rc)
        rc = reload(&h[0], sc, &loaded, err);
    if (!rc && q->overwrite != ML_RUN_REPLACE && access(q->output, F_OK) == 0)
        rc = ML_ERROR(err, ML_EIO, "%s: already exists; pass --force to overwrite it",
                      q->output);
    if (!rc && !(out->results = calloc(h[0].n_files, sizeof *out->results)))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (!rc)
        rc = merge_into(q, h, sc, out, &filled, err);
    if (!rc) {
        out->n = h[0].n_files;
        out->seed = h[0].seed;
        out->replicates = h[0].replicates;
    } else {
        for (size_t i = 0; i < filled; i++)
            ml_scenario_results_free(&out->results[i]);
        free(out->results);
        memset(out, 0, sizeof *out);
    }
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    for (size_t p = 0; p < nread; p++)
        ml_shard_head_free(&h[p]);
    free(h);
    return rc;
}
