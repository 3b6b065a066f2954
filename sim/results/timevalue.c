/*
 * timevalue.c — see timevalue.h.  Every basis but occurrence is a weighted
 * sum of accident year 0's PV_REPORTED row, so the weights are computed
 * once (ml_basis_weights_init) and each replicate costs a few dot products
 * of length dev_years.  Means and deviations are summed in replicate order
 * with compensation: the figures do not depend on threads or on how the
 * replicates were split.
 */
#include "timevalue.h"
#include "dist.h"
#include "ksum.h"
#include "order_view.h"
#include "pricing_terms.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const ml_basis_name[ML_BASIS_N] = {
    "occurrence",    "claims_made_1", "claims_made_2",      "claims_made_3",
    "claims_made_4", "claims_made_5", "claims_made_mature", "tail"};

static int ledger_ok(const double *ledger, size_t n, size_t stride, unsigned years,
                     unsigned dev_years)
{
    return ledger != NULL && n > 0 && years > 0 && dev_years > 0 &&
           dev_years <= ML_DEV_YEARS_MAX && stride >= ml_dev_stride(years, dev_years);
}

int ml_dev_pattern(const double *ledger, size_t n, size_t stride, unsigned years,
                   unsigned dev_years, int row, double *mean_incr, double *share)
{
    return ml_dev_pattern_dist(NULL, ledger, n, stride, years, dev_years, row, mean_incr,
                               share);
}

/* A pass over replicates: the compensated sum of each development year's
 * cell of one row (independent chains, one a year). */
typedef struct {
    const double *ledger;
    size_t stride;
    unsigned years, dev_years;
    int row;
} pattern_pass;

static void pattern_sums(void *ctx, size_t lo, size_t hi, double *st)
{
    const pattern_pass *p = ctx;
    for (unsigned d = 0; d < p->dev_years; d++) {
        size_t at = ml_dev_at(p->years, p->dev_years, p->row, 0, d);
        ml_ksum k = {st[2 * d], st[2 * d + 1]};
        for (size_t r = lo; r < hi; r++)
            ml_ksum_add(&k, p->ledger[r * p->stride + at]);
        st[2 * d] = k.sum, st[2 * d + 1] = k.comp;
    }
}

int ml_dev_pattern_dist(const ml_dist *dist, const double *ledger, size_t n, size_t stride,
                        unsigned years, unsigned dev_years, int row, double *mean_incr,
                        double *share)
{
    if (!ledger_ok(ledger, n, stride, years, dev_years) || row < 0 || row >= ML_DV_ROWS)
        return ML_EINVAL;
    double mean[ML_DEV_YEARS_MAX], st[2 * ML_DEV_YEARS_MAX];
    pattern_pass p = {ledger, stride, years, dev_years, row};
    ml_dist_pass(dist, n, st, 2 * (size_t)dev_years, pattern_sums, &p);
    ml_ksum total = {0.0, 0.0};
    for (unsigned d = 0; d < dev_years; d++) {
        ml_ksum k = {st[2 * d], st[2 * d + 1]};
        mean[d] = ml_ksum_value(&k) / (double)n;
        ml_ksum_add(&total, mean[d]);
    }
    double tot = ml_ksum_value(&total);
    for (unsigned d = 0; d < dev_years; d++) {
        if (mean_incr)
            mean_incr[d] = mean[d];
        if (share)
            share[d] = tot != 0.0 ? mean[d] / tot : 0.0;
    }
    return ML_OK;
}

void ml_dev_cum_share(const double *share, unsigned dev_years, double *cum)
{
    ml_ksum k = {0.0, 0.0};
    for (unsigned d = 0; d < dev_years; d++) {
        ml_ksum_add(&k, share[d]);
        cum[d] = ml_ksum_value(&k);
    }
}

int ml_risk_margin(const double *pv, size_t n, const double *mean_paid, unsigned dev_years,
                   double coc, const ml_curve *curve, double *scratch, double *rm,
                   double *scr0)
{
    return ml_risk_margin_dist(NULL, pv, n, mean_paid, dev_years, coc, curve, scratch, rm,
                               scr0);
}

