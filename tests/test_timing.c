/*
 * test_timing.c — the engine's ledgers (models/timeline.h, sim/engine/
 * ledger.c) against answers known exactly:
 *
 *  - a textbook Poisson(20) x lognormal(10, 1.2) portfolio with fixed lags
 *    (report 18 months after the incident, payment 6 months later; incidents
 *    uniform over the year): the expected triangle is analytic (half of the
 *    claims reported in development year 1, half in year 2, all paid in year
 *    2), and so are the trended amount and the present value under a flat
 *    rate; the means over replicates are checked within 4 standard errors
 *    (SE = sample sd / sqrt(n)): a statistical tolerance;
 *  - identities in every replicate of every shipped life-cycle scenario
 *    given a time block (no trend, no discounting): the reported row sums to
 *    the claims, the paid-count row to the paid claims, the paid row to the
 *    insured measure and the compensation row to compensation (to 1e-9
 *    relative: sums of the same terms in another order);
 *  - the annual measures do not depend on how many accident years a run
 *    keeps (bit for bit), and the ledgers not on the thread count;
 *  - periodical payments split an award at the threshold into the lump
 *    and yearly instalments of the stated sizes (by hand);
 *  - a trend given year by year compounds each year's rate (by hand);
 *  - the steady-state claims-made price (sim/results/timevalue.h: accident
 *    year 0's reports by lag, deflated by the trend) is the cost of a real
 *    calendar year of claims-made cover in a run of six accident years: the
 *    claims reported in the last year from the k accident years before it,
 *    for k = 1 .. 5; the paired difference per replicate has mean 0 within
 *    4 of its standard errors (a statistical tolerance).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "ledger.h"
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

static const char *const fixed_lag_yaml =
    "name: fixed_lag\n"
    "run: {replicates: 4000, seed: 11}\n"
    "time: {years: 3, development_years: 5, policy_year: 2020%s}\n"
    "portfolio:\n"
    "  name: one\n"
    "  specialties: [{name: all, incident_rate: 20}]\n"
    "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
    "regime:\n"
    "  name: tb\n"
    "  currency: USD\n"
    "  price_year: 2020\n"
    "  trend: %s\n"
    "  timing: {report_months: 18, settle_months: 6}\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 1.2}\n";

static int setup(void **state)
{
    (void)state;
    return tmp_dir_make("ml_timing");
}

static int teardown(void **state)
{
    (void)state;
    return tmp_dir_remove();
}

static void load(const char *path, ml_scenario *s)
{
    ml_err err = {0};
    if (ml_scenario_load(path, s, &err))
        fail_msg("%s: %s", path, err.msg);
}

static void run(const ml_scenario *s, size_t n, int threads, ml_results *res)
{
    assert_int_equal(ml_results_alloc(res, n), ML_OK);
    ml_run_opts o = {s->seed, n, 0, threads, NULL, 0, NULL};
    ml_err err = {0};
    if (ml_engine_run(s, &o, res, &err))
        fail_msg("ml_engine_run: %s", err.msg);
}

/* Mean and standard error over replicates of value k of the ledger. */
static void mean_se(const ml_results *r, size_t k, double *mean, double *se)
{
    double s = 0.0, ss = 0.0;
    for (size_t i = 0; i < r->n; i++)
        s += r->dev[i * r->dev_stride + k];
    double m = s / r->n;
    for (size_t i = 0; i < r->n; i++) {
        double d = r->dev[i * r->dev_stride + k] - m;
        ss += d * d;
    }
    *mean = m;
    *se = sqrt(ss / (r->n - 1) / r->n);
}

static void near_4se(const ml_results *r, size_t k, double want, const char *what)
{
    double m, se;
    mean_se(r, k, &m, &se);
    if (!(fabs(m - want) <= 4.0 * se + 1e-12 * fabs(want)))
        fail_msg("%s: mean %.6g, expected %.6g (se %.3g)", what, m, want, se);
}

