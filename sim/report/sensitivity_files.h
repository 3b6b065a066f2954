/*
 * sensitivity_files.h — the files of `medliab sensitivity --out DIR`:
 *
 *   tornado.csv  parameter,low,high,swing,base,param_value,param_low,
 *                param_high,measure,where: one row per uncertain number,
 *                sorted by swing (largest first, ties by name); low and high
 *                are the measure with the parameter at param_low and
 *                param_high (the others at their point values), base the
 *                measure at every point value, param_value the parameter's
 *                point value, where its FILE:LINE
 *   tornado.png, tornado.svg  its 20 leading rows as a tornado chart
 *                (tools/sensitivity_plot.py), base value marked
 *   sobol.csv    parameter,first_order,first_order_se,total,total_se,swing,
 *                rows,measure: the Sobol indices of the parameters analysed,
 *                in tornado order; rows = the design's base rows N
 *
 * Every file is written under a temporary name in DIR and renamed into place
 * only once all of them are complete, so a failure (a plot that cannot be
 * drawn, a full disk) leaves none of this run's files behind; a sobol.csv
 * from an earlier run is removed when this one analyses no parameter, so
 * that DIR never mixes two runs.
 */
#ifndef ML_SENSITIVITY_FILES_H
#define ML_SENSITIVITY_FILES_H

#include "params.h"
#include "sobol.h"
#include "status.h"

typedef struct {
    const char *dir;
    const char *measure;           /* "SCENARIO/FIGURE" */
    double base;                   /* the measure at the point values */
    const ml_params *params;       /* tornado[k].param indexes params->p */
    const ml_tornado_row *tornado; /* [n], sorted */
    size_t n;
    const ml_sobol_index *sobol;   /* [k]: of tornado[0 .. k) */
    size_t k;
    size_t rows;                   /* the Sobol design's N */
} ml_sens_tables;

int ml_sens_write(const ml_sens_tables *t, ml_err *err);

#endif
