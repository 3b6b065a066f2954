/*
 * h5in_ledger.c — see h5in_ledger.h.
 */
#include "h5in_ledger.h"
#include "h5lib.h"
#include "h5read.h"
#include "h5write.h"
#include "timeline.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

/* block values at offset off of each of n records of stride values of ds,
 * into x[n][block]. */
static int read_strided(hid_t ds, size_t n, size_t stride, size_t off, size_t block, double *x)
{
    hid_t fsp = H5Dget_space(ds);
    hsize_t start = off, step = stride, count = n, blk = block, all = n * block;
    hid_t msp = H5Screate_simple(1, &all, NULL);
    int ok = fsp >= 0 && msp >= 0 &&
             H5Sselect_hyperslab(fsp, H5S_SELECT_SET, &start, &step, &count, &blk) >= 0 &&
             H5Dread(ds, H5T_NATIVE_DOUBLE, msp, fsp, H5P_DEFAULT, x) >= 0;
    if (msp >= 0)
        H5Sclose(msp);
    if (fsp >= 0)
        H5Sclose(fsp);
    return ok ? 0 : -1;
}

static hid_t open_group(hid_t loc, const char *name)
{
    return loc >= 0 && H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Gopen2(loc, name, H5P_DEFAULT)
                                                             : -1;
}

int ml_h5in_pattern(const char *path, const char *scenario, size_t replicates,
                    ml_in_pattern *out, ml_err *err)
{
    *out = (ml_in_pattern){0};
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open", path);
    char where[192];
    snprintf(where, sizeof where, "/scenarios/%s/development/ledger", scenario);
    int rc = ML_OK;
    /* Group by group: a missing development group is no ledger, not an error. */
    hid_t sg = open_group(f, "scenarios"), s = open_group(sg, scenario);
    hid_t g = open_group(s, "development"), ds = -1, t = -1, sp = -1;
    if (g < 0)
        goto done;
    uint64_t y = ml_h5r_attr_u64(g, "years"), d = ml_h5r_attr_u64(g, "development_years");
    if (y < 1 || y > ML_YEARS_MAX || d < y || d > ML_DEV_YEARS_MAX) {
        rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/development: years %llu and "
                      "development_years %llu break the contract (1 to %d accident years, as "
                      "many development years or more, at most %d)", path, scenario,
                      (unsigned long long)y, (unsigned long long)d, ML_YEARS_MAX,
                      ML_DEV_YEARS_MAX);
        goto done;
    }
    const unsigned Y = (unsigned)y, D = (unsigned)d;
    const size_t stride = ml_dev_stride(Y, D);
    ds = H5Lexists(g, "ledger", H5P_DEFAULT) > 0 ? H5Dopen2(g, "ledger", H5P_DEFAULT) : -1;
    if (ds < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: no dataset %s", path, where);
        goto done;
    }
    sp = H5Dget_space(ds);
    t = H5Dget_type(ds);
    hssize_t k = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int is_f64 = t >= 0 && H5Tget_class(t) == H5T_FLOAT && H5Tget_size(t) == 8;
    if (sp < 0 || H5Sget_simple_extent_ndims(sp) != 1 || !is_f64 || k < 0 ||
        (size_t)k != replicates * stride) {
        rc = ML_ERROR(err, ML_EIO, "%s: %s: expected float64 of %zu replicates x %zu values "
                      "(years %u, development_years %u)", path, where, replicates, stride, Y, D);
        goto done;
    }
    const size_t n = replicates ? replicates : 1;
    out->paid = malloc(n * D * sizeof *out->paid);
    out->months = malloc(n * sizeof *out->months);
    out->comp = malloc(n * sizeof *out->comp);
    if (!out->paid || !out->months || !out->comp) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", where);
        goto done;
    }
    if (replicates &&
        (read_strided(ds, replicates, stride, ml_dev_at(Y, D, ML_DV_COMP_PAID, 0, 0), D,
                      out->paid) ||
         read_strided(ds, replicates, stride, ml_dev_scalar_at(Y, D, ML_DS_COMP_MONTHS, 0), 1,
                      out->months) ||
         read_strided(ds, replicates, stride, ml_dev_scalar_at(Y, D, ML_DS_COMP, 0), 1,
                      out->comp))) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot read %s", path, where);
        goto done;
    }
    out->dev_years = D;
    out->replicates = replicates;
done:
    if (rc)
        ml_in_pattern_free(out);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (ds >= 0)
        H5Dclose(ds);
    hid_t groups[] = {g, s, sg};
    for (int i = 0; i < 3; i++)
        if (groups[i] >= 0)
            H5Gclose(groups[i]);
    ml_h5_fclose(f);
    return rc;
}

void ml_in_pattern_free(ml_in_pattern *p)
{
    free(p->paid);
    free(p->months);
    free(p->comp);
    *p = (ml_in_pattern){0};
}
