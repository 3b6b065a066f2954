/*
 * lifecycle_load.c — reading a regime's lifecycle section and reform levers
 * (see lifecycle_load.h) into the raw record (lifecycle_raw.h).
 *
 * Defaults are set once when the raw record is created, and reading only
 * overwrites what a file names: so a base regime and a lever fragment are
 * read by the same code.  What must be given (injury-class tables, stage
 * kinds) and every name that refers to something defined elsewhere (next
 * stages, routes, degrees) are checked in ml_lc_finish
 * (lifecycle_resolve.c), after every lever has been applied, at the site
 * where each was last set; the readers here record those sites.
 */
#include "lifecycle_raw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (!r)
        return;
    ml_sites_free(&r->pool);
    free(r->field);
    free(r);
}

static int site(ml_yr *y, ml_lc_raw *r, const yaml_node_t *n, const ml_fp *at, ml_site *out)
{
    return ml_site_add(&r->pool, y, n, at, out);
}

/* "file:line" of node n, for models/pathway.c's messages about a stage. */
static void stage_where(ml_yr *y, yaml_node_t *n, ml_stage *st)
{
    snprintf(st->where, sizeof st->where, "%s:%lu", y->file, ml_yr_line(n));
}

/* Overwrites *out only when key is present. */
static int num(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
               double hi, double *out)
{
    if (!ml_yr_get(y, m, key))
        return ML_OK;
    return ml_yr_number_at(y, m, key, at, lo, hi, 1, 0, out);
}

/* An amount of money (it may carry a year to trend from); overwrites *out
 * only when key is present. */
static int amt(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double *out)
{
    if (!ml_yr_get(y, m, key))
        return ML_OK;
    return ml_yr_amount_at(y, m, key, at, 0, ML_AMOUNT_MAX, 1, 0, out);
}

static int flag(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, int *out)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    const char *s = ml_yr_scalar(n);
    ml_fp f = ml_fp_key(at, key);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
        *out = 1;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "no")))
        *out = 0;
    else
        return ml_yr_fail_at(y, n, &f, "expected true or false");
    return ML_OK;
}

static int label(ml_yr *y, yaml_node_t *n, const ml_fp *at, char *out)
{
    const char *s = ml_yr_scalar(n);
    if (!s || !*s)
        return ml_yr_fail_at(y, n, at, "expected a name");
    size_t len = strlen(s);
    if (len >= ML_LABEL_MAX)
        return ml_yr_fail_at(y, n, at, "'%s' is longer than %d characters", s, ML_LABEL_MAX - 1);
    /* The whole label is written, so that records holding it compare and
     * copy as bytes. */
    memcpy(out, s, len);
    memset(out + len, 0, ML_LABEL_MAX - len);
    return ML_OK;
}

static int need_map(ml_yr *y, yaml_node_t *n, const ml_fp *at, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail_at(y, n, at, "expected a mapping %s", what);
    return ML_OK;
}

/* A probability vector whose entries a draw or --set changed: the other
 * entries absorb the change in proportion to their values, so that the
 * vector still sums to 1 (README, "Uncertainty").  Only when the file's
 * own values summed to 1; otherwise the sum check says what is wrong. */
static void absorb(const ml_yr *y, const ml_fp *const *entry, double *v, unsigned n)
{
    const ml_load_opts *o = y->opts;
    if (!o || !o->log || !o->log->n)
        return;
    double written = 0.0, drawn = 0.0, rest = 0.0;
    int any = 0, is[MAP_MAX > ML_GRADES_MAX ? MAP_MAX : ML_GRADES_MAX] = {0};
    for (unsigned i = 0; i < n; i++) {
        char path[512];
        ml_fp_write(entry[i], y->top, path, sizeof path);
        double w;
        if ((is[i] = ml_override_log_find(o->log, path, &w))) {
            any = 1;
            written += w;
            drawn += v[i];
        } else {
            written += v[i];
            rest += v[i];
        }
    }
    if (!any || fabs(written - 1.0) > 1e-9 || !(rest > 0.0) || drawn > 1.0)
        return;
    double k = (1.0 - drawn) / rest;
    for (unsigned i = 0; i < n; i++)
        if (!is[i]) {
            /* Logged as overridden too: a lever's base: checks what the
             * file wrote (lever_ops.c). */
            char path[512];
            ml_fp_write(entry[i], y->top, path, sizeof path);
            if (ml_override_log_add(o->log, path, v[i]))
                return; /* out of memory: the sum check will say so */
            v[i] *= k;
        }
}

static void absorb_map(const ml_yr *y, const ml_fp *f, namemap *nm)
{
    ml_fp e[MAP_MAX];
    const ml_fp *pe[MAP_MAX];
    for (unsigned i = 0; i < nm->n; i++) {
        e[i] = ml_fp_key(f, nm->name[i]);
        pe[i] = &e[i];
    }
    absorb(y, pe, nm->v, nm->n);
}

/* Reads mapping m.key as name -> number in [lo, hi], replacing *out whole,
 * with the site of the mapping and of each key; a probability vector
 * (dist) keeps its sum when a draw changes an entry (absorb). */
static int read_namemap(ml_yr *y, ml_lc_raw *r, yaml_node_t *m, const char *key,
                        const ml_fp *at, double lo, double hi, int dist, namemap *out)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    ml_fp f = ml_fp_key(at, key);
    namemap nm = {0};
    int rc;
    if ((rc = need_map(y, n, &f, "from names to numbers")) ||
        (rc = site(y, r, n, &f, &nm.site)))
        return rc;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        if (nm.n == MAP_MAX)
            return ml_yr_fail_at(y, k, &f, "at most %d entries", MAP_MAX);
        if ((rc = label(y, k, &f, nm.name[nm.n])))
            return rc;
        for (unsigned j = 0; j < nm.n; j++)
            if (!strcmp(nm.name[j], nm.name[nm.n]))
                return ml_yr_fail_at(y, k, &f, "'%s' is given twice", nm.name[j]);
        if ((rc = ml_yr_number_at(y, n, nm.name[nm.n], &f, lo, hi, 1, 0, &nm.v[nm.n])) ||
            (rc = site(y, r, k, &f, &nm.key[nm.n])))
            return rc;
        nm.n++;
    }
    if (dist)
        absorb_map(y, &f, &nm);
    *out = nm;
    return ML_OK;
}

