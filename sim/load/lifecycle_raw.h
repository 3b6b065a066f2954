/*
 * lifecycle_raw.h — the raw record of a life-cycle regime, private to
 * sim/load's lifecycle_*.c: what the base regime and its levers said, with
 * names not yet resolved and, for every name and every record checked
 * later, the site (file, line, field) it was given at.
 *
 * lifecycle_load.c reads into it, lifecycle_resolve.c resolves it into a
 * models/lifecycle.h ml_lifecycle, lifecycle_fields.c lists its numbers
 * for the levers' scale, add and base.
 */
#ifndef ML_LIFECYCLE_RAW_H
#define ML_LIFECYCLE_RAW_H

#include "lifecycle_load.h"
#include "site.h"

#define MAP_MAX 12
#define NOFAULT_SPECS_MAX 4 /* the no-fault stage's specialties list */
/* legal_costs.claimant_size.reference (or defence_size's) missing where an
 * elasticity is set:
 * the reader says it at the elasticity's line, ml_lc_finish after levers. */
#define ML_SIZE_REF_REQUIRED \
    "required and above 0 with an elasticity: the damages at which the stages' costs of " \
    "that side are as stated"

/* A mapping from names to numbers (a distribution over stages or degrees). */
typedef struct {
    unsigned n;
    char name[MAP_MAX][ML_LABEL_MAX];
    double v[MAP_MAX];
    ml_site site;         /* the mapping, for its sum and size */
    ml_site key[MAP_MAX]; /* each key, for a name that is not found */
} namemap;

typedef struct {
    ml_stage st;
    int kind_set;
    ml_site site; /* the stage's mapping, for what it lacks */
    char route[ML_LABEL_MAX];
    ml_site route_site; /* its appraisal: value */
    char challenge[ML_LABEL_MAX];
    ml_site challenge_site; /* its challenge_to: value */
    ml_site spec_site[NOFAULT_SPECS_MAX]; /* its no_fault.specialties items */
    namemap next;
    namemap choices; /* candidates of the claimant's choice (values unused) */
} raw_stage;

/* pathway.choice: the claimant's choice of channel (models/choice.h). */
typedef struct {
    int set;          /* the mapping was given: the choice is on */
    ml_site site;     /* the mapping */
    namemap entry;    /* candidates of the first channel (values unused) */
    namemap constant; /* stage or stage-kind name -> a_c */
    double size, ref_damages, liability, cost, months, validity, estimate_sdlog;
} raw_choice;

typedef struct {
    char name[ML_LABEL_MAX];
    namemap row[2]; /* [negligent] degree -> probability */
    double cost, delay;
    ml_site site; /* the route's mapping */
} raw_route;

struct ml_lc_raw {
    ml_sites pool; /* the text of every site below */
    ml_claiming claiming;
    int claim_set[2][ML_N_INJ];
    ml_compensation comp;
    int damages_set[ML_N_INJ];
    ml_site spec_site[ML_DMG_SPEC_MAX]; /* where each by_specialty name was given */
    ml_legal legal;
    ml_insurance ins;
    ml_prevention prevention;
    ml_size_bands bands;
    namemap degrees; /* name -> share */
    unsigned n_routes;
    raw_route route[ML_ROUTES_MAX];
    unsigned n_stages;
    raw_stage stage[ML_STAGES_MAX];
    namemap entry;
    raw_choice choice;
    ml_site site; /* the lifecycle mapping of the base regime */
    char *field;  /* its field path, e.g. regime.lifecycle (malloc'd) */
};

#endif
