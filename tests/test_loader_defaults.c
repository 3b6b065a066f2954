/*
 * test_loader_defaults.c — what ml_scenario_load fills in when a run file
 * is silent, written here as small YAML files in a scratch folder
 * (tests/tmp_files.h): the documented defaults of a textbook regime, a
 * lifecycle regime and the pricing block (expected-value loading 0.2, sd
 * loading 0.1, cost of capital 0.06); the run block's presence flags and
 * the full 64-bit seed; layers split by kind in file order, touching
 * layers accepted, overlapping ones refused with both names and the line;
 * hospital grades in order of first appearance; `count` expanded into
 * numbered hospitals (a long UTF-8 name cut at a character boundary) that
 * dump and reload as one entry.  (Values of shipped files:
 * test_scenarios_load.c; rejections: tests/bad_input/.)
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

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_defaults_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int load(const char *name, ml_scenario *s, ml_err *err)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    memset(err, 0, sizeof *err);
    return ml_scenario_load(p, s, err);
}

static void load_ok(const char *name, ml_scenario *s)
{
    ml_err err;
    if (load(name, s, &err))
        fail_msg("%s: %s", name, err.msg);
}

/* Loading must fail (ML_EINVAL) with a message holding each fragment. */
static void load_refused(const char *name, const char *a, const char *b, const char *c)
{
    ml_scenario s;
    ml_err err;
    int rc = load(name, &s, &err);
    if (rc == ML_OK) {
        ml_scenario_free(&s);
        fail_msg("%s loaded but should be refused (%s)", name, a);
    }
    assert_int_equal(rc, ML_EINVAL);
    const char *want[] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (want[i] && !strstr(err.msg, want[i]))
            fail_msg("message lacks '%s': %s", want[i], err.msg);
}

/* The least a textbook run file may say. */
#define MINIMAL_PORTFOLIO                                                                  \
    "portfolio:\n"                                                                         \
    "  name: p\n"                                                                          \
    "  specialties: [{name: all, incident_rate: 2}, {name: other, incident_rate: 1}]\n"   \
    "  hospitals: [{name: h, exposure: {all: 3}}]\n"
#define MINIMAL_REGIME                                                                     \
    "regime:\n"                                                                            \
    "  name: r\n"                                                                          \
    "  currency: EUR\n"                                                                    \
    "  severity: {model: gamma, shape: 2, scale: 500}\n"

/* Every default a textbook scenario takes, as documented in README,
 * "Scenario files" and the loader: no description, no run settings given,
 * exposure unit hospital-year, no random effects, every incident claims,
 * every claim is paid in full liability, no expenses, no deductible, no
 * limits, the insurer pays all (coinsurance 1), no price year, no levers,
 * no lifecycle; pricing at its defaults with no layers and one grade,
 * "unspecified"; an exposure not named is 0. */
