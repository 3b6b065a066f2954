/*
 * test_injury.c — the four injury-severity classes shared by portfolios and
 * regimes: their names, order and look-up.  (How incidents split over the
 * classes and negligence is tested per cell in test_engine_life.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "injury.h"

/* The order is the HMPS grouping from least to most severe; files and
 * HDF5 tables index classes by it, so it must not change silently. */
static void test_class_names_in_severity_order(void **state)
{
    (void)state;
    assert_int_equal(ML_N_INJ, 4);
    assert_string_equal(ml_injury_name[ML_INJ_MINOR], "minor");
    assert_string_equal(ml_injury_name[ML_INJ_SERIOUS], "serious");
    assert_string_equal(ml_injury_name[ML_INJ_PERMANENT], "permanent");
    assert_string_equal(ml_injury_name[ML_INJ_DEATH], "death");
}

static void test_class_index_round_trips(void **state)
{
    (void)state;
    for (int c = 0; c < ML_N_INJ; c++)
        assert_int_equal(ml_injury_index(ml_injury_name[c]), c);
}

/* Look-up is exact: no case folding, plurals, prefixes or empty names. */
static void test_unknown_names_rejected(void **state)
{
    (void)state;
    const char *bad[] = {"", "Minor", "deaths", "perm", "serious ", "fatal"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(ml_injury_index(bad[i]), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_names_in_severity_order),
        cmocka_unit_test(test_class_index_round_trips),
        cmocka_unit_test(test_unknown_names_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
