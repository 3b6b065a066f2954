/*
 * test_series_store.c — series the engine leaves as copies
 * (sim/engine/series_store.h, ml_results.same): a lazy run read through
 * ml_results_resolve is, array for array and bit for bit, the run that
 * writes every array, for textbook and life-cycle scenarios, 1 to 3
 * threads, one engine call or many blocks; the arrays it left are
 * untouched (+0.0 throughout); a run file that pays every claim in full
 * finds the copies its terms imply; ml_results_fill_same makes them real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "run_blocks.h"
#include "scenario.h"
#include "series_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

/* Rare incidents, half of them claimed, every claim paid in full: claims
 * equal incidents in some groups of replicates and not in others, and
 * some groups have none at all. */
static const char *const sparse_yaml =
    "name: sparse\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: a, incident_rate: 0.02}]\n"
    "  hospitals: [{name: h, exposure: {a: 1}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: EUR\n"
    "  claiming: {p_claim: 0.5}\n"
    "  severity: {model: lognormal, meanlog: 9, sdlog: 1}\n";

/* Two specialties and a per-claim expense: claims paid in full, but the
 * insured and compensation sums are per hospital, the specialties' per
 * specialty. */
static const char *const two_spec_yaml =
    "name: two\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: a, incident_rate: 2}, {name: b, incident_rate: 1}]\n"
    "  hospitals: [{name: h1, exposure: {a: 1, b: 2}}, {name: h2, exposure: {a: 3}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: EUR\n"
    "  severity: {model: lognormal, meanlog: 9, sdlog: 1}\n"
    "  expenses: {per_claim: 1000}\n";

static int setup(void **state)
{
    (void)state;
    if (tmp_dir_make("ml_series"))
        return -1;
    put("sparse.yaml", sparse_yaml);
    put("two.yaml", two_spec_yaml);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tmp_dir_remove();
}

static void load(const char *path, int shipped, ml_scenario *s)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", shipped ? ML_SOURCE_DIR "/scenarios" : dir, path);
    ml_err err = {0};
    if (ml_scenario_load(p, s, &err))
        fail_msg("%s: %s", p, err.msg);
}

/* n replicates of s into a fresh res, lazy or not, in one engine call
 * (block 0) or through ml_blocks_range's blocks. */
static void run(const ml_scenario *s, size_t n, int threads, int lazy, int blocks,
                ml_results *res)
{
    assert_int_equal(ml_results_alloc(res, n), ML_OK);
    res->lazy = (unsigned char)lazy;
    ml_err err = {0};
    int rc;
    if (blocks) {
        ml_run_progress prog = {0};
        ml_blocks c = {.sc = s, .nsc = 1, .seed = 20261207, .threads = threads, .prog = &prog,
                       .block = 64};
        rc = ml_blocks_range(&c, 0, res, 0, n, &err);
    } else {
        assert_int_equal(ml_blocks_prepare(res, s), ML_OK);
        ml_run_opts o = {20261207, n, 0, threads, NULL, 0, NULL};
        rc = ml_engine_run(s, &o, res, &err);
    }
    if (rc)
        fail_msg("%s: %s", s->name, err.msg);
}

static int zero_bits(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &x[i], sizeof b);
        if (b)
            return 0;
    }
    return 1;
}

/* Every series, pricing array and zero flag of the resolved lazy run equal
 * the full run's; the arrays of copies were never written; a copy's
 * target is no copy. */
static void same_as_full(const ml_results *full, const ml_results *lazy, const char *what)
{
    const ml_results v = ml_results_resolve(lazy);
    const size_t n = full->n, sz = n * sizeof(double);
    for (int s = 0; s < ML_SERIES; s++) {
        const double *a = ml_series_ptr(full, s), *b = ml_series_ptr(&v, s);
        if (!a)
            continue;
        if (memcmp(a, b, sz))
            fail_msg("%s: series %d (%s) differs", what, s,
                     ml_series_measure(s) >= 0 ? ml_measure_name[ml_series_measure(s)]
                                               : "pricing");
        if (lazy->same[s]) {
            if (!zero_bits(ml_series_ptr(lazy, s), n))
                fail_msg("%s: series %d is a copy but its array was written", what, s);
            if (lazy->same[lazy->same[s] - 1])
                fail_msg("%s: series %d copies a copy", what, s);
        }
    }
    for (int m = 0; m < ML_N_MEASURES; m++) {
        /* A flag may be set only where the samples are +0.0, and the full
         * run's flags are what the lazy one's resolve to or fewer (the
         * full run clears a measure's flag when it writes its zeros). */
        if (v.zero[m] && !(zero_bits(full->annual[m], n) &&
                           (!full->annual_max[m] || zero_bits(full->annual_max[m], n))))
            fail_msg("%s: %s is flagged zero but is not", what, ml_measure_name[m]);
    }
    for (unsigned k = 0; k < full->n_xl; k++)
        if (memcmp(full->xl_ceded[k], lazy->xl_ceded[k], sz))
            fail_msg("%s: layer %u differs", what, k);
}

