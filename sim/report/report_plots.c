/*
 * report_plots.c — see report_plots.h.
 *
 * Data files written to DIR (every amount in the report's currency; the
 * scenarios in the report's order, which fixes each one's colour in every
 * figure):
 *   plot_scenarios.csv   scenario,regime,portfolio,replicates,seed,draws,
 *                        file: one row per scenario (draws: parameter
 *                        draws in the file, 0 without)
 *   plot_exceedance.csv  scenario,return_period,loss,lo,hi,rank,rank_lo,
 *                        rank_hi,supported: the AEP curve of the measure
 *                        at about 300 return periods T = n / j spread
 *                        evenly in log j (j = 1 .. n - 1): loss the
 *                        quantile at P = 1 - 1/T (order statistic of rank
 *                        n - j, as the file's exceedance table), [lo, hi]
 *                        its distribution-free 95% interval, the order
 *                        statistics of ranks rank_lo and rank_hi given by
 *                        the Binomial(n, P) 2.5% and 97.5% points (-inf,
 *                        inf where n cannot bound a side), supported = 1
 *                        where at least 10 years lie above the point (T <=
 *                        n / 10), the only points drawn: a judgment rule,
 *                        argued in plot_exceedance.h
 *   plot_measures.csv    scenario,measure,mean,ci95,title: every amount
 *                        measure, its mean per year and the half width of
 *                        its 95% interval (z_0.975 se), titled
 *   plot_policy.csv      the policy table, titled, with its 95% Monte
 *                        Carlo and 90% parameter-draw intervals; columns
 *                        in plot_metrics.h
 *   plot_compensation.csv the compensation-versus-cost chart: share of
 *                        negligent injuries compensated, overhead, and
 *                        total cost per negligent injury compensated, the
 *                        columns of plot_policy.csv (plot_metrics.h)
 *   plot_histogram.csv   scenario,lo,hi,count,share: each scenario's annual
 *                        losses in 40 equal bins of its own range, from
 *                        its smallest year to its own 99.5% quantile (so
 *                        that a regime of small losses is not squeezed
 *                        into one bin by another's range); the years
 *                        beyond it are counted in the last row (hi = inf);
 *                        share = count / years
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
#include "h5in_draws.h"
#include "metric_titles.h"
#include "plot_exceedance.h"
#include "plot_metrics.h"
#include "plot_script.h"
#include "report_plots.h"
#include "report_table.h"
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HIST_BINS 40

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
        "plot_scenarios.csv", "plot_exceedance.csv", "plot_histogram.csv",
        "plot_measures.csv", "plot_policy.csv", "plot_compensation.csv",
        "exceedance.png", "exceedance.svg", "measures.png", "measures.svg",
        "histogram.png", "histogram.svg", "policy.png", "policy.svg",
        "compensation.png", "compensation.svg"};
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
            ml_csv_field(f, label[i]);
            fprintf(f, ",%u", d + 1);
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

/* plot_exceedance.csv's rows of one scenario (sorted[n] ascending). */
static void write_curve(FILE *f, const char *label, const double *sorted, size_t n,
                        ml_ep_point *pt)
{
    size_t k = ml_plot_ep_curve(sorted, n, pt);
    for (size_t p = 0; p < k; p++) {
        ml_csv_field(f, label);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%zu,%zu,%zu,%d\n", pt[p].return_period,
                pt[p].loss, pt[p].lo, pt[p].hi, pt[p].rank, pt[p].rank_lo, pt[p].rank_hi,
                pt[p].supported);
    }
}

/* plot_histogram.csv's rows of one scenario: 40 bins from its smallest
 * year to its 99.5% quantile (a range of 1 when they coincide, so that
 * the bins have a width), closed at the top, then the years beyond. */
static void write_histogram(FILE *f, const char *label, const double *sorted, size_t n)
{
    if (!n)
        return;
    double lo = sorted[0], top = ml_var_sorted(sorted, n, 995, 1000);
    if (!(top > lo))
        top = lo + 1.0;
    size_t k = 0;
    for (int b = 0; b < HIST_BINS; b++) {
        double a = lo + (top - lo) * b / HIST_BINS, z = lo + (top - lo) * (b + 1) / HIST_BINS;
        size_t c = 0;
        for (; k < n && (sorted[k] < z || (b == HIST_BINS - 1 && sorted[k] <= z)); k++)
            c++;
        ml_csv_field(f, label);
        fprintf(f, ",%.17g,%.17g,%zu,%.17g\n", a, z, c, (double)c / (double)n);
    }
    ml_csv_field(f, label);
    fprintf(f, ",%.17g,inf,%zu,%.17g\n", top, n - k, (double)(n - k) / (double)n);
}

