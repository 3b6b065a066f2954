/*
 * test_count_memo.c — a job's shared incident counts
 * (sim/engine/count_memo.h): regimes run with the memo give, bit for bit,
 * what they give without it, whatever ran before them; the memo is read
 * (a count changed in it changes the run by exactly that), only at the
 * same mean to the bit, only for the seed, shape and replicates it holds.
 * Also the batched first blocks of the lifecycle engine (a claim's lanes
 * and a specialty's cells made from constant patterns, engine_life.c)
 * against the scalar baseline, every stream drawn from its counter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "count_memo.h"
#include "engine.h"
#include "run_blocks.h"
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { N = 48 };

static void load(const char *name, ml_scenario *s)
{
    char p[600];
    snprintf(p, sizeof p, "%s/scenarios/%s.yaml", ML_SOURCE_DIR, name);
    ml_err err = {0};
    if (ml_scenario_load(p, s, &err))
        fail_msg("%s: %s", p, err.msg);
}

/* Replicates [first, first + N) of s at seed into a fresh res, every draw
 * from its own stream in turn when scalar. */
static void run_as(const ml_scenario *s, uint64_t seed, size_t first, int threads,
                   ml_count_memo *cm, int scalar, ml_results *res)
{
    assert_int_equal(ml_results_alloc(res, N), ML_OK);
    assert_int_equal(ml_blocks_prepare(res, s), ML_OK);
    ml_run_opts o = {seed, N, first, threads, NULL, scalar, cm};
    ml_err err = {0};
    if (ml_engine_run(s, &o, res, &err))
        fail_msg("%s: %s", s->name, err.msg);
}

static void run(const ml_scenario *s, uint64_t seed, size_t first, int threads,
                ml_count_memo *cm, ml_results *res)
{
    run_as(s, seed, first, threads, cm, 0, res);
}

static void same(const ml_results *a, const ml_results *b, const char *what)
{
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (memcmp(a->annual[m], b->annual[m], N * sizeof(double)))
            fail_msg("%s: %s differs", what, ml_measure_name[m]);
        if (a->annual_max[m] && memcmp(a->annual_max[m], b->annual_max[m], N * sizeof(double)))
            fail_msg("%s: the largest %s differs", what, ml_measure_name[m]);
    }
}

/* Entries of the memo with a count, per replicate of [first, first + N). */
static void cells(const ml_count_memo *cm, size_t first, unsigned per_rep[N])
{
    size_t per = (size_t)cm->years * cm->n_hosp * cm->n_cells;
    for (size_t r = 0; r < N; r++) {
        per_rep[r] = 0;
        ptrdiff_t at = ml_count_memo_at(cm, (uint32_t)(first + r), 0, 0, 0);
        assert_true(at >= 0);
        for (size_t k = 0; k < per; k++)
            per_rep[r] += cm->mean[at + (ptrdiff_t)k] > 0.0;
    }
}

/* The main job's regimes in two orders and a time run, one and two
 * threads: every regime as it runs alone. */
static void test_same_as_alone(void **state)
{
    (void)state;
    static const char *const job[] = {"uk", "china", "japan", "time/uk", "us", "china_reform"};
    enum { J = sizeof job / sizeof job[0] };
    ml_scenario s[J];
    ml_results alone[J];
    for (int i = 0; i < J; i++) {
        load(job[i], &s[i]);
        run(&s[i], 20261207, 0, 1, NULL, &alone[i]);
    }
    for (int order = 0; order < 2; order++)
        for (int threads = 1; threads <= 2; threads++) {
            ml_count_memo cm;
            ml_count_memo_init(&cm, 0);
            for (int k = 0; k < J; k++) {
                int i = order ? J - 1 - k : k;
                ml_results r;
                run(&s[i], 20261207, 0, threads, &cm, &r);
                char what[80];
                snprintf(what, sizeof what, "%s (order %d, %d threads)", job[i], order, threads);
                same(&alone[i], &r, what);
                ml_results_free(&r);
            }
            ml_count_memo_free(&cm);
        }
    for (int i = 0; i < J; i++) {
        ml_results_free(&alone[i]);
        ml_scenario_free(&s[i]);
    }
}

/* A count changed in the memo is the count the next regime takes: one
 * more incident in every cell is, per replicate, as many more incidents
 * as cells; a mean one ulp off is not the mean drawn at, so the count is
 * drawn afresh. */
static void test_memo_is_read_at_its_mean(void **state)
{
    (void)state;
    ml_scenario uk, china;
    load("uk", &uk);
    load("china", &china);
    ml_results alone, r;
    run(&china, 7, 0, 2, NULL, &alone);
    ml_count_memo cm;
    ml_count_memo_init(&cm, 0);
    run(&uk, 7, 0, 2, &cm, &r);
    ml_results_free(&r);
    unsigned per_rep[N];
    cells(&cm, 0, per_rep);
    size_t total = cm.reps * cm.years * cm.n_hosp * cm.n_cells;
    for (size_t k = 0; k < total; k++)
        if (cm.mean[k] > 0.0)
            cm.count[k] += 1;
    run(&china, 7, 0, 2, &cm, &r);
    for (size_t i = 0; i < N; i++) {
        assert_true(per_rep[i] > 0);
        assert_true(r.annual[ML_M_INCIDENTS][i] ==
                    alone.annual[ML_M_INCIDENTS][i] + (double)per_rep[i]);
    }
    ml_results_free(&r);
    /* The same counts at means one ulp above: none is taken. */
    for (size_t k = 0; k < total; k++)
        if (cm.mean[k] > 0.0)
            cm.mean[k] = nextafter(cm.mean[k], INFINITY);
    run(&china, 7, 0, 2, &cm, &r);
    same(&alone, &r, "china after means moved");
    ml_results_free(&r);
    ml_results_free(&alone);
    ml_count_memo_free(&cm);
    ml_scenario_free(&uk);
    ml_scenario_free(&china);
}

