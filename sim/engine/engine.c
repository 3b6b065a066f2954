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
#include "claim.h"
#include "draw_batch.h"
#include "engine_life.h"
#include "ledger.h"
#include "poisson_inv.h"
#include "rng.h"
#include "vexp.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Claims whose first draws are taken together (a multiple of the vector
 * unit's sixteen lanes). */
#define ML_DRAW_CHUNK 64

/* The larger, as `if (v > m) m = v` keeps it (a NaN v is not kept). */
static inline double max_of(double m, double v)
{
    return v > m ? v : m;
}

/* One accident year yr of a textbook regime into acc, mx, pa and the ledger. */
static int textbook_year(const ml_scenario *s, uint64_t seed, uint32_t rep, unsigned yr,
                         gsl_rng *g, double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg,
                         int scalar, ml_poisson_memo *memo, ml_err *err)
{
    const ml_timing *tm = &s->regime.timing;
    const ml_portfolio *p = &s->portfolio;
    const ml_regime *rg = &s->regime;
    const ml_pricing *pr = &s->pricing;
    memset(acc, 0, ML_N_MEASURES * sizeof *acc);
    memset(mx, 0, ML_N_MEASURES * sizeof *mx);
    ml_price_acc_clear(s, pa);
    double spec_h[ML_PRICE_SPEC_MAX], xl_h[ML_XL_MAX];

    /* Which first draws are taken sixteen claims at a time: all of them,
     * unless the run asks for one stream at a time (the benchmark's
     * baseline) or most would go unused (a rare claim's pathway and
     * severity: a batch draws them for every incident, a quarter of a
     * one-at-a-time draw's cost each; judgment threshold). */
    const int batch = !scalar;
    const int batch_settle = batch && rg->p_settle < 1.0 && rg->p_claim >= 0.25;
    const int batch_sev = batch && rg->severity.kind == ML_SEV_LOGNORMAL &&
                          rg->p_claim * rg->p_settle >= 0.25;
    double year = 1.0;
    if (p->year_effect.kind != ML_RE_NONE) {
        ml_rng_stream_year(g, seed, rep, ML_RNG_ALL_HOSPITALS, 0, ML_P_YEAR_EFFECT, yr);
        year = ml_re_draw(&p->year_effect, g);
    }
    for (uint32_t h = 0; h < p->n_hospitals; h++) {
        double mult = year;
        if (p->hospital_effect.kind != ML_RE_NONE) {
            ml_rng_stream_year(g, seed, rep, h, 0, ML_P_HOSP_EFFECT, yr);
            mult *= ml_re_draw(&p->hospital_effect, g);
        }
        double comp_h = 0.0, exp_h = 0.0, ins_h = 0.0, ret_h = 0.0;
        ml_ledger_hosp_begin(lg);
        memset(spec_h, 0, p->n_specialties * sizeof *spec_h);
        memset(xl_h, 0, pr->n_xl * sizeof *xl_h);
        /* The year's running counts, sums and maxima in locals while this
         * hospital's claims are booked (acc and mx might alias the other
         * arrays, so the compiler would load and store them every claim);
         * the same operations in the same order, written back below. */
        double n_claims = acc[ML_M_CLAIMS], dam = acc[ML_M_DAMAGES];
        double n_paid = acc[ML_M_PAID_CLAIMS];
        double mx_dam = mx[ML_M_DAMAGES], mx_x = mx[ML_M_COMPENSATION];
        double mx_exp = mx[ML_M_EXPENSES], mx_y1 = mx[ML_M_INSURED];
        double mx_ret = mx[ML_M_RETAINED], mx_state = mx[ML_M_STATE_PAID];
        uint32_t item = 0;
        for (uint32_t sp = 0; sp < p->n_specialties; sp++) {
            double mean = p->hospitals[h].exposure[sp] * p->specialties[sp].incident_rate * mult;
            if (!(mean > 0.0))
                continue;
            ml_rng_stream_year(g, seed, rep, h, sp, ML_P_COUNT, yr);
            /* Inversion of the stream's first uniform (poisson_inv.h);
             * the baseline keeps GSL's method, as before issue 16. */
            unsigned n = scalar ? ml_frequency_draw(mean, g) : ml_poisson_draw(mean, g, memo);
            if ((uint64_t)item + n > ML_RNG_MAX_ITEM)
                return ML_ERROR(err, ML_EUNSUPPORTED,
                                "replicate %u, hospital '%s': %llu incidents in one "
                                "year exceed the engine's limit of %u",
                                rep, p->hospitals[h].name,
                                (unsigned long long)item + n, ML_RNG_MAX_ITEM);
            acc[ML_M_INCIDENTS] += n;
            /* The claims' first draws, sixteen streams a vector call
             * (draw_batch.h): the same numbers as one stream at a time. */
            double u_claim[ML_DRAW_CHUNK], u_settle[ML_DRAW_CHUNK];
            double z_sev[ML_DRAW_CHUNK]; /* normals, then the damages */
            double sy = 0.0; /* spec_h[sp], which starts the hospital at 0 */
            for (unsigned k = 0; k < n; k++, item++) {
                unsigned c = k % ML_DRAW_CHUNK;
                if (c == 0 && batch) {
                    unsigned m = n - k < ML_DRAW_CHUNK ? n - k : ML_DRAW_CHUNK;
                    if (rg->p_claim < 1.0)
                        ml_draw_uniforms(seed, rep, h, item, m, ML_P_CLAIMING, yr, u_claim);
                    if (batch_settle)
                        ml_draw_uniforms(seed, rep, h, item, m, ML_P_PATHWAY, yr, u_settle);
                    if (batch_sev) {
                        ml_draw_severity_normals(seed, rep, h, item, m, yr, g, z_sev);
                        /* The damages now, in one vector call (vexp.h):
                         * the bits ml_severity_draw_tb gives one at a time. */
                        ml_exp_affine_n(rg->severity.p1, rg->severity.p2, z_sev, m);
                    }
                }
                if (rg->p_claim < 1.0) {
                    double u = batch ? u_claim[c] : NAN;
                    if (!batch) {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_CLAIMING, yr);
                        u = gsl_rng_uniform(g);
                    }
                    if (!(u < rg->p_claim))
                        continue;
                }
                n_claims += 1.0;
                double expense = rg->expense_per_claim;
                int settled = 1;
                if (rg->p_settle < 1.0) {
                    if (batch_settle) {
                        settled = u_settle[c] < rg->p_settle;
                    } else {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_PATHWAY, yr);
                        settled = gsl_rng_uniform(g) < rg->p_settle;
                    }
                }
                double x = 0.0;
                if (settled) {
                    double d;
                    if (batch_sev) {
                        d = z_sev[c];
                    } else {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_SEVERITY, yr);
                        d = scalar ? ml_severity_draw(&rg->severity, g)
                                   : ml_severity_draw_tb(&rg->severity, g);
                    }
                    dam += d;
                    mx_dam = max_of(mx_dam, d);
                    double share = rg->liability.share[0];
                    if (rg->liability.n > 1) {
                        ml_rng_stream_year(g, seed, rep, h, item, ML_P_LIABILITY, yr);
                        share = rg->liability.share[ml_liability_draw(&rg->liability, g)];
                    }
                    x = d * share;
                }
                if (x > 0.0)
                    n_paid += 1.0;
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
                comp_h += x;
                exp_h += expense;
                ins_h += y;
                ret_h += ml_policy_retained(&rg->policy, x);
                sy += y;
                for (unsigned j = 0; j < pr->n_xl; j++)
                    xl_h[j] += ml_layer_ceded(&pr->xl[j], y);
                /* The largest single claim, for the occurrence curve; the
                 * insurer's share of one claim is still capped at A (the
                 * aggregate retention acts on the annual totals alone). */
                double y1 = ml_policy_aggregate(&rg->policy, y);
                mx_x = max_of(mx_x, x);
                mx_exp = max_of(mx_exp, expense);
                mx_y1 = max_of(mx_y1, y1);
                mx_ret = max_of(mx_ret, x + expense - y1);
                if (rg->policy.indemnifier == ML_INDEMNIFIER_STATE)
                    mx_state = max_of(mx_state, y1);
            }
            spec_h[sp] = sy;
        }
        acc[ML_M_CLAIMS] = n_claims;
        acc[ML_M_DAMAGES] = dam;
        acc[ML_M_PAID_CLAIMS] = n_paid;
        mx[ML_M_DAMAGES] = mx_dam;
        /* Compensation and patients' net compensation are one amount in a
         * textbook regime (no claimant costs), so their maxima are too. */
        mx[ML_M_COMPENSATION] = mx[ML_M_PATIENT_NET] = mx_x;
        mx[ML_M_EXPENSES] = mx_exp;
        mx[ML_M_INSURED] = mx_y1;
        mx[ML_M_RETAINED] = mx_ret;
        mx[ML_M_STATE_PAID] = mx_state;
        double ins = ml_policy_annual(&rg->policy, ins_h, ret_h);
        ml_ledger_hosp_end(lg, ins, ins_h, ret_h);
        acc[ML_M_COMPENSATION] += comp_h;
        acc[ML_M_PATIENT_NET] += comp_h; /* a textbook regime has no claimant costs */
        acc[ML_M_EXPENSES] += exp_h;
        acc[ML_M_INSURED] += ins;
        acc[ML_M_RETAINED] += comp_h + exp_h - ins;
        if (rg->policy.indemnifier == ML_INDEMNIFIER_STATE)
            acc[ML_M_STATE_PAID] += ins; /* who pays; see engine_life.c */
        ml_price_book(s, h, spec_h, xl_h, ins, pa);
    }
    return ML_OK;
}

