/*
 * policy_metrics.c — see policy_metrics.h.  The metrics themselves are
 * defined once, as data, in metric_defs.c; this file fills the table.
 */
#include "policy_metrics.h"
#include "dist.h"
#include "metric_defs.h"
#include "tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double total(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* A stage's ratios are columns of a table row, which cannot leave one out:
 * over a zero denominator they are 0, and the row carries the denominator
 * (visits, closed or paid per year) so that a reader can tell. */
static double ratio_or_0(double a, double b)
{
    return b > 0.0 ? a / b : 0.0;
}

/* The months by which a share q of claims had closed, linear inside the
 * one-month bin that holds it; *density is that bin's share of claims per
 * month (the density at the quantile). */
static double hist_quantile(const double *h, double q, double *density)
{
    double n = total(h, ML_MONTHS_BINS + 1);
    *density = 0.0;
    if (!(n > 0.0))
        return NAN;
    double target = q * n, c = 0.0;
    for (int b = 0; b <= ML_MONTHS_BINS; b++) {
        if (c + h[b] >= target && h[b] > 0.0) {
            /* The last bin holds every longer duration: no density there. */
            *density = b < ML_MONTHS_BINS ? h[b] / n : 0.0;
            return b + (target - c) / h[b];
        }
        c += h[b];
    }
    return ML_MONTHS_BINS;
}

/* The standard error of a pooled q-quantile of N claims, the asymptotic
 * sqrt(q (1 - q) / N) / f(x_q) of independent observations (+inf where the
 * density at the quantile is unknown).  A judgment: it treats the claims
 * of the whole run as independent, ignoring their clustering within years.
 * In this model the year and hospital effects scale how many claims there
 * are, not how long each takes, so given the counts the durations are
 * independent and the clustering should matter little; the per-year
 * histograms that would measure it are not kept. */
static double quantile_se(double q, double n_claims, double density)
{
    return n_claims > 0.0 && density > 0.0 ? sqrt(q * (1.0 - q) / n_claims) / density
                                           : INFINITY;
}

static void unit_of(const ml_metric_def *d, const ml_scenario *s, char *out, size_t cap)
{
    const char *cur = s->regime.currency;
    switch (d->unit_kind) {
    case ML_U_PER_EXPOSURE: snprintf(out, cap, "per %.30s", s->portfolio.exposure_unit); break;
    case ML_U_CUR_CLAIM: snprintf(out, cap, "%s per paid claim", cur); break;
    case ML_U_CUR_YEAR: snprintf(out, cap, "%s per year", cur); break;
    case ML_U_CUR_AWARD: snprintf(out, cap, "%s per fund award (nominal)", cur); break;
    default: snprintf(out, cap, "%s", d->unit); break;
    }
}

double ml_policy_exposure(const ml_scenario *s)
{
    double expo = 0.0;
    for (size_t h = 0; h < s->portfolio.n_hospitals; h++)
        for (size_t j = 0; j < s->portfolio.n_specialties; j++)
            expo += s->portfolio.hospitals[h].exposure[j];
    return expo;
}

/* The passes over the replicates that the table's standard errors need,
 * ML_METRIC_GROUP metrics to a task (tasks.h). */
typedef struct {
    const ml_results *res;
    const ml_dist *dist; /* NULL: one process holds every replicate */
    const double *totals;
    size_t k;                      /* metrics that need a pass */
    size_t at[ML_METRICS_MAX];     /* their rows */
    const ml_metric_def *def[ML_METRICS_MAX];
    double den[ML_METRICS_MAX], value[ML_METRICS_MAX], se[ML_METRICS_MAX];
    ml_metric_pass pass[ML_METRICS_MAX];
    /* Rows whose pass is the same as a queued metric's: row, that metric. */
    size_t n_alias, alias_row[ML_METRICS_MAX], alias_of[ML_METRICS_MAX];
} se_job;

/* Whether metric d (value R, row `row`) needs no pass of its own where
 * one process holds every replicate and totals are given: its standard
 * error +0.0 by construction (*se set), or the same pass as a queued
 * metric's (j's aliases).  Otherwise its pass goes to j->pass[j->k]. */
static int se_known(se_job *j, const unsigned char *blank, const unsigned char *copy_of,
                    const ml_metric_def *d, double den, double R, size_t row, double *se)
{
    ml_metric_pass *p = &j->pass[j->k];
    ml_metric_pass_of(d, blank, copy_of, j->totals, den, R, p);
    if (p->zero) {
        *se = 0.0; /* sqrt(+0 / (n (n - 1))) / mean(b), mean(b) > 0 */
        return 1;
    }
    for (size_t q = 0; q < j->k; q++)
        if (ml_metric_pass_same(p, &j->pass[q])) {
            j->alias_row[j->n_alias] = row;
            j->alias_of[j->n_alias++] = q;
            return 1;
        }
    return 0;
}

static void se_task(void *ctx, size_t t)
{
    se_job *j = ctx;
    size_t first = t * ML_METRIC_GROUP, k = j->k - first;
    ml_metric_ratio_se_group_dist(j->dist, j->def + first,
                                  k < ML_METRIC_GROUP ? k : ML_METRIC_GROUP,
                                  (const double *const *)j->res->annual, j->totals, j->res->n,
                                  j->den + first, j->value + first, j->se + first);
}

size_t ml_policy_metrics_totals(const ml_scenario *s, const ml_results *res,
                                const double *totals, int threads, ml_metric *out)
{
    return ml_policy_metrics_dist(s, res, totals, threads, NULL, out);
}

size_t ml_policy_metrics_dist(const ml_scenario *s, const ml_results *res,
                              const double *totals, int threads, const ml_dist *dist,
                              ml_metric *out)
{
    return ml_policy_metrics_copies(s, res, totals, threads, dist, NULL, NULL, out);
}

