/*
 * basis_pricing.h — the policy year priced on each basis (README, "Time"):
 * the premium principles applied to the per-replicate cost of occurrence,
 * claims-made (years 1 to 5 since the retroactive date, and mature) and
 * tail cover (timevalue.h), plus the present value with the
 * cost-of-capital risk margin over the run-off.
 */
#ifndef ML_BASIS_PRICING_H
#define ML_BASIS_PRICING_H

#include "development.h"
#include "pricing.h"
#include "scenario.h"
#include "timevalue.h"

/* Appends the basis rows to out->principles and fills *bp (step factors,
 * tail multiples); nothing when res keeps no ledgers.  ML_OK or ML_ENOMEM. */
int ml_basis_pricing(const ml_scenario *s, const ml_results *res, ml_pricing_result *out,
                     ml_basis_prices *bp, double *risk_margin);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective. */
struct ml_dist;
int ml_basis_pricing_dist(const struct ml_dist *dist, const ml_scenario *s,
                          const ml_results *res, ml_pricing_result *out, ml_basis_prices *bp,
                          double *risk_margin);

#endif
