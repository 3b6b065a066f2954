/*
 * lifecycle_load.c — reading a regime's lifecycle section and reform levers
 * (see lifecycle_load.h).
 *
 * Defaults are set once when the raw record is created, and reading only
 * overwrites what a file names: so a base regime and a lever fragment are
 * read by the same code.  What must be given (injury-class tables, stage
 * kinds) is checked in ml_lc_finish, after every lever has been applied,
 * with the file and line where it was last set.
 */
#include "lifecycle_load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field paths in messages are built by nesting snprintf calls; a path too
 * long for its buffer is cut short in the message, which is harmless, so
 * GCC's warning about possible truncation is silenced for this file. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define WHERE_MAX 600
#define MAP_MAX 12

/* A mapping from names to numbers (a distribution over stages or degrees). */
typedef struct {
    unsigned n;
    char name[MAP_MAX][ML_LABEL_MAX];
    double v[MAP_MAX];
    char where[WHERE_MAX];
    char field[256];
} namemap;

typedef struct {
    ml_stage st;
    int kind_set;
    char route[ML_LABEL_MAX];
    char challenge[ML_LABEL_MAX];
    namemap next;
} raw_stage;

typedef struct {
    char name[ML_LABEL_MAX];
    namemap row[2]; /* [negligent] degree -> probability */
    double cost, delay;
    char where[WHERE_MAX];
} raw_route;

struct ml_lc_raw {
    ml_claiming claiming;
    int claim_set[2][ML_N_INJ];
    ml_compensation comp;
    int damages_set[ML_N_INJ];
    char spec_where[ML_DMG_SPEC_MAX][WHERE_MAX]; /* where each by_specialty name was given */
    ml_legal legal;
    ml_insurance ins;
    namemap degrees; /* name -> share */
    unsigned n_routes;
    raw_route route[ML_ROUTES_MAX];
    unsigned n_stages;
    raw_stage stage[ML_STAGES_MAX];
    namemap entry;
    char where[WHERE_MAX]; /* the lifecycle mapping of the base regime */
    char field[256];
};

ml_lc_raw *ml_lc_raw_new(void)
{
    ml_lc_raw *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->claiming.lag_cv = 1.0;
    r->comp.cap_noneconomic = INFINITY;
    r->comp.cap_total = INFINITY;
    r->ins.participation = 1.0;
    return r;
}

void ml_lc_raw_free(ml_lc_raw *r)
{
    free(r);
}

static void where(ml_yr *y, yaml_node_t *n, char *out)
{
    snprintf(out, WHERE_MAX, "%s:%lu", y->file, ml_yr_line(n));
}

/* Overwrites *out only when key is present. */
static int num(ml_yr *y, yaml_node_t *m, const char *key, const char *f, double lo,
               double hi, double *out)
{
    if (!ml_yr_get(y, m, key))
        return ML_OK;
    return ml_yr_number(y, m, key, f, lo, hi, 1, 0, out);
}

/* An amount of money (it may carry a year to trend from); overwrites *out
 * only when key is present. */
static int amt(ml_yr *y, yaml_node_t *m, const char *key, const char *f, double *out)
{
    if (!ml_yr_get(y, m, key))
        return ML_OK;
    return ml_yr_amount(y, m, key, f, 0, ML_AMOUNT_MAX, 1, 0, out);
}

static int flag(ml_yr *y, yaml_node_t *m, const char *key, const char *f, int *out)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    const char *s = ml_yr_scalar(n);
    char field[300];
    snprintf(field, sizeof field, "%s.%s", f, key);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
        *out = 1;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "no")))
        *out = 0;
    else
        return ml_yr_fail(y, n, field, "expected true or false");
    return ML_OK;
}

static int label(ml_yr *y, yaml_node_t *n, const char *f, char *out)
{
    const char *s = ml_yr_scalar(n);
    if (!s || !*s)
        return ml_yr_fail(y, n, f, "expected a name");
    if (strlen(s) >= ML_LABEL_MAX)
        return ml_yr_fail(y, n, f, "'%s' is longer than %d characters", s,
                          ML_LABEL_MAX - 1);
    snprintf(out, ML_LABEL_MAX, "%s", s);
    return ML_OK;
}

static int need_map(ml_yr *y, yaml_node_t *n, const char *f, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail(y, n, f, "expected a mapping %s", what);
    return ML_OK;
}

/* Reads mapping m.key as name -> number in [lo, hi], replacing *out whole. */
static int read_namemap(ml_yr *y, yaml_node_t *m, const char *key, const char *pf,
                        double lo, double hi, namemap *out)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    namemap nm = {0};
    snprintf(nm.field, sizeof nm.field, "%s.%s", pf, key);
    where(y, n, nm.where);
    int rc;
    if ((rc = need_map(y, n, nm.field, "from names to numbers")))
        return rc;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        if (nm.n == MAP_MAX)
            return ml_yr_fail(y, k, nm.field, "at most %d entries", MAP_MAX);
        if ((rc = label(y, k, nm.field, nm.name[nm.n])))
            return rc;
        for (unsigned j = 0; j < nm.n; j++)
            if (!strcmp(nm.name[j], nm.name[nm.n]))
                return ml_yr_fail(y, k, nm.field, "'%s' is given twice", nm.name[j]);
        if ((rc = ml_yr_number(y, n, nm.name[nm.n], nm.field, lo, hi, 1, 0, &nm.v[nm.n])))
            return rc;
        nm.n++;
    }
    *out = nm;
    return ML_OK;
}

/* A mapping over the injury classes; every class must be present. */
static int read_classes(ml_yr *y, yaml_node_t *n, const char *f, double lo, double hi,
                        double *out)
{
    static const char *const keys[] = {"minor", "serious", "permanent", "death", NULL};
    int rc = ml_yr_check_map(y, n, f, keys);
    for (int c = 0; !rc && c < ML_N_INJ; c++)
        rc = ml_yr_number(y, n, ml_injury_name[c], f, lo, hi, 1, 0, &out[c]);
    return rc;
}

