/*
 * levers.c — see levers.h.
 */
#include "levers.h"
#include "lever_find.h"
#include "lever_ops.h"
#include "lifecycle_load.h"
#include "policy_load.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads lever file ly (whose root is root) into the regime s, in the
 * fixed order of lever_ops.h: base, set, scale, add; then its effect. */
static int read_lever(ml_yr *ly, yaml_node_t *root, ml_scenario *s, unsigned i)
{
    static const char *const keys[] = {"lever", "description", "evidence", "source",
                                       "base", "set", "scale", "add", "effect", NULL};
    static const char *const setkeys[] = {"lifecycle", "policy", NULL};
    yaml_node_t *set = ml_yr_get(ly, root, "set");
    yaml_node_t *scale = ml_yr_get(ly, root, "scale"), *add = ml_yr_get(ly, root, "add");
    yaml_node_t *base = ml_yr_get(ly, root, "base"), *eff = ml_yr_get(ly, root, "effect");
    ml_fp fs = ml_fp_key(NULL, "set"), fl = ml_fp_key(&fs, "lifecycle");
    ml_lc_raw *raw = s->regime.raw;
    int rc;
    if ((rc = ml_yr_check_map_at(ly, root, NULL, keys)) ||
        (rc = ml_yr_string_at(ly, root, "lever", NULL, 1, NULL, s->levers[i],
                              sizeof s->levers[i])))
        return rc;
    if (!set && !scale && !add)
        return ml_yr_fail_at(ly, root, &fs, "required: what the lever changes, as set: "
                             "(new values), scale: (factors) or add: (amounts), e.g. "
                             "scale: {lifecycle: {insurance: {p_unpaid: 0.5}}}");
    ml_policy *pol = &s->regime.policy;
    if ((base && (rc = ml_lever_base(ly, base, raw, pol))) ||
        (set && (rc = ml_yr_check_map_at(ly, set, &fs, setkeys))) ||
        (set && ml_yr_get(ly, set, "lifecycle") &&
         (rc = ml_lc_read(ly, ml_yr_get(ly, set, "lifecycle"), &fl, 1, raw))) ||
        (set && ml_yr_get(ly, set, "policy") && (rc = ml_policy_read(ly, set, &fs, pol))) ||
        (scale && (rc = ml_lever_arith(ly, scale, 0, raw, pol))) ||
        (add && (rc = ml_lever_arith(ly, add, 1, raw, pol))) ||
        (eff && (rc = ml_lever_effect(ly, eff, raw))))
        return rc;
    /* A scale or add of the terms is checked as set: is (policy_load.c):
     * an aggregate retention needs a deductible no larger than itself. */
    if (isfinite(pol->aggregate_retention) &&
        (!(pol->deductible > 0.0) || pol->aggregate_retention < pol->deductible)) {
        ml_fp fp = ml_fp_key(NULL, "policy");
        return ml_yr_fail_at(ly, scale ? scale : add ? add : root, &fp, "this lever leaves "
                             "aggregate_retention %g with a per-claim deductible of %g; the "
                             "retention must be at least one deductible, and the deductible "
                             "above 0", pol->aggregate_retention, pol->deductible);
    }
    return ML_OK;
}

static int apply_one(ml_yr *y, yaml_node_t *ref, const char *path, ml_scenario *s,
                     unsigned i)
{
    ml_yr ly;
    ml_err lerr = {0};
    int rc = ml_yr_load_part(&ly, path, "(lever)", &lerr);
    ml_yr_inherit(&ly, y);
    /* A lever's amounts are in the base regime's prices. */
    if (s->regime.price.year)
        ly.price = &s->regime.price;
    if (rc == ML_OK)
        rc = read_lever(&ly, ml_yr_root(&ly), s, i);
    ml_fp fl = ml_fp_key(NULL, "levers");
    if (rc != ML_OK && ly.open_errno) {
        /* Nothing inside to point at: the fault is the `levers:` entry. */
        const char *rel = ml_yr_scalar(ref);
        rc = ly.open_errno == EISDIR
                 ? ml_yr_fail_at(y, ref, &fl, "'%s' is a folder; expected the path of a "
                                 "lever file", rel)
                 : ml_yr_fail_at(y, ref, &fl, "cannot open '%s': %s (looked for %s; paths "
                                 "are relative to this file)", rel, strerror(ly.open_errno),
                                 path);
        ml_yr_free(&ly);
        return rc;
    }
    ml_yr_free(&ly);
    if (rc)
        ML_ERROR(y->err, rc, "%s\n  (lever referenced from %s:%lu)", lerr.msg, y->file,
                 ml_yr_line(ref));
    return rc;
}