/* Reads list m.key of stage names, replacing *out whole (its values
 * unused), with the site of the list and of each item. */
static int read_namelist(ml_yr *y, ml_lc_raw *r, yaml_node_t *m, const char *key,
                         const ml_fp *at, namemap *out)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    ml_fp f = ml_fp_key(at, key);
    if (n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0)
        return ml_yr_fail_at(y, n, &f, "expected a list of stage names, e.g. [a, b]");
    if (ml_yr_len(n) > MAP_MAX)
        return ml_yr_fail_at(y, n, &f, "at most %d stages", MAP_MAX);
    namemap nm = {0};
    int rc;
    if ((rc = site(y, r, n, &f, &nm.site)))
        return rc;
    for (size_t i = 0; i < ml_yr_len(n); i++) {
        yaml_node_t *it = ml_yr_item(y, n, i);
        ml_fp fi = ml_fp_item(&f, i);
        if ((rc = label(y, it, &fi, nm.name[nm.n])))
            return rc;
        for (unsigned j = 0; j < nm.n; j++)
            if (!strcmp(nm.name[j], nm.name[nm.n]))
                return ml_yr_fail_at(y, it, &f, "'%s' is given twice", nm.name[j]);
        if ((rc = site(y, r, it, &fi, &nm.key[nm.n])))
            return rc;
        nm.n++;
    }
    *out = nm;
    return ML_OK;
}

/* A mapping over the injury classes; every class must be present. */
static int read_classes(ml_yr *y, yaml_node_t *n, const ml_fp *at, double lo, double hi,
                        double *out)
{
    static const char *const keys[] = {"minor", "serious", "permanent", "death", NULL};
    int rc = ml_yr_check_map_at(y, n, at, keys);
    for (int c = 0; !rc && c < ML_N_INJ; c++)
        rc = ml_yr_number_at(y, n, ml_injury_name[c], at, lo, hi, 1, 0, &out[c]);
    return rc;
}

static int read_claiming(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_lc_raw *r)
{
    static const char *const keys[] = {"p_claim", "report_lag_months", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, keys)))
        return rc;
    yaml_node_t *pc = ml_yr_get(y, n, "p_claim");
    if (pc) {
        ml_fp g = ml_fp_key(at, "p_claim");
        static const char *const pk[] = {"negligent", "not_negligent", "source", NULL};
        if ((rc = ml_yr_check_map_at(y, pc, &g, pk)))
            return rc;
        static const char *const rows[2] = {"not_negligent", "negligent"};
        for (int neg = 0; neg < 2; neg++) {
            yaml_node_t *row = ml_yr_get(y, pc, rows[neg]);
            if (!row)
                continue;
            ml_fp h = ml_fp_key(&g, rows[neg]);
            if ((rc = read_classes(y, row, &h, 0, 1, r->claiming.p_claim[neg])))
                return rc;
            for (int c = 0; c < ML_N_INJ; c++)
                r->claim_set[neg][c] = 1;
        }
    }
    yaml_node_t *lag = ml_yr_get(y, n, "report_lag_months");
    if (lag) {
        ml_fp g = ml_fp_key(at, "report_lag_months");
        static const char *const lk[] = {"mean", "cv", "source", NULL};
        if ((rc = ml_yr_check_map_at(y, lag, &g, lk)) ||
            (rc = num(y, lag, "mean", &g, 0, 600, &r->claiming.lag_mean)) ||
            (rc = num(y, lag, "cv", &g, 0, 10, &r->claiming.lag_cv)))
            return rc;
    }
    return ML_OK;
}

static int read_grades(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_grade_mix *g)
{
    if (!n || n->type != YAML_SEQUENCE_NODE || ml_yr_len(n) == 0 ||
        ml_yr_len(n) > ML_GRADES_MAX)
        return ml_yr_fail_at(y, n, at, "expected a list of 1 to %d {coef, prob}",
                             ML_GRADES_MAX);
    ml_grade_mix m = {0};
    m.n = (unsigned)ml_yr_len(n);
    double s = 0.0;
    for (unsigned i = 0; i < m.n; i++) {
        static const char *const keys[] = {"coef", "prob", "grade", "source", NULL};
        yaml_node_t *it = ml_yr_item(y, n, i);
        ml_fp fi = ml_fp_item(at, i);
        int rc;
        if ((rc = ml_yr_check_map_at(y, it, &fi, keys)) ||
            (rc = ml_yr_number_at(y, it, "coef", &fi, 0, 1, 1, 0, &m.coef[i])) ||
            (rc = ml_yr_number_at(y, it, "prob", &fi, 0, 1, 1, 0, &m.prob[i])))
            return rc;
    }
    ml_fp items[ML_GRADES_MAX], probs[ML_GRADES_MAX];
    const ml_fp *pp[ML_GRADES_MAX];
    for (unsigned i = 0; i < m.n; i++) {
        items[i] = ml_fp_item(at, i);
        probs[i] = ml_fp_key(&items[i], "prob");
        pp[i] = &probs[i];
    }
    absorb(y, pp, m.prob, m.n);
    for (unsigned i = 0; i < m.n; i++)
        s += m.prob[i];
    if (fabs(s - 1.0) > 1e-9)
        return ml_yr_fail_at(y, n, at, "probabilities sum to %.12g; they must sum to 1", s);
    *g = m;
    return ML_OK;
}

/* m.key: a fraction for every hospital, or a mapping from hospital grade
 * to fraction with an optional `other` for grades not listed (participation,
 * a mandate's target).  Replaced whole.  at: the mapping holding key;
 * where gets "file:line: field" of it, for the check against the
 * portfolio's grades (levers.c), made after this file is closed; example:
 * a mapping to suggest when the value is neither. */
