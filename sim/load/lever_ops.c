/*
 * lever_ops.c — a lever's base, scale, add and effect (see lever_ops.h).
 *
 * A lever's tree is walked with two field paths per level: where it is in
 * the lever file (scale.lifecycle.claiming.p_claim, for messages) and the
 * regime path it names (lifecycle.claiming.p_claim), which is matched
 * against the paths of the regime's fields (ml_lc_fields).  A key that
 * leads to no field is refused at its own line, with the keys the regime
 * has there.
 */
#include "lever_ops.h"
#include "measures.h"
#include "policy_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_BASE, OP_SCALE, OP_ADD };
static const char *const op_name[] = {"base", "scale", "add"};

typedef struct {
    ml_yr *y;
    enum op op;
    ml_lc_field *f;
    size_t n;
    const ml_fp *life; /* the regime path "lifecycle" or "policy", the top of every rel */
} walk;

/* Whether field f lies at or beneath regime path rel. */
static int beneath(const walk *w, const ml_lc_field *f, const ml_fp *rel)
{
    return ml_fp_leads_to(rel, w->life, f->part, f->n_parts);
}

static int near(double a, double b)
{
    return a == b || fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/* The regime path of field f, "lifecycle.a.b.c", malloc'd (NULL when out
 * of memory). */
static char *field_text(const walk *w, const ml_lc_field *f)
{
    ml_fp fr[ML_LC_FIELD_DEPTH];
    const ml_fp *up = w->life;
    for (unsigned i = 0; i < f->n_parts; i++) {
        fr[i] = ml_fp_key(up, f->part[i]);
        up = &fr[i];
    }
    return ml_fp_text(up, NULL);
}

static int no_memory(walk *w)
{
    return ML_ERROR(w->y->err, ML_ENOMEM, "out of memory");
}

/* Key k (lever path at, regime path rel) names no field: refused at its
 * line, with the keys the regime has beside it. */
static int no_field(walk *w, yaml_node_t *k, const ml_fp *at, const ml_fp *rel)
{
    char *t = ml_fp_text(rel, NULL);
    if (!t)
        return no_memory(w);
    ml_yr_fail_at(w->y, k, at, "the base regime has no number or true/false at %s (a "
                  "misspelt name, a stage or route it lacks, or a list or name, which only "
                  "set: can change)", t);
    free(t);
    if (rel == w->life)
        return ML_EINVAL;
    /* The distinct keys one level down from rel's parent, in field order. */
    const char *names[16];
    size_t n = 0;
    unsigned d = ml_fp_depth(rel) - ml_fp_depth(w->life) - 1;
    for (size_t i = 0; i < w->n && n <= 16; i++) {
        const ml_lc_field *f = &w->f[i];
        if (f->n_parts <= d || !beneath(w, f, rel->up))
            continue;
        size_t j = 0;
        while (j < n && strcmp(names[j], f->part[d]))
            j++;
        if (j == n && n < 16)
            names[n++] = f->part[d];
        else if (j == n)
            n = 17; /* too many to list */
    }
    return ml_err_known(w->y->err, ML_EINVAL, "the base regime has there", names, n);
}

/* Checks the true/false at v (lever field at, regime path rel) against
 * every field beneath rel: a lever's base. */
static int base_flags(walk *w, yaml_node_t *v, const ml_fp *at, const ml_fp *rel)
{
    ml_yr *y = w->y;
    const char *s = ml_yr_scalar(v);
    int want = s && (!strcmp(s, "true") || !strcmp(s, "yes"));
    if (!s || (!want && strcmp(s, "false") && strcmp(s, "no")))
        return ml_yr_fail_at(y, v, at, "expected true or false");
    for (size_t i = 0; i < w->n; i++) {
        const ml_lc_field *f = &w->f[i];
        if (!beneath(w, f, rel) || *f->flag == want)
            continue;
        char *t = field_text(w, f);
        if (!t)
            return no_memory(w);
        ml_yr_fail_at(y, v, at, "the base regime has %s: %s, not %s: this lever was written "
                      "against another base; review what it sets and its description", t,
                      *f->flag ? "true" : "false", s);
        free(t);
        return ML_EINVAL;
    }
    return ML_OK;
}

/* Whether the base's field f was set by an override (a parameter draw,
 * --set) from a written value equal to x: a lever's base checks the
 * files, and the files are right. */
static int overridden_as(const walk *w, const ml_lc_field *f, double x)
{
    const ml_load_opts *o = w->y->opts;
    if (!o || !o->log || !o->log->n)
        return 0;
    char *t = field_text(w, f);
    char path[512];
    snprintf(path, sizeof path, "regime.%s", t ? t : "");
    free(t);
    double written;
    return ml_override_log_find(o->log, path, &written) && near(written, x);
}

/* Applies the number x at v to field f (a lever's base checks it). */
static int apply(walk *w, yaml_node_t *v, const ml_fp *at, ml_lc_field *f, double x)
{
    double old = *f->num;
    double now = w->op == OP_SCALE ? old * x : old + x;
    int bad_base = w->op == OP_BASE && !near(old, x) && !overridden_as(w, f, x);
    int bad_range = w->op != OP_BASE && !(now >= f->lo && now <= f->hi);
    if (!bad_base && !bad_range) {
        if (w->op != OP_BASE)
            *f->num = now;
        return ML_OK;
    }
    char *t = field_text(w, f);
    if (!t)
        return no_memory(w);
    if (bad_base)
        ml_yr_fail_at(w->y, v, at, "the base regime has %s: %.12g, not %.12g: this lever was "
                      "written against another base; review what it sets and its "
                      "description", t, old, x);
    else
        ml_yr_fail_at(w->y, v, at, "%s: %.6g %s %.6g = %.6g, outside [%g, %g]", t, old,
                      w->op == OP_SCALE ? "x" : "+", x, now, f->lo, f->hi);
    free(t);
    return ML_EINVAL;
}

/* Applies the number (or true/false) at m.key, whose lever field is at and
 * whose regime path is rel, to every field beneath it. */
static int leaf(walk *w, yaml_node_t *m, const char *key, const ml_fp *at, const ml_fp *rel)
{
    ml_yr *y = w->y;
    yaml_node_t *v = ml_yr_get(y, m, key);
    size_t hit = 0, flags = 0;
    const ml_lc_field *d = NULL;
    for (size_t i = 0; i < w->n; i++)
        if (beneath(w, &w->f[i], rel)) {
            hit++;
            flags += w->f[i].flag != NULL;
            if (w->f[i].dist && !d)
                d = &w->f[i];
        }
    if (!hit)
        return no_field(w, v, at, rel);
    if (w->op == OP_BASE && flags) {
        if (flags != hit)
            return ml_yr_fail_at(y, v, at, "mixes numbers and true/false; name them one by "
                                 "one");
        return base_flags(w, v, at, rel);
    }
    char *t = NULL;
    if (flags || (w->op != OP_BASE && d)) {
        if (!(t = flags ? ml_fp_text(rel, NULL) : field_text(w, d)))
            return no_memory(w);
        if (flags)
            ml_yr_fail_at(y, v, at, "%s is or holds a true/false, not a number: replace it "
                          "with set:", t);
        else
            ml_yr_fail_at(y, v, at, "%s is a probability of a distribution that must sum to "
                          "1, which %s would break: give the new distribution under set: and "
                          "the one it replaces under base:", t, op_name[w->op]);
        free(t);
        return ML_EINVAL;
    }
    double x;
    int rc = w->op == OP_SCALE
                 ? ml_yr_number_at(y, m, key, at->up, 0, 1e9, 1, 0, &x)
                 : ml_yr_number_at(y, m, key, at->up, -ML_AMOUNT_MAX, ML_AMOUNT_MAX, 1, 0, &x);
    for (size_t i = 0; !rc && i < w->n; i++)
        if (beneath(w, &w->f[i], rel))
            rc = apply(w, v, at, &w->f[i], x);
    return rc;
}

/* Walks mapping n, whose lever field is at and regime path rel. */
static int tree(walk *w, yaml_node_t *n, const ml_fp *at, const ml_fp *rel)
{
    ml_yr *y = w->y;
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail_at(y, n, at, "expected a mapping with the regime's shape, ending "
                             "in numbers");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        yaml_node_t *v = ml_yr_pair_value(y, p);
        const char *key = ml_yr_scalar(k);
        if (!key || !*key)
            return ml_yr_fail_at(y, k, at, "expected a field name");
        if (!strcmp(key, "source"))
            continue;
        ml_fp fa = ml_fp_key(at, key), fr = ml_fp_key(rel, key);
        size_t hit = 0;
        for (size_t i = 0; i < w->n && !hit; i++)
            hit = beneath(w, &w->f[i], &fr);
        /* A mapping with a value is one number ({value, range}, params.h),
         * not a branch of the regime's shape. */
        int branch = v->type == YAML_MAPPING_NODE && !ml_yr_get(y, v, "value");
        int rc = !hit ? no_field(w, k, &fa, &fr)
                 : branch ? tree(w, v, &fa, &fr)
                          : leaf(w, n, key, &fa, &fr);
        if (rc)
            return rc;
    }
    return ML_OK;
}

