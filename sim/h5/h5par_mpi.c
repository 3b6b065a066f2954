/*
 * h5par_mpi.c — h5par.h with parallel HDF5 (MEDLIAB_MPI=ON).  When MPI was
 * not started (a plain `medliab run` of the MPI build) it behaves exactly
 * like h5par_serial.c.
 */
#include "h5par.h"
#include "h5write.h"
#include "par.h"

#include <mpi.h>

static int mpi_running(void)
{
    int on = 0, off = 0;
    MPI_Initialized(&on);
    if (on)
        MPI_Finalized(&off);
    return on && !off;
}

herr_t ml_h5par_set_fapl(hid_t fapl)
{
    return mpi_running() ? H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL) : 0;
}

int ml_h5par_may_map(void)
{
    return 0;
}

int ml_h5par_whole_numbers(const double *x, size_t n)
{
    if (!mpi_running())
        return ml_h5w_whole_numbers(x, n);
    size_t lo, hi;
    ml_par_block(0, n, ml_par_rank(), ml_par_size(), &lo, &hi);
    int mine = ml_h5w_whole_numbers(x + lo, hi - lo), all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

static herr_t write_replicates(hid_t d, size_t row, const double *x, size_t n, size_t stride);

/* This rank's block of x[0 .. n) into row `row` of d (1-D: the whole
 * dataset), by one collective write. */
static herr_t write_block(hid_t d, size_t row, const double *x, size_t n)
{
    return write_replicates(d, row, x, n, 1);
}

/* The same for x holding `stride` values a replicate, replicate after
 * replicate: this rank's block of replicates (the one it simulated and
 * keeps, par.h), n replicates in all. */
static herr_t write_replicates(hid_t d, size_t row, const double *x, size_t n, size_t stride)
{
    size_t lo, hi;
    ml_par_block(0, n, ml_par_rank(), ml_par_size(), &lo, &hi);
    lo *= stride, hi *= stride, n *= stride;
    hsize_t all = n ? n : 1, mstart = lo;
    hsize_t fstart[2] = {row, lo}, fcount[2] = {1, hi - lo};
    hid_t fs = H5Dget_space(d);
    int nd = fs < 0 ? -1 : H5Sget_simple_extent_ndims(fs);
    hid_t ms = H5Screate_simple(1, &all, NULL);
    hid_t xfer = H5Pcreate(H5P_DATASET_XFER);
    herr_t st = (nd != 1 && nd != 2) || ms < 0 || xfer < 0 ? -1 : 0;
    const hsize_t *fs_start = nd == 2 ? fstart : fstart + 1;
    const hsize_t *fs_count = nd == 2 ? fcount : fcount + 1;
    /* A rank with no replicates still takes part in the collective write,
     * with empty selections. */
    if (st >= 0 && hi > lo)
        st = H5Sselect_hyperslab(fs, H5S_SELECT_SET, fs_start, NULL, fs_count, NULL) < 0 ||
                     H5Sselect_hyperslab(ms, H5S_SELECT_SET, &mstart, NULL, fcount + 1,
                                         NULL) < 0
                 ? -1
                 : 0;
    else if (st >= 0)
        st = H5Sselect_none(fs) < 0 || H5Sselect_none(ms) < 0 ? -1 : 0;
    /* Chunked, deflated datasets accept only collective writes in parallel. */
    if (st >= 0)
        st = H5Pset_dxpl_mpio(xfer, H5FD_MPIO_COLLECTIVE);
    if (st >= 0)
        st = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, xfer, x);
    if (xfer >= 0) H5Pclose(xfer);
    if (ms >= 0) H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    return st;
}

herr_t ml_h5par_write_samples(hid_t d, const double *x, size_t n)
{
    if (!mpi_running())
        return H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
    return write_block(d, 0, x, n);
}

herr_t ml_h5par_write_row(hid_t d, size_t row, const double *x, size_t n)
{
    if (!mpi_running())
        return ml_h5w_row(d, row, x, n);
    return write_block(d, row, x, n);
}

herr_t ml_h5par_write_deflated(hid_t d, int rank, size_t row, const double *x, size_t n,
                               size_t chunk, int blank, ml_h5_deflater *z)
{
    if (!mpi_running())
        return ml_h5_deflate_write(d, rank, row, x, n, chunk, blank, z);
    /* Parallel HDF5 1.10 writes no chunk directly: the ranks' collective
     * write, filtered by HDF5 (blank or not). */
    (void)blank;
    return write_block(d, rank == 2 ? row : 0, x, n);
}

herr_t ml_h5par_write_ledgers(hid_t d, const double *x, size_t n, size_t stride, size_t chunk,
                              ml_h5_deflater *z)
{
    if (!mpi_running())
        return ml_h5_deflate_write(d, 1, 0, x, n * stride, chunk, 0, z);
    return write_replicates(d, 0, x, n, stride);
}
