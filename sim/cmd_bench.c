/*
 * cmd_bench.c — `medliab bench`: engine throughput on one thread against
 * the cost of drawing the same random variates alone (one sequential
 * Philox stream, Poisson counts and one severity per claim, no stream
 * addressing, no bookkeeping).  A benchmark, never a test.
 */
#include "cli.h"
#include "engine.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int ml_cmd_bench(int argc, char **argv)
{
    const char *file = NULL;
    unsigned long long reps = 1000000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--replicates") && i + 1 < argc)
            reps = strtoull(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "medliab bench: unexpected '%s'\n", argv[i]);
            return ML_EXIT_USAGE;
        }
    }
    if (!file || reps == 0 || reps > 0xffffffffull) {
        fprintf(stderr, "medliab bench: need SCENARIO.yaml [--replicates N]\n");
        return ML_EXIT_USAGE;
    }
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
    ml_run_opts o = {12345, reps, 0, 1, NULL};
    double t0 = now();
    rc = ml_engine_run(&s, &o, &res, &err);
    double t_engine = now() - t0;
    double claims = 0.0;
    for (size_t i = 0; i < reps; i++)
        claims += res.annual[ML_M_CLAIMS][i];

    /* Raw draws: the same variates from one stream, summed so the compiler
     * cannot drop them. */
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 12345, 0, 0, 0, 0);
    double lam = 0.0;
    for (size_t h = 0; h < s.portfolio.n_hospitals; h++)
        lam += ml_portfolio_hospital_rate(&s.portfolio, h);
    double sink = 0.0, raw_claims = 0.0;
    t0 = now();
    for (unsigned long long r = 0; r < reps; r++) {
        if ((r & 0xffffffu) == 0)
            ml_rng_stream(g, 12345, (uint32_t)(r >> 24), 0, 0, 0); /* stay inside one stream's range */
        unsigned n = ml_frequency_draw(lam, g);
        raw_claims += n;
        for (unsigned k = 0; k < n; k++)
            sink += ml_severity_draw(&s.regime.severity, g);
    }
    double t_raw = now() - t0;
    gsl_rng_free(g);
    printf("scenario          %s\n", s.name);
    printf("replicates        %llu (1 thread)\n", reps);
    printf("claims            %.0f (raw draws: %.0f)\n", claims, raw_claims);
    printf("engine            %.3f s  %.4g claims/s/core\n", t_engine, claims / t_engine);
    printf("raw draws         %.3f s  %.4g claims/s/core  (checksum %.3g)\n", t_raw,
           raw_claims / t_raw, sink);
    printf("engine/raw ratio  %.3f\n", t_engine / t_raw * (raw_claims / claims));
    ml_results_free(&res);
    ml_scenario_free(&s);
    return ml_exit_code(rc);
}
