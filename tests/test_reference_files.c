/*
 * test_reference_files.c — the reference summaries of results/reference/
 * (reference.h): written and read back to the last bit for awkward
 * doubles, malformed files refused with path:line: field, the write
 * through a temporary name, and ml_ref_match's rule (equal, both NaN,
 * both below ML_REF_ZERO, or within rtol of the expected value).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "tmp_files.h"

#include "reference.h"

#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_ref_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d) closedir(d);
    rmdir(dir);
    return 0;
}

static const char *path_of(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static size_t files_in_dir(void)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d) closedir(d);
    return n;
}

static ml_reference header(const char *scenario)
{
    ml_reference r;
    memset(&r, 0, sizeof r);
    snprintf(r.scenario, sizeof r.scenario, "%s", scenario);
    snprintf(r.run_file, sizeof r.run_file, "scenarios/%s.yaml", scenario);
    snprintf(r.version, sizeof r.version, "0.1.0");
    snprintf(r.commit, sizeof r.commit, "0123456789abcdef");
    r.seed = 20261123;
    r.replicates = 2000;
    return r;
}

/* ---- round trip ------------------------------------------------------ */

/* %.17g and strtod: every double reads back with the same bits, the
 * awkward ones included: 0.1 (no finite binary form), 1/3, the largest
 * double, the smallest normal, the smallest and the largest subnormal,
 * negative zero (its sign), 2^53 + 2 (odd neighbours missing), infinities
 * and NaN. */
static void test_awkward_doubles_read_back_bit_for_bit_subnormals_included(void **state)
{
    (void)state;
    const double v[] = {0.1, 1.0 / 3.0, 1e308, DBL_MAX, -DBL_MAX, DBL_MIN,
                        4.9406564584124654e-324, 2.2250738585072009e-308, -5e-324,
                        -0.0, 0.0, 9007199254740994.0, 123456789.12345678,
                        M_PI, -1e-300, 1e22, INFINITY, -INFINITY, NAN};
    const size_t n = sizeof v / sizeof v[0];
    ml_reference w = header("uk");
    char name[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "summary.m%zu.mean", i);
        assert_int_equal(ml_figures_add(&w.fig, name, v[i], NULL), ML_OK);
    }
    ml_err err = {0};
    assert_int_equal(ml_ref_write(path_of("uk.csv"), &w, &err), ML_OK);
    ml_reference r;
    int rc = ml_ref_load(path_of("uk.csv"), &r, &err);
    if (rc) fail_msg("%s", err.msg);
    ml_assert_size_eq(r.fig.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r.fig.f[i].name, w.fig.f[i].name);
        if (isnan(v[i])) {
            assert_true(isnan(r.fig.f[i].value));
        } else if (memcmp(&r.fig.f[i].value, &v[i], sizeof(double)))
            fail_msg("%s: wrote %a, read %a", name, v[i], r.fig.f[i].value);
    }
    ml_ref_free(&r);
    ml_ref_free(&w);
}

/* The header travels too: scenario, run file, seed (the largest 64-bit
 * value included), replicates, version and commit. */
static void test_header_fields_read_back_seed_up_to_2_pow_64_minus_1(void **state)
{
    (void)state;
    ml_reference w = header("de");
    w.seed = UINT64_MAX;
    w.replicates = 123456789;
    assert_int_equal(ml_figures_add(&w.fig, "policy.paid_share", 0.25, NULL), ML_OK);
    assert_int_equal(ml_ref_write(path_of("de.csv"), &w, NULL), ML_OK);
    ml_reference r;
    assert_int_equal(ml_ref_load(path_of("de.csv"), &r, NULL), ML_OK);
    assert_string_equal(r.scenario, "de");
    assert_string_equal(r.run_file, "scenarios/de.yaml");
    assert_string_equal(r.version, "0.1.0");
    assert_string_equal(r.commit, "0123456789abcdef");
    assert_string_equal(r.path, path_of("de.csv"));
    assert_true(r.seed == UINT64_MAX);
    assert_true(r.replicates == 123456789);
    ml_ref_free(&r);
    ml_ref_free(&w);
}

