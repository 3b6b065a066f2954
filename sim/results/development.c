/*
 * development.c — see development.h.
 */
#include "development.h"
#include "dist.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ml_dev_triangle_name[ML_DEV_TRIANGLES] = {"reported_count", "paid_count",
                                                            "paid", "incurred"};
const int ml_dev_triangle_row[ML_DEV_TRIANGLES] = {ML_DV_REPORTED, ML_DV_PAID_COUNT,
                                                   ML_DV_PAID, ML_DV_INCURRED};

void ml_dev_valuation(const double *l, unsigned Y, unsigned D, double *v)
{
    double paid_obs = 0.0, paid_all = 0.0, inc_obs = 0.0, inc_all = 0.0;
    for (unsigned a = 0; a < Y; a++)
        for (unsigned d = 0; d < D; d++) {
            double p = l[ml_dev_at(Y, D, ML_DV_PAID, a, d)];
            double q = l[ml_dev_at(Y, D, ML_DV_INCURRED, a, d)];
            paid_all += p;
            inc_all += q;
            if (a + d <= Y - 1) {
                paid_obs += p;
                inc_obs += q;
            }
        }
    v[0] = paid_obs;
    v[1] = inc_obs - paid_obs;
    v[2] = inc_all - inc_obs;
    v[3] = paid_all - paid_obs;
}

static ml_dev_figure figure(const ml_dist *dist, const double *x, size_t n)
{
    ml_dev_figure f = {0.0, 0.0};
    if (!n)
        return f;
    double t;
    f.mean = dist ? ml_dist_mean_total(dist, x, n, &t) : ml_mean(x, n);
    if (n > 1)
        f.se = (dist ? ml_dist_sd(dist, x, n, f.mean) : ml_sd(x, n, f.mean)) / sqrt((double)n);
    else
        f.se = NAN;
    return f;
}

/* A pass over replicates: the triangles' plain sums, cell by cell (the
 * state), and each replicate's valuation into val. */
typedef struct {
    const ml_results *res;
    double *val;
} tri_pass;

static void tri_sums(void *ctx, size_t lo, size_t hi, double *st)
{
    const tri_pass *p = ctx;
    const ml_results *res = p->res;
    unsigned Y = res->dev_years, D = res->dev_dev;
    size_t n = res->n, cells = (size_t)Y * D;
    for (size_t i = lo; i < hi; i++) {
        const double *l = res->dev + i * res->dev_stride;
        for (int k = 0; k < ML_DEV_TRIANGLES; k++) {
            const double *row = l + ml_dev_at(Y, D, ml_dev_triangle_row[k], 0, 0);
            double *t = st + (size_t)k * cells;
            for (size_t c = 0; c < cells; c++)
                t[c] += row[c];
        }
        double v[4];
        ml_dev_valuation(l, Y, D, v);
        for (int k = 0; k < 4; k++)
            p->val[k * n + i] = v[k];
    }
}

int ml_development_compute(const ml_results *res, ml_development *out)
{
    return ml_development_compute_dist(NULL, res, out);
}

int ml_development_compute_dist(const ml_dist *dist, const ml_results *res,
                                ml_development *out)
{
    memset(out, 0, sizeof *out);
    if (!res->dev || !res->n)
        return ML_OK;
    unsigned Y = res->dev_years, D = res->dev_dev;
    size_t n = res->n, cells = (size_t)Y * D;
    out->on = 1;
    out->years = Y;
    out->dev_years = D;
    out->n = n;
    double *val = malloc(4 * n * sizeof *val);
    int short_of = val == NULL;
    for (int k = 0; k < ML_DEV_TRIANGLES; k++)
        short_of |= !(out->tri[k] = calloc(cells, sizeof *out->tri[k]));
    /* The four triangles' sums side by side: one state, one pass. */
    double *st = malloc((cells ? ML_DEV_TRIANGLES * cells : 1) * sizeof *st);
    short_of |= st == NULL;
    /* Every process leaves together (collective from here on). */
    if (ml_dist_count(dist, (uint64_t)short_of) > 0) {
        free(st);
        free(val);
        ml_development_free(out);
        return ML_ENOMEM;
    }
    tri_pass tp = {res, val};
    ml_dist_pass(dist, n, st, ML_DEV_TRIANGLES * cells, tri_sums, &tp);
    for (int k = 0; k < ML_DEV_TRIANGLES; k++)
        memcpy(out->tri[k], st + (size_t)k * cells, cells * sizeof *st);
    free(st);
    /* Means, then cumulated along development years. */
    for (int k = 0; k < ML_DEV_TRIANGLES; k++)
        for (unsigned a = 0; a < Y; a++) {
            double c = 0.0;
            for (unsigned d = 0; d < D; d++) {
                c += out->tri[k][a * D + d] / n;
                out->tri[k][a * D + d] = c;
            }
        }
    out->paid_to_date = figure(dist, val, n);
    out->case_reserves = figure(dist, val + n, n);
    out->ibnr = figure(dist, val + 2 * n, n);
    out->outstanding = figure(dist, val + 3 * n, n);
    free(val);
    if (Y >= 2) {
        static const int rows[2] = {ML_DV_PAID, ML_DV_INCURRED};
        for (int k = 0; k < 2; k++) {
            int rc = ml_reserve_check_ledgers_dist(dist, res->dev, n, res->dev_stride, Y, D,
                                                   rows[k], &out->cl[k]);
            if (rc) {
                ml_development_free(out);
                return rc;
            }
        }
        out->has_cl = 1;
    }
    return ML_OK;
}

