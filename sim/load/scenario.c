/*
 * scenario.c — the scenario schema: which keys exist, their types, ranges
 * and defaults.  Every rejection names the file, the line and the field.
 * A portfolio or regime may be written inline or as the path of another
 * YAML file (relative to the scenario's folder), so that one portfolio can
 * be run under every regime.
 */
#include "scenario.h"
#include "price_load.h"
#include "levers.h"
#include "lifecycle_load.h"
#include "portfolio_medicine.h"
#include "pricing_load.h"
#include "rng.h"
#include "yamlread.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int check_name(ml_yr *y, yaml_node_t *n, const char *field, const char *s)
{
    if (!*s)
        return ml_yr_fail(y, n, field, "must not be empty");
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
            return ml_yr_fail(y, n, field,
                              "'%s' may hold only letters, digits, '_', '-' and '.'", s);
    /* "." and ".." would name the current or parent group in HDF5 paths. */
    if (strspn(s, ".") == strlen(s))
        return ml_yr_fail(y, n, field, "'%s' is not a usable name; use at least one "
                          "letter or digit", s);
    return ML_OK;
}

/* Amounts are reported in this currency: a typo here mislabels every one. */
static int check_currency(ml_yr *y, yaml_node_t *n, const char *rf, const char *s)
{
    char field[160];
    snprintf(field, sizeof field, "%s.currency", rf);
    if (strlen(s) != 3 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
        !isupper((unsigned char)s[2]) || ((unsigned char)s[0] | (unsigned char)s[1] |
                                          (unsigned char)s[2]) >= 0x80)
        return ml_yr_fail(y, n, field, "'%s' is not an ISO 4217 code; expected three "
                          "capital letters, e.g. USD, GBP, JPY, TWD or CNY", s);
    return ML_OK;
}

static int load_effect(ml_yr *y, yaml_node_t *m, const char *key,
                       const char *prefix, ml_random_effect *re)
{
    char field[128];
    snprintf(field, sizeof field, "%s.%s", prefix, key);
    yaml_node_t *n = ml_yr_get(y, m, key);
    re->kind = ML_RE_NONE;
    re->size = INFINITY;
    if (!n)
        return ML_OK;
    static const char *const keys[] = {"model", "size", NULL};
    static const char *const models[] = {"none", "gamma", "lognormal", NULL};
    int rc, kind;
    if ((rc = ml_yr_check_map(y, n, field, keys)) ||
        (rc = ml_yr_enum(y, n, "model", field, models, 1, 0, &kind)))
        return rc;
    re->kind = (ml_re_kind)kind;
    if (re->kind != ML_RE_NONE)
        return ml_yr_number(y, n, "size", field, 1e-6, 1e9, 1, 0, &re->size);
    if (ml_yr_get(y, n, "size"))
        return ml_yr_fail(y, ml_yr_get(y, n, "size"), field,
                          "'size' applies only to a gamma or lognormal effect");
    return ML_OK;
}

/* The engine draws each specialty's (or cell's) incidents of a
 * hospital-year as Poisson(exposure x rate x year effect x hospital
 * effect), and GSL cannot draw a mean above ML_POISSON_MEAN_MAX (about 2e9;
 * frequency.h says why).  The effects are unbounded, so no mean is safe in
 * every year; what can be promised is that a one-in-a-billion draw of each
 * effect (ML_EFFECT_EPS) stays drawable.  Below that the bound would refuse
 * ordinary portfolios for no gain; above it a run of a billion years would
 * meet the limit.  A year beyond it still fails cleanly: the engine is
 * given UINT_MAX incidents and reports the year as over its limit. */
#define ML_EFFECT_EPS 1e-9

static int check_poisson_means(ml_yr *y, yaml_node_t *ex, const char *ef,
                               const ml_portfolio *p, const ml_hospital *ho)
{
    double w = ml_re_upper(&p->year_effect, ML_EFFECT_EPS) *
               ml_re_upper(&p->hospital_effect, ML_EFFECT_EPS);
    for (size_t s = 0; s < p->n_specialties; s++) {
        double mean = ho->exposure[s] * p->specialties[s].incident_rate;
        if (mean > 0.0 && !(mean * w < ML_POISSON_MEAN_MAX)) {
            yaml_node_t *n = ml_yr_get(y, ex, p->specialties[s].name);
            char f[400];
            snprintf(f, sizeof f, "%s.%s", ef, p->specialties[s].name);
            return ml_yr_fail(y, n ? n : ex, f, "%.6g incidents expected a year, times "
                              "%.6g for a one-in-a-billion year of the year_effect and "
                              "hospital_effect, is a Poisson mean of %.6g, beyond %.6g, the "
                              "largest that can be drawn; lower the exposure or raise the "
                              "effects' size", mean, w, mean * w, ML_POISSON_MEAN_MAX);
        }
    }
    return ML_OK;
}

