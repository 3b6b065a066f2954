/*
 * test_run.c — the library entry point ml_run (sim/run/run.h): a request
 * in, a results file and every scenario's results out, a status and a
 * message naming the file on every failure, and never a file left behind
 * by a failed run.
 *
 * What it checks:
 *  - a run writes its file and hands back results equal, bit for bit, to
 *    the results computed from one engine run of the same seed and length
 *    (the blocks give exactly the samples of one long run), and equal to
 *    the figures read back from the file (the file and the terminal show
 *    one set of numbers);
 *  - the seed and replicate count: request first, else the run files'
 *    run section (which must agree, the message naming both files), else
 *    the defaults;
 *  - failures: a bad or missing run file (ML_EINVAL, file named, no
 *    output), duplicate scenario names, an existing output without
 *    replace (ML_EIO, left untouched), an unwritable folder, a folder in
 *    the way of the rename (ML_EIO, no temporary file), a stop request
 *    (ML_EINTR), requests that cannot run;
 *  - --target-se: the stopping rule, and the same results as a fixed run
 *    of the length it found;
 *  - progress: the callbacks see the whole job, in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "tmp_files.h"

#include "engine.h"
#include "h5figures.h"
#include "h5lib.h"
#include "run.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define V1 ML_SOURCE_DIR "/scenarios/validation/v1_poisson_lognormal.yaml"
#define V2 ML_SOURCE_DIR "/scenarios/validation/v2_negbin_lognormal_layer.yaml"
#define V3 ML_SOURCE_DIR "/scenarios/validation/v3_poisson_gamma_agglimit.yaml"
#define UK ML_SOURCE_DIR "/scenarios/uk.yaml"

/* A one-hospital run file with a run section given as YAML text ("" for
 * none): claims Poisson(5), lognormal severities, everything paid. */
static void put_run_file(const char *file, const char *name, const char *run)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: %s\n"
             "%s"
             "portfolio:\n"
             "  name: one\n"
             "  exposure_unit: hospital-year\n"
             "  specialties:\n"
             "    - {name: all, incident_rate: 5}\n"
             "  hospitals:\n"
             "    - {name: H1, exposure: {all: 1}}\n"
             "regime:\n"
             "  name: textbook\n"
             "  currency: USD\n"
             "  claiming: {p_claim: 1}\n"
             "  pathway: {p_settle: 1}\n"
             "  liability:\n"
             "    - {share: 1, prob: 1}\n"
             "  severity: {model: lognormal, meanlog: 8, sdlog: 1}\n"
             "  policy: {deductible: 0, limit: unlimited, coinsurance: 1,"
             " aggregate_limit: unlimited}\n",
             name, run);
    put(file, text);
}