/* The exact text written: the documented layout (reference.h), one line
 * per figure, value with 17 significant digits. */
static void test_written_file_is_the_documented_layout_line_by_line(void **state)
{
    (void)state;
    ml_reference w = header("uk");
    assert_int_equal(ml_figures_add(&w.fig, "summary.insured.mean", 0.1, NULL), ML_OK);
    assert_int_equal(ml_figures_add(&w.fig, "ep.insured.aep@100", 2.5e9, NULL), ML_OK);
    assert_int_equal(ml_ref_write(path_of("uk.csv"), &w, NULL), ML_OK);
    FILE *f = fopen(path_of("uk.csv"), "r");
    assert_non_null(f);
    char text[2048];
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    assert_string_equal(text,
                        "# medliab reference summary; regenerate with: medliab verify --update\n"
                        "# (figures: README, \"Reproduce the published numbers\")\n"
                        "# scenario: uk\n"
                        "# run_file: scenarios/uk.yaml\n"
                        "# seed: 20261123\n"
                        "# replicates: 2000\n"
                        "# medliab: 0.1.0\n"
                        "# commit: 0123456789abcdef\n"
                        "scenario,figure,value\n"
                        "uk,summary.insured.mean,0.10000000000000001\n"
                        "uk,ep.insured.aep@100,2500000000\n");
    /* Written through a temporary name: only the file itself is left. */
    ml_assert_size_eq(files_in_dir(), 1);
    ml_ref_free(&w);
}

/* Comments, unknown "# key: value" lines, blank lines and CRLF line ends
 * are all accepted. */
static void test_crlf_blank_lines_and_unknown_header_keys_are_accepted(void **state)
{
    (void)state;
    put("crlf.csv", "# scenario: fr\r\n# run_file: scenarios/fr.yaml\r\n# seed: 7\r\n"
                    "# replicates: 10\r\n# note: anything here\r\n# a comment\r\n\r\n"
                    "scenario,figure,value\r\n\r\nfr,policy.paid_share,0.5\r\n"
                    "fr,summary.insured.sd,-1.5e-3\r\n");
    ml_reference r;
    ml_err err = {0};
    int rc = ml_ref_load(path_of("crlf.csv"), &r, &err);
    if (rc) fail_msg("%s", err.msg);
    ml_assert_size_eq(r.fig.n, 2);
    ml_assert_double_exact(ml_figures_find(&r.fig, "policy.paid_share")->value, 0.5);
    ml_assert_double_exact(ml_figures_find(&r.fig, "summary.insured.sd")->value, -1.5e-3);
    assert_true(r.seed == 7 && r.replicates == 10);
    assert_string_equal(r.version, ""); /* not given: empty, not required */
    ml_ref_free(&r);
}

/* ---- malformed files ------------------------------------------------- */

static const char *const HEAD = "# scenario: uk\n# run_file: scenarios/uk.yaml\n# seed: 1\n"
                                "# replicates: 10\nscenario,figure,value\n";

/* Writes text, loads it, and checks the status and the whole message. */
static void refused(const char *name, const char *text, int code, const char *msg_after_path)
{
    put(name, text);
    ml_reference r;
    ml_err err = {0};
    assert_int_equal(ml_ref_load(path_of(name), &r, &err), code);
    char want[1200];
    snprintf(want, sizeof want, "%s%s", path_of(name), msg_after_path);
    assert_string_equal(err.msg, want);
    ml_assert_size_eq(r.fig.n, 0); /* nothing to free after a failure */
    assert_null(r.fig.f);
}

