/*
 * basis_pricing.c — see basis_pricing.h.
 */
#include "basis_pricing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void row(ml_pricing_result *out, const char *basis, const char *principle,
                double parameter, double pure, double premium, double capital)
{
    if (out->n_principles >= ML_PRINCIPLES_MAX)
        return;
    ml_principle_row *r = &out->principles[out->n_principles++];
    memset(r, 0, sizeof *r);
    snprintf(r->principle, sizeof r->principle, "%s", principle);
    snprintf(r->basis, sizeof r->basis, "%s", basis);
    r->parameter = parameter;
    r->pure_premium = pure;
    r->premium = premium;
    r->capital = capital;
    r->loading = premium - pure;
    r->loss_ratio = premium > 0.0 ? pure / premium : 0.0;
}

int ml_basis_pricing(const ml_scenario *s, const ml_results *res, ml_pricing_result *out,
                     ml_basis_prices *bp, double *risk_margin)
{
    memset(bp, 0, sizeof *bp);
    *risk_margin = 0.0;
    if (!res->dev || !res->n)
        return ML_OK;
    const ml_time *t = &s->time;
    const ml_pricing *pr = &s->pricing;
    size_t n = res->n;
    unsigned Y = res->dev_years, D = res->dev_dev;
    double *buf = malloc((ML_BASIS_N + 1) * n * sizeof *buf);
    double *paid = malloc(D * sizeof *paid);
    if (!buf || !paid) {
        free(buf);
        free(paid);
        return ML_ENOMEM;
    }
    double *col[ML_BASIS_N], *scratch = buf + ML_BASIS_N * n;
    for (int b = 0; b < ML_BASIS_N; b++)
        col[b] = buf + b * n;
    int rc = ml_basis_samples(res->dev, n, res->dev_stride, Y, D, t->trend, &t->curve, col);
    if (!rc)
        rc = ml_basis_prices_compute(res->dev, n, res->dev_stride, Y, D, t->trend, &t->curve,
                                     bp);
    /* The run-off pattern of the policy year's payments carries the
     * capital of every basis (the same claims, paid as they are paid). */
    if (!rc)
        rc = ml_dev_pattern(res->dev, n, res->dev_stride, Y, D, ML_DV_PAID, paid, NULL);
    for (int b = 0; b < ML_BASIS_N && !rc; b++) {
        ml_premiums pm;
        ml_premiums_compute(col[b], n, pr, scratch, &pm);
        double cap = pm.var995 - pm.mean, rm = 0.0, scr0 = 0.0;
        rc = ml_risk_margin(col[b], n, paid, D, pr->coc_rate, &t->curve, scratch, &rm, &scr0);
        if (b == ML_BASIS_OCCURRENCE)
            *risk_margin = rm;
        const char *name = ml_basis_name[b];
        row(out, name, "pure", 0.0, pm.mean, pm.mean, cap);
        row(out, name, "expected_value", pr->ev_loading, pm.mean, pm.ev, cap);
        row(out, name, "standard_deviation", pr->sd_loading, pm.mean, pm.sdp, cap);
        row(out, name, "cost_of_capital", pr->coc_rate, pm.mean, pm.coc, cap);
        row(out, name, "risk_margin", pr->coc_rate, pm.mean, pm.mean + rm, scr0);
    }
    free(buf);
    free(paid);
    return rc ? ML_ENOMEM : ML_OK;
}
