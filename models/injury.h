/*
 * injury.h — the injury-severity classes every portfolio and regime share.
 *
 * Four classes follow the Harvard Medical Practice Study's grouping of
 * adverse events (Brennan et al., NEJM 1991): minor (recovery within a
 * month), serious (temporary disability, recovery within a year),
 * permanent (lasting disability) and death.  A fixed set lets a portfolio
 * (medicine) and a regime (law) be combined freely.
 */
#ifndef ML_INJURY_H
#define ML_INJURY_H

enum ml_injury { ML_INJ_MINOR, ML_INJ_SERIOUS, ML_INJ_PERMANENT, ML_INJ_DEATH, ML_N_INJ };

extern const char *const ml_injury_name[ML_N_INJ];

/* Index of name among the classes, or -1. */
int ml_injury_index(const char *name);

#endif
