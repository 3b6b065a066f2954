/*
 * plot_metrics.h — the policy metrics as `medliab report --plots` draws
 * them: plot_policy.csv (every metric of the file's policy table) and
 * plot_compensation.csv (the compensation-versus-cost chart), one row per
 * scenario and figure, with the columns
 *   scenario, metric, title, group, kind, value, unit, mc_se, lo95, hi95,
 *   p05, p95, draws
 * title, group and kind from metric_titles.c (kind: share, amount, rate,
 * months, number); value and unit as in the file, amounts converted into
 * the report's currency (unit renamed); mc_se the file's Monte Carlo
 * standard error and [lo95, hi95] = value -/+ z_0.975 mc_se, the 95%
 * Monte Carlo interval (empty cells where the file has no finite error);
 * p05, p95 the 90% interval over the scenario's parameter draws, the
 * order statistics of rank ceil(0.05 m) and ceil(0.95 m) over the m draws
 * in which the figure is defined (as the file's uncertainty/figures table
 * computes them), and draws = m; empty cells and draws = 0 without draws.
 *
 * plot_compensation.csv holds, for each scenario whose policy table has
 * negligent_compensated_share and overhead_ratio (life-cycle regimes), the
 * rows of those two metrics and of cost_per_negligent_compensated: the
 * total cost (compensation + expenses) per negligent injury compensated,
 * a ratio of totals over the annual samples with the delta method's
 * standard error (metric_defs.h), computed here because no metric of the
 * file holds it; the draws keep no count of injuries compensated per
 * draw, so it has no interval over draws.
 */
#ifndef ML_PLOT_METRICS_H
#define ML_PLOT_METRICS_H

#include "h5in.h"
#include "status.h"

#include <stdio.h>

/* The header line both files start with. */
void ml_plot_metrics_header(FILE *f);
/* Scenario s's rows (label names it, factor converts its amounts into
 * currency): its policy table into fp, its compensation rows into fc. */
int ml_plot_metrics_write(FILE *fp, FILE *fc, const ml_in_scenario *s, double factor,
                          const char *label, const char *currency, ml_err *err);
/* Whether scenario s has the metrics of the compensation chart. */
int ml_plot_has_compensation(const ml_in_scenario *s);

#endif
