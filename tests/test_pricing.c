/*
 * test_pricing.c — the premium principles, the layer function, the
 * pricing tables and the engine's pro-rata booking, on samples small
 * enough to work by hand (every expected number is derived in a comment).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "book.h"
#include "engine.h"
#include "pricing.h"

#include <math.h>
#include <string.h>

#define EPS 1e-12

static ml_pricing cfg(double theta, double alpha, double r)
{
    ml_pricing pr;
    memset(&pr, 0, sizeof pr);
    pr.ev_loading = theta;
    pr.sd_loading = alpha;
    pr.coc_rate = r;
    return pr;
}

static void test_layer_ceded_by_hand(void **state)
{
    (void)state;
    ml_layer l = {"l", ML_LAYER_XL, 1.0, 2.0}; /* 2 xs 1 */
    assert_true(ml_layer_ceded(&l, 0.0) == 0.0);
    assert_true(ml_layer_ceded(&l, 1.0) == 0.0);  /* at the attachment: nothing */
    assert_true(ml_layer_ceded(&l, 2.0) == 1.0);
    assert_true(ml_layer_ceded(&l, 3.0) == 2.0);  /* exhausted */
    assert_true(ml_layer_ceded(&l, 10.0) == 2.0);
    l.limit = INFINITY;                          /* unlimited xs 1 */
    assert_true(ml_layer_ceded(&l, 10.0) == 9.0);
    assert_true(ml_layer_ceded(&l, -5.0) == 0.0);
}

/* X = {4, 0, 2}: mean 2; sd with n - 1: sqrt((4 + 4 + 0) / 2) = 2;
 * VaR99.5 is rank ceil(2.985) = 3, i.e. 4.  theta 0.25: 1.25 * 2 = 2.5;
 * alpha 0.5: 2 + 0.5 * 2 = 3; r 0.1: 2 + 0.1 * (4 - 2) = 2.2. */
static void test_principles_by_hand(void **state)
{
    (void)state;
    double x[3] = {4, 0, 2}, scratch[3];
    ml_pricing pr = cfg(0.25, 0.5, 0.1);
    ml_premiums p;
    ml_premiums_compute(x, 3, &pr, scratch, &p);
    ml_assert_double_exact(p.mean, 2.0);
    assert_true(fabs(p.sd - 2.0) < EPS);
    assert_true(fabs(p.se - 2.0 / sqrt(3.0)) < EPS);
    ml_assert_double_exact(p.var995, 4.0);
    ml_assert_double_exact(p.tvar99, 4.0);
    assert_true(fabs(p.ev - 2.5) < EPS);
    assert_true(fabs(p.sdp - 3.0) < EPS);
    assert_true(fabs(p.coc - 2.2) < EPS);
}

/* X = 1..200: VaR99.5 = rank ceil(199) = 199; TVaR99: VaR99 = rank 198,
 * excess (199 - 198) + (200 - 198) = 3 over n (1 - P) = 2: 198 + 1.5;
 * mean 100.5, sd^2 = n (n + 1) / 12 = 3350; CoC at r = 0.06:
 * 100.5 + 0.06 * 98.5 = 106.41. */
static void test_tail_of_a_long_sample(void **state)
{
    (void)state;
    double x[200], scratch[200];
    for (int i = 0; i < 200; i++)
        x[i] = 200 - i; /* descending: the sort must happen inside */
    ml_pricing pr = cfg(0.2, 0.1, 0.06);
    ml_premiums p;
    ml_premiums_compute(x, 200, &pr, scratch, &p);
    ml_assert_double_exact(p.var995, 199.0);
    assert_true(fabs(p.tvar99 - 199.5) < EPS);
    ml_assert_double_abs(p.sd, sqrt(3350.0), 1e-9, "rounding of a few operations");
    ml_assert_double_abs(p.coc, 106.41, 1e-9, "rounding of a few operations");
    ml_assert_double_abs(p.ev, 120.6, 1e-9, "rounding of a few operations");
}

/* Three hospitals, two specialties, two grades (one hospital ungraded),
 * three years; a per-claim layer's recoveries as the engine would store
 * them and a stop loss 2 xs 1 on the annual total. */
