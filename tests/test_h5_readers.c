/*
 * test_h5_readers.c — the readers of results files (sim/h5/h5in.c,
 * h5figures.c) on files written here with the HDF5 C API
 * (tests/h5_results_fixture.h), not by medliab's writer: a file that keeps
 * the format contract (README, "Output format") is read column by column
 * with every figure named by figures.h's rule; a file that breaks it is
 * refused with ML_EIO and a message naming the file and the object at
 * fault, exactly.  tests/report_contract.sh breaks a real file end to end;
 * this covers the cases one by one, including those it does not make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "h5_results_fixture.h"

#include "figures.h"
#include "h5figures.h"
#include "h5in.h"
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_h5in_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/r.h5", dir);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* the failures below are expected */
    fx_write_good(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[160];
    const char *names[] = {"r.h5", "b.h5", "t.txt"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

/* ml_h5in_check must refuse path with exactly "PATH" + tail. */
static void refused(const char *tail)
{
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_EIO);
    char want[1200];
    snprintf(want, sizeof want, "%s%s", path, tail);
    assert_string_equal(err.msg, want);
    /* Both readers check before they read: neither takes anything. */
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    ml_err e2 = {0};
    assert_int_equal(ml_h5in_read(path, &sc, &n, &e2), ML_EIO);
    assert_string_equal(e2.msg, want);
    ml_assert_size_eq(n, 0);
    ml_h5in_free(sc, n);
    ml_h5fig_info info;
    ml_figures fig = {0};
    assert_int_equal(ml_h5fig_read(path, &info, &fig, &e2), ML_EIO);
    assert_string_equal(e2.msg, want);
    ml_assert_size_eq(fig.n, 0);
    ml_figures_free(&fig);
}

/* ---- the contract: root ---------------------------------------------- */

static void test_good_file_keeps_the_contract(void **state)
{
    (void)state;
    ml_err err = {0};
    int rc = ml_h5in_check(path, &err);
    if (rc) fail_msg("%s", err.msg);
}

static void test_text_file_and_missing_file_cannot_be_opened_as_hdf5(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "%s/t.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("scenario,figure,value\n", f);
    fclose(f);
    refused(": cannot open as an HDF5 results file");
    snprintf(path, sizeof path, "%s/absent.h5", dir);
    refused(": cannot open as an HDF5 results file");
}

static void test_format_other_results_is_not_a_medliab_file(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_str(f, "format", "other-results");
    H5Fclose(f);
    refused(": not a medliab results file: format is 'other-results', not 'medliab-results'");
}

static void test_missing_or_integer_format_attribute_is_named(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_del(f, "format");
    H5Fclose(f);
    refused(": /: no attribute format");
    f = fx_open(path);
    fx_attr_i64(f, "format", 1);
    H5Fclose(f);
    refused(": /: attribute format is an integer, not a string");
}

/* A variable-length string is a string too (h5py writes those). */
static void test_variable_length_string_attributes_are_accepted(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_vlstr(f, "format", "medliab-results");
    hid_t g = fx_group(f, "/scenarios/uk");
    fx_attr_vlstr(g, "currency", "GBP");
    H5Gclose(g);
    H5Fclose(f);
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_OK);
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    assert_int_equal(ml_h5in_read(path, &sc, &n, &err), ML_OK);
    assert_string_equal(sc[0].currency, "GBP");
    ml_h5in_free(sc, n);
}

static void test_format_version_5_is_newer_and_0_older_than_this_reader(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_u64(f, "format_version", 5);
    H5Fclose(f);
    refused(": format_version 5 is newer than this medliab reads (4): read it with a newer "
            "medliab");
    f = fx_open(path);
    fx_attr_u64(f, "format_version", 0);
    H5Fclose(f);
    refused(": format_version 0 is older than this medliab reads (4)");
    /* A signed integer of the same value is an integer all the same. */
    f = fx_open(path);
    fx_attr_i64(f, "format_version", 1);
    H5Fclose(f);
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_OK);
}

static void test_format_version_as_string_or_float_is_not_an_integer(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_str(f, "format_version", "1");
    H5Fclose(f);
    refused(": /: attribute format_version is a string, not an integer");
    f = fx_open(path);
    fx_attr_f64(f, "format_version", 1.0);
    H5Fclose(f);
    refused(": /: attribute format_version is a float, not an integer");
}