static void fixed_lag(const char *extra, const char *trend, ml_scenario *s, ml_results *r)
{
    char text[2048];
    snprintf(text, sizeof text, fixed_lag_yaml, extra, trend);
    put("fixed.yaml", text);
    char p[256];
    snprintf(p, sizeof p, "%s/fixed.yaml", dir);
    load(p, s);
    run(s, s->replicates, 0, r);
}

static void triangle_is_analytic(void **state)
{
    (void)state;
    ml_scenario s;
    ml_results r = {0};
    fixed_lag("", "0", &s, &r);
    const unsigned Y = 3, D = 5;
    double ex = exp(10.0 + 0.5 * 1.2 * 1.2);
    for (unsigned a = 0; a < Y; a++)
        for (unsigned d = 0; d < D; d++) {
            char what[80];
            double rep = d == 1 || d == 2 ? 10.0 : 0.0, paid = d == 2 ? 20.0 : 0.0;
            snprintf(what, sizeof what, "reported[%u][%u]", a, d);
            near_4se(&r, ml_dev_at(Y, D, ML_DV_REPORTED, a, d), rep, what);
            snprintf(what, sizeof what, "paid_count[%u][%u]", a, d);
            near_4se(&r, ml_dev_at(Y, D, ML_DV_PAID_COUNT, a, d), paid, what);
            snprintf(what, sizeof what, "paid[%u][%u]", a, d);
            near_4se(&r, ml_dev_at(Y, D, ML_DV_PAID, a, d), paid * ex, what);
            /* Everything is paid in year 2, so nothing can be nonzero elsewhere. */
            if (d != 2)
                for (size_t i = 0; i < r.n; i++)
                    assert_true(r.dev[i * r.dev_stride + ml_dev_at(Y, D, ML_DV_PAID, a, d)] == 0);
        }
    /* Accident year 0's rows are the annual measures, claim for claim. */
    for (size_t i = 0; i < r.n; i++) {
        const double *l = r.dev + i * r.dev_stride;
        double c = 0, p = 0;
        for (unsigned d = 0; d < D; d++) {
            c += l[ml_dev_at(Y, D, ML_DV_REPORTED, 0, d)];
            p += l[ml_dev_at(Y, D, ML_DV_PAID, 0, d)];
        }
        assert_true(c == r.annual[ML_M_CLAIMS][i]);
        assert_true(fabs(p - r.annual[ML_M_INSURED][i]) <= 1e-9 * r.annual[ML_M_INSURED][i]);
    }
    ml_results_free(&r);
    ml_scenario_free(&s);
}

/* Trend and discounting of a payment at month 12u + 24 (u uniform): the
 * expected factors are (1+g)^2 ((1+g) - 1) / ln(1+g) and
 * (1+r)^-2 (1 - (1+r)^-1) / ln(1+r), times 20 E[X]. */
static void trend_and_present_value(void **state)
{
    (void)state;
    ml_scenario s;
    ml_results r = {0};
    const double g = 0.05, rate = 0.04;
    fixed_lag(", curve: {name: flat4, currency: USD, flat: 0.04}", "0.05", &s, &r);
    const unsigned Y = 3, D = 5;
    double ex = 20.0 * exp(10.0 + 0.5 * 1.2 * 1.2);
    double tf = pow(1 + g, 2) * g / log1p(g);
    double vf = pow(1 + rate, -2) * (1 - 1 / (1 + rate)) / log1p(rate);
    near_4se(&r, ml_dev_at(Y, D, ML_DV_PAID, 0, 2), ex * tf, "trended paid[0][2]");
    /* Accident year 1 pays a year later: one more year of trend. */
    near_4se(&r, ml_dev_at(Y, D, ML_DV_PAID, 1, 2), ex * tf * (1 + g), "trended paid[1][2]");
    /* Trend and discount apply together: E[(1+g)^t (1+r)^-t] for t = 2 + u. */
    double q = (1 + g) / (1 + rate);
    double both = pow(q, 2) * (q - 1) / log(q);
    near_4se(&r, ml_dev_scalar_at(Y, D, ML_DS_PV_OCC, 0), ex * both, "pv_occ[0]");
    (void)vf;
    ml_results_free(&r);
    ml_scenario_free(&s);
}

