/*
 * test_insurance_rules.c — the insurance part of a lifecycle year
 * (ml_life_replicate) that the theses' levers act on: a compulsory-
 * insurance rule and its enforcement, settlements the insurer does not
 * recognise, the insurer's time to pay a direct claim, and prevention of
 * negligent adverse events.
 *
 * The world: one hospital, one specialty of 40 incidents a year (Poisson),
 * every one a negligent death and every one claimed, on the fixture's
 * pathway (lc_fixture.h): negotiation fails, mediation agrees at 0.8 of
 * 100000 x 0.5 = 40000 after 3 + 2 months, defence 300, admin 700,
 * claimant 150; no policy terms.  So each claim's money is known exactly,
 * and a year with claims is one where P(no incident) = e^-40 is nil.
 *
 * Statistical tolerances: a share q estimated from R independent
 * Bernoulli years has binomial SE sqrt(q (1 - q) / R); a ratio of sums
 * over R years uses the delta-method SE of the per-year pairs.  Each
 * check allows 4 SE, and the sizes are exact otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_life.h"
#include "lc_fixture.h"
#include "ml_assert.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ml_scenario s;
    ml_lifecycle L;
    ml_specialty spec;
    ml_hospital hosp;
    double expo;
    unsigned char nofault_spec;
    double part, target;
    gsl_rng *g[ML_LIFE_RNGS];
    double acc[ML_N_MEASURES], mx[ML_N_MEASURES];
    double chan[ML_STAGE_STATS * ML_CHANNELS_MAX];
    double hist[ML_MONTHS_BINS + 1];
} world;

static world *world_new(void)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    fx_lifecycle(&w->L, 100000.0);
    w->L.ins.participation = 1.0;
    ml_portfolio *p = &w->s.portfolio;
    snprintf(p->name, sizeof p->name, "test");
    p->n_specialties = 1;
    p->specialties = &w->spec;
    snprintf(w->spec.name, ML_NAME_MAX, "all");
    w->spec.incident_rate = 40.0;
    p->n_hospitals = 1;
    p->hospitals = &w->hosp;
    snprintf(w->hosp.name, ML_NAME_MAX, "h");
    w->hosp.exposure = &w->expo;
    w->expo = 1.0;
    p->hospital_effect.kind = p->year_effect.kind = ML_RE_NONE;
    p->has_medicine = 1;
    const double death[ML_N_INJ] = {0, 0, 0, 1};
    memcpy(p->injury_mix, death, sizeof death);
    for (int c = 0; c < ML_N_INJ; c++)
        p->negligent_share[c] = 1.0;
    w->s.regime.life = &w->L;
    w->s.regime.policy = (ml_policy){0.0, INFINITY, 1.0, INFINITY, INFINITY,
                                     ML_INDEMNIFIER_INSURER};
    w->s.nofault_spec = &w->nofault_spec;
    for (int i = 0; i < ML_LIFE_RNGS; i++) {
        w->g[i] = gsl_rng_alloc(ml_rng_philox);
        assert_non_null(w->g[i]);
    }
    return w;
}

static void world_free(world *w)
{
    for (int i = 0; i < ML_LIFE_RNGS; i++)
        gsl_rng_free(w->g[i]);
    free(w);
}

/* The hospital's participation and the rule's target, as the loader
 * gives them per hospital (ml_regime_finish). */
static void cover(world *w, double part, double target, double enforcement)
{
    w->part = part;
    w->target = target;
    w->s.participation = &w->part;
    w->s.mandate_target = &w->target;
    w->L.ins.mandate.enforcement = enforcement;
}

static void year(world *w, uint64_t seed, uint32_t rep)
{
    ml_err err = {0};
    memset(w->hist, 0, sizeof w->hist);
    static ml_price_acc pa;
    if (ml_life_replicate(&w->s, seed, rep, w->g, w->acc, w->mx, w->chan, w->hist, &pa, &err))
        fail_msg("ml_life_replicate: %s", err.msg);
}

static void per_claim(double got, double n, double each, const char *what)
{
    double want = n * each;
    if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
        fail_msg("%s: %.6f for %.0f claims, want %.6f (%.4f each)", what, got, n, want, each);
}

static void share_within(double k, double R, double q, const char *what)
{
    double se = sqrt(q * (1 - q) / R);
    ml_assert_within_se(k / R, q, se, 4.0, what);
}

/* Participation p, a rule of target t and enforcement e: the hospital is
 * insured in a share p + (t - p) e of years and bound-but-uninsured-of-
 * its-own-accord in t - p, each within its binomial SE, for a grade whose
 * rule binds (p 0.6, t 1, e 0.8: 0.92 and 0.4) and one partly bound (p
 * 0.3, t 0.9, e 0.5: 0.6 and 0.6).  Of the claims against bound
 * hospitals the insured share is e (mandate_insured / mandate_claims).  A
 * target at or below p changes nothing, year by year; and every year the
 * base insures, the rule insures too (one uniform: common random numbers). */
