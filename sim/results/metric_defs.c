/*
 * metric_defs.c — see metric_defs.h.  The table is the one place a policy
 * metric is defined; policy_metrics.c fills the policy table from it and
 * sim/report/ takes paired comparisons' influence functions from it.
 */
#include "metric_defs.h"
#include "ksum.h"

#include <math.h>
#include <string.h>

#define T(m, w) {m, w}
#define NUM(...) .num = {__VA_ARGS__}
#define DEN(...) .den_kind = ML_DEN_MEASURES, .den = {__VA_ARGS__}
#define TEXT(u) .unit_kind = ML_U_TEXT, .unit = u

/* Funds' awards apart: mean_payment is the liability system's (what a
 * hospital or its insurer paid per claim it paid), fund_mean_award the
 * funds'.  A fund reimbursed by a hospital found liable paid the patient
 * only the excess, so the hospital's award is compensation less the fund's
 * net payments (lump + instalments - recovered).
 *
 * Who pays the total cost (compensation + expenses): private or mutual
 * insurers, a state indemnifier (policy.indemnifier: state, e.g. NHS
 * Resolution), the hospitals themselves, no-fault funds (net of
 * reimbursements, with their own costs) and patients (their legal costs
 * not recovered).  Who pays claims, not who funds the payer.  The parts
 * add up to the total by construction (engine_life.c books each cost to one
 * of them; state_paid is a part of insured), so the shares sum to 1.
 *
 * The negligence split follows Studdert et al. (NEJM 2006), who report the
 * same split of closed claims. */
