/*
 * scenario.c — the scenario schema: which keys exist, their types, ranges
 * and defaults.  Every rejection names the file, the line and the field.
 * A portfolio or regime may be written inline or as the path of another
 * YAML file (relative to the scenario's folder), so that one portfolio can
 * be run under every regime.
 */
#include "scenario.h"
#include "time_load.h"
#include "price_load.h"
#include "levers.h"
#include "lifecycle_load.h"
#include "policy_load.h"
#include "portfolio_medicine.h"
#include "pricing_load.h"
#include "rng.h"
#include "yamlread.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int check_name(ml_yr *y, yaml_node_t *n, const ml_fp *at, const char *s)
{
    if (!*s)
        return ml_yr_fail_at(y, n, at, "must not be empty");
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
            return ml_yr_fail_at(y, n, at,
                                 "'%s' may hold only letters, digits, '_', '-' and '.'", s);
    /* "." and ".." would name the current or parent group in HDF5 paths. */
    if (strspn(s, ".") == strlen(s))
        return ml_yr_fail_at(y, n, at, "'%s' is not a usable name; use at least one "
                             "letter or digit", s);
    return ML_OK;
}

/* Amounts are reported in this currency: a typo here mislabels every one.
 * at: the regime. */
static int check_currency(ml_yr *y, yaml_node_t *n, const ml_fp *at, const char *s)
{
    ml_fp f = ml_fp_key(at, "currency");
    if (strlen(s) != 3 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
        !isupper((unsigned char)s[2]) || ((unsigned char)s[0] | (unsigned char)s[1] |
                                          (unsigned char)s[2]) >= 0x80)
        return ml_yr_fail_at(y, n, &f, "'%s' is not an ISO 4217 code; expected three "
                             "capital letters, e.g. USD, GBP, JPY, TWD or CNY", s);
    return ML_OK;
}

