/*
 * test_compensation.c — what a claim is worth: lognormal damages by injury
 * class, the statutory schedule (base x years x disability-grade
 * coefficient), caps on the non-economic part and on the total, fixed
 * no-fault amounts and settlement discounts.
 *
 * Means over n draws are checked within 4 standard errors, se = sd /
 * sqrt(n), with the exact sd where the law is known (lognormal:
 * mean sqrt(exp(s^2) - 1)); grade frequencies within 4 binomial se,
 * sqrt(p (1 - p) / n).  Schedules and caps are checked exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "claim.h"
#include "compensation.h"
#include "lc_fixture.h"
#include "rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* China's damages (scenarios/regimes/china.yaml), yuan; no schedule. */
static void china_damages(ml_compensation *c)
{
    static const double ml[ML_N_INJ] = {8.7, 10.0, 10.7, 10.2};
    static const double sl[ML_N_INJ] = {1.0, 1.0, 1.0, 0.8};
    memset(c, 0, sizeof *c);
    for (int k = 0; k < ML_N_INJ; k++) {
        c->law[k].meanlog = ml[k];
        c->law[k].sdlog = sl[k];
    }
    c->cap_noneconomic = c->cap_total = INFINITY;
}

/* The permanent-injury grade mix of china.yaml: coefficient 0.1 (grade 10)
 * ... 1.0 (grade 1). */
static void china_grades(ml_grade_mix *m)
{
    memset(m, 0, sizeof *m);
    m->n = 4;
    const double coef[4] = {0.1, 0.3, 0.6, 1.0}, prob[4] = {0.4, 0.3, 0.2, 0.1};
    memcpy(m->coef, coef, sizeof coef);
    memcpy(m->prob, prob, sizeof prob);
}

static void test_lognormal_mean_by_class(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 1000000;
    for (int cls = 0; cls < ML_N_INJ; cls++) {
        ml_rng_stream(g, 21, 0, 0, (uint32_t)cls, ML_P_SEVERITY);
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double d = ml_damages_draw(&c, -1, cls, g);
            assert_true(d > 0.0 && isfinite(d));
            sum += d;
        }
        double s2 = c.law[cls].sdlog * c.law[cls].sdlog;
        double mean = exp(c.law[cls].meanlog + 0.5 * s2), sd = mean * sqrt(expm1(s2));
        if (!(fabs(sum / n - mean) <= 4.0 * sd / sqrt(n)))
            fail_msg("class %s: mean %.1f, exact %.1f (4 se %.1f)", ml_injury_name[cls],
                     sum / n, mean, 4.0 * sd / sqrt(n));
    }
    gsl_rng_free(g);
}

/* With sdlog 0 the lognormal part is exactly exp(meanlog), so the schedule
 * part D - exp(meanlog) must be one of base x years x coef: 20167 yuan x 20
 * years x {0.1, 0.3, 0.6, 1.0} = 40334, 121002, 242004, 403340, each drawn
 * with its grade's probability. */
static void test_schedule_is_base_years_coefficient(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    for (int k = 0; k < ML_N_INJ; k++)
        c.law[k].sdlog = 0.0;
    c.sched_base = 20167;
    c.sched_years = 20;
    china_grades(&c.grades[ML_INJ_PERMANENT]);
    const double want[4] = {40334, 121002, 242004, 403340};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 22, 0, 0, 0, ML_P_SEVERITY);
    const int n = 400000;
    double count[4] = {0};
    double lognormal = exp(c.law[ML_INJ_PERMANENT].meanlog);
    for (int i = 0; i < n; i++) {
        double part = ml_damages_draw(&c, -1, ML_INJ_PERMANENT, g) - lognormal;
        int hit = -1;
        for (int k = 0; k < 4; k++)
            if (fabs(part - want[k]) <= 1e-6)
                hit = k;
        if (hit < 0)
            fail_msg("schedule part %.6f is not base x years x a grade coefficient", part);
        count[hit] += 1;
    }
    for (int k = 0; k < 4; k++) {
        double p = c.grades[ML_INJ_PERMANENT].prob[k];
        assert_true(fabs(count[k] / n - p) <= 4.0 * sqrt(p * (1 - p) / n));
    }
    gsl_rng_free(g);
}