/* The shipped life-cycle scenarios, each with a time block of `years`. */
static void with_time(const char *name, unsigned years, ml_scenario *s)
{
    char src[600], text[1200];
    snprintf(src, sizeof src, "%s/scenarios/%s.yaml", ML_SOURCE_DIR, name);
    ml_scenario base;
    load(src, &base);
    snprintf(text, sizeof text,
             "name: %s_t\nrun: {replicates: 60, seed: 7}\ntime: {years: %u, development_years: 40}\n"
             "portfolio: %s\nregime: %s\n",
             name, years, base.portfolio_file, base.regime_file);
    ml_scenario_free(&base);
    char f[80];
    snprintf(f, sizeof f, "%s_t%u.yaml", name, years);
    put(f, text);
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, f);
    load(p, s);
    /* The identities below hold before trend. */
    s->time.trend = 0.0;
    ml_time_free(&s->time);
    assert_int_equal(ml_time_build(&s->time), 0);
}

static const char *const shipped[] = {"us", "uk", "japan", "taiwan", "china", "china_reform"};

static void rel_eq(double a, double b, const char *what, const char *sc, size_t i)
{
    if (!(fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b))))
        fail_msg("%s replicate %zu: %s: ledger %.17g, measure %.17g", sc, i, what, a, b);
}

static void ledger_sums_to_measures(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof shipped / sizeof *shipped; k++) {
        ml_scenario s;
        ml_results r = {0};
        with_time(shipped[k], 1, &s);
        run(&s, s.replicates, 0, &r);
        unsigned Y = r.dev_years, D = r.dev_dev;
        assert_int_equal(Y, 1);
        for (size_t i = 0; i < r.n; i++) {
            const double *l = r.dev + i * r.dev_stride;
            double sum[ML_DV_ROWS] = {0};
            for (int row = 0; row < ML_DV_ROWS; row++)
                for (unsigned d = 0; d < D; d++)
                    sum[row] += l[ml_dev_at(Y, D, row, 0, d)];
            rel_eq(sum[ML_DV_REPORTED], r.annual[ML_M_CLAIMS][i], "reported", shipped[k], i);
            rel_eq(sum[ML_DV_PAID_COUNT], r.annual[ML_M_PAID_CLAIMS][i], "paid count",
                   shipped[k], i);
            rel_eq(sum[ML_DV_PAID], r.annual[ML_M_INSURED][i], "paid", shipped[k], i);
            rel_eq(sum[ML_DV_INCURRED], r.annual[ML_M_INSURED][i], "incurred", shipped[k], i);
            rel_eq(sum[ML_DV_COMP_PAID], r.annual[ML_M_COMPENSATION][i], "compensation",
                   shipped[k], i);
            rel_eq(l[ml_dev_scalar_at(Y, D, ML_DS_COMP, 0)], r.annual[ML_M_COMPENSATION][i],
                   "compensation total", shipped[k], i);
        }
        ml_results_free(&r);
        ml_scenario_free(&s);
    }
}

