/*
 * lifecycle_resolve.c — a raw life-cycle record (lifecycle_raw.h), as the
 * base regime and its levers left it, resolved into the models' structure
 * (models/lifecycle.h): names to indices, sums checked, the pathway graph
 * checked by models/pathway.c.
 *
 * A name that refers to nothing (a next stage, an entry stage, a stage's
 * appraisal route or challenge_to, a degree in a route's row, a specialty)
 * is reported at the line of the key or value that names it, in the file
 * that named it last, with the names it could have meant.
 */
#include "lifecycle_raw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *at(const ml_lc_raw *r, ml_site s)
{
    return ml_site_text(&r->pool, s);
}

unsigned ml_lc_stage_names(const ml_lc_raw *r, const char **names)
{
    for (unsigned i = 0; i < r->n_stages; i++)
        names[i] = r->stage[i].st.name;
    return r->n_stages;
}

/* "'x' is not a stage; the stages are: a, b, c", at site s. */
static int not_a_stage(const ml_lc_raw *r, ml_site s, const char *name, ml_err *err)
{
    const char *names[ML_STAGES_MAX];
    unsigned n = ml_lc_stage_names(r, names);
    ML_ERROR(err, ML_EINVAL, "%s: '%s' is not a stage", at(r, s), name);
    return ml_err_known(err, ML_EINVAL, "the stages are", names, n);
}

static int stage_index(const ml_lc_raw *r, const char *name)
{
    for (unsigned i = 0; i < r->n_stages; i++)
        if (!strcmp(r->stage[i].st.name, name))
            return (int)i;
    return -1;
}

static int check_sum(const ml_lc_raw *r, const namemap *m, ml_err *err)
{
    double s = 0.0;
    for (unsigned i = 0; i < m->n; i++)
        s += m->v[i];
    if (fabs(s - 1.0) > 1e-9)
        return ML_ERROR(err, ML_EINVAL, "%s: probabilities sum to %.12g; they must sum to 1",
                        at(r, m->site), s);
    return ML_OK;
}

/* A route's row m (degree name -> probability) into prob, by degree. */
static int finish_row(const ml_lc_raw *r, const namemap *m, const ml_degrees *d, double *prob,
                      ml_err *err)
{
    int rc = check_sum(r, m, err);
    if (rc)
        return rc;
    for (unsigned k = 0; k < m->n; k++) {
        unsigned j = 0;
        while (j < d->n && strcmp(d->name[j], m->name[k]))
            j++;
        if (j == d->n) {
            const char *names[ML_DEGREES_MAX];
            for (unsigned i = 0; i < d->n; i++)
                names[i] = d->name[i];
            ML_ERROR(err, ML_EINVAL, "%s: '%s' is not one of the liability_degrees",
                     at(r, m->key[k]), m->name[k]);
            return ml_err_known(err, ML_EINVAL, "they are", names, d->n);
        }
        prob[j] = m->v[k];
    }
    return ML_OK;
}

static int finish_routes(const ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    L->n_routes = r->n_routes;
    for (unsigned i = 0; i < r->n_routes; i++) {
        const raw_route *rt = &r->route[i];
        ml_route *o = &L->route[i];
        memset(o, 0, sizeof *o);
        memcpy(o->name, rt->name, sizeof o->name);
        o->cost = rt->cost;
        o->delay_months = rt->delay;
        for (int neg = 0; neg < 2; neg++) {
            const namemap *m = &rt->row[neg];
            if (m->n == 0)
                return ML_ERROR(err, ML_EINVAL, "%s.%s: required: the probability of each "
                                "liability degree found", at(r, rt->site),
                                neg ? "negligent" : "not_negligent");
            int rc = finish_row(r, m, &L->degrees, o->prob[neg], err);
            if (rc)
                return rc;
        }
    }
    return ML_OK;
}

/* ml_pathway_check (models/) names fields from the pathway down, as
 * "FILE:LINE: pathway.stages.x: ...": it cannot know where the pathway sits
 * in a scenario.  The loader inserts that (field, e.g. "regime.lifecycle"),
 * so that its messages name the full path like every other lifecycle
 * field; what no longer fits in the message is cut from its end. */
