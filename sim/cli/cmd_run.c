/*
 * cmd_run.c — `medliab run`: argv to a run request (sim/run/run.h),
 * signals and progress around the one call ml_run, the summary of every
 * scenario printed from the results it hands back, and its status turned
 * into the exit code.  Loading, simulating, computing and writing all
 * happen inside ml_run; nothing here computes a figure.
 */
#include "cli.h"
#include "par.h"
#include "progress.h"
#include "run.h"
#include "summary_print.h"
#include "target_se.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void print_written(const char *out, const ml_run_outcome *o, double seconds,
                          unsigned draws)
{
    struct stat st;
    double mb = stat(out, &st) == 0 ? (double)st.st_size / 1e6 : 0.0;
    printf("\nwrote %s (%.1f MB) in %.1f s: %zu scenario%s, %llu replicates, seed %llu\n",
           out, mb, seconds, o->n, o->n == 1 ? "" : "s", (unsigned long long)o->replicates,
           (unsigned long long)o->seed);
    for (size_t i = 0; i < o->n; i++)
        printf("  /scenarios/%s: annual/, annual_max/, summary, ep/, policy, pricing/%s\n",
               o->results[i].name, draws ? ", uncertainty/" : "");
    if (draws)
        printf("  %u parameter draws: medliab report %s shows their intervals\n", draws, out);
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

/* "A:B" (--replicate-range) or "K/M" (--shard): two whole numbers around sep. */
static int parse_pair(const char *opt, const char *s, char sep, uint64_t *a, uint64_t *b)
{
    const char *mid = s ? strchr(s, sep) : NULL;
    char *end = NULL;
    errno = 0;
    if (!mid || *s == '-' || mid[1] == '-' || mid == s || !mid[1])
        goto bad;
    *a = strtoull(s, &end, 10);
    if (end != mid || errno)
        goto bad;
    *b = strtoull(mid + 1, &end, 10);
    if (*end || errno)
        goto bad;
    return 0;
bad:
    usage_err("medliab run: %s: '%s' is not %s\n", opt, s ? s : "",
              sep == ':' ? "A:B, two whole numbers (replicates A to B-1)"
                         : "K/M, two whole numbers (shard K of M, from 0)");
    return -1;
}

static void print_shard(const char *out, const ml_run_outcome *o, double seconds)
{
    struct stat st;
    double mb = stat(out, &st) == 0 ? (double)st.st_size / 1e6 : 0.0;
    printf("wrote shard %s (%.1f MB) in %.1f s: replicates %llu to %llu of %llu, seed %llu, "
           "%zu scenario%s\n", out, mb, seconds, (unsigned long long)o->first,
           (unsigned long long)(o->end - 1), (unsigned long long)o->replicates,
           (unsigned long long)o->seed, o->n, o->n == 1 ? "" : "s");
    printf("  once every shard is written: medliab merge RESULTS.h5 SHARD.h5 ...\n");
}

static const char usage[] =
    "usage: medliab run SCENARIO.yaml [SCENARIO.yaml ...] -o OUT.h5 [--replicates N]\n"
    "                   [--seed S] [--threads T] [--force] [--quiet]\n"
    "                   [--target-se REL [--measure NAME[:STAT]] [--max-replicates N]]\n"
    "                   [--set PATH=VALUE ...] [--parameter-draws K]\n"
    "                   [--replicate-range A:B | --shard K/M]\n"
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
    "  --set PATH=VALUE        replace a number of the run files, by its field path as\n"
    "                          messages write it (regime.lifecycle.insurance.participation=0.8);\n"
    "                          checked like the file's value; may be repeated\n"
    "  --parameter-draws K     also draw K parameter sets from the files' distributions\n"
    "                          ({value, range} or {value, dist, ...}), simulate each with the\n"
    "                          same seed and replicates, and write each scenario's\n"
    "                          uncertainty/ group (percentiles, parameter share)\n"
    "  --replicate-range A:B   simulate replicates A to B-1 of the run only and write them\n"
    "                          as a shard to OUT.h5; `medliab merge` makes the results\n"
    "                          file of the whole run from its shards (README, \"Shards\")\n"
    "  --shard K/M             the same for the K-th of M equal slices (K from 0), e.g.\n"
    "                          --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\n"
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
                                         {"set", required_argument, NULL, 'S'},
                                         {"parameter-draws", required_argument, NULL, 'P'},
                                         {"replicate-range", required_argument, NULL, 'R'},
                                         {"shard", required_argument, NULL, 'K'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL, *measure = NULL;
    uint64_t reps = 0, seed = 0, threads = 0, max_reps = 0, draws = 0;
    ml_override *sets = NULL;
    size_t nsets = 0;
    int have_reps = 0, have_seed = 0, force = 0, quiet = 0, have_target = 0, have_range = 0;
    uint64_t range_a = 0, range_b = 0, shard_k = 0, shard_m = 0;
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
        case 'S':
            if (ml_cli_add_set("run", optarg, &sets, &nsets))
                goto usage;
            break;
        case 'P':
            if (parse_u64("--parameter-draws", optarg, 1, 1000000, &draws)) goto usage;
            break;
        case 'R':
            if (parse_pair("--replicate-range", optarg, ':', &range_a, &range_b)) goto usage;
            if (range_a >= range_b || range_b > ML_MAX_REPLICATES) {
                usage_err("medliab run: --replicate-range %s: need A < B <= %llu (replicates "
                          "A to B-1)\n", optarg, (unsigned long long)ML_MAX_REPLICATES);
                goto usage;
            }
            have_range = 1;
            break;
        case 'K':
            if (parse_pair("--shard", optarg, '/', &shard_k, &shard_m)) goto usage;
            if (shard_m == 0 || shard_m > 1000000 || shard_k >= shard_m) {
                usage_err("medliab run: --shard %s: need K < M <= 1000000 (shards 0 to "
                          "M-1)\n", optarg);
                goto usage;
            }
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
    if (have_range && shard_m) {
        usage_err("medliab run: give --replicate-range or --shard, not both\n");
        goto usage;
    }
    if ((have_range || shard_m) && (have_target || draws)) {
        usage_err("medliab run: a shard runs a fixed slice of replicates; %s cannot be "
                  "combined with --replicate-range or --shard\n",
                  have_target ? "--target-se" : "--parameter-draws");
        goto usage;
    }
    ml_target target = {0};
    if (have_target && draws) {
        usage_err("medliab run: --parameter-draws runs at a fixed replicate count; it "
                  "cannot be combined with --target-se\n");
        goto usage;
    }
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
            max_reps = ML_RUN_DEFAULT_MAX_REPLICATES;
    } else if (measure || max_reps) {
        usage_err("medliab run: %s only applies with --target-se\n",
                measure ? "--measure" : "--max-replicates");
        goto usage;
    }

    ml_run_request req = {0};
    req.files = (const char *const *)files;
    req.n_files = nfiles;
    req.output = out;
    req.overwrite = force ? ML_RUN_REPLACE : ML_RUN_KEEP_EXISTING;
    req.replicates = have_reps ? reps : 0;
    req.have_seed = have_seed;
    req.seed = seed;
    req.threads = (int)threads;
    req.target = have_target ? &target : NULL;
    req.max_replicates = max_reps;
    req.stop = &stop_flag;
    req.overrides = sets;
    req.n_overrides = nsets;
    req.parameter_draws = (unsigned)draws;
    req.have_range = have_range;
    req.range_from = range_a;
    req.range_to = range_b;
    req.shard_index = (unsigned)shard_k;
    req.shard_count = (unsigned)shard_m;
    ml_progress prog;
    ml_progress_init(&prog, quiet, stderr);
    req.progress = ml_progress_for_run(&prog, 1);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    ml_run_outcome o;
    ml_err err = {0};
    int rc = ml_run(&req, &o, &err);
    ml_progress_finish(&prog);
    if (rc) {
        /* Under MPI an error every rank knows is reported by rank 0 alone. */
        if (ml_par_rank() == 0 || !ml_par_failed_together())
            fprintf(stderr, "medliab: %s\n", err.msg[0] ? err.msg : ml_strerror(rc));
        free(sets);
        return ml_exit_code(rc);
    }
    free(sets);
    if (!quiet && o.shard) {
        print_shard(out, &o, ml_progress_elapsed(&prog));
    } else if (!quiet) {
        if (o.stopping_rule[0])
            printf("%s\n", o.stopping_rule);
        for (size_t i = 0; i < o.n; i++)
            ml_print_scenario_summary(stdout, &o.results[i]);
        print_written(out, &o, ml_progress_elapsed(&prog), req.parameter_draws);
    }
    ml_run_outcome_free(&o);
    return ML_EXIT_OK;
usage:
    free(sets);
    return ML_EXIT_USAGE;
}
