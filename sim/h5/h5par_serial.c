/*
 * h5par_serial.c — h5par.h for one process: the default driver, one write.
 */
#include "h5par.h"
#include "h5write.h"

herr_t ml_h5par_set_fapl(hid_t fapl)
{
    (void)fapl;
    return 0;
}

int ml_h5par_may_map(void)
{
    return 1;
}

int ml_h5par_whole_numbers(const double *x, size_t n)
{
    return ml_h5w_whole_numbers(x, n);
}

herr_t ml_h5par_write_samples(hid_t d, const double *x, size_t n)
{
    (void)n;
    return H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
}

herr_t ml_h5par_write_row(hid_t d, size_t row, const double *x, size_t n)
{
    return ml_h5w_row(d, row, x, n);
}

herr_t ml_h5par_write_deflated(hid_t d, int rank, size_t row, const double *x, size_t n,
                               size_t chunk, int blank, ml_h5_deflater *z)
{
    return ml_h5_deflate_write(d, rank, row, x, n, chunk, blank, z);
}

herr_t ml_h5par_write_ledgers(hid_t d, const double *x, size_t n, size_t stride, size_t chunk,
                              ml_h5_deflater *z)
{
    return ml_h5_deflate_write(d, 1, 0, x, n * stride, chunk, 0, z);
}
