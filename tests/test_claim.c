/*
 * test_claim.c — the walk of one claim through the pathway (ml_claim_walk)
 * and stage durations (ml_duration_draw).
 *
 * Exact tests use the hand-built fixture of lc_fixture.h with degenerate
 * probabilities (0 or 1) and durations without spread (cv 0), so every
 * path, month and cost is worked out by hand in the comments.  Statistical
 * tests compare frequencies over N walks with the probabilities set, within
 * 4 binomial standard errors: |p_hat - p| <= 4 sqrt(p (1 - p) / n), n the
 * number of trials of that proportion (a false failure about 6e-5 per
 * check; the streams are fixed, so a result never flips between runs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "claim.h"
#include "lc_fixture.h"
#include "claim_rngs.h"
#include "rng.h"

#include <math.h>
#include <string.h>

#define D 100000.0 /* the fixture's damages, currency */

static void walk(const ml_lifecycle *L, int cls, int neg, int entry, ml_claim_out *o)
{
    rngs x;
    rngs_alloc(&x);
    rngs_at(&x, 1, 0);
    ml_claim_walk(L, -1, cls, neg, entry, &x.r, o);
    rngs_free(&x);
}

/* Equal to within rounding of exp(log(D)) (the damages are exp of a log). */
static void near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

static double months_sum(const ml_claim_out *o)
{
    double s = 0.0;
    for (int i = 0; i < ML_STAGES_MAX; i++)
        s += o->stage_months[i];
    return s;
}

/* The walk of test_walk_agreement_after_appraisal with the claimant's
 * costs growing with the claim (legal_costs.claimant_size): the stages'
 * claimant costs (150) times (D / reference)^elasticity, D flat above
 * up_to; the fee, the award, the defence and the fees do not move. */
static void test_walk_claimant_costs_grow_with_damages(void **state)
{
    (void)state;
    static const struct {
        double ref, el, up_to, factor;
    } c[] = {
        {25000.0, 0.5, 0.0, 2.0},            /* (100000 / 25000)^0.5 */
        {25000.0, 0.5, 50000.0, M_SQRT2},    /* flat above 50000: (2)^0.5 */
        {400000.0, 0.5, 0.0, 0.5},           /* a claim below the reference costs less */
        {10000.0, 1.0, 1e9, 10.0},           /* elasticity 1: in proportion */
        {25000.0, 0.0, 0.0, 1.0},            /* elasticity 0: as stated */
    };
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        ml_lifecycle L;
        fx_lifecycle(&L, D);
        L.legal.contingency_fee = 0.3;
        L.legal.claimant_size = (ml_cost_size){c[k].ref, c[k].el, c[k].up_to};
        near(ml_cost_size_factor(&L.legal.claimant_size, D), c[k].factor);
        ml_claim_out o;
        walk(&L, ML_INJ_SERIOUS, 1, FX_NEG, &o);
        near(o.award, 40000.0);
        assert_true(o.defence == 300.0 && o.admin == 700.0);
        near(o.claimant, 150.0 * c[k].factor + 12000.0);
    }
}

/* The same walk with the defence's costs growing with the claim
 * (legal_costs.defence_size), alone and with the claimant's: the stages'
 * defence costs (300) times their own factor; the admin costs (700: the
 * appraisal's fee), the claimant's and the award do not move with it. */
