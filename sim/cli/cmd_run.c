/*
 * cmd_run.c — `medliab run`: load every scenario first (so a typo in the
 * last file fails before any work), simulate them one after another with
 * one seed and replicate count (common random numbers), write one results
 * file atomically and print a summary per scenario.
 *
 * The engine runs in blocks of replicates.  A draw is addressed by its
 * replicate index, so blocks give exactly the samples of one long run;
 * they let the run report progress and, with --target-se, grow until a
 * figure is precise enough.
 */
#include "cli.h"
#include "engine.h"
#include "h5out.h"
#include "par.h"
#include "pricing.h"
#include "progress.h"
#include "stats.h"
#include "target_se.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ML_DEFAULT_REPLICATES 10000u
#define ML_DEFAULT_SEED 1u
#define ML_DEFAULT_MAX_REPLICATES 1000000u

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* A command-line mistake, said once: every MPI rank parses the same
 * arguments and finds the same mistake, so only rank 0 prints it. */
static void usage_err(const char *fmt, ...)
{
    if (ml_par_rank() != 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi,
                     uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (!s || *s == '-' || !*s) {
        usage_err("medliab run: %s needs a whole number\n", opt);
        return -1;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v < lo || v > hi) {
        usage_err("medliab run: %s: '%s' is not a whole number in [%llu, %llu]\n",
                opt, s, (unsigned long long)lo, (unsigned long long)hi);
        return -1;
    }
    *out = v;
    return 0;
}

static void print_summary(const ml_scenario *s, const ml_results *res)
{
    double *scratch = malloc(res->n * sizeof *scratch);
    if (!scratch)
        return;
    printf("\n%s  (portfolio %s, regime %s, %zu replicates, amounts in %s)\n", s->name,
           s->portfolio.name, s->regime.name, res->n, s->regime.currency);
    printf("  %-13s %15s %15s %13s %15s %15s\n", "measure", "mean", "sd", "se(mean)",
           "VaR99", "TVaR99");
    for (int m = 0; m < ML_N_MEASURES; m++) {
        ml_summary sm;
        ml_summary_compute(res->annual[m], res->n, scratch, &sm);
        printf("  %-13s %15.6g %15.6g %13.4g %15.6g %15.6g\n", ml_measure_name[m],
               sm.mean, sm.sd, sm.se, sm.var[2], sm.tvar[2]);
    }
    free(scratch);
    ml_pricing_result pr;
    if (ml_pricing_compute(&s->portfolio, &s->pricing, res, &pr) == ML_OK) {
        ml_pricing_print(stdout, &pr, s->regime.currency, s->portfolio.exposure_unit);
        ml_pricing_result_free(&pr);
    }
}

/* What the blocks of one run share. */
typedef struct {
    const ml_scenario *sc;
    size_t nsc;
    uint64_t seed;
    int threads;
    ml_progress prog;
    uint64_t job_done, job_total; /* replicates over all scenarios */
    double busy;                  /* seconds spent in the engine */
    size_t block;                 /* adapted to about BLOCK_SECONDS per block */
} run_ctx;

#define BLOCK_SECONDS 0.25
#define BLOCK_MIN 64u
#define BLOCK_MAX (1u << 20)

/* Simulates replicates [from, to) of scenario i into res, whose index 0 is
 * replicate 0.  Each block is an ordinary engine run on a window of the
 * arrays; blocks are sized to redraw progress about four times a second,
 * and to at most a twentieth of the range so that every tenth is seen. */
/* A lifecycle scenario also keeps per-stage arrays and a histogram of
 * time to closure; they start afresh with each scenario's first block. */
static int prepare_stages(ml_results *res, const ml_scenario *s)
{
    ml_results_free_channels(res);
    memset(res->months_hist, 0, sizeof res->months_hist);
    if (ml_results_alloc_pricing(res, (unsigned)s->portfolio.n_specialties,
                                 s->pricing.n_grades, s->pricing.n_xl))
        return ML_ENOMEM;
    return s->regime.life ? ml_results_alloc_channels(res, s->regime.life->pathway.n) : ML_OK;
}

/* Under MPI each rank runs its own block [lo, hi) of the range, and the
 * gather at the end hands every rank the whole range (par.h); progress is
 * rank 0's share scaled to the whole. */
static int run_range(run_ctx *c, size_t i, ml_results *res, size_t from, size_t to,
                     ml_err *err)
{
    int rc = ML_OK;
    if (from == 0 && prepare_stages(res, &c->sc[i]))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for the stage statistics");
    size_t lo, hi;
    ml_par_block(from, to, ml_par_rank(), ml_par_size(), &lo, &hi);
    uint64_t done0 = c->job_done;
    double scale = hi > lo ? (double)(to - from) / (double)(hi - lo) : 0.0;
    ml_par_range_begin(res);
    char label[200];
    snprintf(label, sizeof label, "%s (%zu/%zu)", c->sc[i].name, i + 1, c->nsc);
    size_t cap = (hi - lo) / 20;
    if (cap < BLOCK_MIN)
        cap = BLOCK_MIN;
    for (size_t at = lo; at < hi && !rc;) {
        size_t len = c->block < cap ? c->block : cap;
        if (len > hi - at)
            len = hi - at;
        ml_results view = *res;
        view.n = len;
        for (int m = 0; m < ML_N_MEASURES; m++) {
            view.annual[m] = res->annual[m] + at;
            if (res->annual_max[m])
                view.annual_max[m] = res->annual_max[m] + at;
        }
        for (unsigned k = 0; k < res->n_channels; k++)
            for (int st = 0; st < ML_STAGE_STATS; st++)
                view.stage[st][k] = res->stage[st][k] + at;
        ml_results_view_pricing(&view, res, at);
        ml_run_opts o = {c->seed, len, at, c->threads, &stop_flag};
        double t0 = ml_progress_elapsed(&c->prog);
        rc = ml_engine_run(&c->sc[i], &o, &view, err);
        /* The engine adds this block's claims to the view's histogram. */
        memcpy(res->months_hist, view.months_hist, sizeof res->months_hist);
        if (!rc && stop_flag)
            rc = ML_ERROR(err, ML_EINTR, "interrupted");
        if (rc)
            break;
        double dt = ml_progress_elapsed(&c->prog) - t0;
        at += len;
        c->job_done = done0 + (uint64_t)((double)(at - lo) * scale);
        c->busy += dt;
        ml_progress_update(&c->prog, label, c->job_done, c->job_total, c->busy);
        double want = dt > 0 ? (double)len * BLOCK_SECONDS / dt : 4.0 * (double)len;
        if (want > 4.0 * (double)len)
            want = 4.0 * (double)len;
        c->block = want < BLOCK_MIN ? BLOCK_MIN : want > BLOCK_MAX ? BLOCK_MAX : (size_t)want;
    }
    c->job_done = done0 + (to - from);
    return ml_par_range_end(res, from, to, rc, err);
}

/* Grows every array of res to n replicates, keeping what is there. */
static int grow_results(ml_results *res, size_t n)
{
    for (int m = 0; m < ML_N_MEASURES; m++) {
        double *p = realloc(res->annual[m], n * sizeof *p);
        if (!p)
            return ML_ENOMEM;
        res->annual[m] = p;
        if (ml_measure_is_amount[m]) {
            p = realloc(res->annual_max[m], n * sizeof *p);
            if (!p)
                return ML_ENOMEM;
            res->annual_max[m] = p;
        }
    }
    for (unsigned k = 0; k < res->n_channels; k++)
        for (int st = 0; st < ML_STAGE_STATS; st++) {
            double *p = realloc(res->stage[st][k], n * sizeof *p);
            if (!p)
                return ML_ENOMEM;
            res->stage[st][k] = p;
        }
    if (ml_results_grow_pricing(res, n))
        return ML_ENOMEM;
    res->n = n;
    return ML_OK;
}

/* Precision on demand: every scenario runs to the same checkpoints (one
 * replicate count for the whole file keeps common random numbers), until
 * the worst scenario's relative se is at most the target or max is
 * reached.  Writes the stopping rule into rule. */
static int run_to_target(run_ctx *c, const ml_target *t, size_t max, ml_results *res,
                         size_t *final_n, char *rule, size_t cap, ml_err *err)
{
    size_t n = 0, next = ML_TARGET_FIRST < max ? ML_TARGET_FIRST : max;
    double worst = INFINITY, value = 0;
    const char *where = "";
    for (;;) {
        c->job_total = (uint64_t)next * c->nsc;
        ml_progress_new_total(&c->prog);
        for (size_t i = 0; i < c->nsc; i++) {
            if (grow_results(&res[i], next))
                return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu replicates", next);
            int rc = run_range(c, i, &res[i], n, next, err);
            if (rc)
                return rc;
        }
        n = next;
        double *scratch = malloc(n * sizeof *scratch);
        if (!scratch)
            return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu replicates", n);
        worst = -1.0;
        for (size_t i = 0; i < c->nsc; i++) {
            double v, r = ml_target_rel_se(t, res[i].annual[t->measure], n, scratch, &v);
            if (r > worst) {
                worst = r;
                value = v;
                where = c->sc[i].name;
            }
        }
        free(scratch);
        if (worst <= t->rel || n >= max)
            break;
        next = ml_target_next(n, worst, t->rel, max);
    }
    *final_n = n;
    snprintf(rule, cap, "%s: relative se of %s is %.4g %s %.4g at %zu replicates "
             "(worst scenario %s, value %.6g)",
             worst <= t->rel ? "target reached" : "max-replicates reached, target not met",
             t->text, worst, worst <= t->rel ? "<=" : ">", t->rel, n, where, value);
    return ML_OK;
}

static void print_written(const char *out, const ml_scenario *sc, size_t nsc, uint64_t reps,
                          uint64_t seed, double seconds)
{
    struct stat st;
    double mb = stat(out, &st) == 0 ? (double)st.st_size / 1e6 : 0.0;
    printf("\nwrote %s (%.1f MB) in %.1f s: %zu scenario%s, %llu replicates, seed %llu\n",
           out, mb, seconds, nsc, nsc == 1 ? "" : "s", (unsigned long long)reps,
           (unsigned long long)seed);
    for (size_t i = 0; i < nsc; i++)
        printf("  /scenarios/%s: annual/, annual_max/, summary, ep/, policy, pricing/\n",
               sc[i].name);
}

static int parse_rel(const char *s, double *out)
{
    char *end = NULL;
    if (!s) {
        usage_err("medliab run: --target-se needs a number\n");
        return -1;
    }
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !(v > 0.0 && v < 1.0)) {
        usage_err("medliab run: --target-se: '%s' is not a relative error in (0, 1), "
                        "e.g. 0.01 for 1%%\n", s);
        return -1;
    }
    *out = v;
    return 0;
}

