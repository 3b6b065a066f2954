/*
 * h5in.c — see h5in.h.  HDF5 converts compound rows member by member by
 * name, so reading into a smaller struct picks the columns we want.
 */
#include "h5in.h"
#include "timeline.h"
#include "h5lib.h"
#include "h5read.h"
#include "h5write.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string attribute, fixed or variable length, into out. */
static int read_attr_str(hid_t loc, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    if (H5Aexists(loc, name) <= 0)
        return -1;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t ft = H5Aget_type(a);
    int rc = -1;
    if (H5Tget_class(ft) == H5T_STRING) {
        if (H5Tis_variable_str(ft) > 0) {
            hid_t mt = H5Tcopy(ft); /* same cset: HDF5 will not convert ASCII <-> UTF-8 */
            char *s = NULL;
            if (H5Aread(a, mt, &s) >= 0 && s) {
                snprintf(out, cap, "%s", s);
                H5free_memory(s);
                rc = 0;
            }
            H5Tclose(mt);
        } else {
            size_t sz = H5Tget_size(ft);
            char *buf = calloc(sz + 1, 1);
            hid_t mt = H5Tcopy(ft); /* same cset: HDF5 will not convert ASCII <-> UTF-8 */
            if (buf && H5Aread(a, mt, buf) >= 0) {
                snprintf(out, cap, "%s", buf);
                rc = 0;
            }
            H5Tclose(mt);
            free(buf);
        }
    }
    H5Tclose(ft);
    H5Aclose(a);
    return rc;
}

static uint64_t read_attr_u64(hid_t loc, const char *name)
{
    uint64_t v = 0;
    if (H5Aexists(loc, name) > 0) {
        hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
        if (H5Aread(a, H5T_NATIVE_UINT64, &v) < 0)
            v = 0;
        H5Aclose(a);
    }
    return v;
}

static hid_t str_t(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

/* Rows of a 1-D compound dataset into a malloc'd array of mem type t. */
static void *read_table(hid_t g, const char *name, hid_t t, size_t rowsize, size_t *rows)
{
    *rows = 0;
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t sp = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    void *buf = n > 0 ? calloc((size_t)n, rowsize) : NULL;
    if (buf && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        *rows = (size_t)n;
    H5Sclose(sp);
    H5Dclose(d);
    return buf;
}

static int read_summary(hid_t g, ml_in_scenario *s)
{
    hid_t st = str_t(sizeof s->m[0].name);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_in_measure));
    H5Tinsert(t, "measure", HOFFSET(ml_in_measure, name), st);
#define COL(c, f) H5Tinsert(t, c, HOFFSET(ml_in_measure, f), H5T_NATIVE_DOUBLE)
    COL("mean", mean); COL("sd", sd); COL("se", se); COL("var995", var995);
    COL("var995_lo", var995_lo); COL("var995_hi", var995_hi);
    COL("tvar99", tvar99); COL("tvar99_se", tvar99_se);
#undef COL
    s->m = read_table(g, "summary", t, sizeof(ml_in_measure), &s->n_measures);
    H5Tclose(t);
    H5Tclose(st);
    if (!s->m)
        return -1;
    for (size_t i = 0; i < s->n_measures; i++) {
        char p[64];
        snprintf(p, sizeof p, "ep/%s", s->m[i].name);
        s->m[i].is_amount = H5Lexists(g, "ep", H5P_DEFAULT) > 0 &&
                            H5Lexists(g, p, H5P_DEFAULT) > 0;
    }
    return 0;
}

/* Whether table name of g has a column called col (a version 1 file's
 * policy table has no mc_se). */
static int has_column(hid_t g, const char *name, const char *col)
{
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0)
        return 0;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t ft = d < 0 ? -1 : H5Dget_type(d);
    int yes = ft >= 0 && H5Tget_class(ft) == H5T_COMPOUND && H5Tget_member_index(ft, col) >= 0;
    if (ft >= 0)
        H5Tclose(ft);
    if (d >= 0)
        H5Dclose(d);
    return yes;
}

static void read_policy(hid_t g, ml_in_scenario *s)
{
    hid_t nt = str_t(sizeof s->metric[0].name), ut = str_t(sizeof s->metric[0].unit);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_in_metric));
    int se = has_column(g, "policy", "mc_se");
    H5Tinsert(t, "metric", HOFFSET(ml_in_metric, name), nt);
    H5Tinsert(t, "value", HOFFSET(ml_in_metric, value), H5T_NATIVE_DOUBLE);
    if (se)
        H5Tinsert(t, "mc_se", HOFFSET(ml_in_metric, mc_se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "unit", HOFFSET(ml_in_metric, unit), ut);
    s->metric = read_table(g, "policy", t, sizeof(ml_in_metric), &s->n_metrics);
    for (size_t i = 0; !se && i < s->n_metrics; i++)
        s->metric[i].mc_se = NAN; /* not in the file: unknown */
    H5Tclose(t);
    H5Tclose(nt);
    H5Tclose(ut);
}