static int load_effect(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                       ml_random_effect *re)
{
    ml_fp f = ml_fp_key(at, key);
    yaml_node_t *n = ml_yr_get(y, m, key);
    re->kind = ML_RE_NONE;
    re->size = INFINITY;
    if (!n)
        return ML_OK;
    static const char *const keys[] = {"model", "size", NULL};
    static const char *const models[] = {"none", "gamma", "lognormal", NULL};
    int rc, kind;
    if ((rc = ml_yr_check_map_at(y, n, &f, keys)) ||
        (rc = ml_yr_enum_at(y, n, "model", &f, models, 1, 0, &kind)))
        return rc;
    re->kind = (ml_re_kind)kind;
    if (re->kind != ML_RE_NONE)
        return ml_yr_number_at(y, n, "size", &f, 1e-6, 1e9, 1, 0, &re->size);
    if (ml_yr_get(y, n, "size"))
        return ml_yr_fail_at(y, ml_yr_get(y, n, "size"), &f,
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

/* ex: the hospital's exposure mapping, at path at. */
static int check_poisson_means(ml_yr *y, yaml_node_t *ex, const ml_fp *at,
                               const ml_portfolio *p, const ml_hospital *ho)
{
    double w = ml_re_upper(&p->year_effect, ML_EFFECT_EPS) *
               ml_re_upper(&p->hospital_effect, ML_EFFECT_EPS);
    for (size_t s = 0; s < p->n_specialties; s++) {
        double mean = ho->exposure[s] * p->specialties[s].incident_rate;
        if (mean > 0.0 && !(mean * w < ML_POISSON_MEAN_MAX)) {
            yaml_node_t *n = ml_yr_get(y, ex, p->specialties[s].name);
            ml_fp f = ml_fp_key(at, p->specialties[s].name);
            return ml_yr_fail_at(y, n ? n : ex, &f, "%.6g incidents expected a year, times "
                                 "%.6g for a one-in-a-billion year of the year_effect and "
                                 "hospital_effect, is a Poisson mean of %.6g, beyond %.6g, "
                                 "the largest that can be drawn; lower the exposure or raise "
                                 "the effects' size", mean, w, mean * w, ML_POISSON_MEAN_MAX);
        }
    }
    return ML_OK;
}

/* portfolio.specialties (at path at): a non-empty list, names distinct. */
static int load_specialties(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_portfolio *p)
{
    yaml_node_t *sp = ml_yr_get(y, m, "specialties");
    if (!sp || sp->type != YAML_SEQUENCE_NODE || ml_yr_len(sp) == 0)
        return ml_yr_fail_at(y, sp ? sp : m, at, "expected a non-empty list of specialties");
    p->n_specialties = ml_yr_len(sp);
    p->specialties = calloc(p->n_specialties, sizeof *p->specialties);
    if (!p->specialties)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_specialties; i++) {
        static const char *const skeys[] = {"name", "incident_rate", "injury_mix",
                                            "source", NULL};
        yaml_node_t *it = ml_yr_item(y, sp, i);
        ml_fp f = ml_fp_item(at, i);
        ml_specialty *s = &p->specialties[i];
        int rc;
        if ((rc = ml_yr_check_map_at(y, it, &f, skeys)) ||
            (rc = ml_yr_string_at(y, it, "name", &f, 1, NULL, s->name, sizeof s->name)) ||
            (rc = ml_yr_number_at(y, it, "incident_rate", &f, 0, 1e7, 1, 0,
                                  &s->incident_rate)) ||
            (rc = ml_load_specialty_mix(y, it, &f, s)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->specialties[j].name, s->name))
                return ml_yr_fail_at(y, it, &f, "specialty '%s' is listed twice", s->name);
    }
    return ML_OK;
}

/* A hospital's exposure mapping (at path at): keys must be specialties. */
static int load_exposure(ml_yr *y, yaml_node_t *it, const ml_fp *at, const ml_portfolio *p,
                         ml_hospital *ho)
{
    yaml_node_t *ex = ml_yr_get(y, it, "exposure");
    if (!ex || ex->type != YAML_MAPPING_NODE)
        return ml_yr_fail_at(y, ex ? ex : it, at,
                             "expected a mapping from specialty name to exposure");
    for (yaml_node_pair_t *pp = ex->data.mapping.pairs.start; pp < ex->data.mapping.pairs.top;
         pp++) {
        yaml_node_t *k = ml_yr_pair_key(y, pp);
        const char *ks = ml_yr_scalar(k);
        size_t s = 0;
        while (ks && s < p->n_specialties && strcmp(p->specialties[s].name, ks))
            s++;
        if (!ks || s == p->n_specialties) {
            const char *names[16];
            size_t n = p->n_specialties <= 16 ? p->n_specialties : 0;
            for (size_t i = 0; i < n; i++)
                names[i] = p->specialties[i].name;
            ml_yr_fail_at(y, k, at, "'%s' is not a specialty of this portfolio",
                          ks ? ks : "?");
            return ml_err_known(y->err, ML_EINVAL, "its specialties are", names, n);
        }
    }
    int rc;
    for (size_t s = 0; s < p->n_specialties; s++)
        if ((rc = ml_yr_number_at(y, ex, p->specialties[s].name, at, 0, 1e9, 0, 0,
                                  &ho->exposure[s])))
            return rc;
    return ML_OK;
}

/* portfolio.hospitals (at path at): a non-empty list, names distinct. */
static int load_hospitals(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_portfolio *p)
{
    yaml_node_t *hs = ml_yr_get(y, m, "hospitals");
    if (!hs || hs->type != YAML_SEQUENCE_NODE || ml_yr_len(hs) == 0)
        return ml_yr_fail_at(y, hs ? hs : m, at, "expected a non-empty list of hospitals");
    if (ml_yr_len(hs) >= 0xffffffffu)
        return ml_yr_fail_at(y, hs, at, "too many hospitals");
    p->n_hospitals = ml_yr_len(hs);
    p->hospitals = calloc(p->n_hospitals, sizeof *p->hospitals);
    if (!p->hospitals)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        static const char *const hkeys[] = {"name", "exposure", "beds", "grade",
                                            "count", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, hs, h);
        ml_fp f = ml_fp_item(at, h), ef = ml_fp_key(&f, "exposure");
        ml_hospital *ho = &p->hospitals[h];
        ho->exposure = calloc(p->n_specialties, sizeof *ho->exposure);
        if (!ho->exposure)
            return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
        int rc;
        if ((rc = ml_yr_check_map_at(y, it, &f, hkeys)) ||
            (rc = ml_yr_string_at(y, it, "name", &f, 1, NULL, ho->name, sizeof ho->name)) ||
            (rc = ml_load_hospital_extras(y, it, &f, ho)))
            return rc;
        for (size_t j = 0; j < h; j++)
            if (!strcmp(p->hospitals[j].name, ho->name))
                return ml_yr_fail_at(y, ml_yr_get(y, it, "name"), &f,
                                     "hospital '%s' is listed twice", ho->name);
        if ((rc = load_exposure(y, it, &ef, p, ho)))
            return rc;
        /* The engine numbers a hospital-year's incidents in 24 bits: a mean
         * beyond that would fail every run, so say so before it starts. */
        double expect = 0.0;
        for (size_t s = 0; s < p->n_specialties; s++)
            expect += ho->exposure[s] * p->specialties[s].incident_rate;
        if (expect > (double)ML_RNG_MAX_ITEM)
            return ml_yr_fail_at(y, it, &f, "%.6g incidents expected a year; a hospital may "
                                 "have at most %u (split it into several hospitals)", expect,
                                 ML_RNG_MAX_ITEM);
        if ((rc = check_poisson_means(y, ml_yr_get(y, it, "exposure"), &ef, p, ho)))
            return rc;
    }
    return ml_portfolio_expand(y, hs, at, p);
}

