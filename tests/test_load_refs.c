/*
 * test_load_refs.c — names that refer to something defined elsewhere in a
 * life-cycle regime (sim/load/lifecycle_resolve.c, lever_ops.c): a next or
 * entry stage, a stage's appraisal route and challenge_to, a degree in a
 * route's row, a specialty of by_specialty or of the no-fault stage, a
 * lever's path and its effect's stage.  Each is resolved once every lever
 * is applied, and one that refers to nothing is refused with the exact
 * message FILE:LINE: FIELD: 'name' is not ...; the NAMES are: ..., at the
 * line of the key or value that names it, in the file that named it last
 * (the regime or a lever), never at the line of its stage or mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ml_assert.h"
#include "tmp_files.h"

/* The line numbers of this text are named by the tests below. */
static const char *const regime =
    "name: mini\n"                                                         /*  1 */
    "currency: GBP\n"                                                      /*  2 */
    "lifecycle:\n"                                                         /*  3 */
    "  claiming:\n"                                                        /*  4 */
    "    p_claim:\n"                                                       /*  5 */
    "      negligent: {minor: 0.1, serious: 0.1, permanent: 0.1, death: 0.1}\n"
    "      not_negligent: {minor: 0.01, serious: 0.01, permanent: 0.01, death: 0.01}\n"
    "  liability_degrees: {none: 0, full: 1}\n"                            /*  8 */
    "  appraisal:\n"                                                       /*  9 */
    "    court:\n"                                                         /* 10 */
    "      negligent:\n"                                                   /* 11 */
    "        none: 0.4\n"                                                  /* 12 */
    "        full: 0.6\n"                                                  /* 13 */
    "      not_negligent: {none: 0.9, full: 0.1}\n"                        /* 14 */
    "  compensation:\n"                                                    /* 15 */
    "    damages:\n"                                                       /* 16 */
    "      minor: {meanlog: 9, sdlog: 1}\n"                                /* 17 */
    "      serious: {meanlog: 10, sdlog: 1}\n"                             /* 18 */
    "      permanent: {meanlog: 11, sdlog: 1}\n"                           /* 19 */
    "      death: {meanlog: 10, sdlog: 1}\n"                               /* 20 */
    "  pathway:\n"                                                         /* 21 */
    "    entry:\n"                                                         /* 22 */
    "      talks: 0.7\n"                                                   /* 23 */
    "      trial: 0.3\n"                                                   /* 24 */
    "    stages:\n"                                                        /* 25 */
    "      talks:\n"                                                       /* 26 */
    "        kind: negotiation\n"                                          /* 27 */
    "        p_agree: {negligent: 0.5, not_negligent: 0.1}\n"              /* 28 */
    "        next:\n"                                                      /* 29 */
    "          trial: 0.4\n"                                               /* 30 */
    "          dropped: 0.6\n"                                             /* 31 */
    "      trial:\n"                                                       /* 32 */
    "        kind: litigation\n"                                           /* 33 */
    "        appraisal: court\n"                                           /* 34 */
    "        adjudicates: true\n"                                          /* 35 */
    "      dropped:\n"                                                     /* 36 */
    "        kind: dropped\n";                                             /* 37 */

static const char *const portfolio =
    "name: p\n"
    "injury_mix: {minor: 0.5, serious: 0.3, permanent: 0.1, death: 0.1}\n"
    "negligent_share: {minor: 0.2, serious: 0.3, permanent: 0.4, death: 0.5}\n"
    "specialties:\n"
    "  - {name: surgery, incident_rate: 1}\n"
    "  - {name: obstetrics, incident_rate: 1}\n"
    "hospitals:\n"
    "  - {name: h, exposure: {surgery: 1, obstetrics: 1}}\n";

static const char *const files[] = {"s.yaml", "p.yaml", "regime.yaml", "lever.yaml",
                                    "lever2.yaml"};

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_refs_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("p.yaml", portfolio);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    return rmdir(dir);
}

/* The regime text with `from` (which must occur once) replaced by `to`. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(regime, from);
    assert_non_null(at);
    assert_null(strstr(at + 1, from));
    size_t n = strlen(regime) - strlen(from) + strlen(to) + 1;
    char *t = malloc(n);
    assert_non_null(t);
    snprintf(t, n, "%.*s%s%s", (int)(at - regime), regime, to, at + strlen(from));
    return t;
}

/* Loads the scenario of p.yaml under regime text r with the levers given
 * (a YAML list, or ""); returns the status, the message in err. */
