/*
 * measures.h — the per-replicate measures every scenario writes (DESIGN
 * section 5).  One table generates the enum, the names and which measures
 * are amounts (those also get the largest single claim of the year, for the
 * occurrence exceedance curve).
 */
#ifndef ML_MEASURES_H
#define ML_MEASURES_H

#include "timeline.h"

#include <stddef.h>

#define ML_CHANNELS_MAX 12    /* = ML_STAGES_MAX */
#define ML_MONTHS_BINS 600
/* Bounds of the pricing groups (checked by the loader). */
#define ML_PRICE_SPEC_MAX 64 /* specialties priced one by one */
#define ML_HOSP_GRADES_MAX 16     /* hospital grades, "unspecified" included */
#define ML_XL_MAX 8          /* per-claim excess-of-loss layers */
/* Per-stage statistics kept per replicate (lifecycle regimes). */
enum ml_stage_stat {
    ML_SS_CLOSED,  /* claims closed at the stage */
    ML_SS_PAID,    /* of which with a payment */
    ML_SS_AMOUNT,  /* the payments of those */
    ML_SS_VISITS,  /* claims that passed through the stage */
    ML_SS_MONTHS,  /* months they spent there */
    ML_SS_ENTERED, /* claims that started at the stage (pathway entry) */
    ML_STAGE_STATS
};
extern const char *const ml_stage_stat_name[ML_STAGE_STATS];    /* one-month bins of time to resolution, 50 years */

#define ML_MEASURE_TABLE(X)                                                    \
    X(ML_M_INCIDENTS, "incidents", 0, "adverse events, count per year")        \
    X(ML_M_CLAIMS, "claims", 0, "claims raised, count (under a no-fault fund an incident can raise two: a fund claim and a claim against the hospital)") \
    X(ML_M_PAID_CLAIMS, "paid_claims", 0, "claims closed with a payment, count") \
    X(ML_M_DAMAGES, "damages", 1, "assessed damages before liability and terms") \
    X(ML_M_COMPENSATION, "compensation", 1, "paid to patients, by hospitals and insurers and by no-fault funds") \
    X(ML_M_EXPENSES, "expenses", 1, "defence, legal, appraisal, mediation")    \
    X(ML_M_INSURED, "insured", 1, "the indemnifier's payments under the policy (insurer or state)")   \
    X(ML_M_RETAINED, "retained", 1, "the hospitals' own payments: their awards and defendant-side expenses less insured") \
    X(ML_M_NEGLIGENT, "negligent", 0, "negligent injuries (incidents caused by negligence), count") \
    X(ML_M_NEGLIGENT_PAID, "negligent_paid", 0, "negligent injuries compensated (by a hospital, its insurer or a fund), count") \
    X(ML_M_LITIGATED, "litigated", 0, "claims that reached a litigation stage, count") \
    X(ML_M_PATIENT_NET, "patient_net", 1, "compensation received less the claimants' own legal costs") \
    X(ML_M_CLAIM_MONTHS, "claim_months", 0, "months from claim to closure, summed over claims") \
    X(ML_M_LAG_MONTHS, "lag_months", 0, "months from incident to claim, summed over claims") \
    X(ML_M_NEGLIGENT_CLAIMS, "negligent_claims", 0, "claims from negligent injuries, count") \
    X(ML_M_INSURED_CLAIMS, "insured_claims", 0, "claims against hospitals insured that year, count") \
    X(ML_M_INSURED_UNPAID, "insured_unpaid", 0, "awards owed by insured hospitals and left unpaid, count") \
    X(ML_M_INSURER_DEFENDED, "insurer_defended", 0, "claims whose defence the insurer pays (duty to defend), count") \
    X(ML_M_MANDATE_CLAIMS, "mandate_claims", 0, "claims against hospitals a compulsory-insurance rule requires to insure that would not insure of their own accord, count") \
    X(ML_M_MANDATE_INSURED, "mandate_insured", 0, "of those, claims against hospitals the rule's enforcement brought in (insured), count") \
    X(ML_M_UNRECOGNISED, "unrecognised", 0, "settlements of insured hospitals that the insurer does not recognise (the hospital pays the whole award), count") \
    X(ML_M_PREVENTED, "prevented", 0, "negligent adverse events prevented (prevention), count") \
    X(ML_M_MEDIATED_AGREEMENTS, "mediated_agreements", 0, "agreements at stages whose agreements may be challenged in court, count") \
    X(ML_M_CHALLENGED, "challenged", 0, "of those, challenged and taken to court, count") \
    X(ML_M_FUND_AWARDS, "fund_awards", 0, "claims approved by a no-fault fund, count") \
    X(ML_M_FUND_LUMP, "fund_lump", 1, "no-fault funds' lump sums") \
    X(ML_M_FUND_INSTALMENTS, "fund_instalments", 1, "no-fault funds' yearly instalments, nominal sum over all years") \
    X(ML_M_FUND_RECOVERED, "fund_recovered", 1, "no-fault awards reimbursed to the fund by hospitals found liable") \
    X(ML_M_FUND_EXPENSES, "fund_expenses", 1, "no-fault funds' own costs (review, administration)") \
    X(ML_M_UNPAID, "unpaid", 1, "awards owed by a hospital itself and never paid") \
    X(ML_M_NEGLIGENT_COMPENSATION, "negligent_compensation", 1, "paid to patients on claims from negligent injuries") \
    X(ML_M_NEGLIGENT_EXPENSES, "negligent_expenses", 1, "expenses of claims from negligent injuries") \
    X(ML_M_DEFENCE_COSTS, "defence_costs", 1, "the defence's own costs: defence and administration") \
    X(ML_M_COSTS_SHIFTED, "costs_shifted", 1, "claimants' costs paid by the defence (loser pays)") \
    X(ML_M_STATE_PAID, "state_paid", 1, "of insured, what a state indemnifier paid (policy.indemnifier: state)") \
    X(ML_M_SMALL_PAID, "small_paid", 0, "paid claims against hospitals paying at most size_bands.small, count") \
    X(ML_M_SMALL_COMPENSATION, "small_compensation", 1, "paid to patients on those small claims") \
    X(ML_M_SMALL_COSTS_SHIFTED, "small_costs_shifted", 1, "claimants' costs paid by the defence on those small claims") \
    X(ML_M_SMALL_DEFENCE_COSTS, "small_defence_costs", 1, "the defence's own costs on claims against hospitals closed paying at most size_bands.small, those closed without payment included") \
    X(ML_M_MEDIUM_PAID, "medium_paid", 0, "paid claims against hospitals paying more than size_bands.small and at most size_bands.medium, count") \
    X(ML_M_MEDIUM_COSTS_SHIFTED, "medium_costs_shifted", 1, "claimants' costs paid by the defence on those medium claims") \
    X(ML_M_LARGE_PAID, "large_paid", 0, "paid claims against hospitals paying at least size_bands.large, count") \
    X(ML_M_LARGE_COMPENSATION, "large_compensation", 1, "paid to patients on those large claims")

