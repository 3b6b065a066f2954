/*
 * par_serial.c — par.h for the default build: one process, no MPI.  Every
 * collective is the identity, so the serial path pays nothing for the
 * interface.
 */
#include "par.h"

#include <stdlib.h>
#include <string.h>

int ml_par_main(int (*cmd)(int, char **), int argc, char **argv)
{
    return cmd(argc, argv);
}

int ml_par_rank(void)
{
    return 0;
}

int ml_par_size(void)
{
    return 1;
}

int ml_par_agree(int rc, ml_err *err)
{
    (void)err;
    return rc;
}

int ml_par_failed_together(void)
{
    return 1; /* one process always knows its own failures */
}

void ml_par_range_begin(ml_results *res)
{
    (void)res;
}

int ml_par_range_end(ml_results *res, size_t from, size_t to, int rc, int gather,
                     ml_err *err)
{
    (void)res, (void)from, (void)to, (void)gather, (void)err;
    return rc;
}

void ml_par_chain_in(double *st, size_t k)
{
    (void)st, (void)k;
}

void ml_par_chain_pass(double *st, size_t k)
{
    (void)st, (void)k;
}

void ml_par_chain_share(double *st, size_t k)
{
    (void)st, (void)k;
}

void ml_par_sum_u64(uint64_t *v, size_t k)
{
    (void)v, (void)k;
}

double *ml_par_allgather(const double *mine, size_t k, size_t *total)
{
    double *all = malloc((k ? k : 1) * sizeof *all);
    *total = all ? k : 0;
    if (all && k)
        memcpy(all, mine, k * sizeof *all);
    return all;
}

void ml_par_share_str(char *buf, size_t cap)
{
    (void)buf, (void)cap;
}

void ml_par_set_exit_code(int (*exit_code)(int status))
{
    (void)exit_code;
}

void ml_par_abort_all(int status)
{
    (void)status;
}