static int read_by_grade(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                         char *where, size_t where_cap, unsigned *n_grades,
                         char (*grade)[ML_LABEL_MAX], double *v, double *all, int *has_other,
                         const char *example)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    ml_fp g = ml_fp_key(at, key);
    int head = snprintf(where, where_cap, "%s:%lu: ", y->file, ml_yr_line(n));
    if (head > 0 && (size_t)head < where_cap)
        ml_fp_write(&g, y->top, where + head, where_cap - (size_t)head);
    *n_grades = 0;
    *has_other = 1;
    if (n->type != YAML_MAPPING_NODE || ml_yr_get(y, n, "value"))
        return ml_yr_number_at(y, m, key, at, 0, 1, 1, 0, all);
    *has_other = 0;
    *all = 0.0;
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top;
         q++) {
        yaml_node_t *k = ml_yr_pair_key(y, q);
        const char *ks = ml_yr_scalar(k);
        if (!ks || !*ks || ml_yr_is_null(k))
            return ml_yr_fail_at(y, k, &g, "keys must be hospital grades (or 'other')");
        if (!strcmp(ks, "source"))
            continue;
        int rc;
        if (!strcmp(ks, "other")) {
            if ((rc = ml_yr_number_at(y, n, ks, &g, 0, 1, 1, 0, all)))
                return rc;
            *has_other = 1;
            continue;
        }
        if (*n_grades == ML_PART_GRADES_MAX)
            return ml_yr_fail_at(y, k, &g, "at most %d grades", ML_PART_GRADES_MAX);
        if (strlen(ks) >= ML_LABEL_MAX)
            return ml_yr_fail_at(y, k, &g, "grade '%s' is longer than %d characters", ks,
                                 ML_LABEL_MAX - 1);
        unsigned i = (*n_grades)++;
        memcpy(grade[i], ks, strlen(ks) + 1);
        if ((rc = ml_yr_number_at(y, n, ks, &g, 0, 1, 1, 0, &v[i])))
            return rc;
    }
    if (*n_grades == 0)
        return ml_yr_fail_at(y, n, &g, "expected a fraction, or a mapping from hospital grade "
                             "to fraction, e.g. %s", example);
    return ML_OK;
}

/* participation: by grade (read_by_grade).  A lever naming it replaces it
 * whole.  at: the insurance mapping. */
static int read_participation(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_insurance *ins)
{
    return read_by_grade(y, m, "participation", at, ins->where, sizeof ins->where,
                         &ins->n_grades, ins->grade, ins->grade_participation,
                         &ins->participation, &ins->has_other,
                         "{tertiary: 0.6, secondary: 0.6, other: 0.3}");
}

/* mandate: {target (by grade), enforcement}, a compulsory-insurance rule,
 * replaced whole (models/lifecycle.h, ml_mandate).  at: the insurance
 * mapping. */
static int read_mandate(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_mandate *md)
{
    yaml_node_t *n = ml_yr_get(y, m, "mandate");
    if (!n)
        return ML_OK;
    static const char *const keys[] = {"target", "enforcement", "description", "source",
                                       NULL};
    ml_fp g = ml_fp_key(at, "mandate");
    ml_mandate d = {0};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, &g, keys)))
        return rc;
    if (!ml_yr_get(y, n, "target"))
        return ml_yr_fail_at(y, n, &g, "required: target, the share of each grade's "
                             "hospitals the rule requires to insure, e.g. {tertiary: 1, "
                             "secondary: 1, other: 0}");
    if ((rc = read_by_grade(y, n, "target", &g, d.where, sizeof d.where, &d.n_grades, d.grade,
                            d.grade_target, &d.target, &d.has_other,
                            "{tertiary: 1, secondary: 1, other: 0}")) ||
        (rc = ml_yr_number_at(y, n, "enforcement", &g, 0, 1, 1, 0, &d.enforcement)))
        return rc;
    *md = d;
    return ML_OK;
}

/* unrecognised: {KIND: share} for the stage kinds that settle claims with
 * a payment (all but no_fault, a fund, and dropped); kinds not named keep
 * their value (0 by default: recognised). */
static int read_unrecognised(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_insurance *ins)
{
    yaml_node_t *n = ml_yr_get(y, m, "unrecognised");
    if (!n)
        return ML_OK;
    const char *keys[ML_N_STAGE_KINDS + 2];
    unsigned nk = 0;
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        if (k != ML_ST_NO_FAULT && k != ML_ST_DROPPED)
            keys[nk++] = ml_stage_kind_name[k];
    keys[nk++] = "source";
    keys[nk] = NULL;
    ml_fp g = ml_fp_key(at, "unrecognised");
    int rc;
    if ((rc = need_map(y, n, &g, "from stage kind to the share of its settlements the "
                       "insurer does not recognise, e.g. {negotiation: 1}")) ||
        (rc = ml_yr_check_map_at(y, n, &g, keys)))
        return rc;
    for (unsigned k = 0; k + 1 < nk; k++) {
        int kind = 0;
        while (strcmp(ml_stage_kind_name[kind], keys[k]))
            kind++;
        if ((rc = num(y, n, keys[k], &g, 0, 1, &ins->unrecognised[kind])))
            return rc;
    }
    return ML_OK;
}

/* One damages law {meanlog, sdlog, tail: {threshold, shape, weight}} at
 * path at, replaced whole.  The tail weight is a probability, "continuous"
 * (the density is continuous at the threshold) or absent (the lognormal's
 * own mass above the threshold); it is resolved here, where the body it
 * depends on is known, so a dump writes the number. */
