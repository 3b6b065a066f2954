/*
 * draw_batch.h — the first draws of many streams at once, bit for bit the
 * draws their own streams would give one at a time.
 *
 * A claim's severity, claiming and pathway draws each open a stream of
 * their own and mostly read one or two words from it.  Drawn one claim at a
 * time that is one scalar Philox block per draw; drawn for sixteen claims at
 * once it is one vector call (philox_vec.h).  The transforms keep GSL's
 * results exactly: uniforms are the generator's get_double of the first two
 * words, normals GSL's ziggurat, whose fast path (about 99% of draws) needs
 * the first word only and is done here; the rest are drawn again from their
 * own stream by GSL itself.
 */
#ifndef ML_DRAW_BATCH_H
#define ML_DRAW_BATCH_H

#include "rng.h"
#include "severity.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* u[k] = gsl_rng_uniform of stream (seed; rep, hosp, item0 + k, purpose,
 * year) just set, for k < n. */
void ml_draw_uniforms(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                      unsigned n, unsigned purpose, unsigned year, double *u);

/* z[k] = gsl_ran_gaussian_ziggurat(r, 1) of that stream of purpose
 * ML_P_SEVERITY; g is the generator for the draws that leave the fast path
 * (its stream is changed). */
void ml_draw_severity_normals(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                              unsigned n, unsigned year, gsl_rng *g, double *z);

/* 1 when GSL's ziggurat was read successfully at start-up (it always is
 * with the GSL this was built for; otherwise every normal comes from GSL's
 * own function, slower but the same). */
int ml_draw_ziggurat_known(void);

#endif