static int read_claiming(ml_yr *y, yaml_node_t *n, const char *pf, ml_lc_raw *r)
{
    char f[300];
    snprintf(f, sizeof f, "%s.claiming", pf);
    static const char *const keys[] = {"p_claim", "report_lag_months", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map(y, n, f, keys)))
        return rc;
    yaml_node_t *pc = ml_yr_get(y, n, "p_claim");
    if (pc) {
        char g[320];
        snprintf(g, sizeof g, "%s.p_claim", f);
        static const char *const pk[] = {"negligent", "not_negligent", "source", NULL};
        if ((rc = ml_yr_check_map(y, pc, g, pk)))
            return rc;
        static const char *const rows[2] = {"not_negligent", "negligent"};
        for (int neg = 0; neg < 2; neg++) {
            yaml_node_t *row = ml_yr_get(y, pc, rows[neg]);
            if (!row)
                continue;
            char h[340];
            snprintf(h, sizeof h, "%s.%s", g, rows[neg]);
            if ((rc = read_classes(y, row, h, 0, 1, r->claiming.p_claim[neg])))
                return rc;
            for (int c = 0; c < ML_N_INJ; c++)
                r->claim_set[neg][c] = 1;
        }
    }
    yaml_node_t *lag = ml_yr_get(y, n, "report_lag_months");
    if (lag) {
        char g[320];
        snprintf(g, sizeof g, "%s.report_lag_months", f);
        static const char *const lk[] = {"mean", "cv", "source", NULL};
        if ((rc = ml_yr_check_map(y, lag, g, lk)) ||
            (rc = num(y, lag, "mean", g, 0, 600, &r->claiming.lag_mean)) ||
            (rc = num(y, lag, "cv", g, 0, 10, &r->claiming.lag_cv)))
            return rc;
    }
    return ML_OK;
}

static int read_grades(ml_yr *y, yaml_node_t *n, const char *f, ml_grade_mix *g)
{
    if (!n || n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0 ||
        ml_yr_len(n) > ML_GRADES_MAX)
        return ml_yr_fail(y, n, f, "expected a list of 1 to %d {coef, prob}", ML_GRADES_MAX);
    ml_grade_mix m = {0};
    m.n = (unsigned)ml_yr_len(n);
    double s = 0.0;
    for (unsigned i = 0; i < m.n; i++) {
        static const char *const keys[] = {"coef", "prob", "grade", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, n, i);
        char fi[340];
        snprintf(fi, sizeof fi, "%s[%u]", f, i);
        int rc;
        if ((rc = ml_yr_check_map(y, it, fi, keys)) ||
            (rc = ml_yr_number(y, it, "coef", fi, 0, 1, 1, 0, &m.coef[i])) ||
            (rc = ml_yr_number(y, it, "prob", fi, 0, 1, 1, 0, &m.prob[i])))
            return rc;
        s += m.prob[i];
    }
    if (fabs(s - 1.0) > 1e-9)
        return ml_yr_fail(y, n, f, "probabilities sum to %.12g; they must sum to 1", s);
    *g = m;
    return ML_OK;
}

/* participation: a fraction for every hospital, or a mapping from hospital
 * grade to fraction with an optional `other` for grades not listed.  A
 * lever naming it replaces it whole. */
static int read_participation(ml_yr *y, yaml_node_t *m, const char *f, ml_insurance *ins)
{
    yaml_node_t *n = ml_yr_get(y, m, "participation");
    if (!n)
        return ML_OK;
    char g[320];
    snprintf(g, sizeof g, "%s.participation", f);
    snprintf(ins->where, sizeof ins->where, "%s:%lu: %s", y->file, ml_yr_line(n), g);
    ins->n_grades = 0;
    ins->has_other = 1;
    if (n->type != YAML_MAPPING_NODE || ml_yr_get(y, n, "value"))
        return ml_yr_number(y, m, "participation", f, 0, 1, 1, 0, &ins->participation);
    ins->has_other = 0;
    ins->participation = 0.0;
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top;
         q++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, q->key);
        const char *ks = ml_yr_scalar(k);
        if (!ks || !*ks || ml_yr_is_null(k))
            return ml_yr_fail(y, k, g, "keys must be hospital grades (or 'other')");
        if (!strcmp(ks, "source"))
            continue;
        int rc;
        if (!strcmp(ks, "other")) {
            if ((rc = ml_yr_number(y, n, ks, g, 0, 1, 1, 0, &ins->participation)))
                return rc;
            ins->has_other = 1;
            continue;
        }
        if (ins->n_grades == ML_PART_GRADES_MAX)
            return ml_yr_fail(y, k, g, "at most %d grades", ML_PART_GRADES_MAX);
        if (strlen(ks) >= ML_LABEL_MAX)
            return ml_yr_fail(y, k, g, "grade '%s' is longer than %d characters", ks,
                              ML_LABEL_MAX - 1);
        unsigned i = ins->n_grades++;
        snprintf(ins->grade[i], ML_LABEL_MAX, "%s", ks);
        if ((rc = ml_yr_number(y, n, ks, g, 0, 1, 1, 0, &ins->grade_participation[i])))
            return rc;
    }
    if (ins->n_grades == 0)
        return ml_yr_fail(y, n, g, "expected a fraction, or a mapping from hospital grade "
                          "to fraction, e.g. {tertiary: 0.6, secondary: 0.6, other: 0.3}");
    return ML_OK;
}

/* One damages law {meanlog, sdlog, tail: {threshold, shape, weight}},
 * replaced whole.  The tail weight is a probability, "continuous" (the
 * density is continuous at the threshold) or absent (the lognormal's own
 * mass above the threshold); it is resolved here, where the body it
 * depends on is known, so a dump writes the number. */