typedef struct {
    char kind[16], group[64];
    double beds, pure, per_hospital, per_bed, per_exposure;
    double hospitals, ins_hospitals, ins_beds; /* version 4: the insured divisors */
} price_row;

typedef struct {
    char name[64], kind[16], basis[24];
    double value, ceded, net_var995;
    double premium[3]; /* a layer's premium: expected value, sd, cost of capital */
} named_value;

static void add_metric(ml_in_metric *list, size_t *n, size_t cap, const char *name,
                       const char *unit, double v)
{
    if (*n == cap)
        return;
    ml_in_metric *m = &list[(*n)++];
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->unit, sizeof m->unit, "%s", unit);
    m->value = v;
    m->mc_se = NAN;
}

static void add_price(ml_in_scenario *s, size_t cap, const char *cur, const char *unit,
                      double v, const char *fmt, const char *a, const char *b)
{
    if (s->n_price == cap)
        return;
    ml_in_metric *m = &s->price[s->n_price++];
    /* Long group names are cut to fit the table's fixed columns. */
    if (snprintf(m->name, sizeof m->name, fmt, a, b) >= (int)sizeof m->name)
        m->name[sizeof m->name - 2] = '~';
    if (snprintf(m->unit, sizeof m->unit, "%s%s", cur, unit) >= (int)sizeof m->unit)
        m->unit[sizeof m->unit - 2] = '~';
    m->value = v;
    m->mc_se = NAN; /* the pricing tables carry no standard error of these */
}

/* The pricing figures a side-by-side table can hold: the portfolio's pure
 * premium and its rates, each grade's rate per hospital and per bed, each
 * specialty's rate per exposure unit (and, version 4, per bed of its own),
 * with the insured shares they are on, the premium under each principle,
 * and each layer's expected recovery, its premium under each principle and
 * the net VaR99.5 it leaves. */
