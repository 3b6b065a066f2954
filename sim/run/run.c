/*
 * run.c — see run.h: the request checked, the run files loaded, one seed
 * and replicate count settled, the file opened before any work (so that an
 * unwritable folder fails at once), the scenarios simulated in blocks
 * (run_blocks.c), each one's results computed once and written, the file
 * renamed into place.
 */
#include "run.h"
#include "h5out.h"
#include "par.h"
#include "run_blocks.h"
#include "run_dist.h"
#include "run_draws.h"
#include "run_finish.h"
#include "run_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A request that cannot run, whatever its files hold. */
static int check_request(const ml_run_request *q, ml_err *err)
{
    if (!q->files || q->n_files == 0)
        return ML_ERROR(err, ML_EINVAL, "no run file given");
    for (size_t i = 0; i < q->n_files; i++)
        if (!q->files[i] || !q->files[i][0])
            return ML_ERROR(err, ML_EINVAL, "run file %zu of %zu: no file name", i + 1,
                            q->n_files);
    if (!q->output || !q->output[0])
        return ML_ERROR(err, ML_EINVAL, "no results file given");
    if (q->replicates > ML_MAX_REPLICATES || q->max_replicates > ML_MAX_REPLICATES)
        return ML_ERROR(err, ML_EINVAL, "%llu replicates: at most %llu",
                        (unsigned long long)(q->replicates > q->max_replicates
                                                 ? q->replicates
                                                 : q->max_replicates),
                        (unsigned long long)ML_MAX_REPLICATES);
    if (q->target && q->replicates)
        return ML_ERROR(err, ML_EINVAL, "a target standard error chooses the replicate "
                        "count; give a maximum instead of a replicate count");
    if (q->target && !(q->target->rel > 0.0 && q->target->rel < 1.0))
        return ML_ERROR(err, ML_EINVAL, "target relative standard error %g: not in (0, 1)",
                        q->target->rel);
    if (q->parameter_draws && q->target)
        return ML_ERROR(err, ML_EINVAL, "--parameter-draws runs at a fixed replicate count; "
                        "it cannot be combined with a target standard error");
    if (q->threads < 0)
        return ML_ERROR(err, ML_EINVAL, "%d threads: not a thread count", q->threads);
    return ML_OK;
}

static void pause_progress(const ml_run_request *q)
{
    if (q->progress.pause)
        q->progress.pause(q->progress.ctx);
}

/* The fixed-length run: one results buffer, reused by every scenario. */
static int run_fixed(const ml_run_request *q, ml_blocks *c, ml_h5 *h5, ml_results *res,
                     ml_run_outcome *out, size_t *filled, ml_err *err)
{
    if (ml_results_alloc(res, out->replicates))
        return ML_ERROR(err, ML_ENOMEM, "out of memory for %llu replicates",
                        (unsigned long long)out->replicates);
    /* Under MPI the ranks keep their own blocks and compute each
     * scenario's results together (run_dist.h). */
    c->keep_local = ml_par_size() > 1;
    /* The arrays are read through ml_results_resolve alone (run_finish.c),
     * so copies may stay unwritten: a rank keeps its block and reads only
     * that, through its own copies (a series may be a copy on one rank and
     * not on another; the file's layout does not depend on it, as the
     * ranks store every measure whole, dist.h).  Copies filled on every
     * rank cost v1 at 10^7 replicates 659 MiB a rank on two ranks against
     * 288 MiB in one process; without them, 270. */
    res->lazy = 1;
    ml_dist d = ml_run_dist(out->replicates);
    for (size_t i = 0; i < c->nsc; i++) {
        int rc = ml_blocks_range(c, i, res, 0, out->replicates, err);
        pause_progress(q);
        if (rc || (rc = ml_run_finish_scenario(h5, &c->sc[i], res, q->threads,
                                               c->keep_local ? &d : NULL, &out->results[i],
                                               filled, err)))
            return rc;
    }
    c->keep_local = 0;
    return ML_OK;
}

/* Precision on demand: every scenario keeps its own arrays while the run
 * grows; the file records the length found and the rule that stopped it. */
