/*
 * order_view.c — see order_view.h.
 *
 * One pass counts the values by the top 16 bits of their sort keys
 * (sortkey.h): bucket b holds positions [start[b], start[b + 1]) of the
 * ascending order.  A second pass copies the values of the buckets that
 * hold a named position to those positions, in input order; each such
 * bucket (the tail's buckets as one range) is then sorted on its own by
 * the stable sort of sort.c.  Since every value of bucket b sorts before
 * every value of bucket b + 1, and a bucket's values keep their input
 * order until its sort, each named position ends up with the value (the
 * very bits) the stable sort of the whole array puts there.
 */
#include "order_view.h"
#include "ksum.h"
#include "sortkey.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOP_BITS 16
#define BUCKETS (1u << TOP_BITS)
/* Below this many values, or with most of the order named, sort it all. */
#define VIEW_MIN 4096
/* A bucket below this many values is sorted rather than selected in. */
#define NEST_MIN 4096

void ml_order_need_init(ml_order_need *w, size_t n)
{
    w->n = n;
    w->from = n;
    w->n_at = 0;
}

void ml_order_need_tail(ml_order_need *w, size_t pos)
{
    if (pos < w->from)
        w->from = pos;
}

void ml_order_need_at(ml_order_need *w, size_t pos)
{
    if (pos >= w->n)
        return;
    if (w->n_at < ML_ORDER_AT_MAX)
        w->at[w->n_at++] = pos;
    else
        ml_order_need_tail(w, pos); /* no room: a longer tail holds it */
}

static inline unsigned bucket_of(double x)
{
    return (unsigned)(ml_sort_key(x) >> (64 - TOP_BITS));
}

