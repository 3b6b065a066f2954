/*
 * metric_defs.c — see metric_defs.h.  The table is the one place a policy
 * metric is defined; policy_metrics.c fills the policy table from it and
 * sim/report/ takes paired comparisons' influence functions from it.
 */
#include "metric_defs.h"
#include "dist.h"
#include "ksum.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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

/* e_r^2 = (a_r - R b_r)^2 for r in [r0, r0 + len), into q, with a_r and b_r
 * as combine() makes them (b_r = dc for a constant denominator, nd = 0).
 * Inlined with the term counts as constants (squares below), the loop
 * carries no loop over terms: the same operations, in the same order. */
static inline __attribute__((always_inline)) void
squares_of(const terms *tn, const terms *td, int nn, int nd, double R, double dc, size_t r0,
           size_t len, double *q)
{
    for (size_t i = 0; i < len; i++) {
        size_t r = r0 + i;
        double a = 0.0, b = dc;
        for (int k = 0; k < nn; k++)
            a += tn->w[k] * tn->x[k][r];
        if (nd > 0) {
            b = 0.0;
            for (int k = 0; k < nd; k++)
                b += td->w[k] * td->x[k][r];
        }
        double e = a - R * b;
        q[i] = e * e;
    }
}

/* Cloned for wider vectors: the same operations lane by lane (no fused
 * multiply-add: CMakeLists.txt builds this file with -ffp-contract=off). */
__attribute__((target_clones("avx512f", "avx2", "default"))) static void
squares(const terms *tn, const terms *td, double R, double dc, size_t r0, size_t len, double *q)
{
#define SQ_CASE(a, b)                                                                    \
    case (a) * (ML_METRIC_TERMS + 1) + (b):                                              \
        squares_of(tn, td, a, b, R, dc, r0, len, q);                                     \
        return;
#define SQ_ROW(a) SQ_CASE(a, 0) SQ_CASE(a, 1) SQ_CASE(a, 2) SQ_CASE(a, 3) SQ_CASE(a, 4)
    switch (tn->n * (ML_METRIC_TERMS + 1) + td->n) {
        SQ_ROW(1) SQ_ROW(2) SQ_ROW(3) SQ_ROW(4)
    default:
        squares_of(tn, td, tn->n, td->n, R, dc, r0, len, q);
    }
#undef SQ_ROW
#undef SQ_CASE
}

/* The terms t with the known zeros left out and copies read as what they
 * copy, into m[], w[]; returns how many; *finite: every term's total is. */
static int pass_terms(const ml_metric_term *t, const unsigned char *zero,
                      const unsigned char *copy_of, const double *totals, int *m, double *w,
                      int *finite)
{
    int n = 0;
    for (int k = 0; k < ML_METRIC_TERMS && t[k].w != 0.0; k++) {
        if (!isfinite(totals[t[k].m]))
            *finite = 0;
        if (zero[t[k].m])
            continue;
        m[n] = copy_of && copy_of[t[k].m] ? copy_of[t[k].m] - 1 : t[k].m;
        w[n++] = t[k].w;
    }
    return n;
}

static int same_terms(int n, const int *ma, const double *wa, const int *mb, const double *wb)
{
    for (int k = 0; k < n; k++)
        if (ma[k] != mb[k] || wa[k] != wb[k])
            return 0;
    return 1;
}

void ml_metric_pass_of(const ml_metric_def *d, const unsigned char *zero,
                       const unsigned char *copy_of, const double *totals, double den_const,
                       double R, ml_metric_pass *p)
{
    memset(p, 0, sizeof *p);
    int finite = isfinite(R);
    p->nn = pass_terms(d->num, zero, copy_of, totals, p->mn, p->wn, &finite);
    p->nd = d->den_kind == ML_DEN_MEASURES
                ? pass_terms(d->den, zero, copy_of, totals, p->md, p->wd, &finite)
                : -1;
    p->R = R;
    p->dc = p->nd < 0 ? den_const : 0.0;
    /* a_r = +0.0: no terms, or (0 + w x) + (-w x) */
    int a_zero = p->nn == 0 ||
                 (p->nn == 2 && p->mn[0] == p->mn[1] && p->wn[0] == -p->wn[1]);
    int a_is_b = p->nd == p->nn && same_terms(p->nn, p->mn, p->wn, p->md, p->wd);
    p->zero = finite && ((a_zero && R == 0.0) || (a_is_b && R == 1.0));
}

