/*
 * test_channel_choice.c — the claimant's choice of channel (models/
 * choice.h): the utility from the stages' own months, costs and validity;
 * the logit's shares against the closed-form softmax; the size effect;
 * a change of a mediation's validity moving its share by the logit's
 * derivative; candidates that are not available; cycles through choices.
 *
 * The fixture is lc_fixture.h's (damages exactly D) with the choice on:
 * the first channel is chosen among negotiation, mediation and litigation
 * with the weights of fx_choice.  What the claimant weighs there:
 *   negotiation  1 month,            claimant cost 50,         validity 0
 *   mediation    2 + 2 months,       cost 100 + 300 (appraisal), validity p_confirm
 *   litigation   10 + 6 months,      cost 4000 + 1000,          validity 1, a court
 * Statistical checks compare a frequency over N walks with its closed-form
 * probability within 4 binomial standard errors, sqrt(p (1 - p) / N); a
 * difference of two runs on the same streams (common random numbers) with
 * 4 standard errors of the paired difference.  The streams are fixed, so a
 * result never flips between runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "choice.h"
#include "claim.h"
#include "lc_fixture.h"
#include "ml_assert.h"
#include "claim_rngs.h"
#include "rng.h"

#include <math.h>
#include <string.h>

#define D 100000.0
#define N 200000

/* Weights of the fixture's logit. */
#define A_NEG 0.4
#define A_LIT (-2.0)
#define A_DROP (-1.0)
#define W_SIZE 0.3
#define W_LIAB 1.0
#define W_COST 2.0
#define W_MONTHS 0.1
#define W_VALID 3.0
#define CONFIRM 0.2

static void checked(const ml_lifecycle *L)
{
    ml_err e = {0};
    if (ml_pathway_check(&L->pathway, &e) != ML_OK)
        fail_msg("fixture refused: %s", e.msg);
}

static void fx_choice(ml_lifecycle *L, double damages)
{
    fx_lifecycle(L, damages);
    ml_pathway *p = &L->pathway;
    ml_choice *ch = &p->choice;
    p->p_entry[FX_NEG] = 0.0;
    ch->on = 1;
    ch->n_entry = 3;
    ch->entry[0] = FX_NEG;
    ch->entry[1] = FX_MED;
    ch->entry[2] = FX_LIT;
    ch->constant[FX_NEG] = A_NEG;
    ch->constant[FX_LIT] = A_LIT;
    ch->constant[FX_DROP] = A_DROP;
    ch->size = W_SIZE;
    ch->ref_damages = D;
    ch->liability = W_LIAB;
    ch->cost = W_COST;
    ch->months = W_MONTHS;
    ch->validity = W_VALID;
    p->st[FX_MED].p_confirm = CONFIRM;
    checked(L);
}

/* The utilities written out by hand from the table above, for damages d,
 * liability strength x and the mediation's confirmation c. */
static void hand_utilities(double d, double x, double c, double u[3])
{
    u[0] = A_NEG - W_COST * 50.0 / d - W_MONTHS * 1.0;
    u[1] = 0.0 - W_COST * 400.0 / d - W_MONTHS * 4.0 + W_VALID * c;
    u[2] = A_LIT + W_SIZE * log(d / D) + W_LIAB * x - W_COST * 5000.0 / d -
           W_MONTHS * 16.0 + W_VALID * 1.0;
}

static void softmax(const double u[3], double p[3])
{
    double s = exp(u[0]) + exp(u[1]) + exp(u[2]);
    for (int k = 0; k < 3; k++)
        p[k] = exp(u[k]) / s;
}

/* ml_choice_utility and ml_choice_probs are the formulas of choice.h. */
static void test_utility_is_the_formula(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    const double ds[] = {3000.0, D, 2.5e6};
    const double xs[] = {0.0, 0.5, 1.0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double u[3], p[3], q[3];
            hand_utilities(ds[i], xs[j], CONFIRM, u);
            ml_assert_double_rel(ml_choice_utility(&L, FX_NEG, ds[i], xs[j]), u[0], 1e-12,
                                 "negotiation");
            ml_assert_double_rel(ml_choice_utility(&L, FX_MED, ds[i], xs[j]), u[1], 1e-12,
                                 "mediation");
            ml_assert_double_rel(ml_choice_utility(&L, FX_LIT, ds[i], xs[j]), u[2], 1e-12,
                                 "litigation");
            softmax(u, p);
            assert_int_equal(ml_choice_probs(&L, L.pathway.choice.entry, 3, ds[i], xs[j], 0u,
                                             0, q),
                             3);
            for (int k = 0; k < 3; k++)
                ml_assert_double_rel(q[k], p[k], 1e-12, "softmax");
        }
}

