/*
 * compare.c — see compare.h.  The annual samples are read back from the
 * results files (report never simulates); a scenario's figures are the
 * file's own (summary, policy), so a comparison's two values are the ones
 * the side-by-side table shows.
 */
#include "compare.h"
#include "development.h"
#include "h5in_draws.h"
#include "h5in_ledger.h"
#include "measures.h"
#include "metric_defs.h"
#include "report_rates.h"
#include "rng.h"
#include "stats.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One side of a comparison: a scenario, its conversion factor and, when
 * the couple is paired, the annual samples of the measures it has. */
typedef struct {
    const ml_in_scenario *s;
    double f;
    double *annual[ML_N_MEASURES];
    ml_in_pattern pattern; /* the payment pattern's terms, where the file has ledgers */
    ml_in_draws draws;
} side;

static const ml_in_measure *measure(const ml_in_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_measures; i++)
        if (!strcmp(s->m[i].name, name))
            return &s->m[i];
    return NULL;
}

static const ml_in_metric *metric(const ml_in_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->n_metrics; i++)
        if (!strcmp(s->metric[i].name, name))
            return &s->metric[i];
    return NULL;
}

/* Every measure of the file's summary that ml_measure_name knows. */
static int load_samples(side *d, ml_err *err)
{
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (!measure(d->s, ml_measure_name[m]))
            continue;
        size_t n = 0;
        int rc = ml_h5in_annual(d->s->file, d->s->name, ml_measure_name[m], &d->annual[m], &n,
                                err);
        if (rc)
            return rc;
        if (n != d->s->replicates)
            return ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/annual/%s has %zu values, not "
                            "replicates = %llu", d->s->file, d->s->name, ml_measure_name[m], n,
                            (unsigned long long)d->s->replicates);
    }
    return d->s->dev_years ? ml_h5in_pattern(d->s->file, d->s->name, d->s->replicates,
                                             &d->pattern, err)
                           : ML_OK;
}

static void side_free(side *d)
{
    for (int m = 0; m < ML_N_MEASURES; m++)
        free(d->annual[m]);
    ml_in_pattern_free(&d->pattern);
    ml_in_draws_free(&d->draws);
}

/* ---- the paired bootstrap of a quantile ------------------------------- */

/* The k-th smallest of a[n] (0-based), reordering a (Hoare's selection). */
static double select_kth(double *a, long n, long k)
{
    long lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return a[k];
    }
    return a[k];
}

static double sd_finite(const double *x, size_t n)
{
    double s = 0.0, ss = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            s += x[i];
            m++;
        }
    if (m < 2)
        return NAN;
    double mean = s / (double)m;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            ss += (x[i] - mean) * (x[i] - mean);
    return sqrt(ss / (double)(m - 1));
}

int ml_cmp_bootstrap_var(const double *xb, const double *xv, size_t n, uint64_t seed,
                         double fb, double fv, unsigned long num, unsigned long den,
                         ml_paired *p, ml_err *err)
{
    double *wb = malloc(n * sizeof *wb), *wv = malloc(n * sizeof *wv);
    double *d = malloc(ML_CMP_BOOTSTRAP * sizeof *d), *q = malloc(ML_CMP_BOOTSTRAP * sizeof *q);
    gsl_rng *r = gsl_rng_alloc(ml_rng_philox);
    int rc = ML_OK;
    if (!wb || !wv || !d || !q || !r) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for the bootstrap of %zu replicates", n);
        goto done;
    }
    long k = (long)ml_quantile_rank(n, num, den) - 1;
    for (uint32_t b = 0; b < ML_CMP_BOOTSTRAP; b++) {
        ml_rng_stream(r, seed, b, ML_RNG_ALL_HOSPITALS, 0, ML_P_BOOTSTRAP);
        for (size_t i = 0; i < n; i++) {
            size_t at = gsl_rng_uniform_int(r, n);
            wb[i] = xb[at];
            wv[i] = xv[at];
        }
        double vb = fb * select_kth(wb, (long)n, k), vv = fv * select_kth(wv, (long)n, k);
        d[b] = vv - vb;
        q[b] = vb != 0.0 ? vv / vb : NAN;
    }
    p->diff_se = sd_finite(d, ML_CMP_BOOTSTRAP);
    p->ratio_se = isfinite(p->ratio) ? sd_finite(q, ML_CMP_BOOTSTRAP) : NAN;
