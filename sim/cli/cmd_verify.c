/*
 * cmd_verify.c — `medliab verify`: rerun every shipped scenario at the seed
 * and replicate count recorded in its reference summary
 * (results/reference/scenarios/<name>.csv) and compare figure by figure;
 * `--update` writes those summaries afresh from the shipped run files.
 *
 * Each scenario is rerun by the library call `medliab run` makes (ml_run,
 * sim/run/run.h) into a results folder, so verify checks exactly the code a
 * user runs; the figures are then read back from the results file
 * (h5figures.c).  A rerun that fails (its file cannot be written, say) is
 * reported on its scenario's line and the others still run.
 */
#include "cli.h"
#include "h5figures.h"
#include "reference.h"
#include "run.h"
#include "scenario.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef ML_SOURCE_DIR
#define ML_SOURCE_DIR "."
#endif

/* Last bits may differ across compilers and libm versions (see --help). */
#define ML_VERIFY_RTOL 1e-9
#define SHOW_MAX 20 /* differing figures listed per scenario without --all */
/* A reference is made with at most this many hospital-years, so that the
 * whole set reruns in about a minute: a run file asking for more (the
 * national-scale benchmark, 12,000 hospitals x 100,000 years) is
 * referenced at floor(ML_VERIFY_WORK / hospitals) replicates, which its
 * header records. */
#define ML_VERIFY_WORK 1e7

/* Where shipped run files live, relative to the source tree. */
static const char *const run_globs[] = {"scenarios/*.yaml", "scenarios/levers/*.yaml",
                                        "scenarios/validation/*.yaml",
                                        "scenarios/national/*.yaml"};

typedef struct {
    const char *root, *refdir;
    int threads; /* 0: all cores */
    const char **only;
    size_t n_only;
    int update, keep, all;
    double rtol;
    char tmpdir[600]; /* where the reruns' results files go */
} verify_opts;

/* SIGINT or SIGTERM: the rerun under way stops (ml_run removes its file)
 * and verify ends with exit 130. */
static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int wanted(const verify_opts *o, const char *name)
{
    if (!o->n_only)
        return 1;
    for (size_t i = 0; i < o->n_only; i++)
        if (!strcmp(o->only[i], name))
            return 1;
    return 0;
}

/* A run file names a portfolio and a regime at its top level; other YAML
 * in scenarios/ (rates.yaml) does not. */
static int is_run_file(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    char line[512];
    int p = 0, r = 0;
    while (fgets(line, sizeof line, fp)) {
        p |= !strncmp(line, "portfolio:", 10);
        r |= !strncmp(line, "regime:", 7);
    }
    fclose(fp);
    return p && r;
}

/* The shipped run files, relative to root, sorted within each folder. */
static int list_run_files(const char *root, char ***out, size_t *n, ml_err *err)
{
    *out = NULL;
    *n = 0;
    size_t rootlen = strlen(root) + 1;
    for (size_t g = 0; g < sizeof run_globs / sizeof run_globs[0]; g++) {
        char pat[1024];
        snprintf(pat, sizeof pat, "%s/%s", root, run_globs[g]);
        glob_t gl;
        int st = glob(pat, 0, NULL, &gl);
        if (st == GLOB_NOMATCH)
            continue;
        if (st)
            return ML_ERROR(err, ML_EIO, "%s: cannot list", pat);
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            if (!is_run_file(gl.gl_pathv[i]))
                continue;
            char **p = realloc(*out, (*n + 1) * sizeof *p);
            char *s = p ? strdup(gl.gl_pathv[i] + rootlen) : NULL;
            if (!s) {
                free(p ? p : *out);
                *out = NULL;
                globfree(&gl);
                return ML_ERROR(err, ML_ENOMEM, "out of memory");
            }
            p[(*n)++] = s;
            *out = p;
        }
        globfree(&gl);
    }
    if (!*n)
        return ML_ERROR(err, ML_EIO, "%s: no run files under %s, %s or %s (is --root the "
                        "medliab source tree?)", root, run_globs[0], run_globs[1],
                        run_globs[2]);
    return ML_OK;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* Reruns one scenario into o->tmpdir/NAME.h5 with ml_run and reads its
 * figures back.  replicates 0: the run file's own; a seed only with
 * have_seed (else the run file's, or run's default).  The file stays with
 * --keep or --results, else it is removed once read. */
