/*
 * pricing.h — what a scenario's insured losses cost (README, "Pricing"):
 * pure premiums by specialty and by hospital grade, premiums under the
 * expected-value, standard-deviation and cost-of-capital principles, the
 * expected loss ratio, and reinsurance layers priced with their effect on
 * the insurer's net tail.  Everything here is a deterministic function of
 * the per-replicate arrays in ml_results, reduced in replicate order.
 *
 *
 * The terms these figures are computed under (ml_pricing, the run file's
 * `pricing:` block) are input: load/pricing_terms.h.
 */
#ifndef ML_PRICING_H
#define ML_PRICING_H

#include "measures.h"
#include "portfolio.h"
#include "pricing_terms.h"
#include "stats.h"
#include "status.h"

#include <stddef.h>

/* --- pricing.c: the figures --- */

/* Principles on a sample x[n] of annual losses; scratch holds n doubles. */
typedef struct {
    double mean, sd, se, var995, tvar99;
    double ev, sdp, coc; /* premiums by principle */
} ml_premiums;
void ml_premiums_compute(const double *x, size_t n, const ml_pricing *pr, double *scratch,
                         ml_premiums *out);
/* The same where the replicates are split over processes (results/dist.h;
 * NULL: one process holds them all; scratch unused then): collective; 0,
 * or -1 out of memory (on every process). */
struct ml_dist;
int ml_premiums_compute_dist(const struct ml_dist *d, const double *x, size_t n,
                             const ml_pricing *pr, double *scratch, ml_premiums *out);

/* A group's pure premium and its rates.  The divisors of a specialty are
 * its own: the hospitals with exposure in it, the beds of each hospital in
 * the share of its exposure that is the specialty's, its exposure.  The
 * insured divisors count each hospital at the probability that it is
 * insured in a year (ml_cover_probability): the insurer's rates are per
 * insured bed, and a regime of participation below 1 has fewer insured
 * beds than beds. */
typedef struct {
    char kind[16];           /* total, specialty, grade */
    char name[ML_NAME_MAX];
    double hospitals, beds, exposure; /* divisors; beds 0 = not known for all */
    double mean, se;                  /* expected annual insured loss and its se */
    double per_hospital, per_bed, per_exposure; /* mean / divisor (0 if divisor 0) */
    double insured_hospitals, insured_beds, insured_exposure; /* expected insured divisors */
    double per_insured_hospital, per_insured_bed, per_insured_exposure;
} ml_premium_row;

/* The probability that a hospital of participation part, under a rule of
 * target target and enforcement enforcement (lifecycle.h), is insured in a
 * year, as the engine draws its cover: 1 at part >= 1; else part, plus
 * (target - part) x enforcement where the target is above it. */
double ml_cover_probability(double part, double target, double enforcement);

typedef struct {
    char principle[32];
    double parameter; /* theta, alpha, r; the premium itself for "given_premium" */
    double pure_premium, premium, loading, capital, loss_ratio;
    /* What the loss is (README, "Time"): "annual" the year's insured loss at
     * the regime's price year, undiscounted; with a time block also
     * "occurrence", "claims_made_1" .. "claims_made_5", "claims_made_mature"
     * and "tail": the policy year's cost on that basis, trended and
     * discounted (timevalue.h). */
    char basis[24];
} ml_principle_row;

/* Principles a basis is priced under: pure, expected value, sd, cost of
 * capital on VaR99.5, and the present value plus the cost-of-capital
 * risk margin over the run-off (timevalue.h). */
#define ML_BASIS_PRINCIPLES 5
#define ML_PRINCIPLES_MAX (5 + 9 * ML_BASIS_PRINCIPLES)

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
    ml_principle_row principles[ML_PRINCIPLES_MAX];
    ml_layer_row layers[ML_XL_MAX + ML_SL_MAX + 1];
    size_t n;
    double *ceded[ML_XL_MAX + ML_SL_MAX];
    double *net;
    /* gross_row[k]: row k's series is the portfolio's insured loss bit for
     * bit (a group that is the whole portfolio); net_is_gross: there are no
     * layers, and net (left unfilled) is that loss.  The writer stores such
     * series once (h5pricing.c); found on one process only. */
    unsigned char gross_row[1 + ML_PRICE_SPEC_MAX + ML_HOSP_GRADES_MAX];
    unsigned char net_is_gross;
} ml_pricing_result;

/* Appends a row to out's principles table (loading and loss ratio
 * derived), nothing once it is full; and the four principles of a loss
 * with figures pm (pure, expected value, sd, cost of capital on VaR99.5),
 * for basis. */
void ml_principle_row_add(ml_pricing_result *out, const char *basis, const char *principle,
                          double parameter, double pure, double premium, double capital);
void ml_principle_rows_add(ml_pricing_result *out, const char *basis, const ml_premiums *pm,
                           const ml_pricing *pr);

/* cover[h]: hospital h's probability of being insured in a year (NULL:
 * every hospital insured, as in a textbook regime). */
int ml_pricing_compute(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                       const ml_results *res, ml_pricing_result *out);
/* The same, the figures of the insured loss (the total row, the annual
 * principles) taken from gross, its summary row already made (NULL:
 * computed here), the groups' rows on `threads` threads (tasks.h): the
 * same numbers, bit for bit. */
int ml_pricing_compute_with(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                            const ml_results *res, const ml_summary *gross, int threads,
                            ml_pricing_result *out);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective; the ceded and net series then
 * hold this process's replicates only (the rest unwritten), as the
 * results file takes them (each process writes its own block). */
struct ml_dist;
int ml_pricing_compute_dist(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                            const ml_results *res, const ml_summary *gross_sm, int threads,
                            const struct ml_dist *d, ml_pricing_result *out);
void ml_pricing_result_free(ml_pricing_result *out);

#endif