static int read_law(ml_yr *y, yaml_node_t *n, const ml_fp *at, double dlog, ml_dmg_law *out)
{
    static const char *const lk[] = {"meanlog", "sdlog", "tail", "source", NULL};
    ml_dmg_law l = {0};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, lk)) ||
        (rc = ml_yr_number_at(y, n, "meanlog", at, -10, 30, 1, 0, &l.meanlog)) ||
        (rc = ml_yr_number_at(y, n, "sdlog", at, 0, 5, 1, 0, &l.sdlog)))
        return rc;
    yaml_node_t *t = ml_yr_get(y, n, "tail");
    if (t) {
        ml_fp ht = ml_fp_key(at, "tail");
        static const char *const tk[] = {"threshold", "shape", "weight", "source", NULL};
        /* shape > 1 keeps the mean finite; 1.01 is the smallest accepted */
        if ((rc = ml_yr_check_map_at(y, t, &ht, tk)) ||
            (rc = ml_yr_number_at(y, t, "threshold", &ht, 1e-6, ML_AMOUNT_MAX, 1, 0,
                                  &l.threshold)) ||
            (rc = ml_yr_number_at(y, t, "shape", &ht, 1.01, 100, 1, 0, &l.shape)))
            return rc;
        /* A body with under 1% of its mass below the threshold is a typo
         * (a threshold in the wrong unit), and conditioning on it is
         * numerically fragile. */
        if (ml_dmg_weight_own(l.meanlog, l.sdlog, l.threshold) > 0.99)
            return ml_yr_fail_at(y, ml_yr_get(y, t, "threshold"), &ht,
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
            if ((rc = ml_yr_number_at(y, t, "weight", &ht, 0, 1, 1, 0, &l.weight)))
                return rc;
            if (!(l.weight < 1.0))
                return ml_yr_fail_at(y, w, &ht, "weight 1 leaves no body: a tail weight "
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

/* The classes of damages mapping d (at path at) that it names; set[c]
 * marks them. */
static int read_laws(ml_yr *y, yaml_node_t *d, const ml_fp *at, double dlog, ml_dmg_law *law,
                     int *set)
{
    for (int k = 0; k < ML_N_INJ; k++) {
        yaml_node_t *cl = ml_yr_get(y, d, ml_injury_name[k]);
        if (!cl)
            continue;
        ml_fp h = ml_fp_key(at, ml_injury_name[k]);
        int rc = read_law(y, cl, &h, dlog, &law[k]);
        if (rc)
            return rc;
        set[k] = 1;
    }
    return ML_OK;
}

/* by_specialty (at path at): {SPECIALTY: {CLASS: law, ...}, ...}; a
 * specialty already given (by the base regime, for a lever) keeps the
 * classes not named. */
static int read_by_specialty(ml_yr *y, yaml_node_t *bs, const ml_fp *at, double dlog,
                             ml_lc_raw *r)
{
    int rc;
    if ((rc = need_map(y, bs, at, "from specialty name to damages by class")))
        return rc;
    ml_compensation *c = &r->comp;
    for (yaml_node_pair_t *p = bs->data.mapping.pairs.start; p < bs->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        yaml_node_t *v = ml_yr_pair_value(y, p);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, at, name)))
            return rc;
        unsigned i = 0;
        while (i < c->n_spec && strcmp(c->spec_name[i], name))
            i++;
        if (i == c->n_spec) {
            if (c->n_spec == ML_DMG_SPEC_MAX)
                return ml_yr_fail_at(y, k, at, "at most %d specialties", ML_DMG_SPEC_MAX);
            memcpy(c->spec_name[c->n_spec++], name, sizeof name);
        }
        if ((rc = site(y, r, k, at, &r->spec_site[i])))
            return rc;
        ml_fp hs = ml_fp_key(at, name);
        static const char *const ck[] = {"minor", "serious", "permanent", "death",
                                         "source", NULL};
        int set[ML_N_INJ] = {0};
        if ((rc = ml_yr_check_map_at(y, v, &hs, ck)) ||
            (rc = read_laws(y, v, &hs, dlog, c->spec[i], set)))
            return rc;
        int any = 0;
        for (int cl = 0; cl < ML_N_INJ; cl++) {
            c->own[i][cl] |= (unsigned char)set[cl];
            any |= set[cl];
        }
        if (!any)
            return ml_yr_fail_at(y, v, &hs, "names no injury class (minor, serious, "
                                 "permanent, death)");
    }
    return ML_OK;
}

/* schedule (at path at): {base, years, grades: {CLASS: [{coef, prob}]}}. */
static int read_schedule(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_compensation *c)
{
    static const char *const sk[] = {"base", "years", "grades", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, s, at, sk)) ||
        (rc = ml_yr_amount_at(y, s, "base", at, 0, ML_AMOUNT_MAX, 1, 0, &c->sched_base)) ||
        (rc = ml_yr_number_at(y, s, "years", at, 0, 100, 1, 0, &c->sched_years)))
        return rc;
    yaml_node_t *gr = ml_yr_get(y, s, "grades");
    ml_fp h = ml_fp_key(at, "grades");
    static const char *const gk[] = {"minor", "serious", "permanent", "death", "source", NULL};
    if ((rc = need_map(y, gr ? gr : s, &h, "from injury class to grade mix")) ||
        (rc = ml_yr_check_map_at(y, gr, &h, gk)))
        return rc;
    for (int k = 0; k < ML_N_INJ; k++) {
        yaml_node_t *gm = ml_yr_get(y, gr, ml_injury_name[k]);
        ml_fp hk = ml_fp_key(&h, ml_injury_name[k]);
        c->grades[k].n = 0;
        if (gm && (rc = read_grades(y, gm, &hk, &c->grades[k])))
            return rc;
    }
    return ML_OK;
}

static int read_compensation(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_lc_raw *r)
{
    static const char *const keys[] = {"damages", "damages_year", "schedule",
                                       "noneconomic_share", "cap_noneconomic", "cap_total",
                                       "source", NULL};
    ml_compensation *c = &r->comp;
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, keys)) ||
        (rc = num(y, n, "noneconomic_share", at, 0, 1, &c->noneconomic_share)) ||
        /* Caps are amounts, or .inf / unlimited for none; absent keeps
         * what the base regime (or the default, none) set. */
        (rc = ml_yr_limit_at(y, n, "cap_noneconomic", at, 0, ML_AMOUNT_MAX,
                             c->cap_noneconomic, &c->cap_noneconomic)) ||
        (rc = ml_yr_limit_at(y, n, "cap_total", at, 0, ML_AMOUNT_MAX, c->cap_total,
                             &c->cap_total)))
        return rc;
    yaml_node_t *d = ml_yr_get(y, n, "damages");
    /* damages_year: the damages below are in prices of that year (fitted
     * to a target of that year); trending scales each lognormal, so its
     * meanlog moves by log(factor). */
    yaml_node_t *dy = ml_yr_get(y, n, "damages_year");
    double dlog = 0.0;
    if (dy) {
        ml_fp g = ml_fp_key(at, "damages_year");
        double factor;
        if (!d)
            return ml_yr_fail_at(y, dy, &g, "given without damages: it states the year of "
                                 "the damages in the same mapping");
        if ((rc = ml_yr_trend_at(y, dy, &g, &factor)))
            return rc;
        dlog = log(factor);
    }
    if (d) {
        ml_fp g = ml_fp_key(at, "damages");
        static const char *const ck[] = {"minor", "serious", "permanent", "death",
                                         "by_specialty", "source", NULL};
        if ((rc = ml_yr_check_map_at(y, d, &g, ck)) ||
            (rc = read_laws(y, d, &g, dlog, c->law, r->damages_set)))
            return rc;
        yaml_node_t *bs = ml_yr_get(y, d, "by_specialty");
        ml_fp h = ml_fp_key(&g, "by_specialty");
        if (bs && (rc = read_by_specialty(y, bs, &h, dlog, r)))
            return rc;
    }
    yaml_node_t *s = ml_yr_get(y, n, "schedule");
    ml_fp g = ml_fp_key(at, "schedule");
    return s ? read_schedule(y, s, &g, c) : ML_OK;
}

