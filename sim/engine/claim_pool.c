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
    free(p->mean);
    free(p->crep);
    free(p->chosp);
    free(p->citem8);
    free(p->cyear);
    free(p->cu);
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

/* Room for `claims` claims past those held. */
static int reserve(ml_claim_pool *p, size_t claims)
{
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

static int list_counts(ml_claim_pool *p, const ml_scenario *s, uint64_t seed, uint32_t rep0,
                       size_t nrep, unsigned years, gsl_rng *g, ml_err *err)
{
    const ml_portfolio *pf = &s->portfolio;
    size_t need = nrep * years * pf->n_hospitals * pf->n_specialties;
    if (need > p->cap_count) {
        if (!grow((void **)&p->count, sizeof *p->count, need) ||
            !grow((void **)&p->mean, sizeof *p->mean, need) ||
            !grow((void **)&p->crep, sizeof *p->crep, need) ||
            !grow((void **)&p->chosp, sizeof *p->chosp, need) ||
            !grow((void **)&p->citem8, sizeof *p->citem8, need) ||
            !grow((void **)&p->cyear, sizeof *p->cyear, need) ||
            !grow((void **)&p->cu, sizeof *p->cu, need))
            return ML_ERROR(err, ML_ENOMEM, "cannot allocate the incident counts");
        p->cap_count = need;
    }
    size_t j = 0;
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
                for (uint32_t sp = 0; sp < pf->n_specialties; sp++, j++) {
                    p->mean[j] = pf->hospitals[h].exposure[sp] *
                                 pf->specialties[sp].incident_rate * mult;
                    p->crep[j] = rep;
                    p->chosp[j] = h;
                    p->citem8[j] = ml_rng_ctr_item(sp, 0);
                    p->cyear[j] = ml_rng_ctr_year(yr);
                }
            }
        }
    }
    p->n_count = j;
    return ML_OK;
}

int ml_claim_pool_fill(ml_claim_pool *p, const ml_scenario *s, uint64_t seed, uint32_t rep0,
                       size_t nrep, unsigned years, gsl_rng *g, int scalar,
                       ml_poisson_memo *memo, ml_err *err)
{
    const ml_portfolio *pf = &s->portfolio;
    const int list = p->want_claim || p->want_settle || p->want_sev;
    p->n = 0;
    int rc = list_counts(p, s, seed, rep0, nrep, years, g, err);
    if (rc)
        return rc;
    /* Each count reads its stream's first uniform (poisson_inv.h): those
     * uniforms in one batch.  The baseline keeps GSL's method on each
     * stream, as before issue 16; so does a mean above the inversion's. */
    if (!scalar) {
        const ml_draw_ctrs cc = {p->n_count, p->crep, p->chosp, p->citem8, p->cyear};
        ml_draw_uniforms_at(seed, &cc, ML_P_COUNT, p->cu);
    }
    size_t j = 0;
    const size_t per_hosp = pf->n_specialties;
    for (; j < p->n_count; j += per_hosp) {
        uint32_t rep = p->crep[j], h = p->chosp[j], item = 0;
        for (size_t sp = 0; sp < per_hosp; sp++) {
            const size_t k = j + sp;
            double mean = p->mean[k];
            unsigned n = 0;
            if (mean > 0.0) {
                if (!scalar && mean <= ML_POISSON_INV_MAX) {
                    n = ml_poisson_inv(mean, p->cu[k], memo);
                } else {
                    ml_rng_stream_year(g, seed, rep, h, (uint32_t)sp, ML_P_COUNT,
                                       p->cyear[k] >> 24);
                    n = scalar ? ml_frequency_draw(mean, g) : ml_poisson_draw(mean, g, memo);
                }
            }
            if ((uint64_t)item + n > ML_RNG_MAX_ITEM)
                return ML_ERROR(err, ML_EUNSUPPORTED,
                                "replicate %u, hospital '%s': %llu incidents in one "
                                "year exceed the engine's limit of %u",
                                rep, pf->hospitals[h].name, (unsigned long long)item + n,
                                ML_RNG_MAX_ITEM);
            p->count[k] = n;
            if (!list) {
                item += n;
                continue;
            }
            if (!reserve(p, n))
                return ML_ERROR(err, ML_ENOMEM, "cannot allocate the claim draws");
            /* Through locals, so that the loop vectorises (through p the
             * compiler reloaded every pointer each claim). */
            const uint32_t yw = p->cyear[k];
            uint32_t *restrict rp = p->rep + p->n, *restrict hp = p->hosp + p->n;
            uint32_t *restrict ip = p->item8 + p->n, *restrict yp = p->year + p->n;
            for (unsigned c = 0; c < n; c++) {
                rp[c] = rep;
                hp[c] = h;
                ip[c] = ml_rng_ctr_item(item + c, 0);
                yp[c] = yw;
            }
            p->n += n;
            item += n;
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
