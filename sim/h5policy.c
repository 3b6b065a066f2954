/*
 * h5policy.c — see h5policy.h.  Strings are fixed-length fields of the
 * compound rows, so h5py and R read them without variable-length handling.
 */
#include "h5policy.h"
#include "policy_metrics.h"

#include <string.h>

static hid_t str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

static int write_table(hid_t g, const char *name, hid_t type, size_t rows, const void *buf)
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

static int write_levers(hid_t g, const ml_scenario *s)
{
    char buf[ML_LEVERS_MAX * (ML_NAME_MAX + 1) + 1] = "";
    for (unsigned i = 0; i < s->n_levers; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, s->levers[i]);
    }
    hid_t t = str_type(strlen(buf) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(g, "levers", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = a < 0 ? -1 : H5Awrite(a, t, buf);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    return st < 0 ? -1 : 0;
}

int ml_h5_write_policy(hid_t g, const ml_scenario *s, const ml_results *res)
{
    ml_metric m[ML_METRICS_MAX];
    memset(m, 0, sizeof m); /* the unused tails of fixed-length names go to the file */
    size_t n = ml_policy_metrics(s, res, m);
    hid_t name_t = str_type(sizeof m[0].name), unit_t = str_type(sizeof m[0].unit);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_metric));
    H5Tinsert(t, "metric", HOFFSET(ml_metric, name), name_t);
    H5Tinsert(t, "value", HOFFSET(ml_metric, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "unit", HOFFSET(ml_metric, unit), unit_t);
    int rc = write_table(g, "policy", t, n, m) || write_levers(g, s);
    H5Tclose(t);
    H5Tclose(name_t);
    H5Tclose(unit_t);
    if (rc || !s->regime.life)
        return rc;

    ml_stage_metric sm[ML_CHANNELS_MAX];
    memset(sm, 0, sizeof sm);
    size_t ns = ml_stage_metrics(s, res, sm);
    hid_t st_t = str_type(sizeof sm[0].stage), kind_t = str_type(sizeof sm[0].kind);
    t = H5Tcreate(H5T_COMPOUND, sizeof(ml_stage_metric));
    H5Tinsert(t, "stage", HOFFSET(ml_stage_metric, stage), st_t);
    H5Tinsert(t, "kind", HOFFSET(ml_stage_metric, kind), kind_t);
    H5Tinsert(t, "closed_share", HOFFSET(ml_stage_metric, closed_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "visit_share", HOFFSET(ml_stage_metric, visit_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "paid_share", HOFFSET(ml_stage_metric, paid_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mean_payment", HOFFSET(ml_stage_metric, mean_payment), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mean_months", HOFFSET(ml_stage_metric, mean_months), H5T_NATIVE_DOUBLE);
    rc = write_table(g, "stages", t, ns, sm);
    H5Tclose(t);
    H5Tclose(st_t);
    H5Tclose(kind_t);
    return rc;
}