/* The realised first channels of N negligent claims (x = 1, damages D
 * known exactly: estimate_sdlog 0) are the closed-form softmax, each
 * within 4 se; and their pathway entry is booked where they started. */
static void test_entry_shares_are_the_softmax(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    double u[3], p[3];
    hand_utilities(D, 1.0, CONFIRM, u);
    softmax(u, p);
    rngs x;
    rngs_alloc(&x);
    double hits[3] = {0};
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out o;
        rngs_at(&x, 11, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &o);
        assert_true(o.entry == FX_NEG || o.entry == FX_MED || o.entry == FX_LIT);
        assert_true(o.visited >> o.entry & 1u);
        hits[o.entry == FX_NEG ? 0 : o.entry == FX_MED ? 1 : 2]++;
    }
    within_4se(hits[0], N, p[0], "negotiation first");
    within_4se(hits[1], N, p[1], "mediation first");
    within_4se(hits[2], N, p[2], "litigation first");
    rngs_free(&x);
}

/* With a noisy estimate of the damages (sdlog 0.8) the entry shares are
 * the softmax averaged over the lognormal estimate: integrated here by the
 * midpoint rule on z in [-8, 8] (4001 points; the error is far below the
 * 4 se of 200000 claims). */
static void test_estimate_noise_averages_the_softmax(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    L.pathway.choice.estimate_sdlog = 0.8;
    double want[3] = {0};
    const int M = 4001;
    const double h = 16.0 / M;
    for (int i = 0; i < M; i++) {
        double z = -8.0 + (i + 0.5) * h, w = exp(-0.5 * z * z) / sqrt(2.0 * M_PI) * h;
        double u[3], p[3];
        hand_utilities(D * exp(0.8 * z), 0.0, CONFIRM, u);
        softmax(u, p);
        for (int k = 0; k < 3; k++)
            want[k] += w * p[k];
    }
    rngs x;
    rngs_alloc(&x);
    double hits[3] = {0};
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out o;
        rngs_at(&x, 11, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 0, ML_ENTRY_CHOOSE, &x.r, &o);
        hits[o.entry == FX_NEG ? 0 : o.entry == FX_MED ? 1 : 2]++;
    }
    within_4se(hits[0], N, want[0], "negotiation first, noisy estimate");
    within_4se(hits[1], N, want[1], "mediation first, noisy estimate");
    within_4se(hits[2], N, want[2], "litigation first, noisy estimate");
    rngs_free(&x);
}

/* Larger claims avoid mediation.  Between damages D and 10 D the log odds
 * of litigation against mediation rise by exactly
 *   size ln 10 + cost (5000 - 400) (1/D - 1/(10 D)),
 * and the mediation share falls by the closed-form difference of the two
 * softmaxes; simulated claims of D and of 10 D on the same streams show
 * that fall within 4 se of the paired difference. */
static void test_larger_claims_leave_mediation(void **state)
{
    (void)state;
    ml_lifecycle small, large;
    fx_choice(&small, D);
    fx_choice(&large, 10.0 * D);
    double ps[3], pl[3];
    const int *cand = small.pathway.choice.entry;
    ml_choice_probs(&small, cand, 3, D, 1.0, 0u, 0, ps);
    ml_choice_probs(&large, cand, 3, 10.0 * D, 1.0, 0u, 0, pl);
    double rise = log(pl[2] / pl[1]) - log(ps[2] / ps[1]);
    ml_assert_double_rel(rise, W_SIZE * log(10.0) + W_COST * 4600.0 * (1.0 / D - 0.1 / D),
                         1e-12, "log odds of litigation against mediation");
    assert_true(pl[1] < ps[1]);
    double fall = ps[1] - pl[1];
    rngs x;
    rngs_alloc(&x);
    double diff = 0.0, diff2 = 0.0;
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out a, b;
        rngs_at(&x, 11, i);
        ml_claim_walk(&small, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &a);
        rngs_at(&x, 11, i);
        ml_claim_walk(&large, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &b);
        double d = (double)(a.entry == FX_MED) - (double)(b.entry == FX_MED);
        diff += d;
        diff2 += d * d;
    }
    double mean = diff / N, se = sqrt((diff2 / N - mean * mean) / N);
    ml_assert_within_se(mean, fall, se, 4, "fall of the mediation share, 10 x the damages");
    rngs_free(&x);
}

