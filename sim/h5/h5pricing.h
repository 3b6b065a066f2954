/*
 * h5pricing.h — the pricing group of a scenario (README, "Output format"):
 * /scenarios/<name>/pricing/ with the tables premium_by_group, principles
 * and layers, and the annual series they are computed from.  Called by
 * h5out.c only.
 */
#ifndef ML_H5PRICING_H
#define ML_H5PRICING_H

#include "measures.h"
#include "scenario.h"
#include "h5deflate.h"
#include "scenario_results.h"

#include <hdf5.h>

/* The tables and ceded/net series of r->pricing, the by-specialty and
 * by-grade series of res, the terms of s; z deflates the series that
 * are whole numbers (h5deflate.h).  Returns 0, or -1 on an HDF5 failure,
 * or ML_ENOMEM. */
int ml_h5_write_pricing(hid_t group, const ml_scenario *s, const ml_results *res,
                        const ml_scenario_results *r, ml_h5_deflater *z);

#endif
