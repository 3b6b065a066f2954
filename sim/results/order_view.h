/*
 * order_view.h — the order statistics a summary reads, without sorting the
 * whole array.
 *
 * A summary reads few positions of the ascending order of its n samples:
 * the tail from the lowest confidence bound of var90 up (varP, tvarP and
 * their errors, P >= 0.9) and a few ranks below it (the median and the
 * 80th percentile of the exceedance table, with their bounds).  Sorting
 * the whole array for them was most of the results stage after issue 16's
 * first part.  ml_order_view gives an array that equals the ascending
 * order (ml_sort_copy's, bit for bit: -0.0 and +0.0 keep their input
 * order) at every position the caller names, by one selection pass on the
 * top 16 bits of the values' sort keys and a sort of the few buckets that
 * hold those positions.  Its other positions hold anything: a caller reads
 * only the positions it named.
 */
#ifndef ML_ORDER_VIEW_H
#define ML_ORDER_VIEW_H

#include <stddef.h>

#define ML_ORDER_AT_MAX 64

/* Positions (0-based) of the ascending order a caller reads: every one
 * from `from` to n - 1 (from = n: none), and at[0 .. n_at). */
typedef struct ml_order_need {
    size_t n, from, n_at;
    size_t at[ML_ORDER_AT_MAX];
} ml_order_need;

/* No position yet, for n samples. */
void ml_order_need_init(ml_order_need *w, size_t n);
/* Every position from pos up. */
void ml_order_need_tail(ml_order_need *w, size_t pos);
/* Position pos (ignored at n or past it). */
void ml_order_need_at(ml_order_need *w, size_t pos);

/* The moments of the samples, made on the way (ml_order_view_sums). */
typedef struct {
    int done; /* 0: not made (x in order already, or few samples) */
    double mean, sd, total;
} ml_order_sums;

/* An array equal to the ascending order of x[0 .. n) at every position w
 * names: x itself when x is already in order (nothing copied), else out
 * (n doubles, the caller's), or NULL where out is NULL (a caller that
 * finds room only when it is needed).  Stable, as ml_sort_copy. */
const double *ml_order_view(const double *x, size_t n, const ml_order_need *w, double *out);
/* The same, and where the view reads x twice (a large array not in order)
 * the moments ml_mean_total and ml_sd give, bit for bit, from those two
 * reads (sums->done set): the compensated sums' chains of additions then
 * run beside the counting and the copying instead of in passes of their
 * own. */
const double *ml_order_view_sums(const double *x, size_t n, const ml_order_need *w,
                                 double *out, ml_order_sums *sums);

#endif
