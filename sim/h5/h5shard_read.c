/*
 * h5shard_read.c — the shard reader (h5shard.h).  Every field the merge
 * relies on is checked as it is read; a file that lacks one, or holds an
 * array of another length or shape than its header and its scenario say,
 * is refused with the file and the field named.
 */
#include "h5shard.h"
#include "h5lib.h"
#include "h5shard_layout.h"
#include "h5read.h"
#include "h5write.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An unsigned integer attribute of loc; -1 when absent or not an integer. */
static int attr_u64(hid_t loc, const char *name, uint64_t *v)
{
    if (H5Aexists(loc, name) <= 0)
        return -1;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a < 0 ? -1 : H5Aget_type(a);
    int rc = t >= 0 && H5Tget_class(t) == H5T_INTEGER &&
                     H5Aread(a, H5T_NATIVE_UINT64, v) >= 0
                 ? 0
                 : -1;
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return rc;
}

static char *text_dataset(hid_t g, const char *name)
{
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t sp = d < 0 ? -1 : H5Dget_space(d);
    char *out = NULL;
    hsize_t n = 0;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 &&
        H5Sget_simple_extent_dims(sp, &n, NULL) == 1 && (out = malloc(n + 1)) &&
        H5Dread(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0) {
        out[n] = 0;
    } else {
        free(out);
        out = NULL;
    }
    if (sp >= 0) H5Sclose(sp);
    if (d >= 0) H5Dclose(d);
    return out;
}

/* STEM_0 ... STEM_{n-1}; on a missing one, NULL and its name in
 * name[cap] (*missing points there). */
static char **text_list(hid_t f, const char *stem, size_t n, char *name, size_t cap,
                        const char **missing)
{
    char **v = calloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        snprintf(name, cap, "%s_%zu", stem, i);
        if (!(v[i] = ml_h5r_attr_text(f, name))) {
            *missing = name;
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return NULL;
        }
    }
    return v;
}

int ml_shard_read_head(const char *path, ml_shard_head *h, ml_err *err)
{
    memset(h, 0, sizeof *h);
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EINVAL, "%s: cannot open it as an HDF5 file (missing, or not "
                        "a shard?)", path);
    int rc = ML_OK;
    const char *missing = NULL;
    char lname[48];
    char *format = ml_h5r_attr_text(f, "format");
    uint64_t version = 0, nf = 0, ns = 0, nsc = 0;
    if (!format || strcmp(format, ML_SHARD_FORMAT_NAME)) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: format '%s', not a shard ('%s'); merge takes the "
                      "files that `medliab run --replicate-range` writes", path,
                      format ? format : "(none)", ML_SHARD_FORMAT_NAME);
        goto done;
    }
    if (attr_u64(f, "format_version", &version) || version != ML_SHARD_FORMAT_VERSION) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: shard format version %llu; this medliab reads "
                      "version %d", path, (unsigned long long)version, ML_SHARD_FORMAT_VERSION);
        goto done;
    }
    h->path = strdup(path);
    h->software_version = ml_h5r_attr_text(f, "software_version");
    h->git_commit = ml_h5r_attr_text(f, "git_commit");
    h->created_utc = ml_h5r_attr_text(f, "created_utc");
    h->working_directory = ml_h5r_attr_text(f, "working_directory");
    missing = !h->software_version ? "software_version"
              : !h->git_commit     ? "git_commit"
              : !h->created_utc    ? "created_utc"
              : !h->working_directory ? "working_directory"
              : attr_u64(f, "seed", &h->seed) ? "seed"
              : attr_u64(f, "replicates", &h->replicates) ? "replicates"
              : attr_u64(f, "first_replicate", &h->first) ? "first_replicate"
              : attr_u64(f, "end_replicate", &h->end) ? "end_replicate"
              : attr_u64(f, "n_files", &nf) ? "n_files"
              : attr_u64(f, "n_sets", &ns) ? "n_sets"
              : attr_u64(f, "n_scenarios", &nsc) ? "n_scenarios (an unfinished shard?)"
                                                 : NULL;
    if (!missing && !(h->first < h->end && h->end <= h->replicates)) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: replicates [%llu, %llu) of %llu: not a slice of the "
                      "run", path, (unsigned long long)h->first, (unsigned long long)h->end,
                      (unsigned long long)h->replicates);
        goto done;
    }
    if (!missing && (nf == 0 || nf > 100000 || ns > 100000 || nsc != nf)) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: %llu run files and %llu scenarios: a shard holds one "
                      "scenario per run file", path, (unsigned long long)nf,
                      (unsigned long long)nsc);
        goto done;
    }
    if (!missing) {
        h->n_files = nf;
        h->files = text_list(f, "file", nf, lname, sizeof lname, &missing);
    }
    if (!missing) {
        h->n_sets = ns;
        h->sets = text_list(f, "set", ns, lname, sizeof lname, &missing);
    }
    if (!missing) {
        h->names = text_list(f, "scenario", nsc, lname, sizeof lname, &missing);
        h->yaml = h->names ? calloc(nsc, sizeof *h->yaml) : NULL;
        if (h->names)
            h->n_scenarios = nsc;
    }
    for (size_t i = 0; !missing && i < h->n_scenarios; i++) {
        char gname[160];
        snprintf(gname, sizeof gname, "/scenarios/%s", h->names[i]);
        hid_t g = H5Gopen2(f, gname, H5P_DEFAULT);
        h->yaml[i] = g < 0 ? NULL : text_dataset(g, "scenario");
        if (g >= 0) H5Gclose(g);
        if (!h->yaml[i]) {
            rc = ML_ERROR(err, ML_EINVAL, "%s: %s/scenario: missing or unreadable", path,
                          gname);
            goto done;
        }
    }
    if (missing)
        rc = ML_ERROR(err, ML_EINVAL, "%s: the shard's header has no attribute %s", path,
                      missing);
