/*
 * cmd_exact.c — `medliab exact`: the annual insured loss by Panjer recursion.
 */
#include "cli.h"
#include "exact.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: medliab exact SCENARIO.yaml [--grid M] [--cdf FILE.csv]\n"
    "\n"
    "The distribution of the annual insured loss by Panjer recursion (one hospital,\n"
    "or several with Poisson counts and no aggregate limit): mean, sd, quantiles,\n"
    "each with bounds that hold the true quantile (a finer --grid narrows them).\n"
    "\n"
    "  --grid M        points of the severity grid, a whole number in [64, 16777216]\n"
    "                  (default: chosen from the scenario)\n"
    "  --cdf FILE.csv  also write the CDF with its exact lower and upper bounds\n"
    "  -h, --help      print this help and exit\n"
    "\n"
    "example: medliab exact scenarios/validation/v1_poisson_lognormal.yaml --cdf cdf.csv\n";

int ml_cmd_exact(int argc, char **argv)
{
    static const struct option opts[] = {{"grid", required_argument, NULL, 'g'},
                                         {"cdf", required_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *file = NULL, *cdf = NULL;
    size_t grid = 0;
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1;) {
        if (c == 'h') {
            fputs(usage, stdout);
            return ML_EXIT_OK;
        } else if (c == 'c') {
            cdf = optarg;
        } else if (c == 'g') {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 64 || v > (1L << 24)) {
                fprintf(stderr, "medliab exact: --grid needs a whole number in [64, 16777216]\n");
                return ML_EXIT_USAGE;
            }
            grid = (size_t)v;
        } else {
            ml_cli_bad_option("exact", c, argv);
            return ML_EXIT_USAGE;
        }
    }
    if (optind < argc)
        file = argv[optind];
    if (optind + 1 < argc) {
        fprintf(stderr, "medliab exact: one scenario at a time\n");
        return ML_EXIT_USAGE;
    }
    if (!file) {
        fprintf(stderr, "medliab exact: need SCENARIO.yaml (see medliab exact --help)\n");
        return ML_EXIT_USAGE;
    }
    ml_err err = {0};
    ml_scenario s;
    int rc = ml_scenario_load(file, &s, &err);
    if (rc) {
        fprintf(stderr, "medliab: %s\n", err.msg);
        return ml_exit_code(rc);
    }
    ml_exact ex;
    rc = ml_exact_compute(&s, grid, &ex, &err);
    if (rc) {
        fprintf(stderr, "medliab: %s\n", err.msg);
        ml_scenario_free(&s);
        return ml_exit_code(rc);
    }
    printf("%s: annual insured loss (%s), Panjer recursion\n", s.name, s.regime.currency);
    if (ex.negbin)
        printf("  claim counts  negative binomial, size %.6g, mean %.6g\n", ex.size,
               ex.size * ex.beta);
    else
        printf("  claim counts  Poisson, mean %.6g\n", ex.lambda);
    printf("  grid          %zu points, step %.6g\n", ex.m, ex.h);
    if (ex.mean_lo == ex.mean_hi)
        printf("  mean          %.10g (exact)\n", ex.mean);
    else
        printf("  mean          %.10g (bounds %.10g .. %.10g)\n", ex.mean, ex.mean_lo,
               ex.mean_hi);
    printf("  sd            %.10g (of the nearest-point grid)\n", ex.sd);
    static const double ps[] = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999};
    /* A quantile is a grid point: the bracket's own quantiles bound the true
     * one, and say how far the figure can be trusted. */
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double lo, hi;
        ml_exact_quantile_bounds(&ex, ps[i], &lo, &hi);
        printf("  q%-12g %.10g (bounds %.10g .. %.10g)\n", ps[i], ml_exact_quantile(&ex, ps[i]),
               lo, hi);
    }
    printf("  mass beyond the grid %.3g\n", ex.tail_mass);
    if (cdf) {
        FILE *f = fopen(cdf, "w");
        if (!f) {
            fprintf(stderr, "medliab: %s: cannot write\n", cdf);
            rc = ML_EIO;
        } else {
            fprintf(f, "x,cdf,cdf_lower_bound,cdf_upper_bound\n");
            for (size_t k = 0; k < ex.m; k++)
                fprintf(f, "%.17g,%.17g,%.17g,%.17g\n", (double)k * ex.h, ex.cdf_mid[k],
                        ex.cdf_up[k], ex.cdf_dn[k]);
            if (fclose(f)) {
                fprintf(stderr, "medliab: %s: write failed\n", cdf);
                rc = ML_EIO;
            }
        }
    }
    ml_exact_free(&ex);
    ml_scenario_free(&s);
    return ml_exit_code(rc);
}
