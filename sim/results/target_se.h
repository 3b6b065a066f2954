/*
 * target_se.h — precision on demand (`medliab run --target-se REL`): which
 * figure must reach a relative standard error, how it is measured, and
 * where the next checkpoint lies.
 *
 * The figure is NAME[:STAT] with STAT one of mean (the default), var90 ...
 * var999 or tvar90 ... tvar999.  Its standard error is the one stored in
 * the summary table (stats.h): sd / sqrt(n) for the mean, the order-
 * statistic interval's normal-equivalent half width for a VaR, the
 * influence-function se for a TVaR.  The relative se is se / |figure|
 * (0 when se is 0; +inf when the figure is 0 but its se is not, or when
 * n is too small to bound the quantile).
 */
#ifndef ML_TARGET_SE_H
#define ML_TARGET_SE_H

#include "measures.h"

#include <stddef.h>

typedef struct {
    double rel;   /* the target relative se */
    int measure;  /* index into ml_measure_name */
    int stat;     /* -1: mean; 0..ML_N_LEVELS-1: var; ML_N_LEVELS + l: tvar */
    char text[96]; /* "insured:var995", for messages */
} ml_target;

/* The first checkpoint (replicates). */
#define ML_TARGET_FIRST 1000u

/* Parses NAME[:STAT]; on failure writes why into msg and returns -1. */
int ml_target_parse(const char *spec, ml_target *t, char *msg, size_t cap);
/* Relative se of the target figure over x[0..n); scratch holds n doubles.
 * *value receives the figure itself. */
double ml_target_rel_se(const ml_target *t, const double *x, size_t n, double *scratch,
                        double *value);
/* Next checkpoint after n replicates whose worst relative se is rel:
 * the n that the 1/sqrt(n) law predicts, plus 10%, at least 1.25 n and
 * at most 4 n, rounded up to a multiple of 1000, capped at max. */
size_t ml_target_next(size_t n, double rel, double target, size_t max);

#endif
