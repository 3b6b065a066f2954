/*
 * ml_assert.h — typed assertions for the CMocka tests.  A bare
 * assert_true(fabs(a - b) < 1e-12) fails with "fabs(a - b) < 1e-12" and no
 * numbers; these print the expression, the expected and the obtained value,
 * the tolerance, and why that tolerance is the right one, so a failure says
 * what claim broke and by how much.
 *
 *   ml_assert_double_exact(got, want)            bit-equal doubles (both NaN counts as equal)
 *   ml_assert_double_abs(got, want, tol, why)    |got - want| <= tol
 *   ml_assert_double_rel(got, want, rel, why)    |got - want| <= rel |want|
 *   ml_assert_within_se(got, want, se, k, why)   |got - want| <= k se (a Monte Carlo claim)
 *   ml_assert_size_eq(got, want)                 equal size_t, printed in full
 *   ml_assert_int_eq(got, want)                  equal long long
 *
 * Include after <cmocka.h>.  "why" is a short string: where the tolerance
 * comes from (rounding of a sum of n terms, 4 standard errors, ...).
 */
#ifndef ML_ASSERT_H
#define ML_ASSERT_H

#include <math.h>
#include <stddef.h>

static inline void ml_assert_double_at_(int ok, const char *expr, double got, double want,
                                        double tol, const char *kind, const char *why,
                                        const char *file, int line)
{
    if (ok) return;
    print_error("%s:%d: %s\n"
                "  expected %.17g\n"
                "  got      %.17g\n"
                "  diff     %.6g, allowed %s %.6g (%s)\n",
                file, line, expr, want, got, got - want, kind, tol, why);
    _fail(file, line);
}

/* NaN never passes a tolerance: a NaN result is a failure, not a pass. */
static inline int ml_close_(double got, double want, double tol)
{
    if (isinf(want) || isinf(got)) return got == want;
    return fabs(got - want) <= tol; /* false for NaN */
}

#define ml_assert_double_exact(got, want)                                                  \
    do {                                                                                   \
        double g_ = (got), w_ = (want);                                                    \
        ml_assert_double_at_(g_ == w_ || (isnan(g_) && isnan(w_)), #got " == " #want, g_,  \
                             w_, 0.0, "exactly", "the value is exact in binary",           \
                             __FILE__, __LINE__);                                          \
    } while (0)

#define ml_assert_double_abs(got, want, tol, why)                                          \
    do {                                                                                   \
        double g_ = (got), w_ = (want), t_ = (tol);                                        \
        ml_assert_double_at_(ml_close_(g_, w_, t_), #got " ~ " #want, g_, w_, t_,          \
                             "absolute", why, __FILE__, __LINE__);                         \
    } while (0)

#define ml_assert_double_rel(got, want, rel, why)                                          \
    do {                                                                                   \
        double g_ = (got), w_ = (want), r_ = (rel);                                        \
        ml_assert_double_at_(ml_close_(g_, w_, r_ * fabs(w_)), #got " ~ " #want, g_, w_,   \
                             r_ * fabs(w_), "relative", why, __FILE__, __LINE__);          \
    } while (0)

/* A Monte Carlo estimate against its exact value: within k standard errors.
 * k = 4 fails by chance about once in 16000 runs of a normal estimate; the
 * seeds are fixed, so a given build passes or fails every time. */
#define ml_assert_within_se(got, want, se, k, why)                                         \
    do {                                                                                   \
        double g_ = (got), w_ = (want), s_ = (se), k_ = (k);                               \
        ml_assert_double_at_(s_ >= 0 && ml_close_(g_, w_, k_ * s_),                        \
                             #got " within " #k " SE of " #want, g_, w_, k_ * s_,          \
                             "k * se", why, __FILE__, __LINE__);                           \
    } while (0)

static inline void ml_assert_ll_at_(long long got, long long want, const char *expr,
                                    const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: %s\n  expected %lld\n  got      %lld\n", file, line, expr, want, got);
    _fail(file, line);
}

static inline void ml_assert_size_at_(size_t got, size_t want, const char *expr,
                                      const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: %s\n  expected %zu\n  got      %zu\n", file, line, expr, want, got);
    _fail(file, line);
}

#define ml_assert_int_eq(got, want)                                                        \
    ml_assert_ll_at_((long long)(got), (long long)(want), #got " == " #want, __FILE__, __LINE__)
#define ml_assert_size_eq(got, want)                                                       \
    ml_assert_size_at_((size_t)(got), (size_t)(want), #got " == " #want, __FILE__, __LINE__)

#endif