size_t ml_policy_metrics_copies(const ml_scenario *s, const ml_results *res,
                                const double *totals, int threads, const ml_dist *dist,
                                const unsigned char *blank, const unsigned char *copy_of,
                                ml_metric *out)
{
    const double *const *annual = (const double *const *)res->annual;
    double expo = ml_policy_exposure(s);
    se_job *j = calloc(1, sizeof *j);
    if (j)
        j->totals = totals; /* se_known reads them while the passes are queued */
    size_t k = 0;
    for (size_t i = 0; i < ml_n_metric_defs && k < ML_METRICS_MAX; i++) {
        const ml_metric_def *d = &ml_metric_defs[i];
        if (d->lifecycle && !s->regime.life)
            continue;
        ml_metric *m = &out[k++];
        snprintf(m->name, sizeof m->name, "%s", d->name);
        unit_of(d, s, m->unit, sizeof m->unit);
        if (d->kind == ML_MK_P90_MONTHS) {
            double f, claims = total(res->months_hist, ML_MONTHS_BINS + 1);
            m->value = hist_quantile(res->months_hist, 0.9, &f);
            m->mc_se = isnan(m->value) ? NAN : quantile_se(0.9, claims, f);
            continue;
        }
        double den = d->den_kind == ML_DEN_EXPOSURE ? expo : 1.0;
        if (!ml_metric_ratio_value(d, annual, totals, res->n, den, &m->value, &m->mc_se))
            continue;
        /* Out of memory for the job, or collective (every process must
         * make the same passes in the same order whatever its memory):
         * this metric's pass alone. */
        if (!j || dist) {
            ml_metric_ratio_se_group_dist(dist, &d, 1, annual, totals, res->n, &den,
                                          &m->value, &m->mc_se);
            continue;
        }
        if (totals && blank && se_known(j, blank, copy_of, d, den, m->value, k - 1, &m->mc_se))
            continue;
        j->at[j->k] = k - 1;
        j->def[j->k] = d;
        j->den[j->k] = den;
        j->value[j->k++] = m->value;
    }
    if (j) {
        j->res = res;
        j->dist = dist;
        ml_tasks_run(threads, (j->k + ML_METRIC_GROUP - 1) / ML_METRIC_GROUP, se_task, j);
        for (size_t i = 0; i < j->k; i++)
            out[j->at[i]].mc_se = j->se[i];
        for (size_t i = 0; i < j->n_alias; i++)
            out[j->alias_row[i]].mc_se = j->se[j->alias_of[i]];
        free(j);
    }
    return k;
}

size_t ml_policy_metrics(const ml_scenario *s, const ml_results *res, ml_metric *out)
{
    return ml_policy_metrics_totals(s, res, NULL, 1, out);
}

size_t ml_stage_metrics(const ml_scenario *s, const ml_results *res, ml_stage_metric *out)
{
    return ml_stage_metrics_dist(s, res, NULL, out);
}

size_t ml_stage_metrics_dist(const ml_scenario *s, const ml_results *res, const ml_dist *dist,
                             ml_stage_metric *out)
{
    if (!s->regime.life)
        return 0;
    const ml_pathway *pw = &s->regime.life->pathway;
    unsigned nc = pw->n < res->n_channels ? pw->n : res->n_channels;
    /* The plain totals, each in replicate order: claims, then every
     * stage's statistics (across the processes: one chain, dist.h). */
    double tot[1 + ML_STAGE_STATS * ML_CHANNELS_MAX];
    if (dist) {
        const double *x[1 + ML_STAGE_STATS * ML_CHANNELS_MAX];
        double mean[1 + ML_STAGE_STATS * ML_CHANNELS_MAX];
        size_t k = 0;
        x[k++] = res->annual[ML_M_CLAIMS];
        for (unsigned c = 0; c < nc; c++)
            for (int st = 0; st < ML_STAGE_STATS; st++)
                x[k++] = res->stage[st][c];
        ml_dist_moments(dist, x, k, res->n, mean, tot, NULL);
    } else {
        tot[0] = total(res->annual[ML_M_CLAIMS], res->n);
        for (unsigned c = 0; c < nc; c++)
            for (int st = 0; st < ML_STAGE_STATS; st++)
                tot[1 + c * ML_STAGE_STATS + st] = total(res->stage[st][c], res->n);
    }
    double claims = tot[0];
    for (unsigned c = 0; c < nc; c++) {
        const double *t = tot + 1 + c * ML_STAGE_STATS;
        ml_stage_metric *m = &out[c];
        snprintf(m->stage, sizeof m->stage, "%s", pw->st[c].name);
        snprintf(m->kind, sizeof m->kind, "%s", ml_stage_kind_name[pw->st[c].kind]);
        m->visits_per_year = ratio_or_0(t[ML_SS_VISITS], (double)res->n);
        m->closed_per_year = ratio_or_0(t[ML_SS_CLOSED], (double)res->n);
        m->paid_per_year = ratio_or_0(t[ML_SS_PAID], (double)res->n);
        m->closed_share = ratio_or_0(t[ML_SS_CLOSED], claims);
        m->visit_share = ratio_or_0(t[ML_SS_VISITS], claims);
        m->paid_share = ratio_or_0(t[ML_SS_PAID], t[ML_SS_CLOSED]);
        m->mean_payment = ratio_or_0(t[ML_SS_AMOUNT], t[ML_SS_PAID]);
        m->mean_months = ratio_or_0(t[ML_SS_MONTHS], t[ML_SS_VISITS]);
        m->entered_per_year = ratio_or_0(t[ML_SS_ENTERED], (double)res->n);
        m->entry_share = ratio_or_0(t[ML_SS_ENTERED], claims);
    }
    return nc;
}
