/*
 * test_scenario_results.c — the results structure (sim/results/
 * scenario_results.h) holds exactly what the room's own functions compute
 * from the same arrays: the summary rows (ml_summary_compute), the
 * exceedance tables (ml_ep_compute) and their mean annual loss (ml_mean),
 * the policy table (ml_policy_metrics, undefined metrics left out and
 * named), the stage table (ml_stage_metrics) and the pricing tables with
 * their series (ml_pricing_compute).  Every comparison is exact: the
 * structure is filled by those functions from the same samples, so any
 * difference, even in the last bit, would mean the file and the terminal
 * could show different numbers.
 *
 * The arrays come from real engine runs of shipped scenarios: a textbook
 * one (v1), one with a reinsurance layer (v2) and a lifecycle regime with
 * pathway stages and pricing grades (uk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "engine.h"
#include "scenario_results.h"
#include "basis_pricing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SEED 20261123u

/* A scenario and the arrays of one engine run of it. */
typedef struct {
    ml_scenario s;
    ml_results res;
} run_data;

/* Loads a shipped run file and simulates n replicates at SEED into the
 * arrays a run would hold (per-stage and pricing arrays included). */
static run_data *simulate(const char *rel, size_t n)
{
    run_data *d = calloc(1, sizeof *d);
    assert_non_null(d);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", ML_SOURCE_DIR, rel);
    ml_err err = {0};
    if (ml_scenario_load(path, &d->s, &err))
        fail_msg("%s: %s", path, err.msg);
    assert_int_equal(ml_results_alloc(&d->res, n), ML_OK);
    assert_int_equal(ml_results_alloc_pricing(&d->res, (unsigned)d->s.portfolio.n_specialties,
                                              d->s.pricing.n_grades, d->s.pricing.n_xl),
                     ML_OK);
    if (d->s.regime.life)
        assert_int_equal(ml_results_alloc_channels(&d->res, d->s.regime.life->pathway.n),
                         ML_OK);
    ml_run_opts o = {SEED, n, 0, 1, NULL, 0, NULL};
    if (ml_engine_run(&d->s, &o, &d->res, &err))
        fail_msg("%s: %s", path, err.msg);
    return d;
}

static void run_free(run_data *d)
{
    ml_results_free(&d->res);
    ml_scenario_free(&d->s);
    free(d);
}

static ml_scenario_results *fill(const run_data *d)
{
    ml_scenario_results *r = malloc(sizeof *r);
    assert_non_null(r);
    ml_err err = {0};
    if (ml_scenario_results_fill(&d->s, &d->res, 1, r, &err))
        fail_msg("fill: %s", err.msg);
    return r;
}

static void results_free(ml_scenario_results *r)
{
    ml_scenario_results_free(r);
    free(r);
}

static void assert_summary_equal(const ml_summary *got, const ml_summary *want)
{
    ml_assert_double_exact(got->mean, want->mean);
    ml_assert_double_exact(got->sd, want->sd);
    ml_assert_double_exact(got->se, want->se);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        ml_assert_double_exact(got->var[l], want->var[l]);
        ml_assert_double_exact(got->tvar[l], want->tvar[l]);
        ml_assert_double_exact(got->var_lo[l], want->var_lo[l]);
        ml_assert_double_exact(got->var_hi[l], want->var_hi[l]);
        ml_assert_double_exact(got->var_se[l], want->var_se[l]);
        ml_assert_double_exact(got->tvar_se[l], want->tvar_se[l]);
    }
}

/* Every summary row and exceedance table, against the functions. */
static void check_summary_and_ep(const run_data *d, const ml_scenario_results *r)
{
    size_t n = d->res.n;
    double *scratch = malloc(n * sizeof *scratch);
    assert_non_null(scratch);
    ml_assert_size_eq(r->n, n);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        ml_summary want;
        ml_summary_compute(d->res.annual[m], n, scratch, &want);
        assert_summary_equal(&r->summary[m], &want);
        /* Exceedance tables exactly for the measures with a largest claim. */
        assert_int_equal(r->has_ep[m], d->res.annual_max[m] != NULL);
        assert_int_equal(r->has_ep[m], ml_measure_is_amount[m]);
        if (!r->has_ep[m])
            continue;
        ml_ep_row ep[ML_N_RETURN_PERIODS];
        ml_ep_compute(d->res.annual[m], d->res.annual_max[m], n, scratch, ep);
        for (int k = 0; k < ML_N_RETURN_PERIODS; k++) {
            ml_assert_double_exact(r->ep[m][k].return_period, ep[k].return_period);
            ml_assert_double_exact(r->ep[m][k].aep, ep[k].aep);
            ml_assert_double_exact(r->ep[m][k].oep, ep[k].oep);
            ml_assert_double_exact(r->ep[m][k].aep_lo, ep[k].aep_lo);
            ml_assert_double_exact(r->ep[m][k].aep_hi, ep[k].aep_hi);
            ml_assert_double_exact(r->ep[m][k].oep_lo, ep[k].oep_lo);
            ml_assert_double_exact(r->ep[m][k].oep_hi, ep[k].oep_hi);
        }
        /* The curve's mean annual loss is the summary's mean, bit for bit
         * (one compensated sum in replicate order). */
        ml_assert_double_exact(r->aal[m], ml_mean(d->res.annual[m], n));
        ml_assert_double_exact(r->aal[m], r->summary[m].mean);
    }
    free(scratch);
}

