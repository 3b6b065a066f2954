/*
 * sobol.c — see sobol.h.  The Saltelli design from addressed streams, the
 * Saltelli (2010) first-order and Jansen (1999) total estimators, their
 * bootstrap over rows, and the tornado's order.
 */
#include "sobol.h"
#include "rng.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int ml_sobol_design_alloc(ml_sobol_design *s, size_t d, size_t n, uint64_t seed,
                          ml_err *err)
{
    memset(s, 0, sizeof *s);
    if (d < 1 || n < 2 || d > ML_RNG_MAX_ITEM || n > UINT32_MAX)
        return ML_ERROR(err, ML_EINVAL, "Sobol design: needs 1 to %u parameters and 2 to "
                        "%u rows, not %zu and %zu", ML_RNG_MAX_ITEM, UINT32_MAX, d, n);
    s->a = malloc(n * d * sizeof *s->a);
    s->b = malloc(n * d * sizeof *s->b);
    gsl_rng *r = gsl_rng_alloc(ml_rng_philox);
    if (!s->a || !s->b || !r) {
        gsl_rng_free(r);
        ml_sobol_design_free(s);
        return ML_ERROR(err, ML_ENOMEM, "Sobol design: out of memory (%zu rows)", n);
    }
    s->d = d;
    s->n = n;
    /* One stream per cell: the cell's address alone fixes its uniform. */
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < d; i++) {
            ml_rng_stream(r, seed, (uint32_t)j, 0, (uint32_t)i, ML_P_SENSITIVITY);
            s->a[j * d + i] = gsl_rng_uniform_pos(r);
            ml_rng_stream(r, seed, (uint32_t)j, 1, (uint32_t)i, ML_P_SENSITIVITY);
            s->b[j * d + i] = gsl_rng_uniform_pos(r);
        }
    gsl_rng_free(r);
    return ML_OK;
}

void ml_sobol_design_free(ml_sobol_design *s)
{
    free(s->a);
    free(s->b);
    s->a = s->b = NULL;
    s->d = s->n = 0;
}

void ml_sobol_row_ab(const ml_sobol_design *s, size_t i, size_t j, double *u)
{
    memcpy(u, s->a + j * s->d, s->d * sizeof *u);
    u[i] = s->b[j * s->d + i];
}

/* The indices on the rows idx[n] (a resample; the identity for the
 * estimate itself).  f is centred on the mean of f(A) and f(B) first: that
 * leaves the first-order estimator's expectation unchanged (the sum of
 * f(A_B^i) - f(A) has expectation 0) and removes the variance a large
 * mean would add to it.  Returns 0 when V = 0. */
static int indices_on(size_t d, size_t n, const double *fa, const double *fb,
                      const double *fab, const size_t *idx, double *first, double *total)
{
    double mean = 0.0;
    for (size_t k = 0; k < n; k++)
        mean += fa[idx[k]] + fb[idx[k]];
    mean /= (double)(2 * n);
    double ss = 0.0;
    for (size_t k = 0; k < n; k++) {
        double x = fa[idx[k]] - mean, y = fb[idx[k]] - mean;
        ss += x * x + y * y;
    }
    double v = ss / (double)(2 * n - 1);
    if (!(v > 0.0))
        return 0;
    for (size_t i = 0; i < d; i++) {
        const double *fi = fab + i * n;
        double s1 = 0.0, st = 0.0;
        for (size_t k = 0; k < n; k++) {
            size_t j = idx[k];
            double diff = fi[j] - fa[j];
            s1 += (fb[j] - mean) * diff;
            st += diff * diff;
        }
        first[i] = s1 / (double)n / v;
        total[i] = st / (double)(2 * n) / v;
    }
    return 1;
}

