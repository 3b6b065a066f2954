/*
 * test_engine_identities.c — the replicate loop of sim/engine as a whole
 * (ml_engine_run, ml_engine_replicate), on small run files written here
 * and on every shipped run file:
 *
 *  - reproducibility: the same (seed, replicate) gives the same year bit
 *    for bit, whatever ran before; another replicate or seed another year;
 *    1, 2 or 3 threads, a run split in blocks, and a run split over ranks
 *    by ml_par_block all give the one-thread arrays bit for bit;
 *  - the textbook year is exactly the documented draws (rng.h: one stream
 *    per hospital and specialty for counts, per incident and purpose for
 *    claiming, settlement, severity and liability) under the policy terms
 *    of policy.h, recomputed here claim by claim;
 *  - a portfolio with no incidents gives zeros everywhere;
 *  - accounting identities in every replicate of every shipped scenario
 *    (counts nested in counts, what is insured plus retained is what the
 *    hospitals owe plus their defence, the stage table adds up to the
 *    claims, the pricing groups add up to the insured loss);
 *  - sizes: annual means of a textbook year within 4 SE of their exact
 *    values (SE = sample sd / sqrt(replicates)).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "engine.h"
#include "par.h"
#include "poisson_inv.h"
#include "rng.h"
#include "scenario.h"

#include <float.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

/* ---- scenarios and runs ------------------------------------------------------ */

/* Two hospitals, two specialties, both random effects; claiming, settling,
 * a three-outcome liability, expenses, and every policy term including an
 * aggregate retention and an aggregate limit that bind in some years. */
static const char *const textbook_yaml =
    "name: tb\n"
    "portfolio:\n"
    "  name: p\n"
    "  hospital_effect: {model: gamma, size: 4}\n"
    "  year_effect: {model: lognormal, size: 50}\n"
    "  specialties: [{name: a, incident_rate: 3}, {name: b, incident_rate: 0.5}]\n"
    "  hospitals:\n"
    "    - {name: h1, grade: big, exposure: {a: 4, b: 6}}\n"
    "    - {name: h2, grade: small, exposure: {a: 1}}\n"
    "regime:\n"
    "  name: r\n"
    "  currency: EUR\n"
    "  claiming: {p_claim: 0.6}\n"
    "  pathway: {p_settle: 0.7}\n"
    "  liability: [{share: 0.25, prob: 0.25}, {share: 0.5, prob: 0.25}, {share: 1, prob: 0.5}]\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 1.1}\n"
    "  expenses: {per_claim: 2500}\n"
    "  policy: {deductible: 5000, limit: 60000, coinsurance: 0.8, aggregate_limit: 250000, "
    "aggregate_retention: 20000}\n"
    "pricing:\n"
    "  layers: [{name: x, kind: per_claim_xl, attachment: 10000, limit: 20000}]\n";

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_engine_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("tb.yaml", textbook_yaml);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void load_path(const char *path, ml_scenario *s)
{
    ml_err err = {0};
    if (ml_scenario_load(path, s, &err))
        fail_msg("%s: %s", path, err.msg);
}

static void load_tmp(const char *name, ml_scenario *s)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    load_path(p, s);
}

static void load_shipped(const char *rel, ml_scenario *s)
{
    char p[600];
    snprintf(p, sizeof p, "%s/scenarios/%s", ML_SOURCE_DIR, rel);
    load_path(p, s);
}

/* Replicates [first, first + n) of s into a fresh res. */
static void run(const ml_scenario *s, uint64_t seed, size_t first, size_t n, int threads,
                ml_results *res)
{
    assert_int_equal(ml_results_alloc(res, n), ML_OK);
    ml_run_opts o = {seed, n, first, threads, NULL, 0, NULL};
    ml_err err = {0};
    if (ml_engine_run(s, &o, res, &err))
        fail_msg("ml_engine_run: %s", err.msg);
}