/* The policy table: the defined metrics of ml_policy_metrics, in order,
 * and the names of the others, comma-separated. */
static void check_policy(const run_data *d, const ml_scenario_results *r)
{
    ml_metric all[ML_METRICS_MAX];
    memset(all, 0, sizeof all);
    size_t n_all = ml_policy_metrics(&d->s, &d->res, all);
    /* With a time block the payment pattern follows (development.h). */
    n_all += ml_dev_policy_metrics(&d->res, all + n_all, ML_METRICS_MAX - n_all);
    char undefined[sizeof r->policy_undefined] = "";
    size_t k = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (!isfinite(all[i].value)) {
            if (undefined[0])
                strcat(undefined, ",");
            strcat(undefined, all[i].name);
            continue;
        }
        assert_true(k < r->n_policy);
        assert_string_equal(r->policy[k].name, all[i].name);
        assert_string_equal(r->policy[k].unit, all[i].unit);
        ml_assert_double_exact(r->policy[k].value, all[i].value);
        /* The standard error too: the results structure skips the passes
         * that are another metric's or sum to +0.0 (metric_defs.h),
         * ml_policy_metrics makes every one. */
        ml_assert_double_exact(r->policy[k].mc_se, all[i].mc_se);
        k++;
    }
    ml_assert_size_eq(r->n_policy, k);
    assert_string_equal(r->policy_undefined, undefined);
    /* No NaN reaches the table, and the rows past its end are zero. */
    for (size_t i = 0; i < r->n_policy; i++)
        assert_true(isfinite(r->policy[i].value));
    static const ml_metric zero;
    for (size_t i = r->n_policy; i < ML_METRICS_MAX; i++)
        assert_memory_equal(&r->policy[i], &zero, sizeof zero);
}

static void check_stages(const run_data *d, const ml_scenario_results *r)
{
    ml_stage_metric want[ML_CHANNELS_MAX];
    memset(want, 0, sizeof want);
    size_t n = ml_stage_metrics(&d->s, &d->res, want);
    assert_int_equal(r->lifecycle, d->s.regime.life != NULL);
    ml_assert_size_eq(r->n_stages, n);
    /* Field by field, then the whole rows (names' tails included: they go
     * to the file as they are). */
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r->stages[i].stage, want[i].stage);
        ml_assert_double_exact(r->stages[i].visits_per_year, want[i].visits_per_year);
        ml_assert_double_exact(r->stages[i].closed_share, want[i].closed_share);
        ml_assert_double_exact(r->stages[i].mean_payment, want[i].mean_payment);
        ml_assert_double_exact(r->stages[i].entry_share, want[i].entry_share);
    }
    assert_memory_equal(r->stages, want, sizeof want);
}

