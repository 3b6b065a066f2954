/*
 * pricing_load.c — see pricing_load.h.  Layers of one kind must not
 * overlap: two layers taking the same slice of a claim would cede more
 * than the insurer paid.
 */
#include "pricing_load.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Layer names become HDF5 dataset names. */
static int check_layer_name(ml_yr *y, yaml_node_t *n, const ml_fp *at, const char *s)
{
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
            return ml_yr_fail_at(y, n, at, "'%s' may hold only letters, digits, '_' and '-'",
                                 s);
    if (!strcmp(s, "all_layers"))
        return ml_yr_fail_at(y, n, at, "'all_layers' is reserved for the layers together");
    return ML_OK;
}

static int load_layer(ml_yr *y, yaml_node_t *it, const ml_fp *at, ml_layer *l)
{
    static const char *const keys[] = {"name", "kind", "attachment", "limit", "source",
                                       NULL};
    static const char *const kinds[] = {"per_claim_xl", "stop_loss", NULL};
    ml_fp nf = ml_fp_key(at, "name"), lf = ml_fp_key(at, "limit");
    int rc, kind = 0;
    if ((rc = ml_yr_check_map_at(y, it, at, keys)) ||
        (rc = ml_yr_string_at(y, it, "name", at, 1, NULL, l->name, sizeof l->name)) ||
        (rc = check_layer_name(y, ml_yr_get(y, it, "name"), &nf, l->name)) ||
        (rc = ml_yr_enum_at(y, it, "kind", at, kinds, 1, 0, &kind)) ||
        (rc = ml_yr_number_at(y, it, "attachment", at, 0, ML_AMOUNT_MAX, 1, 0,
                              &l->attachment)) ||
        (rc = ml_yr_number_at(y, it, "limit", at, 0, INFINITY, 1, 0, &l->limit)))
        return rc;
    if (isfinite(l->limit) && l->limit > ML_AMOUNT_MAX)
        return ml_yr_fail_at(y, ml_yr_get(y, it, "limit"), at, "limit %g is beyond %g; write "
                             "unlimited for no limit", l->limit, ML_AMOUNT_MAX);
    if (!(l->limit > 0.0))
        return ml_yr_fail_at(y, ml_yr_get(y, it, "limit"), &lf, "a layer's limit must be "
                             "above 0 (a layer of width 0 takes nothing)");
    l->kind = kind == 0 ? ML_LAYER_XL : ML_LAYER_STOP_LOSS;
    return ML_OK;
}

/* [a, a + l) of two layers of the same kind must not meet. */
static int overlaps(const ml_layer *a, const ml_layer *b)
{
    double ea = a->attachment + a->limit, eb = b->attachment + b->limit;
    return a->attachment < eb && b->attachment < ea;
}

static int load_layers(ml_yr *y, yaml_node_t *pm, const ml_fp *at, ml_pricing *pr)
{
    yaml_node_t *ls = ml_yr_get(y, pm, "layers");
    if (!ls || ml_yr_is_null(ls))
        return ML_OK;
    ml_fp fl = ml_fp_key(at, "layers");
    int rc;
    if ((rc = ml_yr_check_kind_at(y, ls, &fl, YAML_SEQUENCE_NODE,
                                  "a list of {name, kind, attachment, limit} layers")))
        return rc;
    ml_layer seen[ML_XL_MAX + ML_SL_MAX];
    for (size_t i = 0; i < ml_yr_len(ls); i++) {
        yaml_node_t *it = ml_yr_item(y, ls, i);
        ml_fp f = ml_fp_item(&fl, i), nf = ml_fp_key(&f, "name");
        ml_layer l;
        memset(&l, 0, sizeof l);
        if ((rc = load_layer(y, it, &f, &l)))
            return rc;
        unsigned nseen = pr->n_xl + pr->n_sl;
        for (unsigned j = 0; j < nseen; j++) {
            if (!strcmp(seen[j].name, l.name))
                return ml_yr_fail_at(y, ml_yr_get(y, it, "name"), &nf, "layer name '%s' is "
                                     "used twice", l.name);
            if (seen[j].kind == l.kind && overlaps(&seen[j], &l))
                return ml_yr_fail_at(y, it, &f, "layer '%s' overlaps layer '%s' of the same "
                                     "kind; stack layers so that one attaches where the "
                                     "other ends", l.name, seen[j].name);
        }
        if (l.kind == ML_LAYER_XL) {
            if (pr->n_xl == ML_XL_MAX)
                return ml_yr_fail_at(y, it, &f, "at most %d per-claim layers", ML_XL_MAX);
            pr->xl[pr->n_xl++] = l;
        } else {
            if (pr->n_sl == ML_SL_MAX)
                return ml_yr_fail_at(y, it, &f, "at most %d stop-loss layers", ML_SL_MAX);
            pr->sl[pr->n_sl++] = l;
        }
        seen[nseen] = l;
    }
    return ML_OK;
}

