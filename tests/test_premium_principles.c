/*
 * test_premium_principles.c — pricing.c's premiums and tables and
 * policy_metrics.c's ratios on hand-made samples whose every figure is
 * worked out in a comment (test_pricing.c has the first worked tables;
 * these add the principles' algebra, several layers of each kind, the
 * division rules, and the policy and stage metrics).
 *
 * Principles (load/pricing_terms.h): EV = (1 + theta) mean,
 * SD = mean + alpha sd, CoC = mean + r (VaR99.5 - mean); loss ratio =
 * pure premium / premium.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "policy_metrics.h"
#include "pricing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const ROUND = "a few roundings of exact small numbers";

static ml_pricing terms(double theta, double alpha, double r)
{
    ml_pricing pr;
    memset(&pr, 0, sizeof pr);
    pr.ev_loading = theta;
    pr.sd_loading = alpha;
    pr.coc_rate = r;
    return pr;
}

/* ---- ml_premiums_compute --------------------------------------------- */

/* x = {10, 20, 30, 40, 100}: mean 40; deviations -30 -20 -10 0 60, squares
 * summing to 5000, sd = sqrt(5000 / 4) = sqrt(1250) = 35.355; se =
 * sqrt(1250 / 5) = sqrt(250); VaR99.5 = rank ceil(4.975) = 5 -> 100;
 * TVaR99 = 100.  theta 0.3: EV = 52; alpha 0.2: SD = 40 + 0.2 sqrt(1250)
 * = 47.071; r 0.06: CoC = 40 + 0.06 * 60 = 43.6. */
static void test_ev_52_sd_47_07_coc_43_6_on_10_20_30_40_100(void **state)
{
    (void)state;
    double x[5] = {40, 10, 100, 30, 20}, scratch[5];
    ml_pricing pr = terms(0.3, 0.2, 0.06);
    ml_premiums p;
    ml_premiums_compute(x, 5, &pr, scratch, &p);
    ml_assert_double_exact(p.mean, 40.0);
    ml_assert_double_abs(p.sd, sqrt(1250.0), 1e-13, ROUND);
    ml_assert_double_abs(p.se, sqrt(250.0), 1e-13, ROUND);
    ml_assert_double_exact(p.var995, 100.0);
    ml_assert_double_exact(p.tvar99, 100.0);
    ml_assert_double_abs(p.ev, 52.0, 1e-13, ROUND);
    ml_assert_double_abs(p.sdp, 40.0 + 0.2 * sqrt(1250.0), 1e-13, ROUND);
    ml_assert_double_abs(p.coc, 43.6, 1e-13, ROUND);
}

/* CoC's capital is VaR99.5 - mean, not TVaR99 - mean: on 1..1000 they
 * differ (VaR99.5 = rank 995 = 995; TVaR99 = mean of the top ten =
 * 995.5).  Mean 500.5; r = 0.1: CoC = 500.5 + 0.1 * 494.5 = 549.95 (with
 * TVaR it would be 550). */
static void test_coc_of_1_to_1000_uses_var995_995_not_tvar99_995_5(void **state)
{
    (void)state;
    enum { N = 1000 };
    double x[N], scratch[N];
    for (int i = 0; i < N; i++) x[i] = (double)((i * 7919) % N + 1); /* 1..1000 scrambled */
    ml_pricing pr = terms(0.2, 0.1, 0.1);
    ml_premiums p;
    ml_premiums_compute(x, N, &pr, scratch, &p);
    ml_assert_double_exact(p.mean, 500.5);
    ml_assert_double_exact(p.var995, 995.0);
    ml_assert_double_abs(p.tvar99, 995.5, 1e-12, "55 over 0.01 * 1000, inexact in binary");
    ml_assert_double_abs(p.coc, 549.95, 1e-12, ROUND);
    /* sd of 1..n with divisor n - 1: sqrt(n (n + 1) / 12) = sqrt(83416.67). */
    ml_assert_double_abs(p.sd, sqrt(1000.0 * 1001.0 / 12.0), 1e-10, "sum of 1000 squares");
    ml_assert_double_abs(p.sdp, 500.5 + 0.1 * sqrt(1000.0 * 1001.0 / 12.0), 1e-10, ROUND);
}

/* With no loading every principle is the pure premium; with r = 1 the
 * cost-of-capital premium is VaR99.5 itself (mean + (VaR - mean)). */
static void test_zero_loadings_give_the_mean_and_coc_rate_1_gives_var995(void **state)
{
    (void)state;
    double x[5] = {10, 20, 30, 40, 100}, scratch[5];
    ml_pricing pr = terms(0, 0, 0);
    ml_premiums p;
    ml_premiums_compute(x, 5, &pr, scratch, &p);
    ml_assert_double_exact(p.ev, 40.0);
    ml_assert_double_exact(p.sdp, 40.0);
    ml_assert_double_exact(p.coc, 40.0);
    pr.coc_rate = 1.0;
    ml_premiums_compute(x, 5, &pr, scratch, &p);
    ml_assert_double_exact(p.coc, 100.0);
}

/* Doubling every loss doubles every premium exactly (a power of two
 * scales doubles without rounding, and every step is homogeneous);
 * adding 1000 to every loss adds (1 + theta) 1000 to EV and 1000 to SD
 * and CoC (translation: sd and VaR - mean unchanged).  Integers: exact. */
