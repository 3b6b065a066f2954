/*
 * lifecycle_fields.c — the numbers and true/false values of a raw
 * life-cycle record, each named by its path below `lifecycle` (see
 * ml_lc_fields in lifecycle_load.h), for the levers' scale, add and base
 * (lever_ops.c).
 *
 * The ranges are the reader's (lifecycle_load.c): a changed value must be
 * one the base regime could have stated.
 */
#include "lifecycle_raw.h"

#include <math.h>

typedef struct {
    ml_lc_field *out;
    size_t cap, n;
} field_list;

/* Adds the field at path parts (NULL-ended) and, when last is not NULL,
 * last: a name of the record under the fixed parts. */
static void field_at(field_list *fl, double *num, int *flag, double lo, double hi, int dist,
                     const char *const *parts, const char *last)
{
    ml_lc_field *f = fl->n < fl->cap ? &fl->out[fl->n] : NULL;
    fl->n++;
    if (!f)
        return;
    f->n_parts = 0;
    for (; *parts; parts++)
        f->part[f->n_parts++] = *parts;
    if (last)
        f->part[f->n_parts++] = last;
    f->num = num;
    f->flag = flag;
    f->lo = lo;
    f->hi = hi;
    f->dist = dist;
}

/* A number in [lo, hi] at parts; a true/false at parts. */
#define NUM(fl, p, lo, hi, ...) field_at(fl, p, NULL, lo, hi, 0, (const char *[]){__VA_ARGS__, NULL}, NULL)
#define FLAG(fl, p, ...) field_at(fl, NULL, p, 0, 1, 0, (const char *[]){__VA_ARGS__, NULL}, NULL)

static void namemap_fields(field_list *fl, namemap *m, double lo, double hi, int dist,
                           const char *const *parts)
{
    for (unsigned i = 0; i < m->n; i++)
        field_at(fl, &m->v[i], NULL, lo, hi, dist, parts, m->name[i]);
}

static void claiming_fields(field_list *fl, ml_lc_raw *r)
{
    static const char *const rows[2] = {"not_negligent", "negligent"};
    for (int neg = 0; neg < 2; neg++)
        for (int c = 0; c < ML_N_INJ; c++)
            if (r->claim_set[neg][c])
                NUM(fl, &r->claiming.p_claim[neg][c], 0, 1, "claiming", "p_claim", rows[neg],
                    ml_injury_name[c]);
    NUM(fl, &r->claiming.lag_mean, 0, 600, "claiming", "report_lag_months", "mean");
    NUM(fl, &r->claiming.lag_cv, 0, 10, "claiming", "report_lag_months", "cv");
    namemap_fields(fl, &r->degrees, 0, 1, 0, (const char *[]){"liability_degrees", NULL});
}

static void route_fields(field_list *fl, ml_lc_raw *r)
{
    for (unsigned i = 0; i < r->n_routes; i++) {
        raw_route *rt = &r->route[i];
        NUM(fl, &rt->cost, 0, ML_AMOUNT_MAX, "appraisal", rt->name, "cost");
        NUM(fl, &rt->delay, 0, 600, "appraisal", rt->name, "delay_months");
        namemap_fields(fl, &rt->row[0], 0, 1, 1,
                       (const char *[]){"appraisal", rt->name, "not_negligent", NULL});
        namemap_fields(fl, &rt->row[1], 0, 1, 1,
                       (const char *[]){"appraisal", rt->name, "negligent", NULL});
    }
}