enum ml_measure {
#define ML_MEASURE_ENUM(id, name, amount, doc) id,
    ML_MEASURE_TABLE(ML_MEASURE_ENUM)
#undef ML_MEASURE_ENUM
    ML_N_MEASURES
};

extern const char *const ml_measure_name[ML_N_MEASURES];
extern const int ml_measure_is_amount[ML_N_MEASURES];
extern const char *const ml_measure_doc[ML_N_MEASURES];
/* The unit of measure name where it is not an amount: "months" for the
 * sums of months (claim_months, lag_months), else "count" (names this
 * medliab does not know included: a newer file's). */
const char *ml_measure_count_unit(const char *name);

/* A series is one per-replicate array of ml_results: s < ML_N_MEASURES is
 * annual[s], ML_N_MEASURES + m is annual_max[m], ML_SERIES_SPEC + k is
 * spec_insured[k], ML_SERIES_GRADE + k grade_insured[k]. */
#define ML_SERIES_SPEC (2 * ML_N_MEASURES)
#define ML_SERIES_GRADE (ML_SERIES_SPEC + ML_PRICE_SPEC_MAX)
#define ML_SERIES (ML_SERIES_GRADE + ML_HOSP_GRADES_MAX)

/* Per-replicate results of one scenario: annual[m][r], and for amount
 * measures annual_max[m][r], the largest single claim of year r. */
