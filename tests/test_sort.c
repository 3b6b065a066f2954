/*
 * test_sort.c — ml_sort_copy (sim/results/sort.c) gives, bit for bit, the
 * array glibc's qsort gives with the comparison the results room used
 * before it (Debian 12's glibc 2.36: a stable merge sort on (x > y) - (x < y)), on arrays of many
 * shapes and sizes on both sides of the radix threshold: random amounts,
 * heavy ties, negatives, -0.0 and +0.0 mixed (equal to the comparison, so
 * their input order must survive), already ordered and reversed arrays,
 * and values spanning the whole exponent range.  And ml_order_view
 * (sim/results/order_view.c) holds qsort's very values at every position a
 * summary and an exceedance table read, hands back an ordered array itself,
 * and makes on the way the very moments ml_mean_total and ml_sd make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "order_view.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A small generator of its own, so the arrays do not depend on libc's. */
static uint64_t state = 88172645463325252ull;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}
static double unif(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

static void same_as_qsort(const double *x, size_t n, const char *what)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    memcpy(a, x, n * sizeof *x);
    qsort(a, n, sizeof *a, cmp_double);
    ml_sort_copy(x, n, b);
    if (memcmp(a, b, n * sizeof *a))
        fail_msg("%s (n = %zu): ml_sort_copy differs from qsort", what, n);
    free(a);
    free(b);
}

/* Every position w names holds qsort's value, bit for bit. */
static void check_view(const double *x, const double *want, size_t n, const ml_order_need *w,
                       const char *what, const char *need)
{
    double *out = malloc((n ? n : 1) * sizeof *out);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        out[i] = NAN; /* what no named position may keep */
    ml_order_sums sums;
    const double *v = ml_order_view_sums(x, n, w, out, &sums);
    assert_non_null(v);
    if (sums.done) { /* made on the way: ml_mean_total's and ml_sd's bits */
        double total, mean = ml_mean_total(x, n, &total), sd = ml_sd(x, n, mean);
        if (memcmp(&sums.mean, &mean, sizeof mean) || memcmp(&sums.sd, &sd, sizeof sd) ||
            memcmp(&sums.total, &total, sizeof total))
            fail_msg("%s (n = %zu, %s): the view's moments differ from ml_mean_total, ml_sd",
                     what, n, need);
    }
    if (!memcmp(x, want, n * sizeof *x))
        assert_ptr_equal(v, x); /* in order already: x itself */
    for (size_t i = w->from; i < n; i++)
        if (memcmp(&v[i], &want[i], sizeof *v))
            fail_msg("%s (n = %zu, %s): ml_order_view differs from qsort at %zu (tail)", what,
                     n, need, i);
    for (size_t k = 0; k < w->n_at; k++)
        if (memcmp(&v[w->at[k]], &want[w->at[k]], sizeof *v))
            fail_msg("%s (n = %zu, %s): ml_order_view differs from qsort at %zu", what, n,
                     need, w->at[k]);
    free(out);
}

static void same_view_as_qsort(const double *x, size_t n, const char *what)
{
    double *a = malloc((n ? n : 1) * sizeof *a);
    assert_non_null(a);
    memcpy(a, x, n * sizeof *x);
    qsort(a, n, sizeof *a, cmp_double);
    ml_rank_table t;
    ml_rank_table_init(&t, n);
    ml_order_need w;
    ml_order_need_init(&w, n);
    ml_summary_need(&t, &w);
    check_view(x, a, n, &w, what, "summary");
    ml_ep_need(&t, &w);
    check_view(x, a, n, &w, what, "summary and exceedance");
    ml_order_need_init(&w, n);
    ml_ep_need(&t, &w);
    check_view(x, a, n, &w, what, "exceedance");
    ml_order_need_init(&w, n);
    ml_order_need_tail(&w, n - n / 100);
    ml_order_need_at(&w, n / 3);
    check_view(x, a, n, &w, what, "top 1% and a third");
    free(a);
}

