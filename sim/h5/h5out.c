/*
 * h5out.c — HDF5 results writer (see h5out.h and the README's format
 * section).  Annual datasets are chunked and deflated; the summary and the
 * exceedance tables are compound datasets with one row per measure or
 * return period, laid out from the scenario's results structure
 * (scenario_results.h): the writer computes no figure.  HDF5's own error printing is silenced: failures become
 * ML_EIO with the path in the message.
 */
#include "h5out.h"
#include "h5lib.h"
#include "h5deflate.h"
#include "h5dev.h"
#include "h5par.h"
#include "h5policy.h"
#include "h5pricing.h"
#include "h5write.h"
#include "par.h"
#include "version.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ml_h5 {
    hid_t file;
    ml_h5_deflater z; /* the deflated chunks' threads (1 unless set) */
    char path[1024];
    char tmp[1100];
};

const char *ml_h5_tmp_path(const ml_h5 *f)
{
    return f->tmp;
}

/* For the other writers of this room (h5uncertainty.c). */
hid_t ml_h5_file_id(const ml_h5 *f);
hid_t ml_h5_file_id(const ml_h5 *f)
{
    return f->file;
}

int ml_h5_open(ml_h5 **out, const char *path, uint64_t seed, uint64_t replicates,
               ml_err *err)
{
    ml_h5_lib_open();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    ml_h5 *f = calloc(1, sizeof *f);
    if (!f)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    f->z.threads = 1;
    snprintf(f->path, sizeof f->path, "%s", path);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.%ld", path, (long)getpid());
    ml_par_share_str(f->tmp, sizeof f->tmp); /* MPI: one file, rank 0's name */
    /* The 1.8 file format, so that a scenario group can keep its resolved
     * scenario text in dense attribute storage: a national portfolio's text
     * runs past the 64 KiB an object header holds (h5py, h5dump and R's
     * hdf5r all read it). */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    ml_h5par_set_fapl(fapl); /* MPI: the MPI-IO driver */
    f->file = H5Fcreate(f->tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f->file < 0) {
        char why[1100];
        ml_h5w_folder_problem(path, why, sizeof why);
        int rc = ML_ERROR(err, ML_EIO, "%s: cannot create the output file%s (writing its "
                          "temporary %s)", path, why, f->tmp);
        free(f);
        return rc;
    }
    char when[32];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    ml_par_share_str(when, sizeof when); /* attributes must agree on every rank */
    if (ml_h5w_attr_str(f->file, "format", ML_FORMAT_NAME) ||
        ml_h5w_attr_u64(f->file, "format_version", ML_FORMAT_VERSION) ||
        ml_h5w_attr_str(f->file, "software_version", ML_VERSION) ||
        ml_h5w_attr_str(f->file, "git_commit", ml_git_commit) ||
        ml_h5w_attr_u64(f->file, "seed", seed) ||
        ml_h5w_attr_u64(f->file, "replicates", replicates) ||
        ml_h5w_attr_str(f->file, "created_utc", when)) {
        ml_h5_abort(f);
        return ML_ERROR(err, ML_EIO, "%s: cannot write root attributes", path);
    }
    *out = f;
    return ML_OK;
}