static void test_mandate_raises_participation_by_its_enforcement_within_binomial_se(void **state)
{
    (void)state;
    const double cases[][3] = {{0.6, 1.0, 0.8}, {0.3, 0.9, 0.5}};
    const uint32_t R = 20000;
    for (int k = 0; k < 2; k++) {
        double p = cases[k][0], t = cases[k][1], e = cases[k][2];
        world *w = world_new(), *b = world_new();
        cover(w, p, t, e);
        cover(b, p, 0.0, 0.0);
        double ins = 0, bound = 0, mc = 0, mi = 0;
        for (uint32_t r = 0; r < R; r++) {
            year(w, 31, r);
            year(b, 31, r);
            double n = w->acc[ML_M_CLAIMS];
            assert_true(n > 0 && n == b->acc[ML_M_CLAIMS]);
            int wi = w->acc[ML_M_INSURED_CLAIMS] == n, bi = b->acc[ML_M_INSURED_CLAIMS] == n;
            assert_true(wi || w->acc[ML_M_INSURED_CLAIMS] == 0.0); /* the hospital-year */
            if (bi && !wi)
                fail_msg("year %u: insured without the rule, not with it", r);
            ins += wi;
            bound += w->acc[ML_M_MANDATE_CLAIMS] > 0;
            mc += w->acc[ML_M_MANDATE_CLAIMS];
            mi += w->acc[ML_M_MANDATE_INSURED];
            ml_assert_double_exact(b->acc[ML_M_MANDATE_CLAIMS], 0.0);
        }
        share_within(ins, R, p + (t - p) * e, "insured years under the rule");
        share_within(bound, R, t - p, "years the rule binds an uninsured hospital");
        /* mi / mc: years are Bernoulli(e) among bound ones, each weighted
         * by its Poisson(40) claims; the binomial SE over bound years is
         * close (the weights vary by 1/sqrt(40)) and 4 of them are kept. */
        share_within(mi / mc * bound, bound, e, "insured share of bound claims");
        world_free(w);
        world_free(b);
    }
    /* a target at or below participation: the base's years exactly */
    world *w = world_new(), *b = world_new();
    cover(w, 0.6, 0.6, 1.0);
    cover(b, 0.6, 0.0, 0.0);
    for (uint32_t r = 0; r < 500; r++) {
        year(w, 32, r);
        year(b, 32, r);
        for (int m = 0; m < ML_N_MEASURES; m++)
            ml_assert_double_exact(w->acc[m], b->acc[m]);
    }
    world_free(w);
    world_free(b);
}

/* A settlement at a stage kind the insurer does not recognise is the
 * hospital's alone: with every mediated settlement refused, an insured
 * hospital's insurer pays nothing and the hospital retains each award and
 * its defence-side costs exactly (40000 + 1000), as if uninsured, and
 * every one is counted unrecognised.  An insurer that conducts the
 * defence, or faces a direct claim, is a party to every settlement and
 * pays it (40000 + 150, the claimant's costs the award carries under the
 * policy here being none: loser pays is off).  A share 0.5 refused: the
 * count within its binomial SE, and insured + retained still the whole
 * cost exactly. */
static void test_unrecognised_settlements_are_retained_exactly(void **state)
{
    (void)state;
    world *w = world_new();
    w->L.ins.unrecognised[ML_ST_MEDIATION] = 1.0;
    double tot = 0;
    for (uint32_t r = 0; r < 20; r++) {
        year(w, 40, r);
        double n = w->acc[ML_M_CLAIMS];
        tot += n;
        ml_assert_double_exact(w->acc[ML_M_PAID_CLAIMS], n);
        ml_assert_double_exact(w->acc[ML_M_INSURED_CLAIMS], n);
        ml_assert_double_exact(w->acc[ML_M_UNRECOGNISED], n);
        ml_assert_double_exact(w->acc[ML_M_INSURED], 0.0);
        per_claim(w->acc[ML_M_RETAINED], n, 41000, "retained, unrecognised");
        per_claim(w->acc[ML_M_COMPENSATION], n, 40000, "compensation, unrecognised");
    }
    assert_true(tot > 0);
    /* a negotiated-settlement rule does not touch a mediated settlement */
    w->L.ins.unrecognised[ML_ST_MEDIATION] = 0.0;
    w->L.ins.unrecognised[ML_ST_NEGOTIATION] = 1.0;
    year(w, 40, 0);
    ml_assert_double_exact(w->acc[ML_M_UNRECOGNISED], 0.0);
    per_claim(w->acc[ML_M_INSURED], w->acc[ML_M_CLAIMS], 40000, "insured, recognised");
    /* a party to the settlement recognises it */
    w->L.ins.unrecognised[ML_ST_MEDIATION] = 1.0;
    w->L.legal.duty_to_defend = 1;
    year(w, 40, 0);
    ml_assert_double_exact(w->acc[ML_M_UNRECOGNISED], 0.0);
    per_claim(w->acc[ML_M_INSURED], w->acc[ML_M_CLAIMS], 41000, "insured, duty to defend");
    w->L.legal.duty_to_defend = 0;
    w->L.ins.direct_claim = 1;
    year(w, 40, 0);
    ml_assert_double_exact(w->acc[ML_M_UNRECOGNISED], 0.0);
    per_claim(w->acc[ML_M_INSURED], w->acc[ML_M_CLAIMS], 40000, "insured, direct claim");
    /* half refused, by chance */
    w->L.ins.direct_claim = 0;
    w->L.ins.unrecognised[ML_ST_MEDIATION] = 0.5;
    double n = 0, u = 0;
    for (uint32_t r = 0; r < 500; r++) {
        year(w, 41, r);
        double c = w->acc[ML_M_CLAIMS], k = w->acc[ML_M_UNRECOGNISED];
        n += c;
        u += k;
        per_claim(w->acc[ML_M_INSURED], c - k, 40000, "insured, the recognised half");
        per_claim(w->acc[ML_M_INSURED] + w->acc[ML_M_RETAINED], c, 41000, "whole cost");
    }
    share_within(u, n, 0.5, "refused share");
    world_free(w);
}

