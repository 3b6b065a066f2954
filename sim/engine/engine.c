/*
 * engine.c — one simulated year per replicate: for each hospital, incidents
 * by specialty, then for each incident claiming, the pathway, damages, the
 * liability share and the insurance terms.
 *
 * Every random draw comes from the stream of what it is about (rng.h): the
 * count of specialty s in hospital h of year r, the severity of incident i,
 * and so on.  A draw that is not needed (a probability of exactly 1) is
 * simply skipped; because streams are addressed, skipping one never shifts
 * another.
 */
#include "engine.h"
#include "book.h"
#include "claim_pool.h"
#include "claim.h"
#include "engine_life.h"
#include "ledger.h"
#include "rng.h"
#include "series_store.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The larger, as `if (v > m) m = v` keeps it (a NaN v is not kept). */
static inline double max_of(double m, double v)
{
    return v > m ? v : m;
}

/* Where the year loop reads the pool: the next count and the next claim. */
typedef struct {
    const ml_claim_pool *pool;
    size_t count, claim;
} pool_cursor;

/* The running sums and maxima of the claims booked so far: a hospital's
 * (comp .. ret, sy of the specialty) and the year's (the rest). */
typedef struct {
    double comp, exp, ins, ret, sy;
    double dam, mx_dam, mx_x, mx_y1, mx_ret, mx_state;
    uint64_t claims, paid;
} claim_sums;

/* The claims of one specialty of one hospital when every draw a claim
 * needs is in the pool and nothing is booked claim by claim (no ledger, one
 * liability share): the general loop below with its branches and calls
 * gone, so that its sums stay in registers (measured: about half the
 * time of the general loop on v1).  The same operations in the same order;
 * the expense's maximum, the same value each claim, is taken once.
 *
 * full (pays_in_full): every claim's y is its x, so the insured sums are
 * the compensation sums and nothing is retained; they are not summed
 * again here but set once a hospital is done (textbook_year), and a zero
 * expense leaves its sum at +0.0 (what adding +0.0 to it keeps).  Each
 * skipped sum was a chain of dependent additions.
 *
 * plain (plain_claims): full, and every incident a settled claim, no
 * expense, no layer, no state: a claim adds its damages and x to their
 * sums, its damages to their maximum, and counts if paid; the maximum of x
 * is the damages' maximum times the share (textbook_year), as x = d share
 * rounds monotonically in d for a share > 0; x + 0 - x is +0.0, so the
 * retained maximum stays +0.0. */
static inline __attribute__((always_inline)) void
lean_claims(const ml_regime *rg, const ml_pricing *pr, const double *u_claim,
            const double *u_settle, const double *dam, unsigned n, double *xl_h,
            claim_sums *a, const int full, const int plain)
{
    const ml_policy *pol = &rg->policy;
    const double share = rg->liability.share[0], expense = rg->expense_per_claim;
    const int state = pol->indemnifier == ML_INDEMNIFIER_STATE;
    claim_sums t = *a;
    if (plain) {
        for (unsigned k = 0; k < n; k++) {
            const double d = dam[k], x = d * share;
            t.dam += d;
            t.mx_dam = max_of(t.mx_dam, d);
            t.paid += x > 0.0;
            t.comp += x;
            t.sy += x;
        }
        t.claims += n;
        *a = t;
        return;
    }
    for (unsigned k = 0; k < n; k++) {
        if (u_claim && !(u_claim[k] < rg->p_claim))
            continue;
        t.claims++;
        double x = 0.0;
        if (!u_settle || u_settle[k] < rg->p_settle) {
            double d = dam[k];
            t.dam += d;
            t.mx_dam = max_of(t.mx_dam, d);
            x = d * share;
        }
        t.paid += x > 0.0;
        double y = full ? x : ml_policy_per_claim(pol, x);
        t.comp += x;
        if (!full || expense != 0.0)
            t.exp += expense;
        if (!full) {
            t.ins += y;
            t.ret += ml_policy_retained(pol, x);
        }
        t.sy += y;
        for (unsigned j = 0; j < pr->n_xl; j++)
            xl_h[j] += ml_layer_ceded(&pr->xl[j], y);
        double y1 = full ? y : ml_policy_aggregate(pol, y);
        t.mx_x = max_of(t.mx_x, x);
        if (!full)
            t.mx_y1 = max_of(t.mx_y1, y1);
        t.mx_ret = max_of(t.mx_ret, x + expense - y1);
        if (state)
            t.mx_state = max_of(t.mx_state, y1);
    }
    *a = t;
}

