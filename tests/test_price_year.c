/*
 * test_price_year.c — one price year per regime: amounts written
 * {value, year} are trended by the regime's price index (levels or
 * chained changes), damages_year shifts each damages class by the log of
 * the factor, a lever's amounts use the base regime's index, participation
 * by grade reaches each hospital, and the resolved text (trended values,
 * price_year, no index) reloads to the same numbers.  Rejections are
 * catalogued in tests/bad_input/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "price_index.h"
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

static void load_ok(const char *name, ml_scenario *s)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    ml_err err = {0};
    int rc = ml_scenario_load(p, s, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_price_XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("cpi.yaml", "name: test_cpi\nlevel: {2019: 80, 2020: 100, 2021: 104, 2022: 110, "
                    "2023: 115}\n");
    /* Chained: 2019 = 100, 2020 = 110, 2021 = 121, 2022 = 133.1. */
    put("chain.yaml", "name: chain_cpi\nprevious_year_100: {2020: 110, 2021: 110, 2022: 110}\n");
    return 0;
}

/* A lifecycle regime whose amounts are written plainly (%s = "") or with
 * years; PRICE is the price_year / price_index block. */
static void put_regime(const char *name, const char *price, int with_years,
                       const char *participation)
{
    char t[6000];
    snprintf(t, sizeof t,
        "name: mini\ncurrency: USD\n%s"
        "policy: {deductible: %s, limit: %s, aggregate_limit: .inf, aggregate_retention: %s}\n"
        "lifecycle:\n"
        "  claiming:\n"
        "    p_claim:\n"
        "      negligent: {minor: 0.1, serious: 0.2, permanent: 0.3, death: 0.4}\n"
        "      not_negligent: {minor: 0.01, serious: 0.02, permanent: 0.03, death: 0.04}\n"
        "  liability_degrees: {none: 0, full: 1}\n"
        "  appraisal:\n"
        "    expert:\n"
        "      cost: %s\n"
        "      negligent: {full: 0.7, none: 0.3}\n"
        "      not_negligent: {none: 0.9, full: 0.1}\n"
        "  compensation:\n%s"
        "    damages:\n"
        "      minor: {meanlog: 8, sdlog: 1}\n"
        "      serious: {meanlog: 9, sdlog: 1.1}\n"
        "      permanent: {meanlog: 10, sdlog: 1.2}\n"
        "      death: {meanlog: 11, sdlog: 0.5}\n"
        "    schedule:\n"
        "      base: %s\n"
        "      years: 20\n"
        "      grades:\n"
        "        death: [{coef: 1, prob: 1}]\n"
        "    cap_total: %s\n"
        "  pathway:\n"
        "    entry: {talks: 1}\n"
        "    stages:\n"
        "      talks:\n"
        "        kind: negotiation\n"
        "        costs: {defence: %s, claimant: 50, admin: 0}\n"
        "        p_agree: {negligent: 0.4, not_negligent: 0.1}\n"
        "        discount: 0.6\n"
        "        next: {court: 0.5, dropped: 0.5}\n"
        "      court:\n"
        "        kind: litigation\n"
        "        appraisal: expert\n"
        "        adjudicates: true\n"
        "      dropped:\n"
        "        kind: dropped\n"
        "  insurance:\n"
        "    participation: %s\n",
        price,
        with_years ? "{value: 1040, year: 2021}" : "1150",
        with_years ? "{value: 800000, year: 2019}" : "1150000",
        with_years ? "{value: 3000, year: 2023, source: same year}" : "3000",
        with_years ? "{value: 2200, year: 2022}" : "2300",
        with_years ? "    damages_year: 2020\n" : "",
        with_years ? "{value: 50000, unit: USD a year, year: 2020}" : "57500",
        with_years ? "{value: 2e6, year: 2019}" : "2875000",
        with_years ? "{value: 100, year: 2020}" : "115",
        participation);
    put(name, t);
}