static void test_minimal_textbook_scenario_takes_every_documented_default(void **state)
{
    (void)state;
    put("min.yaml", "name: minimal\n" MINIMAL_PORTFOLIO MINIMAL_REGIME);
    ml_scenario s;
    load_ok("min.yaml", &s);
    assert_string_equal(s.description, "");
    assert_true(!s.has_replicates && !s.has_seed);
    assert_string_equal(s.portfolio_file, "");
    assert_string_equal(s.regime_file, "");
    const ml_portfolio *p = &s.portfolio;
    assert_string_equal(p->exposure_unit, "hospital-year");
    assert_int_equal(p->hospital_effect.kind, ML_RE_NONE);
    assert_int_equal(p->year_effect.kind, ML_RE_NONE);
    assert_false(p->has_medicine);
    ml_assert_double_exact(p->hospitals[0].exposure[0], 3.0);
    ml_assert_double_exact(p->hospitals[0].exposure[1], 0.0);
    ml_assert_double_exact(p->hospitals[0].beds, 0.0);
    assert_string_equal(p->hospitals[0].grade, "");
    ml_assert_int_eq(p->hospitals[0].count, 1);
    const ml_regime *r = &s.regime;
    assert_null(r->life);
    ml_assert_int_eq(r->price.year, 0);
    ml_assert_double_exact(r->p_claim, 1.0);
    ml_assert_double_exact(r->p_settle, 1.0);
    ml_assert_int_eq(r->liability.n, 1);
    ml_assert_double_exact(r->liability.share[0], 1.0);
    ml_assert_double_exact(r->liability.prob[0], 1.0);
    ml_assert_double_exact(r->expense_per_claim, 0.0);
    ml_assert_double_exact(r->policy.deductible, 0.0);
    ml_assert_double_exact(r->policy.limit, INFINITY);
    ml_assert_double_exact(r->policy.coinsurance, 1.0);
    ml_assert_double_exact(r->policy.aggregate_limit, INFINITY);
    ml_assert_double_exact(r->policy.aggregate_retention, INFINITY);
    ml_assert_int_eq(r->policy.indemnifier, ML_INDEMNIFIER_INSURER);
    ml_assert_int_eq(s.n_levers, 0);
    assert_null(s.participation);
    const ml_pricing *pr = &s.pricing;
    ml_assert_double_exact(pr->ev_loading, 0.2);
    ml_assert_double_exact(pr->sd_loading, 0.1);
    ml_assert_double_exact(pr->coc_rate, 0.06);
    ml_assert_double_exact(pr->premium, 0.0);
    ml_assert_int_eq(pr->n_xl + pr->n_sl, 0);
    ml_assert_int_eq(pr->n_grades, 1);
    assert_string_equal(pr->grade_name[0], "unspecified");
    ml_assert_int_eq(pr->grade_of[0], 0);
    ml_scenario_free(&s);
}

/* The least a lifecycle regime may say, and its defaults: report lag cv 1,
 * no caps, everyone insured, no direct claim, nothing unpaid, no legal-cost
 * rules, no schedule, and a stage that does not say has discount 1, no
 * appraisal route, no challenge, no costs. */
static void test_minimal_lifecycle_regime_takes_its_defaults(void **state)
{
    (void)state;
    put("life.yaml",
        "name: life\n"
        "portfolio:\n"
        "  name: p\n"
        "  injury_mix: {minor: 0.5, serious: 0.3, permanent: 0.1, death: 0.1}\n"
        "  negligent_share: {minor: 0.2, serious: 0.3, permanent: 0.4, death: 0.5}\n"
        "  specialties: [{name: all, incident_rate: 2}]\n"
        "  hospitals: [{name: h, exposure: {all: 3}}]\n"
        "regime:\n"
        "  name: r\n"
        "  currency: EUR\n"
        "  lifecycle:\n"
        "    claiming:\n"
        "      p_claim:\n"
        "        negligent: {minor: 0.1, serious: 0.2, permanent: 0.3, death: 0.4}\n"
        "        not_negligent: {minor: 0.01, serious: 0.02, permanent: 0.03, death: 0.04}\n"
        "      report_lag_months: {mean: 6}\n"
        "    liability_degrees: {none: 0, full: 1}\n"
        "    compensation:\n"
        "      damages:\n"
        "        minor: {meanlog: 8, sdlog: 1}\n"
        "        serious: {meanlog: 9, sdlog: 1}\n"
        "        permanent: {meanlog: 10, sdlog: 1}\n"
        "        death: {meanlog: 11, sdlog: 1}\n"
        "    pathway:\n"
        "      entry: {talks: 1}\n"
        "      stages:\n"
        "        talks:\n"
        "          kind: negotiation\n"
        "          p_agree: {negligent: 1, not_negligent: 1}\n");
    ml_scenario s;
    load_ok("life.yaml", &s);
    const ml_lifecycle *L = s.regime.life;
    assert_non_null(L);
    ml_assert_double_exact(L->claiming.lag_mean, 6.0);
    ml_assert_double_exact(L->claiming.lag_cv, 1.0);
    ml_assert_double_exact(L->comp.cap_noneconomic, INFINITY);
    ml_assert_double_exact(L->comp.cap_total, INFINITY);
    ml_assert_double_exact(L->comp.noneconomic_share, 0.0);
    ml_assert_double_exact(L->comp.sched_years, 0.0);
    ml_assert_double_exact(L->comp.law[2].threshold, 0.0); /* no tail */
    ml_assert_double_exact(L->ins.participation, 1.0);
    ml_assert_int_eq(L->ins.n_grades, 0);
    ml_assert_int_eq(L->ins.direct_claim, 0);
    ml_assert_double_exact(L->ins.p_unpaid, 0.0);
    ml_assert_double_exact(L->ins.enforce_months, 0.0);
    assert_true(!L->legal.duty_to_defend && !L->legal.defence_inside_limits &&
                !L->legal.loser_pays);
    ml_assert_double_exact(L->legal.contingency_fee, 0.0);
    ml_assert_int_eq(L->n_routes, 0);
    ml_assert_int_eq(L->pathway.n, 1);
    ml_assert_int_eq(L->pathway.nofault, -1);
    ml_assert_double_exact(L->pathway.p_entry[0], 1.0);
    const ml_stage *st = &L->pathway.st[0];
    ml_assert_double_exact(st->discount, 1.0);
    ml_assert_int_eq(st->route, -1);
    ml_assert_int_eq(st->challenge_to, -1);
    ml_assert_double_exact(st->p_challenge, 0.0);
    ml_assert_double_exact(st->cost_defence + st->cost_claimant + st->cost_admin, 0.0);
    ml_assert_int_eq(st->n_next, 0);
    /* the policy block omitted: the textbook defaults apply here too */
    ml_assert_double_exact(s.regime.policy.limit, INFINITY);
    ml_assert_double_exact(s.regime.policy.coinsurance, 1.0);
    ml_scenario_free(&s);
}