static int replicate(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *g,
                     double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg, int scalar,
                     ml_poisson_memo *memo, ml_err *err)
{
    ml_ledger_begin(lg);
    if (lg)
        lg->a = 0;
    int rc = textbook_year(s, seed, rep, 0, g, acc, mx, pa, lg, scalar, memo, err);
    if (rc || !ml_ledger_on(lg))
        return rc;
    double acc2[ML_N_MEASURES], mx2[ML_N_MEASURES];
    ml_price_acc pa2;
    for (unsigned a = 1; a < s->time.years && !rc; a++) {
        lg->a = a;
        rc = textbook_year(s, seed, rep, a, g, acc2, mx2, &pa2, lg, scalar, memo, err);
    }
    return rc;
}

int ml_engine_replicate_t(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *g,
                          double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg,
                          ml_err *err)
{
    return replicate(s, seed, rep, g, acc, mx, pa, lg, 0, NULL, err);
}

int ml_engine_replicate(const ml_scenario *s, uint64_t seed, uint32_t rep,
                        gsl_rng *g, double *acc, double *mx, ml_price_acc *pa,
                        ml_err *err)
{
    return ml_engine_replicate_t(s, seed, rep, g, acc, mx, pa, NULL, err);
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
#pragma omp parallel num_threads(nthreads)
    {
        /* Per-thread scratch, reused for every replicate: the generators,
         * the channel counts of one year and this thread's histogram. */
        gsl_rng *gs[ML_LIFE_RNGS] = {0};
        double acc[ML_N_MEASURES], mx[ML_N_MEASURES];
        double chan[ML_STAGE_STATS * ML_CHANNELS_MAX];
        double hist[ML_MONTHS_BINS + 1] = {0};
        ml_price_acc pa;
        ml_poisson_memo memo;
        ml_poisson_memo_init(&memo);
        /* The ledger of one replicate is written in place into res->dev;
         * the hospital-year scratch is this thread's. */
        ml_ledger lg = {&s->time, NULL, 0, NULL, 0};
        if (s->time.on && res->dev &&
            !(lg.h = calloc(ml_ledger_scratch(s->time.dev_years), sizeof *lg.h)))
            atomic_store(&failed, 1);
        for (int k = 0; k < ML_LIFE_RNGS; k++)
            if (!(gs[k] = gsl_rng_alloc(ml_rng_philox)))
                atomic_store(&failed, 1);
            else
                ml_rng_set_scalar(gs[k], o->scalar_draws);
        gsl_rng *g = gs[0];
#pragma omp for schedule(dynamic, 64)
        for (size_t i = 0; i < o->replicates; i++) {
            if (atomic_load(&failed) || (o->stop && *o->stop))
                continue;
            ml_err e = {0};
            uint32_t rep = (uint32_t)(o->first_replicate + i);
            lg.led = lg.h ? res->dev + i * res->dev_stride : NULL;
            int r = life ? ml_life_replicate_t(s, o->seed, rep, gs, acc, mx, chan, hist, &pa,
                                               &lg, &e)
                         : replicate(s, o->seed, rep, g, acc, mx, &pa, &lg, o->scalar_draws, &memo,
                                     &e);
            if (r != ML_OK) {
#pragma omp critical(ml_engine_error)
                if (!atomic_load(&failed)) {
                    first_err = e;
                    atomic_store(&failed, 1);
                }
                continue;
            }
            for (int m = 0; m < ML_N_MEASURES; m++) {
                res->annual[m][i] = acc[m];
                if (res->annual_max[m])
                    res->annual_max[m][i] = mx[m];
            }
            for (unsigned c = 0; c < res->n_channels; c++)
                for (int k = 0; k < ML_STAGE_STATS; k++)
                    res->stage[k][c][i] = chan[k * ML_CHANNELS_MAX + c];
            for (unsigned k = 0; k < res->n_spec; k++)
                res->spec_insured[k][i] = pa.spec[k];
            for (unsigned k = 0; k < res->n_grades; k++)
                res->grade_insured[k][i] = pa.grade[k];
            for (unsigned k = 0; k < res->n_xl; k++)
                res->xl_ceded[k][i] = pa.xl[k];
        }
        for (int k = 0; k < ML_LIFE_RNGS; k++)
            if (gs[k])
                gsl_rng_free(gs[k]);
        free(lg.h);
        /* Integer counts: the sum does not depend on the order threads add. */
#pragma omp critical(ml_engine_hist)
        for (int b = 0; b <= ML_MONTHS_BINS; b++)
            res->months_hist[b] += hist[b];
    }
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