static void test_lazy_runs_resolve_to_the_full_runs(void **state)
{
    (void)state;
    struct {
        const char *path;
        int shipped;
        size_t n;
    } sc[] = {{"sparse.yaml", 0, 20000},
              {"two.yaml", 0, 3000},
              {"validation/v1_poisson_lognormal.yaml", 1, 3000},
              {"validation/v2_negbin_lognormal_layer.yaml", 1, 3000},
              {"validation/us_no_cap.yaml", 1, 2000},
              {"japan.yaml", 1, 300},
              {"china.yaml", 1, 300}};
    int copies = 0;
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++) {
        ml_scenario s;
        load(sc[k].path, sc[k].shipped, &s);
        ml_results full;
        run(&s, sc[k].n, 1, 0, 0, &full);
        for (int s_i = 0; s_i < ML_SERIES; s_i++)
            assert_int_equal(full.same[s_i], 0); /* not lazy: every array written */
        for (int threads = 1; threads <= 3; threads++)
            for (int blocks = 0; blocks <= 1; blocks++) {
                ml_results lazy;
                run(&s, sc[k].n, threads, 1, blocks, &lazy);
                char what[160];
                snprintf(what, sizeof what, "%s, %d threads, %s", sc[k].path, threads,
                         blocks ? "blocks" : "one call");
                same_as_full(&full, &lazy, what);
                for (int s_i = 0; s_i < ML_SERIES; s_i++)
                    copies += lazy.same[s_i] != 0;
                ml_results_free(&lazy);
            }
        ml_results_free(&full);
        ml_scenario_free(&s);
    }
    assert_true(copies > 0);
}

/* v1 pays every claim in full (no deductible, no limit, one share of 1):
 * compensation, insured and patient_net are damages, claims and paid
 * claims are incidents, and retained and state_paid stay 0 without a
 * write; the copies are made real by ml_results_fill_same. */
static void test_v1_copies_are_the_ones_its_terms_imply(void **state)
{
    (void)state;
    ml_scenario s;
    load("validation/v1_poisson_lognormal.yaml", 1, &s);
    ml_results r, full;
    const size_t n = 5000;
    run(&s, n, 2, 1, 1, &r);
    run(&s, n, 1, 0, 0, &full);
    const int dam = ML_M_DAMAGES, inc = ML_M_INCIDENTS, N = ML_N_MEASURES;
    const int copy[][2] = {{ML_M_COMPENSATION, dam}, {ML_M_INSURED, dam},
                           {ML_M_PATIENT_NET, dam},  {ML_M_CLAIMS, inc},
                           {ML_M_PAID_CLAIMS, inc},  {N + ML_M_COMPENSATION, N + dam},
                           {N + ML_M_INSURED, N + dam}, {N + ML_M_PATIENT_NET, N + dam}};
    for (size_t k = 0; k < sizeof copy / sizeof copy[0]; k++)
        assert_int_equal(r.same[copy[k][0]], copy[k][1] + 1);
    assert_int_equal(r.same[dam], 0);
    assert_int_equal(r.same[inc], 0);
    /* One specialty, one grade: the pricing series are insured's, so
     * damages' (the target is never a copy). */
    assert_int_equal(r.same[ML_SERIES_SPEC], dam + 1);
    assert_int_equal(r.same[ML_SERIES_GRADE], dam + 1);
    assert_true(r.zero[ML_M_RETAINED]);
    assert_true(r.zero[ML_M_STATE_PAID]);
    assert_true(zero_bits(r.annual[ML_M_RETAINED], n));
    ml_results_fill_same(&r);
    for (int s_i = 0; s_i < ML_SERIES; s_i++) {
        assert_int_equal(r.same[s_i], 0);
        if (ml_series_ptr(&full, s_i))
            assert_memory_equal(ml_series_ptr(&full, s_i), ml_series_ptr(&r, s_i),
                                n * sizeof(double));
    }
    ml_results_free(&r);
    ml_results_free(&full);
    ml_scenario_free(&s);
}

/* Blocks that disagree: a series that copies in one block and is its own
 * in the next, or copies another target, comes out whole. */