/* The run block: replicates and seed each flagged as given or not; a
 * seed of 0 is given (and 0); the largest 64-bit seed is read exactly. */
static void test_run_settings_flag_what_is_given_and_keep_all_64_seed_bits(void **state)
{
    (void)state;
    put("seed0.yaml", "name: s0\nrun: {seed: 0}\n" MINIMAL_PORTFOLIO MINIMAL_REGIME);
    put("rep.yaml", "name: rp\nrun: {replicates: 123}\n" MINIMAL_PORTFOLIO MINIMAL_REGIME);
    put("big.yaml", "name: big\nrun: {replicates: 1000000000, seed: 18446744073709551615}\n"
                    MINIMAL_PORTFOLIO MINIMAL_REGIME);
    ml_scenario s;
    load_ok("seed0.yaml", &s);
    assert_true(s.has_seed && !s.has_replicates && s.seed == 0);
    ml_scenario_free(&s);
    load_ok("rep.yaml", &s);
    assert_true(!s.has_seed && s.has_replicates);
    ml_assert_size_eq(s.replicates, 123);
    ml_scenario_free(&s);
    load_ok("big.yaml", &s);
    assert_true(s.seed == UINT64_MAX);
    assert_true(s.replicates == ML_MAX_REPLICATES);
    ml_scenario_free(&s);
}

/* The pricing block: what it names replaces the default, what it omits
 * keeps it (sd_loading alone: 0.2, 0.3, 0.06); a null block is all
 * defaults; a premium is kept as given. */
static void test_pricing_block_keeps_defaults_for_what_it_omits(void **state)
{
    (void)state;
    put("pr1.yaml", "name: pr1\n" MINIMAL_PORTFOLIO MINIMAL_REGIME "pricing: {sd_loading: 0.3}\n");
    put("pr2.yaml", "name: pr2\n" MINIMAL_PORTFOLIO MINIMAL_REGIME "pricing: ~\n");
    put("pr3.yaml", "name: pr3\n" MINIMAL_PORTFOLIO MINIMAL_REGIME
                    "pricing: {expected_value_loading: 0, cost_of_capital_rate: 0.0475, "
                    "premium: 150000000}\n");
    ml_scenario s;
    load_ok("pr1.yaml", &s);
    ml_assert_double_exact(s.pricing.ev_loading, 0.2);
    ml_assert_double_exact(s.pricing.sd_loading, 0.3);
    ml_assert_double_exact(s.pricing.coc_rate, 0.06);
    ml_scenario_free(&s);
    load_ok("pr2.yaml", &s);
    ml_assert_double_exact(s.pricing.ev_loading, ML_PRICING_EV_LOADING);
    ml_assert_double_exact(s.pricing.sd_loading, ML_PRICING_SD_LOADING);
    ml_assert_double_exact(s.pricing.coc_rate, ML_PRICING_COC_RATE);
    ml_scenario_free(&s);
    load_ok("pr3.yaml", &s);
    ml_assert_double_exact(s.pricing.ev_loading, 0.0);
    ml_assert_double_exact(s.pricing.sd_loading, 0.1);
    ml_assert_double_exact(s.pricing.coc_rate, 0.0475);
    ml_assert_double_exact(s.pricing.premium, 1.5e8);
    ml_scenario_free(&s);
}

