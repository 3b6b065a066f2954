/*
 * test_levers_apply.c — reform levers as the loader applies them, through
 * ml_scenario_load only.
 *
 * The shipped levers (scenarios/regimes/levers/) each change exactly what
 * their description says and nothing else: the lever run of
 * scenarios/levers/ equals the base run scenarios/china.yaml with those
 * changes made by hand here, field by field (tests/scenario_compare.h);
 * china_reform, all of them together, equals all the changes at once.
 *
 * Levers written here (tests/tmp_files.h) check the arithmetic with exact
 * numbers: the fixed order base, set, scale, add whatever the order in the
 * file, at a leaf and at an inner node; levers composing left to right;
 * the result landing exactly on a bound; and a base that disagrees refused
 * with the lever's file and line and the scenario line that named it.
 * Every value below is a small binary fraction, so every expected number
 * is exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "scenario.h"
#include "scenario_compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

static void load_path(const char *path, ml_scenario *s)
{
    ml_err err = {0};
    if (ml_scenario_load(path, s, &err))
        fail_msg("%s: %s", path, err.msg);
}

static void load_shipped(const char *rel, ml_scenario *s)
{
    char p[600];
    snprintf(p, sizeof p, "%s/scenarios/%s", ML_SOURCE_DIR, rel);
    load_path(p, s);
}

static int stage(const ml_lifecycle *L, const char *name)
{
    int i = ml_pathway_find(&L->pathway, name);
    if (i < 0)
        fail_msg("no stage '%s' in the regime", name);
    return i;
}

static int degree(const ml_lifecycle *L, const char *name)
{
    for (unsigned k = 0; k < L->degrees.n; k++)
        if (!strcmp(L->degrees.name[k], name))
            return (int)k;
    fail_msg("no liability degree '%s'", name);
    return -1;
}

/* ---- each shipped lever, made by hand on the base ---------------------------- */

enum {
    LV_ACCIDENT_REPORTING = 1 << 0,
    LV_COMPULSORY = 1 << 1,
    LV_DIRECT_CLAIM = 1 << 2,
    LV_DUTY_TO_DEFEND = 1 << 3,
    LV_THIRD_PARTY_MEDIATION = 1 << 4,
    LV_UNIFIED_IDENTIFICATION = 1 << 5,
    LV_LEGISLATIVE_LEVEL = 1 << 6,
    LV_PRODUCT_DESIGN = 1 << 7,
    LV_JUDICIAL_CONFIRMATION = 1 << 8,
    LV_PERFECT_ADMIN_MEDIATION = 1 << 9
};

static ml_route *route_named(ml_lifecycle *L, const char *name)
{
    for (unsigned k = 0; k < L->n_routes; k++)
        if (!strcmp(L->route[k].name, name))
            return &L->route[k];
    fail_msg("no appraisal route '%s' in the regime", name);
    return NULL;
}

