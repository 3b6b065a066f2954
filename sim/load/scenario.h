/*
 * scenario.h — a scenario: a portfolio (medicine) run under a regime (law
 * and insurance), with run settings.  Loaded from YAML, validated, and then
 * immutable: the engine only reads it.
 */
#ifndef ML_SCENARIO_H
#define ML_SCENARIO_H

#include "params.h"
#include "pricing_terms.h"
#include "regime.h"
#include "status.h"

#include <stdint.h>

#define ML_LEVERS_MAX 16 /* the theses' levers together (china_reform) with room to spare */

typedef struct {
    char name[ML_NAME_MAX];
    char description[512];
    char source_file[512];
    char portfolio_file[512]; /* "" when given inline */
    char regime_file[512];    /* "" when given inline */
    int has_replicates, has_seed;
    uint64_t replicates, seed;
    ml_portfolio portfolio;
    ml_regime regime;
    unsigned n_levers;                        /* reform levers applied to the regime */
    char levers[ML_LEVERS_MAX][ML_NAME_MAX];  /* their names */
    char lever_files[ML_LEVERS_MAX][512];
    unsigned char *nofault_spec; /* [n_specialties]: eligible for the no-fault stage */
    double *participation;       /* [n_hospitals]: insured probability by the hospital's
                                  * grade; NULL: the regime's one value for all */
    double *mandate_target;      /* [n_hospitals]: the share a compulsory-insurance rule
                                  * requires insured, by grade; NULL: no rule */
    int *damages_spec; /* [n_specialties]: index among the regime's damages
                        * specialties, -1 = the class defaults */
    ml_pricing pricing; /* the run file's pricing block and the portfolio's grades */
    ml_time time;       /* the run file's time block (time.on 0 without one) */
} ml_scenario;

#define ML_MAX_REPLICATES 1000000000ull

/* Loads and validates file (and the portfolio and regime files it names,
 * relative to its own folder).  On failure s holds nothing to free. */
int ml_scenario_load(const char *file, ml_scenario *s, ml_err *err);
/* The same, with distributions collected and overrides applied as opts
 * says (params.h); opts may be NULL. */
int ml_scenario_load_opts(const char *file, const ml_load_opts *opts, ml_scenario *s,
                          ml_err *err);
void ml_scenario_free(ml_scenario *s);
/* The fully resolved scenario as YAML text (malloc'd; NULL if out of memory). */
char *ml_scenario_to_yaml(const ml_scenario *s);

#endif
