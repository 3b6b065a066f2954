/*
 * test_loader.c — scenario loading: values and defaults land where they
 * should, referenced portfolio and regime files resolve relative to the
 * scenario, and the resolved YAML written into every output loads back to
 * the same scenario.  (Rejections are catalogued in tests/bad_input/.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void load_ok(const char *path, ml_scenario *s)
{
    ml_err err = {0};
    int rc = ml_scenario_load(path, s, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
}

static void test_v2_values(void **state)
{
    (void)state;
    ml_scenario s;
    load_ok(ML_SOURCE_DIR "/scenarios/validation/v2_negbin_lognormal_layer.yaml", &s);
    assert_string_equal(s.name, "v2_negbin_lognormal_layer");
    assert_int_equal(s.replicates, 100000);
    assert_true(s.has_seed && s.seed == 20261123);
    assert_int_equal(s.portfolio.n_hospitals, 1);
    assert_int_equal(s.portfolio.hospital_effect.kind, ML_RE_GAMMA);
    assert_true(s.portfolio.hospital_effect.size == 4.0);
    assert_true(s.portfolio.specialties[0].incident_rate == 20.0);
    assert_int_equal(s.regime.severity.kind, ML_SEV_LOGNORMAL);
    assert_true(s.regime.severity.p1 == 10.0 && s.regime.severity.p2 == 1.2);
    assert_true(s.regime.policy.deductible == 10000.0);
    assert_true(s.regime.policy.limit == 100000.0);
    assert_true(isinf(s.regime.policy.aggregate_limit));
    assert_string_equal(s.regime.currency, "USD");
    ml_scenario_free(&s);
}

static void test_defaults(void **state)
{
    (void)state;
    ml_scenario s;
    load_ok(ML_SOURCE_DIR "/scenarios/validation/v3_poisson_gamma_agglimit.yaml", &s);
    /* v3 leaves claiming, pathway and expenses out: everyone claims, every
     * claim is paid, no expenses. */
    assert_true(s.regime.p_claim == 1.0 && s.regime.p_settle == 1.0);
    assert_true(s.regime.expense_per_claim == 0.0);
    assert_int_equal(s.portfolio.year_effect.kind, ML_RE_NONE);
    ml_scenario_free(&s);
}

#include "tmp_files.h"

static void test_referenced_files(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_loader_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/parts", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put("parts/p.yaml",
               "name: two\nspecialties:\n  - {name: obstetrics, incident_rate: 2}\n"
               "  - {name: surgery, incident_rate: {value: 3, unit: per 1000 admissions, "
               "source: assumption}}\nhospitals:\n  - {name: A, exposure: {surgery: 10}}\n"
               "  - {name: B, exposure: {obstetrics: 5, surgery: 1}}\n");
    put("parts/r.yaml", "name: r\ncurrency: GBP\nseverity: {model: pareto, shape: 2.5, "
                               "scale: 1e5}\n");
    put("s.yaml", "name: s\nportfolio: parts/p.yaml\nregime: parts/r.yaml\n");
    char path[256];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    ml_scenario s;
    load_ok(path, &s);
    assert_int_equal(s.portfolio.n_hospitals, 2);
    assert_true(s.portfolio.hospitals[0].exposure[0] == 0.0); /* absent = 0 */
    assert_true(s.portfolio.hospitals[0].exposure[1] == 10.0);
    assert_true(s.portfolio.specialties[1].incident_rate == 3.0);
    assert_true(fabs(ml_portfolio_hospital_rate(&s.portfolio, 1) - 13.0) < 1e-12);
    assert_string_equal(s.regime.currency, "GBP");
    assert_non_null(strstr(s.portfolio_file, "parts/p.yaml"));

    /* The resolved text loads back to the same scenario, and dumps the same. */
    char *y1 = ml_scenario_to_yaml(&s);
    assert_non_null(y1);
    put("resolved.yaml", y1);
    snprintf(path, sizeof path, "%s/resolved.yaml", dir);
    ml_scenario s2;
    load_ok(path, &s2);
    char *y2 = ml_scenario_to_yaml(&s2);
    /* Skip the first line, which names the source file. */
    assert_string_equal(strchr(y1, '\n'), strchr(y2, '\n'));
    free(y1);
    free(y2);
    ml_scenario_free(&s);
    ml_scenario_free(&s2);
}

static void test_error_in_referenced_file_names_both(void **state)
{
    (void)state;
    put("parts/bad.yaml", "name: r\ncurrency: GBP\nseverity:\n  model: gamma\n"
                                 "  shape: -2\n  scale: 1\n");
    put("s2.yaml", "name: s2\nportfolio: parts/p.yaml\nregime: parts/bad.yaml\n");
    char path[256];
    snprintf(path, sizeof path, "%s/s2.yaml", dir);
    ml_scenario s;
    ml_err err = {0};
    assert_int_equal(ml_scenario_load(path, &s, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "parts/bad.yaml:5: regime.severity.shape: -2 is out of range"));
    assert_non_null(strstr(err.msg, "s2.yaml:3"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_values),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_referenced_files),
        cmocka_unit_test(test_error_in_referenced_file_names_both),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