/* Replicate i of b equals replicate at + i of a, in every array. */
static void same_replicates(const ml_results *a, size_t at, const ml_results *b,
                            const char *what)
{
    size_t n = b->n, sz = n * sizeof(double);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (memcmp(a->annual[m] + at, b->annual[m], sz))
            fail_msg("%s: annual %s differs", what, ml_measure_name[m]);
        if (a->annual_max[m] && memcmp(a->annual_max[m] + at, b->annual_max[m], sz))
            fail_msg("%s: annual_max %s differs", what, ml_measure_name[m]);
    }
    ml_assert_int_eq(a->n_channels, b->n_channels);
    for (unsigned c = 0; c < a->n_channels; c++)
        for (int k = 0; k < ML_STAGE_STATS; k++)
            if (memcmp(a->stage[k][c] + at, b->stage[k][c], sz))
                fail_msg("%s: stage %u %s differs", what, c, ml_stage_stat_name[k]);
    ml_assert_int_eq(a->n_spec, b->n_spec);
    ml_assert_int_eq(a->n_grades, b->n_grades);
    ml_assert_int_eq(a->n_xl, b->n_xl);
    for (unsigned k = 0; k < a->n_spec; k++)
        if (memcmp(a->spec_insured[k] + at, b->spec_insured[k], sz))
            fail_msg("%s: insured of specialty %u differs", what, k);
    for (unsigned k = 0; k < a->n_grades; k++)
        if (memcmp(a->grade_insured[k] + at, b->grade_insured[k], sz))
            fail_msg("%s: insured of grade %u differs", what, k);
    for (unsigned k = 0; k < a->n_xl; k++)
        if (memcmp(a->xl_ceded[k] + at, b->xl_ceded[k], sz))
            fail_msg("%s: layer %u differs", what, k);
}

static void same_results(const ml_results *a, const ml_results *b, const char *what)
{
    ml_assert_size_eq(a->n, b->n);
    same_replicates(a, 0, b, what);
    if (memcmp(a->months_hist, b->months_hist, sizeof a->months_hist))
        fail_msg("%s: the time-to-closure histogram differs", what);
}

/* ---- reproducibility ---------------------------------------------------------------- */

/* One replicate is a function of (scenario, seed, replicate): drawing
 * other years in between, on the same generator, changes nothing. */
static void test_same_seed_and_replicate_give_the_same_year_bit_for_bit(void **state)
{
    (void)state;
    ml_scenario s;
    load_tmp("tb.yaml", &s);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    double a[ML_N_MEASURES], am[ML_N_MEASURES], b[ML_N_MEASURES], bm[ML_N_MEASURES];
    /* The engine clears only the pricing parts the scenario uses; the rest
     * are zeroed here so the whole structures compare. */
    ml_price_acc pa, pb;
    memset(&pa, 0, sizeof pa);
    memset(&pb, 0, sizeof pb);
    ml_err err = {0};
    assert_int_equal(ml_engine_replicate(&s, 77, 5, g, a, am, &pa, &err), ML_OK);
    for (uint32_t r = 0; r < 20; r++)
        assert_int_equal(ml_engine_replicate(&s, 78, r, g, b, bm, &pb, &err), ML_OK);
    assert_int_equal(ml_engine_replicate(&s, 77, 5, g, b, bm, &pb, &err), ML_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_equal(am, bm, sizeof am);
    assert_memory_equal(&pa, &pb, sizeof pa);
    assert_true(a[ML_M_INCIDENTS] > 0); /* a year with something in it */
    gsl_rng_free(g);
    ml_scenario_free(&s);
}

/* Another replicate, or another seed, is another year: over 50 replicates
 * no two have the same compensation, and seed 78's years are not seed
 * 77's. */
static void test_other_replicates_and_seeds_give_other_years(void **state)
{
    (void)state;
    ml_scenario s;
    load_tmp("tb.yaml", &s);
    ml_results a, b;
    run(&s, 77, 0, 50, 1, &a);
    run(&s, 78, 0, 50, 1, &b);
    const double *x = a.annual[ML_M_COMPENSATION], *y = b.annual[ML_M_COMPENSATION];
    int same_seed_pairs = 0, cross = 0;
    for (size_t i = 0; i < 50; i++) {
        for (size_t j = 0; j < i; j++)
            same_seed_pairs += x[i] == x[j] && x[i] > 0;
        cross += x[i] == y[i];
    }
    ml_assert_int_eq(same_seed_pairs, 0);
    ml_assert_int_eq(cross, 0);
    ml_results_free(&a);
    ml_results_free(&b);
    ml_scenario_free(&s);
}

/* 1, 2 and 3 threads give the one-thread arrays bit for bit, for a
 * textbook and a lifecycle scenario (channels, histogram and pricing
 * arrays included). */
static void test_results_are_identical_for_one_two_and_three_threads(void **state)
{
    (void)state;
    ml_scenario tb, life;
    load_tmp("tb.yaml", &tb);
    load_shipped("japan.yaml", &life);
    const ml_scenario *sc[] = {&tb, &life};
    const size_t n[] = {400, 60};
    for (int k = 0; k < 2; k++) {
        ml_results one, many;
        run(sc[k], 20261123, 0, n[k], 1, &one);
        for (int t = 2; t <= 3; t++) {
            run(sc[k], 20261123, 0, n[k], t, &many);
            char what[128];
            snprintf(what, sizeof what, "%.60s with %d threads", sc[k]->name, t);
            same_results(&one, &many, what);
            ml_results_free(&many);
        }
        ml_results_free(&one);
    }
    ml_scenario_free(&tb);
    ml_scenario_free(&life);
}

/* Results arrays reused: a textbook run into arrays a life-cycle run has
 * filled stores its zeros (ml_results.zero is cleared by the life-cycle
 * run wherever it wrote; a measure it left +0.0 throughout may keep its
 * flag, and then its arrays must hold +0.0), so it equals the same run
 * into fresh arrays, every measure; into fresh arrays it leaves the
 * measures it does not have at +0.0 without storing them. */
static void test_textbook_run_over_used_arrays_equals_a_fresh_one(void **state)
{
    (void)state;
    ml_scenario tb, life;
    load_tmp("tb.yaml", &tb);
    load_shipped("japan.yaml", &life);
    const size_t n = 60;
    ml_results fresh, used;
    run(&tb, 20261123, 0, n, 1, &fresh);
    run(&life, 20261123, 0, n, 1, &used);
    int filled = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (used.zero[m]) {
            for (size_t i = 0; i < n; i++) {
                uint64_t a, b = 0;
                memcpy(&a, &used.annual[m][i], sizeof a);
                if (used.annual_max[m])
                    memcpy(&b, &used.annual_max[m][i], sizeof b);
                if (a | b)
                    fail_msg("%s is flagged zero but holds a value", ml_measure_name[m]);
            }
        }
        for (size_t i = 0; i < n && !filled; i++)
            filled = used.annual[m][i] != 0.0 && fresh.annual[m][i] == 0.0;
    }
    assert_true(filled); /* the life-cycle run set a measure textbook leaves at 0 */
    ml_run_opts o = {20261123, n, 0, 1, NULL, 0, NULL};
    ml_err err = {0};
    assert_int_equal(ml_engine_run(&tb, &o, &used, &err), ML_OK);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (memcmp(fresh.annual[m], used.annual[m], n * sizeof(double)))
            fail_msg("textbook over life-cycle arrays: annual %s differs", ml_measure_name[m]);
        if (fresh.annual_max[m] &&
            memcmp(fresh.annual_max[m], used.annual_max[m], n * sizeof(double)))
            fail_msg("textbook over life-cycle arrays: annual_max %s differs",
                     ml_measure_name[m]);
    }
    int kept = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        kept += fresh.zero[m];
        if (fresh.zero[m])
            for (size_t i = 0; i < n; i++)
                assert_true(fresh.annual[m][i] == 0.0 && !signbit(fresh.annual[m][i]));
    }
    assert_true(kept > 0);
    ml_results_free(&fresh);
    ml_results_free(&used);
    ml_scenario_free(&tb);
    ml_scenario_free(&life);
}