static char *path_in(const char *name)
{
    static char p[4][300];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* How many names in the folder contain ".tmp." (a writer's temporary). */
static int temporaries(const char *folder)
{
    DIR *d = opendir(folder);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/medliab-test-run.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* Removes what a test left: plain files and folders one level down. */
static void remove_tree(const char *folder)
{
    DIR *d = opendir(folder);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", folder, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(folder);
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(dir);
    return 0;
}

static ml_run_request request(const char *const *files, size_t n, const char *out)
{
    ml_run_request q;
    memset(&q, 0, sizeof q);
    q.files = files;
    q.n_files = n;
    q.output = out;
    q.threads = 1;
    return q;
}

static void run_ok(const ml_run_request *q, ml_run_outcome *o)
{
    ml_err err = {0};
    int rc = ml_run(q, o, &err);
    if (rc)
        fail_msg("ml_run: status %d: %s", rc, err.msg);
}

/* ml_run failing with want: the outcome is empty and the message holds
 * every string of needles (NULL-terminated). */
static void run_fails(const ml_run_request *q, int want, const char *const *needles)
{
    ml_err err = {0};
    ml_run_outcome o;
    memset(&o, 0x5a, sizeof o); /* ml_run must clear it */
    int rc = ml_run(q, &o, &err);
    if (rc != want)
        fail_msg("ml_run returned %d, expected %d (%s)", rc, want, err.msg);
    for (size_t i = 0; needles && needles[i]; i++)
        if (!strstr(err.msg, needles[i]))
            fail_msg("message '%s' lacks '%s'", err.msg, needles[i]);
    assert_null(o.results);
    ml_assert_size_eq(o.n, 0);
}

/* The results of scenario file at seed and n replicates, computed from
 * one engine run of the whole length (no blocks, no ml_run). */
static ml_scenario_results *direct(const char *file, uint64_t seed, size_t n)
{
    ml_scenario s;
    ml_results res;
    ml_err err = {0};
    if (ml_scenario_load(file, &s, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(ml_results_alloc(&res, n), ML_OK);
    assert_int_equal(ml_results_alloc_pricing(&res, (unsigned)s.portfolio.n_specialties,
                                              s.pricing.n_grades, s.pricing.n_xl),
                     ML_OK);
    if (s.regime.life)
        assert_int_equal(ml_results_alloc_channels(&res, s.regime.life->pathway.n), ML_OK);
    ml_run_opts o = {seed, n, 0, 2, NULL, 0, NULL};
    if (ml_engine_run(&s, &o, &res, &err))
        fail_msg("%s", err.msg);
    ml_scenario_results *r = malloc(sizeof *r);
    assert_non_null(r);
    assert_int_equal(ml_scenario_results_fill(&s, &res, 1, r, &err), ML_OK);
    ml_results_free(&res);
    ml_scenario_free(&s);
    return r;
}

/* Two results structures hold the same tables, bit for bit. */
static void assert_same_results(const ml_scenario_results *a, const ml_scenario_results *b)
{
    assert_string_equal(a->name, b->name);
    ml_assert_size_eq(a->n, b->n);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        ml_assert_double_exact(a->summary[m].mean, b->summary[m].mean);
        ml_assert_double_exact(a->summary[m].var[3], b->summary[m].var[3]);
    }
    assert_memory_equal(a->summary, b->summary, sizeof a->summary);
    assert_memory_equal(a->ep, b->ep, sizeof a->ep);
    assert_memory_equal(a->aal, b->aal, sizeof a->aal);
    ml_assert_size_eq(a->n_policy, b->n_policy);
    assert_memory_equal(a->policy, b->policy, sizeof a->policy);
    assert_string_equal(a->policy_undefined, b->policy_undefined);
    ml_assert_size_eq(a->n_stages, b->n_stages);
    assert_memory_equal(a->stages, b->stages, sizeof a->stages);
    ml_assert_size_eq(a->pricing.n_rows, b->pricing.n_rows);
    assert_memory_equal(a->pricing.rows, b->pricing.rows,
                        a->pricing.n_rows * sizeof *a->pricing.rows);
    assert_memory_equal(a->pricing.principles, b->pricing.principles,
                        sizeof a->pricing.principles);
    assert_memory_equal(a->pricing.layers, b->pricing.layers, sizeof a->pricing.layers);
    /* ml_run's outcome keeps no series (run.h); compare them where both do. */
    if (a->pricing.net && b->pricing.net)
        assert_memory_equal(a->pricing.net, b->pricing.net, a->n * sizeof(double));
}

/* An outcome holds tables only: the series are in the file. */
static void assert_no_series(const ml_run_outcome *o)
{
    for (size_t i = 0; i < o->n; i++) {
        assert_null(o->results[i].pricing.net);
        for (size_t k = 0; k < ML_XL_MAX + ML_SL_MAX; k++)
            assert_null(o->results[i].pricing.ceded[k]);
        assert_non_null(o->results[i].pricing.rows); /* the tables stay */
    }
}

static void free_results(ml_scenario_results *r)
{
    ml_scenario_results_free(r);
    free(r);
}

/* The figure called name in figs equals want exactly. */
static void assert_figure(const ml_figures *figs, const char *name, double want)
{
    const ml_figure *f = ml_figures_find(figs, name);
    if (!f)
        fail_msg("the file has no figure %s", name);
    if (!(f->value == want || (isnan(f->value) && isnan(want))))
        fail_msg("%s: file %.17g, results %.17g", name, f->value, want);
}

/* Every figure of the results file that the structure holds: the whole
 * summary table, the exceedance tables, the policy and stage tables, the
 * premium principles and the layers. */
static void assert_file_shows(const char *path, const ml_scenario_results *r)
{
    ml_h5fig_info info;
    ml_figures figs = {0};
    ml_err err = {0};
    if (ml_h5fig_read(path, &info, &figs, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(info.scenario, r->name);
    assert_int_equal(info.replicates, r->n);
    char name[ML_FIGURE_NAME_MAX];
    for (int m = 0; m < ML_N_MEASURES; m++) {
        const ml_summary *s = &r->summary[m];
        const char *mn = ml_measure_name[m];
        snprintf(name, sizeof name, "summary.%s.mean", mn);
        assert_figure(&figs, name, s->mean);
        snprintf(name, sizeof name, "summary.%s.sd", mn);
        assert_figure(&figs, name, s->sd);
        snprintf(name, sizeof name, "summary.%s.se", mn);
        assert_figure(&figs, name, s->se);
        for (int l = 0; l < ML_N_LEVELS; l++) {
            snprintf(name, sizeof name, "summary.%s.var%s", mn, ml_level_tag[l]);
            assert_figure(&figs, name, s->var[l]);
            snprintf(name, sizeof name, "summary.%s.tvar%s", mn, ml_level_tag[l]);
            assert_figure(&figs, name, s->tvar[l]);
            snprintf(name, sizeof name, "summary.%s.tvar%s_se", mn, ml_level_tag[l]);
            assert_figure(&figs, name, s->tvar_se[l]);
        }
        if (!r->has_ep[m])
            continue;
        for (int k = 0; k < ML_N_RETURN_PERIODS; k++) {
            snprintf(name, sizeof name, "ep.%s.aep@%u", mn, ml_return_periods[k]);
            assert_figure(&figs, name, r->ep[m][k].aep);
            snprintf(name, sizeof name, "ep.%s.oep@%u", mn, ml_return_periods[k]);
            assert_figure(&figs, name, r->ep[m][k].oep);
        }
    }
    for (size_t i = 0; i < r->n_policy; i++) {
        snprintf(name, sizeof name, "policy.%s", r->policy[i].name);
        assert_figure(&figs, name, r->policy[i].value);
    }
    for (size_t i = 0; i < r->n_stages; i++) {
        snprintf(name, sizeof name, "stages.%s.closed_share", r->stages[i].stage);
        assert_figure(&figs, name, r->stages[i].closed_share);
        snprintf(name, sizeof name, "stages.%s.mean_months", r->stages[i].stage);
        assert_figure(&figs, name, r->stages[i].mean_months);
    }
    for (size_t i = 0; i < r->pricing.n_principles; i++) {
        /* The principle and its basis together name a row (h5figures.c
         * adds string columns until the key is unique). */
        if (r->dev.on)
            snprintf(name, sizeof name, "pricing.principles.%s.%s.premium",
                     r->pricing.principles[i].principle, r->pricing.principles[i].basis);
        else
            snprintf(name, sizeof name, "pricing.principles.%s.premium",
                     r->pricing.principles[i].principle);
        assert_figure(&figs, name, r->pricing.principles[i].premium);
    }
    for (size_t i = 0; i < r->pricing.n_layers; i++) {
        snprintf(name, sizeof name, "pricing.layers.%s.net_var995", r->pricing.layers[i].name);
        assert_figure(&figs, name, r->pricing.layers[i].net_var995);
        snprintf(name, sizeof name, "pricing.layers.%s.expected_ceded",
                 r->pricing.layers[i].name);
        assert_figure(&figs, name, r->pricing.layers[i].expected_ceded);
    }
    ml_figures_free(&figs);
}

/* --- a run and its outcome --- */

static void test_run_writes_file_and_returns_its_results(void **state)
{
    (void)state;
    const char *files[] = {V2};
    const char *out = path_in("v2.h5");
    ml_run_request q = request(files, 1, out);
    q.replicates = 2000;
    q.have_seed = 1;
    q.seed = 5;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_true(exists(out));
    assert_int_equal(temporaries(dir), 0);
    ml_assert_size_eq(o.n, 1);
    assert_int_equal(o.seed, 5);
    assert_int_equal(o.replicates, 2000);
    assert_string_equal(o.stopping_rule, "");
    assert_string_equal(o.results[0].name, "v2_negbin_lognormal_layer");
    ml_assert_size_eq(o.results[0].n, 2000);
    ml_assert_size_eq(o.results[0].pricing.n_principles, 4); /* no given premium */
    /* The outcome is what one engine run gives, and what the file holds. */
    ml_scenario_results *want = direct(V2, 5, 2000);
    assert_same_results(&o.results[0], want);
    assert_file_shows(out, &o.results[0]);
    free_results(want);
    ml_run_outcome_free(&o);
    assert_null(o.results);
    ml_assert_size_eq(o.n, 0);
}

/* Scenarios come back in request order, each with the run's length, and
 * share the seed (common random numbers): a lifecycle regime's stage
 * tables included. */
static void test_several_scenarios_in_request_order(void **state)
{
    (void)state;
    const char *files[] = {V3, UK, V1};
    const char *out = path_in("three.h5");
    ml_run_request q = request(files, 3, out);
    q.replicates = 150;
    q.have_seed = 1;
    q.seed = 11;
    q.threads = 2;
    ml_run_outcome o;
    run_ok(&q, &o);
    ml_assert_size_eq(o.n, 3);
    assert_string_equal(o.results[0].name, "v3_poisson_gamma_agglimit");
    assert_string_equal(o.results[1].name, "uk");
    assert_string_equal(o.results[2].name, "v1_poisson_lognormal");
    for (size_t i = 0; i < 3; i++)
        ml_assert_size_eq(o.results[i].n, 150);
    assert_int_equal(o.results[1].lifecycle, 1);
    assert_true(o.results[1].n_stages > 0);
    assert_no_series(&o);
    ml_scenario_results *want = direct(UK, 11, 150);
    assert_same_results(&o.results[1], want);
    free_results(want);
    ml_run_outcome_free(&o);
}

/* The figures reader takes a file of one scenario, so a lifecycle
 * scenario's file (stages, pricing layers) is checked on its own. */
static void test_lifecycle_file_shows_the_stage_tables(void **state)
{
    (void)state;
    const char *files[] = {UK};
    const char *out = path_in("uk.h5");
    ml_run_request q = request(files, 1, out);
    q.replicates = 120;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_true(o.results[0].n_stages > 0);
    assert_true(o.results[0].pricing.n_layers > 0); /* uk.yaml prices layers */
    assert_file_shows(out, &o.results[0]);
    ml_run_outcome_free(&o);
}

/* --- seed and replicates --- */

static void test_seed_and_replicates_from_the_run_files(void **state)
{
    (void)state;
    put_run_file("a.yaml", "a", "run: {replicates: 300, seed: 7}\n");
    put_run_file("b.yaml", "b", "");
    put_run_file("c.yaml", "c", "run: {seed: 7}\n");
    const char *files[] = {path_in("a.yaml"), path_in("b.yaml"), path_in("c.yaml")};
    ml_run_request q = request(files, 3, path_in("abc.h5"));
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_int_equal(o.seed, 7);
    assert_int_equal(o.replicates, 300);
    for (size_t i = 0; i < 3; i++)
        ml_assert_size_eq(o.results[i].n, 300);
    ml_run_outcome_free(&o);
    /* A later file's seed counts when the first has none. */
    const char *later[] = {path_in("b.yaml"), path_in("c.yaml")};
    q = request(later, 2, path_in("bc.h5"));
    run_ok(&q, &o);
    assert_int_equal(o.seed, 7);
    assert_int_equal(o.replicates, ML_RUN_DEFAULT_REPLICATES);
    ml_run_outcome_free(&o);
}

static void test_request_overrides_the_run_files(void **state)
{
    (void)state;
    put_run_file("a.yaml", "a", "run: {replicates: 300, seed: 7}\n");
    put_run_file("d.yaml", "d", "run: {replicates: 400, seed: 8}\n");
    const char *files[] = {path_in("a.yaml"), path_in("d.yaml")};
    ml_run_request q = request(files, 2, path_in("ad.h5"));
    q.replicates = 100;
    q.have_seed = 1;
    q.seed = 0; /* seed 0 is a seed */
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_int_equal(o.seed, 0);
    assert_int_equal(o.replicates, 100);
    ml_run_outcome_free(&o);
}

static void test_defaults_without_run_sections(void **state)
{
    (void)state;
    put_run_file("b.yaml", "b", "");
    const char *files[] = {path_in("b.yaml")};
    ml_run_request q = request(files, 1, path_in("b.h5"));
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_int_equal(o.seed, ML_RUN_DEFAULT_SEED);
    assert_int_equal(o.replicates, ML_RUN_DEFAULT_REPLICATES);
    ml_run_outcome_free(&o);
}

static void test_run_files_that_disagree_are_refused(void **state)
{
    (void)state;
    put_run_file("a.yaml", "a", "run: {replicates: 300, seed: 7}\n");
    put_run_file("d.yaml", "d", "run: {replicates: 400, seed: 8}\n");
    put_run_file("e.yaml", "e", "run: {replicates: 300, seed: 8}\n");
    const char *reps[] = {path_in("a.yaml"), path_in("d.yaml")};
    ml_run_request q = request(reps, 2, path_in("x.h5"));
    const char *want_reps[] = {"d.yaml: run.replicates: 400 differs from 300", "a.yaml", NULL};
    run_fails(&q, ML_EINVAL, want_reps);
    const char *seeds[] = {path_in("a.yaml"), path_in("e.yaml")};
    q = request(seeds, 2, path_in("x.h5"));
    const char *want_seed[] = {"e.yaml: run.seed: 8 differs from 7", "a.yaml", NULL};
    run_fails(&q, ML_EINVAL, want_seed);
    assert_false(exists(path_in("x.h5")));
    /* Given in the request, the run files need not agree. */
    q.have_seed = 1;
    q.seed = 3;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_int_equal(o.seed, 3);
    assert_int_equal(o.replicates, 300);
    ml_run_outcome_free(&o);
    assert_true(exists(path_in("x.h5")));
}

/* --- failures leave nothing behind --- */

static void test_bad_run_file_is_einval_naming_it(void **state)
{
    (void)state;
    put("bad.yaml", "name: bad\nportfolio: 12\n");
    const char *files[] = {V1, path_in("bad.yaml")};
    const char *out = path_in("bad.h5");
    ml_run_request q = request(files, 2, out);
    const char *want[] = {"bad.yaml", NULL};
    run_fails(&q, ML_EINVAL, want);
    assert_false(exists(out));
    assert_int_equal(temporaries(dir), 0);
}

static void test_missing_run_file_is_named(void **state)
{
    (void)state;
    const char *files[] = {path_in("no_such_file.yaml")};
    const char *out = path_in("missing.h5");
    ml_run_request q = request(files, 1, out);
    ml_err err = {0};
    ml_run_outcome o;
    int rc = ml_run(&q, &o, &err);
    assert_true(rc == ML_EINVAL || rc == ML_EIO);
    assert_non_null(strstr(err.msg, "no_such_file.yaml"));
    assert_false(exists(out));
}

static void test_duplicate_scenario_names_are_refused(void **state)
{
    (void)state;
    const char *files[] = {V1, V1};
    const char *out = path_in("dup.h5");
    ml_run_request q = request(files, 2, out);
    q.replicates = 10;
    const char *want[] = {"scenario name 'v1_poisson_lognormal' is also used",
                          "names must be unique", NULL};
    run_fails(&q, ML_EINVAL, want);
    assert_false(exists(out));
}

static void test_existing_output_kept_or_replaced(void **state)
{
    (void)state;
    const char *out = path_in("old.h5");
    put("old.h5", "an older result: must survive\n");
    const char *files[] = {V1};
    ml_run_request q = request(files, 1, out);
    q.replicates = 50;
    const char *want[] = {"old.h5: already exists", NULL};
    run_fails(&q, ML_EIO, want);
    FILE *fp = fopen(out, "r");
    assert_non_null(fp);
    char line[64] = "";
    assert_non_null(fgets(line, sizeof line, fp));
    fclose(fp);
    assert_string_equal(line, "an older result: must survive\n");
    /* Replace: the new file, complete, in its place. */
    q.overwrite = ML_RUN_REPLACE;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_file_shows(out, &o.results[0]);
    assert_int_equal(temporaries(dir), 0);
    ml_run_outcome_free(&o);
}

static void test_unwritable_folder_is_eio(void **state)
{
    (void)state;
    put("plain", "a regular file, not a folder\n");
    const char *out = path_in("plain/out.h5");
    const char *files[] = {V1};
    ml_run_request q = request(files, 1, out);
    q.replicates = 50;
    const char *want[] = {"plain/out.h5: cannot create the output file: ",
                          "plain is not a folder", "plain/out.h5.tmp.", NULL};
    run_fails(&q, ML_EIO, want);
    assert_int_equal(temporaries(dir), 0);
}

/* A folder where the file should go: the run completes, the rename
 * fails (whoever runs it, root too), and the temporary file goes. */
static void test_folder_in_the_way_of_the_rename_is_eio(void **state)
{
    (void)state;
    const char *out = path_in("taken.h5");
    assert_int_equal(mkdir(out, 0777), 0);
    const char *files[] = {V1};
    ml_run_request q = request(files, 1, out);
    q.replicates = 50;
    q.overwrite = ML_RUN_REPLACE;
    const char *want[] = {"taken.h5: cannot rename into place: Is a directory", NULL};
    run_fails(&q, ML_EIO, want);
    assert_int_equal(temporaries(dir), 0);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    /* The library is still sound afterwards: another run succeeds. */
    ml_run_request q2 = request(files, 1, path_in("after.h5"));
    q2.replicates = 50;
    ml_run_outcome o;
    run_ok(&q2, &o);
    ml_run_outcome_free(&o);
    assert_false(ml_h5_lib_close_failed());
}

static void test_stop_request_is_eintr_and_leaves_no_file(void **state)
{
    (void)state;
    static volatile sig_atomic_t stop = 1;
    const char *out = path_in("stopped.h5");
    const char *files[] = {V1};
    ml_run_request q = request(files, 1, out);
    q.replicates = 100000;
    q.stop = &stop;
    const char *want[] = {"interrupted", NULL};
    run_fails(&q, ML_EINTR, want);
    assert_false(exists(out));
    assert_int_equal(temporaries(dir), 0);
}

static void test_requests_that_cannot_run(void **state)
{
    (void)state;
    const char *files[] = {V1};
    ml_run_request q = request(files, 0, path_in("r.h5"));
    const char *none[] = {"no run file", NULL};
    run_fails(&q, ML_EINVAL, none);
    q = request(files, 1, NULL);
    const char *no_out[] = {"no results file", NULL};
    run_fails(&q, ML_EINVAL, no_out);
    q = request(files, 1, "");
    run_fails(&q, ML_EINVAL, no_out);
    ml_target t;
    char msg[256];
    assert_int_equal(ml_target_parse("insured", &t, msg, sizeof msg), 0);
    t.rel = 0.01;
    q = request(files, 1, path_in("r.h5"));
    q.target = &t;
    q.replicates = 1000;
    const char *both[] = {"chooses the replicate count", NULL};
    run_fails(&q, ML_EINVAL, both);
    q.replicates = 0;
    t.rel = 1.5;
    const char *rel[] = {"not in (0, 1)", NULL};
    run_fails(&q, ML_EINVAL, rel);
    q = request(files, 1, path_in("r.h5"));
    q.replicates = ML_MAX_REPLICATES + 1;
    const char *many[] = {"at most", NULL};
    run_fails(&q, ML_EINVAL, many);
    assert_false(exists(path_in("r.h5")));
}

/* --- precision on demand --- */

static void test_target_reached_equals_fixed_run(void **state)
{
    (void)state;
    ml_target t;
    char msg[256];
    assert_int_equal(ml_target_parse("insured:mean", &t, msg, sizeof msg), 0);
    t.rel = 0.01;
    const char *files[] = {V1, V3};
    ml_run_request q = request(files, 2, path_in("target.h5"));
    q.have_seed = 1;
    q.seed = 3;
    q.target = &t;
    q.max_replicates = 200000;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_true(strncmp(o.stopping_rule, "target reached: relative se of insured:mean", 43) == 0);
    assert_true(o.replicates >= ML_TARGET_FIRST && o.replicates <= 200000);
    assert_int_equal(o.replicates % 1000, 0); /* checkpoints are multiples of 1000 */
    /* Every scenario meets it: se / mean <= 0.01 in the results. */
    for (size_t i = 0; i < o.n; i++) {
        const ml_summary *s = &o.results[i].summary[ML_M_INSURED];
        ml_assert_size_eq(o.results[i].n, o.replicates);
        assert_true(s->se <= 0.01 * fabs(s->mean));
    }
    /* A fixed run of the length found gives the same results. */
    ml_run_request f = request(files, 2, path_in("fixed.h5"));
    f.have_seed = 1;
    f.seed = 3;
    f.replicates = o.replicates;
    ml_run_outcome fo;
    run_ok(&f, &fo);
    assert_string_equal(fo.stopping_rule, "");
    for (size_t i = 0; i < o.n; i++)
        assert_same_results(&o.results[i], &fo.results[i]);
    ml_run_outcome_free(&fo);
    ml_run_outcome_free(&o);
}

static void test_target_not_met_stops_at_the_maximum(void **state)
{
    (void)state;
    ml_target t;
    char msg[256];
    assert_int_equal(ml_target_parse("insured:var995", &t, msg, sizeof msg), 0);
    t.rel = 1e-6;
    const char *files[] = {V1};
    ml_run_request q = request(files, 1, path_in("max.h5"));
    q.target = &t;
    q.max_replicates = 2500;
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_true(strncmp(o.stopping_rule, "max-replicates reached, target not met", 38) == 0);
    assert_non_null(strstr(o.stopping_rule, "at 2500 replicates"));
    assert_int_equal(o.replicates, 2500);
    ml_assert_size_eq(o.results[0].n, 2500);
    ml_run_outcome_free(&o);
}

/* --- progress --- */

typedef struct {
    int updates, new_totals, pauses;
    uint64_t last_done, total;
    int monotone;
} progress_log;

static void on_update(void *ctx, const char *label, uint64_t done, uint64_t total,
                      double busy)
{
    progress_log *p = ctx;
    assert_non_null(strstr(label, "/2)")); /* "NAME (i/2)" */
    assert_true(busy >= 0.0);
    if (done < p->last_done || done > total)
        p->monotone = 0;
    p->last_done = done;
    p->total = total;
    p->updates++;
}

static void on_new_total(void *ctx)
{
    ((progress_log *)ctx)->new_totals++;
}

static void on_pause(void *ctx)
{
    ((progress_log *)ctx)->pauses++;
}

static void test_progress_sees_the_whole_job(void **state)
{
    (void)state;
    const char *files[] = {V1, V3};
    ml_run_request q = request(files, 2, path_in("progress.h5"));
    q.replicates = 5000;
    progress_log p = {0, 0, 0, 0, 0, 1};
    q.progress = (ml_run_progress){on_update, on_new_total, on_pause, &p};
    ml_run_outcome o;
    run_ok(&q, &o);
    assert_true(p.updates >= 2);
    assert_true(p.monotone);
    assert_int_equal(p.last_done, 10000); /* both scenarios' replicates */
    assert_int_equal(p.total, 10000);
    assert_int_equal(p.pauses, 2); /* after each scenario */
    assert_int_equal(p.new_totals, 0);
    ml_run_outcome_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_run_writes_file_and_returns_its_results, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_several_scenarios_in_request_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle_file_shows_the_stage_tables, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_seed_and_replicates_from_the_run_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_request_overrides_the_run_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults_without_run_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_files_that_disagree_are_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_run_file_is_einval_naming_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_run_file_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_scenario_names_are_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_existing_output_kept_or_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_folder_is_eio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_in_the_way_of_the_rename_is_eio, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stop_request_is_eintr_and_leaves_no_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_requests_that_cannot_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_reached_equals_fixed_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_not_met_stops_at_the_maximum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_progress_sees_the_whole_job, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ml_h5_lib_close();
    return failed;
}