static int simulate(const verify_opts *o, const char *run_file, const char *name,
                    int have_seed, uint64_t seed, uint64_t replicates, ml_h5fig_info *info,
                    ml_figures *fig, ml_err *err)
{
    char file[1200], out[800];
    snprintf(file, sizeof file, "%s/%s", o->root, run_file);
    snprintf(out, sizeof out, "%s/%s.h5", o->tmpdir, name);
    const char *files[1] = {file};
    ml_run_request req = {0};
    req.files = files;
    req.n_files = 1;
    req.output = out;
    req.overwrite = ML_RUN_REPLACE;
    req.replicates = replicates;
    req.have_seed = have_seed;
    req.seed = seed;
    req.threads = o->threads;
    req.stop = &stop_flag;
    ml_run_outcome outcome;
    int rc = ml_run(&req, &outcome, err);
    if (rc)
        return rc;
    ml_run_outcome_free(&outcome);
    rc = ml_h5fig_read(out, info, fig, err);
    if (!o->keep)
        unlink(out);
    return rc;
}

/* A reference whose scenario no run file names any more would make every
 * later verify fail; say so rather than delete a committed file. */
static void note_stale(const char *refdir, char (*names)[ML_NAME_MAX], size_t n)
{
    char pat[1100];
    snprintf(pat, sizeof pat, "%s/*.csv", refdir);
    glob_t gl;
    if (glob(pat, 0, NULL, &gl))
        return;
    for (size_t i = 0; i < gl.gl_pathc; i++) {
        const char *base = strrchr(gl.gl_pathv[i], '/');
        base = base ? base + 1 : gl.gl_pathv[i];
        size_t len = strlen(base) - 4; /* less ".csv" */
        int found = 0;
        for (size_t k = 0; k < n && !found; k++)
            found = strlen(names[k]) == len && !strncmp(names[k], base, len);
        if (!found)
            printf("note: %s belongs to no shipped run file; remove it (git rm) or verify "
                   "will fail on it\n", gl.gl_pathv[i]);
    }
    globfree(&gl);
}

