/* series_store.c — see series_store.h. */
#include "series_store.h"
#include "status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What a group did with a series: stored it, left its zeros, or (any
 * smaller value) found it equal to the series of that index, stored. */
#define REC_OWN 0xffu
#define REC_ZERO 0xfeu

int ml_series_plan_init(ml_series_plan *p, const ml_results *res, const int *which, int nw,
                        size_t reps, size_t group)
{
    memset(p, 0, sizeof *p);
    for (int w = 0; w < nw; w++)
        p->id[p->n++] = which[w];
    for (int w = 0; w < nw; w++)
        if (res->annual_max[which[w]])
            p->id[p->n++] = ML_N_MEASURES + which[w];
    /* The pricing series too (one specialty: the hospital's insured loss
     * again), as copies only: they have no zero flag. */
    for (unsigned k = 0; k < res->n_spec; k++)
        p->id[p->n++] = ML_SERIES_SPEC + (int)k;
    for (unsigned k = 0; k < res->n_grades; k++)
        p->id[p->n++] = ML_SERIES_GRADE + (int)k;
    for (int k = 0; k < p->n; k++) {
        int m = ml_series_measure(p->id[k]);
        p->fresh[k] = m >= 0 && res->zero[m];
    }
    p->group = group;
    p->reps = reps;
    p->n_groups = group ? (reps + group - 1) / group : 0;
    if (p->n_groups && p->n &&
        !(p->rec = malloc(p->n_groups * (size_t)p->n)))
        return ML_ENOMEM;
    /* A group never flushed (a failed run) reads as stored. */
    if (p->rec)
        memset(p->rec, REC_OWN, p->n_groups * (size_t)p->n);
    return ML_OK;
}

void ml_series_plan_free(ml_series_plan *p)
{
    free(p->rec);
    p->rec = NULL;
}

static int zero_bits(const double *x, size_t n)
{
    uint64_t any = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &x[i], sizeof b);
        any |= b;
    }
    return any == 0;
}

static int same_bits(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

void ml_series_flush(const ml_series_plan *p, ml_results *res, const double *buf, size_t i0,
                     size_t ng, unsigned char *pred)
{
    unsigned char *rec = p->rec + (i0 / p->group) * (size_t)p->n;
    for (int k = 0; k < p->n; k++) {
        const double *x = buf + ml_series_at(p, k, 0);
        unsigned r = REC_OWN;
        if (p->fresh[k] && zero_bits(x, ng)) {
            r = REC_ZERO;
        } else {
            /* A target must be stored in this group: the series copied
             * are then always real where they are copied from.  A copy
             * needs no fresh array: either it stays untouched and is read
             * through its target (ml_results_resolve), or every group of
             * it is written (stored or filled, ml_series_finish). */
            unsigned t = pred[k];
            if (!(t < (unsigned)k && rec[t] == REC_OWN &&
                  same_bits(x, buf + ml_series_at(p, (int)t, 0), ng))) {
                for (t = 0; t < (unsigned)k; t++) {
                    const double *y = buf + ml_series_at(p, (int)t, 0);
                    if (rec[t] == REC_OWN && !memcmp(x, y, sizeof *x) && same_bits(x, y, ng))
                        break;
                }
            }
            if (t < (unsigned)k)
                r = pred[k] = (unsigned char)t;
        }
        rec[k] = (unsigned char)r;
        if (r == REC_OWN)
            memcpy(ml_series_ptr(res, p->id[k]) + i0, x, ng * sizeof *x);
    }
}

/* Replicates in group g. */
static size_t group_len(const ml_series_plan *p, size_t g)
{
    size_t at = g * p->group;
    return p->reps - at < p->group ? p->reps - at : p->group;
}

/* The series series k copies in every group, or -1: the same target
 * wherever k is not zero, and k zero only where the target is. */
static int copied_throughout(const ml_series_plan *p, int k)
{
    int t = -1;
    for (size_t g = 0; g < p->n_groups; g++) {
        unsigned r = p->rec[g * (size_t)p->n + (size_t)k];
        if (r == REC_OWN)
            return -1;
        if (r == REC_ZERO)
            continue;
        if (t >= 0 && (unsigned)t != r)
            return -1;
        t = (int)r;
    }
    if (t < 0)
        return -1;
    for (size_t g = 0; g < p->n_groups; g++) {
        const unsigned char *rec = p->rec + g * (size_t)p->n;
        if (rec[k] == REC_ZERO && rec[t] != REC_ZERO)
            return -1;
    }
    return t;
}

void ml_series_finish(const ml_series_plan *p, ml_results *res)
{
    for (int k = 0; k < p->n; k++) {
        const int s = p->id[k];
        int t = res->lazy ? copied_throughout(p, k) : -1;
        if (t >= 0) {
            res->same[s] = (unsigned char)(p->id[t] + 1);
            continue;
        }
        int written = 0;
        for (size_t g = 0; g < p->n_groups; g++) {
            unsigned r = p->rec[g * (size_t)p->n + (size_t)k];
            if (r == REC_ZERO)
                continue;
            written = 1;
            if (r != REC_OWN)
                ml_results_copy_range(res, s, p->id[r], g * p->group, group_len(p, g));
        }
        if (written && ml_series_measure(s) >= 0)
            res->zero[ml_series_measure(s)] = 0;
    }
}
