/*
 * test_timevalue.c — sim/results/timevalue.h on ledgers made by hand: the
 * payment pattern, the risk margin with its SCR and discounted sum worked
 * out in the comments, the claims-made and tail prices with trend and
 * interest, and the identity that K claims-made years plus the tail cost
 * K occurrence years when there is neither (every accident year covered
 * once).  Accident year 1 of each ledger is filled with a large value that
 * must never be read: only accident year 0 is the policy year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "stats.h"
#include "status.h"
#include "timeline.h"
#include "timevalue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_REL 1e-12
#define WHY_SUM "rounding of sums of a few terms"

#define POISON 1e6 /* accident year 1: read it and a test fails */

static ml_curve flat(double r)
{
    ml_curve c;
    memset(&c, 0, sizeof c);
    c.n = 1;
    c.tenor[0] = 1.0;
    c.rate[0] = r;
    return c;
}

/* n ledgers of 2 accident years, every value POISON until set. */
static double *ledgers(size_t n, unsigned dev_years)
{
    size_t stride = ml_dev_stride(2, dev_years);
    double *l = malloc(n * stride * sizeof *l);
    assert_non_null(l);
    for (size_t i = 0; i < n * stride; i++)
        l[i] = POISON;
    return l;
}

static void set_row(double *led, unsigned dev_years, int row, const double *x, double scale)
{
    for (unsigned d = 0; d < dev_years; d++)
        led[ml_dev_at(2, dev_years, row, 0, d)] = scale * x[d];
}

/* Two replicates of the paid row {2, 4, 6} and {4, 4, 2}: mean {3, 4, 4},
 * total 11, shares {3, 4, 4} / 11, cumulative {3, 7, 11} / 11. */
static void test_dev_pattern_by_hand(void **state)
{
    (void)state;
    const unsigned D = 3;
    size_t stride = ml_dev_stride(2, D);
    double *l = ledgers(2, D);
    const double a[3] = {2, 4, 6}, b[3] = {4, 4, 2};
    set_row(l, D, ML_DV_PAID, a, 1.0);
    set_row(l + stride, D, ML_DV_PAID, b, 1.0);
    double mean[3], share[3], cum[3];
    ml_assert_int_eq(ml_dev_pattern(l, 2, stride, 2, D, ML_DV_PAID, mean, share), ML_OK);
    ml_assert_double_exact(mean[0], 3.0);
    ml_assert_double_exact(mean[1], 4.0);
    ml_assert_double_exact(mean[2], 4.0);
    ml_assert_double_exact(share[0], 3.0 / 11.0);
    ml_assert_double_exact(share[1], 4.0 / 11.0);
    ml_dev_cum_share(share, D, cum);
    ml_assert_double_rel(cum[1], 7.0 / 11.0, 1e-15, "two shares added");
    ml_assert_double_rel(cum[2], 1.0, 1e-15, "three shares added");
    /* Refusals: no replicates, a row past the triangles, a short stride. */
    ml_assert_int_eq(ml_dev_pattern(l, 0, stride, 2, D, ML_DV_PAID, mean, share), ML_EINVAL);
    ml_assert_int_eq(ml_dev_pattern(l, 2, stride, 2, D, ML_DV_ROWS, mean, share), ML_EINVAL);
    ml_assert_int_eq(ml_dev_pattern(l, 2, stride - 1, 2, D, ML_DV_PAID, mean, share),
                     ML_EINVAL);
    free(l);
}

/* pv = 200, 199, ..., 1 (unsorted for the function): mean 100.5, VaR99.5
 * of rank ceil(199) = 199, so SCR_0 = 98.5.  Mean paid {50, 30, 20}: the
 * payments to come are O = {100, 50, 20}, so SCR = {98.5, 49.25, 19.7}.
 * At a flat 3% and CoC 6%:
 *   RM = 0.06 (98.5 / 1.03 + 49.25 / 1.03^2 + 19.7 / 1.03^3) = 9.6049324...
 * and without discounting 0.06 (98.5 + 49.25 + 19.7) = 0.06 x 167.45 = 10.047. */