static void test_premiums_double_with_losses_and_shift_by_the_added_constant(void **state)
{
    (void)state;
    enum { N = 200 };
    double x[N], y[N], z[N], scratch[N];
    for (int i = 0; i < N; i++) {
        x[i] = (double)((i * 37) % 101); /* 0..100, a scrambled order */
        y[i] = 2.0 * x[i];
        z[i] = x[i] + 1000.0;
    }
    ml_pricing pr = terms(0.25, 0.5, 0.125);
    ml_premiums a, b, c;
    ml_premiums_compute(x, N, &pr, scratch, &a);
    ml_premiums_compute(y, N, &pr, scratch, &b);
    ml_premiums_compute(z, N, &pr, scratch, &c);
    ml_assert_double_exact(b.mean, 2.0 * a.mean);
    ml_assert_double_exact(b.sd, 2.0 * a.sd);
    ml_assert_double_exact(b.var995, 2.0 * a.var995);
    ml_assert_double_exact(b.ev, 2.0 * a.ev);
    ml_assert_double_exact(b.sdp, 2.0 * a.sdp);
    ml_assert_double_exact(b.coc, 2.0 * a.coc);
    ml_assert_double_abs(c.ev, a.ev + 1250.0, 1e-10, "sums of integers; one rounding at 1e3");
    ml_assert_double_abs(c.sdp, a.sdp + 1000.0, 1e-10, "sd of shifted integers, rounded");
    ml_assert_double_abs(c.coc, a.coc + 1000.0, 1e-10, ROUND);
    ml_assert_double_exact(c.var995, a.var995 + 1000.0);
}

/* n = 0 leaves everything 0 (nothing to price); n = 1: sd 0, so SD = mean,
 * and VaR = the one loss = mean, so CoC = mean; EV still loads it. */
static void test_no_replicate_prices_zero_and_one_replicate_prices_its_loss(void **state)
{
    (void)state;
    double x[1] = {80}, scratch[1];
    ml_pricing pr = terms(0.25, 0.5, 0.1);
    ml_premiums p;
    ml_premiums_compute(x, 0, &pr, scratch, &p);
    assert_true(p.mean == 0 && p.sd == 0 && p.ev == 0 && p.sdp == 0 && p.coc == 0 &&
                p.var995 == 0 && p.tvar99 == 0);
    ml_premiums_compute(x, 1, &pr, scratch, &p);
    ml_assert_double_exact(p.mean, 80.0);
    ml_assert_double_exact(p.sd, 0.0);
    ml_assert_double_exact(p.sdp, 80.0);
    ml_assert_double_exact(p.coc, 80.0);
    ml_assert_double_exact(p.ev, 100.0);
}

/* ---- ml_pricing_compute ---------------------------------------------- */

/* A two-hospital portfolio, both with beds, one specialty each year's
 * loss split in two.  Storage for the arrays the result points into. */
typedef struct {
    ml_specialty sp[2];
    double e0[2], e1[2];
    ml_hospital h[2];
    ml_portfolio p;
    unsigned char grade_of[2];
    ml_pricing pr;
    ml_results res;
} book;

static void two_hospitals(book *b, size_t n, double *gross, double *s0, double *s1,
                          double *g0, double *g1)
{
    memset(b, 0, sizeof *b);
    strcpy(b->sp[0].name, "obstetrics");
    strcpy(b->sp[1].name, "surgery");
    b->e0[0] = 30; b->e0[1] = 10; /* hospital a: 40 units */
    b->e1[0] = 0;  b->e1[1] = 60; /* hospital b: 60 units */
    b->h[0] = (ml_hospital){.name = "a", .exposure = b->e0, .beds = 200, .grade = "g1"};
    b->h[1] = (ml_hospital){.name = "b", .exposure = b->e1, .beds = 300, .grade = "g2"};
    b->p = (ml_portfolio){.name = "t", .n_specialties = 2, .specialties = b->sp,
                          .n_hospitals = 2, .hospitals = b->h};
    b->grade_of[0] = 0;
    b->grade_of[1] = 1;
    b->pr = terms(0.25, 0.5, 0.1);
    b->pr.n_grades = 2;
    strcpy(b->pr.grade_name[0], "g1");
    strcpy(b->pr.grade_name[1], "g2");
    b->pr.grade_of = b->grade_of;
    b->res.n = n;
    b->res.annual[ML_M_INSURED] = gross;
    b->res.n_spec = 2;
    b->res.spec_insured[0] = s0;
    b->res.spec_insured[1] = s1;
    b->res.n_grades = 2;
    b->res.grade_insured[0] = g0;
    b->res.grade_insured[1] = g1;
}

/* Gross {100, 300, 200, 400} (mean 250), obstetrics {40, 100, 60, 200}
 * (mean 100), surgery the rest {60, 200, 140, 200} (mean 150).  Total
 * row: 2 hospitals, 500 beds, 100 units: 125 per hospital, 0.5 per bed,
 * 2.5 per unit.  A specialty's divisors are its own (pricing.c):
 * obstetrics is in hospital a alone (30 of its 40 units: 3/4 of its 200
 * beds), so 1 hospital and 150 beds: 100 per hospital, 2/3 per bed;
 * surgery is in a (10 of 40 units: 50 beds) and b (all 300 beds), so 2
 * hospitals and 350 beds: 75 per hospital, 3/7 per bed.  The specialties'
 * beds add up to the portfolio's (150 + 350 = 500), their rates do not;
 * per exposure unit each divides by its own units: obstetrics 100 / 30,
 * surgery 150 / 70. */
