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
#include <stddef.h>
#include <stdint.h>

/* Streams given by their counters, structure of arrays: stream i is
 * (replicate rep[i], hospital hosp[i], item item8[i] >> 8, accident year
 * year[i] >> 24), the words ml_rng_stream_year sets (item8[i] =
 * ml_rng_ctr_item(item, 0), year[i] = ml_rng_ctr_year(year)); the purpose
 * is the draw's.  Streams of different replicates and hospitals fill the
 * vector lanes alike, so a batch is as long as the caller makes it. */
typedef struct {
    size_t n;
    const uint32_t *rep, *hosp, *item8, *year;
} ml_draw_ctrs;

/* u[i] = gsl_rng_uniform of stream i of purpose `purpose` just set. */
void ml_draw_uniforms_at(uint64_t seed, const ml_draw_ctrs *c, unsigned purpose, double *u);

/* z[i] = gsl_ran_gaussian_ziggurat(r, 1) of stream i of purpose
 * ML_P_SEVERITY; g draws the ones that leave the fast path (its stream is
 * changed). */
void ml_draw_severity_normals_at(uint64_t seed, const ml_draw_ctrs *c, gsl_rng *g, double *z);

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
