/*
 * h5pricing.c — see h5pricing.h.  The annual series are stored beside the
 * tables (rows of 2-D datasets, one row per group or layer, in table
 * order), so that a reader can recompute every figure without the engine.
 * Grade names are free text and could hold '/', so groups are rows, not
 * dataset names.
 */
#include "h5pricing.h"
#include "h5deflate.h"
#include "h5par.h"
#include "h5write.h"

#include <stdlib.h>
#include <string.h>

/* Every row of the rows x n dataset being made with pl maps the 1-D
 * dataset src of this file: a virtual dataset, whose reads are src's
 * samples, stored once.  Negative on failure. */
static herr_t map_rows(hid_t pl, size_t rows, size_t n, const char *src)
{
    hsize_t dims[2] = {rows, n}, sn = n;
    hid_t vs = H5Screate_simple(2, dims, NULL), ss = H5Screate_simple(1, &sn, NULL);
    herr_t st = vs < 0 || ss < 0 ? -1 : 0;
    for (size_t k = 0; st >= 0 && k < rows; k++) {
        hsize_t start[2] = {k, 0}, count[2] = {1, n};
        st = H5Sselect_hyperslab(vs, H5S_SELECT_SET, start, NULL, count, NULL);
        if (st >= 0)
            st = H5Pset_virtual(pl, vs, ".", src, ss);
    }
    if (vs >= 0)
        H5Sclose(vs);
    if (ss >= 0)
        H5Sclose(ss);
    return st;
}

/* rows x n float64, chunked one row at a time; names[k] labels row k.
 * src (NULL: none): the path of an annual dataset every row equals bit
 * for bit, which the rows then map (map_rows) instead of holding. */
static int write_rows(hid_t g, const char *name, double *const *x, size_t rows, size_t n,
                      const char *names, size_t name_len, ml_h5_deflater *z, const char *src)
{
    hsize_t dims[2] = {rows, n};
    size_t chunk = n < ML_H5_DEFLATE_CHUNK ? (n ? n : 1) : ML_H5_DEFLATE_CHUNK;
    hid_t sp = H5Screate_simple(2, dims, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    const int mapped = src && rows > 0 && n > 0;
    int whole = !mapped; /* deflated only when whole numbers (the ranks agree: h5par.h) */
    for (size_t k = 0; k < rows && whole; k++)
        whole = ml_h5par_whole_numbers(x[k], n);
    /* Chunked only when filtered, as the annual samples (h5out.c). */
    whole = rows > 0 && whole;
    herr_t st = mapped ? map_rows(pl, rows, n, src) : whole ? ml_h5_deflate_filters(pl, 2, chunk) : 0;
    hid_t d = st < 0 ? -1
                     : H5Dcreate2(g, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    st = d < 0 ? -1 : 0;
    /* Under MPI each rank writes its block of every row (h5par.h). */
    for (size_t k = 0; st >= 0 && !mapped && n > 0 && k < rows; k++)
        st = whole ? ml_h5par_write_deflated(d, 2, k, x[k], n, chunk, 0, z)
                   : ml_h5par_write_row(d, k, x[k], n);
    if (st >= 0) {
        /* The row labels, as an attribute array of fixed-length strings. */
        hsize_t nr = rows;
        hid_t t = ml_h5w_str_type(name_len);
        hid_t asp = H5Screate_simple(1, &nr, NULL);
        hid_t a = H5Acreate2(d, "names", t, asp, H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0 || (rows > 0 && H5Awrite(a, t, names) < 0))
            st = -1;
        if (a >= 0)
            H5Aclose(a);
        H5Sclose(asp);
        H5Tclose(t);
    }
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(pl);
    H5Sclose(sp);
    return st < 0 ? -1 : 0;
}

static int write_premium_table(hid_t g, const ml_pricing_result *r)
{
    hid_t kt = ml_h5w_str_type(sizeof r->rows[0].kind), nt = ml_h5w_str_type(sizeof r->rows[0].name);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_premium_row));
    H5Tinsert(t, "kind", HOFFSET(ml_premium_row, kind), kt);
    H5Tinsert(t, "group", HOFFSET(ml_premium_row, name), nt);
    H5Tinsert(t, "hospitals", HOFFSET(ml_premium_row, hospitals), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "beds", HOFFSET(ml_premium_row, beds), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "exposure", HOFFSET(ml_premium_row, exposure), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "pure_premium", HOFFSET(ml_premium_row, mean), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "se", HOFFSET(ml_premium_row, se), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_hospital", HOFFSET(ml_premium_row, per_hospital), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_bed", HOFFSET(ml_premium_row, per_bed), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_exposure_unit", HOFFSET(ml_premium_row, per_exposure),
              H5T_NATIVE_DOUBLE);
    /* Version 4: the same rates on the insured part of each divisor. */
    H5Tinsert(t, "insured_hospitals", HOFFSET(ml_premium_row, insured_hospitals),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "insured_beds", HOFFSET(ml_premium_row, insured_beds), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "insured_exposure", HOFFSET(ml_premium_row, insured_exposure),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_insured_hospital", HOFFSET(ml_premium_row, per_insured_hospital),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_insured_bed", HOFFSET(ml_premium_row, per_insured_bed),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "per_insured_exposure_unit", HOFFSET(ml_premium_row, per_insured_exposure),
              H5T_NATIVE_DOUBLE);
    int rc = ml_h5w_table(g, "premium_by_group", t, r->n_rows, r->rows);
    H5Tclose(t);
    H5Tclose(kt);
    H5Tclose(nt);
    return rc;
}