done:
    free(format);
    ml_h5_fclose(f);
    if (rc)
        ml_shard_head_free(h);
    return rc;
}

/* Opens dataset name of g, checked to be one dimension of exactly len
 * doubles; *addr its object's address (two names of one dataset share
 * it), *empty whether nothing is stored and its fill value is +0.0, so
 * that it reads as +0.0 throughout.  -1 with *why when it is not so. */
static hid_t open_doubles(hid_t g, const char *name, size_t len, haddr_t *addr, int *empty,
                          const char **why)
{
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0) {
        *why = "missing";
        return -1;
    }
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t sp = d < 0 ? -1 : H5Dget_space(d);
    hid_t t = d < 0 ? -1 : H5Dget_type(d);
    hsize_t n = 0;
    int ok = 0;
    *why = "unreadable";
    if (sp >= 0 && t >= 0) {
        if (H5Tget_class(t) != H5T_FLOAT)
            *why = "not floating point";
        else if (H5Sget_simple_extent_ndims(sp) != 1 ||
                 H5Sget_simple_extent_dims(sp, &n, NULL) != 1 || n != len)
            *why = "of another length than its header says";
        else {
            H5O_info_t info;
            ok = H5Oget_info2(d, &info, H5O_INFO_BASIC) >= 0;
            *addr = info.addr;
        }
    }
    *empty = 0;
    if (ok && H5Dget_storage_size(d) == 0) {
        hid_t pl = H5Dget_create_plist(d);
        double fv = 1.0;
        uint64_t bits = 1;
        if (pl >= 0 && H5Pget_fill_value(pl, H5T_NATIVE_DOUBLE, &fv) >= 0)
            memcpy(&bits, &fv, sizeof bits);
        *empty = bits == 0;
        if (pl >= 0) H5Pclose(pl);
    }
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    if (!ok && d >= 0) {
        H5Dclose(d);
        d = -1;
    }
    return d;
}

