/*
 * sensitivity.h — how much a run's figure moves with its uncertain numbers:
 * a one-at-a-time tornado and first-order and total Sobol indices
 * (sim/results/sobol.h), every evaluation a full run of the scenarios
 * through ml_eval_at (run_eval.h) at the run's seed and replicates.  So all
 * evaluations see the same incidents (common random numbers): a difference
 * between two evaluations is due to the parameters, and the figure is a
 * deterministic function of them; its Monte Carlo error at the point values
 * is the same for every evaluation, and small next to a swing that matters.
 *
 * Tornado: each parameter at ml_param_low and ml_param_high, the others at
 * their point values (1 + 2 d evaluations).
 *
 * Sobol: the parameters that matter, by this rule: the k leading tornado
 * rows whose swing is at least ML_SENS_MATTER (5%) of the largest, and at
 * most ML_SENS_MAX_SOBOL (8) of them; a parameter that moves the figure by
 * less than a twentieth of what the largest does cannot hold much of its
 * variance, and a cap keeps the cost, N (k + 2) evaluations, bounded.  The
 * other parameters stay at their point values.  A design row's uniform u
 * becomes the value ml_param_quantile(p, u), so each parameter follows its
 * own distribution.
 */
#ifndef ML_SENSITIVITY_H
#define ML_SENSITIVITY_H

#include "params.h"
#include "run_eval.h"
#include "sobol.h"

#include <signal.h>

#define ML_SENS_MATTER 0.05
#define ML_SENS_MAX_SOBOL 8u
#define ML_SENS_DEFAULT_ROWS 64u
#define ML_SENS_BOOTSTRAP 1000u

typedef struct {
    const char *measure;    /* "SCENARIO/FIGURE" (ml_sens_measure) */
    size_t sobol_rows;      /* N; 0: tornado only */
    /* The figures at the point values, when the caller evaluated them
     * already with the same evaluator (to resolve the measure's name);
     * NULL: evaluated here. */
    const ml_figures *point;
    volatile sig_atomic_t *stop; /* set asynchronously: ML_EINTR; may be NULL */
} ml_sens_request;

typedef struct {
    double base;             /* the measure at the point values */
    size_t n;                /* rows of the tornado: every parameter */
    ml_tornado_row *tornado; /* sorted; .param indexes the params, .name is its key */
    size_t k;                /* parameters analysed: tornado[0 .. k) */
    ml_sobol_index *sobol;   /* [k] */
    size_t rows;             /* the design's N (0 when k = 0) */
} ml_sens_result;

/* The full name of the figure a user calls name ("FIGURE" for the first
 * scenario's, or "SCENARIO/FIGURE") among figs (an ml_eval_at result),
 * into full.  ML_EUNSUPPORTED, listing the scenario's figure names, when
 * there is none. */
int ml_sens_measure(const ml_figures *figs, const char *name, char *full, size_t cap,
                    ml_err *err);

/* Removes from params the numbers a --set fixes (their field path is one
 * of set's paths): the set value holds in every evaluation, so they have
 * no swing to show.  Returns how many were removed. */
size_t ml_sens_drop_set(ml_params *params, const ml_override *set, size_t n_set);

/* The tornado and (q->sobol_rows > 0 and some swing > 0) the Sobol indices
 * of q->measure over params (as ml_eval_open listed them).  Progress goes
 * through the evaluator's request (ml_eval_progress: "tornado 3/7",
 * "Sobol 12/320"). */
int ml_sensitivity(ml_evaluator *ev, const ml_params *params, const ml_sens_request *q,
                   ml_sens_result *out, ml_err *err);
void ml_sens_result_free(ml_sens_result *r);

#endif
