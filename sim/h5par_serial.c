/*
 * h5par_serial.c — h5par.h for one process: the default driver, one write.
 */
#include "h5par.h"

herr_t ml_h5par_set_fapl(hid_t fapl)
{
    (void)fapl;
    return 0;
}

herr_t ml_h5par_write_samples(hid_t d, const double *x, size_t n)
{
    (void)n;
    return H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
}

herr_t ml_h5par_write_row(hid_t d, size_t row, const double *x, size_t n)
{
    hsize_t start[2] = {row, 0}, count[2] = {1, n};
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(2, count, NULL);
    herr_t st = fs < 0 || ms < 0 ? -1 : 0;
    if (st >= 0)
        st = H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    if (st >= 0)
        st = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, x);
    if (ms >= 0) H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    return st;
}
