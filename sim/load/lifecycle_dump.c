/*
 * lifecycle_dump.c — see lifecycle_dump.h.
 *
 * Every field the loader reads is written, defaults included, so that the
 * text says exactly what was simulated and reloads to the same structure.
 * Order matters where the engine draws by position: liability degrees,
 * appraisal routes, stages and each stage's next stages are written in
 * their index order, which the loader keeps (first appearance wins).
 * Names (of stages, routes, degrees, specialties, grades) are a user's
 * text and written quoted, keys of the schema plain.
 */
#include "lifecycle_dump.h"

/* key: {minor: x, serious: x, permanent: x, death: x} */
static void classes(ml_yw *w, const char *key, const double *v)
{
    ml_yw_kv_map(w, key, 1);
    for (int c = 0; c < ML_N_INJ; c++)
        ml_yw_kv_num(w, ml_injury_name[c], v[c]);
    ml_yw_close_map(w);
}

static void claiming(ml_yw *w, const ml_claiming *c)
{
    ml_yw_kv_map(w, "claiming", 0);
    ml_yw_kv_map(w, "p_claim", 0);
    classes(w, "negligent", c->p_claim[1]);
    classes(w, "not_negligent", c->p_claim[0]);
    ml_yw_close_map(w);
    ml_yw_kv_map(w, "report_lag_months", 0);
    ml_yw_kv_num(w, "mean", c->lag_mean);
    ml_yw_kv_num(w, "cv", c->lag_cv);
    ml_yw_close_map(w);
    ml_yw_close_map(w);
}

/* key: {degree: p, ...} in degree order. */
static void degree_row(ml_yw *w, const char *key, const ml_degrees *d, const double *p)
{
    ml_yw_kv_map(w, key, 1);
    for (unsigned k = 0; k < d->n; k++) {
        ml_yw_text(w, d->name[k]);
        ml_yw_num(w, p[k]);
    }
    ml_yw_close_map(w);
}

