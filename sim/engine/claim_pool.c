/* claim_pool.c — see claim_pool.h. */
#include "claim_pool.h"
#include "draw_batch.h"
#include "frequency.h"
#include "rng.h"
#include "vexp.h"

#include <stdlib.h>
#include <string.h>

/* Claims a group aims at (judgment: enough for long vector calls, few
 * enough that the pool stays in the second-level cache). */
#define ML_POOL_CLAIMS 1024
/* Replicates a group holds at most (a scenario of very rare claims). */
#define ML_POOL_REPS 256

void ml_claim_pool_init(ml_claim_pool *p, const ml_scenario *s, int batch)
{
    const ml_regime *rg = &s->regime;
    memset(p, 0, sizeof *p);
    /* As the year loop decided claim by claim before: a rare claim's
     * pathway and severity are drawn one at a time (a batch draws them for
     * every incident, a quarter of a one-at-a-time draw's cost each;
     * judgment threshold). */
    p->want_claim = batch && rg->p_claim < 1.0;
    p->want_settle = batch && rg->p_settle < 1.0 && rg->p_claim >= 0.25;
    p->want_sev = batch && rg->severity.kind == ML_SEV_LOGNORMAL &&
                  rg->p_claim * rg->p_settle >= 0.25;
}

void ml_claim_pool_free(ml_claim_pool *p)
{
    free(p->count);
    free(p->rep);
    free(p->hosp);
    free(p->item8);
    free(p->year);
    free(p->u_claim);
    free(p->u_settle);
    free(p->dam);
    memset(p, 0, sizeof *p);
}

size_t ml_claim_pool_group(const ml_scenario *s, unsigned years)
{
    double lam = 0.0;
    for (size_t h = 0; h < s->portfolio.n_hospitals; h++)
        lam += ml_portfolio_hospital_rate(&s->portfolio, h);
    lam *= years ? years : 1;
    if (!(lam * ML_POOL_REPS > ML_POOL_CLAIMS))
        return ML_POOL_REPS;
    size_t g = (size_t)(ML_POOL_CLAIMS / lam);
    return g ? g : 1;
}

static int grow(void **a, size_t elem, size_t cap)
{
    void *q = realloc(*a, cap * elem);
    if (!q)
        return 0;
    *a = q;
    return 1;
}

/* Room for `more` counts and `claims` claims past those held. */
static int reserve(ml_claim_pool *p, size_t more, size_t claims)
{
    if (p->n_count + more > p->cap_count) {
        size_t c = 2 * (p->n_count + more);
        if (!grow((void **)&p->count, sizeof *p->count, c))
            return 0;
        p->cap_count = c;
    }
    if (p->n + claims > p->cap) {
        size_t c = 2 * (p->n + claims);
        if (!grow((void **)&p->rep, sizeof *p->rep, c) ||
            !grow((void **)&p->hosp, sizeof *p->hosp, c) ||
            !grow((void **)&p->item8, sizeof *p->item8, c) ||
            !grow((void **)&p->year, sizeof *p->year, c) ||
            (p->want_claim && !grow((void **)&p->u_claim, sizeof *p->u_claim, c)) ||
            (p->want_settle && !grow((void **)&p->u_settle, sizeof *p->u_settle, c)) ||
            (p->want_sev && !grow((void **)&p->dam, sizeof *p->dam, c)))
            return 0;
        p->cap = c;
    }
    return 1;
}

int ml_claim_pool_fill(ml_claim_pool *p, const ml_scenario *s, uint64_t seed, uint32_t rep0,
                       size_t nrep, unsigned years, gsl_rng *g, int scalar,
                       ml_poisson_memo *memo, ml_err *err)
{
    const ml_portfolio *pf = &s->portfolio;
    const int list = p->want_claim || p->want_settle || p->want_sev;
    p->n_count = p->n = 0;
    for (size_t r = 0; r < nrep; r++) {
        uint32_t rep = rep0 + (uint32_t)r;
        for (unsigned yr = 0; yr < years; yr++) {
            double year = 1.0;
            if (pf->year_effect.kind != ML_RE_NONE) {
                ml_rng_stream_year(g, seed, rep, ML_RNG_ALL_HOSPITALS, 0, ML_P_YEAR_EFFECT, yr);
                year = ml_re_draw(&pf->year_effect, g);
            }
            for (uint32_t h = 0; h < pf->n_hospitals; h++) {
                double mult = year;
                if (pf->hospital_effect.kind != ML_RE_NONE) {
                    ml_rng_stream_year(g, seed, rep, h, 0, ML_P_HOSP_EFFECT, yr);
                    mult *= ml_re_draw(&pf->hospital_effect, g);
                }
                if (!reserve(p, pf->n_specialties, 0))
                    return ML_ERROR(err, ML_ENOMEM, "cannot allocate the incident counts");
                uint32_t item = 0;
                for (uint32_t sp = 0; sp < pf->n_specialties; sp++) {
                    double mean = pf->hospitals[h].exposure[sp] *
                                  pf->specialties[sp].incident_rate * mult;
                    unsigned n = 0;
                    if (mean > 0.0) {
                        ml_rng_stream_year(g, seed, rep, h, sp, ML_P_COUNT, yr);
                        /* Inversion of the stream's first uniform
                         * (poisson_inv.h); the baseline keeps GSL's method,
                         * as before issue 16. */
                        n = scalar ? ml_frequency_draw(mean, g) : ml_poisson_draw(mean, g, memo);
                    }
                    if ((uint64_t)item + n > ML_RNG_MAX_ITEM)
                        return ML_ERROR(err, ML_EUNSUPPORTED,
                                        "replicate %u, hospital '%s': %llu incidents in one "
                                        "year exceed the engine's limit of %u",
                                        rep, pf->hospitals[h].name,
                                        (unsigned long long)item + n, ML_RNG_MAX_ITEM);
                    p->count[p->n_count++] = n;
                    if (!list) {
                        item += n;
                        continue;
                    }
                    if (!reserve(p, 0, n))
                        return ML_ERROR(err, ML_ENOMEM, "cannot allocate the claim draws");
                    for (unsigned k = 0; k < n; k++, item++) {
                        p->rep[p->n] = rep;
                        p->hosp[p->n] = h;
                        p->item8[p->n] = ml_rng_ctr_item(item, 0);
                        p->year[p->n] = ml_rng_ctr_year(yr);
                        p->n++;
                    }
                }
            }
        }
    }
    if (!p->n)
        return ML_OK;
    const ml_draw_ctrs c = {p->n, p->rep, p->hosp, p->item8, p->year};
    if (p->want_claim)
        ml_draw_uniforms_at(seed, &c, ML_P_CLAIMING, p->u_claim);
    if (p->want_settle)
        ml_draw_uniforms_at(seed, &c, ML_P_PATHWAY, p->u_settle);
    if (p->want_sev) {
        ml_draw_severity_normals_at(seed, &c, g, p->dam);
        /* The damages in one vector pass (vexp.h): the bits
         * ml_severity_draw_tb gives one at a time. */
        const ml_severity *sv = &s->regime.severity;
        for (size_t i = 0; i < p->n; i += 1u << 30) {
            size_t m = p->n - i < (1u << 30) ? p->n - i : (1u << 30);
            ml_exp_affine_n(sv->p1, sv->p2, p->dam + i, (unsigned)m);
        }
    }
    return ML_OK;
}