static void test_specialty_rates_on_their_own_hospitals_and_150_and_350_beds(void **state)
{
    (void)state;
    double gross[4] = {100, 300, 200, 400}, s0[4] = {40, 100, 60, 200},
           s1[4] = {60, 200, 140, 200}, g0[4] = {30, 100, 50, 150}, g1[4] = {70, 200, 150, 250};
    book b;
    two_hospitals(&b, 4, gross, s0, s1, g0, g1);
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, NULL, &b.res, &r), ML_OK);
    ml_assert_size_eq(r.n_rows, 5);
    const ml_premium_row *t = &r.rows[0], *ob = &r.rows[1], *su = &r.rows[2];
    ml_assert_double_exact(t->mean, 250.0);
    ml_assert_double_exact(t->hospitals, 2.0);
    ml_assert_double_exact(t->beds, 500.0);
    ml_assert_double_exact(t->exposure, 100.0);
    ml_assert_double_exact(t->per_hospital, 125.0);
    ml_assert_double_exact(t->per_bed, 0.5);
    ml_assert_double_exact(t->per_exposure, 2.5);
    assert_string_equal(ob->name, "obstetrics");
    ml_assert_double_exact(ob->exposure, 30.0);
    ml_assert_double_abs(ob->per_exposure, 100.0 / 30.0, 1e-15, "one division");
    ml_assert_double_abs(su->per_exposure, 150.0 / 70.0, 1e-15, "one division");
    ml_assert_double_exact(ob->hospitals, 1.0);
    ml_assert_double_exact(ob->beds, 150.0);
    ml_assert_double_exact(ob->per_hospital, 100.0);
    ml_assert_double_abs(ob->per_bed, 2.0 / 3.0, 1e-15, "one division");
    ml_assert_double_exact(su->hospitals, 2.0);
    ml_assert_double_exact(su->beds, 350.0);
    ml_assert_double_exact(su->per_hospital, 75.0);
    ml_assert_double_abs(su->per_bed, 3.0 / 7.0, 1e-15, "one division");
    ml_assert_double_exact(ob->beds + su->beds, t->beds);
    ml_assert_double_exact(ob->mean + su->mean, t->mean);
    /* Grades divide by their own hospitals and beds: g1 is hospital a
     * (200 beds, 40 units), mean 82.5; g2 is b (300 beds, 60 units),
     * mean 167.5. */
    ml_assert_double_exact(r.rows[3].mean, 82.5);
    ml_assert_double_exact(r.rows[3].per_hospital, 82.5);
    ml_assert_double_abs(r.rows[3].per_bed, 82.5 / 200.0, 1e-16, "one division");
    ml_assert_double_abs(r.rows[3].per_exposure, 82.5 / 40.0, 1e-16, "one division");
    ml_assert_double_abs(r.rows[4].per_bed, 167.5 / 300.0, 1e-16, "one division");
    /* se of the total: deviations -150 50 -50 150, squares 50000, sd^2 =
     * 50000 / 3, se = sqrt(50000 / 12). */
    ml_assert_double_abs(t->se, sqrt(50000.0 / 12.0), 1e-12, ROUND);
    ml_pricing_result_free(&r);
}

/* The principle rows with no given premium: four, in order pure,
 * expected_value, standard_deviation, cost_of_capital, each carrying its
 * parameter, the pure premium 250 and the capital VaR99.5 - mean =
 * 400 - 250 = 150.  sd = sqrt(50000 / 3) = 129.10: EV 312.5, SD 314.55,
 * CoC 250 + 0.1 * 150 = 265.  Loss ratio = 250 / premium (1 for pure);
 * loading = premium - 250. */
static void test_principle_rows_carry_parameters_capital_150_and_loss_ratios(void **state)
{
    (void)state;
    double gross[4] = {100, 300, 200, 400}, s0[4] = {40, 100, 60, 200},
           s1[4] = {60, 200, 140, 200}, g0[4] = {30, 100, 50, 150}, g1[4] = {70, 200, 150, 250};
    book b;
    two_hospitals(&b, 4, gross, s0, s1, g0, g1);
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, NULL, &b.res, &r), ML_OK);
    ml_assert_size_eq(r.n_principles, 4);
    static const char *const names[4] = {"pure", "expected_value", "standard_deviation",
                                         "cost_of_capital"};
    const double sd = sqrt(50000.0 / 3.0);
    const double premium[4] = {250.0, 312.5, 250.0 + 0.5 * sd, 265.0};
    const double param[4] = {0.0, 0.25, 0.5, 0.1};
    for (int i = 0; i < 4; i++) {
        const ml_principle_row *w = &r.principles[i];
        assert_string_equal(w->principle, names[i]);
        ml_assert_double_exact(w->parameter, param[i]);
        ml_assert_double_exact(w->pure_premium, 250.0);
        ml_assert_double_exact(w->capital, 150.0);
        ml_assert_double_abs(w->premium, premium[i], 1e-12, ROUND);
        ml_assert_double_abs(w->loading, premium[i] - 250.0, 1e-12, ROUND);
        ml_assert_double_abs(w->loss_ratio, 250.0 / premium[i], 1e-15, ROUND);
    }
    ml_assert_double_exact(r.principles[0].loss_ratio, 1.0);
    ml_assert_double_exact(r.principles[1].loss_ratio, 0.8); /* 1 / 1.25 */
    /* No layer: none listed, and net is gross itself (net_is_gross: the
     * writer stores the insured loss once, h5pricing.c). */
    ml_assert_size_eq(r.n_layers, 0);
    assert_int_equal(r.net_is_gross, 1);
    ml_pricing_result_free(&r);
}

