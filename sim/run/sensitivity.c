/*
 * sensitivity.c — see sensitivity.h: the evaluations of a tornado and of a
 * Saltelli design, each one ml_eval_at call, reduced to swings and indices
 * by sim/results/sobol.c.
 */
#include "sensitivity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scenario part of a figure's name: up to its first '/'. */
static size_t scenario_len(const char *figure)
{
    const char *s = strchr(figure, '/');
    return s ? (size_t)(s - figure) : strlen(figure);
}

/* "; NAME, NAME, ..." of scenario scen's figures (len bytes), into buf. */
static void list_names(const ml_figures *figs, const char *scen, size_t len, char *buf,
                       size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < figs->n && at + 1 < cap; i++) {
        const char *f = figs->f[i].name;
        if (scenario_len(f) != len || strncmp(f, scen, len))
            continue;
        int w = snprintf(buf + at, cap - at, "%s%s", at ? ", " : "", f + len + 1);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

int ml_sens_measure(const ml_figures *figs, const char *name, char *full, size_t cap,
                    ml_err *err)
{
    if (figs->n == 0)
        return ML_ERROR(err, ML_EINTERNAL, "the run gave no headline figures");
    const char *first = figs->f[0].name;
    size_t len = scenario_len(first);
    if (strchr(name, '/'))
        snprintf(full, cap, "%s", name);
    else
        snprintf(full, cap, "%.*s/%s", (int)len, first, name);
    if (ml_figures_find(figs, full))
        return ML_OK;
    /* The scenario the user meant: the one named, if the run has it. */
    const char *scen = first;
    if (strchr(name, '/')) {
        size_t nl = scenario_len(name);
        scen = NULL;
        for (size_t i = 0; i < figs->n && !scen; i++)
            if (scenario_len(figs->f[i].name) == nl && !strncmp(figs->f[i].name, name, nl))
                scen = figs->f[i].name;
        if (!scen) {
            char list[700] = "";
            size_t at = 0;
            for (size_t i = 0; i < figs->n && at + 1 < sizeof list; i++) {
                size_t l = scenario_len(figs->f[i].name);
                if (i && l == scenario_len(figs->f[i - 1].name) &&
                    !strncmp(figs->f[i].name, figs->f[i - 1].name, l))
                    continue; /* figures come grouped by scenario */
                int w = snprintf(list + at, sizeof list - at, "%s%.*s", at ? ", " : "",
                                 (int)l, figs->f[i].name);
                if (w < 0)
                    break;
                at += (size_t)w;
            }
            return ML_ERROR(err, ML_EUNSUPPORTED, "--measure %s: the run has no scenario "
                            "'%.*s' (its scenarios: %s)", name, (int)nl, name, list);
        }
        len = nl;
    }
    char list[900];
    list_names(figs, scen, len, list, sizeof list);
    return ML_ERROR(err, ML_EUNSUPPORTED, "--measure %s: not a headline figure of %.*s; "
                    "its figures: %s", name, (int)len, scen, list);
}

typedef struct {
    ml_evaluator *ev;
    const ml_sens_request *q;
    ml_override *ov; /* [parameters]: the numbers set by key */
    ml_figures figs;
    /* Progress: evaluations of this stage done and in all, and made by this
     * evaluator before it (the evaluator counts replicates over its life). */
    size_t done, total, before;
    const char *stage;
} evaluation;

/* The figure q->measure of figs. */
static int pick(const evaluation *e, const ml_figures *figs, double *value, ml_err *err)
{
    const ml_figure *f = ml_figures_find(figs, e->q->measure);
    if (!f)
        return ML_ERROR(err, ML_EINTERNAL, "evaluation gave no figure %s", e->q->measure);
    *value = f->value;
    return ML_OK;
}

/* The measure with the first n numbers of e->ov set. */
static int measure_at(evaluation *e, size_t n, double *value, ml_err *err)
{
    if (e->q->stop && *e->q->stop)
        return ML_ERROR(err, ML_EINTR, "interrupted");
    char tag[64];
    snprintf(tag, sizeof tag, "%s %zu/%zu", e->stage, ++e->done, e->total);
    ml_eval_progress(e->ev, e->before + e->total, tag);
    int rc = ml_eval_at(e->ev, e->ov, n, &e->figs, err);
    return rc ? rc : pick(e, &e->figs, value, err);
}

static int tornado(evaluation *e, const ml_params *pl, ml_sens_result *out, ml_err *err)
{
    ml_override *mine = e->ov;
    e->stage = "tornado";
    e->done = 0;
    e->before = e->q->point != NULL;
    e->total = 2 * pl->n + !e->q->point;
    int rc = e->q->point ? pick(e, e->q->point, &out->base, err)
                         : measure_at(e, 0, &out->base, err);
    for (size_t i = 0; i < pl->n && !rc; i++) {
        const ml_param *p = &pl->p[i];
        ml_tornado_row *r = &out->tornado[i];
        r->param = i;
        r->name = p->key;
        mine[0] = (ml_override){.key = p->key, .value = ml_param_low(p)};
        if ((rc = measure_at(e, 1, &r->low, err)))
            break;
        mine[0].value = ml_param_high(p);
        rc = measure_at(e, 1, &r->high, err);
    }
    if (!rc)
        ml_tornado_sort(out->tornado, pl->n);
    return rc;
}

/* Overrides for design row u[k] (the parameters of tornado[0 .. k)). */
static void set_row(evaluation *e, const ml_params *pl, const ml_tornado_row *t, size_t k,
                    const double *u)
{
    ml_override *mine = e->ov;
    for (size_t i = 0; i < k; i++) {
        const ml_param *p = &pl->p[t[i].param];
        mine[i] = (ml_override){.key = p->key, .value = ml_param_quantile(p, u[i])};
    }
}

static int sobol(evaluation *e, const ml_params *pl, ml_sens_result *out, ml_err *err)
{
    size_t k = out->k, n = e->q->sobol_rows;
    e->before += e->total;
    e->stage = "Sobol";
    e->done = 0;
    e->total = n * (k + 2);
    uint64_t seed, reps;
    ml_eval_settings(e->ev, &seed, &reps);
    ml_sobol_design s;
    int rc = ml_sobol_design_alloc(&s, k, n, seed, err);
    if (rc)
        return rc;
    double *f = malloc(n * (k + 2) * sizeof *f), *u = malloc(k * sizeof *u);
    if (!f || !u) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory (%zu design rows)", n);
        goto done;
    }
    double *fa = f, *fb = f + n, *fab = f + 2 * n;
    for (size_t j = 0; j < n && !rc; j++) {
        set_row(e, pl, out->tornado, k, s.a + j * k);
        rc = measure_at(e, k, &fa[j], err);
    }
    for (size_t j = 0; j < n && !rc; j++) {
        set_row(e, pl, out->tornado, k, s.b + j * k);
        rc = measure_at(e, k, &fb[j], err);
    }
    for (size_t i = 0; i < k && !rc; i++)
        for (size_t j = 0; j < n && !rc; j++) {
            ml_sobol_row_ab(&s, i, j, u);
            set_row(e, pl, out->tornado, k, u);
            rc = measure_at(e, k, &fab[i * n + j], err);
            }
    if (!rc)
        rc = ml_sobol_indices(k, n, fa, fb, fab, seed, ML_SENS_BOOTSTRAP, out->sobol, err);
    out->rows = n;
done:
    free(f);
    free(u);
    ml_sobol_design_free(&s);
    return rc;
}

