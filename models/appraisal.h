/*
 * appraisal.h — damage identification: the liability share a route finds,
 * given whether the injury was truly negligent.
 *
 * A route (a medical association's accident appraisal, a court's judicial
 * appraisal, a review committee, an expert report) is a confusion matrix
 * over the regime's liability degrees (for mainland China none / minor /
 * secondary / equal / primary / full): prob[neg][k] is the probability of
 * finding degree k when the injury was (neg = 1) or was not (neg = 0)
 * negligent.  Its accuracy is how much mass sits on the right side of it.
 * Each appraisal costs money and delays the claim.
 */
#ifndef ML_APPRAISAL_H
#define ML_APPRAISAL_H

#include <gsl/gsl_rng.h>

#define ML_DEGREES_MAX 8
#define ML_ROUTES_MAX 4
#define ML_LABEL_MAX 32

typedef struct {
    unsigned n;
    char name[ML_DEGREES_MAX][ML_LABEL_MAX];
    double share[ML_DEGREES_MAX]; /* fraction of damages owed, ascending, in [0, 1] */
} ml_degrees;

typedef struct {
    char name[ML_LABEL_MAX];
    double prob[2][ML_DEGREES_MAX]; /* [negligent][degree], rows sum to 1 */
    double cost;                    /* currency per appraisal */
    double delay_months;            /* added to the claim's duration */
} ml_route;

/* Index of the degree found. */
unsigned ml_appraisal_draw(const ml_route *r, const ml_degrees *d, int negligent,
                           gsl_rng *g);
/* Probability that the route finds some liability (share > 0). */
double ml_appraisal_p_liable(const ml_route *r, const ml_degrees *d, int negligent);

#endif
