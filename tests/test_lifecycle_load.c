/*
 * test_lifecycle_load.c — a regime's lifecycle section and reform levers as
 * read by the loader (sim/load/lifecycle_load.c, sim/load/levers.c): a small regime
 * written here lands in ml_lifecycle with the values it states (names
 * resolved to indices, defaults where it is silent); a lever patch-merges
 * (replaces what it names, keeps the rest, may add a stage); levers apply
 * in order; and bad levers and regimes are refused with file:line: field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

/* Line numbers of this text are named by the error tests below. */
static const char *const regime_yaml =
    "name: mini\n"                                                   /* 1 */
    "currency: CNY\n"
    "policy: {deductible: 0, limit: 1000000, aggregate_limit: .inf, coinsurance: 1}\n"
    "lifecycle:\n"
    "  claiming:\n"                                                  /* 5 */
    "    p_claim:\n"
    "      negligent: {minor: 0.1, serious: 0.2, permanent: 0.3, death: 0.4}\n"
    "      not_negligent: {minor: 0.01, serious: 0.02, permanent: 0.03, death: 0.04}\n"
    "    report_lag_months: {mean: 3, cv: 0.5}\n"
    "  liability_degrees: {none: 0, half: 0.5, full: 1}\n"           /* 10 */
    "  appraisal:\n"
    "    expert:\n"
    "      cost: 2500\n"
    "      delay_months: 3\n"
    "      negligent: {full: 0.7, none: 0.1, half: 0.2}\n"           /* 15 */
    "      not_negligent: {none: 0.9, half: 0.1}\n"
    "  compensation:\n"
    "    damages:\n"
    "      minor: {meanlog: 8, sdlog: 1}\n"
    "      serious: {meanlog: 9, sdlog: 1.1}\n"                      /* 20 */
    "      permanent: {meanlog: 10, sdlog: 1.2}\n"
    "      death: {meanlog: 11, sdlog: 0.5}\n"
    "    schedule:\n"
    "      base: 20000\n"
    "      years: 20\n"                                              /* 25 */
    "      grades:\n"
    "        permanent:\n"
    "          - {coef: 0.2, prob: 0.75}\n"
    "          - {coef: 1.0, prob: 0.25}\n"
    "    noneconomic_share: 0.2\n"                                   /* 30 */
    "    cap_total: 2000000\n"
    "  pathway:\n"
    "    entry: {talks: 0.8, court: 0.2}\n"
    "    stages:\n"
    "      talks:\n"                                                 /* 35 */
    "        kind: negotiation\n"
    "        months: {mean: 2, cv: 0.5}\n"
    "        costs: {defence: 100, claimant: 50, admin: 0}\n"
    "        p_agree: {negligent: 0.4, not_negligent: 0.1}\n"
    "        discount: 0.6\n"                                        /* 40 */
    "        next: {mediation: 0.5, court: 0.25, dropped: 0.25}\n"
    "      mediation:\n"
    "        kind: mediation\n"
    "        months: {mean: 3, cv: 0.4}\n"
    "        costs: {defence: 200, claimant: 0, admin: 300}\n"       /* 45 */
    "        appraisal: expert\n"
    "        p_agree: {negligent: 0.8, not_negligent: 0.5}\n"
    "        discount: 0.7\n"
    "        p_challenge: 0.05\n"
    "        challenge_to: court\n"                                  /* 50 */
    "        next: {court: 0.3, dropped: 0.7}\n"
    "      court:\n"
    "        kind: litigation\n"
    "        months: {mean: 24, cv: 0.5}\n"
    "        costs: {defence: 5000, claimant: 4000, admin: 1000}\n"  /* 55 */
    "        appraisal: expert\n"
    "        adjudicates: true\n"
    "      dropped:\n"
    "        kind: dropped\n"
    "  legal_costs:\n"                                               /* 60 */
    "    duty_to_defend: true\n"
    "    defence_inside_limits: false\n"
    "    loser_pays: true\n"
    "    contingency_fee: 0.25\n"
    "  insurance:\n"                                                 /* 65 */
    "    participation: 0.6\n"
    "    direct_claim: false\n"
    "    p_unpaid: 0.05\n"
    "    enforcement_months: 4\n";

enum { S_TALKS, S_MED, S_COURT, S_DROP };

/* A scenario over regime.yaml with the given `levers:` line ("" for none);
 * the levers line is line 12 of scen.yaml. */