/* An insured hospital's award on a direct claim is paid payment_months
 * after the settlement: 5 + 0.16 months to closure for every claim, none
 * unpaid however high p_unpaid; without the direct claim the award waits
 * the enforcement months instead (5 + 4). */
static void test_direct_claim_is_paid_after_payment_months(void **state)
{
    (void)state;
    world *w = world_new();
    w->L.ins.direct_claim = 1;
    w->L.ins.payment_months = 0.16;
    w->L.ins.enforce_months = 4.0;
    w->L.ins.p_unpaid = 0.5;
    year(w, 50, 0);
    double n = w->acc[ML_M_CLAIMS];
    assert_true(n > 0);
    per_claim(w->acc[ML_M_CLAIM_MONTHS], n, 5.16, "months, direct claim");
    ml_assert_double_exact(w->acc[ML_M_UNPAID], 0.0);
    per_claim(w->acc[ML_M_COMPENSATION], n, 40000, "compensation, direct claim");
    w->L.ins.direct_claim = 0;
    w->L.ins.p_unpaid = 0.0;
    year(w, 50, 0);
    per_claim(w->acc[ML_M_CLAIM_MONTHS], n, 9.0, "months, collected from the hospital");
    world_free(w);
}

/* Prevention thins each negligent cell's count: on the same seed, the
 * events that happen plus those prevented are the base's events exactly,
 * year by year; the prevented share is the parameter within its binomial
 * SE (the base's events are the trials); claims follow the events left.
 * Non-negligent events are not touched (a world of both kinds). */
static void test_prevention_removes_its_share_of_negligent_events(void **state)
{
    (void)state;
    world *w = world_new(), *b = world_new();
    for (int c = 0; c < ML_N_INJ; c++)
        w->s.portfolio.negligent_share[c] = b->s.portfolio.negligent_share[c] = 0.5;
    w->L.prevention.negligent = 0.1;
    const uint32_t R = 2000;
    double base = 0, gone = 0;
    for (uint32_t r = 0; r < R; r++) {
        year(w, 60, r);
        year(b, 60, r);
        ml_assert_double_exact(w->acc[ML_M_NEGLIGENT] + w->acc[ML_M_PREVENTED],
                               b->acc[ML_M_NEGLIGENT]);
        ml_assert_double_exact(w->acc[ML_M_INCIDENTS] - w->acc[ML_M_NEGLIGENT],
                               b->acc[ML_M_INCIDENTS] - b->acc[ML_M_NEGLIGENT]);
        ml_assert_double_exact(w->acc[ML_M_NEGLIGENT_CLAIMS], w->acc[ML_M_NEGLIGENT]);
        ml_assert_double_exact(b->acc[ML_M_PREVENTED], 0.0);
        base += b->acc[ML_M_NEGLIGENT];
        gone += w->acc[ML_M_PREVENTED];
    }
    share_within(gone, base, 0.1, "prevented share of negligent events");
    /* all prevented: no negligent event is left */
    w->L.prevention.negligent = 1.0;
    year(w, 60, 0);
    ml_assert_double_exact(w->acc[ML_M_NEGLIGENT], 0.0);
    assert_true(w->acc[ML_M_INCIDENTS] > 0);
    world_free(w);
    world_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mandate_raises_participation_by_its_enforcement_within_binomial_se),
        cmocka_unit_test(test_unrecognised_settlements_are_retained_exactly),
        cmocka_unit_test(test_direct_claim_is_paid_after_payment_months),
        cmocka_unit_test(test_prevention_removes_its_share_of_negligent_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
