/*
 * dist.c — see dist.h.
 */
#include "dist.h"
#include "ksum.h"
#include "sortkey.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void moments(const ml_dist *d, const double *const *x, size_t lo, size_t hi, size_t k,
                    size_t n, double *mean, double *total, double *sd);
static void sds(const ml_dist *d, const double *const *x, size_t lo, size_t hi, size_t k,
                size_t n, const double *mean, double *sd);

void ml_dist_moments(const ml_dist *d, const double *const *x, size_t k, size_t n,
                     double *mean, double *total, double *sd)
{
    moments(d, x, d->lo, d->hi, k, n, mean, total, sd);
}

void ml_dist_moments_local(const ml_dist *d, const double *xl, size_t nl, size_t n,
                           double *mean, double *total, double *sd)
{
    moments(d, &xl, 0, nl, 1, n, mean, total, sd);
}

/* Arrays a batch of moments holds in its state (on the stack: a process
 * out of memory must not leave the collective). */
#define BATCH 64

void ml_dist_chain_out(const ml_dist *d, double *st, size_t k)
{
    d->chain_pass(st, k);
    d->chain_share(st, k);
}

/* The moments of x[j][lo .. hi), this process's part, chained.  Each
 * array's chain is handed on as soon as it is summed, so the processes
 * work as a pipeline (rank r sums array j while rank r + 1 sums array
 * j - 1) and the sums of many arrays take about 1/p of one process's time;
 * the chains' ends are shared once a batch. */
static void moments(const ml_dist *d, const double *const *x, size_t lo, size_t hi, size_t k,
                    size_t n, double *mean, double *total, double *sd)
{
    double s[3 * BATCH];
    for (size_t a0 = 0; a0 < k; a0 += BATCH) {
        size_t len = k - a0 < BATCH ? k - a0 : BATCH;
        /* The compensated sum and the plain total (ml_mean_total). */
        for (size_t j = 0; j < len; j++) {
            double *sj = s + 3 * j;
            sj[0] = sj[1] = sj[2] = 0.0;
            d->chain_in(sj, 3);
            const double *xj = x[a0 + j];
            ml_ksum ks = {sj[0], sj[1]};
            double t = sj[2];
            for (size_t i = lo; i < hi; i++) {
                ml_ksum_add(&ks, xj[i]);
                t += xj[i];
            }
            sj[0] = ks.sum, sj[1] = ks.comp, sj[2] = t;
            d->chain_pass(sj, 3);
        }
        d->chain_share(s, 3 * len);
        for (size_t j = 0; j < len; j++) {
            ml_ksum ks = {s[3 * j], s[3 * j + 1]};
            total[a0 + j] = s[3 * j + 2];
            mean[a0 + j] = n ? ml_ksum_value(&ks) / (double)n : NAN;
        }
        if (sd)
            sds(d, x + a0, lo, hi, len, n, mean + a0, sd + a0);
    }
}

/* ml_sd of x[j] about mean[j] for k <= BATCH arrays, this process's part
 * x[j][lo .. hi), chained as a pipeline as moments does. */
static void sds(const ml_dist *d, const double *const *x, size_t lo, size_t hi, size_t k,
                size_t n, const double *mean, double *sd)
{
    double s[2 * BATCH];
    for (size_t j = 0; j < k; j++) {
        double *sj = s + 2 * j;
        sj[0] = sj[1] = 0.0;
        d->chain_in(sj, 2);
        const double *xj = x[j];
        double m = mean[j];
        ml_ksum ks = {sj[0], sj[1]};
        for (size_t i = lo; i < hi; i++)
            ml_ksum_add(&ks, (xj[i] - m) * (xj[i] - m));
        sj[0] = ks.sum, sj[1] = ks.comp;
        d->chain_pass(sj, 2);
    }
    d->chain_share(s, 2 * k);
    for (size_t j = 0; j < k; j++) {
        ml_ksum ks = {s[2 * j], s[2 * j + 1]};
        sd[j] = n > 1 ? sqrt(ml_ksum_value(&ks) / (double)(n - 1)) : 0.0;
    }
}

double ml_dist_mean_total(const ml_dist *d, const double *x, size_t n, double *total)
{
    double mean;
    ml_dist_moments(d, &x, 1, n, &mean, total, NULL);
    return mean;
}

