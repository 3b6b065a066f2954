/*
 * measures.c — measure names and per-replicate result arrays.
 */
#include "measures.h"
#include "status.h"

#include <stdlib.h>
#include <string.h>

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

int ml_results_alloc(ml_results *res, size_t n)
{
    memset(res, 0, sizeof *res);
    res->n = n;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        res->annual[m] = calloc(n, sizeof(double));
        if (!res->annual[m])
            goto fail;
        if (ml_measure_is_amount[m]) {
            res->annual_max[m] = calloc(n, sizeof(double));
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
                                                        "visits", "months"};

int ml_results_alloc_channels(ml_results *res, unsigned n_channels)
{
    if (n_channels > ML_CHANNELS_MAX)
        return ML_EINVAL;
    res->n_channels = n_channels;
    for (unsigned c = 0; c < n_channels; c++)
        for (int k = 0; k < ML_STAGE_STATS; k++)
            if (!(res->stage[k][c] = calloc(res->n ? res->n : 1, sizeof(double))))
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

void ml_results_free(ml_results *res)
{
    ml_results_free_channels(res);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        free(res->annual[m]);
        free(res->annual_max[m]);
        res->annual[m] = res->annual_max[m] = NULL;
    }
    res->n = 0;
}