/* A run of [0, 100) equals runs of [0, 37) and [37, 100) put together
 * (the --target-se and progress blocks), histogram counts added; and
 * splitting [0, 100) over 1 to 4 ranks by ml_par_block and running each
 * rank's block gives the same arrays (what the MPI build gathers). */
static void test_blocks_and_rank_splits_give_the_one_run_arrays(void **state)
{
    (void)state;
    ml_scenario s;
    load_shipped("uk.yaml", &s);
    ml_results all, lo, hi;
    run(&s, 9, 0, 100, 1, &all);
    run(&s, 9, 0, 37, 1, &lo);
    run(&s, 9, 37, 63, 1, &hi);
    same_replicates(&all, 0, &lo, "block [0, 37)");
    same_replicates(&all, 37, &hi, "block [37, 100)");
    for (int b = 0; b <= ML_MONTHS_BINS; b++)
        ml_assert_double_exact(lo.months_hist[b] + hi.months_hist[b], all.months_hist[b]);
    ml_results_free(&lo);
    ml_results_free(&hi);
    for (int size = 1; size <= 4; size++)
        for (int r = 0; r < size; r++) {
            size_t a, b;
            ml_par_block(0, 100, r, size, &a, &b);
            if (a == b)
                continue;
            ml_results part;
            run(&s, 9, a, b - a, 1, &part);
            char what[64];
            snprintf(what, sizeof what, "rank %d of %d", r, size);
            same_replicates(&all, a, &part, what);
            ml_results_free(&part);
        }
    ml_results_free(&all);
    ml_scenario_free(&s);
}

/* ml_engine_run's replicate i is ml_engine_replicate of replicate
 * first + i (textbook: measures, maxima and pricing arrays). */
