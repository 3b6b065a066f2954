/*
 * test_vexp.c — the vectorisable exponential (vexp.h): within 2 units in
 * the last place of the true value (long double expl) over its whole
 * range; the batch call equals the one-number call bit for bit, for any
 * length and with arguments outside the range among them; outside the
 * range, libm's exp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vexp.h"

#include <math.h>
#include <string.h>

static double spread(unsigned i, double lo, double hi)
{
    uint64_t x = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ull;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return lo + (hi - lo) * ((double)(x >> 11) * 0x1p-53);
}

/* Error in units of the last place of the double nearest e^x.  The bound
 * of 2 is the analysis in vexp.h rounded up (half a unit from the final
 * addition, at most a third from the reduced argument's rounding, the
 * polynomial's few roundings scaled by r^2); judgment margin above it. */
static double ulps(double x)
{
    long double t = expl((long double)x);
    double near = (double)t;
    double ulp = nextafter(near, INFINITY) - near;
    return (double)fabsl((long double)ml_exp1(x) - t) / ulp;
}

static void test_accuracy(void **state)
{
    (void)state;
    double worst = 0.0;
    for (unsigned i = 0; i < 400000; i++) {
        double x = i % 2 ? spread(i, -707.9, 707.9) : spread(i, -3.0, 3.0);
        double e = ulps(x);
        if (e > worst)
            worst = e;
    }
    const double exact[] = {0.0, -0.0, 1.0, -1.0, 0x1p-60, -0x1p-60, 0.5 * M_LN2, -0.5 * M_LN2,
                            10.0, 700.0, -700.0, 707.99, -707.99};
    for (unsigned i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        double e = ulps(exact[i]);
        if (e > worst)
            worst = e;
    }
    print_message("worst error %.3f ulp\n", worst);
    assert_true(worst <= 2.0);
    assert_true(ml_exp1(0.0) == 1.0);
}

static void test_batch_equals_one_at_a_time(void **state)
{
    (void)state;
    enum { N = 1031 };
    double x[N], y[N];
    for (unsigned n = 0; n <= 70; n++) {
        for (unsigned i = 0; i < n; i++)
            x[i] = y[i] = spread(i + 1000 * n, -30.0, 30.0);
        ml_exp_affine_n(10.0, 1.2, x, n);
        for (unsigned i = 0; i < n; i++)
            assert_memory_equal(&x[i], &(double){ml_exp_affine1(10.0, 1.2, y[i])},
                                sizeof(double));
    }
    /* Arguments outside the range among ordinary ones. */
    for (unsigned i = 0; i < N; i++)
        x[i] = y[i] = spread(i, -20.0, 20.0);
    x[3] = y[3] = 709.5;
    x[500] = y[500] = -745.0;
    x[700] = y[700] = INFINITY;
    x[701] = y[701] = -INFINITY;
    x[1030] = y[1030] = NAN;
    ml_exp_affine_n(0.0, 1.0, x, N);
    for (unsigned i = 0; i < N - 1; i++)
        assert_memory_equal(&x[i], &(double){ml_exp1(y[i])}, sizeof(double));
    assert_true(isnan(x[N - 1]));
}

static void test_outside_is_libm(void **state)
{
    (void)state;
    const double out[] = {708.0, 709.7, 710.0, -708.0, -740.0, -746.0, INFINITY, -INFINITY};
    for (unsigned i = 0; i < sizeof out / sizeof out[0]; i++)
        assert_true(ml_exp1(out[i]) == exp(out[i]));
    assert_true(isnan(ml_exp1(NAN)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accuracy),
        cmocka_unit_test(test_batch_equals_one_at_a_time),
        cmocka_unit_test(test_outside_is_libm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