/* What each lever's description says it does, done to the base lifecycle. */
static void apply_by_hand(ml_lifecycle *L, unsigned which)
{
    if (which & LV_ACCIDENT_REPORTING) {
        /* claiming of every negligent injury x 1.3; the mean report lag x
         * 0.5; 10% of negligent adverse events prevented (base 0) */
        for (int c = 0; c < ML_N_INJ; c++)
            L->claiming.p_claim[1][c] *= 1.3;
        L->claiming.lag_mean *= 0.5;
        L->prevention.negligent += 0.1;
    }
    if (which & LV_LEGISLATIVE_LEVEL) {
        /* a rule requiring every grade (tertiary, secondary, other) to
         * insure, enforced on 80% of those that would not */
        ml_mandate *m = &L->ins.mandate;
        memset(m, 0, sizeof *m);
        m->n_grades = 2;
        snprintf(m->grade[0], ML_LABEL_MAX, "tertiary");
        snprintf(m->grade[1], ML_LABEL_MAX, "secondary");
        m->grade_target[0] = m->grade_target[1] = 1.0;
        m->target = 1.0;
        m->has_other = 1;
        m->enforcement = 0.8;
    }
    if (which & LV_PRODUCT_DESIGN)
        /* negotiated settlements recognised (the policy's terms: below) */
        L->ins.unrecognised[ML_ST_NEGOTIATION] = 0.0;
    if (which & LV_COMPULSORY) {
        /* participation 1 for every grade */
        L->ins.participation = 1.0;
        L->ins.n_grades = 0;
        memset(L->ins.grade, 0, sizeof L->ins.grade);
        memset(L->ins.grade_participation, 0, sizeof L->ins.grade_participation);
    }
    if (which & LV_DIRECT_CLAIM) {
        /* the insurer pays 0.16 months after the settlement */
        L->ins.direct_claim = 1;
        L->ins.payment_months = 0.16;
    }
    if (which & LV_DUTY_TO_DEFEND) {
        L->legal.duty_to_defend = 1;
        L->legal.defence_inside_limits = 0;
    }
    if (which & LV_THIRD_PARTY_MEDIATION) {
        /* negotiation is no longer a first channel: the choice's entry
         * candidates without it, in their order */
        ml_choice *ch = &L->pathway.choice;
        unsigned m = 0;
        int neg = stage(L, "negotiation");
        for (unsigned k = 0; k < ch->n_entry; k++)
            if (ch->entry[k] != neg)
                ch->entry[m++] = ch->entry[k];
        assert_int_equal(m + 1, ch->n_entry);
        ch->entry[m] = 0;
        ch->n_entry = m;
    }
    if (which & LV_JUDICIAL_CONFIRMATION)
        /* people's mediation agreements confirmed 20% -> 80% */
        L->pathway.st[stage(L, "people_mediation")].p_confirm = 0.8;
    if (which & LV_PERFECT_ADMIN_MEDIATION) {
        /* administrative mediation agreements confirmed as people's
         * mediation's (20%, challenged at 0.5%, enforced in 6 months for
         * CNY 800); the health department's route halfway to the judicial
         * one (CNY 6,100, 4.25 months, findings halfway); scope and
         * neutrality: half the gap to people's mediation's constant added
         * to its own (-2.58 + 1.29) */
        L->pathway.choice.constant[stage(L, "admin_mediation")] += 1.29;
        ml_stage *am = &L->pathway.st[stage(L, "admin_mediation")];
        am->p_confirm = 0.2;
        am->p_challenge_confirmed = 0.005;
        am->enforce_months = 6;
        am->enforce_cost = 800;
        ml_route *r = route_named(L, "health_department");
        r->cost = 6100;
        r->delay_months = 4.25;
        const char *dn[] = {"none", "minor", "secondary", "equal", "primary", "full"};
        const double neg[] = {0.275, 0.2, 0.225, 0.075, 0.15, 0.075};
        const double notneg[] = {0.65, 0.225, 0.1, 0.025, 0, 0};
        for (int k = 0; k < 6; k++) {
            r->prob[1][degree(L, dn[k])] = neg[k];
            r->prob[0][degree(L, dn[k])] = notneg[k];
        }
    }
    if (which & LV_UNIFIED_IDENTIFICATION) {
        /* a new route (CNY 5,000, 2 months) used by both mediations and the
         * court; challenges of mediated agreements 3% -> 1% */
        ml_route *r = &L->route[L->n_routes];
        memset(r, 0, sizeof *r);
        snprintf(r->name, sizeof r->name, "unified");
        r->cost = 5000;
        r->delay_months = 2;
        const char *dn[] = {"none", "minor", "secondary", "equal", "primary", "full"};
        const double neg[] = {0.1, 0.2, 0.3, 0.1, 0.2, 0.1};
        const double notneg[] = {0.6, 0.25, 0.1, 0.05, 0, 0};
        for (int k = 0; k < 6; k++) {
            r->prob[1][degree(L, dn[k])] = neg[k];
            r->prob[0][degree(L, dn[k])] = notneg[k];
        }
        int u = (int)L->n_routes++;
        L->pathway.st[stage(L, "people_mediation")].route = u;
        L->pathway.st[stage(L, "admin_mediation")].route = u;
        L->pathway.st[stage(L, "litigation")].route = u;
        /* unconfirmed agreements of both mediations: 2% -> 1%; confirmed
         * ones keep theirs */
        L->pathway.st[stage(L, "people_mediation")].p_challenge = 0.01;
        L->pathway.st[stage(L, "admin_mediation")].p_challenge = 0.01;
    }
}

