/*
 * test_report_plots_data.c — the plot data `medliab report --plots DIR`
 * writes before matplotlib draws it (report_plots.c): the CSV files
 * on results files written here with the HDF5 C API
 * (tests/h5_results_fixture.h), every line worked out by hand; and what
 * is left behind when drawing fails.  The drawing step is replaced by a
 * shell script (MEDLIAB_PYTHON=/bin/sh, MEDLIAB_PLOT_SCRIPT), so the test
 * needs no matplotlib and checks only what C writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "h5_results_fixture.h"

#include "h5in.h"
#include "report_plots.h"
#include "stats.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64], uk[128], fr[128], out[128], script[128];
static ml_in_scenario *sc;
static size_t nsc;

static void write_script(const char *body)
{
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

/* Two results files: uk as the fixture writes it (insured {100, 400, 200,
 * 300}, GBP) and fr, the same file with its samples halved. */
static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/ml_plots_XXXXXX");
    if (!mkdtemp(root)) return -1;
    snprintf(uk, sizeof uk, "%s/uk.h5", root);
    snprintf(fr, sizeof fr, "%s/fr.h5", root);
    snprintf(out, sizeof out, "%s/plots", root);
    snprintf(script, sizeof script, "%s/draw.sh", root);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    fx_write_good(uk);
    fx_write_named(fr, "fr");
    hid_t f = fx_open(fr);
    hid_t g = fx_group(f, "/scenarios/fr/annual");
    const double half[FX_N] = {50, 200, 100, 150};
    fx_f64(g, "insured", half, FX_N);
    H5Gclose(g);
    H5Fclose(f);
    sc = NULL;
    nsc = 0;
    if (ml_h5in_read(uk, &sc, &nsc, NULL) || ml_h5in_read(fr, &sc, &nsc, NULL)) return -1;
    write_script("exit 0\n");
    setenv("MEDLIAB_PYTHON", "/bin/sh", 1);
    setenv("MEDLIAB_PLOT_SCRIPT", script, 1);
    return 0;
}