static void appraisal(ml_yw *w, const ml_lifecycle *L)
{
    degree_row(w, "liability_degrees", &L->degrees, L->degrees.share);
    if (L->n_routes == 0)
        return;
    ml_yw_kv_map(w, "appraisal", 0);
    for (unsigned i = 0; i < L->n_routes; i++) {
        const ml_route *r = &L->route[i];
        ml_yw_text(w, r->name);
        ml_yw_map(w, 0);
        ml_yw_kv_num(w, "cost", r->cost);
        ml_yw_kv_num(w, "delay_months", r->delay_months);
        degree_row(w, "negligent", &L->degrees, r->prob[1]);
        degree_row(w, "not_negligent", &L->degrees, r->prob[0]);
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
}

/* NAME: {meanlog: x, sdlog: x[, tail: {threshold: x, shape: x, weight: x}]}
 * with the weight resolved, so the text reloads to the same law. */
static void law(ml_yw *w, const char *name, const ml_dmg_law *l)
{
    ml_yw_kv_map(w, name, 1);
    ml_yw_kv_num(w, "meanlog", l->meanlog);
    ml_yw_kv_num(w, "sdlog", l->sdlog);
    if (l->threshold > 0.0) {
        ml_yw_kv_map(w, "tail", 1);
        ml_yw_kv_num(w, "threshold", l->threshold);
        ml_yw_kv_num(w, "shape", l->shape);
        ml_yw_kv_num(w, "weight", l->weight);
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
}

/* A schedule is written when any part of one was given: its base and
 * years are required together, and grades may be empty. */
static void schedule(ml_yw *w, const ml_compensation *c)
{
    int grades = 0;
    for (int k = 0; k < ML_N_INJ; k++)
        grades |= c->grades[k].n > 0;
    if (!(c->sched_years > 0.0 || c->sched_base > 0.0 || grades))
        return;
    ml_yw_kv_map(w, "schedule", 0);
    ml_yw_kv_num(w, "base", c->sched_base);
    ml_yw_kv_num(w, "years", c->sched_years);
    ml_yw_kv_map(w, "grades", !grades);
    for (int k = 0; k < ML_N_INJ; k++) {
        const ml_grade_mix *g = &c->grades[k];
        if (g->n == 0)
            continue;
        ml_yw_kv_list(w, ml_injury_name[k], 0);
        for (unsigned j = 0; j < g->n; j++) {
            ml_yw_map(w, 1);
            ml_yw_kv_num(w, "coef", g->coef[j]);
            ml_yw_kv_num(w, "prob", g->prob[j]);
            ml_yw_close_map(w);
        }
        ml_yw_close_list(w);
    }
    ml_yw_close_map(w);
    ml_yw_close_map(w);
}

static void compensation(ml_yw *w, const ml_compensation *c)
{
    ml_yw_kv_map(w, "compensation", 0);
    ml_yw_kv_map(w, "damages", 0);
    for (int k = 0; k < ML_N_INJ; k++)
        law(w, ml_injury_name[k], &c->law[k]);
    /* Only the classes a specialty names itself: the others follow the
     * class defaults, as they did when loaded. */
    if (c->n_spec) {
        ml_yw_kv_map(w, "by_specialty", 0);
        for (unsigned k = 0; k < c->n_spec; k++) {
            ml_yw_text(w, c->spec_name[k]);
            ml_yw_map(w, 0);
            for (int cl = 0; cl < ML_N_INJ; cl++)
                if (c->own[k][cl])
                    law(w, ml_injury_name[cl], &c->spec[k][cl]);
            ml_yw_close_map(w);
        }
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
    schedule(w, c);
    ml_yw_kv_num(w, "noneconomic_share", c->noneconomic_share);
    ml_yw_kv_num(w, "cap_noneconomic", c->cap_noneconomic);
    ml_yw_kv_num(w, "cap_total", c->cap_total);
    ml_yw_close_map(w);
}

static void no_fault(ml_yw *w, const ml_stage *st)
{
    ml_yw_kv_map(w, "no_fault", 0);
    ml_yw_kv_num(w, "lump_sum", st->nofault_lump);
    ml_yw_kv_num(w, "instalment", st->nofault_instalment);
    ml_yw_kv_uint(w, "instalment_years", st->nofault_years);
    ml_yw_kv_num(w, "p_apply", st->p_apply);
    ml_yw_kv_list(w, "classes", 1);
    for (int c = 0; c < ML_N_INJ; c++)
        if (st->nofault_classes >> c & 1u)
            ml_yw_word(w, ml_injury_name[c]);
    ml_yw_close_list(w);
    if (st->n_specs) {
        ml_yw_kv_list(w, "specialties", 1);
        for (unsigned k = 0; k < st->n_specs; k++)
            ml_yw_text(w, st->specs[k]);
        ml_yw_close_list(w);
    }
    ml_yw_close_map(w);
}

/* One number when confirmed and unconfirmed agreements share it, as a
 * file written before confirmation existed says it, else the pair. */
static void by_confirmation(ml_yw *w, const char *key, double unconf, double conf)
{
    if (unconf == conf) {
        ml_yw_kv_num(w, key, unconf);
        return;
    }
    ml_yw_kv_map(w, key, 1);
    ml_yw_kv_num(w, "confirmed", conf);
    ml_yw_kv_num(w, "unconfirmed", unconf);
    ml_yw_close_map(w);
}

static void stage(ml_yw *w, const ml_pathway *pw, const ml_lifecycle *L, const ml_stage *st)
{
    ml_yw_text(w, st->name);
    ml_yw_map(w, 0);
    ml_yw_kv_word(w, "kind", ml_stage_kind_name[st->kind]);
    ml_yw_kv_map(w, "months", 1);
    ml_yw_kv_num(w, "mean", st->months_mean);
    ml_yw_kv_num(w, "cv", st->months_cv);
    ml_yw_close_map(w);
    ml_yw_kv_map(w, "costs", 1);
    ml_yw_kv_num(w, "defence", st->cost_defence);
    ml_yw_kv_num(w, "claimant", st->cost_claimant);
    ml_yw_kv_num(w, "admin", st->cost_admin);
    ml_yw_close_map(w);
    if (st->route >= 0)
        ml_yw_kv_text(w, "appraisal", L->route[st->route].name);
    ml_yw_kv_map(w, "p_agree", 1);
    ml_yw_kv_num(w, "negligent", st->p_agree[1]);
    ml_yw_kv_num(w, "not_negligent", st->p_agree[0]);
    ml_yw_close_map(w);
    ml_yw_kv_num(w, "discount", st->discount);
    ml_yw_kv_bool(w, "adjudicates", st->adjudicates);
    by_confirmation(w, "p_challenge", st->p_challenge, st->p_challenge_confirmed);
    if (st->challenge_to >= 0)
        ml_yw_kv_text(w, "challenge_to", pw->st[st->challenge_to].name);
    ml_yw_kv_num(w, "p_confirm", st->p_confirm);
    by_confirmation(w, "p_nonperformance", st->p_nonperform[0], st->p_nonperform[1]);
    ml_yw_kv_map(w, "enforcement", 1);
    ml_yw_kv_num(w, "months", st->enforce_months);
    ml_yw_kv_num(w, "cost", st->enforce_cost);
    ml_yw_close_map(w);
    if (st->n_next && st->choose) {
        ml_yw_kv_list(w, "choices", 1);
        for (unsigned k = 0; k < st->n_next; k++)
            ml_yw_text(w, pw->st[st->next[k]].name);
        ml_yw_close_list(w);
    } else if (st->n_next) {
        ml_yw_kv_map(w, "next", 1);
        for (unsigned k = 0; k < st->n_next; k++) {
            ml_yw_text(w, pw->st[st->next[k]].name);
            ml_yw_num(w, st->p_next[k]);
        }
        ml_yw_close_map(w);
    }
    if (st->nofault_classes)
        no_fault(w, st);
    ml_yw_close_map(w);
}

/* The choice model with every stage's constant resolved (a kind's
 * constant written on each stage of the kind), so the text reloads to the
 * same constants. */
static void choice(ml_yw *w, const ml_pathway *pw)
{
    const ml_choice *ch = &pw->choice;
    ml_yw_kv_map(w, "choice", 0);
    if (ch->n_entry) {
        ml_yw_kv_list(w, "entry", 1);
        for (unsigned k = 0; k < ch->n_entry; k++)
            ml_yw_text(w, pw->st[ch->entry[k]].name);
        ml_yw_close_list(w);
    }
    ml_yw_kv_map(w, "constants", 1);
    for (unsigned i = 0; i < pw->n; i++) {
        ml_yw_text(w, pw->st[i].name);
        ml_yw_num(w, ch->constant[i]);
    }
    ml_yw_close_map(w);
    ml_yw_kv_num(w, "size", ch->size);
    ml_yw_kv_num(w, "reference_damages", ch->ref_damages);
    ml_yw_kv_num(w, "liability", ch->liability);
    ml_yw_kv_num(w, "cost", ch->cost);
    ml_yw_kv_num(w, "months", ch->months);
    ml_yw_kv_num(w, "validity", ch->validity);
    ml_yw_kv_num(w, "estimate_sdlog", ch->estimate_sdlog);
    ml_yw_close_map(w);
}

static void pathway(ml_yw *w, const ml_lifecycle *L)
{
    const ml_pathway *pw = &L->pathway;
    ml_yw_kv_map(w, "pathway", 0);
    if (pw->choice.n_entry == 0) {
        ml_yw_kv_map(w, "entry", 1);
        for (unsigned i = 0; i < pw->n; i++)
            if (pw->p_entry[i] > 0.0) {
                ml_yw_text(w, pw->st[i].name);
                ml_yw_num(w, pw->p_entry[i]);
            }
        ml_yw_close_map(w);
    }
    if (pw->choice.on)
        choice(w, pw);
    ml_yw_kv_map(w, "stages", 0);
    for (unsigned i = 0; i < pw->n; i++)
        stage(w, pw, L, &pw->st[i]);
    ml_yw_close_map(w);
    ml_yw_close_map(w);
}

static void cost_size(ml_yw *w, const char *key, const ml_cost_size *z)
{
    if (!(z->elasticity > 0.0))
        return;
    ml_yw_kv_map(w, key, 1);
    ml_yw_kv_num(w, "reference", z->ref);
    ml_yw_kv_num(w, "elasticity", z->elasticity);
    if (z->up_to > 0.0)
        ml_yw_kv_num(w, "up_to", z->up_to);
    ml_yw_close_map(w);
}

static void legal(ml_yw *w, const ml_legal *l)
{
    ml_yw_kv_map(w, "legal_costs", 0);
    ml_yw_kv_bool(w, "duty_to_defend", l->duty_to_defend);
    ml_yw_kv_bool(w, "defence_inside_limits", l->defence_inside_limits);
    ml_yw_kv_bool(w, "loser_pays", l->loser_pays);
    ml_yw_kv_num(w, "contingency_fee", l->contingency_fee);
    cost_size(w, "claimant_size", &l->claimant_size);
    cost_size(w, "defence_size", &l->defence_size);
    if (l->fixed_costs.up_to > 0.0) {
        ml_yw_kv_map(w, "fixed_costs", 1);
        ml_yw_kv_num(w, "from", l->fixed_costs.from);
        ml_yw_kv_num(w, "up_to", l->fixed_costs.up_to);
        ml_yw_kv_num(w, "fixed", l->fixed_costs.fixed);
        ml_yw_kv_num(w, "share", l->fixed_costs.share);
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
}

static void bands(ml_yw *w, const ml_size_bands *b)
{
    if (!(b->small > 0.0) && !(b->medium > 0.0) && !(b->large > 0.0))
        return;
    ml_yw_kv_map(w, "size_bands", 1);
    if (b->small > 0.0)
        ml_yw_kv_num(w, "small", b->small);
    if (b->medium > 0.0)
        ml_yw_kv_num(w, "medium", b->medium);
    if (b->large > 0.0)
        ml_yw_kv_num(w, "large", b->large);
    ml_yw_close_map(w);
}

static void insurance(ml_yw *w, const ml_insurance *in)
{
    ml_yw_kv_map(w, "insurance", 0);
    if (in->n_grades == 0)
        ml_yw_kv_num(w, "participation", in->participation);
    else {
        ml_yw_kv_map(w, "participation", 1);
        for (unsigned i = 0; i < in->n_grades; i++) {
            ml_yw_text(w, in->grade[i]);
            ml_yw_num(w, in->grade_participation[i]);
        }
        if (in->has_other)
            ml_yw_kv_num(w, "other", in->participation);
        ml_yw_close_map(w);
    }
    /* The keys of the insurance part below are written only when they
     * change something, so the text of a regime without them stays as it
     * was. */
    const ml_mandate *md = &in->mandate;
    if (md->n_grades > 0 || md->target > 0.0) {
        ml_yw_kv_map(w, "mandate", 0);
        if (md->n_grades == 0)
            ml_yw_kv_num(w, "target", md->target);
        else {
            ml_yw_kv_map(w, "target", 1);
            for (unsigned i = 0; i < md->n_grades; i++) {
                ml_yw_text(w, md->grade[i]);
                ml_yw_num(w, md->grade_target[i]);
            }
            if (md->has_other)
                ml_yw_kv_num(w, "other", md->target);
            ml_yw_close_map(w);
        }
        ml_yw_kv_num(w, "enforcement", md->enforcement);
        ml_yw_close_map(w);
    }
    ml_yw_kv_bool(w, "direct_claim", in->direct_claim);
    if (in->payment_months > 0.0)
        ml_yw_kv_num(w, "payment_months", in->payment_months);
    ml_yw_kv_num(w, "p_unpaid", in->p_unpaid);
    ml_yw_kv_num(w, "enforcement_months", in->enforce_months);
    int any = 0;
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        any |= in->unrecognised[k] > 0.0;
    if (any) {
        ml_yw_kv_map(w, "unrecognised", 1);
        for (int k = 0; k < ML_N_STAGE_KINDS; k++)
            if (k != ML_ST_NO_FAULT && k != ML_ST_DROPPED)
                ml_yw_kv_num(w, ml_stage_kind_name[k], in->unrecognised[k]);
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
}

static void prevention(ml_yw *w, const ml_prevention *pv)
{
    if (!(pv->negligent > 0.0))
        return;
    ml_yw_kv_map(w, "prevention", 1);
    ml_yw_kv_num(w, "negligent", pv->negligent);
    ml_yw_close_map(w);
}

void ml_lifecycle_dump(ml_yw *w, const ml_lifecycle *L)
{
    ml_yw_kv_map(w, "lifecycle", 0);
    claiming(w, &L->claiming);
    appraisal(w, L);
    compensation(w, &L->comp);
    pathway(w, L);
    legal(w, &L->legal);
    bands(w, &L->bands);
    insurance(w, &L->ins);
    prevention(w, &L->prevention);
    ml_yw_close_map(w);
}
