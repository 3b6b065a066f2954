/*
 * pricing.h — what a scenario's insured losses cost (README, "Pricing"):
 * pure premiums by specialty and by hospital grade, premiums under the
 * expected-value, standard-deviation and cost-of-capital principles, the
 * expected loss ratio, and reinsurance layers priced with their effect on
 * the insurer's net tail.  Everything here is a deterministic function of
 * the per-replicate arrays in ml_results, reduced in replicate order.
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
#ifndef ML_PRICING_H
#define ML_PRICING_H

#include "measures.h"
#include "portfolio.h"
#include "reinsurance.h"
#include "status.h"

#include <stdio.h>

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

/* --- pricing.c: the figures --- */

/* Principles on a sample x[n] of annual losses; scratch holds n doubles. */
typedef struct {
    double mean, sd, se, var995, tvar99;
    double ev, sdp, coc; /* premiums by principle */
} ml_premiums;
void ml_premiums_compute(const double *x, size_t n, const ml_pricing *pr, double *scratch,
                         ml_premiums *out);

typedef struct {
    char kind[16];           /* total, specialty, grade */
    char name[ML_NAME_MAX];
    double hospitals, beds, exposure; /* divisors; beds 0 = not known for all */
    double mean, se;                  /* expected annual insured loss and its se */
    double per_hospital, per_bed, per_exposure; /* mean / divisor (0 if divisor 0) */
} ml_premium_row;

typedef struct {
    char principle[32];
    double parameter; /* theta, alpha, r; the premium itself for "given_premium" */
    double pure_premium, premium, loading, capital, loss_ratio;
} ml_principle_row;

typedef struct {
    char name[ML_LAYER_NAME_MAX];
    char kind[16]; /* per_claim_xl, stop_loss, all_layers */
    double attachment, limit;
    double expected_ceded, se;
    double premium_ev, premium_sd, premium_coc;
    double gross_var995, net_var995, gross_tvar99, net_tvar99;
} ml_layer_row;

/* Everything the pricing tables hold for one scenario, and the annual
 * series behind them.  ceded[k] (n_layers of them, XL then stop-loss)
 * is what layer k alone takes each year; net is the insured loss net of
 * all layers together (XL first, stop-loss on what remains). */
typedef struct {
    size_t n_rows, n_principles, n_layers;
    ml_premium_row *rows;
    ml_principle_row principles[5];
    ml_layer_row layers[ML_XL_MAX + ML_SL_MAX + 1];
    size_t n;
    double *ceded[ML_XL_MAX + ML_SL_MAX];
    double *net;
} ml_pricing_result;

int ml_pricing_compute(const ml_portfolio *p, const ml_pricing *pr, const ml_results *res,
                       ml_pricing_result *out);
void ml_pricing_result_free(ml_pricing_result *out);

/* A compact table for the end of `medliab run`. */
void ml_pricing_print(FILE *fp, const ml_pricing_result *r, const char *currency,
                      const char *exposure_unit);

#endif
