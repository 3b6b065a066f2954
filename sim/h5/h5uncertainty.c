/*
 * h5uncertainty.c — see h5uncertainty.h.  Tables are compound rows with
 * fixed-length strings, as everywhere in the file (h5write.h).
 */
#include "h5uncertainty.h"
#include "h5write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hid_t ml_h5_file_id(const ml_h5 *f);

/* A float64 [rows][cols] dataset from x, with the column names joined by
 * commas in attribute `columns`. */
static int matrix(hid_t g, const char *name, const double *x, size_t rows, size_t cols,
                  const char *columns)
{
    hsize_t dim[2] = {rows, cols};
    hid_t sp = H5Screate_simple(2, dim, NULL);
    hid_t d = H5Dcreate2(g, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = d < 0 ? -1 : 0;
    if (st >= 0 && rows * cols > 0)
        st = H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
    if (st >= 0)
        st = ml_h5w_attr_str(d, "columns", columns);
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(sp);
    return st < 0 ? -1 : 0;
}

/* The names of n items, each at stride bytes from the last, joined. */
static char *join(const char *first, size_t stride, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(first + i * stride) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ",");
        strcat(s, first + i * stride);
    }
    return s;
}

static int figures_table(hid_t g, const ml_uncertainty *u)
{
    hid_t name_t = ml_h5w_str_type(sizeof u->rows[0].figure);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_unc_row));
    H5Tinsert(t, "figure", HOFFSET(ml_unc_row, figure), name_t);
    H5Tinsert(t, "value", HOFFSET(ml_unc_row, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mc_se", HOFFSET(ml_unc_row, mc_se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "p05", HOFFSET(ml_unc_row, p05), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "p50", HOFFSET(ml_unc_row, p50), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "p95", HOFFSET(ml_unc_row, p95), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "parameter_share", HOFFSET(ml_unc_row, parameter_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "defined", HOFFSET(ml_unc_row, defined), H5T_NATIVE_DOUBLE);
    int rc = ml_h5w_table(g, "figures", t, u->nf, u->rows);
    H5Tclose(t);
    H5Tclose(name_t);
    return rc;
}

static int variance_table(hid_t g, const ml_uncertainty *u)
{
    hid_t name_t = ml_h5w_str_type(sizeof u->variance[0].measure);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_var_row));
    H5Tinsert(t, "measure", HOFFSET(ml_var_row, measure), name_t);
    H5Tinsert(t, "process", HOFFSET(ml_var_row, process), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "parameter", HOFFSET(ml_var_row, parameter), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "total", HOFFSET(ml_var_row, total), H5T_NATIVE_DOUBLE);
    int rc = ml_h5w_table(g, "variance", t, ML_N_MEASURES, u->variance);
    H5Tclose(t);
    H5Tclose(name_t);
    return rc;
}

/* The parameter table's row: the struct's strings are longer than a
 * table needs, and its kind is an enum; rows are copied into this. */
typedef struct {
    char key[ML_PARAM_KEY_MAX], field[256], where[576], dist[16];
    double value, a, b, lo, hi;
} param_row;

static int params_table(hid_t g, const ml_params *ps)
{
    param_row *rows = calloc(ps->n ? ps->n : 1, sizeof *rows);
    if (!rows)
        return -1;
    for (size_t i = 0; i < ps->n; i++) {
        const ml_param *p = &ps->p[i];
        memcpy(rows[i].key, p->key, sizeof rows[i].key);
        memcpy(rows[i].field, p->field, sizeof rows[i].field);
        memcpy(rows[i].where, p->where, sizeof rows[i].where);
        snprintf(rows[i].dist, sizeof rows[i].dist, "%s", ml_dist_name[p->kind]);
        rows[i].value = p->value;
        rows[i].a = p->a;
        rows[i].b = p->b;
        rows[i].lo = p->lo;
        rows[i].hi = p->hi;
    }
    hid_t kt = ml_h5w_str_type(sizeof rows[0].key), ft = ml_h5w_str_type(sizeof rows[0].field);
    hid_t wt = ml_h5w_str_type(sizeof rows[0].where), dt = ml_h5w_str_type(sizeof rows[0].dist);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(param_row));
    H5Tinsert(t, "key", HOFFSET(param_row, key), kt);
    H5Tinsert(t, "field", HOFFSET(param_row, field), ft);
    H5Tinsert(t, "where", HOFFSET(param_row, where), wt);
    H5Tinsert(t, "dist", HOFFSET(param_row, dist), dt);
    H5Tinsert(t, "value", HOFFSET(param_row, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "a", HOFFSET(param_row, a), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "b", HOFFSET(param_row, b), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "lo", HOFFSET(param_row, lo), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "hi", HOFFSET(param_row, hi), H5T_NATIVE_DOUBLE);
    int rc = ml_h5w_table(g, "parameters", t, ps->n, rows);
    H5Tclose(t);
    H5Tclose(kt);
    H5Tclose(ft);
    H5Tclose(wt);
    H5Tclose(dt);
    free(rows);
    return rc;
}

int ml_h5_write_uncertainty(ml_h5 *f, const char *name, const ml_uncertainty *u,
                            const ml_params *params, const double *pv, ml_err *err)
{
    char gname[200];
    snprintf(gname, sizeof gname, "/scenarios/%s/uncertainty", name);
    hid_t g = H5Gcreate2(ml_h5_file_id(f), gname, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return ML_ERROR(err, ML_EIO, "cannot create group %s", gname);
    char *fig_cols = join(u->rows[0].figure, sizeof u->rows[0], u->nf);
    char *par_cols = join(params->p[0].key, sizeof params->p[0], params->n);
    int bad = !fig_cols || !par_cols || ml_h5w_attr_u64(g, "draws", u->k) ||
              figures_table(g, u) || matrix(g, "draws", u->draws, u->k, u->nf, fig_cols) ||
              variance_table(g, u) || params_table(g, params) ||
              matrix(g, "parameter_values", pv, u->k, params->n, par_cols);
    free(fig_cols);
    free(par_cols);
    H5Gclose(g);
    return bad ? ML_ERROR(err, ML_EIO, "cannot write %s", gname) : ML_OK;
}
