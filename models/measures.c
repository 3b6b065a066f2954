/*
 * measures.c — measure names and per-replicate result arrays.
 */
#include "measures.h"
#include "status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const char *const ml_measure_name[ML_N_MEASURES] = {
#define ML_MEASURE_NAME(id, name, amount, doc) name,
    ML_MEASURE_TABLE(ML_MEASURE_NAME)
#undef ML_MEASURE_NAME
};

const int ml_measure_is_amount[ML_N_MEASURES] = {
#define ML_MEASURE_AMOUNT(id, name, amount, doc) amount,
    ML_MEASURE_TABLE(ML_MEASURE_AMOUNT)
#undef ML_MEASURE_AMOUNT
};

const char *const ml_measure_doc[ML_N_MEASURES] = {
#define ML_MEASURE_DOC(id, name, amount, doc) doc,
    ML_MEASURE_TABLE(ML_MEASURE_DOC)
#undef ML_MEASURE_DOC
};

const char *ml_measure_count_unit(const char *name)
{
    if (!strcmp(name, ml_measure_name[ML_M_CLAIM_MONTHS]) ||
        !strcmp(name, ml_measure_name[ML_M_LAG_MONTHS]))
        return "months";
    return "count";
}

/* A per-replicate array, zeroed.  Large ones are offered to the kernel's
 * transparent huge pages: the engine writes each array once, front to
 * back, and with 4 KiB pages the first touch of 60-odd arrays of 8 MB (a
 * million replicates) was 7-10% of a textbook run (perf, issue 16).  Only
 * the speed depends on it; an unsupported advice is ignored. */