/* A lever-like change of the mediation's validity (p_confirm 0.2 -> 0.25)
 * raises its share by the logit's derivative: dP/dc = validity P (1 - P),
 * to within the second-order term, |P''| (validity dc)^2 / 2 with
 * |P''| = |P (1 - P) (1 - 2P)| <= 0.1 per unit utility squared; and
 * simulated claims on the same streams show the closed-form rise within 4
 * se of the paired difference. */
static void test_validity_moves_the_share_by_the_derivative(void **state)
{
    (void)state;
    ml_lifecycle a, b;
    const double dc = 0.05;
    fx_choice(&a, D);
    fx_choice(&b, D);
    b.pathway.st[FX_MED].p_confirm = CONFIRM + dc;
    double u[3], p0[3], p1[3];
    hand_utilities(D, 1.0, CONFIRM, u);
    softmax(u, p0);
    hand_utilities(D, 1.0, CONFIRM + dc, u);
    softmax(u, p1);
    double q[3];
    ml_choice_probs(&b, b.pathway.choice.entry, 3, D, 1.0, 0u, 0, q);
    ml_assert_double_rel(q[1], p1[1], 1e-12, "mediation share after the change");
    double derivative = W_VALID * p0[1] * (1.0 - p0[1]) * dc;
    ml_assert_double_abs(p1[1] - p0[1], derivative, 0.1 * pow(W_VALID * dc, 2) / 2.0,
                         "the logit's derivative, to second order");
    rngs x;
    rngs_alloc(&x);
    double diff = 0.0, diff2 = 0.0;
    for (uint32_t i = 0; i < N; i++) {
        ml_claim_out oa, ob;
        rngs_at(&x, 11, i);
        ml_claim_walk(&a, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &oa);
        rngs_at(&x, 11, i);
        ml_claim_walk(&b, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &ob);
        double d = (double)(ob.entry == FX_MED) - (double)(oa.entry == FX_MED);
        diff += d;
        diff2 += d * d;
    }
    double mean = diff / N, se = sqrt((diff2 / N - mean * mean) / N);
    ml_assert_within_se(mean, p1[1] - p0[1], se, 4, "rise of the mediation share");
    rngs_free(&x);
}

/* After a stage that did not resolve, the next channel is chosen among its
 * candidates with the share the appraisal found as the liability strength
 * and the damages as the appraisal stated them (the estimate's noise no
 * longer counts): mediation never agrees here and chooses between
 * litigation and dropping; its appraisal finds half for a negligent
 * injury, none otherwise. */
static void test_next_choice_uses_the_appraisal(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    ml_pathway *p = &L.pathway;
    p->choice.estimate_sdlog = 1.0;
    p->choice.n_entry = 1;
    p->choice.entry[0] = FX_MED;
    ml_stage *m = &p->st[FX_MED];
    m->p_agree[0] = m->p_agree[1] = 0.0;
    m->n_next = 0;
    fx_next(m, FX_LIT, 0.0);
    fx_next(m, FX_DROP, 0.0);
    m->choose = 1;
    checked(&L);
    for (int neg = 0; neg < 2; neg++) {
        double x = neg ? 0.5 : 0.0, u[3];
        hand_utilities(D, x, CONFIRM, u);
        double p_lit = exp(u[2]) / (exp(u[2]) + exp(A_DROP));
        rngs g;
        rngs_alloc(&g);
        double lit = 0;
        for (uint32_t i = 0; i < N / 2; i++) {
            ml_claim_out o;
            rngs_at(&g, 11, i);
            ml_claim_walk(&L, -1, ML_INJ_SERIOUS, neg, ML_ENTRY_CHOOSE, &g.r, &o);
            assert_int_equal(o.entry, FX_MED);
            lit += o.final_stage == FX_LIT;
        }
        within_4se(lit, N / 2, p_lit, neg ? "to court, half liability found"
                                          : "to court, no liability found");
        rngs_free(&g);
    }
}

/* Candidates not available: a stage already visited; after an appraisal
 * found no liability, a stage that can pay only by agreement (not a court,
 * not an end).  With none available the choice returns -1. */