static void test_tables_by_hand(void **state)
{
    (void)state;
    ml_specialty sp[2] = {{.name = "surgery"}, {.name = "medicine"}};
    double e0[2] = {10, 0}, e1[2] = {5, 5}, e2[2] = {0, 4};
    ml_hospital h[3] = {{.name = "a", .exposure = e0, .beds = 100, .grade = "top"},
                        {.name = "b", .exposure = e1, .beds = 50, .grade = "top"},
                        {.name = "c", .exposure = e2}};
    ml_portfolio p = {.name = "t", .n_specialties = 2, .specialties = sp,
                      .n_hospitals = 3, .hospitals = h};
    unsigned char grade_of[3] = {0, 0, 1};
    ml_pricing pr = cfg(0.25, 0.5, 0.1);
    pr.premium = 4.0;
    pr.n_grades = 2;
    strcpy(pr.grade_name[0], "top");
    strcpy(pr.grade_name[1], "unspecified");
    pr.grade_of = grade_of;
    pr.n_xl = 1;
    pr.xl[0] = (ml_layer){"xl", ML_LAYER_XL, 0.5, 1.0};
    pr.n_sl = 1;
    pr.sl[0] = (ml_layer){"sl", ML_LAYER_STOP_LOSS, 1.0, 2.0};

    double ins[3] = {4, 0, 2}, s0[3] = {3, 0, 1}, s1[3] = {1, 0, 1};
    double g0[3] = {3, 0, 2}, g1[3] = {1, 0, 0}, xl[3] = {1, 0, 0.5};
    ml_results res;
    memset(&res, 0, sizeof res);
    res.n = 3;
    res.annual[ML_M_INSURED] = ins;
    res.n_spec = 2;
    res.spec_insured[0] = s0;
    res.spec_insured[1] = s1;
    res.n_grades = 2;
    res.grade_insured[0] = g0;
    res.grade_insured[1] = g1;
    res.n_xl = 1;
    res.xl_ceded[0] = xl;

    ml_pricing_result r;
    assert_int_equal(ml_pricing_compute(&p, &pr, NULL, &res, &r), ML_OK);
    assert_int_equal(r.n_rows, 5);
    /* total: mean 2 over 3 hospitals; hospital c has no beds, so per bed
     * is absent (beds 0); exposure 24. */
    assert_string_equal(r.rows[0].kind, "total");
    ml_assert_double_exact(r.rows[0].mean, 2.0);
    assert_true(fabs(r.rows[0].per_hospital - 2.0 / 3.0) < EPS);
    assert_true(r.rows[0].beds == 0.0 && r.rows[0].per_bed == 0.0);
    assert_true(fabs(r.rows[0].per_exposure - 2.0 / 24.0) < EPS);
    /* surgery: mean 4/3, exposure 15; medicine: mean 2/3, exposure 9. */
    assert_string_equal(r.rows[1].name, "surgery");
    assert_true(fabs(r.rows[1].mean - 4.0 / 3.0) < EPS);
    assert_true(fabs(r.rows[1].per_exposure - 4.0 / 45.0) < EPS);
    /* A specialty's divisors are its own: surgery is in a (all 10 of its
     * units, 100 beds) and b (5 of 10 units: half its 50 beds), so 2
     * hospitals and 125 beds; medicine is in b and c, and c has no beds,
     * so medicine has no rate per bed. */
    assert_true(r.rows[1].hospitals == 2.0 && r.rows[1].beds == 125.0);
    assert_true(fabs(r.rows[1].per_bed - 4.0 / 375.0) < EPS);
    assert_true(fabs(r.rows[2].per_hospital - 1.0 / 3.0) < EPS);
    assert_true(r.rows[2].hospitals == 2.0 && r.rows[2].beds == 0.0 && r.rows[2].per_bed == 0.0);
    /* A textbook regime (cover NULL) insures every hospital: the insured
     * divisors are the divisors. */
    for (size_t i = 0; i < r.n_rows; i++)
        assert_true(r.rows[i].insured_hospitals == r.rows[i].hospitals &&
                    r.rows[i].insured_beds == r.rows[i].beds &&
                    r.rows[i].insured_exposure == r.rows[i].exposure &&
                    r.rows[i].per_insured_bed == r.rows[i].per_bed);
    /* grade top: mean 5/3 over 2 hospitals and 150 beds, exposure 20. */
    assert_string_equal(r.rows[3].kind, "grade");
    assert_string_equal(r.rows[3].name, "top");
    assert_true(r.rows[3].hospitals == 2.0 && r.rows[3].beds == 150.0);
    assert_true(fabs(r.rows[3].per_bed - 5.0 / 450.0) < EPS);
    assert_true(fabs(r.rows[3].per_exposure - 5.0 / 60.0) < EPS);
    assert_string_equal(r.rows[4].name, "unspecified");
    assert_true(r.rows[4].beds == 0.0 && r.rows[4].hospitals == 1.0);
    /* se of top's {3, 0, 2}: mean 5/3, squares 16/9 + 25/9 + 1/9 = 42/9,
     * sd^2 = 21/9, se = sqrt(21/9 / 3) = sqrt(7) / 3. */
    assert_true(fabs(r.rows[3].se - sqrt(7.0) / 3.0) < EPS);

    /* Principles as in test_principles_by_hand, and the given premium 4:
     * loss ratio 2 / 4. */
    assert_int_equal(r.n_principles, 5);
    assert_string_equal(r.principles[3].principle, "cost_of_capital");
    assert_true(fabs(r.principles[3].premium - 2.2) < EPS);
    assert_true(fabs(r.principles[3].loss_ratio - 2.0 / 2.2) < EPS);
    ml_assert_double_exact(r.principles[3].capital, 2.0);
    assert_string_equal(r.principles[4].principle, "given_premium");
    ml_assert_double_exact(r.principles[4].loss_ratio, 0.5);
    ml_assert_double_exact(r.principles[4].loading, 2.0);

    /* Layers.  xl alone: ceded {1, 0, 0.5}, mean 0.5; net {3, 0, 1.5},
     * net VaR99.5 3.  sl alone: ceded {2, 0, 1}, net {2, 0, 1}: VaR 2.
     * All: xl first, net {3, 0, 1.5}; sl on that {2, 0, 0.5}; ceded in
     * all {3, 0, 1}, mean 4/3; net {1, 0, 1}: VaR 1. */
    assert_int_equal(r.n_layers, 3);
    assert_string_equal(r.layers[0].kind, "per_claim_xl");
    ml_assert_double_exact(r.layers[0].expected_ceded, 0.5);
    assert_true(r.layers[0].gross_var995 == 4.0 && r.layers[0].net_var995 == 3.0);
    assert_true(fabs(r.layers[0].premium_ev - 0.625) < EPS);
    assert_string_equal(r.layers[1].kind, "stop_loss");
    assert_true(r.layers[1].expected_ceded == 1.0 && r.layers[1].net_var995 == 2.0);
    assert_true(r.ceded[1][0] == 2.0 && r.ceded[1][2] == 1.0);
    /* sl ceded {2, 0, 1}: mean 1, sd 1; CoC 1 + 0.1 (2 - 1) = 1.1; SD 1.5. */
    assert_true(fabs(r.layers[1].premium_coc - 1.1) < EPS);
    assert_true(fabs(r.layers[1].premium_sd - 1.5) < EPS);
    assert_string_equal(r.layers[2].name, "all_layers");
    assert_true(fabs(r.layers[2].expected_ceded - 4.0 / 3.0) < EPS);
    assert_true(r.layers[2].net_var995 == 1.0 && r.layers[2].net_tvar99 == 1.0);
    assert_true(r.net[0] == 1.0 && r.net[1] == 0.0 && r.net[2] == 1.0);
    ml_pricing_result_free(&r);
}

