/*
 * exact.c — Panjer recursion over bracketing discretizations (exact.h).
 *
 * Panjer (1981): for counts in the (a, b, 0) class, p_k = (a + b/k) p_{k-1},
 *   g_0 = P_N(f_0),  g_k = sum_{j=1..k} (a + b j/k) f_j g_{k-j} / (1 - a f_0).
 * Poisson(lambda): a = 0, b = lambda.  NB(r, beta): a = beta/(1+beta),
 * b = (r-1) beta/(1+beta), P_N(z) = (1 - beta (z - 1))^-r.
 * The recursion holds for a defective f (sum < 1), which is how mass beyond
 * the grid is carried: as an atom at infinity.
 */
#include "exact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ML_EXACT_DEFAULT_M 32768
#define ML_EXACT_PILOT_M 4096 /* points of the pilot grid that places the fine one */

int ml_panjer(int negbin, double lambda, double size, double beta, const double *f,
              size_t m, size_t f_support, double *g, ml_err *err)
{
    double a, b, g0;
    if (negbin) {
        a = beta / (1.0 + beta);
        b = (size - 1.0) * beta / (1.0 + beta);
        g0 = pow(1.0 + beta * (1.0 - f[0]), -size);
    } else {
        a = 0.0;
        b = lambda;
        g0 = exp(-lambda * (1.0 - f[0]));
    }
    if (!(g0 > 1e-290))
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "Panjer recursion underflows: P(no payment in a year) = %g; "
                        "the expected claim count is too large for the exact method",
                        g0);
    g[0] = g0;
    double denom = 1.0 - a * f[0];
    for (size_t k = 1; k < m; k++) {
        size_t jmax = k < f_support ? k : f_support - 1;
        /* sum_j (a + b j/k) f_j g_{k-j} = a sum f_j g_{k-j} + (b/k) sum j f_j g_{k-j},
         * with four partial sums each so the compiler can keep them in
         * registers (floating-point sums are not reassociated for us). */
        double s0[4] = {0, 0, 0, 0}, s1[4] = {0, 0, 0, 0};
        size_t j = 1;
        for (; j + 3 <= jmax; j += 4)
            for (int u = 0; u < 4; u++) {
                double t = f[j + u] * g[k - j - u];
                s0[u] += t;
                s1[u] += (double)(j + u) * t;
            }
        for (; j <= jmax; j++) {
            double t = f[j] * g[k - j];
            s0[0] += t;
            s1[0] += (double)j * t;
        }
        double sum = a * ((s0[0] + s0[1]) + (s0[2] + s0[3])) +
                     b / (double)k * ((s1[0] + s1[1]) + (s1[2] + s1[3]));
        g[k] = sum / denom;
    }
    return ML_OK;
}

/* The per-claim payment's distribution: P(Y <= y) (strict = 0) or P(Y < y). */
typedef struct {
    const ml_regime *r;
} payment;

static double pay_cdf(const payment *p, double y, int strict)
{
    const ml_regime *r = p->r;
    const ml_policy *pol = &r->policy;
    double top = pol->coinsurance * pol->limit; /* may be inf */
    if (strict ? y <= 0.0 : y < 0.0)
        return 0.0;
    if (strict ? y > top : y >= top)
        return 1.0;
    double total = 0.0;
    for (unsigned i = 0; i < r->liability.n; i++) {
        double s = r->liability.share[i], w = r->liability.prob[i];
        if (s <= 0.0 || pol->coinsurance <= 0.0) {
            total += w; /* Y = 0 <= y */
            continue;
        }
        total += w * ml_severity_cdf(&r->severity, (pol->deductible + y / pol->coinsurance) / s);
    }
    return total;
}

enum { DISC_DOWN, DISC_UP, DISC_MID };

/* Discretized severity pmf on k h, k < m; returns the support length. */
static size_t discretize(const payment *p, double h, size_t m, int mode, double *f)
{
    double prev;
    size_t support = m;
    double top = p->r->policy.coinsurance * p->r->policy.limit;
    if (isfinite(top) && top / h + 2.0 < (double)m)
        support = (size_t)(top / h) + 2;
    switch (mode) {
    case DISC_DOWN: /* Y_dn = h floor(Y/h), mass beyond the grid to its last point */
        prev = 0.0;
        for (size_t k = 0; k < support; k++) {
            double c = (k + 1 < m) ? pay_cdf(p, (double)(k + 1) * h, 1) : 1.0;
            f[k] = c - prev;
            prev = c;
        }
        break;
    case DISC_UP: /* Y_up = h ceil(Y/h), mass beyond the grid at infinity */
        prev = 0.0;
        for (size_t k = 0; k < support; k++) {
            double c = pay_cdf(p, (double)k * h, 0);
            f[k] = c - prev;
            prev = c;
        }
        break;
    default: /* nearest grid point */
        prev = 0.0;
        for (size_t k = 0; k < support; k++) {
            double c = pay_cdf(p, ((double)k + 0.5) * h, 0);
            f[k] = c - prev;
            prev = c;
        }
    }
    for (size_t k = support; k < m; k++)
        f[k] = 0.0;
    return support;
}