int ml_sensitivity(ml_evaluator *ev, const ml_params *params, const ml_sens_request *q,
                   ml_sens_result *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    if (params->n == 0)
        return ML_ERROR(err, ML_EUNSUPPORTED, "no uncertain number in the run's files: give "
                        "one a range, e.g. {value: 0.3, range: [0.2, 0.45]} (README, "
                        "\"Sensitivity\")");
    evaluation e = {ev, q, NULL, {0}, 0, 0, 0, ""};
    e.ov = malloc(params->n * sizeof *e.ov);
    out->tornado = calloc(params->n, sizeof *out->tornado);
    out->sobol = calloc(params->n < ML_SENS_MAX_SOBOL ? params->n : ML_SENS_MAX_SOBOL,
                        sizeof *out->sobol);
    int rc = ML_OK;
    if (!e.ov || !out->tornado || !out->sobol) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory (%zu parameters)", params->n);
        goto done;
    }
    out->n = params->n;
    if ((rc = tornado(&e, params, out, err)))
        goto done;
    if (q->sobol_rows)
        out->k = ml_tornado_leading(out->tornado, out->n, ML_SENS_MATTER, ML_SENS_MAX_SOBOL);
    if (out->k)
        rc = sobol(&e, params, out, err);
done:
    free(e.ov);
    ml_figures_free(&e.figs);
    if (rc)
        ml_sens_result_free(out);
    return rc;
}

size_t ml_sens_drop_set(ml_params *params, const ml_override *set, size_t n_set)
{
    size_t kept = 0, n = params->n;
    for (size_t i = 0; i < n; i++) {
        const ml_param *p = &params->p[i];
        int fixed = 0;
        for (size_t j = 0; j < n_set && !fixed; j++)
            fixed = set[j].path && strlen(p->field) == set[j].path_len &&
                    !strncmp(p->field, set[j].path, set[j].path_len);
        if (!fixed)
            params->p[kept++] = *p;
    }
    params->n = kept;
    return n - kept;
}

void ml_sens_result_free(ml_sens_result *r)
{
    free(r->tornado);
    free(r->sobol);
    memset(r, 0, sizeof *r);
}
