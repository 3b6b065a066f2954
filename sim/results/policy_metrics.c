/*
 * policy_metrics.c — see policy_metrics.h.
 */
#include "policy_metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double total(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* NaN marks a ratio over nothing (no claims, no exposure): undefined, and
 * the writer leaves it out of the file rather than store a NaN. */
static double ratio(double a, double b)
{
    return b > 0.0 ? a / b : NAN;
}

/* A stage's ratios are columns of a table row, which cannot leave one out:
 * over a zero denominator they are 0, and the row carries the denominator
 * (visits, closed or paid per year) so that a reader can tell. */
static double ratio_or_0(double a, double b)
{
    return b > 0.0 ? a / b : 0.0;
}

static void put(ml_metric *out, size_t *k, const char *name, double v, const char *unit)
{
    if (*k >= ML_METRICS_MAX)
        return;
    snprintf(out[*k].name, sizeof out[*k].name, "%s", name);
    out[*k].value = v;
    out[*k].mc_se = NAN;
    snprintf(out[*k].unit, sizeof out[*k].unit, "%s", unit);
    (*k)++;
}

/* The months by which a share q of claims had closed. */
static double hist_quantile(const double *h, double q)
{
    double n = total(h, ML_MONTHS_BINS + 1);
    if (!(n > 0.0))
        return NAN;
    double target = q * n, c = 0.0;
    for (int b = 0; b <= ML_MONTHS_BINS; b++) {
        if (c + h[b] >= target && h[b] > 0.0)
            return b + (target - c) / h[b];
        c += h[b];
    }
    return ML_MONTHS_BINS;
}

size_t ml_policy_metrics(const ml_scenario *s, const ml_results *res, ml_metric *out)
{
    size_t n = res->n, k = 0;
    double T[ML_N_MEASURES];
    for (int m = 0; m < ML_N_MEASURES; m++)
        T[m] = total(res->annual[m], n);
    const char *cur = s->regime.currency;
    char per_claim[40];
    snprintf(per_claim, sizeof per_claim, "%s per paid claim", cur);
    char per_year[40];
    snprintf(per_year, sizeof per_year, "%s per year", cur);

    double expo = 0.0;
    for (size_t h = 0; h < s->portfolio.n_hospitals; h++)
        for (size_t j = 0; j < s->portfolio.n_specialties; j++)
            expo += s->portfolio.hospitals[h].exposure[j];
    char unit[40];
    snprintf(unit, sizeof unit, "per %.30s", s->portfolio.exposure_unit);
    put(out, &k, "incidents_per_exposure", ratio(T[ML_M_INCIDENTS], expo * n), unit);
    put(out, &k, "claims_per_exposure", ratio(T[ML_M_CLAIMS], expo * n), unit);
    put(out, &k, "paid_claims_per_exposure", ratio(T[ML_M_PAID_CLAIMS], expo * n), unit);
    put(out, &k, "paid_share", ratio(T[ML_M_PAID_CLAIMS], T[ML_M_CLAIMS]),
        "paid claims / claims");
    /* Funds' awards apart: the mean payment is the liability system's (what
     * a hospital or its insurer paid per claim it paid), fund_mean_award the
     * funds'.  A fund reimbursed by a hospital found liable paid the patient
     * only the excess, so the hospital's award is compensation less the
     * fund's net payments. */
    double fund = T[ML_M_FUND_LUMP] + T[ML_M_FUND_INSTALMENTS];
    double fund_net = fund - T[ML_M_FUND_RECOVERED];
    put(out, &k, "mean_payment",
        ratio(T[ML_M_COMPENSATION] - fund_net, T[ML_M_PAID_CLAIMS] - T[ML_M_FUND_AWARDS]),
        per_claim);
    char per_award[40];
    snprintf(per_award, sizeof per_award, "%s per fund award (nominal)", cur);
    put(out, &k, "fund_mean_award", ratio(fund, T[ML_M_FUND_AWARDS]), per_award);
    put(out, &k, "overhead_ratio", ratio(T[ML_M_EXPENSES], T[ML_M_COMPENSATION]),
        "expenses / compensation");
    put(out, &k, "patient_net_per_year", ratio(T[ML_M_PATIENT_NET], (double)n), per_year);
    put(out, &k, "patient_net_share", ratio(T[ML_M_PATIENT_NET], T[ML_M_COMPENSATION]),
        "patient net / compensation");
    put(out, &k, "cost_per_year", ratio(T[ML_M_COMPENSATION] + T[ML_M_EXPENSES], (double)n),
        per_year);
    put(out, &k, "insured_share",
        ratio(T[ML_M_INSURED], T[ML_M_INSURED] + T[ML_M_RETAINED]),
        "indemnified / (indemnified + retained)");
    /* Who pays the total cost (compensation + expenses): private or
     * mutual insurers, a state indemnifier (policy.indemnifier: state,
     * e.g. NHS Resolution), the hospitals themselves, no-fault funds (net
     * of reimbursements, with their own costs) and patients (their legal
     * costs not recovered).  Who pays claims, not who funds the payer: the
     * trusts' contributions to NHS Resolution are not the trusts' share.
     * The parts add up to the total by construction (engine_life.c books
     * each cost to one of them; state_paid is a part of insured), so the
     * shares sum to 1. */
    double cost = T[ML_M_COMPENSATION] + T[ML_M_EXPENSES];
    put(out, &k, "borne_insurers", ratio(T[ML_M_INSURED] - T[ML_M_STATE_PAID], cost),
        "share of total cost");
    put(out, &k, "borne_state", ratio(T[ML_M_STATE_PAID], cost), "share of total cost");
    put(out, &k, "borne_hospitals", ratio(T[ML_M_RETAINED], cost), "share of total cost");
    put(out, &k, "borne_funds", ratio(fund_net + T[ML_M_FUND_EXPENSES], cost),
        "share of total cost");
    put(out, &k, "borne_patients", ratio(T[ML_M_COMPENSATION] - T[ML_M_PATIENT_NET], cost),
        "share of total cost");
    put(out, &k, "unpaid_share",
        ratio(T[ML_M_UNPAID], T[ML_M_COMPENSATION] + T[ML_M_UNPAID]),
        "unpaid / (compensation + unpaid)");
    if (s->regime.life) {
        put(out, &k, "negligent_compensated_share",
            ratio(T[ML_M_NEGLIGENT_PAID], T[ML_M_NEGLIGENT]), "paid / negligent injuries");
        put(out, &k, "negligent_per_claim", ratio(T[ML_M_NEGLIGENT], T[ML_M_CLAIMS]),
            "negligent injuries / claims");
        /* By negligence of the injury (Studdert et al., NEJM 2006, report
         * the same split of closed claims). */
        double nc = T[ML_M_NEGLIGENT_CLAIMS], np = T[ML_M_NEGLIGENT_PAID];
        double ncomp = T[ML_M_NEGLIGENT_COMPENSATION];
        put(out, &k, "negligent_claim_share", ratio(nc, T[ML_M_CLAIMS]),
            "claims from negligent injuries / claims");
        put(out, &k, "paid_share_negligent", ratio(np, nc),
            "paid / claims from negligent injuries");
        put(out, &k, "paid_share_not_negligent",
            ratio(T[ML_M_PAID_CLAIMS] - np, T[ML_M_CLAIMS] - nc),
            "paid / claims from other injuries");
        put(out, &k, "mean_payment_negligent", ratio(ncomp, np), per_claim);
        put(out, &k, "mean_payment_not_negligent",
            ratio(T[ML_M_COMPENSATION] - ncomp, T[ML_M_PAID_CLAIMS] - np), per_claim);
        put(out, &k, "negligent_expense_share",
            ratio(T[ML_M_NEGLIGENT_EXPENSES], T[ML_M_EXPENSES]),
            "negligent claims' expenses / expenses");
        put(out, &k, "shifted_costs_ratio",
            ratio(T[ML_M_COSTS_SHIFTED], T[ML_M_DEFENCE_COSTS]),
            "claimant costs paid / defence costs");
        put(out, &k, "litigation_share", ratio(T[ML_M_LITIGATED], T[ML_M_CLAIMS]),
            "claims reaching litigation / claims");
        put(out, &k, "mean_months", ratio(T[ML_M_CLAIM_MONTHS], T[ML_M_CLAIMS]),
            "months, claim to closure");
        put(out, &k, "p90_months", hist_quantile(res->months_hist, 0.9),
            "months, claim to closure");
        put(out, &k, "mean_lag_months", ratio(T[ML_M_LAG_MONTHS], T[ML_M_CLAIMS]),
            "months, incident to claim");
    }
    return k;
}