/* appraisal (at path at): {ROUTE: {cost, delay_months, negligent,
 * not_negligent}, ...}; a route already given keeps what is not named. */
static int read_routes(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_lc_raw *r)
{
    int rc;
    if ((rc = need_map(y, n, at, "from route name to route")))
        return rc;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        yaml_node_t *v = ml_yr_pair_value(y, p);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, at, name)))
            return rc;
        unsigned i = 0;
        while (i < r->n_routes && strcmp(r->route[i].name, name))
            i++;
        if (i == r->n_routes) {
            if (r->n_routes == ML_ROUTES_MAX)
                return ml_yr_fail_at(y, k, at, "at most %d appraisal routes", ML_ROUTES_MAX);
            r->n_routes++;
            memset(&r->route[i], 0, sizeof r->route[i]);
            memcpy(r->route[i].name, name, sizeof name);
        }
        raw_route *rt = &r->route[i];
        ml_fp g = ml_fp_key(at, name);
        static const char *const keys[] = {"cost", "delay_months", "negligent",
                                           "not_negligent", "description", "source",
                                           NULL};
        if ((rc = site(y, r, v, &g, &rt->site)) ||
            (rc = ml_yr_check_map_at(y, v, &g, keys)) ||
            (rc = amt(y, v, "cost", &g, &rt->cost)) ||
            (rc = num(y, v, "delay_months", &g, 0, 600, &rt->delay)) ||
            (rc = read_namemap(y, r, v, "not_negligent", &g, 0, 1, 1, &rt->row[0])) ||
            (rc = read_namemap(y, r, v, "negligent", &g, 0, 1, 1, &rt->row[1])))
            return rc;
    }
    return ML_OK;
}

/* A stage's no_fault record (at path at), replaced whole. */
static int read_no_fault(ml_yr *y, yaml_node_t *nf, const ml_fp *at, raw_stage *rs,
                         ml_lc_raw *r)
{
    static const char *const nk[] = {"lump_sum", "instalment", "instalment_years",
                                     "p_apply", "classes", "specialties", "source", NULL};
    ml_stage *st = &rs->st;
    uint64_t years = 0;
    int rc;
    if ((rc = ml_yr_check_map_at(y, nf, at, nk)) ||
        (rc = ml_yr_amount_at(y, nf, "lump_sum", at, 0, ML_AMOUNT_MAX, 1, 0,
                              &st->nofault_lump)) ||
        (rc = ml_yr_amount_at(y, nf, "instalment", at, 0, ML_AMOUNT_MAX, 0, 0,
                              &st->nofault_instalment)) ||
        (rc = ml_yr_uint_at(y, nf, "instalment_years", at, 0, 100, 0, 0, &years)) ||
        (rc = ml_yr_number_at(y, nf, "p_apply", at, 0, 1, 1, 0, &st->p_apply)))
        return rc;
    st->nofault_years = (unsigned)years;
    /* Instalments need both their amount and their number. */
    if ((st->nofault_instalment > 0.0) != (years > 0))
        return ml_yr_fail_at(y, nf, at, "instalment and instalment_years go together: "
                             "give both (a yearly amount and how many years) or neither");
    yaml_node_t *cl = ml_yr_get(y, nf, "classes");
    ml_fp hc = ml_fp_key(at, "classes");
    if (!cl || cl->type != YAML_SEQUENCE_NODE || ml_yr_len(cl) == 0)
        return ml_yr_fail_at(y, cl ? cl : nf, &hc, "expected a list of injury classes");
    st->nofault_classes = 0;
    for (size_t i = 0; i < ml_yr_len(cl); i++) {
        yaml_node_t *it = ml_yr_item(y, cl, i);
        const char *s = ml_yr_scalar(it);
        int k = s ? ml_injury_index(s) : -1;
        if (k < 0)
            return ml_yr_fail_at(y, it, &hc, "'%s' is not an injury class (minor, "
                                 "serious, permanent, death)", s ? s : "?");
        st->nofault_classes |= 1u << k;
    }
    /* Specialty names are matched to the portfolio's in ml_lc_damages_map,
     * at the line of each item. */
    yaml_node_t *sp = ml_yr_get(y, nf, "specialties");
    ml_fp hs = ml_fp_key(at, "specialties");
    st->n_specs = 0;
    if (sp) {
        if (sp->type != YAML_SEQUENCE_NODE || ml_yr_len(sp) > NOFAULT_SPECS_MAX)
            return ml_yr_fail_at(y, sp, &hs, "expected a list of at most %d specialty names",
                                 NOFAULT_SPECS_MAX);
        for (size_t i = 0; i < ml_yr_len(sp); i++) {
            yaml_node_t *it = ml_yr_item(y, sp, i);
            if ((rc = label(y, it, &hs, st->specs[st->n_specs])) ||
                (rc = site(y, r, it, &hs, &rs->spec_site[st->n_specs])))
                return rc;
            st->n_specs++;
        }
    }
    return ML_OK;
}

/* A name (route or stage) at m.key, kept with the site of its value;
 * "none" or "" for a route means none. */
static int read_ref(ml_yr *y, ml_lc_raw *r, yaml_node_t *m, const char *key, const ml_fp *at,
                    int none_ok, char *out, ml_site *where)
{
    yaml_node_t *a = ml_yr_get(y, m, key);
    if (!a)
        return ML_OK;
    ml_fp h = ml_fp_key(at, key);
    const char *s = ml_yr_scalar(a);
    if (none_ok && s && (!strcmp(s, "none") || !*s)) {
        out[0] = '\0';
        return ML_OK;
    }
    int rc = label(y, a, &h, out);
    return rc ? rc : site(y, r, a, &h, where);
}

/* m.key as a probability for confirmed and unconfirmed agreements alike,
 * or {confirmed, unconfirmed}: what it names overwrites.  unconf and conf
 * receive the two. */
