/*
 * test_h5deflate.c — the writer's own deflate (sim/h5/h5deflate.c): each
 * chunk a zlib stream built plane by plane (a made-once segment for a
 * plane of zeros, a segment of its own for any other), which HDF5 reads
 * back bit for bit and zlib inflates with its check value right.  Whole
 * numbers of every size (counts: six zero planes of eight; up to 2^52:
 * none), negative ones, zeros with a few values, an edge chunk shorter
 * than the rest, rank 1 and rows of rank 2, one and two threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "h5deflate.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static uint64_t mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x9e3779b97f4a7c15ull;
    return x ^ (x >> 29);
}

/* Pattern p, value i. */
static double value(int p, size_t i)
{
    uint64_t r = mix(i * 7919u + (uint64_t)p);
    switch (p) {
    case 0: return (double)(r % 40);                    /* counts */
    case 1: return (double)(r % 4096) - 2048.0;         /* negative too */
    case 2: return (double)(r >> 12);                   /* up to 2^52 */
    case 3: return i % 9973 == 0 ? (double)(r % 7) : 0; /* zeros mostly */
    default: return (double)(r % 3) * 1e6;
    }
}

static void test_chunks_read_back_and_inflate(void **state)
{
    (void)state;
    char path[] = "/tmp/ml_deflate_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const size_t chunk = 4096, n = 3 * chunk + 1234; /* an edge chunk */
    double *x = malloc(n * sizeof *x), *back = malloc(n * sizeof *back);
    unsigned char *raw = malloc(compressBound(chunk * 8) + 4096), *plain = malloc(chunk * 8);
    assert_non_null(x);
    assert_non_null(back);
    for (int threads = 1; threads <= 2; threads++) {
        hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        assert_true(f >= 0);
        ml_h5_deflater z = {threads, NULL, 0, 0, NULL, 0, 0, 0};
        for (int p = 0; p < 5; p++) {
            for (size_t i = 0; i < n; i++)
                x[i] = value(p, i);
            for (int rank = 1; rank <= 2; rank++) {
                hsize_t dims[2] = {rank == 1 ? n : 2, n};
                hid_t sp = H5Screate_simple(rank, rank == 1 ? &dims[0] : dims, NULL);
                hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
                assert_true(ml_h5_deflate_filters(pl, rank, chunk) >= 0);
                char name[32];
                snprintf(name, sizeof name, "p%d_r%d", p, rank);
                hid_t d = H5Dcreate2(f, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
                assert_true(d >= 0);
                size_t row = (size_t)rank - 1; /* rank 2: the second row */
                assert_true(ml_h5_deflate_write(d, rank, row, x, n, chunk, 0, &z) >= 0);
                /* Every stored chunk inflates to its shuffled bytes with
                 * zlib's own check (uncompress verifies the Adler-32). */
                for (size_t c = 0; c * chunk < n; c++) {
                    hsize_t off[2] = {row, c * chunk};
                    if (rank == 1)
                        off[0] = off[1];
                    hsize_t bytes = 0;
                    herr_t got;
                    H5E_BEGIN_TRY { got = H5Dget_chunk_storage_size(d, off, &bytes); }
                    H5E_END_TRY;
                    if (got < 0 || bytes == 0) {
                        /* Only a chunk of zeros past the first is not stored
                         * (read as the fill value). */
                        assert_true(c > 0 && p == 3);
                        continue;
                    }
                    uint32_t filt = 0;
                    assert_true(H5Dread_chunk(d, H5P_DEFAULT, off, &filt, raw) >= 0);
                    uLongf len = chunk * 8;
                    assert_int_equal(uncompress(plain, &len, raw, (uLong)bytes), Z_OK);
                    assert_int_equal(len, chunk * 8);
                }
                H5Dclose(d);
                d = H5Dopen2(f, name, H5P_DEFAULT);
                hid_t fs = H5Dget_space(d);
                hsize_t start[2] = {row, 0}, count[2] = {1, n};
                if (rank == 2)
                    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
                hsize_t mn = n;
                hid_t ms = H5Screate_simple(1, &mn, NULL);
                assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, back) >= 0);
                if (memcmp(x, back, n * sizeof *x))
                    fail_msg("pattern %d, rank %d, %d threads: read back differs", p, rank,
                             threads);
                H5Sclose(ms);
                H5Sclose(fs);
                H5Dclose(d);
                H5Pclose(pl);
                H5Sclose(sp);
            }
        }
        ml_h5_deflater_free(&z);
        H5Fclose(f);
    }
    unlink(path);
    free(x);
    free(back);
    free(raw);
    free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks_read_back_and_inflate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