/* --update: one reference CSV per shipped run file (or per --only name). */
static int update(const verify_opts *o)
{
    ml_err err = {0};
    char **files = NULL;
    size_t n = 0, done = 0;
    int rc = list_run_files(o->root, &files, &n, &err);
    char (*names)[ML_NAME_MAX] = rc ? NULL : calloc(n, sizeof *names);
    uint64_t *reps = rc ? NULL : calloc(n, sizeof *reps); /* 0: the run file's own */
    if (!rc && (!names || !reps))
        rc = ML_ERROR(&err, ML_ENOMEM, "out of memory");
    /* Load every run file first: its name decides --only, and a broken
     * file should stop the update before anything is rewritten. */
    for (size_t i = 0; !rc && i < n; i++) {
        char path[1200];
        ml_scenario s;
        snprintf(path, sizeof path, "%s/%s", o->root, files[i]);
        if (!(rc = ml_scenario_load(path, &s, &err))) {
            snprintf(names[i], sizeof names[i], "%s", s.name);
            double h = s.portfolio.n_hospitals ? (double)s.portfolio.n_hospitals : 1.0;
            double most = floor(ML_VERIFY_WORK / h);
            uint64_t want = s.has_replicates ? s.replicates : 0;
            /* Without run.replicates, run's default (10,000) applies. */
            if ((want ? (double)want : 1e4) * h > ML_VERIFY_WORK)
                reps[i] = most < 1 ? 1 : (uint64_t)most;
            ml_scenario_free(&s);
        }
    }
    for (size_t k = 0; !rc && k < o->n_only; k++) {
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= !strcmp(names[i], o->only[k]);
        if (!found) {
            fprintf(stderr, "medliab verify: --only %s: no shipped run file has this "
                            "scenario name\n", o->only[k]);
            free_list(files, n);
            free(names);
            free(reps);
            return ML_EXIT_USAGE;
        }
    }
    if (!rc && mkdir(o->refdir, 0777) && errno != EEXIST)
        rc = ML_ERROR(&err, ML_EIO, "%s: cannot create the folder: %s", o->refdir,
                      strerror(errno));
    double t0 = now_s();
    for (size_t i = 0; !rc && i < n; i++) {
        if (!wanted(o, names[i]))
            continue;
        double t = now_s();
        ml_reference r;
        memset(&r, 0, sizeof r);
        ml_h5fig_info info;
        ml_figures all = {0};
        rc = simulate(o, files[i], names[i], 0, 0, reps[i], &info, &all, &err);
        for (size_t f = 0; !rc && f < all.n; f++)
            if (ml_figure_is_reference(all.f[f].name))
                rc = ml_figures_add(&r.fig, all.f[f].name, all.f[f].value, &err);
        ml_figures_free(&all);
        if (!rc) {
            snprintf(r.scenario, sizeof r.scenario, "%s", info.scenario);
            snprintf(r.run_file, sizeof r.run_file, "%s", files[i]);
            snprintf(r.version, sizeof r.version, "%s", ML_VERSION);
            snprintf(r.commit, sizeof r.commit, "%s", info.commit);
            r.seed = info.seed;
            r.replicates = info.replicates;
            snprintf(r.path, sizeof r.path, "%s/%s.csv", o->refdir, info.scenario);
            rc = ml_ref_write(r.path, &r, &err);
        }
        if (!rc) {
            printf("wrote %s: %zu figures (seed %llu, %llu replicates%s) in %.1f s\n",
                   r.path, r.fig.n, (unsigned long long)r.seed,
                   (unsigned long long)r.replicates,
                   reps[i] ? ", capped at 1e7 hospital-years" : "", now_s() - t);
            done++;
        }
        ml_ref_free(&r);
    }
    if (!rc)
        printf("verify --update: %zu reference file%s written in %.1f s (commit %s)\n", done,
               done == 1 ? "" : "s", now_s() - t0, ml_git_commit);
    if (!rc && !o->n_only)
        note_stale(o->refdir, names, n);
    free_list(files, n);
    free(names);
    free(reps);
    if (rc)
        fprintf(stderr, "medliab verify: %s\n", err.msg);
    return ml_exit_code(rc);
}

/* Counts the figures of r that got does not reproduce, listing them when
 * show is set, and the figures of the run that r lacks. */
static size_t compare(const verify_opts *o, const ml_reference *r, const ml_figures *got,
                      int show, size_t *extra)
{
    size_t bad = 0;
    for (size_t i = 0; i < r->fig.n; i++) {
        const ml_figure *e = &r->fig.f[i];
        const ml_figure *g = ml_figures_find(got, e->name);
        double rel = 0;
        if (g && ml_ref_match(e->value, g->value, o->rtol, &rel))
            continue;
        if (show && bad == 0)
            printf("      %-44s %24s %24s %10s\n", "figure", "expected", "got", "rel.diff");
        if (show && (o->all || bad < SHOW_MAX)) {
            if (g)
                printf("      %-44s %24.17g %24.17g %10.3g\n", e->name, e->value, g->value,
                       rel);
            else
                printf("      %-44s %24.17g %24s\n", e->name, e->value, "(not in the run)");
        }
        bad++;
    }
    if (show && bad > SHOW_MAX && !o->all)
        printf("      ... and %zu more (--all lists them)\n", bad - SHOW_MAX);
    *extra = 0;
    for (size_t i = 0; i < got->n; i++)
        if (ml_figure_is_reference(got->f[i].name) && !ml_figures_find(&r->fig, got->f[i].name))
            (*extra)++;
    return bad;
}

