/*
 * cmd_bench.c — `medliab bench`: engine throughput on one thread against
 * two baselines in the same run: the engine as it was when issue 16 was
 * filed (one stream at a time, GSL's Poisson, libm's exp) and the cost of
 * drawing the same random variates alone (one sequential Philox stream,
 * Poisson counts and one severity per claim, no stream addressing, no
 * bookkeeping).  A benchmark, never a test.
 */
#include "cli.h"
#include "engine.h"
#include "h5out.h"
#include "scenario_results.h"
#include "philox_vec.h"
#include "poisson_inv.h"
#include "rng.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const char usage[] =
    "usage: medliab bench SCENARIO.yaml [--replicates N] [--threads T]\n"
    "\n"
    "Claims simulated per second on one thread, and the ratio to two baselines in\n"
    "the same run: the engine as before (one stream at a time, GSL's Poisson, libm's\n"
    "exp; its mean is checked against the engine's) and drawing the same random\n"
    "variates alone (a life-cycle regime: a count and a severity per incident, in\n"
    "incidents/s); then the time of the stages after the engine (results, write).\n"
    "A benchmark, not a test.\n"
    "\n"
    "  --replicates N  simulated years, in [1, 4294967295] (default 1000000)\n"
    "  --threads T     threads of the results and write stages (default 1; 0: all\n"
    "                  cores); the engine always runs on one\n"
    "  -h, --help      print this help and exit\n"
    "\n"
    "example: medliab bench scenarios/validation/v1_poisson_lognormal.yaml --replicates 100000\n";