done:
    if (r)
        gsl_rng_free(r);
    free(wb);
    free(wv);
    free(d);
    free(q);
    return rc;
}

/* ---- one row --------------------------------------------------------- */

/* The influence function of headline figure name of side d (value v as in
 * the file, before conversion) into psi[n], or a reason it has none. */
static const char *influence(const side *d, const char *name, double v, double *psi,
                             double *scratch)
{
    size_t n = d->s->replicates;
    const double *ins = d->annual[ML_M_INSURED];
    if (!strcmp(name, "pure_premium") || !strcmp(name, "insured_tvar99")) {
        if (!ins)
            return "the file has no annual insured samples";
        if (name[0] == 'p') {
            ml_influence_mean(ins, n, v, psi);
        } else {
            ml_sort_copy(ins, n, scratch);
            ml_influence_tvar(ins, n, 0.99, ml_var_sorted(scratch, n, 990, 1000), v, psi);
        }
        return NULL;
    }
    unsigned by;
    if (ml_dev_pattern_by(name, &by)) {
        /* A ratio of totals over the ledgers (development.h), so the
         * influence of every policy metric (ml_metric_influence, its
         * guards too): (a_r - R b_r) / mean(b). */
        const ml_in_pattern *p = &d->pattern;
        if (!p->dev_years)
            return "the file keeps no development ledgers";
        if (by > p->dev_years)
            return "more development years than the file's ledgers keep";
        double sb = 0.0;
        for (size_t r = 0; r < n; r++) {
            ml_dev_pattern_terms(p->paid + r * p->dev_years, p->months[r], p->comp[r],
                                 p->dev_years, by, &psi[r], &scratch[r]);
            sb += scratch[r];
        }
        const double mb = sb / (double)n;
        for (size_t r = 0; r < n; r++)
            psi[r] = mb > 0.0 && isfinite(v) ? (psi[r] - v * scratch[r]) / mb : 0.0;
        return NULL;
    }
    const ml_metric_def *def = ml_metric_def_find(name);
    if (!def)
        return "not a metric this medliab defines";
    if (def->kind == ML_MK_P90_MONTHS)
        return "a quantile of claims pooled over the run: the file keeps no per-year data";
    const double *const *a = (const double *const *)d->annual;
    if (!ml_metric_def_readable(def, a))
        return "the file lacks a measure the metric is made of";
    /* A figure per exposure unit: the file does not hold the exposure, but
     * R = mean(a) / exposure gives it back (the value is 0 only when every
     * a_r is, and then psi is 0 whatever the exposure). */
    double c = 1.0;
    if (def->den_kind == ML_DEN_EXPOSURE) {
        double sa = 0.0;
        for (size_t r = 0; r < n; r++)
            sa += ml_metric_num(def, a, r);
        c = v != 0.0 ? sa / (double)n / v : 0.0;
    }
    ml_metric_influence(def, a, n, c, v, psi);
    return NULL;
}

/* The file's value and Monte Carlo se of headline figure name, and whether
 * it is an amount; 0 when the scenario lacks the figure. */
static int figure(const ml_in_scenario *s, const char *name, double *v, double *se,
                  const char **unit)
{
    const ml_in_measure *ins = measure(s, "insured");
    *unit = NULL;
    if (!strcmp(name, "pure_premium") && ins) {
        *v = ins->mean;
        *se = ins->se;
    } else if (!strcmp(name, "insured_var995") && ins) {
        *v = ins->var995;
        *se = ml_var_se_from_ci(ins->var995_lo, ins->var995_hi);
    } else if (!strcmp(name, "insured_tvar99") && ins) {
        *v = ins->tvar99;
        *se = ins->tvar99_se;
    } else {
        const ml_in_metric *m = metric(s, name);
        if (!m)
            return 0;
        *v = m->value;
        *se = m->mc_se;
        *unit = m->unit;
    }
    return 1;
}

