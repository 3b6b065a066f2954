/*
 * regime.h — the law-and-insurance half of a scenario (first cut): who
 * claims, whether a claim is paid, the liability share found, the damages,
 * the expenses and the insurance terms.
 */
#ifndef ML_REGIME_H
#define ML_REGIME_H

#include "liability.h"
#include "lifecycle.h"
#include "policy.h"
#include "portfolio.h"
#include "price_index.h"
#include "severity.h"
#include "timeline.h"

typedef struct {
    char name[ML_NAME_MAX];
    char currency[8];         /* ISO 4217 code of every amount in the regime */
    ml_price price;           /* price year (0 = not stated) and index of its amounts */
    double p_claim;           /* probability an incident becomes a claim */
    double p_settle;          /* probability a claim ends with a payment (else dropped) */
    ml_liability liability;   /* share of damages owed when paid */
    ml_severity severity;     /* assessed damages, currency per claim */
    double expense_per_claim; /* defence and handling, currency per claim */
    ml_policy policy;
    ml_timing timing;         /* trend, periodical payments, a textbook regime's lags */
    /* The full claim life cycle; NULL for a textbook regime (the fields
     * above), which the exact method and the validation scenarios use. */
    ml_lifecycle *life;
    struct ml_lc_raw *raw; /* loader scratch, NULL once loaded */
} ml_regime;

#endif
