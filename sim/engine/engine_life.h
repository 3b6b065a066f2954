/*
 * engine_life.h — one simulated year of a portfolio under a lifecycle
 * regime: incidents by specialty x injury class x negligence, claiming,
 * the pathway walk of every claim, then who pays what.
 */
#ifndef ML_ENGINE_LIFE_H
#define ML_ENGINE_LIFE_H

#include "count_memo.h"
#include "ledger.h"
#include "measures.h"
#include "scenario.h"

#define ML_LIFE_RNGS 8 /* counts, path, appraisal, timing, damages, choice, validity, insurance */

/* acc and mx receive ML_N_MEASURES values; chan[k * ML_CHANNELS_MAX + s]
 * the stage statistic k (ml_stage_stat) of stage s; hist gains this year's claims by months to closure.  g holds
 * ML_LIFE_RNGS generators allocated with ml_rng_philox. */
int ml_life_replicate(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *const *g,
                      double *acc, double *mx, double *chan, double *hist, ml_price_acc *pa,
                      ml_err *err);

/* The same, keeping the replicate's ledger in lg (NULL or lg->led NULL: no
 * timing): every accident year of s->time, the later ones filling the
 * ledger only, each from streams of its own year.  Incident counts are
 * taken from cm where it holds them at the same mean, and kept there
 * (count_memo.h; NULL: every count drawn). */
int ml_life_replicate_t(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *const *g,
                        double *acc, double *mx, double *chan, double *hist, ml_price_acc *pa,
                        ml_ledger *lg, ml_count_memo *cm, ml_err *err);

#endif
