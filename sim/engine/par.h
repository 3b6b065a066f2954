/*
 * par.h — the processes of one run.  A run is one process (the default
 * build, or the MEDLIAB_MPI build started without a launcher) or several
 * MPI ranks (MEDLIAB_MPI=ON, started by mpirun or srun), each running its
 * OpenMP threads.
 *
 * Ranks split every range of replicates into contiguous blocks, one per rank
 * in rank order.  After a range of a fixed-length run each rank keeps its
 * own block alone, and the results are computed across the ranks by the
 * collectives below (results/dist.h: chains of additions in replicate
 * order, distributed selection), the same numbers one process computes, bit
 * for bit.  A run to a target and the parameter draws gather every
 * replicate's results onto every rank (in rank order) instead, so that the
 * same arithmetic runs on the same arrays as in a one-process run.  A draw
 * is addressed by its replicate (DESIGN section 4), so the samples do not
 * depend on which rank made them either.
 *
 * par_serial.c implements this for one process; par_mpi.c with MPI.
 */
#ifndef ML_PAR_H
#define ML_PAR_H

#include "measures.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

/* Runs cmd(argc, argv) inside MPI_Init/MPI_Finalize when the process was
 * started by an MPI launcher (mpirun, srun); otherwise just runs it, so a
 * plain `medliab run` never pays for starting MPI. */
int ml_par_main(int (*cmd)(int, char **), int argc, char **argv);
/* How a status (ml_status) becomes the process's exit status when
 * ml_par_abort_all stops every rank: the command line's own table
 * (cli/exit_code.c), handed down so that exit codes live in cli/ alone. */
void ml_par_set_exit_code(int (*exit_code)(int status));

int ml_par_rank(void); /* 0 without MPI */
int ml_par_size(void); /* 1 without MPI */

/* Rank r's block [lo, hi) of [from, to): contiguous, in rank order, sizes
 * differing by at most one (the first (to - from) % size ranks get one
 * more).  Pure arithmetic, shared by every build. */
static inline void ml_par_block(size_t from, size_t to, int rank, int size, size_t *lo,
                                size_t *hi)
{
    size_t n = to - from, p = (size_t)size, r = (size_t)rank;
    size_t base = n / p, extra = n % p;
    *lo = from + r * base + (r < extra ? r : extra);
    *hi = *lo + base + (r < extra ? 1 : 0);
}

/* Collective: every rank passes its status; all return the status of the
 * lowest failing rank, with its message (ML_OK if none failed).  After a
 * failure every rank knows it, so all can leave together. */
int ml_par_agree(int rc, ml_err *err);
/* True once ml_par_agree has returned a failure on this process: the other
 * ranks know, and a clean collective shutdown is possible. */
int ml_par_failed_together(void);

/* Before a range of replicates: ranks other than 0 clear the time-to-
 * closure histogram, so that the sum over ranks at the end counts each
 * claim once. */
void ml_par_range_begin(ml_results *res);
/* After a range [from, to) that each rank ran its block of: agrees on rc,
 * sums the histograms (integer counts held in doubles sum exactly in any
 * order) and, where gather is set, gathers every per-replicate array of
 * [from, to) onto every rank (in rank order).  Without, each rank keeps
 * its block alone (the rest of its arrays never written, so never
 * resident) and the results are computed across the ranks (dist.h). */
int ml_par_range_end(ml_results *res, size_t from, size_t to, int rc, int gather,
                     ml_err *err);

/* Collectives for results computed across the ranks (results/dist.h);
 * identities in one process. */
/* Rank r > 0 receives st[k] from rank r - 1; rank 0 keeps st. */
void ml_par_chain_in(double *st, size_t k);
/* Rank r sends st[k] to rank r + 1 (the last rank keeps it). */
void ml_par_chain_pass(double *st, size_t k);
/* Every rank gets the last rank's st[k]. */
void ml_par_chain_share(double *st, size_t k);
/* v[k] summed over the ranks, in place. */
void ml_par_sum_u64(uint64_t *v, size_t k);
/* Every rank's k doubles in rank order, into a new array (free()); *total
 * set.  NULL on every rank if any rank lacks the memory. */
double *ml_par_allgather(const double *mine, size_t k, size_t *total);

/* Rank 0's string in buf on every rank (a file name, a time stamp). */
void ml_par_share_str(char *buf, size_t cap);

/* Leaves every rank at once after an error that only this rank saw
 * (MPI_Abort with the exit status of status, an ml_status); without MPI,
 * returns. */
void ml_par_abort_all(int status);

#endif
