/*
 * h5dev.c — see h5dev.h.
 */
#include "h5dev.h"
#include "h5deflate.h"
#include "h5par.h"
#include "h5write.h"

#include <stdio.h>
#include <string.h>

/* A row of the valuation table. */
typedef struct {
    char figure[32];
    double mean, se;
} val_row;

static int write_matrix(hid_t g, const char *name, const double *x, unsigned rows,
                        unsigned cols, const char *doc)
{
    hsize_t dims[2] = {rows, cols};
    hid_t sp = H5Screate_simple(2, dims, NULL);
    hid_t d = sp < 0 ? -1 : H5Dcreate2(g, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT,
                                       H5P_DEFAULT);
    int rc = d < 0 || H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0 ||
             ml_h5w_attr_str(d, "doc", doc);
    if (d >= 0)
        H5Dclose(d);
    if (sp >= 0)
        H5Sclose(sp);
    return rc ? -1 : 0;
}

/* The per-replicate ledgers, replicate after replicate (chunked, deflated
 * like the annual samples that are whole numbers: mostly zeros). */
static int write_ledgers(hid_t g, const ml_results *res, ml_h5_deflater *z)
{
    hsize_t n = (hsize_t)res->n * res->dev_stride;
    size_t chunk = n < ML_H5_DEFLATE_CHUNK ? (n ? (size_t)n : 1) : ML_H5_DEFLATE_CHUNK;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = ml_h5_deflate_filters(pl, 1, chunk) < 0
                  ? -1
                  : H5Dcreate2(g, "ledger", H5T_IEEE_F64LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    int rc = d < 0 ||
             ml_h5par_write_ledgers(d, res->dev, res->n, res->dev_stride, chunk, z) < 0 ||
             ml_h5w_attr_u64(d, "stride", res->dev_stride) ||
             ml_h5w_attr_str(d, "layout",
                             "replicate-major; per replicate: rows reported_count, paid_count, "
                             "paid, incurred, pv_reported, compensation_paid, each "
                             "[years][development_years] incremental, then pv_occurrence, "
                             "compensation_months, compensation, each [years]");
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(pl);
    H5Sclose(sp);
    return rc ? -1 : 0;
}

/* The chain ladder's error over replicates, one row per triangle. */
typedef struct {
    char method[24], triangle[16];
    ml_reserve_check c;
} cl_row;

static int write_reserving(hid_t dg, const ml_development *dv)
{
    cl_row rows[2];
    memset(rows, 0, sizeof rows);
    static const char *const tri[2] = {"paid", "incurred"};
    for (int k = 0; k < 2; k++) {
        snprintf(rows[k].method, sizeof rows[k].method, "chain_ladder");
        snprintf(rows[k].triangle, sizeof rows[k].triangle, "%s", tri[k]);
        rows[k].c = dv->cl[k];
    }
    hid_t mt = ml_h5w_str_type(sizeof rows[0].method), tt = ml_h5w_str_type(sizeof rows[0].triangle);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(cl_row));
    H5Tinsert(t, "method", HOFFSET(cl_row, method), mt);
    H5Tinsert(t, "triangle", HOFFSET(cl_row, triangle), tt);
#define COL(f) H5Tinsert(t, #f, HOFFSET(cl_row, c) + HOFFSET(ml_reserve_check, f), H5T_NATIVE_DOUBLE)
    COL(mean_truth);
    COL(mean_estimate);
    COL(mean_error);
    COL(se_error);
    COL(sd_error);
    COL(rmse);
    COL(mean_rel_error);
    COL(rel_q05);
    COL(rel_q50);
    COL(rel_q95);
    COL(mean_mack_se);
    COL(coverage95);
#undef COL
    int rc = ml_h5w_table(dg, "reserving", t, 2, rows);
    H5Tclose(t);
    H5Tclose(mt);
    H5Tclose(tt);
    return rc;
}

/* The policy year's expected cost by basis, with the ratio to mature
 * claims-made cover (the step factors; the tail's multiple). */
typedef struct {
    char basis[24];
    double expected, se, ratio_to_mature;
} basis_row;