static void put_scenario(const char *name, const char *regime, const char *levers)
{
    char t[2048];
    snprintf(t, sizeof t,
             "name: price_run\nrun: {replicates: 10, seed: 1}\n"
             "portfolio:\n"
             "  name: tiny\n"
             "  injury_mix: {minor: 0.5, serious: 0.2, permanent: 0.2, death: 0.1}\n"
             "  negligent_share: {minor: 0.2, serious: 0.3, permanent: 0.4, death: 0.5}\n"
             "  specialties: [{name: medicine, incident_rate: 30}]\n"
             "  hospitals:\n"
             "    - {name: big, grade: tertiary, exposure: {medicine: 10}}\n"
             "    - {name: mid, grade: secondary, exposure: {medicine: 5}}\n"
             "    - {name: loose, exposure: {medicine: 1}}\n"
             "regime: %s\n%s\n", regime, levers);
    put(name, t);
}

static void near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-12 * fabs(want)))
        fail_msg("got %.17g, want %.17g", got, want);
}

static void test_price_factor_is_index_ratio(void **state)
{
    (void)state;
    ml_price p = {.year = 2022, .first = 2020, .last = 2022, .level = {100, 104, 110}};
    double f;
    assert_int_equal(ml_price_factor(&p, 2020, &f), 0);
    ml_assert_double_exact(f, 110.0 / 100.0);
    assert_int_equal(ml_price_factor(&p, 2022, &f), 0);
    ml_assert_double_exact(f, 1.0);
    assert_int_equal(ml_price_factor(&p, 2019, &f), -1);
    assert_int_equal(ml_price_factor(&p, 2023, &f), -1);
    /* No index: only the price year itself. */
    ml_price none = {.year = 2022, .first = 1, .last = 0};
    assert_int_equal(ml_price_factor(&none, 2022, &f), 0);
    ml_assert_double_exact(f, 1.0);
    assert_int_equal(ml_price_factor(&none, 2021, &f), -1);
}

/* Every amount written for another year equals the plain amount of the
 * price year (index levels 2019..2023: 80 100 104 110 115). */
static void test_trended_amounts(void **state)
{
    (void)state;
    put_regime("r_years.yaml", "price_year: 2023\nprice_index: cpi.yaml\n", 1, "0.6");
    put_regime("r_plain.yaml", "price_year: 2023\n", 0, "0.6");
    put_scenario("s_years.yaml", "r_years.yaml", "");
    put_scenario("s_plain.yaml", "r_plain.yaml", "");
    ml_scenario a, b;
    load_ok("s_years.yaml", &a);
    load_ok("s_plain.yaml", &b);
    assert_int_equal(a.regime.price.year, 2023);
    near(a.regime.policy.deductible, b.regime.policy.deductible);
    near(a.regime.policy.limit, b.regime.policy.limit);
    assert_true(a.regime.policy.aggregate_retention == 3000.0); /* same year: exact */
    const ml_lifecycle *A = a.regime.life, *B = b.regime.life;
    near(A->route[0].cost, B->route[0].cost);
    near(A->comp.sched_base, B->comp.sched_base);
    near(A->comp.cap_total, B->comp.cap_total);
    near(A->pathway.st[0].cost_defence, B->pathway.st[0].cost_defence);
    ml_assert_double_exact(A->pathway.st[0].cost_claimant, 50.0);
    /* damages_year 2020: every class scaled by 115/100. */
    for (int k = 0; k < ML_N_INJ; k++) {
        ml_assert_double_abs(A->comp.law[k].meanlog, B->comp.law[k].meanlog + log(1.15), 1e-12, "rounding of a few operations");
        ml_assert_double_exact(A->comp.law[k].sdlog, B->comp.law[k].sdlog);
    }
    ml_scenario_free(&a);
    ml_scenario_free(&b);
}

static void test_chained_index(void **state)
{
    (void)state;
    put("r_chain.yaml", "name: c\ncurrency: USD\nprice_year: 2022\nprice_index: chain.yaml\n"
                        "severity: {model: gamma, shape: 2, scale: {value: 1000, year: 2019}}\n"
                        "expenses: {per_claim: {value: 10, year: 2021}}\n"
                        "policy: {deductible: {value: 100, year: 2020}}\n");
    put("s_chain.yaml", "name: sc\nportfolio:\n  name: p\n  specialties: [{name: all, "
                        "incident_rate: 1}]\n  hospitals: [{name: h, exposure: {all: 1}}]\n"
                        "regime: r_chain.yaml\n");
    ml_scenario s;
    load_ok("s_chain.yaml", &s);
    near(s.regime.severity.p2, 1331.0);
    near(s.regime.expense_per_claim, 11.0);
    near(s.regime.policy.deductible, 121.0);
    ml_scenario_free(&s);
}

