/*
 * policy_load.h — a regime's `policy:` (the hospital programme's terms,
 * models/policy.h): read from a regime file, and from a lever file's
 * set/scale/add/base, which change the base regime's terms.
 */
#ifndef ML_POLICY_LOAD_H
#define ML_POLICY_LOAD_H

#include "lifecycle_load.h"
#include "policy.h"
#include "yamlread.h"

/* The terms of a regime that states none: no deductible, no limits, the
 * insurer pays the whole layer. */
void ml_policy_defaults(ml_policy *p);
/* Reads mapping m.policy (at: m's field path) into p: a key it names
 * replaces p's value, a key it omits keeps it (so a regime starts from
 * ml_policy_defaults and a lever from the base regime's terms).  The terms
 * are then checked together (an aggregate retention needs a deductible
 * no larger than itself). */
int ml_policy_read(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_policy *p);
/* The numbers of p, each named by its path below `policy` (deductible,
 * limit, ...), for a lever's scale, add and base (lever_ops.c): at most
 * cap into out; returns how many there are. */
size_t ml_policy_fields(ml_policy *p, ml_lc_field *out, size_t cap);

#endif