static void test_run_stores_each_replicate_at_its_own_index(void **state)
{
    (void)state;
    ml_scenario s;
    load_tmp("tb.yaml", &s);
    ml_results res;
    run(&s, 3, 1000, 40, 2, &res);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (size_t i = 0; i < 40; i++) {
        double acc[ML_N_MEASURES], mx[ML_N_MEASURES];
        ml_price_acc pa;
        ml_err err = {0};
        assert_int_equal(ml_engine_replicate(&s, 3, (uint32_t)(1000 + i), g, acc, mx, &pa, &err),
                         ML_OK);
        for (int m = 0; m < ML_N_MEASURES; m++) {
            ml_assert_double_exact(res.annual[m][i], acc[m]);
            if (res.annual_max[m])
                ml_assert_double_exact(res.annual_max[m][i], mx[m]);
        }
        ml_assert_double_exact(res.spec_insured[0][i], pa.spec[0]);
        ml_assert_double_exact(res.grade_insured[1][i], pa.grade[1]);
        ml_assert_double_exact(res.xl_ceded[0][i], pa.xl[0]);
    }
    gsl_rng_free(g);
    ml_results_free(&res);
    ml_scenario_free(&s);
}

/* ---- the textbook year, recomputed claim by claim ---------------------------------- */

typedef struct {
    double incidents, claims, paid, damages, comp, expenses, insured, retained;
    double max_comp, max_insured;
    int bound; /* hospital-years whose aggregate terms changed the total */
} year_sums;

/* The documented draws of rng.h and the terms of policy.h, written out:
 * year effect (seed, r, all hospitals, 0, YEAR_EFFECT); hospital effect
 * (seed, r, h, 0, HOSP_EFFECT); counts (seed, r, h, specialty, COUNT);
 * counts by inversion of the stream's first uniform (poisson_inv.h);
 * for incident number `item` of the hospital-year (counted across its
 * specialties): claiming (item, CLAIMING) if p_claim < 1, settlement
 * (item, PATHWAY) if p_settle < 1, damages (item, SEVERITY), liability
 * share (item, LIABILITY) if there are several. */
static year_sums recompute(const ml_scenario *s, uint64_t seed, uint32_t r, gsl_rng *g)
{
    const ml_portfolio *p = &s->portfolio;
    const ml_regime *rg = &s->regime;
    year_sums y;
    memset(&y, 0, sizeof y);
    ml_rng_stream(g, seed, r, ML_RNG_ALL_HOSPITALS, 0, ML_P_YEAR_EFFECT);
    double year = ml_re_draw(&p->year_effect, g);
    for (uint32_t h = 0; h < p->n_hospitals; h++) {
        ml_rng_stream(g, seed, r, h, 0, ML_P_HOSP_EFFECT);
        double mult = year * ml_re_draw(&p->hospital_effect, g);
        double comp = 0, exp = 0, ins = 0, ret = 0;
        uint32_t item = 0;
        for (uint32_t sp = 0; sp < p->n_specialties; sp++) {
            double mean = p->hospitals[h].exposure[sp] * p->specialties[sp].incident_rate * mult;
            if (!(mean > 0.0))
                continue;
            ml_rng_stream(g, seed, r, h, sp, ML_P_COUNT);
            unsigned n = ml_poisson_draw(mean, g, NULL);
            y.incidents += n;
            for (unsigned k = 0; k < n; k++, item++) {
                ml_rng_stream(g, seed, r, h, item, ML_P_CLAIMING);
                if (!(gsl_rng_uniform(g) < rg->p_claim))
                    continue;
                y.claims += 1;
                ml_rng_stream(g, seed, r, h, item, ML_P_PATHWAY);
                double x = 0.0;
                if (gsl_rng_uniform(g) < rg->p_settle) {
                    ml_rng_stream(g, seed, r, h, item, ML_P_SEVERITY);
                    double d = ml_severity_draw_tb(&rg->severity, g);
                    y.damages += d;
                    ml_rng_stream(g, seed, r, h, item, ML_P_LIABILITY);
                    x = d * rg->liability.share[ml_liability_draw(&rg->liability, g)];
                }
                y.paid += x > 0.0;
                double pay = ml_policy_per_claim(&rg->policy, x);
                comp += x;
                exp += rg->expense_per_claim;
                ins += pay;
                ret += ml_policy_retained(&rg->policy, x);
                y.max_comp = fmax(y.max_comp, x);
                y.max_insured = fmax(y.max_insured, ml_policy_aggregate(&rg->policy, pay));
            }
        }
        double annual = ml_policy_annual(&rg->policy, ins, ret);
        y.bound += annual != ins;
        y.comp += comp;
        y.expenses += exp;
        y.insured += annual;
        y.retained += comp + exp - annual;
    }
    return y;
}

