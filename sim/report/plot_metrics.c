/*
 * plot_metrics.c — see plot_metrics.h (the columns and each interval's
 * method are stated there).
 */
#include "plot_metrics.h"
#include "h5in_draws.h"
#include "measures.h"
#include "metric_defs.h"
#include "metric_titles.h"
#include "report_rates.h"
#include "report_table.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMPENSATED "negligent_compensated_share"
#define OVERHEAD "overhead_ratio"
#define COST_PER "cost_per_negligent_compensated"

/* One row's numbers, converted. */
typedef struct {
    double value, mc_se, p05, p95;
    size_t draws;
    char unit[64];
} row_vals;

void ml_plot_metrics_header(FILE *f)
{
    fputs("scenario,metric,title,group,kind,value,unit,mc_se,lo95,hi95,p05,p95,draws\n", f);
}

/* A text cell after its comma (ml_csv_field quotes it where needed). */
static void put_text(FILE *f, const char *s)
{
    fputc(',', f);
    ml_csv_field(f, s);
}

/* A number, or an empty cell where there is none. */
static void put_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.17g", x);
    else
        fputc(',', f);
}

static void put_row(FILE *f, const char *label, const char *name, const char *title,
                    const char *group, ml_metric_kind_shown kind, const row_vals *v)
{
    fputs(label, f);
    put_text(f, name);
    put_text(f, title);
    put_text(f, group);
    put_text(f, ml_metric_kind_name(kind));
    put_num(f, v->value);
    put_text(f, v->unit);
    put_num(f, v->mc_se);
    /* The 95% Monte Carlo interval only where the error is a finite
     * number: +inf (one replicate) bounds nothing. */
    int se_ok = isfinite(v->value) && isfinite(v->mc_se);
    put_num(f, se_ok ? v->value - ML_CI_Z * v->mc_se : NAN);
    put_num(f, se_ok ? v->value + ML_CI_Z * v->mc_se : NAN);
    put_num(f, v->p05);
    put_num(f, v->p95);
    fprintf(f, ",%zu\n", v->draws);
}

/* The 90% interval of figure name over the draws, times f; none (NaN, 0
 * draws) when the scenario has no draws or no such column.  work holds
 * d->k doubles. */
static void draw_interval(const ml_in_draws *d, const char *name, double f, double *work,
                          row_vals *v)
{
    v->p05 = v->p95 = NAN;
    v->draws = 0;
    long c = d->k ? ml_in_draws_column(d, name) : -1;
    if (c < 0)
        return;
    size_t m = 0;
    for (size_t k = 0; k < d->k; k++) {
        double x = d->x[k * d->nf + (size_t)c];
        if (isfinite(x))
            work[m++] = x;
    }
    if (!m)
        return;
    double *sorted = work + d->k;
    ml_sort_copy(work, m, sorted);
    v->p05 = ml_var_sorted(sorted, m, 50, 1000) * f;
    v->p95 = ml_var_sorted(sorted, m, 950, 1000) * f;
    v->draws = m;
}

/* Metric i of s, converted into currency, with its draws' interval. */
static void metric_vals(const ml_in_scenario *s, size_t i, double factor, const char *currency,
                        const ml_in_draws *d, double *work, row_vals *v)
{
    const ml_in_metric *m = &s->metric[i];
    double f = ml_unit_in_currency(m->unit, s->currency, currency, v->unit, sizeof v->unit)
                   ? factor : 1.0;
    if (f == 1.0)
        snprintf(v->unit, sizeof v->unit, "%s", m->unit);
    v->value = m->value * f;
    v->mc_se = m->mc_se * f;
    draw_interval(d, m->name, f, work, v);
}

static long find_metric(const ml_in_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_metrics; i++)
        if (!strcmp(s->metric[i].name, name))
            return (long)i;
    return -1;
}

int ml_plot_has_compensation(const ml_in_scenario *s)
{
    return find_metric(s, COMPENSATED) >= 0 && find_metric(s, OVERHEAD) >= 0;
}