int ml_metric_pass_same(const ml_metric_pass *a, const ml_metric_pass *b)
{
    /* R and dc compared by their bits: the same sums need the same ones. */
    return a->nn == b->nn && a->nd == b->nd && same_terms(a->nn, a->mn, a->wn, b->mn, b->wn) &&
           (a->nd < 0 || same_terms(a->nd, a->md, a->wd, b->md, b->wd)) &&
           !memcmp(&a->R, &b->R, sizeof a->R) && !memcmp(&a->dc, &b->dc, sizeof a->dc);
}

/* One metric's pass over the replicates: its terms, R and b_r's constant. */
typedef struct {
    terms tn, td;
    double R, dc;
} se_pass;

int ml_metric_ratio_value(const ml_metric_def *d, const double *const *annual,
                          const double *totals, size_t n, double den_const, double *value,
                          double *se)
{
    double a = combine_totals(d->num, annual, totals, n),
           b = den_total(d, annual, totals, n, den_const);
    *value = b > 0.0 ? a / b : NAN;
    if (!(b > 0.0)) {
        *se = NAN;
        return 0;
    }
    if (n < 2) {
        *se = INFINITY;
        return 0;
    }
    return 1;
}

/* Replicates a block of squares holds (4 metrics: 32 KiB, in L1/L2). */
#define SE_BLOCK 1024

/* sums[j] = sum_r e_r^2 of metric j, compensated, in replicate order, for
 * k <= ML_METRIC_GROUP metrics side by side: a block of each one's
 * squares, then their compensated sums in one loop, four independent
 * chains of additions where one would wait on itself.  The same additions
 * in the same order as one metric alone. */
static void se_sums(const se_pass *p, size_t k, size_t begin, size_t end, ml_ksum *s)
{
    double q[ML_METRIC_GROUP * SE_BLOCK]; /* 32 KiB of this call's stack */
    /* Lanes past k sum zeros, discarded. */
    memset(q, 0, sizeof q);
    double *q0 = q, *q1 = q + SE_BLOCK, *q2 = q + 2 * SE_BLOCK, *q3 = q + 3 * SE_BLOCK;
    for (size_t r0 = begin; r0 < end; r0 += SE_BLOCK) {
        size_t len = end - r0 < SE_BLOCK ? end - r0 : SE_BLOCK;
        for (size_t j = 0; j < k; j++)
            squares(&p[j].tn, &p[j].td, p[j].R, p[j].dc, r0, len, q + j * SE_BLOCK);
#if defined(__SSE2__)
        /* Two metrics a vector: ml_ksum_add's operations lane by lane, its
         * branch a selection (a NaN compares false in both). */
        const __m128d abs = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
        __m128d sa = _mm_set_pd(s[1].sum, s[0].sum), ca = _mm_set_pd(s[1].comp, s[0].comp);
        __m128d sb = _mm_set_pd(s[3].sum, s[2].sum), cb = _mm_set_pd(s[3].comp, s[2].comp);
        for (size_t i = 0; i < len; i++) {
            __m128d xa = _mm_loadh_pd(_mm_load_sd(q0 + i), q1 + i);
            __m128d xb = _mm_loadh_pd(_mm_load_sd(q2 + i), q3 + i);
            __m128d ta = _mm_add_pd(sa, xa), tb = _mm_add_pd(sb, xb);
            __m128d ga = _mm_cmpge_pd(_mm_and_pd(sa, abs), _mm_and_pd(xa, abs));
            __m128d gb = _mm_cmpge_pd(_mm_and_pd(sb, abs), _mm_and_pd(xb, abs));
            __m128d ka = _mm_or_pd(_mm_and_pd(ga, _mm_add_pd(_mm_sub_pd(sa, ta), xa)),
                                   _mm_andnot_pd(ga, _mm_add_pd(_mm_sub_pd(xa, ta), sa)));
            __m128d kb = _mm_or_pd(_mm_and_pd(gb, _mm_add_pd(_mm_sub_pd(sb, tb), xb)),
                                   _mm_andnot_pd(gb, _mm_add_pd(_mm_sub_pd(xb, tb), sb)));
            ca = _mm_add_pd(ca, ka);
            cb = _mm_add_pd(cb, kb);
            sa = ta;
            sb = tb;
        }
        double v[8];
        _mm_storeu_pd(v, sa);
        _mm_storeu_pd(v + 2, ca);
        _mm_storeu_pd(v + 4, sb);
        _mm_storeu_pd(v + 6, cb);
        s[0] = (ml_ksum){v[0], v[2]};
        s[1] = (ml_ksum){v[1], v[3]};
        s[2] = (ml_ksum){v[4], v[6]};
        s[3] = (ml_ksum){v[5], v[7]};
#else
        ml_ksum a = s[0], b = s[1], c = s[2], d = s[3];
        for (size_t i = 0; i < len; i++) {
            ml_ksum_add(&a, q0[i]);
            ml_ksum_add(&b, q1[i]);
            ml_ksum_add(&c, q2[i]);
            ml_ksum_add(&d, q3[i]);
        }
        s[0] = a;
        s[1] = b;
        s[2] = c;
        s[3] = d;
#endif
    }
}