static int read_by_confirmation(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                                double *unconf, double *conf)
{
    yaml_node_t *n = ml_yr_get(y, m, key);
    if (!n)
        return ML_OK;
    int rc;
    if (n->type != YAML_MAPPING_NODE || ml_yr_get(y, n, "value")) {
        double x;
        if ((rc = ml_yr_number_at(y, m, key, at, 0, 1, 1, 0, &x)))
            return rc;
        *unconf = *conf = x;
        return ML_OK;
    }
    ml_fp f = ml_fp_key(at, key);
    static const char *const ck[] = {"confirmed", "unconfirmed", "source", NULL};
    if ((rc = ml_yr_check_map_at(y, n, &f, ck)) ||
        (rc = num(y, n, "confirmed", &f, 0, 1, conf)) ||
        (rc = num(y, n, "unconfirmed", &f, 0, 1, unconf)))
        return rc;
    return ML_OK;
}

/* The validity of a stage's agreements (models/pathway.h): p_confirm,
 * p_challenge and p_nonperformance (each a probability or {confirmed,
 * unconfirmed}), enforcement {months, cost}. */
static int read_validity(ml_yr *y, yaml_node_t *v, const ml_fp *at, ml_stage *st)
{
    int rc;
    if ((rc = num(y, v, "p_confirm", at, 0, 1, &st->p_confirm)) ||
        (rc = read_by_confirmation(y, v, "p_challenge", at, &st->p_challenge,
                                   &st->p_challenge_confirmed)) ||
        (rc = read_by_confirmation(y, v, "p_nonperformance", at, &st->p_nonperform[0],
                                   &st->p_nonperform[1])))
        return rc;
    yaml_node_t *e = ml_yr_get(y, v, "enforcement");
    if (!e)
        return ML_OK;
    ml_fp f = ml_fp_key(at, "enforcement");
    static const char *const ek[] = {"months", "cost", "source", NULL};
    if ((rc = ml_yr_check_map_at(y, e, &f, ek)) ||
        (rc = num(y, e, "months", &f, 0, 600, &st->enforce_months)) ||
        (rc = amt(y, e, "cost", &f, &st->enforce_cost)))
        return rc;
    return ML_OK;
}

/* Where an unresolved claim goes: `next` (stage: probability) or
 * `choices` (stages the claimant chooses among, models/choice.h); the one
 * a file names replaces the other. */
static int read_onward(ml_yr *y, yaml_node_t *v, const ml_fp *at, raw_stage *rs, ml_lc_raw *r)
{
    yaml_node_t *c = ml_yr_get(y, v, "choices");
    if (c && ml_yr_get(y, v, "next")) {
        ml_fp f = ml_fp_key(at, "choices");
        return ml_yr_fail_at(y, c, &f, "given with next: an unresolved claim goes to next "
                             "stages drawn with their probabilities, or chosen among "
                             "choices, not both");
    }
    int rc;
    if (ml_yr_get(y, v, "next")) {
        if ((rc = read_namemap(y, r, v, "next", at, 0, 1, 1, &rs->next)))
            return rc;
        memset(&rs->choices, 0, sizeof rs->choices);
        rs->st.choose = 0;
    } else if (c) {
        if ((rc = read_namelist(y, r, v, "choices", at, &rs->choices)))
            return rc;
        memset(&rs->next, 0, sizeof rs->next);
        rs->st.choose = 1;
    }
    return ML_OK;
}

/* One stage (at path at): what it names overwrites what was there. */
static int read_stage(ml_yr *y, yaml_node_t *v, const ml_fp *at, raw_stage *rs, ml_lc_raw *r)
{
    static const char *const keys[] = {
        "kind", "months", "costs", "appraisal", "p_agree", "discount", "adjudicates",
        "p_challenge", "challenge_to", "p_confirm", "p_nonperformance", "enforcement",
        "next", "choices", "no_fault", "description", "source", NULL};
    static const char *const kinds[] = {"negotiation", "mediation", "litigation",
                                        "no_fault", "dropped", NULL};
    ml_stage *st = &rs->st;
    int rc;
    if ((rc = ml_yr_check_map_at(y, v, at, keys)) || (rc = site(y, r, v, at, &rs->site)))
        return rc;
    stage_where(y, v, st);
    if (ml_yr_get(y, v, "kind")) {
        int k;
        if ((rc = ml_yr_enum_at(y, v, "kind", at, kinds, 1, 0, &k)))
            return rc;
        st->kind = (ml_stage_kind)k;
        rs->kind_set = 1;
    }
    yaml_node_t *m = ml_yr_get(y, v, "months");
    ml_fp hm = ml_fp_key(at, "months");
    static const char *const mk[] = {"mean", "cv", "source", NULL};
    if (m && ((rc = ml_yr_check_map_at(y, m, &hm, mk)) ||
              (rc = num(y, m, "mean", &hm, 0, 600, &st->months_mean)) ||
              (rc = num(y, m, "cv", &hm, 0, 10, &st->months_cv))))
        return rc;
    yaml_node_t *c = ml_yr_get(y, v, "costs");
    ml_fp hc = ml_fp_key(at, "costs");
    static const char *const ck[] = {"defence", "claimant", "admin", "source", NULL};
    if (c && ((rc = ml_yr_check_map_at(y, c, &hc, ck)) ||
              (rc = amt(y, c, "defence", &hc, &st->cost_defence)) ||
              (rc = amt(y, c, "claimant", &hc, &st->cost_claimant)) ||
              (rc = amt(y, c, "admin", &hc, &st->cost_admin))))
        return rc;
    if ((rc = read_ref(y, r, v, "appraisal", at, 1, rs->route, &rs->route_site)))
        return rc;
    yaml_node_t *pa = ml_yr_get(y, v, "p_agree");
    ml_fp hp = ml_fp_key(at, "p_agree");
    static const char *const pk[] = {"negligent", "not_negligent", "source", NULL};
    if (pa && ((rc = ml_yr_check_map_at(y, pa, &hp, pk)) ||
               (rc = ml_yr_number_at(y, pa, "negligent", &hp, 0, 1, 1, 0, &st->p_agree[1])) ||
               (rc = ml_yr_number_at(y, pa, "not_negligent", &hp, 0, 1, 1, 0,
                                     &st->p_agree[0]))))
        return rc;
    if ((rc = num(y, v, "discount", at, 0, 1, &st->discount)) ||
        (rc = flag(y, v, "adjudicates", at, &st->adjudicates)) ||
        (rc = read_validity(y, v, at, st)) ||
        (rc = read_ref(y, r, v, "challenge_to", at, 0, rs->challenge, &rs->challenge_site)) ||
        (rc = read_onward(y, v, at, rs, r)))
        return rc;
    yaml_node_t *nf = ml_yr_get(y, v, "no_fault");
    ml_fp hn = ml_fp_key(at, "no_fault");
    return nf ? read_no_fault(y, nf, &hn, rs, r) : ML_OK;
}

