/*
 * h5in_draws.c — see h5in_draws.h.
 */
#include "h5in_draws.h"
#include "h5lib.h"
#include "h5read.h"
#include "h5write.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits the comma-separated cols into d->names; their number must be nf. */
static int split_names(const char *cols, ml_in_draws *d, const char *where, ml_err *err)
{
    d->names = calloc(d->nf ? d->nf : 1, sizeof *d->names);
    if (!d->names)
        return ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", where);
    size_t i = 0;
    for (const char *p = cols; *p || i == 0;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (i >= d->nf)
            return ML_ERROR(err, ML_EIO, "%s: attribute columns names more figures than "
                            "the %zu columns", where, d->nf);
        if (len == 0 || len >= ML_DRAW_NAME_MAX)
            return ML_ERROR(err, ML_EIO, "%s: attribute columns: figure %zu has %s name", where,
                            i + 1, len ? "too long a" : "an empty");
        memcpy(d->names[i++], p, len);
        if (!e)
            break;
        p = e + 1;
    }
    if (i != d->nf)
        return ML_ERROR(err, ML_EIO, "%s: attribute columns names %zu figures, the dataset "
                        "has %zu columns", where, i, d->nf);
    return ML_OK;
}

static int read_draws(hid_t f, const char *path, const char *scenario, ml_in_draws *out,
                      ml_err *err)
{
    char p[200], where[800];
    snprintf(p, sizeof p, "/scenarios/%s/uncertainty", scenario);
    if (H5Lexists(f, "/scenarios", H5P_DEFAULT) <= 0)
        return ML_ERROR(err, ML_EIO, "%s: no group /scenarios", path);
    char sg[160];
    snprintf(sg, sizeof sg, "/scenarios/%s", scenario);
    if (H5Lexists(f, sg, H5P_DEFAULT) <= 0)
        return ML_ERROR(err, ML_EIO, "%s: no group %s", path, sg);
    if (H5Lexists(f, p, H5P_DEFAULT) <= 0)
        return ML_OK; /* a run without --parameter-draws */
    snprintf(p + strlen(p), sizeof p - strlen(p), "/draws");
    snprintf(where, sizeof where, "%s: %s", path, p);
    if (H5Lexists(f, p, H5P_DEFAULT) <= 0)
        return ML_ERROR(err, ML_EIO, "%s: no dataset (the uncertainty group holds none)",
                        where);
    hid_t d = H5Dopen2(f, p, H5P_DEFAULT);
    if (d < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open", where);
    hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rc = ML_OK;
    char *cols = NULL;
    if (H5Tget_class(t) != H5T_FLOAT || H5Tget_size(t) != sizeof(double))
        rc = ML_ERROR(err, ML_EIO, "%s: not a float64 dataset", where);
    else if (H5Sget_simple_extent_ndims(sp) != 2)
        rc = ML_ERROR(err, ML_EIO, "%s: has %d dimensions, not 2 (draws x figures)", where,
                      H5Sget_simple_extent_ndims(sp));
    else if (H5Sget_simple_extent_dims(sp, dims, NULL) < 0)
        rc = ML_ERROR(err, ML_EIO, "%s: cannot read its shape", where);
    else if (!(cols = ml_h5r_attr_text(d, "columns")))
        rc = ML_ERROR(err, ML_EIO, "%s: no string attribute columns (the figure names)",
                      where);
    if (!rc) {
        out->k = dims[0];
        out->nf = dims[1];
        rc = split_names(cols, out, where, err);
    }
    if (!rc && out->k * out->nf > 0) {
        out->x = malloc(out->k * out->nf * sizeof *out->x);
        if (!out->x)
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", where);
        else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out->x) < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot read", where);
    }
    free(cols);
    H5Sclose(sp);
    H5Tclose(t);
    H5Dclose(d);
    return rc;
}

int ml_h5in_draws(const char *path, const char *scenario, ml_in_draws *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open", path);
    int rc = read_draws(f, path, scenario, out, err);
    ml_h5_fclose(f);
    if (rc)
        ml_in_draws_free(out);
    return rc;
}

long ml_in_draws_column(const ml_in_draws *d, const char *name)
{
    for (size_t i = 0; i < d->nf; i++)
        if (!strcmp(d->names[i], name))
            return (long)i;
    return -1;
}

void ml_in_draws_free(ml_in_draws *d)
{
    free(d->names);
    free(d->x);
    memset(d, 0, sizeof *d);
}
