/*
 * time_load.c — see time_load.h.
 */
#include "time_load.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* trend_by_year: {calendar year: rate}, years increasing. */
static int read_trend_table(ml_yr *y, yaml_node_t *tb, const ml_fp *up, ml_timing *t)
{
    ml_fp at = ml_fp_key(up, "trend_by_year");
    if (tb->type != YAML_MAPPING_NODE || tb->data.mapping.pairs.top == tb->data.mapping.pairs.start)
        return ml_yr_fail_at(y, tb, &at, "expected a mapping {calendar year: rate a year}");
    for (yaml_node_pair_t *p = tb->data.mapping.pairs.start; p < tb->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        const char *ks = ml_yr_scalar(k);
        char why[200];
        uint64_t yr;
        if (!ks || ml_whole_text(ks, ML_PRICE_FIRST_YEAR, ML_PRICE_LAST_YEAR, &yr, why,
                                 sizeof why))
            return ml_yr_fail_at(y, k, &at, "year '%s': %s", ks ? ks : "",
                                 ks ? why : "expected a calendar year");
        if (t->n_trend == ML_TREND_YEARS)
            return ml_yr_fail_at(y, k, &at, "more than %d years", ML_TREND_YEARS);
        if (t->n_trend && !((int)yr > t->trend_year[t->n_trend - 1]))
            return ml_yr_fail_at(y, k, &at, "year %llu after %d: years must increase",
                                 (unsigned long long)yr, t->trend_year[t->n_trend - 1]);
        t->trend_year[t->n_trend] = (int)yr;
        int rc = ml_yr_number_at(y, tb, ks, &at, -0.5, 1.0, 1, 0, &t->trend_rate[t->n_trend]);
        if (rc)
            return rc;
        t->n_trend++;
    }
    return ML_OK;
}

int ml_timing_read(ml_yr *y, yaml_node_t *m, const ml_fp *at, int textbook, ml_timing *t)
{
    memset(t, 0, sizeof *t);
    int rc;
    /* A yearly rate: -50% to +100% covers any published severity trend. */
    if ((rc = ml_yr_number_at(y, m, "trend", at, -0.5, 1.0, 0, 0.0, &t->trend)))
        return rc;
    yaml_node_t *tb = ml_yr_get(y, m, "trend_by_year");
    if (tb && ml_yr_get(y, m, "trend"))
        return ml_yr_fail_at(y, tb, at, "give 'trend' (one rate for every year) or "
                             "'trend_by_year' ({year: rate}), not both");
    if (tb && (rc = read_trend_table(y, tb, at, t)))
        return rc;
    yaml_node_t *pp = ml_yr_get(y, m, "periodical");
    if (pp) {
        static const char *const keys[] = {"threshold", "share", "years", "source", NULL};
        ml_fp f = ml_fp_key(at, "periodical");
        uint64_t yrs = 0;
        if ((rc = ml_yr_check_map_at(y, pp, &f, keys)) ||
            (rc = ml_yr_amount_at(y, pp, "threshold", &f, 0, ML_AMOUNT_MAX, 1, 0,
                                  &t->ppo_threshold)) ||
            (rc = ml_yr_number_at(y, pp, "share", &f, 0, 1, 1, 0, &t->ppo_share)) ||
            (rc = ml_yr_uint_at(y, pp, "years", &f, 1, ML_DEV_YEARS_MAX, 1, 0, &yrs)))
            return rc;
        t->ppo_years = (unsigned)yrs;
    }
    yaml_node_t *tm = ml_yr_get(y, m, "timing");
    if (tm && !textbook)
        return ml_yr_fail_at(y, tm, at, "'timing' belongs to a textbook regime; a life-cycle "
                             "regime's lags are lifecycle.claiming.report_lag_months and its "
                             "stages' months");
    if (tm) {
        static const char *const keys[] = {"report_months", "report_cv", "settle_months",
                                           "settle_cv", "source", NULL};
        ml_fp f = ml_fp_key(at, "timing");
        /* 600 months: the 50 years the time-to-closure histogram spans. */
        if ((rc = ml_yr_check_map_at(y, tm, &f, keys)) ||
            (rc = ml_yr_number_at(y, tm, "report_months", &f, 0, 600, 0, 0,
                                  &t->report_months)) ||
            (rc = ml_yr_number_at(y, tm, "report_cv", &f, 0, 10, 0, 0, &t->report_cv)) ||
            (rc = ml_yr_number_at(y, tm, "settle_months", &f, 0, 600, 0, 0,
                                  &t->settle_months)) ||
            (rc = ml_yr_number_at(y, tm, "settle_cv", &f, 0, 10, 0, 0, &t->settle_cv)))
            return rc;
    }
    return ML_OK;
}