static void compensation_fields(field_list *fl, ml_lc_raw *r)
{
    ml_compensation *c = &r->comp;
    for (int k = 0; k < ML_N_INJ; k++)
        if (r->damages_set[k]) {
            NUM(fl, &c->law[k].meanlog, -10, 30, "compensation", "damages", ml_injury_name[k],
                "meanlog");
            NUM(fl, &c->law[k].sdlog, 0, 5, "compensation", "damages", ml_injury_name[k],
                "sdlog");
        }
    /* A specialty's own laws (by_specialty): the body's parameters. */
    for (unsigned i = 0; i < c->n_spec; i++)
        for (int k = 0; k < ML_N_INJ; k++)
            if (c->own[i][k]) {
                NUM(fl, &c->spec[i][k].meanlog, -10, 30, "compensation", "damages",
                    "by_specialty", c->spec_name[i], ml_injury_name[k], "meanlog");
                NUM(fl, &c->spec[i][k].sdlog, 0, 5, "compensation", "damages", "by_specialty",
                    c->spec_name[i], ml_injury_name[k], "sdlog");
            }
    NUM(fl, &c->sched_base, 0, ML_AMOUNT_MAX, "compensation", "schedule", "base");
    NUM(fl, &c->sched_years, 0, 100, "compensation", "schedule", "years");
    NUM(fl, &c->noneconomic_share, 0, 1, "compensation", "noneconomic_share");
    NUM(fl, &c->cap_noneconomic, 0, INFINITY, "compensation", "cap_noneconomic");
    NUM(fl, &c->cap_total, 0, INFINITY, "compensation", "cap_total");
}

static void stage_fields(field_list *fl, raw_stage *rs)
{
    ml_stage *st = &rs->st;
    const char *n = st->name;
    NUM(fl, &st->months_mean, 0, 600, "pathway", "stages", n, "months", "mean");
    NUM(fl, &st->months_cv, 0, 10, "pathway", "stages", n, "months", "cv");
    NUM(fl, &st->cost_defence, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "costs", "defence");
    NUM(fl, &st->cost_claimant, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "costs", "claimant");
    NUM(fl, &st->cost_admin, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "costs", "admin");
    NUM(fl, &st->p_agree[1], 0, 1, "pathway", "stages", n, "p_agree", "negligent");
    NUM(fl, &st->p_agree[0], 0, 1, "pathway", "stages", n, "p_agree", "not_negligent");
    NUM(fl, &st->discount, 0, 1, "pathway", "stages", n, "discount");
    FLAG(fl, &st->adjudicates, "pathway", "stages", n, "adjudicates");
    /* p_challenge and p_nonperformance may be written as one number for
     * both kinds of agreement: a lever's number there reaches both. */
    NUM(fl, &st->p_challenge, 0, 1, "pathway", "stages", n, "p_challenge", "unconfirmed");
    NUM(fl, &st->p_challenge_confirmed, 0, 1, "pathway", "stages", n, "p_challenge",
        "confirmed");
    NUM(fl, &st->p_confirm, 0, 1, "pathway", "stages", n, "p_confirm");
    NUM(fl, &st->p_nonperform[0], 0, 1, "pathway", "stages", n, "p_nonperformance",
        "unconfirmed");
    NUM(fl, &st->p_nonperform[1], 0, 1, "pathway", "stages", n, "p_nonperformance",
        "confirmed");
    NUM(fl, &st->enforce_months, 0, 600, "pathway", "stages", n, "enforcement", "months");
    NUM(fl, &st->enforce_cost, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "enforcement",
        "cost");
    namemap_fields(fl, &rs->next, 0, 1, 1, (const char *[]){"pathway", "stages", n, "next", NULL});
    if (st->kind == ML_ST_NO_FAULT) {
        NUM(fl, &st->nofault_lump, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "no_fault",
            "lump_sum");
        NUM(fl, &st->nofault_instalment, 0, ML_AMOUNT_MAX, "pathway", "stages", n, "no_fault",
            "instalment");
        NUM(fl, &st->p_apply, 0, 1, "pathway", "stages", n, "no_fault", "p_apply");
    }
}