static void check_pricing(const run_data *d, const ml_scenario_results *r)
{
    /* Each hospital's cover as the regime gives it (1 in a textbook one). */
    const ml_scenario *s = &d->s;
    size_t nh = s->portfolio.n_hospitals;
    double *cover = malloc((nh ? nh : 1) * sizeof *cover);
    assert_non_null(cover);
    for (size_t h = 0; h < nh; h++)
        cover[h] = !s->regime.life ? 1.0
                   : ml_cover_probability(s->participation ? s->participation[h]
                                                           : s->regime.life->ins.participation,
                                          s->mandate_target ? s->mandate_target[h] : 0.0,
                                          s->regime.life->ins.mandate.enforcement);
    ml_pricing_result want;
    assert_int_equal(ml_pricing_compute(&s->portfolio, &s->pricing, cover, &d->res, &want),
                     ML_OK);
    free(cover);
    /* With a time block the basis rows follow (basis_pricing.h). */
    ml_basis_prices bp;
    double rm;
    assert_int_equal(ml_basis_pricing(&d->s, &d->res, &want, &bp, &rm), ML_OK);
    const ml_pricing_result *got = &r->pricing;
    ml_assert_size_eq(got->n, want.n);
    ml_assert_size_eq(got->n_rows, want.n_rows);
    ml_assert_size_eq(got->n_principles, want.n_principles);
    ml_assert_size_eq(got->n_layers, want.n_layers);
    for (size_t i = 0; i < want.n_rows; i++) {
        assert_string_equal(got->rows[i].kind, want.rows[i].kind);
        assert_string_equal(got->rows[i].name, want.rows[i].name);
        ml_assert_double_exact(got->rows[i].mean, want.rows[i].mean);
        ml_assert_double_exact(got->rows[i].se, want.rows[i].se);
        ml_assert_double_exact(got->rows[i].per_bed, want.rows[i].per_bed);
        ml_assert_double_exact(got->rows[i].per_exposure, want.rows[i].per_exposure);
    }
    assert_memory_equal(got->rows, want.rows, want.n_rows * sizeof *want.rows);
    assert_memory_equal(got->principles, want.principles, sizeof want.principles);
    assert_memory_equal(got->layers, want.layers, sizeof want.layers);
    for (size_t k = 0; k + 1 < want.n_layers; k++)
        assert_memory_equal(got->ceded[k], want.ceded[k], want.n * sizeof(double));
    /* Without layers net is the insured loss itself, left to the writer
     * (net_is_gross); with them it is its own series. */
    assert_int_equal(got->net_is_gross, want.n_layers == 0);
    assert_int_equal(want.net_is_gross, want.n_layers == 0);
    if (!want.net_is_gross)
        assert_memory_equal(got->net, want.net, want.n * sizeof(double));
    /* A row flagged as the portfolio's insured loss is it, bit for bit
     * (the writer stores it as a map of annual/insured). */
    const ml_results *res = &d->res;
    const size_t n = want.n;
    for (size_t k = 1; k < want.n_rows; k++) {
        const double *x = k <= res->n_spec ? res->spec_insured[k - 1]
                                           : res->grade_insured[k - 1 - res->n_spec];
        int same = !memcmp(x, res->annual[ML_M_INSURED], n * sizeof *x);
        if (got->gross_row[k])
            assert_true(same);
    }
    ml_pricing_result_free(&want);
}

static void check_labels(const run_data *d, const ml_scenario_results *r)
{
    assert_string_equal(r->name, d->s.name);
    assert_string_equal(r->portfolio, d->s.portfolio.name);
    assert_string_equal(r->regime, d->s.regime.name);
    assert_string_equal(r->currency, d->s.regime.currency);
    assert_string_equal(r->exposure_unit, d->s.portfolio.exposure_unit);
}

static void check_all(const char *rel, size_t n)
{
    run_data *d = simulate(rel, n);
    ml_scenario_results *r = fill(d);
    check_labels(d, r);
    check_summary_and_ep(d, r);
    check_policy(d, r);
    check_stages(d, r);
    check_pricing(d, r);
    results_free(r);
    run_free(d);
}

/* A compound Poisson-lognormal sum: no stages, no layers, no funds (so
 * fund_mean_award has nothing to divide by and is undefined). */
static void test_textbook_tables_equal_the_functions(void **state)
{
    (void)state;
    check_all("scenarios/validation/v1_poisson_lognormal.yaml", 3000);
}

static void test_layer_tables_and_series_equal_the_functions(void **state)
{
    (void)state;
    check_all("scenarios/validation/v2_negbin_lognormal_layer.yaml", 3000);
}

static void test_lifecycle_stage_tables_equal_the_functions(void **state)
{
    (void)state;
    check_all("scenarios/uk.yaml", 200);
}

/* China's participation is below 1 (0.6 of its 5 tertiary and 10
 * secondary hospitals, 0.3 of its 15 primary ones), so its insured
 * divisors are the expected 3 + 6 + 4.5 = 13.5 hospitals of 30 and
 * 0.6 x (7,500 + 5,000) + 0.3 x 1,800 = 8,040 beds of 14,300; under the
 * reform (participation 1 and a mandate) every one is insured. */