static int row(side *b, side *v, const ml_cmp *c, const char *name, const char *cur,
               double *psi_b, double *psi_v, double *scratch, ml_cmp_row *out, ml_err *err)
{
    double xb, seb, xv, sev;
    const char *unit, *unit_v;
    memset(out, 0, sizeof *out);
    if (!figure(b->s, name, &xb, &seb, &unit) || !figure(v->s, name, &xv, &sev, &unit_v))
        return 0;
    snprintf(out->figure, sizeof out->figure, "%s", name);
    /* Amounts: the insured figures, and policy metrics whose unit is money. */
    const char *to = cur[0] ? cur : b->s->currency;
    int amount = unit ? ml_unit_in_currency(unit, b->s->currency, to, out->unit,
                                            sizeof out->unit)
                      : (snprintf(out->unit, sizeof out->unit, "%s", to), 1);
    if (unit && !amount)
        snprintf(out->unit, sizeof out->unit, "%s", unit);
    double fb = amount ? b->f : 1.0, fv = amount ? v->f : 1.0;
    out->base = xb * fb;
    out->value = xv * fv;
    out->ratio_p05 = out->ratio_p95 = out->diff_p05 = out->diff_p95 = NAN;
    if (amount && !cur[0] && strcmp(b->s->currency, v->s->currency)) {
        out->method = ML_CMP_NONE;
        out->p.diff = out->p.diff_se = out->p.ratio = out->p.ratio_se = NAN;
        snprintf(out->why, sizeof out->why, "amounts in %s and %s: pass --rates to compare",
                 b->s->currency, v->s->currency);
        return 1;
    }
    /* An unpaired couple's rows carry no reason of their own: it is the
     * couple's (c->why). */
    const char *why = c->paired ? NULL : "";
    size_t n = b->s->replicates;
    if (!why && !strcmp(name, "insured_var995")) {
        if (!b->annual[ML_M_INSURED] || !v->annual[ML_M_INSURED])
            why = "the file has no annual insured samples";
        else {
            out->method = ML_CMP_BOOTSTRAP_SE;
            out->p.diff = out->value - out->base;
            out->p.ratio = out->base != 0.0 ? out->value / out->base : NAN;
            if (ml_cmp_bootstrap_var(b->annual[ML_M_INSURED], v->annual[ML_M_INSURED], n,
                              b->s->seed, fb, fv, 995, 1000, &out->p, err))
                return -1;
        }
    } else if (!why && !(why = influence(b, name, xb, psi_b, scratch)) &&
               !(why = influence(v, name, xv, psi_v, scratch))) {
        for (size_t r = 0; r < n; r++) {
            psi_b[r] *= fb;
            psi_v[r] *= fv;
        }
        out->method = ML_CMP_INFLUENCE;
        ml_paired_influence(out->base, psi_b, out->value, psi_v, n, &out->p);
    }
    if (why) {
        out->method = ML_CMP_UNPAIRED;
        snprintf(out->why, sizeof out->why, "%s", why);
        ml_paired_unpaired(out->base, seb * fb, out->value, sev * fv, &out->p);
    }
    long jb = c->k ? ml_in_draws_column(&b->draws, name) : -1;
    long jv = c->k ? ml_in_draws_column(&v->draws, name) : -1;
    if (jb >= 0 && jv >= 0) {
        for (size_t k = 0; k < c->k; k++) {
            psi_b[k] = b->draws.x[k * b->draws.nf + (size_t)jb] * fb;
            psi_v[k] = v->draws.x[k * v->draws.nf + (size_t)jv] * fv;
        }
        out->draws = ml_paired_draws(psi_b, psi_v, c->k, scratch, &out->ratio_p05,
                                     &out->ratio_p95, &out->diff_p05, &out->diff_p95);
    }
    return 1;
}

/* ---- the couple -------------------------------------------------------- */