static int write_annual(hid_t grp, const char *name, const double *x, size_t n, int blank,
                        ml_h5_deflater *z)
{
    hsize_t dims[1] = {n};
    size_t chunk = n < ML_H5_DEFLATE_CHUNK ? (n ? n : 1) : ML_H5_DEFLATE_CHUNK;
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    /* Only whole numbers are deflated (ml_h5w_whole_numbers; blank: +0.0
     * alone, as the results structure found), and only a
     * filtered dataset is chunked: an amount goes contiguous, straight to
     * the file, with no chunk cache (whose buffers HDF5 1.10 loses when a
     * full disk fails their flush).  The chunks of a deflated one are
     * written directly too (h5deflate.h).  Under MPI the ranks decide
     * together (h5par.h). */
    int whole = blank || ml_h5par_whole_numbers(x, n);
    herr_t st = whole ? ml_h5_deflate_filters(pl, 1, chunk) : 0;
    hid_t d = st < 0 ? -1
                     : H5Dcreate2(grp, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    st = d < 0 ? -1
         : whole ? ml_h5par_write_deflated(d, 1, 0, x, n, chunk, blank, z)
                 : ml_h5par_write_samples(d, x, n);
    if (d >= 0) H5Dclose(d);
    H5Pclose(pl);
    H5Sclose(sp);
    return st < 0 ? -1 : 0;
}

/* Name `name` in group g for the dataset `to` of g. */
static int link_samples(hid_t g, const char *to, const char *name)
{
    return H5Lcreate_hard(g, to, g, name, H5P_DEFAULT, H5P_DEFAULT) < 0 ? -1 : 0;
}

typedef struct {
    char measure[32];
    double mean, sd, se;
    double var[ML_N_LEVELS], tvar[ML_N_LEVELS];
    double var_lo[ML_N_LEVELS], var_hi[ML_N_LEVELS];
    double var_se[ML_N_LEVELS], tvar_se[ML_N_LEVELS];
} summary_row;

/* Inserts one double column per level: PREFIX<tag>SUFFIX at offset off. */
static void insert_levels(hid_t t, const char *prefix, const char *suffix, size_t off)
{
    char nm[32];
    for (int l = 0; l < ML_N_LEVELS; l++) {
        snprintf(nm, sizeof nm, "%s%s%s", prefix, ml_level_tag[l], suffix);
        H5Tinsert(t, nm, off + (size_t)l * sizeof(double), H5T_NATIVE_DOUBLE);
    }
}

/* Readers should not need the README to know how the error columns were
 * made: the methods travel with the table. */
static const char var_ci_method[] =
    "distribution-free order-statistic interval [X_(l), X_(u)]: l - 1 = max{k: "
    "P(B <= k) <= a}, u - 1 = min{k: P(B > k) <= a}, B ~ Binomial(n, P), "
    "a = (1 - ci_level)/2; an unbounded end is -inf/+inf; "
    "varP_se = (varP_hi - varP_lo) / (2 * 1.959963984540054)";
static const char tvar_se_method[] =
    "influence function: sd((X - varP)+) / ((1 - P) sqrt(n)), sd with n - 1";

/* The summary table: the rows of r, each under its measure's name. */
static int write_summary(hid_t grp, const ml_scenario_results *r)
{
    summary_row rows[ML_N_MEASURES];
    memset(rows, 0, sizeof rows);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        const ml_summary *s = &r->summary[m];
        snprintf(rows[m].measure, sizeof rows[m].measure, "%s", ml_measure_name[m]);
        rows[m].mean = s->mean;
        rows[m].sd = s->sd;
        rows[m].se = s->se;
        memcpy(rows[m].var, s->var, sizeof s->var);
        memcpy(rows[m].tvar, s->tvar, sizeof s->tvar);
        memcpy(rows[m].var_lo, s->var_lo, sizeof s->var_lo);
        memcpy(rows[m].var_hi, s->var_hi, sizeof s->var_hi);
        memcpy(rows[m].var_se, s->var_se, sizeof s->var_se);
        memcpy(rows[m].tvar_se, s->tvar_se, sizeof s->tvar_se);
    }
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, 32);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(summary_row));
    H5Tinsert(t, "measure", HOFFSET(summary_row, measure), str);
    H5Tinsert(t, "mean", HOFFSET(summary_row, mean), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "sd", HOFFSET(summary_row, sd), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "se", HOFFSET(summary_row, se), H5T_NATIVE_DOUBLE);
    insert_levels(t, "var", "", HOFFSET(summary_row, var));
    insert_levels(t, "tvar", "", HOFFSET(summary_row, tvar));
    insert_levels(t, "var", "_lo", HOFFSET(summary_row, var_lo));
    insert_levels(t, "var", "_hi", HOFFSET(summary_row, var_hi));
    insert_levels(t, "var", "_se", HOFFSET(summary_row, var_se));
    insert_levels(t, "tvar", "_se", HOFFSET(summary_row, tvar_se));
    hsize_t dims[1] = {ML_N_MEASURES};
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t d = H5Dcreate2(grp, "summary", t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
    if (st >= 0 && (ml_h5w_attr_f64(d, "ci_level", ML_CI_LEVEL) ||
                    ml_h5w_attr_str(d, "var_ci_method", var_ci_method) ||
                    ml_h5w_attr_str(d, "tvar_se_method", tvar_se_method)))
        st = -1;
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
    H5Tclose(str);
    return st < 0 ? -1 : 0;
}

