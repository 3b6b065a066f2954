/*
 * h5in_draws.h — reading a scenario's parameter draws back (for `medliab
 * report`'s comparisons): /scenarios/<name>/uncertainty/draws, float64
 * [K][F], whose attribute `columns` names the F headline figures,
 * comma-separated (README, "Output format").  Figure f of draw k is
 * x[k * nf + f]; NaN where the figure was undefined in that draw.
 */
#ifndef ML_H5IN_DRAWS_H
#define ML_H5IN_DRAWS_H

#include "status.h"

#include <stddef.h>

#define ML_DRAW_NAME_MAX 64

typedef struct {
    size_t k, nf;                      /* draws, figures; k = 0: the file has none */
    char (*names)[ML_DRAW_NAME_MAX];   /* [nf] */
    double *x;                         /* [k][nf] */
} ml_in_draws;

/* Reads the draws of scenario (k = 0 and ML_OK when it has no uncertainty
 * group).  A draws dataset that is not float64 [K][F] with F names in
 * `columns` is ML_EIO naming path and the dataset. */
int ml_h5in_draws(const char *path, const char *scenario, ml_in_draws *out, ml_err *err);
/* The column of figure name, or -1. */
long ml_in_draws_column(const ml_in_draws *d, const char *name);
void ml_in_draws_free(ml_in_draws *d);

#endif