static int load_references(const verify_opts *o, ml_reference **refs, size_t *n, ml_err *err)
{
    char pat[1100];
    snprintf(pat, sizeof pat, "%s/*.csv", o->refdir);
    glob_t gl;
    int st = glob(pat, 0, NULL, &gl);
    *refs = NULL;
    *n = 0;
    if (st == GLOB_NOMATCH)
        return ML_ERROR(err, ML_EIO, "%s: no reference files (*.csv); write them with "
                        "medliab verify --update", o->refdir);
    if (st)
        return ML_ERROR(err, ML_EIO, "%s: cannot list", o->refdir);
    int rc = ML_OK;
    *refs = calloc(gl.gl_pathc, sizeof **refs);
    if (!*refs)
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < gl.gl_pathc; i++) {
        ml_reference r;
        if ((rc = ml_ref_load(gl.gl_pathv[i], &r, err)))
            break;
        if (!wanted(o, r.scenario)) {
            ml_ref_free(&r);
            continue;
        }
        (*refs)[(*n)++] = r;
    }
    globfree(&gl);
    return rc;
}

static int verify(const verify_opts *o)
{
    ml_err err = {0};
    ml_reference *refs = NULL;
    size_t n = 0, n_missing = 0, bad_sc = 0, bad_fig = 0, all_fig = 0;
    int rc = load_references(o, &refs, &n, &err), code = 0;
    for (size_t k = 0; !rc && k < o->n_only; k++) {
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= !strcmp(refs[i].scenario, o->only[k]);
        if (!found) {
            fprintf(stderr, "medliab verify: --only %s: no reference file in %s names this "
                            "scenario\n", o->only[k], o->refdir);
            code = ML_EXIT_USAGE;
            goto done;
        }
    }
    /* Without --only, every shipped run file must have its reference. */
    char **files = NULL;
    size_t nf = 0;
    if (!rc && !o->n_only && !(rc = list_run_files(o->root, &files, &nf, &err))) {
        for (size_t i = 0; i < nf; i++) {
            int found = 0;
            for (size_t j = 0; j < n; j++)
                found |= !strcmp(refs[j].run_file, files[i]);
            if (!found) {
                if (!n_missing++)
                    printf("shipped run files without a reference summary (medliab verify "
                           "--update writes them):\n");
                printf("  %s\n", files[i]);
            }
        }
        free_list(files, nf);
    }
    if (rc)
        goto done;
    printf("medliab verify: %zu scenario%s against %s, relative tolerance %.3g "
           "(|values| below %g count as 0)\n", n, n == 1 ? "" : "s", o->refdir, o->rtol,
           ML_REF_ZERO);
    double t0 = now_s();
    /* A rerun that fails is said on its line and the others still run;
     * the first failure's exit code is verify's (see --help). */
    size_t n_error = 0;
    int error_code = ML_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const ml_reference *r = &refs[i];
        double t = now_s();
        ml_h5fig_info info;
        ml_figures got = {0};
        ml_err e = {0};
        int st = simulate(o, r->run_file, r->scenario, 1, r->seed, r->replicates, &info, &got,
                          &e);
        if (st == ML_EINTR) {
            ml_figures_free(&got);
            fprintf(stderr, "medliab verify: %s: interrupted\n", r->scenario);
            code = ML_EXIT_INTERRUPTED;
            goto done;
        }
        if (st) {
            printf("  %-30s %-8s %s\n", r->scenario, "error", e.msg[0] ? e.msg : ml_strerror(st));
            if (!n_error++)
                error_code = ml_exit_code(st);
            ml_figures_free(&got);
            continue;
        }
        all_fig += r->fig.n;
        if (strcmp(info.scenario, r->scenario))
            printf("  %-30s note: the run file now names the scenario '%s'\n", r->scenario,
                   info.scenario);
        size_t extra = 0, bad = compare(o, r, &got, 0, &extra);
        printf("  %-30s %-8s %4zu of %4zu figures match  (seed %llu, %llu replicates, "
               "%.1f s)\n", r->scenario, bad ? "MISMATCH" : "match", r->fig.n - bad,
               r->fig.n, (unsigned long long)r->seed, (unsigned long long)r->replicates,
               now_s() - t);
        if (bad)
            compare(o, r, &got, 1, &extra);
        if (extra)
            printf("  %-30s note: the run has %zu figure%s the reference lacks; medliab "
                   "verify --update adds them\n", "", extra, extra == 1 ? "" : "s");
        bad_sc += bad != 0;
        bad_fig += bad;
        ml_figures_free(&got);
    }
    double secs = now_s() - t0;
    size_t ran = n - n_error;
    if (bad_sc)
        printf("verify: MISMATCH: %zu of %zu scenarios differ, %zu of %zu figures "
               "(relative tolerance %.3g); %.1f s\n", bad_sc, n, bad_fig, all_fig, o->rtol,
               secs);
    else if (!n_error)
        printf("verify: %s: all %zu figures of %zu scenario%s match (relative tolerance "
               "%.3g); %.1f s\n", n_missing ? "MISMATCH" : "OK", all_fig, n,
               n == 1 ? "" : "s", o->rtol, secs);
    else if (ran)
        printf("verify: all %zu figures of the %zu scenario%s rerun match (relative "
               "tolerance %.3g); %.1f s\n", all_fig, ran, ran == 1 ? "" : "s", o->rtol, secs);
    if (n_error)
        printf("verify: ERROR: %zu of %zu scenario%s could not be rerun and compared (the "
               "error lines above); exit %d\n", n_error, n, n == 1 ? "" : "s", error_code);
    if (n_missing)
        printf("verify: MISMATCH: %zu shipped run file%s no reference summary (listed "
               "above)\n", n_missing, n_missing == 1 ? " has" : "s have");
    if (n && strcmp(refs[0].commit, ml_git_commit))
        printf("  (reference written by medliab commit %s; this is %s)\n", refs[0].commit,
               ml_git_commit);
    code = n_error ? error_code : bad_sc || n_missing ? ML_EXIT_MISMATCH : ML_EXIT_OK;