static void put_scenario(const char *levers)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: mini_run\n"
             "run: {replicates: 10, seed: 1}\n"
             "portfolio:\n"
             "  name: tiny\n"
             "  injury_mix: {minor: 0.5, serious: 0.2, permanent: 0.2, death: 0.1}\n"
             "  negligent_share: {minor: 0.2, serious: 0.3, permanent: 0.4, death: 0.5}\n"
             "  specialties:\n"
             "    - {name: medicine, incident_rate: 30}\n"
             "    - {name: obstetrics, incident_rate: 20}\n"
             "  hospitals: [{name: h1, exposure: {medicine: 10, obstetrics: 5}}]\n"
             "regime: regime.yaml\n"
             "%s\n",
             levers);
    put("scen.yaml", text);
}

static int load(ml_scenario *s, ml_err *err)
{
    char p[256];
    snprintf(p, sizeof p, "%s/scen.yaml", dir);
    memset(err, 0, sizeof *err);
    return ml_scenario_load(p, s, err);
}

static void load_ok(ml_scenario *s)
{
    ml_err err;
    int rc = load(s, &err);
    if (rc)
        fail_msg("load failed: %s", err.msg);
    assert_non_null(s->regime.life);
}

/* Loading must fail with a message holding each given fragment. */
static void load_refused(const char *a, const char *b, const char *c)
{
    ml_scenario s;
    ml_err err;
    int rc = load(&s, &err);
    if (rc == ML_OK) {
        ml_scenario_free(&s);
        fail_msg("loaded a scenario that should be refused (%s)", a);
    }
    assert_int_equal(rc, ML_EINVAL);
    const char *want[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (want[i] && !strstr(err.msg, want[i]))
            fail_msg("message lacks '%s': %s", want[i], err.msg);
}

/* The claimant's choice and the validity of agreements, set by a lever on
 * a regime without them: choice.entry replaces the entry distribution; a
 * stage's own constant wins over its kind's (talks 0.25, not negotiation's
 * -0.5), a kind's reaches the stages of the kind without one (court:
 * litigation -1), others are 0; choices replace next; a scalar
 * p_challenge is both kinds' (the base's 0.05), a mapping overwrites what
 * it names; a lever's scale of p_challenge reaches both. */
static void test_choice_and_validity(void **state)
{
    (void)state;
    put("choose.yaml",
        "lever: choose\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      choice:\n"
        "        entry: [talks, mediation, court]\n"
        "        constants: {mediation: 1.5, negotiation: -0.5, talks: 0.25, litigation: -1}\n"
        "        size: 0.3\n"
        "        reference_damages: 50000\n"
        "        liability: 1\n"
        "        cost: 2\n"
        "        months: 0.1\n"
        "        validity: 4\n"
        "        estimate_sdlog: 0.5\n"
        "      stages:\n"
        "        talks:\n"
        "          choices: [mediation, court, dropped]\n"
        "        mediation:\n"
        "          p_confirm: 0.3\n"
        "          p_challenge: {confirmed: 0.01}\n"
        "          p_nonperformance: {unconfirmed: 0.02, confirmed: 0.04}\n"
        "          enforcement: {months: 5, cost: 600}\n"
        "scale:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      stages:\n"
        "        mediation:\n"
        "          p_challenge: 0.5\n");
    put_scenario("");
    ml_scenario base;
    load_ok(&base);
    const ml_stage *bm = &base.regime.life->pathway.st[S_MED];
    assert_true(bm->p_challenge == 0.05 && bm->p_challenge_confirmed == 0.05);
    assert_true(bm->p_confirm == 0.0 && bm->p_nonperform[0] == 0.0);
    assert_false(base.regime.life->pathway.choice.on);
    ml_scenario_free(&base);

    put_scenario("levers: [choose.yaml]");
    ml_scenario s;
    load_ok(&s);
    const ml_pathway *pw = &s.regime.life->pathway;
    const ml_choice *ch = &pw->choice;
    assert_true(ch->on);
    assert_int_equal(ch->n_entry, 3);
    assert_int_equal(ch->entry[0], S_TALKS);
    assert_int_equal(ch->entry[1], S_MED);
    assert_int_equal(ch->entry[2], S_COURT);
    for (unsigned i = 0; i < pw->n; i++)
        assert_true(pw->p_entry[i] == 0.0);
    assert_true(ch->constant[S_TALKS] == 0.25);
    assert_true(ch->constant[S_MED] == 1.5);
    assert_true(ch->constant[S_COURT] == -1.0);
    assert_true(ch->constant[S_DROP] == 0.0);
    assert_true(ch->size == 0.3 && ch->ref_damages == 50000 && ch->liability == 1 &&
                ch->cost == 2 && ch->months == 0.1 && ch->validity == 4 &&
                ch->estimate_sdlog == 0.5);
    const ml_stage *t = &pw->st[S_TALKS], *m = &pw->st[S_MED];
    assert_true(t->choose);
    assert_int_equal(t->n_next, 3);
    assert_int_equal(t->next[0], S_MED);
    assert_int_equal(t->next[1], S_COURT);
    assert_int_equal(t->next[2], S_DROP);
    assert_false(m->choose);
    assert_true(m->p_confirm == 0.3);
    assert_true(m->p_challenge == 0.05 * 0.5 && m->p_challenge_confirmed == 0.01 * 0.5);
    assert_true(m->p_nonperform[0] == 0.02 && m->p_nonperform[1] == 0.04);
    assert_true(m->enforce_months == 5 && m->enforce_cost == 600);
    ml_scenario_free(&s);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_lcload_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("regime.yaml", regime_yaml);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *files[] = {"scen.yaml", "regime.yaml", "mediate.yaml", "arbitration.yaml",
                           "typo.yaml", "typo_top.yaml", "p7.yaml", "p9.yaml",
                           "scheme.yaml", "many_next.yaml", "bad_regime.yaml", "obs.yaml",
                           "choose.yaml", "rel.yaml", "ord.yaml", "after.yaml", "big.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    return rmdir(dir);
}

static void test_regime_values_land_in_struct(void **state)
{
    (void)state;
    put_scenario("");
    ml_scenario s;
    load_ok(&s);
    const ml_lifecycle *L = s.regime.life;
    assert_true(L->claiming.p_claim[1][ML_INJ_DEATH] == 0.4);
    assert_true(L->claiming.p_claim[0][ML_INJ_MINOR] == 0.01);
    assert_true(L->claiming.lag_mean == 3 && L->claiming.lag_cv == 0.5);
    assert_int_equal(L->degrees.n, 3);
    assert_string_equal(L->degrees.name[1], "half");
    assert_true(L->degrees.share[1] == 0.5 && L->degrees.share[2] == 1.0);
    /* Route rows are keyed by degree name, in any order. */
    assert_int_equal(L->n_routes, 1);
    const ml_route *r = &L->route[0];
    assert_string_equal(r->name, "expert");
    assert_true(r->cost == 2500 && r->delay_months == 3);
    assert_true(r->prob[1][0] == 0.1 && r->prob[1][1] == 0.2 && r->prob[1][2] == 0.7);
    assert_true(r->prob[0][0] == 0.9 && r->prob[0][1] == 0.1 && r->prob[0][2] == 0.0);
    const ml_compensation *c = &L->comp;
    assert_true(c->law[ML_INJ_SERIOUS].meanlog == 9 && c->law[ML_INJ_SERIOUS].sdlog == 1.1);
    assert_true(c->sched_base == 20000 && c->sched_years == 20);
    assert_int_equal(c->grades[ML_INJ_PERMANENT].n, 2);
    assert_true(c->grades[ML_INJ_PERMANENT].coef[1] == 1.0);
    assert_true(c->grades[ML_INJ_PERMANENT].prob[0] == 0.75);
    assert_int_equal(c->grades[ML_INJ_DEATH].n, 0);
    assert_true(c->noneconomic_share == 0.2 && c->cap_total == 2000000);
    assert_true(isinf(c->cap_noneconomic)); /* not given: no cap */
    assert_true(L->legal.duty_to_defend && !L->legal.defence_inside_limits);
    assert_true(L->legal.loser_pays && L->legal.contingency_fee == 0.25);
    assert_true(L->ins.participation == 0.6 && !L->ins.direct_claim);
    assert_true(L->ins.p_unpaid == 0.05 && L->ins.enforce_months == 4);
    ml_scenario_free(&s);
}

static void test_pathway_names_resolve_to_indices(void **state)
{
    (void)state;
    put_scenario("");
    ml_scenario s;
    load_ok(&s);
    const ml_pathway *p = &s.regime.life->pathway;
    assert_int_equal(p->n, 4);
    assert_int_equal(p->nofault, -1);
    assert_int_equal(ml_pathway_find(p, "court"), S_COURT);
    assert_true(p->p_entry[S_TALKS] == 0.8 && p->p_entry[S_COURT] == 0.2);
    assert_true(p->p_entry[S_MED] == 0.0);
    const ml_stage *t = &p->st[S_TALKS];
    assert_int_equal(t->kind, ML_ST_NEGOTIATION);
    assert_true(t->months_mean == 2 && t->months_cv == 0.5);
    assert_true(t->cost_defence == 100 && t->cost_claimant == 50 && t->cost_admin == 0);
    assert_int_equal(t->route, -1);
    assert_true(t->p_agree[1] == 0.4 && t->p_agree[0] == 0.1 && t->discount == 0.6);
    assert_int_equal(t->n_next, 3);
    assert_int_equal(t->next[0], S_MED);
    assert_int_equal(t->next[1], S_COURT);
    assert_int_equal(t->next[2], S_DROP);
    assert_true(t->p_next[1] == 0.25);
    const ml_stage *m = &p->st[S_MED];
    assert_int_equal(m->route, 0);
    assert_int_equal(m->challenge_to, S_COURT);
    assert_true(m->p_challenge == 0.05 && m->discount == 0.7);
    const ml_stage *ct = &p->st[S_COURT];
    assert_int_equal(ct->kind, ML_ST_LITIGATION);
    assert_true(ct->adjudicates && ct->discount == 1.0); /* discount defaults to 1 */
    assert_int_equal(ct->challenge_to, -1);
    assert_int_equal(p->st[S_DROP].kind, ML_ST_DROPPED);
    /* Every stage records where it was written, for later messages. */
    assert_non_null(strstr(m->where, "regime.yaml:43"));
    ml_scenario_free(&s);
}

/* A lever that names one stage field and one insurance field changes
 * exactly those. */
static void test_lever_patch_merges(void **state)
{
    (void)state;
    put("mediate.yaml",
        "lever: better_mediation\n"
        "description: mediated agreements pay more\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      stages:\n"
        "        mediation:\n"
        "          discount: 0.9\n"
        "    insurance:\n"
        "      participation: 1\n");
    put_scenario("levers: [mediate.yaml]");
    ml_scenario s, base;
    load_ok(&s);
    put_scenario("");
    load_ok(&base);
    assert_int_equal(s.n_levers, 1);
    assert_string_equal(s.levers[0], "better_mediation");
    const ml_lifecycle *L = s.regime.life, *B = base.regime.life;
    assert_true(L->pathway.st[S_MED].discount == 0.9);
    assert_true(L->ins.participation == 1.0);
    /* Everything else is the base regime's, byte for byte. */
    ml_lifecycle want = *B;
    want.pathway.st[S_MED].discount = 0.9;
    want.ins.participation = 1.0;
    /* ... but participation was last set in the lever file, and says so. */
    assert_non_null(strstr(L->ins.where, "mediate.yaml:"));
    memcpy(want.ins.where, L->ins.where, sizeof want.ins.where);
    assert_memory_equal(&want.claiming, &L->claiming, sizeof want.claiming);
    assert_memory_equal(&want.degrees, &L->degrees, sizeof want.degrees);
    assert_memory_equal(want.route, L->route, sizeof want.route);
    assert_memory_equal(&want.comp, &L->comp, sizeof want.comp);
    assert_memory_equal(&want.legal, &L->legal, sizeof want.legal);
    assert_memory_equal(&want.ins, &L->ins, sizeof want.ins);
    assert_int_equal(L->pathway.n, B->pathway.n);
    for (unsigned i = 0; i < B->pathway.n; i++) {
        ml_stage a = want.pathway.st[i], b = L->pathway.st[i];
        memset(a.where, 0, sizeof a.where); /* `where` may name the lever */
        memset(b.where, 0, sizeof b.where);
        assert_memory_equal(&a, &b, sizeof a);
    }
    assert_memory_equal(want.pathway.p_entry, L->pathway.p_entry, sizeof want.pathway.p_entry);
    ml_scenario_free(&s);
    ml_scenario_free(&base);
}

/* A lever may add a stage and reroute entry to it; names resolve after all
 * levers, so the new stage gets the next index. */
static void test_lever_adds_stage(void **state)
{
    (void)state;
    put("arbitration.yaml",
        "lever: arbitration\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      entry: {talks: 0.5, arbitration: 0.3, court: 0.2}\n"
        "      stages:\n"
        "        arbitration:\n"
        "          kind: mediation\n"
        "          months: {mean: 4, cv: 0}\n"
        "          appraisal: expert\n"
        "          p_agree: {negligent: 1, not_negligent: 1}\n"
        "          next: {court: 1}\n");
    put_scenario("levers: [arbitration.yaml]");
    ml_scenario s;
    load_ok(&s);
    const ml_pathway *p = &s.regime.life->pathway;
    assert_int_equal(p->n, 5);
    assert_int_equal(ml_pathway_find(p, "arbitration"), 4);
    assert_true(p->p_entry[4] == 0.3 && p->p_entry[S_TALKS] == 0.5);
    assert_int_equal(p->st[4].route, 0);
    assert_int_equal(p->st[4].next[0], S_COURT);
    assert_true(p->st[4].discount == 1.0);
    ml_scenario_free(&s);
}

/* Naming an existing route and one of its fields changes that field only:
 * the confusion-matrix rows are kept. */
static void test_lever_patches_route_field(void **state)
{
    (void)state;
    put("p7.yaml",
        "lever: cheaper_expert\n"
        "set: {lifecycle: {appraisal: {expert: {cost: 500}}}}\n");
    put_scenario("levers: [p7.yaml]");
    ml_scenario s;
    load_ok(&s);
    const ml_route *r = &s.regime.life->route[0];
    assert_int_equal(s.regime.life->n_routes, 1);
    assert_true(r->cost == 500 && r->delay_months == 3);
    assert_true(r->prob[1][2] == 0.7 && r->prob[0][0] == 0.9);
    ml_scenario_free(&s);
}

/* A stage a lever adds must say its kind; the error names the lever's
 * line of that stage. */
static void test_lever_stage_without_kind_refused(void **state)
{
    (void)state;
    put("p9.yaml",
        "lever: kindless\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      stages:\n"
        "        review:\n"
        "          months: {mean: 1, cv: 0}\n");
    put_scenario("levers: [p9.yaml]");
    load_refused("p9.yaml:7:", "pathway.stages.review.kind", "required");
}

/* Levers apply in the order listed: the last one to name a field wins. */
static void test_levers_apply_in_order(void **state)
{
    (void)state;
    put("p7.yaml", "lever: p7\nset: {lifecycle: {insurance: {participation: 0.7}}}\n");
    put("p9.yaml", "lever: p9\nset: {lifecycle: {insurance: {participation: 0.9}}}\n");
    ml_scenario s;
    put_scenario("levers: [p7.yaml, p9.yaml]");
    load_ok(&s);
    assert_true(s.regime.life->ins.participation == 0.9);
    assert_int_equal(s.n_levers, 2);
    ml_scenario_free(&s);
    put_scenario("levers: [p9.yaml, p7.yaml]");
    load_ok(&s);
    assert_true(s.regime.life->ins.participation == 0.7);
    ml_scenario_free(&s);
}

static void test_lever_applied_twice_refused(void **state)
{
    (void)state;
    put("p7.yaml", "lever: p7\nset: {lifecycle: {insurance: {participation: 0.7}}}\n");
    put_scenario("levers: [p7.yaml, p7.yaml]");
    load_refused("scen.yaml:12:", "levers", "applied twice");
}

/* An unknown key inside a lever's fragment is refused at its own line, and
 * the message says where the lever was referenced from. */
static void test_lever_unknown_key_refused(void **state)
{
    (void)state;
    put("typo.yaml",
        "lever: typo\n"
        "set:\n"
        "  lifecycle:\n"
        "    insurance:\n"
        "      participaton: 1\n");
    put_scenario("levers: [typo.yaml]");
    load_refused("typo.yaml:5:", "unknown key 'participaton'", "referenced from");
    load_refused("set.lifecycle.insurance", "scen.yaml:12", NULL);
}

static void test_lever_unknown_top_key_refused(void **state)
{
    (void)state;
    put("typo_top.yaml", "lever: typo_top\nsett: {}\n");
    put_scenario("levers: [typo_top.yaml]");
    load_refused("typo_top.yaml:2:", "unknown key 'sett'", NULL);
}

static void test_missing_lever_file_refused(void **state)
{
    (void)state;
    put_scenario("levers: [absent.yaml]");
    load_refused("absent.yaml", "scen.yaml:12", NULL);
}

/* A no-fault stage added by a lever, limited to one specialty: the loader
 * marks which specialties of the portfolio are eligible. */
static void test_nofault_stage_and_specialties(void **state)
{
    (void)state;
    put("scheme.yaml",
        "lever: scheme\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      stages:\n"
        "        scheme:\n"
        "          kind: no_fault\n"
        "          p_agree: {negligent: 1, not_negligent: 1}\n"
        "          no_fault: {lump_sum: 6000, instalment: 1200, instalment_years: 20,\n"
        "                     p_apply: 0.5, classes: [permanent, death],\n"
        "                     specialties: [obstetrics]}\n");
    put_scenario("levers: [scheme.yaml]");
    ml_scenario s;
    load_ok(&s);
    const ml_pathway *p = &s.regime.life->pathway;
    assert_int_equal(p->nofault, 4);
    assert_true(p->st[4].nofault_lump == 6000 && p->st[4].nofault_instalment == 1200);
    assert_int_equal(p->st[4].nofault_years, 20);
    assert_true(ml_nofault_total(&p->st[4]) == 30000 && p->st[4].p_apply == 0.5);
    assert_int_equal(p->st[4].nofault_classes,
                     1u << ML_INJ_PERMANENT | 1u << ML_INJ_DEATH);
    assert_int_equal(s.nofault_spec[0], 0); /* medicine */
    assert_int_equal(s.nofault_spec[1], 1); /* obstetrics */
    ml_scenario_free(&s);
}

/* A no-fault award is a lump sum and instalments x years: the old single
 * `amount` is an unknown key, and an instalment needs its number of years
 * (and years an instalment).  Each message names the file and line. */
static void test_nofault_amount_schema_refused(void **state)
{
    (void)state;
    const char *bad[][2] = {
        {"lump_sum: 6000, amount: 30000", "amount"},
        {"lump_sum: 6000, instalment: 1200", "instalment_years go together"},
        {"lump_sum: 6000, instalment_years: 20", "instalment_years go together"},
        {"instalment: 1200, instalment_years: 20", "lump_sum"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "lever: scheme\n"
                 "set:\n"
                 "  lifecycle:\n"
                 "    pathway:\n"
                 "      stages:\n"
                 "        scheme:\n"
                 "          kind: no_fault\n"
                 "          p_agree: {negligent: 1, not_negligent: 1}\n"
                 "          no_fault: {%s, p_apply: 0.5, classes: [permanent]}\n",
                 bad[i][0]);
        put("scheme.yaml", text);
        put_scenario("levers: [scheme.yaml]");
        load_refused("scheme.yaml:9", "no_fault", bad[i][1]);
    }
}

/* More next stages than a stage holds (ML_NEXT_MAX = 8) must be refused
 * where `next` is written, before they are copied into the stage. */
static void test_too_many_next_stages_refused(void **state)
{
    (void)state;
    put("many_next.yaml",
        "lever: many_next\n"
        "set:\n"
        "  lifecycle:\n"
        "    pathway:\n"
        "      stages:\n"
        "        talks:\n"
        "          next: {d1: 0.1, d2: 0.1, d3: 0.1, d4: 0.1, d5: 0.1, d6: 0.1,\n"
        "                 d7: 0.1, d8: 0.1, dropped: 0.2}\n"
        "        d1: {kind: dropped}\n"
        "        d2: {kind: dropped}\n"
        "        d3: {kind: dropped}\n"
        "        d4: {kind: dropped}\n"
        "        d5: {kind: dropped}\n"
        "        d6: {kind: dropped}\n"
        "        d7: {kind: dropped}\n"
        "        d8: {kind: dropped}\n");
    put_scenario("levers: [many_next.yaml]");
    load_refused("many_next.yaml:7:", "set.lifecycle.pathway.stages.talks.next",
                 "at most 8");
}

/* Damages by specialty through a lever: obstetrics names its permanent
 * class (with a tail: weight absent = the lognormal's own mass above the
 * threshold, "continuous" = the density-matching weight); the lever also
 * changes the default death class, which obstetrics, not naming death,
 * follows.  The specialty is matched to the portfolio's by name. */
static void test_damages_by_specialty_lever(void **state)
{
    (void)state;
    put("obs.yaml",
        "lever: obs\n"
        "set:\n"
        "  lifecycle:\n"
        "    compensation:\n"
        "      damages:\n"
        "        death: {meanlog: 12, sdlog: 0.7}\n"
        "        by_specialty:\n"
        "          obstetrics:\n"
        "            permanent: {meanlog: 10.5, sdlog: 1.3, tail: {threshold: 500000, shape: 2.5}}\n"
        "            serious: {meanlog: 9.5, sdlog: 1, tail: {threshold: 80000, shape: 3,\n"
        "                      weight: continuous}}\n");
    put_scenario("levers: [obs.yaml]");
    ml_scenario s;
    load_ok(&s);
    const ml_compensation *c = &s.regime.life->comp;
    assert_int_equal(c->n_spec, 1);
    assert_string_equal(c->spec_name[0], "obstetrics");
    assert_int_equal(s.damages_spec[0], -1); /* medicine: class defaults */
    assert_int_equal(s.damages_spec[1], 0);  /* obstetrics */
    const ml_dmg_law *pm = ml_damages_law(c, 0, ML_INJ_PERMANENT);
    assert_true(pm->meanlog == 10.5 && pm->sdlog == 1.3 && pm->threshold == 500000 &&
                pm->shape == 2.5);
    assert_true(fabs(pm->weight - ml_dmg_weight_own(10.5, 1.3, 500000)) <= 1e-15);
    const ml_dmg_law *se = ml_damages_law(c, 0, ML_INJ_SERIOUS);
    assert_true(fabs(se->weight - ml_dmg_weight_continuous(9.5, 1, 80000, 3)) <= 1e-15);
    /* classes obstetrics does not name follow the defaults, lever included */
    assert_memory_equal(ml_damages_law(c, 0, ML_INJ_DEATH), &c->law[ML_INJ_DEATH],
                        sizeof(ml_dmg_law));
    assert_true(c->law[ML_INJ_DEATH].meanlog == 12 && c->law[ML_INJ_DEATH].threshold == 0);
    assert_memory_equal(ml_damages_law(c, 0, ML_INJ_MINOR), &c->law[ML_INJ_MINOR],
                        sizeof(ml_dmg_law));
    assert_int_equal(c->own[0][ML_INJ_PERMANENT] + c->own[0][ML_INJ_SERIOUS] +
                         c->own[0][ML_INJ_MINOR] + c->own[0][ML_INJ_DEATH], 2);
    /* the default permanent class is untouched */
    assert_true(c->law[ML_INJ_PERMANENT].meanlog == 10 && c->law[ML_INJ_PERMANENT].threshold == 0);
    ml_scenario_free(&s);
}

/* Writes regime.yaml with `from` replaced by `to` of the same length, so
 * that every line keeps its number. */
static void put_regime_with(const char *from, const char *to)
{
    static char text[8192];
    snprintf(text, sizeof text, "%s", regime_yaml);
    char *at = strstr(text, from);
    assert_non_null(at);
    assert_int_equal(strlen(from), strlen(to));
    memcpy(at, to, strlen(to));
    put("regime.yaml", text);
}

/* Regime errors found only after resolution still name file:line: field. */
static void test_regime_errors_name_file_line(void **state)
{
    (void)state;
    put_scenario("");
    /* An unknown next stage (line 51: mediation's next). */
    put_regime_with("next: {court: 0.3, dropped: 0.7}", "next: {curt: 0.3, dropped: 0.7} ");
    load_refused("regime.yaml:51:", "pathway.stages.mediation.next", "'curt' is not a stage");
    /* A route row naming a degree that does not exist (line 16). */
    put_regime_with("not_negligent: {none: 0.9, half: 0.1}",
                    "not_negligent: {none: 0.9, hlf: 0.1} ");
    load_refused("regime.yaml:16:", "appraisal.expert.not_negligent", "'hlf'");
    /* A grade mix not summing to 1 (line 28). */
    put_regime_with("{coef: 1.0, prob: 0.25}", "{coef: 1.0, prob: 0.35}");
    load_refused("regime.yaml:28:", "schedule.grades.permanent", "sum to 1.1");
    put("regime.yaml", regime_yaml);
}

/* scale multiplies every number beneath the node it names, add adds, and
 * the rest of the regime is the base's. */
static void test_lever_scale_and_add(void **state)
{
    (void)state;
    put("rel.yaml",
        "lever: relative\n"
        "scale:\n"
        "  lifecycle:\n"
        "    claiming: {p_claim: {negligent: 1.5}, report_lag_months: {mean: 0.5}}\n"
        "    pathway: {stages: {mediation: {costs: 2}}}\n"
        "add:\n"
        "  lifecycle:\n"
        "    insurance: {enforcement_months: -1.5, p_unpaid: 0.01}\n");
    put_scenario("levers: [rel.yaml]");
    ml_scenario s, base;
    load_ok(&s);
    put_scenario("");
    load_ok(&base);
    const ml_lifecycle *L = s.regime.life, *B = base.regime.life;
    for (int c = 0; c < ML_N_INJ; c++) {
        assert_true(L->claiming.p_claim[1][c] == 1.5 * B->claiming.p_claim[1][c]);
        assert_true(L->claiming.p_claim[0][c] == B->claiming.p_claim[0][c]);
    }
    assert_true(L->claiming.lag_mean == 1.5 && L->claiming.lag_cv == 0.5);
    const ml_stage *m = &L->pathway.st[S_MED], *bm = &B->pathway.st[S_MED];
    assert_true(m->cost_defence == 400 && m->cost_claimant == 0 && m->cost_admin == 600);
    assert_true(m->discount == bm->discount && m->p_challenge == bm->p_challenge);
    assert_true(L->ins.enforce_months == 2.5 && fabs(L->ins.p_unpaid - 0.06) < 1e-15);
    assert_true(L->ins.participation == B->ins.participation);
    ml_scenario_free(&s);
    ml_scenario_free(&base);
}

/* Whatever their order in the file: base is checked first, then set, then
 * scale, then add; a later lever's base sees what earlier levers made. */
static void test_lever_operation_order(void **state)
{
    (void)state;
    put("ord.yaml",
        "lever: ordered\n"
        "add: {lifecycle: {insurance: {participation: 0.1}}}\n"
        "scale: {lifecycle: {insurance: {participation: 0.5}}}\n"
        "set: {lifecycle: {insurance: {participation: 0.8}}}\n"
        "base: {lifecycle: {insurance: {participation: 0.6, direct_claim: false}}}\n");
    put("after.yaml",
        "lever: after\n"
        "base: {lifecycle: {insurance: {participation: 0.5}}}\n"
        "set: {lifecycle: {insurance: {participation: 1}}}\n");
    put_scenario("levers: [ord.yaml]");
    ml_scenario s;
    load_ok(&s);
    assert_true(fabs(s.regime.life->ins.participation - 0.5) < 1e-15); /* 0.8 x 0.5 + 0.1 */
    ml_scenario_free(&s);
    put_scenario("levers: [ord.yaml, after.yaml]");
    load_ok(&s);
    assert_true(s.regime.life->ins.participation == 1.0);
    ml_scenario_free(&s);
    /* Alone, after.yaml's base (0.5) is not the regime's (0.6). */
    put_scenario("levers: [after.yaml]");
    load_refused("after.yaml:2:", "base.lifecycle.insurance.participation", "0.6, not 0.5");
}

/* A scale at an inner node reaches a number out of range: the message
 * names the field, the values and the result. */
static void test_lever_scale_out_of_range_refused(void **state)
{
    (void)state;
    put("big.yaml", "lever: big\nscale:\n  lifecycle:\n    claiming: 3\n");
    put_scenario("levers: [big.yaml]");
    load_refused("big.yaml:4:", "scale.lifecycle.claiming: lifecycle.claiming.p_claim",
                 "0.4 x 3 = 1.2, outside [0, 1]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regime_values_land_in_struct),
        cmocka_unit_test(test_pathway_names_resolve_to_indices),
        cmocka_unit_test(test_lever_patch_merges),
        cmocka_unit_test(test_lever_adds_stage),
        cmocka_unit_test(test_levers_apply_in_order),
        cmocka_unit_test(test_lever_patches_route_field),
        cmocka_unit_test(test_lever_stage_without_kind_refused),
        cmocka_unit_test(test_lever_applied_twice_refused),
        cmocka_unit_test(test_lever_unknown_key_refused),
        cmocka_unit_test(test_lever_unknown_top_key_refused),
        cmocka_unit_test(test_missing_lever_file_refused),
        cmocka_unit_test(test_nofault_stage_and_specialties),
        cmocka_unit_test(test_nofault_amount_schema_refused),
        cmocka_unit_test(test_too_many_next_stages_refused),
        cmocka_unit_test(test_regime_errors_name_file_line),
        cmocka_unit_test(test_lever_scale_and_add),
        cmocka_unit_test(test_lever_operation_order),
        cmocka_unit_test(test_lever_scale_out_of_range_refused),
        cmocka_unit_test(test_damages_by_specialty_lever),
        cmocka_unit_test(test_choice_and_validity),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