const ml_metric_def ml_metric_defs[] = {
    {"incidents_per_exposure", ML_MK_RATIO, 0, NUM(T(ML_M_INCIDENTS, 1)),
     .den_kind = ML_DEN_EXPOSURE, .unit_kind = ML_U_PER_EXPOSURE},
    {"claims_per_exposure", ML_MK_RATIO, 0, NUM(T(ML_M_CLAIMS, 1)),
     .den_kind = ML_DEN_EXPOSURE, .unit_kind = ML_U_PER_EXPOSURE},
    {"paid_claims_per_exposure", ML_MK_RATIO, 0, NUM(T(ML_M_PAID_CLAIMS, 1)),
     .den_kind = ML_DEN_EXPOSURE, .unit_kind = ML_U_PER_EXPOSURE},
    {"paid_share", ML_MK_RATIO, 0, NUM(T(ML_M_PAID_CLAIMS, 1)), DEN(T(ML_M_CLAIMS, 1)),
     TEXT("paid claims / claims")},
    {"mean_payment", ML_MK_RATIO, 0,
     NUM(T(ML_M_COMPENSATION, 1), T(ML_M_FUND_LUMP, -1), T(ML_M_FUND_INSTALMENTS, -1),
         T(ML_M_FUND_RECOVERED, 1)),
     DEN(T(ML_M_PAID_CLAIMS, 1), T(ML_M_FUND_AWARDS, -1)), .unit_kind = ML_U_CUR_CLAIM},
    {"fund_mean_award", ML_MK_RATIO, 0,
     NUM(T(ML_M_FUND_LUMP, 1), T(ML_M_FUND_INSTALMENTS, 1)), DEN(T(ML_M_FUND_AWARDS, 1)),
     .unit_kind = ML_U_CUR_AWARD},
    {"overhead_ratio", ML_MK_RATIO, 0, NUM(T(ML_M_EXPENSES, 1)),
     DEN(T(ML_M_COMPENSATION, 1)), TEXT("expenses / compensation")},
    {"patient_net_per_year", ML_MK_RATIO, 0, NUM(T(ML_M_PATIENT_NET, 1)),
     .den_kind = ML_DEN_YEAR, .unit_kind = ML_U_CUR_YEAR},
    {"patient_net_share", ML_MK_RATIO, 0, NUM(T(ML_M_PATIENT_NET, 1)),
     DEN(T(ML_M_COMPENSATION, 1)), TEXT("patient net / compensation")},
    {"cost_per_year", ML_MK_RATIO, 0, NUM(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)),
     .den_kind = ML_DEN_YEAR, .unit_kind = ML_U_CUR_YEAR},
    {"insured_share", ML_MK_RATIO, 0, NUM(T(ML_M_INSURED, 1)),
     DEN(T(ML_M_INSURED, 1), T(ML_M_RETAINED, 1)),
     TEXT("indemnified / (indemnified + retained)")},
    {"borne_insurers", ML_MK_RATIO, 0, NUM(T(ML_M_INSURED, 1), T(ML_M_STATE_PAID, -1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)), TEXT("share of total cost")},
    {"borne_state", ML_MK_RATIO, 0, NUM(T(ML_M_STATE_PAID, 1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)), TEXT("share of total cost")},
    {"borne_hospitals", ML_MK_RATIO, 0, NUM(T(ML_M_RETAINED, 1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)), TEXT("share of total cost")},
    {"borne_funds", ML_MK_RATIO, 0,
     NUM(T(ML_M_FUND_LUMP, 1), T(ML_M_FUND_INSTALMENTS, 1), T(ML_M_FUND_RECOVERED, -1),
         T(ML_M_FUND_EXPENSES, 1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)), TEXT("share of total cost")},
    {"borne_patients", ML_MK_RATIO, 0, NUM(T(ML_M_COMPENSATION, 1), T(ML_M_PATIENT_NET, -1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_EXPENSES, 1)), TEXT("share of total cost")},
    {"unpaid_share", ML_MK_RATIO, 0, NUM(T(ML_M_UNPAID, 1)),
     DEN(T(ML_M_COMPENSATION, 1), T(ML_M_UNPAID, 1)), TEXT("unpaid / (compensation + unpaid)")},
    {"negligent_compensated_share", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT_PAID, 1)),
     DEN(T(ML_M_NEGLIGENT, 1)), TEXT("paid / negligent injuries")},
    {"negligent_per_claim", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT, 1)),
     DEN(T(ML_M_CLAIMS, 1)), TEXT("negligent injuries / claims")},
    {"negligent_claim_share", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT_CLAIMS, 1)),
     DEN(T(ML_M_CLAIMS, 1)), TEXT("claims from negligent injuries / claims")},
    {"paid_share_negligent", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT_PAID, 1)),
     DEN(T(ML_M_NEGLIGENT_CLAIMS, 1)), TEXT("paid / claims from negligent injuries")},
    {"paid_share_not_negligent", ML_MK_RATIO, 1,
     NUM(T(ML_M_PAID_CLAIMS, 1), T(ML_M_NEGLIGENT_PAID, -1)),
     DEN(T(ML_M_CLAIMS, 1), T(ML_M_NEGLIGENT_CLAIMS, -1)),
     TEXT("paid / claims from other injuries")},
    {"mean_payment_negligent", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT_COMPENSATION, 1)),
     DEN(T(ML_M_NEGLIGENT_PAID, 1)), .unit_kind = ML_U_CUR_CLAIM},
    {"mean_payment_not_negligent", ML_MK_RATIO, 1,
     NUM(T(ML_M_COMPENSATION, 1), T(ML_M_NEGLIGENT_COMPENSATION, -1)),
     DEN(T(ML_M_PAID_CLAIMS, 1), T(ML_M_NEGLIGENT_PAID, -1)), .unit_kind = ML_U_CUR_CLAIM},
    {"negligent_expense_share", ML_MK_RATIO, 1, NUM(T(ML_M_NEGLIGENT_EXPENSES, 1)),
     DEN(T(ML_M_EXPENSES, 1)), TEXT("negligent claims' expenses / expenses")},
    {"shifted_costs_ratio", ML_MK_RATIO, 1, NUM(T(ML_M_COSTS_SHIFTED, 1)),
     DEN(T(ML_M_DEFENCE_COSTS, 1)), TEXT("claimant costs paid / defence costs")},
    {"litigation_share", ML_MK_RATIO, 1, NUM(T(ML_M_LITIGATED, 1)), DEN(T(ML_M_CLAIMS, 1)),
     TEXT("claims reaching litigation / claims")},
    {"mean_months", ML_MK_RATIO, 1, NUM(T(ML_M_CLAIM_MONTHS, 1)), DEN(T(ML_M_CLAIMS, 1)),
     TEXT("months, claim to closure")},
    {"p90_months", ML_MK_P90_MONTHS, 1, .unit_kind = ML_U_TEXT,
     .unit = "months, claim to closure"},
    {"mean_lag_months", ML_MK_RATIO, 1, NUM(T(ML_M_LAG_MONTHS, 1)), DEN(T(ML_M_CLAIMS, 1)),
     TEXT("months, incident to claim")},
};
const size_t ml_n_metric_defs = sizeof ml_metric_defs / sizeof ml_metric_defs[0];

const ml_metric_def *ml_metric_def_find(const char *name)
{
    for (size_t i = 0; i < ml_n_metric_defs; i++)
        if (!strcmp(ml_metric_defs[i].name, name))
            return &ml_metric_defs[i];
    return NULL;
}

static int terms_readable(const ml_metric_term *t, const double *const *annual)
{
    for (int k = 0; k < ML_METRIC_TERMS && t[k].w != 0.0; k++)
        if (!annual[t[k].m])
            return 0;
    return 1;
}

