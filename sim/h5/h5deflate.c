/*
 * h5deflate.c — see h5deflate.h.
 */
#include "h5deflate.h"
#include "h5write.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* zlib's level and strategy for every deflated dataset (the level is the
 * one the dataset's filter records; HDF5 wrote level 1 before).  Any zlib
 * stream inflates alike, so the writer may choose how it deflates.
 * Measured (issue 16: one core, shuffled chunks of 65536 values, the
 * machine shared, min of 5):
 *                     v1 claims, 10^6 replicates   uk ledger, main job
 *   level 1           120 ms, stored 0.086          177 ms, stored 0.369
 *   level 1, Z_RLE    100 ms, stored 0.071           72 ms, stored 0.373
 *   level 3           137 ms, stored 0.085          208 ms, stored 0.363
 *   level 6           302 ms, stored 0.081          336 ms, stored 0.351
 *   level 9           348 ms, stored 0.080         1880 ms, stored 0.346
 * The run-length strategy is the fastest, and stores about what level 1
 * does: whole numbers and ledgers, shuffled, are runs of equal bytes
 * (zeros mostly) and a few varying ones, which its Huffman codes take.
 * A chunk's planes of zeros then take a segment made once (deflate_planes):
 * v1's write at 10^6, one thread, 0.022 -> 0.016 s. */
#define ML_H5_DEFLATE_LEVEL 1
#define ML_H5_DEFLATE_STRATEGY Z_RLE

void ml_h5_deflater_free(ml_h5_deflater *z)
{
    free(z->zero);
    free(z->plane);
    z->zero = z->plane = NULL;
    z->zero_size = z->zero_chunk = z->plane_size = z->plane_len = 0;
}

herr_t ml_h5_deflate_filters(hid_t pl, int rank, size_t chunk)
{
    hsize_t dims[2] = {1, chunk ? chunk : 1};
    if (rank == 1)
        dims[0] = dims[1];
    if (H5Pset_chunk(pl, rank, dims) < 0 || H5Pset_shuffle(pl) < 0 ||
        H5Pset_deflate(pl, ML_H5_DEFLATE_LEVEL) < 0)
        return -1;
    return 0;
}

/* One chunk on its way to the file: its values, then its bytes shuffled
 * and deflated into out (size bytes); size 0 for a chunk of +0.0 alone
 * (zero set). */
typedef struct {
    const double *x;
    size_t len;          /* values of x in the chunk; the rest is padding */
    unsigned char *shuf; /* chunk * 8 bytes */
    unsigned char *out;  /* cap bytes */
    size_t cap, size;
    int zero, failed;
} slot;

static int all_zero_bits(const double *x, size_t n)
{
    uint64_t any = 0;
    const unsigned char *b = (const unsigned char *)x;
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, b + 8 * i, sizeof u);
        any |= u;
    }
    return any == 0;
}

/* HDF5's shuffle filter for 8-byte values (H5Zshuffle.c): byte j of value
 * i goes to j * chunk + i, over the whole chunk.  The edge chunk's values
 * past the data are zeros, as HDF5 pads a partial chunk with the fill
 * value.  With SSE2 (every x86-64), eight values at a time: an 8 x 8
 * transpose of their bytes in three rounds of unpacking, then eight
 * 8-byte stores, instead of 64 single bytes. */
static void shuffle8(const double *x, size_t len, size_t chunk, unsigned char *out)
{
    const unsigned char *b = (const unsigned char *)x;
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 8 <= len; i += 8) {
        const unsigned char *v = b + 8 * i;
        __m128i a0 = _mm_loadl_epi64((const __m128i *)(v + 0)),
                a1 = _mm_loadl_epi64((const __m128i *)(v + 8)),
                a2 = _mm_loadl_epi64((const __m128i *)(v + 16)),
                a3 = _mm_loadl_epi64((const __m128i *)(v + 24)),
                a4 = _mm_loadl_epi64((const __m128i *)(v + 32)),
                a5 = _mm_loadl_epi64((const __m128i *)(v + 40)),
                a6 = _mm_loadl_epi64((const __m128i *)(v + 48)),
                a7 = _mm_loadl_epi64((const __m128i *)(v + 56));
        /* Byte j of values e, e + 1 side by side, then four, then eight. */
        __m128i s0 = _mm_unpacklo_epi8(a0, a1), s1 = _mm_unpacklo_epi8(a2, a3),
                s2 = _mm_unpacklo_epi8(a4, a5), s3 = _mm_unpacklo_epi8(a6, a7);
        __m128i u0 = _mm_unpacklo_epi16(s0, s1), u1 = _mm_unpackhi_epi16(s0, s1),
                u2 = _mm_unpacklo_epi16(s2, s3), u3 = _mm_unpackhi_epi16(s2, s3);
        __m128i w[4] = {_mm_unpacklo_epi32(u0, u2), _mm_unpackhi_epi32(u0, u2),
                        _mm_unpacklo_epi32(u1, u3), _mm_unpackhi_epi32(u1, u3)};
        for (int k = 0; k < 4; k++) { /* w[k]: bytes 2k, then 2k + 1, of the eight */
            _mm_storel_epi64((__m128i *)(out + (size_t)(2 * k) * chunk + i), w[k]);
            _mm_storel_epi64((__m128i *)(out + (size_t)(2 * k + 1) * chunk + i),
                             _mm_unpackhi_epi64(w[k], w[k]));
        }
    }
