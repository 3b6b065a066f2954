/*
 * headline.h — the figures a comparison of scenarios is made on, each with
 * its Monte Carlo standard error: every policy metric (by its name), the
 * pure premium (pure_premium: mean annual insured loss), and VaR99.5 and
 * TVaR99 of the annual insured loss (insured_var995, insured_tvar99).
 * These are the rows of a scenario's uncertainty table and what
 * `medliab sensitivity --measure` may name.
 */
#ifndef ML_HEADLINE_H
#define ML_HEADLINE_H

#include "figures.h"
#include "scenario_results.h"

/* Appends r's headline figures to values and (when not NULL) their Monte
 * Carlo standard errors, under the same names, to se; prefix ("" for
 * none) goes before every name ("china/" makes "china/pure_premium"). */
int ml_headline(const ml_scenario_results *r, const char *prefix, ml_figures *values,
                ml_figures *se, ml_err *err);
/* Whether name (without a prefix) is a headline figure of r. */
int ml_headline_has(const ml_scenario_results *r, const char *name);

#endif
