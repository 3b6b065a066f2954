/*
 * report_plots.h — the figures of `medliab report --plots DIR`.  C writes
 * the plotted numbers as CSV files in DIR (so every point of a figure can
 * be checked, and the figures redrawn with any tool); matplotlib, run by
 * /usr/bin/python3 on tools/report_plots.py, draws them as PNG and SVG.
 */
#ifndef ML_REPORT_PLOTS_H
#define ML_REPORT_PLOTS_H

#include "h5in.h"
#include "status.h"

/* factor[i] converts scenario i's amounts into currency; label[i] names it. */
int ml_report_plots(const char *dir, const ml_in_scenario *sc, size_t n,
                    const double *factor, char (*label)[96], const char *currency,
                    const char *measure, ml_err *err);
/* Whether any scenario has the metrics of the compensation-versus-cost
 * chart (life-cycle regimes), that is whether that chart is drawn. */
int ml_report_plots_has_compensation(const ml_in_scenario *sc, size_t n);

#endif