static void remove_tree(const char *d)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    char p[512];
    while (dp && (e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", d, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    if (dp) closedir(dp);
    rmdir(d);
}

static int teardown(void **state)
{
    (void)state;
    ml_h5in_free(sc, nsc);
    remove_tree(root);
    unsetenv("MEDLIAB_PYTHON");
    unsetenv("MEDLIAB_PLOT_SCRIPT");
    return 0;
}

static char *slurp(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", out, name);
    FILE *f = fopen(p, "r");
    if (!f) fail_msg("%s was not written", p);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static char labels[2][96] = {"uk (USD)", "fr (USD)"};

/* uk's amounts in USD at 2 per GBP: {200, 800, 400, 600}; fr's at 1:
 * {50, 200, 100, 150}. */
static int plots(size_t n, const char *measure, ml_err *err)
{
    const double factor[2] = {2.0, 1.0};
    return ml_report_plots(out, sc, n, factor, labels, "USD", measure, err);
}

/* The empirical AEP curve: the j-th largest annual loss at return period
 * n / j, for j = round(n^(p / 299)), p = 0..299, each j once: with n = 4
 * that is j = 1, 2, 3, 4 (4^(237/299) = 3.0006 rounds to 3), so uk gives
 * (4, 800), (2, 600), (4/3, 400), (1, 200) and fr half the losses. */
static void test_exceedance_curve_of_four_years_is_4_800_2_600_4_3_400_1_200(void **state)
{
    (void)state;
    ml_err err = {0};
    int rc = plots(2, "insured", &err);
    if (rc) fail_msg("%s", err.msg);
    assert_string_equal(slurp("plot_exceedance.csv"),
                        "scenario,return_period,loss\n"
                        "uk (USD),4,800\n"
                        "uk (USD),2,600\n"
                        "uk (USD),1.3333333333333333,400\n"
                        "uk (USD),1,200\n"
                        "fr (USD),4,200\n"
                        "fr (USD),2,150\n"
                        "fr (USD),1.3333333333333333,100\n"
                        "fr (USD),1,50\n");
}

/* The histogram: 40 equal bins up to the largest VaR99.5 over the
 * scenarios (uk's 800: rank ceil(3.98) = 4), so bins of 20; uk's 200,
 * 400 and 600 fall in bins 10, 20 and 30, its 800 in the last bin (closed
 * at the top); fr's 50, 100, 150, 200 in bins 2, 5, 7, 10.  The row after
 * the last counts the years beyond the top: none here. */
static void test_histogram_has_40_bins_of_20_up_to_the_largest_var995_800(void **state)
{
    (void)state;
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    char want[8192];
    size_t k = (size_t)snprintf(want, sizeof want, "scenario,lo,hi,count\n");
    const int uk_bins[] = {10, 20, 30, 39}, fr_bins[] = {2, 5, 7, 10};
    for (int s = 0; s < 2; s++) {
        for (int b = 0; b < 40; b++) {
            int c = 0;
            for (int i = 0; i < 4; i++) c += (s ? fr_bins : uk_bins)[i] == b;
            k += (size_t)snprintf(want + k, sizeof want - k, "%s,%d,%d,%d\n", labels[s], 20 * b,
                                  20 * (b + 1), c);
        }
        k += (size_t)snprintf(want + k, sizeof want - k, "%s,800,inf,0\n", labels[s]);
    }
    assert_string_equal(slurp("plot_histogram.csv"), want);
}

/* Only amount measures (those with an exceedance table) are plotted, with
 * mean and 95% half width z se, both converted: uk's insured mean 250 GBP
 * is 500 USD, half width 1.96 * 64.55 * 2 = 253.03; fr's at factor 1. */
static void test_measures_file_has_insured_mean_500_usd_and_its_half_width(void **state)
{
    (void)state;
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    char *text = slurp("plot_measures.csv");
    char name[2][32], label[2][96];
    double mean[2], ci[2];
    int got = sscanf(text, "scenario,measure,mean,ci95\n%95[^,],%31[^,],%lf,%lf\n"
                           "%95[^,],%31[^,],%lf,%lf\n",
                     label[0], name[0], &mean[0], &ci[0], label[1], name[1], &mean[1], &ci[1]);
    ml_assert_int_eq(got, 8);
    assert_string_equal(label[0], "uk (USD)");
    assert_string_equal(name[0], "insured");
    ml_assert_double_exact(mean[0], 500.0);
    ml_assert_double_rel(ci[0], ML_CI_Z * 64.55 * 2.0, 1e-15, "printed with 17 digits");
    ml_assert_double_abs(ci[0], 253.03, 0.005, "1.96 * 129.1, to the cent");
    assert_string_equal(label[1], "fr (USD)");
    ml_assert_double_exact(mean[1], 250.0);
    /* Two lines and no more: claims is a count, not plotted. */
    int lines = 0;
    for (char *c = text; *c; c++) lines += *c == '\n';
    ml_assert_int_eq(lines, 3);
}

/* Policy metrics: a metric in the scenario's currency is converted and
 * its unit renamed (125 GBP per paid claim -> 250 USD per paid claim);
 * a share is left alone. */
static void test_policy_file_converts_gbp_per_paid_claim_and_leaves_shares(void **state)
{
    (void)state;
    assert_int_equal(plots(1, "insured", NULL), ML_OK);
    assert_string_equal(slurp("plot_policy.csv"),
                        "scenario,metric,value,unit\n"
                        "uk (USD),paid_share,0.5,paid claims / claims\n"
                        "uk (USD),mean_payment,250,USD per paid claim\n");
}

/* Gives scenario i hand-made triangles of 2 accident years x 3
 * development years (row-major; row 1 must not be read). */
static void give_development(size_t i, const double paid[6], const double rep[6])
{
    sc[i].dev_years = 2;
    sc[i].dev_columns = 3;
    sc[i].dev_paid = malloc(6 * sizeof(double));
    sc[i].dev_reported = malloc(6 * sizeof(double));
    assert_true(sc[i].dev_paid && sc[i].dev_reported);
    memcpy(sc[i].dev_paid, paid, 6 * sizeof(double));
    memcpy(sc[i].dev_reported, rep, 6 * sizeof(double));
}

/* plot_development.csv: accident year 0's cumulative paid {1, 3, 4} and
 * reported {2, 4, 4} over their last cells: 1/4, 3/4, 1 and 1/2, 1, 1, in
 * no currency (the factor 2 does not enter); fr paid nothing (ultimate
 * 0: empty cells, no share of nothing) and reported {0, 1, 1}; row 1
 * (accident year 1) is not plotted. */
static void test_development_file_has_shares_of_accident_year_0s_ultimate(void **state)
{
    (void)state;
    static const double uk_paid[6] = {1, 3, 4, 7, 70, 700}, uk_rep[6] = {2, 4, 4, 9, 9, 9};
    static const double fr_paid[6] = {0, 0, 0, 5, 5, 5}, fr_rep[6] = {0, 1, 1, 3, 3, 3};
    give_development(0, uk_paid, uk_rep);
    give_development(1, fr_paid, fr_rep);
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    assert_string_equal(slurp("plot_development.csv"),
                        "scenario,development_year,paid_share,reported_share\n"
                        "uk (USD),1,0.25,0.5\n"
                        "uk (USD),2,0.75,1\n"
                        "uk (USD),3,1,1\n"
                        "fr (USD),1,,0\n"
                        "fr (USD),2,,1\n"
                        "fr (USD),3,,1\n");
}

/* Only scenarios with development get rows; with none, no file at all,
 * and a stale one from an earlier report in the folder is removed. */
static void test_development_file_only_for_scenarios_that_have_it(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/plot_development.csv", out);
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    assert_false(exists(p));
    static const double paid[6] = {2, 4, 4, 0, 0, 0}, rep[6] = {1, 1, 1, 0, 0, 0};
    give_development(1, paid, rep);
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    assert_string_equal(slurp("plot_development.csv"),
                        "scenario,development_year,paid_share,reported_share\n"
                        "fr (USD),1,0.5,1\n"
                        "fr (USD),2,1,1\n"
                        "fr (USD),3,1,1\n");
    assert_int_equal(plots(1, "insured", NULL), ML_OK); /* uk alone: none */
    assert_false(exists(p));
}

/* The drawing script is run as SCRIPT DIR CURRENCY MEASURE. */
static void test_script_gets_the_folder_currency_and_measure(void **state)
{
    (void)state;
    write_script("printf '%s\\n' \"$1\" \"$2\" \"$3\" > \"$1/args.txt\"\n");
    assert_int_equal(plots(1, "claims", NULL), ML_OK);
    char want[256];
    snprintf(want, sizeof want, "%s\nUSD\nclaims\n", out);
    assert_string_equal(slurp("args.txt"), want);
}

/* The script's refusal (exit 3) and any other failure are errors that
 * name the folder or the command, and leave no output: the data files
 * are removed, and the folder too when this call made it. */
static void test_failed_drawing_leaves_no_data_files_and_no_folder(void **state)
{
    (void)state;
    ml_err err = {0};
    write_script("exit 3\n");
    assert_int_equal(plots(2, "insured", &err), ML_EIO);
    char want[512];
    snprintf(want, sizeof want, "%s: %s refused the plot data in %s (its message is above)", out,
             script, out);
    assert_string_equal(err.msg, want);
    assert_false(exists(out));

    write_script("exit 1\n");
    assert_int_equal(mkdir(out, 0777), 0); /* made beforehand: kept, emptied */
    assert_int_equal(plots(2, "insured", &err), ML_EIO);
    snprintf(want, sizeof want, "/bin/sh %s failed (exit 1); it needs matplotlib: bash "
             "tools/install-deps.sh", script);
    assert_string_equal(err.msg, want);
    assert_true(exists(out));
    char p[256];
    snprintf(p, sizeof p, "%s/plot_histogram.csv", out);
    assert_false(exists(p));
    static const double tri[6] = {1, 2, 2, 0, 0, 0};
    give_development(0, tri, tri); /* its data file goes too */
    assert_int_equal(plots(2, "insured", &err), ML_EIO);
    snprintf(p, sizeof p, "%s/plot_development.csv", out);
    assert_false(exists(p));
    snprintf(p, sizeof p, "%s/plot_exceedance.csv", out);
    assert_false(exists(p));
}

static void test_missing_script_or_measure_is_an_error_naming_it(void **state)
{
    (void)state;
    ml_err err = {0};
    char absent[160], want[512];
    snprintf(absent, sizeof absent, "%s/absent.py", root);
    setenv("MEDLIAB_PLOT_SCRIPT", absent, 1);
    assert_int_equal(plots(1, "insured", &err), ML_EIO);
    snprintf(want, sizeof want, "%s: plotting script not found (set MEDLIAB_PLOT_SCRIPT to "
             "tools/report_plots.py)", absent);
    assert_string_equal(err.msg, want);
    assert_false(exists(out));
    setenv("MEDLIAB_PLOT_SCRIPT", script, 1);
    assert_int_equal(plots(1, "nope", &err), ML_EIO);
    snprintf(want, sizeof want, "%s: no dataset /scenarios/uk/annual/nope", uk);
    assert_string_equal(err.msg, want);
    assert_false(exists(out));
    setenv("MEDLIAB_PYTHON", "/nonexistent/python3", 1);
    assert_int_equal(plots(1, "insured", &err), ML_EIO);
    assert_string_equal(err.msg, "cannot run /nonexistent/python3: No such file or directory");
    assert_false(exists(out));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_exceedance_curve_of_four_years_is_4_800_2_600_4_3_400_1_200),
        T(test_histogram_has_40_bins_of_20_up_to_the_largest_var995_800),
        T(test_measures_file_has_insured_mean_500_usd_and_its_half_width),
        T(test_policy_file_converts_gbp_per_paid_claim_and_leaves_shares),
        T(test_development_file_has_shares_of_accident_year_0s_ultimate),
        T(test_development_file_only_for_scenarios_that_have_it),
        T(test_script_gets_the_folder_currency_and_measure),
        T(test_failed_drawing_leaves_no_data_files_and_no_folder),
        T(test_missing_script_or_measure_is_an_error_naming_it),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
