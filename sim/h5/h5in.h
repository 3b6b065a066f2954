/*
 * h5in.h — reading results files back (for `medliab report`): the
 * scenarios of a file, their summary rows, policy metrics and annual
 * samples, and the development triangles the plots draw.  Columns are
 * read by name, so files that carry more columns or measures than this
 * reader knows still read; the HDF5 API stays inside
 * h5out.c, h5policy.c and this file.
 */
#ifndef ML_H5IN_H
#define ML_H5IN_H

#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char name[32];
    int is_amount; /* it has an exceedance table: a money amount */
    double mean, sd, se, var995, var995_lo, var995_hi, tvar99, tvar99_se;
} ml_in_measure;

typedef struct {
    char name[48], unit[40];
    double value;
    double mc_se; /* Monte Carlo standard error (policy table, version 2); NaN when
                   * the file has none (version 1, pricing rows) */
} ml_in_metric;

typedef struct {
    char file[512], name[64], currency[16], portfolio[64], regime[64];
    uint64_t replicates, seed;
    size_t n_measures, n_metrics;
    ml_in_measure *m;
    ml_in_metric *metric; /* the policy table; none in older files */
    size_t n_price;
    ml_in_metric *price;  /* headline figures of the pricing group; none in older files */
    size_t n_dev;
    ml_in_metric *dev;    /* the development group's valuation and reserving figures */
    /* The development group's mean cumulative triangles (version 3, with a
     * time block), row-major [dev_years][dev_columns]: accident years by
     * development years, the last column holding the rest.  dev_years = 0
     * and NULL pointers when the scenario has none (version 1 and 2 files,
     * runs without time). */
    unsigned dev_years, dev_columns;
    double *dev_paid;     /* insured payments, in the scenario's currency */
    double *dev_reported; /* claims reported */
} ml_in_scenario;

/* The newest format_version these readers read (README, "Output format";
 * the writer's is ML_FORMAT_VERSION in h5out.h: a new version must be taught
 * to the readers before the writer writes it, or tests/report.sh fails). */
#define ML_H5IN_FORMAT_VERSION 4

/* Whether path keeps the contract of a results file, before anything is
 * taken from it: format "medliab-results", a format_version no newer than
 * ML_H5IN_FORMAT_VERSION (versions 1 and 2: version 1 files have no
 * mc_se column in their policy tables), integer format_version, replicates (> 0) and
 * seed, string portfolio, regime and currency on every scenario, and in
 * every scenario's annual/ (required) and annual_max/ float64 arrays of
 * exactly `replicates` finite values.  A breach is ML_EIO with a message
 * naming path and what is wrong. */
int ml_h5in_check(const char *path, ml_err *err);
/* Appends every scenario of path to *sc (realloc'd; *n counts them), once
 * ml_h5in_check has passed. */
int ml_h5in_read(const char *path, ml_in_scenario **sc, size_t *n, ml_err *err);
/* The annual samples of one measure (malloc'd into *x, *n of them). */
int ml_h5in_annual(const char *path, const char *scenario, const char *measure,
                   double **x, size_t *n, ml_err *err);
void ml_h5in_free(ml_in_scenario *sc, size_t n);

#endif