/* Death: one grade of coefficient 1, so the schedule is exactly 20 years of
 * income, 403340 yuan, on top of exp(meanlog). */
static void test_death_schedule_exact(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    c.law[ML_INJ_DEATH].sdlog = 0.0;
    c.law[ML_INJ_DEATH].meanlog = log(50000.0);
    c.sched_base = 20167;
    c.sched_years = 20;
    c.grades[ML_INJ_DEATH] = (ml_grade_mix){1, {1.0}, {1.0}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 23, 0, 0, 0, ML_P_SEVERITY);
    double d = ml_damages_draw(&c, -1, ML_INJ_DEATH, g);
    assert_true(fabs(d - (50000.0 + 403340.0)) < 1e-6);
    gsl_rng_free(g);
}

/* No schedule without years, and none for a class without a grade mix. */
static void test_no_schedule_without_years_or_grades(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    for (int k = 0; k < ML_N_INJ; k++)
        c.law[k].sdlog = 0.0;
    c.sched_base = 20167;
    c.sched_years = 0;
    china_grades(&c.grades[ML_INJ_PERMANENT]);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 24, 0, 0, 0, ML_P_SEVERITY);
    double d = ml_damages_draw(&c, -1, ML_INJ_PERMANENT, g);
    assert_true(fabs(d - exp(10.7)) < 1e-6);
    c.sched_years = 20;
    d = ml_damages_draw(&c, -1, ML_INJ_SERIOUS, g);
    assert_true(fabs(d - exp(10.0)) < 1e-6);
    gsl_rng_free(g);
}

/* E[D] = exp(mu + s^2/2) + base x years x E[coef], E[coef] = 0.1 x 0.4 +
 * 0.3 x 0.3 + 0.6 x 0.2 + 1 x 0.1 = 0.35; se from the sample sd (the sum of
 * the two independent parts has no simpler closed form worth the risk). */
static void test_mean_with_schedule(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    c.sched_base = 20167;
    c.sched_years = 20;
    china_grades(&c.grades[ML_INJ_PERMANENT]);
    assert_true(fabs(ml_grade_mean(&c.grades[ML_INJ_PERMANENT]) - 0.35) < 1e-12);
    assert_true(ml_grade_mean(&c.grades[ML_INJ_MINOR]) == 0.0);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 25, 0, 0, 0, ML_P_SEVERITY);
    const int n = 1000000;
    double s = 0.0, q = 0.0;
    for (int i = 0; i < n; i++) {
        double d = ml_damages_draw(&c, -1, ML_INJ_PERMANENT, g);
        s += d;
        q += d * d;
    }
    double m = s / n, sd = sqrt(q / n - m * m);
    double want = exp(10.7 + 0.5) + 20167.0 * 20.0 * 0.35;
    assert_true(fabs(m - want) <= 4.0 * sd / sqrt(n));
    gsl_rng_free(g);
}

/* Caps, worked by hand:
 *   no caps: the award is the damages;
 *   non-economic share 0.3 capped at 10000: 100000 -> 70000 + 10000 = 80000;
 *     20000 -> its 6000 is under the cap -> 20000;
 *   total cap 75000 on top: 80000 -> 75000;
 *   total cap alone: min(d, cap), and d = cap is kept whole. */
static void test_caps_bind_exactly(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    assert_true(ml_damages_capped(&c, 123456.0) == 123456.0);
    c.noneconomic_share = 0.3;
    c.cap_noneconomic = 10000.0;
    assert_true(ml_damages_capped(&c, 100000.0) == 80000.0);
    assert_true(ml_damages_capped(&c, 20000.0) == 20000.0);
    c.cap_total = 75000.0;
    assert_true(ml_damages_capped(&c, 100000.0) == 75000.0);
    assert_true(ml_damages_capped(&c, 20000.0) == 20000.0);
    c.noneconomic_share = 0.0;
    c.cap_noneconomic = INFINITY;
    c.cap_total = 50000.0;
    assert_true(ml_damages_capped(&c, 50000.0) == 50000.0);
    assert_true(ml_damages_capped(&c, 1e9) == 50000.0);
    assert_true(ml_damages_capped(&c, 0.0) == 0.0);
}

