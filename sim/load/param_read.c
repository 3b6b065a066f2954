/*
 * param_read.c — a number's distribution ({value, range | dist, ...}), and
 * the load's overrides, at the moment the number is read (params.h).
 *
 * Kept apart from yamlread.c's plain readers: every number passes through
 * ml_yr_uncertain once read, so a distribution is validated with the field
 * it belongs to (its range must fit the field's) and an override is
 * checked as the file's own value would be.
 */
#include "yamlread.h"

#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void ml_yr_inherit(ml_yr *sub, const ml_yr *parent)
{
    sub->opts = parent->opts;
}

/* A finite number written as a plain scalar, in [lo, hi]. */
static int spec_number(ml_yr *y, yaml_node_t *n, const ml_fp *field, double lo, double hi,
                       double *out)
{
    const char *s = ml_yr_scalar(n);
    if (!s || ml_yr_is_null(n) || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ml_yr_fail_at(y, n, field, "expected a number written plainly");
    char why[256];
    if (ml_number_text(s, lo, hi, 0, out, why, sizeof why))
        return ml_yr_fail_at(y, n, field, "%s", why);
    return ML_OK;
}

/* A parameter of the distribution under key; positive: it must be > 0 (a
 * shape, scale or spread), said in words rather than as a range whose low
 * end is the smallest double. */
static int spec_key(ml_yr *y, yaml_node_t *map, const ml_fp *at, const char *key,
                    int positive, double *out)
{
    ml_fp f = ml_fp_key(at, key);
    yaml_node_t *n = ml_yr_get(y, map, key);
    if (!n)
        return ml_yr_fail_at(y, map, &f, "required for this distribution");
    int rc = spec_number(y, n, &f, -DBL_MAX, DBL_MAX, out);
    if (!rc && positive && !(*out > 0.0))
        return ml_yr_fail_at(y, n, &f, "%g: expected a positive number", *out);
    return rc;
}

/* The keys a distribution takes besides dist and name. */
static const char *const dist_keys[ML_N_DISTS][3] = {
    {"range", NULL, NULL},   {"range", NULL, NULL},  {"alpha", "beta", NULL},
    {"shape", "scale", NULL}, {"meanlog", "sdlog", NULL}, {"mean", "sd", NULL}};

static int range_pair(ml_yr *y, yaml_node_t *map, const ml_fp *at, ml_param *p)
{
    ml_fp f = ml_fp_key(at, "range");
    yaml_node_t *r = ml_yr_get(y, map, "range");
    if (!r)
        return ml_yr_fail_at(y, map, &f, "required for a %s distribution: [low, high]",
                             ml_dist_name[p->kind]);
    if (r->type != YAML_SEQUENCE_NODE || ml_yr_len(r) != 2)
        return ml_yr_fail_at(y, r, &f, "expected [low, high], two numbers");
    ml_fp f0 = ml_fp_item(&f, 0), f1 = ml_fp_item(&f, 1);
    int rc;
    if ((rc = spec_number(y, ml_yr_item(y, r, 0), &f0, p->lo, p->hi, &p->a)) ||
        (rc = spec_number(y, ml_yr_item(y, r, 1), &f1, p->lo, p->hi, &p->b)))
        return rc;
    if (!(p->a < p->b))
        return ml_yr_fail_at(y, r, &f, "[%g, %g]: the low end must be below the high end",
                             p->a, p->b);
    if (!(p->value >= p->a && p->value <= p->b))
        return ml_yr_fail_at(y, r, &f, "[%g, %g] does not contain the value %g", p->a, p->b,
                             p->value);
    return ML_OK;
}

/* The parameters of p's distribution from map, checked against its value. */
static int dist_params(ml_yr *y, yaml_node_t *map, const ml_fp *at, ml_param *p)
{
    int rc;
    switch (p->kind) {
    case ML_DIST_UNIFORM:
    case ML_DIST_TRIANGULAR:
        return range_pair(y, map, at, p);
    case ML_DIST_BETA:
        if ((rc = spec_key(y, map, at, "alpha", 1, &p->a)) ||
            (rc = spec_key(y, map, at, "beta", 1, &p->b)))
            return rc;
        if (!(p->value >= 0.0 && p->value <= 1.0))
            return ml_yr_fail_at(y, map, at, "value %g is outside a beta distribution's "
                                 "support [0, 1]", p->value);
        return ML_OK;
    case ML_DIST_GAMMA:
        if ((rc = spec_key(y, map, at, "shape", 1, &p->a)) ||
            (rc = spec_key(y, map, at, "scale", 1, &p->b)))
            return rc;
        if (!(p->value >= 0.0))
            return ml_yr_fail_at(y, map, at, "value %g is outside a gamma distribution's "
                                 "support [0, inf)", p->value);
        return ML_OK;
    case ML_DIST_LOGNORMAL:
        if ((rc = spec_key(y, map, at, "meanlog", 0, &p->a)) ||
            (rc = spec_key(y, map, at, "sdlog", 1, &p->b)))
            return rc;
        if (!(p->value > 0.0))
            return ml_yr_fail_at(y, map, at, "value %g is outside a lognormal "
                                 "distribution's support (0, inf)", p->value);
        return ML_OK;
    case ML_DIST_NORMAL:
        return (rc = spec_key(y, map, at, "mean", 0, &p->a)) ? rc
               : spec_key(y, map, at, "sd", 1, &p->b);
    default:
        return ML_EINVAL;
    }
}

/* Keys of map that the distribution does not take are refused by name. */
static int check_spec_keys(ml_yr *y, yaml_node_t *map, const ml_fp *at, const ml_param *p)
{
    static const char *const all[] = {"range", "alpha", "beta",  "shape", "scale",
                                      "meanlog", "sdlog", "mean", "sd",   NULL};
    for (const char *const *k = all; *k; k++) {
        yaml_node_t *n = ml_yr_get(y, map, *k);
        if (!n)
            continue;
        int ok = 0;
        for (int j = 0; j < 3 && dist_keys[p->kind][j]; j++)
            ok |= !strcmp(dist_keys[p->kind][j], *k);
        if (!ok) {
            ml_fp f = ml_fp_key(at, *k);
            return ml_yr_fail_at(y, n, &f, "not a parameter of a %s distribution (it takes "
                                 "%s%s%s)", ml_dist_name[p->kind], dist_keys[p->kind][0],
                                 dist_keys[p->kind][1] ? " and " : "",
                                 dist_keys[p->kind][1] ? dist_keys[p->kind][1] : "");
        }
    }
    return ML_OK;
}

static int good_name(const char *s)
{
    if (!*s || strlen(s) >= 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

/* The key of a number without a name: the last two components of its
 * file's path, and its field path. */
static void default_key(const ml_yr *y, const char *field, char *out, size_t cap)
{
    /* The file's real path first: "china.yaml", "./china.yaml" and
     * "scenarios/china.yaml" are one file, and must give one key. */
    char real[PATH_MAX];
    const char *f = realpath(y->file, real) ? real : y->file, *last = NULL, *prev = NULL;
    for (const char *c = f; *c; c++)
        if (*c == '/') {
            prev = last;
            last = c;
        }
    const char *tail = prev ? prev + 1 : f;
    snprintf(out, cap, "%.63s:%.250s", tail, field);
}

/* Reads the distribution in map, if any, into p (*has = 1). */
static int read_spec(ml_yr *y, yaml_node_t *map, const ml_fp *field, double value, double lo,
                     double hi, ml_param *p, int *has)
{
    *has = 0;
    yaml_node_t *d = ml_yr_get(y, map, "dist"), *r = ml_yr_get(y, map, "range");
    yaml_node_t *nm = ml_yr_get(y, map, "name");
    int any = 0;
    static const char *const pk[] = {"alpha", "beta", "shape", "scale", "meanlog",
                                     "sdlog", "mean", "sd", NULL};
    for (const char *const *k = pk; *k; k++)
        any |= ml_yr_get(y, map, *k) != NULL;
    if (!d && !r) {
        if (any || nm)
            return ml_yr_fail_at(y, map, field, "a distribution's parameters%s are given "
                                 "without dist: or range:", nm ? " (or name)" : "");
        return ML_OK;
    }
    if (!isfinite(value))
        return ml_yr_fail_at(y, map, field, "an unlimited value cannot carry a distribution");
    memset(p, 0, sizeof *p);
    p->value = value;
    p->lo = lo;
    p->hi = hi;
    p->kind = ML_DIST_UNIFORM;
    int rc;
    if (d) {
        int k = 0;
        if ((rc = ml_yr_enum_at(y, map, "dist", field, ml_dist_name, 1, 0, &k)))
            return rc;
        p->kind = (ml_dist_kind)k;
    }
    if ((rc = check_spec_keys(y, map, field, p)) || (rc = dist_params(y, map, field, p)))
        return rc;
    ml_fp_write(field, y->top, p->field, sizeof p->field);
    snprintf(p->where, sizeof p->where, "%s:%lu", y->file, ml_yr_line(map));
    if (nm) {
        ml_fp fn = ml_fp_key(field, "name");
        const char *s = ml_yr_scalar(nm);
        if (!s || !good_name(s))
            return ml_yr_fail_at(y, nm, &fn, "expected a name of letters, digits, '_', '.' "
                                 "or '-' (at most 63)");
        snprintf(p->key, sizeof p->key, "%s", s);
    } else
        default_key(y, p->field, p->key, sizeof p->key);
    double mass = ml_param_mass(p);
    if (!(mass >= 1e-6))
        return ml_yr_fail_at(y, map, field, "the %s distribution puts %.3g of its probability "
                             "in the field's range [%g, %g]; draws would all sit at its ends",
                             ml_dist_name[p->kind], mass, lo, hi);
    *has = 1;
    return ML_OK;
}

static int by_path(const ml_override *v, const char *path, size_t len)
{
    return v->path && v->path_len == len && !strncmp(v->path, path, len);
}

int ml_yr_whole(ml_yr *y, yaml_node_t *map, yaml_node_t *at, const ml_fp *field, uint64_t lo,
                uint64_t hi, uint64_t *x)
{
    static const char *const keys[] = {ML_YR_UNCERTAIN_KEYS, NULL};
    for (const char *const *k = keys; map && *k; k++) {
        yaml_node_t *n = ml_yr_get(y, map, *k);
        if (n) {
            ml_fp f = ml_fp_key(field, *k);
            return ml_yr_fail_at(y, n, &f, "a whole number cannot carry a distribution (its "
                                 "draws would not be whole numbers); give it one value");
        }
    }
    const ml_load_opts *o = y->opts;
    if (!o || !o->n_set)
        return ML_OK;
    char path[512];
    size_t len = ml_fp_write(field, y->top, path, sizeof path);
    for (size_t i = 0; i < o->n_set; i++) {
        const ml_override *v = &o->set[i];
        if (!by_path(v, path, len))
            continue;
        char why[256], num[64];
        const char *text = v->text;
        if (!text) {
            snprintf(num, sizeof num, "%.17g", v->value);
            text = num;
        }
        if (ml_whole_text(text, lo, hi, x, why, sizeof why))
            return ML_ERROR(y->err, ML_EINVAL, "--set %.*s=%s: %s (the field read at "
                            "%s:%lu)", (int)v->path_len, v->path, text, why, y->file,
                            ml_yr_line(at));
        if (o->used)
            o->used[i] = 1;
    }
    return ML_OK;
}

int ml_yr_uncertain(ml_yr *y, yaml_node_t *map, yaml_node_t *at, const ml_fp *field,
                    double lo, double hi, int unlimited, double *x)
{
    ml_param p;
    int has = 0, rc;
    if (map) {
        /* The parameters of a distribution are plain numbers: no override
         * reaches them while they are read. */
        const ml_load_opts *o = y->opts;
        y->opts = NULL;
        rc = read_spec(y, map, field, *x, lo, hi, &p, &has);
        y->opts = o;
        if (rc)
            return rc;
    }
    const ml_load_opts *o = y->opts;
    if (!o)
        return ML_OK;
    char path[512];
    size_t len = o->n_set ? ml_fp_write(field, y->top, path, sizeof path) : 0;
    int set = 0, hit = 0;
    double written = *x;
    for (size_t i = 0; i < o->n_set; i++)
        set |= by_path(&o->set[i], path, len);
    /* A number set on the command line is fixed: it is no parameter of
     * the run (its draws would be listed but never used), and it stays
     * set in every draw. */
    if (has && !set && o->collect && (rc = ml_params_add(o->collect, &p, y->err)))
        return rc;
    if (has && !set && o->own && (rc = ml_params_add(o->own, &p, y->err)))
        return rc;
    if (!o->n_set)
        return ML_OK;
    for (size_t i = 0; i < o->n_set && !set; i++) {
        const ml_override *v = &o->set[i];
        if (v->key && has && !strcmp(v->key, p.key)) {
            /* A draw is the parameter's own quantile, truncated to this
             * field's range (ml_params_add keeps shared names to one
             * range); a value from elsewhere is checked all the same. */
            if (!(v->value >= lo && v->value <= hi))
                return ML_ERROR(y->err, ML_EINVAL, "%s: %s: parameter '%s' set to %g, outside "
                                "the field's range [%g, %g]", p.where, p.field, p.key,
                                v->value, lo, hi);
            *x = v->value;
            hit = 1;
            if (o->used)
                o->used[i] = 1;
        }
    }
    for (size_t i = 0; i < o->n_set; i++) {
        const ml_override *v = &o->set[i];
        if (!by_path(v, path, len))
            continue;
        if (v->text) {
            char why[256];
            if (ml_number_text(v->text, lo, hi, unlimited, x, why, sizeof why))
                return ML_ERROR(y->err, ML_EINVAL, "--set %.*s=%s: %s (the field read at "
                                "%s:%lu)", (int)v->path_len, v->path, v->text, why, y->file,
                                ml_yr_line(at));
        } else
            *x = v->value;
        hit = 1;
        if (o->used)
            o->used[i] = 1;
    }
    /* What the file wrote, for a lever's base: check (lever_ops.c). */
    if (hit && o->log && ml_override_log_add(o->log, path, written))
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    return ML_OK;
}
