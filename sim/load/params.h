/*
 * params.h — uncertain numbers of a scenario, and numbers set from outside.
 *
 * Any number of a run file (or of the portfolio, regime and lever files it
 * names) may carry a distribution instead of being one value:
 *   {value: 0.3, range: [0.2, 0.45]}              uniform on the range
 *   {value: 0.3, range: [0.2, 0.45], dist: triangular}   mode at value
 *   {value: 0.3, dist: beta, alpha: 6, beta: 14}  (and gamma: shape, scale;
 *   lognormal: meanlog, sdlog; normal: mean, sd; uniform/triangular: range)
 * with, optionally, name: a stable identity shared by every number that
 * gives it (those are one parameter: one draw).  The scenario is built at
 * `value`, the point value; the distribution is recorded as an ml_param.
 * Draws are made by inversion of one uniform (ml_param_quantile), truncated
 * to the field's admissible range [lo, hi], so a probability stays in
 * [0, 1] whatever the distribution's support.
 *
 * A parameter's key is its name, else "DIR/FILE:FIELD" (the last two
 * components of the file's path and the field path): the same number read
 * by two scenarios (a regime file and its levers, say) has one key, hence
 * one draw, and keys do not depend on where the checkout lies.
 *
 * Overrides replace a number while the scenario is loaded, and are
 * validated like a value written in the file:
 *  - by path (`--set regime.lifecycle.insurance.participation=0.8`): every
 *    number whose field path is `path`, written or defaulted;
 *  - by key (a parameter draw): the number whose parameter key is `key`.
 * An override that matches no number is reported by the caller (used[]).
 */
#ifndef ML_PARAMS_H
#define ML_PARAMS_H

#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    ML_DIST_UNIFORM,
    ML_DIST_TRIANGULAR,
    ML_DIST_BETA,
    ML_DIST_GAMMA,
    ML_DIST_LOGNORMAL,
    ML_DIST_NORMAL,
    ML_N_DISTS
} ml_dist_kind;
/* The names, NULL-ended (ml_yr_enum_at reads the list to its NULL). */
extern const char *const ml_dist_name[ML_N_DISTS + 1];

#define ML_PARAM_KEY_MAX 320

typedef struct {
    char key[ML_PARAM_KEY_MAX]; /* name, or "DIR/FILE:FIELD" */
    char field[256];            /* the field path as messages name it */
    char where[576];            /* FILE:LINE of the value */
    ml_dist_kind kind;
    double value;  /* the point value, as written */
    double a, b;   /* uniform, triangular: the range; beta: alpha, beta; gamma: shape,
                    * scale; lognormal: meanlog, sdlog; normal: mean, sd */
    double lo, hi; /* the field's admissible range; draws are truncated to it */
} ml_param;

typedef struct {
    size_t n, cap;
    ml_param *p;
} ml_params;

/* The value at quantile u in (0, 1) of p's distribution truncated to
 * [lo, hi], in the units written in the file. */
double ml_param_quantile(const ml_param *p, double u);
/* The ends a one-at-a-time sensitivity moves p to: the range for uniform
 * and triangular, the 5% and 95% quantiles otherwise. */
double ml_param_low(const ml_param *p);
double ml_param_high(const ml_param *p);
/* The probability the untruncated distribution gives [lo, hi]. */
double ml_param_mass(const ml_param *p);
/* The 32-bit hash of a key that addresses its draws' stream (FNV-1a). */
uint32_t ml_param_hash(const char *key);
/* Adds p unless its key is there already (a number read twice: then the
 * two must agree on distribution and value, else ML_EINVAL). */
int ml_params_add(ml_params *l, const ml_param *p, ml_err *err);
const ml_param *ml_params_find(const ml_params *l, const char *key);
void ml_params_free(ml_params *l);

typedef struct {
    const char *path; /* a field path (--set), path_len bytes long, or NULL */
    size_t path_len;
    const char *key;  /* a parameter key (a draw), or NULL */
    const char *text; /* the value as given on the command line (--set), or NULL */
    double value;     /* the value when text is NULL */
} ml_override;

/* The numbers a load's overrides changed, with the values the files
 * wrote: a lever's `base:` (a check that it was written against this
 * base) compares with what the file says, not with a drawn or --set value. */
typedef struct {
    char path[256];
    double written;
} ml_override_hit;
typedef struct {
    size_t n, cap;
    ml_override_hit *h;
} ml_override_log;
/* Records that the number at path, written as `written`, was overridden
 * (the first record of a path wins); 0, or -1 when out of memory. */
int ml_override_log_add(ml_override_log *l, const char *path, double written);
/* Whether path was overridden; then *written is what the file said. */
int ml_override_log_find(const ml_override_log *l, const char *path, double *written);
void ml_override_log_free(ml_override_log *l);

/* What a load does besides reading the files. */
typedef struct {
    ml_params *collect;     /* uncertain numbers found are added here; may be NULL */
    ml_params *own;         /* and here too, when not NULL: a list kept for this file
                             * alone (collect may gather several files) */
    const ml_override *set; /* [n_set] overrides */
    size_t n_set;
    int *used;              /* [n_set]: set to 1 for each override that matched */
    ml_override_log *log;   /* numbers overridden; may be NULL */
} ml_load_opts;

/* Parses "PATH=VALUE" (a --set argument) into o (pointing into arg). */
int ml_override_parse(const char *arg, ml_override *o, ml_err *err);

#endif