static void test_replicates_of_two_values_or_zero_or_absent_is_refused(void **state)
{
    (void)state;
    const uint64_t two[2] = {4, 4};
    hid_t f = fx_open(path);
    fx_attr_u64_array(f, "replicates", two, 2);
    H5Fclose(f);
    refused(": /: attribute replicates holds 2 values, not one");
    f = fx_open(path);
    fx_attr_u64(f, "replicates", 0);
    H5Fclose(f);
    refused(": attribute replicates is 0: a results file holds at least one replicate");
    f = fx_open(path);
    fx_attr_del(f, "seed");
    H5Fclose(f);
    refused(": /: no attribute seed");
}

static void test_no_scenarios_group_or_an_empty_one_is_refused(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t top = fx_group(f, "/scenarios");
    fx_unlink(top, "uk");
    H5Gclose(top);
    H5Fclose(f);
    refused(": /scenarios holds no scenario");
    f = fx_open(path);
    fx_unlink(f, "scenarios");
    H5Fclose(f);
    refused(": no group /scenarios");
}

/* ---- the contract: a scenario ---------------------------------------- */

static void test_scenario_without_currency_or_with_integer_currency_is_named(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk");
    fx_attr_del(g, "currency");
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk: no attribute currency");
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk");
    fx_attr_i64(g, "currency", 826);
    fx_attr_del(g, "portfolio");
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk: no attribute portfolio"); /* checked first */
}

static void test_scenario_that_is_a_dataset_is_not_a_group(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t top = fx_group(f, "/scenarios");
    fx_f64(top, "aa", fx_insured, FX_N); /* sorts before uk: checked first */
    H5Gclose(top);
    H5Fclose(f);
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_EIO);
    char want[300];
    snprintf(want, sizeof want, "%s: cannot open /scenarios/aa as a group (damaged file: ", path);
    assert_memory_equal(err.msg, want, strlen(want));
}

static void test_missing_annual_or_empty_annual_is_refused(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    fx_unlink(g, "insured");
    fx_unlink(g, "claims");
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual holds no measure");
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk");
    fx_unlink(g, "annual");
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk: no group annual (the samples)");
}

/* annual_max/ is optional; when present it obeys the same rules. */
static void test_annual_max_is_optional_but_checked_when_present(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual_max");
    const double five[5] = {1, 2, 3, 4, 5};
    fx_f64(g, "insured", five, 5);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual_max/insured has 5 values, not replicates = 4");
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk");
    fx_unlink(g, "annual_max");
    H5Gclose(g);
    H5Fclose(f);
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_OK);
}

static void test_annual_of_3_values_is_not_replicates_4(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "insured", fx_insured, 3);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual/insured has 3 values, not replicates = 4");
}

static void test_float32_integer_string_and_matrix_samples_are_not_float64_vectors(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    fx_dataset(g, "insured", H5T_IEEE_F32LE, H5T_NATIVE_DOUBLE, fx_insured, FX_N, 1);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual/insured is a 32-bit float dataset, not float64");

    const int64_t ints[FX_N] = {1, 4, 2, 3};
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "insured", fx_insured, FX_N);
    fx_dataset(g, "claims", H5T_STD_I64LE, H5T_NATIVE_INT64, ints, FX_N, 1);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual/claims is an integer dataset, not float64");

    char strs[FX_N][8] = {"a", "b", "c", "d"};
    hid_t st = fx_str_type(8);
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "claims", fx_claims, FX_N);
    fx_dataset(g, "insured", st, st, strs, FX_N, 1);
    H5Gclose(g);
    H5Fclose(f);
    H5Tclose(st);
    refused(": /scenarios/uk/annual/insured is a string dataset, not float64");

    const double eight[8] = {1, 2, 3, 4, 1, 2, 3, 4};
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk/annual");
    fx_dataset(g, "insured", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, eight, 8, 2);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual/insured has 2 dimensions, not 1");
}

/* A big-endian float64 is float64: HDF5 converts it on reading. */
static void test_big_endian_float64_samples_are_accepted_and_read_right(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    fx_dataset(g, "insured", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, fx_insured, FX_N, 1);
    H5Gclose(g);
    H5Fclose(f);
    double *x = NULL;
    size_t n = 0;
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_OK);
    assert_int_equal(ml_h5in_annual(path, "uk", "insured", &x, &n, &err), ML_OK);
    ml_assert_size_eq(n, FX_N);
    for (int i = 0; i < FX_N; i++) ml_assert_double_exact(x[i], fx_insured[i]);
    free(x);
}