static int write_ep(hid_t grp, const char *name, const ml_ep_row rows[ML_N_RETURN_PERIODS],
                    double aal)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ml_ep_row));
    H5Tinsert(t, "return_period", HOFFSET(ml_ep_row, return_period), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "aep", HOFFSET(ml_ep_row, aep), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "oep", HOFFSET(ml_ep_row, oep), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "aep_lo", HOFFSET(ml_ep_row, aep_lo), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "aep_hi", HOFFSET(ml_ep_row, aep_hi), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "oep_lo", HOFFSET(ml_ep_row, oep_lo), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "oep_hi", HOFFSET(ml_ep_row, oep_hi), H5T_NATIVE_DOUBLE);
    hsize_t dims[1] = {ML_N_RETURN_PERIODS};
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t d = H5Dcreate2(grp, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t st = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
    /* The average annual loss belongs with the curve it summarizes (it is
     * the area under the AEP curve). */
    if (st >= 0 &&
        (ml_h5w_attr_f64(d, "aal", aal) || ml_h5w_attr_f64(d, "ci_level", ML_CI_LEVEL)))
        st = -1;
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
    return st < 0 ? -1 : 0;
}

int ml_h5_write_scenario(ml_h5 *f, const ml_scenario *s, const ml_results *res,
                         const ml_scenario_results *r, ml_err *err)
{
    char gname[160];
    snprintf(gname, sizeof gname, "/scenarios/%s", s->name);
    /* The tables must be the samples' own. */
    if (r->n != res->n || strcmp(r->name, s->name))
        return ML_ERROR(err, ML_EINTERNAL, "%s: the results of '%s' (%zu replicates) do not "
                        "belong to the samples of '%s' (%zu replicates)", f->path, r->name,
                        r->n, s->name, res->n);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    H5Pset_attr_phase_change(gcpl, 0, 0); /* dense attributes: no 64 KiB limit */
    hid_t g = H5Gcreate2(f->file, gname, lcpl, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    H5Pclose(lcpl);
    if (g < 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot create group %s (is the scenario "
                        "name used twice?)", f->path, gname);
    int rc = ML_OK;
    char *yaml = ml_scenario_to_yaml(s);
    hid_t ga = -1, gm = -1, ge = -1;
    if (!yaml) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory writing %s", gname);
        goto done;
    }
    if (ml_h5w_attr_str(g, "portfolio", s->portfolio.name) ||
        ml_h5w_attr_str(g, "regime", s->regime.name) ||
        ml_h5w_attr_str(g, "currency", s->regime.currency) ||
        ml_h5w_attr_str(g, "source_file", s->source_file) ||
        ml_h5w_attr_str(g, "scenario", yaml)) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write attributes of %s", f->path, gname);
        goto done;
    }
    ga = H5Gcreate2(g, "annual", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    gm = H5Gcreate2(g, "annual_max", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ge = H5Gcreate2(g, "ep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ga < 0 || gm < 0 || ge < 0) {
        rc = ML_ERROR(err, ML_EIO, "%s: cannot create groups under %s", f->path, gname);
        goto done;
    }
    for (int m = 0; m < ML_N_MEASURES; m++) {
        /* The same samples as an earlier measure's (copy_of): stored once,
         * this name a hard link to that dataset, which readers open as any
         * other (a blank one, a chunk of zeros, stays a dataset of its own). */
        int k = r->copy_of[m] && !r->blank[m][0] ? r->copy_of[m] - 1 : -1;
        const char *name = ml_measure_name[m];
        if ((k >= 0 ? link_samples(ga, ml_measure_name[k], name)
                    : write_annual(ga, name, res->annual[m], res->n, r->blank[m][0], &f->z)) ||
            (res->annual_max[m] &&
             (k >= 0 ? link_samples(gm, ml_measure_name[k], name)
                     : write_annual(gm, name, res->annual_max[m], res->n, r->blank[m][1],
                                    &f->z))) ||
            (r->has_ep[m] && write_ep(ge, ml_measure_name[m], r->ep[m], r->aal[m]))) {
            rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/%s (disk full?)", f->path,
                          gname, ml_measure_name[m]);
            goto done;
        }
    }
    if (write_summary(g, r))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/summary", f->path, gname);
    else if (ml_h5_write_policy(g, s, r))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/policy", f->path, gname);
    else if (ml_h5_write_pricing(g, s, res, r, &f->z))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/pricing", f->path, gname);
    else if (ml_h5_write_development(g, s, res, r, &f->z))
        rc = ML_ERROR(err, ML_EIO, "%s: cannot write %s/development", f->path, gname);
done:
    if (ga >= 0) H5Gclose(ga);
    if (gm >= 0) H5Gclose(gm);
    if (ge >= 0) H5Gclose(ge);
    H5Gclose(g);
    free(yaml);
    return rc;
}

void ml_h5_set_threads(ml_h5 *f, int threads)
{
    f->z.threads = threads < 0 ? 1 : threads;
}

int ml_h5_set_root_u64(ml_h5 *f, const char *name, uint64_t value, ml_err *err)
{
    if (H5Aexists(f->file, name) > 0)
        H5Adelete(f->file, name);
    if (ml_h5w_attr_u64(f->file, name, value))
        return ML_ERROR(err, ML_EIO, "%s: cannot write attribute %s", f->tmp, name);
    return ML_OK;
}

int ml_h5_set_root_str(ml_h5 *f, const char *name, const char *value, ml_err *err)
{
    if (H5Aexists(f->file, name) > 0)
        H5Adelete(f->file, name);
    if (ml_h5w_attr_str(f->file, name, value))
        return ML_ERROR(err, ML_EIO, "%s: cannot write attribute %s", f->tmp, name);
    return ML_OK;
}

int ml_h5_commit(ml_h5 *f, ml_err *err)
{
    herr_t st = ml_h5_fclose(f->file);
    f->file = -1;
    int rc = ML_OK;
    if (st < 0)
        rc = ML_ERROR(err, ML_EIO, "%s: cannot finish writing (disk full?)", f->tmp);
    /* Under MPI, rank 0 renames once every rank has closed the file. */
    rc = ml_par_agree(rc, err);
    if (!rc && ml_par_rank() == 0 && rename(f->tmp, f->path) != 0)
        rc = ML_ERROR(err, ML_EIO, "%s: cannot rename into place: %s", f->path,
                      strerror(errno));
    rc = ml_par_agree(rc, err);
    if (rc && ml_par_rank() == 0)
        unlink(f->tmp);
    ml_h5_deflater_free(&f->z);
    free(f);
    return rc;
}

void ml_h5_abort(ml_h5 *f)
{
    if (!f)
        return;
    /* Under MPI, an error the other ranks do not know of leaves them in a
     * collective call: remove the file and stop every rank at once. */
    if (!ml_par_failed_together()) {
        unlink(f->tmp);
        ml_par_abort_all(ML_EIO);
    }
    if (f->file >= 0)
        ml_h5_fclose(f->file);
    if (ml_par_rank() == 0)
        unlink(f->tmp);
    ml_h5_deflater_free(&f->z);
    free(f);
}