static const char usage[] =
    "usage: medliab run SCENARIO.yaml [SCENARIO.yaml ...] -o OUT.h5 [--replicates N]\n"
    "                   [--seed S] [--threads T] [--force] [--quiet]\n"
    "                   [--target-se REL [--measure NAME[:STAT]] [--max-replicates N]]\n"
    "\n"
    "Simulate each scenario (common random numbers) and write the annual samples,\n"
    "summaries, exceedance curves, policy and pricing tables to OUT.h5.\n"
    "\n"
    "  -o, --output OUT.h5     the results file (written to a temporary name, renamed)\n"
    "  --replicates N          simulated years (default: run.replicates, else 10000)\n"
    "  --seed S                64-bit run seed (default: run.seed, else 1)\n"
    "  --threads T             OpenMP threads (default: all cores); results do not depend on T\n"
    "  --force                 overwrite OUT.h5 if it exists\n"
    "  --quiet                 print nothing on success, no progress either\n"
    "  --target-se REL         run until the relative standard error of a figure is <= REL\n"
    "  --measure NAME[:STAT]   the figure for --target-se (default insured:mean)\n"
    "  --max-replicates N      the cap for --target-se (default 1000000)\n"
    "  -h, --help              print this help and exit\n"
    "\n"
    "example: medliab run scenarios/us.yaml scenarios/uk.yaml -o out.h5 --replicates 20000\n";