static void test_bad_header_values_are_refused_naming_path_line_and_key(void **state)
{
    (void)state;
    refused("seed.csv", "# scenario: uk\n# run_file: r\n# seed: abc\n", ML_EINVAL,
            ":3: seed: 'abc' is not a whole number (> 0 for replicates)");
    refused("seed2.csv", "# scenario: uk\n# seed: -1\n", ML_EINVAL,
            ":2: seed: '-1' is not a whole number (> 0 for replicates)");
    refused("seed3.csv", "# seed: 12x\n", ML_EINVAL,
            ":1: seed: '12x' is not a whole number (> 0 for replicates)");
    refused("seed4.csv", "# seed: 18446744073709551616\n", ML_EINVAL,
            ":1: seed: '18446744073709551616' is not a whole number (> 0 for replicates)");
    refused("reps.csv", "# scenario: uk\n# replicates: 0\n", ML_EINVAL,
            ":2: replicates: '0' is not a whole number (> 0 for replicates)");
    refused("name.csv", "# scenario: \n", ML_EINVAL,
            ":1: scenario: '' is not a non-empty name");
    refused("run.csv", "# scenario: uk\n# run_file:\n", ML_EINVAL,
            ":2: run_file: '' is not a non-empty name");
}

static void test_missing_header_line_is_named_at_the_column_line(void **state)
{
    (void)state;
    refused("nohead.csv", "# scenario: uk\n# run_file: r\n# replicates: 5\nscenario,figure,value\n",
            ML_EINVAL, ":4: seed: missing header line '# seed: ...' before the column names");
    refused("noscen.csv", "scenario,figure,value\n", ML_EINVAL,
            ":1: scenario: missing header line '# scenario: ...' before the column names");
}

static void test_wrong_columns_late_header_and_no_column_line_are_refused(void **state)
{
    (void)state;
    refused("cols.csv", "# scenario: uk\nscenario,figure,val\n", ML_EINVAL,
            ":2: columns: expected 'scenario,figure,value', found 'scenario,figure,val'");
    char text[512];
    snprintf(text, sizeof text, "%s# seed: 2\n", HEAD);
    refused("late.csv", text, ML_EINVAL, ":6: header line after the column names");
    refused("nocols.csv", "# scenario: uk\n# a comment\n\n", ML_EINVAL,
            ":3: columns: no 'scenario,figure,value' line");
    refused("empty.csv", "", ML_EINVAL, ":0: columns: no 'scenario,figure,value' line");
}

static void test_bad_rows_are_refused_naming_the_line_and_field(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "%suk,summary.insured.mean\n", HEAD);
    refused("two.csv", text, ML_EINVAL, ":6: expected three fields scenario,figure,value");
    snprintf(text, sizeof text, "%suk,a,1,2\n", HEAD);
    refused("four.csv", text, ML_EINVAL, ":6: expected three fields scenario,figure,value");
    snprintf(text, sizeof text, "%suk,a,1\nfr,b,2\n", HEAD);
    refused("other.csv", text, ML_EINVAL, ":7: scenario: 'fr' differs from the header's 'uk'");
    snprintf(text, sizeof text, "%suk,,1\n", HEAD);
    refused("noname.csv", text, ML_EINVAL, ":6: figure: empty name");
    snprintf(text, sizeof text, "%suk,summary.x,abc\n", HEAD);
    refused("abc.csv", text, ML_EINVAL, ":6: value: 'abc' is not a number (figure summary.x)");
    snprintf(text, sizeof text, "%suk,summary.x,\n", HEAD);
    refused("novalue.csv", text, ML_EINVAL, ":6: value: '' is not a number (figure summary.x)");
    snprintf(text, sizeof text, "%suk,summary.x,1.5x\n", HEAD);
    refused("trail.csv", text, ML_EINVAL, ":6: value: '1.5x' is not a number (figure summary.x)");
    /* 1e400 overflows a double: refused, not read as +inf. */
    snprintf(text, sizeof text, "%suk,summary.x,1e400\n", HEAD);
    refused("huge.csv", text, ML_EINVAL, ":6: value: '1e400' is not a number (figure summary.x)");
    snprintf(text, sizeof text, "%suk,a,1\nuk,b,2\nuk,a,3\n", HEAD);
    refused("twice.csv", text, ML_EINVAL, ":8: figure: a is listed twice");
}

/* A line longer than the reader's 1024-byte buffer is refused as such,
 * not cut into two rows. */
