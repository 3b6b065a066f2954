/*
 * test_agreement_validity.c — the validity of agreements (models/pathway.h,
 * models/claim.c): judicial confirmation, challenge of confirmed and of
 * unconfirmed agreements, non-performance (an unconfirmed agreement sued
 * on, a confirmed one enforced by the court and paid), and reconciliation
 * as a paid outcome with its own discount.
 *
 * The fixture is lc_fixture.h's: mediation (FX_MED) always agrees on a
 * negligent claim, whose "assoc" appraisal finds half liability, at
 * discount 0.8; litigation (FX_LIT) adjudicates on "court", which finds
 * full liability for a negligent injury.  Durations have no spread, so
 * months and costs of a path are exact sums.  Statistical checks compare a
 * frequency over N walks with its probability within 4 binomial standard
 * errors, sqrt(p (1 - p) / N) (a false failure about 6e-5 per check; the
 * streams are fixed, so a result never flips between runs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "claim.h"
#include "lc_fixture.h"
#include "ml_assert.h"
#include "claim_rngs.h"
#include "rng.h"

#include <math.h>
#include <string.h>

#define D 100000.0 /* the fixture's damages, currency */
#define N 100000   /* walks of a statistical check */

/* Mediation's agreements may be litigated (challenge_to litigation). */
static void fixture(ml_lifecycle *L)
{
    fx_lifecycle(L, D);
    L->pathway.st[FX_MED].challenge_to = FX_LIT;
    L->pathway.p_entry[FX_NEG] = 0.0;
    L->pathway.p_entry[FX_MED] = 1.0;
}

static void checked(const ml_lifecycle *L)
{
    ml_err e = {0};
    if (ml_pathway_check(&L->pathway, &e) != ML_OK)
        fail_msg("fixture refused: %s", e.msg);
}

/* Judicial confirmation: the share of agreements confirmed is p_confirm
 * (0.3): 100000 agreements, 4 se = 0.0058. */
static void test_confirmed_share_is_p_confirm(void **state)
{
    (void)state;
    ml_lifecycle L;
    fixture(&L);
    L.pathway.st[FX_MED].p_confirm = 0.3;
    checked(&L);
    rngs x;
    rngs_alloc(&x);
    double agreements = 0, confirmed = 0;
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out o;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &o);
        agreements += o.agreements;
        confirmed += o.confirmed;
        /* nothing else may happen to an agreement here */
        assert_int_equal(o.challenges + o.unperformed, 0);
        assert_int_equal(o.final_stage, FX_MED);
    }
    ml_assert_double_exact(agreements, N);
    within_4se(confirmed, agreements, 0.3, "confirmed share of agreements");
    rngs_free(&x);
}

/* Challenges: unconfirmed agreements are challenged with p_challenge
 * (0.2), confirmed ones with p_challenge_confirmed (0.05); with p_confirm
 * 0.3 the challenged share is 0.7 x 0.2 + 0.3 x 0.05 = 0.155, and among
 * confirmed agreements 0.05.  Every challenged agreement ends in
 * litigation, decided there: months 2 + 2 (mediation, appraisal) + 10 + 6
 * (court, its appraisal) = 20, the award the court's full D, and the
 * litigation's costs added to the mediation's. */
static void test_challenged_agreements_end_in_litigation(void **state)
{
    (void)state;
    ml_lifecycle L;
    fixture(&L);
    ml_stage *m = &L.pathway.st[FX_MED];
    m->p_confirm = 0.3;
    m->p_challenge = 0.2;
    m->p_challenge_confirmed = 0.05;
    checked(&L);
    rngs x;
    rngs_alloc(&x);
    double challenged = 0, confirmed = 0, challenged_confirmed = 0;
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out o;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &o);
        confirmed += o.confirmed;
        if (o.challenges) {
            challenged++;
            challenged_confirmed += o.confirmed;
            assert_int_equal(o.litigated, 1);
            assert_int_equal(o.final_stage, FX_LIT);
            ml_assert_double_exact(o.months, 20.0);
            ml_assert_double_rel(o.award, D, 1e-12, "the court's award");
            ml_assert_double_exact(o.defence, 200.0 + 5000.0);
            ml_assert_double_exact(o.claimant, 100.0 + 4000.0);
        } else {
            assert_int_equal(o.litigated, 0);
            ml_assert_double_rel(o.award, 0.8 * D * 0.5, 1e-12, "the agreement");
        }
    }
    within_4se(challenged, N, 0.7 * 0.2 + 0.3 * 0.05, "challenged share of agreements");
    within_4se(challenged_confirmed, confirmed, 0.05, "challenged share of confirmed ones");
    rngs_free(&x);
}

/* Non-performance of an unconfirmed agreement (0.25): the claim is sued on
 * at challenge_to, and costs the court's time and money (months 20 as
 * above); of a confirmed one (p_confirm 1): the court enforces it, adding
 * enforce_months (5) and enforce_cost (700), and the agreement is paid. */