int ml_sobol_indices(size_t d, size_t n, const double *fa, const double *fb,
                     const double *fab, uint64_t seed, size_t n_boot,
                     ml_sobol_index *out, ml_err *err)
{
    if (d < 1 || n < 2 || n_boot < 2 || n > UINT32_MAX || n_boot > UINT32_MAX)
        return ML_ERROR(err, ML_EINVAL, "Sobol indices: need d >= 1, n >= 2 and at least "
                        "2 bootstrap resamples (got %zu, %zu, %zu)", d, n, n_boot);
    for (size_t j = 0; j < n; j++) {
        int bad = !isfinite(fa[j]) || !isfinite(fb[j]);
        for (size_t i = 0; i < d; i++)
            bad |= !isfinite(fab[i * n + j]);
        if (bad)
            return ML_ERROR(err, ML_ENUMERIC, "Sobol indices: the model's value at design "
                            "row %zu is not finite", j);
    }
    size_t *idx = malloc(n * sizeof *idx);
    double *first = malloc(2 * d * sizeof *first);
    double *sum = calloc(4 * d, sizeof *sum); /* sum and sum of squares, S and ST */
    gsl_rng *r = gsl_rng_alloc(ml_rng_philox);
    int rc = ML_OK;
    if (!idx || !first || !sum || !r) {
        rc = ML_ERROR(err, ML_ENOMEM, "Sobol indices: out of memory");
        goto done;
    }
    double *total = first + d;
    for (size_t k = 0; k < n; k++)
        idx[k] = k;
    if (!indices_on(d, n, fa, fb, fab, idx, first, total)) {
        rc = ML_ERROR(err, ML_ENUMERIC, "Sobol indices: the figure takes one value at all "
                      "%zu rows of A and B (variance 0): it does not depend on these "
                      "parameters, and its indices are 0/0", 2 * n);
        goto done;
    }
    for (size_t i = 0; i < d; i++) {
        out[i].first = first[i];
        out[i].total = total[i];
    }
    /* A resample with V = 0 (possible only when few rows differ) has no
     * indices; it is left out, and the error is over the others. */
    size_t used = 0;
    for (size_t b = 0; b < n_boot; b++) {
        ml_rng_stream(r, seed, (uint32_t)b, 0, 0, ML_P_BOOTSTRAP);
        for (size_t k = 0; k < n; k++)
            idx[k] = (size_t)gsl_rng_uniform_int(r, (unsigned long)n);
        if (!indices_on(d, n, fa, fb, fab, idx, first, total))
            continue;
        used++;
        for (size_t i = 0; i < d; i++) {
            sum[4 * i] += first[i];
            sum[4 * i + 1] += first[i] * first[i];
            sum[4 * i + 2] += total[i];
            sum[4 * i + 3] += total[i] * total[i];
        }
    }
    for (size_t i = 0; i < d; i++) {
        double m = (double)used;
        /* sd with divisor m - 1; the indices are O(1), so the one-pass
         * formula loses nothing that matters to an error bar. */
        double v1 = used > 1 ? (sum[4 * i + 1] - sum[4 * i] * sum[4 * i] / m) / (m - 1) : NAN;
        double vt = used > 1 ? (sum[4 * i + 3] - sum[4 * i + 2] * sum[4 * i + 2] / m) / (m - 1)
                             : NAN;
        out[i].first_se = sqrt(fmax(v1, 0.0));
        out[i].total_se = sqrt(fmax(vt, 0.0));
        if (used < 2)
            out[i].first_se = out[i].total_se = NAN;
    }
done:
    gsl_rng_free(r);
    free(idx);
    free(first);
    free(sum);
    return rc;
}

static int by_swing(const void *pa, const void *pb)
{
    const ml_tornado_row *a = pa, *b = pb;
    int na = isnan(a->swing), nb = isnan(b->swing);
    if (na != nb)
        return na - nb; /* NaN last */
    if (!na && a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c)
        return c;
    return a->param < b->param ? -1 : a->param > b->param;
}

void ml_tornado_sort(ml_tornado_row *rows, size_t n)
{
    for (size_t k = 0; k < n; k++)
        rows[k].swing = fabs(rows[k].high - rows[k].low);
    qsort(rows, n, sizeof *rows, by_swing);
}

size_t ml_tornado_leading(const ml_tornado_row *rows, size_t n, double frac, size_t max)
{
    if (n == 0 || !(rows[0].swing > 0.0) || !isfinite(rows[0].swing))
        return 0;
    size_t k = 0;
    while (k < n && k < max && rows[k].swing >= frac * rows[0].swing)
        k++;
    return k;
}