static int read_law(ml_yr *y, yaml_node_t *n, const char *h, double dlog, ml_dmg_law *out)
{
    static const char *const lk[] = {"meanlog", "sdlog", "tail", "source", NULL};
    ml_dmg_law l = {0};
    int rc;
    if ((rc = ml_yr_check_map(y, n, h, lk)) ||
        (rc = ml_yr_number(y, n, "meanlog", h, -10, 30, 1, 0, &l.meanlog)) ||
        (rc = ml_yr_number(y, n, "sdlog", h, 0, 5, 1, 0, &l.sdlog)))
        return rc;
    yaml_node_t *t = ml_yr_get(y, n, "tail");
    if (t) {
        char ht[380];
        snprintf(ht, sizeof ht, "%s.tail", h);
        static const char *const tk[] = {"threshold", "shape", "weight", "source", NULL};
        /* shape > 1 keeps the mean finite; 1.01 is the smallest accepted */
        if ((rc = ml_yr_check_map(y, t, ht, tk)) ||
            (rc = ml_yr_number(y, t, "threshold", ht, 1e-6, ML_AMOUNT_MAX, 1, 0,
                               &l.threshold)) ||
            (rc = ml_yr_number(y, t, "shape", ht, 1.01, 100, 1, 0, &l.shape)))
            return rc;
        /* A body with under 1% of its mass below the threshold is a typo
         * (a threshold in the wrong unit), and conditioning on it is
         * numerically fragile. */
        if (ml_dmg_weight_own(l.meanlog, l.sdlog, l.threshold) > 0.99)
            return ml_yr_fail(y, ml_yr_get(y, t, "threshold"), ht,
                              "threshold %g lies below the 1st percentile of "
                              "lognormal(%g, %g): the body would be empty", l.threshold,
                              l.meanlog, l.sdlog);
        yaml_node_t *w = ml_yr_get(y, t, "weight");
        const char *ws = w ? ml_yr_scalar(w) : NULL;
        if (!w) {
            l.weight = ml_dmg_weight_own(l.meanlog, l.sdlog, l.threshold);
        } else if (ws && !strcmp(ws, "continuous")) {
            l.weight = ml_dmg_weight_continuous(l.meanlog, l.sdlog, l.threshold, l.shape);
        } else {
            if ((rc = ml_yr_number(y, t, "weight", ht, 0, 1, 1, 0, &l.weight)))
                return rc;
            if (!(l.weight < 1.0))
                return ml_yr_fail(y, w, ht, "weight 1 leaves no body: a tail weight "
                                  "is below 1");
        }
    }
    /* Trended to the price year (damages_year): the whole law scales by
     * exp(dlog), so the body's meanlog moves and the threshold scales. */
    l.meanlog += dlog;
    l.threshold *= exp(dlog);
    *out = l;
    return ML_OK;
}

/* The classes of damages mapping d that it names; set[c] marks them. */
static int read_laws(ml_yr *y, yaml_node_t *d, const char *g, double dlog, ml_dmg_law *law,
                     int *set)
{
    for (int k = 0; k < ML_N_INJ; k++) {
        yaml_node_t *cl = ml_yr_get(y, d, ml_injury_name[k]);
        if (!cl)
            continue;
        char h[340];
        snprintf(h, sizeof h, "%s.%s", g, ml_injury_name[k]);
        int rc = read_law(y, cl, h, dlog, &law[k]);
        if (rc)
            return rc;
        set[k] = 1;
    }
    return ML_OK;
}

/* by_specialty: {SPECIALTY: {CLASS: law, ...}, ...}; a specialty already
 * given (by the base regime, for a lever) keeps the classes not named. */
static int read_by_specialty(ml_yr *y, yaml_node_t *bs, const char *g, double dlog,
                             ml_lc_raw *r)
{
    char h[340];
    snprintf(h, sizeof h, "%s.by_specialty", g);
    int rc;
    if ((rc = need_map(y, bs, h, "from specialty name to damages by class")))
        return rc;
    ml_compensation *c = &r->comp;
    for (yaml_node_pair_t *p = bs->data.mapping.pairs.start; p < bs->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, h, name)))
            return rc;
        unsigned i = 0;
        while (i < c->n_spec && strcmp(c->spec_name[i], name))
            i++;
        if (i == c->n_spec) {
            if (c->n_spec == ML_DMG_SPEC_MAX)
                return ml_yr_fail(y, k, h, "at most %d specialties", ML_DMG_SPEC_MAX);
            snprintf(c->spec_name[c->n_spec++], ML_LABEL_MAX, "%s", name);
        }
        where(y, k, r->spec_where[i]);
        char hs[380];
        snprintf(hs, sizeof hs, "%s.%s", h, name);
        static const char *const ck[] = {"minor", "serious", "permanent", "death",
                                         "source", NULL};
        int set[ML_N_INJ] = {0};
        if ((rc = ml_yr_check_map(y, v, hs, ck)) ||
            (rc = read_laws(y, v, hs, dlog, c->spec[i], set)))
            return rc;
        int any = 0;
        for (int cl = 0; cl < ML_N_INJ; cl++) {
            c->own[i][cl] |= (unsigned char)set[cl];
            any |= set[cl];
        }
        if (!any)
            return ml_yr_fail(y, v, hs, "names no injury class (minor, serious, "
                              "permanent, death)");
    }
    return ML_OK;
}