static void test_nan_sample_names_its_index_and_minus_inf_is_inf(void **state)
{
    (void)state;
    double bad[FX_N] = {100, 400, NAN, 300};
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "insured", bad, FX_N);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual/insured[2] is nan: samples must be finite");
    double neg[FX_N] = {60, -INFINITY, 200, 150};
    f = fx_open(path);
    g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "insured", fx_insured, FX_N);
    H5Gclose(g);
    g = fx_group(f, "/scenarios/uk/annual_max");
    fx_f64(g, "insured", neg, FX_N);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/uk/annual_max/insured[1] is inf: samples must be finite");
}

static void test_group_inside_annual_is_not_a_dataset(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk/annual");
    H5Gclose(H5Gcreate2(g, "sub", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Gclose(g);
    H5Fclose(f);
    ml_err err = {0};
    assert_int_equal(ml_h5in_check(path, &err), ML_EIO);
    char want[300];
    snprintf(want, sizeof want, "%s: /scenarios/uk/annual/sub is not a dataset, or is damaged (",
             path);
    assert_memory_equal(err.msg, want, strlen(want));
}

/* Every scenario is checked: a second one, broken, is named. */
static void test_second_scenario_broken_is_named(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t top = fx_group(f, "/scenarios");
    fx_scenario(top, "zz");
    H5Gclose(top);
    hid_t g = fx_group(f, "/scenarios/zz/annual");
    fx_f64(g, "claims", fx_claims, 2);
    H5Gclose(g);
    H5Fclose(f);
    refused(": /scenarios/zz/annual/claims has 2 values, not replicates = 4");
}

/* Unknown attributes, groups and columns are no breach: newer writers
 * may add them. */
static void test_extra_attributes_groups_and_measures_are_accepted(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    fx_attr_str(f, "note", "anything");
    hid_t g = fx_group(f, "/scenarios/uk");
    H5Gclose(H5Gcreate2(g, "future_table_group", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Gclose(g);
    g = fx_group(f, "/scenarios/uk/annual");
    fx_f64(g, "a_new_measure", fx_claims, FX_N);
    H5Gclose(g);
    H5Fclose(f);
    ml_err err = {0};
    int rc = ml_h5in_check(path, &err);
    if (rc) fail_msg("%s", err.msg);
}

/* ---- ml_h5in_read ---------------------------------------------------- */

static void test_read_gives_summary_columns_by_name_and_amounts_from_ep(void **state)
{
    (void)state;
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    ml_err err = {0};
    int rc = ml_h5in_read(path, &sc, &n, &err);
    if (rc) fail_msg("%s", err.msg);
    ml_assert_size_eq(n, 1);
    const ml_in_scenario *s = &sc[0];
    assert_string_equal(s->file, path);
    assert_string_equal(s->name, "uk");
    assert_string_equal(s->currency, "GBP");
    assert_string_equal(s->portfolio, "nhs_trusts");
    assert_string_equal(s->regime, "england");
    assert_true(s->replicates == FX_N && s->seed == 42);
    ml_assert_size_eq(s->n_measures, 2);
    assert_string_equal(s->m[0].name, "insured");
    ml_assert_double_exact(s->m[0].mean, 250);
    ml_assert_double_exact(s->m[0].sd, 129.1);
    ml_assert_double_exact(s->m[0].se, 64.55);
    ml_assert_double_exact(s->m[0].var995, 400);
    ml_assert_double_exact(s->m[0].var995_lo, 100);
    ml_assert_double_exact(s->m[0].var995_hi, INFINITY);
    ml_assert_double_exact(s->m[0].tvar99, 400);
    /* insured has an exceedance table: an amount; claims has none. */
    ml_assert_int_eq(s->m[0].is_amount, 1);
    ml_assert_int_eq(s->m[1].is_amount, 0);
    ml_assert_size_eq(s->n_metrics, 2);
    assert_string_equal(s->metric[1].name, "mean_payment");
    ml_assert_double_exact(s->metric[1].value, 125.0);
    assert_string_equal(s->metric[1].unit, "GBP per paid claim");
    ml_h5in_free(sc, n);
}

/* The development triangles the plots draw (h5in.c's read_triangles): a
 * file without a development group (version 1 and 2 files, runs without
 * time) reads with none; with a group of 2 accident years x 3 development
 * years, paid and reported_count come back row-major, value for value. */
static void test_development_triangles_read_row_major_or_none_without_group(void **state)
{
    (void)state;
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    assert_int_equal(ml_h5in_read(path, &sc, &n, NULL), ML_OK);
    ml_assert_int_eq((int)sc[0].dev_years, 0);
    ml_assert_int_eq((int)sc[0].dev_columns, 0);
    assert_null(sc[0].dev_paid);
    assert_null(sc[0].dev_reported);
    ml_h5in_free(sc, n);

    static const double paid[6] = {1, 3, 4, 2, 5, 5}, rep[6] = {2, 4, 4, 1, 1, 1};
    static const double zero[6] = {0};
    size_t nl = FX_N * ml_dev_stride(2, 3);
    double *ledger = calloc(nl, sizeof *ledger);
    assert_non_null(ledger);
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk");
    hid_t dg = H5Gcreate2(g, "development", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_attr_u64(dg, "years", 2);
    fx_attr_u64(dg, "development_years", 3);
    fx_dataset(dg, "paid", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, paid, 6, 2);
    fx_dataset(dg, "reported_count", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rep, 6, 2);
    fx_dataset(dg, "paid_count", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, zero, 6, 2);
    fx_dataset(dg, "incurred", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, zero, 6, 2);
    fx_f64(dg, "ledger", ledger, nl);
    free(ledger);
    H5Gclose(dg);
    H5Gclose(g);
    H5Fclose(f);
    sc = NULL;
    n = 0;
    ml_err err = {0};
    int rc = ml_h5in_read(path, &sc, &n, &err);
    if (rc) fail_msg("%s", err.msg);
    ml_assert_int_eq((int)sc[0].dev_years, 2);
    ml_assert_int_eq((int)sc[0].dev_columns, 3);
    for (int k = 0; k < 6; k++) {
        ml_assert_double_exact(sc[0].dev_paid[k], paid[k]);
        ml_assert_double_exact(sc[0].dev_reported[k], rep[k]);
    }
    ml_h5in_free(sc, n);
}

/* The pricing headline figures (h5in.c's read_pricing), named and with
 * units: the total row's pure premium, per hospital, per bed (beds 500 >
 * 0) and per exposure unit; a specialty's rate per unit; a grade's rate
 * per hospital (its beds are 0: no per-bed figure); each principle but
 * pure; each layer's expected recovery and net VaR99.5 (the fixture's
 * layers table has no premium columns: a file without them still reads,
 * without the layers' premiums; tests/report_check.py checks those). */
static void test_read_names_pricing_headlines_with_their_units(void **state)
{
    (void)state;
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    assert_int_equal(ml_h5in_read(path, &sc, &n, NULL), ML_OK);
    static const struct { const char *name, *unit; double v; } want[] = {
        {"pure premium", "GBP a year", 250},
        {"pure premium per hospital", "GBP per hospital a year", 125},
        {"pure premium per bed", "GBP per bed a year", 0.5},
        {"pure premium", "GBP per bed-year a year", 2.5},
        {"obstetrics", "GBP per bed-year a year", 3.0},
        {"surgery", "GBP per bed-year a year", 2.0},
        {"top hospital", "GBP per hospital a year", 80},
        {"premium, expected_value", "GBP a year", 300},
        {"layer xl1: expected ceded", "GBP a year", 35},
        {"layer xl1: net VaR99.5", "GBP", 320},
    };
    const size_t nw = sizeof want / sizeof want[0];
    ml_assert_size_eq(sc[0].n_price, nw);
    for (size_t i = 0; i < nw; i++) {
        assert_string_equal(sc[0].price[i].name, want[i].name);
        assert_string_equal(sc[0].price[i].unit, want[i].unit);
        ml_assert_double_exact(sc[0].price[i].value, want[i].v);
    }
    ml_h5in_free(sc, n);
}

/* Scenarios come in name order (creation order is not tracked), and a
 * second file's scenarios are appended after the first's. */
static void test_read_appends_files_and_lists_scenarios_in_name_order(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t top = fx_group(f, "/scenarios");
    fx_scenario(top, "de");
    H5Gclose(top);
    H5Fclose(f);
    char other[160];
    snprintf(other, sizeof other, "%s/b.h5", dir);
    fx_write_named(other, "fr");
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    ml_err err = {0};
    assert_int_equal(ml_h5in_read(path, &sc, &n, &err), ML_OK);
    assert_int_equal(ml_h5in_read(other, &sc, &n, &err), ML_OK);
    ml_assert_size_eq(n, 3);
    assert_string_equal(sc[0].name, "de");
    assert_string_equal(sc[1].name, "uk");
    assert_string_equal(sc[2].name, "fr");
    assert_string_equal(sc[2].file, other);
    ml_h5in_free(sc, n);
}

/* A file without a summary keeps the contract (the contract is about the
 * samples) but cannot be tabled: read says which scenario. */
static void test_read_without_summary_names_the_scenario(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk");
    fx_unlink(g, "summary");
    H5Gclose(g);
    H5Fclose(f);
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    ml_err err = {0};
    assert_int_equal(ml_h5in_read(path, &sc, &n, &err), ML_EIO);
    char want[300];
    snprintf(want, sizeof want, "%s: cannot read /scenarios/uk/summary", path);
    assert_string_equal(err.msg, want);
    ml_h5in_free(sc, n);
}

static void test_annual_reads_the_samples_and_names_a_missing_measure(void **state)
{
    (void)state;
    double *x = NULL;
    size_t n = 0;
    ml_err err = {0};
    assert_int_equal(ml_h5in_annual(path, "uk", "claims", &x, &n, &err), ML_OK);
    ml_assert_size_eq(n, FX_N);
    for (int i = 0; i < FX_N; i++) ml_assert_double_exact(x[i], fx_claims[i]);
    free(x);
    assert_int_equal(ml_h5in_annual(path, "uk", "nope", &x, &n, &err), ML_EIO);
    char want[300];
    snprintf(want, sizeof want, "%s: no dataset /scenarios/uk/annual/nope", path);
    assert_string_equal(err.msg, want);
    assert_null(x);
    ml_assert_size_eq(n, 0);
    snprintf(want, sizeof want, "%s/absent.h5", dir);
    assert_int_equal(ml_h5in_annual(want, "uk", "claims", &x, &n, &err), ML_EIO);
    assert_non_null(strstr(err.msg, ": cannot open"));
}

/* ---- ml_h5fig_read: the naming rule ---------------------------------- */

static const ml_figure *fig(const ml_figures *l, const char *name)
{
    const ml_figure *f = ml_figures_find(l, name);
    if (!f) fail_msg("no figure %s", name);
    return f;
}

/* A version 1 file (the fixture) has no mc_se column: its policy metrics
 * read with mc_se NaN, the pricing rows always do. */
static void test_version_1_policy_reads_with_mc_se_unknown(void **state)
{
    (void)state;
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    assert_int_equal(ml_h5in_read(path, &sc, &n, NULL), ML_OK);
    ml_assert_size_eq(sc[0].n_metrics, 2);
    ml_assert_double_exact(sc[0].metric[0].value, 0.5);
    assert_true(isnan(sc[0].metric[0].mc_se) && isnan(sc[0].metric[1].mc_se));
    assert_true(sc[0].n_price > 0 && isnan(sc[0].price[0].mc_se));
    ml_h5in_free(sc, n);
}

/* Version 2: mc_se is read by name; verify's figures keep the value's name
 * (policy.paid_share, as in version 1, so references still match) and
 * name the error policy.paid_share.mc_se, which is no reference figure. */
static void test_version_2_policy_mc_se_is_read_and_named_as_an_error(void **state)
{
    (void)state;
    static const fx_metric_se_row rows[2] = {
        {"paid_share", 0.5, 0.0625, "paid claims / claims"},
        {"mean_payment", 125.0, INFINITY, "GBP per paid claim"},
    };
    hid_t f = fx_open(path);
    fx_attr_u64(f, "format_version", 2);
    hid_t g = fx_group(f, "/scenarios/uk");
    fx_policy_se(g, rows, 2);
    H5Gclose(g);
    H5Fclose(f);
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    ml_err err = {0};
    if (ml_h5in_read(path, &sc, &n, &err)) fail_msg("%s", err.msg);
    ml_assert_double_exact(sc[0].metric[0].value, 0.5);
    ml_assert_double_exact(sc[0].metric[0].mc_se, 0.0625);
    ml_assert_double_exact(sc[0].metric[1].mc_se, INFINITY);
    assert_string_equal(sc[0].metric[1].unit, "GBP per paid claim");
    ml_h5in_free(sc, n);
    ml_h5fig_info info;
    ml_figures l = {0};
    if (ml_h5fig_read(path, &info, &l, &err)) fail_msg("%s", err.msg);
    ml_assert_double_exact(fig(&l, "policy.paid_share")->value, 0.5);
    ml_assert_double_exact(fig(&l, "policy.paid_share.mc_se")->value, 0.0625);
    assert_null(ml_figures_find(&l, "policy.paid_share.value"));
    ml_assert_int_eq(ml_figure_is_reference("policy.paid_share"), 1);
    ml_assert_int_eq(ml_figure_is_reference("policy.paid_share.mc_se"), 0);
    ml_figures_free(&l);
}

static void test_figures_are_named_summary_ep_policy_stages_pricing(void **state)
{
    (void)state;
    ml_h5fig_info info;
    ml_figures l = {0};
    ml_err err = {0};
    int rc = ml_h5fig_read(path, &info, &l, &err);
    if (rc) fail_msg("%s", err.msg);
    assert_string_equal(info.scenario, "uk");
    assert_true(info.seed == 42 && info.replicates == FX_N);
    assert_string_equal(info.commit, "0123abcd");
    /* summary: row by its string column, one figure per number column. */
    ml_assert_double_exact(fig(&l, "summary.insured.mean")->value, 250);
    ml_assert_double_exact(fig(&l, "summary.claims.var995_hi")->value, INFINITY);
    ml_assert_double_exact(fig(&l, "summary.insured.var90")->value, 400);
    /* ep: no string column, rows by the first number column. */
    ml_assert_double_exact(fig(&l, "ep.insured.aep@100")->value, 400);
    ml_assert_double_exact(fig(&l, "ep.insured.oep@10")->value, 250);
    ml_assert_double_exact(fig(&l, "ep.insured.aep_lo@250")->value, 300);
    assert_null(ml_figures_find(&l, "ep.insured.return_period@10"));
    /* policy: value is its only number column: the column is dropped. */
    ml_assert_double_exact(fig(&l, "policy.paid_share")->value, 0.5);
    ml_assert_double_exact(fig(&l, "policy.mean_payment")->value, 125);
    /* stages: the stage names are unique, so the kind column is not
     * joined; integer columns are figures too. */
    ml_assert_double_exact(fig(&l, "stages.court.closed_share")->value, 0.25);
    ml_assert_double_exact(fig(&l, "stages.negotiation.visits")->value, 10);
    /* pricing: kind repeats ("specialty" twice), so kind and group are
     * joined; a nested group's tables carry its name. */
    ml_assert_double_exact(fig(&l, "pricing.premium_by_group.specialty.obstetrics.per_bed")->value,
                           0.2);
    ml_assert_double_exact(fig(&l, "pricing.premium_by_group.total.portfolio.pure_premium")->value,
                           250);
    ml_assert_double_exact(fig(&l, "pricing.principles.expected_value.premium")->value, 300);
    ml_assert_double_exact(fig(&l, "pricing.layers.xl1.net_var995")->value, 320);
    /* The samples are not figures. */
    for (size_t i = 0; i < l.n; i++)
        assert_true(strncmp(l.f[i].name, "annual", 6) != 0);
    /* The count: summary 2 rows x 9, ep 3 x 3, policy 2, stages 2 x 2,
     * premium_by_group 4 x 6, principles 2 x 2, layers 1 x 2. */
    ml_assert_size_eq(l.n, 18 + 9 + 2 + 4 + 24 + 4 + 2);
    ml_figures_free(&l);
}

/* Rows whose string columns are not unique even all joined get their row
 * number; commas and quotes in a key become '_' (one CSV field each). */
static void test_duplicate_rows_get_hash_row_numbers_and_commas_become_underscores(
    void **state)
{
    (void)state;
    static const fx_stage_row rows[3] = {
        {"court", "litigation", 0.1, 1}, {"court", "litigation", 0.2, 2},
        {"a,b\"c", "negotiation", 0.3, 3}};
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk");
    fx_stages(g, rows, 3);
    H5Gclose(g);
    H5Fclose(f);
    ml_h5fig_info info;
    ml_figures l = {0};
    assert_int_equal(ml_h5fig_read(path, &info, &l, NULL), ML_OK);
    ml_assert_double_exact(fig(&l, "stages.court.litigation#0.closed_share")->value, 0.1);
    ml_assert_double_exact(fig(&l, "stages.court.litigation#1.closed_share")->value, 0.2);
    ml_assert_double_exact(fig(&l, "stages.a_b_c.negotiation#2.visits")->value, 3);
    ml_figures_free(&l);
}

/* verify compares one scenario per file: two are refused. */
static void test_figures_of_a_file_with_two_scenarios_are_refused(void **state)
{
    (void)state;
    hid_t f = fx_open(path);
    hid_t top = fx_group(f, "/scenarios");
    fx_scenario(top, "de");
    H5Gclose(top);
    H5Fclose(f);
    ml_h5fig_info info;
    ml_figures l = {0};
    ml_err err = {0};
    assert_int_equal(ml_h5fig_read(path, &info, &l, &err), ML_EIO);
    char want[300];
    snprintf(want, sizeof want, "%s: expected exactly one group under /scenarios", path);
    assert_string_equal(err.msg, want);
    ml_figures_free(&l);
}

/* A figure name longer than figures.h allows is an error, not a
 * truncated name that could match another figure: groups of 120 and 60
 * characters around a policy table make "<120>.<60>.policy.<metric>" 228
 * bytes. */
static void test_figure_name_over_191_bytes_is_refused_not_cut(void **state)
{
    (void)state;
    char a[128], b[64];
    memset(a, 't', 120);
    a[120] = '\0';
    memset(b, 'u', 60);
    b[60] = '\0';
    static const fx_metric_row row[1] = {{"a_forty_character_metric_name_xxxxxxxxx", 1.0, "x"}};
    hid_t f = fx_open(path);
    hid_t g = fx_group(f, "/scenarios/uk");
    hid_t ga = H5Gcreate2(g, a, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t gb = H5Gcreate2(ga, b, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_policy(gb, row, 1);
    H5Gclose(gb);
    H5Gclose(ga);
    H5Gclose(g);
    H5Fclose(f);
    ml_h5fig_info info;
    ml_figures l = {0};
    ml_err err = {0};
    assert_int_equal(ml_h5fig_read(path, &info, &l, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "is longer than 191 bytes"));
    for (size_t i = 0; i < l.n; i++) assert_true(strlen(l.f[i].name) < ML_FIGURE_NAME_MAX);
    ml_figures_free(&l);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_good_file_keeps_the_contract),
        T(test_text_file_and_missing_file_cannot_be_opened_as_hdf5),
        T(test_format_other_results_is_not_a_medliab_file),
        T(test_missing_or_integer_format_attribute_is_named),
        T(test_variable_length_string_attributes_are_accepted),
        T(test_format_version_5_is_newer_and_0_older_than_this_reader),
        T(test_version_1_policy_reads_with_mc_se_unknown),
        T(test_version_2_policy_mc_se_is_read_and_named_as_an_error),
        T(test_format_version_as_string_or_float_is_not_an_integer),
        T(test_replicates_of_two_values_or_zero_or_absent_is_refused),
        T(test_no_scenarios_group_or_an_empty_one_is_refused),
        T(test_scenario_without_currency_or_with_integer_currency_is_named),
        T(test_scenario_that_is_a_dataset_is_not_a_group),
        T(test_missing_annual_or_empty_annual_is_refused),
        T(test_annual_max_is_optional_but_checked_when_present),
        T(test_annual_of_3_values_is_not_replicates_4),
        T(test_float32_integer_string_and_matrix_samples_are_not_float64_vectors),
        T(test_big_endian_float64_samples_are_accepted_and_read_right),
        T(test_nan_sample_names_its_index_and_minus_inf_is_inf),
        T(test_group_inside_annual_is_not_a_dataset),
        T(test_second_scenario_broken_is_named),
        T(test_extra_attributes_groups_and_measures_are_accepted),
        T(test_read_gives_summary_columns_by_name_and_amounts_from_ep),
        T(test_read_names_pricing_headlines_with_their_units),
        T(test_development_triangles_read_row_major_or_none_without_group),
        T(test_read_appends_files_and_lists_scenarios_in_name_order),
        T(test_read_without_summary_names_the_scenario),
        T(test_annual_reads_the_samples_and_names_a_missing_measure),
        T(test_figures_are_named_summary_ep_policy_stages_pricing),
        T(test_duplicate_rows_get_hash_row_numbers_and_commas_become_underscores),
        T(test_figures_of_a_file_with_two_scenarios_are_refused),
        T(test_figure_name_over_191_bytes_is_refused_not_cut),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