/* Walks tree n.key (key: lifecycle or policy) over the fields f (n of
 * them) named below the regime path key. */
static int run_part(ml_yr *y, yaml_node_t *n, enum op op, const char *key, ml_lc_field *f,
                    size_t cnt)
{
    yaml_node_t *part = ml_yr_get(y, n, key);
    if (!part)
        return ML_OK;
    ml_fp top = ml_fp_key(NULL, op_name[op]);
    ml_fp root = ml_fp_key(NULL, key), at = ml_fp_key(&top, key);
    walk w = {y, op, f, cnt, &root};
    return part->type == YAML_MAPPING_NODE ? tree(&w, part, &at, &root)
                                           : leaf(&w, n, key, &at, &root);
}

static int run(ml_yr *y, yaml_node_t *n, enum op op, ml_lc_raw *r, ml_policy *pol)
{
    static const char *const keys[] = {"lifecycle", "policy", NULL};
    ml_fp top = ml_fp_key(NULL, op_name[op]);
    int rc = ml_yr_check_map_at(y, n, &top, keys);
    if (rc)
        return rc;
    size_t cnt = ml_lc_fields(r, NULL, 0);
    ml_lc_field *f = calloc(cnt ? cnt : 1, sizeof *f);
    if (!f)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    ml_lc_fields(r, f, cnt);
    rc = run_part(y, n, op, "lifecycle", f, cnt);
    free(f);
    /* The policy's terms: a handful of numbers, the same walk. */
    ml_lc_field pf[8];
    size_t pn = ml_policy_fields(pol, pf, sizeof pf / sizeof *pf);
    return rc ? rc : run_part(y, n, op, "policy", pf, pn);
}