/* Whether every hospital of s is insured with probability 1. */
static int all_insured(const ml_scenario *s)
{
    for (size_t h = 0; h < s->portfolio.n_hospitals; h++) {
        double p = s->participation ? s->participation[h] : s->regime.life->ins.participation;
        if (p != 1.0)
            return 0;
    }
    return 1;
}

static void check_lever_run(const char *run, unsigned which, const char *const *names,
                            unsigned n_names)
{
    ml_scenario base, lev;
    load_shipped("china.yaml", &base);
    load_shipped(run, &lev);
    /* the lever run names its levers, in order */
    ml_assert_int_eq(lev.n_levers, n_names);
    for (unsigned i = 0; i < n_names; i++)
        assert_string_equal(lev.levers[i], names[i]);
    /* the base is not already what the lever makes it */
    char why[600];
    if (!sc_diff_lifecycle(base.regime.life, lev.regime.life, why, sizeof why))
        fail_msg("%s: the lever changes nothing", run);
    ml_lifecycle *want = malloc(sizeof *want);
    assert_non_null(want);
    *want = *base.regime.life;
    apply_by_hand(want, which);
    if (sc_diff_lifecycle(want, lev.regime.life, why, sizeof why))
        fail_msg("%s: not the base with the documented change: %s", run, why);
    /* the rest of the regime and the portfolio are the base's, but for
     * product_design's limits (CNY 1M -> 4M per claim, 10M -> 40M a year) */
    ml_policy p = base.regime.policy;
    const ml_policy *q = &lev.regime.policy;
    if (which & LV_PRODUCT_DESIGN) {
        assert_true(p.limit == 1e6 && p.aggregate_limit == 1e7);
        p.limit = 4e6;
        p.aggregate_limit = 4e7;
    }
    assert_true(p.deductible == q->deductible && p.limit == q->limit &&
                p.coinsurance == q->coinsurance && p.aggregate_limit == q->aggregate_limit &&
                p.aggregate_retention == q->aggregate_retention &&
                p.indemnifier == q->indemnifier);
    ml_assert_size_eq(lev.portfolio.n_hospitals, base.portfolio.n_hospitals);
    if (which & LV_COMPULSORY)
        assert_true(all_insured(&lev) && !all_insured(&base));
    else
        for (size_t h = 0; h < base.portfolio.n_hospitals; h++)
            ml_assert_double_exact(lev.participation[h], base.participation[h]);
    free(want);
    ml_scenario_free(&base);
    ml_scenario_free(&lev);
}

static void test_accident_reporting_scales_negligent_claiming_and_halves_the_lag(void **state)
{
    (void)state;
    const char *n[] = {"accident_reporting"};
    check_lever_run("levers/china_accident_reporting.yaml", LV_ACCIDENT_REPORTING, n, 1);
}

static void test_compulsory_insures_every_hospital_and_changes_nothing_else(void **state)
{
    (void)state;
    const char *n[] = {"compulsory"};
    check_lever_run("levers/china_compulsory.yaml", LV_COMPULSORY, n, 1);
}

static void test_direct_claim_sets_the_right_and_changes_nothing_else(void **state)
{
    (void)state;
    const char *n[] = {"direct_claim"};
    check_lever_run("levers/china_direct_claim.yaml", LV_DIRECT_CLAIM, n, 1);
}

static void test_duty_to_defend_moves_defence_to_the_insurer_outside_limits(void **state)
{
    (void)state;
    const char *n[] = {"duty_to_defend"};
    check_lever_run("levers/china_duty_to_defend.yaml", LV_DUTY_TO_DEFEND, n, 1);
}

