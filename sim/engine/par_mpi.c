/*
 * par_mpi.c — par.h with MPI (MEDLIAB_MPI=ON).  Only the main thread calls
 * MPI (MPI_THREAD_FUNNELED): OpenMP threads inside a rank never do.
 *
 * The rank and size are process-wide facts fixed at start-up, hence the
 * file-level variables; nothing else here keeps state.
 */
#include "par.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_on;             /* MPI was initialized here */
static int g_rank, g_size = 1;
static int g_failed_together; /* ml_par_agree returned a failure */

/* An MPI launcher leaves its mark in the environment: Open MPI's mpirun
 * (OMPI_COMM_WORLD_SIZE), PMIx (srun --mpi=pmix, Open MPI 5), PMI/PMI-2
 * (MPICH's hydra, srun --mpi=pmi2).  MEDLIAB_MPI_INIT=1 forces MPI_Init
 * (a singleton run), for launchers that leave no mark. */
static int launched(void)
{
    static const char *const marks[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                        "PMI_SIZE"};
    const char *force = getenv("MEDLIAB_MPI_INIT");
    if (force)
        return strcmp(force, "0") != 0;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (getenv(marks[i]))
            return 1;
    return 0;
}

int ml_par_main(int (*cmd)(int, char **), int argc, char **argv)
{
    if (!launched())
        return cmd(argc, argv);
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "medliab: cannot start MPI\n");
        return 1;
    }
    g_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    int rc = cmd(argc, argv);
    MPI_Finalize();
    return rc;
}

int ml_par_rank(void)
{
    return g_rank;
}

int ml_par_size(void)
{
    return g_size;
}

int ml_par_failed_together(void)
{
    return !g_on || g_failed_together;
}

int ml_par_agree(int rc, ml_err *err)
{
    if (!g_on)
        return rc;
    int mine = rc != ML_OK ? g_rank : g_size, first = g_size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == g_size)
        return ML_OK;
    /* The lowest failing rank tells the others what went wrong. */
    int code = rc, line = err ? err->src_line : 0;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err && rc ? err->msg : "");
    MPI_Bcast(&code, 1, MPI_INT, first, MPI_COMM_WORLD);
    MPI_Bcast(&line, 1, MPI_INT, first, MPI_COMM_WORLD);
    MPI_Bcast(msg, (int)sizeof msg, MPI_CHAR, first, MPI_COMM_WORLD);
    if (err && g_rank != first) {
        err->code = code;
        err->src_line = line;
        err->src_file = "(another MPI rank)";
        snprintf(err->msg, sizeof err->msg, "%s", msg);
    }
    g_failed_together = 1;
    return code;
}

void ml_par_range_begin(ml_results *res)
{
    if (g_on && g_rank != 0)
        memset(res->months_hist, 0, sizeof res->months_hist);
}

/* Every per-replicate array of res: what a rank computes for its block and
 * must hand to the others.  Keep in step with ml_results (measures.h). */
static size_t replicate_arrays(ml_results *res, double **a)
{
    size_t k = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        a[k++] = res->annual[m];
        if (res->annual_max[m])
            a[k++] = res->annual_max[m];
    }
    for (unsigned c = 0; c < res->n_channels; c++)
        for (int st = 0; st < ML_STAGE_STATS; st++)
            a[k++] = res->stage[st][c];
    for (unsigned j = 0; j < res->n_spec; j++)
        a[k++] = res->spec_insured[j];
    for (unsigned j = 0; j < res->n_grades; j++)
        a[k++] = res->grade_insured[j];
    for (unsigned j = 0; j < res->n_xl; j++)
        a[k++] = res->xl_ceded[j];
    return k;
}

#define ML_PAR_ARRAYS_MAX                                                     \
    (2 * ML_N_MEASURES + ML_STAGE_STATS * ML_CHANNELS_MAX + ML_PRICE_SPEC_MAX + \
     ML_HOSP_GRADES_MAX + ML_XL_MAX)