static void read_pricing(hid_t g, ml_in_scenario *s)
{
    if (H5Lexists(g, "pricing", H5P_DEFAULT) <= 0)
        return;
    hid_t pg = H5Gopen2(g, "pricing", H5P_DEFAULT);
    if (pg < 0)
        return;
    char unit[64] = "exposure unit";
    read_attr_str(pg, "exposure_unit", unit, sizeof unit);
    hid_t kt = str_t(16), nt = str_t(64);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(price_row));
    H5Tinsert(t, "kind", HOFFSET(price_row, kind), kt);
    H5Tinsert(t, "group", HOFFSET(price_row, group), nt);
    H5Tinsert(t, "beds", HOFFSET(price_row, beds), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "pure_premium", HOFFSET(price_row, pure), H5T_NATIVE_DOUBLE);
    /* A version 4 file's rates are shown per insured unit, the insurer's
     * rates, and say so in their units; an older file's per unit of all
     * (its specialties' rates per bed were spread over every bed: not shown). */
    int ins = has_column(pg, "premium_by_group", "per_insured_bed");
    H5Tinsert(t, ins ? "per_insured_hospital" : "per_hospital",
              HOFFSET(price_row, per_hospital), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, ins ? "per_insured_bed" : "per_bed", HOFFSET(price_row, per_bed),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, ins ? "per_insured_exposure_unit" : "per_exposure_unit",
              HOFFSET(price_row, per_exposure), H5T_NATIVE_DOUBLE);
    if (ins) {
        H5Tinsert(t, "hospitals", HOFFSET(price_row, hospitals), H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "insured_hospitals", HOFFSET(price_row, ins_hospitals),
                  H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "insured_beds", HOFFSET(price_row, ins_beds), H5T_NATIVE_DOUBLE);
    }
    size_t nr = 0, np = 0, nl = 0;
    price_row *r = read_table(pg, "premium_by_group", t, sizeof *r, &nr);
    H5Tclose(t);
    t = H5Tcreate(H5T_COMPOUND, sizeof(named_value));
    H5Tinsert(t, "principle", HOFFSET(named_value, name), nt);
    H5Tinsert(t, "premium", HOFFSET(named_value, value), H5T_NATIVE_DOUBLE);
    hid_t bt = str_t(24);
    H5Tinsert(t, "basis", HOFFSET(named_value, basis), bt);
    named_value *p = read_table(pg, "principles", t, sizeof *p, &np);
    if (!p) { /* a version 1 or 2 file: no basis column, every row annual */
        H5Tclose(t);
        t = H5Tcreate(H5T_COMPOUND, sizeof(named_value));
        H5Tinsert(t, "principle", HOFFSET(named_value, name), nt);
        H5Tinsert(t, "premium", HOFFSET(named_value, value), H5T_NATIVE_DOUBLE);
        p = read_table(pg, "principles", t, sizeof *p, &np);
    }
    H5Tclose(bt);
    H5Tclose(t);
    /* The layers' premiums when the table has them (every file medliab
     * writes; a file without them still shows its layers' recoveries).
     * A column the file lacks reads as 0, so it is looked for first. */
    int has_prem = has_column(pg, "layers", "premium_ev") &&
                   has_column(pg, "layers", "premium_sd") &&
                   has_column(pg, "layers", "premium_coc");
    t = H5Tcreate(H5T_COMPOUND, sizeof(named_value));
    H5Tinsert(t, "layer", HOFFSET(named_value, name), nt);
    H5Tinsert(t, "kind", HOFFSET(named_value, kind), kt);
    H5Tinsert(t, "expected_ceded", HOFFSET(named_value, ceded), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "net_var995", HOFFSET(named_value, net_var995), H5T_NATIVE_DOUBLE);
    if (has_prem) {
        H5Tinsert(t, "premium_ev", HOFFSET(named_value, premium[0]), H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "premium_sd", HOFFSET(named_value, premium[1]), H5T_NATIVE_DOUBLE);
        H5Tinsert(t, "premium_coc", HOFFSET(named_value, premium[2]), H5T_NATIVE_DOUBLE);
    }
    named_value *l = read_table(pg, "layers", t, sizeof *l, &nl);
    H5Tclose(t);
    H5Tclose(kt);
    H5Tclose(nt);
    H5Gclose(pg);
    size_t cap = 6 + 4 * nr + np + 5 * nl;
    if ((s->price = calloc(cap, sizeof *s->price))) {
        const char *c = s->currency, *in = ins ? " insured" : "";
        char per_unit[96], per_h[40], per_b[40];
        snprintf(per_unit, sizeof per_unit, " per%s %s a year", in, unit);
        snprintf(per_h, sizeof per_h, " per%s hospital a year", in);
        snprintf(per_b, sizeof per_b, " per%s bed a year", in);
        for (size_t i = 0; i < nr; i++) {
            const char *k = r[i].kind, *gr = r[i].group;
            double beds = ins ? r[i].ins_beds : r[i].beds;
            if (!strcmp(k, "total")) {
                add_price(s, cap, c, " a year", r[i].pure, "pure premium%s%s", "", "");
                add_price(s, cap, c, per_h, r[i].per_hospital, "pure premium per%s%s", in,
                          " hospital");
                if (beds > 0)
                    add_price(s, cap, c, per_b, r[i].per_bed, "pure premium per%s%s", in,
                              " bed");
                add_price(s, cap, c, per_unit, r[i].per_exposure, "pure premium%s%s", "", "");
                /* What the insured rates are on: the expected insured share. */
                if (ins && r[i].hospitals > 0)
                    add_price(s, cap, "", "expected share",
                              r[i].ins_hospitals / r[i].hospitals, "insured share of %s%s",
                              "hospitals", "");
                if (ins && r[i].beds > 0)
                    add_price(s, cap, "", "expected share", r[i].ins_beds / r[i].beds,
                              "insured share of %s%s", "beds", "");
            } else if (!strcmp(k, "grade")) {
                add_price(s, cap, c, per_h, r[i].per_hospital, "%s%s", gr, " hospital");
                if (beds > 0)
                    add_price(s, cap, c, per_b, r[i].per_bed, "%s%s", gr, " bed");
            } else if (!strcmp(k, "specialty")) {
                add_price(s, cap, c, per_unit, r[i].per_exposure, "%s%s", gr, "");
                if (ins && beds > 0)
                    add_price(s, cap, c, per_b, r[i].per_bed, "%s%s", gr, " bed");
            }
        }
        /* The annual loss under every principle; each time basis at its
         * present value plus risk margin alone, so the table stays short. */
        for (size_t i = 0; i < np; i++)
            if (!p[i].basis[0] || !strcmp(p[i].basis, "annual")) {
                if (strcmp(p[i].name, "pure"))
                    add_price(s, cap, c, " a year", p[i].value, "premium, %s%s", p[i].name,
                              "");
            } else if (!strcmp(p[i].name, "risk_margin"))
                add_price(s, cap, c, "", p[i].value, "premium, PV + risk margin, %s%s",
                          p[i].basis, "");
        /* A layer's premium under each principle, on its ceded series (the
         * names as run's layer table, "CoC premium"). */
        static const char *const prem[3] = {": EV premium", ": SD premium", ": CoC premium"};
        for (size_t i = 0; i < nl; i++) {
            add_price(s, cap, c, " a year", l[i].ceded, "layer %s%s", l[i].name,
                      ": expected ceded");
            for (int k = 0; has_prem && k < 3; k++)
                add_price(s, cap, c, " a year", l[i].premium[k], "layer %s%s", l[i].name,
                          prem[k]);
            add_price(s, cap, c, "", l[i].net_var995, "layer %s%s", l[i].name,
                      ": net VaR99.5");
        }
    }
    free(r);
    free(p);
    free(l);
}

