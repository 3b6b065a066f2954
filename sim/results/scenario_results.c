/*
 * scenario_results.c — see scenario_results.h.  Each table comes from the
 * one function of this room that defines it (stats.c, policy_metrics.c,
 * pricing.c); this file only calls them in turn and keeps what they give.
 */
#include "scenario_results.h"
#include "basis_pricing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ml_policy_keep_defined(ml_metric *m, size_t n, char *undefined, size_t cap)
{
    size_t k = 0, len = 0;
    undefined[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (isfinite(m[i].value)) {
            m[k++] = m[i];
            continue;
        }
        int w = snprintf(undefined + len, cap - len, "%s%s", len ? "," : "", m[i].name);
        if (w > 0 && (size_t)w < cap - len)
            len += (size_t)w;
    }
    for (size_t i = k; i < n; i++)
        memset(&m[i], 0, sizeof m[i]);
    return k;
}

static void copy_labels(const ml_scenario *s, ml_scenario_results *r)
{
    snprintf(r->name, sizeof r->name, "%s", s->name);
    snprintf(r->portfolio, sizeof r->portfolio, "%s", s->portfolio.name);
    snprintf(r->regime, sizeof r->regime, "%s", s->regime.name);
    snprintf(r->currency, sizeof r->currency, "%s", s->regime.currency);
    snprintf(r->exposure_unit, sizeof r->exposure_unit, "%s", s->portfolio.exposure_unit);
}

/* The policy table, its undefined metrics left out. */
static void fill_policy(const ml_scenario *s, const ml_results *res, ml_scenario_results *out)
{
    size_t k = ml_policy_metrics(s, res, out->policy);
    /* With timing, the payment pattern of compensation follows. */
    k += ml_dev_policy_metrics(res, out->policy + k, ML_METRICS_MAX - k);
    out->n_policy = ml_policy_keep_defined(out->policy, k, out->policy_undefined,
                                           sizeof out->policy_undefined);
    out->lifecycle = s->regime.life != NULL;
}

/* out zeroed (the unused tails of fixed-length names and the rows past a
 * table's end are written to the file as they are) and labelled; returns
 * scratch room for n doubles, or NULL (an error in err). */
static double *begin(const ml_scenario *s, const ml_results *res, ml_scenario_results *out,
                     ml_err *err)
{
    memset(out, 0, sizeof *out);
    copy_labels(s, out);
    out->n = res->n;
    double *scratch = malloc((res->n ? res->n : 1) * sizeof *scratch);
    if (!scratch)
        ML_ERROR(err, ML_ENOMEM, "out of memory for the results of %s", s->name);
    return scratch;
}

/* Each hospital's probability of being insured in a year, from the
 * regime's participation and mandate as the engine draws its cover
 * (engine_life.c); NULL, with *ok set, where every hospital is insured (a
 * textbook regime) or there is no memory (*ok 0). */
static double *cover_of(const ml_scenario *s, int *ok)
{
    *ok = 1;
    const ml_lifecycle *L = s->regime.life;
    if (!L)
        return NULL;
    size_t nh = s->portfolio.n_hospitals;
    double *q = malloc((nh ? nh : 1) * sizeof *q);
    if (!q) {
        *ok = 0;
        return NULL;
    }
    for (size_t h = 0; h < nh; h++)
        q[h] = ml_cover_probability(s->participation ? s->participation[h]
                                                     : L->ins.participation,
                                    s->mandate_target ? s->mandate_target[h] : 0.0,
                                    L->ins.mandate.enforcement);
    return q;
}

int ml_scenario_results_fill(const ml_scenario *s, const ml_results *res,
                             ml_scenario_results *out, ml_err *err)
{
    size_t n = res->n;
    double *scratch = begin(s, res, out, err);
    if (!scratch)
        return ML_ENOMEM;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        /* Each array is sorted once: the summary leaves the annual
         * samples sorted in scratch for the exceedance table. */
        ml_summary_compute(res->annual[m], n, scratch, &out->summary[m]);
        if (!res->annual_max[m])
            continue;
        out->has_ep[m] = 1;
        ml_ep_compute_sorted(scratch, res->annual_max[m], n, scratch, out->ep[m]);
        out->aal[m] = ml_mean(res->annual[m], n);
    }
    free(scratch);

    fill_policy(s, res, out);
    out->n_stages = ml_stage_metrics(s, res, out->stages);

    if (ml_development_compute(res, &out->dev) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the development of %s", s->name);
    int ok;
    double *cover = cover_of(s, &ok);
    int rc = ok ? ml_pricing_compute(&s->portfolio, &s->pricing, cover, res, &out->pricing)
                : ML_ENOMEM;
    free(cover);
    if (rc != ML_OK ||
        ml_basis_pricing(s, res, &out->pricing, &out->dev.basis, &out->dev.risk_margin) !=
            ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the pricing tables of %s",
                        s->name);
    return ML_OK;
}

int ml_scenario_results_fill_headline(const ml_scenario *s, const ml_results *res,
                                      ml_scenario_results *out, ml_err *err)
{
    double *scratch = begin(s, res, out, err);
    if (!scratch)
        return ML_ENOMEM;
    ml_summary_compute(res->annual[ML_M_INSURED], res->n, scratch, &out->summary[ML_M_INSURED]);
    free(scratch);
    fill_policy(s, res, out);
    return ML_OK;
}

void ml_scenario_results_free(ml_scenario_results *r)
{
    ml_development_free(&r->dev);
    ml_pricing_result_free(&r->pricing);
}

void ml_scenario_results_drop_series(ml_scenario_results *r)
{
    for (size_t k = 0; k < sizeof r->pricing.ceded / sizeof r->pricing.ceded[0]; k++) {
        free(r->pricing.ceded[k]);
        r->pricing.ceded[k] = NULL;
    }
    free(r->pricing.net);
    r->pricing.net = NULL;
}