static int load(const char *r, const char *levers, ml_err *err)
{
    put("regime.yaml", r);
    char s[256];
    snprintf(s, sizeof s, "name: s\nportfolio: p.yaml\nregime: regime.yaml\n%s%s\n",
             *levers ? "levers: " : "", levers);
    put("s.yaml", s);
    char path[256];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    memset(err, 0, sizeof *err);
    ml_scenario sc;
    int rc = ml_scenario_load(path, &sc, err);
    if (rc == ML_OK)
        ml_scenario_free(&sc);
    return rc;
}

/* want with every "DIR" replaced by the scratch folder's path. */
static char *expand(const char *want)
{
    size_t n = strlen(want) + 1;
    for (const char *p = want; (p = strstr(p, "DIR")); p += 3)
        n += strlen(dir);
    char *t = malloc(n), *o = t;
    assert_non_null(t);
    for (const char *p = want; *p;) {
        if (!strncmp(p, "DIR", 3)) {
            o += sprintf(o, "%s", dir);
            p += 3;
        } else
            *o++ = *p++;
    }
    *o = '\0';
    return t;
}

/* The regime edited (from -> to; from NULL: as it is) with the levers
 * given is refused with exactly DIR/want. */
static void refused(const char *from, const char *to, const char *levers, const char *want)
{
    char *r = from ? edit(from, to) : strdup(regime);
    assert_non_null(r);
    ml_err err;
    int rc = load(r, levers, &err);
    free(r);
    if (rc != ML_EINVAL)
        fail_msg("expected a refusal (%s), got status %d: %s", want, rc, err.msg);
    char *full = expand("DIR/");
    char *rest = expand(want);
    size_t n = strlen(full);
    if (strncmp(err.msg, full, n) || strcmp(err.msg + n, rest))
        fail_msg("expected\n  %s%s\ngot\n  %s", full, rest, err.msg);
    free(full);
    free(rest);
}

static void test_the_regime_loads(void **state)
{
    (void)state;
    put("regime.yaml", regime);
    ml_err err;
    if (load(regime, "", &err) != ML_OK)
        fail_msg("%s", err.msg);
}

static void test_next_stage(void **state)
{
    (void)state;
    refused("          dropped: 0.6\n", "          droped: 0.6\n", "",
            "regime.yaml:31: regime.lifecycle.pathway.stages.talks.next: 'droped' is not a "
            "stage; the stages are: talks, trial, dropped");
}

static void test_entry_stage(void **state)
{
    (void)state;
    refused("      trial: 0.3\n", "      trail: 0.3\n", "",
            "regime.yaml:24: regime.lifecycle.pathway.entry: 'trail' is not a stage; the "
            "stages are: talks, trial, dropped");
}

static void test_appraisal_route(void **state)
{
    (void)state;
    refused("        appraisal: court\n", "        appraisal: cort\n", "",
            "regime.yaml:34: regime.lifecycle.pathway.stages.trial.appraisal: 'cort' is not an "
            "appraisal route of this regime; its routes are: court");
}

/* "none" names no route: nothing to resolve. */
static void test_appraisal_none(void **state)
{
    (void)state;
    char *r = edit("        kind: negotiation\n", "        kind: negotiation\n        appraisal: none\n");
    ml_err err;
    int rc = load(r, "", &err);
    free(r);
    if (rc != ML_OK)
        fail_msg("%s", err.msg);
}

static void test_challenge_stage(void **state)
{
    (void)state;
    refused("        adjudicates: true\n",
            "        adjudicates: true\n"
            "        p_challenge: 0.1\n"
            "        challenge_to: apeal\n", "",
            "regime.yaml:37: regime.lifecycle.pathway.stages.trial.challenge_to: 'apeal' is "
            "not a stage; the stages are: talks, trial, dropped");
}

static void test_route_degree(void **state)
{
    (void)state;
    refused("        full: 0.6\n", "        ful: 0.6\n", "",
            "regime.yaml:13: regime.lifecycle.appraisal.court.negligent: 'ful' is not one of "
            "the liability_degrees; they are: none, full");
}

