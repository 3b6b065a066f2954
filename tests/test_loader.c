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

#include "ml_assert.h"
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

static void test_v2_values_land_in_scenario(void **state)
{
    (void)state;
    ml_scenario s;
    load_ok(ML_SOURCE_DIR "/scenarios/validation/v2_negbin_lognormal_layer.yaml", &s);
    assert_string_equal(s.name, "v2_negbin_lognormal_layer");
    ml_assert_size_eq(s.replicates, 100000);
    assert_true(s.has_seed && s.seed == 20261123);
    assert_int_equal(s.portfolio.n_hospitals, 1);
    assert_int_equal(s.portfolio.hospital_effect.kind, ML_RE_GAMMA);
    ml_assert_double_exact(s.portfolio.hospital_effect.size, 4.0);
    ml_assert_double_exact(s.portfolio.specialties[0].incident_rate, 20.0);
    assert_int_equal(s.regime.severity.kind, ML_SEV_LOGNORMAL);
    assert_true(s.regime.severity.p1 == 10.0 && s.regime.severity.p2 == 1.2);
    ml_assert_double_exact(s.regime.policy.deductible, 10000.0);
    ml_assert_double_exact(s.regime.policy.limit, 100000.0);
    assert_true(isinf(s.regime.policy.aggregate_limit));
    assert_string_equal(s.regime.currency, "USD");
    ml_scenario_free(&s);
}

static void test_omitted_blocks_take_defaults(void **state)
{
    (void)state;
    ml_scenario s;
    load_ok(ML_SOURCE_DIR "/scenarios/validation/v3_poisson_gamma_agglimit.yaml", &s);
    /* v3 leaves claiming, pathway and expenses out: everyone claims, every
     * claim is paid, no expenses. */
    ml_assert_double_exact(s.regime.p_claim, 1.0);
    ml_assert_double_exact(s.regime.p_settle, 1.0);
    ml_assert_double_exact(s.regime.expense_per_claim, 0.0);
    assert_int_equal(s.portfolio.year_effect.kind, ML_RE_NONE);
    ml_scenario_free(&s);
}

#include "tmp_files.h"

/* Each test that writes files gets its own fresh folder holding the shared
 * portfolio parts/p.yaml, so any one can run alone or in any order
 * (CMOCKA_TEST_ABORT, a filter, or a reordering must not change results). */
static int setup_folder(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_loader_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/parts", dir);
    if (mkdir(sub, 0700) != 0) return -1;
    put("parts/p.yaml",
               "name: two\nspecialties:\n  - {name: obstetrics, incident_rate: 2}\n"
               "  - {name: surgery, incident_rate: {value: 3, unit: per 1000 admissions, "
               "source: assumption}}\nhospitals:\n  - {name: A, exposure: {surgery: 10}}\n"
               "  - {name: B, exposure: {obstetrics: 5, surgery: 1}}\n");
    return 0;
}

static int teardown_folder(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_referenced_files_resolve_and_dump_reloads(void **state)
{
    (void)state;
    put("parts/r.yaml", "name: r\ncurrency: GBP\nseverity: {model: pareto, shape: 2.5, "
                               "scale: 1e5}\n");
    put("s.yaml", "name: s\nportfolio: parts/p.yaml\nregime: parts/r.yaml\n");
    char path[256];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    ml_scenario s;
    load_ok(path, &s);
    assert_int_equal(s.portfolio.n_hospitals, 2);
    ml_assert_double_exact(s.portfolio.hospitals[0].exposure[0], 0.0); /* absent = 0 */
    ml_assert_double_exact(s.portfolio.hospitals[0].exposure[1], 10.0);
    ml_assert_double_exact(s.portfolio.specialties[1].incident_rate, 3.0);
    /* hospital B: 5 obstetrics x 2 + 1 surgery x 3 */
    ml_assert_double_abs(ml_portfolio_hospital_rate(&s.portfolio, 1), 13.0, 1e-12,
                         "two products of small integers");
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
        cmocka_unit_test(test_v2_values_land_in_scenario),
        cmocka_unit_test(test_omitted_blocks_take_defaults),
        cmocka_unit_test_setup_teardown(test_referenced_files_resolve_and_dump_reloads,
                                        setup_folder, teardown_folder),
        cmocka_unit_test_setup_teardown(test_error_in_referenced_file_names_both,
                                        setup_folder, teardown_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
