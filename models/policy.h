/*
 * policy.h — the insurance terms applied to a hospital's claims.
 *
 * A hospital programme: the hospital retains the first d of each claim (a
 * per-claim self-insured retention, SIR, or deductible) and the insurer
 * pays c * min(max(x - d, 0), L) of a claim of amount x.  Over a
 * hospital-year the retentions the hospital has paid are capped at the
 * annual aggregate retention R: beyond it the insurer takes the rest of
 * each retention too (at the same share c).  The insurer's total for the
 * year is capped at the annual aggregate limit A.  L, R and A may be
 * +INFINITY (no limit, no aggregate on the retention).
 */
#ifndef ML_POLICY_H
#define ML_POLICY_H

/* Who pays the policy's share: a private or mutual insurer, or a state
 * indemnity scheme (England's NHS Resolution) paying in the hospital's
 * place.  The terms are applied the same way; only the payer differs, so
 * the model can say who pays claims (not who funds the scheme). */
typedef enum { ML_INDEMNIFIER_INSURER = 0, ML_INDEMNIFIER_STATE = 1 } ml_indemnifier;

typedef struct {
    double deductible;      /* d, currency per claim: the per-claim retention */
    double limit;           /* L, currency per claim, on the payment after d */
    double coinsurance;     /* c, insurer's share in [0, 1] */
    double aggregate_limit; /* A, currency per hospital-year */
    double aggregate_retention; /* R, currency per hospital-year, on the sum of retentions */
    int indemnifier;        /* who pays the share above: an ml_indemnifier */
} ml_policy;

/* The insurer's payment on one claim of amount x, before the aggregates. */
static inline double ml_policy_per_claim(const ml_policy *p, double x)
{
    double y = x - p->deductible;
    if (!(y > 0.0))
        return 0.0;
    if (y > p->limit)
        y = p->limit;
    return p->coinsurance * y;
}

/* The part of a claim of amount x inside the per-claim retention:
 * min(max(x, 0), d), what the aggregate retention counts. */
static inline double ml_policy_retained(const ml_policy *p, double x)
{
    if (!(x > 0.0))
        return 0.0;
    return x < p->deductible ? x : p->deductible;
}

/* The insurer's total for a hospital-year whose per-claim payments sum to
 * s and whose per-claim retentions (ml_policy_retained) sum to t.  The
 * result does not depend on the order of the claims: the hospital pays
 * min(t, R) of the retentions whatever the order, the insurer c times the
 * excess t - R, and A caps the insurer's sum. */
static inline double ml_policy_annual(const ml_policy *p, double s, double t)
{
    double over = t - p->aggregate_retention;
    if (over > 0.0)
        s += p->coinsurance * over;
    return s < p->aggregate_limit ? s : p->aggregate_limit;
}

/* The insurer's total for a hospital-year whose per-claim payments sum to
 * s, when no retention is aggregated (R = +INFINITY). */
static inline double ml_policy_aggregate(const ml_policy *p, double s)
{
    return s < p->aggregate_limit ? s : p->aggregate_limit;
}

#endif