/* A capped award never exceeds the damages or a cap and never falls as
 * damages rise. */
static void test_caps_monotone_and_bounded(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    c.noneconomic_share = 0.4;
    c.cap_noneconomic = 250000.0;
    c.cap_total = 1000000.0;
    double prev = 0.0;
    for (double d = 0.0; d <= 4e6; d += 1000.0) {
        double a = ml_damages_capped(&c, d);
        assert_true(a >= prev && a <= d && a <= c.cap_total);
        prev = a;
    }
}

/* Through a claim (lc_fixture.h: damages 100000, mediation appraised at
 * half liability, discount 0.8): total cap 50000 -> 0.8 x 50000 x 0.5 =
 * 20000. */
static void test_settlement_discount_on_capped_award(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 100000.0);
    L.comp.cap_total = 50000.0;
    gsl_rng *g[4];
    for (int i = 0; i < 4; i++)
        g[i] = gsl_rng_alloc(ml_rng_philox);
    ml_claim_rngs cr = {g[0], g[1], g[2], g[3], NULL, NULL};
    ml_claim_out o;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &o);
    ml_assert_double_abs(o.award, 20000.0, 1e-9, "rounding of a few operations");
    L.pathway.st[FX_MED].discount = 0.25;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &o);
    ml_assert_double_abs(o.award, 6250.0, 1e-9, "rounding of a few operations");
    for (int i = 0; i < 4; i++)
        gsl_rng_free(g[i]);
}

/* A no-fault scheme pays its fixed amount: not the damages, not capped,
 * not discounted. */
static void test_nofault_amount_is_fixed(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 100000.0);
    L.comp.cap_total = 1000.0;
    fx_stage(&L.pathway, 4, "scheme", ML_ST_NO_FAULT);
    ml_stage *nf = &L.pathway.st[4];
    nf->p_agree[0] = nf->p_agree[1] = 1.0;
    nf->discount = 0.5;
    nf->nofault_lump = 6000.0;
    nf->nofault_instalment = 1200.0;
    nf->nofault_years = 20;
    nf->nofault_classes = 1u << ML_INJ_PERMANENT;
    L.pathway.nofault = 4;
    gsl_rng *g[4];
    for (int i = 0; i < 4; i++)
        g[i] = gsl_rng_alloc(ml_rng_philox);
    ml_claim_rngs cr = {g[0], g[1], g[2], g[3], NULL, NULL};
    ml_claim_out o;
    for (int neg = 0; neg < 2; neg++) {
        ml_claim_walk(&L, -1, ML_INJ_PERMANENT, neg, 4, &cr, &o);
        assert_true(o.fund_lump + o.fund_instalments == 30000.0 && o.award == 0.0);
    }
    for (int i = 0; i < 4; i++)
        gsl_rng_free(g[i]);
}

/* Spliced lognormal-Pareto laws, each checked against closed forms the
 * test writes out itself: with z = (ln u - m) / s and F = Phi(z),
 *   mean   = (1 - w) e^(m + s^2/2) Phi(z - s) / F + w a u / (a - 1)
 *   E[X^2] = (1 - w) e^(2m + 2 s^2) Phi(z - 2s) / F + w a u^2 / (a - 2)
 *   P(X > x) = w (u / x)^a (x >= u),
 *            = (1 - w)(1 - Phi((ln x - m) / s) / F) + w (x < u)
 *   q(p) = exp(m + s Phi^-1(p F / (1 - w))) (p < 1 - w),
 *        = u ((1 - p) / w)^(-1/a) (p >= 1 - w).
 * Shapes are above 2 so the variance, and with it the standard error of
 * the mean, is finite. */
typedef struct {
    double m, s, u, a, w;
} splice;