typedef struct {
    size_t n;
    double *annual[ML_N_MEASURES];
    double *annual_max[ML_N_MEASURES]; /* NULL for count measures */
    /* zero[m] = 1: annual[m] (and annual_max[m]) hold +0.0 in every entry,
     * as ml_results_alloc leaves them, so the engine need not store the
     * zeros of a measure its regime never has (a textbook regime has 10 of
     * the 35: storing the other 25 a replicate was a quarter of v1's
     * engine time).  Whoever writes an array clears its flag: the engine
     * for the measures it writes, ml_blocks_grow (new entries are not
     * zero), the shard reader. */
    unsigned char zero[ML_N_MEASURES];
    /* same[s] = t + 1: series s (ml_series_ptr) has no samples of its own
     * in its array, which is untouched: they are series t's, bit for bit
     * (the engine found them so, sim/engine/series_store.h).  Only where
     * lazy is set, by a caller that reads res through ml_results_resolve;
     * otherwise every same[s] is 0. */
    unsigned char same[ML_SERIES];
    unsigned char lazy;
    /* Lifecycle regimes only: claims closed at each pathway stage per
     * replicate, and the count of claims by whole months to closure
     * (bin ML_MONTHS_BINS holds the rest).  Counts are integers held in
     * doubles, so adding them in any order gives the same total. */
    unsigned n_channels;
    double *stage[ML_STAGE_STATS][ML_CHANNELS_MAX];
    double months_hist[ML_MONTHS_BINS + 1];
    /* Pricing (README, "Pricing"): the insured loss of each specialty and
     * of each hospital grade, and what each per-claim excess-of-loss layer
     * takes, per replicate.  Allocated by ml_results_alloc_pricing. */
    unsigned n_spec, n_grades, n_xl;
    double *spec_insured[ML_PRICE_SPEC_MAX];
    double *grade_insured[ML_HOSP_GRADES_MAX];
    double *xl_ceded[ML_XL_MAX];
    /* Timing (models/timeline.h): each replicate's ledger of dev_years x
     * dev_dev triangles, dev_stride values from dev + r dev_stride; NULL
     * when the run keeps no timing.  Allocated by ml_results_alloc_dev. */
    unsigned dev_years, dev_dev;
    size_t dev_stride;
    double *dev;
} ml_results;

/* One replicate's pricing figures, filled by the engine. */
typedef struct {
    double spec[ML_PRICE_SPEC_MAX];
    double grade[ML_HOSP_GRADES_MAX];
    double xl[ML_XL_MAX];
} ml_price_acc;

int ml_results_alloc(ml_results *res, size_t n);
/* Series s's array (NULL: a count measure's annual_max). */
double *ml_series_ptr(const ml_results *res, int s);
/* The measure series s belongs to; -1 for a pricing series (which has no
 * zero flag). */
static inline int ml_series_measure(int s)
{
    return s < ML_N_MEASURES ? s : s < ML_SERIES_SPEC ? s - ML_N_MEASURES : -1;
}
/* A read-only view of res in which every series of res->same points at the
 * array it copies, with zero flags to match; pointers into res, valid while
 * res is.  Results and writer read this. */
ml_results ml_results_resolve(const ml_results *res);
/* Replicates [at, at + len) of series s from series t's (a copy made
 * real); clears s's zero flag. */
void ml_results_copy_range(ml_results *res, int s, int t, size_t at, size_t len);
/* After one block [at, at + len) of a range begun at `from` whose engine
 * call left blk_same (ml_results.same of its window): a series that copied
 * the same target in every block so far stays a copy; one that did not
 * has its copied blocks filled.  first: the range's first block. */
void ml_results_merge_same(ml_results *res, const unsigned char *blk_same, size_t from,
                           size_t at, size_t len, int first);
/* Every copy made real (same[] all 0 after), for code that changes arrays. */
void ml_results_fill_same(ml_results *res);
/* Frees the per-stage arrays (n_channels becomes 0). */
void ml_results_free_channels(ml_results *res);
/* Adds per-replicate channel arrays for a pathway of n_channels stages. */
int ml_results_alloc_channels(ml_results *res, unsigned n_channels);
/* (Re)allocates the pricing arrays, zeroed, for res->n replicates. */
int ml_results_alloc_pricing(ml_results *res, unsigned n_spec, unsigned n_grades,
                             unsigned n_xl);
void ml_results_free_pricing(ml_results *res);
/* Points view's pricing arrays at replicate `at` of res (a block's window). */
void ml_results_view_pricing(ml_results *view, const ml_results *res, size_t at);
/* Grows the pricing arrays to n replicates, keeping what is there. */
int ml_results_grow_pricing(ml_results *res, size_t n);
/* (Re)allocates the ledgers, zeroed, for res->n replicates. */
int ml_results_alloc_dev(ml_results *res, unsigned years, unsigned dev_years);
void ml_results_free_dev(ml_results *res);
/* Grows the ledgers to n replicates (before res->n is set), keeping what is there. */
int ml_results_grow_dev(ml_results *res, size_t n);
void ml_results_free(ml_results *res);

#endif