static void test_by_specialty(void **state)
{
    (void)state;
    refused("      death: {meanlog: 10, sdlog: 1}\n",
            "      death: {meanlog: 10, sdlog: 1}\n"
            "      by_specialty:\n"
            "        surgery: {minor: {meanlog: 9.5, sdlog: 1}}\n"
            "        obstetric: {minor: {meanlog: 9.5, sdlog: 1}}\n", "",
            "regime.yaml:23: regime.lifecycle.compensation.damages.by_specialty: 'obstetric' "
            "is not a specialty of portfolio 'p' (remove it from the regime to run this "
            "portfolio); its specialties are: surgery, obstetrics");
}

static void test_nofault_specialty(void **state)
{
    (void)state;
    refused("      dropped:\n",
            "      scheme:\n"
            "        kind: no_fault\n"
            "        no_fault:\n"
            "          lump_sum: 1000\n"
            "          p_apply: 0.5\n"
            "          classes: [permanent]\n"
            "          specialties:\n"
            "            - surgery\n"
            "            - obstetric\n"
            "        next: {dropped: 1}\n"
            "      dropped:\n", "",
            "regime.yaml:44: regime.lifecycle.pathway.stages.scheme.no_fault.specialties: "
            "'obstetric' is not a specialty of portfolio 'p'; its specialties are: surgery, "
            "obstetrics");
}

/* ---- levers ---- */

/* A name a lever gives is reported in the lever's file, at its key, with
 * the lever's own path (set.lifecycle...). */
static void test_lever_next_stage(void **state)
{
    (void)state;
    put("lever.yaml", "lever: l\n"
                      "set:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        talks:\n"
                      "          next:\n"
                      "            trial: 0.5\n"
                      "            tiral: 0.5\n");
    refused(NULL, NULL, "[lever.yaml]",
            "lever.yaml:9: set.lifecycle.pathway.stages.talks.next: 'tiral' is not a stage; "
            "the stages are: talks, trial, dropped");
}

/* Names resolve after every lever: a base regime's name that refers to a
 * stage only a lever adds is good, and one a lever replaces is never
 * resolved at all. */
static void test_names_resolve_after_the_levers(void **state)
{
    (void)state;
    put("lever.yaml", "lever: adds_review\n"
                      "set:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        review: {kind: dropped}\n");
    char *r = edit("          dropped: 0.6\n", "          review: 0.6\n");
    ml_err err;
    int rc = load(r, "[lever.yaml]", &err);
    free(r);
    if (rc != ML_OK)
        fail_msg("%s", err.msg);
    put("lever2.yaml", "lever: mends_next\n"
                       "set:\n"
                       "  lifecycle:\n"
                       "    pathway:\n"
                       "      stages:\n"
                       "        talks: {next: {trial: 0.4, dropped: 0.6}}\n");
    r = edit("          dropped: 0.6\n", "          droped: 0.6\n");
    rc = load(r, "[lever2.yaml]", &err);
    free(r);
    if (rc != ML_OK)
        fail_msg("%s", err.msg);
}

/* A stage a lever adds without a kind: named in the lever's file, by the
 * lever's path. */
static void test_lever_stage_without_kind(void **state)
{
    (void)state;
    put("lever.yaml", "lever: l\n"
                      "set:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        review:\n"
                      "          p_agree: {negligent: 0.5, not_negligent: 0.5}\n");
    refused(NULL, NULL, "[lever.yaml]",
            "lever.yaml:7: set.lifecycle.pathway.stages.review.kind: required: one of "
            "negotiation, mediation, litigation, no_fault, dropped");
}

/* A lever's path that leads to no field is refused at the first key that
 * leads nowhere, with the keys the regime has there. */
static void test_lever_path_unknown(void **state)
{
    (void)state;
    put("lever.yaml", "lever: l\n"
                      "scale:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        talk:\n"
                      "          discount: 0.5\n");
    refused(NULL, NULL, "[lever.yaml]",
            "lever.yaml:6: scale.lifecycle.pathway.stages.talk: the base regime has no number "
            "or true/false at lifecycle.pathway.stages.talk (a misspelt name, a stage or route "
            "it lacks, or a list or name, which only set: can change); the base regime has "
            "there: talks, trial, dropped\n  (lever referenced from DIR/s.yaml:4)");
}

