/*
 * report_plots.c — see report_plots.h.
 *
 * Data files written to DIR:
 *   plot_exceedance.csv  scenario,return_period,loss: the empirical AEP
 *                        curve, the j-th largest annual loss at return
 *                        period n / j, for about 300 j spread evenly in log j
 *   plot_measures.csv    scenario,measure,mean,ci95: every amount measure
 *   plot_policy.csv      scenario,metric,value,unit: the policy table
 *   plot_histogram.csv   scenario,lo,hi,count: annual losses in 40 equal
 *                        bins up to the largest 99.5% quantile; the years
 *                        beyond it are counted in the last row (hi = inf)
 *   plot_development.csv scenario,development_year,paid_share,reported_share:
 *                        only when a scenario has a development group (a
 *                        run with a time block), one row per development
 *                        year 1..D of each such scenario: accident year 0's
 *                        mean cumulative paid and reported_count at that
 *                        year over their value at the last (the ultimate:
 *                        the last column holds the rest); an empty cell
 *                        where the ultimate is not positive (nothing paid
 *                        or reported), as no share of it exists
 */
#include "plot_script.h"
#include "report_plots.h"
#include "report_rates.h"
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HIST_BINS 40
#define CURVE_POINTS 300

static FILE *open_in(const char *dir, const char *name, ml_err *err, int *rc)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f)
        *rc = ML_ERROR(err, ML_EIO, "%s: cannot write: %s", p, strerror(errno));
    return f;
}

static int run_python(const char *dir, const char *currency, const char *measure,
                      ml_err *err)
{
    char *args[] = {(char *)dir, (char *)currency, (char *)measure, NULL};
    return ml_plot_script_run("report_plots.py", "MEDLIAB_PLOT_SCRIPT", args, dir, err);
}

/* The development figure's files: removed on failure, and before a report
 * without development, so that the folder never shows another report's. */