size_t ml_stage_metrics(const ml_scenario *s, const ml_results *res, ml_stage_metric *out)
{
    if (!s->regime.life)
        return 0;
    const ml_pathway *pw = &s->regime.life->pathway;
    double claims = total(res->annual[ML_M_CLAIMS], res->n);
    for (unsigned c = 0; c < pw->n && c < res->n_channels; c++) {
        double t[ML_STAGE_STATS];
        for (int k = 0; k < ML_STAGE_STATS; k++)
            t[k] = total(res->stage[k][c], res->n);
        ml_stage_metric *m = &out[c];
        snprintf(m->stage, sizeof m->stage, "%s", pw->st[c].name);
        snprintf(m->kind, sizeof m->kind, "%s", ml_stage_kind_name[pw->st[c].kind]);
        m->visits_per_year = ratio_or_0(t[ML_SS_VISITS], (double)res->n);
        m->closed_per_year = ratio_or_0(t[ML_SS_CLOSED], (double)res->n);
        m->paid_per_year = ratio_or_0(t[ML_SS_PAID], (double)res->n);
        m->closed_share = ratio_or_0(t[ML_SS_CLOSED], claims);
        m->visit_share = ratio_or_0(t[ML_SS_VISITS], claims);
        m->paid_share = ratio_or_0(t[ML_SS_PAID], t[ML_SS_CLOSED]);
        m->mean_payment = ratio_or_0(t[ML_SS_AMOUNT], t[ML_SS_PAID]);
        m->mean_months = ratio_or_0(t[ML_SS_MONTHS], t[ML_SS_VISITS]);
        m->entered_per_year = ratio_or_0(t[ML_SS_ENTERED], (double)res->n);
        m->entry_share = ratio_or_0(t[ML_SS_ENTERED], claims);
    }
    return pw->n < res->n_channels ? pw->n : res->n_channels;
}