int ml_cmd_bench(int argc, char **argv)
{
    static const struct option opts[] = {{"replicates", required_argument, NULL, 'r'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *file = NULL;
    unsigned long long reps = 1000000;
    int threads = 1;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1;) {
        if (c == 'h') {
            fputs(usage, stdout);
            return ML_EXIT_OK;
        } else if (c == 'r') {
            char *end;
            reps = strtoull(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-')
                reps = 0; /* refused below, with the usage line */
        } else if (c == 't') {
            char *end;
            long t = strtol(optarg, &end, 10);
            threads = !*optarg || *end || t < 0 || t > 4096 ? -1 : (int)t;
        } else {
            ml_cli_bad_option("bench", c, argv);
            return ML_EXIT_USAGE;
        }
    }
    if (optind < argc)
        file = argv[optind];
    if (optind + 1 < argc) {
        fprintf(stderr, "medliab bench: unexpected '%s'\n", argv[optind + 1]);
        return ML_EXIT_USAGE;
    }
    if (!file || reps == 0 || reps > 0xffffffffull || threads < 0) {
        fprintf(stderr, "medliab bench: need SCENARIO.yaml [--replicates N] [--threads T] (see "
                        "medliab bench --help)\n");
        return ML_EXIT_USAGE;
    }
    /* Threads 0 means every core (OpenMP's default team); said so below
     * rather than "0 threads". */
    char shown[32];
    if (threads == 0)
        snprintf(shown, sizeof shown, "all cores");
    else
        snprintf(shown, sizeof shown, "%d thread%s", threads, threads == 1 ? "" : "s");
    ml_err err = {0};
    ml_scenario s;
    int rc = ml_scenario_load(file, &s, &err);
    if (rc) {
        fprintf(stderr, "medliab: %s\n", err.msg);
        return ml_exit_code(rc);
    }
    ml_results res;
    if (ml_results_alloc(&res, reps)) {
        ml_scenario_free(&s);
        return ML_EXIT_INTERNAL;
    }
    ml_run_opts o = {12345, reps, 0, 1, NULL, 0, NULL};
    /* As `run` does: copies the engine finds stay unwritten, and the stages
     * after it read the arrays through the resolved view. */
    res.lazy = 1;
    double t0 = now();
    rc = ml_engine_run(&s, &o, &res, &err);
    double t_engine = now() - t0;
    const ml_results rv = ml_results_resolve(&res);
    double claims = 0.0;
    for (size_t i = 0; i < reps; i++)
        claims += rv.annual[ML_M_CLAIMS][i];

    double damages = 0.0;
    for (size_t i = 0; i < reps; i++)
        damages += rv.annual[ML_M_DAMAGES][i];
    ml_poisson_memo memo;
    ml_poisson_memo_init(&memo);

    /* Baseline 0, the engine as it was when issue 16 was filed: every
     * number drawn from its own stream in turn, counts by GSL's Poisson and
     * damages by libm's exp.  Its counts and last bits differ, so its mean
     * damages are compared with the engine's: they must agree within four
     * standard errors of their difference (independent estimates). */
    double t_scalar = 0.0, mean0 = 0.0, mean1 = 0.0, se_diff = 0.0;
    ml_results res1;
    if (!rc && ml_results_alloc(&res1, reps) == ML_OK) {
        ml_run_opts o1 = o;
        o1.scalar_draws = 1;
        t0 = now();
        rc = ml_engine_run(&s, &o1, &res1, &err);
        t_scalar = now() - t0;
        double v0 = 0.0, v1 = 0.0;
        mean0 = damages / (double)reps;
        for (size_t i = 0; i < reps; i++)
            mean1 += res1.annual[ML_M_DAMAGES][i];
        mean1 /= (double)reps;
        for (size_t i = 0; i < reps; i++) {
            double a = rv.annual[ML_M_DAMAGES][i] - mean0;
            double b = res1.annual[ML_M_DAMAGES][i] - mean1;
            v0 += a * a;
            v1 += b * b;
        }
        double n = (double)reps;
        se_diff = sqrt((v0 / (n - 1.0 + (n == 1.0)) + v1 / (n - 1.0 + (n == 1.0))) / n);
        ml_results_free(&res1);
    }

    /* The stages after the engine, as `run` goes through them: every table
     * of the results structure, then the file (to a temporary folder,
     * removed after). */
    double t_results = 0.0, t_write = 0.0;
    ml_scenario_results sr;
    int filled = !rc;
    if (filled) {
        t0 = now();
        rc = ml_scenario_results_fill(&s, &rv, threads, &sr, &err);
        t_results = now() - t0;
    }
    char dir[] = "/tmp/medliab_bench_XXXXXX", path[64];
    if (!rc && mkdtemp(dir)) {
        snprintf(path, sizeof path, "%s/bench.h5", dir);
        ml_h5 *h5 = NULL;
        t0 = now();
        rc = ml_h5_open(&h5, path, 12345, reps, &err);
        if (!rc)
            ml_h5_set_threads(h5, threads);
        if (!rc)
            rc = ml_h5_write_scenario(h5, &s, &rv, &sr, &err);
        if (!rc)
            rc = ml_h5_commit(h5, &err);
        else if (h5)
            ml_h5_abort(h5);
        t_write = now() - t0;
        unlink(path);
        rmdir(dir);
    }
    if (filled)
        ml_scenario_results_free(&sr);
    if (rc) {
        fprintf(stderr, "medliab: %s\n", err.msg);
        ml_results_free(&res);
        ml_scenario_free(&s);
        return ml_exit_code(rc);
    }

    /* Baseline 1, "the same variates alone": every random effect, count and
     * severity the engine draws, from the same stream addresses, summed and
     * nothing else.  When every claim is paid in full the sum equals the
     * engine's total damages bit for bit, which proves they are the same
     * numbers. */
    const ml_portfolio *p = &s.portfolio;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    double same_sum = 0.0, same_claims = 0.0;
    t0 = now();
    for (uint32_t r = 0; r < reps; r++) {
        double year = 1.0, acc = 0.0;
        if (p->year_effect.kind != ML_RE_NONE) {
            ml_rng_stream(g, o.seed, r, ML_RNG_ALL_HOSPITALS, 0, ML_P_YEAR_EFFECT);
            year = ml_re_draw(&p->year_effect, g);
        }
        for (uint32_t h = 0; h < p->n_hospitals; h++) {
            double mult = year;
            if (p->hospital_effect.kind != ML_RE_NONE) {
                ml_rng_stream(g, o.seed, r, h, 0, ML_P_HOSP_EFFECT);
                mult *= ml_re_draw(&p->hospital_effect, g);
            }
            uint32_t item = 0;
            for (uint32_t sp = 0; sp < p->n_specialties; sp++) {
                double mean = p->hospitals[h].exposure[sp] * p->specialties[sp].incident_rate * mult;
                if (!(mean > 0.0))
                    continue;
                ml_rng_stream(g, o.seed, r, h, sp, ML_P_COUNT);
                unsigned n = ml_poisson_draw(mean, g, &memo);
                same_claims += n;
                for (unsigned k = 0; k < n; k++, item++) {
                    ml_rng_stream(g, o.seed, r, h, item, ML_P_SEVERITY);
                    acc += ml_severity_draw_tb(&s.regime.severity, g);
                }
            }
        }
        same_sum += acc;
    }
    double t_same = now() - t0;

    /* Baseline 2: the cheapest possible, one sequential stream (no
     * addressing); the difference to baseline 1 is the price of results
     * that do not depend on the thread count. */
    double lam = 0.0;
    for (size_t h = 0; h < p->n_hospitals; h++)
        lam += ml_portfolio_hospital_rate(p, h);
    double sink = 0.0, raw_claims = 0.0;
    t0 = now();
    for (unsigned long long r = 0; r < reps; r++) {
        if ((r & 0xffffffu) == 0) /* stay inside one stream's range */
            ml_rng_stream(g, 12345, (uint32_t)(r >> 24), 0, 0, 0);
        unsigned n = ml_poisson_draw(lam, g, &memo);
        raw_claims += n;
        for (unsigned k = 0; k < n; k++)
            sink += ml_severity_draw_tb(&s.regime.severity, g);
    }
    double t_raw = now() - t0;
    gsl_rng_free(g);
    printf("scenario            %s\n", s.name);
    printf("replicates          %llu (1 thread)\n", reps);
    printf("claims              %.0f\n", claims);
    printf("engine              %.3f s  %.4g claims/s/core  (first draws batched, %s)\n",
           t_engine, claims / t_engine, ml_philox_unit_name(ml_philox_unit_in_use()));
    int agree = fabs(mean0 - mean1) <= 4.0 * se_diff;
    printf("engine, as before   %.3f s  %.4g claims/s/core  (issue 16's baseline: one stream "
           "at a time, GSL's Poisson, libm's exp; mean damages %s: %.6g against %.6g, "
           "|difference| %.2f SE)\n",
           t_scalar, claims / t_scalar, agree ? "agree" : "DISAGREE", mean1, mean0,
           se_diff > 0.0 ? fabs(mean0 - mean1) / se_diff : 0.0);
    /* A life-cycle regime's engine draws incidents, then for each claim
     * its pathway, liability, timing and more: the baselines draw only a
     * count and a severity per incident, so they are rates of incidents,
     * and the engine's per-item ratio is per incident too. */
    const int life = s.regime.life != NULL;
    double incidents = 0.0;
    for (size_t i = 0; i < reps; i++)
        incidents += rv.annual[ML_M_INCIDENTS][i];
    const char *unit = life ? "incidents/s/core" : "claims/s/core";
    if (life)
        printf("incident draws      %.3f s  %.4g %s  (life-cycle regime: a count and a "
               "severity per incident at the engine's stream addresses, not the engine's "
               "variates)\n", t_same, same_claims / t_same, unit);
    else
        printf("same variates alone %.3f s  %.4g %s  (%s)\n", t_same, same_claims / t_same,
               unit, same_sum == damages ? "sum equals the engine's damages: identical draws"
                                       : "sums differ: scenario does not pay every claim in "
                                         "full");
    printf("sequential stream   %.3f s  %.4g %s  (checksum %.3g)\n", t_raw, raw_claims / t_raw,
           unit, sink);
    printf("results             %.3f s  (summaries, exceedance, policy, pricing: %.3f x the "
           "engine; %s)\n", t_results, t_results / t_engine, shown);
    printf("write               %.3f s  (the HDF5 file: %.3f x the engine; %s)\n", t_write,
           t_write / t_engine, shown);
    printf("ratio engine as before / engine   %.3f\n", t_scalar / t_engine);
    if (life) {
        printf("ratio engine / incident draws     %.3f\n", t_engine / t_same);
        printf("ratio engine / sequential stream  %.3f (per incident)\n",
               (t_engine / incidents) / (t_raw / raw_claims));
    } else {
        printf("ratio engine / same variates      %.3f\n", t_engine / t_same);
        printf("ratio engine / sequential stream  %.3f (per claim)\n",
               (t_engine / claims) / (t_raw / raw_claims));
    }
    ml_results_free(&res);
    ml_scenario_free(&s);
    return ml_exit_code(rc);
}
