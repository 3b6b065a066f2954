/*
 * reference.h — the reference summaries of results/reference/scenarios/:
 * one CSV per shipped scenario with the figures a rerun must reproduce
 * (`medliab verify`), and the run that made them:
 *
 *   # medliab reference summary; regenerate with: medliab verify --update
 *   # scenario: uk
 *   # run_file: scenarios/uk.yaml
 *   # seed: 20261123
 *   # replicates: 2000
 *   # medliab: 0.1.0
 *   # commit: <git commit of the medliab that wrote it>
 *   scenario,figure,value
 *   uk,summary.insured.mean,188765432.12345678
 *
 * Values are written with 17 significant digits, so a double reads back
 * exactly.  Other lines starting with '#' are comments.
 */
#ifndef ML_REFERENCE_H
#define ML_REFERENCE_H

#include "figures.h"

#include <stdint.h>

typedef struct {
    char path[1024];                 /* the CSV it was read from */
    char scenario[128], run_file[512], version[32], commit[96];
    uint64_t seed, replicates;
    ml_figures fig;
} ml_reference;

/* Reads path; a malformed line is ML_EINVAL naming path:line: field. */
int ml_ref_load(const char *path, ml_reference *r, ml_err *err);
/* Writes r to path through a temporary file renamed into place. */
int ml_ref_write(const char *path, const ml_reference *r, ml_err *err);
void ml_ref_free(ml_reference *r);

/* Below this magnitude a figure is rounding residue, not a number to
 * reproduce: `retained` is compensation less insured, about 1e-8 when the
 * insurer pays everything, and its last bits are noise. */
#define ML_REF_ZERO 1e-6

/* Whether got reproduces expected: equal, both NaN, both below ML_REF_ZERO
 * in magnitude, or |got - expected| <= rtol * |expected|.  *rel gets
 * |got - expected| / |expected| (infinity when expected is 0). */
int ml_ref_match(double expected, double got, double rtol, double *rel);

#endif