static int read_compensation(ml_yr *y, yaml_node_t *n, const char *pf, ml_lc_raw *r)
{
    char f[300];
    snprintf(f, sizeof f, "%s.compensation", pf);
    static const char *const keys[] = {"damages", "damages_year", "schedule",
                                       "noneconomic_share", "cap_noneconomic", "cap_total",
                                       "source", NULL};
    ml_compensation *c = &r->comp;
    int rc;
    if ((rc = ml_yr_check_map(y, n, f, keys)) ||
        (rc = num(y, n, "noneconomic_share", f, 0, 1, &c->noneconomic_share)) ||
        /* Caps are amounts, or .inf / unlimited for none; absent keeps
         * what the base regime (or the default, none) set. */
        (rc = ml_yr_limit(y, n, "cap_noneconomic", f, 0, ML_AMOUNT_MAX, c->cap_noneconomic,
                          &c->cap_noneconomic)) ||
        (rc = ml_yr_limit(y, n, "cap_total", f, 0, ML_AMOUNT_MAX, c->cap_total,
                          &c->cap_total)))
        return rc;
    yaml_node_t *d = ml_yr_get(y, n, "damages");
    /* damages_year: the damages below are in prices of that year (fitted
     * to a target of that year); trending scales each lognormal, so its
     * meanlog moves by log(factor). */
    yaml_node_t *dy = ml_yr_get(y, n, "damages_year");
    double dlog = 0.0;
    if (dy) {
        char g[320];
        snprintf(g, sizeof g, "%s.damages_year", f);
        double factor;
        if (!d)
            return ml_yr_fail(y, dy, g, "given without damages: it states the year of the "
                              "damages in the same mapping");
        if ((rc = ml_yr_trend(y, dy, g, &factor)))
            return rc;
        dlog = log(factor);
    }
    if (d) {
        char g[320];
        snprintf(g, sizeof g, "%s.damages", f);
        static const char *const ck[] = {"minor", "serious", "permanent", "death",
                                         "by_specialty", "source", NULL};
        if ((rc = ml_yr_check_map(y, d, g, ck)) ||
            (rc = read_laws(y, d, g, dlog, c->law, r->damages_set)))
            return rc;
        yaml_node_t *bs = ml_yr_get(y, d, "by_specialty");
        if (bs && (rc = read_by_specialty(y, bs, g, dlog, r)))
            return rc;
    }
    yaml_node_t *s = ml_yr_get(y, n, "schedule");
    if (s) {
        char g[320];
        snprintf(g, sizeof g, "%s.schedule", f);
        static const char *const sk[] = {"base", "years", "grades", "source", NULL};
        if ((rc = ml_yr_check_map(y, s, g, sk)) ||
            (rc = ml_yr_amount(y, s, "base", g, 0, ML_AMOUNT_MAX, 1, 0, &c->sched_base)) ||
            (rc = ml_yr_number(y, s, "years", g, 0, 100, 1, 0, &c->sched_years)))
            return rc;
        yaml_node_t *gr = ml_yr_get(y, s, "grades");
        char h[340];
        snprintf(h, sizeof h, "%s.grades", g);
        static const char *const gk[] = {"minor", "serious", "permanent", "death",
                                         "source", NULL};
        if ((rc = need_map(y, gr ? gr : s, h, "from injury class to grade mix")) ||
            (rc = ml_yr_check_map(y, gr, h, gk)))
            return rc;
        for (int k = 0; k < ML_N_INJ; k++) {
            yaml_node_t *gm = ml_yr_get(y, gr, ml_injury_name[k]);
            char hk[360];
            snprintf(hk, sizeof hk, "%s.%s", h, ml_injury_name[k]);
            c->grades[k].n = 0;
            if (gm && (rc = read_grades(y, gm, hk, &c->grades[k])))
                return rc;
        }
    }
    return ML_OK;
}

static int read_routes(ml_yr *y, yaml_node_t *n, const char *pf, ml_lc_raw *r)
{
    char f[300];
    snprintf(f, sizeof f, "%s.appraisal", pf);
    int rc;
    if ((rc = need_map(y, n, f, "from route name to route")))
        return rc;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, f, name)))
            return rc;
        unsigned i = 0;
        while (i < r->n_routes && strcmp(r->route[i].name, name))
            i++;
        if (i == r->n_routes) {
            if (r->n_routes == ML_ROUTES_MAX)
                return ml_yr_fail(y, k, f, "at most %d appraisal routes", ML_ROUTES_MAX);
            r->n_routes++;
            memset(&r->route[i], 0, sizeof r->route[i]);
            snprintf(r->route[i].name, ML_LABEL_MAX, "%s", name);
        }
        raw_route *rt = &r->route[i];
        where(y, v, rt->where);
        char g[340];
        snprintf(g, sizeof g, "%s.%s", f, name);
        static const char *const keys[] = {"cost", "delay_months", "negligent",
                                           "not_negligent", "description", "source",
                                           NULL};
        if ((rc = ml_yr_check_map(y, v, g, keys)) ||
            (rc = amt(y, v, "cost", g, &rt->cost)) ||
            (rc = num(y, v, "delay_months", g, 0, 600, &rt->delay)) ||
            (rc = read_namemap(y, v, "not_negligent", g, 0, 1, &rt->row[0])) ||
            (rc = read_namemap(y, v, "negligent", g, 0, 1, &rt->row[1])))
            return rc;
    }
    return ML_OK;
}

