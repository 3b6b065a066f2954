/*
 * test_report_plots_data.c — the plot data `medliab report --plots DIR`
 * writes before matplotlib draws it (report_plots.c): the CSV files
 * on results files written here with the HDF5 C API
 * (tests/h5_results_fixture.h), every line worked out by hand; the
 * exceedance curve's 95% band (its order-statistic ranks against the
 * exact Binomial points, worked out with rational arithmetic) and its
 * cut-off at T = n / 10 (plot_exceedance.c); the titles of the policy
 * metrics (metric_titles.c); and what is left behind when drawing fails.  The drawing step is replaced by a
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
#include "metric_defs.h"
#include "metric_titles.h"
#include "plot_exceedance.h"
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

/* The AEP curve: at T = n / j, j = 1 .. n - 1, the quantile at P =
 * (n - j) / n, the order statistic of rank n - j (as the exceedance table
 * and VaR), with the ranks of its 95% interval from Binomial(4, P):
 *  j = 1, P = 3/4: P(B <= 0) = 1/256 <= 0.025 < P(B <= 1) = 13/256, so
 *        rank_lo = 1; P(B > 3) = 81/256 > 0.025 >= P(B > 4) = 0: rank_hi 5
 *        (unbounded);
 *  j = 2, P = 1/2: P(B <= 0) = 1/16 > 0.025: rank_lo 0 (unbounded);
 *        P(B > 3) = 1/16 > 0.025: rank_hi 5;
 *  j = 3, P = 1/4: P(B <= 0) = 81/256: rank_lo 0; P(B > 2) = 13/256 >
 *        0.025 >= P(B > 3) = 1/256: rank_hi 4.
 * uk's years in USD are {200, 400, 600, 800}: (4, 600, 200, inf), (2,
 * 400, -inf, inf), (4/3, 200, -inf, 800), none supported (fewer than 10
 * years above any point); fr's are half. */
static void test_exceedance_curve_of_four_years_with_binomial_band_ranks(void **state)
{
    (void)state;
    ml_err err = {0};
    int rc = plots(2, "insured", &err);
    if (rc) fail_msg("%s", err.msg);
    assert_string_equal(slurp("plot_exceedance.csv"),
                        "scenario,return_period,loss,lo,hi,rank,rank_lo,rank_hi,supported\n"
                        "uk (USD),4,600,200,inf,3,1,5,0\n"
                        "uk (USD),2,400,-inf,inf,2,0,5,0\n"
                        "uk (USD),1.3333333333333333,200,-inf,800,1,0,4,0\n"
                        "fr (USD),4,150,50,inf,3,1,5,0\n"
                        "fr (USD),2,100,-inf,inf,2,0,5,0\n"
                        "fr (USD),1.3333333333333333,50,-inf,200,1,0,4,0\n");
}

/* The ascending sample 1, 2, ..., n (a uniform sample's order
 * statistics, exactly): X_(k) = k, so every point shows its ranks. */
static double *ranks_sample(size_t n)
{
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++) x[i] = (double)(i + 1);
    return x;
}

/* The band's ranks against the exact Binomial points, each worked out
 * with rational arithmetic (Python's fractions and math.comb, outside
 * GSL): l - 1 = max{k : P(B <= k) <= 1/40}, u - 1 = min{k : P(B > k) <=
 * 1/40}, B ~ Binomial(n, (n - j) / n).  n = 10, j = 5 is the textbook 95%
 * interval of a median of ten, [X_(2), X_(9)] (coverage 1 - 2 * 11/1024). */
static void test_band_ranks_are_the_exact_binomial_points(void **state)
{
    (void)state;
    static const struct {
        size_t n, j, lo, hi;
    } cases[] = {
        {10, 5, 2, 9},        {40, 10, 24, 36},      {40, 20, 14, 27},
        {100, 10, 84, 96},    {1000, 100, 881, 919}, {1000, 10, 983, 997},
        {1000, 4, 992, 1000}, {1000, 3, 993, 1001},  {1000, 1, 997, 1001},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double *x = ranks_sample(cases[c].n);
        ml_ep_point pt;
        ml_plot_ep_point(x, cases[c].n, cases[c].j, &pt);
        ml_assert_int_eq(pt.rank, cases[c].n - cases[c].j);
        ml_assert_double_exact(pt.loss, (double)(cases[c].n - cases[c].j));
        ml_assert_double_exact(pt.return_period, (double)cases[c].n / (double)cases[c].j);
        ml_assert_int_eq(pt.rank_lo, cases[c].lo);
        ml_assert_int_eq(pt.rank_hi, cases[c].hi);
        ml_assert_double_exact(pt.lo, (double)cases[c].lo);
        /* rank n + 1: no sample bounds the upper end. */
        ml_assert_double_exact(pt.hi, cases[c].hi > cases[c].n ? INFINITY : (double)cases[c].hi);
        free(x);
    }
}