static void remove_development(const char *dir)
{
    static const char *const names[] = {"plot_development.csv", "development.png",
                                        "development.svg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
}

/* After a failure: the data files and figures of this report are removed
 * (a figure may be half drawn), and the folder too when this report made
 * it, so that a failed report leaves no output behind. */
static void remove_outputs(const char *dir, int made_dir)
{
    static const char *const names[] = {
        "plot_exceedance.csv", "plot_histogram.csv", "plot_measures.csv", "plot_policy.csv",
        "exceedance.png", "exceedance.svg", "measures.png", "measures.svg",
        "histogram.png", "histogram.svg", "policy.png", "policy.svg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    remove_development(dir);
    if (made_dir)
        rmdir(dir);
}

/* A share of the ultimate u, or an empty cell where u is not positive. */
static void put_share(FILE *f, double x, double u)
{
    if (u > 0 && isfinite(u))
        fprintf(f, ",%.17g", x / u);
    else
        fputc(',', f);
}

/* plot_development.csv (see the top of this file); nothing when no
 * scenario has a development group. */
static int write_development(const char *dir, const ml_in_scenario *sc, size_t n,
                             char (*label)[96], ml_err *err)
{
    int any = 0, rc = ML_OK;
    for (size_t i = 0; i < n; i++)
        any |= sc[i].dev_years > 0;
    if (!any)
        return ML_OK;
    FILE *f = open_in(dir, "plot_development.csv", err, &rc);
    if (!f)
        return rc;
    fputs("scenario,development_year,paid_share,reported_share\n", f);
    for (size_t i = 0; i < n; i++) {
        unsigned D = sc[i].dev_columns;
        if (!sc[i].dev_years || !D)
            continue;
        /* Row 0 of each [years][D] triangle: accident year 0, followed
         * the longest, so its last column is the ultimate. */
        const double *paid = sc[i].dev_paid, *rep = sc[i].dev_reported;
        for (unsigned d = 0; d < D; d++) {
            fprintf(f, "%s,%u", label[i], d + 1);
            put_share(f, paid[d], paid[D - 1]);
            put_share(f, rep[d], rep[D - 1]);
            fputc('\n', f);
        }
    }
    if (fclose(f))
        rc = ML_ERROR(err, ML_EIO, "%s/plot_development.csv: cannot write: %s", dir,
                      strerror(errno));
    return rc;
}

int ml_report_plots(const char *dir, const ml_in_scenario *sc, size_t n,
                    const double *factor, char (*label)[96], const char *currency,
                    const char *measure, ml_err *err)
{
    int made_dir = mkdir(dir, 0777) == 0;
    if (!made_dir && errno != EEXIST)
        return ML_ERROR(err, ML_EIO, "%s: cannot create the folder: %s", dir, strerror(errno));
    int rc = ML_OK;
    FILE *fe = open_in(dir, "plot_exceedance.csv", err, &rc);
    FILE *fh = fe ? open_in(dir, "plot_histogram.csv", err, &rc) : NULL;
    FILE *fm = fh ? open_in(dir, "plot_measures.csv", err, &rc) : NULL;
    FILE *fp = fm ? open_in(dir, "plot_policy.csv", err, &rc) : NULL;
    double **sorted = calloc(n, sizeof *sorted);
    size_t *len = calloc(n, sizeof *len);
    if (!rc && (!sorted || !len))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (rc)
        goto done;
    fputs("scenario,return_period,loss\n", fe);
    fputs("scenario,lo,hi,count\n", fh);
    fputs("scenario,measure,mean,ci95\n", fm);
    fputs("scenario,metric,value,unit\n", fp);
    double top = 0.0;
    for (size_t i = 0; i < n; i++) {
        double *x;
        if ((rc = ml_h5in_annual(sc[i].file, sc[i].name, measure, &x, &len[i], err)))
            goto done;
        for (size_t k = 0; k < len[i]; k++)
            x[k] *= factor[i];
        sorted[i] = malloc((len[i] ? len[i] : 1) * sizeof *x);
        if (!sorted[i]) {
            free(x);
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
            goto done;
        }
        ml_sort_copy(x, len[i], sorted[i]);
        free(x);
        double q = ml_var_sorted(sorted[i], len[i], 995, 1000);
        if (q > top)
            top = q;
        /* The curve: j-th largest loss at return period n / j. */
        size_t last = 0;
        for (int p = 0; p < CURVE_POINTS && len[i]; p++) {
            size_t j = (size_t)llround(pow((double)len[i], (double)p / (CURVE_POINTS - 1)));
            if (j <= last || j > len[i])
                continue;
            last = j;
            fprintf(fe, "%s,%.17g,%.17g\n", label[i], (double)len[i] / (double)j,
                    sorted[i][len[i] - j]);
        }
        for (size_t m = 0; m < sc[i].n_measures; m++)
            if (sc[i].m[m].is_amount)
                fprintf(fm, "%s,%s,%.17g,%.17g\n", label[i], sc[i].m[m].name,
                        sc[i].m[m].mean * factor[i], ML_CI_Z * sc[i].m[m].se * factor[i]);
        for (size_t m = 0; m < sc[i].n_metrics; m++) {
            char unit[64];
            double f = ml_unit_in_currency(sc[i].metric[m].unit, sc[i].currency, currency,
                                           unit, sizeof unit) ? factor[i] : 1.0;
            if (f == 1.0)
                snprintf(unit, sizeof unit, "%s", sc[i].metric[m].unit);
            fprintf(fp, "%s,%s,%.17g,%s\n", label[i], sc[i].metric[m].name,
                    sc[i].metric[m].value * f, unit);
        }
    }
    if (!(top > 0))
        top = 1.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (int b = 0; b < HIST_BINS; b++) {
            double lo = top * b / HIST_BINS, hi = top * (b + 1) / HIST_BINS;
            size_t c = 0;
            for (; k < len[i] && (sorted[i][k] < hi || (b == HIST_BINS - 1 && sorted[i][k] <= hi)); k++)
                c++;
            fprintf(fh, "%s,%.17g,%.17g,%zu\n", label[i], lo, hi, c);
        }
        fprintf(fh, "%s,%.17g,inf,%zu\n", label[i], top, len[i] - k);
    }
    remove_development(dir);
    rc = write_development(dir, sc, n, label, err);
done:
    for (size_t i = 0; sorted && i < n; i++)
        free(sorted[i]);
    free(sorted);
    free(len);
    if (fe) fclose(fe);
    if (fh) fclose(fh);
    if (fm) fclose(fm);
    if (fp) fclose(fp);
    if (!rc)
        rc = run_python(dir, currency, measure, err);
    if (rc)
        remove_outputs(dir, made_dir);
    return rc;
}