static void legal_and_insurance_fields(field_list *fl, ml_lc_raw *r)
{
    ml_legal *l = &r->legal;
    FLAG(fl, &l->duty_to_defend, "legal_costs", "duty_to_defend");
    FLAG(fl, &l->defence_inside_limits, "legal_costs", "defence_inside_limits");
    FLAG(fl, &l->loser_pays, "legal_costs", "loser_pays");
    NUM(fl, &l->contingency_fee, 0, 1, "legal_costs", "contingency_fee");
    static const char *const side[2] = {"claimant_size", "defence_size"};
    ml_cost_size *z[2] = {&l->claimant_size, &l->defence_size};
    for (int i = 0; i < 2; i++) {
        NUM(fl, &z[i]->ref, 0, ML_AMOUNT_MAX, "legal_costs", side[i], "reference");
        NUM(fl, &z[i]->elasticity, 0, 2, "legal_costs", side[i], "elasticity");
        NUM(fl, &z[i]->up_to, 0, ML_AMOUNT_MAX, "legal_costs", side[i], "up_to");
    }
    NUM(fl, &l->fixed_costs.from, 0, ML_AMOUNT_MAX, "legal_costs", "fixed_costs", "from");
    NUM(fl, &l->fixed_costs.up_to, 0, ML_AMOUNT_MAX, "legal_costs", "fixed_costs", "up_to");
    NUM(fl, &l->fixed_costs.fixed, 0, ML_AMOUNT_MAX, "legal_costs", "fixed_costs", "fixed");
    NUM(fl, &l->fixed_costs.share, 0, 1, "legal_costs", "fixed_costs", "share");
    ml_insurance *in = &r->ins;
    if (in->n_grades == 0)
        NUM(fl, &in->participation, 0, 1, "insurance", "participation");
    else {
        /* By grade: each grade's fraction, and `other` when given. */
        for (unsigned i = 0; i < in->n_grades; i++)
            NUM(fl, &in->grade_participation[i], 0, 1, "insurance", "participation",
                in->grade[i]);
        if (in->has_other)
            NUM(fl, &in->participation, 0, 1, "insurance", "participation", "other");
    }
    FLAG(fl, &in->direct_claim, "insurance", "direct_claim");
    NUM(fl, &in->p_unpaid, 0, 1, "insurance", "p_unpaid");
    NUM(fl, &in->enforce_months, 0, 600, "insurance", "enforcement_months");
    NUM(fl, &in->payment_months, 0, 600, "insurance", "payment_months");
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        if (k != ML_ST_NO_FAULT && k != ML_ST_DROPPED)
            NUM(fl, &in->unrecognised[k], 0, 1, "insurance", "unrecognised",
                ml_stage_kind_name[k]);
    /* A mandate's numbers, once one is given (a lever adds one with set:). */
    ml_mandate *md = &in->mandate;
    if (md->n_grades > 0 || md->target > 0.0) {
        if (md->n_grades == 0)
            NUM(fl, &md->target, 0, 1, "insurance", "mandate", "target");
        for (unsigned i = 0; i < md->n_grades; i++)
            NUM(fl, &md->grade_target[i], 0, 1, "insurance", "mandate", "target",
                md->grade[i]);
        if (md->n_grades > 0 && md->has_other)
            NUM(fl, &md->target, 0, 1, "insurance", "mandate", "target", "other");
        NUM(fl, &md->enforcement, 0, 1, "insurance", "mandate", "enforcement");
    }
    NUM(fl, &r->prevention.negligent, 0, 1, "prevention", "negligent");
}

/* The choice model's weights, when the regime has one (the ranges of
 * read_choice). */
static void choice_fields(field_list *fl, ml_lc_raw *r)
{
    raw_choice *c = &r->choice;
    if (!c->set)
        return;
    namemap_fields(fl, &c->constant, -50, 50, 0,
                   (const char *[]){"pathway", "choice", "constants", NULL});
    NUM(fl, &c->size, -50, 50, "pathway", "choice", "size");
    NUM(fl, &c->ref_damages, 0, ML_AMOUNT_MAX, "pathway", "choice", "reference_damages");
    NUM(fl, &c->liability, -50, 50, "pathway", "choice", "liability");
    NUM(fl, &c->cost, -50, 50, "pathway", "choice", "cost");
    NUM(fl, &c->months, -50, 50, "pathway", "choice", "months");
    NUM(fl, &c->validity, -50, 50, "pathway", "choice", "validity");
    NUM(fl, &c->estimate_sdlog, 0, 5, "pathway", "choice", "estimate_sdlog");
}

size_t ml_lc_fields(ml_lc_raw *r, ml_lc_field *out, size_t cap)
{
    field_list fl = {out, cap, 0};
    claiming_fields(&fl, r);
    route_fields(&fl, r);
    compensation_fields(&fl, r);
    namemap_fields(&fl, &r->entry, 0, 1, 1, (const char *[]){"pathway", "entry", NULL});
    choice_fields(&fl, r);
    for (unsigned i = 0; i < r->n_stages; i++)
        stage_fields(&fl, &r->stage[i]);
    legal_and_insurance_fields(&fl, r);
    return fl.n;
}