/* A year of no loss at all: every premium is 0 and a loss ratio over a
 * zero premium is written 0, not NaN (pricing.c). */
static void test_all_zero_losses_give_zero_premiums_and_zero_loss_ratios(void **state)
{
    (void)state;
    double z[3] = {0, 0, 0};
    book b;
    two_hospitals(&b, 3, z, z, z, z, z);
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, NULL, &b.res, &r), ML_OK);
    for (size_t i = 0; i < r.n_principles; i++) {
        ml_assert_double_exact(r.principles[i].premium, 0.0);
        ml_assert_double_exact(r.principles[i].loss_ratio, 0.0);
    }
    ml_assert_double_exact(r.rows[0].se, 0.0);
    ml_pricing_result_free(&r);
}

/* Two per-claim layers and two stop losses on gross {100, 300, 200, 400}:
 *   xl1 recoveries {10, 50, 0, 80}, xl2 {0, 20, 30, 40} (engine's arrays);
 *   sl1 = 100 xs 200, sl2 = unlimited xs 350 on the annual loss.
 * Alone against gross: sl1 cedes {0, 100, 0, 100} (mean 50), sl2
 * {0, 0, 0, 50} (12.5).  All together: after XL {90, 230, 170, 280};
 * sl1 on that {0, 30, 0, 80}, sl2 {0, 0, 0, 0}; ceded in all
 * {10, 100, 30, 200}, mean 85; net {90, 200, 170, 200}, whose VaR99.5
 * (rank 4 of 4) is 200 and TVaR99 200. */
static void test_two_xl_two_stop_loss_net_is_gross_less_all_ceded_each_year(void **state)
{
    (void)state;
    double gross[4] = {100, 300, 200, 400}, s0[4] = {40, 100, 60, 200},
           s1[4] = {60, 200, 140, 200}, g0[4] = {30, 100, 50, 150}, g1[4] = {70, 200, 150, 250};
    double xl1[4] = {10, 50, 0, 80}, xl2[4] = {0, 20, 30, 40};
    book b;
    two_hospitals(&b, 4, gross, s0, s1, g0, g1);
    b.pr.n_xl = 2;
    b.pr.xl[0] = (ml_layer){"xl1", ML_LAYER_XL, 50, 100};
    b.pr.xl[1] = (ml_layer){"xl2", ML_LAYER_XL, 150, 50};
    b.pr.n_sl = 2;
    b.pr.sl[0] = (ml_layer){"sl1", ML_LAYER_STOP_LOSS, 200, 100};
    b.pr.sl[1] = (ml_layer){"sl2", ML_LAYER_STOP_LOSS, 350, INFINITY};
    b.res.n_xl = 2;
    b.res.xl_ceded[0] = xl1;
    b.res.xl_ceded[1] = xl2;
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, NULL, &b.res, &r), ML_OK);
    ml_assert_size_eq(r.n_layers, 5);
    static const char *const kind[5] = {"per_claim_xl", "per_claim_xl", "stop_loss",
                                        "stop_loss", "all_layers"};
    static const double ceded_mean[5] = {35, 22.5, 50, 12.5, 85};
    static const double net_var[5] = {320, 360, 300, 350, 200};
    for (int k = 0; k < 5; k++) {
        assert_string_equal(r.layers[k].kind, kind[k]);
        ml_assert_double_exact(r.layers[k].expected_ceded, ceded_mean[k]);
        ml_assert_double_exact(r.layers[k].gross_var995, 400.0);
        ml_assert_double_exact(r.layers[k].net_var995, net_var[k]);
    }
    /* The stop losses' own series, as the file stores them. */
    static const double sl1[4] = {0, 100, 0, 100}, sl2[4] = {0, 0, 0, 50};
    static const double net[4] = {90, 200, 170, 200};
    for (int i = 0; i < 4; i++) {
        ml_assert_double_exact(r.ceded[2][i], sl1[i]);
        ml_assert_double_exact(r.ceded[3][i], sl2[i]);
        ml_assert_double_exact(r.net[i], net[i]);
    }
    ml_assert_double_exact(r.layers[4].net_tvar99, 200.0);
    ml_assert_double_exact(r.layers[2].attachment, 200.0);
    ml_assert_double_exact(r.layers[3].limit, INFINITY);
    /* The layer premiums follow the principles on the ceded series: sl2
     * cedes {0, 0, 0, 50}: mean 12.5, VaR99.5 50; CoC = 12.5 + 0.1 * 37.5
     * = 16.25; EV = 15.625; sd = sqrt((3 * 156.25 + 1406.25) / 3) = 25,
     * SD = 12.5 + 0.5 * 25 = 25. */
    ml_assert_double_abs(r.layers[3].premium_coc, 16.25, 1e-13, ROUND);
    ml_assert_double_abs(r.layers[3].premium_ev, 15.625, 1e-13, ROUND);
    ml_assert_double_abs(r.layers[3].premium_sd, 25.0, 1e-13, ROUND);
    ml_assert_double_abs(r.layers[3].se, 12.5, 1e-13, "sd 25 over sqrt(4)");
    ml_pricing_result_free(&r);
}

/* A hospital without beds makes the per-bed rate of every group it is in
 * absent (0) — a rate over part of a group's beds would mislead — while
 * the groups of the hospital that has beds alone keep theirs; one
 * replicate gives se 0. */