static int run_target(const ml_run_request *q, ml_blocks *c, ml_h5 *h5, ml_results *res,
                      ml_run_outcome *out, size_t *filled, ml_err *err)
{
    size_t n = 0;
    size_t max = q->max_replicates ? q->max_replicates : ML_RUN_DEFAULT_MAX_REPLICATES;
    int rc = ml_blocks_to_target(c, q->target, max, res, &n, out->stopping_rule,
                                 sizeof out->stopping_rule, err);
    pause_progress(q);
    if (rc || (rc = ml_h5_set_root_u64(h5, "replicates", n, err)) ||
        (rc = ml_h5_set_root_str(h5, "stopping_rule", out->stopping_rule, err)))
        return rc;
    out->replicates = n;
    for (size_t i = 0; i < c->nsc; i++)
        if ((rc = ml_run_finish_scenario(h5, &c->sc[i], &res[i], q->threads, NULL,
                                         &out->results[i], filled, err)))
            return rc;
    return ML_OK;
}

int ml_run(const ml_run_request *q, ml_run_outcome *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_request(q, err);
    if (!rc && (q->have_range || q->shard_count))
        return ml_run_shard(q, out, err);
    size_t nsc = q->n_files, loaded = 0, filled = 0, nres = q->target ? nsc : 1;
    ml_scenario *sc = rc ? NULL : calloc(nsc, sizeof *sc);
    ml_results *res = rc ? NULL : calloc(nres, sizeof *res);
    ml_h5 *h5 = NULL;
    if (!rc) {
        out->results = calloc(nsc, sizeof *out->results);
        if (!sc || !res || !out->results)
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %zu scenarios", nsc);
    }
    if (!rc)
        rc = ml_run_load(q, NULL, NULL, sc, &loaded, err);
    if (!rc)
        rc = ml_run_settle(q, sc, &out->seed, &out->replicates, err);
    if (!rc && q->overwrite != ML_RUN_REPLACE && access(q->output, F_OK) == 0)
        rc = ML_ERROR(err, ML_EIO, "%s: already exists; pass --force to overwrite it",
                      q->output);
    /* Opened before simulating, so that an unwritable folder fails at once;
     * a target run sets its replicate count once it is known. */
    if (!rc)
        rc = ml_h5_open(&h5, q->output, out->seed, q->target ? 0 : out->replicates, err);
    if (!rc)
        ml_h5_set_threads(h5, q->threads);
    /* Scenarios after the first take the incidents they share with it
     * from the memo (count_memo.h): one scenario would only fill it. */
    ml_count_memo counts;
    ml_count_memo_init(&counts, 0);
    if (!rc) {
        ml_blocks c = {.sc = sc,
                       .counts = nsc > 1 ? &counts : NULL,
                       .nsc = nsc,
                       .seed = out->seed,
                       .threads = q->threads,
                       .stop = q->stop,
                       .prog = &q->progress,
                       .job_total = out->replicates * nsc,
                       .block = 1000}; /* a first guess, adapted after each block */
        rc = q->target ? run_target(q, &c, h5, res, out, &filled, err)
                       : run_fixed(q, &c, h5, res, out, &filled, err);
    }
    ml_count_memo_free(&counts);
    if (!rc && q->parameter_draws) {
        /* The point run's arrays are let go first: a draw holds its own. */
        ml_results_free(&res[0]);
        pause_progress(q);
        rc = ml_run_draws(q, h5, out->results, err);
    }
    if (!rc) {
        rc = ml_h5_commit(h5, err);
        h5 = NULL;
    }
    /* Errors found before the file was opened are the same on every rank:
     * say so together, so that rank 0 alone reports them. */
    if (rc && !h5)
        rc = ml_par_agree(rc, err);
    if (h5)
        ml_h5_abort(h5);
    for (size_t i = 0; res && i < nres; i++)
        ml_results_free(&res[i]);
    free(res);
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    out->n = nsc;
    if (rc) {
        for (size_t i = 0; i < filled; i++)
            ml_scenario_results_free(&out->results[i]);
        free(out->results);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void ml_run_outcome_free(ml_run_outcome *out)
{
    for (size_t i = 0; out->results && i < out->n; i++)
        ml_scenario_results_free(&out->results[i]);
    free(out->results);
    memset(out, 0, sizeof *out);
}
