/*
 * lever_ops.c — a lever's base, scale, add and effect (see lever_ops.h).
 */
#include "lever_ops.h"
#include "measures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field paths in messages are nested snprintf calls; one cut short in a
 * message is harmless (as in lifecycle_load.c). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

enum op { OP_BASE, OP_SCALE, OP_ADD };
static const char *const op_name[] = {"base", "scale", "add"};

typedef struct {
    ml_yr *y;
    enum op op;
    ml_lc_field *f;
    size_t n;
} walk;

/* Whether field path p lies at or beneath rel ("" is the whole lifecycle). */
static int beneath(const char *p, const char *rel)
{
    size_t k = strlen(rel);
    return k == 0 || (!strncmp(p, rel, k) && (p[k] == '\0' || p[k] == '.'));
}

static int near(double a, double b)
{
    return a == b || fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/* Applies the number (or true/false) at m.key, whose path below lifecycle
 * is rel, to every field beneath it. */
static int leaf(walk *w, yaml_node_t *m, const char *key, const char *rel, const char *field)
{
    ml_yr *y = w->y;
    yaml_node_t *v = ml_yr_get(y, m, key);
    size_t hit = 0, flags = 0, dist = 0;
    const ml_lc_field *d = NULL;
    for (size_t i = 0; i < w->n; i++)
        if (beneath(w->f[i].path, rel)) {
            hit++;
            flags += w->f[i].flag != NULL;
            if (w->f[i].dist && !d)
                d = &w->f[i];
            dist += w->f[i].dist;
        }
    if (!hit)
        return ml_yr_fail(y, v, field, "the base regime has no number or true/false at "
                          "lifecycle.%s (a misspelt name, a stage or route it lacks, or a "
                          "list or name, which only set: can change)", rel);
    if (w->op == OP_BASE && flags) {
        if (flags != hit)
            return ml_yr_fail(y, v, field, "mixes numbers and true/false; name them one "
                              "by one");
        const char *s = ml_yr_scalar(v);
        int want = s && (!strcmp(s, "true") || !strcmp(s, "yes"));
        if (!s || (!want && strcmp(s, "false") && strcmp(s, "no")))
            return ml_yr_fail(y, v, field, "expected true or false");
        for (size_t i = 0; i < w->n; i++)
            if (beneath(w->f[i].path, rel) && *w->f[i].flag != want)
                return ml_yr_fail(y, v, field, "the base regime has lifecycle.%s: %s, not "
                                  "%s: this lever was written against another base; "
                                  "review what it sets and its description",
                                  w->f[i].path, *w->f[i].flag ? "true" : "false", s);
        return ML_OK;
    }
    if (flags)
        return ml_yr_fail(y, v, field, "lifecycle.%s is or holds a true/false, not a "
                          "number: replace it with set:", rel);
    if (w->op != OP_BASE && dist)
        return ml_yr_fail(y, v, field, "lifecycle.%s is a probability of a distribution "
                          "that must sum to 1, which %s would break: give the new "
                          "distribution under set: and the one it replaces under base:",
                          d->path, op_name[w->op]);
    char pre[300]; /* field less its last part: ml_yr_number joins them */
    snprintf(pre, sizeof pre, "%s", field);
    char *dot = strrchr(pre, '.');
    if (dot)
        *dot = '\0';
    double x;
    int rc = w->op == OP_SCALE
                 ? ml_yr_number(y, m, key, pre, 0, 1e9, 1, 0, &x)
                 : ml_yr_number(y, m, key, pre, -ML_AMOUNT_MAX, ML_AMOUNT_MAX, 1, 0, &x);
    if (rc)
        return rc;
    for (size_t i = 0; i < w->n; i++) {
        ml_lc_field *f = &w->f[i];
        if (!beneath(f->path, rel))
            continue;
        double old = *f->num;
        if (w->op == OP_BASE) {
            if (!near(old, x))
                return ml_yr_fail(y, v, field, "the base regime has lifecycle.%s: %.12g, "
                                  "not %.12g: this lever was written against another base; "
                                  "review what it sets and its description", f->path, old, x);
            continue;
        }
        double now = w->op == OP_SCALE ? old * x : old + x;
        if (!(now >= f->lo && now <= f->hi))
            return ml_yr_fail(y, v, field, "lifecycle.%s: %.6g %s %.6g = %.6g, outside "
                              "[%g, %g]", f->path, old, w->op == OP_SCALE ? "x" : "+", x,
                              now, f->lo, f->hi);
        *f->num = now;
    }
    return ML_OK;
}

/* Walks mapping n, whose path below lifecycle is rel. */
static int tree(walk *w, yaml_node_t *n, const char *rel, const char *field)
{
    ml_yr *y = w->y;
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail(y, n, field, "expected a mapping with the regime's shape, ending "
                          "in numbers");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        const char *key = ml_yr_scalar(k);
        if (!key || !*key)
            return ml_yr_fail(y, k, field, "expected a field name");
        if (!strcmp(key, "source"))
            continue;
        char r[200], f[300];
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "." : "", key);
        snprintf(f, sizeof f, "%s.%s", field, key);
        int rc = v->type == YAML_MAPPING_NODE ? tree(w, v, r, f) : leaf(w, n, key, r, f);
        if (rc)
            return rc;
    }
    return ML_OK;
}

