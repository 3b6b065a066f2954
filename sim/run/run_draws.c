/*
 * run_draws.c — see run_draws.h.
 */
#include "run_draws.h"
#include "h5uncertainty.h"
#include "headline.h"
#include "rng.h"
#include "run_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The figures of fig that belong to scenario `name` ("name/..."), with
 * the prefix taken off. */
static int strip(const ml_figures *fig, const char *name, ml_figures *out, ml_err *err)
{
    out->n = 0;
    size_t len = strlen(name);
    for (size_t i = 0; i < fig->n; i++) {
        const char *s = fig->f[i].name;
        if (!strncmp(s, name, len) && s[len] == '/') {
            int rc = ml_figures_add(out, s + len + 1, fig->f[i].value, err);
            if (rc)
                return rc;
        }
    }
    return ML_OK;
}

/* Draw d of every parameter into ov and pv[d][.]. */
static void draw(gsl_rng *r, uint64_t seed, size_t d, const ml_params *ps, ml_override *ov,
                 double *pv)
{
    for (size_t p = 0; p < ps->n; p++) {
        ml_rng_stream(r, seed, (uint32_t)d, ml_param_hash(ps->p[p].key), 0, ML_P_PARAM_DRAW);
        double v = ml_param_quantile(&ps->p[p], gsl_rng_uniform_pos(r));
        pv[d * ps->n + p] = v;
        ov[p] = (ml_override){.key = ps->p[p].key, .value = v};
    }
}

/* Scenario `name`'s group, with its own parameters only (own, a subset of
 * all): a scenario's group is then the same whatever the other files of
 * the run and their order.  pv is [K][all->n]. */
static int write_group(ml_h5 *h5, const char *name, const ml_uncertainty *u,
                       const ml_params *all, const double *pv, const ml_params *own,
                       ml_err *err)
{
    size_t K = u->k, n = own->n;
    double *mine = malloc((K * n > 0 ? K * n : 1) * sizeof *mine);
    size_t *col = malloc((n ? n : 1) * sizeof *col);
    if (!mine || !col) {
        free(mine);
        free(col);
        return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu parameter draws", K);
    }
    for (size_t j = 0; j < n; j++)
        col[j] = (size_t)(ml_params_find(all, own->p[j].key) - all->p);
    for (size_t d = 0; d < K; d++)
        for (size_t j = 0; j < n; j++)
            mine[d * n + j] = pv[d * all->n + col[j]];
    int rc = ml_h5_write_uncertainty(h5, name, u, own, mine, err);
    free(mine);
    free(col);
    return rc;
}

int ml_run_draws(const ml_run_request *q, ml_h5 *h5, const ml_scenario_results *point,
                 ml_err *err)
{
    size_t K = q->parameter_draws, nsc = q->n_files;
    ml_params ps = {0};
    ml_evaluator *ev = NULL;
    int rc = ml_eval_open(q, &ev, &ps, err);
    if (!rc && ps.n == 0)
        rc = ML_ERROR(err, ML_EINVAL, "--parameter-draws %zu: no number of the run files "
                      "carries a distribution%s; write one as {value: x, range: [low, high]} "
                      "(README, \"Uncertainty\")", K,
                      q->n_overrides ? " (a number fixed by --set is not drawn)" : "");
    if (!rc && K > 0xffffffffu)
        rc = ML_ERROR(err, ML_EINVAL, "--parameter-draws %zu: at most 4294967295", K);
    ml_uncertainty *u = rc ? NULL : calloc(nsc, sizeof *u);
    double *pv = rc ? NULL : malloc(K * ps.n * sizeof *pv);
    ml_override *ov = rc ? NULL : malloc(ps.n * sizeof *ov);
    gsl_rng *r = rc ? NULL : gsl_rng_alloc(ml_rng_philox);
    ml_figures all = {0}, one = {0};
    if (!rc && (!u || !pv || !ov || !r))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for %zu parameter draws", K);
    size_t inited = 0;
    for (size_t i = 0; !rc && i < nsc; i++) {
        ml_figures v = {0}, se = {0};
        rc = ml_headline(&point[i], "", &v, &se, err);
        if (!rc && !(rc = ml_uncertainty_init(&u[i], K, &v, &se, err)))
            inited++;
        ml_figures_free(&v);
        ml_figures_free(&se);
    }
    uint64_t seed = 0, reps = 0;
    if (!rc)
        ml_eval_settings(ev, &seed, &reps);
    for (size_t d = 0; !rc && d < K; d++) {
        char tag[64];
        snprintf(tag, sizeof tag, "parameter draw %zu/%zu", d + 1, K);
        ml_eval_progress(ev, K, tag);
        draw(r, seed, d, &ps, ov, pv);
        rc = ml_eval_at(ev, ov, ps.n, &all, err);
        for (size_t i = 0; !rc && i < nsc; i++) {
            double mean[ML_N_MEASURES], var[ML_N_MEASURES];
            ml_eval_moments(ev, i, mean, var);
            if (!(rc = strip(&all, point[i].name, &one, err)))
                ml_uncertainty_put(&u[i], d, &one, mean, var);
        }
        if (!rc && q->stop && *q->stop)
            rc = ML_ERROR(err, ML_EINTR, "interrupted");
    }
    for (size_t i = 0; !rc && i < nsc; i++) {
        ml_uncertainty_summarise(&u[i]);
        rc = write_group(h5, point[i].name, &u[i], &ps, pv, ml_eval_own(ev, i), err);
    }
    for (size_t i = 0; i < inited; i++)
        ml_uncertainty_free(&u[i]);
    free(u);
    free(pv);
    free(ov);
    if (r)
        gsl_rng_free(r);
    ml_figures_free(&all);
    ml_figures_free(&one);
    ml_params_free(&ps);
    ml_eval_close(ev);
    return rc;
}
