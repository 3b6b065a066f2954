/*
 * uncertainty.c — see uncertainty.h.
 */
#include "uncertainty.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ml_uncertainty_init(ml_uncertainty *u, size_t k, const ml_figures *point,
                        const ml_figures *se, ml_err *err)
{
    memset(u, 0, sizeof *u);
    u->k = k;
    u->nf = point->n;
    u->rows = calloc(u->nf ? u->nf : 1, sizeof *u->rows);
    u->draws = malloc((k * u->nf > 0 ? k * u->nf : 1) * sizeof *u->draws);
    u->mean = calloc(k * ML_N_MEASURES, sizeof *u->mean);
    u->var = calloc(k * ML_N_MEASURES, sizeof *u->var);
    if (!u->rows || !u->draws || !u->mean || !u->var) {
        ml_uncertainty_free(u);
        return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu parameter draws", k);
    }
    for (size_t f = 0; f < u->nf; f++) {
        snprintf(u->rows[f].figure, sizeof u->rows[f].figure, "%s", point->f[f].name);
        u->rows[f].value = point->f[f].value;
        u->rows[f].mc_se = se && f < se->n ? se->f[f].value : NAN;
    }
    for (size_t i = 0; i < k * u->nf; i++)
        u->draws[i] = NAN;
    return ML_OK;
}

void ml_uncertainty_put(ml_uncertainty *u, size_t d, const ml_figures *fig,
                        const double mean[ML_N_MEASURES], const double var[ML_N_MEASURES])
{
    for (size_t f = 0; f < u->nf; f++) {
        const ml_figure *g = ml_figures_find(fig, u->rows[f].figure);
        u->draws[d * u->nf + f] = g ? g->value : NAN;
    }
    memcpy(&u->mean[d * ML_N_MEASURES], mean, ML_N_MEASURES * sizeof *mean);
    memcpy(&u->var[d * ML_N_MEASURES], var, ML_N_MEASURES * sizeof *var);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ml_uncertainty_summarise(ml_uncertainty *u)
{
    double *x = malloc((u->k ? u->k : 1) * sizeof *x);
    for (size_t f = 0; x && f < u->nf; f++) {
        ml_unc_row *r = &u->rows[f];
        size_t n = 0;
        for (size_t d = 0; d < u->k; d++)
            if (isfinite(u->draws[d * u->nf + f]))
                x[n++] = u->draws[d * u->nf + f];
        r->defined = (double)n;
        r->p05 = r->p50 = r->p95 = r->parameter_share = NAN;
        if (!n)
            continue;
        double m = ml_mean(x, n), v = n > 1 ? pow(ml_sd(x, n, m), 2) : 0.0;
        qsort(x, n, sizeof *x, by_value);
        r->p05 = ml_var_sorted(x, n, 50, 1000);
        r->p50 = ml_var_sorted(x, n, 500, 1000);
        r->p95 = ml_var_sorted(x, n, 950, 1000);
        double s2 = isfinite(r->mc_se) ? r->mc_se * r->mc_se : 0.0;
        r->parameter_share = v + s2 > 0.0 ? v / (v + s2) : 0.0;
    }
    free(x);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        ml_var_row *w = &u->variance[m];
        snprintf(w->measure, sizeof w->measure, "%s", ml_measure_name[m]);
        double within = 0.0, grand = 0.0, between = 0.0;
        for (size_t d = 0; d < u->k; d++) {
            within += u->var[d * ML_N_MEASURES + m];
            grand += u->mean[d * ML_N_MEASURES + m];
        }
        grand = u->k ? grand / (double)u->k : 0.0;
        for (size_t d = 0; d < u->k; d++) {
            double e = u->mean[d * ML_N_MEASURES + m] - grand;
            between += e * e;
        }
        w->process = u->k ? within / (double)u->k : 0.0;
        w->parameter = u->k ? between / (double)u->k : 0.0;
        w->total = w->process + w->parameter;
    }
}

void ml_uncertainty_free(ml_uncertainty *u)
{
    free(u->rows);
    free(u->draws);
    free(u->mean);
    free(u->var);
    memset(u, 0, sizeof *u);
}