/* Layers: per-claim and stop-loss kept apart, each in file order; layers
 * of one kind that touch (one attaches where the other ends) are fine, and
 * layers of different kinds may cover the same range; an unlimited top
 * layer has limit +inf. */
static void test_layers_split_by_kind_in_file_order_and_may_touch(void **state)
{
    (void)state;
    put("lay.yaml", "name: lay\n" MINIMAL_PORTFOLIO MINIMAL_REGIME
        "pricing:\n"
        "  layers:\n"
        "    - {name: x1, kind: per_claim_xl, attachment: 0, limit: 1000000}\n"
        "    - {name: s1, kind: stop_loss, attachment: 500000, limit: 2000000}\n"
        "    - {name: x2, kind: per_claim_xl, attachment: 1000000, limit: 4000000}\n"
        "    - {name: x3, kind: per_claim_xl, attachment: 5000000, limit: unlimited}\n"
        "    - {name: s2, kind: stop_loss, attachment: 2500000, limit: .inf}\n");
    ml_scenario s;
    load_ok("lay.yaml", &s);
    const ml_pricing *pr = &s.pricing;
    ml_assert_int_eq(pr->n_xl, 3);
    ml_assert_int_eq(pr->n_sl, 2);
    const char *xl[] = {"x1", "x2", "x3"}, *sl[] = {"s1", "s2"};
    const double xa[] = {0, 1e6, 5e6}, xlim[] = {1e6, 4e6, INFINITY};
    for (int j = 0; j < 3; j++) {
        assert_string_equal(pr->xl[j].name, xl[j]);
        ml_assert_int_eq(pr->xl[j].kind, ML_LAYER_XL);
        ml_assert_double_exact(pr->xl[j].attachment, xa[j]);
        ml_assert_double_exact(pr->xl[j].limit, xlim[j]);
    }
    for (int j = 0; j < 2; j++) {
        assert_string_equal(pr->sl[j].name, sl[j]);
        ml_assert_int_eq(pr->sl[j].kind, ML_LAYER_STOP_LOSS);
    }
    ml_assert_double_exact(pr->sl[1].limit, INFINITY);
    ml_scenario_free(&s);
}

/* A layer inside another of the same kind overlaps it: refused at the
 * second one's line (line 9 of the file), naming both. */
static void test_nested_layer_of_one_kind_refused_naming_both(void **state)
{
    (void)state;
    put("nest.yaml", "name: nest\n" MINIMAL_PORTFOLIO MINIMAL_REGIME /* lines 1-9 */
        "pricing:\n"                                                      /* 10 */
        "  layers:\n"
        "    - {name: wide, kind: stop_loss, attachment: 1000000, limit: 9000000}\n"
        "    - {name: inner, kind: stop_loss, attachment: 2000000, limit: 1000000}\n");
    load_refused("nest.yaml", "nest.yaml:13", "layer 'inner' overlaps layer 'wide'", NULL);
}

