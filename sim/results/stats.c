/*
 * stats.c — see stats.h.  Sums run in index order with compensation
 * (ksum.h), so a summary is bit-for-bit the same however the samples were
 * produced, and within a few ulp of the exact value.
 */
#include "stats.h"
#include "ksum.h"
#include "order_view.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const unsigned ml_level_permille[ML_N_LEVELS] = {900, 950, 990, 995, 999};
const char *const ml_level_tag[ML_N_LEVELS] = {"90", "95", "99", "995", "999"};
const unsigned ml_return_periods[ML_N_RETURN_PERIODS] = {2, 5, 10, 20, 50,
                                                          100, 200, 250, 500, 1000};

size_t ml_quantile_rank(size_t n, unsigned long num, unsigned long den)
{
    unsigned long long k = ((unsigned long long)n * num + den - 1) / den;
    return k < 1 ? 1 : (size_t)k;
}

double ml_var_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den)
{
    if (n == 0)
        return NAN;
    return sorted[ml_quantile_rank(n, num, den) - 1];
}

double ml_tvar_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den)
{
    if (n == 0)
        return NAN;
    double v = ml_var_sorted(sorted, n, num, den);
    ml_ksum excess = {0, 0};
    for (size_t i = n; i-- > 0 && sorted[i] > v;)
        ml_ksum_add(&excess, sorted[i] - v);
    double tail = (double)(den - num) / (double)den; /* 1 - P */
    return v + ml_ksum_value(&excess) / ((double)n * tail);
}



int ml_all_zero_bits(const double *x, size_t n)
{
    /* In blocks with no exit inside, which the compiler vectorizes: a
     * measure that is 0 every year is read at memory speed, any other
     * stops in its first block. */
    for (size_t i = 0; i < n;) {
        size_t end = n - i < 512 ? n : i + 512;
        uint64_t any = 0;
        for (; i < end; i++) {
            uint64_t u;
            memcpy(&u, &x[i], sizeof u);
            any |= u;
        }
        if (any)
            return 0;
    }
    return 1;
}

double ml_mean_total(const double *x, size_t n, double *total)
{
    /* The plain sum rides along: its chain of additions and the
     * compensated one run side by side, so it costs no second pass. */
    double t = 0.0;
    ml_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++) {
        ml_ksum_add(&s, x[i]);
        t += x[i];
    }
    *total = t;
    if (n == 0)
        return NAN;
    return ml_ksum_value(&s) / (double)n;
}

double ml_mean(const double *x, size_t n)
{
    double t;
    return ml_mean_total(x, n, &t);
}

double ml_sd(const double *x, size_t n, double mean)
{
    ml_ksum ss = {0, 0};
    for (size_t i = 0; i < n; i++)
        ml_ksum_add(&ss, (x[i] - mean) * (x[i] - mean));
    return n > 1 ? sqrt(ml_ksum_value(&ss) / (double)(n - 1)) : 0.0;
}

void ml_q_ranks_of(size_t n, unsigned long num, unsigned long den, ml_q_ranks *r)
{
    r->k = ml_quantile_rank(n, num, den);
    ml_quantile_ci_ranks(n, num, den, ML_CI_LEVEL, &r->lo, &r->hi);
}

void ml_rank_table_init(ml_rank_table *t, size_t n)
{
    t->n = n;
    for (int l = 0; l < ML_N_LEVELS; l++)
        ml_q_ranks_of(n, ml_level_permille[l], 1000, &t->level[l]);
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++)
        ml_q_ranks_of(n, ml_return_periods[i] - 1, ml_return_periods[i], &t->rp[i]);
}

/* Positions (0-based) of the ranks r reads. */
static void need_ranks(const ml_q_ranks *r, ml_order_need *w)
{
    ml_order_need_at(w, r->k - 1);
    if (r->lo >= 1)
        ml_order_need_at(w, r->lo - 1);
    ml_order_need_at(w, r->hi - 1); /* hi = n + 1: none */
}

void ml_summary_need(const ml_rank_table *t, ml_order_need *w)
{
    /* tvarP and its error read the order from varP's rank up (they stop
     * at the first value not above varP, at rank k or later). */
    for (int l = 0; l < ML_N_LEVELS; l++) {
        const ml_q_ranks *r = &t->level[l];
        ml_order_need_tail(w, r->k - 1);
        need_ranks(r, w);
    }
}

void ml_ep_need(const ml_rank_table *t, ml_order_need *w)
{
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++)
        need_ranks(&t->rp[i], w);
}

void ml_summary_moments(const double *x, size_t n, int zero, ml_summary *out)
{
    if (zero && n > 0) {
        /* Sums of +-0.0 are +0.0 (compensation too), so mean, sd and se
         * are the +0.0 the passes below would give. */
        out->mean = out->sd = out->se = 0.0;
        return;
    }
    double mean = ml_mean(x, n);
    ml_summary_set_moments(out, n, mean, ml_sd(x, n, mean));
}

void ml_summary_set_moments(ml_summary *out, size_t n, double mean, double sd)
{
    out->mean = mean;
    out->sd = sd;
    out->se = n > 0 ? out->sd / sqrt((double)n) : NAN;
}

void ml_summary_quantiles(const double *sorted, size_t n, const ml_rank_table *t,
                          ml_summary *out)
{
    for (int l = 0; l < ML_N_LEVELS; l++) {
        unsigned long num = ml_level_permille[l];
        out->var[l] = ml_var_sorted(sorted, n, num, 1000);
        out->tvar[l] = ml_tvar_sorted(sorted, n, num, 1000);
        ml_var_ci_at(sorted, n, &t->level[l], &out->var_lo[l], &out->var_hi[l]);
        out->var_se[l] = ml_var_se_from_ci(out->var_lo[l], out->var_hi[l]);
        out->tvar_se[l] = ml_tvar_se_sorted(sorted, n, num, 1000);
    }
}

void ml_summary_compute(const double *x, size_t n, double *scratch, ml_summary *out)
{
    ml_summary_moments(x, n, 0, out);
    ml_rank_table t;
    ml_rank_table_init(&t, n);
    ml_sort_copy(x, n, scratch);
    ml_summary_quantiles(scratch, n, &t, out);
}

void ml_ep_column(const double *sorted, size_t n, const ml_rank_table *t, int oep,
                  ml_ep_row out[ML_N_RETURN_PERIODS])
{
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++) {
        unsigned T = ml_return_periods[i];
        out[i].return_period = T;
        double v = ml_var_sorted(sorted, n, T - 1, T), lo, hi;
        ml_var_ci_at(sorted, n, &t->rp[i], &lo, &hi);
        if (oep) {
            out[i].oep = v;
            out[i].oep_lo = lo;
            out[i].oep_hi = hi;
        } else {
            out[i].aep = v;
            out[i].aep_lo = lo;
            out[i].aep_hi = hi;
        }
    }
}

void ml_ep_compute(const double *annual, const double *annual_max, size_t n,
                   double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS])
{
    ml_sort_copy(annual, n, scratch);
    ml_ep_compute_sorted(scratch, annual_max, n, scratch, out);
}

void ml_ep_compute_sorted(const double *sorted, const double *annual_max, size_t n,
                          double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS])
{
    ml_rank_table t;
    ml_rank_table_init(&t, n);
    ml_ep_column(sorted, n, &t, 0, out);
    ml_sort_copy(annual_max, n, scratch);
    ml_ep_column(scratch, n, &t, 1, out);
}