/* The development group's figures a side-by-side table can hold: the
 * valuation (paid, case reserves, IBNR, outstanding) and the chain ladder's
 * error on the paid and incurred triangles. */
typedef struct {
    char figure[32];
    double mean;
} dev_val_row;

typedef struct {
    char triangle[16];
    double mean_rel_error, rmse, coverage95;
} dev_cl_row;

static void read_development(hid_t g, ml_in_scenario *s)
{
    if (H5Lexists(g, "development", H5P_DEFAULT) <= 0)
        return;
    hid_t dg = H5Gopen2(g, "development", H5P_DEFAULT);
    if (dg < 0)
        return;
    hid_t ft = str_t(32), tt = str_t(16);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(dev_val_row));
    H5Tinsert(t, "figure", HOFFSET(dev_val_row, figure), ft);
    H5Tinsert(t, "mean", HOFFSET(dev_val_row, mean), H5T_NATIVE_DOUBLE);
    size_t nv = 0, nc = 0;
    dev_val_row *v = read_table(dg, "valuation", t, sizeof *v, &nv);
    H5Tclose(t);
    t = H5Tcreate(H5T_COMPOUND, sizeof(dev_cl_row));
    H5Tinsert(t, "triangle", HOFFSET(dev_cl_row, triangle), tt);
    H5Tinsert(t, "mean_rel_error", HOFFSET(dev_cl_row, mean_rel_error), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "rmse", HOFFSET(dev_cl_row, rmse), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "coverage95", HOFFSET(dev_cl_row, coverage95), H5T_NATIVE_DOUBLE);
    dev_cl_row *c = read_table(dg, "reserving", t, sizeof *c, &nc);
    H5Tclose(t);
    H5Tclose(ft);
    H5Tclose(tt);
    H5Gclose(dg);
    size_t cap = nv + 3 * nc;
    if (cap && (s->dev = calloc(cap, sizeof *s->dev))) {
        for (size_t i = 0; i < nv; i++)
            add_metric(s->dev, &s->n_dev, cap, v[i].figure, s->currency, v[i].mean);
        for (size_t i = 0; i < nc; i++) {
            char name[48];
            snprintf(name, sizeof name, "chain ladder %s: mean rel. error", c[i].triangle);
            add_metric(s->dev, &s->n_dev, cap, name, "share of the true reserve",
                       c[i].mean_rel_error);
            snprintf(name, sizeof name, "chain ladder %s: rmse", c[i].triangle);
            add_metric(s->dev, &s->n_dev, cap, name, s->currency, c[i].rmse);
            snprintf(name, sizeof name, "chain ladder %s: Mack 95%% cover", c[i].triangle);
            add_metric(s->dev, &s->n_dev, cap, name, "share of replicates", c[i].coverage95);
        }
    }
    free(v);
    free(c);
}

/* One mean cumulative triangle of a development group into a malloc'd
 * [years][columns] array; ml_h5in_check has checked its shape. */
static double *read_triangle(hid_t dg, const char *name, unsigned years, unsigned columns)
{
    double *x = malloc((size_t)years * columns * sizeof *x);
    hid_t d = x ? H5Dopen2(dg, name, H5P_DEFAULT) : -1;
    if (d < 0 || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
        free(x);
        x = NULL;
    }
    if (d >= 0)
        H5Dclose(d);
    return x;
}

/* The triangles the plots draw (paid and reported_count), when the
 * scenario has a development group: -1 when it has one that cannot be
 * read, so a plot is never silently left out. */
static int read_triangles(hid_t g, ml_in_scenario *s)
{
    if (H5Lexists(g, "development", H5P_DEFAULT) <= 0)
        return 0;
    hid_t dg = H5Gopen2(g, "development", H5P_DEFAULT);
    if (dg < 0)
        return -1;
    unsigned y = (unsigned)read_attr_u64(dg, "years");
    unsigned d = (unsigned)read_attr_u64(dg, "development_years");
    s->dev_paid = read_triangle(dg, "paid", y, d);
    s->dev_reported = read_triangle(dg, "reported_count", y, d);
    H5Gclose(dg);
    if (!s->dev_paid || !s->dev_reported) {
        free(s->dev_paid);
        free(s->dev_reported);
        s->dev_paid = s->dev_reported = NULL;
        return -1;
    }
    s->dev_years = y;
    s->dev_columns = d;
    return 0;
}