/* Eight per-claim layers are the most; a ninth is refused at its line. */
static void test_ninth_per_claim_layer_refused(void **state)
{
    (void)state;
    char t[4096];
    int n = snprintf(t, sizeof t, "name: many\n" MINIMAL_PORTFOLIO MINIMAL_REGIME
                                  "pricing:\n  layers:\n");
    for (int j = 0; j < 9; j++)
        n += snprintf(t + n, sizeof t - (size_t)n,
                      "    - {name: l%d, kind: per_claim_xl, attachment: %d, limit: 1000}\n", j,
                      1000 * j);
    put("many.yaml", t);
    load_refused("many.yaml", "many.yaml:20", "at most 8 per-claim layers", NULL);
    /* eight load */
    char *last = strstr(t, "    - {name: l8");
    assert_non_null(last);
    *last = '\0';
    put("eight.yaml", t);
    ml_scenario s;
    load_ok("eight.yaml", &s);
    ml_assert_int_eq(s.pricing.n_xl, ML_XL_MAX);
    ml_scenario_free(&s);
}

/* Grades for pricing: in order of first appearance; hospitals without a
 * grade share "unspecified", which takes its place where first met. */
static void test_grades_are_numbered_in_order_of_first_appearance(void **state)
{
    (void)state;
    put("gr.yaml", "name: gr\n"
        "portfolio:\n"
        "  name: p\n"
        "  specialties: [{name: all, incident_rate: 1}]\n"
        "  hospitals:\n"
        "    - {name: a, grade: secondary, exposure: {all: 1}}\n"
        "    - {name: b, exposure: {all: 1}}\n"
        "    - {name: c, grade: tertiary, exposure: {all: 1}}\n"
        "    - {name: d, grade: secondary, exposure: {all: 1}}\n"
        "    - {name: e, exposure: {all: 1}}\n" MINIMAL_REGIME);
    ml_scenario s;
    load_ok("gr.yaml", &s);
    const ml_pricing *pr = &s.pricing;
    ml_assert_int_eq(pr->n_grades, 3);
    assert_string_equal(pr->grade_name[0], "secondary");
    assert_string_equal(pr->grade_name[1], "unspecified");
    assert_string_equal(pr->grade_name[2], "tertiary");
    const unsigned want[] = {0, 1, 2, 0, 1};
    for (int h = 0; h < 5; h++)
        ml_assert_int_eq(pr->grade_of[h], want[h]);
    ml_scenario_free(&s);
}

/* count: 3 stands for three hospitals NAME-1 .. NAME-3 with the entry's
 * exposure, beds and grade; the first carries count 3, the others 0 (so
 * the dump writes one entry back), and the dump reloads to the same
 * hospitals. */
static void test_count_expands_into_numbered_copies_that_dump_as_one_entry(void **state)
{
    (void)state;
    put("cnt.yaml", "name: cnt\n"
        "portfolio:\n"
        "  name: p\n"
        "  specialties: [{name: all, incident_rate: 1}, {name: obs, incident_rate: 2}]\n"
        "  hospitals:\n"
        "    - {name: big, count: 3, beds: 800, grade: tertiary, exposure: {all: 5, obs: 2}}\n"
        "    - {name: small, exposure: {obs: 1}}\n" MINIMAL_REGIME);
    ml_scenario s, b;
    load_ok("cnt.yaml", &s);
    const ml_portfolio *p = &s.portfolio;
    ml_assert_size_eq(p->n_hospitals, 4);
    const char *names[] = {"big-1", "big-2", "big-3", "small"};
    const unsigned counts[] = {3, 0, 0, 1};
    for (int h = 0; h < 4; h++) {
        assert_string_equal(p->hospitals[h].name, names[h]);
        ml_assert_int_eq(p->hospitals[h].count, counts[h]);
    }
    for (int h = 0; h < 3; h++) {
        ml_assert_double_exact(p->hospitals[h].exposure[0], 5.0);
        ml_assert_double_exact(p->hospitals[h].exposure[1], 2.0);
        ml_assert_double_exact(p->hospitals[h].beds, 800.0);
        assert_string_equal(p->hospitals[h].grade, "tertiary");
    }
    /* each copy owns its exposure: changing one leaves the others */
    assert_true(p->hospitals[0].exposure != p->hospitals[1].exposure);
    /* 3 x (5 x 1 + 2 x 2) = 27, and the small one 1 x 2: 29 */
    double total = 0.0;
    for (size_t h = 0; h < p->n_hospitals; h++)
        total += ml_portfolio_hospital_rate(p, h);
    ml_assert_double_exact(total, 29.0);
    char *y = ml_scenario_to_yaml(&s);
    assert_non_null(y);
    assert_non_null(strstr(y, "count: 3"));
    assert_null(strstr(y, "big-2"));
    put("cnt_resolved.yaml", y);
    load_ok("cnt_resolved.yaml", &b);
    char why[600];
    if (sc_diff_scenario(&s, &b, why, sizeof why))
        fail_msg("the dump of an expanded portfolio reloads differently: %s", why);
    free(y);
    ml_scenario_free(&s);
    ml_scenario_free(&b);
}

