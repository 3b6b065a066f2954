/*
 * ledger.h — booking a replicate's cash flows by accident and development
 * year (models/timeline.h), for the engines.
 *
 * The insurer's payments of one hospital-year are kept apart until the
 * year is complete, because the aggregate terms (annual aggregate limit and
 * retention) act on the year's total: ml_ledger_hosp_end scales them by the
 * share of the per-claim outlays the aggregate terms leave, so that the
 * paid row of accident year a sums to the year's `insured` measure.
 * Compensation and counts go to the replicate's ledger at once.
 */
#ifndef ML_LEDGER_H
#define ML_LEDGER_H

#include "timeline.h"

typedef struct {
    const ml_time *t;
    double *led;   /* this replicate's ledger (ml_dev_stride values); NULL: no timing */
    unsigned a;    /* the accident year being simulated */
    /* scratch [2][3 dev_years + 1]: the hospital-year's per-claim insured
     * outlays and the hospital's per-claim retentions, as they fall */
    double *h;
    int h_used;
    /* The report month of the claim being booked and what follows from it
     * (its development year and calendar year's start): a claim books
     * several payments, each of which needs them (a division each). */
    double rep_m, rep_start;
    unsigned rep_a, rep_d;
} ml_ledger;

/* Whether timing is kept (l may be NULL). */
static inline int ml_ledger_on(const ml_ledger *l)
{
    return l && l->led;
}
/* Clears the replicate's ledger. */
void ml_ledger_begin(ml_ledger *l);
/* A claim event counted in row (ML_DV_REPORTED, ML_DV_PAID_COUNT) at month m. */
void ml_ledger_count(ml_ledger *l, int row, double m);
/* An insured payment x (before trend) at month m, of a claim reported at
 * month m_rep. */
void ml_ledger_insured(ml_ledger *l, double x, double m, double m_rep);
/* A per-claim retention x (the hospital's part under the per-claim terms)
 * falling due at month m: the insurer pays part of it once the year's
 * retentions pass an aggregate retention. */
void ml_ledger_retained(ml_ledger *l, double x, double m, double m_rep);
/* Compensation x (before trend) paid to a patient at month m, for an
 * incident at month m_inc. */
void ml_ledger_comp(ml_ledger *l, double x, double m, double m_inc);
/* A settlement paid from month m_pay: compensation comp and the insurer's
 * share ins of it, split into periodical payments by tm when the award is
 * at least tm's threshold (award decides; 0 amounts book nothing). */
void ml_ledger_award(ml_ledger *l, const ml_timing *tm, double award, double comp,
                     double ins, double m_pay, double m_rep, double m_inc);
/* Scratch values per hospital-year (ml_ledger.h: h). */
static inline unsigned ml_ledger_scratch(unsigned dev_years)
{
    return 2u * (3u * dev_years + 1u);
}
/* Hospital-years: begin clears the scratch; end books the year's insured
 * payment ins, of which outlay came from the per-claim terms and the rest
 * from the aggregate terms: below outlay (an aggregate limit) every claim's
 * outlay shrinks in proportion; above it (an aggregate retention passed) the
 * insurer also pays that share of every retention, as it falls due. */
void ml_ledger_hosp_begin(ml_ledger *l);
void ml_ledger_hosp_end(ml_ledger *l, double ins, double outlay, double retained);

#endif