/* A lever's amounts are trended by the base regime's index. */
static void test_lever_amount(void **state)
{
    (void)state;
    put_regime("r_years.yaml", "price_year: 2023\nprice_index: cpi.yaml\n", 1, "0.6");
    put("lever.yaml", "lever: dearer\nset:\n  lifecycle:\n    pathway:\n      stages:\n"
                      "        talks:\n          costs: {defence: {value: 200, year: 2020}}\n");
    put_scenario("s_lever.yaml", "r_years.yaml", "levers: [lever.yaml]");
    ml_scenario s;
    load_ok("s_lever.yaml", &s);
    near(s.regime.life->pathway.st[0].cost_defence, 230.0);
    ml_scenario_free(&s);
}

/* Participation by grade reaches each hospital; 'other' takes the rest. */
static void test_participation_by_grade(void **state)
{
    (void)state;
    put_regime("r_grade.yaml", "", 0, "{tertiary: 0.6, secondary: 0.5, other: 0.2}");
    put_scenario("s_grade.yaml", "r_grade.yaml", "");
    ml_scenario s;
    load_ok("s_grade.yaml", &s);
    assert_non_null(s.participation);
    assert_true(s.participation[0] == 0.6 && s.participation[1] == 0.5 &&
                s.participation[2] == 0.2);
    ml_scenario_free(&s);
    /* A scalar: no per-hospital array, the one value for all. */
    put_regime("r_one.yaml", "", 0, "0.7");
    put_scenario("s_one.yaml", "r_one.yaml", "");
    load_ok("s_one.yaml", &s);
    assert_null(s.participation);
    ml_assert_double_exact(s.regime.life->ins.participation, 0.7);
    ml_scenario_free(&s);
}

/* The resolved text holds the trended numbers and the price year, and
 * reloads (without the index) to the same numbers and the same text. */
static void test_dump_reloads(void **state)
{
    (void)state;
    put_regime("r_years.yaml", "price_year: 2023\nprice_index: cpi.yaml\n", 1,
               "{tertiary: 0.6, secondary: 0.5, other: 0.2}");
    put_scenario("s_years.yaml", "r_years.yaml", "");
    ml_scenario a, b;
    load_ok("s_years.yaml", &a);
    char *y1 = ml_scenario_to_yaml(&a);
    assert_non_null(y1);
    assert_non_null(strstr(y1, "  price_year: 2023\n"));
    assert_null(strstr(y1, "price_index"));
    assert_null(strstr(y1, ", year:")); /* no {value, year} left */
    assert_null(strstr(y1, "damages_year"));
    put("resolved.yaml", y1);
    load_ok("resolved.yaml", &b);
    ml_assert_double_exact(b.regime.price.year, 2023);
    ml_assert_double_exact(a.regime.policy.deductible, b.regime.policy.deductible);
    ml_assert_double_exact(a.regime.policy.limit, b.regime.policy.limit);
    ml_assert_double_exact(a.regime.policy.aggregate_retention, b.regime.policy.aggregate_retention);
    assert_memory_equal(&a.regime.life->comp, &b.regime.life->comp, sizeof a.regime.life->comp);
    for (int h = 0; h < 3; h++)
        ml_assert_double_exact(a.participation[h], b.participation[h]);
    char *y2 = ml_scenario_to_yaml(&b);
    assert_string_equal(strchr(y1, '\n'), strchr(y2, '\n'));
    free(y1);
    free(y2);
    ml_scenario_free(&a);
    ml_scenario_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_factor_is_index_ratio),
        cmocka_unit_test(test_trended_amounts),
        cmocka_unit_test(test_chained_index),
        cmocka_unit_test(test_lever_amount),
        cmocka_unit_test(test_participation_by_grade),
        cmocka_unit_test(test_dump_reloads),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