static void test_merging_blocks_that_disagree(void **state)
{
    (void)state;
    ml_results r;
    const size_t n = 12;
    assert_int_equal(ml_results_alloc(&r, n), ML_OK);
    const int a = ML_M_INCIDENTS, b = ML_M_CLAIMS, c = ML_M_PAID_CLAIMS;
    for (size_t i = 0; i < n; i++) {
        r.annual[a][i] = (double)i + 1.0;
        r.annual[b][i] = (double)i + 100.0;
    }
    /* Block [0, 4): c copies a.  [4, 8): c copies b.  [8, 12): c its own. */
    unsigned char blk[ML_SERIES] = {0};
    blk[c] = (unsigned char)(a + 1);
    ml_results_merge_same(&r, blk, 0, 0, 4, 1);
    assert_int_equal(r.same[c], a + 1);
    blk[c] = (unsigned char)(b + 1);
    ml_results_merge_same(&r, blk, 0, 4, 4, 0);
    assert_int_equal(r.same[c], 0);
    blk[c] = 0;
    for (size_t i = 8; i < n; i++)
        r.annual[c][i] = -1.0;
    ml_results_merge_same(&r, blk, 0, 8, 4, 0);
    for (size_t i = 0; i < n; i++) {
        double want = i < 4 ? r.annual[a][i] : i < 8 ? r.annual[b][i] : -1.0;
        assert_true(r.annual[c][i] == want);
    }
    assert_false(r.zero[c]);
    /* Agreeing blocks stay a copy, untouched. */
    memset(blk, 0, sizeof blk);
    blk[ML_M_INSURED] = ML_M_DAMAGES + 1;
    ml_results_merge_same(&r, blk, 0, 0, 6, 1);
    ml_results_merge_same(&r, blk, 0, 6, 6, 0);
    assert_int_equal(r.same[ML_M_INSURED], ML_M_DAMAGES + 1);
    assert_true(zero_bits(r.annual[ML_M_INSURED], n));
    ml_results_free(&r);
}

/* The plan on groups made by hand (3 replicates each): claims equal
 * incidents in group 0, are 0 in group 1 where incidents are not, and both
 * are 0 in group 2; claims are then no copy, and their array holds group
 * 0's values copied, zeros elsewhere.  Paid claims, equal to incidents in
 * group 0 and 0 only where incidents are, stay a copy. */
static void test_groups_zero_where_the_target_is_not_make_no_copy(void **state)
{
    (void)state;
    ml_results r;
    const size_t n = 9, g = 3;
    assert_int_equal(ml_results_alloc(&r, n), ML_OK);
    r.lazy = 1;
    const int which[] = {ML_M_INCIDENTS, ML_M_CLAIMS, ML_M_PAID_CLAIMS};
    ml_series_plan p;
    assert_int_equal(ml_series_plan_init(&p, &r, which, 3, n, g), ML_OK);
    assert_int_equal(p.n, 3); /* counts have no annual_max */
    const double v[3][3][3] = {{{1, 0, 2}, {1, 0, 2}, {1, 0, 2}},
                               {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
                               {{0, 4, 0}, {0, 0, 0}, {0, 4, 0}}};
    unsigned char pred[ML_SERIES];
    memset(pred, 0xff, sizeof pred);
    const int order[3] = {0, 2, 1}; /* groups flushed out of order, as threads do */
    for (int o = 0; o < 3; o++) {
        int grp = order[o];
        double buf[9];
        for (int k = 0; k < 3; k++)
            for (size_t i = 0; i < g; i++)
                buf[ml_series_at(&p, k, i)] = v[grp][k][i];
        ml_series_flush(&p, &r, buf, (size_t)grp * g, g, pred);
    }
    ml_series_finish(&p, &r);
    ml_series_plan_free(&p);
    assert_int_equal(r.same[ML_M_CLAIMS], 0);
    assert_int_equal(r.same[ML_M_PAID_CLAIMS], ML_M_INCIDENTS + 1);
    assert_int_equal(r.same[ML_M_INCIDENTS], 0);
    const double want_claims[9] = {1, 0, 2, 0, 0, 0, 0, 0, 0};
    const double want_inc[9] = {1, 0, 2, 0, 0, 0, 0, 4, 0};
    assert_memory_equal(r.annual[ML_M_CLAIMS], want_claims, sizeof want_claims);
    assert_memory_equal(r.annual[ML_M_INCIDENTS], want_inc, sizeof want_inc);
    assert_true(zero_bits(r.annual[ML_M_PAID_CLAIMS], n));
    assert_false(r.zero[ML_M_CLAIMS]);
    assert_false(r.zero[ML_M_INCIDENTS]);
    ml_results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lazy_runs_resolve_to_the_full_runs),
        cmocka_unit_test(test_v1_copies_are_the_ones_its_terms_imply),
        cmocka_unit_test(test_merging_blocks_that_disagree),
        cmocka_unit_test(test_groups_zero_where_the_target_is_not_make_no_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
