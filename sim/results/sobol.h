/*
 * sobol.h — variance-based sensitivity: a Saltelli design, first-order and
 * total Sobol indices with bootstrap standard errors, and the one-at-a-time
 * tornado's ordering.  Pure numbers: the caller evaluates the model (for
 * `medliab sensitivity`, a whole run of the scenarios) at the design's rows.
 *
 * Design (Saltelli 2002, 2010): two N x d matrices A and B of independent
 * uniforms in (0, 1), and for each parameter i the matrix A_B^(i), A with
 * its column i taken from B.  The model is evaluated at the N (d + 2) rows
 * of A, B and every A_B^(i); a uniform u becomes a parameter value by its
 * quantile function, so any distribution fits the same design.
 *
 * The design's uniforms come from addressed Philox streams (models/rng.h):
 * A[j][i] is the first uniform of the stream (seed; replicate = j,
 * hospital = 0, item = i, ML_P_SENSITIVITY), B[j][i] the same with
 * hospital = 1.  So a row does not depend on N (a design of 128 rows
 * begins with the design of 64) nor on the order of evaluation.
 *
 * Estimators, with V the variance of the 2N values f(A), f(B):
 *   first order  S_i  = (1/N) sum_j f(B)_j (f(A_B^i)_j - f(A)_j) / V
 *                       (Saltelli et al. 2010, table 2, b)
 *   total        ST_i = (1/2N) sum_j (f(A)_j - f(A_B^i)_j)^2 / V
 *                       (Jansen 1999; Saltelli et al. 2010, table 2, f)
 * Both are consistent as N grows; neither is bounded to [0, 1] at finite N
 * (a small S_i may come out negative), which is why each carries an error.
 *
 * Standard errors: a bootstrap over the design's rows (Archer et al. 1997):
 * resample b draws N row indices with replacement from the stream (seed;
 * replicate = b, hospital = 0, item = 0, ML_P_BOOTSTRAP), recomputes V, S_i
 * and ST_i on the same rows of every matrix (the rows are the independent
 * units: one row of A, B and A_B^(i) belong together), and the error is the
 * standard deviation of the resampled indices.  Deterministic for a seed.
 */
#ifndef ML_SOBOL_H
#define ML_SOBOL_H

#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t d, n;  /* parameters, base rows */
    double *a;    /* [n * d], row j at a + j d */
    double *b;    /* [n * d] */
} ml_sobol_design;

/* Fills s with the design for d >= 1 parameters and n >= 2 rows at seed. */
int ml_sobol_design_alloc(ml_sobol_design *s, size_t d, size_t n, uint64_t seed,
                          ml_err *err);
void ml_sobol_design_free(ml_sobol_design *s);
/* Row j of A_B^(i) into u[d]: A's row j with column i from B's row j. */
void ml_sobol_row_ab(const ml_sobol_design *s, size_t i, size_t j, double *u);

typedef struct {
    double first, first_se; /* S_i and its bootstrap standard error */
    double total, total_se; /* ST_i and its bootstrap standard error */
} ml_sobol_index;

/* Indices of d parameters from n rows: fa[n] = f(A), fb[n] = f(B),
 * fab[i n + j] = f(A_B^(i)) row j.  n_boot resamples (>= 2) at seed give
 * the errors.  ML_ENUMERIC when V = 0 (the model does not vary over the
 * design: every index is 0/0) or a value is not finite. */
int ml_sobol_indices(size_t d, size_t n, const double *fa, const double *fb,
                     const double *fab, uint64_t seed, size_t n_boot,
                     ml_sobol_index *out, ml_err *err);

/* One parameter of a one-at-a-time tornado: the figure with the parameter
 * at its low and its high end, the others at their point values. */
typedef struct {
    size_t param; /* the caller's index of the parameter */
    const char *name;
    double low, high;
    double swing; /* |high - low|, set by ml_tornado_sort */
} ml_tornado_row;

/* Sets every swing and sorts by swing, largest first, ties (and NaN swings,
 * which go last) by name, so that the order is the same on any platform. */
void ml_tornado_sort(ml_tornado_row *rows, size_t n);
/* How many of the sorted rows "matter": the leading rows whose swing is at
 * least frac times the largest, and at most max of them; 0 when the
 * largest swing is 0 or not finite. */
size_t ml_tornado_leading(const ml_tornado_row *rows, size_t n, double frac, size_t max);

#endif