/* The cut-off: a point is supported exactly when at least 10 years lie
 * above it, T <= n / 10; with n = 2,000 the longest supported return
 * period is 200 years (j = 10 is on the curve's grid) and none beyond it;
 * n = 10 supports none (j < n), n = 11 only T = 1.1. */
static void test_curve_is_supported_up_to_n_over_10_years(void **state)
{
    (void)state;
    ml_ep_point *pt = malloc(ML_PLOT_CURVE_POINTS * sizeof *pt);
    assert_non_null(pt);
    double *x = ranks_sample(2000);
    size_t k = ml_plot_ep_curve(x, 2000, pt);
    assert_true(k > 100 && k <= ML_PLOT_CURVE_POINTS);
    double longest = 0.0;
    for (size_t p = 0; p < k; p++) {
        ml_assert_int_eq(pt[p].supported, pt[p].return_period <= 200.0);
        ml_assert_int_eq(pt[p].supported, pt[p].j >= ML_PLOT_MIN_EXCEEDANCES);
        if (p) assert_true(pt[p].return_period < pt[p - 1].return_period);
        if (pt[p].supported && pt[p].return_period > longest) longest = pt[p].return_period;
        /* Every supported point's band is bounded on both sides. */
        if (pt[p].supported) assert_true(isfinite(pt[p].lo) && isfinite(pt[p].hi));
    }
    ml_assert_double_exact(longest, 200.0);
    ml_assert_double_exact(pt[0].return_period, 2000.0); /* j = 1: in the CSV, not drawn */
    assert_false(pt[0].supported);
    free(x);
    x = ranks_sample(11);
    k = ml_plot_ep_curve(x, 10, pt);
    for (size_t p = 0; p < k; p++) assert_false(pt[p].supported);
    k = ml_plot_ep_curve(x, 11, pt);
    ml_assert_int_eq(pt[k - 1].j, 10);
    assert_true(pt[k - 1].supported);
    ml_assert_double_exact(pt[k - 1].return_period, 1.1);
    for (size_t p = 0; p + 1 < k; p++) assert_false(pt[p].supported);
    ml_assert_int_eq(ml_plot_ep_curve(x, 1, pt), 0); /* one year: no quantile but P = 0 */
    free(x);
    free(pt);
}

/* The band covers the true quantile in at least 95% of samples: 2,000
 * uniform samples of 200 years (a fixed LCG, so the test is the same every
 * time) at T = 20 (P = 0.95, true quantile 0.95).  The Binomial interval's
 * coverage is at least 95% by construction (about 96% at n = 200); 2,000
 * samples have a standard error of about 0.4%. */
static void test_band_covers_the_uniform_quantile_at_least_95_percent(void **state)
{
    (void)state;
    enum { N = 200, SAMPLES = 2000 };
    double x[N], sorted[N];
    uint64_t u = 12345;
    int covered = 0;
    for (int s = 0; s < SAMPLES; s++) {
        for (int i = 0; i < N; i++) {
            u = u * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i] = (double)(u >> 11) / 9007199254740992.0;
        }
        ml_sort_copy(x, N, sorted);
        ml_ep_point pt;
        ml_plot_ep_point(sorted, N, 10, &pt);
        covered += pt.lo <= 0.95 && 0.95 <= pt.hi;
    }
    print_message("coverage at T = 20 over %d samples: %.4f\n", SAMPLES,
                  (double)covered / SAMPLES);
    assert_true(covered >= SAMPLES * 95 / 100);
}