/* The row of one metric of the table, titled. */
static void metric_row(FILE *f, const ml_in_scenario *s, size_t i, double factor,
                       const char *label, const char *currency, const ml_in_draws *d,
                       double *work)
{
    row_vals v;
    metric_vals(s, i, factor, currency, d, work, &v);
    char buf[96];
    const char *title = s->metric[i].name;
    size_t order;
    const ml_metric_title *t = ml_metric_title_find(s->metric[i].name, buf, sizeof buf,
                                                    &title, &order);
    /* A metric this table does not know (a newer file's) keeps its key
     * as its title; an amount is recognised by its unit. */
    ml_metric_kind_shown kind = t ? t->kind : strcmp(v.unit, s->metric[i].unit) ? ML_MT_AMOUNT
                                                                               : ML_MT_NUMBER;
    put_row(f, label, s->metric[i].name, title, t ? t->group : "Other", kind, &v);
}

/* Total cost per negligent injury compensated, from the annual samples. */
static int cost_per_compensated(const ml_in_scenario *s, double factor, const char *currency,
                                row_vals *v, ml_err *err)
{
    static const ml_metric_def def = {
        COST_PER, ML_MK_RATIO, 1,
        .num = {{ML_M_COMPENSATION, 1}, {ML_M_EXPENSES, 1}},
        .den_kind = ML_DEN_MEASURES,
        .den = {{ML_M_NEGLIGENT_PAID, 1}},
    };
    static const int need[] = {ML_M_COMPENSATION, ML_M_EXPENSES, ML_M_NEGLIGENT_PAID};
    double *annual[ML_N_MEASURES] = {0};
    int rc = ML_OK;
    size_t n = 0;
    for (size_t k = 0; k < sizeof need / sizeof need[0] && !rc; k++) {
        size_t len = 0;
        rc = ml_h5in_annual(s->file, s->name, ml_measure_name[need[k]], &annual[need[k]], &len,
                            err);
        if (!rc && k && len != n)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/annual/%s has %zu values, not %zu",
                          s->file, s->name, ml_measure_name[need[k]], len, n);
        n = len;
    }
    if (!rc) {
        ml_metric_ratio(&def, (const double *const *)annual, n, 0.0, &v->value, &v->mc_se);
        v->value *= factor;
        v->mc_se *= factor;
        v->p05 = v->p95 = NAN;
        v->draws = 0;
        snprintf(v->unit, sizeof v->unit, "%s per negligent injury compensated", currency);
    }
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        free(annual[need[k]]);
    return rc;
}

/* The metrics' indices in the title table's order (then the file's):
 * the figure's panels come out in groups. */
static void panel_order(const ml_in_scenario *s, size_t *idx)
{
    size_t *key = malloc((s->n_metrics ? s->n_metrics : 1) * sizeof *key);
    for (size_t i = 0; i < s->n_metrics; i++) {
        char buf[96];
        const char *title;
        size_t order = ml_n_metric_titles;
        if (key && !ml_metric_title_find(s->metric[i].name, buf, sizeof buf, &title, &order))
            order = ml_n_metric_titles;
        if (key)
            key[i] = order;
        idx[i] = i;
    }
    /* Insertion sort: stable, and a policy table has a few dozen rows. */
    for (size_t i = 1; key && i < s->n_metrics; i++)
        for (size_t j = i; j > 0 && key[idx[j - 1]] > key[idx[j]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    free(key);
}

int ml_plot_metrics_write(FILE *fp, FILE *fc, const ml_in_scenario *s, double factor,
                          const char *label, const char *currency, ml_err *err)
{
    ml_in_draws d = {0};
    int rc = ml_h5in_draws(s->file, s->name, &d, err);
    double *work = rc ? NULL : malloc((2 * d.k + 1) * sizeof *work);
    size_t *idx = rc ? NULL : malloc((s->n_metrics + 1) * sizeof *idx);
    if (!rc && (!work || !idx))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (!rc) {
        panel_order(s, idx);
        for (size_t i = 0; i < s->n_metrics; i++)
            metric_row(fp, s, idx[i], factor, label, currency, &d, work);
    }
    if (!rc && ml_plot_has_compensation(s)) {
        metric_row(fc, s, (size_t)find_metric(s, COMPENSATED), factor, label, currency, &d,
                   work);
        metric_row(fc, s, (size_t)find_metric(s, OVERHEAD), factor, label, currency, &d, work);
        row_vals v;
        if (!(rc = cost_per_compensated(s, factor, currency, &v, err)))
            put_row(fc, label, COST_PER, "Total cost per negligent injury compensated",
                    "Cost of compensating", ML_MT_AMOUNT, &v);
    }
    free(idx);
    free(work);
    ml_in_draws_free(&d);
    return rc;
}