int ml_risk_margin_dist(const ml_dist *dist, const double *pv, size_t n,
                        const double *mean_paid, unsigned dev_years, double coc,
                        const ml_curve *curve, double *scratch, double *rm, double *scr0)
{
    if (pv == NULL || n == 0 || mean_paid == NULL || (scratch == NULL && !dist) ||
        dev_years == 0 || dev_years > ML_DEV_YEARS_MAX || !(coc >= 0.0))
        return ML_EINVAL;
    double t, mean = dist ? ml_dist_mean_total(dist, pv, n, &t) : ml_mean(pv, n);
    /* VaR99.5 alone is read of the order (order_view.h). */
    ml_order_need w;
    ml_order_need_init(&w, n);
    ml_order_need_at(&w, ml_quantile_rank(n, ML_PRICING_VAR_PERMILLE, 1000) - 1);
    double *buf = NULL;
    const double *sorted =
        dist ? ml_dist_view(dist, pv, n, &w, &buf) : ml_order_view(pv, n, &w, scratch);
    if (!sorted)
        return ML_ENOMEM;
    double var = ml_var_sorted(sorted, n, ML_PRICING_VAR_PERMILLE, 1000);
    free(buf);
    double s0 = var - mean;
    if (!(s0 > 0.0))
        s0 = 0.0;

    /* O_t, the expected payments from development year t on, as suffix
     * sums: O[t] = mean_paid[t] + O[t + 1]. */
    double out_t[ML_DEV_YEARS_MAX + 1];
    ml_ksum k = {0.0, 0.0};
    out_t[dev_years] = 0.0;
    for (unsigned t = dev_years; t-- > 0;) {
        ml_ksum_add(&k, mean_paid[t]);
        out_t[t] = ml_ksum_value(&k);
    }
    ml_ksum sum = {0.0, 0.0};
    if (out_t[0] > 0.0) {
        for (unsigned t = 0; t < dev_years; t++)
            ml_ksum_add(&sum, s0 * (out_t[t] / out_t[0]) *
                                  ml_curve_discount(curve, (double)t + 1.0));
    } else {
        /* Nothing expected to be paid: no run-off to scale by; the capital
         * is held for the first year only. */
        ml_ksum_add(&sum, s0 * ml_curve_discount(curve, 1.0));
    }
    if (rm)
        *rm = coc * ml_ksum_value(&sum);
    if (scr0)
        *scr0 = s0;
    return ML_OK;
}

int ml_basis_weights_init(ml_basis_weights *w, unsigned dev_years, double trend,
                          const ml_curve *curve)
{
    if (w == NULL || dev_years == 0 || dev_years > ML_DEV_YEARS_MAX || !(trend > -1.0))
        return ML_EINVAL;
    memset(w, 0, sizeof *w);
    w->dev_years = dev_years;
    /* defl[j] = (1 + g)^-j: accident year -j in the policy year's money.
     * v[m] = the discount factor over m whole years. */
    double defl[ML_DEV_YEARS_MAX], v[ML_DEV_YEARS_MAX];
    for (unsigned j = 0; j < dev_years; j++) {
        defl[j] = pow(1.0 + trend, -(double)j);
        v[j] = ml_curve_discount(curve, (double)j);
    }
    for (unsigned d = 0; d < dev_years; d++)
        w->mature[d] = defl[d];
    for (unsigned k = 1; k <= ML_CM_YEARS; k++) {
        for (unsigned d = 0; d < dev_years && d < k; d++)
            w->cm[k - 1][d] = defl[d];
        /* Accident year -j (j < k) reported in development year d > j:
         * d - j - 1 years after the end of the policy year. */
        for (unsigned d = 1; d < dev_years; d++) {
            double s = 0.0;
            for (unsigned j = 0; j < k && j < d; j++)
                s += defl[j] * v[d - j - 1];
            w->tail[k - 1][d] = s;
        }
    }
    return ML_OK;
}

/* Number of values per replicate: the bases, then tail_1 .. tail_5. */
#define N_VALUES (ML_BASIS_N + ML_CM_YEARS)

/* Replicate values: out[b] for the bases, out[ML_BASIS_N + k - 1] = tail_k. */
static void replicate_values(const double *led, unsigned years, unsigned dev_years,
                             const ml_basis_weights *w, double out[N_VALUES])
{
    const double *rep = led + ml_dev_at(years, dev_years, ML_DV_PV_REPORTED, 0, 0);
    out[ML_BASIS_OCCURRENCE] = led[ml_dev_scalar_at(years, dev_years, ML_DS_PV_OCC, 0)];
    double mature = 0.0;
    for (unsigned d = 0; d < dev_years; d++)
        mature += w->mature[d] * rep[d];
    out[ML_BASIS_CM_MATURE] = mature;
    for (unsigned k = 0; k < ML_CM_YEARS; k++) {
        double cm = 0.0, tl = 0.0;
        for (unsigned d = 0; d < dev_years; d++) {
            cm += w->cm[k][d] * rep[d];
            tl += w->tail[k][d] * rep[d];
        }
        out[ML_BASIS_CM_1 + k] = cm;
        out[ML_BASIS_N + k] = tl;
    }
    out[ML_BASIS_TAIL] = out[ML_BASIS_N + ML_CM_YEARS - 1];
}

/* A pass over replicates: each value's compensated sum (mean NULL), or
 * of its squared deviations from mean. */
