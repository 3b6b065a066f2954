/*
 * policy.h — the insurance terms applied to a hospital's claims.
 *
 * Per claim of amount x the insurer pays c * min(max(x - d, 0), L); over a
 * hospital-year its total is capped at the annual aggregate limit A.
 * L and A may be +INFINITY (no limit).
 */
#ifndef ML_POLICY_H
#define ML_POLICY_H

typedef struct {
    double deductible;      /* d, currency per claim */
    double limit;           /* L, currency per claim, on the payment after d */
    double coinsurance;     /* c, insurer's share in [0, 1] */
    double aggregate_limit; /* A, currency per hospital-year */
} ml_policy;

/* The insurer's payment on one claim of amount x, before the aggregate. */
static inline double ml_policy_per_claim(const ml_policy *p, double x)
{
    double y = x - p->deductible;
    if (!(y > 0.0))
        return 0.0;
    if (y > p->limit)
        y = p->limit;
    return p->coinsurance * y;
}

/* The insurer's total for a hospital-year whose per-claim payments sum to s. */
static inline double ml_policy_aggregate(const ml_policy *p, double s)
{
    return s < p->aggregate_limit ? s : p->aggregate_limit;
}

#endif