/* Reads dataset name of g, one dimension of exactly len doubles, into x. */
static int read_doubles(hid_t g, const char *name, double *x, size_t len, const char **why)
{
    haddr_t addr;
    int empty;
    hid_t d = open_doubles(g, name, len, &addr, &empty, why);
    if (d < 0)
        return -1;
    int rc = H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0 ? 0 : -1;
    if (rc)
        *why = "unreadable";
    H5Dclose(d);
    return rc;
}

int ml_shard_read_scenario(const ml_shard_head *h, size_t i, ml_results *res, int *held,
                           ml_err *err)
{
    memset(res->zero, 0, sizeof res->zero); /* its arrays are about to be read into */
    hid_t f = ml_h5r_open(h->path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open it again", h->path);
    char gname[160];
    snprintf(gname, sizeof gname, "/scenarios/%s", h->names[i]);
    hid_t g = H5Gopen2(f, gname, H5P_DEFAULT);
    int rc = ML_OK;
    size_t n = (size_t)(h->end - h->first);
    uint64_t v[8];
    const char *nm[8] = {"replicates", "n_channels", "n_spec", "n_grades",
                         "n_xl", "dev_years", "dev_dev", "dev_stride"};
    const uint64_t want[8] = {n, res->n_channels, res->n_spec, res->n_grades, res->n_xl,
                              res->dev ? res->dev_years : 0, res->dev ? res->dev_dev : 0,
                              res->dev ? res->dev_stride : 0};
    if (g < 0) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: no group %s", h->path, gname);
        goto done;
    }
    for (int k = 0; k < 8; k++) {
        if (attr_u64(g, nm[k], &v[k])) {
            rc = ML_ERROR(err, ML_EINVAL, "%s: %s has no attribute %s", h->path, gname, nm[k]);
            goto done;
        }
        /* The ledger's sizes only matter when the scenario keeps one. */
        if (v[k] != want[k] && !(k >= 5 && k <= 6 && !res->dev)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s: %s/%s is %llu where the run holds %llu (a "
                          "shard of another run or version?)", h->path, gname, nm[k],
                          (unsigned long long)v[k], (unsigned long long)want[k]);
            goto done;
        }
    }
    ml_shard_array a[ML_SHARD_ARRAYS_MAX];
    size_t k = ml_shard_arrays(res, (size_t)h->first, n, a);
    const char *why = NULL;
    haddr_t addr[ML_SHARD_ARRAYS_MAX];
    for (size_t j = 0; j < k; j++) {
        int empty;
        hid_t d = open_doubles(g, a[j].name, a[j].len, &addr[j], &empty, &why);
        if (d < 0) {
            rc = ML_ERROR(err, ML_EINVAL, "%s: %s/%s: %s", h->path, gname, a[j].name, why);
            goto done;
        }
        /* A second name of an array already met: that array's samples. */
        held[j] = empty ? ML_SHARD_ZERO : ML_SHARD_READ;
        for (size_t t = 0; t < j; t++)
            if (addr[t] == addr[j]) {
                held[j] = held[t] == ML_SHARD_READ ? (int)t : held[t];
                break;
            }
        herr_t st = held[j] == ML_SHARD_READ
                        ? H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a[j].x)
                        : 0;
        H5Dclose(d);
        if (st < 0) {
            rc = ML_ERROR(err, ML_EINVAL, "%s: %s/%s: unreadable", h->path, gname, a[j].name);
            goto done;
        }
    }
    double hist[ML_MONTHS_BINS + 1];
    if (read_doubles(g, "months_hist", hist, ML_MONTHS_BINS + 1, &why)) {
        rc = ML_ERROR(err, ML_EINVAL, "%s: %s/months_hist: %s", h->path, gname, why);
        goto done;
    }
    /* Counts held in doubles: their sum is exact in any order of shards. */
    for (int b = 0; b <= ML_MONTHS_BINS; b++)
        res->months_hist[b] += hist[b];
done:
    if (g >= 0) H5Gclose(g);
    ml_h5_fclose(f);
    return rc;
}