static void test_unperformed_agreements(void **state)
{
    (void)state;
    ml_lifecycle L;
    fixture(&L);
    ml_stage *m = &L.pathway.st[FX_MED];
    m->p_nonperform[0] = 0.25;
    checked(&L);
    rngs x;
    rngs_alloc(&x);
    double unperformed = 0;
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out o;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &o);
        unperformed += o.unperformed;
        assert_int_equal(o.enforced, 0);
        assert_int_equal(o.litigated, (int)o.unperformed);
        if (o.unperformed) {
            assert_int_equal(o.final_stage, FX_LIT);
            ml_assert_double_exact(o.months, 20.0);
            ml_assert_double_rel(o.award, D, 1e-12, "the court's award");
        }
    }
    within_4se(unperformed, N, 0.25, "unperformed share of unconfirmed agreements");

    m->p_nonperform[0] = 0.0;
    m->p_confirm = 1.0;
    m->p_nonperform[1] = 1.0;
    m->enforce_months = 5.0;
    m->enforce_cost = 700.0;
    checked(&L);
    ml_claim_out o;
    rngs_at(&x, 7, 0);
    ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &o);
    assert_int_equal(o.confirmed, 1);
    assert_int_equal(o.unperformed, 1);
    assert_int_equal(o.enforced, 1);
    assert_int_equal(o.litigated, 0);
    assert_int_equal(o.final_stage, FX_MED);
    ml_assert_double_exact(o.months, 2.0 + 2.0 + 5.0);
    ml_assert_double_exact(o.stage_months[FX_MED], 9.0);
    ml_assert_double_exact(o.admin, 400.0 + 300.0 + 700.0);
    ml_assert_double_rel(o.award, 0.8 * D * 0.5, 1e-12, "the enforced agreement, paid");
    rngs_free(&x);
}

/* Without confirmation or non-performance a walk never reads the validity
 * stream: the same walk with no validity generator at all gives the same
 * claim, byte for byte, so a regime written before validity existed draws
 * what it drew then (the challenge of an unconfirmed agreement stays on
 * the pathway's stream). */
static void test_no_validity_no_validity_draws(void **state)
{
    (void)state;
    ml_lifecycle L;
    fixture(&L);
    L.pathway.st[FX_MED].p_challenge = 0.3;
    checked(&L);
    assert_false(ml_pathway_draws_validity(&L.pathway));
    assert_false(ml_pathway_draws_choice(&L.pathway));
    rngs x;
    rngs_alloc(&x);
    double challenged = 0;
    for (uint32_t i = 0; i < 2000; i++) {
        ml_claim_out a, b;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &a);
        rngs_at(&x, 7, i);
        ml_claim_rngs bare = x.r;
        bare.validity = NULL;
        bare.choice = NULL;
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &bare, &b);
        assert_memory_equal(&a, &b, sizeof a);
        challenged += a.challenges;
    }
    within_4se(challenged, 2000, 0.3, "challenged share, old draw");
    L.pathway.st[FX_MED].p_confirm = 0.1;
    assert_true(ml_pathway_draws_validity(&L.pathway));
    rngs_free(&x);
}

/* A reconciliation stage (kind negotiation, always agrees, its own
 * discount 0.3) after a failed mediation pays discount x damages x the
 * share the mediation's appraisal found (half), and a withdrawal (dropped)
 * nothing: reconciliation is a paid outcome distinct from the unpaid
 * drop. */
static void test_reconciliation_pays_its_discount(void **state)
{
    (void)state;
    ml_lifecycle L;
    fixture(&L);
    ml_pathway *p = &L.pathway;
    enum { REC = 4 };
    fx_stage(p, REC, "reconciliation", ML_ST_NEGOTIATION);
    p->st[REC].p_agree[0] = p->st[REC].p_agree[1] = 1.0;
    p->st[REC].discount = 0.3;
    ml_stage *m = &p->st[FX_MED];
    m->p_agree[0] = m->p_agree[1] = 0.0;
    m->n_next = 0;
    fx_next(m, REC, 0.5);
    fx_next(m, FX_DROP, 0.5);
    checked(&L);
    rngs x;
    rngs_alloc(&x);
    double reconciled = 0;
    for (uint32_t i = 0; i < 20000; i++) {
        ml_claim_out o;
        rngs_at(&x, 7, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, FX_MED, &x.r, &o);
        if (o.final_stage == REC) {
            reconciled++;
            ml_assert_double_rel(o.award, 0.3 * D * 0.5, 1e-12, "reconciliation payment");
            ml_assert_double_exact(o.months, 4.0);
        } else {
            assert_int_equal(o.final_stage, FX_DROP);
            ml_assert_double_exact(o.award, 0.0);
        }
    }
    within_4se(reconciled, 20000, 0.5, "reconciled share");
    rngs_free(&x);
}

/* The check refuses validity that has nowhere to send a claim. */
static void test_validity_needs_challenge_to(void **state)
{
    (void)state;
    ml_lifecycle L;
    ml_err e;
    fx_lifecycle(&L, D);
    L.pathway.st[FX_MED].p_nonperform[0] = 0.1;
    memset(&e, 0, sizeof e);
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "fixture.yaml:11: pathway.stages.mediation.challenge_to: "
                                  "p_nonperformance.unconfirmed > 0 needs the stage"));
    fx_lifecycle(&L, D);
    L.pathway.st[FX_MED].p_challenge_confirmed = 0.1;
    memset(&e, 0, sizeof e);
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "pathway.stages.mediation.challenge_to: p_challenge > 0"));
    /* A confirmed agreement enforced needs no challenge_to. */
    fx_lifecycle(&L, D);
    L.pathway.st[FX_MED].p_confirm = 0.5;
    L.pathway.st[FX_MED].p_nonperform[1] = 0.5;
    checked(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_confirmed_share_is_p_confirm),
        cmocka_unit_test(test_challenged_agreements_end_in_litigation),
        cmocka_unit_test(test_unperformed_agreements),
        cmocka_unit_test(test_no_validity_no_validity_draws),
        cmocka_unit_test(test_reconciliation_pays_its_discount),
        cmocka_unit_test(test_validity_needs_challenge_to),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
