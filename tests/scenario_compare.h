/*
 * scenario_compare.h — field-by-field comparison of two loaded scenarios
 * (sim/load/scenario.h) for the loader tests: everything the engine and
 * the results read, never file names, source lines or `where` texts.  A
 * difference is reported by the first field path that differs and both
 * values, so a failing round trip or lever says what moved.
 *
 *   sc_diff_scenario(a, b, why, cap)   0 when equal, else 1 and why filled
 *   sc_diff_portfolio / sc_diff_regime / sc_diff_lifecycle / sc_diff_pricing
 *
 * Numbers are equal when bit-equal as doubles (or both NaN): a resolved
 * scenario written out and read back must give the very same doubles.
 */
#ifndef ML_SCENARIO_COMPARE_H
#define ML_SCENARIO_COMPARE_H

#include "scenario.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *why;
    size_t cap;
} sc_ctx;

static inline int sc_fail_(sc_ctx *c, const char *what, const char *fmt, va_list ap)
{
    char path[300];
    vsnprintf(path, sizeof path, fmt, ap);
    snprintf(c->why, c->cap, "%s: %s", path, what);
    return 1;
}

static inline int sc_num(sc_ctx *c, double x, double y, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline int sc_num(sc_ctx *c, double x, double y, const char *fmt, ...)
{
    if (x == y || (isnan(x) && isnan(y)))
        return 0;
    char what[120];
    snprintf(what, sizeof what, "%.17g vs %.17g", x, y);
    va_list ap;
    va_start(ap, fmt);
    sc_fail_(c, what, fmt, ap);
    va_end(ap);
    return 1;
}

static inline int sc_str(sc_ctx *c, const char *x, const char *y, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline int sc_str(sc_ctx *c, const char *x, const char *y, const char *fmt, ...)
{
    if (!strcmp(x, y))
        return 0;
    char what[200];
    snprintf(what, sizeof what, "'%.80s' vs '%.80s'", x, y);
    va_list ap;
    va_start(ap, fmt);
    sc_fail_(c, what, fmt, ap);
    va_end(ap);
    return 1;
}

#define SC_N(x, y, ...) do { if (sc_num(c, (double)(x), (double)(y), __VA_ARGS__)) return 1; } while (0)
#define SC_S(x, y, ...) do { if (sc_str(c, (x), (y), __VA_ARGS__)) return 1; } while (0)

static inline int sc_effect(sc_ctx *c, const ml_random_effect *a, const ml_random_effect *b,
                     const char *k)
{
    SC_N(a->kind, b->kind, "portfolio.%s.model", k);
    SC_N(a->size, b->size, "portfolio.%s.size", k);
    return 0;
}

static inline int sc_diff_portfolio_(sc_ctx *c, const ml_portfolio *a, const ml_portfolio *b)
{
    SC_S(a->name, b->name, "portfolio.name");
    SC_S(a->exposure_unit, b->exposure_unit, "portfolio.exposure_unit");
    if (sc_effect(c, &a->hospital_effect, &b->hospital_effect, "hospital_effect") ||
        sc_effect(c, &a->year_effect, &b->year_effect, "year_effect"))
        return 1;
    SC_N(a->has_medicine, b->has_medicine, "portfolio.has_medicine");
    for (int k = 0; k < ML_N_INJ; k++) {
        SC_N(a->injury_mix[k], b->injury_mix[k], "portfolio.injury_mix.%s", ml_injury_name[k]);
        SC_N(a->negligent_share[k], b->negligent_share[k], "portfolio.negligent_share.%s",
             ml_injury_name[k]);
    }
    SC_N(a->n_specialties, b->n_specialties, "portfolio.specialties (count)");
    for (size_t i = 0; i < a->n_specialties; i++) {
        const ml_specialty *x = &a->specialties[i], *y = &b->specialties[i];
        SC_S(x->name, y->name, "portfolio.specialties[%zu].name", i);
        SC_N(x->incident_rate, y->incident_rate, "portfolio.specialties[%zu].incident_rate", i);
        SC_N(x->has_mix, y->has_mix, "portfolio.specialties[%zu].injury_mix (given)", i);
        for (int k = 0; k < ML_N_INJ; k++)
            SC_N(x->injury_mix[k], y->injury_mix[k], "portfolio.specialties[%zu].injury_mix.%s",
                 i, ml_injury_name[k]);
    }
    SC_N(a->n_hospitals, b->n_hospitals, "portfolio.hospitals (count)");
    for (size_t h = 0; h < a->n_hospitals; h++) {
        const ml_hospital *x = &a->hospitals[h], *y = &b->hospitals[h];
        SC_S(x->name, y->name, "portfolio.hospitals[%zu].name", h);
        SC_S(x->grade, y->grade, "portfolio.hospitals[%zu].grade", h);
        SC_N(x->beds, y->beds, "portfolio.hospitals[%zu].beds", h);
        SC_N(x->count, y->count, "portfolio.hospitals[%zu].count", h);
        for (size_t i = 0; i < a->n_specialties; i++)
            SC_N(x->exposure[i], y->exposure[i], "portfolio.hospitals[%zu].exposure.%s", h,
                 a->specialties[i].name);
    }
    return 0;
}

static inline int sc_law(sc_ctx *c, const ml_dmg_law *x, const ml_dmg_law *y, const char *at)
{
    SC_N(x->meanlog, y->meanlog, "%s.meanlog", at);
    SC_N(x->sdlog, y->sdlog, "%s.sdlog", at);
    SC_N(x->threshold, y->threshold, "%s.tail.threshold", at);
    SC_N(x->shape, y->shape, "%s.tail.shape", at);
    SC_N(x->weight, y->weight, "%s.tail.weight", at);
    return 0;
}

static inline int sc_stage(sc_ctx *c, const ml_stage *x, const ml_stage *y, unsigned i)
{
    const char *n = x->name;
    SC_S(x->name, y->name, "pathway.stages[%u].name", i);
    SC_N(x->kind, y->kind, "pathway.stages.%s.kind", n);
    SC_N(x->months_mean, y->months_mean, "pathway.stages.%s.months.mean", n);
    SC_N(x->months_cv, y->months_cv, "pathway.stages.%s.months.cv", n);
    SC_N(x->cost_defence, y->cost_defence, "pathway.stages.%s.costs.defence", n);
    SC_N(x->cost_claimant, y->cost_claimant, "pathway.stages.%s.costs.claimant", n);
    SC_N(x->cost_admin, y->cost_admin, "pathway.stages.%s.costs.admin", n);
    SC_N(x->route, y->route, "pathway.stages.%s.appraisal (route index)", n);
    SC_N(x->p_agree[0], y->p_agree[0], "pathway.stages.%s.p_agree.not_negligent", n);
    SC_N(x->p_agree[1], y->p_agree[1], "pathway.stages.%s.p_agree.negligent", n);
    SC_N(x->discount, y->discount, "pathway.stages.%s.discount", n);
    SC_N(x->adjudicates, y->adjudicates, "pathway.stages.%s.adjudicates", n);
    SC_N(x->p_challenge, y->p_challenge, "pathway.stages.%s.p_challenge", n);
    SC_N(x->challenge_to, y->challenge_to, "pathway.stages.%s.challenge_to (index)", n);
    SC_N(x->p_challenge_confirmed, y->p_challenge_confirmed,
         "pathway.stages.%s.p_challenge.confirmed", n);
    SC_N(x->p_confirm, y->p_confirm, "pathway.stages.%s.p_confirm", n);
    SC_N(x->p_nonperform[0], y->p_nonperform[0], "pathway.stages.%s.p_nonperformance.unconfirmed",
         n);
    SC_N(x->p_nonperform[1], y->p_nonperform[1], "pathway.stages.%s.p_nonperformance.confirmed",
         n);
    SC_N(x->enforce_months, y->enforce_months, "pathway.stages.%s.enforcement.months", n);
    SC_N(x->enforce_cost, y->enforce_cost, "pathway.stages.%s.enforcement.cost", n);
    SC_N(x->choose, y->choose, "pathway.stages.%s.choices (given)", n);
    SC_N(x->n_next, y->n_next, "pathway.stages.%s.next (count)", n);
    for (unsigned k = 0; k < x->n_next; k++) {
        SC_N(x->next[k], y->next[k], "pathway.stages.%s.next[%u] (index)", n, k);
        SC_N(x->p_next[k], y->p_next[k], "pathway.stages.%s.next[%u] (probability)", n, k);
    }
    SC_N(x->nofault_lump, y->nofault_lump, "pathway.stages.%s.no_fault.lump_sum", n);
    SC_N(x->nofault_instalment, y->nofault_instalment, "pathway.stages.%s.no_fault.instalment", n);
    SC_N(x->nofault_years, y->nofault_years, "pathway.stages.%s.no_fault.instalment_years", n);
    SC_N(x->p_apply, y->p_apply, "pathway.stages.%s.no_fault.p_apply", n);
    SC_N(x->nofault_classes, y->nofault_classes, "pathway.stages.%s.no_fault.classes", n);
    SC_N(x->n_specs, y->n_specs, "pathway.stages.%s.no_fault.specialties (count)", n);
    for (unsigned k = 0; k < x->n_specs; k++)
        SC_S(x->specs[k], y->specs[k], "pathway.stages.%s.no_fault.specialties[%u]", n, k);
    return 0;
}

static inline int sc_diff_lifecycle_(sc_ctx *c, const ml_lifecycle *a, const ml_lifecycle *b)
{
    for (int neg = 0; neg < 2; neg++)
        for (int k = 0; k < ML_N_INJ; k++)
            SC_N(a->claiming.p_claim[neg][k], b->claiming.p_claim[neg][k],
                 "claiming.p_claim.%s.%s", neg ? "negligent" : "not_negligent",
                 ml_injury_name[k]);
    SC_N(a->claiming.lag_mean, b->claiming.lag_mean, "claiming.report_lag_months.mean");
    SC_N(a->claiming.lag_cv, b->claiming.lag_cv, "claiming.report_lag_months.cv");
    const ml_pathway *p = &a->pathway, *q = &b->pathway;
    SC_N(p->n, q->n, "pathway.stages (count)");
    SC_N(p->nofault, q->nofault, "pathway (no-fault stage index)");
    for (unsigned i = 0; i < p->n; i++) {
        SC_N(p->p_entry[i], q->p_entry[i], "pathway.entry.%s", p->st[i].name);
        if (sc_stage(c, &p->st[i], &q->st[i], i))
            return 1;
    }
    const ml_choice *pc = &p->choice, *qc = &q->choice;
    SC_N(pc->on, qc->on, "pathway.choice (given)");
    SC_N(pc->n_entry, qc->n_entry, "pathway.choice.entry (count)");
    for (unsigned k = 0; k < pc->n_entry; k++)
        SC_N(pc->entry[k], qc->entry[k], "pathway.choice.entry[%u] (index)", k);
    for (unsigned i = 0; i < p->n; i++)
        SC_N(pc->constant[i], qc->constant[i], "pathway.choice.constants.%s", p->st[i].name);
    SC_N(pc->size, qc->size, "pathway.choice.size");
    SC_N(pc->ref_damages, qc->ref_damages, "pathway.choice.reference_damages");
    SC_N(pc->liability, qc->liability, "pathway.choice.liability");
    SC_N(pc->cost, qc->cost, "pathway.choice.cost");
    SC_N(pc->months, qc->months, "pathway.choice.months");
    SC_N(pc->validity, qc->validity, "pathway.choice.validity");
    SC_N(pc->estimate_sdlog, qc->estimate_sdlog, "pathway.choice.estimate_sdlog");
    SC_N(a->degrees.n, b->degrees.n, "liability_degrees (count)");
    for (unsigned k = 0; k < a->degrees.n; k++) {
        SC_S(a->degrees.name[k], b->degrees.name[k], "liability_degrees[%u] (name)", k);
        SC_N(a->degrees.share[k], b->degrees.share[k], "liability_degrees.%s",
             a->degrees.name[k]);
    }
    SC_N(a->n_routes, b->n_routes, "appraisal (count)");
    for (unsigned r = 0; r < a->n_routes; r++) {
        const ml_route *x = &a->route[r], *y = &b->route[r];
        SC_S(x->name, y->name, "appraisal[%u] (name)", r);
        SC_N(x->cost, y->cost, "appraisal.%s.cost", x->name);
        SC_N(x->delay_months, y->delay_months, "appraisal.%s.delay_months", x->name);
        for (int neg = 0; neg < 2; neg++)
            for (unsigned k = 0; k < a->degrees.n; k++)
                SC_N(x->prob[neg][k], y->prob[neg][k], "appraisal.%s.%s.%s", x->name,
                     neg ? "negligent" : "not_negligent", a->degrees.name[k]);
    }
    const ml_compensation *u = &a->comp, *v = &b->comp;
    char at[160];
    for (int k = 0; k < ML_N_INJ; k++) {
        snprintf(at, sizeof at, "compensation.damages.%s", ml_injury_name[k]);
        if (sc_law(c, &u->law[k], &v->law[k], at))
            return 1;
    }
    SC_N(u->n_spec, v->n_spec, "compensation.damages.by_specialty (count)");
    for (unsigned s = 0; s < u->n_spec; s++) {
        SC_S(u->spec_name[s], v->spec_name[s], "compensation.damages.by_specialty[%u]", s);
        for (int k = 0; k < ML_N_INJ; k++) {
            SC_N(u->own[s][k], v->own[s][k], "compensation.damages.by_specialty.%s.%s (given)",
                 u->spec_name[s], ml_injury_name[k]);
            snprintf(at, sizeof at, "compensation.damages.by_specialty.%s.%s", u->spec_name[s],
                     ml_injury_name[k]);
            if (sc_law(c, &u->spec[s][k], &v->spec[s][k], at))
                return 1;
        }
    }
    SC_N(u->sched_base, v->sched_base, "compensation.schedule.base");
    SC_N(u->sched_years, v->sched_years, "compensation.schedule.years");
    for (int k = 0; k < ML_N_INJ; k++) {
        SC_N(u->grades[k].n, v->grades[k].n, "compensation.schedule.grades.%s (count)",
             ml_injury_name[k]);
        for (unsigned g = 0; g < u->grades[k].n; g++) {
            SC_N(u->grades[k].coef[g], v->grades[k].coef[g],
                 "compensation.schedule.grades.%s[%u].coef", ml_injury_name[k], g);
            SC_N(u->grades[k].prob[g], v->grades[k].prob[g],
                 "compensation.schedule.grades.%s[%u].prob", ml_injury_name[k], g);
        }
    }
    SC_N(u->noneconomic_share, v->noneconomic_share, "compensation.noneconomic_share");
    SC_N(u->cap_noneconomic, v->cap_noneconomic, "compensation.cap_noneconomic");
    SC_N(u->cap_total, v->cap_total, "compensation.cap_total");
    SC_N(a->legal.duty_to_defend, b->legal.duty_to_defend, "legal_costs.duty_to_defend");
    SC_N(a->legal.defence_inside_limits, b->legal.defence_inside_limits,
         "legal_costs.defence_inside_limits");
    SC_N(a->legal.loser_pays, b->legal.loser_pays, "legal_costs.loser_pays");
    SC_N(a->legal.contingency_fee, b->legal.contingency_fee, "legal_costs.contingency_fee");
    const ml_insurance *x = &a->ins, *y = &b->ins;
    SC_N(x->participation, y->participation, "insurance.participation");
    SC_N(x->n_grades, y->n_grades, "insurance.participation (grades)");
    for (unsigned g = 0; g < x->n_grades; g++) {
        SC_S(x->grade[g], y->grade[g], "insurance.participation[%u] (grade)", g);
        SC_N(x->grade_participation[g], y->grade_participation[g],
             "insurance.participation.%s", x->grade[g]);
    }
    /* `other` means something only beside grades */
    if (x->n_grades)
        SC_N(x->has_other, y->has_other, "insurance.participation.other (given)");
    SC_N(x->direct_claim, y->direct_claim, "insurance.direct_claim");
    SC_N(x->p_unpaid, y->p_unpaid, "insurance.p_unpaid");
    SC_N(x->enforce_months, y->enforce_months, "insurance.enforcement_months");
    SC_N(x->payment_months, y->payment_months, "insurance.payment_months");
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        SC_N(x->unrecognised[k], y->unrecognised[k], "insurance.unrecognised.%s",
             ml_stage_kind_name[k]);
    const ml_mandate *mx = &x->mandate, *my = &y->mandate;
    SC_N(mx->target, my->target, "insurance.mandate.target (other)");
    SC_N(mx->n_grades, my->n_grades, "insurance.mandate.target (grades)");
    for (unsigned g = 0; g < mx->n_grades; g++) {
        SC_S(mx->grade[g], my->grade[g], "insurance.mandate.target[%u] (grade)", g);
        SC_N(mx->grade_target[g], my->grade_target[g], "insurance.mandate.target.%s",
             mx->grade[g]);
    }
    if (mx->n_grades)
        SC_N(mx->has_other, my->has_other, "insurance.mandate.target.other (given)");
    SC_N(mx->enforcement, my->enforcement, "insurance.mandate.enforcement");
    SC_N(a->prevention.negligent, b->prevention.negligent, "prevention.negligent");
    return 0;
}

static inline int sc_diff_regime_(sc_ctx *c, const ml_regime *a, const ml_regime *b)
{
    SC_S(a->name, b->name, "regime.name");
    SC_S(a->currency, b->currency, "regime.currency");
    SC_N(a->price.year, b->price.year, "regime.price_year");
    const ml_policy *p = &a->policy, *q = &b->policy;
    SC_N(p->deductible, q->deductible, "regime.policy.deductible");
    SC_N(p->limit, q->limit, "regime.policy.limit");
    SC_N(p->coinsurance, q->coinsurance, "regime.policy.coinsurance");
    SC_N(p->aggregate_limit, q->aggregate_limit, "regime.policy.aggregate_limit");
    SC_N(p->aggregate_retention, q->aggregate_retention, "regime.policy.aggregate_retention");
    SC_N(p->indemnifier, q->indemnifier, "regime.policy.indemnifier");
    SC_N(a->life != NULL, b->life != NULL, "regime.lifecycle (present)");
    if (a->life)
        return sc_diff_lifecycle_(c, a->life, b->life);
    SC_N(a->p_claim, b->p_claim, "regime.claiming.p_claim");
    SC_N(a->p_settle, b->p_settle, "regime.pathway.p_settle");
    SC_N(a->liability.n, b->liability.n, "regime.liability (count)");
    for (unsigned i = 0; i < a->liability.n; i++) {
        SC_N(a->liability.share[i], b->liability.share[i], "regime.liability[%u].share", i);
        SC_N(a->liability.prob[i], b->liability.prob[i], "regime.liability[%u].prob", i);
    }
    SC_N(a->severity.kind, b->severity.kind, "regime.severity.model");
    SC_N(a->severity.p1, b->severity.p1, "regime.severity (first parameter)");
    SC_N(a->severity.p2, b->severity.p2, "regime.severity (second parameter)");
    SC_N(a->expense_per_claim, b->expense_per_claim, "regime.expenses.per_claim");
    return 0;
}

static inline int sc_layer(sc_ctx *c, const ml_layer *x, const ml_layer *y, unsigned j)
{
    SC_S(x->name, y->name, "pricing.layers (%u) name", j);
    SC_N(x->kind, y->kind, "pricing.layers.%s.kind", x->name);
    SC_N(x->attachment, y->attachment, "pricing.layers.%s.attachment", x->name);
    SC_N(x->limit, y->limit, "pricing.layers.%s.limit", x->name);
    return 0;
}

static inline int sc_diff_pricing_(sc_ctx *c, const ml_pricing *a, const ml_pricing *b, size_t nh)
{
    SC_N(a->ev_loading, b->ev_loading, "pricing.expected_value_loading");
    SC_N(a->sd_loading, b->sd_loading, "pricing.sd_loading");
    SC_N(a->coc_rate, b->coc_rate, "pricing.cost_of_capital_rate");
    SC_N(a->premium, b->premium, "pricing.premium");
    SC_N(a->n_xl, b->n_xl, "pricing.layers (per-claim count)");
    SC_N(a->n_sl, b->n_sl, "pricing.layers (stop-loss count)");
    for (unsigned j = 0; j < a->n_xl; j++)
        if (sc_layer(c, &a->xl[j], &b->xl[j], j))
            return 1;
    for (unsigned j = 0; j < a->n_sl; j++)
        if (sc_layer(c, &a->sl[j], &b->sl[j], j))
            return 1;
    SC_N(a->n_grades, b->n_grades, "pricing grades (count)");
    for (unsigned g = 0; g < a->n_grades; g++)
        SC_S(a->grade_name[g], b->grade_name[g], "pricing grade %u", g);
    for (size_t h = 0; h < nh; h++)
        SC_N(a->grade_of[h], b->grade_of[h], "pricing grade of hospital %zu", h);
    return 0;
}

static inline int sc_diff_scenario(const ml_scenario *a, const ml_scenario *b, char *why, size_t cap)
{
    sc_ctx cc = {why, cap}, *c = &cc;
    SC_S(a->name, b->name, "name");
    SC_S(a->description, b->description, "description");
    SC_N(a->has_replicates, b->has_replicates, "run.replicates (given)");
    SC_N(a->has_seed, b->has_seed, "run.seed (given)");
    SC_N(a->replicates, b->replicates, "run.replicates");
    if (a->seed != b->seed) {
        snprintf(why, cap, "run.seed: %llu vs %llu", (unsigned long long)a->seed,
                 (unsigned long long)b->seed);
        return 1;
    }
    if (sc_diff_portfolio_(c, &a->portfolio, &b->portfolio) ||
        sc_diff_regime_(c, &a->regime, &b->regime) ||
        sc_diff_pricing_(c, &a->pricing, &b->pricing, a->portfolio.n_hospitals))
        return 1;
    size_t ns = a->portfolio.n_specialties, nh = a->portfolio.n_hospitals;
    SC_N(a->nofault_spec != NULL, b->nofault_spec != NULL, "no-fault specialties (present)");
    SC_N(a->damages_spec != NULL, b->damages_spec != NULL, "damages specialties (present)");
    SC_N(a->participation != NULL, b->participation != NULL, "participation by hospital (present)");
    for (size_t i = 0; i < ns; i++) {
        if (a->nofault_spec)
            SC_N(a->nofault_spec[i], b->nofault_spec[i], "no-fault eligibility of specialty %zu", i);
        if (a->damages_spec)
            SC_N(a->damages_spec[i], b->damages_spec[i], "damages law of specialty %zu", i);
    }
    if (a->participation)
        for (size_t h = 0; h < nh; h++)
            SC_N(a->participation[h], b->participation[h], "participation of hospital %zu", h);
    return 0;
}

/* The lifecycle alone, for levers: everything else of a lever run is its
 * base's by construction. */
static inline int sc_diff_lifecycle(const ml_lifecycle *a, const ml_lifecycle *b, char *why, size_t cap)
{
    sc_ctx cc = {why, cap};
    return sc_diff_lifecycle_(&cc, a, b);
}

#undef SC_N
#undef SC_S

#endif