typedef struct {
    char (*names)[64];
    size_t n;
} name_list;

/* The links of a group in name order (HDF5 1.10 and 1.12 alike). */
static int list_group(hid_t g, name_list *l)
{
    H5G_info_t info;
    if (H5Gget_info(g, &info) < 0)
        return -1;
    l->names = calloc(info.nlinks ? info.nlinks : 1, sizeof *l->names);
    if (!l->names)
        return -1;
    for (hsize_t i = 0; i < info.nlinks; i++)
        if (H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, l->names[i], 64,
                               H5P_DEFAULT) < 0)
            return -1;
    l->n = info.nlinks;
    return 0;
}

/* ---- The contract (README, "Output format") ---------------------------- */

/* The innermost HDF5 error message ("incorrect metadata checksum ..."), so
 * that a damaged file says why it cannot be read. */
static herr_t first_error(unsigned n, const H5E_error2_t *e, void *out)
{
    if (n == 0 && e->desc)
        snprintf(out, 160, "%s", e->desc);
    return 0;
}

static const char *h5_reason(char *buf)
{
    buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, buf);
    return buf[0] ? buf : "no reason given by HDF5";
}

static const char *class_name(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER: return "an integer";
    case H5T_FLOAT: return "a float";
    case H5T_STRING: return "a string";
    case H5T_COMPOUND: return "a compound";
    case H5T_ARRAY: return "an array";
    case H5T_ENUM: return "an enum";
    default: return "an unexpected";
    }
}

/* Attribute name of loc (at where) exists, is a scalar or one-element
 * attribute of class want; required ones must exist. */
static int check_attr(hid_t loc, const char *path, const char *where, const char *name,
                      H5T_class_t want, int required, ml_err *err)
{
    char why[160];
    htri_t ex = H5Aexists(loc, name);
    if (ex < 0)
        return ML_ERROR(err, ML_EIO, "%s: %s: cannot read attribute %s (damaged file: %s)",
                        path, where, name, h5_reason(why));
    if (ex == 0)
        return required ? ML_ERROR(err, ML_EIO, "%s: %s: no attribute %s", path, where, name)
                        : ML_OK;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a < 0 ? -1 : H5Aget_type(a);
    hid_t sp = a < 0 ? -1 : H5Aget_space(a);
    int rc = ML_OK;
    if (t < 0 || sp < 0)
        rc = ML_ERROR(err, ML_EIO, "%s: %s: cannot read attribute %s (damaged file: %s)",
                      path, where, name, h5_reason(why));
    else if (H5Tget_class(t) != want)
        rc = ML_ERROR(err, ML_EIO, "%s: %s: attribute %s is %s, not %s", path, where, name,
                      class_name(H5Tget_class(t)), want == H5T_STRING ? "a string"
                                                                      : "an integer");
    else if (H5Sget_simple_extent_npoints(sp) != 1)
        rc = ML_ERROR(err, ML_EIO, "%s: %s: attribute %s holds %lld values, not one", path,
                      where, name, (long long)H5Sget_simple_extent_npoints(sp));
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

/* Every dataset of group grp (annual, annual_max) of a scenario: float64,
 * one dimension of replicates values, every one finite.  A NaN or an
 * infinity is not a loss any statistic could be made of. */
static int check_samples(hid_t g, const char *path, const char *scen, const char *grp,
                         uint64_t replicates, double *buf, ml_err *err)
{
    char why[160];
    hid_t a = H5Gopen2(g, grp, H5P_DEFAULT);
    if (a < 0)
        return ML_ERROR(err, ML_EIO, "%s: /scenarios/%s: cannot open group %s (damaged "
                        "file: %s)", path, scen, grp, h5_reason(why));
    name_list l = {0};
    int rc = ML_OK;
    if (list_group(a, &l))
        rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s: cannot list %s", path, scen, grp);
    for (size_t i = 0; i < l.n && !rc; i++) {
        const char *m = l.names[i];
        hid_t d = H5Dopen2(a, m, H5P_DEFAULT);
        if (d < 0) {
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s is not a dataset, or is "
                          "damaged (%s)", path, scen, grp, m, h5_reason(why));
            break;
        }
        hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
        int nd = sp < 0 ? -1 : H5Sget_simple_extent_ndims(sp);
        hsize_t len = 0;
        if (t < 0 || sp < 0 || nd < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s: cannot read its type or "
                          "shape (%s)", path, scen, grp, m, h5_reason(why));
        else if (H5Tget_class(t) == H5T_FLOAT && H5Tget_size(t) != sizeof(double))
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s is a %zu-bit float dataset, "
                          "not float64", path, scen, grp, m, 8 * H5Tget_size(t));
        else if (H5Tget_class(t) != H5T_FLOAT)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s is %s dataset, not float64",
                          path, scen, grp, m, class_name(H5Tget_class(t)));
        else if (nd != 1)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s has %d dimensions, not 1",
                          path, scen, grp, m, nd);
        else if (H5Sget_simple_extent_dims(sp, &len, NULL) < 0 || len != replicates)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s has %llu values, not "
                          "replicates = %llu", path, scen, grp, m, (unsigned long long)len,
                          (unsigned long long)replicates);
        else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s: cannot read (damaged "
                          "file: %s)", path, scen, grp, m, h5_reason(why));
        for (hsize_t k = 0; !rc && k < len; k++)
            if (!isfinite(buf[k]))
                rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/%s/%s[%llu] is %s: samples "
                              "must be finite", path, scen, grp, m, (unsigned long long)k,
                              isnan(buf[k]) ? "nan" : "inf");
        if (sp >= 0)
            H5Sclose(sp);
        if (t >= 0)
            H5Tclose(t);
        H5Dclose(d);
    }
    if (!rc && !strcmp(grp, "annual") && l.n == 0)
        rc = ML_ERROR(err, ML_EIO, "%s: /scenarios/%s/annual holds no measure", path, scen);
    free(l.names);
    H5Gclose(a);
    return rc;
}

