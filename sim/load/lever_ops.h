/*
 * lever_ops.h — what a reform lever does to its base regime, beyond `set:`:
 *
 *   base:  the base values the lever was written against (checked: the
 *          lever is refused when the base regime says otherwise)
 *   scale: multiply base numbers by a factor
 *   add:   add an amount to base numbers
 *   effect: the lever's documented effect, for tests/levers_check.py and
 *          the README's lever table (schema checked here, sizes there)
 *
 * base, scale and add are trees with the regime's shape below `lifecycle`
 * and `policy` (the hospital programme's terms).
 * A number at a leaf applies to the field of that path; a number at an
 * inner node applies to every field beneath it (scale: {lifecycle:
 * {claiming: {p_claim: {negligent: 1.3}}}} multiplies all four classes).
 * Keys named `source` are comments and ignored.  A lever's operations run
 * in a fixed order whatever their order in the file: base (checked against
 * the regime as the levers before this one left it), then set, then scale,
 * then add, so a number that is both set and scaled is scaled from its set
 * value.  Refused, with the lever file's line and field: a path the base
 * regime does not have, a scaled or added true/false, an entry of a
 * distribution that must sum to 1 (pathway entry, a stage's next, an
 * appraisal route's rows: give the new distribution under set and the old
 * under base), and a result outside the range the regime's reader accepts
 * (a probability above 1), with the value it would have had.
 */
#ifndef ML_LEVER_OPS_H
#define ML_LEVER_OPS_H

#include "lifecycle_load.h"
#include "policy.h"
#include "yamlread.h"

/* The base: tree n of lever file y must agree with r and pol. */
int ml_lever_base(ml_yr *y, yaml_node_t *n, ml_lc_raw *r, ml_policy *pol);
/* Applies the scale: (add = 0) or add: (add = 1) tree n of lever file y to
 * r and pol. */
int ml_lever_arith(ml_yr *y, yaml_node_t *n, int add, ml_lc_raw *r, ml_policy *pol);
/* Checks the effect: entry (a mapping or a list of them) of lever file y;
 * a stage it names must be a stage of r, the regime as the lever leaves it. */
int ml_lever_effect(ml_yr *y, yaml_node_t *n, const ml_lc_raw *r);

#endif