static void years_and_threads_change_nothing(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof shipped / sizeof *shipped; k += 2) {
        ml_scenario s1, s3;
        ml_results r1 = {0}, r3 = {0}, r3t = {0};
        with_time(shipped[k], 1, &s1);
        with_time(shipped[k], 3, &s3);
        run(&s1, 40, 1, &r1);
        run(&s3, 40, 1, &r3);
        run(&s3, 40, 2, &r3t);
        for (int m = 0; m < ML_N_MEASURES; m++)
            if (memcmp(r1.annual[m], r3.annual[m], 40 * sizeof(double)))
                fail_msg("%s: annual %s depends on the accident years kept", shipped[k],
                         ml_measure_name[m]);
        if (memcmp(r3.dev, r3t.dev, 40 * r3.dev_stride * sizeof(double)))
            fail_msg("%s: the ledgers depend on the thread count", shipped[k]);
        /* Accident year 0 of the 3-year run is the 1-year run's ledger. */
        unsigned D = r1.dev_dev;
        for (size_t i = 0; i < 40; i++)
            for (int row = 0; row < ML_DV_ROWS; row++)
                if (memcmp(r1.dev + i * r1.dev_stride + ml_dev_at(1, D, row, 0, 0),
                           r3.dev + i * r3.dev_stride + ml_dev_at(3, D, row, 0, 0),
                           D * sizeof(double)))
                    fail_msg("%s: accident year 0 differs with 3 years kept", shipped[k]);
        ml_results_free(&r1);
        ml_results_free(&r3);
        ml_results_free(&r3t);
        ml_scenario_free(&s1);
        ml_scenario_free(&s3);
    }
}

/* Periodical payments split an award of at least the threshold: share
 * 0.6 in 10 yearly instalments after the settlement, the rest at it; a
 * smaller award is paid whole.  No trend, no discounting: the sizes are
 * exact. */
static void periodical_payments_split_by_size(void **state)
{
    (void)state;
    ml_time t;
    memset(&t, 0, sizeof t);
    t.years = 1;
    t.dev_years = 15;
    t.policy_year = t.price_year = 2020;
    assert_int_equal(ml_time_build(&t), 0);
    size_t stride = ml_dev_stride(1, 15);
    double *led = calloc(stride, sizeof *led), *h = calloc(ml_ledger_scratch(15), sizeof *h);
    assert_non_null(led);
    assert_non_null(h);
    ml_ledger lg = {.t = &t, .led = led, .h = h};
    ml_timing tm;
    memset(&tm, 0, sizeof tm);
    tm.ppo_threshold = 1000;
    tm.ppo_share = 0.6;
    tm.ppo_years = 10;
    ml_ledger_begin(&lg);
    ml_ledger_hosp_begin(&lg);
    ml_ledger_award(&lg, &tm, 1000, 1000, 800, 6, 3, 0);   /* at the threshold: split */
    ml_ledger_award(&lg, &tm, 999, 999, 0, 6, 3, 0);      /* below it: whole */
    ml_ledger_hosp_end(&lg, 800, 800, 0);
    const double *comp = led + ml_dev_at(1, 15, ML_DV_COMP_PAID, 0, 0);
    const double *paid = led + ml_dev_at(1, 15, ML_DV_PAID, 0, 0);
    assert_true(fabs(comp[0] - (400 + 999)) <= 1e-9);
    assert_true(fabs(paid[0] - 320) <= 1e-9);
    for (unsigned d = 1; d <= 10; d++) {
        assert_true(fabs(comp[d] - 60) <= 1e-9);
        assert_true(fabs(paid[d] - 48) <= 1e-9);
    }
    for (unsigned d = 11; d < 15; d++)
        assert_true(comp[d] == 0 && paid[d] == 0);
    /* All of the insurer's share is incurred when the claim is reported. */
    assert_true(fabs(led[ml_dev_at(1, 15, ML_DV_INCURRED, 0, 0)] - 800) <= 1e-9);
    free(led);
    free(h);
    ml_time_free(&t);
}

/* A trend given year by year compounds each year's rate through it: 10%
 * in 2020 and 2021, 0 from 2022, from a price year of 2020. */