/* Whether the terms pay each claim of amount x >= +0.0 in full, bit for
 * bit (ml_policy_per_claim and ml_policy_aggregate return x, and
 * ml_policy_retained +0.0, for every such x), and the share keeps x >= 0.
 * A share of -0.0 makes x -0.0 where y is +0.0: their sums are still
 * equal, as every sum of zeros from +0.0 is +0.0. */
static int pays_in_full(const ml_regime *rg)
{
    const ml_policy *p = &rg->policy;
    return p->deductible == 0.0 && p->coinsurance == 1.0 && isinf(p->limit) &&
           p->limit > 0.0 && isinf(p->aggregate_limit) && p->aggregate_limit > 0.0 &&
           rg->liability.share[0] >= 0.0;
}

/* Whether lean_claims may take its plain loop (see there). */
static int plain_claims(const ml_regime *rg, const ml_pricing *pr, int full)
{
    return full && rg->p_claim >= 1.0 && rg->p_settle >= 1.0 && rg->expense_per_claim == 0.0 &&
           pr->n_xl == 0 && rg->policy.indemnifier != ML_INDEMNIFIER_STATE &&
           rg->liability.share[0] > 0.0;
}

/* One accident year yr of a textbook regime into acc, mx, pa and the
 * ledger: the counts and the batched first draws from the pool
 * (claim_pool.h), the rest from the claims' own streams.  Only the
 * measures a textbook regime has are written: the rest of acc and mx must
 * hold 0 already (the callers clear them once, not every replicate: a
 * 280-byte memset a replicate was a tenth of this function). */