static double mean_of(const double *cdf, size_t m, double h)
{
    /* E[T] for T on the grid with P(T <= k h) = cdf[k] and cdf[m-1] = 1. */
    double mean = 0.0;
    for (size_t k = 0; k + 1 < m; k++)
        mean += (1.0 - cdf[k]) * h;
    return mean;
}

static int setup_counts(const ml_scenario *s, ml_exact *ex, ml_err *err)
{
    const ml_portfolio *p = &s->portfolio;
    const ml_regime *r = &s->regime;
    if (p->year_effect.kind != ML_RE_NONE)
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "%s: the exact method does not cover a year effect", s->source_file);
    if (p->hospital_effect.kind == ML_RE_LOGNORMAL)
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "%s: the exact method covers a gamma hospital effect only",
                        s->source_file);
    if (isfinite(r->policy.aggregate_retention) && r->policy.deductible > 0.0)
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "%s: the exact method does not cover an aggregate retention",
                        s->source_file);
    if (p->n_hospitals > 1 && (p->hospital_effect.kind != ML_RE_NONE ||
                               isfinite(r->policy.aggregate_limit)))
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "%s: the exact method covers several hospitals only with Poisson "
                        "counts and no aggregate limit",
                        s->source_file);
    double lam = 0.0;
    for (size_t h = 0; h < p->n_hospitals; h++)
        lam += ml_portfolio_hospital_rate(p, h);
    lam *= r->p_claim * r->p_settle; /* thinning keeps the count family */
    ex->negbin = p->hospital_effect.kind == ML_RE_GAMMA;
    ex->lambda = lam;
    ex->size = p->hospital_effect.size;
    ex->beta = ex->negbin ? lam / ex->size : 0.0;
    return ML_OK;
}

/* E[Y], exact, from limited expected values. */
static double payment_mean(const ml_regime *r)
{
    const ml_policy *pol = &r->policy;
    double total = 0.0;
    for (unsigned i = 0; i < r->liability.n; i++) {
        double s = r->liability.share[i];
        if (s <= 0.0)
            continue;
        double hi = ml_severity_lev(&r->severity, (pol->deductible + pol->limit) / s);
        double lo = ml_severity_lev(&r->severity, pol->deductible / s);
        total += r->liability.prob[i] * s * (hi - lo);
    }
    return pol->coinsurance * total;
}

static int run_panjer(const ml_exact *ex, const payment *pay, double h, size_t m,
                      int mode, double *f, double *out_cdf, ml_err *err)
{
    size_t support = discretize(pay, h, m, mode, f);
    int rc = ml_panjer(ex->negbin, ex->lambda, ex->size, ex->beta, f, m, support,
                       out_cdf, err);
    if (rc)
        return rc;
    double c = 0.0;
    for (size_t k = 0; k < m; k++) {
        c += out_cdf[k];
        out_cdf[k] = c < 1.0 ? c : 1.0;
    }
    return ML_OK;
}