static void test_walk_defence_costs_grow_with_damages(void **state)
{
    (void)state;
    static const struct {
        double ref, el, up_to, factor, claimant_el, claimant_factor;
    } c[] = {
        {25000.0, 0.5, 0.0, 2.0, 0.0, 1.0},            /* (100000 / 25000)^0.5 */
        {25000.0, 0.5, 50000.0, M_SQRT2, 0.0, 1.0},    /* flat above 50000 */
        {200000.0, 1.0, 0.0, 0.5, 0.0, 1.0},           /* below the reference: less */
        {25000.0, 0.5, 0.0, 2.0, 1.0, 4.0},            /* both sides, each its own */
        {25000.0, 0.0, 0.0, 1.0, 0.5, 2.0},            /* the claimant's alone */
    };
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        ml_lifecycle L;
        fx_lifecycle(&L, D);
        L.legal.defence_size = (ml_cost_size){c[k].ref, c[k].el, c[k].up_to};
        L.legal.claimant_size = (ml_cost_size){25000.0, c[k].claimant_el, 0.0};
        near(ml_cost_size_factor(&L.legal.defence_size, D), c[k].factor);
        ml_claim_out o;
        walk(&L, ML_INJ_SERIOUS, 1, FX_NEG, &o);
        near(o.award, 40000.0);
        near(o.defence, 300.0 * c[k].factor);
        assert_true(o.admin == 700.0);
        near(o.claimant, 150.0 * c[k].claimant_factor);
    }
}

/* Negligent, entering at negotiation: negotiation never agrees (1 month,
 * defence 100, claimant 50) -> mediation: 2 months, appraisal "assoc"
 * finds half (cost 300, delay 2 -> 4 months at the stage), agrees at
 * discount 0.8: award = 0.8 x 100000 x 0.5 = 40000.  Contingency fee 0.3
 * adds 12000 to the claimant's 150. */
static void test_walk_agreement_after_appraisal(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    L.legal.contingency_fee = 0.3;
    ml_claim_out o;
    walk(&L, ML_INJ_SERIOUS, 1, FX_NEG, &o);
    near(o.damages, D);
    near(o.award, 40000.0);
    assert_true(o.defence == 300.0);
    near(o.claimant, 150.0 + 12000.0);
    assert_true(o.admin == 700.0);
    assert_true(o.months == 5.0);
    assert_true(o.stage_months[FX_NEG] == 1.0 && o.stage_months[FX_MED] == 4.0);
    assert_true(o.stage_months[FX_LIT] == 0.0 && o.stage_months[FX_DROP] == 0.0);
    assert_int_equal(o.visited, 1u << FX_NEG | 1u << FX_MED);
    assert_int_equal(o.final_stage, FX_MED);
    assert_int_equal(o.litigated, 0);
    assert_int_equal(o.agreements, L.pathway.st[FX_MED].challenge_to >= 0);
    assert_int_equal(o.challenges, 0);
}

/* The same claim, but every mediated agreement is challenged into
 * litigation: 10 months + "court" (cost 1000, delay 6) finds full
 * liability, and the court awards 100000 x 1.  Months 1 + 4 + 16 = 21;
 * defence 100 + 200 + 5000; claimant 50 + 100 + 4000; admin
 * 400 + 300 + 1000 + 1000. */
static void test_walk_challenged_agreement_reenters_litigation(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    ml_stage *m = &L.pathway.st[FX_MED];
    m->p_challenge = 1.0;
    m->challenge_to = FX_LIT;
    m->next[0] = FX_DROP; /* unresolved claims would be dropped, so litigation
                           * can only be reached by the challenge */
    ml_claim_out o;
    walk(&L, ML_INJ_DEATH, 1, FX_NEG, &o);
    near(o.award, D);
    assert_true(o.months == 21.0);
    assert_true(o.stage_months[FX_LIT] == 16.0);
    assert_true(months_sum(&o) == o.months);
    assert_true(o.defence == 5300.0);
    assert_true(o.claimant == 4150.0);
    assert_true(o.admin == 2700.0);
    assert_int_equal(o.visited, 1u << FX_NEG | 1u << FX_MED | 1u << FX_LIT);
    assert_int_equal(o.final_stage, FX_LIT);
    assert_int_equal(o.litigated, 1);
    /* One agreement at a stage that may be challenged, and it was. */
    assert_int_equal(o.agreements, 1);
    assert_int_equal(o.challenges, 1);
}

/* Not negligent, entering at mediation: "assoc" finds no liability, so no
 * agreement although p_agree is 1; the claim moves to litigation, where
 * "court" finds none and the court awards 0.  No fee on a zero award. */
