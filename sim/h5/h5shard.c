/*
 * h5shard.c — the shard writer (h5shard.h) and the list of arrays a shard
 * stores (h5shard_layout.h).  Whole-number arrays (counts) are deflated
 * in threads like the results file's (h5deflate.h); amounts are stored
 * as they are.  Lists (run files, --set values, scenario names) are
 * numbered attributes, file_0, file_1, ..., so that no separator can
 * collide with a file name.
 *
 * A series the engine left as a copy of another (ml_results.same) is a
 * hard link to that series' dataset, and an array +0.0 throughout a
 * dataset with nothing written (HDF5 reads its fill value, +0.0): the
 * merge reads neither (h5shard_read.c), so it holds the arrays a run
 * holds, not every measure of every scenario (v1 at 10^6 replicates, four
 * shards: 426 MiB before).  Any HDF5 reader reads both as the samples.
 */
#include "h5shard.h"
#include "h5deflate.h"
#include "h5lib.h"
#include "h5shard_layout.h"
#include "h5write.h"
#include "stats.h"
#include "version.h"

#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ml_shard {
    hid_t file;
    ml_h5_deflater z;
    size_t n_written; /* scenarios so far */
    char path[1024];
    char tmp[1100];
};

static void add(ml_shard_array *a, size_t *k, double *x, size_t len, const char *fmt,
                const char *s, unsigned i)
{
    snprintf(a[*k].name, sizeof a[*k].name, fmt, s, i);
    a[*k].x = x;
    a[*k].len = len;
    (*k)++;
}

int ml_shard_series(const ml_results *res, const ml_shard_array *a, size_t at)
{
    for (int s = 0; s < ML_SERIES; s++) {
        const double *x = ml_series_ptr(res, s);
        if (x && x + at == a->x)
            return s;
    }
    return -1;
}

size_t ml_shard_arrays(const ml_results *res, size_t at, size_t n,
                       ml_shard_array a[ML_SHARD_ARRAYS_MAX])
{
    size_t k = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        add(a, &k, res->annual[m] + at, n, "annual/%s", ml_measure_name[m], 0);
        if (res->annual_max[m])
            add(a, &k, res->annual_max[m] + at, n, "annual_max/%s", ml_measure_name[m], 0);
    }
    for (unsigned c = 0; c < res->n_channels; c++)
        for (int st = 0; st < ML_STAGE_STATS; st++)
            add(a, &k, res->stage[st][c] + at, n, "stage/%s_%u", ml_stage_stat_name[st], c);
    for (unsigned i = 0; i < res->n_spec; i++)
        add(a, &k, res->spec_insured[i] + at, n, "pricing/%sspec_%u", "", i);
    for (unsigned i = 0; i < res->n_grades; i++)
        add(a, &k, res->grade_insured[i] + at, n, "pricing/%sgrade_%u", "", i);
    for (unsigned i = 0; i < res->n_xl; i++)
        add(a, &k, res->xl_ceded[i] + at, n, "pricing/%sxl_%u", "", i);
    if (res->dev)
        add(a, &k, res->dev + at * res->dev_stride, n * res->dev_stride, "%sdev", "", 0);
    return k;
}

