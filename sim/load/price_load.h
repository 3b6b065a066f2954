/*
 * price_load.h — a regime's price_year and price_index (README, "Scenario
 * files"): the year whose prices every amount of the regime is in, and the
 * index file that trends amounts written for other years to it.
 */
#ifndef ML_PRICE_LOAD_H
#define ML_PRICE_LOAD_H

#include "price_index.h"
#include "yamlread.h"

/* Reads price_year and price_index of regime mapping m (at path at)
 * into p and, when a price year is stated, points y->price at p so that
 * the regime's amounts may be written {value, year}.  The index path is
 * relative to y's file. */
int ml_price_load(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_price *p);

#endif