static void test_walk_no_liability_found_pays_nothing(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    L.legal.contingency_fee = 0.3;
    ml_claim_out o;
    walk(&L, ML_INJ_MINOR, 0, FX_MED, &o);
    assert_true(o.award == 0.0);
    near(o.damages, D);
    assert_true(o.months == 4.0 + 16.0);
    assert_true(o.claimant == 4100.0);
    assert_true(o.admin == 400.0 + 300.0 + 1000.0 + 1000.0);
    assert_int_equal(o.visited, 1u << FX_MED | 1u << FX_LIT);
    assert_int_equal(o.final_stage, FX_LIT);
    assert_int_equal(o.litigated, 1);
}

/* Negotiation passes everything to `dropped`: closed unpaid after 1 month,
 * with negotiation's costs only. */
static void test_walk_dropped_claim(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    L.pathway.st[FX_NEG].next[0] = FX_DROP;
    L.pathway.st[FX_DROP].months_mean = 0.5;
    L.pathway.st[FX_DROP].cost_admin = 7;
    ml_claim_out o;
    walk(&L, ML_INJ_PERMANENT, 1, FX_NEG, &o);
    assert_true(o.award == 0.0);
    assert_true(o.months == 1.5);
    assert_true(o.defence == 100.0 && o.claimant == 50.0 && o.admin == 7.0);
    assert_int_equal(o.visited, 1u << FX_NEG | 1u << FX_DROP);
    assert_int_equal(o.final_stage, FX_DROP);
    assert_int_equal(o.litigated, 0);
}

/* An unappraised agreement pays discount x full award (share 1):
 * 0.5 x 100000. */
static void test_walk_settlement_discount_without_appraisal(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    ml_stage *n = &L.pathway.st[FX_NEG];
    n->p_agree[1] = 1.0;
    n->discount = 0.5;
    ml_claim_out o;
    walk(&L, ML_INJ_SERIOUS, 1, FX_NEG, &o);
    near(o.award, 50000.0);
    assert_int_equal(o.final_stage, FX_NEG);
    assert_int_equal(o.visited, 1u << FX_NEG);
}

/* Caps apply to the award, not to the assessed damages reported:
 *   cap_total 30000: court awards min(100000, 30000) x 1 = 30000;
 *   non-economic share 0.4 capped at 10000: 60000 + 10000 = 70000. */
static void test_walk_caps_bind_award(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    L.comp.cap_total = 30000.0;
    ml_claim_out o;
    walk(&L, ML_INJ_DEATH, 1, FX_LIT, &o);
    near(o.damages, D);
    assert_true(o.award == 30000.0);
    L.comp.cap_total = INFINITY;
    L.comp.noneconomic_share = 0.4;
    L.comp.cap_noneconomic = 10000.0;
    walk(&L, ML_INJ_DEATH, 1, FX_LIT, &o);
    near(o.award, 70000.0);
}

/* A no-fault stage pays its lump sum and instalments whatever the
 * negligence and the damages, as a fund: the claim's award (owed by the
 * hospital) stays 0 and no success fee is charged.  The claim ends at the
 * scheme either way; its next says where a separate claim against the
 * hospital starts (then), a dropped stage meaning none. */