static int read_stage(ml_yr *y, yaml_node_t *v, const char *g, raw_stage *rs)
{
    static const char *const keys[] = {
        "kind", "months", "costs", "appraisal", "p_agree", "discount", "adjudicates",
        "p_challenge", "challenge_to", "next", "no_fault", "description", "source", NULL};
    static const char *const kinds[] = {"negotiation", "mediation", "litigation",
                                        "no_fault", "dropped", NULL};
    ml_stage *st = &rs->st;
    int rc;
    if ((rc = ml_yr_check_map(y, v, g, keys)))
        return rc;
    where(y, v, st->where);
    if (ml_yr_get(y, v, "kind")) {
        int k;
        if ((rc = ml_yr_enum(y, v, "kind", g, kinds, 1, 0, &k)))
            return rc;
        st->kind = (ml_stage_kind)k;
        rs->kind_set = 1;
    }
    char h[360];
    yaml_node_t *m = ml_yr_get(y, v, "months");
    snprintf(h, sizeof h, "%s.months", g);
    static const char *const mk[] = {"mean", "cv", "source", NULL};
    if (m && ((rc = ml_yr_check_map(y, m, h, mk)) ||
              (rc = num(y, m, "mean", h, 0, 600, &st->months_mean)) ||
              (rc = num(y, m, "cv", h, 0, 10, &st->months_cv))))
        return rc;
    yaml_node_t *c = ml_yr_get(y, v, "costs");
    snprintf(h, sizeof h, "%s.costs", g);
    static const char *const ck[] = {"defence", "claimant", "admin", "source", NULL};
    if (c && ((rc = ml_yr_check_map(y, c, h, ck)) ||
              (rc = amt(y, c, "defence", h, &st->cost_defence)) ||
              (rc = amt(y, c, "claimant", h, &st->cost_claimant)) ||
              (rc = amt(y, c, "admin", h, &st->cost_admin))))
        return rc;
    yaml_node_t *a = ml_yr_get(y, v, "appraisal");
    snprintf(h, sizeof h, "%s.appraisal", g);
    if (a) {
        const char *s = ml_yr_scalar(a);
        if (s && (!strcmp(s, "none") || !*s))
            rs->route[0] = '\0';
        else if ((rc = label(y, a, h, rs->route)))
            return rc;
    }
    yaml_node_t *pa = ml_yr_get(y, v, "p_agree");
    snprintf(h, sizeof h, "%s.p_agree", g);
    static const char *const pk[] = {"negligent", "not_negligent", "source", NULL};
    if (pa && ((rc = ml_yr_check_map(y, pa, h, pk)) ||
               (rc = ml_yr_number(y, pa, "negligent", h, 0, 1, 1, 0, &st->p_agree[1])) ||
               (rc = ml_yr_number(y, pa, "not_negligent", h, 0, 1, 1, 0, &st->p_agree[0]))))
        return rc;
    if ((rc = num(y, v, "discount", g, 0, 1, &st->discount)) ||
        (rc = flag(y, v, "adjudicates", g, &st->adjudicates)) ||
        (rc = num(y, v, "p_challenge", g, 0, 1, &st->p_challenge)) ||
        (rc = read_namemap(y, v, "next", g, 0, 1, &rs->next)))
        return rc;
    yaml_node_t *ct = ml_yr_get(y, v, "challenge_to");
    snprintf(h, sizeof h, "%s.challenge_to", g);
    if (ct && (rc = label(y, ct, h, rs->challenge)))
        return rc;
    yaml_node_t *nf = ml_yr_get(y, v, "no_fault");
    snprintf(h, sizeof h, "%s.no_fault", g);
    static const char *const nk[] = {"lump_sum", "instalment", "instalment_years",
                                     "p_apply", "classes", "specialties", "source", NULL};
    if (nf) {
        uint64_t years = 0;
        if ((rc = ml_yr_check_map(y, nf, h, nk)) ||
            (rc = ml_yr_amount(y, nf, "lump_sum", h, 0, ML_AMOUNT_MAX, 1, 0,
                               &st->nofault_lump)) ||
            (rc = ml_yr_amount(y, nf, "instalment", h, 0, ML_AMOUNT_MAX, 0, 0,
                               &st->nofault_instalment)) ||
            (rc = ml_yr_uint(y, nf, "instalment_years", h, 0, 100, 0, 0, &years)) ||
            (rc = ml_yr_number(y, nf, "p_apply", h, 0, 1, 1, 0, &st->p_apply)))
            return rc;
        st->nofault_years = (unsigned)years;
        /* Instalments need both their amount and their number. */
        if ((st->nofault_instalment > 0.0) != (years > 0))
            return ml_yr_fail(y, nf, h, "instalment and instalment_years go together: "
                              "give both (a yearly amount and how many years) or neither");
        yaml_node_t *cl = ml_yr_get(y, nf, "classes");
        char hc[380];
        snprintf(hc, sizeof hc, "%s.classes", h);
        if (!cl || cl->type != YAML_SEQUENCE_NODE || ml_yr_len(cl) == 0)
            return ml_yr_fail(y, cl ? cl : nf, hc, "expected a list of injury classes");
        st->nofault_classes = 0;
        for (size_t i = 0; i < ml_yr_len(cl); i++) {
            yaml_node_t *it = ml_yr_item(y, cl, i);
            const char *s = ml_yr_scalar(it);
            int k = s ? ml_injury_index(s) : -1;
            if (k < 0)
                return ml_yr_fail(y, it, hc, "'%s' is not an injury class (minor, "
                                  "serious, permanent, death)", s ? s : "?");
            st->nofault_classes |= 1u << k;
        }
        yaml_node_t *sp = ml_yr_get(y, nf, "specialties");
        snprintf(hc, sizeof hc, "%s.specialties", h);
        st->n_specs = 0;
        if (sp) {
            if (sp->type != YAML_SEQUENCE_NODE || ml_yr_len(sp) > 4)
                return ml_yr_fail(y, sp, hc, "expected a list of at most 4 specialty names");
            for (size_t i = 0; i < ml_yr_len(sp); i++)
                if ((rc = label(y, ml_yr_item(y, sp, i), hc, st->specs[st->n_specs++])))
                    return rc;
        }
    }
    return ML_OK;
}

static int read_pathway(ml_yr *y, yaml_node_t *n, const char *pf, ml_lc_raw *r)
{
    char f[300];
    snprintf(f, sizeof f, "%s.pathway", pf);
    static const char *const keys[] = {"entry", "stages", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map(y, n, f, keys)) ||
        (rc = read_namemap(y, n, "entry", f, 0, 1, &r->entry)))
        return rc;
    yaml_node_t *ss = ml_yr_get(y, n, "stages");
    if (!ss)
        return ML_OK;
    char g[320];
    snprintf(g, sizeof g, "%s.stages", f);
    if ((rc = need_map(y, ss, g, "from stage name to stage")))
        return rc;
    for (yaml_node_pair_t *p = ss->data.mapping.pairs.start; p < ss->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, g, name)))
            return rc;
        unsigned i = 0;
        while (i < r->n_stages && strcmp(r->stage[i].st.name, name))
            i++;
        if (i == r->n_stages) {
            if (r->n_stages == ML_STAGES_MAX)
                return ml_yr_fail(y, k, g, "at most %d stages", ML_STAGES_MAX);
            raw_stage *rs = &r->stage[r->n_stages++];
            memset(rs, 0, sizeof *rs);
            snprintf(rs->st.name, ML_LABEL_MAX, "%s", name);
            rs->st.discount = 1.0;
            rs->st.route = rs->st.challenge_to = -1;
        }
        char h[360];
        snprintf(h, sizeof h, "%s.%s", g, name);
        if ((rc = read_stage(y, yaml_document_get_node(&y->doc, p->value), h,
                             &r->stage[i])))
            return rc;
    }
    return ML_OK;
}

