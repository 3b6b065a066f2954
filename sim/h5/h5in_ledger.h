/*
 * h5in_ledger.h — reading back what the payment pattern's metrics
 * (payment_months, paid_by_year_K) are made of, replicate by replicate,
 * for `medliab report`'s paired comparisons: from each ledger of
 * /scenarios/<name>/development/ledger (float64 [replicates x stride],
 * layout timeline.h; README, "Output format") accident year 0's
 * compensation paid by development year and its two per-year values,
 * read as hyperslabs (not the whole ledgers, which grow with the years).
 */
#ifndef ML_H5IN_LEDGER_H
#define ML_H5IN_LEDGER_H

#include "status.h"

#include <stddef.h>

typedef struct {
    unsigned dev_years; /* 0: the scenario has no ledger */
    size_t replicates;
    double *paid;       /* [replicates][dev_years]: compensation paid */
    double *months;     /* [replicates]: compensation x months from incident to payment */
    double *comp;       /* [replicates]: compensation */
} ml_in_pattern;

/* Reads them for scenario (dev_years = 0 and ML_OK when it has no
 * development group).  A ledger that is not float64 of replicates x
 * ml_dev_stride(years, development_years) values, or years outside the
 * contract, is ML_EIO naming path and the dataset. */
int ml_h5in_pattern(const char *path, const char *scenario, size_t replicates,
                    ml_in_pattern *out, ml_err *err);
void ml_in_pattern_free(ml_in_pattern *p);

#endif