/* Grades in order of first appearance; hospitals without one share the
 * grade "unspecified". */
static int resolve_grades(ml_scenario *s, ml_err *err)
{
    const ml_portfolio *p = &s->portfolio;
    ml_pricing *pr = &s->pricing;
    const char *pf = s->portfolio_file[0] ? s->portfolio_file : s->source_file;
    if (p->n_specialties > ML_PRICE_SPEC_MAX)
        return ML_ERROR(err, ML_EUNSUPPORTED, "%s: portfolio.specialties: %zu specialties; "
                        "pricing by specialty supports at most %d", pf, p->n_specialties,
                        ML_PRICE_SPEC_MAX);
    if (!(pr->grade_of = malloc((p->n_hospitals ? p->n_hospitals : 1))))
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        const char *g = p->hospitals[h].grade[0] ? p->hospitals[h].grade : "unspecified";
        unsigned k = 0;
        while (k < pr->n_grades && strcmp(pr->grade_name[k], g))
            k++;
        if (k == pr->n_grades) {
            if (k == ML_HOSP_GRADES_MAX)
                return ML_ERROR(err, ML_EUNSUPPORTED, "%s: portfolio.hospitals: more than "
                                "%d distinct grades (hospital '%s'); pricing by grade "
                                "supports at most %d", pf, ML_HOSP_GRADES_MAX,
                                p->hospitals[h].name, ML_HOSP_GRADES_MAX);
            snprintf(pr->grade_name[k], sizeof pr->grade_name[k], "%s", g);
            pr->n_grades++;
        }
        pr->grade_of[h] = (unsigned char)k;
    }
    return ML_OK;
}

int ml_pricing_load(ml_yr *y, yaml_node_t *root, ml_scenario *s)
{
    ml_pricing *pr = &s->pricing;
    pr->ev_loading = ML_PRICING_EV_LOADING;
    pr->sd_loading = ML_PRICING_SD_LOADING;
    pr->coc_rate = ML_PRICING_COC_RATE;
    pr->premium = 0.0;
    yaml_node_t *pm = ml_yr_get(y, root, "pricing");
    if (pm && !ml_yr_is_null(pm)) {
        static const char *const keys[] = {"expected_value_loading", "sd_loading",
                                           "cost_of_capital_rate", "premium", "layers",
                                           "source", NULL};
        ml_fp f = ml_fp_key(NULL, "pricing"), fp = ml_fp_key(&f, "premium");
        int rc;
        if ((rc = ml_yr_check_map_at(y, pm, &f, keys)) ||
            (rc = ml_yr_number_at(y, pm, "expected_value_loading", &f, 0, 10, 0,
                                  ML_PRICING_EV_LOADING, &pr->ev_loading)) ||
            (rc = ml_yr_number_at(y, pm, "sd_loading", &f, 0, 100, 0, ML_PRICING_SD_LOADING,
                                  &pr->sd_loading)) ||
            (rc = ml_yr_number_at(y, pm, "cost_of_capital_rate", &f, 0, 0.5, 0,
                                  ML_PRICING_COC_RATE, &pr->coc_rate)) ||
            (rc = ml_yr_number_at(y, pm, "premium", &f, 0, ML_AMOUNT_MAX, 0, 0,
                                  &pr->premium)) ||
            (rc = load_layers(y, pm, &f, pr)))
            return rc;
        yaml_node_t *pv = ml_yr_get(y, pm, "premium");
        if (pv && !(pr->premium > 0.0))
            return ml_yr_fail_at(y, pv, &fp, "a premium must be above 0 to state a loss "
                                 "ratio at it");
    }
    return resolve_grades(s, y->err);
}

void ml_pricing_free(ml_pricing *pr)
{
    free(pr->grade_of);
    pr->grade_of = NULL;
}
