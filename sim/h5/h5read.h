/*
 * h5read.h — the reading steps the readers of this room share, so that a
 * string attribute (fixed or variable length) or a compound table is read
 * one way (implemented in h5in.c).
 */
#ifndef ML_H5READ_H
#define ML_H5READ_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

/* path opened read-only, HDF5 started and its error printing off (failures
 * become messages naming the file); negative when it cannot be opened. */
hid_t ml_h5r_open(const char *path);
/* A string attribute of loc into out ("" and -1 when absent or not text). */
int ml_h5r_attr_str(hid_t loc, const char *name, char *out, size_t cap);
/* A string attribute of loc, fixed or variable length, whole (malloc'd);
 * NULL when absent or not text. */
char *ml_h5r_attr_text(hid_t loc, const char *name);
/* An integer attribute of loc (0 when absent). */
uint64_t ml_h5r_attr_u64(hid_t loc, const char *name);
/* The rows of the 1-D compound dataset name of g, converted by member name
 * into mem type t of rowsize bytes (malloc'd; NULL and *rows = 0 when
 * absent or unreadable). */
void *ml_h5r_table(hid_t g, const char *name, hid_t t, size_t rowsize, size_t *rows);

#endif
