/*
 * sort.c — ml_sort_copy, ml_sort_inplace (stats.h): doubles in ascending order, by a
 * least-significant-digit radix sort on an order-preserving transform of
 * their bits.
 *
 * Why: the summaries and exceedance tables sort every per-replicate array,
 * and glibc's qsort (a merge sort calling a comparison function for each of
 * its n log n steps) was most of a run's time after the engine (issue 16).
 * Eight passes of 8 bits cost a fixed few passes over the array instead:
 * 256 buckets a pass keep the scattered writes in the caches and the TLB,
 * which 2048 (11 bits) did not (a million amounts: 100 against 120 ms on
 * the shared development machine, a hundred thousand: 3.1 against 3.5).
 * Where no -0.0 is among the values, only the keys move: equal keys are
 * then equal bits, the values are their keys turned back, and half the
 * memory traffic is saved (a hundred thousand amounts: 3.1 ms against
 * 9.4 moving keys and values).
 *
 * The output is the same array qsort with a (x > y) - (x < y) comparison
 * gives: glibc's qsort is a stable merge sort, and this sort is stable
 * too, with -0.0 and +0.0 (equal to that comparison) given one key, so they
 * keep their input order, as there.  The inputs are finite (results never
 * hold a NaN).  Small arrays go to qsort, where the passes would cost more
 * than they save.
 */
#include "sortkey.h"
#include "stats.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RADIX_BITS 8
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 8 /* 8 x 8 = 64 bits */
/* Below this, qsort: with 8-bit digits the passes beat a merge sort's
 * comparisons from a few hundred values on (a run of 2,000 replicates
 * sorted its arrays by qsort before, most of its results stage). */
#define RADIX_MIN 256

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The double whose key (ml_sort_key) is k; +0.0 for the zeros' key. */
static inline double of_key(uint64_t k)
{
    uint64_t u = (k >> 63) ? k ^ UINT64_C(0x8000000000000000) : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Whether a pass's digit is the same in every key: it orders nothing. */
static int trivial(const size_t *h, size_t n)
{
    for (size_t d = 0; d < RADIX_SIZE; d++)
        if (h[d])
            return h[d] == n;
    return 1;
}

/* Exclusive prefix sums: h[d] becomes the first place of digit d. */
static void places(size_t *h)
{
    size_t sum = 0;
    for (size_t d = 0; d < RADIX_SIZE; d++) {
        size_t c = h[d];
        h[d] = sum;
        sum += c;
    }
}

/* Sorts n doubles by radix; keys and ktmp hold n keys each, tmp n doubles
 * (used only where a -0.0 makes the values move with their keys). */
static void radix(double *a, size_t n, uint64_t *keys, uint64_t *ktmp, double *tmp)
{
    /* The histograms are this call's own (on its stack), so that
     * summaries may sort in parallel threads. */
    size_t hist[RADIX_PASSES][RADIX_SIZE];
    memset(hist, 0, sizeof hist);
    int neg_zero = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &a[i], sizeof u);
        neg_zero |= u == UINT64_C(0x8000000000000000);
        uint64_t k = ml_sort_key(a[i]);
        keys[i] = k;
        for (int p = 0; p < RADIX_PASSES; p++)
            hist[p][(k >> (p * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
    }
    uint64_t *ksrc = keys, *kdst = ktmp;
    double *src = a, *dst = tmp;
    for (int p = 0; p < RADIX_PASSES; p++) {
        size_t *h = hist[p];
        if (trivial(h, n))
            continue;
        places(h);
        int shift = p * RADIX_BITS;
        if (neg_zero)
            for (size_t i = 0; i < n; i++) {
                size_t at = h[(ksrc[i] >> shift) & (RADIX_SIZE - 1)]++;
                dst[at] = src[i];
                kdst[at] = ksrc[i];
            }
        else
            for (size_t i = 0; i < n; i++)
                kdst[h[(ksrc[i] >> shift) & (RADIX_SIZE - 1)]++] = ksrc[i];
        uint64_t *kt = ksrc;
        ksrc = kdst;
        kdst = kt;
        double *t = src;
        src = dst;
        dst = t;
    }
    if (!neg_zero)
        for (size_t i = 0; i < n; i++)
            a[i] = of_key(ksrc[i]);
    else if (src != a)
        memcpy(a, src, n * sizeof *a);
}

void ml_sort_copy(const double *x, size_t n, double *out)
{
    memcpy(out, x, n * sizeof *x);
    ml_sort_inplace(out, n);
}

void ml_sort_inplace(double *a, size_t n)
{
    /* Already in order (a measure that is 0 every year, a count that never
     * varies): nothing to do, as a stable sort would leave it. */
    size_t i = 1;
    while (i < n && !(a[i] < a[i - 1]))
        i++;
    if (i >= n)
        return;
    if (n < RADIX_MIN) {
        qsort(a, n, sizeof *a, cmp_double);
        return;
    }
    /* Scratch of the same size as the one glibc's merge sort takes, and
     * the keys: 3 n values more while sorting (the first n touched only
     * where a -0.0 makes the values move). */
    double *tmp = malloc(n * sizeof *tmp);
    uint64_t *keys = malloc(2 * n * sizeof *keys);
    if (!tmp || !keys) {
        free(tmp);
        free(keys);
        qsort(a, n, sizeof *a, cmp_double);
        return;
    }
    radix(a, n, keys, keys + n, tmp);
    free(tmp);
    free(keys);
}
