/*
 * choice.c — see choice.h.
 */
#include "choice.h"

#include <math.h>

void ml_choice_channel(const ml_lifecycle *L, int i, ml_channel *c)
{
    const ml_stage *st = &L->pathway.st[i];
    c->court = st->adjudicates;
    c->months = st->months_mean;
    c->cost = st->cost_claimant;
    if (st->route >= 0) {
        c->months += L->route[st->route].delay_months;
        c->cost += L->route[st->route].cost;
    }
    c->valid = st->adjudicates ? 1.0 : st->kind == ML_ST_DROPPED ? 0.0 : st->p_confirm;
}

double ml_choice_utility(const ml_lifecycle *L, int i, double d, double x)
{
    const ml_choice *ch = &L->pathway.choice;
    ml_channel c;
    ml_choice_channel(L, i, &c);
    double u = ch->constant[i] - ch->cost * c.cost / d - ch->months * c.months +
               ch->validity * c.valid;
    if (c.court)
        u += ch->size * log(d / ch->ref_damages) + ch->liability * x;
    return u;
}

int ml_choice_available(const ml_lifecycle *L, int i, unsigned visited, int no_liability)
{
    const ml_stage *st = &L->pathway.st[i];
    if (visited >> i & 1u)
        return 0;
    return !(no_liability && !st->adjudicates && st->kind != ML_ST_DROPPED);
}

unsigned ml_choice_probs(const ml_lifecycle *L, const int *cand, unsigned n, double d,
                         double x, unsigned visited, int no_liability, double *p)
{
    /* The largest utility is subtracted before exponentiating, so that no
     * exp overflows whatever the weights. */
    double top = -INFINITY;
    unsigned avail = 0;
    for (unsigned k = 0; k < n; k++) {
        if (!ml_choice_available(L, cand[k], visited, no_liability)) {
            p[k] = NAN;
            continue;
        }
        p[k] = ml_choice_utility(L, cand[k], d, x);
        if (p[k] > top)
            top = p[k];
        avail++;
    }
    double sum = 0.0;
    for (unsigned k = 0; k < n; k++) {
        p[k] = isnan(p[k]) ? 0.0 : exp(p[k] - top);
        sum += p[k];
    }
    for (unsigned k = 0; avail && k < n; k++)
        p[k] /= sum;
    return avail;
}

int ml_choice_pick(const ml_lifecycle *L, const int *cand, unsigned n, double d, double x,
                   unsigned visited, int no_liability, double u)
{
    double p[ML_STAGES_MAX];
    if (n > ML_STAGES_MAX || !ml_choice_probs(L, cand, n, d, x, visited, no_liability, p))
        return -1;
    double c = 0.0;
    int last = -1;
    for (unsigned k = 0; k < n; k++) {
        if (!(p[k] > 0.0))
            continue;
        last = cand[k];
        c += p[k];
        if (u < c)
            return cand[k];
    }
    return last;
}
