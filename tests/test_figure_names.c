/*
 * test_figure_names.c — the list of named figures `medliab verify`
 * compares (figures.h): adding, finding, the name length limit, and
 * ml_figure_is_reference's rule case by case (every figure but the
 * interval columns *_lo, *_hi, *_se; of the summary only mean, sd, var995
 * and tvar99; of the exceedance tables only aep and oep at 10, 100, 250).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "figures.h"

#include <stdio.h>
#include <string.h>

/* 1000 figures (past the first capacity of 128 and its doublings): each
 * found again by name with its value, in the order added. */
static void test_thousand_figures_are_found_by_name_after_growing(void **state)
{
    (void)state;
    ml_figures l = {0};
    char name[64];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "summary.m%d.mean", i);
        assert_int_equal(ml_figures_add(&l, name, 0.5 * i, NULL), ML_OK);
    }
    ml_assert_size_eq(l.n, 1000);
    assert_true(l.cap >= 1000);
    for (int i = 999; i >= 0; i--) {
        snprintf(name, sizeof name, "summary.m%d.mean", i);
        const ml_figure *f = ml_figures_find(&l, name);
        assert_non_null(f);
        ml_assert_double_exact(f->value, 0.5 * i);
        ml_assert_size_eq((size_t)(f - l.f), (size_t)i);
    }
    assert_null(ml_figures_find(&l, "summary.m1000.mean"));
    assert_null(ml_figures_find(&l, "summary.m1.mea")); /* whole names only */
    assert_null(ml_figures_find(&l, ""));
    ml_figures_free(&l);
    ml_assert_size_eq(l.n, 0);
    assert_null(l.f);
    /* A freed list is empty and usable again. */
    assert_int_equal(ml_figures_add(&l, "x", 1.0, NULL), ML_OK);
    ml_assert_size_eq(l.n, 1);
    ml_figures_free(&l);
}

/* Values are kept bit for bit, NaN and infinities included. */
static void test_figures_keep_nan_inf_and_negative_zero(void **state)
{
    (void)state;
    ml_figures l = {0};
    assert_int_equal(ml_figures_add(&l, "a", NAN, NULL), ML_OK);
    assert_int_equal(ml_figures_add(&l, "b", -INFINITY, NULL), ML_OK);
    assert_int_equal(ml_figures_add(&l, "c", -0.0, NULL), ML_OK);
    assert_true(isnan(ml_figures_find(&l, "a")->value));
    ml_assert_double_exact(ml_figures_find(&l, "b")->value, -INFINITY);
    assert_true(signbit(ml_figures_find(&l, "c")->value));
    ml_figures_free(&l);
}

/* A name of 191 bytes fits (ML_FIGURE_NAME_MAX 192 with its NUL); 192 is
 * refused with ML_EINVAL and a message quoting its first 60 bytes. */
static void test_figure_name_of_192_bytes_is_refused_191_accepted(void **state)
{
    (void)state;
    ml_figures l = {0};
    char name[ML_FIGURE_NAME_MAX + 1];
    memset(name, 'n', ML_FIGURE_NAME_MAX - 1);
    name[ML_FIGURE_NAME_MAX - 1] = '\0';
    assert_int_equal(ml_figures_add(&l, name, 1.0, NULL), ML_OK);
    assert_non_null(ml_figures_find(&l, name));
    name[ML_FIGURE_NAME_MAX - 1] = 'n';
    name[ML_FIGURE_NAME_MAX] = '\0';
    ml_err err = {0};
    assert_int_equal(ml_figures_add(&l, name, 2.0, &err), ML_EINVAL);
    char want[128];
    snprintf(want, sizeof want, "figure name '%.60s...' is longer than 191 bytes", name);
    assert_string_equal(err.msg, want);
    ml_assert_size_eq(l.n, 1);
    ml_figures_free(&l);
}

typedef struct {
    const char *name;
    int keep;
} rule_case;