static void test_insured_divisors_follow_participation(void **state)
{
    (void)state;
    check_all("scenarios/china.yaml", 100);
    run_data *d = simulate("scenarios/china.yaml", 100);
    ml_scenario_results *r = fill(d);
    const ml_premium_row *t = &r->pricing.rows[0];
    ml_assert_double_exact(t->hospitals, 30.0);
    ml_assert_double_abs(t->insured_hospitals, 13.5, 1e-12, "a sum of 30 products");
    ml_assert_double_exact(t->beds, 14300.0);
    ml_assert_double_abs(t->insured_beds, 8040.0, 1e-9, "a sum of 30 products");
    ml_assert_double_abs(t->per_insured_bed, t->mean / t->insured_beds, 1e-12, "one division");
    results_free(r);
    run_free(d);
    d = simulate("scenarios/china_reform.yaml", 100);
    r = fill(d);
    t = &r->pricing.rows[0];
    ml_assert_double_exact(t->insured_hospitals, t->hospitals);
    ml_assert_double_exact(t->insured_beds, t->beds);
    results_free(r);
    run_free(d);
}

/* The undefined metrics are really left out: v1 pays no fund awards, so
 * fund_mean_award (fund payments / fund awards) is undefined there, and
 * listed, and in no row. */
static void test_undefined_metric_is_named_not_stored(void **state)
{
    (void)state;
    run_data *d = simulate("scenarios/validation/v1_poisson_lognormal.yaml", 500);
    ml_scenario_results *r = fill(d);
    assert_non_null(strstr(r->policy_undefined, "fund_mean_award"));
    for (size_t i = 0; i < r->n_policy; i++)
        assert_string_not_equal(r->policy[i].name, "fund_mean_award");
    /* and a defined one is there: every claim is paid in v1 */
    int found = 0;
    for (size_t i = 0; i < r->n_policy; i++)
        if (!strcmp(r->policy[i].name, "paid_share")) {
            ml_assert_double_exact(r->policy[i].value, 1.0);
            found = 1;
        }
    assert_true(found);
    assert_int_equal(r->lifecycle, 0);
    ml_assert_size_eq(r->n_stages, 0);
    results_free(r);
    run_free(d);
}

/* The same arrays give the same structure, bit for bit (the file's
 * reproducibility rests on it). */
static void test_fill_is_deterministic(void **state)
{
    (void)state;
    run_data *d = simulate("scenarios/validation/v2_negbin_lognormal_layer.yaml", 1000);
    ml_scenario_results *a = fill(d), *b = fill(d);
    assert_memory_equal(a->summary, b->summary, sizeof a->summary);
    assert_memory_equal(a->ep, b->ep, sizeof a->ep);
    assert_memory_equal(a->aal, b->aal, sizeof a->aal);
    assert_memory_equal(a->policy, b->policy, sizeof a->policy);
    assert_string_equal(a->policy_undefined, b->policy_undefined);
    assert_memory_equal(a->pricing.layers, b->pricing.layers, sizeof a->pricing.layers);
    assert_int_equal(a->pricing.net_is_gross, b->pricing.net_is_gross);
    if (!a->pricing.net_is_gross) /* else left unfilled: the insured loss is net */
        assert_memory_equal(a->pricing.net, b->pricing.net, d->res.n * sizeof(double));
    results_free(a);
    results_free(b);
    run_free(d);
}

/* Different samples give different numbers: the structure is filled from
 * res, not from anything cached. */
static void test_fill_follows_the_samples(void **state)
{
    (void)state;
    run_data *d = simulate("scenarios/validation/v1_poisson_lognormal.yaml", 1000);
    ml_scenario_results *a = fill(d);
    for (size_t i = 0; i < d->res.n; i++)
        d->res.annual[ML_M_INSURED][i] *= 2.0;
    ml_scenario_results *b = fill(d);
    /* Doubling every sample doubles the mean exactly (a power of two). */
    ml_assert_double_exact(b->summary[ML_M_INSURED].mean, 2.0 * a->summary[ML_M_INSURED].mean);
    ml_assert_double_exact(b->pricing.rows[0].mean, 2.0 * a->pricing.rows[0].mean);
    /* and leaves the other measures alone */
    ml_assert_double_exact(b->summary[ML_M_CLAIMS].mean, a->summary[ML_M_CLAIMS].mean);
    results_free(a);
    results_free(b);
    run_free(d);
}

/* v1 pays damages in full and every claim: compensation, insured and
 * patient_net are damages' samples again, claims and paid_claims
 * incidents', and the structure knows them for copies (figures copied,
 * samples stored once).  One bit changed in insured's largest claim of one
 * year makes it a measure of its own, whose figures are then computed
 * from its samples and still equal the functions'. */