/* n_STEMs = n, then STEM_0 ... STEM_{n-1}. */
static int attr_list(hid_t loc, const char *stem, char *const *v, size_t n)
{
    char name[40];
    snprintf(name, sizeof name, "n_%ss", stem);
    if (ml_h5w_attr_u64(loc, name, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s_%zu", stem, i);
        if (ml_h5w_attr_str(loc, name, v[i]))
            return -1;
    }
    return 0;
}

int ml_shard_open(ml_shard **out, const char *path, const ml_shard_head *h, ml_err *err)
{
    ml_h5_lib_open();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    ml_shard *f = calloc(1, sizeof *f);
    if (!f)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    f->z.threads = 1;
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.%ld", path, (long)getpid());
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    f->file = H5Fcreate(f->tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f->file < 0) {
        char why[1100];
        ml_h5w_folder_problem(path, why, sizeof why);
        int rc = ML_ERROR(err, ML_EIO, "%s: cannot create the shard%s (writing its temporary %s)",
                          path, why, f->tmp);
        free(f);
        return rc;
    }
    char when[32], cwd[4096];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    if (ml_h5w_attr_str(f->file, "format", ML_SHARD_FORMAT_NAME) ||
        ml_h5w_attr_u64(f->file, "format_version", ML_SHARD_FORMAT_VERSION) ||
        ml_h5w_attr_str(f->file, "software_version", ML_VERSION) ||
        ml_h5w_attr_str(f->file, "git_commit", ml_git_commit) ||
        ml_h5w_attr_u64(f->file, "seed", h->seed) ||
        ml_h5w_attr_u64(f->file, "replicates", h->replicates) ||
        ml_h5w_attr_u64(f->file, "first_replicate", h->first) ||
        ml_h5w_attr_u64(f->file, "end_replicate", h->end) ||
        ml_h5w_attr_str(f->file, "created_utc", when) ||
        ml_h5w_attr_str(f->file, "working_directory", cwd) ||
        attr_list(f->file, "file", h->files, h->n_files) ||
        attr_list(f->file, "set", h->sets, h->n_sets)) {
        ml_shard_abort(f);
        return ML_ERROR(err, ML_EIO, "%s: cannot write the shard's header", path);
    }
    *out = f;
    return ML_OK;
}

void ml_shard_set_threads(ml_shard *f, int threads)
{
    f->z.threads = threads < 0 ? 1 : threads;
}

/* Array a as a dataset of its own; one of +0.0 alone gets no chunk (its
 * fill value is +0.0). */
static herr_t write_array(hid_t g, const ml_shard_array *a, ml_h5_deflater *z)
{
    hsize_t dim = a->len;
    size_t chunk = a->len < ML_H5_DEFLATE_CHUNK ? (a->len ? a->len : 1) : ML_H5_DEFLATE_CHUNK;
    int zero = ml_all_zero_bits(a->x, a->len);
    int whole = zero || ml_h5w_whole_numbers(a->x, a->len);
    hid_t sp = H5Screate_simple(1, &dim, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    herr_t st = whole ? ml_h5_deflate_filters(pl, 1, chunk) : 0;
    hid_t d = st < 0 ? -1 : H5Dcreate2(g, a->name, H5T_IEEE_F64LE, sp, lcpl, pl, H5P_DEFAULT);
    st = d < 0 ? -1
         : zero  ? 0
         : whole ? ml_h5_deflate_write(d, 1, 0, a->x, a->len, chunk, 0, z)
                 : H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a->x);
    if (d >= 0) H5Dclose(d);
    H5Pclose(lcpl);
    H5Pclose(pl);
    H5Sclose(sp);
    return st;
}

/* The resolved scenario as bytes (no terminating NUL): a national
 * portfolio's text runs past what an attribute holds. */
static herr_t write_text(hid_t g, const char *name, const char *text)
{
    hsize_t dim = strlen(text);
    hid_t sp = H5Screate_simple(1, &dim, NULL);
    hid_t d = H5Dcreate2(g, name, H5T_STD_U8LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = d < 0 ? -1 : H5Dwrite(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, text);
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    return st;
}

int ml_shard_write_scenario(ml_shard *f, const ml_scenario *s, const ml_results *res,
                            ml_err *err)
{
    char gname[160], aname[40];
    snprintf(gname, sizeof gname, "/scenarios/%s", s->name);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t g = H5Gcreate2(f->file, gname, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    H5Pclose(lcpl);
    if (g < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot create group %s (is the scenario name used "
                        "twice?)", f->path, gname);
    char *yaml = ml_scenario_to_yaml(s);
    int rc = yaml ? ML_OK : ML_ERROR(err, ML_ENOMEM, "out of memory writing %s", gname);
    ml_shard_array hist = {"months_hist", (double *)res->months_hist, ML_MONTHS_BINS + 1};
    snprintf(aname, sizeof aname, "scenario_%zu", f->n_written);
    if (!rc && (ml_h5w_attr_str(f->file, aname, s->name) ||
                ml_h5w_attr_u64(g, "replicates", res->n) ||
                ml_h5w_attr_u64(g, "n_channels", res->n_channels) ||
                ml_h5w_attr_u64(g, "n_spec", res->n_spec) ||
                ml_h5w_attr_u64(g, "n_grades", res->n_grades) ||
                ml_h5w_attr_u64(g, "n_xl", res->n_xl) ||
                ml_h5w_attr_u64(g, "dev_years", res->dev_years) ||
                ml_h5w_attr_u64(g, "dev_dev", res->dev_dev) ||
                ml_h5w_attr_u64(g, "dev_stride", res->dev ? res->dev_stride : 0) ||
                write_text(g, "scenario", yaml) < 0 ||
                write_array(g, &hist, &f->z) < 0))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s's header (disk full?)", f->path, gname);
    /* The samples through the copies (v); which array is which series
     * from res's own pointers (a copy's in v are its target's). */
    const ml_results v = ml_results_resolve(res);
    ml_shard_array a[ML_SHARD_ARRAYS_MAX], va[ML_SHARD_ARRAYS_MAX];
    size_t k = rc ? 0 : ml_shard_arrays(res, 0, res->n, a);
    if (k)
        (void)ml_shard_arrays(&v, 0, v.n, va);
    /* Each array's series' target where the engine left it a copy, as an
     * index of a: linked once every dataset of its own is written. */
    int sid[ML_SHARD_ARRAYS_MAX], to[ML_SHARD_ARRAYS_MAX];
    for (size_t j = 0; j < k; j++)
        sid[j] = ml_shard_series(res, &a[j], 0);
    for (size_t j = 0; j < k; j++) {
        to[j] = -1;
        for (size_t t = 0; sid[j] >= 0 && res->same[sid[j]] && t < k; t++)
            if (sid[t] == res->same[sid[j]] - 1)
                to[j] = (int)t;
    }
    for (size_t j = 0; j < k && !rc; j++)
        if (to[j] < 0 && write_array(g, &va[j], &f->z) < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/%s (disk full?)", f->path, gname,
                          a[j].name);
    hid_t lk = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lk, 1);
    for (size_t j = 0; j < k && !rc; j++)
        if (to[j] >= 0 && H5Lcreate_hard(g, a[to[j]].name, g, a[j].name, lk, H5P_DEFAULT) < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot link %s/%s", f->path, gname, a[j].name);
    H5Pclose(lk);
    if (!rc)
        f->n_written++;
    H5Gclose(g);
    free(yaml);
    return rc;
}

int ml_shard_commit(ml_shard *f, ml_err *err)
{
    int rc = ml_h5w_attr_u64(f->file, "n_scenarios", f->n_written)
                 ? ML_ERROR(err, ML_EIO, "%s: cannot write the scenario count", f->tmp)
                 : ML_OK;
    herr_t st = ml_h5_fclose(f->file);
    f->file = -1;
    if (!rc && st < 0)
        rc = ML_ERROR(err, ML_EIO, "%s: cannot finish writing (disk full?)", f->tmp);
    if (!rc && rename(f->tmp, f->path) != 0)
        rc = ML_ERROR(err, ML_EIO, "%s: cannot rename into place: %s", f->path,
                      strerror(errno));
    if (rc)
        unlink(f->tmp);
    ml_h5_deflater_free(&f->z);
    free(f);
    return rc;
}

void ml_shard_abort(ml_shard *f)
{
    if (!f)
        return;
    if (f->file >= 0)
        ml_h5_fclose(f->file);
    unlink(f->tmp);
    ml_h5_deflater_free(&f->z);
    free(f);
}

void ml_shard_head_free(ml_shard_head *h)
{
    char **lists[] = {h->files, h->sets, h->names, h->yaml};
    size_t counts[] = {h->n_files, h->n_sets, h->n_scenarios, h->n_scenarios};
    for (int l = 0; l < 4; l++) {
        for (size_t i = 0; lists[l] && i < counts[l]; i++)
            free(lists[l][i]);
        free(lists[l]);
    }
    free(h->path);
    free(h->software_version);
    free(h->git_commit);
    free(h->created_utc);
    free(h->working_directory);
    memset(h, 0, sizeof *h);
}