static int load_portfolio(ml_yr *y, yaml_node_t *m, const char *pf, ml_portfolio *p)
{
    static const char *const keys[] = {"name", "description", "exposure_unit",
                                       "specialties", "hospitals",
                                       "hospital_effect", "year_effect",
                                       "injury_mix", "negligent_share", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map(y, m, pf, keys)) ||
        (rc = ml_yr_string(y, m, "name", pf, 1, NULL, p->name, sizeof p->name)) ||
        (rc = ml_yr_string(y, m, "exposure_unit", pf, 0, "hospital-year",
                           p->exposure_unit, sizeof p->exposure_unit)) ||
        (rc = load_effect(y, m, "hospital_effect", pf, &p->hospital_effect)) ||
        (rc = load_effect(y, m, "year_effect", pf, &p->year_effect)) ||
        (rc = ml_load_medicine(y, m, pf, p)))
        return rc;

    char field[256];
    snprintf(field, sizeof field, "%s.specialties", pf);
    yaml_node_t *sp = ml_yr_get(y, m, "specialties");
    if (!sp || sp->type != YAML_SEQUENCE_NODE || ml_yr_len(sp) == 0)
        return ml_yr_fail(y, sp ? sp : m, field, "expected a non-empty list of specialties");
    p->n_specialties = ml_yr_len(sp);
    p->specialties = calloc(p->n_specialties, sizeof *p->specialties);
    if (!p->specialties)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_specialties; i++) {
        static const char *const skeys[] = {"name", "incident_rate", "injury_mix",
                                            "source", NULL};
        yaml_node_t *it = ml_yr_item(y, sp, i);
        char f[300];
        snprintf(f, sizeof f, "%s[%zu]", field, i);
        ml_specialty *s = &p->specialties[i];
        if ((rc = ml_yr_check_map(y, it, f, skeys)) ||
            (rc = ml_yr_string(y, it, "name", f, 1, NULL, s->name, sizeof s->name)) ||
            (rc = ml_yr_number(y, it, "incident_rate", f, 0, 1e7, 1, 0, &s->incident_rate)) ||
            (rc = ml_load_specialty_mix(y, it, f, s)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->specialties[j].name, s->name))
                return ml_yr_fail(y, it, f, "specialty '%s' is listed twice", s->name);
    }

    snprintf(field, sizeof field, "%s.hospitals", pf);
    yaml_node_t *hs = ml_yr_get(y, m, "hospitals");
    if (!hs || hs->type != YAML_SEQUENCE_NODE || ml_yr_len(hs) == 0)
        return ml_yr_fail(y, hs ? hs : m, field, "expected a non-empty list of hospitals");
    if (ml_yr_len(hs) >= 0xffffffffu)
        return ml_yr_fail(y, hs, field, "too many hospitals");
    p->n_hospitals = ml_yr_len(hs);
    p->hospitals = calloc(p->n_hospitals, sizeof *p->hospitals);
    if (!p->hospitals)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        static const char *const hkeys[] = {"name", "exposure", "beds", "grade",
                                            "count", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, hs, h);
        char f[300];
        snprintf(f, sizeof f, "%s[%zu]", field, h);
        ml_hospital *ho = &p->hospitals[h];
        ho->exposure = calloc(p->n_specialties, sizeof *ho->exposure);
        if (!ho->exposure)
            return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
        if ((rc = ml_yr_check_map(y, it, f, hkeys)) ||
            (rc = ml_yr_string(y, it, "name", f, 1, NULL, ho->name, sizeof ho->name)) ||
            (rc = ml_load_hospital_extras(y, it, f, ho)))
            return rc;
        for (size_t j = 0; j < h; j++)
            if (!strcmp(p->hospitals[j].name, ho->name))
                return ml_yr_fail(y, ml_yr_get(y, it, "name"), f,
                                  "hospital '%s' is listed twice", ho->name);
        char ef[320];
        snprintf(ef, sizeof ef, "%s.exposure", f);
        yaml_node_t *ex = ml_yr_get(y, it, "exposure");
        if (!ex || ex->type != YAML_MAPPING_NODE)
            return ml_yr_fail(y, ex ? ex : it, ef,
                              "expected a mapping from specialty name to exposure");
        for (yaml_node_pair_t *pp = ex->data.mapping.pairs.start;
             pp < ex->data.mapping.pairs.top; pp++) {
            yaml_node_t *k = yaml_document_get_node(&y->doc, pp->key);
            const char *ks = ml_yr_scalar(k);
            size_t s = 0;
            while (ks && s < p->n_specialties && strcmp(p->specialties[s].name, ks))
                s++;
            if (!ks || s == p->n_specialties)
                return ml_yr_fail(y, k, ef, "'%s' is not a specialty of this portfolio",
                                  ks ? ks : "?");
        }
        for (size_t s = 0; s < p->n_specialties; s++)
            if ((rc = ml_yr_number(y, ex, p->specialties[s].name, ef, 0, 1e9, 0, 0,
                                   &ho->exposure[s])))
                return rc;
        /* The engine numbers a hospital-year's incidents in 24 bits: a mean
         * beyond that would fail every run, so say so before it starts. */
        double expect = 0.0;
        for (size_t s = 0; s < p->n_specialties; s++)
            expect += ho->exposure[s] * p->specialties[s].incident_rate;
        if (expect > (double)ML_RNG_MAX_ITEM)
            return ml_yr_fail(y, it, f, "%.6g incidents expected a year; a hospital may "
                              "have at most %u (split it into several hospitals)", expect,
                              ML_RNG_MAX_ITEM);
        if ((rc = check_poisson_means(y, ex, ef, p, ho)))
            return rc;
    }
    return ml_portfolio_expand(y, hs, field, p);
}