static void test_line_of_1100_bytes_is_refused_as_too_long(void **state)
{
    (void)state;
    char text[2048];
    int k = snprintf(text, sizeof text, "%suk,", HEAD);
    memset(text + k, 'f', 1100);
    snprintf(text + k + 1100, sizeof text - (size_t)k - 1100, ",1\n");
    refused("long.csv", text, ML_EINVAL, ":6: line longer than 1022 bytes");
}

static void test_missing_file_is_an_io_error_naming_it(void **state)
{
    (void)state;
    ml_reference r;
    ml_err err = {0};
    assert_int_equal(ml_ref_load(path_of("absent.csv"), &r, &err), ML_EIO);
    char want[512];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory",
             path_of("absent.csv"));
    assert_string_equal(err.msg, want);
}

/* ---- writing --------------------------------------------------------- */

/* A figure name with a comma, quote or line break would break the CSV:
 * refused before anything is written. */
static void test_write_refuses_a_figure_name_with_a_comma_and_writes_nothing(void **state)
{
    (void)state;
    const char *bad[] = {"summary.a,b.mean", "policy.\"q\"", "x\ny", "x\ry"};
    for (size_t i = 0; i < 4; i++) {
        ml_reference w = header("uk");
        assert_int_equal(ml_figures_add(&w.fig, "ok", 1.0, NULL), ML_OK);
        assert_int_equal(ml_figures_add(&w.fig, bad[i], 1.0, NULL), ML_OK);
        ml_err err = {0};
        assert_int_equal(ml_ref_write(path_of("bad.csv"), &w, &err), ML_EINVAL);
        char want[512];
        snprintf(want, sizeof want, "figure name '%s' holds a comma, quote or line break and "
                 "cannot be written to %s", bad[i], path_of("bad.csv"));
        assert_string_equal(err.msg, want);
        ml_ref_free(&w);
    }
    ml_assert_size_eq(files_in_dir(), 0);
}

static void test_write_into_a_missing_folder_fails_naming_the_temporary(void **state)
{
    (void)state;
    ml_reference w = header("uk");
    char p[300];
    snprintf(p, sizeof p, "%s/no/such/uk.csv", dir);
    ml_err err = {0};
    assert_int_equal(ml_ref_write(p, &w, &err), ML_EIO);
    char want[400];
    snprintf(want, sizeof want, "%s.tmp.%ld: cannot create: No such file or directory", p,
             (long)getpid());
    assert_string_equal(err.msg, want);
}

/* Rewriting replaces the old file whole (rename over it). */
static void test_rewrite_replaces_the_old_figures(void **state)
{
    (void)state;
    ml_reference w = header("uk");
    assert_int_equal(ml_figures_add(&w.fig, "a", 1.0, NULL), ML_OK);
    assert_int_equal(ml_figures_add(&w.fig, "b", 2.0, NULL), ML_OK);
    assert_int_equal(ml_ref_write(path_of("uk.csv"), &w, NULL), ML_OK);
    ml_ref_free(&w);
    w = header("uk");
    assert_int_equal(ml_figures_add(&w.fig, "c", 3.0, NULL), ML_OK);
    assert_int_equal(ml_ref_write(path_of("uk.csv"), &w, NULL), ML_OK);
    ml_reference r;
    assert_int_equal(ml_ref_load(path_of("uk.csv"), &r, NULL), ML_OK);
    ml_assert_size_eq(r.fig.n, 1);
    assert_null(ml_figures_find(&r.fig, "a"));
    ml_assert_double_exact(ml_figures_find(&r.fig, "c")->value, 3.0);
    ml_assert_size_eq(files_in_dir(), 1);
    ml_ref_free(&r);
    ml_ref_free(&w);
}

/* ---- ml_ref_match ---------------------------------------------------- */

static void test_match_equal_and_both_nan_with_rel_0(void **state)
{
    (void)state;
    double rel = -1;
    assert_true(ml_ref_match(3.5, 3.5, 0.0, &rel));
    ml_assert_double_exact(rel, 0.0);
    assert_true(ml_ref_match(NAN, NAN, 0.0, &rel));
    ml_assert_double_exact(rel, 0.0);
    assert_true(ml_ref_match(INFINITY, INFINITY, 0.0, &rel));
    assert_true(ml_ref_match(0.0, -0.0, 0.0, &rel)); /* equal as numbers */
}