done:
    for (size_t i = 0; i < n; i++)
        ml_ref_free(&refs[i]);
    free(refs);
    if (rc) {
        fprintf(stderr, "medliab verify: %s\n", err.msg);
        return ml_exit_code(rc);
    }
    return code;
}

static int parse_rtol(const char *s, double *out)
{
    char *end = NULL;
    if (!s)
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !(v >= 0.0 && v < 1.0))
        return -1;
    *out = v;
    return 0;
}

static const char usage[] =
    "usage: medliab verify [--only NAME...] [--reference DIR] [--rtol R] [--all] [--keep]\n"
    "                      [--results-dir DIR] [--threads T] [--root DIR]\n"
    "       medliab verify --update [--only NAME...] [--reference DIR]\n"
    "\n"
    "Rerun every shipped scenario at the seed and replicate count of its reference\n"
    "summary and compare every figure.  A rerun that fails (its results file cannot\n"
    "be written or read back, its run file no longer loads) is an 'error' line, and\n"
    "the other scenarios still run.\n"
    "\n"
    "  --only NAME...   only these scenarios (names, not files; commas separate too)\n"
    "  --reference DIR  the reference summaries (default ROOT/results/reference/scenarios)\n"
    "  --rtol R         a figure matches when |got - expected| <= R |expected| (default 1e-9)\n"
    "  --all            list every differing figure (default: 20 per scenario)\n"
    "  --keep           keep the reruns' results files and print their folder\n"
    "  --results-dir DIR  write the reruns' results files to DIR (made if missing) as\n"
    "                   NAME.h5, replacing files of those names, and keep them\n"
    "  --threads T      OpenMP threads of the reruns (results do not depend on T)\n"
    "  --root DIR       the medliab source tree (default: the one built from)\n"
    "  --update         rewrite the reference summaries from the shipped run files\n"
    "  -h, --help       print this help and exit\n"
    "\n"
    "Exit: 0 every figure matches; 6 a figure differs or is missing, or a shipped run\n"
    "file has no reference; when a rerun fails, that failure's code once all have run\n"
    "(3 run file refused, 4 a file cannot be written or read, 1 internal; the first\n"
    "failing scenario's if several fail), even where others differ; 130 interrupted.\n"
    "\n"
    "example: medliab verify --only v1_poisson_lognormal us\n";

static int parse_threads(const char *s, int *out)
{
    char *end = NULL;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || errno || v < 1 || v > 4096)
        return -1;
    *out = (int)v;
    return 0;
}