typedef struct {
    const double *ledger;
    size_t stride;
    unsigned years, dev_years;
    const ml_basis_weights *w;
    const double *mean;
} prices_pass;

static void prices_sums(void *ctx, size_t lo, size_t hi, double *st)
{
    const prices_pass *p = ctx;
    ml_ksum sum[N_VALUES];
    for (int i = 0; i < N_VALUES; i++)
        sum[i] = (ml_ksum){st[2 * i], st[2 * i + 1]};
    double x[N_VALUES];
    for (size_t r = lo; r < hi; r++) {
        replicate_values(p->ledger + r * p->stride, p->years, p->dev_years, p->w, x);
        for (int i = 0; i < N_VALUES; i++)
            ml_ksum_add(&sum[i], p->mean ? (x[i] - p->mean[i]) * (x[i] - p->mean[i]) : x[i]);
    }
    for (int i = 0; i < N_VALUES; i++)
        st[2 * i] = sum[i].sum, st[2 * i + 1] = sum[i].comp;
}

int ml_basis_prices_compute(const double *ledger, size_t n, size_t stride, unsigned years,
                            unsigned dev_years, double trend, const ml_curve *curve,
                            ml_basis_prices *out)
{
    return ml_basis_prices_compute_dist(NULL, ledger, n, stride, years, dev_years, trend,
                                        curve, out);
}

int ml_basis_prices_compute_dist(const ml_dist *dist, const double *ledger, size_t n,
                                 size_t stride, unsigned years, unsigned dev_years,
                                 double trend, const ml_curve *curve, ml_basis_prices *out)
{
    if (out == NULL || !ledger_ok(ledger, n, stride, years, dev_years))
        return ML_EINVAL;
    ml_basis_weights w;
    int rc = ml_basis_weights_init(&w, dev_years, trend, curve);
    if (rc != ML_OK)
        return rc;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->dev_years = dev_years;
    out->trend = trend;

    /* Two passes over the replicates (mean, then squared deviations), the
     * values recomputed rather than stored: nothing is allocated, and the
     * mean is summed exactly as ml_mean sums a stored column. */
    prices_pass p = {ledger, stride, years, dev_years, &w, NULL};
    double st[2 * N_VALUES];
    ml_dist_pass(dist, n, st, 2 * N_VALUES, prices_sums, &p);
    double mean[N_VALUES];
    for (int i = 0; i < N_VALUES; i++) {
        ml_ksum k = {st[2 * i], st[2 * i + 1]};
        mean[i] = ml_ksum_value(&k) / (double)n;
    }
    double se[N_VALUES] = {0};
    if (n > 1) {
        p.mean = mean;
        ml_dist_pass(dist, n, st, 2 * N_VALUES, prices_sums, &p);
        for (int i = 0; i < N_VALUES; i++) {
            ml_ksum k = {st[2 * i], st[2 * i + 1]};
            se[i] = sqrt(ml_ksum_value(&k) / (double)(n - 1)) / sqrt((double)n);
        }
    }
    for (int b = 0; b < ML_BASIS_N; b++) {
        out->mean[b] = mean[b];
        out->se[b] = se[b];
    }
    double mature = mean[ML_BASIS_CM_MATURE];
    for (int k = 0; k < ML_CM_YEARS; k++) {
        out->tail[k] = mean[ML_BASIS_N + k];
        out->tail_se[k] = se[ML_BASIS_N + k];
        out->step[k] = mature != 0.0 ? mean[ML_BASIS_CM_1 + k] / mature : 0.0;
        out->tail_multiple[k] = mature != 0.0 ? out->tail[k] / mature : 0.0;
    }
    return ML_OK;
}

int ml_basis_samples(const double *ledger, size_t n, size_t stride, unsigned years,
                     unsigned dev_years, double trend, const ml_curve *curve,
                     double *const out[ML_BASIS_N])
{
    return ml_basis_samples_range(ledger, n, 0, n, stride, years, dev_years, trend, curve, out);
}

int ml_basis_samples_range(const double *ledger, size_t n, size_t lo, size_t hi, size_t stride,
                           unsigned years, unsigned dev_years, double trend,
                           const ml_curve *curve, double *const out[ML_BASIS_N])
{
    if (out == NULL || !ledger_ok(ledger, n, stride, years, dev_years) || hi > n || lo > hi)
        return ML_EINVAL;
    ml_basis_weights w;
    int rc = ml_basis_weights_init(&w, dev_years, trend, curve);
    if (rc != ML_OK)
        return rc;
    double x[N_VALUES];
    for (size_t r = lo; r < hi; r++) {
        replicate_values(ledger + r * stride, years, dev_years, &w, x);
        for (int b = 0; b < ML_BASIS_N; b++)
            if (out[b])
                out[b][r] = x[b];
    }
    return ML_OK;
}