int ml_metric_def_readable(const ml_metric_def *d, const double *const *annual)
{
    return d->kind == ML_MK_RATIO && terms_readable(d->num, annual) &&
           (d->den_kind != ML_DEN_MEASURES || terms_readable(d->den, annual));
}

static double combine(const ml_metric_term *t, const double *const *annual, size_t r)
{
    double s = 0.0;
    for (int k = 0; k < ML_METRIC_TERMS && t[k].w != 0.0; k++)
        s += t[k].w * annual[t[k].m][r];
    return s;
}

double ml_metric_num(const ml_metric_def *d, const double *const *annual, size_t r)
{
    return combine(d->num, annual, r);
}

double ml_metric_den(const ml_metric_def *d, const double *const *annual, size_t r,
                     double den_const)
{
    return d->den_kind == ML_DEN_MEASURES ? combine(d->den, annual, r) : den_const;
}

/* The combination of the measures' totals, each summed in replicate order
 * on its own: the figure is the same whatever the replicates' grouping.
 * totals[m], where given, is that sum already made (ml_mean_total). */
static double combine_totals(const ml_metric_term *t, const double *const *annual,
                             const double *totals, size_t n)
{
    double s = 0.0;
    for (int k = 0; k < ML_METRIC_TERMS && t[k].w != 0.0; k++) {
        double tot = 0.0;
        if (totals)
            tot = totals[t[k].m];
        else
            for (size_t r = 0; r < n; r++)
                tot += annual[t[k].m][r];
        s += t[k].w * tot;
    }
    return s;
}

static double den_total(const ml_metric_def *d, const double *const *annual,
                        const double *totals, size_t n, double den_const)
{
    return d->den_kind == ML_DEN_MEASURES ? combine_totals(d->den, annual, totals, n)
                                          : den_const * (double)n;
}

/* A combination's terms, looked up once instead of once per replicate. */
typedef struct {
    int n;
    const double *x[ML_METRIC_TERMS];
    double w[ML_METRIC_TERMS];
} terms;

static void terms_of(const ml_metric_term *t, const double *const *annual, terms *o)
{
    o->n = 0;
    for (int k = 0; k < ML_METRIC_TERMS && t[k].w != 0.0; k++) {
        o->x[o->n] = annual[t[k].m];
        o->w[o->n++] = t[k].w;
    }
}

/* combine() at replicate r: the same operations in the same order. */
static inline double terms_at(const terms *t, size_t r)
{
    double s = 0.0;
    for (int k = 0; k < t->n; k++)
        s += t->w[k] * t->x[k][r];
    return s;
}

void ml_metric_ratio(const ml_metric_def *d, const double *const *annual, size_t n,
                     double den_const, double *value, double *se)
{
    ml_metric_ratio_totals(d, annual, NULL, n, den_const, value, se);
}

void ml_metric_ratio_totals(const ml_metric_def *d, const double *const *annual,
                            const double *totals, size_t n, double den_const, double *value,
                            double *se)
{
    double a = combine_totals(d->num, annual, totals, n),
           b = den_total(d, annual, totals, n, den_const);
    *value = b > 0.0 ? a / b : NAN;
    if (!(b > 0.0)) {
        *se = NAN;
        return;
    }
    if (n < 2) {
        *se = INFINITY;
        return;
    }
    /* e_r = a_r - R b_r, as ml_metric_num and ml_metric_den give them. */
    terms tn, td;
    terms_of(d->num, annual, &tn);
    terms_of(d->den, annual, &td);
    double R = *value;
    ml_ksum ss = {0};
    if (d->den_kind == ML_DEN_MEASURES)
        for (size_t r = 0; r < n; r++) {
            double e = terms_at(&tn, r) - R * terms_at(&td, r);
            ml_ksum_add(&ss, e * e);
        }
    else
        for (size_t r = 0; r < n; r++) {
            double e = terms_at(&tn, r) - R * den_const;
            ml_ksum_add(&ss, e * e);
        }
    double bbar = b / (double)n;
    *se = sqrt(ml_ksum_value(&ss) / ((double)n * (double)(n - 1))) / bbar;
}

void ml_metric_influence(const ml_metric_def *d, const double *const *annual, size_t n,
                         double den_const, double R, double *psi)
{
    double bbar = n ? den_total(d, annual, NULL, n, den_const) / (double)n : 0.0;
    for (size_t r = 0; r < n; r++)
        psi[r] = bbar > 0.0 && isfinite(R)
                     ? (ml_metric_num(d, annual, r) - R * ml_metric_den(d, annual, r, den_const)) /
                           bbar
                     : 0.0;
}