static double *array_calloc(size_t n)
{
    double *p = calloc(n ? n : 1, sizeof *p);
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    size_t bytes = n * sizeof *p;
    if (p && bytes >= 2 * huge) {
        uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
        uintptr_t hi = ((uintptr_t)p + bytes) & ~(huge - 1);
        if (hi > lo)
            (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#endif
    return p;
}

int ml_results_alloc(ml_results *res, size_t n)
{
    memset(res, 0, sizeof *res);
    res->n = n;
    memset(res->zero, 1, sizeof res->zero);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        res->annual[m] = array_calloc(n);
        if (!res->annual[m])
            goto fail;
        if (ml_measure_is_amount[m]) {
            res->annual_max[m] = array_calloc(n);
            if (!res->annual_max[m])
                goto fail;
        }
    }
    return ML_OK;
fail:
    ml_results_free(res);
    return ML_ENOMEM;
}

const char *const ml_stage_stat_name[ML_STAGE_STATS] = {"closed", "paid", "amount",
                                                        "visits", "months", "entered"};

int ml_results_alloc_channels(ml_results *res, unsigned n_channels)
{
    if (n_channels > ML_CHANNELS_MAX)
        return ML_EINVAL;
    res->n_channels = n_channels;
    for (unsigned c = 0; c < n_channels; c++)
        for (int k = 0; k < ML_STAGE_STATS; k++)
            if (!(res->stage[k][c] = array_calloc(res->n)))
                return ML_ENOMEM;
    return ML_OK;
}

void ml_results_free_channels(ml_results *res)
{
    for (unsigned c = 0; c < res->n_channels; c++)
        for (int k = 0; k < ML_STAGE_STATS; k++) {
            free(res->stage[k][c]);
            res->stage[k][c] = NULL;
        }
    res->n_channels = 0;
}

void ml_results_free_pricing(ml_results *res)
{
    for (unsigned k = 0; k < res->n_spec; k++)
        free(res->spec_insured[k]);
    for (unsigned k = 0; k < res->n_grades; k++)
        free(res->grade_insured[k]);
    for (unsigned k = 0; k < res->n_xl; k++)
        free(res->xl_ceded[k]);
    memset(res->spec_insured, 0, sizeof res->spec_insured);
    memset(res->grade_insured, 0, sizeof res->grade_insured);
    memset(res->xl_ceded, 0, sizeof res->xl_ceded);
    res->n_spec = res->n_grades = res->n_xl = 0;
}

int ml_results_alloc_pricing(ml_results *res, unsigned n_spec, unsigned n_grades,
                             unsigned n_xl)
{
    ml_results_free_pricing(res);
    if (n_spec > ML_PRICE_SPEC_MAX || n_grades > ML_HOSP_GRADES_MAX || n_xl > ML_XL_MAX)
        return ML_EINVAL;
    size_t n = res->n ? res->n : 1;
    /* Counts are raised as each array succeeds, so a failure frees just those. */
    for (; res->n_spec < n_spec; res->n_spec++)
        if (!(res->spec_insured[res->n_spec] = array_calloc(n)))
            goto fail;
    for (; res->n_grades < n_grades; res->n_grades++)
        if (!(res->grade_insured[res->n_grades] = array_calloc(n)))
            goto fail;
    for (; res->n_xl < n_xl; res->n_xl++)
        if (!(res->xl_ceded[res->n_xl] = array_calloc(n)))
            goto fail;
    return ML_OK;
fail:
    ml_results_free_pricing(res);
    return ML_ENOMEM;
}

void ml_results_view_pricing(ml_results *view, const ml_results *res, size_t at)
{
    for (unsigned k = 0; k < res->n_spec; k++)
        view->spec_insured[k] = res->spec_insured[k] + at;
    for (unsigned k = 0; k < res->n_grades; k++)
        view->grade_insured[k] = res->grade_insured[k] + at;
    for (unsigned k = 0; k < res->n_xl; k++)
        view->xl_ceded[k] = res->xl_ceded[k] + at;
}

static int grow(double **a, size_t n)
{
    double *p = realloc(*a, (n ? n : 1) * sizeof *p);
    if (!p)
        return ML_ENOMEM;
    *a = p;
    return ML_OK;
}

int ml_results_grow_pricing(ml_results *res, size_t n)
{
    for (unsigned k = 0; k < res->n_spec; k++)
        if (grow(&res->spec_insured[k], n))
            return ML_ENOMEM;
    for (unsigned k = 0; k < res->n_grades; k++)
        if (grow(&res->grade_insured[k], n))
            return ML_ENOMEM;
    for (unsigned k = 0; k < res->n_xl; k++)
        if (grow(&res->xl_ceded[k], n))
            return ML_ENOMEM;
    return ML_OK;
}

int ml_results_alloc_dev(ml_results *res, unsigned years, unsigned dev_years)
{
    ml_results_free_dev(res);
    size_t stride = ml_dev_stride(years, dev_years);
    if (res->n && !(res->dev = calloc(res->n * stride, sizeof *res->dev)))
        return ML_ENOMEM;
    res->dev_years = years;
    res->dev_dev = dev_years;
    res->dev_stride = stride;
    return ML_OK;
}

void ml_results_free_dev(ml_results *res)
{
    free(res->dev);
    res->dev = NULL;
    res->dev_years = res->dev_dev = 0;
    res->dev_stride = 0;
}

int ml_results_grow_dev(ml_results *res, size_t n)
{
    if (!res->dev_stride)
        return ML_OK;
    double *p = realloc(res->dev, n * res->dev_stride * sizeof *p);
    if (!p)
        return ML_ENOMEM;
    if (n > res->n)
        memset(p + res->n * res->dev_stride, 0, (n - res->n) * res->dev_stride * sizeof *p);
    res->dev = p;
    return ML_OK;
}

void ml_results_free(ml_results *res)
{
    ml_results_free_dev(res);
    ml_results_free_pricing(res);
    ml_results_free_channels(res);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        free(res->annual[m]);
        free(res->annual_max[m]);
        res->annual[m] = res->annual_max[m] = NULL;
    }
    res->n = 0;
}
