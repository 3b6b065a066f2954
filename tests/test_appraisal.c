/*
 * test_appraisal.c — damage identification: draws from a route's confusion
 * matrix over the liability degrees (ml_appraisal_draw), the probability of
 * some liability (ml_appraisal_p_liable), and the cost and delay an
 * appraisal adds to a claim.
 *
 * Frequencies over n draws are checked within 4 binomial standard errors,
 * |p_hat - p| <= 4 sqrt(p (1 - p) / n); a degree of probability 0 must
 * never be drawn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "appraisal.h"
#include "claim.h"
#include "lc_fixture.h"
#include "rng.h"

#include <math.h>
#include <string.h>

/* Mainland China's six liability degrees with the payout shares of
 * scenarios/regimes/china.yaml, and its judicial-appraisal row. */
static void china_degrees(ml_degrees *d)
{
    static const char *const names[6] = {"none", "minor", "secondary", "equal",
                                         "primary", "full"};
    static const double share[6] = {0, 0.1, 0.3, 0.5, 0.75, 1};
    memset(d, 0, sizeof *d);
    d->n = 6;
    for (unsigned k = 0; k < 6; k++) {
        snprintf(d->name[k], ML_LABEL_MAX, "%s", names[k]);
        d->share[k] = share[k];
    }
}

static void judicial_route(ml_route *r)
{
    static const double neg[6] = {0.1, 0.2, 0.3, 0.1, 0.2, 0.1};
    static const double not_neg[6] = {0.5, 0.3, 0.15, 0.05, 0, 0};
    memset(r, 0, sizeof *r);
    snprintf(r->name, ML_LABEL_MAX, "judicial");
    memcpy(r->prob[1], neg, sizeof neg);
    memcpy(r->prob[0], not_neg, sizeof not_neg);
    r->cost = 10000;
    r->delay_months = 6;
}

static void test_china_six_degree_frequencies(void **state)
{
    (void)state;
    ml_degrees d;
    ml_route r;
    china_degrees(&d);
    judicial_route(&r);
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 1000000;
    for (int neg = 0; neg < 2; neg++) {
        ml_rng_stream(g, 11, 0, 0, (uint32_t)neg, ML_P_LIABILITY);
        double count[6] = {0};
        for (int i = 0; i < n; i++) {
            unsigned k = ml_appraisal_draw(&r, &d, neg, g);
            assert_true(k < d.n);
            count[k] += 1;
        }
        for (unsigned k = 0; k < 6; k++) {
            double p = r.prob[neg][k];
            if (p == 0.0) {
                ml_assert_double_exact(count[k], 0.0);
                continue;
            }
            double se = sqrt(p * (1 - p) / n);
            if (!(fabs(count[k] / n - p) <= 4.0 * se))
                fail_msg("negligent=%d degree %s: %.5f drawn, %.5f set (4 se %.5f)", neg,
                         d.name[k], count[k] / n, p, 4.0 * se);
        }
    }
    gsl_rng_free(g);
}

/* A perfectly accurate route: every negligent injury found fully liable,
 * every other found not liable, without exception. */
static void test_identity_matrix_reproduces_negligence(void **state)
{
    (void)state;
    ml_degrees d;
    ml_route r;
    china_degrees(&d);
    memset(&r, 0, sizeof r);
    r.prob[0][0] = 1.0; /* not negligent -> none */
    r.prob[1][5] = 1.0; /* negligent -> full */
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 12, 0, 0, 0, ML_P_LIABILITY);
    for (int i = 0; i < 100000; i++) {
        int neg = i & 1;
        unsigned k = ml_appraisal_draw(&r, &d, neg, g);
        assert_int_equal(k, neg ? 5u : 0u);
        ml_assert_double_exact(d.share[k], (double)neg);
    }
    assert_true(ml_appraisal_p_liable(&r, &d, 1) == 1.0);
    assert_true(ml_appraisal_p_liable(&r, &d, 0) == 0.0);
    gsl_rng_free(g);
}

