/*
 * cmd_sensitivity.c — `medliab sensitivity RUN.yaml ... --measure NAME
 * --out DIR`: argv to an evaluator (sim/run/run_eval.h) and a sensitivity
 * request (sim/run/sensitivity.h), progress on stderr, the tornado and the
 * Sobol indices printed, and their files written (sim/report/
 * sensitivity_files.h).  Nothing here computes a figure.
 */
#include "cli.h"
#include "progress.h"
#include "run_eval.h"
#include "sensitivity.h"
#include "sensitivity_files.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = s && *s && *s != '-' ? strtoull(s, &end, 10) : 0;
    if (!s || !*s || *s == '-' || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "medliab sensitivity: %s: '%s' is not a whole number in [%llu, %llu]\n",
                opt, s ? s : "", (unsigned long long)lo, (unsigned long long)hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* The width of the parameter column: the longest key (keys name their
 * file and field, so they are long), at least the heading's. */
static int key_width(const ml_sens_result *r)
{
    size_t w = strlen("parameter");
    for (size_t i = 0; i < r->n; i++)
        if (strlen(r->tornado[i].name) > w)
            w = strlen(r->tornado[i].name);
    return (int)(w > 100 ? 100 : w);
}

static void print_result(const ml_sens_result *r, const ml_params *pl, const char *measure,
                         uint64_t seed, uint64_t reps, const char *dir)
{
    int w = key_width(r);
    printf("medliab sensitivity: %s at %llu replicates, seed %llu (common random numbers)\n"
           "value at the point values: %.6g\n\n", measure, (unsigned long long)reps,
           (unsigned long long)seed, r->base);
    printf("tornado: each number at the ends of its range (5%% and 95%% quantiles for a\n"
           "distribution without one), the others at their values; largest swing first\n");
    printf("  %-*s %10s %10s %12s %12s %12s\n", w, "parameter", "low end", "high end",
           "at low", "at high", "swing");
    for (size_t i = 0; i < r->n; i++) {
        const ml_tornado_row *t = &r->tornado[i];
        const ml_param *p = &pl->p[t->param];
        printf("  %-*s %10.4g %10.4g %12.6g %12.6g %12.6g\n", w, p->key, ml_param_low(p),
               ml_param_high(p), t->low, t->high, t->swing);
    }
    if (r->k) {
        printf("\nSobol indices (Saltelli-Jansen, %zu rows, bootstrap standard errors) of the\n"
               "%zu parameter%s whose swing is at least %.0f%% of the largest (at most %u):\n",
               r->rows, r->k, r->k == 1 ? "" : "s", 100 * ML_SENS_MATTER, ML_SENS_MAX_SOBOL);
        printf("  %-*s %18s %18s\n", w, "parameter", "first order (se)", "total (se)");
        for (size_t i = 0; i < r->k; i++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%.3f (%.3f)", r->sobol[i].first, r->sobol[i].first_se);
            snprintf(b, sizeof b, "%.3f (%.3f)", r->sobol[i].total, r->sobol[i].total_se);
            printf("  %-*s %18s %18s\n", w, r->tornado[i].name, a, b);
        }
        size_t passing = ml_tornado_leading(r->tornado, r->n, ML_SENS_MATTER, r->n);
        if (passing > r->k)
            printf("  (%zu more pass the 5%% rule and are left at their values by the cap; "
                   "their swings are in tornado.csv)\n", passing - r->k);
    } else
        printf("\nno Sobol indices: %s\n", r->n && r->tornado[0].swing > 0
                                               ? "--sobol-rows 0"
                                               : "no parameter moves the figure");
    printf("\nwrote %s/tornado.csv, tornado.png, tornado.svg%s\n", dir,
           r->k ? ", sobol.csv" : "");
}

static const char usage[] =
    "usage: medliab sensitivity RUN.yaml [RUN.yaml ...] --measure NAME --out DIR\n"
    "                           [--replicates N] [--seed S] [--threads T]\n"
    "                           [--sobol-rows N] [--set PATH=VALUE ...] [--quiet]\n"
    "\n"
    "How much a headline figure moves with the uncertain numbers of the run files\n"
    "(numbers written {value: V, range: [LO, HI]} or with a dist:). Every evaluation\n"
    "simulates every scenario at the run's seed and replicates, so all see the same\n"
    "incidents (common random numbers).\n"
    "\n"
    "Tornado: each uncertain number at the ends of its range (5% and 95% quantiles of\n"
    "a distribution without one), the others at their values: DIR/tornado.csv\n"
    "(parameter, low, high, swing = |high - low|, base, the number's own value and\n"
    "ends, ...), sorted by swing, and the chart DIR/tornado.png and .svg.\n"
    "Sobol: first-order and total indices (Saltelli 2010, Jansen 1999; bootstrap\n"
    "standard errors over the design's rows) of the numbers whose swing is at least\n"
    "5% of the largest, at most 8 of them: DIR/sobol.csv (parameter, first_order,\n"
    "first_order_se, total, total_se, ...). It costs N (k + 2) runs for k numbers.\n"
    "\n"
    "  --measure NAME      a headline figure: pure_premium, insured_var995,\n"
    "                      insured_tvar99 or a policy metric; SCENARIO/NAME for\n"
    "                      another scenario than the first (an unknown name lists them)\n"
    "  --out DIR           the folder of the files (made if missing; files are\n"
    "                      written under temporary names and renamed when all are done)\n"
    "  --replicates N      simulated years per run (default: run.replicates, else 10000)\n"
    "  --seed S            64-bit seed of the runs and of the Sobol design\n"
    "                      (default: run.seed, else 1)\n"
    "  --threads T         OpenMP threads (default: all cores); results do not depend on T\n"
    "  --sobol-rows N      the Sobol design's base rows N (default 64; 0: tornado only)\n"
    "  --set PATH=VALUE    set a number of every scenario (e.g.\n"
    "                      regime.lifecycle.insurance.participation=0.8), validated like\n"
    "                      a file value; repeatable\n"
    "  --quiet             no progress on stderr\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "Exit codes as for run; 5 when no number is uncertain or NAME is not a figure.\n"
    "\n"
    "example: medliab sensitivity scenarios/china.yaml --measure pure_premium --out sens\n"
    "         --replicates 2000\n";

int ml_cmd_sensitivity(int argc, char **argv)
{
    static const struct option opts[] = {{"measure", required_argument, NULL, 'm'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"replicates", required_argument, NULL, 'r'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"sobol-rows", required_argument, NULL, 'N'},
                                         {"set", required_argument, NULL, 'S'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *measure = NULL, *dir = NULL;
    uint64_t reps = 0, seed = 0, threads = 0, rows = ML_SENS_DEFAULT_ROWS;
    int have_seed = 0, quiet = 0;
    ml_override *set = calloc((size_t)argc + 1, sizeof *set);
    size_t n_set = 0;
    ml_err err = {0};
    if (!set) {
        fprintf(stderr, "medliab: out of memory\n");
        return ML_EXIT_INTERNAL;
    }
    int code = ML_EXIT_USAGE;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1;) {
        switch (c) {
        case 'h': fputs(usage, stdout); code = ML_EXIT_OK; goto done;
        case 'm': measure = optarg; break;
        case 'o': dir = optarg; break;
        case 'r':
            if (parse_u64("--replicates", optarg, 1, ML_MAX_REPLICATES, &reps)) goto done;
            break;
        case 's':
            if (parse_u64("--seed", optarg, 0, UINT64_MAX, &seed)) goto done;
            have_seed = 1;
            break;
        case 't':
            if (parse_u64("--threads", optarg, 1, 4096, &threads)) goto done;
            break;
        case 'N':
            if (parse_u64("--sobol-rows", optarg, 0, 1u << 20, &rows)) goto done;
            if (rows == 1) {
                fprintf(stderr, "medliab sensitivity: --sobol-rows: a design needs at "
                                "least 2 rows (or 0: no Sobol indices)\n");
                goto done;
            }
            break;
        case 'S':
            if (ml_override_parse(optarg, &set[n_set], &err)) {
                fprintf(stderr, "medliab sensitivity: --set %s: %s\n", optarg, err.msg);
                goto done;
            }
            n_set++;
            break;
        case 'q': quiet = 1; break;
        default: ml_cli_bad_option("sensitivity", c, argv); goto done;
        }
    }
    /* getopt_long moved the run files behind the options, in order. */
    const char **files = (const char **)(argv + optind);
    size_t nfiles = (size_t)(argc - optind);
    if (nfiles == 0 || !measure || !dir) {
        fprintf(stderr, "medliab sensitivity: need RUN.yaml, --measure NAME and --out DIR "
                        "(see medliab sensitivity --help)\n");
        goto done;
    }

    ml_run_request req = {0};
    req.files = (const char *const *)files;
    req.n_files = nfiles;
    req.replicates = reps;
    req.have_seed = have_seed;
    req.seed = seed;
    req.threads = (int)threads;
    req.stop = &stop_flag;
    req.overrides = set; /* applied last in every evaluation: they stay set */
    req.n_overrides = n_set;
    ml_progress prog;
    ml_progress_init(&prog, quiet, stderr);
    req.progress = ml_progress_for_run(&prog, 0);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    ml_evaluator *ev = NULL;
    ml_params params = {0};
    ml_figures figs = {0};
    ml_sens_result res = {0};
    char full[ML_FIGURE_NAME_MAX];
    uint64_t used_seed = 0, used_reps = 0;
    size_t dropped = 0;
    int rc = ml_eval_open(&req, &ev, &params, &err);
    if (!rc)
        dropped = ml_sens_drop_set(&params, set, n_set);
    if (!rc && params.n == 0)
        rc = ML_ERROR(&err, ML_EUNSUPPORTED, "no uncertain number in %s%s: give a number a "
                      "range, e.g. {value: 0.3, range: [0.2, 0.45]}, or a dist: (README, "
                      "\"Sensitivity\")%s", files[0],
                      nfiles > 1 ? " and the other run files" : "",
                      dropped ? "; the --set numbers are fixed" : "");
    /* The point values' figures, to resolve the measure's name before the
     * long part starts. */
    if (!rc) {
        ml_eval_progress(ev, 1, "point values");
        rc = ml_eval_at(ev, NULL, 0, &figs, &err);
    }
    if (!rc)
        rc = ml_sens_measure(&figs, measure, full, sizeof full, &err);
    if (!rc) {
        ml_eval_settings(ev, &used_seed, &used_reps);
        ml_sens_request q = {full, (size_t)rows, &figs, &stop_flag};
        rc = ml_sensitivity(ev, &params, &q, &res, &err);
    }
    if (!rc) {
        ml_sens_tables t = {dir, full, res.base, &params, res.tornado, res.n,
                            res.sobol, res.k, res.rows};
        rc = ml_sens_write(&t, &err);
    }
    ml_progress_finish(&prog);
    if (!rc) {
        print_result(&res, &params, full, used_seed, used_reps, dir);
        if (dropped)
            printf("(%zu uncertain number%s fixed by --set, left out)\n", dropped,
                   dropped == 1 ? "" : "s");
    }
    else
        fprintf(stderr, "medliab: %s\n", err.msg[0] ? err.msg : ml_strerror(rc));
    code = ml_exit_code(rc);
    ml_sens_result_free(&res);
    ml_figures_free(&figs);
    ml_params_free(&params);
    if (ev)
        ml_eval_close(ev);
done:
    free(set);
    return code;
}