static const splice cases[] = {
    {12.0, 1.4, 2e6, 2.5, 0.02},   /* England's obstetric permanent order of size */
    {10.0, 1.0, 1e5, 3.0, 0.10},   /* a heavy tail weight */
    {11.0, 0.6, 3e5, 4.5, 0.005},  /* a thin tail weight, steep Pareto */
    {13.0, 2.0, 1e7, 2.2, 0.05},   /* a wide body and a shape near 2 */
    {9.0, 1.2, 5e4, 3.5, 0.0},     /* weight 0: the truncated body alone */
};
#define N_CASES (sizeof cases / sizeof cases[0])

static ml_dmg_law law_of(const splice *c)
{
    ml_dmg_law l = {c->m, c->s, c->u, c->a, c->w};
    return l;
}

static double Phi(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static double cf_mean(const splice *c)
{
    double z = (log(c->u) - c->m) / c->s, F = Phi(z);
    return (1 - c->w) * exp(c->m + 0.5 * c->s * c->s) * Phi(z - c->s) / F +
           c->w * c->a * c->u / (c->a - 1);
}

static double cf_m2(const splice *c)
{
    double z = (log(c->u) - c->m) / c->s, F = Phi(z);
    return (1 - c->w) * exp(2 * c->m + 2 * c->s * c->s) * Phi(z - 2 * c->s) / F +
           c->w * c->a * c->u * c->u / (c->a - 2);
}

static double cf_sf(const splice *c, double x)
{
    if (x >= c->u)
        return c->w * pow(c->u / x, c->a);
    double F = Phi((log(c->u) - c->m) / c->s);
    return (1 - c->w) * (1 - Phi((log(x) - c->m) / c->s) / F) + c->w;
}

static void test_spliced_mean_within_se(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 400000;
    for (unsigned k = 0; k < N_CASES; k++) {
        ml_dmg_law l = law_of(&cases[k]);
        double mean = cf_mean(&cases[k]), sd = sqrt(cf_m2(&cases[k]) - mean * mean);
        /* the library's closed form agrees with the test's to rounding */
        assert_true(fabs(ml_dmg_mean(&l) - mean) <= 1e-10 * mean);
        ml_rng_stream(g, 31, 0, 0, k, ML_P_SEVERITY);
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double x = ml_dmg_draw(&l, g);
            assert_true(x > 0.0 && isfinite(x));
            sum += x;
        }
        double se = sd / sqrt((double)n);
        if (!(fabs(sum / n - mean) <= 4.0 * se))
            fail_msg("case %u: mean %.6g, closed form %.6g (4 se %.3g)", k, sum / n, mean,
                     4.0 * se);
    }
    gsl_rng_free(g);
}

/* Exceedance frequencies at points below, at and above the threshold,
 * within 4 binomial se sqrt(P (1 - P) / n) of the closed form. */
static void test_spliced_tail_probabilities(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 400000;
    static const double at[] = {0.05, 0.3, 0.8, 1.0, 1.5, 3.0, 10.0};
    enum { NX = sizeof at / sizeof at[0] };
    for (unsigned k = 0; k < N_CASES; k++) {
        ml_dmg_law l = law_of(&cases[k]);
        unsigned long over[NX] = {0};
        ml_rng_stream(g, 32, 0, 0, k, ML_P_SEVERITY);
        for (int i = 0; i < n; i++) {
            double x = ml_dmg_draw(&l, g);
            for (int j = 0; j < NX; j++)
                over[j] += x > at[j] * cases[k].u;
        }
        for (int j = 0; j < NX; j++) {
            double x = at[j] * cases[k].u, P = cf_sf(&cases[k], x);
            assert_true(fabs(ml_dmg_sf(&l, x) - P) <= 1e-12);
            double se = sqrt(P * (1 - P) / n), got = (double)over[j] / n;
            if (!(fabs(got - P) <= 4.0 * se + 1e-12))
                fail_msg("case %u, x = %g u: P(X > x) %.6g, closed form %.6g (4 se %.3g)", k,
                         at[j], got, P, 4.0 * se);
        }
        /* above the threshold the tail is exactly Pareto: P(X > 2u) / P(X > u) = 2^-a */
        if (cases[k].w > 0.0)
            assert_true(fabs(ml_dmg_sf(&l, 2 * cases[k].u) / ml_dmg_sf(&l, cases[k].u) -
                             pow(2.0, -cases[k].a)) <= 1e-12);
    }
    gsl_rng_free(g);
}

