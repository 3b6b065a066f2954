/*
 * h5policy.h — the policy tables of a scenario group (README, "Output
 * format"): /scenarios/<name>/policy (metric, value, mc_se, unit) and, for a
 * lifecycle regime, /scenarios/<name>/stages (one row per pathway stage),
 * plus the `levers` attribute.  Called by h5out.c only.
 */
#ifndef ML_H5POLICY_H
#define ML_H5POLICY_H

#include "scenario.h"
#include "scenario_results.h"

#include <hdf5.h>

/* The policy and stage tables of r, and the levers attribute of s. */
int ml_h5_write_policy(hid_t group, const ml_scenario *s, const ml_scenario_results *r);

#endif