/* NaN against a number (either way) and opposite infinities never match,
 * whatever rtol: their rel is +inf. */
static void test_nan_against_a_number_and_opposite_infinities_never_match(void **state)
{
    (void)state;
    double rel;
    assert_false(ml_ref_match(NAN, 1.0, 1e300, &rel));
    ml_assert_double_exact(rel, INFINITY);
    assert_false(ml_ref_match(1.0, NAN, 1e300, &rel));
    ml_assert_double_exact(rel, INFINITY);
    assert_false(ml_ref_match(INFINITY, -INFINITY, 1e300, &rel));
    ml_assert_double_exact(rel, INFINITY);
    assert_false(ml_ref_match(1.0, INFINITY, 1e300, &rel));
}

/* rtol is inclusive: expected 8, got 9 or 7 is rel 1/8 exactly: matches at
 * rtol 0.125 and not at the next double below it.  Negative figures alike. */
static void test_rtol_edge_8_against_9_matches_at_0_125_not_below(void **state)
{
    (void)state;
    double rel;
    const double below = nextafter(0.125, 0.0);
    assert_true(ml_ref_match(8.0, 9.0, 0.125, &rel));
    ml_assert_double_exact(rel, 0.125);
    assert_false(ml_ref_match(8.0, 9.0, below, &rel));
    assert_true(ml_ref_match(8.0, 7.0, 0.125, &rel));
    assert_true(ml_ref_match(-8.0, -9.0, 0.125, &rel));
    assert_false(ml_ref_match(-8.0, -9.0, below, &rel));
    /* rtol 0 is bit equality (outside the zero rule). */
    assert_false(ml_ref_match(1.0, nextafter(1.0, 2.0), 0.0, &rel));
    ml_assert_double_exact(rel, DBL_EPSILON);
}

/* Below ML_REF_ZERO = 1e-6 in magnitude both figures are rounding residue:
 * they match at rtol 0 whatever their sign, with rel +inf when expected is
 * 0; at 1e-6 itself the rule no longer applies. */
static void test_both_below_1e_minus_6_match_at_rtol_0(void **state)
{
    (void)state;
    double rel;
    assert_true(ml_ref_match(0.0, 1e-7, 0.0, &rel));
    ml_assert_double_exact(rel, INFINITY);
    assert_true(ml_ref_match(5e-7, -5e-7, 0.0, &rel));
    ml_assert_double_exact(rel, 2.0);
    assert_true(ml_ref_match(-9.9e-7, 9.9e-7, 0.0, &rel));
    assert_false(ml_ref_match(0.0, 2e-6, 0.0, &rel));
    assert_false(ml_ref_match(ML_REF_ZERO, 0.0, 0.0, &rel));
    ml_assert_double_exact(rel, 1.0);
    assert_false(ml_ref_match(0.0, ML_REF_ZERO, 0.0, &rel));
    assert_false(ml_ref_match(1e-7, NAN, 1.0, &rel)); /* NaN is no residue */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_awkward_doubles_read_back_bit_for_bit_subnormals_included, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_fields_read_back_seed_up_to_2_pow_64_minus_1,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_written_file_is_the_documented_layout_line_by_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_blank_lines_and_unknown_header_keys_are_accepted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bad_header_values_are_refused_naming_path_line_and_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_header_line_is_named_at_the_column_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_wrong_columns_late_header_and_no_column_line_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_rows_are_refused_naming_the_line_and_field,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_of_1100_bytes_is_refused_as_too_long, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_an_io_error_naming_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_write_refuses_a_figure_name_with_a_comma_and_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_write_into_a_missing_folder_fails_naming_the_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_replaces_the_old_figures, setup, teardown),
        cmocka_unit_test(test_match_equal_and_both_nan_with_rel_0),
        cmocka_unit_test(test_nan_against_a_number_and_opposite_infinities_never_match),
        cmocka_unit_test(test_rtol_edge_8_against_9_matches_at_0_125_not_below),
        cmocka_unit_test(test_both_below_1e_minus_6_match_at_rtol_0),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