static void test_one_hospital_without_beds_makes_portfolio_per_bed_0(void **state)
{
    (void)state;
    double gross[1] = {120}, s0[1] = {20}, s1[1] = {100}, g0[1] = {50}, g1[1] = {70};
    book b;
    two_hospitals(&b, 1, gross, s0, s1, g0, g1);
    b.h[1].beds = 0;
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, NULL, &b.res, &r), ML_OK);
    ml_assert_double_exact(r.rows[0].beds, 0.0);
    ml_assert_double_exact(r.rows[0].per_bed, 0.0);
    /* Obstetrics is only in a, whose beds are known: 20 over its 150; surgery
     * is in b too, which has none, so it has no rate per bed. */
    ml_assert_double_exact(r.rows[1].beds, 150.0);
    ml_assert_double_abs(r.rows[1].per_bed, 20.0 / 150.0, 1e-16, "one division");
    ml_assert_double_exact(r.rows[2].beds, 0.0);
    ml_assert_double_exact(r.rows[2].per_bed, 0.0);
    ml_assert_double_exact(r.rows[3].per_bed, 0.25); /* g1: 50 over a's 200 beds */
    ml_assert_double_exact(r.rows[4].per_bed, 0.0);
    ml_assert_double_exact(r.rows[0].se, 0.0);
    ml_assert_double_exact(r.rows[0].per_hospital, 60.0);
    ml_pricing_result_free(&r);
}

/* Hospital a insured at probability 0.5 (participation), b always: the
 * expected insured divisors are 1.5 hospitals, 100 + 300 = 400 beds and
 * 20 + 60 = 80 units, so the portfolio's 250 is 250 / 400 = 0.625 per
 * insured bed (0.5 per bed of all); obstetrics, in a alone, 100 over 75
 * insured beds; grade g1 (a) 82.5 over half a hospital = 165. */
static void test_insured_rates_divide_by_the_expected_insured_400_beds(void **state)
{
    (void)state;
    double gross[4] = {100, 300, 200, 400}, s0[4] = {40, 100, 60, 200},
           s1[4] = {60, 200, 140, 200}, g0[4] = {30, 100, 50, 150}, g1[4] = {70, 200, 150, 250};
    book b;
    two_hospitals(&b, 4, gross, s0, s1, g0, g1);
    const double cover[2] = {0.5, 1.0};
    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&b.p, &b.pr, cover, &b.res, &r), ML_OK);
    const ml_premium_row *t = &r.rows[0], *ob = &r.rows[1], *g = &r.rows[3];
    ml_assert_double_exact(t->insured_hospitals, 1.5);
    ml_assert_double_exact(t->insured_beds, 400.0);
    ml_assert_double_exact(t->insured_exposure, 80.0);
    ml_assert_double_exact(t->per_insured_bed, 0.625);
    ml_assert_double_exact(t->per_bed, 0.5); /* all beds, as before */
    ml_assert_double_abs(t->per_insured_hospital, 250.0 / 1.5, 1e-13, "one division");
    ml_assert_double_exact(t->per_insured_exposure, 3.125);
    ml_assert_double_exact(ob->insured_beds, 75.0);
    ml_assert_double_abs(ob->per_insured_bed, 4.0 / 3.0, 1e-15, "one division");
    ml_assert_double_exact(g->insured_hospitals, 0.5);
    ml_assert_double_exact(g->per_insured_hospital, 165.0);
    ml_pricing_result_free(&r);
}

/* The engine's cover (engine_life.c): participation 1 is always insured
 * whatever the rule; else p, plus the enforced share of the gap to a
 * target above p (0.6 + 0.4 x 0.8 = 0.92); a target at or below p, or no
 * enforcement, changes nothing. */
static void test_cover_probability_is_participation_plus_enforced_gap(void **state)
{
    (void)state;
    ml_assert_double_exact(ml_cover_probability(1.0, 0.0, 0.0), 1.0);
    ml_assert_double_exact(ml_cover_probability(1.0, 1.0, 0.5), 1.0);
    ml_assert_double_exact(ml_cover_probability(0.6, 0.0, 0.8), 0.6);
    ml_assert_double_abs(ml_cover_probability(0.6, 1.0, 0.8), 0.92, 1e-15, ROUND);
    ml_assert_double_exact(ml_cover_probability(0.3, 0.2, 1.0), 0.3);
    ml_assert_double_exact(ml_cover_probability(0.3, 0.3, 1.0), 0.3);
    ml_assert_double_exact(ml_cover_probability(0.3, 1.0, 0.0), 0.3);
    ml_assert_double_exact(ml_cover_probability(0.0, 1.0, 1.0), 1.0);
}

/* ---- policy metrics -------------------------------------------------- */

static double annual_store[ML_N_MEASURES][2];

/* Two years of a two-hospital portfolio (exposure 100 + 300 bed-years),
 * totals over both years (first year, second year):
 *   incidents 80 (30, 50); claims 24 (10, 14); paid 12 (4, 8);
 *   compensation 3000; expenses 600; insured 2400 of which the state paid
 *   600; retained 600; patient_net 2400; unpaid 1000; no fund.
 * The shares of the total cost 3600 are insurers (2400 - 600) / 3600 =
 * 1/2, state 1/6, hospitals 1/6, funds 0, patients (3000 - 2400) / 3600 =
 * 1/6: they add up to 1, as the engine's booking guarantees. */
typedef struct {
    ml_specialty sp[1];
    double e[2][1];
    ml_hospital h[2];
} hosp_store;

