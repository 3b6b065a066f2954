/*
 * compare.h — `medliab report`'s paired comparisons: each headline figure
 * (headline.h: pure_premium, insured_var995, insured_tvar99, then every
 * policy metric) of a scenario against a baseline, as a difference and a
 * ratio with their Monte Carlo standard errors and, when both scenarios
 * carry parameter draws, their 90% intervals over the draws.
 *
 * Two scenarios are paired when they have one seed and one replicate
 * count: replicate r of both saw the same incidents (common random
 * numbers), so the errors come from per-replicate influence functions of
 * the stored annual samples (paired.h): the mean's for pure_premium, the
 * expected shortfall's for insured_tvar99, the ratio estimator's for a
 * policy metric (metric_defs.h).  insured_var995 has no smooth influence
 * function; its errors come from a paired bootstrap: ML_CMP_BOOTSTRAP
 * resamples of the replicate indices, the same indices for both scenarios,
 * drawn from the addressed stream (seed, resample b, purpose
 * ML_P_BOOTSTRAP), so a report is the same every time.  p90_months, a
 * quantile of claims pooled over the run whose per-year data the file does
 * not keep, and any figure of an unpaired couple, get the unpaired error
 * sqrt(se_base^2 + se_value^2) from the file's own standard errors.
 *
 * Draws k of two scenarios of one run used the same parameter values
 * (where they share a number) and the same incidents, so they are paired
 * by k: the interval is the 5% and 95% order statistics over k of the
 * per-draw ratio and difference (paired.h: ml_paired_draws).
 */
#ifndef ML_COMPARE_H
#define ML_COMPARE_H

#include "h5in.h"
#include "paired.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define ML_CMP_BOOTSTRAP 500

typedef enum {
    ML_CMP_INFLUENCE, /* paired, influence function */
    ML_CMP_BOOTSTRAP_SE, /* paired bootstrap */
    ML_CMP_UNPAIRED,  /* independent errors combined */
    ML_CMP_NONE       /* not comparable (amounts in two currencies) */
} ml_cmp_method;

typedef struct {
    char figure[48], unit[64];
    double base, value;  /* converted into the report's currency */
    ml_paired p;
    double ratio_p05, ratio_p95, diff_p05, diff_p95; /* NaN without draws */
    size_t draws;        /* draws the interval is taken over (0: none) */
    ml_cmp_method method;
    char why[120];       /* an unpaired or missing error's reason (the couple's
                          * own, when not paired, is ml_cmp.why) */
} ml_cmp_row;

typedef struct {
    size_t scenario, baseline; /* indices into the report's scenarios */
    int paired;
    char why[200];             /* why the couple is not paired */
    size_t k;                  /* parameter draws both carry (0: none) */
    char draws_why[200];       /* why no interval, where one of them has draws */
    size_t n;
    ml_cmp_row *row;
} ml_cmp;

/* Compares scenario sc[j] with baseline sc[b]; factor[] converts their
 * amounts into currency cur ("" when the report leaves each scenario in its
 * own: then amounts of two currencies are not compared). */
int ml_compare(const ml_in_scenario *sc, size_t j, size_t b, const double *factor,
               const char *cur, ml_cmp *out, ml_err *err);
void ml_cmp_free(ml_cmp *c);

/* The errors of the difference and ratio of VaR at P = num/den of xb and
 * xv (the baseline's and the scenario's n samples, times fb and fv) into
 * p->diff_se and p->ratio_se (p->ratio NaN: no ratio): their sd over
 * ML_CMP_BOOTSTRAP resamples, each of the same n replicate indices for
 * both, drawn from stream (seed, resample b, purpose ML_P_BOOTSTRAP). */
int ml_cmp_bootstrap_var(const double *xb, const double *xv, size_t n, uint64_t seed,
                         double fb, double fv, unsigned long num, unsigned long den,
                         ml_paired *p, ml_err *err);

/* The method's words, as the CSV and the terminal give them. */
const char *ml_cmp_method_name(const ml_cmp_method m);

#endif
