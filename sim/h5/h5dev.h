/*
 * h5dev.h — /scenarios/<name>/development (README, "Output format"): the
 * mean cumulative triangles, the valuation table and the per-replicate
 * ledgers they come from, for a run with a time block.
 */
#ifndef ML_H5DEV_H
#define ML_H5DEV_H

#include "measures.h"
#include "scenario.h"
#include "h5deflate.h"
#include "scenario_results.h"

#include <hdf5.h>

/* Writes the group under scenario group g when r->dev.on, the ledgers
 * deflated by z (h5deflate.h); 0 or -1. */
int ml_h5_write_development(hid_t g, const ml_scenario *s, const ml_results *res,
                            const ml_scenario_results *r, ml_h5_deflater *z);

#endif