/* The histogram: 40 equal bins of each scenario's own range, from its
 * smallest year to its own VaR99.5 (rank ceil(3.98) = 4 of 4: the largest
 * year): uk's {200, 400, 600, 800} in bins of 15 from 200 (200 in bin 0,
 * 400 in bin 13 (13.3), 600 in bin 26 (26.7), 800 in the last, closed at
 * the top), fr's {50, ..., 200} in bins of 3.75 from 50, the same bins;
 * share = count / 4.  The row after the last counts the years beyond the
 * top: none here. */
static void test_histogram_has_40_bins_of_each_scenarios_own_range(void **state)
{
    (void)state;
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    char want[8192];
    size_t k = (size_t)snprintf(want, sizeof want, "scenario,lo,hi,count,share\n");
    const int bins[] = {0, 13, 26, 39};
    const double lo[2] = {200, 50}, width[2] = {15, 3.75}, top[2] = {800, 200};
    for (int s = 0; s < 2; s++) {
        for (int b = 0; b < 40; b++) {
            int c = 0;
            for (int i = 0; i < 4; i++) c += bins[i] == b;
            k += (size_t)snprintf(want + k, sizeof want - k, "%s,%.17g,%.17g,%d,%.17g\n",
                                  labels[s], lo[s] + width[s] * b, lo[s] + width[s] * (b + 1), c,
                                  c / 4.0);
        }
        k += (size_t)snprintf(want + k, sizeof want - k, "%s,%.17g,inf,0,0\n", labels[s], top[s]);
    }
    assert_string_equal(slurp("plot_histogram.csv"), want);
}

/* Only amount measures (those with an exceedance table) are plotted, with
 * mean and 95% half width z se, both converted, and a title (quoted only
 * where it holds a comma or a quote, as every text cell): uk's insured
 * mean 250 GBP is 500 USD, half width 1.96 * 64.55 * 2 = 253.03; fr's at
 * factor 1. */