/* A name longer than 40 bytes is cut to 40 for the numbered copies, but
 * never inside a UTF-8 character: 38 ASCII letters then a 3-byte character
 * (bytes 39-41) cut at 38 bytes, before the character; the dump reloads
 * to the same names. */
static void test_long_utf8_name_is_cut_before_a_split_character(void **state)
{
    (void)state;
    const char *stem = "abcdefghijklmnopqrstuvwxyzabcdefghijkl"; /* 38 bytes */
    assert_int_equal(strlen(stem), 38);
    char t[1024];
    snprintf(t, sizeof t, "name: utf\n"
             "portfolio:\n"
             "  name: p\n"
             "  specialties: [{name: all, incident_rate: 1}]\n"
             "  hospitals:\n"
             "    - {name: \"%s\xe7\x97\x85\xe9\x99\xa2x\", count: 2, exposure: {all: 1}}\n"
             MINIMAL_REGIME, stem);
    put("utf.yaml", t);
    ml_scenario s, b;
    load_ok("utf.yaml", &s);
    char want[80];
    snprintf(want, sizeof want, "%s-1", stem);
    assert_string_equal(s.portfolio.hospitals[0].name, want);
    snprintf(want, sizeof want, "%s-2", stem);
    assert_string_equal(s.portfolio.hospitals[1].name, want);
    char *y = ml_scenario_to_yaml(&s);
    put("utf_resolved.yaml", y);
    load_ok("utf_resolved.yaml", &b);
    char why[600];
    if (sc_diff_scenario(&s, &b, why, sizeof why))
        fail_msg("reloaded differently: %s", why);
    free(y);
    ml_scenario_free(&s);
    ml_scenario_free(&b);
}

/* Levers need a lifecycle regime to act on: on a textbook regime the
 * levers line is refused, at its line. */
static void test_levers_on_a_textbook_regime_refused_at_the_levers_line(void **state)
{
    (void)state;
    put("lv.yaml", "lever: x\nset: {lifecycle: {insurance: {p_unpaid: 0}}}\n");
    put("tb.yaml", "name: tb\n" MINIMAL_PORTFOLIO MINIMAL_REGIME "levers: [lv.yaml]\n");
    load_refused("tb.yaml", "tb.yaml:10", "levers apply only to a regime with a lifecycle",
                 NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_textbook_scenario_takes_every_documented_default),
        cmocka_unit_test(test_minimal_lifecycle_regime_takes_its_defaults),
        cmocka_unit_test(test_run_settings_flag_what_is_given_and_keep_all_64_seed_bits),
        cmocka_unit_test(test_pricing_block_keeps_defaults_for_what_it_omits),
        cmocka_unit_test(test_layers_split_by_kind_in_file_order_and_may_touch),
        cmocka_unit_test(test_nested_layer_of_one_kind_refused_naming_both),
        cmocka_unit_test(test_ninth_per_claim_layer_refused),
        cmocka_unit_test(test_grades_are_numbered_in_order_of_first_appearance),
        cmocka_unit_test(test_count_expands_into_numbered_copies_that_dump_as_one_entry),
        cmocka_unit_test(test_long_utf8_name_is_cut_before_a_split_character),
        cmocka_unit_test(test_levers_on_a_textbook_regime_refused_at_the_levers_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