static void test_textbook_year_is_the_documented_draws_under_the_policy_terms(void **state)
{
    (void)state;
    ml_scenario s;
    load_tmp("tb.yaml", &s);
    ml_results res;
    run(&s, 20261123, 0, 300, 1, &res);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    int bound = 0;
    for (uint32_t r = 0; r < 300; r++) {
        year_sums y = recompute(&s, 20261123, r, g);
        ml_assert_double_exact(res.annual[ML_M_INCIDENTS][r], y.incidents);
        ml_assert_double_exact(res.annual[ML_M_CLAIMS][r], y.claims);
        ml_assert_double_exact(res.annual[ML_M_PAID_CLAIMS][r], y.paid);
        ml_assert_double_exact(res.annual[ML_M_DAMAGES][r], y.damages);
        ml_assert_double_exact(res.annual[ML_M_COMPENSATION][r], y.comp);
        ml_assert_double_exact(res.annual[ML_M_EXPENSES][r], y.expenses);
        ml_assert_double_exact(res.annual[ML_M_INSURED][r], y.insured);
        ml_assert_double_exact(res.annual[ML_M_RETAINED][r], y.retained);
        ml_assert_double_exact(res.annual_max[ML_M_COMPENSATION][r], y.max_comp);
        ml_assert_double_exact(res.annual_max[ML_M_INSURED][r], y.max_insured);
        bound += y.bound;
    }
    /* the aggregate retention or limit changed some hospital-years' totals:
     * the check covered the aggregate terms, not only the per-claim ones */
    assert_true(bound > 0);
    gsl_rng_free(g);
    ml_results_free(&res);
    ml_scenario_free(&s);
}

/* ---- no incidents ------------------------------------------------------------------------ */

static void all_zero(const ml_results *r, const char *what)
{
    for (int m = 0; m < ML_N_MEASURES; m++)
        for (size_t i = 0; i < r->n; i++) {
            if (r->annual[m][i] != 0.0)
                fail_msg("%s: %s is %g in replicate %zu", what, ml_measure_name[m],
                         r->annual[m][i], i);
            if (r->annual_max[m] && r->annual_max[m][i] != 0.0)
                fail_msg("%s: the largest %s is %g", what, ml_measure_name[m],
                         r->annual_max[m][i]);
        }
    for (size_t i = 0; i < r->n; i++) {
        for (unsigned k = 0; k < r->n_spec; k++)
            ml_assert_double_exact(r->spec_insured[k][i], 0.0);
        for (unsigned k = 0; k < r->n_grades; k++)
            ml_assert_double_exact(r->grade_insured[k][i], 0.0);
        for (unsigned c = 0; c < r->n_channels; c++)
            for (int k = 0; k < ML_STAGE_STATS; k++)
                ml_assert_double_exact(r->stage[k][c][i], 0.0);
    }
    for (int b = 0; b <= ML_MONTHS_BINS; b++)
        ml_assert_double_exact(r->months_hist[b], 0.0);
}

/* Incident rates of 0 (zero exposure would do the same): every measure,
 * maximum, stage count, pricing group and the histogram are exactly 0,
 * under a textbook and under every lifecycle regime shipped. */
static void test_zero_incident_rate_gives_all_zero_measures(void **state)
{
    (void)state;
    const char *files[] = {"china.yaml", "japan.yaml", "taiwan.yaml", "uk.yaml", "us.yaml"};
    for (int k = -1; k < 5; k++) {
        ml_scenario s;
        if (k < 0)
            load_tmp("tb.yaml", &s);
        else
            load_shipped(files[k], &s);
        for (size_t sp = 0; sp < s.portfolio.n_specialties; sp++)
            s.portfolio.specialties[sp].incident_rate = 0.0;
        ml_results r;
        run(&s, 1, 0, 25, 1, &r);
        all_zero(&r, s.name);
        ml_results_free(&r);
        ml_scenario_free(&s);
    }
}

/* ---- refusals ---------------------------------------------------------------------------- */

/* Replicate indices beyond 2^32 are refused before anything runs; a stop
 * request interrupts with ML_EINTR; a year with more incidents than the
 * engine numbers (2^24 a hospital-year) is refused naming the replicate
 * and the hospital. */