static int load_severity(ml_yr *y, yaml_node_t *m, const char *rf, ml_severity *sv)
{
    char f[128];
    snprintf(f, sizeof f, "%s.severity", rf);
    yaml_node_t *n = ml_yr_get(y, m, "severity");
    static const char *const models[] = {"lognormal", "gamma", "pareto", NULL};
    static const char *const ln_keys[] = {"model", "meanlog", "sdlog", "source", NULL};
    static const char *const sh_keys[] = {"model", "shape", "scale", "source", NULL};
    int rc, kind;
    if (!n)
        return ml_yr_fail(y, m, f, "required mapping is missing");
    if ((rc = ml_yr_check_kind(y, n, f, YAML_MAPPING_NODE,
                               "a mapping {model: lognormal, gamma or pareto, ...}")) ||
        (rc = ml_yr_enum(y, n, "model", f, models, 1, 0, &kind)))
        return rc;
    sv->kind = (ml_sev_kind)kind;
    if (sv->kind == ML_SEV_LOGNORMAL)
        return (rc = ml_yr_check_map(y, n, f, ln_keys)) ? rc
               : (rc = ml_yr_number(y, n, "meanlog", f, -50, 50, 1, 0, &sv->p1)) ? rc
               : ml_yr_number(y, n, "sdlog", f, 1e-9, 10, 1, 0, &sv->p2);
    if ((rc = ml_yr_check_map(y, n, f, sh_keys)) ||
        /* Below 1/8 a Pareto draw, scale (U^(-1/shape) - 1) with U down to
         * 2^-53, can exceed 1e142: sums of squares would overflow to inf. */
        (rc = ml_yr_number(y, n, "shape", f, sv->kind == ML_SEV_PARETO ? 0.125 : 1e-6, 1e6,
                           1, 0, &sv->p1)) ||
        (rc = ml_yr_amount(y, n, "scale", f, 1e-9, ML_AMOUNT_MAX, 1, 0, &sv->p2)))
        return rc;
    return ML_OK;
}