static void textbook(ml_scenario *s, hosp_store *hs, ml_results *res)
{
    memset(s, 0, sizeof *s);
    memset(hs, 0, sizeof *hs);
    memset(res, 0, sizeof *res);
    memset(annual_store, 0, sizeof annual_store);
    strcpy(s->regime.currency, "EUR");
    strcpy(s->portfolio.exposure_unit, "bed-year");
    strcpy(hs->sp[0].name, "all");
    hs->e[0][0] = 100;
    hs->e[1][0] = 300;
    hs->h[0].exposure = hs->e[0];
    hs->h[1].exposure = hs->e[1];
    s->portfolio.n_specialties = 1;
    s->portfolio.specialties = hs->sp;
    s->portfolio.n_hospitals = 2;
    s->portfolio.hospitals = hs->h;
    res->n = 2;
    for (int m = 0; m < ML_N_MEASURES; m++) res->annual[m] = annual_store[m];
#define SET(m, a, b) (annual_store[m][0] = (a), annual_store[m][1] = (b))
    SET(ML_M_INCIDENTS, 30, 50);
    SET(ML_M_CLAIMS, 10, 14);
    SET(ML_M_PAID_CLAIMS, 4, 8);
    SET(ML_M_COMPENSATION, 1000, 2000);
    SET(ML_M_EXPENSES, 300, 300);
    SET(ML_M_INSURED, 900, 1500);
    SET(ML_M_STATE_PAID, 0, 600);
    SET(ML_M_RETAINED, 200, 400);
    SET(ML_M_PATIENT_NET, 800, 1600);
    SET(ML_M_UNPAID, 0, 1000);
}

static const ml_metric *metric(const ml_metric *m, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(m[i].name, name)) return &m[i];
    fail_msg("no metric %s", name);
    return NULL;
}

static void test_textbook_regime_gives_17_metrics_paid_share_0_5_overhead_0_2(void **state)
{
    (void)state;
    ml_scenario s;
    hosp_store hs;
    ml_results res;
    textbook(&s, &hs, &res);
    ml_metric m[ML_METRICS_MAX];
    size_t n = ml_policy_metrics(&s, &res, m);
    ml_assert_size_eq(n, 17);
    struct { const char *name; double v; const char *unit; } want[] = {
        {"incidents_per_exposure", 0.1, "per bed-year"},       /* 80 / (400 * 2) */
        {"claims_per_exposure", 0.03, "per bed-year"},         /* 24 / 800 */
        {"paid_claims_per_exposure", 0.015, "per bed-year"},   /* 12 / 800 */
        {"paid_share", 0.5, "paid claims / claims"},
        {"mean_payment", 250, "EUR per paid claim"},           /* 3000 / 12 */
        {"overhead_ratio", 0.2, "expenses / compensation"},    /* 600 / 3000 */
        {"patient_net_per_year", 1200, "EUR per year"},
        {"patient_net_share", 0.8, "patient net / compensation"},
        {"cost_per_year", 1800, "EUR per year"},               /* 3600 / 2 */
        {"insured_share", 0.8, "indemnified / (indemnified + retained)"}, /* 2400 / 3000 */
        {"borne_insurers", 0.5, "share of total cost"},
        {"borne_state", 1.0 / 6.0, "share of total cost"},
        {"borne_hospitals", 1.0 / 6.0, "share of total cost"},
        {"borne_funds", 0.0, "share of total cost"},
        {"borne_patients", 1.0 / 6.0, "share of total cost"},
        {"unpaid_share", 0.25, "unpaid / (compensation + unpaid)"}, /* 1000 / 4000 */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ml_metric *x = metric(m, n, want[i].name);
        ml_assert_double_abs(x->value, want[i].v, 1e-15, "one division of exact totals");
        assert_string_equal(x->unit, want[i].unit);
    }
    /* No fund award: its mean is undefined, NaN (left out of the file). */
    const ml_metric *f = metric(m, n, "fund_mean_award");
    assert_true(isnan(f->value));
    assert_string_equal(f->unit, "EUR per fund award (nominal)");
    double shares = 0;
    const char *parts[] = {"borne_insurers", "borne_state", "borne_hospitals", "borne_funds",
                           "borne_patients"};
    for (int i = 0; i < 5; i++) shares += metric(m, n, parts[i])->value;
    ml_assert_double_abs(shares, 1.0, 1e-15, "five shares of one total");
}

/* Funds: lump 400 and instalments 200 over 2 awards (fund mean award 300),
 * 100 recovered from hospitals found liable, so the funds paid 500 net;
 * the liability system paid compensation 3000 less those 500 over 12 - 2
 * paid claims: mean payment 250.  Their costs 40 with the 500 are the
 * funds' share: 540 / 3600 = 0.15. */
static void test_fund_awards_300_each_and_liability_mean_payment_250(void **state)
{
    (void)state;
    ml_scenario s;
    hosp_store hs;
    ml_results res;
    textbook(&s, &hs, &res);
    SET(ML_M_FUND_AWARDS, 1, 1);
    SET(ML_M_FUND_LUMP, 400, 0);
    SET(ML_M_FUND_INSTALMENTS, 0, 200);
    SET(ML_M_FUND_RECOVERED, 0, 100);
    SET(ML_M_FUND_EXPENSES, 40, 0);
    ml_metric m[ML_METRICS_MAX];
    size_t n = ml_policy_metrics(&s, &res, m);
    ml_assert_double_exact(metric(m, n, "fund_mean_award")->value, 300.0);
    ml_assert_double_exact(metric(m, n, "mean_payment")->value, 250.0);
    ml_assert_double_abs(metric(m, n, "borne_funds")->value, 0.15, 1e-16, "540 / 3600");
}

