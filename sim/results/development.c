/*
 * development.c — see development.h.
 */
#include "development.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ml_dev_triangle_name[ML_DEV_TRIANGLES] = {"reported_count", "paid_count",
                                                            "paid", "incurred"};
const int ml_dev_triangle_row[ML_DEV_TRIANGLES] = {ML_DV_REPORTED, ML_DV_PAID_COUNT,
                                                   ML_DV_PAID, ML_DV_INCURRED};

void ml_dev_valuation(const double *l, unsigned Y, unsigned D, double *v)
{
    double paid_obs = 0.0, paid_all = 0.0, inc_obs = 0.0, inc_all = 0.0;
    for (unsigned a = 0; a < Y; a++)
        for (unsigned d = 0; d < D; d++) {
            double p = l[ml_dev_at(Y, D, ML_DV_PAID, a, d)];
            double q = l[ml_dev_at(Y, D, ML_DV_INCURRED, a, d)];
            paid_all += p;
            inc_all += q;
            if (a + d <= Y - 1) {
                paid_obs += p;
                inc_obs += q;
            }
        }
    v[0] = paid_obs;
    v[1] = inc_obs - paid_obs;
    v[2] = inc_all - inc_obs;
    v[3] = paid_all - paid_obs;
}

static ml_dev_figure figure(const double *x, size_t n)
{
    ml_dev_figure f = {0.0, 0.0};
    if (!n)
        return f;
    f.mean = ml_mean(x, n);
    f.se = n > 1 ? ml_sd(x, n, f.mean) / sqrt((double)n) : NAN;
    return f;
}

int ml_development_compute(const ml_results *res, ml_development *out)
{
    memset(out, 0, sizeof *out);
    if (!res->dev || !res->n)
        return ML_OK;
    unsigned Y = res->dev_years, D = res->dev_dev;
    size_t n = res->n, cells = (size_t)Y * D;
    out->on = 1;
    out->years = Y;
    out->dev_years = D;
    out->n = n;
    double *val = malloc(4 * n * sizeof *val);
    if (!val)
        return ML_ENOMEM;
    for (int k = 0; k < ML_DEV_TRIANGLES; k++)
        if (!(out->tri[k] = calloc(cells, sizeof *out->tri[k]))) {
            free(val);
            ml_development_free(out);
            return ML_ENOMEM;
        }
    for (size_t i = 0; i < n; i++) {
        const double *l = res->dev + i * res->dev_stride;
        for (int k = 0; k < ML_DEV_TRIANGLES; k++) {
            const double *row = l + ml_dev_at(Y, D, ml_dev_triangle_row[k], 0, 0);
            for (size_t c = 0; c < cells; c++)
                out->tri[k][c] += row[c];
        }
        double v[4];
        ml_dev_valuation(l, Y, D, v);
        for (int k = 0; k < 4; k++)
            val[k * n + i] = v[k];
    }
    /* Means, then cumulated along development years. */
    for (int k = 0; k < ML_DEV_TRIANGLES; k++)
        for (unsigned a = 0; a < Y; a++) {
            double c = 0.0;
            for (unsigned d = 0; d < D; d++) {
                c += out->tri[k][a * D + d] / n;
                out->tri[k][a * D + d] = c;
            }
        }
    out->paid_to_date = figure(val, n);
    out->case_reserves = figure(val + n, n);
    out->ibnr = figure(val + 2 * n, n);
    out->outstanding = figure(val + 3 * n, n);
    free(val);
    if (Y >= 2) {
        static const int rows[2] = {ML_DV_PAID, ML_DV_INCURRED};
        for (int k = 0; k < 2; k++) {
            int rc = ml_reserve_check_ledgers(res->dev, n, res->dev_stride, Y, D, rows[k],
                                              &out->cl[k]);
            if (rc) {
                ml_development_free(out);
                return rc;
            }
        }
        out->has_cl = 1;
    }
    return ML_OK;
}

void ml_development_free(ml_development *d)
{
    for (int k = 0; k < ML_DEV_TRIANGLES; k++) {
        free(d->tri[k]);
        d->tri[k] = NULL;
    }
}

/* R = sum a_r / sum b_r over replicates, with the delta method's se
 * (metric_defs.h). */
static void ratio(const double *a, const double *b, size_t n, double *r, double *se)
{
    double sa = 0.0, sb = 0.0;
    for (size_t i = 0; i < n; i++) {
        sa += a[i];
        sb += b[i];
    }
    if (!(sb > 0.0)) {
        *r = *se = NAN;
        return;
    }
    *r = sa / sb;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (a[i] - *r * b[i]) * (a[i] - *r * b[i]);
    *se = n > 1 ? sqrt(ss / ((double)n * (n - 1))) / (sb / n) : NAN;
}

size_t ml_dev_policy_metrics(const ml_results *res, ml_metric *m, size_t cap)
{
    if (!res->dev || !res->n || cap == 0)
        return 0;
    unsigned Y = res->dev_years, D = res->dev_dev;
    size_t n = res->n, k = 0;
    double *a = malloc(2 * n * sizeof *a);
    if (!a)
        return 0;
    double *b = a + n;
    for (size_t i = 0; i < n; i++) {
        const double *l = res->dev + i * res->dev_stride;
        a[i] = l[ml_dev_scalar_at(Y, D, ML_DS_COMP_MONTHS, 0)];
        b[i] = l[ml_dev_scalar_at(Y, D, ML_DS_COMP, 0)];
    }
    ml_metric *x = &m[k++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "payment_months");
    snprintf(x->unit, sizeof x->unit, "months, incident to payment");
    ratio(a, b, n, &x->value, &x->mc_se);
    static const unsigned by[] = {1, 2, 3, 5, 10};
    for (size_t j = 0; j < sizeof by / sizeof *by && k < cap && by[j] <= D; j++) {
        for (size_t i = 0; i < n; i++) {
            const double *row = res->dev + i * res->dev_stride +
                                ml_dev_at(Y, D, ML_DV_COMP_PAID, 0, 0);
            double early = 0.0, all = 0.0;
            for (unsigned d = 0; d < D; d++) {
                all += row[d];
                if (d < by[j])
                    early += row[d];
            }
            a[i] = early;
            b[i] = all;
        }
        x = &m[k++];
        memset(x, 0, sizeof *x);
        snprintf(x->name, sizeof x->name, "paid_by_year_%u", by[j]);
        snprintf(x->unit, sizeof x->unit, "share of compensation");
        ratio(a, b, n, &x->value, &x->mc_se);
    }
    free(a);
    return k;
}