int ml_cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"replicates", required_argument, NULL, 'r'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"target-se", required_argument, NULL, 'T'},
                                         {"measure", required_argument, NULL, 'm'},
                                         {"max-replicates", required_argument, NULL, 'M'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL, *measure = NULL;
    uint64_t reps = 0, seed = 0, threads = 0, max_reps = 0;
    int have_reps = 0, have_seed = 0, force = 0, quiet = 0, have_target = 0;
    double rel = 0;
    const char **files = NULL;
    size_t nfiles = 0;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1;) {
        switch (c) {
        case 'h':
            if (ml_par_rank() == 0)
                fputs(usage, stdout);
            return ML_EXIT_OK;
        case 'o': out = optarg; break;
        case 'r':
            if (parse_u64("--replicates", optarg, 1, ML_MAX_REPLICATES, &reps)) goto usage;
            have_reps = 1;
            break;
        case 's':
            if (parse_u64("--seed", optarg, 0, UINT64_MAX, &seed)) goto usage;
            have_seed = 1;
            break;
        case 't':
            if (parse_u64("--threads", optarg, 1, 4096, &threads)) goto usage;
            break;
        case 'T':
            if (parse_rel(optarg, &rel)) goto usage;
            have_target = 1;
            break;
        case 'm': measure = optarg; break;
        case 'M':
            if (parse_u64("--max-replicates", optarg, 1, ML_MAX_REPLICATES, &max_reps))
                goto usage;
            break;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        default:
            if (ml_par_rank() == 0)
                ml_cli_bad_option("run", c, argv);
            goto usage;
        }
    }
    /* getopt_long moved the scenario files behind the options, in order. */
    files = (const char **)(argv + optind);
    nfiles = (size_t)(argc - optind);
    if (ml_par_rank() != 0)
        quiet = 1; /* under MPI, rank 0 speaks for the run */
    if (nfiles == 0 || !out) {
        usage_err("medliab run: need at least one SCENARIO.yaml and -o OUT.h5 "
                        "(see medliab run --help)\n");
        goto usage;
    }
    ml_target target = {0};
    if (have_target) {
        char msg[512];
        if (have_reps) {
            usage_err("medliab run: --target-se chooses the replicate count; give "
                            "--max-replicates instead of --replicates\n");
            goto usage;
        }
        if (ml_target_parse(measure ? measure : "insured", &target, msg, sizeof msg)) {
            usage_err("medliab run: %s\n", msg);
            goto usage;
        }
        target.rel = rel;
        if (!max_reps)
            max_reps = ML_DEFAULT_MAX_REPLICATES;
    } else if (measure || max_reps) {
        usage_err("medliab run: %s only applies with --target-se\n",
                measure ? "--measure" : "--max-replicates");
        goto usage;
    }

    int rc = ML_OK;
    ml_err err = {0};
    ml_scenario *sc = calloc(nfiles, sizeof *sc);
    ml_results *res = calloc(nfiles, sizeof *res);
    size_t loaded = 0;
    ml_h5 *h5 = NULL;
    run_ctx ctx;
    if (!sc || !res) { rc = ML_ENOMEM; goto done; }
    for (; loaded < nfiles; loaded++) {
        if ((rc = ml_scenario_load(files[loaded], &sc[loaded], &err)))
            goto done;
        for (size_t j = 0; j < loaded; j++)
            if (!strcmp(sc[j].name, sc[loaded].name)) {
                rc = ML_ERROR(&err, ML_EINVAL, "%s: name: scenario name '%s' is also used "
                              "by %s; names must be unique in one run",
                              files[loaded], sc[loaded].name, files[j]);
                loaded++;
                goto done;
            }
    }
    /* One seed and replicate count for the whole run: take the command line,
     * else the scenarios' run section, which must then agree. */
    for (size_t i = 0; i < nfiles; i++) {
        if (!have_reps && !have_target && sc[i].has_replicates) {
            if (reps && reps != sc[i].replicates) {
                rc = ML_ERROR(&err, ML_EINVAL, "%s: run.replicates: %llu differs from "
                              "%llu in another scenario of this run; pass --replicates",
                              files[i], (unsigned long long)sc[i].replicates,
                              (unsigned long long)reps);
                goto done;
            }
            reps = sc[i].replicates;
        }
        if (!have_seed && sc[i].has_seed) {
            if (i > 0 && seed != sc[i].seed) {
                rc = ML_ERROR(&err, ML_EINVAL, "%s: run.seed: %llu differs from %llu "
                              "in another scenario of this run; pass --seed",
                              files[i], (unsigned long long)sc[i].seed,
                              (unsigned long long)seed);
                goto done;
            }
            seed = sc[i].seed;
        }
    }
    if (!reps) reps = ML_DEFAULT_REPLICATES;
    if (!have_seed && !sc[0].has_seed) seed = ML_DEFAULT_SEED;

    if (!force && access(out, F_OK) == 0) {
        rc = ML_ERROR(&err, ML_EIO, "%s: already exists; pass --force to overwrite it", out);
        goto done;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    /* Opened before simulating, so an unwritable folder fails at once; a
     * --target-se run sets its replicate count once it is known. */
    if ((rc = ml_h5_open(&h5, out, seed, have_target ? 0 : reps, &err)))
        goto done;
    ctx = (run_ctx){sc, nfiles, seed, (int)threads, {0}, 0, (uint64_t)reps * nfiles, 0.0, 1000};
    ml_progress_init(&ctx.prog, quiet, stderr);
    if (have_target) {
        size_t n = 0;
        char rule[512];
        rc = run_to_target(&ctx, &target, max_reps, res, &n, rule, sizeof rule, &err);
        ml_progress_finish(&ctx.prog);
        if (rc || (rc = ml_h5_set_root_u64(h5, "replicates", n, &err)) ||
            (rc = ml_h5_set_root_str(h5, "stopping_rule", rule, &err)))
            goto done;
        reps = n;
        if (!quiet)
            printf("%s\n", rule);
        for (size_t i = 0; i < nfiles; i++) {
            if ((rc = ml_h5_write_scenario(h5, &sc[i], &res[i], &err)))
                goto done;
            if (!quiet)
                print_summary(&sc[i], &res[i]);
        }
    } else {
        if (ml_results_alloc(&res[0], reps)) {
            rc = ML_ERROR(&err, ML_ENOMEM, "out of memory for %llu replicates",
                          (unsigned long long)reps);
            goto done;
        }
        for (size_t i = 0; i < nfiles; i++) {
            rc = run_range(&ctx, i, &res[0], 0, reps, &err);
            ml_progress_finish(&ctx.prog);
            if (rc || (rc = ml_h5_write_scenario(h5, &sc[i], &res[0], &err)))
                goto done;
            if (!quiet)
                print_summary(&sc[i], &res[0]);
        }
    }
    rc = ml_h5_commit(h5, &err);
    h5 = NULL;
    if (!rc && !quiet)
        print_written(out, sc, nfiles, reps, seed, ml_progress_elapsed(&ctx.prog));
done:
    /* Errors found before the file was opened are the same on every rank:
     * say so together, so that rank 0 alone reports them. */
    if (rc && !h5)
        rc = ml_par_agree(rc, &err);
    if (rc && (ml_par_rank() == 0 || !ml_par_failed_together()))
        fprintf(stderr, "medliab: %s\n", rc == ML_ENOMEM && !err.msg[0] ? "out of memory"
                                                                        : err.msg);
    if (h5)
        ml_h5_abort(h5);
    for (size_t i = 0; res && i < nfiles; i++)
        ml_results_free(&res[i]);
    free(res);
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    if (rc == ML_EIO) {
        /* HDF5 1.10's exit-time cleanup crashes (SIGSEGV) on a file whose
         * close failed, as on a full disk.  The temporary file is already
         * removed: leave without that cleanup, with the documented code. */
        fflush(NULL);
        _exit(ml_exit_code(rc));
    }
    return ml_exit_code(rc);
usage:
    return ML_EXIT_USAGE;
}
