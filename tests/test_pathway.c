/*
 * test_pathway.c — ml_pathway_check accepts a well-formed stage graph and
 * refuses each kind of malformed one with a message that names the stage's
 * file:line and the field at fault; ml_pathway_find looks stages up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lc_fixture.h"
#include "pathway.h"

#include <string.h>

/* Runs the check on p and asserts failure with a message holding each of
 * the given fragments. */
static void refused(const ml_pathway *p, const char *a, const char *b, const char *c)
{
    ml_err err = {0};
    int rc = ml_pathway_check(p, &err);
    if (rc == ML_OK)
        fail_msg("accepted a pathway that should be refused (%s)", a);
    assert_int_equal(rc, ML_EINVAL);
    const char *want[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (want[i] && !strstr(err.msg, want[i]))
            fail_msg("message lacks '%s': %s", want[i], err.msg);
}

static void test_valid_graph_accepted(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    ml_err err = {0};
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
    /* A challenge edge to litigation keeps it acyclic: still accepted. */
    L.pathway.st[FX_MED].p_challenge = 0.1;
    L.pathway.st[FX_MED].challenge_to = FX_LIT;
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
}

static void test_cycle_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* mediation -> negotiation -> mediation */
    ml_stage *m = &L.pathway.st[FX_MED];
    m->p_next[0] = 0.5;
    fx_next(m, FX_NEG, 0.5);
    refused(&L.pathway, "must not contain a cycle", "fixture.yaml:1", "pathway.stages.");
}

static void test_cycle_through_challenge_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* The challenge edge counts: mediation challenged back into negotiation,
     * which leads to mediation again. */
    L.pathway.st[FX_MED].p_challenge = 0.1;
    L.pathway.st[FX_MED].challenge_to = FX_NEG;
    refused(&L.pathway, "must not contain a cycle", "leads back to stage", NULL);
}

static void test_self_loop_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_NEG].next[0] = FX_NEG;
    refused(&L.pathway, "fixture.yaml:10: pathway.stages.negotiation",
            "leads back to stage 'negotiation'", "cycle");
}

static void test_stage_that_cannot_end_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* Negotiation never agrees and has nowhere to go. */
    L.pathway.st[FX_NEG].n_next = 0;
    refused(&L.pathway, "fixture.yaml:10: pathway.stages.negotiation.next",
            "cannot end", NULL);
}

static void test_appraised_stage_without_next_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* Mediation always agrees, but its appraisal may find no liability, so
     * some claims must move on: it needs next stages. */
    L.pathway.st[FX_MED].n_next = 0;
    refused(&L.pathway, "fixture.yaml:11: pathway.stages.mediation.next", "cannot end",
            NULL);
}

static void test_always_resolving_stage_needs_no_next(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* Without an appraisal a stage that always agrees always ends a claim. */
    L.pathway.st[FX_MED].route = -1;
    L.pathway.st[FX_MED].n_next = 0;
    ml_err err = {0};
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
}

static void test_unknown_next_stage_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_NEG].next[0] = 7; /* only 4 stages */
    refused(&L.pathway, "fixture.yaml:10: pathway.stages.negotiation.next",
            "not a stage", NULL);
    L.pathway.st[FX_NEG].next[0] = -1;
    refused(&L.pathway, "pathway.stages.negotiation.next", "not a stage", NULL);
}

static void test_unknown_challenge_stage_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_MED].p_challenge = 0.1;
    L.pathway.st[FX_MED].challenge_to = 4;
    refused(&L.pathway, "fixture.yaml:11: pathway.stages.mediation.challenge_to",
            "not a stage", NULL);
}

static void test_unknown_route_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_LIT].route = ML_ROUTES_MAX;
    refused(&L.pathway, "fixture.yaml:12: pathway.stages.litigation.appraisal",
            NULL, NULL);
}

static void test_next_not_summing_to_one_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    ml_stage *n = &L.pathway.st[FX_NEG];
    n->p_next[0] = 0.6;
    fx_next(n, FX_DROP, 0.3);
    refused(&L.pathway, "fixture.yaml:10: pathway.stages.negotiation.next",
            "sum to 0.9", "must sum to 1");
}