static void shapes(void **state_)
{
    (void)state_;
    static const size_t sizes[] = {0,    1,    2,    3,     100,   255,   256,
                                   257,  2000, 4095, 4096, 4097, 10000, 100003};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double *x = malloc((n ? n : 1) * sizeof *x);
        assert_non_null(x);
        for (size_t i = 0; i < n; i++)
            x[i] = exp(10.0 + 1.2 * (unif() - 0.5) * 6.0);
        same_as_qsort(x, n, "lognormal-like amounts");
        for (size_t i = 0; i < n; i++)
            x[i] = (double)(next() % 7);
        same_as_qsort(x, n, "counts with heavy ties");
        for (size_t i = 0; i < n; i++)
            x[i] = (unif() - 0.5) * 1e6;
        same_as_qsort(x, n, "negatives and positives");
        for (size_t i = 0; i < n; i++)
            x[i] = (next() & 1) ? -0.0 : (next() & 1) ? 0.0 : (double)(next() % 3) - 1.0;
        same_as_qsort(x, n, "-0.0 and +0.0 mixed with -1, 0, 1");
        for (size_t i = 0; i < n; i++)
            x[i] = (double)i;
        same_as_qsort(x, n, "already ordered");
        for (size_t i = 0; i < n; i++)
            x[i] = -(double)i;
        same_as_qsort(x, n, "reversed");
        for (size_t i = 0; i < n; i++) {
            uint64_t u = next() & ~(UINT64_C(0x7ff) << 52); /* finite: exponent not all ones */
            u |= (next() % 2047) << 52;
            memcpy(&x[i], &u, sizeof u);
        }
        same_as_qsort(x, n, "every exponent, both signs, subnormals");
        free(x);
    }
}

static void views(void **state_)
{
    (void)state_;
    static const size_t sizes[] = {0, 1, 2, 3, 100, 4095, 4096, 4097, 10000, 100003, 300007};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double *x = malloc((n ? n : 1) * sizeof *x);
        assert_non_null(x);
        for (size_t i = 0; i < n; i++)
            x[i] = exp(10.0 + 1.2 * (unif() - 0.5) * 6.0);
        same_view_as_qsort(x, n, "lognormal-like amounts");
        for (size_t i = 0; i < n; i++)
            x[i] = (next() % 3 == 0) ? ((next() & 1) ? -0.0 : 0.0)
                                     : exp(10.0 + 1.2 * (unif() - 0.5) * 6.0);
        same_view_as_qsort(x, n, "amounts, a third of them -0.0 or +0.0");
        for (size_t i = 0; i < n; i++)
            x[i] = (double)(next() % 41);
        same_view_as_qsort(x, n, "counts with ties");
        for (size_t i = 0; i < n; i++)
            x[i] = (next() & 1) ? -0.0 : (next() & 1) ? 0.0 : (double)(next() % 3) - 1.0;
        same_view_as_qsort(x, n, "-0.0 and +0.0 mixed with -1, 0, 1");
        for (size_t i = 0; i < n; i++)
            x[i] = (i % 5 == 0) ? -0.0 : 0.0;
        same_view_as_qsort(x, n, "-0.0 and +0.0 only (in order)");
        for (size_t i = 0; i < n; i++)
            x[i] = (unif() - 0.5) * 1e6;
        same_view_as_qsort(x, n, "negatives and positives");
        for (size_t i = 0; i < n; i++)
            x[i] = -(double)i;
        same_view_as_qsort(x, n, "reversed");
        for (size_t i = 0; i < n; i++) {
            uint64_t u = next() & ~(UINT64_C(0x7ff) << 52);
            u |= (next() % 2047) << 52;
            memcpy(&x[i], &u, sizeof u);
        }
        same_view_as_qsort(x, n, "every exponent, both signs, subnormals");
        free(x);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(shapes), cmocka_unit_test(views)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
