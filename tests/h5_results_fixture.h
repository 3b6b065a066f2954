/*
 * h5_results_fixture.h — small results files written with the HDF5 C API
 * directly (not with medliab's writer), for the tests of the readers
 * (test_h5_readers.c) and of report's plot data (test_report_plots_data.c).
 *
 * fx_write_good(path) writes the file the README's "Output format" asks
 * for, in miniature (version 1: a policy table without mc_se; a test
 * makes it version 2 with fx_policy_se): root attributes format, format_version, replicates
 * (4), seed and git_commit; one scenario "uk" (portfolio, regime,
 * currency GBP) with annual/ and annual_max/ samples, a summary, an
 * exceedance table, a policy table, a stages table and a pricing group.
 * The fx_* helpers then break one thing at a time, as
 * tests/report_contract.py does to a real file.  Include after <cmocka.h>.
 */
#ifndef ML_H5_RESULTS_FIXTURE_H
#define ML_H5_RESULTS_FIXTURE_H

#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define FX_N 4 /* replicates */

/* The samples: insured {100, 400, 200, 300}, claims {1, 4, 2, 3}; the
 * largest claim of each year {60, 250, 200, 150}. */
static const double fx_insured[FX_N] = {100, 400, 200, 300};
static const double fx_claims[FX_N] = {1, 4, 2, 3};
static const double fx_insured_max[FX_N] = {60, 250, 200, 150};

static inline hid_t fx_str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

static inline void fx_attr_del(hid_t loc, const char *name)
{
    if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
}

/* A scalar attribute of file type ft from memory type mt. */
static inline void fx_attr(hid_t loc, const char *name, hid_t ft, hid_t mt, const void *v)
{
    fx_attr_del(loc, name);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Awrite(a, mt, v) >= 0);
    H5Aclose(a);
    H5Sclose(sp);
}

static inline void fx_attr_str(hid_t loc, const char *name, const char *v)
{
    hid_t t = fx_str_type(strlen(v) + 1);
    fx_attr(loc, name, t, t, v);
    H5Tclose(t);
}

static inline void fx_attr_vlstr(hid_t loc, const char *name, const char *v)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    fx_attr(loc, name, t, t, &v);
    H5Tclose(t);
}

