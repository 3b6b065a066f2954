/*
 * h5read_contract.c — `h5read_contract FILE.h5`: reads FILE the way
 * `medliab verify` reads a rerun's results (ml_h5fig_read, every figure of
 * its one scenario), for tests/report_contract.sh, which cannot hand verify
 * a damaged file through its command line (verify only reads the files it
 * has just written).  Prints "medliab: MESSAGE" and exits with medliab's
 * code for the status (4 for ML_EIO), or prints the figure count and exits 0.
 */
#include "figures.h"
#include "h5figures.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.h5\n", argv[0]);
        return 2;
    }
    ml_h5fig_info info;
    ml_figures fig = {0};
    ml_err err = {0};
    int rc = ml_h5fig_read(argv[1], &info, &fig, &err);
    if (!rc)
        printf("%s: scenario %s, %zu figures\n", argv[1], info.scenario, fig.n);
    ml_figures_free(&fig);
    if (rc)
        fprintf(stderr, "medliab: %s\n", err.msg);
    /* The codes of sim/cli/cli.h (ml_exit_code lives in main.c, not linked here). */
    return rc == ML_OK ? 0 : rc == ML_EIO ? 4 : rc == ML_EINVAL ? 3 : 1;
}