static int with_field(int rc, const char *field, ml_err *err)
{
    char *p = rc ? strstr(err->msg, ": pathway") : NULL;
    if (!p)
        return rc;
    p += 2;
    size_t cap = sizeof err->msg, len = strlen(err->msg), add = strlen(field) + 1;
    size_t head = (size_t)(p - err->msg);
    if (head + add >= cap)
        return rc;
    size_t tail = len - head; /* "pathway..." */
    if (head + add + tail >= cap)
        tail = cap - 1 - head - add;
    memmove(p + add, p, tail);
    memcpy(p, field, add - 1);
    p[add - 1] = '.';
    err->msg[head + add + tail] = '\0';
    return rc;
}

static int route_index(const ml_lc_raw *r, const ml_lifecycle *L, const raw_stage *rs,
                       ml_err *err)
{
    for (unsigned k = 0; k < L->n_routes; k++)
        if (!strcmp(L->route[k].name, rs->route))
            return (int)k;
    const char *names[ML_ROUTES_MAX];
    for (unsigned k = 0; k < L->n_routes; k++)
        names[k] = L->route[k].name;
    ML_ERROR(err, ML_EINVAL, "%s: '%s' is not an appraisal route of this regime",
             at(r, rs->route_site), rs->route);
    ml_err_known(err, ML_EINVAL, "its routes are", names, L->n_routes);
    return -1;
}

/* Stage i's names resolved: route, challenge_to, next. */
static int finish_stage(const ml_lc_raw *r, ml_lifecycle *L, unsigned i, ml_err *err)
{
    const raw_stage *rs = &r->stage[i];
    ml_stage *st = &L->pathway.st[i];
    *st = rs->st;
    if (!rs->kind_set)
        return ML_ERROR(err, ML_EINVAL, "%s.kind: required: one of negotiation, mediation, "
                        "litigation, no_fault, dropped", at(r, rs->site));
    st->route = -1;
    if (rs->route[0] && (st->route = route_index(r, L, rs, err)) < 0)
        return ML_EINVAL;
    st->challenge_to = -1;
    if (rs->challenge[0] && (st->challenge_to = stage_index(r, rs->challenge)) < 0)
        return not_a_stage(r, rs->challenge_site, rs->challenge, err);
    /* A name map holds up to MAP_MAX entries, a stage only ML_NEXT_MAX:
     * refuse before copying, or the copy runs past st->next. */
    if (rs->next.n > ML_NEXT_MAX)
        return ML_ERROR(err, ML_EINVAL, "%s: %u next stages; at most %d",
                        at(r, rs->next.site), rs->next.n, ML_NEXT_MAX);
    /* The sum is checked here, where the `next` mapping's own line is
     * known; ml_pathway_check knows only the stage's. */
    int rc = rs->next.n ? check_sum(r, &rs->next, err) : ML_OK;
    if (rc)
        return rc;
    st->n_next = rs->next.n;
    for (unsigned k = 0; k < rs->next.n; k++) {
        if ((st->next[k] = stage_index(r, rs->next.name[k])) < 0)
            return not_a_stage(r, rs->next.key[k], rs->next.name[k], err);
        st->p_next[k] = rs->next.v[k];
    }
    /* The candidates of a choice sit where the next stages would, with
     * no probabilities. */
    if (st->choose) {
        if (rs->choices.n > ML_NEXT_MAX)
            return ML_ERROR(err, ML_EINVAL, "%s: %u candidates; at most %d",
                            at(r, rs->choices.site), rs->choices.n, ML_NEXT_MAX);
        st->n_next = rs->choices.n;
        for (unsigned k = 0; k < rs->choices.n; k++) {
            if ((st->next[k] = stage_index(r, rs->choices.name[k])) < 0)
                return not_a_stage(r, rs->choices.key[k], rs->choices.name[k], err);
            st->p_next[k] = 0.0;
        }
    }
    return ML_OK;
}

/* The stage kinds by name, for a choice constant given for a kind. */
static int kind_index(const char *name)
{
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        if (!strcmp(ml_stage_kind_name[k], name))
            return k;
    return -1;
}

/* pathway.choice resolved: entry candidates to indices, constants to one
 * per stage (a stage's own, else its kind's, else 0). */