/* One scenario group: its attributes, and its samples in annual/ (required)
 * and annual_max/. */
/* The shape of a 2-D or 1-D float dataset name of group g: 0 when it is
 * a float dataset of exactly those dimensions. */
static int dims_are(hid_t g, const char *name, int rank, hsize_t d0, hsize_t d1)
{
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0)
        return -1;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t sp = H5Dget_space(d), ty = H5Dget_type(d);
    hsize_t dims[2] = {0, 0};
    int ok = sp >= 0 && ty >= 0 && H5Tget_class(ty) == H5T_FLOAT &&
             H5Sget_simple_extent_ndims(sp) == rank &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == rank && dims[0] == d0 &&
             (rank == 1 || dims[1] == d1);
    if (ty >= 0) H5Tclose(ty);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(d);
    return ok ? 0 : -1;
}

/* A development group (version 3, optional): its years, its triangles
 * [years][development_years] and ledgers of replicates x stride values. */
static int check_development(hid_t g, const char *path, const char *where, uint64_t reps,
                             ml_err *err)
{
    if (H5Lexists(g, "development", H5P_DEFAULT) <= 0)
        return ML_OK;
    hid_t dg = H5Gopen2(g, "development", H5P_DEFAULT);
    if (dg < 0)
        return ML_ERROR(err, ML_EIO, "%s: %s/development: not a group", path, where);
    int rc = ML_OK;
    uint64_t y = 0, d = 0;
    if ((rc = check_attr(dg, path, where, "years", H5T_INTEGER, 1, err)) ||
        (rc = check_attr(dg, path, where, "development_years", H5T_INTEGER, 1, err))) {
        H5Gclose(dg);
        return rc;
    }
    y = read_attr_u64(dg, "years");
    d = read_attr_u64(dg, "development_years");
    if (y < 1 || y > ML_YEARS_MAX || d < y || d > ML_DEV_YEARS_MAX)
        rc = ML_ERROR(err, ML_EIO, "%s: %s/development: %llu accident years and %llu "
                      "development years break the contract (1 to %d accident years, as many "
                      "development years or more, at most %d)", path, where,
                      (unsigned long long)y, (unsigned long long)d, ML_YEARS_MAX,
                      ML_DEV_YEARS_MAX);
    static const char *const tri[] = {"reported_count", "paid_count", "paid", "incurred"};
    for (int k = 0; k < 4 && !rc; k++)
        if (dims_are(dg, tri[k], 2, y, d))
            rc = ML_ERROR(err, ML_EIO, "%s: %s/development/%s: expected a float64 dataset "
                          "[%llu][%llu] (accident years x development years)", path, where,
                          tri[k], (unsigned long long)y, (unsigned long long)d);
    if (!rc && dims_are(dg, "ledger", 1, reps * ml_dev_stride((unsigned)y, (unsigned)d), 0))
        rc = ML_ERROR(err, ML_EIO, "%s: %s/development/ledger: expected %llu replicates x %zu "
                      "values", path, where, (unsigned long long)reps,
                      ml_dev_stride((unsigned)y, (unsigned)d));
    H5Gclose(dg);
    return rc;
}

