/*
 * h5lib.c — see h5lib.h.  The two flags are process-wide facts about the
 * HDF5 library, which is itself process-wide state.
 */
#include "h5lib.h"
#include "h5write.h"

#include <hdf5.h>

static int g_open;         /* ml_h5_lib_open ran */
static int g_close_failed; /* an H5Fclose failed: HDF5 must not shut down */

void ml_h5_lib_open(void)
{
    if (g_open)
        return;
    g_open = 1;
    /* Refused (negative) when the library already started, e.g. when a
     * test called HDF5 first: its handler then stays, as before. */
    H5dont_atexit();
    H5open();
}

void ml_h5_lib_close(void)
{
    if (!g_open || g_close_failed)
        return;
    H5close();
    g_open = 0;
}

herr_t ml_h5_fclose(hid_t file)
{
    herr_t st = H5Fclose(file);
    if (st < 0)
        g_close_failed = 1;
    return st;
}

int ml_h5_lib_close_failed(void)
{
    return g_close_failed;
}