static void textbook_year(const ml_scenario *s, uint64_t seed, uint32_t rep, unsigned yr,
                         gsl_rng *g, double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg,
                         int scalar, pool_cursor *pc)
{
    const ml_timing *tm = &s->regime.timing;
    const ml_portfolio *p = &s->portfolio;
    const ml_regime *rg = &s->regime;
    const ml_pricing *pr = &s->pricing;
    const ml_claim_pool *pool = pc->pool;
    ml_price_acc_clear(s, pa);
    double spec_h[ML_PRICE_SPEC_MAX], xl_h[ML_XL_MAX];
    const int batch_claim = pool->want_claim, batch_settle = pool->want_settle;
    const int batch_sev = pool->want_sev;
    /* Whether every draw of a claim is in the pool and nothing is booked
     * claim by claim (lean_claims). */
    const int lean = batch_sev && (rg->p_claim >= 1.0 || batch_claim) &&
                     (rg->p_settle >= 1.0 || batch_settle) && rg->liability.n == 1 &&
                     !ml_ledger_on(lg);
    const int full = lean && pays_in_full(rg), plain = plain_claims(rg, pr, full);
    /* The year's counts, sums and maxima in locals while its claims are
     * booked, written to acc and mx once at the end: acc and mx might
     * alias the other arrays, so the compiler would load and store them
     * every claim, and a load of what a memset has just stored waits for
     * the store (measured: 40% of this function's time).  The same
     * operations in the same order as on the arrays; the counts are
     * integers (exact, as the sums of ones they were). */
    uint64_t n_inc = 0;
    double t_comp = 0.0, t_exp = 0.0, t_ins = 0.0, t_ret = 0.0, t_state = 0.0;
    double mx_exp = 0.0;
    claim_sums t = {0};
    for (uint32_t h = 0; h < p->n_hospitals; h++) {
        t.comp = t.exp = t.ins = t.ret = 0.0;
        ml_ledger_hosp_begin(lg);
        memset(spec_h, 0, p->n_specialties * sizeof *spec_h);
        memset(xl_h, 0, pr->n_xl * sizeof *xl_h);
        const uint64_t claims_before = t.claims;
        uint32_t item = 0;
        for (uint32_t sp = 0; sp < p->n_specialties; sp++) {
            unsigned n = pool->count[pc->count++];
            n_inc += n;
            /* The claims' first draws, batched (claim_pool.h): the same
             * numbers as one stream at a time. */
            const size_t c0 = pc->claim;
            if (batch_claim || batch_settle || batch_sev)
                pc->claim += n;
            t.sy = 0.0; /* spec_h[sp], which starts the hospital at 0 */
            if (lean) {
                const double *uc = batch_claim ? pool->u_claim + c0 : NULL;
                const double *us = batch_settle ? pool->u_settle + c0 : NULL;
                if (plain)
                    lean_claims(rg, pr, uc, us, pool->dam + c0, n, xl_h, &t, 1, 1);
                else if (full)
                    lean_claims(rg, pr, uc, us, pool->dam + c0, n, xl_h, &t, 1, 0);
                else
                    lean_claims(rg, pr, uc, us, pool->dam + c0, n, xl_h, &t, 0, 0);
                item += n;
                spec_h[sp] = t.sy;
                continue;
            }
            for (unsigned k = 0; k < n; k++, item++) {
                const size_t c = c0 + k;
                if (rg->p_claim < 1.0) {
                    double u = batch_claim ? pool->u_claim[c] : NAN;
                    if (!batch_claim) {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_CLAIMING, yr);
                        u = gsl_rng_uniform(g);
                    }
                    if (!(u < rg->p_claim))
                        continue;
                }
                t.claims++;
                double expense = rg->expense_per_claim;
                int settled = 1;
                if (rg->p_settle < 1.0) {
                    if (batch_settle) {
                        settled = pool->u_settle[c] < rg->p_settle;
                    } else {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_PATHWAY, yr);
                        settled = gsl_rng_uniform(g) < rg->p_settle;
                    }
                }
                double x = 0.0;
                if (settled) {
                    double d;
                    if (batch_sev) {
                        d = pool->dam[c];
                    } else {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_SEVERITY, yr);
                        d = scalar ? ml_severity_draw(&rg->severity, g)
                                   : ml_severity_draw_tb(&rg->severity, g);
                    }
                    t.dam += d;
                    t.mx_dam = max_of(t.mx_dam, d);
                    double share = rg->liability.share[0];
                    if (rg->liability.n > 1) {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_LIABILITY, yr);
                        share = rg->liability.share[ml_liability_draw(&rg->liability, g)];
                    }
                    x = d * share;
                }
                if (x > 0.0)
                    t.paid++;
                double y = ml_policy_per_claim(&rg->policy, x);
                if (ml_ledger_on(lg)) {
                    /* The incident's date, then report and payment lags (the
                     * regime's timing), each from the claim's own streams. */
                    ml_rng_stream_year(g, seed, rep, h, item, ML_P_DATE, yr);
                    double m_inc = 12.0 * (yr + gsl_rng_uniform(g));
                    ml_rng_stream_year(g, seed, rep, h, item, ML_P_TIMING, yr);
                    double m_rep = m_inc + ml_duration_draw(tm->report_months, tm->report_cv, g);
                    double m_pay = m_rep + ml_duration_draw(tm->settle_months, tm->settle_cv, g);
                    ml_ledger_count(lg, ML_DV_REPORTED, m_rep);
                    if (x > 0.0)
                        ml_ledger_count(lg, ML_DV_PAID_COUNT, m_pay);
                    /* A textbook claim's expense is paid with it, outside the
                     * policy: the insured part is y alone. */
                    ml_ledger_award(lg, tm, x, x, y, m_pay, m_rep, m_inc);
                    ml_ledger_retained(lg, ml_policy_retained(&rg->policy, x), m_pay, m_rep);
                }
                t.comp += x;
                t.exp += expense;
                t.ins += y;
                t.ret += ml_policy_retained(&rg->policy, x);
                t.sy += y;
                for (unsigned j = 0; j < pr->n_xl; j++)
                    xl_h[j] += ml_layer_ceded(&pr->xl[j], y);
                /* The largest single claim, for the occurrence curve; the
                 * insurer's share of one claim is still capped at A (the
                 * aggregate retention acts on the annual totals alone). */
                double y1 = ml_policy_aggregate(&rg->policy, y);
                t.mx_x = max_of(t.mx_x, x);
                t.mx_y1 = max_of(t.mx_y1, y1);
                t.mx_ret = max_of(t.mx_ret, x + expense - y1);
                if (rg->policy.indemnifier == ML_INDEMNIFIER_STATE)
                    t.mx_state = max_of(t.mx_state, y1);
            }
            spec_h[sp] = t.sy;
        }
        /* Every claim has the same expense: its maximum once a claim is
         * booked, as claim by claim. */
        if (t.claims > claims_before)
            mx_exp = max_of(mx_exp, rg->expense_per_claim);
        if (full)
            t.ins = t.comp; /* the same additions of the same y = x (lean_claims) */
        double ins = ml_policy_annual(&rg->policy, t.ins, t.ret);
        ml_ledger_hosp_end(lg, ins, t.ins, t.ret);
        t_comp += t.comp;
        t_exp += t.exp;
        t_ins += ins;
        t_ret += t.comp + t.exp - ins;
        if (rg->policy.indemnifier == ML_INDEMNIFIER_STATE)
            t_state += ins; /* who pays; see engine_life.c */
        ml_price_book(s, h, spec_h, xl_h, ins, pa);
    }
    acc[ML_M_INCIDENTS] = (double)n_inc;
    acc[ML_M_CLAIMS] = (double)t.claims;
    acc[ML_M_DAMAGES] = t.dam;
    acc[ML_M_PAID_CLAIMS] = (double)t.paid;
    /* Compensation and patients' net compensation are one amount in a
     * textbook regime (no claimant costs). */
    acc[ML_M_COMPENSATION] = acc[ML_M_PATIENT_NET] = t_comp;
    acc[ML_M_EXPENSES] = t_exp;
    acc[ML_M_INSURED] = t_ins;
    acc[ML_M_RETAINED] = t_ret;
    acc[ML_M_STATE_PAID] = t_state;
    if (plain)
        t.mx_x = t.mx_dam * rg->liability.share[0]; /* lean_claims, plain */
    mx[ML_M_DAMAGES] = t.mx_dam;
    mx[ML_M_COMPENSATION] = mx[ML_M_PATIENT_NET] = t.mx_x;
    mx[ML_M_EXPENSES] = mx_exp;
    mx[ML_M_INSURED] = full ? t.mx_x : t.mx_y1; /* y1 = x when full */
    mx[ML_M_RETAINED] = t.mx_ret;
    mx[ML_M_STATE_PAID] = t.mx_state;
}

