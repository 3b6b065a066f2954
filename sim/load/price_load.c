/*
 * price_load.c — see price_load.h.
 *
 * An index file holds one level a year, as published (`level:`), or the
 * published change on the year before (`previous_year_100:`, index with
 * the previous year = 100, as China's NBS publishes its CPI); the loader
 * chains the changes itself, so no level is computed by hand.  Years must
 * follow one another without gaps.
 */
#include "price_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the year -> number mapping n of the index file into p. */
static int read_years(ml_yr *y, yaml_node_t *n, const ml_fp *at, int chained, ml_price *p)
{
    if (n->type != YAML_MAPPING_NODE || n->data.mapping.pairs.top == n->data.mapping.pairs.start)
        return ml_yr_fail_at(y, n, at, "expected a mapping of years to index values, "
                             "e.g. {2021: 270.970, 2022: 292.655}");
    int prev = 0;
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top;
         q++) {
        yaml_node_t *k = ml_yr_pair_key(y, q);
        const char *ks = ml_yr_scalar(k);
        char *end = NULL;
        long u = ks ? strtol(ks, &end, 10) : 0;
        if (!ks || !*ks || *end || u < ML_PRICE_FIRST_YEAR + 1 || u > ML_PRICE_LAST_YEAR)
            return ml_yr_fail_at(y, k, at, "'%s' is not a year in %d-%d", ks ? ks : "?",
                                 ML_PRICE_FIRST_YEAR + 1, ML_PRICE_LAST_YEAR);
        if (prev && u != prev + 1)
            return ml_yr_fail_at(y, k, at, "year %ld follows %d; the years must be "
                                 "consecutive and in order", u, prev);
        double v;
        int rc = ml_yr_number_at(y, n, ks, at, 1e-9, 1e9, 1, 0, &v);
        if (rc) return rc;
        if (!prev) {
            /* A chain starts from 100 in the year before its first change. */
            p->first = chained ? (int)u - 1 : (int)u;
            p->level[0] = chained ? 100.0 : v;
            if (chained)
                p->level[1] = 100.0 * v / 100.0;
        } else {
            int i = (int)u - p->first;
            p->level[i] = chained ? p->level[i - 1] * v / 100.0 : v;
        }
        p->last = (int)u;
        prev = (int)u;
    }
    return ML_OK;
}

/* The index file (the reference ref, at field at, names it), into p. */
static int load_index(ml_yr *y, yaml_node_t *ref, const ml_fp *at, const char *file,
                      ml_price *p)
{
    ml_yr iy;
    ml_err ierr = {0};
    int rc = ml_yr_load_part(&iy, file, "price_index", &ierr);
    ml_yr_inherit(&iy, y);
    if (rc == ML_OK) {
        yaml_node_t *root = ml_yr_root(&iy);
        static const char *const keys[] = {"name", "description", "unit", "source",
                                           "level", "previous_year_100", NULL};
        yaml_node_t *lv = ml_yr_get(&iy, root, "level");
        yaml_node_t *ch = ml_yr_get(&iy, root, "previous_year_100");
        ml_fp top, years;
        const ml_fp *pi = ml_yr_root_path(&iy, &top);
        years = ml_fp_key(pi, lv ? "level" : "previous_year_100");
        if ((rc = ml_yr_check_map_at(&iy, root, pi, keys)) ||
            (rc = ml_yr_string_at(&iy, root, "name", pi, 1, NULL, p->name, sizeof p->name)))
            ;
        else if (!lv == !ch)
            rc = ml_yr_fail_at(&iy, root, pi, "give exactly one of 'level' (index levels by "
                               "year) and 'previous_year_100' (index, previous year = 100, by "
                               "year)");
        else
            rc = read_years(&iy, lv ? lv : ch, &years, !lv, p);
    }
    if (rc != ML_OK && iy.open_errno)
        rc = ml_yr_fail_at(y, ref, at, "cannot open '%s': %s (paths are relative to this "
                           "file)", ml_yr_scalar(ref), strerror(iy.open_errno));
    else if (rc != ML_OK)
        ML_ERROR(y->err, rc, "%s\n  (price_index referenced from %s:%lu)", ierr.msg, y->file,
                 ml_yr_line(ref));
    ml_yr_free(&iy);
    return rc;
}

int ml_price_load(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_price *p)
{
    memset(p, 0, sizeof *p);
    p->first = 1;
    p->last = 0; /* no index */
    ml_fp fy = ml_fp_key(at, "price_year"), fi = ml_fp_key(at, "price_index");
    yaml_node_t *yn = ml_yr_get(y, m, "price_year");
    yaml_node_t *in = ml_yr_get(y, m, "price_index");
    uint64_t year = 0;
    int rc;
    if (yn && (rc = ml_yr_uint_at(y, m, "price_year", at, ML_PRICE_FIRST_YEAR,
                                  ML_PRICE_LAST_YEAR, 1, 0, &year)))
        return rc;
    if (in && !yn)
        return ml_yr_fail_at(y, in, &fy, "required with price_index: the year whose prices "
                             "the regime's amounts are in");
    p->year = (int)year;
    if (in) {
        const char *rel = ml_yr_scalar(in);
        if (!rel || !*rel || ml_yr_is_null(in))
            return ml_yr_fail_at(y, in, &fi, "expected the path of a price index file");
        ml_yr_beside(y, rel, p->file, sizeof p->file);
        if ((rc = load_index(y, in, &fi, p->file, p)))
            return rc;
        if (!ml_price_has(p, p->year))
            return ml_yr_fail_at(y, yn, &fy, "price_year %d is not in the price index %s (%s: "
                                 "years %d-%d)", p->year, p->name, p->file, p->first, p->last);
    }
    if (p->year)
        y->price = p;
    return ML_OK;
}
