/*
 * test_lean_full.c — the engine's loop for terms that pay every claim in
 * full (engine.c, pays_in_full: the insured sums taken from the
 * compensation sums, nothing retained summed, a zero expense not summed)
 * gives the arrays of the general loop bit for bit.  The general loop is
 * reached by the same terms with a limit of 10^15, which no claim or year
 * of these scenarios comes near (damages lognormal(9, 1)), so y = x there
 * too.  Claiming, settling, a share below 1, expenses or none, one or two
 * hospitals and specialties; the plain loop (every incident a paid claim,
 * no expense) with a share of 1 and of 0.35.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

/* %s: the regime's extra lines; %s: the policy's limits. */
static const char *const yaml_fmt =
    "name: s\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: a, incident_rate: 2}, {name: b, incident_rate: 1}]\n"
    "  hospitals: [{name: h1, exposure: {a: 1, b: 2}}, {name: h2, exposure: {a: 3}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: EUR\n"
    "  severity: {model: lognormal, meanlog: 9, sdlog: 1}\n"
    "%s"
    "  policy: {deductible: 0, coinsurance: 1%s}\n";

/* The first two take the plain loop (engine.c, plain_claims). */
static const char *const variants[] = {
    "",
    "  liability: [{share: 0.35, prob: 1}]\n",
    "  expenses: {per_claim: 1000}\n",
    "  claiming: {p_claim: 0.6}\n  pathway: {p_settle: 0.7}\n",
    "  claiming: {p_claim: 0.9}\n  liability: [{share: 0.5, prob: 1}]\n"
    "  expenses: {per_claim: 250}\n",
};

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("ml_lean");
}

static int teardown(void **state)
{
    (void)state;
    return tmp_dir_remove();
}

static void run_yaml(const char *name, const char *text, size_t n, ml_results *res)
{
    put(name, text);
    char p[300];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    ml_scenario s;
    ml_err err = {0};
    if (ml_scenario_load(p, &s, &err))
        fail_msg("%s: %s", name, err.msg);
    assert_int_equal(ml_results_alloc(res, n), ML_OK);
    ml_run_opts o = {20261207, n, 0, 2, NULL, 0, NULL};
    if (ml_engine_run(&s, &o, res, &err))
        fail_msg("%s: %s", name, err.msg);
    ml_scenario_free(&s);
}

static void test_full_pay_loop_equals_the_general_one(void **state)
{
    (void)state;
    const size_t n = 4000;
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char a[2048], b[2048];
        snprintf(a, sizeof a, yaml_fmt, variants[v], "");
        snprintf(b, sizeof b, yaml_fmt, variants[v], ", limit: 1e15, aggregate_limit: 1e15");
        ml_results full, general;
        run_yaml("full.yaml", a, n, &full);
        run_yaml("general.yaml", b, n, &general);
        for (int s = 0; s < ML_SERIES; s++) {
            const double *x = ml_series_ptr(&full, s), *y = ml_series_ptr(&general, s);
            if (x && memcmp(x, y, n * sizeof *x))
                fail_msg("variant %zu: series %d (%s) differs", v, s,
                         ml_series_measure(s) >= 0 ? ml_measure_name[ml_series_measure(s)]
                                                   : "pricing");
        }
        for (unsigned k = 0; k < full.n_spec; k++)
            assert_memory_equal(full.spec_insured[k], general.spec_insured[k], n * sizeof(double));
        for (unsigned k = 0; k < full.n_grades; k++)
            assert_memory_equal(full.grade_insured[k], general.grade_insured[k],
                                n * sizeof(double));
        double paid = 0.0;
        for (size_t i = 0; i < n; i++)
            paid += full.annual[ML_M_INSURED][i];
        assert_true(paid > 0.0); /* years with claims in them */
        ml_results_free(&full);
        ml_results_free(&general);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_pay_loop_equals_the_general_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