/* No claim in either year: every ratio over claims, paid claims or
 * compensation is undefined (NaN, never 0 or inf); the per-exposure and
 * per-year figures are 0. */
static void test_years_without_claims_make_ratios_over_claims_nan(void **state)
{
    (void)state;
    ml_scenario s;
    hosp_store hs;
    ml_results res;
    textbook(&s, &hs, &res);
    memset(annual_store, 0, sizeof annual_store);
    ml_metric m[ML_METRICS_MAX];
    size_t n = ml_policy_metrics(&s, &res, m);
    const char *nan_ones[] = {"paid_share", "mean_payment", "overhead_ratio",
                              "patient_net_share", "insured_share", "borne_insurers",
                              "unpaid_share", "fund_mean_award"};
    for (size_t i = 0; i < sizeof nan_ones / sizeof *nan_ones; i++)
        if (!isnan(metric(m, n, nan_ones[i])->value))
            fail_msg("%s is %g, not NaN", nan_ones[i], metric(m, n, nan_ones[i])->value);
    ml_assert_double_exact(metric(m, n, "claims_per_exposure")->value, 0.0);
    ml_assert_double_exact(metric(m, n, "cost_per_year")->value, 0.0);
    /* No exposure at all: per-exposure figures become undefined too. */
    hs.e[0][0] = hs.e[1][0] = 0;
    n = ml_policy_metrics(&s, &res, m);
    assert_true(isnan(metric(m, n, "incidents_per_exposure")->value));
}

/* A lifecycle regime adds 13 metrics (30 in all).  Totals over both years:
 * negligent 16, negligent_paid 8, negligent_claims 12, negligent
 * compensation 2000 and expenses 300, costs shifted 100 against defence
 * costs 400, litigated 6, claim months 288, lag months 120.  Closing times:
 * 10 claims at 6 months, 10 at 12, 4 at 30; the 90th percentile is 0.9 *
 * 24 = 21.6 claims in: past the first 20, 1.6 of the 4 in bin 30, so
 * 30 + 1.6 / 4 = 30.4 months. */