static void test_run_refuses_out_of_range_indices_stops_and_oversized_years(void **state)
{
    (void)state;
    ml_scenario s;
    load_tmp("tb.yaml", &s);
    ml_results r;
    assert_int_equal(ml_results_alloc(&r, 4), ML_OK);
    ml_err err = {0};
    ml_run_opts o = {1, 4, 0xfffffffeull, 1, NULL, 0, NULL};
    assert_int_equal(ml_engine_run(&s, &o, &r, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "2^32"));
    volatile sig_atomic_t stop = 1;
    ml_run_opts st = {1, 4, 0, 1, &stop, 0, NULL};
    assert_int_equal(ml_engine_run(&s, &st, &r, &err), ML_EINTR);
    /* 1e8 incidents expected (the loader would refuse it; built by hand) */
    s.portfolio.specialties[0].incident_rate = 2.5e7;
    ml_run_opts big = {1, 4, 0, 1, NULL, 0, NULL};
    assert_int_equal(ml_engine_run(&s, &big, &r, &err), ML_EUNSUPPORTED);
    assert_non_null(strstr(err.msg, "hospital 'h1'"));
    assert_non_null(strstr(err.msg, "exceed the engine's limit"));
    ml_results_free(&r);
    ml_scenario_free(&s);
}

/* ---- identities in every replicate of every shipped scenario ----------------------------- */

static void le(double a, double b, const char *an, const char *bn, const char *sc, size_t r)
{
    if (!(a <= b))
        fail_msg("%s, replicate %zu: %s = %.17g exceeds %s = %.17g", sc, r, an, a, bn, b);
}

#define A(m) res.annual[ML_M_##m][r]
#define LE(x, y) le((x), (y), #x, #y, s.name, r)