int ml_levers_apply(ml_yr *y, yaml_node_t *root, ml_scenario *s)
{
    yaml_node_t *lv = ml_yr_get(y, root, "levers");
    if (!lv)
        return ML_OK;
    ml_fp fl = ml_fp_key(NULL, "levers");
    if (lv->type != YAML_SEQUENCE_NODE || ml_yr_len(lv) > ML_LEVERS_MAX)
        return ml_yr_fail_at(y, lv, &fl, "expected a list of at most %d levers (names or "
                             "lever files)", ML_LEVERS_MAX);
    if (!s->regime.raw && ml_yr_len(lv) > 0)
        return ml_yr_fail_at(y, lv, &fl, "levers apply only to a regime with a lifecycle "
                             "section");
    for (size_t i = 0; i < ml_yr_len(lv); i++) {
        yaml_node_t *it = ml_yr_item(y, lv, i);
        int rc = ml_lever_find(y, it, s->lever_files[i], sizeof s->lever_files[i]);
        if (rc)
            return rc;
        rc = apply_one(y, it, s->lever_files[i], s, (unsigned)i);
        if (rc)
            return rc;
        for (unsigned j = 0; j < i; j++)
            if (!strcmp(s->levers[j], s->levers[i]))
                return ml_yr_fail_at(y, it, &fl, "lever '%s' is applied twice", s->levers[i]);
        s->n_levers = (unsigned)i + 1;
    }
    return ML_OK;
}

/* A value per hospital from a mapping by hospital grade (n names, their
 * values v, and `other` for grades not listed when has_other; n = 0: other
 * for every hospital), into a new array *out.  where: "file:line: field"
 * of the mapping, for a grade that is neither listed nor covered. */
static int by_grade(const ml_portfolio *p, unsigned n, const char (*name)[ML_LABEL_MAX],
                    const double *v, int has_other, double other, const char *where,
                    double **out, ml_err *err)
{
    *out = malloc((p->n_hospitals ? p->n_hospitals : 1) * sizeof **out);
    if (!*out)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        const char *gr = p->hospitals[h].grade;
        int k = -1;
        for (unsigned i = 0; i < n; i++)
            if (!strcmp(name[i], gr))
                k = (int)i;
        if (k < 0 && n > 0 && !has_other)
            return ML_ERROR(err, ML_EINVAL, "%s: hospital '%s' "
                            "of portfolio '%s' has grade '%s', which is not listed; "
                            "list it or give 'other'", where, p->hospitals[h].name, p->name,
                            gr[0] ? gr : "(none)");
        (*out)[h] = k < 0 ? other : v[k];
    }
    return ML_OK;
}

int ml_regime_finish(ml_scenario *s, ml_err *err)
{
    ml_regime *r = &s->regime;
    if (!r->raw)
        return ML_OK;
    const ml_portfolio *p = &s->portfolio;
    if (!p->has_medicine)
        return ML_ERROR(err, ML_EINVAL, "%s: portfolio '%s' has no injury_mix and "
                        "negligent_share, which regime '%s' (a lifecycle regime) needs",
                        s->portfolio_file[0] ? s->portfolio_file : s->source_file, p->name,
                        r->name);
    r->life = calloc(1, sizeof *r->life);
    s->nofault_spec = calloc(p->n_specialties, 1);
    s->damages_spec = calloc(p->n_specialties, sizeof *s->damages_spec);
    if (!r->life || !s->nofault_spec || !s->damages_spec)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    int rc = ml_lc_finish(r->raw, r->life, err);
    if (!rc)
        rc = ml_lc_damages_map(r->raw, r->life, p, s->damages_spec, err);
    ml_lc_raw_free(r->raw);
    r->raw = NULL;
    if (rc)
        return rc;
    const ml_insurance *ins = &r->life->ins;
    if (ins->n_grades > 0 &&
        (rc = by_grade(p, ins->n_grades, ins->grade, ins->grade_participation, ins->has_other,
                       ins->participation, ins->where, &s->participation, err)))
        return rc;
    const ml_mandate *md = &ins->mandate;
    if ((md->n_grades > 0 || md->target > 0.0) &&
        (rc = by_grade(p, md->n_grades, md->grade, md->grade_target, md->has_other,
                       md->target, md->where, &s->mandate_target, err)))
        return rc;
    const ml_pathway *pw = &r->life->pathway;
    if (pw->nofault >= 0) {
        const ml_stage *st = &pw->st[pw->nofault];
        for (size_t sp = 0; sp < p->n_specialties; sp++) {
            int ok = st->n_specs == 0;
            for (unsigned k = 0; k < st->n_specs; k++)
                ok |= !strcmp(st->specs[k], p->specialties[sp].name);
            s->nofault_spec[sp] = (unsigned char)ok;
        }
    }
    return ML_OK;
}