static int write_principles(hid_t g, const ml_pricing_result *r)
{
    hid_t pt = ml_h5w_str_type(sizeof r->principles[0].principle);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_principle_row));
    H5Tinsert(t, "principle", HOFFSET(ml_principle_row, principle), pt);
    H5Tinsert(t, "parameter", HOFFSET(ml_principle_row, parameter), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "pure_premium", HOFFSET(ml_principle_row, pure_premium), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "premium", HOFFSET(ml_principle_row, premium), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "loading", HOFFSET(ml_principle_row, loading), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "capital", HOFFSET(ml_principle_row, capital), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "expected_loss_ratio", HOFFSET(ml_principle_row, loss_ratio),
              H5T_NATIVE_DOUBLE);
    hid_t bt = ml_h5w_str_type(sizeof r->principles[0].basis);
    H5Tinsert(t, "basis", HOFFSET(ml_principle_row, basis), bt);
    int rc = ml_h5w_table(g, "principles", t, r->n_principles, r->principles);
    H5Tclose(t);
    H5Tclose(pt);
    H5Tclose(bt);
    return rc;
}

static int write_layers(hid_t g, const ml_pricing_result *r)
{
    hid_t nt = ml_h5w_str_type(sizeof r->layers[0].name), kt = ml_h5w_str_type(sizeof r->layers[0].kind);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_layer_row));
    H5Tinsert(t, "layer", HOFFSET(ml_layer_row, name), nt);
    H5Tinsert(t, "kind", HOFFSET(ml_layer_row, kind), kt);
#define COL(c) H5Tinsert(t, #c, HOFFSET(ml_layer_row, c), H5T_NATIVE_DOUBLE)
    COL(attachment);
    COL(limit);
    COL(expected_ceded);
    COL(se);
    COL(premium_ev);
    COL(premium_sd);
    COL(premium_coc);
    COL(gross_var995);
    COL(net_var995);
    COL(gross_tvar99);
    COL(net_tvar99);
#undef COL
    int rc = ml_h5w_table(g, "layers", t, r->n_layers, r->layers);
    H5Tclose(t);
    H5Tclose(nt);
    H5Tclose(kt);
    return rc;
}

/* The annual series behind the tables: by specialty, by grade, each layer
 * alone, and the insured loss net of all layers. */