/* The bucket that holds position pos: the last b with start[b] <= pos. */
static unsigned bucket_at(const uint32_t *start, size_t pos)
{
    unsigned lo = 0, hi = BUCKETS; /* start[lo] <= pos < start[hi] */
    while (hi - lo > 1) {
        unsigned mid = lo + (hi - lo) / 2;
        if (start[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Scratch of the nested selections of one view, made when first needed. */
typedef struct {
    uint32_t *start;
    unsigned char *want;
    double *tmp;
    size_t cap; /* doubles tmp holds */
} nest;

/* The ascending order at the named positions of one bucket: seg[0 .. len)
 * holds its values, in input order, at positions base .. base + len of
 * the order, all with the same key bits above `shift`.  A large bucket
 * that holds only a few named positions (the median, a bound of it) is
 * not sorted: its values are counted by the next 16 bits of their keys
 * and the same selection runs again on the smaller buckets that hold the
 * positions (a stable copy keeps their input order, so the result is the
 * stable sort's).  Positions of seg not named are left to anything. */
static void select_in(double *seg, size_t len, size_t base, const ml_order_need *w, int shift,
                      nest *room)
{
    if (len < 2)
        return;
    if (len < NEST_MIN || shift < 0 || (!room->start &&
        !(room->start = malloc((2 * (size_t)BUCKETS + 1) * sizeof *room->start)))) {
        ml_sort_inplace(seg, len);
        return;
    }
    if (!room->want && !(room->want = malloc(BUCKETS))) {
        ml_sort_inplace(seg, len);
        return;
    }
    if (room->cap < len) {
        free(room->tmp);
        room->cap = 0;
        if (!(room->tmp = malloc(len * sizeof *room->tmp))) {
            ml_sort_inplace(seg, len);
            return;
        }
        room->cap = len;
    }
    uint32_t *start = room->start, *next = start + BUCKETS + 1;
    unsigned char *want = room->want;
    memset(start, 0, (BUCKETS + 1) * sizeof *start);
    memset(want, 0, BUCKETS);
    for (size_t j = 0; j < len; j++)
        start[(ml_sort_key(seg[j]) >> shift) & (BUCKETS - 1)]++;
    uint32_t sum = 0;
    for (unsigned b = 0; b < BUCKETS; b++) {
        uint32_t c = start[b];
        start[b] = next[b] = sum;
        sum += c;
    }
    start[BUCKETS] = sum;
    int named = 0;
    for (size_t k = 0; k < w->n_at; k++)
        if (w->at[k] >= base && w->at[k] - base < len) {
            want[bucket_at(start, w->at[k] - base)] = 1;
            named = 1;
        }
    if (!named)
        return;
    double *tmp = room->tmp;
    for (size_t j = 0; j < len; j++) {
        unsigned b = (unsigned)(ml_sort_key(seg[j]) >> shift) & (BUCKETS - 1);
        tmp[next[b]] = seg[j];
        next[b] += want[b];
    }
    /* The wanted buckets' bounds, before a nested call reuses start. */
    size_t nb = 0, lo[ML_ORDER_AT_MAX], hi[ML_ORDER_AT_MAX];
    for (unsigned b = 0; b < BUCKETS && nb < ML_ORDER_AT_MAX; b++)
        if (want[b]) {
            lo[nb] = start[b];
            hi[nb++] = start[b + 1];
        }
    for (size_t k = 0; k < nb; k++)
        memcpy(seg + lo[k], tmp + lo[k], (hi[k] - lo[k]) * sizeof *seg);
    for (size_t k = 0; k < nb; k++)
        select_in(seg + lo[k], hi[k] - lo[k], base + lo[k], w, shift - TOP_BITS, room);
}

const double *ml_order_view(const double *x, size_t n, const ml_order_need *w, double *out)
{
    return ml_order_view_sums(x, n, w, out, NULL);
}

const double *ml_order_view_sums(const double *x, size_t n, const ml_order_need *w,
                                 double *out, ml_order_sums *sums)
{
    if (sums)
        sums->done = 0;
    size_t i = 1;
    while (i < n && !(x[i] < x[i - 1]))
        i++;
    if (i >= n)
        return x;
    if (!out)
        return NULL;
    if (n < VIEW_MIN || w->from < n / 2) {
        ml_sort_copy(x, n, out);
        return out;
    }
    /* Counts fit in 32 bits: n < 2^32 (the engine's replicate limit). */
    uint32_t *start = calloc(2 * (size_t)BUCKETS + 1, sizeof *start);
    unsigned char *want = calloc(BUCKETS, 1);
    if (!start || !want) {
        free(start);
        free(want);
        ml_sort_copy(x, n, out);
        return out;
    }
    uint32_t *next = start + BUCKETS + 1;
    /* The mean's sums as ml_mean_total makes them (its plain total is the
     * compensated sum's running sum). */
    ml_ksum ks = {0, 0};
    double total = 0.0;
    if (sums)
        for (size_t j = 0; j < n; j++) {
            start[bucket_of(x[j])]++;
            ml_ksum_add(&ks, x[j]);
            total += x[j];
        }
    else
        for (size_t j = 0; j < n; j++)
            start[bucket_of(x[j])]++;
    uint32_t sum = 0;
    for (unsigned b = 0; b < BUCKETS; b++) {
        uint32_t c = start[b];
        start[b] = next[b] = sum;
        sum += c;
    }
    start[BUCKETS] = sum; /* n */
    unsigned tail = w->from < n ? bucket_at(start, w->from) : BUCKETS;
    for (unsigned b = tail; b < BUCKETS; b++)
        want[b] = 1;
    for (size_t k = 0; k < w->n_at; k++)
        want[bucket_at(start, w->at[k])] = 1;
    /* Without a branch on want[b], which no predictor guesses: every value
     * is stored, an unwanted one at its bucket's first place again and
     * again (a place no caller reads, since it named none in that bucket),
     * a wanted one at its bucket's next place. */
    if (sums) {
        /* The squared deviations' sum as ml_sd makes it. */
        double mean = ml_ksum_value(&ks) / (double)n;
        ml_ksum ss = {0, 0};
        for (size_t j = 0; j < n; j++) {
            unsigned b = bucket_of(x[j]);
            out[next[b]] = x[j];
            next[b] += want[b];
            ml_ksum_add(&ss, (x[j] - mean) * (x[j] - mean));
        }
        sums->done = 1;
        sums->mean = mean;
        sums->total = total;
        sums->sd = n > 1 ? sqrt(ml_ksum_value(&ss) / (double)(n - 1)) : 0.0;
    } else
        for (size_t j = 0; j < n; j++) {
            unsigned b = bucket_of(x[j]);
            out[next[b]] = x[j];
            next[b] += want[b];
        }
    if (tail < BUCKETS)
        ml_sort_inplace(out + start[tail], n - start[tail]);
    nest room = {NULL, NULL, NULL, 0};
    for (unsigned b = 0; b < tail; b++)
        if (want[b])
            select_in(out + start[b], start[b + 1] - start[b], start[b], w, 64 - 2 * TOP_BITS,
                      &room);
    free(room.start);
    free(room.want);
    free(room.tmp);
    free(start);
    free(want);
    return out;
}