static int run(ml_yr *y, yaml_node_t *n, enum op op, ml_lc_raw *r)
{
    static const char *const keys[] = {"lifecycle", NULL};
    const char *name = op_name[op];
    int rc = ml_yr_check_map(y, n, name, keys);
    if (rc)
        return rc;
    yaml_node_t *lc = ml_yr_get(y, n, "lifecycle");
    if (!lc)
        return ML_OK;
    size_t cnt = ml_lc_fields(r, NULL, 0);
    walk w = {y, op, calloc(cnt ? cnt : 1, sizeof(ml_lc_field)), cnt};
    if (!w.f)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    ml_lc_fields(r, w.f, cnt);
    char field[64];
    snprintf(field, sizeof field, "%s.lifecycle", name);
    rc = lc->type == YAML_MAPPING_NODE ? tree(&w, lc, "", field) : leaf(&w, n, "lifecycle", "", field);
    free(w.f);
    return rc;
}

int ml_lever_base(ml_yr *y, yaml_node_t *n, ml_lc_raw *r)
{
    return run(y, n, OP_BASE, r);
}

int ml_lever_arith(ml_yr *y, yaml_node_t *n, int add, ml_lc_raw *r)
{
    return run(y, n, add ? OP_ADD : OP_SCALE, r);
}

/* ---- effect ---- */

static int is_measure(const char *s)
{
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (!strcmp(s, ml_measure_name[m]))
            return 1;
    return 0;
}

/* The per-stage counts of the stages table (`<of>_per_year`). */
static const char *const stage_counts[] = {"entered", "visits", "closed", "paid", NULL};

static int one_effect(ml_yr *y, yaml_node_t *e, const char *f)
{
    static const char *const keys[] = {"of", "per", "stage", "ratio", "difference", "value",
                                       "description", NULL};
    static const char *const sizes[] = {"ratio", "difference", "value"};
    int rc = ml_yr_check_map(y, e, f, keys);
    if (rc)
        return rc;
    char of[64], per[64], stage[64];
    if ((rc = ml_yr_string(y, e, "of", f, 1, NULL, of, sizeof of)) ||
        (rc = ml_yr_string(y, e, "per", f, 0, "", per, sizeof per)) ||
        (rc = ml_yr_string(y, e, "stage", f, 0, "", stage, sizeof stage)) ||
        (rc = ml_yr_string(y, e, "description", f, 0, "", (char[400]){0}, 400)))
        return rc;
    char g[300];
    snprintf(g, sizeof g, "%s.of", f);
    if (stage[0]) {
        int ok = 0;
        for (int i = 0; stage_counts[i]; i++)
            ok |= !strcmp(of, stage_counts[i]);
        if (!ok)
            return ml_yr_fail(y, ml_yr_get(y, e, "of"), g, "'%s' is not a count of the "
                              "stages table (entered, visits, closed, paid)", of);
        if (strcmp(per, "claims"))
            return ml_yr_fail(y, ml_yr_get(y, e, "per") ? ml_yr_get(y, e, "per") : e, f,
                              "a stage count is a share of claims: per: claims");
    } else if (!is_measure(of))
        return ml_yr_fail(y, ml_yr_get(y, e, "of"), g, "'%s' is not a measure (annual/ of "
                          "the output; README, \"Output format\")", of);
    snprintf(g, sizeof g, "%s.per", f);
    if (!stage[0] && per[0] && strcmp(per, "year") && !is_measure(per))
        return ml_yr_fail(y, ml_yr_get(y, e, "per"), g, "'%s' is neither year nor a "
                          "measure", per);
    int nsize = 0, which = -1;
    for (int i = 0; i < 3; i++)
        if (ml_yr_get(y, e, sizes[i])) {
            nsize++;
            which = i;
        }
    if (nsize != 1)
        return ml_yr_fail(y, e, f, "expected exactly one of ratio (lever / base), "
                          "difference (lever - base) or value (under the lever)");
    if (stage[0] && which != 2)
        return ml_yr_fail(y, ml_yr_get(y, e, sizes[which]), f, "a stage share is checked "
                          "as a value: the stages table has no per-replicate counts to pair");
    double x;
    if ((rc = ml_yr_number(y, e, sizes[which], f, which == 0 ? 0 : -ML_AMOUNT_MAX,
                           ML_AMOUNT_MAX, 1, 0, &x)))
        return rc;
    if (which == 0 && !(x > 0))
        return ml_yr_fail(y, ml_yr_get(y, e, "ratio"), f, "a ratio must be above 0");
    return ML_OK;
}

int ml_lever_effect(ml_yr *y, yaml_node_t *n)
{
    if (n && n->type == YAML_MAPPING_NODE)
        return one_effect(y, n, "effect");
    if (!n || n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0)
        return ml_yr_fail(y, n, "effect", "expected {of, per, ratio | difference | value} "
                          "or a list of them");
    for (size_t i = 0; i < ml_yr_len(n); i++) {
        char f[32];
        snprintf(f, sizeof f, "effect[%zu]", i);
        int rc = one_effect(y, ml_yr_item(y, n, i), f);
        if (rc)
            return rc;
    }
    return ML_OK;
}