#endif
    for (; i < len; i++) {
        const unsigned char *v = b + 8 * i;
        for (int j = 0; j < 8; j++)
            out[(size_t)j * chunk + i] = v[j];
    }
    if (len < chunk)
        for (int j = 0; j < 8; j++)
            memset(out + (size_t)j * chunk + len, 0, chunk - len);
}

/* in[0 .. len) deflated with zlib's run-length strategy
 * (ML_H5_DEFLATE_STRATEGY) into out, its size into *size.  Whole (raw 0):
 * what HDF5's deflate filter stores, a zlib stream.  Raw: deflate blocks
 * alone (no zlib header or check value) ending in a full flush,
 * byte-aligned and referring to nothing before them, so that such segments
 * follow one another in one stream (deflate_planes).  0, or -1 when zlib
 * fails or cap is short. */
static int zdeflate(unsigned char *out, size_t cap, const unsigned char *in, size_t len,
                    size_t *size, int raw)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, ML_H5_DEFLATE_LEVEL, Z_DEFLATED, raw ? -15 : 15, 8,
                     ML_H5_DEFLATE_STRATEGY) != Z_OK)
        return -1;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, raw ? Z_FULL_FLUSH : Z_FINISH);
    int ok = raw ? rc == Z_OK && z.avail_in == 0 && z.avail_out > 0 : rc == Z_STREAM_END;
    *size = z.total_out;
    deflateEnd(&z);
    return ok ? 0 : -1;
}

static int zero_plane_bytes(const unsigned char *b, size_t n)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t u;
        memcpy(&u, b + i, sizeof u);
        any |= u;
    }
    for (; i < n; i++)
        any |= b[i];
    return any == 0;
}

/* z's segment for a plane of len zeros, made once (before any thread
 * reads it). */
static int zero_plane(ml_h5_deflater *z, size_t len)
{
    if (z->plane && z->plane_len == len)
        return 0;
    free(z->plane);
    z->plane = NULL;
    unsigned char *zeros = calloc(len ? len : 1, 1);
    size_t cap = compressBound((uLong)len) + 64;
    unsigned char *out = malloc(cap);
    int rc = !zeros || !out ? -1 : zdeflate(out, cap, zeros, len, &z->plane_size, 1);
    if (rc == 0) {
        z->plane = out;
        z->plane_len = len;
        z->plane_adler = adler32_z(1L, zeros, len);
    } else
        free(out);
    free(zeros);
    return rc;
}

/* The shuffled chunk as one zlib stream, plane by plane: whole numbers
 * shuffled are planes of zeros mostly (six of eight for counts below 2^16),
 * which take the segment made once instead of zlib's pass over their
 * bytes; the others are deflated as segments of their own.  The header,
 * the final empty block and the Adler-32 of the whole chunk (combined from
 * the planes') make it a stream any zlib reads, as HDF5's filter does.
 * 0, or -1 (then the caller deflates the chunk in one piece). */
static int deflate_planes(const ml_h5_deflater *z, unsigned char *out, size_t cap,
                          const unsigned char *shuf, size_t chunk, size_t *size)
{
    /* 0x78 0x01: deflate, a 32 KiB window, the fastest level's flag. */
    static const unsigned char head[2] = {0x78, 0x01}, last[2] = {0x03, 0x00};
    if (!z->plane || z->plane_len != chunk || cap < 2)
        return -1;
    size_t at = 0;
    memcpy(out, head, 2);
    at = 2;
    uLong adler = 1L;
    for (int j = 0; j < 8; j++) {
        const unsigned char *pl = shuf + (size_t)j * chunk;
        size_t got;
        if (zero_plane_bytes(pl, chunk)) {
            if (cap - at < z->plane_size)
                return -1;
            memcpy(out + at, z->plane, z->plane_size);
            got = z->plane_size;
            adler = adler32_combine(adler, z->plane_adler, (z_off_t)chunk);
        } else {
            if (zdeflate(out + at, cap - at, pl, chunk, &got, 1) < 0)
                return -1;
            adler = adler32_combine(adler, adler32_z(1L, pl, chunk), (z_off_t)chunk);
        }
        at += got;
    }
    if (cap - at < 6)
        return -1;
    memcpy(out + at, last, 2); /* a final, empty block of fixed codes */
    at += 2;
    for (int k = 3; k >= 0; k--)
        out[at++] = (unsigned char)(adler >> (8 * k));
    *size = at;
    return 0;
}

