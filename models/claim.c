/*
 * claim.c — the pathway walk of one claim.
 */
#include "claim.h"
#include "choice.h"
#include "gamma_inline.h"
#include "rng_state.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

double ml_duration_draw(double m, double cv, gsl_rng *g)
{
    if (!(m > 0.0))
        return 0.0;
    if (!(cv > 0.0))
        return m;
    double k = 1.0 / (cv * cv); /* gamma shape for that cv; scale keeps the mean */
    return ml_ran_gamma(g, k, m / k);
}

static int pick(const double *p, const int *idx, unsigned n, double u)
{
    double c = 0.0;
    for (unsigned k = 0; k + 1 < n; k++) {
        c += p[k];
        if (u < c)
            return idx[k];
    }
    return idx[n - 1];
}

/* An agreement reached at stage st, tested for validity (pathway.h).
 * Returns the stage the claim goes to when the agreement fails (challenged,
 * or unconfirmed and not performed), -1 when it stands and pays; adds the
 * court's enforcement of a confirmed agreement not performed. */
static int agreement_fails(const ml_stage *st, int s, const ml_claim_rngs *g, ml_claim_out *o)
{
    if (st->challenge_to >= 0)
        o->agreements++;
    int confirmed = st->p_confirm > 0.0 && ml_rng_uniform(g->validity) < st->p_confirm;
    o->confirmed += (unsigned)confirmed;
    int challenged = 0;
    if (confirmed)
        challenged = st->p_challenge_confirmed > 0.0 &&
                     ml_rng_uniform(g->validity) < st->p_challenge_confirmed;
    else if (st->challenge_to >= 0)
        /* The draw of earlier versions, on the pathway's stream. */
        challenged = ml_rng_uniform(g->path) < st->p_challenge;
    if (challenged) {
        o->challenges++;
        return st->challenge_to;
    }
    double pn = st->p_nonperform[confirmed];
    if (!(pn > 0.0) || !(ml_rng_uniform(g->validity) < pn))
        return -1;
    o->unperformed++;
    if (!confirmed)
        return st->challenge_to; /* a civil contract: sued on */
    /* A confirmed agreement is enforced by the court, and paid. */
    o->enforced++;
    o->months += st->enforce_months;
    o->stage_months[s] += st->enforce_months;
    o->admin += st->enforce_cost;
    return -1;
}

/* Records the defendant-side costs added since the last event as falling
 * now (o->months): a stage's costs are paid when it ends. */
static void cost_event(ml_claim_out *o, double *booked)
{
    double now = o->defence + o->admin;
    if (now > *booked && o->n_ev < ML_STAGES_MAX + 2) {
        o->ev_months[o->n_ev] = o->months;
        o->ev_cost[o->n_ev++] = now - *booked;
        *booked = now;
    }
}

double ml_cost_size_factor(const ml_cost_size *z, double damages)
{
    if (!(z->elasticity > 0.0))
        return 1.0;
    double d = z->up_to > 0.0 ? fmin(damages, z->up_to) : damages;
    return pow(d / z->ref, z->elasticity);
}

void ml_claim_walk(const ml_lifecycle *L, int spec, int cls, int neg, int entry,
                   const ml_claim_rngs *g, ml_claim_out *o)
{
    const ml_pathway *pw = &L->pathway;
    memset(o, 0, sizeof *o);
    o->then = -1;
    o->damages = ml_damages_draw(&L->comp, spec, cls, g->damages);
    double full = ml_damages_capped(&L->comp, o->damages);
    /* Both sides' lawyers spend more on a bigger claim (NHSLA 2013/14:
     * claimant costs 273% of damages at GBP 1-10k, 74% at 50-100k, 4%
     * above 1m). */
    double fc = ml_cost_size_factor(&L->legal.claimant_size, full);
    double fd = ml_cost_size_factor(&L->legal.defence_size, full);
    double share = 1.0; /* until an appraisal says otherwise */
    int appraised = 0;
    /* The damages as the parties see them: an estimate until an appraisal
     * states them (Decree 701 Art. 36), at least one currency unit. */
    double seen = full;
    if (pw->choice.on && pw->choice.estimate_sdlog > 0.0)
        seen *= exp(pw->choice.estimate_sdlog * gsl_ran_ugaussian(g->choice));
    if (entry == ML_ENTRY_CHOOSE)
        entry = ml_choice_pick(L, pw->choice.entry, pw->choice.n_entry, fmax(seen, 1.0),
                               (double)neg, 0u, 0, ml_rng_uniform(g->choice));
    o->entry = entry;
    int s = entry;
    double booked = 0.0;
    /* The graph is acyclic, so a claim visits each stage at most once. */
    for (unsigned step = 0; step <= pw->n; step++) {
        cost_event(o, &booked); /* the previous stage's, its enforcement included */
        const ml_stage *st = &pw->st[s];
        o->final_stage = s;
        o->visited |= 1u << s;
        double t = ml_duration_draw(st->months_mean, st->months_cv, g->timing);
        o->stage_months[s] += t;
        o->months += t;
        o->defence += fd * st->cost_defence;
        o->claimant += fc * st->cost_claimant;
        o->admin += st->cost_admin;
        if (st->kind == ML_ST_LITIGATION)
            o->litigated = 1;
        if (st->kind == ML_ST_DROPPED)
            break;
        if (st->route >= 0) {
            const ml_route *r = &L->route[st->route];
            share = L->degrees.share[ml_appraisal_draw(r, &L->degrees, neg, g->appraisal)];
            appraised = 1;
            seen = full;
            o->admin += r->cost;
            o->months += r->delay_months;
            o->stage_months[s] += r->delay_months;
        }
        double u = ml_rng_uniform(g->path);
        if (st->kind == ML_ST_NO_FAULT) {
            /* The fund pays; the claim on it ends here either way.  Its next
             * says whether the family also claims against the hospital. */
            if (u < st->p_agree[neg]) {
                o->fund_lump = st->nofault_lump;
                o->fund_instalments = st->nofault_instalment * st->nofault_years;
            }
            if (st->n_next) {
                int t = pick(st->p_next, st->next, st->n_next, ml_rng_uniform(g->path));
                if (pw->st[t].kind != ML_ST_DROPPED)
                    o->then = t;
            }
            break;
        } else if ((!appraised || share > 0.0) && u < st->p_agree[neg]) {
            int to = agreement_fails(st, s, g, o);
            if (to >= 0) {
                s = to;
                continue;
            }
            o->award = st->discount * full * share;
            break;
        } else if (st->adjudicates) {
            o->award = full * share;
            break;
        }
        if (st->n_next == 0)
            break; /* only a stage that always resolves has no next: unreachable */
        if (st->choose) {
            /* Liability strength: the share found, or before any appraisal
             * the negligence the parties sense. */
            double x = appraised ? share : (double)neg;
            s = ml_choice_pick(L, st->next, st->n_next, fmax(seen, 1.0), x, o->visited,
                               appraised && !(share > 0.0), ml_rng_uniform(g->choice));
            if (s < 0)
                break; /* the check keeps an end among the candidates: unreachable */
        } else
            s = pick(st->p_next, st->next, st->n_next, ml_rng_uniform(g->path));
    }
    /* A lawyer's success fee comes out of awards won through the disputed
     * channels; a no-fault fund pays its fixed amount without one (award
     * is 0 on a claim on the fund). */
    cost_event(o, &booked);
    if (o->award > 0.0)
        o->claimant += L->legal.contingency_fee * o->award;
}