static int load_portfolio(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_portfolio *p)
{
    static const char *const keys[] = {"name", "description", "exposure_unit",
                                       "specialties", "hospitals",
                                       "hospital_effect", "year_effect",
                                       "injury_mix", "negligent_share", "source", NULL};
    ml_fp fs = ml_fp_key(at, "specialties"), fh = ml_fp_key(at, "hospitals");
    int rc;
    if ((rc = ml_yr_check_map_at(y, m, at, keys)) ||
        (rc = ml_yr_string_at(y, m, "name", at, 1, NULL, p->name, sizeof p->name)) ||
        (rc = ml_yr_string_at(y, m, "exposure_unit", at, 0, "hospital-year",
                              p->exposure_unit, sizeof p->exposure_unit)) ||
        (rc = load_effect(y, m, "hospital_effect", at, &p->hospital_effect)) ||
        (rc = load_effect(y, m, "year_effect", at, &p->year_effect)) ||
        (rc = ml_load_medicine(y, m, at, p)) ||
        (rc = load_specialties(y, m, &fs, p)))
        return rc;
    return load_hospitals(y, m, &fh, p);
}

static int load_severity(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_severity *sv)
{
    ml_fp f = ml_fp_key(at, "severity");
    yaml_node_t *n = ml_yr_get(y, m, "severity");
    static const char *const models[] = {"lognormal", "gamma", "pareto", NULL};
    static const char *const ln_keys[] = {"model", "meanlog", "sdlog", "source", NULL};
    static const char *const sh_keys[] = {"model", "shape", "scale", "source", NULL};
    int rc, kind;
    if (!n)
        return ml_yr_fail_at(y, m, &f, "required mapping is missing");
    if ((rc = ml_yr_check_kind_at(y, n, &f, YAML_MAPPING_NODE,
                                  "a mapping {model: lognormal, gamma or pareto, ...}")) ||
        (rc = ml_yr_enum_at(y, n, "model", &f, models, 1, 0, &kind)))
        return rc;
    sv->kind = (ml_sev_kind)kind;
    if (sv->kind == ML_SEV_LOGNORMAL)
        return (rc = ml_yr_check_map_at(y, n, &f, ln_keys)) ? rc
               : (rc = ml_yr_number_at(y, n, "meanlog", &f, -50, 50, 1, 0, &sv->p1)) ? rc
               : ml_yr_number_at(y, n, "sdlog", &f, 1e-9, 10, 1, 0, &sv->p2);
    if ((rc = ml_yr_check_map_at(y, n, &f, sh_keys)) ||
        /* Below 1/8 a Pareto draw, scale (U^(-1/shape) - 1) with U down to
         * 2^-53, can exceed 1e142: sums of squares would overflow to inf. */
        (rc = ml_yr_number_at(y, n, "shape", &f, sv->kind == ML_SEV_PARETO ? 0.125 : 1e-6, 1e6,
                              1, 0, &sv->p1)) ||
        (rc = ml_yr_amount_at(y, n, "scale", &f, 1e-9, ML_AMOUNT_MAX, 1, 0, &sv->p2)))
        return rc;
    return ML_OK;
}

