/*
 * basis_pricing.c — see basis_pricing.h.
 */
#include "basis_pricing.h"
#include "dist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ml_basis_pricing(const ml_scenario *s, const ml_results *res, ml_pricing_result *out,
                     ml_basis_prices *bp, double *risk_margin)
{
    return ml_basis_pricing_dist(NULL, s, res, out, bp, risk_margin);
}

int ml_basis_pricing_dist(const ml_dist *dist, const ml_scenario *s, const ml_results *res,
                          ml_pricing_result *out, ml_basis_prices *bp, double *risk_margin)
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
    if (ml_dist_count(dist, !buf || !paid) > 0) {
        free(buf);
        free(paid);
        return ML_ENOMEM;
    }
    double *col[ML_BASIS_N], *scratch = buf + ML_BASIS_N * n;
    for (int b = 0; b < ML_BASIS_N; b++)
        col[b] = buf + b * n;
    /* Each process its own replicates' samples (dist: the rest unwritten). */
    int rc = ml_basis_samples_range(res->dev, n, dist ? dist->lo : 0, dist ? dist->hi : n,
                                    res->dev_stride, Y, D, t->trend, &t->curve, col);
    if (!rc)
        rc = ml_basis_prices_compute_dist(dist, res->dev, n, res->dev_stride, Y, D, t->trend,
                                          &t->curve, bp);
    /* The run-off pattern of the policy year's payments carries the
     * capital of every basis (the same claims, paid as they are paid). */
    if (!rc)
        rc = ml_dev_pattern_dist(dist, res->dev, n, res->dev_stride, Y, D, ML_DV_PAID, paid,
                                 NULL);
    for (int b = 0; b < ML_BASIS_N && !rc; b++) {
        ml_premiums pm;
        if (ml_premiums_compute_dist(dist, col[b], n, pr, scratch, &pm)) {
            rc = ML_ENOMEM;
            break;
        }
        double rm = 0.0, scr0 = 0.0;
        rc = ml_risk_margin_dist(dist, col[b], n, paid, D, pr->coc_rate, &t->curve, scratch,
                                 &rm, &scr0);
        if (b == ML_BASIS_OCCURRENCE)
            *risk_margin = rm;
        ml_principle_rows_add(out, ml_basis_name[b], &pm, pr);
        ml_principle_row_add(out, ml_basis_name[b], "risk_margin", pr->coc_rate, pm.mean,
                             pm.mean + rm, scr0);
    }
    free(buf);
    free(paid);
    return rc ? ML_ENOMEM : ML_OK;
}