static void check_identities(const char *path, size_t n)
{
    ml_scenario s;
    load_path(path, &s);
    ml_results res;
    run(&s, 20261123, 0, n, 1, &res);
    double hist = 0.0, claims = 0.0;
    const int life = s.regime.life != NULL;
    const int state_payer = s.regime.policy.indemnifier == ML_INDEMNIFIER_STATE;
    for (size_t r = 0; r < n; r++) {
        claims += A(CLAIMS);
        /* counts nested in counts */
        LE(A(PAID_CLAIMS), A(CLAIMS));
        LE(A(NEGLIGENT), A(INCIDENTS));
        LE(A(NEGLIGENT_PAID), A(NEGLIGENT));
        LE(A(NEGLIGENT_CLAIMS), A(CLAIMS));
        LE(A(LITIGATED), A(CLAIMS));
        LE(A(INSURED_CLAIMS), A(CLAIMS));
        LE(A(INSURED_UNPAID), A(INSURED_CLAIMS));
        LE(A(INSURER_DEFENDED), A(INSURED_CLAIMS));
        LE(A(CHALLENGED), A(MEDIATED_AGREEMENTS));
        LE(A(FUND_AWARDS), A(CLAIMS));
        if (!life || s.regime.life->pathway.nofault < 0)
            LE(A(CLAIMS), A(INCIDENTS)); /* one claim an incident at most */
        else
            LE(A(CLAIMS), 2 * A(INCIDENTS)); /* the fund's, then the hospital's */
        /* no measure but the patients' net is ever negative; retained is
         * summed claim by claim (what each claim leaves the hospital, 0
         * exactly where the policy pays it in full) less what the
         * aggregate retention hands back, so it may fall below 0 by a few
         * ulps of what is owed there */
        for (int m = 0; m < ML_N_MEASURES; m++) {
            double floor = m == ML_M_RETAINED
                               ? -1e-12 * (A(COMPENSATION) + A(EXPENSES) + A(INSURED))
                               : 0.0;
            if (m != ML_M_PATIENT_NET && !(res.annual[m][r] >= floor))
                fail_msg("%s, replicate %zu: %s = %g", s.name, r, ml_measure_name[m],
                         res.annual[m][r]);
        }
        /* who pays: insured + retained = what the hospitals owe (compensation
         * less what no-fault funds paid, plus what they recovered) + the
         * defence's own costs + claimants' costs shifted to the defence
         * (a textbook regime: compensation + expenses).  Rounding: a few
         * ulps of the largest sum, from hundreds of additions. */
        double lhs = A(INSURED) + A(RETAINED);
        double rhs = life ? A(COMPENSATION) - A(FUND_LUMP) - A(FUND_INSTALMENTS) +
                                A(FUND_RECOVERED) + A(DEFENCE_COSTS) + A(COSTS_SHIFTED)
                          : A(COMPENSATION) + A(EXPENSES);
        double scale = A(COMPENSATION) + A(EXPENSES) + A(INSURED) + A(FUND_RECOVERED);
        if (!(fabs(lhs - rhs) <= 1e-12 * scale))
            fail_msg("%s, replicate %zu: insured + retained = %.17g, owed + defence = %.17g",
                     s.name, r, lhs, rhs);
        /* a state indemnifier's payments are the insured ones; it pays
         * every claim in full, so the hospitals retain nothing, exactly
         * (not a residue of sums taken in two orders) */
        ml_assert_double_exact(A(STATE_PAID), state_payer ? A(INSURED) : 0.0);
        if (state_payer)
            ml_assert_double_exact(A(RETAINED), 0.0);
        /* the largest single claim is part of its year */
        static const int amounts[] = {ML_M_DAMAGES, ML_M_COMPENSATION, ML_M_EXPENSES,
                                      ML_M_INSURED, ML_M_UNPAID, ML_M_DEFENCE_COSTS,
                                      ML_M_COSTS_SHIFTED, ML_M_FUND_LUMP,
                                      ML_M_FUND_INSTALMENTS, ML_M_FUND_EXPENSES,
                                      ML_M_NEGLIGENT_COMPENSATION, ML_M_NEGLIGENT_EXPENSES};
        for (size_t k = 0; k < sizeof amounts / sizeof *amounts; k++) {
            int m = amounts[k];
            if (!(res.annual_max[m][r] <= res.annual[m][r] * (1 + 1e-12)))
                fail_msg("%s, replicate %zu: the largest %s %.17g exceeds the year's %.17g",
                         s.name, r, ml_measure_name[m], res.annual_max[m][r], res.annual[m][r]);
        }
        /* pricing groups: the grades add up to the insured loss; the
         * specialties to at most it (all of it without an aggregate
         * retention); no layer takes more than the specialties' sum */
        double grades = 0.0, specs = 0.0;
        for (unsigned k = 0; k < res.n_grades; k++)
            grades += res.grade_insured[k][r];
        for (unsigned k = 0; k < res.n_spec; k++)
            specs += res.spec_insured[k][r];
        ml_assert_double_abs(grades, A(INSURED), 1e-12 * A(INSURED),
                             "the same amounts added by grade: rounding only");
        le(specs, A(INSURED) * (1 + 1e-12), "insured by specialty", "insured", s.name, r);
        if (isinf(s.regime.policy.aggregate_retention))
            ml_assert_double_abs(specs, A(INSURED), 1e-12 * A(INSURED),
                                 "the same amounts added by specialty: rounding only");
        for (unsigned k = 0; k < res.n_xl; k++)
            le(res.xl_ceded[k][r], specs * (1 + 1e-12), "ceded to a layer",
               "insured by specialty", s.name, r);
        /* the stage table: every claim closes at one stage, every paid one
         * is paid there, and claims enter once (a fund's claim and the
         * claim against the hospital that follows it are two claims, one
         * entry) */
        if (life) {
            double closed = 0.0, paid = 0.0, entered = 0.0;
            for (unsigned c = 0; c < res.n_channels; c++) {
                closed += res.stage[ML_SS_CLOSED][c][r];
                paid += res.stage[ML_SS_PAID][c][r];
                entered += res.stage[ML_SS_ENTERED][c][r];
            }
            ml_assert_double_exact(closed, A(CLAIMS));
            ml_assert_double_exact(paid, A(PAID_CLAIMS));
            LE(entered, A(CLAIMS));
        }
    }
    if (life) {
        for (int b = 0; b <= ML_MONTHS_BINS; b++)
            hist += res.months_hist[b];
        ml_assert_double_exact(hist, claims); /* each claim in one bin */
    }
    assert_true(claims > 0); /* the identities were tried on real claims */
    ml_results_free(&res);
    ml_scenario_free(&s);
}

#undef A
#undef LE

static void test_accounting_identities_hold_in_every_replicate_of_every_run_file(void **state)
{
    (void)state;
    static const char *const folders[] = {"", "levers/", "national/", "validation/"};
    int n = 0;
    for (int f = 0; f < 4; f++) {
        char pat[600];
        snprintf(pat, sizeof pat, "%s/scenarios/%s*.yaml", ML_SOURCE_DIR, folders[f]);
        glob_t g;
        assert_int_equal(glob(pat, 0, NULL, &g), 0);
        for (size_t i = 0; i < g.gl_pathc; i++) {
            if (strstr(g.gl_pathv[i], "/rates.yaml"))
                continue; /* currency rates, not a run file */
            /* national portfolios are large: fewer of their years */
            check_identities(g.gl_pathv[i], f == 2 || strstr(g.gl_pathv[i], "scale") ? 3 : 40);
            n++;
        }
        globfree(&g);
    }
    assert_true(n >= 23);
}

/* ---- sizes ------------------------------------------------------------------------------- */