/* pathway.choice (at path at): the claimant's choice of channel
 * (models/choice.h); what it names overwrites, and its entry replaces the
 * pathway's entry distribution. */
static int read_choice(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_lc_raw *r)
{
    static const char *const keys[] = {"entry", "constants", "size", "reference_damages",
                                       "liability", "cost", "months", "validity",
                                       "estimate_sdlog", "source", NULL};
    raw_choice *c = &r->choice;
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, keys)) || (rc = site(y, r, n, at, &c->site)))
        return rc;
    c->set = 1;
    if (ml_yr_get(y, n, "entry")) {
        if ((rc = read_namelist(y, r, n, "entry", at, &c->entry)))
            return rc;
        memset(&r->entry, 0, sizeof r->entry);
    }
    /* Weights are in utility units per unit of their attribute, of either
     * sign; 50 bounds a typo, far past any weight a logit fits. */
    if ((rc = read_namemap(y, r, n, "constants", at, -50, 50, 0, &c->constant)) ||
        (rc = num(y, n, "size", at, -50, 50, &c->size)) ||
        (rc = amt(y, n, "reference_damages", at, &c->ref_damages)) ||
        (rc = num(y, n, "liability", at, -50, 50, &c->liability)) ||
        (rc = num(y, n, "cost", at, -50, 50, &c->cost)) ||
        (rc = num(y, n, "months", at, -50, 50, &c->months)) ||
        (rc = num(y, n, "validity", at, -50, 50, &c->validity)) ||
        (rc = num(y, n, "estimate_sdlog", at, 0, 5, &c->estimate_sdlog)))
        return rc;
    return ML_OK;
}

static int read_pathway(ml_yr *y, yaml_node_t *n, const ml_fp *at, ml_lc_raw *r)
{
    static const char *const keys[] = {"entry", "choice", "stages", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, keys)))
        return rc;
    yaml_node_t *ch = ml_yr_get(y, n, "choice");
    ml_fp hc = ml_fp_key(at, "choice");
    if (ch && ml_yr_get(y, n, "entry") && ch->type == YAML_MAPPING_NODE &&
        ml_yr_get(y, ch, "entry")) {
        ml_fp he = ml_fp_key(&hc, "entry");
        return ml_yr_fail_at(y, ml_yr_get(y, ch, "entry"), &he, "given with pathway.entry: "
                             "the first channel is drawn from entry or chosen among "
                             "choice.entry, not both");
    }
    if (ml_yr_get(y, n, "entry")) {
        if ((rc = read_namemap(y, r, n, "entry", at, 0, 1, 1, &r->entry)))
            return rc;
        memset(&r->choice.entry, 0, sizeof r->choice.entry);
    }
    if (ch && (rc = read_choice(y, ch, &hc, r)))
        return rc;
    yaml_node_t *ss = ml_yr_get(y, n, "stages");
    if (!ss)
        return ML_OK;
    ml_fp g = ml_fp_key(at, "stages");
    if ((rc = need_map(y, ss, &g, "from stage name to stage")))
        return rc;
    for (yaml_node_pair_t *p = ss->data.mapping.pairs.start; p < ss->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        char name[ML_LABEL_MAX];
        if ((rc = label(y, k, &g, name)))
            return rc;
        unsigned i = 0;
        while (i < r->n_stages && strcmp(r->stage[i].st.name, name))
            i++;
        if (i == r->n_stages) {
            if (r->n_stages == ML_STAGES_MAX)
                return ml_yr_fail_at(y, k, &g, "at most %d stages", ML_STAGES_MAX);
            raw_stage *rs = &r->stage[r->n_stages++];
            memset(rs, 0, sizeof *rs);
            memcpy(rs->st.name, name, sizeof name);
            rs->st.discount = 1.0;
            rs->st.route = rs->st.challenge_to = -1;
        }
        ml_fp h = ml_fp_key(&g, name);
        if ((rc = read_stage(y, ml_yr_pair_value(y, p), &h, &r->stage[i], r)))
            return rc;
    }
    return ML_OK;
}

/* claimant_size / defence_size: {reference: amount, elasticity: number,
 * up_to: amount}: that side's stage costs grow with the claim's damages
 * (lifecycle.h). */
static int read_cost_size(ml_yr *y, yaml_node_t *s, const ml_fp *at, const char *key,
                          ml_cost_size *z)
{
    yaml_node_t *n = ml_yr_get(y, s, key);
    if (!n)
        return ML_OK;
    ml_fp g = ml_fp_key(at, key);
    static const char *const k[] = {"reference", "elasticity", "up_to", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, &g, k)) ||
        (rc = amt(y, n, "reference", &g, &z->ref)) ||
        (rc = num(y, n, "elasticity", &g, 0, 2, &z->elasticity)) ||
        (rc = amt(y, n, "up_to", &g, &z->up_to)))
        return rc;
    yaml_node_t *e = ml_yr_get(y, n, "elasticity");
    if (e && z->elasticity > 0.0 && !(z->ref > 0.0)) {
        ml_fp f = ml_fp_key(&g, "reference");
        return ml_yr_fail_at(y, e, &f, ML_SIZE_REF_REQUIRED);
    }
    yaml_node_t *u = ml_yr_get(y, n, "up_to");
    if (u && z->up_to > 0.0 && z->up_to < z->ref) {
        ml_fp f = ml_fp_key(&g, "up_to");
        return ml_yr_fail_at(y, u, &f, "%g is below the reference %g: the costs would stop "
                             "growing before they start", z->up_to, z->ref);
    }
    return ML_OK;
}

/* fixed_costs: {from: amount, up_to: amount, fixed: amount, share: number}:
 * what the claimant's side recovers on a claim paid within the band
 * (lifecycle.h). */