static inline void fx_attr_u64(hid_t loc, const char *name, uint64_t v)
{
    fx_attr(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
}

static inline void fx_attr_i64(hid_t loc, const char *name, int64_t v)
{
    fx_attr(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &v);
}

static inline void fx_attr_f64(hid_t loc, const char *name, double v)
{
    fx_attr(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

/* A one-dimensional attribute of n uint64 values. */
static inline void fx_attr_u64_array(hid_t loc, const char *name, const uint64_t *v, hsize_t n)
{
    fx_attr_del(loc, name);
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(loc, name, H5T_STD_U64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Awrite(a, H5T_NATIVE_UINT64, v) >= 0);
    H5Aclose(a);
    H5Sclose(sp);
}

static inline void fx_unlink(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) > 0) H5Ldelete(loc, name, H5P_DEFAULT);
}

/* A dataset of n values of file type ft written from memory type mt, in
 * rank dimensions (rank 2: 2 x n/2). */
static inline void fx_dataset(hid_t g, const char *name, hid_t ft, hid_t mt, const void *v, hsize_t n,
                       int rank)
{
    fx_unlink(g, name);
    hsize_t dims[2] = {rank == 2 ? 2 : n, n / 2};
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t d = H5Dcreate2(g, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(d >= 0);
    if (n) assert_true(H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    H5Dclose(d);
    H5Sclose(sp);
}

static inline void fx_f64(hid_t g, const char *name, const double *v, hsize_t n)
{
    fx_dataset(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, n, 1);
}

/* A 1-D compound table from rows in memory of type t. */
static inline void fx_table(hid_t g, const char *name, hid_t t, const void *rows, hsize_t n)
{
    fx_dataset(g, name, t, t, rows, n, 1);
}

/* ---- the tables, with the columns the readers look for and some more -- */

typedef struct {
    char measure[32];
    double mean, sd, se, var90, var995, var995_lo, var995_hi, tvar99, tvar99_se;
} fx_summary_row;

static inline void fx_summary(hid_t g, const fx_summary_row *rows, hsize_t n)
{
    hid_t st = fx_str_type(32), t = H5Tcreate(H5T_COMPOUND, sizeof(fx_summary_row));
    H5Tinsert(t, "measure", HOFFSET(fx_summary_row, measure), st);
#define FX_COL(c) H5Tinsert(t, #c, HOFFSET(fx_summary_row, c), H5T_NATIVE_DOUBLE)
    FX_COL(mean); FX_COL(sd); FX_COL(se); FX_COL(var90); FX_COL(var995);
    FX_COL(var995_lo); FX_COL(var995_hi); FX_COL(tvar99); FX_COL(tvar99_se);
#undef FX_COL
    fx_table(g, "summary", t, rows, n);
    H5Tclose(t);
    H5Tclose(st);
}

typedef struct {
    double return_period, aep, oep, aep_lo;
} fx_ep_row;

static inline void fx_ep(hid_t g, const char *measure, const fx_ep_row *rows, hsize_t n)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(fx_ep_row));
    H5Tinsert(t, "return_period", HOFFSET(fx_ep_row, return_period), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "aep", HOFFSET(fx_ep_row, aep), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "oep", HOFFSET(fx_ep_row, oep), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "aep_lo", HOFFSET(fx_ep_row, aep_lo), H5T_NATIVE_DOUBLE);
    hid_t e = H5Lexists(g, "ep", H5P_DEFAULT) > 0
                  ? H5Gopen2(g, "ep", H5P_DEFAULT)
                  : H5Gcreate2(g, "ep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_table(e, measure, t, rows, n);
    H5Gclose(e);
    H5Tclose(t);
}

typedef struct {
    char metric[48];
    double value;
    char unit[40];
} fx_metric_row;

static inline void fx_policy(hid_t g, const fx_metric_row *rows, hsize_t n)
{
    hid_t nt = fx_str_type(48), ut = fx_str_type(40);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(fx_metric_row));
    H5Tinsert(t, "metric", HOFFSET(fx_metric_row, metric), nt);
    H5Tinsert(t, "value", HOFFSET(fx_metric_row, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "unit", HOFFSET(fx_metric_row, unit), ut);
    fx_table(g, "policy", t, rows, n);
    H5Tclose(t);
    H5Tclose(nt);
    H5Tclose(ut);
}

/* A version 2 policy table: with each metric's Monte Carlo error. */
typedef struct {
    char metric[48];
    double value, mc_se;
    char unit[40];
} fx_metric_se_row;

static inline void fx_policy_se(hid_t g, const fx_metric_se_row *rows, hsize_t n)
{
    hid_t nt = fx_str_type(48), ut = fx_str_type(40);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(fx_metric_se_row));
    H5Tinsert(t, "metric", HOFFSET(fx_metric_se_row, metric), nt);
    H5Tinsert(t, "value", HOFFSET(fx_metric_se_row, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "mc_se", HOFFSET(fx_metric_se_row, mc_se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "unit", HOFFSET(fx_metric_se_row, unit), ut);
    fx_table(g, "policy", t, rows, n);
    H5Tclose(t);
    H5Tclose(nt);
    H5Tclose(ut);
}

typedef struct {
    char stage[32], kind[16];
    double closed_share;
    int64_t visits; /* an integer column: read as a number too */
} fx_stage_row;

static inline void fx_stages(hid_t g, const fx_stage_row *rows, hsize_t n)
{
    hid_t a = fx_str_type(32), b = fx_str_type(16);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(fx_stage_row));
    H5Tinsert(t, "stage", HOFFSET(fx_stage_row, stage), a);
    H5Tinsert(t, "kind", HOFFSET(fx_stage_row, kind), b);
    H5Tinsert(t, "closed_share", HOFFSET(fx_stage_row, closed_share), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "visits", HOFFSET(fx_stage_row, visits), H5T_NATIVE_INT64);
    fx_table(g, "stages", t, rows, n);
    H5Tclose(t);
    H5Tclose(a);
    H5Tclose(b);
}

typedef struct {
    char kind[16], group[64];
    double hospitals, beds, pure_premium, per_hospital, per_bed, per_exposure_unit;
} fx_price_row;

typedef struct {
    char principle[32];
    double parameter, premium;
} fx_principle_row;

typedef struct {
    char layer[32], kind[16];
    double expected_ceded, net_var995;
} fx_layer_row;

static inline void fx_pricing(hid_t g, const fx_price_row *pr, hsize_t npr, const fx_principle_row *pp,
                       hsize_t npp, const fx_layer_row *pl, hsize_t npl)
{
    hid_t pg = H5Gcreate2(g, "pricing", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_attr_str(pg, "exposure_unit", "bed-year");
    hid_t k16 = fx_str_type(16), s32 = fx_str_type(32), s64 = fx_str_type(64);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(fx_price_row));
    H5Tinsert(t, "kind", HOFFSET(fx_price_row, kind), k16);
    H5Tinsert(t, "group", HOFFSET(fx_price_row, group), s64);
#define FX_COL(c) H5Tinsert(t, #c, HOFFSET(fx_price_row, c), H5T_NATIVE_DOUBLE)
    FX_COL(hospitals); FX_COL(beds); FX_COL(pure_premium); FX_COL(per_hospital);
    FX_COL(per_bed); FX_COL(per_exposure_unit);
#undef FX_COL
    fx_table(pg, "premium_by_group", t, pr, npr);
    H5Tclose(t);
    t = H5Tcreate(H5T_COMPOUND, sizeof(fx_principle_row));
    H5Tinsert(t, "principle", HOFFSET(fx_principle_row, principle), s32);
    H5Tinsert(t, "parameter", HOFFSET(fx_principle_row, parameter), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "premium", HOFFSET(fx_principle_row, premium), H5T_NATIVE_DOUBLE);
    fx_table(pg, "principles", t, pp, npp);
    H5Tclose(t);
    t = H5Tcreate(H5T_COMPOUND, sizeof(fx_layer_row));
    H5Tinsert(t, "layer", HOFFSET(fx_layer_row, layer), s32);
    H5Tinsert(t, "kind", HOFFSET(fx_layer_row, kind), k16);
    H5Tinsert(t, "expected_ceded", HOFFSET(fx_layer_row, expected_ceded), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "net_var995", HOFFSET(fx_layer_row, net_var995), H5T_NATIVE_DOUBLE);
    fx_table(pg, "layers", t, pl, npl);
    H5Tclose(t);
    H5Tclose(k16);
    H5Tclose(s32);
    H5Tclose(s64);
    H5Gclose(pg);
}

/* ---- the good file --------------------------------------------------- */

static const fx_summary_row fx_sum[2] = {
    {"insured", 250, 129.1, 64.55, 400, 400, 100, INFINITY, 400, 0},
    {"claims", 2.5, 1.291, 0.6455, 4, 4, 1, INFINITY, 4, 0},
};
static const fx_ep_row fx_ep_rows[3] = {
    {10, 400, 250, 100}, {100, 400, 250, 200}, {250, 400, 250, 300}};
static const fx_metric_row fx_metrics[2] = {
    {"paid_share", 0.5, "paid claims / claims"},
    {"mean_payment", 125.0, "GBP per paid claim"},
};
static const fx_stage_row fx_stage_rows[2] = {
    {"negotiation", "negotiation", 0.75, 10}, {"court", "litigation", 0.25, 3}};
static const fx_price_row fx_price_rows[4] = {
    {"total", "portfolio", 2, 500, 250, 125, 0.5, 2.5},
    {"specialty", "obstetrics", 2, 500, 100, 50, 0.2, 3.0},
    {"specialty", "surgery", 2, 500, 150, 75, 0.3, 2.0},
    {"grade", "top", 1, 0, 80, 80, 0, 2.0},
};
static const fx_principle_row fx_principle_rows[2] = {
    {"pure", 0, 250}, {"expected_value", 0.2, 300}};
static const fx_layer_row fx_layer_rows[1] = {{"xl1", "per_claim_xl", 35, 320}};

/* The scenario group name under /scenarios, written whole. */
static inline void fx_scenario(hid_t top, const char *name)
{
    hid_t g = H5Gcreate2(top, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(g >= 0);
    fx_attr_str(g, "portfolio", "nhs_trusts");
    fx_attr_str(g, "regime", "england");
    fx_attr_str(g, "currency", "GBP");
    hid_t a = H5Gcreate2(g, "annual", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_f64(a, "insured", fx_insured, FX_N);
    fx_f64(a, "claims", fx_claims, FX_N);
    H5Gclose(a);
    a = H5Gcreate2(g, "annual_max", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_f64(a, "insured", fx_insured_max, FX_N);
    H5Gclose(a);
    fx_summary(g, fx_sum, 2);
    fx_ep(g, "insured", fx_ep_rows, 3);
    fx_policy(g, fx_metrics, 2);
    fx_stages(g, fx_stage_rows, 2);
    fx_pricing(g, fx_price_rows, 4, fx_principle_rows, 2, fx_layer_rows, 1);
    H5Gclose(g);
}

static inline void fx_write_named(const char *path, const char *scenario)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    fx_attr_str(f, "format", "medliab-results");
    fx_attr_u64(f, "format_version", 1);
    fx_attr_u64(f, "replicates", FX_N);
    fx_attr_u64(f, "seed", 42);
    fx_attr_str(f, "git_commit", "0123abcd");
    hid_t top = H5Gcreate2(f, "scenarios", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    fx_scenario(top, scenario);
    H5Gclose(top);
    H5Fclose(f);
}

static inline void fx_write_good(const char *path)
{
    fx_write_named(path, "uk");
}

/* Opens path for a change (H5Fclose it after). */
static inline hid_t fx_open(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(f >= 0);
    return f;
}

static inline hid_t fx_group(hid_t f, const char *p)
{
    hid_t g = H5Gopen2(f, p, H5P_DEFAULT);
    assert_true(g >= 0);
    return g;
}

#endif