static int load_liability(ml_yr *y, yaml_node_t *m, const char *rf, ml_liability *l)
{
    char f[128];
    snprintf(f, sizeof f, "%s.liability", rf);
    yaml_node_t *n = ml_yr_get(y, m, "liability");
    if (!n) { /* default: full liability whenever a claim is paid */
        l->n = 1;
        l->share[0] = 1.0;
        l->prob[0] = 1.0;
        return ML_OK;
    }
    if (n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0 ||
        ml_yr_len(n) > ML_LIABILITY_MAX)
        return ml_yr_fail(y, n, f, "expected a list of 1 to %d {share, prob} outcomes",
                          ML_LIABILITY_MAX);
    l->n = (unsigned)ml_yr_len(n);
    double sum = 0.0;
    for (unsigned i = 0; i < l->n; i++) {
        static const char *const keys[] = {"share", "prob", "label", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, n, i);
        char fi[160];
        snprintf(fi, sizeof fi, "%s[%u]", f, i);
        int rc;
        if ((rc = ml_yr_check_map(y, it, fi, keys)) ||
            (rc = ml_yr_number(y, it, "share", fi, 0, 1, 1, 0, &l->share[i])) ||
            (rc = ml_yr_number(y, it, "prob", fi, 0, 1, 1, 0, &l->prob[i])))
            return rc;
        sum += l->prob[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return ml_yr_fail(y, n, f, "probabilities sum to %.12g; they must sum to 1", sum);
    return ML_OK;
}

/* policy: the insurance terms (shared by textbook and lifecycle regimes). */
static int load_policy(ml_yr *y, yaml_node_t *m, const char *rf, ml_policy *p)
{
    char f[160];
    yaml_node_t *n;
    int rc;
    snprintf(f, sizeof f, "%s.policy", rf);
    static const char *const polkeys[] = {"deductible", "limit", "coinsurance",
                                          "aggregate_limit", "aggregate_retention",
                                          "indemnifier", "source", NULL};
    /* In ml_indemnifier order: who pays the policy's share. */
    static const char *const payers[] = {"insurer", "state", NULL};
    n = ml_yr_get(y, m, "policy");
    if (n && (rc = ml_yr_check_map(y, n, f, polkeys)))
        return rc;
    if ((rc = ml_yr_amount(y, n, "deductible", f, 0, ML_AMOUNT_MAX, 0, 0, &p->deductible)) ||
        (rc = ml_yr_limit(y, n, "limit", f, 0, ML_AMOUNT_MAX, INFINITY, &p->limit)) ||
        (rc = ml_yr_number(y, n, "coinsurance", f, 0, 1, 0, 1, &p->coinsurance)) ||
        (rc = ml_yr_limit(y, n, "aggregate_limit", f, 0, ML_AMOUNT_MAX, INFINITY,
                          &p->aggregate_limit)) ||
        (rc = ml_yr_limit(y, n, "aggregate_retention", f, 0, ML_AMOUNT_MAX, INFINITY,
                          &p->aggregate_retention)) ||
        (rc = ml_yr_enum(y, n, "indemnifier", f, payers, 0, ML_INDEMNIFIER_INSURER,
                         &p->indemnifier)))
        return rc;
    /* An aggregate on the retentions needs a retention to aggregate; one
     * smaller than a single retention would make the deductible moot. */
    yaml_node_t *ar = ml_yr_get(y, n, "aggregate_retention");
    if (ar && isfinite(p->aggregate_retention) && !(p->deductible > 0.0))
        return ml_yr_fail(y, ar, f, "aggregate_retention is set but the deductible (the "
                          "per-claim retention it aggregates) is 0");
    if (ar && p->aggregate_retention < p->deductible)
        return ml_yr_fail(y, ar, f, "aggregate_retention %g is below the per-claim "
                          "deductible %g; it must be at least one retention",
                          p->aggregate_retention, p->deductible);
    return ML_OK;
}

/* A regime with the full claim life cycle: its rules are read into a raw
 * record and resolved after the scenario's levers (ml_scenario_load). */
static int load_lifecycle_regime(ml_yr *y, yaml_node_t *m, yaml_node_t *lc,
                                 const char *rf, ml_regime *r)
{
    static const char *const textbook[] = {"claiming", "pathway", "liability",
                                           "severity", "expenses", NULL};
    for (int i = 0; textbook[i]; i++) {
        yaml_node_t *n = ml_yr_get(y, m, textbook[i]);
        if (n)
            return ml_yr_fail(y, n, rf, "'%s' belongs to a textbook regime; with "
                              "'lifecycle' it goes inside lifecycle", textbook[i]);
    }
    if (!r->raw && !(r->raw = ml_lc_raw_new()))
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    int rc = ml_lc_read(y, lc, rf, 0, r->raw);
    return rc ? rc : load_policy(y, m, rf, &r->policy);
}

/* A Pareto shape at most 1 has an infinite mean.  With no limit the
 * insurer's expected loss is then infinite, and a run would report a sample
 * mean that never settles: refuse it where the line can still be named. */
static int check_finite_mean(ml_yr *y, yaml_node_t *m, const char *rf, const ml_regime *r)
{
    if (r->severity.kind != ML_SEV_PARETO || r->severity.p1 > 1.0 ||
        isfinite(r->policy.limit) || isfinite(r->policy.aggregate_limit))
        return ML_OK;
    int pays = 0;
    for (unsigned i = 0; i < r->liability.n; i++)
        if (r->liability.prob[i] > 0.0 && r->liability.share[i] > 0.0)
            pays = 1;
    if (!pays || !(r->p_claim > 0.0) || !(r->p_settle > 0.0) ||
        !(r->policy.coinsurance > 0.0))
        return ML_OK; /* nothing is ever paid: the mean is 0 */
    char f[160];
    snprintf(f, sizeof f, "%s.severity.shape", rf);
    yaml_node_t *sv = ml_yr_get(y, m, "severity");
    yaml_node_t *sh = ml_yr_get(y, sv, "shape");
    return ml_yr_fail(y, sh ? sh : sv, f,
                      "a Pareto shape of %g (at most 1) has an infinite mean, so with no "
                      "limit the insurer's expected loss is infinite; set policy.limit or "
                      "policy.aggregate_limit, or a shape above 1", r->severity.p1);
}

static int load_regime(ml_yr *y, yaml_node_t *m, const char *rf, ml_regime *r)
{
    static const char *const keys[] = {"name", "description", "currency", "price_year",
                                       "price_index", "claiming", "pathway", "liability",
                                       "severity", "expenses", "policy", "lifecycle",
                                       "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map(y, m, rf, keys)) ||
        (rc = ml_yr_string(y, m, "name", rf, 1, NULL, r->name, sizeof r->name)) ||
        (rc = ml_yr_string(y, m, "currency", rf, 1, NULL, r->currency, sizeof r->currency)) ||
        (rc = check_currency(y, ml_yr_get(y, m, "currency"), rf, r->currency)) ||
        (rc = ml_price_load(y, m, rf, &r->price)))
        return rc;
    yaml_node_t *lc = ml_yr_get(y, m, "lifecycle");
    if (lc)
        return load_lifecycle_regime(y, m, lc, rf, r);
    char f[160];
    yaml_node_t *n;

    snprintf(f, sizeof f, "%s.claiming", rf);
    static const char *const ckeys[] = {"p_claim", "source", NULL};
    if ((n = ml_yr_get(y, m, "claiming"))) {
        if ((rc = ml_yr_check_map(y, n, f, ckeys)) ||
            (rc = ml_yr_number(y, n, "p_claim", f, 0, 1, 1, 0, &r->p_claim)))
            return rc;
    } else
        r->p_claim = 1.0;

    snprintf(f, sizeof f, "%s.pathway", rf);
    static const char *const pkeys[] = {"p_settle", "source", NULL};
    if ((n = ml_yr_get(y, m, "pathway"))) {
        if ((rc = ml_yr_check_map(y, n, f, pkeys)) ||
            (rc = ml_yr_number(y, n, "p_settle", f, 0, 1, 1, 0, &r->p_settle)))
            return rc;
    } else
        r->p_settle = 1.0;

    if ((rc = load_liability(y, m, rf, &r->liability)) ||
        (rc = load_severity(y, m, rf, &r->severity)))
        return rc;

    snprintf(f, sizeof f, "%s.expenses", rf);
    static const char *const ekeys[] = {"per_claim", "source", NULL};
    r->expense_per_claim = 0.0;
    if ((n = ml_yr_get(y, m, "expenses")))
        if ((rc = ml_yr_check_map(y, n, f, ekeys)) ||
            (rc = ml_yr_amount(y, n, "per_claim", f, 0, ML_AMOUNT_MAX, 0, 0,
                               &r->expense_per_claim)))
            return rc;

    if ((rc = load_policy(y, m, rf, &r->policy)))
        return rc;
    return check_finite_mean(y, m, rf, r);
}

/* Loads the part `key` of scenario file y: inline mapping or a file path. */
static int load_part(ml_yr *y, yaml_node_t *root, const char *key, char *file_out,
                     size_t cap, ml_scenario *s, ml_err *err)
{
    yaml_node_t *n = ml_yr_get(y, root, key);
    if (!n)
        return ml_yr_fail(y, root, key, "required: a mapping or the path of a %s file", key);
    if (n->type == YAML_MAPPING_NODE) {
        file_out[0] = '\0';
        return !strcmp(key, "portfolio") ? load_portfolio(y, n, key, &s->portfolio)
                                         : load_regime(y, n, key, &s->regime);
    }
    const char *rel = ml_yr_scalar(n);
    if (!rel || !*rel || ml_yr_is_null(n))
        return ml_yr_fail(y, n, key, "expected a mapping or the path of a %s file", key);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", y->file);
    if (rel[0] == '/')
        snprintf(file_out, cap, "%s", rel);
    else
        snprintf(file_out, cap, "%s/%s", dirname(dir), rel);
    ml_yr sub;
    ml_err suberr = {0};
    int rc = ml_yr_load_part(&sub, file_out, key, &suberr);
    if (rc != ML_OK && sub.open_errno) {
        /* Nothing inside to point at: the fault is the reference itself. */
        rc = sub.open_errno == EISDIR
                 ? ml_yr_fail(y, n, key, "'%s' is a folder; expected the path of a %s file",
                              rel, key)
                 : ml_yr_fail(y, n, key, "cannot open '%s': %s (looked for %s; paths are "
                              "relative to this file)", rel, strerror(sub.open_errno),
                              file_out);
        ml_yr_free(&sub);
        return rc;
    }
    if (rc == ML_OK) {
        yaml_node_t *r = ml_yr_root(&sub);
        rc = !strcmp(key, "portfolio") ? load_portfolio(&sub, r, key, &s->portfolio)
                                       : load_regime(&sub, r, key, &s->regime);
    }
    ml_yr_free(&sub);
    if (rc != ML_OK) {
        /* Say where the reference was made as well as what is wrong inside. */
        ML_ERROR(err, rc, "%s\n  (%s referenced from %s:%lu)", suberr.msg, key,
                 y->file, ml_yr_line(n));
    }
    return rc;
}

int ml_scenario_load(const char *file, ml_scenario *s, ml_err *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->source_file, sizeof s->source_file, "%s", file);
    ml_yr y;
    int rc = ml_yr_load(&y, file, err);
    if (rc) {
        ml_yr_free(&y);
        return rc;
    }
    yaml_node_t *root = ml_yr_root(&y);
    static const char *const keys[] = {"name", "description", "run", "portfolio",
                                       "regime", "levers", "pricing", NULL};
    if ((rc = ml_yr_check_map(&y, root, "(scenario)", keys)) ||
        (rc = ml_yr_string(&y, root, "name", "", 1, NULL, s->name, sizeof s->name)) ||
        (rc = check_name(&y, ml_yr_get(&y, root, "name"), "name", s->name)) ||
        (rc = ml_yr_string(&y, root, "description", "", 0, "", s->description,
                           sizeof s->description)))
        goto done;
    yaml_node_t *run = ml_yr_get(&y, root, "run");
    if (run) {
        static const char *const rkeys[] = {"replicates", "seed", NULL};
        if ((rc = ml_yr_check_map(&y, run, "run", rkeys)) ||
            (rc = ml_yr_uint(&y, run, "replicates", "run", 1, ML_MAX_REPLICATES, 0, 0,
                             &s->replicates)) ||
            (rc = ml_yr_uint(&y, run, "seed", "run", 0, UINT64_MAX, 0, 0, &s->seed)))
            goto done;
        s->has_replicates = ml_yr_get(&y, run, "replicates") != NULL;
        s->has_seed = ml_yr_get(&y, run, "seed") != NULL;
    }
    if ((rc = load_part(&y, root, "portfolio", s->portfolio_file,
                        sizeof s->portfolio_file, s, err)) ||
        (rc = load_part(&y, root, "regime", s->regime_file, sizeof s->regime_file,
                        s, err)) ||
        (rc = ml_levers_apply(&y, root, s)) ||
        (rc = ml_regime_finish(s, err)) ||
        (rc = ml_pricing_load(&y, root, s)))
        goto done;
done:
    ml_yr_free(&y);
    if (rc)
        ml_scenario_free(s);
    return rc;
}

void ml_scenario_free(ml_scenario *s)
{
    ml_portfolio_free(&s->portfolio);
    ml_lc_raw_free(s->regime.raw);
    free(s->regime.life);
    free(s->nofault_spec);
    free(s->participation);
    free(s->damages_spec);
    ml_pricing_free(&s->pricing);
    s->regime.raw = NULL;
    s->regime.life = NULL;
    s->nofault_spec = NULL;
    s->participation = NULL;
    s->damages_spec = NULL;
}
