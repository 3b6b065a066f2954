/*
 * lifecycle_dump.h — a resolved life cycle (models/lifecycle.h: defaults
 * filled in, reform levers applied, names resolved to indices) written back
 * in the loader's schema (sim/load/lifecycle_load.c), as part of the resolved
 * scenario every output file carries.
 */
#ifndef ML_LIFECYCLE_DUMP_H
#define ML_LIFECYCLE_DUMP_H

#include "lifecycle.h"
#include "yamlwrite.h"

/* Writes the key "lifecycle" and the mapping under it. */
void ml_lifecycle_dump(ml_yw *w, const ml_lifecycle *L);

#endif