static void test_walk_nofault_fixed_amount(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, D);
    fx_stage(&L.pathway, 4, "scheme", ML_ST_NO_FAULT);
    ml_stage *nf = &L.pathway.st[4];
    nf->months_mean = 3;
    nf->cost_admin = 250;
    nf->p_agree[0] = nf->p_agree[1] = 1.0;
    nf->nofault_lump = 6000.0;
    nf->nofault_instalment = 1200.0;
    nf->nofault_years = 20;
    nf->nofault_classes = 1u << ML_INJ_PERMANENT;
    fx_next(nf, FX_DROP, 1.0);
    L.pathway.nofault = 4;
    ml_err err = {0};
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
    assert_true(ml_nofault_total(nf) == 30000.0);
    ml_claim_out o;
    L.legal.contingency_fee = 0.3; /* charged on disputed awards only */
    for (int neg = 0; neg < 2; neg++) {
        walk(&L, ML_INJ_PERMANENT, neg, 4, &o);
        assert_true(o.award == 0.0);
        assert_true(o.fund_lump == 6000.0 && o.fund_instalments == 24000.0);
        assert_true(o.claimant == 0.0);
        assert_true(o.months == 3.0 && o.admin == 250.0);
        assert_int_equal(o.final_stage, 4);
        assert_int_equal(o.then, -1);
    }
    nf->p_agree[0] = nf->p_agree[1] = 0.0;
    walk(&L, ML_INJ_PERMANENT, 1, 4, &o);
    assert_true(o.award == 0.0 && o.fund_lump == 0.0 && o.fund_instalments == 0.0);
    assert_int_equal(o.final_stage, 4);
    assert_int_equal(o.visited, 1u << 4);
    assert_int_equal(o.then, -1);
    /* next to negotiation: the walk still ends at the scheme, then names
     * negotiation, approved or not. */
    nf->p_next[0] = 0.0;
    fx_next(nf, FX_NEG, 1.0);
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
    for (int agree = 0; agree < 2; agree++) {
        nf->p_agree[0] = nf->p_agree[1] = agree;
        walk(&L, ML_INJ_PERMANENT, 1, 4, &o);
        assert_int_equal(o.final_stage, 4);
        assert_int_equal(o.then, FX_NEG);
        assert_true(o.fund_lump == (agree ? 6000.0 : 0.0));
    }
}

/* The fixture with randomness everywhere: gamma durations, lognormal
 * damages, uncertain agreement, challenge and transitions.  Used by the
 * determinism and frequency tests. */
static void random_lifecycle(ml_lifecycle *L)
{
    fx_lifecycle(L, D);
    for (int c = 0; c < ML_N_INJ; c++)
        L->comp.law[c].sdlog = 1.0;
    ml_pathway *p = &L->pathway;
    ml_stage *n = &p->st[FX_NEG];
    n->months_cv = 0.5;
    n->p_agree[1] = 0.3;
    n->p_next[0] = 0.6;
    fx_next(n, FX_DROP, 0.4);
    ml_stage *m = &p->st[FX_MED];
    m->months_cv = 0.7;
    m->route = -1;
    m->p_agree[1] = 0.5;
    m->p_challenge = 0.2;
    m->challenge_to = FX_LIT;
    m->p_next[0] = 0.5;
    fx_next(m, FX_DROP, 0.5);
    p->st[FX_LIT].months_cv = 0.5;
    L->route[1].prob[1][2] = 0.6;
    L->route[1].prob[1][1] = 0.4;
}

/* Same streams, same claim: the result is a function of the counter. */
static void test_walk_deterministic_per_counter(void **state)
{
    (void)state;
    ml_lifecycle L;
    random_lifecycle(&L);
    rngs x;
    rngs_alloc(&x);
    int differs = 0;
    for (uint32_t i = 0; i < 200; i++) {
        ml_claim_out a, b, c;
        rngs_at(&x, 42, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_NEG, &x.r, &a);
        rngs_at(&x, 42, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_NEG, &x.r, &b);
        assert_memory_equal(&a, &b, sizeof a);
        rngs_at(&x, 42, i + 1000);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_NEG, &x.r, &c);
        differs += a.damages != c.damages;
    }
    /* Another counter gives other draws (lognormal damages never repeat). */
    assert_int_equal(differs, 200);
    rngs_free(&x);
}

/* Over N = 200000 negligent walks from negotiation (random_lifecycle):
 *   closed at negotiation      p = 0.3
 *   reach mediation            p = 0.7 x 0.6 = 0.42
 *   litigated | mediation      p = 0.5 x 0.2 (agreed, challenged)
 *                                + 0.5 x 0.5 (no agreement, next) = 0.35
 *   paid at mediation | med.   p = 0.5 x 0.8 = 0.4
 *   court finds full | lit.    p = 0.6 ("court" row of the fixture)
 * Every walk also satisfies the bookkeeping identities: the stage months
 * sum to the claim's months, the final stage is visited, only visited
 * stages hold months, and the claim is litigated iff it visited litigation. */
