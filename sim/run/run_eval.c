/*
 * run_eval.c — see run_eval.h.  Each evaluation loads the run files
 * afresh with its overrides, so that a drawn number is validated and
 * propagated (sums, levers, derived terms) exactly as a written one.
 * Loading takes milliseconds; simulating takes the time.
 */
#include "run_eval.h"
#include "headline.h"
#include "run_blocks.h"
#include "run_load.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ml_evaluator {
    ml_run_request q;
    uint64_t seed, reps;
    size_t nsc;
    ml_results res;
    double (*mean)[ML_N_MEASURES], (*var)[ML_N_MEASURES]; /* [nsc]: the last evaluation's */
    uint64_t done, total; /* replicates so far and expected, for progress */
    char tag[64];
    ml_params *own;       /* [nsc]: each scenario's numbers */
};

void ml_eval_progress(ml_evaluator *ev, size_t evals, const char *tag)
{
    ev->total = (uint64_t)evals * ev->reps * ev->nsc;
    snprintf(ev->tag, sizeof ev->tag, "%s", tag ? tag : "");
}

int ml_eval_open(const ml_run_request *q, ml_evaluator **out, ml_params *params, ml_err *err)
{
    *out = NULL;
    if (!q->files || !q->n_files)
        return ML_ERROR(err, ML_EINVAL, "no run file given");
    if (q->target)
        return ML_ERROR(err, ML_EINVAL, "parameter draws and sensitivity run at a fixed "
                        "replicate count; a target standard error is not supported with them");
    ml_evaluator *ev = calloc(1, sizeof *ev);
    ml_scenario *sc = calloc(q->n_files, sizeof *sc);
    size_t loaded = 0;
    int rc = ev && sc ? ML_OK : ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (!rc) {
        ev->q = *q;
        ev->nsc = q->n_files;
    }
    ml_load_opts extra = {.collect = params};
    if (!rc && !(ev->own = calloc(q->n_files, sizeof *ev->own)))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (!rc)
        rc = ml_run_load(q, &extra, ev->own, sc, &loaded, err);
    if (!rc)
        rc = ml_run_settle(q, sc, &ev->seed, &ev->reps, err);
    if (!rc) {
        ev->mean = calloc(ev->nsc, sizeof *ev->mean);
        ev->var = calloc(ev->nsc, sizeof *ev->var);
        if (!ev->mean || !ev->var || ml_results_alloc(&ev->res, ev->reps))
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %llu replicates",
                          (unsigned long long)ev->reps);
    }
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    if (rc) {
        ml_eval_close(ev);
        return rc;
    }
    *out = ev;
    return ML_OK;
}

const ml_params *ml_eval_own(const ml_evaluator *ev, size_t i)
{
    return &ev->own[i];
}

void ml_eval_settings(const ml_evaluator *ev, uint64_t *seed, uint64_t *replicates)
{
    *seed = ev->seed;
    *replicates = ev->reps;
}

/* Means and variances (divisor n) of every measure of res. */
static void moments(const ml_results *res, double *mean, double *var)
{
    for (int m = 0; m < ML_N_MEASURES; m++) {
        mean[m] = ml_mean(res->annual[m], res->n);
        double sd = ml_sd(res->annual[m], res->n, mean[m]);
        var[m] = res->n > 1 ? sd * sd * (double)(res->n - 1) / (double)res->n : 0.0;
    }
}

int ml_eval_at(ml_evaluator *ev, const ml_override *ov, size_t n, ml_figures *out, ml_err *err)
{
    out->n = 0;
    ml_scenario *sc = calloc(ev->nsc, sizeof *sc);
    if (!sc)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    size_t loaded = 0;
    ml_load_opts extra = {.set = ov, .n_set = n};
    int rc = ml_run_load(&ev->q, &extra, NULL, sc, &loaded, err);
    ml_blocks c = {.sc = sc,
                   .nsc = ev->nsc,
                   .seed = ev->seed,
                   .threads = ev->q.threads,
                   .stop = ev->q.stop,
                   .prog = &ev->q.progress,
                   .job_done = ev->done,
                   .job_total = ev->total > ev->done ? ev->total : ev->done + ev->reps * ev->nsc,
                   .block = 1000,
                   .tag = ev->tag[0] ? ev->tag : NULL};
    for (size_t i = 0; !rc && i < ev->nsc; i++) {
        rc = ml_blocks_range(&c, i, &ev->res, 0, ev->reps, err);
        ml_scenario_results r;
        if (!rc && !(rc = ml_scenario_results_fill_headline(&sc[i], &ev->res, &r, err))) {
            char prefix[ML_NAME_MAX + 2];
            snprintf(prefix, sizeof prefix, "%s/", sc[i].name);
            rc = ml_headline(&r, prefix, out, NULL, err);
            ml_scenario_results_free(&r);
            moments(&ev->res, ev->mean[i], ev->var[i]);
        }
    }
    ev->done = c.job_done;
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    return rc;
}

void ml_eval_moments(const ml_evaluator *ev, size_t i, double mean[ML_N_MEASURES],
                     double var[ML_N_MEASURES])
{
    memcpy(mean, ev->mean[i], sizeof ev->mean[i]);
    memcpy(var, ev->var[i], sizeof ev->var[i]);
}

void ml_eval_close(ml_evaluator *ev)
{
    if (!ev)
        return;
    ml_results_free(&ev->res);
    for (size_t i = 0; ev->own && i < ev->q.n_files; i++)
        ml_params_free(&ev->own[i]);
    free(ev->own);
    free(ev->mean);
    free(ev->var);
    free(ev);
}