static int read_fixed_costs(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_fixed_costs *z)
{
    yaml_node_t *n = ml_yr_get(y, s, "fixed_costs");
    if (!n)
        return ML_OK;
    ml_fp g = ml_fp_key(at, "fixed_costs");
    static const char *const k[] = {"from", "up_to", "fixed", "share", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, &g, k)) ||
        (rc = amt(y, n, "from", &g, &z->from)) ||
        (rc = amt(y, n, "up_to", &g, &z->up_to)) ||
        (rc = amt(y, n, "fixed", &g, &z->fixed)) ||
        (rc = num(y, n, "share", &g, 0, 1, &z->share)))
        return rc;
    yaml_node_t *u = ml_yr_get(y, n, "up_to");
    ml_fp f = ml_fp_key(&g, "up_to");
    if (!u && z->up_to == 0.0)
        return ml_yr_fail_at(y, n, &f, "required: the largest payment the fixed costs "
                             "apply to");
    if (u && !(z->up_to > z->from))
        return ml_yr_fail_at(y, u, &f, "%g is not above from (%g): the band would be "
                             "empty", z->up_to, z->from);
    return ML_OK;
}

static int read_legal(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_legal *l)
{
    static const char *const lk[] = {"duty_to_defend", "defence_inside_limits", "loser_pays",
                                     "contingency_fee", "claimant_size", "defence_size",
                                     "fixed_costs", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, s, at, lk)) ||
        (rc = flag(y, s, "duty_to_defend", at, &l->duty_to_defend)) ||
        (rc = flag(y, s, "defence_inside_limits", at, &l->defence_inside_limits)) ||
        (rc = flag(y, s, "loser_pays", at, &l->loser_pays)) ||
        (rc = num(y, s, "contingency_fee", at, 0, 1, &l->contingency_fee)) ||
        (rc = read_cost_size(y, s, at, "claimant_size", &l->claimant_size)) ||
        (rc = read_cost_size(y, s, at, "defence_size", &l->defence_size)) ||
        (rc = read_fixed_costs(y, s, at, &l->fixed_costs)))
        return rc;
    return ML_OK;
}

/* A bound that must lie above a lower one (both given): else the bands
 * would overlap. */
static int band_above(ml_yr *y, yaml_node_t *s, const ml_fp *at, const char *key, double v,
                      const char *below, double w)
{
    yaml_node_t *n = ml_yr_get(y, s, key);
    if (!n || !(v > 0.0) || !(w > 0.0) || v > w)
        return ML_OK;
    ml_fp f = ml_fp_key(at, key);
    return ml_yr_fail_at(y, n, &f, "%g is not above %s (%g): the bands would overlap", v, below,
                         w);
}

/* size_bands: {small: amount, medium: amount, large: amount}: the paid
 * claims the small_*, medium_* and large_* measures count. */
static int read_bands(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_size_bands *b)
{
    static const char *const k[] = {"small", "medium", "large", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, s, at, k)) || (rc = amt(y, s, "small", at, &b->small)) ||
        (rc = amt(y, s, "medium", at, &b->medium)) || (rc = amt(y, s, "large", at, &b->large)) ||
        (rc = band_above(y, s, at, "medium", b->medium, "small", b->small)) ||
        (rc = band_above(y, s, at, "large", b->large, "small", b->small)) ||
        (rc = band_above(y, s, at, "large", b->large, "medium", b->medium)))
        return rc;
    return ML_OK;
}

static int read_insurance(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_insurance *ins)
{
    static const char *const ik[] = {"participation", "mandate", "direct_claim",
                                     "payment_months", "p_unpaid", "enforcement_months",
                                     "unrecognised", "source", NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, s, at, ik)) ||
        (rc = read_participation(y, s, at, ins)) ||
        (rc = read_mandate(y, s, at, &ins->mandate)) ||
        (rc = flag(y, s, "direct_claim", at, &ins->direct_claim)) ||
        (rc = num(y, s, "payment_months", at, 0, 600, &ins->payment_months)) ||
        (rc = num(y, s, "p_unpaid", at, 0, 1, &ins->p_unpaid)) ||
        (rc = num(y, s, "enforcement_months", at, 0, 600, &ins->enforce_months)) ||
        (rc = read_unrecognised(y, s, at, ins)))
        return rc;
    return ML_OK;
}

/* prevention: {negligent: share of negligent adverse events prevented}. */
static int read_prevention(ml_yr *y, yaml_node_t *s, const ml_fp *at, ml_prevention *pv)
{
    static const char *const pk[] = {"negligent", "description", "source", NULL};
    int rc = ml_yr_check_map_at(y, s, at, pk);
    return rc ? rc : num(y, s, "negligent", at, 0, 1, &pv->negligent);
}

int ml_lc_read(ml_yr *y, yaml_node_t *n, const ml_fp *at, int patch, ml_lc_raw *r)
{
    static const char *const keys[] = {"claiming", "liability_degrees", "appraisal",
                                       "compensation", "pathway", "legal_costs",
                                       "insurance", "prevention", "size_bands", "source",
                                       NULL};
    int rc;
    if ((rc = ml_yr_check_map_at(y, n, at, keys)))
        return rc;
    if (!patch) {
        free(r->field);
        if (!(r->field = ml_fp_text(at, y->top)))
            return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
        if ((rc = site(y, r, n, at, &r->site)))
            return rc;
    }
    /* One frame, renamed for each section in turn. */
    yaml_node_t *s;
    ml_fp f = ml_fp_key(at, "claiming");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_claiming(y, s, &f, r)))
        return rc;
    if ((rc = read_namemap(y, r, n, "liability_degrees", at, 0, 1, 0, &r->degrees)))
        return rc;
    f = ml_fp_key(at, "appraisal");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_routes(y, s, &f, r)))
        return rc;
    f = ml_fp_key(at, "compensation");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_compensation(y, s, &f, r)))
        return rc;
    f = ml_fp_key(at, "pathway");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_pathway(y, s, &f, r)))
        return rc;
    f = ml_fp_key(at, "legal_costs");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_legal(y, s, &f, &r->legal)))
        return rc;
    f = ml_fp_key(at, "insurance");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_insurance(y, s, &f, &r->ins)))
        return rc;
    f = ml_fp_key(at, "prevention");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_prevention(y, s, &f, &r->prevention)))
        return rc;
    f = ml_fp_key(at, "size_bands");
    if ((s = ml_yr_get(y, n, f.key)) && (rc = read_bands(y, s, &f, &r->bands)))
        return rc;
    return ML_OK;
}