/* Another seed drops what the memo holds (its counts are another
 * sample's); a shard's memo keeps replicates from its first; replicates
 * past what the memo keeps are drawn; a portfolio too large for one
 * replicate keeps nothing. */
static void test_seed_shape_and_range(void **state)
{
    (void)state;
    ml_scenario uk, china;
    load("uk", &uk);
    load("china", &china);
    ml_results alone, r;
    ml_count_memo cm;
    ml_count_memo_init(&cm, 0);
    run(&uk, 11, 0, 1, &cm, &r);
    ml_results_free(&r);
    run(&china, 12, 0, 1, NULL, &alone);
    run(&china, 12, 0, 1, &cm, &r);
    assert_true(cm.seed == 12);
    same(&alone, &r, "china at another seed");
    ml_results_free(&r);
    ml_results_free(&alone);
    ml_count_memo_free(&cm);

    /* A shard from replicate 5000: entries from there. */
    ml_count_memo_init(&cm, 5000);
    run(&uk, 11, 5000, 2, &cm, &r);
    ml_results_free(&r);
    assert_true(ml_count_memo_at(&cm, 4999, 0, 0, 0) < 0);
    assert_true(ml_count_memo_at(&cm, 5000, 0, 0, 0) == 0);
    unsigned per_rep[N];
    cells(&cm, 5000, per_rep);
    for (size_t i = 0; i < N; i++)
        assert_true(per_rep[i] > 0);
    run(&china, 11, 5000, 2, NULL, &alone);
    run(&china, 11, 5000, 2, &cm, &r);
    same(&alone, &r, "china in a shard");
    ml_results_free(&r);
    ml_results_free(&alone);
    /* Past the replicates kept: drawn, and the same. */
    size_t past = 5000 + cm.reps;
    assert_true(ml_count_memo_at(&cm, (uint32_t)past, 0, 0, 0) < 0);
    assert_true(ml_count_memo_at(&cm, (uint32_t)past - 1, 0, 0, 0) >= 0);
    run(&china, 11, past - N / 2, 1, NULL, &alone);
    run(&china, 11, past - N / 2, 1, &cm, &r);
    same(&alone, &r, "china across the memo's end");
    ml_results_free(&r);
    ml_results_free(&alone);
    ml_count_memo_free(&cm);

    /* Shapes: the same kept, another dropped, one too large for a
     * replicate kept empty. */
    ml_count_memo_init(&cm, 0);
    assert_int_equal(ml_count_memo_shape(&cm, 1, 30, 40, 1), 0);
    cm.mean[0] = 2.5;
    assert_int_equal(ml_count_memo_shape(&cm, 1, 30, 40, 1), 0);
    assert_true(cm.mean[0] == 2.5);
    assert_int_equal(ml_count_memo_shape(&cm, 1, 30, 40, 2), 0);
    assert_true(cm.mean[0] == 0.0);
    assert_true(cm.reps == ML_COUNT_MEMO_MAX / (30 * 40 * 2));
    assert_int_equal(ml_count_memo_shape(&cm, 1, (uint32_t)ML_COUNT_MEMO_MAX, 8, 1), 0);
    assert_true(cm.reps == 0 && ml_count_memo_at(&cm, 0, 0, 0, 0) < 0);
    assert_true(ml_count_memo_at(NULL, 0, 0, 0, 0) < 0);
    ml_count_memo_free(&cm);
    ml_scenario_free(&uk);
    ml_scenario_free(&china);
}

/* Every lifecycle run file of the main job, a time run and the no-fault
 * and prevention regimes: the batched streams give the scalar baseline's
 * numbers (a lane holding another stream's block, or a block ahead of the
 * wrong number, changes them). */
static void test_batched_as_scalar(void **state)
{
    (void)state;
    static const char *const runs[] = {"us", "uk", "japan", "taiwan", "china",
                                       "china_reform", "time/china"};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        ml_scenario s;
        load(runs[i], &s);
        ml_results a, b;
        run_as(&s, 20261207, 0, 2, NULL, 0, &a);
        run_as(&s, 20261207, 0, 2, NULL, 1, &b);
        same(&a, &b, runs[i]);
        ml_results_free(&a);
        ml_results_free(&b);
        ml_scenario_free(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_alone),
        cmocka_unit_test(test_memo_is_read_at_its_mean),
        cmocka_unit_test(test_seed_shape_and_range),
        cmocka_unit_test(test_batched_as_scalar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