int ml_par_range_end(ml_results *res, size_t from, size_t to, int rc, int gather,
                     ml_err *err)
{
    if (!g_on)
        return rc;
    if ((rc = ml_par_agree(rc, err)))
        return rc;
    if (!gather) {
        MPI_Allreduce(MPI_IN_PLACE, res->months_hist, ML_MONTHS_BINS + 1, MPI_DOUBLE,
                      MPI_SUM, MPI_COMM_WORLD);
        return ML_OK;
    }
    int *counts = malloc(2 * (size_t)g_size * sizeof *counts);
    int ok = counts != NULL && to - from <= INT_MAX;
    int all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        free(counts);
        rc = ok ? ML_ERROR(err, ML_ENOMEM, "another MPI rank could not gather the results")
                : ML_ERROR(err, ML_ENOMEM, "cannot gather %zu replicates at once", to - from);
        g_failed_together = 1;
        return rc;
    }
    int *displs = counts + g_size;
    for (int r = 0; r < g_size; r++) {
        size_t lo, hi;
        ml_par_block(from, to, r, g_size, &lo, &hi);
        counts[r] = (int)(hi - lo);
        displs[r] = (int)(lo - from);
    }
    double *a[ML_PAR_ARRAYS_MAX];
    size_t na = replicate_arrays(res, a);
    for (size_t k = 0; k < na; k++)
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, a[k] + from, counts, displs,
                       MPI_DOUBLE, MPI_COMM_WORLD);
    if (res->dev) {
        /* The ledgers, dev_stride values a replicate, in replicate order. */
        int ok2 = (to - from) * res->dev_stride <= INT_MAX, all2 = 0;
        MPI_Allreduce(&ok2, &all2, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        if (!all2) {
            free(counts);
            g_failed_together = 1;
            return ML_ERROR(err, ML_ENOMEM, "cannot gather %zu replicates' ledgers at once",
                            to - from);
        }
        int st = (int)res->dev_stride;
        for (int r = 0; r < g_size; r++) {
            counts[r] *= st;
            displs[r] *= st;
        }
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, res->dev + from * res->dev_stride,
                       counts, displs, MPI_DOUBLE, MPI_COMM_WORLD);
    }
    MPI_Allreduce(MPI_IN_PLACE, res->months_hist, ML_MONTHS_BINS + 1, MPI_DOUBLE, MPI_SUM,
                  MPI_COMM_WORLD);
    free(counts);
    return ML_OK;
}

#define CHAIN_TAG 18 /* issue 18: the chains of additions */

void ml_par_chain_in(double *st, size_t k)
{
    if (g_on && g_rank > 0)
        MPI_Recv(st, (int)k, MPI_DOUBLE, g_rank - 1, CHAIN_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
}

void ml_par_chain_pass(double *st, size_t k)
{
    /* Messages between two ranks with one tag arrive in the order sent,
     * so chains handed on in turn are received in turn. */
    if (g_on && g_rank + 1 < g_size)
        MPI_Send(st, (int)k, MPI_DOUBLE, g_rank + 1, CHAIN_TAG, MPI_COMM_WORLD);
}

void ml_par_chain_share(double *st, size_t k)
{
    if (g_on)
        MPI_Bcast(st, (int)k, MPI_DOUBLE, g_size - 1, MPI_COMM_WORLD);
}

void ml_par_sum_u64(uint64_t *v, size_t k)
{
    if (g_on)
        MPI_Allreduce(MPI_IN_PLACE, v, (int)k, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
}

double *ml_par_allgather(const double *mine, size_t k, size_t *total)
{
    *total = 0;
    if (!g_on) {
        double *all = malloc((k ? k : 1) * sizeof *all);
        if (all && k)
            memcpy(all, mine, k * sizeof *all);
        *total = all ? k : 0;
        return all;
    }
    unsigned long long mk = k, *each = malloc((size_t)g_size * sizeof *each);
    int *counts = malloc(2 * (size_t)g_size * sizeof *counts);
    int ok = each && counts, all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        free(each);
        free(counts);
        return NULL;
    }
    MPI_Allgather(&mk, 1, MPI_UNSIGNED_LONG_LONG, each, 1, MPI_UNSIGNED_LONG_LONG,
                  MPI_COMM_WORLD);
    unsigned long long sum = 0;
    for (int r = 0; r < g_size; r++) {
        counts[g_size + r] = (int)sum; /* displacement */
        counts[r] = (int)each[r];
        sum += each[r];
    }
    double *all = sum <= INT_MAX ? malloc((sum ? sum : 1) * sizeof *all) : NULL;
    ok = all != NULL;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (all_ok)
        MPI_Allgatherv(mine, (int)k, MPI_DOUBLE, all, counts, counts + g_size, MPI_DOUBLE,
                       MPI_COMM_WORLD);
    free(each);
    free(counts);
    if (!all_ok) {
        free(all);
        return NULL;
    }
    *total = (size_t)sum;
    return all;
}

void ml_par_share_str(char *buf, size_t cap)
{
    if (g_on && cap <= INT_MAX)
        MPI_Bcast(buf, (int)cap, MPI_CHAR, 0, MPI_COMM_WORLD);
}

static int (*g_exit_code)(int status);

void ml_par_set_exit_code(int (*exit_code)(int status))
{
    g_exit_code = exit_code;
}

void ml_par_abort_all(int status)
{
    if (g_on && g_size > 1) {
        fflush(NULL);
        MPI_Abort(MPI_COMM_WORLD, g_exit_code ? g_exit_code(status) : 1);
    }
}