static void pairing(const ml_in_scenario *b, const ml_in_scenario *v, ml_cmp *c)
{
    c->paired = b->seed == v->seed && b->replicates == v->replicates;
    if (b->seed != v->seed)
        snprintf(c->why, sizeof c->why, "not paired: seeds differ (%llu and %llu), so the "
                 "years saw different incidents", (unsigned long long)b->seed,
                 (unsigned long long)v->seed);
    else if (b->replicates != v->replicates)
        snprintf(c->why, sizeof c->why, "not paired: replicate counts differ (%llu and %llu)",
                 (unsigned long long)b->replicates, (unsigned long long)v->replicates);
}

static int draws(side *b, side *v, ml_cmp *c, ml_err *err)
{
    int rc = ml_h5in_draws(b->s->file, b->s->name, &b->draws, err);
    if (!rc)
        rc = ml_h5in_draws(v->s->file, v->s->name, &v->draws, err);
    if (rc || (!b->draws.k && !v->draws.k))
        return rc;
    if (!b->draws.k || !v->draws.k)
        snprintf(c->draws_why, sizeof c->draws_why, "no interval: %s has parameter draws, %s "
                 "none", b->draws.k ? b->s->name : v->s->name,
                 b->draws.k ? v->s->name : b->s->name);
    else if (b->draws.k != v->draws.k)
        snprintf(c->draws_why, sizeof c->draws_why, "no interval: %zu and %zu parameter "
                 "draws", b->draws.k, v->draws.k);
    else if (!c->paired)
        snprintf(c->draws_why, sizeof c->draws_why, "no interval: the draws of two runs are "
                 "not paired");
    else
        c->k = b->draws.k;
    return ML_OK;
}

int ml_compare(const ml_in_scenario *sc, size_t j, size_t bi, const double *factor,
               const char *cur, ml_cmp *c, ml_err *err)
{
    memset(c, 0, sizeof *c);
    c->scenario = j;
    c->baseline = bi;
    side b = {.s = &sc[bi], .f = factor[bi]}, v = {.s = &sc[j], .f = factor[j]};
    pairing(b.s, v.s, c);
    size_t n = b.s->replicates > v.s->replicates ? b.s->replicates : v.s->replicates;
    int rc = ML_OK;
    double *psi_b = NULL, *psi_v = NULL, *scratch = NULL;
    if ((c->paired && ((rc = load_samples(&b, err)) || (rc = load_samples(&v, err)))) ||
        (rc = draws(&b, &v, c, err)))
        goto done;
    if (c->k > n)
        n = c->k;
    size_t cap = 3 + b.s->n_metrics;
    psi_b = malloc(n * sizeof *psi_b);
    psi_v = malloc(n * sizeof *psi_v);
    scratch = malloc(n * sizeof *scratch);
    c->row = calloc(cap, sizeof *c->row);
    if (!psi_b || !psi_v || !scratch || !c->row) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory comparing %s with %s", v.s->name,
                      b.s->name);
        goto done;
    }
    static const char *const insured[] = {"pure_premium", "insured_var995", "insured_tvar99"};
    for (size_t i = 0; i < cap && rc >= 0; i++) {
        const char *name = i < 3 ? insured[i] : b.s->metric[i - 3].name;
        rc = row(&b, &v, c, name, cur, psi_b, psi_v, scratch, &c->row[c->n], err);
        if (rc > 0)
            c->n++;
    }
    rc = rc < 0 ? ML_ENOMEM : ML_OK;
done:
    side_free(&b);
    side_free(&v);
    free(psi_b);
    free(psi_v);
    free(scratch);
    if (rc)
        ml_cmp_free(c);
    return rc;
}

void ml_cmp_free(ml_cmp *c)
{
    free(c->row);
    c->row = NULL;
    c->n = 0;
}

const char *ml_cmp_method_name(const ml_cmp_method m)
{
    switch (m) {
    case ML_CMP_INFLUENCE: return "paired";
    case ML_CMP_BOOTSTRAP_SE: return "paired bootstrap";
    case ML_CMP_UNPAIRED: return "unpaired";
    default: return "none";
    }
}