double ml_dist_sd(const ml_dist *d, const double *x, size_t n, double mean)
{
    double sd;
    sds(d, &x, d->lo, d->hi, 1, n, &mean, &sd);
    return sd;
}

int ml_dist_all_zero_bits(const ml_dist *d, const double *x, size_t n)
{
    (void)n;
    uint64_t any = d->hi > d->lo && !ml_all_zero_bits(x + d->lo, d->hi - d->lo);
    d->sum_u64(&any, 1);
    return any == 0;
}

/* First index of a[0 .. n) (ascending keys) whose key is >= key. */
static size_t lower_key(const double *a, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ml_sort_key(a[mid]) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The targets of one view: positions, their keys, and the counts below
 * and at each key (global), with each process's count at the key. */
#define TARGETS_MAX (ML_ORDER_AT_MAX + 1)
typedef struct {
    size_t k, pos[TARGETS_MAX];
    uint64_t key[TARGETS_MAX], lt[TARGETS_MAX], eq_here[TARGETS_MAX];
    size_t lt_here[TARGETS_MAX]; /* where the key's values start in the local order */
} targets;

/* Each target's key, a byte at a time from the top: the largest key K
 * with at most pos values below it is the key at pos (sorted: the local
 * order).  Eight rounds of one sum over the processes, each counting for
 * every target how many keys lie below its 255 candidates of the next
 * byte (the counts grow with the candidate, so the last that stays at or
 * below pos is the byte). */
#define DIGITS 255
static void find_keys(const ml_dist *d, const double *sorted, size_t nl, targets *t)
{
    static _Thread_local uint64_t cnt[TARGETS_MAX * DIGITS];
    memset(t->key, 0, sizeof t->key);
    for (int shift = 56; shift >= 0; shift -= 8) {
        for (size_t j = 0; j < t->k; j++) {
            size_t from = 0;
            for (unsigned b = 1; b <= DIGITS; b++) {
                uint64_t cand = t->key[j] | ((uint64_t)b << shift);
                size_t c = from + lower_key(sorted + from, nl - from, cand);
                cnt[j * DIGITS + b - 1] = c;
                from = c;
            }
        }
        d->sum_u64(cnt, t->k * DIGITS);
        for (size_t j = 0; j < t->k; j++) {
            unsigned best = 0;
            for (unsigned b = 1; b <= DIGITS; b++)
                if (cnt[j * DIGITS + b - 1] <= t->pos[j])
                    best = b;
            t->key[j] |= (uint64_t)best << shift;
        }
    }
    for (size_t j = 0; j < t->k; j++) {
        size_t a = lower_key(sorted, nl, t->key[j]);
        size_t b = t->key[j] == UINT64_MAX ? nl : lower_key(sorted, nl, t->key[j] + 1);
        t->lt[j] = a;
        t->lt_here[j] = a;
        t->eq_here[j] = b - a;
    }
    d->sum_u64(t->lt, t->k);
}

/* The processes' counts at each target's key, before this one: from a
 * gather of every process's counts (exact in doubles below 2^53). */
static int counts_before(const ml_dist *d, const targets *t, uint64_t *before)
{
    double mine[TARGETS_MAX];
    for (size_t j = 0; j < t->k; j++)
        mine[j] = (double)t->eq_here[j];
    size_t tot;
    double *all = d->allgather(mine, t->k, &tot);
    if (!all)
        return -1;
    size_t np = t->k ? tot / t->k : 0;
    for (size_t j = 0; j < t->k; j++) {
        before[j] = 0;
        for (size_t r = 0; r < np; r++) {
            /* This process's counts come back where its own lie. */
            double c = all[r * t->k + j];
            if (r == (size_t)d->rank)
                break;
            before[j] += (uint64_t)c;
        }
    }
    free(all);
    return 0;
}

const double *ml_dist_view(const ml_dist *d, const double *x, size_t n,
                           const ml_order_need *w, double **buf)
{
    return ml_dist_view_local(d, x + d->lo, d->hi - d->lo, n, w, buf);
}

const double *ml_dist_view_local(const ml_dist *d, const double *x, size_t nl, size_t n,
                                 const ml_order_need *w, double **buf)
{
    *buf = NULL;
    double *sorted = malloc((nl ? nl : 1) * sizeof *sorted);
    double *v = calloc(n ? n : 1, sizeof *v);
    uint64_t fail = !sorted || !v;
    d->sum_u64(&fail, 1);
    if (fail) {
        free(sorted);
        free(v);
        return NULL;
    }
    ml_sort_copy(x, nl, sorted);
    targets t;
    t.k = 0;
    size_t from = w->from < n ? w->from : n;
    for (size_t j = 0; j < w->n_at; j++)
        if (w->at[j] < from && t.k < TARGETS_MAX - 1)
            t.pos[t.k++] = w->at[j];
    if (from < n)
        t.pos[t.k++] = from; /* the tail's first position: last */
    find_keys(d, sorted, nl, &t);
    /* The local order is stable: the values of one key lie together in
     * replicate order, and those above a key at the top, in order. */
    uint64_t before[TARGETS_MAX];
    int ok = counts_before(d, &t, before) == 0;
    /* One value a position below the tail: the member of its key's class
     * that the stable order puts there; the process holding it says it. */
    size_t below = from < n ? t.k - 1 : t.k;
    double mine[TARGETS_MAX] = {0}, has[TARGETS_MAX] = {0};
    for (size_t j = 0; ok && j < below; j++) {
        uint64_t cls = t.pos[j] - t.lt[j];
        if (cls >= before[j] && cls < before[j] + t.eq_here[j]) {
            mine[j] = sorted[t.lt_here[j] + (size_t)(cls - before[j])];
            has[j] = 1;
        }
    }
    double both[2 * TARGETS_MAX];
    memcpy(both, mine, sizeof mine);
    memcpy(both + TARGETS_MAX, has, sizeof has);
    size_t tot = 0;
    double *all = ok ? d->allgather(both, 2 * TARGETS_MAX, &tot) : NULL;
    ok = all != NULL;
    for (size_t r = 0; ok && r < tot / (2 * TARGETS_MAX); r++)
        for (size_t j = 0; j < below; j++)
            if (all[r * 2 * TARGETS_MAX + TARGETS_MAX + j] != 0.0)
                v[t.pos[j]] = all[r * 2 * TARGETS_MAX + j];
    free(all);
    if (ok && from < n) {
        /* The tail: the values above the tail's key, each process's in its
         * stable order, gathered in rank order and sorted stably (equal
         * keys stay in replicate order), at the top; below them the key's
         * own class from the tail's first position, in replicate order,
         * as the stable sort leaves it. */
        size_t j = t.k - 1, at = t.lt_here[j], eq = (size_t)t.eq_here[j];
        uint64_t cls0 = from - t.lt[j];
        double *top = d->allgather(sorted + at + eq, nl - at - eq, &tot);
        if (top) {
            ml_sort_inplace(top, tot);
            memcpy(v + n - tot, top, tot * sizeof *top);
            size_t gt = tot;
            free(top);
            size_t skip = cls0 <= before[j] ? 0
                          : cls0 - before[j] < eq ? (size_t)(cls0 - before[j])
                                                  : eq;
            double *cls = d->allgather(sorted + at + skip, eq - skip, &tot);
            if (cls && tot == n - gt - from)
                memcpy(v + from, cls, tot * sizeof *cls);
            else
                ok = 0;
            free(cls);
        } else
            ok = 0;
        uint64_t bad = !ok;
        d->sum_u64(&bad, 1);
        ok = bad == 0;
    }
    free(sorted);
    if (!ok) {
        free(v);
        return NULL;
    }
    *buf = v;
    return v;
}

void ml_dist_pass(const ml_dist *d, size_t n, double *st, size_t k, ml_dist_pass_fn fn,
                  void *ctx)
{
    memset(st, 0, k * sizeof *st);
    if (!d) {
        fn(ctx, 0, n, st);
        return;
    }
    d->chain_in(st, k);
    fn(ctx, d->lo, d->hi, st);
    ml_dist_chain_out(d, st, k);
}

uint64_t ml_dist_count(const ml_dist *d, uint64_t mine)
{
    if (d)
        d->sum_u64(&mine, 1);
    return mine;
}