static int load_liability(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_liability *l)
{
    ml_fp f = ml_fp_key(at, "liability");
    yaml_node_t *n = ml_yr_get(y, m, "liability");
    if (!n) { /* default: full liability whenever a claim is paid */
        l->n = 1;
        l->share[0] = 1.0;
        l->prob[0] = 1.0;
        return ML_OK;
    }
    if (n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0 ||
        ml_yr_len(n) > ML_LIABILITY_MAX)
        return ml_yr_fail_at(y, n, &f, "expected a list of 1 to %d {share, prob} outcomes",
                             ML_LIABILITY_MAX);
    l->n = (unsigned)ml_yr_len(n);
    double sum = 0.0;
    for (unsigned i = 0; i < l->n; i++) {
        static const char *const keys[] = {"share", "prob", "label", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, n, i);
        ml_fp fi = ml_fp_item(&f, i);
        int rc;
        if ((rc = ml_yr_check_map_at(y, it, &fi, keys)) ||
            (rc = ml_yr_number_at(y, it, "share", &fi, 0, 1, 1, 0, &l->share[i])) ||
            (rc = ml_yr_number_at(y, it, "prob", &fi, 0, 1, 1, 0, &l->prob[i])))
            return rc;
        sum += l->prob[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return ml_yr_fail_at(y, n, &f, "probabilities sum to %.12g; they must sum to 1", sum);
    return ML_OK;
}

/* A regime with the full claim life cycle: its rules are read into a raw
 * record and resolved after the scenario's levers (ml_scenario_load). */
static int load_lifecycle_regime(ml_yr *y, yaml_node_t *m, yaml_node_t *lc, const ml_fp *at,
                                 ml_regime *r)
{
    static const char *const textbook[] = {"claiming", "pathway", "liability",
                                           "severity", "expenses", NULL};
    for (int i = 0; textbook[i]; i++) {
        yaml_node_t *n = ml_yr_get(y, m, textbook[i]);
        if (n)
            return ml_yr_fail_at(y, n, at, "'%s' belongs to a textbook regime; with "
                                 "'lifecycle' it goes inside lifecycle", textbook[i]);
    }
    if (!r->raw && !(r->raw = ml_lc_raw_new()))
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    ml_fp f = ml_fp_key(at, "lifecycle");
    int rc = ml_lc_read(y, lc, &f, 0, r->raw);
    return rc ? rc : ml_policy_read(y, m, at, &r->policy);
}

/* A Pareto shape at most 1 has an infinite mean.  With no limit the
 * insurer's expected loss is then infinite, and a run would report a sample
 * mean that never settles: refuse it where the line can still be named. */
static int check_finite_mean(ml_yr *y, yaml_node_t *m, const ml_fp *at, const ml_regime *r)
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
    ml_fp fs = ml_fp_key(at, "severity"), f = ml_fp_key(&fs, "shape");
    yaml_node_t *sv = ml_yr_get(y, m, "severity");
    yaml_node_t *sh = ml_yr_get(y, sv, "shape");
    return ml_yr_fail_at(y, sh ? sh : sv, &f,
                         "a Pareto shape of %g (at most 1) has an infinite mean, so with no "
                         "limit the insurer's expected loss is infinite; set policy.limit or "
                         "policy.aggregate_limit, or a shape above 1", r->severity.p1);
}

/* One {key: number} section of a textbook regime (claiming: {p_claim},
 * pathway: {p_settle}), or dflt when the section is absent. */
static int textbook_section(ml_yr *y, yaml_node_t *m, const ml_fp *at, const char *section,
                            const char *key, double dflt, double *out)
{
    const char *const keys[] = {key, "source", NULL};
    ml_fp f = ml_fp_key(at, section);
    yaml_node_t *n = ml_yr_get(y, m, section);
    if (!n) {
        /* Absent, the number takes its default, which a --set still
         * reaches (named at the regime's line). */
        *out = dflt;
        ml_fp k = ml_fp_key(&f, key);
        return ml_yr_uncertain(y, NULL, m, &k, 0, 1, 0, out);
    }
    int rc = ml_yr_check_map_at(y, n, &f, keys);
    return rc ? rc : ml_yr_number_at(y, n, key, &f, 0, 1, 1, 0, out);
}

static int load_regime(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_regime *r)
{
    static const char *const keys[] = {"name", "description", "currency", "price_year",
                                       "price_index", "claiming", "pathway", "liability",
                                       "severity", "expenses", "policy", "lifecycle",
                                       "trend", "trend_by_year", "periodical", "timing",
                                       "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, m, at, keys)) ||
        (rc = ml_yr_string_at(y, m, "name", at, 1, NULL, r->name, sizeof r->name)) ||
        (rc = ml_yr_string_at(y, m, "currency", at, 1, NULL, r->currency,
                              sizeof r->currency)) ||
        (rc = check_currency(y, ml_yr_get(y, m, "currency"), at, r->currency)) ||
        (rc = ml_price_load(y, m, at, &r->price)) ||
        (rc = ml_timing_read(y, m, at, !ml_yr_get(y, m, "lifecycle"), &r->timing)))
        return rc;
    /* policy: (shared by textbook and lifecycle regimes) keeps what it
     * does not name, so it starts from the defaults. */
    ml_policy_defaults(&r->policy);
    yaml_node_t *lc = ml_yr_get(y, m, "lifecycle");
    if (lc)
        return load_lifecycle_regime(y, m, lc, at, r);
    if ((rc = textbook_section(y, m, at, "claiming", "p_claim", 1.0, &r->p_claim)) ||
        (rc = textbook_section(y, m, at, "pathway", "p_settle", 1.0, &r->p_settle)) ||
        (rc = load_liability(y, m, at, &r->liability)) ||
        (rc = load_severity(y, m, at, &r->severity)))
        return rc;
    ml_fp f = ml_fp_key(at, "expenses");
    static const char *const ekeys[] = {"per_claim", "source", NULL};
    r->expense_per_claim = 0.0;
    yaml_node_t *n = ml_yr_get(y, m, "expenses");
    if (n && ((rc = ml_yr_check_map_at(y, n, &f, ekeys)) ||
              (rc = ml_yr_amount_at(y, n, "per_claim", &f, 0, ML_AMOUNT_MAX, 0, 0,
                                    &r->expense_per_claim))))
        return rc;
    if (!n) { /* defaulted, as in textbook_section */
        ml_fp k = ml_fp_key(&f, "per_claim");
        if ((rc = ml_yr_uncertain(y, NULL, m, &k, 0, ML_AMOUNT_MAX, 0, &r->expense_per_claim)))
            return rc;
    }
    if ((rc = ml_policy_read(y, m, at, &r->policy)))
        return rc;
    return check_finite_mean(y, m, at, r);
}

/* Loads the part `key` of scenario file y: inline mapping or a file path. */
/* The part at m's frame at, of file y: a portfolio or a regime. */
static int load_key(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_scenario *s)
{
    return !strcmp(at->key, "portfolio") ? load_portfolio(y, m, at, &s->portfolio)
                                         : load_regime(y, m, at, &s->regime);
}

/* Loads the part `key` of scenario file y: inline mapping or a file path. */
static int load_part(ml_yr *y, yaml_node_t *root, const char *key, char *file_out,
                     size_t cap, ml_scenario *s, ml_err *err)
{
    ml_fp f = ml_fp_key(NULL, key);
    yaml_node_t *n = ml_yr_get(y, root, key);
    if (!n)
        return ml_yr_fail_at(y, root, &f, "required: a mapping or the path of a %s file", key);
    if (n->type == YAML_MAPPING_NODE) {
        file_out[0] = '\0';
        return load_key(y, n, &f, s);
    }
    const char *rel = ml_yr_scalar(n);
    if (!rel || !*rel || ml_yr_is_null(n))
        return ml_yr_fail_at(y, n, &f, "expected a mapping or the path of a %s file", key);
    ml_yr_beside(y, rel, file_out, cap);
    ml_yr sub;
    ml_err suberr = {0};
    int rc = ml_yr_load_part(&sub, file_out, key, &suberr);
    ml_yr_inherit(&sub, y);
    if (rc != ML_OK && sub.open_errno) {
        /* Nothing inside to point at: the fault is the reference itself. */
        rc = sub.open_errno == EISDIR
                 ? ml_yr_fail_at(y, n, &f, "'%s' is a folder; expected the path of a %s "
                                 "file", rel, key)
                 : ml_yr_fail_at(y, n, &f, "cannot open '%s': %s (looked for %s; paths are "
                                 "relative to this file)", rel, strerror(sub.open_errno),
                                 file_out);
        ml_yr_free(&sub);
        return rc;
    }
    if (rc == ML_OK) {
        ml_fp top;
        rc = load_key(&sub, ml_yr_root(&sub), ml_yr_root_path(&sub, &top), s);
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
    return ml_scenario_load_opts(file, NULL, s, err);
}

int ml_scenario_load_opts(const char *file, const ml_load_opts *opts, ml_scenario *s,
                          ml_err *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->source_file, sizeof s->source_file, "%s", file);
    /* Numbers that share a name are one parameter and must agree, in a
     * plain load too: the uncertain numbers go to a list of the load's
     * own when the caller keeps none. */
    ml_params own = {0};
    ml_load_opts local = {0};
    if (!opts || !opts->collect) {
        if (opts)
            local = *opts;
        local.collect = &own;
        opts = &local;
    }
    ml_yr y;
    int rc = ml_yr_load(&y, file, err);
    y.opts = opts;
    if (rc) {
        ml_yr_free(&y);
        ml_params_free(&own);
        return rc;
    }
    yaml_node_t *root = ml_yr_root(&y);
    static const char *const keys[] = {"name", "description", "run", "portfolio",
                                       "regime", "levers", "pricing", "time", NULL};
    ml_fp fn = ml_fp_key(NULL, "name"), fr = ml_fp_key(NULL, "run");
    if ((rc = ml_yr_check_map_at(&y, root, NULL, keys)) ||
        (rc = ml_yr_string_at(&y, root, "name", NULL, 1, NULL, s->name, sizeof s->name)) ||
        (rc = check_name(&y, ml_yr_get(&y, root, "name"), &fn, s->name)) ||
        (rc = ml_yr_string_at(&y, root, "description", NULL, 0, "", s->description,
                              sizeof s->description)))
        goto done;
    yaml_node_t *run = ml_yr_get(&y, root, "run");
    if (run) {
        static const char *const rkeys[] = {"replicates", "seed", NULL};
        if ((rc = ml_yr_check_map_at(&y, run, &fr, rkeys)) ||
            (rc = ml_yr_uint_at(&y, run, "replicates", &fr, 1, ML_MAX_REPLICATES, 0, 0,
                                &s->replicates)) ||
            (rc = ml_yr_uint_at(&y, run, "seed", &fr, 0, UINT64_MAX, 0, 0, &s->seed)))
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
        (rc = ml_pricing_load(&y, root, s)) ||
        (rc = ml_time_load(&y, root, s)))
        goto done;
done:
    ml_yr_free(&y);
    ml_params_free(&own);
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
    free(s->mandate_target);
    free(s->damages_spec);
    ml_pricing_free(&s->pricing);
    ml_time_free(&s->time);
    s->regime.raw = NULL;
    s->regime.life = NULL;
    s->nofault_spec = NULL;
    s->participation = NULL;
    s->mandate_target = NULL;
    s->damages_spec = NULL;
}