static void test_walk_transition_frequencies(void **state)
{
    (void)state;
    ml_lifecycle L;
    random_lifecycle(&L);
    rngs x;
    rngs_alloc(&x);
    const uint32_t n = 200000;
    double at_neg = 0, med = 0, lit_from_med = 0, paid_med = 0, lit = 0, full = 0;
    double agreed = 0, challenged = 0;
    for (uint32_t i = 0; i < n; i++) {
        ml_claim_out o;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_PERMANENT, 1, FX_NEG, &x.r, &o);
        assert_true(fabs(months_sum(&o) - o.months) <= 1e-12 * o.months);
        assert_true(o.visited >> o.final_stage & 1u);
        for (int s = 0; s < ML_STAGES_MAX; s++)
            if (!(o.visited >> s & 1u))
                assert_true(o.stage_months[s] == 0.0);
        assert_int_equal(o.litigated, (int)(o.visited >> FX_LIT & 1u));
        at_neg += o.final_stage == FX_NEG;
        if (o.visited >> FX_MED & 1u) {
            med += 1;
            lit_from_med += o.litigated;
            paid_med += o.final_stage == FX_MED;
            agreed += o.agreements;
            challenged += o.challenges;
            assert_true(o.challenges <= o.agreements && o.agreements <= 1);
        }
        if (o.litigated) {
            lit += 1;
            full += o.award == ml_damages_capped(&L.comp, o.damages);
        }
    }
    within_4se(at_neg, n, 0.3, "closed at negotiation");
    within_4se(med, n, 0.42, "reached mediation");
    within_4se(lit_from_med, med, 0.35, "litigated after mediation");
    within_4se(paid_med, med, 0.4, "paid at mediation");
    within_4se(full, lit, 0.6, "court found full liability");
    within_4se(agreed, med, 0.5, "agreed at mediation (counted)");
    within_4se(challenged, agreed, 0.2, "challenged | agreed (counted)");
    rngs_free(&x);
}

/* Gamma durations: the mean m (and 0 or m at the edges) within 4 standard
 * errors, se = m cv / sqrt(n); the sample variance within 4 se of (m cv)^2,
 * se from the gamma's fourth central moment 3 s^4 (1 + 2 cv^2). */
static void test_duration_draw_has_stated_mean_and_cv(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 3, 0, 0, 0, ML_P_TIMING);
    assert_true(ml_duration_draw(0.0, 0.5, g) == 0.0);
    assert_true(ml_duration_draw(7.5, 0.0, g) == 7.5);
    const double m = 12.0, cv = 0.6, s2 = (m * cv) * (m * cv);
    const int n = 400000;
    double sum = 0.0, sq = 0.0;
    for (int i = 0; i < n; i++) {
        double t = ml_duration_draw(m, cv, g);
        assert_true(t >= 0.0);
        sum += t;
        sq += t * t;
    }
    double mean = sum / n, var = sq / n - mean * mean;
    assert_true(fabs(mean - m) <= 4.0 * sqrt(s2 / n));
    double mu4 = 3.0 * s2 * s2 * (1.0 + 2.0 * cv * cv);
    assert_true(fabs(var - s2) <= 4.0 * sqrt((mu4 - s2 * s2) / n));
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_agreement_after_appraisal),
        cmocka_unit_test(test_walk_claimant_costs_grow_with_damages),
        cmocka_unit_test(test_walk_defence_costs_grow_with_damages),
        cmocka_unit_test(test_walk_challenged_agreement_reenters_litigation),
        cmocka_unit_test(test_walk_no_liability_found_pays_nothing),
        cmocka_unit_test(test_walk_dropped_claim),
        cmocka_unit_test(test_walk_settlement_discount_without_appraisal),
        cmocka_unit_test(test_walk_caps_bind_award),
        cmocka_unit_test(test_walk_nofault_fixed_amount),
        cmocka_unit_test(test_walk_deterministic_per_counter),
        cmocka_unit_test(test_walk_transition_frequencies),
        cmocka_unit_test(test_duration_draw_has_stated_mean_and_cv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
