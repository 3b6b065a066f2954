/*
 * h5lib.h — when the HDF5 library starts and stops in a medliab process.
 *
 * HDF5 1.10 (up to 1.14.0: HDFGroup/hdf5 HDFFV-11052, CVE-2020-10812)
 * frees a file whose H5Fclose failed, as on a full disk, but leaves it in
 * its table of open identifiers; the library's own shutdown then closes it
 * again and crashes (SIGSEGV in H5F__close_cb), whether that shutdown runs
 * from its atexit handler, from H5close, or, in a parallel build started
 * before HDF5, from MPI_Finalize.  So the shutdown is medliab's: the first
 * HDF5 call of the process turns the atexit handler off and starts the
 * library (before MPI, when main calls it first), and ml_h5_lib_close,
 * which main calls once the command is done, shuts the library down only
 * when no file close has failed.  After a failed close the memory HDF5
 * still holds goes back with the process, and the exit status is the one
 * the command returned.  (The room's files close through ml_h5_fclose,
 * h5write.h, which remembers a failure.)
 */
#ifndef ML_H5LIB_H
#define ML_H5LIB_H

/* Starts HDF5 without its atexit handler.  Every entry point of this room
 * calls it first; main calls it before anything else, so that under MPI
 * the library starts before MPI_Init and MPI_Finalize does not stop it.
 * Calls after the first do nothing. */
void ml_h5_lib_open(void);
/* Shuts HDF5 down (H5close), unless a file close failed in this process.
 * Call it when no HDF5 object is open any more (before MPI_Finalize). */
void ml_h5_lib_close(void);
/* True once a file close has failed in this process. */
int ml_h5_lib_close_failed(void);

#endif