static void test_measures_file_has_insured_mean_500_usd_and_its_half_width(void **state)
{
    (void)state;
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    char *text = slurp("plot_measures.csv");
    char name[2][32], label[2][96];
    double mean[2], ci[2];
    int got = sscanf(text, "scenario,measure,mean,ci95,title\n%95[^,],%31[^,],%lf,%lf,"
                           "Paid by the indemnifier (insurer or state)\n"
                           "%95[^,],%31[^,],%lf,%lf,",
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

/* Policy metrics, titled and grouped: a metric in the scenario's currency
 * is converted and its unit renamed (125 GBP per paid claim -> 250 USD per
 * paid claim); a share is left alone.  The fixture's version 1 table has
 * no Monte Carlo error and the file no parameter draws: empty interval
 * cells, 0 draws.  Rows in the title table's order (paid_share's group
 * comes before the amounts). */
static void test_policy_file_converts_gbp_per_paid_claim_and_leaves_shares(void **state)
{
    (void)state;
    assert_int_equal(plots(1, "insured", NULL), ML_OK);
    assert_string_equal(slurp("plot_policy.csv"),
                        "scenario,metric,title,group,kind,value,unit,mc_se,lo95,hi95,p05,p95,"
                        "draws\n"
                        "uk (USD),paid_share,Claims paid,Access to compensation,share,0.5,"
                        "paid claims / claims,,,,,,0\n"
                        "uk (USD),mean_payment,Mean payment per paid claim,Amounts paid,amount,"
                        "250,USD per paid claim,,,,,,0\n");
    /* Not a life-cycle file: no compensation chart, its file a header. */
    assert_string_equal(slurp("plot_compensation.csv"),
                        "scenario,metric,title,group,kind,value,unit,mc_se,lo95,hi95,p05,p95,"
                        "draws\n");
    assert_false(ml_report_plots_has_compensation(sc, nsc));
}

/* plot_scenarios.csv: the report's scenarios in order (the order that
 * fixes each one's colour), with what the captions say of them. */
static void test_scenarios_file_lists_the_report_in_order(void **state)
{
    (void)state;
    assert_int_equal(plots(2, "insured", NULL), ML_OK);
    char want[1024];
    snprintf(want, sizeof want,
             "scenario,regime,portfolio,replicates,seed,draws,file\n"
             "uk (USD),england,nhs_trusts,4,42,0,%s\n"
             "fr (USD),england,nhs_trusts,4,42,0,%s\n", uk, fr);
    assert_string_equal(slurp("plot_scenarios.csv"), want);
}

/* A life-cycle scenario "jp" (GBP, at 2 USD per GBP): a version 2 policy
 * table with overhead_ratio (0.1, se 0.02), negligent_compensated_share
 * (0.25, se 0.01) and mean_months (12.5, se 0.5), annual compensation
 * {10, 20, 30, 40}, expenses {1, 2, 3, 4} and negligent_paid {1, 1, 2,
 * 0}, and 20 parameter draws of the two ratios (one of overhead_ratio's
 * undefined). */
static void write_life_cycle(const char *path)
{
    fx_write_named(path, "jp");
    hid_t f = fx_open(path);
    fx_attr_u64(f, "format_version", 2);
    hid_t g = fx_group(f, "/scenarios/jp");
    const fx_metric_se_row rows[3] = {
        {"overhead_ratio", 0.1, 0.02, "expenses / compensation"},
        {"negligent_compensated_share", 0.25, 0.01, "paid / negligent injuries"},
        {"mean_months", 12.5, 0.5, "months, claim to closure"},
    };
    fx_policy_se(g, rows, 3);
    hid_t a = fx_group(f, "/scenarios/jp/annual");
    const double comp[FX_N] = {10, 20, 30, 40}, exp_[FX_N] = {1, 2, 3, 4},
                 paid[FX_N] = {1, 1, 2, 0};
    fx_f64(a, "compensation", comp, FX_N);
    fx_f64(a, "expenses", exp_, FX_N);
    fx_f64(a, "negligent_paid", paid, FX_N);
    H5Gclose(a);
    /* uncertainty/draws [20][2]: column 0 = 0.01 k (k = 1..20), column 1
     * = NaN in draw 0, 0.1 k in draw k (k = 1..19). */
    hid_t u = H5Gcreate2(g, "uncertainty", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    double dr[20][2];
    for (int k = 0; k < 20; k++) {
        dr[k][0] = 0.01 * (k + 1);
        dr[k][1] = k ? 0.1 * k : NAN;
    }
    hsize_t dims[2] = {20, 2};
    hid_t sp = H5Screate_simple(2, dims, NULL);
    hid_t d = H5Dcreate2(u, "draws", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(d >= 0);
    assert_true(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dr) >= 0);
    fx_attr_str(d, "columns", "negligent_compensated_share,overhead_ratio");
    H5Dclose(d);
    H5Sclose(sp);
    fx_attr_u64(u, "draws", 20);
    H5Gclose(u);
    H5Gclose(g);
    H5Fclose(f);
}

/* The compensation chart's file: the two ratios with their 95% Monte
 * Carlo interval (0.25 -/+ 1.96 * 0.01) and their 90% interval over the
 * draws (ranks ceil(0.05 m) and ceil(0.95 m): m = 20 gives draws 1 and
 * 19, 0.01 and 0.19; overhead's m = 19 defined draws give ranks 1 and 19,
 * 0.1 and 1.9), and the total cost per negligent injury compensated:
 * (100 + 10) / 4 = 27.5 GBP, 55 USD, with the delta method's se: the
 * residuals a - R b = {-16.5, -5.5, -22, 44} have squares summing to
 * 2722.5, se = sqrt(2722.5 / 12) / mean(b) = 15.0623 GBP (mean(b) = 1),
 * 30.1247 USD.  The policy file holds the panels in the title table's
 * order: the share (access), overhead (cost), then time; a unit with a
 * comma is quoted. */
static void test_compensation_file_has_shares_overhead_and_cost_per_injury(void **state)
{
    (void)state;
    char jp[160];
    snprintf(jp, sizeof jp, "%s/jp.h5", root);
    write_life_cycle(jp);
    ml_in_scenario *s = NULL;
    size_t n = 0;
    ml_err err = {0};
    if (ml_h5in_read(jp, &s, &n, &err)) fail_msg("%s", err.msg);
    assert_true(ml_report_plots_has_compensation(s, n));
    const double factor[1] = {2.0};
    char lab[1][96] = {"jp"};
    if (ml_report_plots(out, s, 1, factor, lab, "USD", "insured", &err)) fail_msg("%s", err.msg);
    char want[2048], rows2[1024];
    const char *head = "scenario,metric,title,group,kind,value,unit,mc_se,lo95,hi95,p05,p95,"
                       "draws\n";
    double se = sqrt(2722.5 / 12.0) * 2.0;
    snprintf(rows2, sizeof rows2,
             "jp,negligent_compensated_share,Negligent injuries compensated,Access to "
             "compensation,share,0.25,paid / negligent injuries,0.01,%.17g,%.17g,0.01,%.17g,20\n"
             "jp,overhead_ratio,Overhead: expenses per unit of compensation,Cost of "
             "compensating,share,%.17g,expenses / compensation,0.02,%.17g,%.17g,%.17g,%.17g,19\n",
             0.25 - ML_CI_Z * 0.01, 0.25 + ML_CI_Z * 0.01, 0.01 * 19, 0.1,
             0.1 - ML_CI_Z * 0.02, 0.1 + ML_CI_Z * 0.02, 0.1 * 1, 0.1 * 19);
    snprintf(want, sizeof want,
             "%s%s"
             "jp,cost_per_negligent_compensated,Total cost per negligent injury compensated,"
             "Cost of compensating,amount,55,USD per negligent injury compensated,%.17g,%.17g,"
             "%.17g,,,0\n",
             head, rows2, se, 55 - ML_CI_Z * se, 55 + ML_CI_Z * se);
    assert_string_equal(slurp("plot_compensation.csv"), want);
    ml_assert_double_abs(se, 30.1247, 5e-5, "the hand value");
    snprintf(want, sizeof want,
             "%s%s"
             "jp,mean_months,Mean time from claim to closure,Time,months,12.5,\"months, claim to "
             "closure\",0.5,%.17g,%.17g,,,0\n",
             head, rows2, 12.5 - ML_CI_Z * 0.5, 12.5 + ML_CI_Z * 0.5);
    assert_string_equal(slurp("plot_policy.csv"), want);
    ml_h5in_free(s, n);
}

/* Every policy metric medliab defines, and the development group's, has a
 * title of its own (never its raw key); the titles are unique. */
static void test_every_policy_metric_has_a_title(void **state)
{
    (void)state;
    char buf[96];
    const char *title;
    size_t order;
    for (size_t i = 0; i < ml_n_metric_defs; i++) {
        const char *name = ml_metric_defs[i].name;
        if (!ml_metric_title_find(name, buf, sizeof buf, &title, &order))
            fail_msg("policy metric %s has no title in metric_titles.c", name);
        assert_true(strcmp(title, name) != 0);
    }
    static const char *const dev[] = {"payment_months", "paid_by_year_1", "paid_by_year_10"};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        assert_non_null(ml_metric_title_find(dev[i], buf, sizeof buf, &title, &order));
    assert_string_equal(title, "Compensation paid by development year 10");
    assert_null(ml_metric_title_find("paid_by_year_", buf, sizeof buf, &title, &order));
    assert_null(ml_metric_title_find("nope", buf, sizeof buf, &title, &order));
    for (size_t i = 0; i < ml_n_metric_titles; i++)
        for (size_t j = i + 1; j < ml_n_metric_titles; j++)
            assert_true(strcmp(ml_metric_titles[i].title, ml_metric_titles[j].title) != 0);
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
        T(test_exceedance_curve_of_four_years_with_binomial_band_ranks),
        T(test_band_ranks_are_the_exact_binomial_points),
        T(test_curve_is_supported_up_to_n_over_10_years),
        T(test_band_covers_the_uniform_quantile_at_least_95_percent),
        T(test_histogram_has_40_bins_of_each_scenarios_own_range),
        T(test_measures_file_has_insured_mean_500_usd_and_its_half_width),
        T(test_policy_file_converts_gbp_per_paid_claim_and_leaves_shares),
        T(test_scenarios_file_lists_the_report_in_order),
        T(test_compensation_file_has_shares_overhead_and_cost_per_injury),
        T(test_every_policy_metric_has_a_title),
        T(test_development_file_has_shares_of_accident_year_0s_ultimate),
        T(test_development_file_only_for_scenarios_that_have_it),
        T(test_script_gets_the_folder_currency_and_measure),
        T(test_failed_drawing_leaves_no_data_files_and_no_folder),
        T(test_missing_script_or_measure_is_an_error_naming_it),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
