/*
 * params.c — see params.h: distributions of uncertain numbers, their
 * quantiles (inversion, truncated to the field's range), the list a load
 * collects them in, and --set arguments.
 */
#include "params.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ml_dist_name[ML_N_DISTS + 1] = {"uniform",   "triangular", "beta", "gamma",
                                                  "lognormal", "normal",     NULL};

/* The untruncated distribution's CDF and quantile. */
static double cdf(const ml_param *p, double x)
{
    switch (p->kind) {
    case ML_DIST_UNIFORM:
        return x <= p->a ? 0.0 : x >= p->b ? 1.0 : (x - p->a) / (p->b - p->a);
    case ML_DIST_TRIANGULAR: {
        double a = p->a, b = p->b, c = p->value;
        if (x <= a)
            return 0.0;
        if (x >= b)
            return 1.0;
        if (x <= c)
            return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case ML_DIST_BETA:
        return x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : gsl_cdf_beta_P(x, p->a, p->b);
    case ML_DIST_GAMMA:
        return x <= 0.0 ? 0.0 : gsl_cdf_gamma_P(x, p->a, p->b);
    case ML_DIST_LOGNORMAL:
        return x <= 0.0 ? 0.0 : gsl_cdf_lognormal_P(x, p->a, p->b);
    case ML_DIST_NORMAL:
        return gsl_cdf_gaussian_P(x - p->a, p->b);
    default:
        return NAN;
    }
}

static double quantile(const ml_param *p, double u)
{
    switch (p->kind) {
    case ML_DIST_UNIFORM:
        return p->a + u * (p->b - p->a);
    case ML_DIST_TRIANGULAR: {
        double a = p->a, b = p->b, c = p->value, fc = (c - a) / (b - a);
        return u <= fc ? a + sqrt(u * (b - a) * (c - a))
                       : b - sqrt((1.0 - u) * (b - a) * (b - c));
    }
    case ML_DIST_BETA:
        return gsl_cdf_beta_Pinv(u, p->a, p->b);
    case ML_DIST_GAMMA:
        return gsl_cdf_gamma_Pinv(u, p->a, p->b);
    case ML_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(u, p->a, p->b);
    case ML_DIST_NORMAL:
        return p->a + gsl_cdf_gaussian_Pinv(u, p->b);
    default:
        return NAN;
    }
}

double ml_param_mass(const ml_param *p)
{
    double lo = isfinite(p->lo) ? cdf(p, p->lo) : 0.0;
    double hi = isfinite(p->hi) ? cdf(p, p->hi) : 1.0;
    return hi - lo;
}

double ml_param_quantile(const ml_param *p, double u)
{
    /* Truncation by inversion: u is spread over [F(lo), F(hi)], so one
     * uniform still makes one draw and the draw is monotone in u (what a
     * Sobol design and common random numbers need). */
    double flo = isfinite(p->lo) ? cdf(p, p->lo) : 0.0;
    double fhi = isfinite(p->hi) ? cdf(p, p->hi) : 1.0;
    double x = quantile(p, flo + u * (fhi - flo));
    /* Rounding in the inverse may step a hair outside the field's range. */
    if (x < p->lo)
        x = p->lo;
    if (x > p->hi)
        x = p->hi;
    return x;
}

double ml_param_low(const ml_param *p)
{
    if (p->kind == ML_DIST_UNIFORM || p->kind == ML_DIST_TRIANGULAR)
        return p->a;
    return ml_param_quantile(p, 0.05);
}

double ml_param_high(const ml_param *p)
{
    if (p->kind == ML_DIST_UNIFORM || p->kind == ML_DIST_TRIANGULAR)
        return p->b;
    return ml_param_quantile(p, 0.95);
}

uint32_t ml_param_hash(const char *key)
{
    /* FNV-1a, 32 bits: a stable function of the key's text, so a
     * parameter's stream is the same on every machine and in every run
     * that names it. */
    uint32_t h = 2166136261u;
    for (const unsigned char *s = (const unsigned char *)key; *s; s++) {
        h ^= *s;
        h *= 16777619u;
    }
    return h;
}

const ml_param *ml_params_find(const ml_params *l, const char *key)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (!strcmp(l->p[i].key, key))
            return &l->p[i];
    return NULL;
}

static int same_dist(const ml_param *a, const ml_param *b)
{
    return a->kind == b->kind && a->value == b->value && a->a == b->a && a->b == b->b;
}

int ml_params_add(ml_params *l, const ml_param *p, ml_err *err)
{
    const ml_param *old = ml_params_find(l, p->key);
    if (old) {
        /* One parameter has one draw: the fields that share it must admit
         * the same values, else a draw truncated to one field's range
         * could be written into the other's. */
        if (same_dist(old, p) && (old->lo != p->lo || old->hi != p->hi))
            return ML_ERROR(err, ML_EINVAL, "%s: %s: parameter '%s' is also given at %s (%s), "
                            "a field of range [%g, %g], and this one's is [%g, %g]; numbers "
                            "that share a name must admit the same values", p->where,
                            p->field, p->key, old->where, old->field, old->lo, old->hi,
                            p->lo, p->hi);
        if (same_dist(old, p))
            return ML_OK;
        return ML_ERROR(err, ML_EINVAL, "%s: %s: parameter '%s' is also given at %s (%s) "
                        "with another value or distribution; numbers that share a name "
                        "are one parameter and must agree", p->where, p->field, p->key,
                        old->where, old->field);
    }
    uint32_t h = ml_param_hash(p->key);
    for (size_t i = 0; i < l->n; i++)
        if (ml_param_hash(l->p[i].key) == h)
            return ML_ERROR(err, ML_EINVAL, "%s: %s: parameters '%s' and '%s' would share a "
                            "random stream (their keys hash alike); give one of them another name:",
                            p->where, p->field, p->key, l->p[i].key);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        ml_param *q = realloc(l->p, cap * sizeof *q);
        if (!q)
            return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu parameters", cap);
        l->p = q;
        l->cap = cap;
    }
    l->p[l->n++] = *p;
    return ML_OK;
}

void ml_params_free(ml_params *l)
{
    free(l->p);
    memset(l, 0, sizeof *l);
}

int ml_override_parse(const char *arg, ml_override *o, ml_err *err)
{
    memset(o, 0, sizeof *o);
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return ML_ERROR(err, ML_EINVAL, "--set %s: expected PATH=VALUE, e.g. "
                        "regime.lifecycle.insurance.participation=0.8", arg);
    o->path = arg;
    o->path_len = (size_t)(eq - arg);
    o->text = eq + 1;
    return ML_OK;
}

int ml_override_log_add(ml_override_log *l, const char *path, double written)
{
    double w;
    if (ml_override_log_find(l, path, &w))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        ml_override_hit *h = realloc(l->h, cap * sizeof *h);
        if (!h)
            return -1;
        l->h = h;
        l->cap = cap;
    }
    snprintf(l->h[l->n].path, sizeof l->h[l->n].path, "%s", path);
    l->h[l->n++].written = written;
    return 0;
}

int ml_override_log_find(const ml_override_log *l, const char *path, double *written)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (!strcmp(l->h[i].path, path)) {
            *written = l->h[i].written;
            return 1;
        }
    return 0;
}

void ml_override_log_free(ml_override_log *l)
{
    free(l->h);
    memset(l, 0, sizeof *l);
}
