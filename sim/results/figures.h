/*
 * figures.h — a list of named figures (name, value): what `medliab verify`
 * reads from a results file and keeps in results/reference/.
 *
 * A figure's name says where it sits in the scenario's group of the
 * results file (README, "Output format"):
 *   summary.insured.mean       table summary, row "insured", column mean
 *   ep.insured.aep@100         table ep/insured, column aep, return period 100
 *   policy.paid_share          a table whose only number column is `value`,
 *                              but for its errors: policy.paid_share.mc_se
 *   stages.negotiation.closed_share
 * Any compound table a later version adds (pricing, say) is named by the
 * same rule, so it is checked without new code.
 */
#ifndef ML_FIGURES_H
#define ML_FIGURES_H

#include "status.h"

#include <stddef.h>

#define ML_FIGURE_NAME_MAX 192

typedef struct {
    char name[ML_FIGURE_NAME_MAX];
    double value;
} ml_figure;

typedef struct {
    size_t n, cap;
    ml_figure *f;
} ml_figures;

/* Appends (name, value); ML_ENOMEM or ML_EINVAL (name too long) on failure. */
int ml_figures_add(ml_figures *l, const char *name, double value, ml_err *err);
/* The figure called name, or NULL. */
const ml_figure *ml_figures_find(const ml_figures *l, const char *name);
void ml_figures_free(ml_figures *l);

/* Whether a figure belongs in a reference file: every figure except the
 * confidence-interval columns (*_lo, *_hi, *_se); of the summary only
 * mean, sd, var995 and tvar99; of the exceedance tables only aep and oep
 * at return periods 10, 100 and 250.  These are the figures a student
 * would compare with a published table; the rest follow from the same
 * samples. */
int ml_figure_is_reference(const char *name);

#endif