static void test_third_party_mediation_replaces_entry_and_failed_talks_routes(void **state)
{
    (void)state;
    const char *n[] = {"third_party_mediation"};
    check_lever_run("levers/china_third_party_mediation.yaml", LV_THIRD_PARTY_MEDIATION, n, 1);
}

static void test_unified_identification_adds_one_route_for_three_stages(void **state)
{
    (void)state;
    const char *n[] = {"unified_identification"};
    check_lever_run("levers/china_unified_identification.yaml", LV_UNIFIED_IDENTIFICATION, n,
                    1);
}

static void test_legislative_level_adds_a_rule_for_every_grade(void **state)
{
    (void)state;
    const char *n[] = {"legislative_level"};
    check_lever_run("levers/china_legislative_level.yaml", LV_LEGISLATIVE_LEVEL, n, 1);
    /* each hospital of the reference portfolio takes the rule's target of
     * its grade: 1 for all three */
    ml_scenario s;
    load_shipped("levers/china_legislative_level.yaml", &s);
    assert_non_null(s.mandate_target);
    for (size_t h = 0; h < s.portfolio.n_hospitals; h++)
        ml_assert_double_exact(s.mandate_target[h], 1.0);
    ml_scenario_free(&s);
}

static void test_product_design_recognises_negotiation_and_raises_the_limits(void **state)
{
    (void)state;
    const char *n[] = {"product_design"};
    check_lever_run("levers/china_product_design.yaml", LV_PRODUCT_DESIGN, n, 1);
}

static void test_judicial_confirmation_confirms_most_people_mediation_agreements(void **state)
{
    (void)state;
    const char *n[] = {"judicial_confirmation"};
    check_lever_run("levers/china_judicial_confirmation.yaml", LV_JUDICIAL_CONFIRMATION, n, 1);
}

static void test_perfect_admin_mediation_confirms_its_agreements_and_improves_its_route(
    void **state)
{
    (void)state;
    const char *n[] = {"perfect_admin_mediation"};
    check_lever_run("levers/china_perfect_admin_mediation.yaml", LV_PERFECT_ADMIN_MEDIATION, n,
                    1);
}

static void test_china_reform_is_all_the_changes_together(void **state)
{
    (void)state;
    const char *n[] = {"legislative_level", "compulsory", "product_design", "duty_to_defend",
                       "direct_claim", "third_party_mediation", "judicial_confirmation",
                       "perfect_admin_mediation", "accident_reporting",
                       "unified_identification"};
    check_lever_run("china_reform.yaml", 0x3ff, n, 10);
}

/* ---- lever arithmetic on a small regime ----------------------------------------- */

/* Line numbers matter to the refusal tests: see the comments. */
static const char *const regime_yaml =
    "name: small\n"
    "currency: EUR\n"
    "lifecycle:\n"
    "  claiming:\n"
    "    p_claim:\n"                                                     /* 5 */
    "      negligent: {minor: 0.25, serious: 0.5, permanent: 0.5, death: 0.75}\n"
    "      not_negligent: {minor: 0.0625, serious: 0.125, permanent: 0.125, death: 0.25}\n"
    "    report_lag_months: {mean: 4, cv: 0.5}\n"
    "  liability_degrees: {none: 0, full: 1}\n"
    "  appraisal:\n"                                                     /* 10 */
    "    court: {cost: 1000, delay_months: 2, negligent: {full: 0.75, none: 0.25}, "
    "not_negligent: {none: 0.875, full: 0.125}}\n"
    "  compensation:\n"
    "    damages:\n"
    "      minor: {meanlog: 8, sdlog: 1}\n"
    "      serious: {meanlog: 9, sdlog: 1}\n"                            /* 15 */
    "      permanent: {meanlog: 10, sdlog: 1}\n"
    "      death: {meanlog: 11, sdlog: 1}\n"
    "  pathway:\n"
    "    entry: {talks: 1}\n"
    "    stages:\n"                                                      /* 20 */
    "      talks:\n"
    "        kind: negotiation\n"
    "        months: {mean: 3, cv: 0.5}\n"
    "        costs: {defence: 1000, claimant: 50, admin: 0}\n"
    "        p_agree: {negligent: 0.5, not_negligent: 0.25}\n"           /* 25 */
    "        next: {court: 1}\n"
    "      court:\n"
    "        kind: litigation\n"
    "        months: {mean: 12, cv: 0.5}\n"
    "        costs: {defence: 4000, claimant: 3000, admin: 500}\n"       /* 30 */
    "        appraisal: court\n"
    "        adjudicates: true\n"
    "  legal_costs: {duty_to_defend: false, loser_pays: true, contingency_fee: 0.25}\n"
    "  insurance: {participation: 0.75, direct_claim: false, p_unpaid: 0.125, "
    "enforcement_months: 4}\n";