static void trend_by_year_compounds(void **state)
{
    (void)state;
    static const char *const yaml =
        "name: tby\n"
        "time: {years: 1, development_years: 4, policy_year: %d}\n"
        "portfolio:\n"
        "  name: one\n"
        "  specialties: [{name: all, incident_rate: 1}]\n"
        "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
        "regime:\n"
        "  name: tb\n"
        "  currency: USD\n"
        "  price_year: 2020\n"
        "  trend_by_year: {2020: 0.1, 2022: 0}\n"
        "  severity: {model: lognormal, meanlog: 1, sdlog: 1}\n";
    char text[1024], p[256];
    snprintf(text, sizeof text, yaml, 2020);
    put("tby.yaml", text);
    snprintf(p, sizeof p, "%s/tby.yaml", dir);
    ml_scenario s;
    load(p, &s);
    const ml_time *t = &s.time;
    double want[][2] = {{0, 1.0}, {12, 1.1}, {18, 1.1 * sqrt(1.1)}, {24, 1.21}, {36, 1.21}};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        if (!(fabs(ml_time_trend(t, want[k][0]) - want[k][1]) <= 1e-12))
            fail_msg("month %g: trend factor %.15g, expected %.15g", want[k][0],
                     ml_time_trend(t, want[k][0]), want[k][1]);
    /* The policy year's rate is the one the claims-made prices deflate by. */
    assert_true(t->trend == 0.1);
    ml_scenario_free(&s);
    /* A policy year before the first listed year takes the first's rate. */
    snprintf(text, sizeof text, yaml, 2019);
    put("tby.yaml", text);
    load(p, &s);
    if (!(fabs(ml_time_trend(&s.time, 0) - 1 / 1.1) <= 1e-12))
        fail_msg("policy year 2019: factor %.15g, expected 1/1.1", ml_time_trend(&s.time, 0));
    ml_scenario_free(&s);
}

static void claims_made_is_a_calendar_year(void **state)
{
    (void)state;
    static const char *const regimes[] = {"us", "taiwan"};
    const unsigned K = 6;
    for (size_t k = 0; k < 2; k++) {
        ml_scenario s;
        ml_results r = {0};
        with_time(regimes[k], K, &s);
        /* with_time clears the trend; this check wants it. */
        s.time.trend = s.regime.timing.trend;
        ml_time_free(&s.time);
        assert_int_equal(ml_time_build(&s.time), 0);
        /* 2,000 replicates: dropping the trend's deflation is then off by
         * more than 4 SE in the US (measured: 4.8 SE at claims_made_3). */
        run(&s, 2000, 0, &r);
        unsigned D = r.dev_dev;
        double g = s.time.trend;
        double *x = malloc(r.n * sizeof *x);
        assert_non_null(x);
        for (unsigned cm = 1; cm <= 5; cm++) {
            for (size_t i = 0; i < r.n; i++) {
                const double *l = r.dev + i * r.dev_stride;
                double real = 0.0, steady = 0.0;
                for (unsigned d = 0; d < cm; d++) {
                    real += l[ml_dev_at(K, D, ML_DV_PV_REPORTED, K - 1 - d, d)];
                    steady += l[ml_dev_at(K, D, ML_DV_PV_REPORTED, 0, d)] * pow(1 + g, -(double)d);
                }
                /* The real year is K - 1 years after the policy year. */
                x[i] = real - pow(1 + g, K - 1.0) * steady;
            }
            double m = 0.0, ss = 0.0;
            for (size_t i = 0; i < r.n; i++)
                m += x[i];
            m /= r.n;
            for (size_t i = 0; i < r.n; i++)
                ss += (x[i] - m) * (x[i] - m);
            double se = sqrt(ss / (r.n - 1) / r.n);
            if (!(fabs(m) <= 4.0 * se))
                fail_msg("%s claims_made_%u: calendar year minus steady state %.6g (se %.3g)",
                         regimes[k], cm, m, se);
        }
        free(x);
        ml_results_free(&r);
        ml_scenario_free(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(triangle_is_analytic),
        cmocka_unit_test(trend_and_present_value),
        cmocka_unit_test(ledger_sums_to_measures),
        cmocka_unit_test(years_and_threads_change_nothing),
        cmocka_unit_test(periodical_payments_split_by_size),
        cmocka_unit_test(trend_by_year_compounds),
        cmocka_unit_test(claims_made_is_a_calendar_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
