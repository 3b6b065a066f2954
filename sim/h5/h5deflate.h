/*
 * h5deflate.h — the deflated datasets of a results file (whole-number
 * samples, the development ledgers): chunked along the replicates, the
 * shuffle and deflate filters, compressed in threads.
 *
 * HDF5 1.10 runs a dataset's filters in the writing thread, one chunk after
 * another, and deflating was the slowest stage of a run after the engine
 * (issue 16).  Here each chunk goes through the same two filters by hand
 * (HDF5's byte shuffle, then zlib's deflate into the zlib stream HDF5's
 * deflate filter stores), several chunks at once in OpenMP threads, and is
 * stored as it is by H5Dwrite_chunk.  The dataset keeps its
 * filter pipeline, so every reader (h5py, R, h5dump, h5in.c) inflates it as
 * if HDF5 had written it.  A chunk whose values are all +0.0 (a measure
 * that is 0 every year) past a dataset's first is not stored at all: HDF5
 * reads a chunk never written as the fill value, 0.0.  The first is always
 * stored, from one deflated chunk of zeros made once per file, because
 * h5diff refuses to compare a dataset with no storage.  The order of the
 * chunks in the file is the order of the replicates, whatever the thread
 * count.
 */
#ifndef ML_H5DEFLATE_H
#define ML_H5DEFLATE_H

#include <hdf5.h>
#include <stddef.h>

/* Values a chunk holds along the replicates (512 KiB of doubles). */
#define ML_H5_DEFLATE_CHUNK 65536

/* How a file's chunks are deflated: the threads, and the deflated chunk of
 * zeros (owned, NULL until needed; freed by ml_h5_deflater_free). */
typedef struct {
    int threads; /* 0: OpenMP's default, all cores */
    unsigned char *zero;
    size_t zero_size, zero_chunk;
    /* One byte plane of `plane_len` zeros as a raw deflate segment (see
     * h5deflate.c, deflate_planes), and its Adler-32: owned, made once. */
    unsigned char *plane;
    size_t plane_size, plane_len;
    unsigned long plane_adler;
} ml_h5_deflater;

void ml_h5_deflater_free(ml_h5_deflater *z);

/* Adds the chunk (rank 1: {chunk}; rank 2: {1, chunk}, one row a chunk),
 * shuffle and deflate filters to the dataset creation list pl. */
herr_t ml_h5_deflate_filters(hid_t pl, int rank, size_t chunk);
/* Writes x[0 .. n) into the dataset d made with ml_h5_deflate_filters:
 * the whole of it (rank 1, row 0) or row `row` of a [rows][n] one
 * (rank 2), z->threads compressing at once; the file is the same for any
 * thread count.  blank: the caller knows every x[i] is +0.0 bit for bit
 * (the results structure's blank flags), so x is not read. */
herr_t ml_h5_deflate_write(hid_t d, int rank, size_t row, const double *x, size_t n,
                           size_t chunk, int blank, ml_h5_deflater *z);

#endif
