/*
 * ledger.c — see ledger.h.
 */
#include "ledger.h"

#include <math.h>
#include <string.h>

void ml_ledger_begin(ml_ledger *l)
{
    if (ml_ledger_on(l))
        memset(l->led, 0, ml_dev_stride(l->t->years, l->t->dev_years) * sizeof *l->led);
}

static double *cell(ml_ledger *l, int row, double m)
{
    const ml_time *t = l->t;
    return l->led + ml_dev_at(t->years, t->dev_years, row, l->a, ml_time_dev_year(t, l->a, m));
}

void ml_ledger_count(ml_ledger *l, int row, double m)
{
    if (ml_ledger_on(l))
        *cell(l, row, m) += 1.0;
}

static void book_h(ml_ledger *l, double *h, double x, double m, double m_rep)
{
    const ml_time *t = l->t;
    unsigned D = t->dev_years;
    double v = x * ml_time_trend(t, m);
    unsigned d = ml_time_dev_year(t, l->a, m);
    /* Claims-made cover is priced at the start of the calendar year the
     * claim is reported in, occurrence cover at the start of the accident
     * year.  (A zeroed ledger's entry, month 0 of year 0, is right too.) */
    if (!(m_rep == l->rep_m && l->a == l->rep_a)) {
        l->rep_m = m_rep;
        l->rep_a = l->a;
        l->rep_d = ml_time_dev_year(t, l->a, m_rep);
        l->rep_start = 12.0 * floor(m_rep / 12.0);
    }
    unsigned dr = l->rep_d;
    double start_rep = l->rep_start;
    h[d] += v;
    h[D + dr] += v;
    h[2 * D + dr] += v * ml_time_discount(t, m - start_rep);
    h[3 * D] += v * ml_time_discount(t, m - 12.0 * l->a);
    l->h_used = 1;
}

void ml_ledger_insured(ml_ledger *l, double x, double m, double m_rep)
{
    if (ml_ledger_on(l) && x != 0.0)
        book_h(l, l->h, x, m, m_rep);
}

void ml_ledger_retained(ml_ledger *l, double x, double m, double m_rep)
{
    if (ml_ledger_on(l) && x != 0.0)
        book_h(l, l->h + 3u * l->t->dev_years + 1u, x, m, m_rep);
}

void ml_ledger_comp(ml_ledger *l, double x, double m, double m_inc)
{
    if (!ml_ledger_on(l) || !(x != 0.0))
        return;
    const ml_time *t = l->t;
    *cell(l, ML_DV_COMP_PAID, m) += x * ml_time_trend(t, m);
    l->led[ml_dev_scalar_at(t->years, t->dev_years, ML_DS_COMP_MONTHS, l->a)] += x * (m - m_inc);
    l->led[ml_dev_scalar_at(t->years, t->dev_years, ML_DS_COMP, l->a)] += x;
}

void ml_ledger_award(ml_ledger *l, const ml_timing *tm, double award, double comp,
                     double ins, double m_pay, double m_rep, double m_inc)
{
    if (!ml_ledger_on(l))
        return;
    double share = 0.0;
    if (tm->ppo_share > 0.0 && tm->ppo_years > 0 && award >= tm->ppo_threshold && award > 0.0)
        share = tm->ppo_share;
    ml_ledger_comp(l, comp * (1.0 - share), m_pay, m_inc);
    ml_ledger_insured(l, ins * (1.0 - share), m_pay, m_rep);
    if (share > 0.0) {
        double k = share / tm->ppo_years;
        for (unsigned j = 1; j <= tm->ppo_years; j++) {
            ml_ledger_comp(l, comp * k, m_pay + 12.0 * j, m_inc);
            ml_ledger_insured(l, ins * k, m_pay + 12.0 * j, m_rep);
        }
    }
}

void ml_ledger_hosp_begin(ml_ledger *l)
{
    if (ml_ledger_on(l) && l->h_used) {
        memset(l->h, 0, ml_ledger_scratch(l->t->dev_years) * sizeof *l->h);
        l->h_used = 0;
    }
}

void ml_ledger_hosp_end(ml_ledger *l, double ins, double outlay, double retained)
{
    if (!ml_ledger_on(l) || !l->h_used)
        return;
    const ml_time *t = l->t;
    unsigned Y = t->years, D = t->dev_years;
    double f = 1.0, fr = 0.0;
    if (ins <= outlay)
        f = outlay > 0.0 ? ins / outlay : 0.0;
    else if (retained > 0.0)
        fr = (ins - outlay) / retained;
    const double *h = l->h, *hr = l->h + 3u * D + 1u;
    static const int rows[3] = {ML_DV_PAID, ML_DV_INCURRED, ML_DV_PV_REPORTED};
    for (int k = 0; k < 3; k++) {
        double *dst = l->led + ml_dev_at(Y, D, rows[k], l->a, 0);
        for (unsigned d = 0; d < D; d++)
            dst[d] += f * h[k * D + d] + fr * hr[k * D + d];
    }
    l->led[ml_dev_scalar_at(Y, D, ML_DS_PV_OCC, l->a)] += f * h[3 * D] + fr * hr[3 * D];
}