static int check_scenario(hid_t top, const char *path, const char *scen, uint64_t replicates,
                          double *buf, ml_err *err)
{
    char why[160], where[96];
    snprintf(where, sizeof where, "/scenarios/%s", scen);
    hid_t g = H5Gopen2(top, scen, H5P_DEFAULT);
    if (g < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open %s as a group (damaged file: %s)",
                        path, where, h5_reason(why));
    static const char *const str_attrs[] = {"portfolio", "regime", "currency"};
    int rc = ML_OK;
    for (size_t k = 0; k < 3 && !rc; k++)
        rc = check_attr(g, path, where, str_attrs[k], H5T_STRING, 1, err);
    for (int k = 0; k < 2 && !rc; k++) {
        const char *grp = k ? "annual_max" : "annual";
        htri_t ex = H5Lexists(g, grp, H5P_DEFAULT);
        if (ex < 0)
            rc = ML_ERROR(err, ML_EIO, "%s: %s: cannot look up %s (damaged file: %s)", path,
                          where, grp, h5_reason(why));
        else if (ex > 0)
            rc = check_samples(g, path, scen, grp, replicates, buf, err);
        else if (!k)
            rc = ML_ERROR(err, ML_EIO, "%s: %s: no group annual (the samples)", path, where);
    }
    if (!rc)
        rc = check_development(g, path, where, replicates, err);
    H5Gclose(g);
    return rc;
}

static int check_file(hid_t f, const char *path, ml_err *err)
{
    char why[160], fmt[64];
    int rc;
    if ((rc = check_attr(f, path, "/", "format", H5T_STRING, 1, err)))
        return rc;
    if (read_attr_str(f, "format", fmt, sizeof fmt) || strcmp(fmt, "medliab-results"))
        return ML_ERROR(err, ML_EIO, "%s: not a medliab results file: format is '%s', not "
                        "'medliab-results'%s", path, fmt,
                        strcmp(fmt, "medliab-shard") ? ""
                                                     : " (a shard: `medliab merge OUT.h5` it "
                                                       "with the run's other shards first)");
    static const char *const int_attrs[] = {"format_version", "replicates", "seed"};
    for (size_t k = 0; k < 3; k++)
        if ((rc = check_attr(f, path, "/", int_attrs[k], H5T_INTEGER, 1, err)))
            return rc;
    uint64_t version = read_attr_u64(f, "format_version");
    if (version < 1 || version > ML_H5IN_FORMAT_VERSION)
        return ML_ERROR(err, ML_EIO, "%s: format_version %llu is %s than this medliab reads "
                        "(%d)%s", path, (unsigned long long)version,
                        version < 1 ? "older" : "newer", ML_H5IN_FORMAT_VERSION,
                        version < 1 ? "" : ": read it with a newer medliab");
    uint64_t reps = read_attr_u64(f, "replicates");
    if (reps == 0)
        return ML_ERROR(err, ML_EIO, "%s: attribute replicates is 0: a results file holds at "
                        "least one replicate", path);
    htri_t ex = H5Lexists(f, "scenarios", H5P_DEFAULT);
    if (ex <= 0)
        return ML_ERROR(err, ML_EIO, "%s: %s", path, ex < 0 ? "cannot look up /scenarios"
                                                              : "no group /scenarios");
    hid_t top = H5Gopen2(f, "scenarios", H5P_DEFAULT);
    if (top < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open /scenarios (damaged file: %s)", path,
                        h5_reason(why));
    name_list l = {0};
    double *buf = NULL;
    if (list_group(top, &l))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot list /scenarios", path);
    else if (l.n == 0)
        rc = ML_ERROR(err, ML_EIO, "%s: /scenarios holds no scenario", path);
    else if (!(buf = malloc(reps * sizeof *buf)))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory checking %s (%llu replicates)", path,
                      (unsigned long long)reps);
    for (size_t i = 0; i < l.n && !rc; i++)
        rc = check_scenario(top, path, l.names[i], reps, buf, err);
    free(buf);
    free(l.names);
    H5Gclose(top);
    return rc;
}

hid_t ml_h5r_open(const char *path)
{
    ml_h5_lib_open();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
}

char *ml_h5r_attr_text(hid_t loc, const char *name)
{
    if (H5Aexists(loc, name) <= 0)
        return NULL;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t ft = a < 0 ? -1 : H5Aget_type(a);
    char *out = NULL;
    if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
        hid_t mt = H5Tcopy(ft); /* same cset: HDF5 will not convert ASCII <-> UTF-8 */
        if (H5Tis_variable_str(ft) > 0) {
            char *s = NULL;
            if (H5Aread(a, mt, &s) >= 0 && s) {
                out = strdup(s);
                H5free_memory(s);
            }
        } else {
            size_t sz = H5Tget_size(ft);
            out = calloc(sz + 1, 1);
            if (out && H5Aread(a, mt, out) < 0) {
                free(out);
                out = NULL;
            }
        }
        H5Tclose(mt);
    }
    if (ft >= 0)
        H5Tclose(ft);
    if (a >= 0)
        H5Aclose(a);
    return out;
}