static int finish_choice(const ml_lc_raw *r, ml_pathway *pw, ml_err *err)
{
    const raw_choice *c = &r->choice;
    ml_choice *ch = &pw->choice;
    memset(ch, 0, sizeof *ch);
    if (!c->set)
        return ML_OK;
    ch->on = 1;
    ch->size = c->size;
    ch->ref_damages = c->ref_damages;
    ch->liability = c->liability;
    ch->cost = c->cost;
    ch->months = c->months;
    ch->validity = c->validity;
    ch->estimate_sdlog = c->estimate_sdlog;
    if (!(c->ref_damages > 0.0))
        return ML_ERROR(err, ML_EINVAL, "%s.reference_damages: required: the damages the "
                        "size term is measured from, above 0", at(r, c->site));
    ch->n_entry = c->entry.n;
    for (unsigned k = 0; k < c->entry.n; k++)
        if ((ch->entry[k] = stage_index(r, c->entry.name[k])) < 0)
            return not_a_stage(r, c->entry.key[k], c->entry.name[k], err);
    int own[ML_STAGES_MAX] = {0};
    for (unsigned k = 0; k < c->constant.n; k++) {
        const char *name = c->constant.name[k];
        int s = stage_index(r, name);
        if (s >= 0) {
            ch->constant[s] = c->constant.v[k];
            own[s] = 1;
            continue;
        }
        int kind = kind_index(name);
        if (kind < 0) {
            const char *names[ML_STAGES_MAX + ML_N_STAGE_KINDS];
            unsigned n = ml_lc_stage_names(r, names);
            for (int j = 0; j < ML_N_STAGE_KINDS; j++)
                if (stage_index(r, ml_stage_kind_name[j]) < 0)
                    names[n++] = ml_stage_kind_name[j]; /* a kind not also a stage's name */
            ML_ERROR(err, ML_EINVAL, "%s: '%s' is neither a stage nor a stage kind",
                     at(r, c->constant.key[k]), name);
            return ml_err_known(err, ML_EINVAL, "the stages and kinds are", names, n);
        }
    }
    for (unsigned k = 0; k < c->constant.n; k++) {
        int kind = kind_index(c->constant.name[k]);
        if (kind < 0 || stage_index(r, c->constant.name[k]) >= 0)
            continue;
        for (unsigned s = 0; s < pw->n; s++)
            if (!own[s] && pw->st[s].kind == (ml_stage_kind)kind)
                ch->constant[s] = c->constant.v[k];
    }
    return ML_OK;
}

static int finish_stages(const ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    ml_pathway *pw = &L->pathway;
    pw->n = r->n_stages;
    pw->nofault = -1;
    if (r->n_stages == 0)
        return ML_ERROR(err, ML_EINVAL, "%s.pathway.stages: required: at least one stage",
                        at(r, r->site));
    for (unsigned i = 0; i < r->n_stages; i++) {
        int rc = finish_stage(r, L, i, err);
        if (rc)
            return rc;
        const ml_stage *st = &pw->st[i];
        if (st->kind == ML_ST_NO_FAULT) {
            if (pw->nofault >= 0)
                return ML_ERROR(err, ML_EINVAL, "%s: only one no-fault stage is allowed",
                                at(r, r->stage[i].site));
            pw->nofault = (int)i;
            if (!st->nofault_classes)
                return ML_ERROR(err, ML_EINVAL, "%s.no_fault: required for a no_fault stage",
                                at(r, r->stage[i].site));
        }
    }
    for (unsigned k = 0; k < r->entry.n; k++) {
        int s = stage_index(r, r->entry.name[k]);
        if (s < 0)
            return not_a_stage(r, r->entry.key[k], r->entry.name[k], err);
        pw->p_entry[s] = r->entry.v[k];
    }
    if (r->entry.n == 0 && r->choice.entry.n == 0)
        return ML_ERROR(err, ML_EINVAL, "%s.pathway.entry: required: where claims start, as "
                        "stage: probability (or candidates chosen among, as "
                        "pathway.choice.entry)", at(r, r->site));
    int rc = r->entry.n ? check_sum(r, &r->entry, err) : ML_OK;
    if (!rc)
        rc = finish_choice(r, pw, err);
    return rc ? rc : with_field(ml_pathway_check(pw, err), r->field, err);
}