/* Accident years a replicate simulates: every year of s->time when its
 * ledger is kept, the policy year alone otherwise. */
static unsigned years_of(const ml_scenario *s, const ml_ledger *lg)
{
    return ml_ledger_on(lg) && s->time.years > 1 ? s->time.years : 1;
}

/* One replicate from the pool at pc: the policy year into acc, mx and pa,
 * the later accident years into the ledger only. */
static void replicate(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *g,
                      double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg, int scalar,
                      pool_cursor *pc)
{
    ml_ledger_begin(lg);
    if (lg)
        lg->a = 0;
    textbook_year(s, seed, rep, 0, g, acc, mx, pa, lg, scalar, pc);
    const unsigned years = years_of(s, lg);
    if (years < 2)
        return;
    double acc2[ML_N_MEASURES] = {0}, mx2[ML_N_MEASURES] = {0};
    ml_price_acc pa2;
    for (unsigned a = 1; a < years; a++) {
        lg->a = a;
        textbook_year(s, seed, rep, a, g, acc2, mx2, &pa2, lg, scalar, pc);
    }
}

int ml_engine_replicate_t(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *g,
                          double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg,
                          ml_err *err)
{
    ml_claim_pool pool;
    ml_claim_pool_init(&pool, s, 1);
    memset(acc, 0, ML_N_MEASURES * sizeof *acc);
    memset(mx, 0, ML_N_MEASURES * sizeof *mx);
    int rc = ml_claim_pool_fill(&pool, s, seed, rep, 1, years_of(s, lg), g, 0, NULL, err);
    if (rc == ML_OK) {
        pool_cursor pc = {&pool, 0, 0};
        replicate(s, seed, rep, g, acc, mx, pa, lg, 0, &pc);
    }
    ml_claim_pool_free(&pool);
    return rc;
}

