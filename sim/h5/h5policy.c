/*
 * h5policy.c — see h5policy.h.  Strings are fixed-length fields of the
 * compound rows, so h5py and R read them without variable-length handling.
 * The rows are the results structure's (scenario_results.h), which already
 * left the undefined metrics out.
 */
#include "h5policy.h"
#include "h5write.h"

#include <string.h>

static int write_levers(hid_t g, const ml_scenario *s)
{
    char buf[ML_LEVERS_MAX * (ML_NAME_MAX + 1) + 1] = "";
    for (unsigned i = 0; i < s->n_levers; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, s->levers[i]);
    }
    return ml_h5w_attr_str(g, "levers", buf);
}

int ml_h5_write_policy(hid_t g, const ml_scenario *s, const ml_scenario_results *r)
{
    const ml_metric *m = r->policy;
    hid_t name_t = ml_h5w_str_type(sizeof m[0].name), unit_t = ml_h5w_str_type(sizeof m[0].unit);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_metric));
    H5Tinsert(t, "metric", HOFFSET(ml_metric, name), name_t);
    H5Tinsert(t, "value", HOFFSET(ml_metric, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mc_se", HOFFSET(ml_metric, mc_se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "unit", HOFFSET(ml_metric, unit), unit_t);
    int rc = ml_h5w_table(g, "policy", t, r->n_policy, m) || write_levers(g, s);
    if (!rc) {
        hid_t d = H5Dopen2(g, "policy", H5P_DEFAULT);
        rc = d < 0 || ml_h5w_attr_str(d, "undefined", r->policy_undefined);
        if (d >= 0)
            H5Dclose(d);
    }
    H5Tclose(t);
    H5Tclose(name_t);
    H5Tclose(unit_t);
    if (rc || !r->lifecycle)
        return rc;

    const ml_stage_metric *sm = r->stages;
    hid_t st_t = ml_h5w_str_type(sizeof sm[0].stage), kind_t = ml_h5w_str_type(sizeof sm[0].kind);
    t = H5Tcreate(H5T_COMPOUND, sizeof(ml_stage_metric));
    H5Tinsert(t, "stage", HOFFSET(ml_stage_metric, stage), st_t);
    H5Tinsert(t, "kind", HOFFSET(ml_stage_metric, kind), kind_t);
    H5Tinsert(t, "visits_per_year", HOFFSET(ml_stage_metric, visits_per_year),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "closed_per_year", HOFFSET(ml_stage_metric, closed_per_year),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "paid_per_year", HOFFSET(ml_stage_metric, paid_per_year), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "closed_share", HOFFSET(ml_stage_metric, closed_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "visit_share", HOFFSET(ml_stage_metric, visit_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "paid_share", HOFFSET(ml_stage_metric, paid_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mean_payment", HOFFSET(ml_stage_metric, mean_payment), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mean_months", HOFFSET(ml_stage_metric, mean_months), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "entered_per_year", HOFFSET(ml_stage_metric, entered_per_year),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "entry_share", HOFFSET(ml_stage_metric, entry_share), H5T_NATIVE_DOUBLE);
    rc = ml_h5w_table(g, "stages", t, r->n_stages, sm);
    H5Tclose(t);
    H5Tclose(st_t);
    H5Tclose(kind_t);
    return rc;
}
