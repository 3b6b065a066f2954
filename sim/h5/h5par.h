/*
 * h5par.h — how the processes of a run (par.h) share one results file.
 *
 * One process: HDF5's default file driver and plain writes.  Under MPI:
 * every rank opens the same file with the MPI-IO driver; each writes its
 * own block of every per-replicate dataset by a collective hyperslab write
 * (filtered, chunked datasets need collective transfer).  Everything else
 * (groups, attributes, the small summary tables) every rank writes alike,
 * from the same gathered arrays, as parallel HDF5 requires of metadata.
 *
 * h5par_serial.c and h5par_mpi.c implement it; h5out.c uses it.
 */
#ifndef ML_H5PAR_H
#define ML_H5PAR_H

#include "h5deflate.h"

#include <hdf5.h>
#include <stddef.h>

/* Prepares the results file's access list: nothing under one process, the
 * MPI-IO driver on MPI_COMM_WORLD under MPI.  Negative on failure. */
herr_t ml_h5par_set_fapl(hid_t fapl);
/* Whether x[0 .. n) holds whole numbers alone (ml_h5w_whole_numbers),
 * the same answer on every rank: under MPI each rank reads its own block
 * (all that a rank keeping its block alone holds, par.h) and the ranks
 * agree. */
int ml_h5par_whole_numbers(const double *x, size_t n);
/* Whether a dataset may be written as a virtual one mapping another of the
 * file (h5pricing.c): under one process only (parallel HDF5 and virtual
 * datasets are left untried together). */
int ml_h5par_may_map(void);
/* Writes x[0 .. n) (the whole run, held by every rank) into the 1-D double
 * dataset d: the whole under one process, this rank's block under MPI. */
herr_t ml_h5par_write_samples(hid_t d, const double *x, size_t n);
/* The same for row `row` of a 2-D double dataset [rows][n] (per-replicate
 * series of several groups stored as rows). */
herr_t ml_h5par_write_row(hid_t d, size_t row, const double *x, size_t n);
/* The same for a dataset made with ml_h5_deflate_filters (h5deflate.h):
 * rank 1, the whole (row 0), or rank 2, row `row`.  One process: the
 * chunks deflated in z's threads and written directly (blank: x is
 * +0.0 alone, ml_h5_deflate_write); under MPI: the collective write
 * above, HDF5 filtering each rank's part. */
herr_t ml_h5par_write_deflated(hid_t d, int rank, size_t row, const double *x, size_t n,
                               size_t chunk, int blank, ml_h5_deflater *z);

/* A deflated 1-D dataset of n replicates' `stride` values each, replicate
 * after replicate (the ledgers): the whole under one process; under MPI
 * each rank its own block of replicates, by the collective write. */
herr_t ml_h5par_write_ledgers(hid_t d, const double *x, size_t n, size_t stride, size_t chunk,
                              ml_h5_deflater *z);

#endif
