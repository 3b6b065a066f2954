/*
 * test_scenarios_load.c — every run file shipped in scenarios/ (the
 * reference runs, the lever runs, the national runs and the validation
 * cases) loads through ml_scenario_load, carries the values its files
 * state over unchanged (read here from the YAML text itself by
 * tests/yaml_peek.h, not from the loader), and its resolved dump
 * (ml_scenario_to_yaml) reloads to the same scenario field by field
 * (tests/scenario_compare.h) and dumps to the same text.
 *
 * Run files are found, not listed: every .yaml of scenarios/,
 * scenarios/levers/, scenarios/national/ and scenarios/validation/ with a
 * top-level `regime:` key, so a new one is tested the day it is added.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "scenario.h"
#include "scenario_compare.h"
#include "yaml_peek.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_files.h"

enum { MAX_RUNS = 64 };
static char runs[MAX_RUNS][512];
static int n_runs;

/* A run file has a top-level regime: key (scenarios/rates.yaml, say, does not). */
static int is_run_file(const char *path)
{
    char *t = peek_file(path);
    if (!t)
        return 0;
    int yes = !strncmp(t, "regime:", 7) || strstr(t, "\nregime:") != NULL;
    free(t);
    return yes;
}

static int setup(void **state)
{
    (void)state;
    static const char *const folders[] = {"", "levers/", "national/", "validation/"};
    for (int f = 0; f < 4; f++) {
        char pat[600];
        snprintf(pat, sizeof pat, "%s/scenarios/%s*.yaml", ML_SOURCE_DIR, folders[f]);
        glob_t g;
        if (glob(pat, 0, NULL, &g) != 0)
            return -1;
        for (size_t i = 0; i < g.gl_pathc && n_runs < MAX_RUNS; i++)
            if (is_run_file(g.gl_pathv[i]))
                snprintf(runs[n_runs++], sizeof runs[0], "%s", g.gl_pathv[i]);
        globfree(&g);
    }
    snprintf(dir, sizeof dir, "/tmp/ml_scen_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[300];
    snprintf(p, sizeof p, "%s/resolved.yaml", dir);
    unlink(p);
    return rmdir(dir);
}

static void load_ok(const char *path, ml_scenario *s)
{
    ml_err err = {0};
    int rc = ml_scenario_load(path, s, &err);
    if (rc)
        fail_msg("%s: %s", path, err.msg);
}

/* The shipped set is all there: the reference runs of five regimes, six
 * lever runs, six national runs, four validation cases and at least the
 * scale and reform runs (23 when this test was written). */
static void test_every_shipped_folder_has_its_run_files(void **state)
{
    (void)state;
    int in[4] = {0};
    for (int i = 0; i < n_runs; i++) {
        if (strstr(runs[i], "/scenarios/levers/"))
            in[1]++;
        else if (strstr(runs[i], "/scenarios/national/"))
            in[2]++;
        else if (strstr(runs[i], "/scenarios/validation/"))
            in[3]++;
        else
            in[0]++;
    }
    if (in[0] < 7 || in[1] < 6 || in[2] < 6 || in[3] < 4)
        fail_msg("found %d top-level, %d lever, %d national and %d validation run files",
                 in[0], in[1], in[2], in[3]);
    assert_true(n_runs >= 23);
}

/* ---- values carried over unchanged ----------------------------------------- */

typedef struct {
    const char *run;   /* the run file's path, for messages */
    int checked;       /* values compared */
} tally;

static void same_num(tally *t, const char *text, const char *path, double got)
{
    double want;
    if (!peek_num(text, path, &want))
        return; /* absent, or written as {value, year}: trended, not carried */
    if (!(got == want))
        fail_msg("%s: %s is %.17g in the file but %.17g in the scenario", t->run, path, want,
                 got);
    t->checked++;
}

static void same_str(tally *t, const char *text, const char *path, const char *got)
{
    char want[512];
    if (!peek_str(text, path, want, sizeof want) || want[0] == '>' || want[0] == '|')
        return;
    if (strcmp(got, want))
        fail_msg("%s: %s is '%s' in the file but '%s' in the scenario", t->run, path, want, got);
    t->checked++;
}

/* The text of part `key` (portfolio or regime) and the prefix of its
 * paths: the referenced file, or the run file itself when inline. */
static char *part_text(const char *run_text, const char *file, const char **prefix,
                       const char *key)
{
    if (file[0]) {
        *prefix = "";
        char *t = peek_file(file);
        assert_non_null(t);
        return t;
    }
    *prefix = key;
    return strdup(run_text);
}

static void check_portfolio(tally *t, const char *pt, const char *pre, const ml_portfolio *p)
{
    char path[200];
#define AT(k) (snprintf(path, sizeof path, "%s%s%s", pre, *pre ? "." : "", k), path)
    same_str(t, pt, AT("name"), p->name);
    same_str(t, pt, AT("exposure_unit"), p->exposure_unit);
    if (p->hospital_effect.kind != ML_RE_NONE)
        same_num(t, pt, AT("hospital_effect.size"), p->hospital_effect.size);
    if (p->year_effect.kind != ML_RE_NONE)
        same_num(t, pt, AT("year_effect.size"), p->year_effect.size);
    for (int c = 0; c < ML_N_INJ; c++) {
        char k[64];
        snprintf(k, sizeof k, "injury_mix.%s", ml_injury_name[c]);
        same_num(t, pt, AT(k), p->injury_mix[c]);
        snprintf(k, sizeof k, "negligent_share.%s", ml_injury_name[c]);
        same_num(t, pt, AT(k), p->negligent_share[c]);
    }
    /* the first specialty, as listed first */
    same_str(t, pt, AT("specialties.name"), p->specialties[0].name);
    same_num(t, pt, AT("specialties.incident_rate"), p->specialties[0].incident_rate);
    /* hospitals: one per list entry, or `count` of them */
    unsigned total = peek_list_total(pt, "hospitals");
    if (total != p->n_hospitals)
        fail_msg("%s: the portfolio lists %u hospitals (counts included), the scenario has %zu",
                 t->run, total, p->n_hospitals);
    t->checked++;
#undef AT
}

static void check_regime(tally *t, const char *rt, const char *pre, const ml_regime *r,
                         unsigned levers)
{
    char path[200];
#define AT(k) (snprintf(path, sizeof path, "%s%s%s", pre, *pre ? "." : "", k), path)
    same_str(t, rt, AT("name"), r->name);
    same_str(t, rt, AT("currency"), r->currency);
    same_num(t, rt, AT("price_year"), r->price.year);
    same_num(t, rt, AT("policy.coinsurance"), r->policy.coinsurance);
    same_num(t, rt, AT("policy.deductible"), r->policy.deductible);
    /* A lever may change the limits (product_design); test_levers_apply
     * checks what it makes of them. */
    if (!levers) {
        same_num(t, rt, AT("policy.limit"), r->policy.limit);
        same_num(t, rt, AT("policy.aggregate_limit"), r->policy.aggregate_limit);
    }
    char who[32];
    if (peek_str(rt, AT("policy.indemnifier"), who, sizeof who)) {
        ml_assert_int_eq(r->policy.indemnifier,
                         strcmp(who, "state") ? ML_INDEMNIFIER_INSURER : ML_INDEMNIFIER_STATE);
        t->checked++;
    }
    if (!r->life) {
        same_num(t, rt, AT("claiming.p_claim"), r->p_claim);
        same_num(t, rt, AT("pathway.p_settle"), r->p_settle);
        const char *m = r->severity.kind == ML_SEV_LOGNORMAL ? "meanlog" : "shape";
        const char *n = r->severity.kind == ML_SEV_LOGNORMAL ? "sdlog" : "scale";
        char k[64];
        snprintf(k, sizeof k, "severity.%s", m);
        same_num(t, rt, AT(k), r->severity.p1);
        snprintf(k, sizeof k, "severity.%s", n);
        same_num(t, rt, AT(k), r->severity.p2);
        same_str(t, rt, AT("severity.model"), ml_severity_name(r->severity.kind));
        return;
    }
    /* Lifecycle fields that no shipped lever changes (the lever tests check
     * what levers do). */
    const ml_lifecycle *L = r->life;
    for (int c = 0; c < ML_N_INJ; c++) {
        char k[96];
        snprintf(k, sizeof k, "lifecycle.claiming.p_claim.not_negligent.%s", ml_injury_name[c]);
        same_num(t, rt, AT(k), L->claiming.p_claim[0][c]);
    }
    same_num(t, rt, AT("lifecycle.claiming.report_lag_months.cv"), L->claiming.lag_cv);
    same_num(t, rt, AT("lifecycle.legal_costs.contingency_fee"), L->legal.contingency_fee);
    same_num(t, rt, AT("lifecycle.insurance.p_unpaid"), L->ins.p_unpaid);
    same_num(t, rt, AT("lifecycle.compensation.noneconomic_share"), L->comp.noneconomic_share);
    /* damages_year trends every class's meanlog by log(factor): test_price_year */
    if (!peek(rt, AT("lifecycle.compensation.damages_year")))
        same_num(t, rt, AT("lifecycle.compensation.damages.minor.meanlog"),
                 L->comp.law[0].meanlog);
    same_num(t, rt, AT("lifecycle.compensation.damages.death.sdlog"), L->comp.law[3].sdlog);
#undef AT
}

static void check_pricing(tally *t, const char *run_text, const ml_pricing *pr)
{
    if (!peek(run_text, "pricing")) {
        ml_assert_double_exact(pr->ev_loading, ML_PRICING_EV_LOADING);
        ml_assert_double_exact(pr->sd_loading, ML_PRICING_SD_LOADING);
        ml_assert_double_exact(pr->coc_rate, ML_PRICING_COC_RATE);
        ml_assert_int_eq(pr->n_xl + pr->n_sl, 0);
        t->checked += 4;
        return;
    }
    same_num(t, run_text, "pricing.expected_value_loading", pr->ev_loading);
    same_num(t, run_text, "pricing.sd_loading", pr->sd_loading);
    same_num(t, run_text, "pricing.cost_of_capital_rate", pr->coc_rate);
    char kind[32];
    if (peek_str(run_text, "pricing.layers.kind", kind, sizeof kind)) {
        const ml_layer *l = !strcmp(kind, "stop_loss") ? &pr->sl[0] : &pr->xl[0];
        same_str(t, run_text, "pricing.layers.name", l->name);
        same_num(t, run_text, "pricing.layers.attachment", l->attachment);
        same_num(t, run_text, "pricing.layers.limit", l->limit);
    }
}

static void test_shipped_run_files_load_with_their_values_unchanged(void **state)
{
    (void)state;
    for (int i = 0; i < n_runs; i++) {
        ml_scenario s;
        load_ok(runs[i], &s);
        char *rt = peek_file(runs[i]);
        assert_non_null(rt);
        tally t = {runs[i], 0};
        same_str(&t, rt, "name", s.name);
        same_str(&t, rt, "description", s.description);
        same_num(&t, rt, "run.replicates", (double)s.replicates);
        double seed = NAN;
        if (peek_num(rt, "run.seed", &seed)) {
            assert_true(s.has_seed && (double)s.seed == seed);
            t.checked++;
        }
        const char *pre;
        char *pt = part_text(rt, s.portfolio_file, &pre, "portfolio");
        check_portfolio(&t, pt, pre, &s.portfolio);
        free(pt);
        char *gt = part_text(rt, s.regime_file, &pre, "regime");
        check_regime(&t, gt, pre, &s.regime, s.n_levers);
        free(gt);
        check_pricing(&t, rt, &s.pricing);
        /* enough was found to make the claim: the files are written so */
        if (t.checked < 12)
            fail_msg("%s: only %d values could be read from the files to compare", runs[i],
                     t.checked);
        free(rt);
        ml_scenario_free(&s);
    }
}

/* ---- the resolved dump ------------------------------------------------------- */

/* Past the leading comment lines (provenance: the source file and the
 * levers applied, which a reloaded dump no longer has). */
static const char *body(const char *y)
{
    while (*y == '#') {
        const char *e = strchr(y, '\n');
        if (!e)
            return y + strlen(y);
        y = e + 1;
    }
    return y;
}

static void test_resolved_dump_reloads_to_the_same_scenario_for_every_run_file(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/resolved.yaml", dir);
    for (int i = 0; i < n_runs; i++) {
        ml_scenario a, b;
        load_ok(runs[i], &a);
        char *y1 = ml_scenario_to_yaml(&a);
        assert_non_null(y1);
        put("resolved.yaml", y1);
        ml_err err = {0};
        if (ml_scenario_load(path, &b, &err))
            fail_msg("%s: its resolved dump does not load: %s", runs[i], err.msg);
        char why[600];
        if (sc_diff_scenario(&a, &b, why, sizeof why))
            fail_msg("%s: reloaded from its dump, %s", runs[i], why);
        /* levers are in the resolved regime: the reloaded scenario has none */
        ml_assert_int_eq(b.n_levers, 0);
        char *y2 = ml_scenario_to_yaml(&b);
        assert_non_null(y2);
        if (strcmp(body(y1), body(y2)))
            fail_msg("%s: the dump of the reloaded dump differs from the dump", runs[i]);
        free(y1);
        free(y2);
        ml_scenario_free(&a);
        ml_scenario_free(&b);
    }
}

/* The comparison itself can fail: a scenario differs from itself changed
 * in one field of each part, and says which. */
static void test_comparison_names_the_field_that_differs(void **state)
{
    (void)state;
    ml_scenario a, b;
    char p[600];
    snprintf(p, sizeof p, "%s/scenarios/japan.yaml", ML_SOURCE_DIR);
    load_ok(p, &a);
    load_ok(p, &b);
    char why[600];
    assert_int_equal(sc_diff_scenario(&a, &b, why, sizeof why), 0);
    b.portfolio.hospitals[3].exposure[1] *= 1.0 + 1e-15;
    assert_int_equal(sc_diff_scenario(&a, &b, why, sizeof why), 1);
    assert_non_null(strstr(why, "portfolio.hospitals[3].exposure."));
    b.portfolio.hospitals[3].exposure[1] = a.portfolio.hospitals[3].exposure[1];
    b.regime.life->pathway.st[1].p_agree[1] += 0.01;
    assert_int_equal(sc_diff_scenario(&a, &b, why, sizeof why), 1);
    assert_non_null(strstr(why, ".p_agree.negligent"));
    b.regime.life->pathway.st[1].p_agree[1] = a.regime.life->pathway.st[1].p_agree[1];
    b.pricing.coc_rate = 0.05;
    assert_int_equal(sc_diff_scenario(&a, &b, why, sizeof why), 1);
    assert_non_null(strstr(why, "pricing.cost_of_capital_rate"));
    ml_scenario_free(&a);
    ml_scenario_free(&b);
}

/* The peek reader finds what the files say (so the comparisons above are
 * against the files, not against nothing): a few values of the reference
 * run as written in scenarios/china.yaml and its portfolio. */
static void test_peek_reads_block_flow_and_list_values(void **state)
{
    (void)state;
    char p[600];
    snprintf(p, sizeof p, "%s/scenarios/china.yaml", ML_SOURCE_DIR);
    char *t = peek_file(p);
    assert_non_null(t);
    double x = NAN;
    assert_true(peek_num(t, "run.seed", &x));
    ml_assert_double_exact(x, 20261123.0);
    assert_true(peek_num(t, "pricing.layers.attachment", &x)); /* a flow item of a list */
    ml_assert_double_exact(x, 200000.0);
    assert_false(peek_num(t, "run.no_such_key", &x));
    assert_false(peek_num(t, "no_such_block.seed", &x));
    free(t);
    snprintf(p, sizeof p, "%s/scenarios/portfolios/reference.yaml", ML_SOURCE_DIR);
    t = peek_file(p);
    assert_non_null(t);
    assert_true(peek_num(t, "year_effect.size", &x));
    ml_assert_double_exact(x, 100.0);
    assert_true(peek_num(t, "injury_mix.death", &x));
    ml_assert_double_exact(x, 0.136);
    char name[64];
    assert_true(peek_str(t, "specialties.name", name, sizeof name));
    assert_string_equal(name, "medicine");
    ml_assert_int_eq(peek_list_total(t, "hospitals"), 30); /* 5 + 10 + 15 */
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_shipped_folder_has_its_run_files),
        cmocka_unit_test(test_peek_reads_block_flow_and_list_values),
        cmocka_unit_test(test_shipped_run_files_load_with_their_values_unchanged),
        cmocka_unit_test(test_resolved_dump_reloads_to_the_same_scenario_for_every_run_file),
        cmocka_unit_test(test_comparison_names_the_field_that_differs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
