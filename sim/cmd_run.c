/*
 * cmd_run.c — `medliab run`: load every scenario first (so a typo in the
 * last file fails before any work), simulate them one after another with
 * one seed and replicate count (common random numbers), write one results
 * file atomically and print a summary per scenario.
 */
#include "cli.h"
#include "engine.h"
#include "h5out.h"
#include "stats.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ML_DEFAULT_REPLICATES 10000u
#define ML_DEFAULT_SEED 1u

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi,
                     uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (!s || *s == '-' || !*s) {
        fprintf(stderr, "medliab run: %s needs a whole number\n", opt);
        return -1;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v < lo || v > hi) {
        fprintf(stderr, "medliab run: %s: '%s' is not a whole number in [%llu, %llu]\n",
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
}

int ml_cmd_run(int argc, char **argv)
{
    const char *out = NULL;
    uint64_t reps = 0, seed = 0, threads = 0;
    int have_reps = 0, have_seed = 0, force = 0, quiet = 0;
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return ML_EXIT_INTERNAL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!v) { fprintf(stderr, "medliab run: %s needs a file name\n", a); goto usage; }
            out = v; i++;
        } else if (!strcmp(a, "--replicates")) {
            if (parse_u64(a, v, 1, ML_MAX_REPLICATES, &reps)) goto usage;
            have_reps = 1; i++;
        } else if (!strcmp(a, "--seed")) {
            if (parse_u64(a, v, 0, UINT64_MAX, &seed)) goto usage;
            have_seed = 1; i++;
        } else if (!strcmp(a, "--threads")) {
            if (parse_u64(a, v, 1, 4096, &threads)) goto usage;
            i++;
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-') {
            fprintf(stderr, "medliab run: unknown option '%s' (see medliab --help)\n", a);
            goto usage;
        } else
            files[nfiles++] = a;
    }
    if (nfiles == 0 || !out) {
        fprintf(stderr, "medliab run: need at least one SCENARIO.yaml and -o OUT.h5 "
                        "(see medliab --help)\n");
        goto usage;
    }

    int rc = ML_OK;
    ml_err err = {0};
    ml_scenario *sc = calloc(nfiles, sizeof *sc);
    size_t loaded = 0;
    ml_h5 *h5 = NULL;
    ml_results res = {0};
    if (!sc) { rc = ML_ENOMEM; goto done; }
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
        if (!have_reps && sc[i].has_replicates) {
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
    if ((rc = ml_h5_open(&h5, out, seed, reps, &err)))
        goto done;
    if (ml_results_alloc(&res, reps)) {
        rc = ML_ERROR(&err, ML_ENOMEM, "out of memory for %llu replicates",
                      (unsigned long long)reps);
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++) {
        ml_run_opts o = {seed, reps, 0, (int)threads, &stop_flag};
        if ((rc = ml_engine_run(&sc[i], &o, &res, &err)) ||
            (rc = stop_flag ? ML_ERROR(&err, ML_EINTR, "interrupted") : ML_OK) ||
            (rc = ml_h5_write_scenario(h5, &sc[i], &res, &err)))
            goto done;
        if (!quiet)
            print_summary(&sc[i], &res);
    }
    rc = ml_h5_commit(h5, &err);
    h5 = NULL;
    if (!rc && !quiet)
        printf("\nwrote %s (%zu scenario%s, %llu replicates, seed %llu)\n", out, nfiles,
               nfiles == 1 ? "" : "s", (unsigned long long)reps, (unsigned long long)seed);
done:
    if (h5)
        ml_h5_abort(h5);
    ml_results_free(&res);
    for (size_t i = 0; i < loaded; i++)
        ml_scenario_free(&sc[i]);
    free(sc);
    free(files);
    if (rc)
        fprintf(stderr, "medliab: %s\n", rc == ML_ENOMEM && !err.msg[0] ? "out of memory"
                                                                        : err.msg);
    return ml_exit_code(rc);
usage:
    free(files);
    return ML_EXIT_USAGE;
}