static void test_copies_are_found_and_exact(void **state)
{
    (void)state;
    run_data *d = simulate("scenarios/validation/v1_poisson_lognormal.yaml", 2000);
    ml_scenario_results *r = fill(d);
    int want[ML_N_MEASURES] = {0};
    want[ML_M_COMPENSATION] = want[ML_M_INSURED] = want[ML_M_PATIENT_NET] = ML_M_DAMAGES + 1;
    want[ML_M_CLAIMS] = want[ML_M_PAID_CLAIMS] = ML_M_INCIDENTS + 1;
    for (int m = 0; m < ML_N_MEASURES; m++)
        assert_int_equal(r->copy_of[m], want[m]);
    results_free(r);
    double *x = &d->res.annual_max[ML_M_INSURED][d->res.n - 1];
    *x = nextafter(*x, INFINITY);
    r = fill(d);
    assert_int_equal(r->copy_of[ML_M_INSURED], 0);
    assert_int_equal(r->copy_of[ML_M_PATIENT_NET], ML_M_DAMAGES + 1);
    check_summary_and_ep(d, r);
    check_policy(d, r);
    results_free(r);
    run_free(d);
}

/* Dropping the series keeps every table and frees only the series. */
static void test_drop_series_keeps_the_tables(void **state)
{
    (void)state;
    run_data *d = simulate("scenarios/uk.yaml", 100);
    ml_scenario_results *a = fill(d), *b = fill(d);
    assert_true(b->pricing.n_layers > 1); /* uk.yaml prices layers: series to drop */
    assert_non_null(b->pricing.net);
    assert_non_null(b->pricing.ceded[0]);
    ml_scenario_results_drop_series(b);
    assert_null(b->pricing.net);
    for (size_t k = 0; k < ML_XL_MAX + ML_SL_MAX; k++)
        assert_null(b->pricing.ceded[k]);
    assert_memory_equal(a->summary, b->summary, sizeof a->summary);
    assert_memory_equal(a->ep, b->ep, sizeof a->ep);
    assert_memory_equal(a->policy, b->policy, sizeof a->policy);
    assert_memory_equal(a->stages, b->stages, sizeof a->stages);
    assert_memory_equal(a->pricing.rows, b->pricing.rows,
                        a->pricing.n_rows * sizeof *a->pricing.rows);
    assert_memory_equal(a->pricing.layers, b->pricing.layers, sizeof a->pricing.layers);
    ml_scenario_results_drop_series(b); /* twice is harmless */
    results_free(a);
    results_free(b);
    run_free(d);
}

/* ml_policy_keep_defined by hand: {a 1, b NaN, c 3, d inf, e 5} keeps a,
 * c, e in order, zeroes the two rows past them, and names b and d. */
static void test_keep_defined_by_hand(void **state)
{
    (void)state;
    ml_metric m[5];
    memset(m, 0, sizeof m);
    const char *names[5] = {"a", "b", "c", "d", "e"};
    const double v[5] = {1.0, NAN, 3.0, INFINITY, 5.0};
    for (int i = 0; i < 5; i++) {
        snprintf(m[i].name, sizeof m[i].name, "%s", names[i]);
        snprintf(m[i].unit, sizeof m[i].unit, "u%s", names[i]);
        m[i].value = v[i];
    }
    char undefined[64];
    ml_assert_size_eq(ml_policy_keep_defined(m, 5, undefined, sizeof undefined), 3);
    assert_string_equal(m[0].name, "a");
    assert_string_equal(m[1].name, "c");
    assert_string_equal(m[1].unit, "uc");
    assert_string_equal(m[2].name, "e");
    ml_assert_double_exact(m[2].value, 5.0);
    static const ml_metric zero;
    assert_memory_equal(&m[3], &zero, sizeof zero);
    assert_memory_equal(&m[4], &zero, sizeof zero);
    assert_string_equal(undefined, "b,d");
    /* Nothing undefined: an empty list.  Nothing at all: 0 rows. */
    ml_assert_size_eq(ml_policy_keep_defined(m, 3, undefined, sizeof undefined), 3);
    assert_string_equal(undefined, "");
    ml_assert_size_eq(ml_policy_keep_defined(m, 0, undefined, sizeof undefined), 0);
    assert_string_equal(undefined, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbook_tables_equal_the_functions),
        cmocka_unit_test(test_layer_tables_and_series_equal_the_functions),
        cmocka_unit_test(test_lifecycle_stage_tables_equal_the_functions),
        cmocka_unit_test(test_insured_divisors_follow_participation),
        cmocka_unit_test(test_undefined_metric_is_named_not_stored),
        cmocka_unit_test(test_fill_is_deterministic),
        cmocka_unit_test(test_fill_follows_the_samples),
        cmocka_unit_test(test_copies_are_found_and_exact),
        cmocka_unit_test(test_drop_series_keeps_the_tables),
        cmocka_unit_test(test_keep_defined_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