/* plot_scenarios.csv's row of one scenario; a file name holding a comma
 * or a quote is quoted. */
static int write_scenario(FILE *f, const char *label, const ml_in_scenario *s, ml_err *err)
{
    ml_in_draws d = {0};
    int rc = ml_h5in_draws(s->file, s->name, &d, err);
    if (rc)
        return rc;
    const char *text[] = {label, s->regime, s->portfolio};
    for (int t = 0; t < 3; t++) {
        ml_csv_field(f, text[t]);
        fputc(',', f);
    }
    fprintf(f, "%llu,%llu,%zu,", (unsigned long long)s->replicates, (unsigned long long)s->seed, d.k);
    ml_in_draws_free(&d);
    ml_csv_field(f, s->file);
    fputc('\n', f);
    return ML_OK;
}

int ml_report_plots_has_compensation(const ml_in_scenario *sc, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ml_plot_has_compensation(&sc[i]))
            return 1;
    return 0;
}

enum { F_SCEN, F_EXC, F_HIST, F_MEAS, F_POL, F_COMP, N_FILES };

int ml_report_plots(const char *dir, const ml_in_scenario *sc, size_t n,
                    const double *factor, char (*label)[96], const char *currency,
                    const char *measure, ml_err *err)
{
    static const char *const names[N_FILES] = {
        "plot_scenarios.csv", "plot_exceedance.csv", "plot_histogram.csv",
        "plot_measures.csv", "plot_policy.csv", "plot_compensation.csv"};
    int made_dir = mkdir(dir, 0777) == 0;
    if (!made_dir && errno != EEXIST)
        return ML_ERROR(err, ML_EIO, "%s: cannot create the folder: %s", dir, strerror(errno));
    int rc = ML_OK;
    FILE *f[N_FILES] = {0};
    for (int k = 0; k < N_FILES && !rc; k++)
        f[k] = open_in(dir, names[k], err, &rc);
    ml_ep_point *pt = rc ? NULL : malloc(ML_PLOT_CURVE_POINTS * sizeof *pt);
    if (!rc && !pt)
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    if (rc)
        goto done;
    fputs("scenario,regime,portfolio,replicates,seed,draws,file\n", f[F_SCEN]);
    fputs("scenario,return_period,loss,lo,hi,rank,rank_lo,rank_hi,supported\n", f[F_EXC]);
    fputs("scenario,lo,hi,count,share\n", f[F_HIST]);
    fputs("scenario,measure,mean,ci95,title\n", f[F_MEAS]);
    ml_plot_metrics_header(f[F_POL]);
    ml_plot_metrics_header(f[F_COMP]);
    for (size_t i = 0; i < n && !rc; i++) {
        double *x, *sorted;
        size_t len;
        if ((rc = write_scenario(f[F_SCEN], label[i], &sc[i], err)) ||
            (rc = ml_h5in_annual(sc[i].file, sc[i].name, measure, &x, &len, err)))
            break;
        for (size_t k = 0; k < len; k++)
            x[k] *= factor[i];
        sorted = malloc((len ? len : 1) * sizeof *x);
        if (sorted)
            ml_sort_copy(x, len, sorted);
        free(x);
        if (!sorted) {
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
            break;
        }
        write_curve(f[F_EXC], label[i], sorted, len, pt);
        write_histogram(f[F_HIST], label[i], sorted, len);
        free(sorted);
        for (size_t m = 0; m < sc[i].n_measures; m++)
            if (sc[i].m[m].is_amount) {
                ml_csv_field(f[F_MEAS], label[i]);
                fprintf(f[F_MEAS], ",%s,%.17g,%.17g,", sc[i].m[m].name,
                        sc[i].m[m].mean * factor[i], ML_CI_Z * sc[i].m[m].se * factor[i]);
                ml_csv_field(f[F_MEAS], ml_measure_title(sc[i].m[m].name));
                fputc('\n', f[F_MEAS]);
            }
        rc = ml_plot_metrics_write(f[F_POL], f[F_COMP], &sc[i], factor[i], label[i], currency,
                                   err);
    }
    if (!rc) {
        remove_development(dir);
        rc = write_development(dir, sc, n, label, err);
    }
done:
    free(pt);
    for (int k = 0; k < N_FILES; k++)
        if (f[k] && fclose(f[k]) && !rc)
            rc = ML_ERROR(err, ML_EIO, "%s/%s: cannot write: %s", dir, names[k],
                          strerror(errno));
    if (!rc)
        rc = run_python(dir, currency, measure, err);
    if (rc)
        remove_outputs(dir, made_dir);
    return rc;
}
