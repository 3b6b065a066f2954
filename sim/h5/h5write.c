/*
 * h5write.c — see h5write.h.
 */
#include "h5write.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

hid_t ml_h5w_str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* One scalar attribute of file type ft, written from memory type mt. */
static int attr(hid_t loc, const char *name, hid_t ft, hid_t mt, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = a < 0 ? -1 : H5Awrite(a, mt, v);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    return st < 0 ? -1 : 0;
}

int ml_h5w_attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = ml_h5w_str_type(strlen(value) + 1);
    H5Tset_cset(t, H5T_CSET_UTF8); /* names and descriptions may be UTF-8 */
    int rc = attr(loc, name, t, t, value);
    H5Tclose(t);
    return rc;
}

int ml_h5w_attr_u64(hid_t loc, const char *name, uint64_t value)
{
    return attr(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

int ml_h5w_attr_f64(hid_t loc, const char *name, double value)
{
    return attr(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int ml_h5w_table(hid_t g, const char *name, hid_t type, size_t rows, const void *buf)
{
    hsize_t dim = rows;
    hid_t sp = H5Screate_simple(1, &dim, NULL);
    hid_t d = H5Dcreate2(g, name, type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = d < 0 ? -1 : H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(sp);
    return st < 0 ? -1 : 0;
}

herr_t ml_h5w_row(hid_t d, size_t row, const double *x, size_t n)
{
    hsize_t start[2] = {row, 0}, count[2] = {1, n};
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(2, count, NULL);
    herr_t st = fs < 0 || ms < 0 ? -1 : 0;
    if (st >= 0)
        st = H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    if (st >= 0)
        st = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, x);
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return st;
}

/* x[i] == floor(x[i]), without a call of floor (baseline x86-64 has no
 * rounding instruction): below 2^52, |x| + 2^52 - 2^52 is |x| rounded to
 * an integer; from 2^52 on (infinities too) every double is whole; a NaN
 * is not. */
static inline int whole(double x)
{
    const double big = 4503599627370496.0; /* 2^52 */
    double a = fabs(x);
    return a >= big || (a + big) - big == a;
}

int ml_h5w_whole_numbers(const double *x, size_t n)
{
    /* In blocks, so that an amount stops at its first block and a count
     * is read at memory speed: with SSE2 (every x86-64), two values at a
     * time, the same operations as whole(). */
    size_t i = 0;
#if defined(__SSE2__)
    const __m128d big = _mm_set1_pd(4503599627370496.0),
                  abs = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
    while (i + 2 <= n) {
        size_t end = n - i < 1024 ? i + ((n - i) & ~(size_t)1) : i + 1024;
        __m128d ok = _mm_castsi128_pd(_mm_set1_epi64x(-1));
        for (; i < end; i += 2) {
            __m128d a = _mm_and_pd(_mm_loadu_pd(x + i), abs);
            __m128d r = _mm_sub_pd(_mm_add_pd(a, big), big);
            ok = _mm_and_pd(ok, _mm_or_pd(_mm_cmpge_pd(a, big), _mm_cmpeq_pd(r, a)));
        }
        if (_mm_movemask_pd(ok) != 3)
            return 0;
    }
#endif
    for (; i < n;) {
        size_t end = n - i < 1024 ? n : i + 1024;
        int frac = 0;
        for (; i < end; i++)
            frac |= !whole(x[i]);
        if (frac)
            return 0;
    }
    return 1;
}

/* The folder is what a user can mend; its first problem found is said. */
void ml_h5w_folder_problem(const char *path, char *why, size_t cap)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    struct stat st;
    why[0] = '\0';
    if (stat(dir, &st) != 0)
        snprintf(why, cap, ": folder %s: %s", dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        snprintf(why, cap, ": %s is not a folder", dir);
    else if (access(dir, W_OK | X_OK) != 0)
        snprintf(why, cap, ": folder %s is not writable", dir);
}
