/*
 * portfolio_medicine.h — the parts of the portfolio schema that the claim
 * life cycle needs: the injury-class mix and negligent share of incidents,
 * hospital beds and grade, and `count` (one entry standing for several
 * identical hospitals, so a national portfolio stays readable).
 */
#ifndef ML_PORTFOLIO_MEDICINE_H
#define ML_PORTFOLIO_MEDICINE_H

#include "portfolio.h"
#include "yamlread.h"

/* portfolio.injury_mix and portfolio.negligent_share (both optional, but
 * both or neither). */
int ml_load_medicine(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_portfolio *p);
/* specialties[i].injury_mix (optional). */
int ml_load_specialty_mix(ml_yr *y, yaml_node_t *it, const ml_fp *at, ml_specialty *s);
/* hospitals[h].beds, .grade, .count (optional). */
int ml_load_hospital_extras(ml_yr *y, yaml_node_t *it, const ml_fp *at, ml_hospital *h);
/* Replaces each entry with count > 1 by count hospitals named NAME-1 ...
 * NAME-count (NAME cut to 40 bytes at a character boundary); fails, at
 * the entry in list hs (at path at), if two hospitals then share a name. */
int ml_portfolio_expand(ml_yr *y, yaml_node_t *hs, const ml_fp *at, ml_portfolio *p);

#endif
