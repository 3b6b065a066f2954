/*
 * test_par_block.c — the split of a replicate range over MPI ranks
 * (par.h): contiguous blocks in rank order that cover the range exactly
 * once, sizes differing by at most one, and ranks beyond the replicates
 * given empty blocks.  Pure arithmetic, so it runs in every build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "par.h"

#include <stdio.h>
#include <string.h>

/* Every rank's block, checked against what the split must guarantee:
 * contiguous and in rank order (each block starts where the previous ended),
 * covering [from, to) exactly, sizes within one of each other, and the larger
 * blocks first (the first n % size ranks), so a rank's block does not depend
 * on anything but (from, to, rank, size). */
static void check_split(size_t from, size_t n, int size)
{
    size_t to = from + n, next = from, small = (size_t)-1, big = 0, prev = (size_t)-1;
    for (int r = 0; r < size; r++) {
        size_t lo, hi;
        ml_par_block(from, to, r, size, &lo, &hi);
        if (lo != next || hi < lo || hi > to)
            fail_msg("from %zu n %zu size %d rank %d: block [%zu, %zu) should start at %zu "
                     "and end by %zu", from, n, size, r, lo, hi, next, to);
        size_t len = hi - lo;
        /* sizes never grow with the rank: n / size + 1 first, then n / size */
        if (len > prev)
            fail_msg("from %zu n %zu size %d: rank %d has %zu, more than rank %d's %zu", from,
                     n, size, r, len, r - 1, prev);
        ml_assert_size_eq(len, n / (size_t)size + ((size_t)r < n % (size_t)size ? 1 : 0));
        prev = len;
        next = hi;
        if (len < small) small = len;
        if (len > big) big = len;
    }
    ml_assert_size_eq(next, to); /* covers the range exactly once */
    if (big - small > 1)
        fail_msg("from %zu n %zu size %d: blocks of %zu and %zu differ by more than one", from,
                 n, size, small, big);
}

static void test_blocks_contiguous_covering_balanced_in_rank_order(void **state)
{
    (void)state;
    const size_t froms[] = {0, 1, 1000, 123457};
    /* n = 0 and n < size included: every n up to 200 over 1 to 70 ranks. */
    for (size_t f = 0; f < sizeof froms / sizeof froms[0]; f++)
        for (size_t n = 0; n <= 200; n++)
            for (int size = 1; size <= 70; size++) check_split(froms[f], n, size);
    /* Large ranges and rank counts as on a cluster. */
    const size_t big_n[] = {1000000, 1000003, 99999989, (size_t)1 << 40};
    const int big_size[] = {1, 2, 3, 7, 64, 127, 1000, 4096};
    for (size_t i = 0; i < sizeof big_n / sizeof big_n[0]; i++)
        for (size_t j = 0; j < sizeof big_size / sizeof big_size[0]; j++)
            check_split(42, big_n[i], big_size[j]);
}

static void test_more_ranks_than_replicates_leaves_empty_blocks_last(void **state)
{
    (void)state;
    /* 3 replicates over 5 ranks: one each for ranks 0-2, empty at the end for 3-4. */
    for (int r = 0; r < 5; r++) {
        size_t lo, hi;
        ml_par_block(10, 13, r, 5, &lo, &hi);
        ml_assert_size_eq(hi - lo, r < 3 ? 1 : 0);
        ml_assert_size_eq(lo, r < 3 ? 10 + (size_t)r : 13);
    }
    /* No replicates: every block is empty and sits at the range's start. */
    for (int r = 0; r < 4; r++) {
        size_t lo, hi;
        ml_par_block(7, 7, r, 4, &lo, &hi);
        ml_assert_size_eq(lo, 7);
        ml_assert_size_eq(hi, 7);
    }
}

static void test_ten_over_three_is_four_three_three(void **state)
{
    (void)state;
    /* 10 replicates over 3 ranks: 4, 3, 3. */
    size_t lo, hi;
    ml_par_block(0, 10, 0, 3, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 4);
    ml_par_block(0, 10, 1, 3, &lo, &hi);
    assert_int_equal(lo, 4);
    assert_int_equal(hi, 7);
    ml_par_block(0, 10, 2, 3, &lo, &hi);
    assert_int_equal(lo, 7);
    assert_int_equal(hi, 10);
    /* Two replicates, three ranks: the last has nothing (it still joins
     * the collective write with an empty selection). */
    ml_par_block(5, 7, 2, 3, &lo, &hi);
    assert_int_equal(lo, 7);
    assert_int_equal(hi, 7);
}

/* One process is its own lowest failing rank: agreeing returns its status
 * and keeps its message (par.h), and the end of a range passes rc through. */
static void test_one_process_agrees_with_its_own_status(void **state)
{
    (void)state;
    ml_assert_int_eq(ml_par_rank(), 0);
    ml_assert_int_eq(ml_par_size(), 1);
    ml_err err = {0};
    snprintf(err.msg, sizeof err.msg, "rank 0: disk full");
    ml_assert_int_eq(ml_par_agree(ML_EIO, &err), ML_EIO);
    assert_string_equal(err.msg, "rank 0: disk full");
    ml_assert_int_eq(ml_par_agree(ML_OK, &err), ML_OK);
    ml_assert_int_eq(ml_par_range_end(NULL, 0, 10, ML_EINVAL, 1, &err), ML_EINVAL);
    ml_assert_int_eq(ml_par_range_end(NULL, 0, 10, ML_OK, 0, &err), ML_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_contiguous_covering_balanced_in_rank_order),
        cmocka_unit_test(test_more_ranks_than_replicates_leaves_empty_blocks_last),
        cmocka_unit_test(test_ten_over_three_is_four_three_three),
        cmocka_unit_test(test_one_process_agrees_with_its_own_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
