/*
 * summary_print.h — the summary `medliab run` prints per scenario: the
 * summary table's mean, sd, se, VaR99.5 and TVaR99 of every measure (the
 * levels of `medliab report` and of the pricing), and
 * the pricing tables, from the results structure the file was written
 * from (scenario_results.h), so the terminal and the file agree.
 */
#ifndef ML_SUMMARY_PRINT_H
#define ML_SUMMARY_PRINT_H

#include "scenario_results.h"

#include <stdio.h>

/* The whole summary of one scenario. */
void ml_print_scenario_summary(FILE *fp, const ml_scenario_results *r);
/* The pricing part alone: pure premiums by group, principles, layers. */
void ml_print_pricing(FILE *fp, const ml_pricing_result *r, const char *currency,
                      const char *exposure_unit);

#endif