/* The same identity on a two-degree regime (liable or not). */
static void test_identity_two_degrees(void **state)
{
    (void)state;
    ml_degrees d = {2, {"not_liable", "liable"}, {0.0, 1.0}};
    ml_route r;
    memset(&r, 0, sizeof r);
    r.prob[0][0] = r.prob[1][1] = 1.0;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 13, 0, 0, 0, ML_P_LIABILITY);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(ml_appraisal_draw(&r, &d, i % 2, g), (unsigned)(i % 2));
    gsl_rng_free(g);
}

/* The mass on degrees with a positive share: 1 - P(none). */
static void test_p_liable_sums_liable_degree_frequencies(void **state)
{
    (void)state;
    ml_degrees d;
    ml_route r;
    china_degrees(&d);
    judicial_route(&r);
    assert_true(fabs(ml_appraisal_p_liable(&r, &d, 1) - 0.9) < 1e-12);
    assert_true(fabs(ml_appraisal_p_liable(&r, &d, 0) - 0.5) < 1e-12);
}

/* A row that sums to just under 1 by rounding: a uniform above the sum
 * still lands on the last degree, never past the table. */
static void test_rounding_remainder_goes_to_last_degree(void **state)
{
    (void)state;
    ml_degrees d;
    china_degrees(&d);
    ml_route r;
    memset(&r, 0, sizeof r);
    for (int k = 0; k < 6; k++)
        r.prob[1][k] = 1.0 / 6.0 - 1e-12;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 14, 0, 0, 0, ML_P_LIABILITY);
    double last = 0;
    const int n = 600000;
    for (int i = 0; i < n; i++) {
        unsigned k = ml_appraisal_draw(&r, &d, 1, g);
        assert_true(k < 6);
        last += k == 5;
    }
    double p = 1.0 / 6.0;
    assert_true(fabs(last / n - p) <= 4.0 * sqrt(p * (1 - p) / n));
    gsl_rng_free(g);
}

/* Through a claim: the fixture's mediation stage with and without its
 * appraisal route.  The route's cost lands in admin and its delay in the
 * stage's months and the claim's, exactly. */
static void test_cost_and_delay_applied(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.route[0].cost = 3000;
    L.route[0].delay_months = 2.5;
    gsl_rng *g[4];
    for (int i = 0; i < 4; i++)
        g[i] = gsl_rng_alloc(ml_rng_philox);
    ml_claim_rngs cr = {g[0], g[1], g[2], g[3], NULL, NULL};
    ml_claim_out with, without;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &with);
    L.pathway.st[FX_MED].route = -1;
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &cr, &without);
    /* Both close at mediation (it always agrees; "assoc" finds half). */
    assert_int_equal(with.final_stage, FX_MED);
    assert_int_equal(without.final_stage, FX_MED);
    ml_assert_double_exact(with.admin - without.admin, 3000.0);
    ml_assert_double_exact(with.months - without.months, 2.5);
    ml_assert_double_exact(with.stage_months[FX_MED], 2.0 + 2.5);
    /* The share found (half) governs the payment: 0.8 x 1000 x 0.5. */
    ml_assert_double_abs(with.award, 400.0, 1e-9, "rounding of a few operations");
    ml_assert_double_abs(without.award, 800.0, 1e-9, "rounding of a few operations");
    for (int i = 0; i < 4; i++)
        gsl_rng_free(g[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_china_six_degree_frequencies),
        cmocka_unit_test(test_identity_matrix_reproduces_negligence),
        cmocka_unit_test(test_identity_two_degrees),
        cmocka_unit_test(test_p_liable_sums_liable_degree_frequencies),
        cmocka_unit_test(test_rounding_remainder_goes_to_last_degree),
        cmocka_unit_test(test_cost_and_delay_applied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