/* Below the first key that leads nowhere: the keys of that stage. */
static void test_lever_path_unknown_deeper(void **state)
{
    (void)state;
    put("lever.yaml", "lever: l\n"
                      "add:\n"
                      "  lifecycle:\n"
                      "    pathway:\n"
                      "      stages:\n"
                      "        talks:\n"
                      "          discont: 0.1\n");
    refused(NULL, NULL, "[lever.yaml]",
            "lever.yaml:7: add.lifecycle.pathway.stages.talks.discont: the base regime has no "
            "number or true/false at lifecycle.pathway.stages.talks.discont (a misspelt name, a "
            "stage or route it lacks, or a list or name, which only set: can change); the base "
            "regime has there: months, costs, p_agree, discount, adjudicates, p_challenge, "
            "p_confirm, p_nonperformance, enforcement, next\n  (lever referenced from DIR/s.yaml:4)");
}

/* A lever's effect on a stage: the stage must be one of the regime's as
 * the lever leaves it. */
static void test_lever_effect_stage(void **state)
{
    (void)state;
    put("lever.yaml", "lever: l\n"
                      "scale: {lifecycle: {pathway: {stages: {talks: {discount: 0.5}}}}}\n"
                      "effect:\n"
                      "  - {of: paid_claims, per: year, ratio: 0.9}\n"
                      "  - of: entered\n"
                      "    per: claims\n"
                      "    stage: trail\n"
                      "    value: 0.3\n");
    refused(NULL, NULL, "[lever.yaml]",
            "lever.yaml:7: effect[1].stage: 'trail' is not a stage of the regime this lever "
            "leaves; the stages are: talks, trial, dropped\n  (lever referenced from "
            "DIR/s.yaml:4)");
    /* The stage a lever adds is one it may name. */
    put("lever.yaml", "lever: l\n"
                      "set: {lifecycle: {pathway: {stages: {review: {kind: dropped}}}}}\n"
                      "effect: {of: entered, per: claims, stage: review, value: 0}\n");
    ml_err err;
    if (load(regime, "[lever.yaml]", &err) != ML_OK)
        fail_msg("%s", err.msg);
}

/* More names than are of help in a message (above 16): none are listed. */
static void test_long_lists_are_left_out(void **state)
{
    (void)state;
    char p[4096];
    size_t n = (size_t)snprintf(p, sizeof p, "%s", "name: big\n"
        "injury_mix: {minor: 0.5, serious: 0.3, permanent: 0.1, death: 0.1}\n"
        "negligent_share: {minor: 0.2, serious: 0.3, permanent: 0.4, death: 0.5}\n"
        "specialties:\n");
    for (int i = 0; i < 17; i++)
        n += (size_t)snprintf(p + n, sizeof p - n, "  - {name: s%d, incident_rate: 1}\n", i);
    n += (size_t)snprintf(p + n, sizeof p - n, "hospitals:\n  - {name: h, exposure: {s0: 1}}\n");
    assert_true(n < sizeof p);
    put("p.yaml", p);
    refused("      death: {meanlog: 10, sdlog: 1}\n",
            "      death: {meanlog: 10, sdlog: 1}\n"
            "      by_specialty:\n"
            "        s17: {minor: {meanlog: 9.5, sdlog: 1}}\n", "",
            "regime.yaml:22: regime.lifecycle.compensation.damages.by_specialty: 's17' is not "
            "a specialty of portfolio 'big' (remove it from the regime to run this portfolio)");
    put("p.yaml", portfolio);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_regime_loads),
        cmocka_unit_test(test_next_stage),
        cmocka_unit_test(test_entry_stage),
        cmocka_unit_test(test_appraisal_route),
        cmocka_unit_test(test_appraisal_none),
        cmocka_unit_test(test_challenge_stage),
        cmocka_unit_test(test_route_degree),
        cmocka_unit_test(test_by_specialty),
        cmocka_unit_test(test_nofault_specialty),
        cmocka_unit_test(test_lever_next_stage),
        cmocka_unit_test(test_names_resolve_after_the_levers),
        cmocka_unit_test(test_lever_stage_without_kind),
        cmocka_unit_test(test_lever_path_unknown),
        cmocka_unit_test(test_lever_path_unknown_deeper),
        cmocka_unit_test(test_lever_effect_stage),
        cmocka_unit_test(test_long_lists_are_left_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
