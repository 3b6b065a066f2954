/*
 * h5figures.h — every figure of a results file's scenario, read from its
 * compound tables by the naming rule of figures.h, for `medliab verify`.
 * Columns and tables are found by walking the file, not from a list, so
 * tables added later (pricing, say) are read too.
 */
#ifndef ML_H5FIGURES_H
#define ML_H5FIGURES_H

#include "figures.h"

#include <stdint.h>

typedef struct {
    char scenario[128];
    uint64_t seed, replicates; /* the file's root attributes */
    char commit[96];           /* the git commit that wrote it */
} ml_h5fig_info;

/* Reads the one scenario of path: its name, the run's seed and replicate
 * count, and its figures (appended to out).  A file with no or several
 * scenarios is an error (ML_EIO). */
int ml_h5fig_read(const char *path, ml_h5fig_info *info, ml_figures *out, ml_err *err);

#endif
