/*
 * h5figures.c — see h5figures.h.  A scenario group is walked depth first
 * in name order; every one-dimensional compound dataset is a table whose
 * rows are named by their string columns (or, if it has none, by its
 * first column's number: "aep@100").  Each number column of a row is one
 * figure; a `value` column is named by the row alone ("policy.paid_share")
 * when the table's other number columns are only its errors (mc_se).  Plain datasets (the annual samples) are not figures.
 *
 * Only the HDF5 calls common to 1.10 and 1.12 are used (no H5Ovisit, whose
 * callback changed between them).
 */
#include "h5figures.h"
#include "h5read.h"
#include "h5in.h"
#include "h5lib.h"
#include "h5write.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 96
#define KEY_COLS 4 /* string columns that may name a row */

static uint64_t attr_u64(hid_t loc, const char *name)
{
    uint64_t v = 0;
    if (H5Aexists(loc, name) > 0) {
        hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
        if (a < 0 || H5Aread(a, H5T_NATIVE_UINT64, &v) < 0)
            v = 0;
        if (a >= 0)
            H5Aclose(a);
    }
    return v;
}

/* A string attribute, fixed or variable length. */
static void attr_str(hid_t loc, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    if (H5Aexists(loc, name) <= 0)
        return;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t ft = a < 0 ? -1 : H5Aget_type(a);
    if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
        if (H5Tis_variable_str(ft) > 0) {
            char *s = NULL;
            if (H5Aread(a, ft, &s) >= 0 && s) {
                snprintf(out, cap, "%s", s);
                H5free_memory(s);
            }
        } else {
            size_t sz = H5Tget_size(ft);
            char *buf = calloc(sz + 1, 1);
            if (buf && H5Aread(a, ft, buf) >= 0)
                snprintf(out, cap, "%s", buf);
            free(buf);
        }
    }
    if (ft >= 0)
        H5Tclose(ft);
    if (a >= 0)
        H5Aclose(a);
}

/* One column of a compound dataset, converted by name: numbers to double,
 * fixed-length strings to char[KEY_MAX]. */
static int read_column(hid_t d, const char *member, int is_string, void *buf)
{
    size_t sz = is_string ? KEY_MAX : sizeof(double);
    hid_t mt = H5Tcreate(H5T_COMPOUND, sz);
    hid_t st = -1;
    if (is_string) {
        st = H5Tcopy(H5T_C_S1);
        H5Tset_size(st, KEY_MAX);
        H5Tset_strpad(st, H5T_STR_NULLTERM);
        H5Tinsert(mt, member, 0, st);
    } else
        H5Tinsert(mt, member, 0, H5T_NATIVE_DOUBLE);
    herr_t rc = H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    if (st >= 0)
        H5Tclose(st);
    H5Tclose(mt);
    return rc < 0 ? -1 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static int is_error_column(const char *name)
{
    return ends_with(name, "_se") || ends_with(name, "_lo") || ends_with(name, "_hi");
}

static int is_number(H5T_class_t c)
{
    return c == H5T_INTEGER || c == H5T_FLOAT;
}

/* The figures of one table at prefix ("summary", "ep.insured"). */
static int read_table(hid_t d, const char *prefix, const char *where, ml_figures *out,
                      ml_err *err)
{
    hid_t ft = H5Dget_type(d), sp = H5Dget_space(d);
    int rc = ML_OK;
    char (*keys)[KEY_COLS * KEY_MAX] = NULL, (*part)[KEY_MAX] = NULL;
    double *key_num = NULL, *col = NULL;
    if (H5Tget_class(ft) != H5T_COMPOUND || H5Sget_simple_extent_ndims(sp) != 1)
        goto done; /* samples or attributes-only data: not a table */
    hssize_t rows = H5Sget_simple_extent_npoints(sp);
    int nm = H5Tget_nmembers(ft);
    if (rows <= 0 || nm <= 0)
        goto done;
    /* Row names: the fixed-length string columns, as few of them (joined
     * by '.') as make the names unique: "insured" in the summary,
     * "specialty.obstetrics" where a kind column alone repeats.  A table
     * with no string column is named by its first number column. */
    int strcol[KEY_COLS], n_str = 0, key = -1, n_numbers = 0, value_col = -1;
    for (int k = 0; k < nm; k++) {
        H5T_class_t c = H5Tget_member_class(ft, (unsigned)k);
        if (c == H5T_STRING && n_str < KEY_COLS) {
            hid_t mt = H5Tget_member_type(ft, (unsigned)k);
            if (H5Tis_variable_str(mt) <= 0)
                strcol[n_str++] = k;
            H5Tclose(mt);
        } else if (is_number(c)) {
            if (key < 0 && n_str == 0)
                key = k; /* provisional: only used when no string column exists */
            char *name = H5Tget_member_name(ft, (unsigned)k);
            if (name && !strcmp(name, "value"))
                value_col = k;
            /* A column's error (mc_se, ..._lo, ..._hi) does not make the
             * table's value one column among several. */
            if (!name || !is_error_column(name))
                n_numbers++;
            H5free_memory(name);
        }
    }
    int key_is_string = n_str > 0;
    if (key_is_string)
        key = -1;
    else if (key < 0)
        goto done;
    else
        n_numbers--; /* the key column is not a figure */
    keys = calloc((size_t)rows, sizeof *keys);
    key_num = calloc((size_t)rows, sizeof *key_num);
    col = calloc((size_t)rows, sizeof *col);
    part = calloc((size_t)rows, sizeof *part);
    if (!keys || !key_num || !col || !part) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", where);
        goto done;
    }
    if (!key_is_string) {
        char *key_name = H5Tget_member_name(ft, (unsigned)key);
        int bad = !key_name || read_column(d, key_name, 0, key_num);
        H5free_memory(key_name);
        if (bad) {
            rc = ML_ERROR(err, ML_EIO, "cannot read the key column of %s", where);
            goto done;
        }
    }
    int unique = 0;
    for (int j = 0; j < n_str && !unique; j++) {
        char *key_name = H5Tget_member_name(ft, (unsigned)strcol[j]);
        int bad = !key_name || read_column(d, key_name, 1, part);
        H5free_memory(key_name);
        if (bad) {
            rc = ML_ERROR(err, ML_EIO, "cannot read the string columns of %s", where);
            goto done;
        }
        for (hssize_t r = 0; r < rows; r++) {
            size_t at = strlen(keys[r]);
            snprintf(keys[r] + at, sizeof keys[r] - at, "%s%s", j ? "." : "", part[r]);
        }
        unique = 1;
        for (hssize_t r = 0; r < rows && unique; r++)
            for (hssize_t q = 0; q < r && unique; q++)
                unique = strcmp(keys[r], keys[q]) != 0;
    }
    for (hssize_t r = 0; key_is_string && r < rows; r++) {
        if (!unique) {
            size_t at = strlen(keys[r]);
            snprintf(keys[r] + at, sizeof keys[r] - at, "#%lld", (long long)r);
        }
        /* Keep names one CSV field each. */
        for (char *c = keys[r]; *c; c++)
            if (*c == ',' || *c == '"' || *c == '\n' || *c == '\r')
                *c = '_';
    }
    for (int k = 0; k < nm && !rc; k++) {
        if (k == key || !is_number(H5Tget_member_class(ft, (unsigned)k)))
            continue;
        char *cname = H5Tget_member_name(ft, (unsigned)k);
        if (!cname || read_column(d, cname, 0, col)) {
            rc = ML_ERROR(err, ML_EIO, "cannot read column %s of %s", cname ? cname : "?",
                          where);
            H5free_memory(cname);
            break;
        }
        for (hssize_t r = 0; r < rows && !rc; r++) {
            char fig[2 * ML_FIGURE_NAME_MAX + KEY_COLS * KEY_MAX]; /* too long: refused */
            if (!key_is_string)
                snprintf(fig, sizeof fig, "%s.%s@%.10g", prefix, cname, key_num[r]);
            else if (n_numbers == 1 && k == value_col)
                snprintf(fig, sizeof fig, "%s.%s", prefix, keys[r]);
            else
                snprintf(fig, sizeof fig, "%s.%s.%s", prefix, keys[r], cname);
            rc = ml_figures_add(out, fig, col[r], err);
        }
        H5free_memory(cname);
    }
done:
    free(keys);
    free(part);
    free(key_num);
    free(col);
    H5Sclose(sp);
    H5Tclose(ft);
    return rc;
}

