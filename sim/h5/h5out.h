/*
 * h5out.h — the results file, format "medliab-results" version 2 (README,
 * "Output format").  A thin wrapper keeps the HDF5 API in this file alone.
 * The file is written under a temporary name in the target folder and
 * renamed only when complete, so no reader ever sees half a file.
 */
#ifndef ML_H5OUT_H
#define ML_H5OUT_H

#include "measures.h"
#include "scenario.h"
#include "scenario_results.h"

#include <stdint.h>

#define ML_FORMAT_NAME "medliab-results"
/* Version 2: the policy table's mc_se column (issue 14). */
/* Version 3: the optional development group and the principles basis column (issue 15). */
/* Version 4: premium_by_group's insured divisors and rates, a specialty's
 * divisors its own (issue 17). */
#define ML_FORMAT_VERSION 4

typedef struct ml_h5 ml_h5;

/* Creates path's temporary sibling and writes the root attributes. */
int ml_h5_open(ml_h5 **out, const char *path, uint64_t seed, uint64_t replicates,
               ml_err *err);
/* Writes /scenarios/<name>/: the scenario's attributes, the per-replicate
 * samples of res (annual/, annual_max/, the pricing series) and the tables
 * of r (summary, ep/, policy, stages, pricing/), which
 * ml_scenario_results_fill computed from the same res.  Only serialises:
 * no figure is computed here. */
int ml_h5_write_scenario(ml_h5 *f, const ml_scenario *s, const ml_results *res,
                         const ml_scenario_results *r, ml_err *err);
/* The threads that deflate the file's chunks (h5deflate.h): 1 until set,
 * 0 for OpenMP's default (all cores).  The file is the same for any. */
void ml_h5_set_threads(ml_h5 *f, int threads);
/* Sets (or replaces) a root attribute: the replicate count of a run whose
 * length was found by --target-se, the stopping rule it followed. */
int ml_h5_set_root_u64(ml_h5 *f, const char *name, uint64_t value, ml_err *err);
int ml_h5_set_root_str(ml_h5 *f, const char *name, const char *value, ml_err *err);
/* Closes, flushes and renames into place. */
int ml_h5_commit(ml_h5 *f, ml_err *err);
/* Closes and removes the temporary file (after an error or an interrupt). */
void ml_h5_abort(ml_h5 *f);
/* The temporary file's name, for signal handlers that must unlink it. */
const char *ml_h5_tmp_path(const ml_h5 *f);

#endif
