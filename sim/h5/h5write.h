/*
 * h5write.h — the few HDF5 writing steps every part of the results file
 * shares (scalar attributes, fixed-length string types, compound tables),
 * so that h5out.c, h5policy.c and h5pricing.c write them one way.  Each
 * returns 0 or -1 and leaves no HDF5 handle open.
 */
#ifndef ML_H5WRITE_H
#define ML_H5WRITE_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

/* A NUL-terminated fixed-length string type of n bytes (caller closes).
 * Fixed length, so h5py and R read strings without variable-length
 * handling. */
hid_t ml_h5w_str_type(size_t n);
/* Scalar attributes of loc: UTF-8 text, little-endian u64 and f64. */
int ml_h5w_attr_str(hid_t loc, const char *name, const char *value);
int ml_h5w_attr_u64(hid_t loc, const char *name, uint64_t value);
int ml_h5w_attr_f64(hid_t loc, const char *name, double value);
/* Row `row` (n values) of a 2-D float64 dataset, written by this process
 * alone (the MPI build's collective writes are in h5par_mpi.c). */
herr_t ml_h5w_row(hid_t d, size_t row, const double *x, size_t n);
/* H5Fclose, remembering a failure for ml_h5_lib_close (h5lib.h): every
 * file this room opens is closed through it. */
herr_t ml_h5_fclose(hid_t file);
/* Why a file cannot be made at path, in the user's terms (": folder F:
 * No such file or directory", ": F is not a folder", ": folder F is not
 * writable"), or "" where none of these holds; for the messages of the
 * results file's and a shard's writers. */
void ml_h5w_folder_problem(const char *path, char *why, size_t cap);
/* Whether every value of x[0 .. n) is a whole number (counts, and
 * measures that are 0 every year): those deflate to a tenth of their size
 * or less, while amounts (continuous samples) deflate only to 0.84-0.87 of
 * theirs; deflating them was the slowest stage of a run after the engine
 * (issue 16: 1.5 s of v1's 2.3 s write at 10^6 replicates), so the writer
 * stores amounts unfiltered. */
int ml_h5w_whole_numbers(const double *x, size_t n);
/* A 1-D dataset of `rows` records of `type` (a compound table) from buf. */
int ml_h5w_table(hid_t g, const char *name, hid_t type, size_t rows, const void *buf);

#endif