int ml_h5in_check(const char *path, ml_err *err)
{
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open as an HDF5 results file", path);
    int rc = check_file(f, path, err);
    ml_h5_fclose(f);
    return rc;
}

int ml_h5in_read(const char *path, ml_in_scenario **sc, size_t *n, ml_err *err)
{
    int rc = ml_h5in_check(path, err);
    if (rc)
        return rc;
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open as an HDF5 results file", path);
    char fmt[64];
    name_list l = {0};
    hid_t top = -1;
    if (read_attr_str(f, "format", fmt, sizeof fmt) || strcmp(fmt, "medliab-results")) {
        rc = ML_ERROR(err, ML_EIO, "%s: not a medliab results file (no format attribute "
                      "'medliab-results')", path);
        goto done;
    }
    top = H5Gopen2(f, "scenarios", H5P_DEFAULT);
    /* Creation order is not tracked, so scenarios come in name order. */
    if (top < 0 || list_group(top, &l)) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot list /scenarios", path);
        goto done;
    }
    ml_in_scenario *all = realloc(*sc, (*n + l.n) * sizeof *all);
    if (!all) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto done;
    }
    *sc = all;
    for (size_t i = 0; i < l.n; i++) {
        ml_in_scenario *s = &all[*n];
        memset(s, 0, sizeof *s);
        snprintf(s->file, sizeof s->file, "%s", path);
        snprintf(s->name, sizeof s->name, "%s", l.names[i]);
        s->replicates = read_attr_u64(f, "replicates");
        s->seed = read_attr_u64(f, "seed");
        hid_t g = H5Gopen2(top, l.names[i], H5P_DEFAULT);
        if (g < 0) {
            rc = ML_ERROR(err, ML_EIO, "%s: cannot open /scenarios/%s", path, l.names[i]);
            goto done;
        }
        read_attr_str(g, "currency", s->currency, sizeof s->currency);
        read_attr_str(g, "portfolio", s->portfolio, sizeof s->portfolio);
        read_attr_str(g, "regime", s->regime, sizeof s->regime);
        int bad = read_summary(g, s), bad_dev = 0;
        if (!bad) {
            read_policy(g, s);
            read_pricing(g, s);
            read_development(g, s);
            bad_dev = read_triangles(g, s);
        }
        H5Gclose(g);
        (*n)++;
        if (bad || bad_dev) {
            rc = ML_ERROR(err, ML_EIO, "%s: cannot read /scenarios/%s/%s", path, l.names[i],
                          bad ? "summary" : "development (paid, reported_count)");
            goto done;
        }
    }
done:
    free(l.names);
    if (top >= 0)
        H5Gclose(top);
    ml_h5_fclose(f);
    return rc;
}

int ml_h5in_annual(const char *path, const char *scenario, const char *measure,
                   double **x, size_t *n, ml_err *err)
{
    *x = NULL;
    *n = 0;
    hid_t f = ml_h5r_open(path);
    if (f < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot open", path);
    char p[256];
    snprintf(p, sizeof p, "/scenarios/%s/annual/%s", scenario, measure);
    int rc = ML_OK;
    hid_t d = H5Lexists(f, "/scenarios", H5P_DEFAULT) > 0 ? H5Dopen2(f, p, H5P_DEFAULT) : -1;
    if (d < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: no dataset %s", path, p);
    } else {
        hid_t sp = H5Dget_space(d);
        hssize_t k = H5Sget_simple_extent_npoints(sp);
        *x = malloc((k > 0 ? (size_t)k : 1) * sizeof **x);
        if (!*x)
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", p);
        else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *x) < 0) {
            free(*x);
            *x = NULL;
            rc = ML_ERROR(err, ML_EIO, "%s: cannot read %s", path, p);
        } else
            *n = (size_t)k;
        H5Sclose(sp);
        H5Dclose(d);
    }
    ml_h5_fclose(f);
    return rc;
}

void ml_h5in_free(ml_in_scenario *sc, size_t n)
{
    for (size_t i = 0; sc && i < n; i++) {
        free(sc[i].m);
        free(sc[i].metric);
        free(sc[i].price);
        free(sc[i].dev);
        free(sc[i].dev_paid);
        free(sc[i].dev_reported);
    }
    free(sc);
}

/* The shared reading steps (h5read.h), for the room's other readers. */
int ml_h5r_attr_str(hid_t loc, const char *name, char *out, size_t cap)
{
    return read_attr_str(loc, name, out, cap);
}

uint64_t ml_h5r_attr_u64(hid_t loc, const char *name)
{
    return read_attr_u64(loc, name);
}

void *ml_h5r_table(hid_t g, const char *name, hid_t t, size_t rowsize, size_t *rows)
{
    return read_table(g, name, t, rowsize, rows);
}
