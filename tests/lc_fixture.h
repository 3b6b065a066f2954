/*
 * lc_fixture.h — small hand-built life-cycle regimes for the unit tests of
 * the models (pathway, claim walk, engine), so that every expected number
 * can be worked out by hand from the values set here.
 */
#ifndef ML_LC_FIXTURE_H
#define ML_LC_FIXTURE_H

#include "lifecycle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A stage with no route, no challenge, full discount, and a `where` that
 * names a made-up file line so that messages can be checked for it. */
static inline void fx_stage(ml_pathway *p, unsigned i, const char *name, ml_stage_kind kind)
{
    ml_stage *st = &p->st[i];
    memset(st, 0, sizeof *st);
    snprintf(st->name, sizeof st->name, "%s", name);
    st->kind = kind;
    st->route = -1;
    st->challenge_to = -1;
    st->discount = 1.0;
    snprintf(st->where, sizeof st->where, "fixture.yaml:%u", 10 + i);
    if (i + 1 > p->n)
        p->n = i + 1;
}

static inline void fx_next(ml_stage *st, int to, double p)
{
    st->next[st->n_next] = to;
    st->p_next[st->n_next] = p;
    st->n_next++;
}

enum { FX_NEG, FX_MED, FX_LIT, FX_DROP };

/* The reference fixture (all amounts in currency units, months in months):
 *   0 negotiation: 1 month; defence 100, claimant 50; never agrees;
 *                  next mediation 1
 *   1 mediation:   2 months; defence 200, claimant 100, admin 400;
 *                  appraisal "assoc" (cost 300, delay 2); always agrees at
 *                  discount 0.8; next litigation 1
 *   2 litigation:  10 months; defence 5000, claimant 4000, admin 1000;
 *                  appraisal "court" (cost 1000, delay 6); adjudicates
 *   3 dropped
 * Degrees none 0 / half 0.5 / full 1.  "assoc" finds half for a negligent
 * injury and none otherwise; "court" finds full or none.  Damages are
 * exactly `damages` (sdlog 0) in every class; no caps, no schedule. */
static inline void fx_lifecycle(ml_lifecycle *L, double damages)
{
    memset(L, 0, sizeof *L);
    for (int c = 0; c < ML_N_INJ; c++) {
        L->claiming.p_claim[0][c] = L->claiming.p_claim[1][c] = 1.0;
        L->comp.law[c].meanlog = log(damages);
        L->comp.law[c].sdlog = 0.0;
    }
    L->comp.cap_noneconomic = INFINITY;
    L->comp.cap_total = INFINITY;
    L->degrees.n = 3;
    const char *dn[3] = {"none", "half", "full"};
    for (unsigned k = 0; k < 3; k++) {
        snprintf(L->degrees.name[k], ML_LABEL_MAX, "%s", dn[k]);
        L->degrees.share[k] = 0.5 * k;
    }
    L->n_routes = 2;
    snprintf(L->route[0].name, ML_LABEL_MAX, "assoc");
    L->route[0].prob[0][0] = 1.0;
    L->route[0].prob[1][1] = 1.0;
    L->route[0].cost = 300;
    L->route[0].delay_months = 2;
    snprintf(L->route[1].name, ML_LABEL_MAX, "court");
    L->route[1].prob[0][0] = 1.0;
    L->route[1].prob[1][2] = 1.0;
    L->route[1].cost = 1000;
    L->route[1].delay_months = 6;

    ml_pathway *p = &L->pathway;
    p->nofault = -1;
    fx_stage(p, FX_NEG, "negotiation", ML_ST_NEGOTIATION);
    fx_stage(p, FX_MED, "mediation", ML_ST_MEDIATION);
    fx_stage(p, FX_LIT, "litigation", ML_ST_LITIGATION);
    fx_stage(p, FX_DROP, "dropped", ML_ST_DROPPED);
    ml_stage *s = &p->st[FX_NEG];
    s->months_mean = 1;
    s->cost_defence = 100;
    s->cost_claimant = 50;
    fx_next(s, FX_MED, 1.0);
    s = &p->st[FX_MED];
    s->months_mean = 2;
    s->cost_defence = 200;
    s->cost_claimant = 100;
    s->cost_admin = 400;
    s->route = 0;
    s->p_agree[0] = s->p_agree[1] = 1.0;
    s->discount = 0.8;
    fx_next(s, FX_LIT, 1.0);
    s = &p->st[FX_LIT];
    s->months_mean = 10;
    s->cost_defence = 5000;
    s->cost_claimant = 4000;
    s->cost_admin = 1000;
    s->route = 1;
    s->adjudicates = 1;
    p->p_entry[FX_NEG] = 1.0;
}

#endif