int ml_cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"only", required_argument, NULL, 'O'},
                                         {"reference", required_argument, NULL, 'R'},
                                         {"root", required_argument, NULL, 'r'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"rtol", required_argument, NULL, 'e'},
                                         {"results-dir", required_argument, NULL, 'D'},
                                         {"update", no_argument, NULL, 'u'},
                                         {"keep", no_argument, NULL, 'k'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    verify_opts o = {0};
    o.root = ML_SOURCE_DIR;
    o.rtol = ML_VERIFY_RTOL;
    const char *refdir = NULL, *results_dir = NULL;
    /* Room for every name: one per argument, and one more per comma
     * (names after --only may be comma-separated). */
    size_t slots = (size_t)argc;
    for (int i = 0; i < argc; i++)
        for (const char *c = argv[i]; *c; c++)
            slots += *c == ',';
    o.only = calloc(slots, sizeof *o.only);
    if (!o.only)
        return ML_EXIT_INTERNAL;
    int code = ML_EXIT_USAGE;
    /* "-" keeps arguments in order (a non-option comes back as 1), so that
     * the names after --only NAME are recognised as more names. */
    int in_only = 0;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, "-:h", opts, NULL)) != -1;) {
        if (c != 1)
            in_only = 0;
        /* A value that looks like an option is a forgotten value. */
        if (c != 1 && optarg && optarg[0] == '-') {
            fprintf(stderr, "medliab verify: %s needs a value (see medliab verify --help)\n",
                    optarg == argv[optind - 1] ? argv[optind - 2] : argv[optind - 1]);
            goto out;
        }
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            code = ML_EXIT_OK;
            goto out;
        case 'O':
            in_only = 1;
            /* optarg is the first name */
            /* fall through */
        case 1:
            if (!in_only) {
                fprintf(stderr, "medliab verify: unknown argument '%s' (see medliab verify "
                                "--help)\n", optarg);
                goto out;
            }
            for (char *tok = strtok(optarg, ","); tok; tok = strtok(NULL, ","))
                o.only[o.n_only++] = tok;
            break;
        case 'R': refdir = optarg; break;
        case 'r': o.root = optarg; break;
        case 't':
            if (parse_threads(optarg, &o.threads)) {
                fprintf(stderr, "medliab verify: --threads: '%s' is not a whole number in "
                                "[1, 4096]\n", optarg);
                goto out;
            }
            break;
        case 'D': results_dir = optarg; break;
        case 'e':
            if (parse_rtol(optarg, &o.rtol)) {
                fprintf(stderr, "medliab verify: --rtol needs a relative tolerance in "
                                "[0, 1), e.g. 1e-9\n");
                goto out;
            }
            break;
        case 'u': o.update = 1; break;
        case 'k': o.keep = 1; break;
        case 'a': o.all = 1; break;
        default: ml_cli_bad_option("verify", c, argv); goto out;
        }
    }
    char defdir[700];
    snprintf(defdir, sizeof defdir, "%s/results/reference/scenarios", o.root);
    o.refdir = refdir ? refdir : defdir;
    if (results_dir) {
        o.keep = 1;
        errno = 0;
        if (snprintf(o.tmpdir, sizeof o.tmpdir, "%s", results_dir) >= (int)sizeof o.tmpdir ||
            (mkdir(o.tmpdir, 0777) && errno != EEXIST)) {
            fprintf(stderr, "medliab verify: %s: cannot create the results folder: %s\n",
                    results_dir, errno ? strerror(errno) : "name too long");
            code = ML_EXIT_IO;
            goto out;
        }
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(o.tmpdir, sizeof o.tmpdir, "%s/medliab-verify.XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(o.tmpdir)) {
            fprintf(stderr, "medliab verify: %s: cannot create a temporary folder: %s\n",
                    o.tmpdir, strerror(errno));
            code = ML_EXIT_IO;
            goto out;
        }
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    code = o.update ? update(&o) : verify(&o);
    if (o.keep)
        printf("results files kept in %s\n", o.tmpdir);
    else
        rmdir(o.tmpdir);
out:
    free(o.only);
    return code;
}
