/*
 * h5uncertainty.h — a scenario's uncertainty/ group (README, "Output
 * format"): what its parameter draws gave (sim/results/uncertainty.h).
 *   figures     table: figure, value, mc_se, p05, p50, p95, parameter_share,
 *               defined (draws in which the figure was defined)
 *   draws       float64 [K][F]: figure f in draw k (attribute columns: the
 *               figure names, comma-separated, in the table's order)
 *   variance    table: measure, process, parameter, total
 *   parameters  table: key, field, where, dist, value, a, b, lo, hi: the
 *               scenario's own uncertain numbers (those its files carry, in
 *               the order they are read; not the other run files')
 *   parameter_values  float64 [K][P]: parameter p in draw k (attribute
 *               columns: the keys, comma-separated)
 * and attribute draws = K.
 */
#ifndef ML_H5UNCERTAINTY_H
#define ML_H5UNCERTAINTY_H

#include "h5out.h"
#include "params.h"
#include "uncertainty.h"

/* Writes /scenarios/<name>/uncertainty/; pv holds [u->k][params->n]. */
int ml_h5_write_uncertainty(ml_h5 *f, const char *name, const ml_uncertainty *u,
                            const ml_params *params, const double *pv, ml_err *err);

#endif
