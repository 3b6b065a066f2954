/*
 * cmd_merge.c — `medliab merge`: argv to a merge request (sim/run/run.h),
 * the one call ml_merge, and the summary of every scenario printed as
 * `medliab run` prints it (the same figures to the last digit: they are
 * the same results).
 */
#include "cli.h"
#include "run.h"
#include "summary_print.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
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

static const char usage[] =
    "usage: medliab merge OUT.h5 SHARD.h5 [SHARD.h5 ...] [--force] [--threads T] [--quiet]\n"
    "\n"
    "Write the results file of a whole run from its shards (the files `medliab run\n"
    "--replicate-range A:B` or `--shard K/M` wrote, in any order): the same file, to\n"
    "the bit, as one `medliab run` of every replicate, and the same summary printed.\n"
    "Run it in the folder the shards ran in: the run files they name are loaded\n"
    "again and must resolve as they did.  Refused, with nothing written: shards that\n"
    "overlap, repeat or leave replicates out; shards of another seed, replicate\n"
    "count, run file or --set value; shards of another medliab build; run files\n"
    "changed since the shards ran.\n"
    "\n"
    "  --force       overwrite OUT.h5 if it exists\n"
    "  --threads T   threads of the results and write stages (default: all cores);\n"
    "                the file does not depend on T\n"
    "  --quiet       print nothing on success\n"
    "  -h, --help    print this help and exit\n"
    "\n"
    "example: medliab merge v1.h5 part_0.h5 part_1.h5 part_2.h5 part_3.h5\n"
    "  (the shards of: medliab run v1.yaml --replicates 1000000 --shard K/4 -o part_K.h5,\n"
    "   K = 0, 1, 2, 3, run anywhere, in any order)\n";

int ml_cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {{"force", no_argument, NULL, 'f'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int force = 0, quiet = 0;
    long threads = 0;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1;) {
        char *end = NULL;
        switch (c) {
        case 'h': fputs(usage, stdout); return ML_EXIT_OK;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        case 't':
            errno = 0;
            threads = strtol(optarg, &end, 10);
            if (!*optarg || *end || errno || threads < 1 || threads > 4096) {
                fprintf(stderr, "medliab merge: --threads: '%s' is not a whole number in "
                        "[1, 4096]\n", optarg);
                return ML_EXIT_USAGE;
            }
            break;
        default: ml_cli_bad_option("merge", c, argv); return ML_EXIT_USAGE;
        }
    }
    if (argc - optind < 2) {
        fprintf(stderr, "medliab merge: need OUT.h5 and at least one SHARD.h5 (see medliab "
                "merge --help)\n");
        return ML_EXIT_USAGE;
    }
    ml_merge_request q = {.output = argv[optind],
                          .parts = (const char *const *)(argv + optind + 1),
                          .n_parts = (size_t)(argc - optind - 1),
                          .overwrite = force ? ML_RUN_REPLACE : ML_RUN_KEEP_EXISTING,
                          .threads = (int)threads,
                          .stop = &stop_flag};
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    ml_run_outcome o;
    ml_err err = {0};
    int rc = ml_merge(&q, &o, &err);
    if (rc) {
        fprintf(stderr, "medliab merge: %s\n", err.msg[0] ? err.msg : ml_strerror(rc));
        return ml_exit_code(rc);
    }
    if (!quiet) {
        for (size_t i = 0; i < o.n; i++)
            ml_print_scenario_summary(stdout, &o.results[i]);
        struct stat st;
        double mb = stat(q.output, &st) == 0 ? (double)st.st_size / 1e6 : 0.0;
        printf("\nwrote %s (%.1f MB) from %zu shard%s: %zu scenario%s, %llu replicates, "
               "seed %llu\n", q.output, mb, q.n_parts, q.n_parts == 1 ? "" : "s", o.n,
               o.n == 1 ? "" : "s", (unsigned long long)o.replicates,
               (unsigned long long)o.seed);
    }
    ml_run_outcome_free(&o);
    return ML_EXIT_OK;
}
