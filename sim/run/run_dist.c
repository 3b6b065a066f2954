/*
 * run_dist.c — see run_dist.h.
 */
#include "run_dist.h"
#include "par.h"

ml_dist ml_run_dist(size_t n)
{
    ml_dist d = {.rank = ml_par_rank(),
                 .chain_in = ml_par_chain_in,
                 .chain_pass = ml_par_chain_pass,
                 .chain_share = ml_par_chain_share,
                 .sum_u64 = ml_par_sum_u64,
                 .allgather = ml_par_allgather};
    ml_par_block(0, n, ml_par_rank(), ml_par_size(), &d.lo, &d.hi);
    return d;
}