static int write_basis(hid_t dg, const ml_development *dv)
{
    const ml_basis_prices *b = &dv->basis;
    basis_row rows[ML_BASIS_N + 2 * ML_CM_YEARS - 1];
    memset(rows, 0, sizeof rows);
    size_t k = 0;
    double mature = b->mean[ML_BASIS_CM_MATURE];
    for (int i = 0; i < ML_BASIS_N; i++, k++) {
        snprintf(rows[k].basis, sizeof rows[k].basis, "%s", ml_basis_name[i]);
        rows[k].expected = b->mean[i];
        rows[k].se = b->se[i];
        rows[k].ratio_to_mature = mature > 0.0 ? b->mean[i] / mature : 0.0;
    }
    for (int j = 0; j + 1 < ML_CM_YEARS; j++, k++) {
        snprintf(rows[k].basis, sizeof rows[k].basis, "tail_after_%d", j + 1);
        rows[k].expected = b->tail[j];
        rows[k].se = b->tail_se[j];
        rows[k].ratio_to_mature = b->tail_multiple[j];
    }
    /* Prior-acts (nose) cover for the k-th claims-made year: the claims of
     * accident years before the retroactive date reported this year, the
     * part that turns claims_made_k into mature cover (steady state: its
     * se is not that of a difference of means, left 0). */
    for (int j = 0; j < ML_CM_YEARS; j++, k++) {
        snprintf(rows[k].basis, sizeof rows[k].basis, "prior_acts_%d", j + 1);
        rows[k].expected = mature - b->mean[ML_BASIS_CM_1 + j];
        rows[k].se = 0.0;
        rows[k].ratio_to_mature = mature > 0.0 ? rows[k].expected / mature : 0.0;
    }
    hid_t st = ml_h5w_str_type(sizeof rows[0].basis);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(basis_row));
    H5Tinsert(t, "basis", HOFFSET(basis_row, basis), st);
    H5Tinsert(t, "expected", HOFFSET(basis_row, expected), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "se", HOFFSET(basis_row, se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "ratio_to_mature", HOFFSET(basis_row, ratio_to_mature), H5T_NATIVE_DOUBLE);
    int rc = ml_h5w_table(dg, "basis", t, k, rows) ||
             ml_h5w_attr_f64(dg, "risk_margin_occurrence", dv->risk_margin);
    H5Tclose(t);
    H5Tclose(st);
    return rc;
}

int ml_h5_write_development(hid_t g, const ml_scenario *s, const ml_results *res,
                            const ml_scenario_results *r, ml_h5_deflater *z)
{
    const ml_development *dv = &r->dev;
    if (!dv->on)
        return 0;
    hid_t dg = H5Gcreate2(g, "development", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (dg < 0)
        return -1;
    const ml_time *t = &s->time;
    int rc = ml_h5w_attr_u64(dg, "years", dv->years) ||
             ml_h5w_attr_u64(dg, "development_years", dv->dev_years) ||
             ml_h5w_attr_u64(dg, "policy_year", (uint64_t)t->policy_year) ||
             ml_h5w_attr_u64(dg, "price_year", (uint64_t)t->price_year) ||
             ml_h5w_attr_f64(dg, "trend", t->trend) ||
             ml_h5w_attr_str(dg, "curve", t->curve.n ? t->curve.name : "none") ||
             ml_h5w_attr_str(dg, "curve_source", t->curve.source) ||
             ml_h5w_attr_str(dg, "valuation", "the end of the last accident year") ||
             ml_h5w_attr_str(dg, "amounts",
                             "the indemnifier's payments (insured), trended to the payment "
                             "date; incurred = paid + case reserves set at report to the "
                             "claim's ultimate cost");
    static const char *const docs[ML_DEV_TRIANGLES] = {
        "claims reported, count, mean over replicates, cumulative [accident year][development year]",
        "claims closed with a payment, count, mean, cumulative",
        "insured payments, currency of the payment date, mean, cumulative",
        "insured incurred (paid + case reserves), mean, cumulative"};
    for (int k = 0; k < ML_DEV_TRIANGLES && !rc; k++)
        rc = write_matrix(dg, ml_dev_triangle_name[k], dv->tri[k], dv->years, dv->dev_years,
                          docs[k]);
    if (!rc) {
        val_row rows[4];
        memset(rows, 0, sizeof rows);
        const ml_dev_figure *f[4] = {&dv->paid_to_date, &dv->case_reserves, &dv->ibnr,
                                     &dv->outstanding};
        static const char *const names[4] = {"paid_to_date", "case_reserves", "ibnr",
                                              "outstanding"};
        for (int k = 0; k < 4; k++) {
            snprintf(rows[k].figure, sizeof rows[k].figure, "%s", names[k]);
            rows[k].mean = f[k]->mean;
            rows[k].se = f[k]->se;
        }
        hid_t st = ml_h5w_str_type(sizeof rows[0].figure);
        hid_t tt = H5Tcreate(H5T_COMPOUND, sizeof(val_row));
        H5Tinsert(tt, "figure", HOFFSET(val_row, figure), st);
        H5Tinsert(tt, "mean", HOFFSET(val_row, mean), H5T_NATIVE_DOUBLE);
        H5Tinsert(tt, "se", HOFFSET(val_row, se), H5T_NATIVE_DOUBLE);
        rc = ml_h5w_table(dg, "valuation", tt, 4, rows);
        H5Tclose(tt);
        H5Tclose(st);
    }
    if (!rc)
        rc = write_basis(dg, dv);
    if (!rc && dv->has_cl)
        rc = write_reserving(dg, dv);
    if (!rc)
        rc = write_ledgers(dg, res, z);
    H5Gclose(dg);
    return rc ? -1 : 0;
}