static void test_risk_margin_by_hand(void **state)
{
    (void)state;
    double pv[200], scratch[200];
    for (int i = 0; i < 200; i++)
        pv[i] = 200 - i;
    const double paid[3] = {50, 30, 20};
    ml_curve c = flat(0.03);
    double rm = 0, scr0 = 0;
    ml_assert_int_eq(ml_risk_margin(pv, 200, paid, 3, 0.06, &c, scratch, &rm, &scr0), ML_OK);
    ml_assert_double_exact(scr0, 98.5);
    double want = 0.06 * (98.5 / 1.03 + 49.25 / (1.03 * 1.03) + 19.7 / pow(1.03, 3.0));
    ml_assert_double_rel(rm, want, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(rm, 9.60493243051558, EXACT_REL, "the hand value");
    ml_assert_int_eq(ml_risk_margin(pv, 200, paid, 3, 0.06, NULL, scratch, &rm, NULL), ML_OK);
    ml_assert_double_rel(rm, 10.047, EXACT_REL, "0.06 x 167.45");
}

/* Edges: nothing to pay (O_0 = 0) holds SCR_0 for one year; one replicate
 * has VaR = mean, so no capital; a sample whose VaR99.5 lies below its
 * mean (995 zeros and 5 of 1000: rank 995 is 0, mean 5) needs no capital,
 * not a negative one. */
static void test_risk_margin_edges(void **state)
{
    (void)state;
    double pv[3] = {0, 10, 2}, scratch[1000];
    const double none[2] = {0, 0};
    double rm, scr0;
    ml_curve c = flat(0.05);
    ml_assert_int_eq(ml_risk_margin(pv, 3, none, 2, 0.06, &c, scratch, &rm, &scr0), ML_OK);
    ml_assert_double_exact(scr0, 10.0 - 4.0);
    ml_assert_double_rel(rm, 0.06 * 6.0 / 1.05, EXACT_REL, "one term");
    const double paid[2] = {1, 1};
    ml_assert_int_eq(ml_risk_margin(pv, 1, paid, 2, 0.06, &c, scratch, &rm, &scr0), ML_OK);
    ml_assert_double_exact(scr0, 0.0);
    ml_assert_double_exact(rm, 0.0);
    double *big = calloc(1000, sizeof *big);
    assert_non_null(big);
    for (int i = 995; i < 1000; i++)
        big[i] = 1000.0;
    ml_assert_int_eq(ml_risk_margin(big, 1000, paid, 2, 0.06, &c, scratch, &rm, &scr0), ML_OK);
    ml_assert_double_exact(scr0, 0.0);
    ml_assert_double_exact(rm, 0.0);
    free(big);
    ml_assert_int_eq(ml_risk_margin(pv, 0, paid, 2, 0.06, &c, scratch, &rm, &scr0), ML_EINVAL);
    ml_assert_int_eq(ml_risk_margin(pv, 3, paid, 0, 0.06, &c, scratch, &rm, &scr0), ML_EINVAL);
}

/* Reports p = {100, 50, 20} by development year (D = 3), trend 5%, flat
 * 3%; two replicates, p and 3p, so every mean is 2x and every standard
 * error is sd({x, 3x}) / sqrt(2) = sqrt(2) x / sqrt(2) = x: half the mean.
 *   claims_made_1 = 100
 *   claims_made_2 = 100 + 50 / 1.05
 *   claims_made_3.. = mature = 100 + 50 / 1.05 + 20 / 1.05^2 = 165.7596...
 *   tail_1 (accident year 0, lags 1, 2 priced at the end of year 0):
 *         50 v(0) + 20 v(1) = 50 + 20 / 1.03
 *   tail_2 adds accident year -1 at lag 2, (1.05)^-1 older, due at once:
 *         50 + 20 / 1.03 + 20 / 1.05;  tail_3 .. tail_5 = tail_2 (D = 3). */
static void test_bases_by_hand(void **state)
{
    (void)state;
    const unsigned D = 3;
    size_t stride = ml_dev_stride(2, D);
    double *l = ledgers(2, D);
    const double p[3] = {100, 50, 20};
    for (int r = 0; r < 2; r++) {
        double s = r == 0 ? 1.0 : 3.0;
        set_row(l + r * stride, D, ML_DV_PV_REPORTED, p, s);
        l[r * stride + ml_dev_scalar_at(2, D, ML_DS_PV_OCC, 0)] = 160.0 * s;
    }
    ml_curve c = flat(0.03);
    ml_basis_prices bp;
    ml_assert_int_eq(ml_basis_prices_compute(l, 2, stride, 2, D, 0.05, &c, &bp), ML_OK);
    double cm1 = 100, cm2 = 100 + 50 / 1.05, mat = cm2 + 20 / (1.05 * 1.05);
    double t1 = 50 + 20 / 1.03, t2 = t1 + 20 / 1.05;
    ml_assert_double_rel(mat, 165.75963718820861, EXACT_REL, "hand value");
    ml_assert_double_rel(bp.mean[ML_BASIS_OCCURRENCE], 2 * 160.0, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.mean[ML_BASIS_CM_1], 2 * cm1, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.mean[ML_BASIS_CM_1 + 1], 2 * cm2, EXACT_REL, WHY_SUM);
    for (int k = 2; k < ML_CM_YEARS; k++)
        ml_assert_double_rel(bp.mean[ML_BASIS_CM_1 + k], 2 * mat, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.mean[ML_BASIS_CM_MATURE], 2 * mat, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.tail[0], 2 * t1, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.tail[1], 2 * t2, EXACT_REL, WHY_SUM);
    for (int k = 2; k < ML_CM_YEARS; k++)
        ml_assert_double_rel(bp.tail[k], 2 * t2, EXACT_REL, WHY_SUM);
    ml_assert_double_exact(bp.mean[ML_BASIS_TAIL], bp.tail[ML_CM_YEARS - 1]);
    ml_assert_double_rel(bp.step[0], cm1 / mat, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.step[1], cm2 / mat, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.step[4], 1.0, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.tail_multiple[0], t1 / mat, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(bp.tail_multiple[4], t2 / mat, EXACT_REL, WHY_SUM);
    for (int b = 0; b < ML_BASIS_N; b++)
        ml_assert_double_rel(bp.se[b], bp.mean[b] / 2.0, EXACT_REL, "se of {x, 3x} is x");
    ml_assert_double_rel(bp.tail_se[0], t1, EXACT_REL, "se of {x, 3x} is x");
    assert_string_equal(ml_basis_name[ML_BASIS_CM_MATURE], "claims_made_mature");
    assert_string_equal(ml_basis_name[ML_BASIS_TAIL], "tail");
    assert_string_equal(ml_basis_name[ML_BASIS_CM_1 + 4], "claims_made_5");
    ml_assert_int_eq(ml_basis_prices_compute(l, 2, stride, 2, D, -1.0, &c, &bp), ML_EINVAL);
    free(l);
}

/* A report-lag pattern p_d (PV_REPORTED of accident year 0), PV_OCC =
 * sum_d p_d, no trend, no interest.  Claims-made for K years from the
 * retroactive date plus the tail covers accident years 0 .. K-1 once each:
 *   sum_{k=1}^{K} claims_made_k + tail_K = K occurrence,  K = 1 .. 5,
 * and claims_made_k / mature is the cumulative share of p to lag k - 1.
 * Checked for patterns shorter than, equal to and longer than five years
 * (D = 3, 5, 8), in the means and replicate by replicate. */
static void check_identity(unsigned D)
{
    const double p8[8] = {123.4, 87.6, 45.1, 22.9, 9.7, 3.3, 1.25, 0.6};
    const double scale[4] = {1.0, 0.5, 2.25, 1.7}; /* four replicates */
    size_t stride = ml_dev_stride(2, D);
    double *l = ledgers(4, D);
    double occ = 0.0;
    for (unsigned d = 0; d < D; d++)
        occ += p8[d];
    for (int r = 0; r < 4; r++) {
        set_row(l + r * stride, D, ML_DV_PV_REPORTED, p8, scale[r]);
        l[r * stride + ml_dev_scalar_at(2, D, ML_DS_PV_OCC, 0)] = scale[r] * occ;
    }
    ml_curve zero;
    memset(&zero, 0, sizeof zero);
    ml_basis_prices bp;
    ml_assert_int_eq(ml_basis_prices_compute(l, 4, stride, 2, D, 0.0, &zero, &bp), ML_OK);

    double cum_cm = 0.0;
    for (int K = 1; K <= ML_CM_YEARS; K++) {
        cum_cm += bp.mean[ML_BASIS_CM_1 + K - 1];
        ml_assert_double_rel(cum_cm + bp.tail[K - 1], K * bp.mean[ML_BASIS_OCCURRENCE],
                             EXACT_REL, WHY_SUM);
    }
    /* Step factors against the pattern's cumulative shares, and against
     * the shares summed here. */
    double share[8], cum[8];
    ml_assert_int_eq(ml_dev_pattern(l, 4, stride, 2, D, ML_DV_PV_REPORTED, NULL, share),
                     ML_OK);
    ml_dev_cum_share(share, D, cum);
    for (unsigned k = 1; k <= ML_CM_YEARS; k++) {
        unsigned last = (k < D ? k : D) - 1;
        double by_hand = 0.0;
        for (unsigned d = 0; d <= last; d++)
            by_hand += p8[d];
        ml_assert_double_rel(bp.step[k - 1], cum[last], EXACT_REL, WHY_SUM);
        ml_assert_double_rel(bp.step[k - 1], by_hand / occ, EXACT_REL, WHY_SUM);
    }

    /* Replicate by replicate, through the samples: tail (after five years)
     * plus the five claims-made years is five occurrence years. */
    double s[ML_BASIS_N][4];
    double *cols[ML_BASIS_N];
    for (int b = 0; b < ML_BASIS_N; b++)
        cols[b] = s[b];
    ml_assert_int_eq(ml_basis_samples(l, 4, stride, 2, D, 0.0, &zero, cols), ML_OK);
    for (int r = 0; r < 4; r++) {
        double sum = s[ML_BASIS_TAIL][r];
        for (int k = 0; k < ML_CM_YEARS; k++)
            sum += s[ML_BASIS_CM_1 + k][r];
        ml_assert_double_rel(sum, 5.0 * s[ML_BASIS_OCCURRENCE][r], EXACT_REL, WHY_SUM);
    }
    free(l);
}

static void test_claims_made_plus_tail_is_occurrence(void **state)
{
    (void)state;
    check_identity(3);
    check_identity(5);
    check_identity(8);
}

/* The table's means are ml_mean of the samples, bit for bit (the same
 * compensated sum in the same order), with trend and a sloping curve;
 * columns left NULL are skipped. */
static void test_samples_match_means(void **state)
{
    (void)state;
    const unsigned D = 6;
    const size_t n = 7;
    size_t stride = ml_dev_stride(2, D);
    double *l = ledgers(n, D);
    for (size_t r = 0; r < n; r++) {
        for (unsigned d = 0; d < D; d++)
            l[r * stride + ml_dev_at(2, D, ML_DV_PV_REPORTED, 0, d)] =
                (double)((r * 37 + d * 11) % 23) * 1.375 + 0.1;
        l[r * stride + ml_dev_scalar_at(2, D, ML_DS_PV_OCC, 0)] = 3.0 + (double)r;
    }
    ml_curve c;
    memset(&c, 0, sizeof c);
    c.n = 2;
    c.tenor[0] = 1.0, c.rate[0] = 0.01;
    c.tenor[1] = 10.0, c.rate[1] = 0.04;
    ml_basis_prices bp;
    ml_assert_int_eq(ml_basis_prices_compute(l, n, stride, 2, D, 0.03, &c, &bp), ML_OK);
    double s[ML_BASIS_N][7];
    double *cols[ML_BASIS_N];
    for (int b = 0; b < ML_BASIS_N; b++)
        cols[b] = b == ML_BASIS_CM_1 + 2 ? NULL : s[b];
    s[ML_BASIS_CM_1 + 2][0] = -7.0; /* must survive */
    ml_assert_int_eq(ml_basis_samples(l, n, stride, 2, D, 0.03, &c, cols), ML_OK);
    for (int b = 0; b < ML_BASIS_N; b++) {
        if (cols[b] == NULL)
            continue;
        double m = ml_mean(s[b], n);
        ml_assert_double_exact(bp.mean[b], m);
        ml_assert_double_rel(bp.se[b], ml_sd(s[b], n, m) / sqrt((double)n), EXACT_REL,
                             "two compensated sums of squares");
    }
    ml_assert_double_exact(s[ML_BASIS_CM_1 + 2][0], -7.0);
    free(l);
}

/* The weights written out for D = 4, trend g, flat rate i (v(m) = 1.04^-m):
 * tail_3 at lag 3 sums accident years 0, -1, -2: v(2) + v(1)/(1+g) + v(0)/(1+g)^2. */
static void test_weights_by_hand(void **state)
{
    (void)state;
    ml_curve c = flat(0.04);
    ml_basis_weights w;
    ml_assert_int_eq(ml_basis_weights_init(&w, 4, 0.1, &c), ML_OK);
    double g = 1.1, v1 = 1 / 1.04, v2 = 1 / (1.04 * 1.04);
    ml_assert_double_exact(w.cm[0][0], 1.0);
    ml_assert_double_exact(w.cm[0][1], 0.0);
    ml_assert_double_rel(w.cm[2][2], 1 / (g * g), 1e-15, "pow");
    ml_assert_double_exact(w.cm[2][3], 0.0);
    ml_assert_double_rel(w.mature[3], 1 / (g * g * g), 1e-15, "pow");
    ml_assert_double_exact(w.tail[2][0], 0.0); /* reported in the policy year */
    ml_assert_double_rel(w.tail[2][3], v2 + v1 / g + 1 / (g * g), EXACT_REL, WHY_SUM);
    ml_assert_double_rel(w.tail[0][3], v2, EXACT_REL, WHY_SUM);
    ml_assert_double_rel(w.tail[4][3], w.tail[2][3], EXACT_REL, "no lag beyond 3");
    ml_assert_int_eq(ml_basis_weights_init(&w, 0, 0.1, &c), ML_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dev_pattern_by_hand),
        cmocka_unit_test(test_risk_margin_by_hand),
        cmocka_unit_test(test_risk_margin_edges),
        cmocka_unit_test(test_bases_by_hand),
        cmocka_unit_test(test_claims_made_plus_tail_is_occurrence),
        cmocka_unit_test(test_samples_match_means),
        cmocka_unit_test(test_weights_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
