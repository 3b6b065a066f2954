/*
 * pricing_terms.h — the run file's `pricing:` block as the scenario holds
 * it: the premium principles' parameters, the reinsurance layers and each
 * hospital's grade.  Input, read by load/pricing_load.c; the figures
 * computed under these terms are results/pricing.h.
 *
 * Defaults of the run file's `pricing:` block, each with its source:
 *  - cost_of_capital_rate 0.06: the Solvency II Cost-of-Capital rate,
 *    Commission Delegated Regulation (EU) 2015/35, Article 39 (the 2024
 *    review of Solvency II lowers it to 4.75% once applied; set it here);
 *  - capital = VaR99.5 - mean: the Solvency II one-year 99.5% VaR
 *    calibration of the Solvency Capital Requirement, Directive
 *    2009/138/EC, Article 101(3); fixed, not configurable;
 *  - expected_value_loading 0.2 and sd_loading 0.1: assumptions (no one
 *    published figure fits every market; typical textbook magnitudes),
 *    to be replaced by the user's own.
 */
#ifndef ML_PRICING_TERMS_H
#define ML_PRICING_TERMS_H

#include "measures.h"
#include "portfolio.h"
#include "reinsurance.h"

#define ML_SL_MAX 8 /* aggregate stop-loss layers */

#define ML_PRICING_EV_LOADING 0.2  /* assumption */
#define ML_PRICING_SD_LOADING 0.1  /* assumption */
#define ML_PRICING_COC_RATE 0.06   /* Delegated Regulation (EU) 2015/35, Art. 39 */
#define ML_PRICING_VAR_PERMILLE 995u /* Directive 2009/138/EC, Art. 101(3) */

typedef struct {
    double ev_loading; /* theta: premium = (1 + theta) mean */
    double sd_loading; /* alpha: premium = mean + alpha sd */
    double coc_rate;   /* r: premium = mean + r (VaR99.5 - mean) */
    double premium;    /* a premium to state the loss ratio at; 0 = none given */
    unsigned n_xl, n_sl;
    ml_layer xl[ML_XL_MAX]; /* per-claim layers, applied by the engine */
    ml_layer sl[ML_SL_MAX]; /* stop-loss layers, applied to the annual sample */
    /* Resolved from the portfolio at load: hospital h is of grade
     * grade_of[h]; a hospital without a grade is "unspecified". */
    unsigned n_grades;
    char grade_name[ML_HOSP_GRADES_MAX][ML_NAME_MAX];
    unsigned char *grade_of;
} ml_pricing;

void ml_pricing_free(ml_pricing *pr);

#endif