static int write_series(hid_t g, const ml_scenario *s, const ml_results *res,
                        const ml_pricing_result *r, ml_h5_deflater *z)
{
    enum { NL = ML_NAME_MAX };
    size_t most = res->n_spec > res->n_grades ? res->n_spec : res->n_grades;
    if (most < r->n_layers)
        most = r->n_layers;
    char *names = calloc(most ? most : 1, NL);
    if (!names)
        return ML_ENOMEM;
    int rc = 0;
    /* Series that are the portfolio's insured loss (one specialty, one
     * grade, no layers: ml_pricing_result.gross_row, net_is_gross) map
     * annual/insured instead of holding it again. */
    char src[ML_NAME_MAX + 64];
    int n_src = snprintf(src, sizeof src, "/scenarios/%s/annual/%s", s->name,
                         ml_measure_name[ML_M_INSURED]);
    const int may_map = ml_h5par_may_map() && n_src > 0 && (size_t)n_src < sizeof src;
    int spec_gross = may_map && res->n_spec > 0, grade_gross = may_map && res->n_grades > 0;
    for (unsigned k = 0; k < res->n_spec; k++)
        spec_gross = spec_gross && r->gross_row[1 + k];
    for (unsigned k = 0; k < res->n_grades; k++)
        grade_gross = grade_gross && r->gross_row[1 + res->n_spec + k];
    for (unsigned k = 0; k < res->n_spec; k++)
        snprintf(names + k * NL, NL, "%s", s->portfolio.specialties[k].name);
    rc = rc || write_rows(g, "annual_by_specialty", res->spec_insured, res->n_spec, res->n,
                          names, NL, z, spec_gross ? src : NULL);
    memset(names, 0, (most ? most : 1) * NL);
    for (unsigned k = 0; k < res->n_grades; k++)
        snprintf(names + k * NL, NL, "%s", s->pricing.grade_name[k]);
    rc = rc || write_rows(g, "annual_by_grade", res->grade_insured, res->n_grades, res->n,
                          names, NL, z, grade_gross ? src : NULL);
    memset(names, 0, (most ? most : 1) * NL);
    size_t nl = r->n_layers ? r->n_layers - 1 : 0; /* all_layers has no series of its own */
    for (size_t k = 0; k < nl; k++)
        snprintf(names + k * NL, NL, "%s", r->layers[k].name);
    rc = rc || write_rows(g, "annual_ceded", r->ceded, nl, res->n, names, NL, z, NULL);
    /* Without layers net is the insured loss, kept only there. */
    double *net[1] = {r->net_is_gross ? res->annual[ML_M_INSURED] : r->net};
    memset(names, 0, NL);
    snprintf(names, NL, "net_of_all_layers");
    rc = rc || write_rows(g, "annual_net", net, 1, res->n, names, NL, z,
                          r->net_is_gross && may_map ? src : NULL);
    free(names);
    return rc ? -1 : 0;
}

static const char definitions[] =
    "pure_premium: mean over replicates of the group's annual insured loss (measure "
    "'insured'); se = sd/sqrt(n) with sd over n - 1; per_X = pure_premium / X (0 where X "
    "is 0; beds 0 = not given for every hospital of the group); a specialty's divisors are "
    "its own: the hospitals with exposure in it, each hospital's beds times the "
    "specialty's share of that hospital's exposure, its exposure; insured_X = the sum "
    "over the group's hospitals of X times the hospital's probability of being insured "
    "in a year (participation p, or p + (target - p) enforcement under a mandate whose "
    "target is above p; 1 in a textbook regime), per_insured_X = pure_premium / "
    "insured_X, the rate per insured unit; where a "
    "hospital's annual aggregate binds, its specialty shares and per-claim recoveries are "
    "scaled by paid / (sum of per-claim payments). Principles on annual insured X: "
    "expected_value (1 + theta) E X; standard_deviation E X + alpha sd X; cost_of_capital "
    "E X + r (VaR99.5 X - E X); capital = VaR99.5 - E X; expected_loss_ratio = E X / "
    "premium. varP: order statistic of rank ceil(P n); tvarP: varP + E[(X - varP)+] / "
    "(1 - P). Layers: ceded = min(max(amount - attachment, 0), limit) on each claim's "
    "insured outlay (per_claim_xl) or on X (stop_loss); each layer alone against the "
    "gross X; all_layers: per-claim layers first, stop-loss layers on X net of them.";

int ml_h5_write_pricing(hid_t group, const ml_scenario *s, const ml_results *res,
                        const ml_scenario_results *sr, ml_h5_deflater *z)
{
    const ml_pricing_result *r = &sr->pricing;
    hid_t g = H5Gcreate2(group, "pricing", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = g < 0 ? -1 : 0;
    const ml_pricing *pr = &s->pricing;
    rc = rc || write_premium_table(g, r) || write_principles(g, r) ||
         write_layers(g, r) || write_series(g, s, res, r, z) ||
         ml_h5w_attr_f64(g, "expected_value_loading", pr->ev_loading) ||
         ml_h5w_attr_f64(g, "sd_loading", pr->sd_loading) ||
         ml_h5w_attr_f64(g, "cost_of_capital_rate", pr->coc_rate) ||
         ml_h5w_attr_f64(g, "given_premium", pr->premium) ||
         ml_h5w_attr_f64(g, "capital_var_level", ML_PRICING_VAR_PERMILLE / 1000.0) ||
         ml_h5w_attr_str(g, "exposure_unit", s->portfolio.exposure_unit) ||
         ml_h5w_attr_str(g, "currency", s->regime.currency) ||
         ml_h5w_attr_str(g, "definitions", definitions);
    if (g >= 0)
        H5Gclose(g);
    return rc ? -1 : 0;
}