int ml_lever_base(ml_yr *y, yaml_node_t *n, ml_lc_raw *r, ml_policy *pol)
{
    return run(y, n, OP_BASE, r, pol);
}

int ml_lever_arith(ml_yr *y, yaml_node_t *n, int add, ml_lc_raw *r, ml_policy *pol)
{
    return run(y, n, add ? OP_ADD : OP_SCALE, r, pol);
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

/* A stage effect's stage must be one of the regime's, as this lever (and
 * those before it) leave it. */
static int check_stage(ml_yr *y, yaml_node_t *e, const ml_fp *at, const char *stage,
                       const ml_lc_raw *r)
{
    const char *names[ML_STAGES_MAX];
    unsigned n = ml_lc_stage_names(r, names);
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(names[i], stage))
            return ML_OK;
    ml_fp f = ml_fp_key(at, "stage");
    ml_yr_fail_at(y, ml_yr_get(y, e, "stage"), &f, "'%s' is not a stage of the regime this "
                  "lever leaves", stage);
    return ml_err_known(y->err, ML_EINVAL, "the stages are", names, n);
}

static int one_effect(ml_yr *y, yaml_node_t *e, const ml_fp *at, const ml_lc_raw *r)
{
    static const char *const keys[] = {"of", "per", "stage", "ratio", "difference", "value",
                                       "description", NULL};
    static const char *const sizes[] = {"ratio", "difference", "value"};
    int rc = ml_yr_check_map_at(y, e, at, keys);
    if (rc)
        return rc;
    char of[64], per[64], stage[64];
    if ((rc = ml_yr_string_at(y, e, "of", at, 1, NULL, of, sizeof of)) ||
        (rc = ml_yr_string_at(y, e, "per", at, 0, "", per, sizeof per)) ||
        (rc = ml_yr_string_at(y, e, "stage", at, 0, "", stage, sizeof stage)) ||
        (rc = ml_yr_string_at(y, e, "description", at, 0, "", (char[400]){0}, 400)))
        return rc;
    ml_fp g = ml_fp_key(at, "of");
    if (stage[0]) {
        int ok = 0;
        for (int i = 0; stage_counts[i]; i++)
            ok |= !strcmp(of, stage_counts[i]);
        if (!ok)
            return ml_yr_fail_at(y, ml_yr_get(y, e, "of"), &g, "'%s' is not a count of the "
                                 "stages table (entered, visits, closed, paid)", of);
        if (strcmp(per, "claims"))
            return ml_yr_fail_at(y, ml_yr_get(y, e, "per") ? ml_yr_get(y, e, "per") : e, at,
                                 "a stage count is a share of claims: per: claims");
        if ((rc = check_stage(y, e, at, stage, r)))
            return rc;
    } else if (!is_measure(of))
        return ml_yr_fail_at(y, ml_yr_get(y, e, "of"), &g, "'%s' is not a measure (annual/ "
                             "of the output; README, \"Output format\")", of);
    g = ml_fp_key(at, "per");
    if (!stage[0] && per[0] && strcmp(per, "year") && !is_measure(per))
        return ml_yr_fail_at(y, ml_yr_get(y, e, "per"), &g, "'%s' is neither year nor a "
                             "measure", per);
    int nsize = 0, which = -1;
    for (int i = 0; i < 3; i++)
        if (ml_yr_get(y, e, sizes[i])) {
            nsize++;
            which = i;
        }
    if (nsize != 1)
        return ml_yr_fail_at(y, e, at, "expected exactly one of ratio (lever / base), "
                             "difference (lever - base) or value (under the lever)");
    if (stage[0] && which != 2)
        return ml_yr_fail_at(y, ml_yr_get(y, e, sizes[which]), at, "a stage share is checked "
                             "as a value: the stages table has no per-replicate counts to "
                             "pair");
    double x;
    if ((rc = ml_yr_number_at(y, e, sizes[which], at, which == 0 ? 0 : -ML_AMOUNT_MAX,
                              ML_AMOUNT_MAX, 1, 0, &x)))
        return rc;
    if (which == 0 && !(x > 0))
        return ml_yr_fail_at(y, ml_yr_get(y, e, "ratio"), at, "a ratio must be above 0");
    return ML_OK;
}

int ml_lever_effect(ml_yr *y, yaml_node_t *n, const ml_lc_raw *r)
{
    ml_fp top = ml_fp_key(NULL, "effect");
    if (n && n->type == YAML_MAPPING_NODE)
        return one_effect(y, n, &top, r);
    if (!n || n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0)
        return ml_yr_fail_at(y, n, &top, "expected {of, per, ratio | difference | value} "
                             "or a list of them");
    for (size_t i = 0; i < ml_yr_len(n); i++) {
        ml_fp f = ml_fp_item(&top, i);
        int rc = one_effect(y, ml_yr_item(y, n, i), &f, r);
        if (rc)
            return rc;
    }
    return ML_OK;
}