void ml_metric_ratio_se_group(const ml_metric_def *const *d, size_t k,
                              const double *const *annual, const double *totals, size_t n,
                              const double *den_const, const double *value, double *se)
{
    ml_metric_ratio_se_group_dist(NULL, d, k, annual, totals, n, den_const, value, se);
}

void ml_metric_ratio_se_group_dist(const ml_dist *dist, const ml_metric_def *const *d,
                                   size_t k, const double *const *annual,
                                   const double *totals, size_t n, const double *den_const,
                                   const double *value, double *se)
{
    se_pass p[ML_METRIC_GROUP];
    double sums[ML_METRIC_GROUP];
    ml_ksum s[ML_METRIC_GROUP];
    memset(s, 0, sizeof s);
    memset(p, 0, sizeof p);
    if (k > ML_METRIC_GROUP)
        k = ML_METRIC_GROUP;
    for (size_t j = 0; j < k; j++) {
        /* e_r = a_r - R b_r, as ml_metric_num and ml_metric_den give them. */
        terms_of(d[j]->num, annual, &p[j].tn);
        if (d[j]->den_kind == ML_DEN_MEASURES)
            terms_of(d[j]->den, annual, &p[j].td);
        else
            p[j].td.n = 0; /* b_r = den_const */
        p[j].R = value[j];
        p[j].dc = den_const[j];
    }
    if (dist) {
        /* One chain of additions over the processes in rank order: the
         * same sums as one process makes (dist.h). */
        double st[2 * ML_METRIC_GROUP];
        memset(st, 0, sizeof st);
        dist->chain_in(st, 2 * ML_METRIC_GROUP);
        for (size_t j = 0; j < ML_METRIC_GROUP; j++)
            s[j] = (ml_ksum){st[2 * j], st[2 * j + 1]};
        se_sums(p, k, dist->lo, dist->hi, s);
        for (size_t j = 0; j < ML_METRIC_GROUP; j++)
            st[2 * j] = s[j].sum, st[2 * j + 1] = s[j].comp;
        ml_dist_chain_out(dist, st, 2 * ML_METRIC_GROUP);
        for (size_t j = 0; j < ML_METRIC_GROUP; j++)
            s[j] = (ml_ksum){st[2 * j], st[2 * j + 1]};
    } else
        se_sums(p, k, 0, n, s);
    for (size_t j = 0; j < k; j++)
        sums[j] = ml_ksum_value(&s[j]);
    for (size_t j = 0; j < k; j++) {
        double bbar = den_total(d[j], annual, totals, n, den_const[j]) / (double)n;
        se[j] = sqrt(sums[j] / ((double)n * (double)(n - 1))) / bbar;
    }
}

void ml_metric_ratio(const ml_metric_def *d, const double *const *annual, size_t n,
                     double den_const, double *value, double *se)
{
    if (ml_metric_ratio_value(d, annual, NULL, n, den_const, value, se))
        ml_metric_ratio_se_group(&d, 1, annual, NULL, n, &den_const, value, se);
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
