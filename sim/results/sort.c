/*
 * sort.c — ml_sort_copy, ml_sort_inplace (stats.h): doubles in ascending order, by a
 * least-significant-digit radix sort on an order-preserving transform of
 * their bits.
 *
 * Why: the summaries and exceedance tables sort every per-replicate array,
 * and glibc's qsort (a merge sort calling a comparison function for each of
 * its n log n steps) was most of a run's time after the engine (issue 16).
 * Six passes of 11 bits cost a fixed few passes over the array instead.
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

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 x 11 = 66 >= 64 bits */
#define RADIX_MIN 4096 /* below this, qsort */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts n doubles by radix; tmp holds n doubles and n keys of scratch. */
static void radix(double *a, size_t n, double *tmp, uint64_t *keys, uint64_t *ktmp)
{
    /* The histograms are this call's own, so that summaries may sort in
     * parallel threads. */
    size_t (*hist)[RADIX_SIZE] = calloc(RADIX_PASSES, sizeof *hist);
    if (!hist) {
        qsort(a, n, sizeof *a, cmp_double);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t k = ml_sort_key(a[i]);
        keys[i] = k;
        for (int p = 0; p < RADIX_PASSES; p++)
            hist[p][(k >> (p * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
    }
    double *src = a, *dst = tmp;
    uint64_t *ksrc = keys, *kdst = ktmp;
    for (int p = 0; p < RADIX_PASSES; p++) {
        size_t *h = hist[p];
        /* A digit every key shares orders nothing: skip its pass. */
        int trivial = 0;
        for (size_t d = 0; d < RADIX_SIZE; d++)
            if (h[d] == n) {
                trivial = 1;
                break;
            } else if (h[d])
                break;
        if (trivial)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < RADIX_SIZE; d++) {
            size_t c = h[d];
            h[d] = sum;
            sum += c;
        }
        int shift = p * RADIX_BITS;
        for (size_t i = 0; i < n; i++) {
            size_t at = h[(ksrc[i] >> shift) & (RADIX_SIZE - 1)]++;
            dst[at] = src[i];
            kdst[at] = ksrc[i];
        }
        double *t = src;
        src = dst;
        dst = t;
        uint64_t *kt = ksrc;
        ksrc = kdst;
        kdst = kt;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(hist);
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
     * the keys: 3 n values more while sorting. */
    double *tmp = malloc(n * sizeof *tmp);
    uint64_t *keys = malloc(2 * n * sizeof *keys);
    if (!tmp || !keys) {
        free(tmp);
        free(keys);
        qsort(a, n, sizeof *a, cmp_double);
        return;
    }
    radix(a, n, tmp, keys, keys + n);
    free(tmp);
    free(keys);
}
