/*
 * lifecycle_load.h — the schema of a regime's `lifecycle` section (claiming,
 * pathway, appraisal, compensation, legal costs, insurance) and of reform
 * levers, which are regime fragments applied on top of a base regime.
 *
 * A lever file holds `lever`, `description`, `evidence` and `set:`, a
 * mapping with the same schema as a regime in which every key is optional:
 * what it names replaces the base value, what it omits is kept.  The few
 * small records that only make sense whole (a stage's p_agree and no_fault,
 * the compensation schedule's base and years, a damages class's meanlog,
 * sdlog and tail) are replaced whole, so a lever naming one gives all its keys; the
 * loader says which is missing.  Stages and
 * appraisal routes are keyed by name, so a lever can change one stage's
 * success rate or add a stage.  Cross-references (next stages, routes,
 * degree names) are resolved and the pathway graph checked only after all
 * levers are applied.
 */
#ifndef ML_LIFECYCLE_LOAD_H
#define ML_LIFECYCLE_LOAD_H

#include "field_path.h"
#include "lifecycle.h"
#include "portfolio.h"
#include "yamlread.h"

typedef struct ml_lc_raw ml_lc_raw; /* names not yet resolved */

ml_lc_raw *ml_lc_raw_new(void);
void ml_lc_raw_free(ml_lc_raw *r);

/* Reads the lifecycle mapping n, at field path at (regime.lifecycle, or
 * set.lifecycle in a lever), into r; with patch != 0, absent keys keep
 * their values. */
int ml_lc_read(ml_yr *y, yaml_node_t *n, const ml_fp *at, int patch, ml_lc_raw *r);
/* Resolves names, checks sums and the pathway graph, fills L. */
int ml_lc_finish(ml_lc_raw *r, ml_lifecycle *L, ml_err *err);
/* Matches the damages specialties of L (by_specialty) to portfolio p's by
 * name: map[sp] (n_specialties entries) is the index or -1.  A regime
 * specialty the portfolio lacks is an error naming where it was given, as
 * is a specialty of the no-fault stage's `specialties` list. */
int ml_lc_damages_map(const ml_lc_raw *r, const ml_lifecycle *L, const ml_portfolio *p,
                      int *map, ml_err *err);
/* The names of the stages r holds, in order, into names[ML_STAGES_MAX];
 * returns how many. */
unsigned ml_lc_stage_names(const ml_lc_raw *r, const char **names);

/* One number or true/false of a raw record, named by its path below
 * `lifecycle` as a list of keys (claiming, p_claim, negligent, minor),
 * with the range the reader accepts: what a lever's scale, add and base
 * act on (sim/load/lever_ops.c).  Lists (a schedule's grade mixes) and
 * names (a stage's kind, route, challenge_to) are not fields: only set
 * changes them.  The parts point into r and into literals, so a field is
 * good while r is not read into again. */
#define ML_LC_FIELD_DEPTH 6
typedef struct {
    const char *part[ML_LC_FIELD_DEPTH];
    unsigned n_parts;
    double *num; /* a number in [lo, hi], or NULL */
    int *flag;   /* a true/false, or NULL */
    double lo, hi;
    int dist;    /* an entry of a distribution that must sum to 1 */
} ml_lc_field;

/* Writes at most cap of the fields r holds (in a fixed order) to out;
 * returns how many there are, so cap 0 counts them. */
size_t ml_lc_fields(ml_lc_raw *r, ml_lc_field *out, size_t cap);

#endif
