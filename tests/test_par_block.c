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

#include "par.h"

static void test_blocks_tile_the_range(void **state)
{
    (void)state;
    const size_t froms[] = {0, 1, 1000, 123457};
    for (size_t f = 0; f < sizeof froms / sizeof froms[0]; f++)
        for (size_t n = 0; n <= 40; n++)
            for (int size = 1; size <= 9; size++) {
                size_t from = froms[f], to = from + n, next = from;
                size_t small = (size_t)-1, big = 0;
                for (int r = 0; r < size; r++) {
                    size_t lo, hi;
                    ml_par_block(from, to, r, size, &lo, &hi);
                    assert_int_equal(lo, next); /* contiguous, in rank order */
                    assert_true(hi >= lo);
                    next = hi;
                    if (hi - lo < small) small = hi - lo;
                    if (hi - lo > big) big = hi - lo;
                }
                assert_int_equal(next, to); /* covers the range exactly */
                assert_true(big - small <= 1);
            }
}

static void test_known_split(void **state)
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

static void test_serial_is_one_rank(void **state)
{
    (void)state;
    /* Without a launcher (and in the default build) a run is one process. */
    assert_int_equal(ml_par_rank(), 0);
    assert_int_equal(ml_par_size(), 1);
    ml_err err = {0};
    assert_int_equal(ml_par_agree(ML_EINVAL, &err), ML_EINVAL);
    assert_int_equal(ml_par_agree(ML_OK, &err), ML_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_tile_the_range),
        cmocka_unit_test(test_known_split),
        cmocka_unit_test(test_serial_is_one_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