int ml_engine_replicate(const ml_scenario *s, uint64_t seed, uint32_t rep,
                        gsl_rng *g, double *acc, double *mx, ml_price_acc *pa,
                        ml_err *err)
{
    return ml_engine_replicate_t(s, seed, rep, g, acc, mx, pa, NULL, err);
}

/* The measures textbook_year writes; the others stay 0 in a textbook
 * regime. */
static int textbook_measure(int m)
{
    switch (m) {
    case ML_M_INCIDENTS: case ML_M_CLAIMS: case ML_M_PAID_CLAIMS: case ML_M_DAMAGES:
    case ML_M_COMPENSATION: case ML_M_PATIENT_NET: case ML_M_EXPENSES: case ML_M_INSURED:
    case ML_M_RETAINED: case ML_M_STATE_PAID:
        return 1;
    default:
        return 0;
    }
}

/* Replicate i's figures into res: the nw measures in `which` (the others
 * are known to be 0 already, ml_results.zero), straight into their arrays
 * (buf NULL, the baseline of issue 16) or into the group's buffer at row r
 * (series_store.h). */
static void store(ml_results *res, size_t i, const double *acc, const double *mx,
                  const double *chan, const ml_price_acc *pa, const int *which, int nw,
                  const ml_series_plan *plan, double *buf, const double *const *from, size_t r)
{
    if (buf) {
        /* from[k]: where series k's figure is (acc or mx), set once by
         * the thread; the group's rows are plan->group apart. */
        for (int k = 0; k < plan->n; k++)
            buf[ml_series_at(plan, k, r)] = *from[k];
    } else {
        for (int w = 0; w < nw; w++) {
            int m = which[w];
            res->annual[m][i] = acc[m];
            if (res->annual_max[m])
                res->annual_max[m][i] = mx[m];
        }
    }
    for (unsigned c = 0; c < res->n_channels; c++)
        for (int k = 0; k < ML_STAGE_STATS; k++)
            res->stage[k][c][i] = chan[k * ML_CHANNELS_MAX + c];
    for (unsigned k = 0; !buf && k < res->n_spec; k++) /* else in the plan's series */
        res->spec_insured[k][i] = pa->spec[k];
    for (unsigned k = 0; !buf && k < res->n_grades; k++)
        res->grade_insured[k][i] = pa->grade[k];
    for (unsigned k = 0; k < res->n_xl; k++)
        res->xl_ceded[k][i] = pa->xl[k];
}