/* A hospital-year whose per-claim payments by specialty are {3, 1} but
 * whose aggregate limit let only 2 be paid: every part is halved, so the
 * parts still add up to what was paid. */
static void test_book_scales_to_aggregate(void **state)
{
    (void)state;
    ml_specialty sp[2] = {{.name = "a"}, {.name = "b"}};
    ml_scenario s;
    memset(&s, 0, sizeof s);
    s.portfolio.n_specialties = 2;
    s.portfolio.specialties = sp;
    unsigned char grade_of[2] = {0, 1};
    s.pricing.grade_of = grade_of;
    s.pricing.n_grades = 2;
    s.pricing.n_xl = 1;
    ml_price_acc pa;
    memset(&pa, 0, sizeof pa);
    double spec[2] = {3, 1}, xl[1] = {2};
    ml_price_book(&s, 1, spec, xl, 2.0, &pa);
    assert_true(pa.spec[0] == 1.5 && pa.spec[1] == 0.5);
    ml_assert_double_exact(pa.xl[0], 1.0);
    assert_true(pa.grade[1] == 2.0 && pa.grade[0] == 0.0);
    /* Not bound: booked as they are. */
    ml_price_book(&s, 0, spec, xl, 4.0, &pa);
    assert_true(pa.spec[0] == 4.5 && pa.xl[0] == 3.0 && pa.grade[0] == 4.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layer_ceded_by_hand),
        cmocka_unit_test(test_principles_by_hand),
        cmocka_unit_test(test_tail_of_a_long_sample),
        cmocka_unit_test(test_tables_by_hand),
        cmocka_unit_test(test_book_scales_to_aggregate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
