/*
 * exit_code.c — the one table from a status (models/status.h) to the
 * process's exit status (cli.h): every subcommand ends through it, and the
 * MPI build's abort of all ranks gets it from main (ml_par_set_exit_code).
 */
#include "cli.h"
#include "status.h"

int ml_exit_code(int status)
{
    switch (status) {
    case ML_OK: return ML_EXIT_OK;
    case ML_EINVAL: return ML_EXIT_INPUT;
    case ML_EIO: return ML_EXIT_IO;
    case ML_EUNSUPPORTED: return ML_EXIT_UNSUPPORTED;
    case ML_EINTR: return ML_EXIT_INTERRUPTED;
    default: return ML_EXIT_INTERNAL;
    }
}