int ml_engine_run(const ml_scenario *s, const ml_run_opts *o, ml_results *res,
                  ml_err *err)
{
    if (o->first_replicate + o->replicates > 0xffffffffull)
        return ML_ERROR(err, ML_EINVAL, "replicate indices must stay below 2^32");
    atomic_int failed = 0;
    ml_err first_err = {0};
    int rc = ML_OK;
#ifdef _OPENMP
    const int nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    /* Without OpenMP the parallel pragma below is ignored, so nthreads is not
     * declared there at all (a serial build would warn it is unused). */
    const int life = s->regime.life != NULL;
    if (life && res->n_channels != s->regime.life->pathway.n &&
        ml_results_alloc_channels(res, s->regime.life->pathway.n) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "cannot allocate the channel counts");
    if ((res->n_spec != s->portfolio.n_specialties || res->n_grades != s->pricing.n_grades ||
         res->n_xl != s->pricing.n_xl) &&
        ml_results_alloc_pricing(res, (unsigned)s->portfolio.n_specialties,
                                 s->pricing.n_grades, s->pricing.n_xl) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "cannot allocate the pricing arrays");
    if (s->time.on && (res->dev_years != s->time.years || res->dev_dev != s->time.dev_years) &&
        ml_results_alloc_dev(res, s->time.years, s->time.dev_years) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "cannot allocate the development ledgers");
    /* A textbook replicate keeps every accident year when the run keeps
     * ledgers (the engine writes them into res->dev). */
    const unsigned years = s->time.on && res->dev && s->time.years > 1 ? s->time.years : 1;
    /* A lifecycle group is small so that a block's last groups leave no
     * thread idle for long (16 against 64: main job 2.5 -> 2.1 s on two
     * threads, measured). */
    const size_t group = life ? 16 : ml_claim_pool_group(s, years);
    /* The job's counts, shaped for this portfolio (dropped if another's). */
    ml_count_memo *counts = life ? o->counts : NULL;
    if (counts && ml_count_memo_shape(counts, o->seed, (uint32_t)s->portfolio.n_hospitals,
                                      (uint32_t)s->portfolio.n_specialties * 8u,
                                      s->time.years > 1 ? s->time.years : 1) != 0)
        counts = NULL; /* short of memory: every count drawn, as without a memo */
    /* The measures stored: all of them, except the zeros a textbook regime
     * would store in arrays that hold zeros already. */
    int which[ML_N_MEASURES], nw = 0;
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (life || textbook_measure(m) || !res->zero[m])
            which[nw++] = m;
    /* The series go through a group's buffer (series_store.h), except in
     * the baseline, which stores as the engine did before issue 16. */
    memset(res->same, 0, sizeof res->same);
    ml_series_plan plan = {0};
    const int buffered = !o->scalar_draws;
    if (buffered && ml_series_plan_init(&plan, res, which, nw, o->replicates, group) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "cannot allocate the series records");
    if (!buffered)
        for (int w = 0; w < nw; w++)
            res->zero[which[w]] = 0;
#pragma omp parallel num_threads(nthreads)
    {
        /* Per-thread scratch, reused for every replicate: the generators,
         * the channel counts of one year and this thread's histogram. */
        gsl_rng *gs[ML_LIFE_RNGS] = {0};
        double acc[ML_N_MEASURES] = {0}, mx[ML_N_MEASURES] = {0};
        double chan[ML_STAGE_STATS * ML_CHANNELS_MAX];
        double hist[ML_MONTHS_BINS + 1] = {0};
        ml_price_acc pa;
        ml_poisson_memo memo;
        ml_poisson_memo_init(&memo);
        ml_claim_pool pool;
        ml_claim_pool_init(&pool, s, !o->scalar_draws);
        double *buf = NULL;
        unsigned char pred[ML_SERIES];
        memset(pred, 0xff, sizeof pred);
        const double *from[ML_SERIES];
        for (int k = 0; k < plan.n; k++) {
            const int sid = plan.id[k];
            from[k] = sid < ML_N_MEASURES     ? &acc[sid]
                      : sid < ML_SERIES_SPEC  ? &mx[sid - ML_N_MEASURES]
                      : sid < ML_SERIES_GRADE ? &pa.spec[sid - ML_SERIES_SPEC]
                                              : &pa.grade[sid - ML_SERIES_GRADE];
        }
        if (buffered && plan.n && !(buf = malloc((size_t)plan.n * group * sizeof *buf)))
            atomic_store(&failed, 1);
        /* The ledger of one replicate is written in place into res->dev;
         * the hospital-year scratch is this thread's. */
        ml_ledger lg = {.t = &s->time};
        if (s->time.on && res->dev &&
            !(lg.h = calloc(ml_ledger_scratch(s->time.dev_years), sizeof *lg.h)))
            atomic_store(&failed, 1);
        for (int k = 0; k < ML_LIFE_RNGS; k++)
            if (!(gs[k] = gsl_rng_alloc(ml_rng_philox)))
                atomic_store(&failed, 1);
            else
                ml_rng_set_scalar(gs[k], o->scalar_draws);
        gsl_rng *g = gs[0];
        /* Replicates in groups: a textbook regime's counts and first
         * draws are taken for the whole group at once (claim_pool.h). */
#pragma omp for schedule(dynamic, 1)
        for (size_t i0 = 0; i0 < o->replicates; i0 += group) {
            if (atomic_load(&failed) || (o->stop && *o->stop))
                continue;
            ml_err e = {0};
            const size_t ng = o->replicates - i0 < group ? o->replicates - i0 : group;
            const uint32_t rep0 = (uint32_t)(o->first_replicate + i0);
            int r = life ? ML_OK
                         : ml_claim_pool_fill(&pool, s, o->seed, rep0, ng, years, g,
                                              o->scalar_draws, &memo, &e);
            pool_cursor pc = {&pool, 0, 0};
            for (size_t i = i0; i < i0 + ng && r == ML_OK; i++) {
                uint32_t rep = (uint32_t)(o->first_replicate + i);
                lg.led = lg.h ? res->dev + i * res->dev_stride : NULL;
                if (life)
                    r = ml_life_replicate_t(s, o->seed, rep, gs, acc, mx, chan, hist, &pa, &lg,
                                            counts, &e);
                else
                    replicate(s, o->seed, rep, g, acc, mx, &pa, &lg, o->scalar_draws, &pc);
                if (r == ML_OK)
                    store(res, i, acc, mx, chan, &pa, which, nw, &plan, buf, from, i - i0);
            }
            if (r == ML_OK && buf)
                ml_series_flush(&plan, res, buf, i0, ng, pred);
            if (r != ML_OK) {
#pragma omp critical(ml_engine_error)
                if (!atomic_load(&failed)) {
                    first_err = e;
                    atomic_store(&failed, 1);
                }
            }
        }
        for (int k = 0; k < ML_LIFE_RNGS; k++)
            if (gs[k])
                gsl_rng_free(gs[k]);
        free(lg.h);
        ml_claim_pool_free(&pool);
        free(buf);
        /* Integer counts: the sum does not depend on the order threads add. */
#pragma omp critical(ml_engine_hist)
        for (int b = 0; b <= ML_MONTHS_BINS; b++)
            res->months_hist[b] += hist[b];
    }
    /* Also after a failure: a group stored is then not taken for zeros. */
    if (buffered)
        ml_series_finish(&plan, res);
    ml_series_plan_free(&plan);
    if (atomic_load(&failed)) {
        if (first_err.code) {
            *err = first_err;
            rc = first_err.code;
        } else
            rc = ML_ERROR(err, ML_ENOMEM, "cannot allocate a random number generator");
    } else if (o->stop && *o->stop)
        rc = ML_ERROR(err, ML_EINTR, "interrupted");
    return rc;
}