/* A scenario over regime.yaml with the given levers line (line 8). */
static void put_run(const char *levers)
{
    char t[1024];
    snprintf(t, sizeof t,
             "name: run\n"
             "portfolio:\n"
             "  name: p\n"
             "  injury_mix: {minor: 0.5, serious: 0.25, permanent: 0.125, death: 0.125}\n"
             "  negligent_share: {minor: 0.25, serious: 0.25, permanent: 0.5, death: 0.5}\n"
             "  specialties: [{name: all, incident_rate: 10}]\n"
             "  hospitals: [{name: h, exposure: {all: 1}}]\n"
             "%s\n"
             "regime: regime.yaml\n",
             levers);
    put("run.yaml", t);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_levers_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("regime.yaml", regime_yaml);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void load_run(ml_scenario *s)
{
    char p[256];
    snprintf(p, sizeof p, "%s/run.yaml", dir);
    load_path(p, s);
}

static void run_refused(const char *a, const char *b, const char *c)
{
    char p[256];
    snprintf(p, sizeof p, "%s/run.yaml", dir);
    ml_scenario s;
    ml_err err = {0};
    int rc = ml_scenario_load(p, &s, &err);
    if (rc == ML_OK) {
        ml_scenario_free(&s);
        fail_msg("loaded, but should be refused (%s)", a);
    }
    assert_int_equal(rc, ML_EINVAL);
    const char *want[] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (want[i] && !strstr(err.msg, want[i]))
            fail_msg("message lacks '%s': %s", want[i], err.msg);
}

/* Written add, scale, set (the reverse of their order), at an inner node
 * (costs: every cost of the stage):
 *   set    defence = 2000
 *   scale  costs x 1.5:  defence 3000, claimant 75, admin 0
 *   add    costs + 250:  defence 3250, claimant 325, admin 250
 * The other stage's costs and everything else stay the base's. */
static void test_set_scale_add_run_in_that_order_whatever_the_file_order(void **state)
{
    (void)state;
    put("ops.yaml", "lever: ops\n"
                    "add: {lifecycle: {pathway: {stages: {talks: {costs: 250}}}}}\n"
                    "scale: {lifecycle: {pathway: {stages: {talks: {costs: 1.5}}}}}\n"
                    "set: {lifecycle: {pathway: {stages: {talks: {costs: {defence: 2000}}}}}}\n");
    put_run("levers: [ops.yaml]");
    ml_scenario s, b;
    load_run(&s);
    put_run("");
    load_run(&b);
    const ml_stage *t = &s.regime.life->pathway.st[0];
    ml_assert_double_exact(t->cost_defence, 3250.0);
    ml_assert_double_exact(t->cost_claimant, 325.0);
    ml_assert_double_exact(t->cost_admin, 250.0);
    /* nothing else moved */
    ml_lifecycle *want = malloc(sizeof *want);
    *want = *b.regime.life;
    want->pathway.st[0].cost_defence = 3250;
    want->pathway.st[0].cost_claimant = 325;
    want->pathway.st[0].cost_admin = 250;
    char why[600];
    if (sc_diff_lifecycle(want, s.regime.life, why, sizeof why))
        fail_msg("the lever changed more than the talks costs: %s", why);
    free(want);
    ml_scenario_free(&s);
    ml_scenario_free(&b);
}

/* A scale at the top (lifecycle: 0.5) would reach every number, flags
 * excepted; one at claiming.p_claim reaches all eight claim
 * probabilities: negligent 0.25 0.5 0.5 0.75 -> 0.125 0.25 0.25 0.375,
 * not negligent halved too, the report lag untouched. */
static void test_scale_at_an_inner_node_reaches_every_number_beneath(void **state)
{
    (void)state;
    put("half.yaml", "lever: half\nscale: {lifecycle: {claiming: {p_claim: 0.5}}}\n");
    put_run("levers: [half.yaml]");
    ml_scenario s;
    load_run(&s);
    const ml_claiming *c = &s.regime.life->claiming;
    const double neg[] = {0.125, 0.25, 0.25, 0.375}, no[] = {0.03125, 0.0625, 0.0625, 0.125};
    for (int k = 0; k < ML_N_INJ; k++) {
        ml_assert_double_exact(c->p_claim[1][k], neg[k]);
        ml_assert_double_exact(c->p_claim[0][k], no[k]);
    }
    ml_assert_double_exact(c->lag_mean, 4.0);
    ml_assert_double_exact(c->lag_cv, 0.5);
    ml_scenario_free(&s);
}

/* Levers compose left to right, each acting on what the one before left:
 * x2 then +0.25 of p_unpaid 0.125 is 0.5; +0.25 then x2 is 0.75. */
static void test_levers_compose_left_to_right(void **state)
{
    (void)state;
    put("twice.yaml", "lever: twice\nscale: {lifecycle: {insurance: {p_unpaid: 2}}}\n");
    put("more.yaml", "lever: more\nadd: {lifecycle: {insurance: {p_unpaid: 0.25}}}\n");
    ml_scenario s;
    put_run("levers: [twice.yaml, more.yaml]");
    load_run(&s);
    ml_assert_double_exact(s.regime.life->ins.p_unpaid, 0.5);
    ml_assert_int_eq(s.n_levers, 2);
    assert_string_equal(s.levers[0], "twice");
    assert_string_equal(s.levers[1], "more");
    ml_scenario_free(&s);
    put_run("levers: [more.yaml, twice.yaml]");
    load_run(&s);
    ml_assert_double_exact(s.regime.life->ins.p_unpaid, 0.75);
    ml_scenario_free(&s);
}

/* A result exactly on the bound of the field is accepted: p_unpaid 0.125
 * - 0.125 = 0 and participation 0.75 + 0.25 = 1; a scale by 0 gives 0. */
static void test_results_exactly_on_a_bound_are_accepted(void **state)
{
    (void)state;
    put("edge.yaml", "lever: edge\n"
                     "add: {lifecycle: {insurance: {p_unpaid: -0.125, participation: 0.25}}}\n"
                     "scale: {lifecycle: {legal_costs: {contingency_fee: 0}}}\n");
    put_run("levers: [edge.yaml]");
    ml_scenario s;
    load_run(&s);
    ml_assert_double_exact(s.regime.life->ins.p_unpaid, 0.0);
    ml_assert_double_exact(s.regime.life->ins.participation, 1.0);
    ml_assert_double_exact(s.regime.life->legal.contingency_fee, 0.0);
    ml_scenario_free(&s);
}

/* base: states what the lever was written against.  A number that
 * disagrees is refused at the lever file's line (3) with both values, and
 * the message says where the scenario named the lever (line 8); a
 * true/false that disagrees likewise (line 2); a base at an inner node is
 * checked against every number beneath (costs: 1000 fails on claimant 50). */
static void test_base_that_disagrees_is_refused_at_the_lever_line(void **state)
{
    (void)state;
    put("num.yaml", "lever: num\n"
                    "set: {lifecycle: {insurance: {p_unpaid: 0}}}\n"
                    "base: {lifecycle: {insurance: {p_unpaid: 0.25}}}\n");
    put_run("levers: [num.yaml]");
    run_refused("num.yaml:3", "0.125, not 0.25", "run.yaml:8");
    put("flag.yaml", "lever: flag\n"
                     "base: {lifecycle: {legal_costs: {loser_pays: false}}}\n"
                     "set: {lifecycle: {legal_costs: {loser_pays: false}}}\n");
    put_run("levers: [flag.yaml]");
    run_refused("flag.yaml:2", "loser_pays: true, not false", "run.yaml:8");
    put("inner.yaml", "lever: inner\n"
                      "set: {lifecycle: {insurance: {p_unpaid: 0}}}\n"
                      "base:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        talks:\n"
                      "          costs: 1000\n");
    put_run("levers: [inner.yaml]");
    run_refused("inner.yaml:8", "50, not 1000", NULL);
    /* the same base, when it agrees, lets the lever through */
    put("ok.yaml", "lever: ok\n"
                   "set: {lifecycle: {insurance: {p_unpaid: 0}}}\n"
                   "base: {lifecycle: {insurance: {p_unpaid: 0.125}, legal_costs: "
                   "{loser_pays: true}}}\n");
    put_run("levers: [ok.yaml]");
    ml_scenario s;
    load_run(&s);
    ml_assert_double_exact(s.regime.life->ins.p_unpaid, 0.0);
    ml_scenario_free(&s);
}

/* The base is checked against the regime as the levers before it left it:
 * after `twice` (p_unpaid 0.25) a base of 0.25 agrees and one of 0.125,
 * the file's value, does not. */
static void test_base_sees_what_earlier_levers_made(void **state)
{
    (void)state;
    put("twice.yaml", "lever: twice\nscale: {lifecycle: {insurance: {p_unpaid: 2}}}\n");
    put("after.yaml", "lever: after\n"
                      "base: {lifecycle: {insurance: {p_unpaid: 0.25}}}\n"
                      "add: {lifecycle: {insurance: {p_unpaid: 0.5}}}\n");
    put_run("levers: [twice.yaml, after.yaml]");
    ml_scenario s;
    load_run(&s);
    ml_assert_double_exact(s.regime.life->ins.p_unpaid, 0.75);
    ml_scenario_free(&s);
    put_run("levers: [after.yaml]");
    run_refused("after.yaml:2", "0.125, not 0.25", NULL);
}

/* The resolved dump of a lever run holds the lever's result, so it reloads
 * (without any lever) to the same lifecycle. */
static void test_dump_of_a_lever_run_reloads_to_the_lever_result(void **state)
{
    (void)state;
    put("ops.yaml", "lever: ops\n"
                    "scale: {lifecycle: {pathway: {stages: {court: {costs: 1.5}}}}}\n"
                    "add: {lifecycle: {insurance: {enforcement_months: 2}}}\n");
    put_run("levers: [ops.yaml]");
    ml_scenario s, b;
    load_run(&s);
    char *y = ml_scenario_to_yaml(&s);
    assert_non_null(y);
    assert_non_null(strstr(y, "# reform lever ops applied"));
    put("resolved.yaml", y);
    char p[256];
    snprintf(p, sizeof p, "%s/resolved.yaml", dir);
    load_path(p, &b);
    ml_assert_int_eq(b.n_levers, 0);
    ml_assert_double_exact(b.regime.life->pathway.st[1].cost_defence, 6000.0);
    ml_assert_double_exact(b.regime.life->ins.enforce_months, 6.0);
    char why[600];
    if (sc_diff_lifecycle(s.regime.life, b.regime.life, why, sizeof why))
        fail_msg("the reloaded dump differs from the lever run: %s", why);
    free(y);
    ml_scenario_free(&s);
    ml_scenario_free(&b);
}

/* A lever reaches the policy's terms too, in the same fixed order: the
 * small regime states no policy (deductible 0, no limits, coinsurance 1);
 *   set    deductible 1000, limit 500000
 *   scale  deductible x 1.5 = 1500
 *   add    limit + 250000 = 750000
 * with base: checking the coinsurance 1 it keeps.  A base that disagrees
 * (deductible 5) is refused at its line with both values, a term the
 * policy lacks at its line with the terms it has; the resolved dump holds
 * the new terms. */
static void test_policy_terms_are_set_scaled_added_and_checked(void **state)
{
    (void)state;
    put("terms.yaml", "lever: terms\n"
                      "add: {policy: {limit: 250000}}\n"
                      "scale: {policy: {deductible: 1.5}}\n"
                      "set: {policy: {deductible: 1000, limit: 500000}}\n"
                      "base: {policy: {coinsurance: 1}}\n");
    put_run("levers: [terms.yaml]");
    ml_scenario s, b;
    load_run(&s);
    const ml_policy *q = &s.regime.policy;
    ml_assert_double_exact(q->deductible, 1500.0);
    ml_assert_double_exact(q->limit, 750000.0);
    ml_assert_double_exact(q->coinsurance, 1.0);
    assert_true(isinf(q->aggregate_limit) && isinf(q->aggregate_retention));
    char *y = ml_scenario_to_yaml(&s);
    assert_non_null(y);
    put("resolved.yaml", y);
    char p[256];
    snprintf(p, sizeof p, "%s/resolved.yaml", dir);
    load_path(p, &b);
    ml_assert_double_exact(b.regime.policy.deductible, 1500.0);
    ml_assert_double_exact(b.regime.policy.limit, 750000.0);
    free(y);
    ml_scenario_free(&s);
    ml_scenario_free(&b);
    put("wrong.yaml", "lever: wrong\n"
                      "set: {policy: {limit: 500000}}\n"
                      "base: {policy: {deductible: 5}}\n");
    put_run("levers: [wrong.yaml]");
    run_refused("wrong.yaml:3", "policy.deductible: 0, not 5", "run.yaml:8");
    put("typo.yaml", "lever: typo\n"
                     "scale: {policy: {deductable: 2}}\n");
    put_run("levers: [typo.yaml]");
    run_refused("typo.yaml:2", "scale.policy.deductable", "aggregate_retention");
}

int main(void)
{
    const struct CMUnitTest shipped[] = {
        cmocka_unit_test(test_accident_reporting_scales_negligent_claiming_and_halves_the_lag),
        cmocka_unit_test(test_compulsory_insures_every_hospital_and_changes_nothing_else),
        cmocka_unit_test(test_direct_claim_sets_the_right_and_changes_nothing_else),
        cmocka_unit_test(test_duty_to_defend_moves_defence_to_the_insurer_outside_limits),
        cmocka_unit_test(test_third_party_mediation_replaces_entry_and_failed_talks_routes),
        cmocka_unit_test(test_judicial_confirmation_confirms_most_people_mediation_agreements),
        cmocka_unit_test(test_perfect_admin_mediation_confirms_its_agreements_and_improves_its_route),
        cmocka_unit_test(test_unified_identification_adds_one_route_for_three_stages),
        cmocka_unit_test(test_legislative_level_adds_a_rule_for_every_grade),
        cmocka_unit_test(test_product_design_recognises_negotiation_and_raises_the_limits),
        cmocka_unit_test(test_china_reform_is_all_the_changes_together),
    };
    const struct CMUnitTest written[] = {
        cmocka_unit_test(test_set_scale_add_run_in_that_order_whatever_the_file_order),
        cmocka_unit_test(test_scale_at_an_inner_node_reaches_every_number_beneath),
        cmocka_unit_test(test_levers_compose_left_to_right),
        cmocka_unit_test(test_results_exactly_on_a_bound_are_accepted),
        cmocka_unit_test(test_base_that_disagrees_is_refused_at_the_lever_line),
        cmocka_unit_test(test_base_sees_what_earlier_levers_made),
        cmocka_unit_test(test_dump_of_a_lever_run_reloads_to_the_lever_result),
        cmocka_unit_test(test_policy_terms_are_set_scaled_added_and_checked),
    };
    int failed = cmocka_run_group_tests_name("shipped levers", shipped, NULL, NULL);
    return failed + cmocka_run_group_tests_name("written levers", written, setup, teardown);
}
