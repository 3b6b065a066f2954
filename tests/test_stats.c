/*
 * test_stats.c — VaR as the order statistic of rank ceil(P n), TVaR as
 * Acerbi-Tasche expected shortfall, on samples small enough to do by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats.h"

#include <math.h>

static void test_rank_is_integer_exact(void **state)
{
    (void)state;
    /* 0.9 * 100000 is 90000.000000000015 in floating point; the rank must be 90000. */
    assert_int_equal(ml_quantile_rank(100000, 900, 1000), 90000);
    assert_int_equal(ml_quantile_rank(10, 900, 1000), 9);
    assert_int_equal(ml_quantile_rank(11, 900, 1000), 10); /* ceil(9.9) */
    assert_int_equal(ml_quantile_rank(1000, 999, 1000), 999);
    assert_int_equal(ml_quantile_rank(3, 1, 2), 2);
    assert_int_equal(ml_quantile_rank(5, 0, 1), 1);
}

static void test_var_tvar_by_hand(void **state)
{
    (void)state;
    double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
    /* P = 0.9: rank 9 -> 9; excess over 9 is 91; tvar = 9 + 91 / (10 * 0.1) = 100 */
    assert_true(ml_var_sorted(x, 10, 900, 1000) == 9.0);
    assert_true(fabs(ml_tvar_sorted(x, 10, 900, 1000) - 100.0) < 1e-12);
    /* P = 0.95: rank ceil(9.5) = 10 -> 100; no excess; tvar = 100 */
    assert_true(ml_var_sorted(x, 10, 950, 1000) == 100.0);
    assert_true(ml_tvar_sorted(x, 10, 950, 1000) == 100.0);
    /* P = 0.5: rank 5 -> 5; excess 1+2+3+4+95 = 105; tvar = 5 + 105/5 = 26 */
    assert_true(ml_var_sorted(x, 10, 1, 2) == 5.0);
    assert_true(fabs(ml_tvar_sorted(x, 10, 1, 2) - 26.0) < 1e-12);
}

static void test_summary(void **state)
{
    (void)state;
    double x[4] = {4, 1, 3, 2}, scratch[4];
    ml_summary s;
    ml_summary_compute(x, 4, scratch, &s);
    assert_true(s.mean == 2.5);
    assert_true(fabs(s.sd - sqrt(5.0 / 3.0)) < 1e-15);
    assert_true(fabs(s.se - sqrt(5.0 / 3.0) / 2.0) < 1e-15);
    assert_true(s.var[0] == 4.0); /* rank ceil(3.6) = 4 */
    assert_true(s.tvar[4] == 4.0);
    /* TVaR is never below VaR, and both rise with the level. */
    for (int l = 0; l < ML_N_LEVELS; l++) assert_true(s.tvar[l] >= s.var[l]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_is_integer_exact),
        cmocka_unit_test(test_var_tvar_by_hand),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