void ml_development_free(ml_development *d)
{
    for (int k = 0; k < ML_DEV_TRIANGLES; k++) {
        free(d->tri[k]);
        d->tri[k] = NULL;
    }
}

/* The plain sums of a and b (r NULL), or of (a - r b)^2. */
typedef struct {
    const double *a, *b, *r;
} ratio_pass;

static void ratio_sums(void *ctx, size_t lo, size_t hi, double *st)
{
    const ratio_pass *p = ctx;
    if (!p->r) {
        for (size_t i = lo; i < hi; i++) {
            st[0] += p->a[i];
            st[1] += p->b[i];
        }
        return;
    }
    double r = *p->r;
    for (size_t i = lo; i < hi; i++)
        st[0] += (p->a[i] - r * p->b[i]) * (p->a[i] - r * p->b[i]);
}

/* R = sum a_r / sum b_r over replicates, with the delta method's se
 * (metric_defs.h). */
static void ratio(const ml_dist *dist, const double *a, const double *b, size_t n, double *r,
                  double *se)
{
    double st[2];
    ratio_pass p = {a, b, NULL};
    ml_dist_pass(dist, n, st, 2, ratio_sums, &p);
    double sa = st[0], sb = st[1];
    if (!(sb > 0.0)) {
        *r = *se = NAN;
        return;
    }
    *r = sa / sb;
    p.r = r;
    ml_dist_pass(dist, n, st, 1, ratio_sums, &p);
    double ss = st[0];
    *se = n > 1 ? sqrt(ss / ((double)n * (n - 1))) / (sb / n) : NAN;
}

void ml_dev_pattern_terms(const double *paid, double months, double comp, unsigned dev_years,
                          unsigned by, double *a, double *b)
{
    if (by == 0) {
        *a = months;
        *b = comp;
        return;
    }
    double early = 0.0, all = 0.0;
    for (unsigned d = 0; d < dev_years; d++) {
        all += paid[d];
        if (d < by)
            early += paid[d];
    }
    *a = early;
    *b = all;
}

/* Replicate ledger l's terms (accident year 0). */
static void ledger_terms(const double *l, unsigned Y, unsigned D, unsigned by, double *a,
                         double *b)
{
    ml_dev_pattern_terms(l + ml_dev_at(Y, D, ML_DV_COMP_PAID, 0, 0),
                         l[ml_dev_scalar_at(Y, D, ML_DS_COMP_MONTHS, 0)],
                         l[ml_dev_scalar_at(Y, D, ML_DS_COMP, 0)], D, by, a, b);
}

/* The names the writer gives and ml_dev_pattern_by reads back. */
#define PAYMENT_MONTHS "payment_months"
#define PAID_BY "paid_by_year_"

int ml_dev_pattern_by(const char *name, unsigned *by)
{
    if (!strcmp(name, PAYMENT_MONTHS)) {
        *by = 0;
        return 1;
    }
    if (strncmp(name, PAID_BY, sizeof PAID_BY - 1))
        return 0;
    const char *p = name + sizeof PAID_BY - 1;
    unsigned k = 0;
    if (*p < '1' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9' && k <= ML_DEV_YEARS_MAX; p++)
        k = 10 * k + (unsigned)(*p - '0');
    if (*p || k > ML_DEV_YEARS_MAX)
        return 0;
    *by = k;
    return 1;
}

size_t ml_dev_policy_metrics(const ml_results *res, ml_metric *m, size_t cap)
{
    return ml_dev_policy_metrics_dist(NULL, res, m, cap);
}

size_t ml_dev_policy_metrics_dist(const ml_dist *dist, const ml_results *res, ml_metric *m,
                                  size_t cap)
{
    if (!res->dev || !res->n || cap == 0)
        return 0;
    unsigned Y = res->dev_years, D = res->dev_dev;
    size_t n = res->n, k = 0, lo = dist ? dist->lo : 0, hi = dist ? dist->hi : n;
    double *a = malloc(2 * n * sizeof *a);
    if (ml_dist_count(dist, a == NULL) > 0) {
        free(a);
        return 0;
    }
    double *b = a + n;
    for (size_t i = lo; i < hi; i++)
        ledger_terms(res->dev + i * res->dev_stride, Y, D, 0, &a[i], &b[i]);
    ml_metric *x = &m[k++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, PAYMENT_MONTHS);
    snprintf(x->unit, sizeof x->unit, "months, incident to payment");
    ratio(dist, a, b, n, &x->value, &x->mc_se);
    static const unsigned by[] = {1, 2, 3, 5, 10};
    for (size_t j = 0; j < sizeof by / sizeof *by && k < cap && by[j] <= D; j++) {
        for (size_t i = lo; i < hi; i++)
            ledger_terms(res->dev + i * res->dev_stride, Y, D, by[j], &a[i], &b[i]);
        x = &m[k++];
        memset(x, 0, sizeof *x);
        snprintf(x->name, sizeof x->name, PAID_BY "%u", by[j]);
        snprintf(x->unit, sizeof x->unit, "share of compensation");
        ratio(dist, a, b, n, &x->value, &x->mc_se);
    }
    free(a);
    return k;
}