/* Quantiles: the library's against the closed form (to rounding), the
 * survival at each quantile is 1 - p, and the share of draws at or below
 * the quantile is p within 4 binomial se. */
static void test_spliced_quantiles(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 400000;
    static const double ps[] = {0.001, 0.01, 0.1, 0.5, 0.9, 0.97, 0.99, 0.995, 0.999};
    enum { NP = sizeof ps / sizeof ps[0] };
    for (unsigned k = 0; k < N_CASES; k++) {
        const splice *c = &cases[k];
        ml_dmg_law l = law_of(c);
        double q[NP];
        for (int j = 0; j < NP; j++) {
            double p = ps[j], F = Phi((log(c->u) - c->m) / c->s);
            double want = p < 1 - c->w
                              ? exp(c->m + c->s * gsl_cdf_ugaussian_Pinv(p * F / (1 - c->w)))
                              : c->u * pow((1 - p) / c->w, -1 / c->a);
            q[j] = ml_dmg_quantile(&l, p);
            if (!(fabs(q[j] - want) <= 1e-9 * want))
                fail_msg("case %u, p %g: quantile %.10g, closed form %.10g", k, p, q[j], want);
            assert_true(fabs(ml_dmg_sf(&l, q[j]) - (1 - p)) <= 1e-9);
            if (j)
                assert_true(q[j] > q[j - 1]);
        }
        unsigned long below[NP] = {0};
        ml_rng_stream(g, 33, 0, 0, k, ML_P_SEVERITY);
        for (int i = 0; i < n; i++) {
            double x = ml_dmg_draw(&l, g);
            for (int j = 0; j < NP; j++)
                below[j] += x <= q[j];
        }
        for (int j = 0; j < NP; j++) {
            double se = sqrt(ps[j] * (1 - ps[j]) / n), got = (double)below[j] / n;
            if (!(fabs(got - ps[j]) <= 4.0 * se))
                fail_msg("case %u: share below q(%g) is %.6g (4 se %.3g)", k, ps[j], got,
                         4.0 * se);
        }
    }
    gsl_rng_free(g);
}

/* The two weight rules: "own" leaves the body exactly the lognormal below
 * the threshold (same survival there, same mass above); "continuous" makes
 * the density left and right of the threshold equal (central differences
 * of the survival at relative step 1e-6, agreeing to 1e-4). */
static void test_tail_weight_rules(void **state)
{
    (void)state;
    for (unsigned k = 0; k < N_CASES; k++) {
        const splice *c = &cases[k];
        ml_dmg_law l = law_of(c);
        l.weight = ml_dmg_weight_own(c->m, c->s, c->u);
        ml_dmg_law ln = {c->m, c->s, 0, 0, 0};
        assert_true(fabs(l.weight - ml_dmg_sf(&ln, c->u)) <= 1e-15);
        for (double f = 0.1; f < 1.0; f += 0.2)
            assert_true(fabs(ml_dmg_sf(&l, f * c->u) - ml_dmg_sf(&ln, f * c->u)) <= 1e-12);
        l.weight = ml_dmg_weight_continuous(c->m, c->s, c->u, c->a);
        assert_true(l.weight > 0.0 && l.weight < 1.0);
        double h = 1e-6 * c->u;
        double left = (ml_dmg_sf(&l, c->u - 2 * h) - ml_dmg_sf(&l, c->u - h)) / h;
        double right = (ml_dmg_sf(&l, c->u + h) - ml_dmg_sf(&l, c->u + 2 * h)) / h;
        if (!(fabs(left / right - 1) <= 1e-4))
            fail_msg("case %u: density %.8g left of u, %.8g right", k, left, right);
    }
}