int ml_exact_compute(const ml_scenario *s, size_t m, ml_exact *ex, ml_err *err)
{
    memset(ex, 0, sizeof *ex);
    const ml_regime *r = &s->regime;
    int rc = setup_counts(s, ex, err);
    if (rc)
        return rc;
    if (m == 0)
        m = ML_EXACT_DEFAULT_M;
    if (m < 64)
        return ML_ERROR(err, ML_EINVAL, "the exact method needs at least 64 grid points");
    double mean_y = payment_mean(r);
    double en = ex->negbin ? ex->size * ex->beta : ex->lambda;
    double A = r->policy.aggregate_limit;
    if (!isfinite(A) && !isfinite(mean_y))
        return ML_ERROR(err, ML_EUNSUPPORTED,
                        "%s: the insured loss has an infinite mean (severity too heavy "
                        "and no limit)", s->source_file);
    payment pay = {r};
    /* The pilot (no aggregate limit) runs in f and cdf_mid on its own
     * grid of ML_EXACT_PILOT_M points, which may be longer than m. */
    size_t cap = m > ML_EXACT_PILOT_M ? m : ML_EXACT_PILOT_M;
    double *f = malloc(cap * sizeof *f);
    ex->cdf_dn = malloc(m * sizeof(double));
    ex->cdf_up = malloc(m * sizeof(double));
    ex->cdf_mid = malloc(cap * sizeof(double));
    if (!f || !ex->cdf_dn || !ex->cdf_up || !ex->cdf_mid) {
        free(f);
        ml_exact_free(ex);
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the exact method");
    }
    ex->m = m;
    if (isfinite(A)) {
        ex->h = A > 0.0 ? A / (double)(m - 1) : 1.0;
    } else {
        /* Pilot on a coarse grid reaching far out, to place the fine grid's
         * end near the 1 - 1e-6 quantile: the bracket is then narrow where
         * the samples are, and beyond the grid the bounds stay valid. */
        size_t mp = ML_EXACT_PILOT_M;
        double reach = en * mean_y * 200.0 + 1.0;
        double hp = reach / (double)(mp - 1);
        if ((rc = run_panjer(ex, &pay, hp, mp, DISC_MID, f, ex->cdf_mid, err)))
            goto fail;
        size_t k = 0;
        while (k + 1 < mp && ex->cdf_mid[k] < 1.0 - 1e-6)
            k++;
        ex->h = (double)(k + 1) * hp / (double)(m - 1);
    }
    if ((rc = run_panjer(ex, &pay, ex->h, m, DISC_DOWN, f, ex->cdf_dn, err)) ||
        (rc = run_panjer(ex, &pay, ex->h, m, DISC_UP, f, ex->cdf_up, err)) ||
        (rc = run_panjer(ex, &pay, ex->h, m, DISC_MID, f, ex->cdf_mid, err)))
        goto fail;
    ex->tail_mass = 1.0 - ex->cdf_mid[m - 1];
    if (isfinite(A)) { /* min(S, A): all mass at or beyond A sits at A */
        ex->cdf_dn[m - 1] = ex->cdf_up[m - 1] = ex->cdf_mid[m - 1] = 1.0;
        ex->tail_mass = 0.0;
        ex->mean_lo = mean_of(ex->cdf_dn, m, ex->h);
        ex->mean_hi = mean_of(ex->cdf_up, m, ex->h);
        ex->mean = mean_of(ex->cdf_mid, m, ex->h);
    } else {
        ex->mean = ex->mean_lo = ex->mean_hi = en * mean_y;
    }
    /* sd from the nearest-point pmf (tail beyond the grid is left out). */
    double m1 = 0.0, m2 = 0.0, prev = 0.0;
    for (size_t k = 0; k < m; k++) {
        double pk = ex->cdf_mid[k] - prev, x = (double)k * ex->h;
        prev = ex->cdf_mid[k];
        m1 += pk * x;
        m2 += pk * x * x;
    }
    ex->sd = sqrt(fmax(m2 - m1 * m1, 0.0));
    free(f);
    return ML_OK;
fail:
    free(f);
    ml_exact_free(ex);
    return rc;
}

void ml_exact_free(ml_exact *ex)
{
    free(ex->cdf_dn);
    free(ex->cdf_up);
    free(ex->cdf_mid);
    ex->cdf_dn = ex->cdf_up = ex->cdf_mid = NULL;
}

void ml_exact_bounds(const ml_exact *ex, double x, double *f_lo, double *f_hi,
                     double *fminus_lo)
{
    if (x < 0.0) {
        *f_lo = *f_hi = *fminus_lo = 0.0;
        return;
    }
    /* x / h can land a hair below a grid point that x sits on exactly (an
     * atom such as the aggregate limit); rounding the index outward by a
     * relative 1e-9 keeps both bounds valid, only a little looser. */
    double t = x / ex->h, eps = 1e-9 * fmax(1.0, x / ex->h);
    size_t m = ex->m;
    int beyond = t + eps >= (double)(m - 1);
    size_t kf = beyond ? m - 1 : (size_t)floor(t + eps);
    size_t kl = t - eps >= (double)(m - 1) ? m - 1 : (size_t)floor(fmax(t - eps, 0.0));
    *f_hi = beyond ? 1.0 : ex->cdf_dn[kf]; /* F(x) <= P(S_dn <= x) */
    *f_lo = ex->cdf_up[kl];                /* F(x) >= P(S_up <= x) */
    /* F(x-) >= P(S_up < x) = P(S_up <= the grid point below x). */
    double c = ceil(t - eps);
    if (c <= 0.0)
        *fminus_lo = 0.0;
    else
        *fminus_lo = ex->cdf_up[c - 1.0 >= (double)(m - 1) ? m - 1 : (size_t)(c - 1.0)];
}

static double grid_quantile(const double *cdf, size_t m, double h, double p)
{
    for (size_t k = 0; k < m; k++)
        if (cdf[k] >= p)
            return (double)k * h;
    return INFINITY;
}

double ml_exact_quantile(const ml_exact *ex, double p)
{
    return grid_quantile(ex->cdf_mid, ex->m, ex->h, p);
}

void ml_exact_quantile_bounds(const ml_exact *ex, double p, double *lo, double *hi)
{
    *lo = grid_quantile(ex->cdf_dn, ex->m, ex->h, p);
    *hi = grid_quantile(ex->cdf_up, ex->m, ex->h, p);
}

double ml_exact_ks(const ml_exact *ex, const double *sorted, size_t n)
{
    double d = 0.0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i])
            j++;
        double lo, hi, fminus_lo;
        ml_exact_bounds(ex, sorted[i], &lo, &hi, &fminus_lo);
        double fn = (double)j / (double)n, fn_minus = (double)i / (double)n;
        d = fmax(d, fn - hi);             /* F_n(x) - F(x) >= this */
        d = fmax(d, fminus_lo - fn_minus); /* F(x-) - F_n(x-) >= this */
        i = j;
    }
    return d;
}