static void deflate_slot(slot *s, size_t chunk, const ml_h5_deflater *z)
{
    s->size = 0;
    s->failed = 0;
    if ((s->zero = all_zero_bits(s->x, s->len)))
        return;
    shuffle8(s->x, s->len, chunk, s->shuf);
    if (deflate_planes(z, s->out, s->cap, s->shuf, chunk, &s->size) == 0)
        return;
    s->failed = zdeflate(s->out, s->cap, s->shuf, chunk * 8, &s->size, 0) < 0;
}

/* Deflates k slots; a slot's result depends on its chunk alone, so the
 * threads may take them in any order. */
static void deflate_slots(slot *s, size_t k, size_t chunk, int threads,
                          const ml_h5_deflater *z)
{
    if (threads == 1 || k < 2) {
        for (size_t i = 0; i < k; i++)
            deflate_slot(&s[i], chunk, z);
    } else if (threads > 0) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (size_t i = 0; i < k; i++)
            deflate_slot(&s[i], chunk, z);
    } else {
#pragma omp parallel for schedule(dynamic, 1)
        for (size_t i = 0; i < k; i++)
            deflate_slot(&s[i], chunk, z);
    }
}

/* z's deflated chunk of zeros for chunks of `chunk` values, made once. */
static int zero_chunk(ml_h5_deflater *z, size_t chunk, unsigned char *shuf, size_t cap)
{
    if (z->zero && z->zero_chunk == chunk)
        return 0;
    free(z->zero);
    z->zero = NULL;
    unsigned char *out = malloc(cap);
    memset(shuf, 0, chunk * 8);
    size_t size = 0;
    if (!out || zdeflate(out, cap, shuf, chunk * 8, &size, 0) < 0) {
        free(out);
        return -1;
    }
    z->zero = out;
    z->zero_size = size;
    z->zero_chunk = chunk;
    return 0;
}

herr_t ml_h5_deflate_write(hid_t d, int rank, size_t row, const double *x, size_t n,
                           size_t chunk, int blank, ml_h5_deflater *z)
{
    if (n == 0)
        return 0;
    int threads = z->threads;
    if (blank) {
        if (row != 0)
            return 0; /* nothing stored: the fill value */
        hsize_t off[2] = {0, 0};
        unsigned char *shuf = malloc(chunk * 8);
        size_t cap = compressBound((uLong)(chunk * 8));
        herr_t st = !shuf || zero_chunk(z, chunk, shuf, cap) < 0
                        ? -1
                        : H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, z->zero_size, z->zero);
        free(shuf);
        return st;
    }
    /* The shuffled bytes are the file's little-endian ones only where
     * doubles are little-endian in memory too; elsewhere HDF5 converts and
     * filters them itself. */
    if (H5Tequal(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE) <= 0)
        return rank == 1 ? H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x)
                         : ml_h5w_row(d, row, x, n);
    size_t nchunks = (n + chunk - 1) / chunk;
    /* A batch of chunks in flight: two per thread keeps every thread busy
     * while the batch's last chunks finish. */
    size_t batch = threads == 1 ? 1 : threads > 0 ? 2 * (size_t)threads : 16;
    if (batch > nchunks)
        batch = nchunks;
    /* Room for a stream in one piece, or in eight segments (each a few
     * bytes of flush and block headers beyond its own bound). */
    size_t cap = compressBound((uLong)(chunk * 8)) + 8 * 64 + 16;
    if (zero_plane(z, chunk) < 0)
        ml_h5_deflater_free(z); /* then every chunk deflates in one piece */
    slot *s = calloc(batch, sizeof *s);
    unsigned char *mem = s ? malloc(batch * (chunk * 8 + cap)) : NULL;
    if (!mem) {
        free(s);
        return -1;
    }
    for (size_t i = 0; i < batch; i++) {
        s[i].shuf = mem + i * (chunk * 8 + cap);
        s[i].out = s[i].shuf + chunk * 8;
        s[i].cap = cap;
    }
    herr_t st = 0;
    for (size_t c0 = 0; c0 < nchunks && st >= 0; c0 += batch) {
        size_t k = nchunks - c0 < batch ? nchunks - c0 : batch;
        for (size_t i = 0; i < k; i++) {
            size_t at = (c0 + i) * chunk;
            s[i].x = x + at;
            s[i].len = n - at < chunk ? n - at : chunk;
        }
        deflate_slots(s, k, chunk, threads, z);
        /* Written in chunk order by this thread alone: HDF5 is not
         * thread-safe, and the file comes out the same for any count. */
        for (size_t i = 0; i < k && st >= 0; i++) {
            if (s[i].failed) {
                st = -1;
                break;
            }
            size_t c = c0 + i;
            hsize_t off[2] = {row, c * chunk};
            if (rank == 1)
                off[0] = off[1];
            if (!s[i].zero)
                st = H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, s[i].size, s[i].out);
            else if (c == 0 && row == 0) /* the dataset's first: stored */
                st = zero_chunk(z, chunk, s[i].shuf, cap) < 0
                         ? -1
                         : H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, z->zero_size, z->zero);
            /* Any other chunk of +0.0 alone is read back as the fill value. */
        }
    }
    free(mem);
    free(s);
    return st;
}