int ml_lc_finish(ml_lc_raw *r, ml_lifecycle *L, ml_err *err)
{
    memset(L, 0, sizeof *L);
    L->claiming = r->claiming;
    L->comp = r->comp;
    L->legal = r->legal;
    L->ins = r->ins;
    L->prevention = r->prevention;
    L->bands = r->bands;
    static const char *const side[2] = {"claimant_size", "defence_size"};
    const ml_cost_size *z[2] = {&r->legal.claimant_size, &r->legal.defence_size};
    for (int i = 0; i < 2; i++)
        if (z[i]->elasticity > 0.0 && !(z[i]->ref > 0.0))
            return ML_ERROR(err, ML_EINVAL, "%s.legal_costs.%s.reference: " ML_SIZE_REF_REQUIRED,
                            at(r, r->site), side[i]);
    for (int neg = 0; neg < 2; neg++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (!r->claim_set[neg][c])
                return ML_ERROR(err, ML_EINVAL, "%s.claiming.p_claim.%s: required: the "
                                "claiming probability of every injury class", at(r, r->site),
                                neg ? "negligent" : "not_negligent");
    for (int c = 0; c < ML_N_INJ; c++)
        if (!r->damages_set[c])
            return ML_ERROR(err, ML_EINVAL, "%s.compensation.damages.%s: required: "
                            "{meanlog, sdlog} of the assessed damages", at(r, r->site),
                            ml_injury_name[c]);
    /* A specialty's class it does not name takes the class default, as it
     * stands once every lever is applied. */
    for (unsigned k = 0; k < L->comp.n_spec; k++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (!L->comp.own[k][c])
                L->comp.spec[k][c] = L->comp.law[c];
    if (r->degrees.n == 0)
        return ML_ERROR(err, ML_EINVAL, "%s.liability_degrees: required: a mapping from "
                        "degree name to liability share", at(r, r->site));
    if (r->degrees.n > ML_DEGREES_MAX)
        return ML_ERROR(err, ML_EINVAL, "%s: at most %d degrees", at(r, r->degrees.site),
                        ML_DEGREES_MAX);
    L->degrees.n = r->degrees.n;
    for (unsigned k = 0; k < r->degrees.n; k++) {
        memcpy(L->degrees.name[k], r->degrees.name[k], sizeof L->degrees.name[k]);
        L->degrees.share[k] = r->degrees.v[k];
    }
    int rc = finish_routes(r, L, err);
    return rc ? rc : finish_stages(r, L, err);
}

/* The portfolio's specialty names, for a message about one it lacks. */
static int not_a_specialty(const ml_portfolio *p, ml_err *err)
{
    const char *names[16];
    size_t n = p->n_specialties < 16 ? p->n_specialties : 0;
    for (size_t i = 0; i < n; i++)
        names[i] = p->specialties[i].name;
    return ml_err_known(err, ML_EINVAL, "its specialties are", names, n);
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
        if (sp == p->n_specialties) {
            ML_ERROR(err, ML_EINVAL, "%s: '%s' is not a specialty of portfolio '%s' (remove "
                     "it from the regime to run this portfolio)", at(r, r->spec_site[k]),
                     c->spec_name[k], p->name);
            return not_a_specialty(p, err);
        }
    }
    /* The same for the no-fault stage's specialties, which would otherwise
     * silently leave a misspelt specialty out of the scheme. */
    const ml_pathway *pw = &L->pathway;
    if (pw->nofault < 0)
        return ML_OK;
    const ml_stage *st = &pw->st[pw->nofault];
    for (unsigned k = 0; k < st->n_specs; k++) {
        size_t sp = 0;
        while (sp < p->n_specialties && strcmp(st->specs[k], p->specialties[sp].name))
            sp++;
        if (sp == p->n_specialties) {
            ML_ERROR(err, ML_EINVAL, "%s: '%s' is not a specialty of portfolio '%s'",
                     at(r, r->stage[pw->nofault].spec_site[k]), st->specs[k], p->name);
            return not_a_specialty(p, err);
        }
    }
    return ML_OK;
}