static void test_lifecycle_regime_p90_months_is_30_4_from_the_histogram(void **state)
{
    (void)state;
    ml_scenario s;
    hosp_store hs;
    ml_results res;
    textbook(&s, &hs, &res);
    ml_lifecycle *life = calloc(1, sizeof *life);
    assert_non_null(life);
    s.regime.life = life;
    SET(ML_M_NEGLIGENT, 6, 10);
    SET(ML_M_NEGLIGENT_PAID, 3, 5);
    SET(ML_M_NEGLIGENT_CLAIMS, 5, 7);
    SET(ML_M_NEGLIGENT_COMPENSATION, 600, 1400);
    SET(ML_M_NEGLIGENT_EXPENSES, 150, 150);
    SET(ML_M_COSTS_SHIFTED, 50, 50);
    SET(ML_M_DEFENCE_COSTS, 200, 200);
    SET(ML_M_LITIGATED, 2, 4);
    SET(ML_M_CLAIM_MONTHS, 120, 168);
    SET(ML_M_LAG_MONTHS, 60, 60);
    res.months_hist[6] = 10;
    res.months_hist[12] = 10;
    res.months_hist[30] = 4;
    ml_metric m[ML_METRICS_MAX];
    size_t n = ml_policy_metrics(&s, &res, m);
    ml_assert_size_eq(n, 30);
    struct { const char *name; double v; } want[] = {
        {"negligent_compensated_share", 0.5},   /* 8 / 16 */
        {"negligent_per_claim", 2.0 / 3.0},     /* 16 / 24 */
        {"negligent_claim_share", 0.5},         /* 12 / 24 */
        {"paid_share_negligent", 2.0 / 3.0},    /* 8 / 12 */
        {"paid_share_not_negligent", 1.0 / 3.0}, /* (12 - 8) / (24 - 12) */
        {"mean_payment_negligent", 250},        /* 2000 / 8 */
        {"mean_payment_not_negligent", 250},    /* (3000 - 2000) / (12 - 8) */
        {"negligent_expense_share", 0.5},       /* 300 / 600 */
        {"shifted_costs_ratio", 0.25},          /* 100 / 400 */
        {"litigation_share", 0.25},             /* 6 / 24 */
        {"mean_months", 12},                    /* 288 / 24 */
        {"p90_months", 30.4},
        {"mean_lag_months", 5},                 /* 120 / 24 */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ml_assert_double_abs(metric(m, n, want[i].name)->value, want[i].v, 1e-14,
                             "one division of exact totals");
    assert_string_equal(metric(m, n, "p90_months")->unit, "months, claim to closure");
    /* An empty histogram has no percentile: NaN. */
    memset(res.months_hist, 0, sizeof res.months_hist);
    n = ml_policy_metrics(&s, &res, m);
    assert_true(isnan(metric(m, n, "p90_months")->value));
    free(life);
}

/* Two stages over the two years (claims 24):
 *   negotiation: closed 14, paid 6 for 1500, visits 24, 70 months, entered 24;
 *   court:       closed 10, paid 6 for 1500, visits 10, 120 months, entered 0.
 * Per year: 12 visits, 7 closed, 3 paid / 5, 5, 3; shares of claims
 * 14/24, 1 / 10/24, 10/24; paid among closed 3/7 / 0.6; mean payment
 * 250 / 250; months per visit 70/24 / 12; entry 12 a year, share 1 / 0. */
static void test_stage_metrics_by_hand_negotiation_closes_7_a_year(void **state)
{
    (void)state;
    ml_scenario s;
    hosp_store hs;
    ml_results res;
    textbook(&s, &hs, &res);
    ml_lifecycle *life = calloc(1, sizeof *life);
    assert_non_null(life);
    s.regime.life = life;
    life->pathway.n = 2;
    strcpy(life->pathway.st[0].name, "negotiation");
    life->pathway.st[0].kind = ML_ST_NEGOTIATION;
    strcpy(life->pathway.st[1].name, "court");
    life->pathway.st[1].kind = ML_ST_LITIGATION;
    static double st[ML_STAGE_STATS][2][2] = {
        [ML_SS_CLOSED] = {{6, 8}, {4, 6}},     [ML_SS_PAID] = {{2, 4}, {2, 4}},
        [ML_SS_AMOUNT] = {{500, 1000}, {600, 900}}, [ML_SS_VISITS] = {{10, 14}, {4, 6}},
        [ML_SS_MONTHS] = {{30, 40}, {48, 72}}, [ML_SS_ENTERED] = {{10, 14}, {0, 0}},
    };
    res.n_channels = 2;
    for (int k = 0; k < ML_STAGE_STATS; k++)
        for (int c = 0; c < 2; c++) res.stage[k][c] = st[k][c];
    ml_stage_metric out[ML_CHANNELS_MAX];
    ml_assert_size_eq(ml_stage_metrics(&s, &res, out), 2);
    assert_string_equal(out[0].stage, "negotiation");
    assert_string_equal(out[0].kind, "negotiation");
    assert_string_equal(out[1].kind, "litigation");
    const double a[10] = {12, 7, 3, 14.0 / 24, 1, 3.0 / 7, 250, 70.0 / 24, 12, 1};
    const double b[10] = {5, 5, 3, 10.0 / 24, 10.0 / 24, 0.6, 250, 12, 0, 0};
    for (int c = 0; c < 2; c++) {
        const double *w = c ? b : a;
        const ml_stage_metric *o = &out[c];
        const double got[10] = {o->visits_per_year, o->closed_per_year, o->paid_per_year,
                                o->closed_share, o->visit_share, o->paid_share,
                                o->mean_payment, o->mean_months, o->entered_per_year,
                                o->entry_share};
        for (int j = 0; j < 10; j++)
            ml_assert_double_abs(got[j], w[j], 1e-15, "one division of exact totals");
    }
    /* A stage no claim reached: its ratios are 0, not NaN (a table row
     * cannot leave a column out), and its zero visits say why. */
    memset(st[ML_SS_CLOSED][1], 0, sizeof st[0][1]);
    memset(st[ML_SS_PAID][1], 0, sizeof st[0][1]);
    memset(st[ML_SS_VISITS][1], 0, sizeof st[0][1]);
    memset(st[ML_SS_AMOUNT][1], 0, sizeof st[0][1]);
    ml_stage_metrics(&s, &res, out);
    ml_assert_double_exact(out[1].paid_share, 0.0);
    ml_assert_double_exact(out[1].mean_payment, 0.0);
    ml_assert_double_exact(out[1].mean_months, 0.0);
    ml_assert_double_exact(out[1].visits_per_year, 0.0);
    /* A textbook regime has no stages; results with fewer channels than
     * stages give only those. */
    res.n_channels = 1;
    ml_assert_size_eq(ml_stage_metrics(&s, &res, out), 1);
    s.regime.life = NULL;
    ml_assert_size_eq(ml_stage_metrics(&s, &res, out), 0);
    free(life);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ev_52_sd_47_07_coc_43_6_on_10_20_30_40_100),
        cmocka_unit_test(test_coc_of_1_to_1000_uses_var995_995_not_tvar99_995_5),
        cmocka_unit_test(test_zero_loadings_give_the_mean_and_coc_rate_1_gives_var995),
        cmocka_unit_test(test_premiums_double_with_losses_and_shift_by_the_added_constant),
        cmocka_unit_test(test_no_replicate_prices_zero_and_one_replicate_prices_its_loss),
        cmocka_unit_test(test_specialty_rates_on_their_own_hospitals_and_150_and_350_beds),
        cmocka_unit_test(test_insured_rates_divide_by_the_expected_insured_400_beds),
        cmocka_unit_test(test_cover_probability_is_participation_plus_enforced_gap),
        cmocka_unit_test(test_principle_rows_carry_parameters_capital_150_and_loss_ratios),
        cmocka_unit_test(test_all_zero_losses_give_zero_premiums_and_zero_loss_ratios),
        cmocka_unit_test(test_two_xl_two_stop_loss_net_is_gross_less_all_ceded_each_year),
        cmocka_unit_test(test_one_hospital_without_beds_makes_portfolio_per_bed_0),
        cmocka_unit_test(test_textbook_regime_gives_17_metrics_paid_share_0_5_overhead_0_2),
        cmocka_unit_test(test_fund_awards_300_each_and_liability_mean_payment_250),
        cmocka_unit_test(test_years_without_claims_make_ratios_over_claims_nan),
        cmocka_unit_test(test_lifecycle_regime_p90_months_is_30_4_from_the_histogram),
        cmocka_unit_test(test_stage_metrics_by_hand_negotiation_closes_7_a_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
