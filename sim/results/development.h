/*
 * development.h — a run's claims in time (README, "Time"), from the
 * per-replicate ledgers (models/timeline.h): the mean cumulative triangles,
 * what is paid, case-reserved and not yet reported at the valuation date
 * (the end of the last accident year), known exactly from the simulation,
 * and the payment pattern of compensation.  Pure: reduced in replicate
 * order, so the same on any thread or rank count.
 */
#ifndef ML_DEVELOPMENT_H
#define ML_DEVELOPMENT_H

#include "measures.h"
#include "policy_metrics.h"
#include "reserving.h"
#include "timevalue.h"
#include "status.h"

#include <stddef.h>

/* The triangles written to the results file, in this order. */
#define ML_DEV_TRIANGLES 4
extern const char *const ml_dev_triangle_name[ML_DEV_TRIANGLES]; /* reported_count, ... */
extern const int ml_dev_triangle_row[ML_DEV_TRIANGLES];          /* their ledger rows */

/* A figure at the valuation date: its mean over replicates and the mean's se. */
typedef struct {
    double mean, se;
} ml_dev_figure;

typedef struct {
    int on;
    unsigned years, dev_years;
    size_t n;
    /* Mean cumulative triangles, [years][dev_years] each (owned). */
    double *tri[ML_DEV_TRIANGLES];
    /* At the valuation date (the end of accident year years - 1), over the
     * run's accident years: paid so far, case reserves (incurred less paid
     * of the claims reported), IBNR (the ultimate cost of claims not yet
     * reported) and the outstanding total (= case reserves + IBNR = all
     * payments still to come). */
    ml_dev_figure paid_to_date, case_reserves, ibnr, outstanding;
    /* With two accident years or more: the chain ladder run on every
     * replicate's paid and incurred triangle against the truth (the
     * reserving method's error under this regime). */
    int has_cl;
    ml_reserve_check cl[2]; /* [0] paid, [1] incurred */
    /* The policy year's expected cost by basis, step factors and tail
     * multiples (basis_pricing.c), and the occurrence risk margin. */
    ml_basis_prices basis;
    double risk_margin;
} ml_development;

/* Fills out from res's ledgers (out->on = 0 when res keeps none). */
int ml_development_compute(const ml_results *res, ml_development *out);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective. */
struct ml_dist;
int ml_development_compute_dist(const struct ml_dist *dist, const ml_results *res,
                                ml_development *out);
void ml_development_free(ml_development *d);

/* Per replicate r of ledger l: paid so far, case reserves, IBNR and the
 * outstanding total at the valuation date (values[4]). */
void ml_dev_valuation(const double *l, unsigned years, unsigned dev_years, double *values);

/* The payment pattern of compensation as policy-table rows, appended to
 * m (room for cap rows); returns how many: payment_months (the mean time
 * from incident to the payment of a unit of compensation) and paid_by_year_k
 * (the share of compensation paid by the end of development year k), for
 * accident year 0, with their delta-method standard errors. */
size_t ml_dev_policy_metrics(const ml_results *res, ml_metric *m, size_t cap);
size_t ml_dev_policy_metrics_dist(const struct ml_dist *dist, const ml_results *res,
                                  ml_metric *m, size_t cap);
/* Which payment-pattern metric name is: 1 with *by = 0 for payment_months,
 * *by = K for paid_by_year_K (K from 1 to ML_DEV_YEARS_MAX); 0 for any
 * other name. */
int ml_dev_pattern_by(const char *name, unsigned *by);
/* The metric's a and b (R = sum a / sum b over replicates) of one
 * replicate, accident year 0: by 0, the amount x months (months) and the
 * compensation (comp) of payment_months; by K, the compensation paid
 * (paid[dev_years], by development year) before year K and in all years. */
void ml_dev_pattern_terms(const double *paid, double months, double comp, unsigned dev_years,
                          unsigned by, double *a, double *b);

#endif