/* Every table under group g, whose figures start with prefix ("" at the
 * scenario's own group). */
static int walk(hid_t g, const char *prefix, const char *where, ml_figures *out, ml_err *err)
{
    H5G_info_t info;
    if (H5Gget_info(g, &info) < 0)
        return ML_ERROR(err, ML_EIO, "cannot list %s", where);
    int rc = ML_OK;
    for (hsize_t i = 0; i < info.nlinks && !rc; i++) {
        char name[128];
        if (H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            return ML_ERROR(err, ML_EIO, "cannot list %s", where);
        char sub[ML_FIGURE_NAME_MAX], subwhere[512];
        snprintf(sub, sizeof sub, "%s%s%s", prefix, *prefix ? "." : "", name);
        snprintf(subwhere, sizeof subwhere, "%s/%s", where, name);
        hid_t o = H5Oopen(g, name, H5P_DEFAULT);
        if (o < 0)
            return ML_ERROR(err, ML_EIO, "cannot open %s", subwhere);
        H5I_type_t t = H5Iget_type(o);
        if (t == H5I_GROUP)
            rc = walk(o, sub, subwhere, out, err);
        else if (t == H5I_DATASET)
            rc = read_table(o, sub, subwhere, out, err);
        H5Oclose(o);
    }
    return rc;
}

int ml_h5fig_read(const char *path, ml_h5fig_info *info, ml_figures *out, ml_err *err)
{
    memset(info, 0, sizeof *info);
    /* A rerun's file is checked like any other: a figure taken from a file
     * that breaks the contract would be compared as if it were sound. */
    int rc = ml_h5in_check(path, err);
    if (rc)
        return rc;
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open as an HDF5 results file", path);
    hid_t top = -1, g = -1;
    H5G_info_t gi;
    info->seed = attr_u64(f, "seed");
    info->replicates = attr_u64(f, "replicates");
    attr_str(f, "git_commit", info->commit, sizeof info->commit);
    top = H5Lexists(f, "scenarios", H5P_DEFAULT) > 0 ? H5Gopen2(f, "scenarios", H5P_DEFAULT)
                                                      : -1;
    if (top < 0 || H5Gget_info(top, &gi) < 0 || gi.nlinks != 1 ||
        H5Lget_name_by_idx(top, ".", H5_INDEX_NAME, H5_ITER_INC, 0, info->scenario,
                           sizeof info->scenario, H5P_DEFAULT) < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: expected exactly one group under /scenarios", path);
        goto done;
    }
    g = H5Gopen2(top, info->scenario, H5P_DEFAULT);
    if (g < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot open /scenarios/%s", path, info->scenario);
        goto done;
    }
    char where[700];
    snprintf(where, sizeof where, "%s:/scenarios/%s", path, info->scenario);
    rc = walk(g, "", where, out, err);
done:
    if (g >= 0)
        H5Gclose(g);
    if (top >= 0)
        H5Gclose(top);
    ml_h5_fclose(f);
    return rc;
}