/* A plain lognormal (no threshold): quantile, survival and mean are the
 * lognormal's, and its draw is GSL's own (the stream regimes without a
 * tail always used). */
static void test_plain_lognormal_unchanged(void **state)
{
    (void)state;
    ml_dmg_law l = {10.5, 1.1, 0, 0, 0};
    assert_true(fabs(ml_dmg_mean(&l) - exp(10.5 + 0.5 * 1.21)) <= 1e-9);
    assert_true(fabs(ml_dmg_quantile(&l, 0.5) - exp(10.5)) <= 1e-9);
    assert_true(fabs(ml_dmg_sf(&l, exp(10.5)) - 0.5) <= 1e-15);
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(a, 5, 0, 0, 0, ML_P_SEVERITY);
    ml_rng_stream(b, 5, 0, 0, 0, ML_P_SEVERITY);
    for (int i = 0; i < 1000; i++)
        assert_true(ml_dmg_draw(&l, a) == gsl_ran_lognormal(b, 10.5, 1.1));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* by_specialty: the specialty's own cells replace the class defaults; the
 * cells it does not name, and spec -1, use the defaults.  Damages drawn
 * for the specialty's own cell have the spliced mean (4 se). */
static void test_specialty_cells(void **state)
{
    (void)state;
    ml_compensation c;
    china_damages(&c);
    c.n_spec = 1;
    snprintf(c.spec_name[0], ML_LABEL_MAX, "obstetrics");
    for (int k = 0; k < ML_N_INJ; k++)
        c.spec[0][k] = c.law[k];
    c.spec[0][ML_INJ_PERMANENT] = law_of(&cases[0]);
    c.own[0][ML_INJ_PERMANENT] = 1;
    assert_ptr_equal(ml_damages_law(&c, 0, ML_INJ_PERMANENT), &c.spec[0][ML_INJ_PERMANENT]);
    assert_true(ml_damages_law(&c, 0, ML_INJ_MINOR)->meanlog == c.law[ML_INJ_MINOR].meanlog);
    assert_ptr_equal(ml_damages_law(&c, -1, ML_INJ_PERMANENT), &c.law[ML_INJ_PERMANENT]);
    assert_ptr_equal(ml_damages_law(&c, 3, ML_INJ_PERMANENT), &c.law[ML_INJ_PERMANENT]);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 34, 0, 0, 0, ML_P_SEVERITY);
    const int n = 400000;
    double sum = 0.0, sum_def = 0.0;
    for (int i = 0; i < n; i++) {
        sum += ml_damages_draw(&c, 0, ML_INJ_PERMANENT, g);
        sum_def += ml_damages_draw(&c, -1, ML_INJ_PERMANENT, g);
    }
    double mean = cf_mean(&cases[0]), sd = sqrt(cf_m2(&cases[0]) - mean * mean);
    assert_true(fabs(sum / n - mean) <= 4.0 * sd / sqrt((double)n));
    double s2 = 1.0, lm = exp(10.7 + 0.5 * s2), lsd = lm * sqrt(expm1(s2));
    assert_true(fabs(sum_def / n - lm) <= 4.0 * lsd / sqrt((double)n));
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lognormal_mean_by_class),
        cmocka_unit_test(test_schedule_is_base_years_coefficient),
        cmocka_unit_test(test_death_schedule_exact),
        cmocka_unit_test(test_no_schedule_without_years_or_grades),
        cmocka_unit_test(test_mean_with_schedule),
        cmocka_unit_test(test_caps_bind_exactly),
        cmocka_unit_test(test_caps_monotone_and_bounded),
        cmocka_unit_test(test_settlement_discount_on_capped_award),
        cmocka_unit_test(test_nofault_amount_is_fixed),
        cmocka_unit_test(test_spliced_mean_within_se),
        cmocka_unit_test(test_spliced_tail_probabilities),
        cmocka_unit_test(test_spliced_quantiles),
        cmocka_unit_test(test_tail_weight_rules),
        cmocka_unit_test(test_plain_lognormal_unchanged),
        cmocka_unit_test(test_specialty_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
