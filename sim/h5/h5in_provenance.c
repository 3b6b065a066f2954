/*
 * h5in_provenance.c — see h5in_provenance.h.  Every attribute is optional
 * here: ml_h5in_check has already refused a file whose required ones are
 * missing, and a page that shows what an older file lacks as blank is
 * better than no page.
 */
#include "h5in_provenance.h"
#include "h5lib.h"
#include "h5read.h"
#include "h5write.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ml_h5in_file_prov(const char *path, ml_in_file_prov *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open as an HDF5 results file", path);
    ml_h5r_attr_str(f, "format", out->format, sizeof out->format);
    ml_h5r_attr_str(f, "software_version", out->software_version, sizeof out->software_version);
    ml_h5r_attr_str(f, "git_commit", out->git_commit, sizeof out->git_commit);
    ml_h5r_attr_str(f, "created_utc", out->created_utc, sizeof out->created_utc);
    ml_h5r_attr_str(f, "stopping_rule", out->stopping_rule, sizeof out->stopping_rule);
    out->format_version = ml_h5r_attr_u64(f, "format_version");
    out->seed = ml_h5r_attr_u64(f, "seed");
    out->replicates = ml_h5r_attr_u64(f, "replicates");
    ml_h5_fclose(f);
    return ML_OK;
}

/* The parameters table's columns this reader takes (matched by name). */
typedef struct {
    char key[320], where[576], dist[16];
    double value, a, b;
} param_row;

static hid_t str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* Each parameter's smallest and largest drawn value, from the float64
 * [K][P] parameter_values (NaN when it cannot be read). */
static void drawn_range(hid_t g, ml_in_scen_prov *out)
{
    for (size_t p = 0; p < out->n_params; p++)
        out->param[p].drawn_min = out->param[p].drawn_max = NAN;
    if (H5Lexists(g, "parameter_values", H5P_DEFAULT) <= 0)
        return;
    hid_t d = H5Dopen2(g, "parameter_values", H5P_DEFAULT);
    hid_t sp = d < 0 ? -1 : H5Dget_space(d);
    hsize_t dim[2] = {0, 0};
    double *x = NULL;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 2 &&
        H5Sget_simple_extent_dims(sp, dim, NULL) >= 0 && dim[1] == out->n_params &&
        dim[0] * dim[1] > 0 && (x = malloc(dim[0] * dim[1] * sizeof *x)) &&
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0)
        for (size_t p = 0; p < out->n_params; p++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t k = 0; k < dim[0]; k++) {
                double v = x[k * dim[1] + p];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            out->param[p].drawn_min = lo;
            out->param[p].drawn_max = hi;
        }
    free(x);
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
}

static int read_params(hid_t g, ml_in_scen_prov *out)
{
    hid_t kt = str_type(sizeof((param_row *)0)->key);
    hid_t wt = str_type(sizeof((param_row *)0)->where);
    hid_t dt = str_type(sizeof((param_row *)0)->dist);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(param_row));
    H5Tinsert(t, "key", HOFFSET(param_row, key), kt);
    H5Tinsert(t, "where", HOFFSET(param_row, where), wt);
    H5Tinsert(t, "dist", HOFFSET(param_row, dist), dt);
    H5Tinsert(t, "value", HOFFSET(param_row, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "a", HOFFSET(param_row, a), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "b", HOFFSET(param_row, b), H5T_NATIVE_DOUBLE);
    size_t n = 0;
    param_row *rows = ml_h5r_table(g, "parameters", t, sizeof *rows, &n);
    H5Tclose(t);
    H5Tclose(kt);
    H5Tclose(wt);
    H5Tclose(dt);
    if (n && !(out->param = calloc(n, sizeof *out->param))) {
        free(rows);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        ml_in_param_prov *p = &out->param[i];
        memcpy(p->key, rows[i].key, sizeof p->key);
        memcpy(p->where, rows[i].where, sizeof p->where);
        memcpy(p->dist, rows[i].dist, sizeof p->dist);
        p->value = rows[i].value;
        p->a = rows[i].a;
        p->b = rows[i].b;
    }
    out->n_params = n;
    free(rows);
    drawn_range(g, out);
    return 0;
}

int ml_h5in_scen_prov(const char *path, const char *scenario, ml_in_scen_prov *out,
                      ml_err *err)
{
    memset(out, 0, sizeof *out);
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open as an HDF5 results file", path);
    char p[200];
    snprintf(p, sizeof p, "/scenarios/%s", scenario);
    int rc = ML_OK;
    hid_t g = H5Lexists(f, "/scenarios", H5P_DEFAULT) > 0 &&
                      H5Lexists(f, p, H5P_DEFAULT) > 0
                  ? H5Gopen2(f, p, H5P_DEFAULT)
                  : -1;
    if (g < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot open %s", path, p);
        goto done;
    }
    ml_h5r_attr_str(g, "source_file", out->source_file, sizeof out->source_file);
    ml_h5r_attr_str(g, "levers", out->levers, sizeof out->levers);
    if (H5Lexists(g, "uncertainty", H5P_DEFAULT) > 0) {
        hid_t u = H5Gopen2(g, "uncertainty", H5P_DEFAULT);
        if (u < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot open %s/uncertainty", path, p);
        else {
            out->draws = ml_h5r_attr_u64(u, "draws");
            if (read_params(u, out))
                rc = ML_ERROR(err, ML_ENOMEM, "out of memory reading %s:%s/uncertainty", path,
                              p);
            H5Gclose(u);
        }
    }
    H5Gclose(g);
done:
    ml_h5_fclose(f);
    if (rc)
        ml_in_scen_prov_free(out);
    return rc;
}

void ml_in_scen_prov_free(ml_in_scen_prov *p)
{
    free(p->param);
    memset(p, 0, sizeof *p);
}