/* The rates of curve mapping c: {tenor in years: spot rate}, tenors
 * increasing. */
static int read_rates(ml_yr *y, yaml_node_t *rates, const ml_fp *at, ml_curve *c)
{
    if (rates->type != YAML_MAPPING_NODE || !rates->data.mapping.pairs.start ||
        rates->data.mapping.pairs.top == rates->data.mapping.pairs.start)
        return ml_yr_fail_at(y, rates, at, "expected a mapping {tenor in years: spot rate}");
    for (yaml_node_pair_t *p = rates->data.mapping.pairs.start;
         p < rates->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        const char *ks = ml_yr_scalar(k);
        char why[200];
        double tenor;
        if (!ks || ml_number_text(ks, 1e-6, 200, 0, &tenor, why, sizeof why))
            return ml_yr_fail_at(y, k, at, "tenor '%s': %s", ks ? ks : "", ks ? why :
                                 "expected a number of years");
        if (c->n == ML_CURVE_MAX)
            return ml_yr_fail_at(y, k, at, "more than %d tenors", ML_CURVE_MAX);
        if (c->n && !(tenor > c->tenor[c->n - 1]))
            return ml_yr_fail_at(y, k, at, "tenor %g years after %g: tenors must increase",
                                 tenor, c->tenor[c->n - 1]);
        c->tenor[c->n] = tenor;
        /* Rates from -5% (negative-rate years) to 50% a year. */
        int rc = ml_yr_number_at(y, rates, ks, at, -0.05, 0.5, 1, 0, &c->rate[c->n]);
        if (rc)
            return rc;
        c->n++;
    }
    return ML_OK;
}

/* A curve mapping m (inline in the run file, or the root of a curve file). */
static int read_curve(ml_yr *y, yaml_node_t *m, const ml_fp *at, const char *currency,
                      ml_curve *c)
{
    static const char *const keys[] = {"name", "description", "currency", "unit", "as_of",
                                       "source", "rates", "flat", NULL};
    char ccy[8];
    int rc;
    memset(c, 0, sizeof *c);
    if ((rc = ml_yr_check_kind_at(y, m, at, YAML_MAPPING_NODE,
                                  "a yield curve {name, currency, rates | flat}")) ||
        (rc = ml_yr_check_map_at(y, m, at, keys)) ||
        (rc = ml_yr_string_at(y, m, "name", at, 1, NULL, c->name, sizeof c->name)) ||
        (rc = ml_yr_string_at(y, m, "currency", at, 1, NULL, ccy, sizeof ccy)) ||
        (rc = ml_yr_string_at(y, m, "source", at, 0, "", c->source, sizeof c->source)))
        return rc;
    if (strcmp(ccy, currency)) {
        ml_fp f = ml_fp_key(at, "currency");
        return ml_yr_fail_at(y, ml_yr_get(y, m, "currency"), &f,
                             "the curve is in %s but the regime's amounts are in %s", ccy,
                             currency);
    }
    yaml_node_t *rates = ml_yr_get(y, m, "rates"), *flat = ml_yr_get(y, m, "flat");
    if (!rates == !flat)
        return ml_yr_fail_at(y, m, at, "give exactly one of 'rates' {tenor: spot rate} or "
                             "'flat' (one rate for every tenor)");
    if (flat) {
        c->n = 1;
        c->tenor[0] = 1.0;
        return ml_yr_number_at(y, m, "flat", at, -0.05, 0.5, 1, 0, &c->rate[0]);
    }
    ml_fp f = ml_fp_key(at, "rates");
    return read_rates(y, rates, &f, c);
}

/* The curve node n of the time block: a mapping, or the path of a curve
 * file relative to the run file. */