/* One hospital, Poisson(20) incidents (no effects), p_claim 0.5, p_settle
 * 0.8, shares {0.5 w.p. 0.25, 1 w.p. 0.75}, lognormal(9, 1) damages,
 * deductible 2000, limit 20000, coinsurance 0.9, no aggregates.  Exact
 * means per year, with q = 20 x 0.5 x 0.8 = 8 paid claims:
 *   claims 10, paid claims 8, compensation 8 E[share] E[X],
 *   insured 8 x 0.9 sum_j p_j s_j (LEV((d + L)/s_j) - LEV(d/s_j))
 * (a claim s X pays 0.9 s min(max(X - d/s, 0), L/s)).  Each sample mean
 * over 20000 years within 4 SE, SE = sample sd / sqrt(20000). */
static void test_annual_means_match_the_compound_poisson_formulas(void **state)
{
    (void)state;
    put("sz.yaml", "name: sz\n"
        "portfolio: {name: p, specialties: [{name: a, incident_rate: 20}], "
        "hospitals: [{name: h, exposure: {a: 1}}]}\n"
        "regime:\n"
        "  name: r\n"
        "  currency: EUR\n"
        "  claiming: {p_claim: 0.5}\n"
        "  pathway: {p_settle: 0.8}\n"
        "  liability: [{share: 0.5, prob: 0.25}, {share: 1, prob: 0.75}]\n"
        "  severity: {model: lognormal, meanlog: 9, sdlog: 1}\n"
        "  policy: {deductible: 2000, limit: 20000, coinsurance: 0.9}\n");
    ml_scenario s;
    load_tmp("sz.yaml", &s);
    enum { N = 20000 };
    ml_results res;
    run(&s, 4242, 0, N, 1, &res);
    const ml_severity *sv = &s.regime.severity;
    double ex = ml_severity_lev(sv, INFINITY), ins = 0.0;
    const double sh[] = {0.5, 1.0}, pr[] = {0.25, 0.75};
    for (int j = 0; j < 2; j++)
        ins += pr[j] * sh[j] * (ml_severity_lev(sv, (2000.0 + 20000.0) / sh[j]) -
                                ml_severity_lev(sv, 2000.0 / sh[j]));
    const struct { int m; double want; } rows[] = {
        {ML_M_INCIDENTS, 20.0},
        {ML_M_CLAIMS, 10.0},
        {ML_M_PAID_CLAIMS, 8.0},
        {ML_M_COMPENSATION, 8.0 * (0.25 * 0.5 + 0.75) * ex},
        {ML_M_INSURED, 8.0 * 0.9 * ins},
        {ML_M_RETAINED, 8.0 * ((0.25 * 0.5 + 0.75) * ex - 0.9 * ins)},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        const double *x = res.annual[rows[k].m];
        double sum = 0.0, ss = 0.0;
        for (size_t i = 0; i < N; i++)
            sum += x[i];
        double mean = sum / N;
        for (size_t i = 0; i < N; i++)
            ss += (x[i] - mean) * (x[i] - mean);
        double se = sqrt(ss / (N - 1) / N);
        if (!(fabs(mean - rows[k].want) <= 4 * se))
            fail_msg("%s: mean %.6g over %d years, exact %.6g (4 SE %.4g)",
                     ml_measure_name[rows[k].m], mean, N, rows[k].want, 4 * se);
    }
    /* every paid claim is within the limit: the year's largest insured
     * payment never exceeds 0.9 x 20000 */
    for (size_t i = 0; i < N; i++)
        assert_true(res.annual_max[ML_M_INSURED][i] <= 0.9 * 20000.0);
    ml_results_free(&res);
    ml_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_and_replicate_give_the_same_year_bit_for_bit),
        cmocka_unit_test(test_other_replicates_and_seeds_give_other_years),
        cmocka_unit_test(test_results_are_identical_for_one_two_and_three_threads),
        cmocka_unit_test(test_textbook_run_over_used_arrays_equals_a_fresh_one),
        cmocka_unit_test(test_blocks_and_rank_splits_give_the_one_run_arrays),
        cmocka_unit_test(test_run_stores_each_replicate_at_its_own_index),
        cmocka_unit_test(test_textbook_year_is_the_documented_draws_under_the_policy_terms),
        cmocka_unit_test(test_zero_incident_rate_gives_all_zero_measures),
        cmocka_unit_test(test_run_refuses_out_of_range_indices_stops_and_oversized_years),
        cmocka_unit_test(test_accounting_identities_hold_in_every_replicate_of_every_run_file),
        cmocka_unit_test(test_annual_means_match_the_compound_poisson_formulas),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