static void test_unavailable_candidates(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    assert_true(ml_choice_available(&L, FX_MED, 0u, 0));
    assert_false(ml_choice_available(&L, FX_MED, 1u << FX_MED, 0));
    assert_false(ml_choice_available(&L, FX_MED, 0u, 1));
    assert_false(ml_choice_available(&L, FX_NEG, 0u, 1));
    assert_true(ml_choice_available(&L, FX_LIT, 0u, 1));
    assert_true(ml_choice_available(&L, FX_DROP, 0u, 1));
    double q[3];
    assert_int_equal(ml_choice_probs(&L, L.pathway.choice.entry, 3, D, 1.0, 1u << FX_LIT, 1,
                                     q),
                     0);
    assert_int_equal(ml_choice_pick(&L, L.pathway.choice.entry, 3, D, 1.0, 1u << FX_LIT, 1,
                                    0.5),
                     -1);
    /* Only litigation left: chosen whatever the uniform. */
    assert_int_equal(ml_choice_pick(&L, L.pathway.choice.entry, 3, D, 1.0, 0u, 1, 0.999),
                     FX_LIT);
    ml_assert_double_exact(q[0] + q[1] + q[2], 0.0);
}

/* Negotiation and mediation may send a claim to each other when both
 * choose (a referral between two mediations): the walk never returns to
 * a stage it visited, so each claim ends within the pathway's stages.  A
 * drawn next closing the same cycle is refused, as is a choice without a
 * court or an end among its candidates. */
static void test_cycles_only_through_choices(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_choice(&L, D);
    ml_pathway *p = &L.pathway;
    ml_stage *n = &p->st[FX_NEG], *m = &p->st[FX_MED];
    n->p_agree[1] = 0.3;
    n->n_next = 0;
    fx_next(n, FX_MED, 0.0);
    fx_next(n, FX_DROP, 0.0);
    n->choose = 1;
    m->p_agree[0] = m->p_agree[1] = 0.3;
    m->n_next = 0;
    fx_next(m, FX_NEG, 0.0);
    fx_next(m, FX_LIT, 0.0);
    m->choose = 1;
    checked(&L);
    rngs x;
    rngs_alloc(&x);
    double both = 0;
    for (uint32_t i = 0; i < 20000; i++) {
        ml_claim_out o;
        rngs_at(&x, 11, i);
        ml_claim_walk(&L, -1, ML_INJ_SERIOUS, 1, ML_ENTRY_CHOOSE, &x.r, &o);
        unsigned steps = 0;
        for (unsigned s = 0; s < p->n; s++)
            steps += o.visited >> s & 1u;
        assert_true(steps <= p->n);
        both += (o.visited >> FX_NEG & 1u) && (o.visited >> FX_MED & 1u);
        /* a claim that reached both ended in an agreement, a court or an end */
        assert_true(o.final_stage >= 0 && (unsigned)o.final_stage < p->n);
    }
    assert_true(both > 0);
    rngs_free(&x);

    ml_err e = {0};
    m->choose = 0;
    m->p_next[0] = 0.5;
    m->p_next[1] = 0.5;
    assert_int_equal(ml_pathway_check(p, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "leads back to stage"));
    assert_non_null(strstr(e.msg, "must not contain a cycle"));

    fx_choice(&L, D);
    n = &L.pathway.st[FX_NEG];
    n->n_next = 0;
    fx_next(n, FX_MED, 0.0);
    n->choose = 1;
    memset(&e, 0, sizeof e);
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "fixture.yaml:10: pathway.stages.negotiation.choices: "
                                  "needs a dropped or adjudicating stage"));
}

/* Choices need the choice model, and a chosen entry replaces the entry
 * distribution rather than joining it. */
static void test_choice_refusals(void **state)
{
    (void)state;
    ml_lifecycle L;
    ml_err e = {0};
    fx_lifecycle(&L, D);
    L.pathway.st[FX_MED].choose = 1;
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "pathway.stages.mediation.choices: a stage that chooses"));
    fx_choice(&L, D);
    L.pathway.p_entry[FX_NEG] = 1.0;
    memset(&e, 0, sizeof e);
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "pathway.entry: given with choice.entry"));
    fx_choice(&L, D);
    L.pathway.choice.ref_damages = 0.0;
    memset(&e, 0, sizeof e);
    assert_int_equal(ml_pathway_check(&L.pathway, &e), ML_EINVAL);
    assert_non_null(strstr(e.msg, "pathway.choice.reference_damages"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utility_is_the_formula),
        cmocka_unit_test(test_entry_shares_are_the_softmax),
        cmocka_unit_test(test_estimate_noise_averages_the_softmax),
        cmocka_unit_test(test_larger_claims_leave_mediation),
        cmocka_unit_test(test_validity_moves_the_share_by_the_derivative),
        cmocka_unit_test(test_next_choice_uses_the_appraisal),
        cmocka_unit_test(test_unavailable_candidates),
        cmocka_unit_test(test_cycles_only_through_choices),
        cmocka_unit_test(test_choice_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
