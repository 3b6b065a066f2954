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

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the year -> number mapping n of the index file into p. */
static int read_years(ml_yr *y, yaml_node_t *n, const char *field, int chained, ml_price *p)
{
    if (n->type != YAML_MAPPING_NODE || n->data.mapping.pairs.top == n->data.mapping.pairs.start)
        return ml_yr_fail(y, n, field, "expected a mapping of years to index values, "
                          "e.g. {2021: 270.970, 2022: 292.655}");
    int prev = 0;
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top;
         q++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, q->key);
        const char *ks = ml_yr_scalar(k);
        char *end = NULL;
        long u = ks ? strtol(ks, &end, 10) : 0;
        if (!ks || !*ks || *end || u < ML_PRICE_FIRST_YEAR + 1 || u > ML_PRICE_LAST_YEAR)
            return ml_yr_fail(y, k, field, "'%s' is not a year in %d-%d", ks ? ks : "?",
                              ML_PRICE_FIRST_YEAR + 1, ML_PRICE_LAST_YEAR);
        if (prev && u != prev + 1)
            return ml_yr_fail(y, k, field, "year %ld follows %d; the years must be "
                              "consecutive and in order", u, prev);
        double v;
        int rc = ml_yr_number(y, n, ks, field, 1e-9, 1e9, 1, 0, &v);
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

static int load_index(ml_yr *y, yaml_node_t *ref, const char *field, const char *file,
                      ml_price *p)
{
    ml_yr iy;
    ml_err ierr = {0};
    int rc = ml_yr_load_part(&iy, file, "price_index", &ierr);
    if (rc == ML_OK) {
        yaml_node_t *root = ml_yr_root(&iy);
        static const char *const keys[] = {"name", "description", "unit", "source",
                                           "level", "previous_year_100", NULL};
        yaml_node_t *lv = ml_yr_get(&iy, root, "level");
        yaml_node_t *ch = ml_yr_get(&iy, root, "previous_year_100");
        if ((rc = ml_yr_check_map(&iy, root, "price_index", keys)) ||
            (rc = ml_yr_string(&iy, root, "name", "price_index", 1, NULL, p->name,
                               sizeof p->name)))
            ;
        else if (!lv == !ch)
            rc = ml_yr_fail(&iy, root, "price_index", "give exactly one of 'level' (index "
                            "levels by year) and 'previous_year_100' (index, previous year "
                            "= 100, by year)");
        else
            rc = read_years(&iy, lv ? lv : ch, lv ? "price_index.level"
                                                  : "price_index.previous_year_100",
                            !lv, p);
    }
    if (rc != ML_OK && iy.open_errno)
        rc = ml_yr_fail(y, ref, field, "cannot open '%s': %s (paths are relative "
                        "to this file)", ml_yr_scalar(ref), strerror(iy.open_errno));
    else if (rc != ML_OK)
        ML_ERROR(y->err, rc, "%s\n  (price_index referenced from %s:%lu)", ierr.msg, y->file,
                 ml_yr_line(ref));
    ml_yr_free(&iy);
    return rc;
}

int ml_price_load(ml_yr *y, yaml_node_t *m, const char *rf, ml_price *p)
{
    memset(p, 0, sizeof *p);
    p->first = 1;
    p->last = 0; /* no index */
    char f[200];
    snprintf(f, sizeof f, "%s%sprice_year", rf, *rf ? "." : "");
    yaml_node_t *yn = ml_yr_get(y, m, "price_year");
    yaml_node_t *in = ml_yr_get(y, m, "price_index");
    uint64_t year = 0;
    int rc;
    if (yn && (rc = ml_yr_uint(y, m, "price_year", rf, ML_PRICE_FIRST_YEAR,
                               ML_PRICE_LAST_YEAR, 1, 0, &year)))
        return rc;
    if (in && !yn)
        return ml_yr_fail(y, in, f, "required with price_index: the year whose prices the "
                          "regime's amounts are in");
    p->year = (int)year;
    if (in) {
        const char *rel = ml_yr_scalar(in);
        snprintf(f, sizeof f, "%s%sprice_index", rf, *rf ? "." : "");
        if (!rel || !*rel || ml_yr_is_null(in))
            return ml_yr_fail(y, in, f, "expected the path of a price index file");
        char dir[512];
        snprintf(dir, sizeof dir, "%s", y->file);
        if (rel[0] == '/')
            snprintf(p->file, sizeof p->file, "%s", rel);
        else
            snprintf(p->file, sizeof p->file, "%s/%s", dirname(dir), rel);
        if ((rc = load_index(y, in, f, p->file, p)))
            return rc;
        snprintf(f, sizeof f, "%s%sprice_year", rf, *rf ? "." : "");
        if (!ml_price_has(p, p->year))
            return ml_yr_fail(y, yn, f, "price_year %d is not in the price index %s (%s: "
                              "years %d-%d)", p->year, p->name, p->file, p->first, p->last);
    }
    if (p->year)
        y->price = p;
    return ML_OK;
}