int ml_lc_read(ml_yr *y, yaml_node_t *n, const char *pf, int patch, ml_lc_raw *r)
{
    char f[256];
    snprintf(f, sizeof f, "%s.lifecycle", pf);
    static const char *const keys[] = {"claiming", "liability_degrees", "appraisal",
                                       "compensation", "pathway", "legal_costs",
                                       "insurance", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map(y, n, f, keys)))
        return rc;
    if (!patch) {
        where(y, n, r->where);
        snprintf(r->field, sizeof r->field, "%s", f);
    }
    yaml_node_t *s;
    if ((s = ml_yr_get(y, n, "claiming")) && (rc = read_claiming(y, s, f, r)))
        return rc;
    if ((rc = read_namemap(y, n, "liability_degrees", f, 0, 1, &r->degrees)))
        return rc;
    if ((s = ml_yr_get(y, n, "appraisal")) && (rc = read_routes(y, s, f, r)))
        return rc;
    if ((s = ml_yr_get(y, n, "compensation")) && (rc = read_compensation(y, s, f, r)))
        return rc;
    if ((s = ml_yr_get(y, n, "pathway")) && (rc = read_pathway(y, s, f, r)))
        return rc;
    char g[300];
    if ((s = ml_yr_get(y, n, "legal_costs"))) {
        snprintf(g, sizeof g, "%s.legal_costs", f);
        static const char *const lk[] = {"duty_to_defend", "defence_inside_limits",
                                         "loser_pays", "contingency_fee", "source", NULL};
        if ((rc = ml_yr_check_map(y, s, g, lk)) ||
            (rc = flag(y, s, "duty_to_defend", g, &r->legal.duty_to_defend)) ||
            (rc = flag(y, s, "defence_inside_limits", g, &r->legal.defence_inside_limits)) ||
            (rc = flag(y, s, "loser_pays", g, &r->legal.loser_pays)) ||
            (rc = num(y, s, "contingency_fee", g, 0, 1, &r->legal.contingency_fee)))
            return rc;
    }
    if ((s = ml_yr_get(y, n, "insurance"))) {
        snprintf(g, sizeof g, "%s.insurance", f);
        static const char *const ik[] = {"participation", "direct_claim", "p_unpaid",
                                         "enforcement_months", "source", NULL};
        if ((rc = ml_yr_check_map(y, s, g, ik)) ||
            (rc = read_participation(y, s, g, &r->ins)) ||
            (rc = flag(y, s, "direct_claim", g, &r->ins.direct_claim)) ||
            (rc = num(y, s, "p_unpaid", g, 0, 1, &r->ins.p_unpaid)) ||
            (rc = num(y, s, "enforcement_months", g, 0, 600, &r->ins.enforce_months)))
            return rc;
    }
    return ML_OK;
}

/* Index of name in the names of a namemap-like list, or -1. */
static int find_name(const char (*names)[ML_LABEL_MAX], unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return (int)i;
    return -1;
}

static int stage_index(const ml_lc_raw *r, const char *name)
{
    for (unsigned i = 0; i < r->n_stages; i++)
        if (!strcmp(r->stage[i].st.name, name))
            return (int)i;
    return -1;
}

static int check_sum(const namemap *m, ml_err *err)
{
    double s = 0.0;
    for (unsigned i = 0; i < m->n; i++)
        s += m->v[i];
    if (fabs(s - 1.0) > 1e-9)
        return ML_ERROR(err, ML_EINVAL, "%s: %s: probabilities sum to %.12g; they must "
                        "sum to 1", m->where, m->field, s);
    return ML_OK;
}

static int finish_routes(ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    L->n_routes = r->n_routes;
    for (unsigned i = 0; i < r->n_routes; i++) {
        raw_route *rt = &r->route[i];
        ml_route *o = &L->route[i];
        memset(o, 0, sizeof *o);
        snprintf(o->name, ML_LABEL_MAX, "%s", rt->name);
        o->cost = rt->cost;
        o->delay_months = rt->delay;
        for (int neg = 0; neg < 2; neg++) {
            namemap *m = &rt->row[neg];
            if (m->n == 0)
                return ML_ERROR(err, ML_EINVAL, "%s: %s.appraisal.%s.%s: required: the "
                                "probability of each liability degree found", rt->where,
                                r->field, rt->name, neg ? "negligent" : "not_negligent");
            int rc = check_sum(m, err);
            if (rc)
                return rc;
            for (unsigned k = 0; k < m->n; k++) {
                int d = find_name(L->degrees.name, L->degrees.n, m->name[k]);
                if (d < 0)
                    return ML_ERROR(err, ML_EINVAL, "%s: %s: '%s' is not one of the "
                                    "liability_degrees", m->where, m->field, m->name[k]);
                o->prob[neg][d] = m->v[k];
            }
        }
    }
    return ML_OK;
}

/* ml_pathway_check (models/) names fields from the pathway down, as
 * "FILE:LINE: pathway.stages.x: ...": it cannot know where the pathway sits
 * in a scenario.  The loader adds that (field, e.g. "regime.lifecycle"), so
 * that its messages name the full path like every other lifecycle field. */
static int with_field(int rc, const char *field, ml_err *err)
{
    char *p = rc ? strstr(err->msg, ": pathway") : NULL;
    if (!p)
        return rc;
    char buf[sizeof err->msg];
    snprintf(buf, sizeof buf, "%.*s: %s.%s", (int)(p - err->msg), err->msg, field, p + 2);
    snprintf(err->msg, sizeof err->msg, "%s", buf);
    return rc;
}

static int finish_stages(ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    ml_pathway *pw = &L->pathway;
    pw->n = r->n_stages;
    pw->nofault = -1;
    if (r->n_stages == 0)
        return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages: required: at least one "
                        "stage", r->where, r->field);
    for (unsigned i = 0; i < r->n_stages; i++) {
        raw_stage *rs = &r->stage[i];
        ml_stage *st = &pw->st[i];
        *st = rs->st;
        if (!rs->kind_set)
            return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages.%s.kind: required: one "
                            "of negotiation, mediation, litigation, no_fault, dropped",
                            st->where, r->field, st->name);
        st->route = -1;
        if (rs->route[0]) {
            unsigned k = 0;
            while (k < L->n_routes && strcmp(L->route[k].name, rs->route))
                k++;
            if (k == L->n_routes)
                return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages.%s.appraisal: '%s' "
                                "is not an appraisal route of this regime", st->where,
                                r->field, st->name, rs->route);
            st->route = (int)k;
        }
        st->challenge_to = -1;
        if (rs->challenge[0] && (st->challenge_to = stage_index(r, rs->challenge)) < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages.%s.challenge_to: '%s' "
                            "is not a stage", st->where, r->field, st->name, rs->challenge);
        /* A name map holds up to MAP_MAX entries, a stage only ML_NEXT_MAX:
         * refuse before copying, or the copy runs past st->next. */
        if (rs->next.n > ML_NEXT_MAX)
            return ML_ERROR(err, ML_EINVAL, "%s: %s: %u next stages; at most %d",
                            rs->next.where, rs->next.field, rs->next.n, ML_NEXT_MAX);
        /* The sum is checked here, where the `next` mapping's own line is
         * known; ml_pathway_check knows only the stage's. */
        int rc = rs->next.n ? check_sum(&rs->next, err) : ML_OK;
        if (rc)
            return rc;
        st->n_next = rs->next.n;
        for (unsigned k = 0; k < rs->next.n; k++) {
            if ((st->next[k] = stage_index(r, rs->next.name[k])) < 0)
                return ML_ERROR(err, ML_EINVAL, "%s: %s: '%s' is not a stage",
                                rs->next.where, rs->next.field, rs->next.name[k]);
            st->p_next[k] = rs->next.v[k];
        }
        if (st->kind == ML_ST_NO_FAULT) {
            if (pw->nofault >= 0)
                return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages.%s: only one "
                                "no-fault stage is allowed", st->where, r->field, st->name);
            pw->nofault = (int)i;
            if (!st->nofault_classes)
                return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.stages.%s.no_fault: "
                                "required for a no_fault stage", st->where, r->field,
                                st->name);
        }
    }
    for (unsigned k = 0; k < r->entry.n; k++) {
        int s = stage_index(r, r->entry.name[k]);
        if (s < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: %s: '%s' is not a stage", r->entry.where,
                            r->entry.field, r->entry.name[k]);
        pw->p_entry[s] = r->entry.v[k];
    }
    if (r->entry.n == 0)
        return ML_ERROR(err, ML_EINVAL, "%s: %s.pathway.entry: required: where claims "
                        "start, as stage: probability", r->where, r->field);
    int rc = check_sum(&r->entry, err);
    return rc ? rc : with_field(ml_pathway_check(pw, err), r->field, err);
}