static int load_curve(ml_yr *y, yaml_node_t *n, const ml_fp *at, const char *currency,
                      ml_curve *c)
{
    if (n->type == YAML_MAPPING_NODE)
        return read_curve(y, n, at, currency, c);
    const char *rel = ml_yr_scalar(n);
    if (!rel || !*rel || ml_yr_is_null(n))
        return ml_yr_fail_at(y, n, at, "expected a curve mapping or the path of a curve file");
    char file[512];
    ml_yr_beside(y, rel, file, sizeof file);
    ml_yr sub;
    ml_err suberr = {0};
    int rc = ml_yr_load(&sub, file, &suberr);
    ml_yr_inherit(&sub, y);
    if (rc != ML_OK && sub.open_errno) {
        rc = ml_yr_fail_at(y, n, at, "cannot open '%s': %s (looked for %s; paths are "
                           "relative to this file)", rel, strerror(sub.open_errno), file);
        ml_yr_free(&sub);
        return rc;
    }
    if (rc == ML_OK) {
        ml_fp top = ml_fp_key(NULL, "");
        rc = read_curve(&sub, ml_yr_root(&sub), &top, currency, c);
    }
    ml_yr_free(&sub);
    if (rc != ML_OK)
        ML_ERROR(y->err, rc, "%s\n  (curve referenced from %s:%lu)", suberr.msg, y->file,
                 ml_yr_line(n));
    return rc;
}

int ml_time_load(ml_yr *y, yaml_node_t *root, ml_scenario *s)
{
    ml_time *t = &s->time;
    memset(t, 0, sizeof *t);
    const ml_timing *rt = &s->regime.timing;
    t->trend = rt->trend;
    t->n_trend = rt->n_trend;
    memcpy(t->trend_year, rt->trend_year, sizeof t->trend_year);
    memcpy(t->trend_rate, rt->trend_rate, sizeof t->trend_rate);
    t->price_year = s->regime.price.year;
    yaml_node_t *m = ml_yr_get(y, root, "time");
    if (!m)
        return ML_OK;
    static const char *const keys[] = {"years", "development_years", "policy_year",
                                       "curve", NULL};
    ml_fp at = ml_fp_key(NULL, "time");
    uint64_t years = 1, dev = 30, py = 0;
    int rc;
    if ((rc = ml_yr_check_kind_at(y, m, &at, YAML_MAPPING_NODE, "a {years, ...} mapping")) ||
        (rc = ml_yr_check_map_at(y, m, &at, keys)) ||
        (rc = ml_yr_uint_at(y, m, "years", &at, 1, ML_YEARS_MAX, 0, 1, &years)) ||
        (rc = ml_yr_uint_at(y, m, "development_years", &at, 1, ML_DEV_YEARS_MAX, 0, 30, &dev)))
        return rc;
    if (dev < years) {
        ml_fp f = ml_fp_key(&at, "development_years");
        return ml_yr_fail_at(y, ml_yr_get(y, m, "development_years"), &f,
                             "%llu development years for %llu accident years; a triangle "
                             "needs at least as many development years as accident years",
                             (unsigned long long)dev, (unsigned long long)years);
    }
    if (!t->price_year && ml_yr_get(y, m, "policy_year") && (t->trend != 0.0 || t->n_trend)) {
        ml_fp f = ml_fp_key(&at, "policy_year");
        return ml_yr_fail_at(y, ml_yr_get(y, m, "policy_year"), &f,
                             "the regime states no price_year, so its trend has no year to "
                             "start from; add price_year to the regime");
    }
    uint64_t dflt = t->price_year ? (uint64_t)t->price_year : 2000u;
    if ((rc = ml_yr_uint_at(y, m, "policy_year", &at, ML_PRICE_FIRST_YEAR, ML_PRICE_LAST_YEAR,
                            0, dflt, &py)))
        return rc;
    t->years = (unsigned)years;
    t->dev_years = (unsigned)dev;
    t->policy_year = (int)py;
    if (!t->price_year)
        t->price_year = t->policy_year; /* no trend to apply: the factor stays 1 */
    yaml_node_t *cn = ml_yr_get(y, m, "curve");
    if (cn) {
        ml_fp f = ml_fp_key(&at, "curve");
        if ((rc = load_curve(y, cn, &f, s->regime.currency, &t->curve)))
            return rc;
    }
    if (t->n_trend) {
        /* The steady-state claims-made prices deflate by one rate: the
         * policy year's. */
        t->trend = t->trend_rate[0];
        for (unsigned k = 0; k < t->n_trend && t->trend_year[k] <= t->policy_year; k++)
            t->trend = t->trend_rate[k];
    }
    t->on = 1;
    if (ml_time_build(t))
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory for the time tables");
    return ML_OK;
}