static void test_negative_next_probability_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    /* Sums to 1, but one probability is negative. */
    ml_stage *n = &L.pathway.st[FX_NEG];
    n->p_next[0] = 1.5;
    fx_next(n, FX_DROP, -0.5);
    refused(&L.pathway, "pathway.stages.negotiation.next", "between 0 and 1", NULL);
}

static void test_entry_not_summing_to_one_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.p_entry[FX_MED] = 0.25;
    refused(&L.pathway, "pathway.entry", "sum to 1.25", NULL);
}

/* The fixture plus a no-fault stage 4 that pays and ends in dropped. */
static void add_scheme(ml_lifecycle *L)
{
    fx_stage(&L->pathway, 4, "scheme", ML_ST_NO_FAULT);
    L->pathway.st[4].p_agree[0] = L->pathway.st[4].p_agree[1] = 1.0;
    fx_next(&L->pathway.st[4], FX_DROP, 1.0);
    L->pathway.nofault = 4;
}

static void test_entry_into_nofault_stage_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    add_scheme(&L);
    ml_err err = {0};
    assert_int_equal(ml_pathway_check(&L.pathway, &err), ML_OK);
    L.pathway.p_entry[FX_NEG] = 0.9;
    L.pathway.p_entry[4] = 0.1;
    refused(&L.pathway, "fixture.yaml:14: pathway.entry", "no-fault stage scheme",
            "eligibility");
}

static void test_next_into_nofault_stage_refused(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    add_scheme(&L);
    ml_stage *n = &L.pathway.st[FX_NEG];
    n->p_next[0] = 0.5;
    fx_next(n, 4, 0.5);
    refused(&L.pathway, "fixture.yaml:10: pathway.stages.negotiation.next",
            "no-fault stage scheme", "eligibility");
}

static void test_adjudicating_stage_needs_route(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_LIT].route = -1;
    refused(&L.pathway, "fixture.yaml:12: pathway.stages.litigation.appraisal",
            "adjudicating", NULL);
}

static void test_challenge_needs_target(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    L.pathway.st[FX_MED].p_challenge = 0.05;
    refused(&L.pathway, "fixture.yaml:11: pathway.stages.mediation.challenge_to",
            "p_challenge", NULL);
}

static void test_empty_pathway_refused(void **state)
{
    (void)state;
    ml_pathway p;
    memset(&p, 0, sizeof p);
    p.nofault = -1;
    refused(&p, "no stages", NULL, NULL);
}

static void test_find_by_name(void **state)
{
    (void)state;
    ml_lifecycle L;
    fx_lifecycle(&L, 1000.0);
    assert_int_equal(ml_pathway_find(&L.pathway, "negotiation"), FX_NEG);
    assert_int_equal(ml_pathway_find(&L.pathway, "litigation"), FX_LIT);
    assert_int_equal(ml_pathway_find(&L.pathway, "dropped"), FX_DROP);
    assert_int_equal(ml_pathway_find(&L.pathway, "arbitration"), -1);
    assert_int_equal(ml_pathway_find(&L.pathway, ""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_graph_accepted),
        cmocka_unit_test(test_cycle_refused),
        cmocka_unit_test(test_cycle_through_challenge_refused),
        cmocka_unit_test(test_self_loop_refused),
        cmocka_unit_test(test_stage_that_cannot_end_refused),
        cmocka_unit_test(test_appraised_stage_without_next_refused),
        cmocka_unit_test(test_always_resolving_stage_needs_no_next),
        cmocka_unit_test(test_unknown_next_stage_refused),
        cmocka_unit_test(test_unknown_challenge_stage_refused),
        cmocka_unit_test(test_unknown_route_refused),
        cmocka_unit_test(test_next_not_summing_to_one_refused),
        cmocka_unit_test(test_negative_next_probability_refused),
        cmocka_unit_test(test_entry_not_summing_to_one_refused),
        cmocka_unit_test(test_entry_into_nofault_stage_refused),
        cmocka_unit_test(test_next_into_nofault_stage_refused),
        cmocka_unit_test(test_adjudicating_stage_needs_route),
        cmocka_unit_test(test_challenge_needs_target),
        cmocka_unit_test(test_empty_pathway_refused),
        cmocka_unit_test(test_find_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