int ml_lc_finish(ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    memset(L, 0, sizeof *L);
    L->claiming = r->claiming;
    L->comp = r->comp;
    L->legal = r->legal;
    L->ins = r->ins;
    for (int neg = 0; neg < 2; neg++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (!r->claim_set[neg][c])
                return ML_ERROR(err, ML_EINVAL, "%s: %s.claiming.p_claim.%s: required: "
                                "the claiming probability of every injury class",
                                r->where, r->field, neg ? "negligent" : "not_negligent");
    for (int c = 0; c < ML_N_INJ; c++)
        if (!r->damages_set[c])
            return ML_ERROR(err, ML_EINVAL, "%s: %s.compensation.damages.%s: required: "
                            "{meanlog, sdlog} of the assessed damages", r->where,
                            r->field, ml_injury_name[c]);
    /* A specialty's class it does not name takes the class default, as it
     * stands once every lever is applied. */
    for (unsigned k = 0; k < L->comp.n_spec; k++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (!L->comp.own[k][c])
                L->comp.spec[k][c] = L->comp.law[c];
    if (r->degrees.n == 0)
        return ML_ERROR(err, ML_EINVAL, "%s: %s.liability_degrees: required: a mapping "
                        "from degree name to liability share", r->where, r->field);
    if (r->degrees.n > ML_DEGREES_MAX)
        return ML_ERROR(err, ML_EINVAL, "%s: %s: at most %d degrees", r->degrees.where,
                        r->degrees.field, ML_DEGREES_MAX);
    L->degrees.n = r->degrees.n;
    for (unsigned k = 0; k < r->degrees.n; k++) {
        snprintf(L->degrees.name[k], ML_LABEL_MAX, "%s", r->degrees.name[k]);
        L->degrees.share[k] = r->degrees.v[k];
    }
    int rc = finish_routes(r, L, err);
    return rc ? rc : finish_stages(r, L, err);
}

/* ---- The fields of a raw record, for the levers' scale, add and base ---- */

typedef struct {
    ml_lc_field *out;
    size_t cap, n;
} field_list;

static ml_lc_field *field_at(field_list *fl, double *num, int *flag, double lo, double hi,
                             int dist, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static ml_lc_field *field_at(field_list *fl, double *num, int *flag, double lo, double hi,
                             int dist, const char *fmt, ...)
{
    ml_lc_field *f = fl->n < fl->cap ? &fl->out[fl->n] : NULL;
    fl->n++;
    if (!f)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->path, sizeof f->path, fmt, ap);
    va_end(ap);
    f->num = num;
    f->flag = flag;
    f->lo = lo;
    f->hi = hi;
    f->dist = dist;
    return f;
}

/* The ranges are the reader's (read_* above): a changed value must be one
 * the base regime could have stated. */
static void namemap_fields(field_list *fl, namemap *m, double lo, double hi, int dist,
                           const char *pf)
{
    for (unsigned i = 0; i < m->n; i++)
        field_at(fl, &m->v[i], NULL, lo, hi, dist, "%s.%s", pf, m->name[i]);
}

size_t ml_lc_fields(ml_lc_raw *r, ml_lc_field *out, size_t cap)
{
    field_list fl = {out, cap, 0};
    static const char *const rows[2] = {"not_negligent", "negligent"};
    for (int neg = 0; neg < 2; neg++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (r->claim_set[neg][c])
                field_at(&fl, &r->claiming.p_claim[neg][c], NULL, 0, 1, 0,
                         "claiming.p_claim.%s.%s", rows[neg], ml_injury_name[c]);
    field_at(&fl, &r->claiming.lag_mean, NULL, 0, 600, 0, "claiming.report_lag_months.mean");
    field_at(&fl, &r->claiming.lag_cv, NULL, 0, 10, 0, "claiming.report_lag_months.cv");
    namemap_fields(&fl, &r->degrees, 0, 1, 0, "liability_degrees");
    for (unsigned i = 0; i < r->n_routes; i++) {
        raw_route *rt = &r->route[i];
        char pf[300];
        snprintf(pf, sizeof pf, "appraisal.%s", rt->name);
        field_at(&fl, &rt->cost, NULL, 0, ML_AMOUNT_MAX, 0, "%s.cost", pf);
        field_at(&fl, &rt->delay, NULL, 0, 600, 0, "%s.delay_months", pf);
        for (int neg = 0; neg < 2; neg++) {
            char g[340];
            snprintf(g, sizeof g, "%s.%s", pf, rows[neg]);
            namemap_fields(&fl, &rt->row[neg], 0, 1, 1, g);
        }
    }
    ml_compensation *c = &r->comp;
    for (int k = 0; k < ML_N_INJ; k++)
        if (r->damages_set[k]) {
            field_at(&fl, &c->law[k].meanlog, NULL, -10, 30, 0,
                     "compensation.damages.%s.meanlog", ml_injury_name[k]);
            field_at(&fl, &c->law[k].sdlog, NULL, 0, 5, 0, "compensation.damages.%s.sdlog",
                     ml_injury_name[k]);
        }
    /* A specialty's own laws (by_specialty): the body's parameters. */
    for (unsigned i = 0; i < c->n_spec; i++)
        for (int k = 0; k < ML_N_INJ; k++)
            if (c->own[i][k]) {
                field_at(&fl, &c->spec[i][k].meanlog, NULL, -10, 30, 0,
                         "compensation.damages.by_specialty.%s.%s.meanlog", c->spec_name[i],
                         ml_injury_name[k]);
                field_at(&fl, &c->spec[i][k].sdlog, NULL, 0, 5, 0,
                         "compensation.damages.by_specialty.%s.%s.sdlog", c->spec_name[i],
                         ml_injury_name[k]);
            }
    field_at(&fl, &c->sched_base, NULL, 0, ML_AMOUNT_MAX, 0, "compensation.schedule.base");
    field_at(&fl, &c->sched_years, NULL, 0, 100, 0, "compensation.schedule.years");
    field_at(&fl, &c->noneconomic_share, NULL, 0, 1, 0, "compensation.noneconomic_share");
    field_at(&fl, &c->cap_noneconomic, NULL, 0, INFINITY, 0, "compensation.cap_noneconomic");
    field_at(&fl, &c->cap_total, NULL, 0, INFINITY, 0, "compensation.cap_total");
    namemap_fields(&fl, &r->entry, 0, 1, 1, "pathway.entry");
    for (unsigned i = 0; i < r->n_stages; i++) {
        ml_stage *st = &r->stage[i].st;
        char pf[300];
        snprintf(pf, sizeof pf, "pathway.stages.%s", st->name);
        field_at(&fl, &st->months_mean, NULL, 0, 600, 0, "%s.months.mean", pf);
        field_at(&fl, &st->months_cv, NULL, 0, 10, 0, "%s.months.cv", pf);
        field_at(&fl, &st->cost_defence, NULL, 0, ML_AMOUNT_MAX, 0, "%s.costs.defence", pf);
        field_at(&fl, &st->cost_claimant, NULL, 0, ML_AMOUNT_MAX, 0, "%s.costs.claimant", pf);
        field_at(&fl, &st->cost_admin, NULL, 0, ML_AMOUNT_MAX, 0, "%s.costs.admin", pf);
        field_at(&fl, &st->p_agree[1], NULL, 0, 1, 0, "%s.p_agree.negligent", pf);
        field_at(&fl, &st->p_agree[0], NULL, 0, 1, 0, "%s.p_agree.not_negligent", pf);
        field_at(&fl, &st->discount, NULL, 0, 1, 0, "%s.discount", pf);
        field_at(&fl, NULL, &st->adjudicates, 0, 1, 0, "%s.adjudicates", pf);
        field_at(&fl, &st->p_challenge, NULL, 0, 1, 0, "%s.p_challenge", pf);
        char g[340];
        snprintf(g, sizeof g, "%s.next", pf);
        namemap_fields(&fl, &r->stage[i].next, 0, 1, 1, g);
        if (st->kind == ML_ST_NO_FAULT) {
            field_at(&fl, &st->nofault_lump, NULL, 0, ML_AMOUNT_MAX, 0,
                     "%s.no_fault.lump_sum", pf);
            field_at(&fl, &st->nofault_instalment, NULL, 0, ML_AMOUNT_MAX, 0,
                     "%s.no_fault.instalment", pf);
            field_at(&fl, &st->p_apply, NULL, 0, 1, 0, "%s.no_fault.p_apply", pf);
        }
    }
    ml_legal *l = &r->legal;
    field_at(&fl, NULL, &l->duty_to_defend, 0, 1, 0, "legal_costs.duty_to_defend");
    field_at(&fl, NULL, &l->defence_inside_limits, 0, 1, 0,
             "legal_costs.defence_inside_limits");
    field_at(&fl, NULL, &l->loser_pays, 0, 1, 0, "legal_costs.loser_pays");
    field_at(&fl, &l->contingency_fee, NULL, 0, 1, 0, "legal_costs.contingency_fee");
    ml_insurance *in = &r->ins;
    if (in->n_grades == 0)
        field_at(&fl, &in->participation, NULL, 0, 1, 0, "insurance.participation");
    else {
        /* By grade: each grade's fraction, and `other` when given. */
        for (unsigned i = 0; i < in->n_grades; i++)
            field_at(&fl, &in->grade_participation[i], NULL, 0, 1, 0,
                     "insurance.participation.%s", in->grade[i]);
        if (in->has_other)
            field_at(&fl, &in->participation, NULL, 0, 1, 0, "insurance.participation.other");
    }
    field_at(&fl, NULL, &in->direct_claim, 0, 1, 0, "insurance.direct_claim");
    field_at(&fl, &in->p_unpaid, NULL, 0, 1, 0, "insurance.p_unpaid");
    field_at(&fl, &in->enforce_months, NULL, 0, 600, 0, "insurance.enforcement_months");
    return fl.n;
}

int ml_lc_damages_map(const ml_lc_raw *r, const ml_lifecycle *L, const ml_portfolio *p,
                      int *map, ml_err *err)
{
    const ml_compensation *c = &L->comp;
    for (size_t sp = 0; sp < p->n_specialties; sp++) {
        map[sp] = -1;
        for (unsigned k = 0; k < c->n_spec; k++)
            if (!strcmp(c->spec_name[k], p->specialties[sp].name))
                map[sp] = (int)k;
    }
    /* A name the portfolio lacks is most likely a typo, which would
     * silently leave that specialty at the class defaults: refused. */
    for (unsigned k = 0; k < c->n_spec; k++) {
        size_t sp = 0;
        while (sp < p->n_specialties && map[sp] != (int)k)
            sp++;
        if (sp == p->n_specialties)
            return ML_ERROR(err, ML_EINVAL, "%s: %s.compensation.damages.by_specialty: "
                            "'%s' is not a specialty of portfolio '%s' (remove it from "
                            "the regime to run this portfolio)", r->spec_where[k],
                            r->field, c->spec_name[k], p->name);
    }
    return ML_OK;
}
