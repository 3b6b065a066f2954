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

#include "claim.h"
#include "compensation.h"
#include "lc_fixture.h"
#include "rng.h"

#include <math.h>
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
    ml_claim_rngs cr = {g[0], g[1], g[2], g[3]};
    ml_claim_out o;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &o);
    assert_true(fabs(o.award - 20000.0) < 1e-9);
    L.pathway.st[FX_MED].discount = 0.25;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &o);
    assert_true(fabs(o.award - 6250.0) < 1e-9);
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
    nf->nofault_amount = 30000.0;
    nf->nofault_classes = 1u << ML_INJ_PERMANENT;
    L.pathway.nofault = 4;
    gsl_rng *g[4];
    for (int i = 0; i < 4; i++)
        g[i] = gsl_rng_alloc(ml_rng_philox);
    ml_claim_rngs cr = {g[0], g[1], g[2], g[3]};
    ml_claim_out o;
    for (int neg = 0; neg < 2; neg++) {
        ml_claim_walk(&L, -1, ML_INJ_PERMANENT, neg, 4, &cr, &o);
        assert_true(o.award == 30000.0);
    }
    for (int i = 0; i < 4; i++)
        gsl_rng_free(g[i]);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