static void check_rule(const rule_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ml_figure_is_reference(c[i].name) != c[i].keep)
            fail_msg("ml_figure_is_reference(\"%s\") is %d, expected %d", c[i].name,
                     ml_figure_is_reference(c[i].name), c[i].keep);
}

static void test_summary_keeps_mean_sd_var995_tvar99_only(void **state)
{
    (void)state;
    static const rule_case c[] = {
        {"summary.insured.mean", 1},    {"summary.insured.sd", 1},
        {"summary.insured.var995", 1},  {"summary.insured.tvar99", 1},
        {"summary.claims.mean", 1},     {"summary.insured.se", 0},
        {"summary.insured.var90", 0},   {"summary.insured.var99", 0},
        {"summary.insured.tvar995", 0}, {"summary.insured.var999", 0},
        {"summary.insured.meanx", 0},   {"summary.insured.mea", 0},
        {"summary.insured.sd2", 0},     {"summary.insured.tvar9", 0},
    };
    check_rule(c, sizeof c / sizeof c[0]);
}

static void test_interval_columns_lo_hi_se_are_never_kept(void **state)
{
    (void)state;
    static const rule_case c[] = {
        {"summary.insured.var995_lo", 0}, {"summary.insured.var995_hi", 0},
        {"summary.insured.tvar99_se", 0}, {"ep.insured.aep_lo@100", 0},
        {"ep.insured.oep_hi@10", 0},      {"policy.paid_share_se", 0},
        {"pricing.layers.xl.premium_lo", 0}, {"x_hi", 0},
        /* Only the last part's suffix counts: a group called *_lo is fine. */
        {"stages.court_lo.closed_share", 1}, {"policy.solo", 1},
    };
    check_rule(c, sizeof c / sizeof c[0]);
}

static void test_ep_keeps_aep_and_oep_at_10_100_250_only(void **state)
{
    (void)state;
    static const rule_case c[] = {
        {"ep.insured.aep@10", 1},   {"ep.insured.aep@100", 1}, {"ep.insured.aep@250", 1},
        {"ep.insured.oep@10", 1},   {"ep.insured.oep@250", 1}, {"ep.damages.aep@100", 1},
        {"ep.insured.aep@2", 0},    {"ep.insured.aep@200", 0}, {"ep.insured.aep@1000", 0},
        {"ep.insured.aep@1", 0},    {"ep.insured.aep@25", 0},  {"ep.insured.aep@100x", 0},
        {"ep.insured.aep", 0},      {"ep.insured.xep@100", 0}, {"ep.insured.aepx@100", 0},
        {"ep.insured.return_period@100", 0},
    };
    check_rule(c, sizeof c / sizeof c[0]);
}

/* Every other table is kept whole: policy metrics, stages, pricing, any
 * table a later version adds. */
static void test_policy_stages_and_pricing_figures_are_kept(void **state)
{
    (void)state;
    static const rule_case c[] = {
        {"policy.paid_share", 1},
        {"stages.negotiation.closed_share", 1},
        {"pricing.principles.cost_of_capital.premium", 1},
        {"pricing.premium_by_group.specialty.obstetrics.per_bed", 1},
        {"newtable.row.column", 1},
        {"plain", 1},
        {"summaryx.insured.var90", 1}, /* not the summary table */
        {"eps.insured.aep@2", 1},      /* not the ep tables */
    };
    check_rule(c, sizeof c / sizeof c[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thousand_figures_are_found_by_name_after_growing),
        cmocka_unit_test(test_figures_keep_nan_inf_and_negative_zero),
        cmocka_unit_test(test_figure_name_of_192_bytes_is_refused_191_accepted),
        cmocka_unit_test(test_summary_keeps_mean_sd_var995_tvar99_only),
        cmocka_unit_test(test_interval_columns_lo_hi_se_are_never_kept),
        cmocka_unit_test(test_ep_keeps_aep_and_oep_at_10_100_250_only),
        cmocka_unit_test(test_policy_stages_and_pricing_figures_are_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
