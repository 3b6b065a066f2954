/*
 * cmd_report.c — `medliab report RUN.h5 [RUN.h5 ...]`: the scenarios of
 * one or more results files side by side, with amounts converted to one
 * reporting currency, as a terminal table, CSV, Markdown and plots, and
 * each scenario's headline figures against a baseline's (compare.h).  It
 * reads results files only; it never simulates.
 */
#include "cli.h"
#include "compare.h"
#include "compare_out.h"
#include "h5in.h"
#include "measures.h"
#include "report_html.h"
#include "report_plots.h"
#include "report_rates.h"
#include "report_table.h"
#include "stats.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_COMPARE 64

typedef struct {
    const char *currency, *rates, *csv, *md, *plots, *measure, *baseline;
    const char *html;     /* --html FILE */
    int argc;             /* the command line, for the page's provenance */
    char **argv;
    const char *compare[MAX_COMPARE]; /* --compare A:B */
    size_t n_compare;
    int usage; /* set when an option names no scenario: a command-line error */
} report_opts;


/* The currencies a rates file has, comma-separated, for the message that
 * names one it lacks (so the user sees what to pass or add). */
static void rates_list(const ml_rates *r, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->n && k < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? ", " : "", r->r[i].currency);
}

/* Conversion factor of every scenario into the reporting currency, chosen
 * from the options; writes the currency into cur (empty when the scenarios
 * stay in their own, different currencies) and a note on where the factors
 * come from. */
static int choose_factors(const report_opts *o, const ml_in_scenario *sc, size_t n,
                          double *factor, char *cur, size_t cap, char *note, size_t ncap,
                          ml_err *err)
{
    note[0] = '\0';
    if (!o->rates) {
        /* Unconverted, every factor is 1; the whole list is walked so that
         * no scenario after the first change of currency is left without
         * one (issue 11: they stayed 0 and printed 0). */
        const char *c0 = o->currency ? o->currency : sc[0].currency;
        int mixed = 0;
        for (size_t i = 0; i < n; i++) {
            factor[i] = 1.0;
            if (strcmp(sc[i].currency, c0)) {
                if (o->currency)
                    return ML_ERROR(err, ML_EUNSUPPORTED, "%s/%s is in %s, not %s: pass "
                                    "--rates FILE (e.g. scenarios/rates.yaml) to convert",
                                    sc[i].file, sc[i].name, sc[i].currency, o->currency);
                mixed = 1;
            }
        }
        if (mixed) {
            cur[0] = '\0';
            snprintf(note, ncap, "amounts are in each scenario's own currency (named in its "
                                 "column heading); pass --rates FILE to convert");
        } else
            snprintf(cur, cap, "%s", c0);
        return ML_OK;
    }
    ml_rates r;
    int rc = ml_rates_load(o->rates, &r, err);
    if (rc)
        return rc;
    snprintf(cur, cap, "%s", o->currency ? o->currency : r.base);
    const ml_rate *to = ml_rates_find(&r, cur);
    if (!to) {
        char have[256];
        rates_list(&r, have, sizeof have);
        rc = ML_ERROR(err, ML_EINVAL, "%s: has no rate for the reporting currency %s (it has: "
                      "%s)", o->rates, cur, have);
        goto done;
    }
    int k = snprintf(note, ncap, "converted to %s with %s (%s):", cur, o->rates,
                     r.kind[0] ? r.kind : "rates");
    for (size_t i = 0; i < n; i++) {
        const ml_rate *from = ml_rates_find(&r, sc[i].currency);
        if (!from) {
            char have[256];
            rates_list(&r, have, sizeof have);
            rc = ML_ERROR(err, ML_EINVAL, "%s: has no rate for %s (scenario %s of %s; it has: "
                          "%s)", o->rates, sc[i].currency, sc[i].name, sc[i].file, have);
            goto done;
        }
        factor[i] = to->per_base / from->per_base;
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= !strcmp(sc[j].currency, sc[i].currency);
        if (!seen && strcmp(sc[i].currency, cur) && k > 0 && (size_t)k < ncap)
            k += snprintf(note + k, ncap - (size_t)k, "\n  1 %s = %.6g %s (%u; %s)",
                          sc[i].currency, factor[i], cur, from->year, from->source);
    }
done:
    ml_rates_free(&r);
    return rc;
}

/* Column headings: the scenario name, or file:name when names repeat. */
static void make_labels(const ml_in_scenario *sc, size_t n, char (*label)[96])
{
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t j = 0; j < n; j++)
            dup |= j != i && !strcmp(sc[i].name, sc[j].name);
        if (dup) {
            const char *base = strrchr(sc[i].file, '/');
            snprintf(label[i], 96, "%.40s:%.50s", base ? base + 1 : sc[i].file, sc[i].name);
        } else
            snprintf(label[i], 96, "%s", sc[i].name);
    }
}

/* The table's column heading of scenario j: its label, and its currency
 * when the amounts are left in different currencies, so that every column
 * says what its amounts are in (the rows then say "own currency"). */
static void make_heading(char *out, size_t cap, const char *label, const ml_in_scenario *s,
                         const char *cur)
{
    if (cur[0])
        snprintf(out, cap, "%s", label);
    else
        snprintf(out, cap, "%.70s (%.15s)", label, s->currency);
}

static ml_trow *find_row(ml_table *t, const char *key, const char *stat, const char *unit)
{
    for (size_t r = 0; r < t->nrow; r++)
        if (!strcmp(t->row[r].key, key) && !strcmp(t->row[r].stat, stat) &&
            !strcmp(t->row[r].unit, unit))
            return &t->row[r];
    return ml_table_add(t, key, stat, unit);
}

/* Rows "<what>: <name>" of scenario j's metrics x[n]; a value in the
 * scenario's currency is converted by factor into the unit named cur
 * ("USD", or "own currency" when the scenarios keep theirs, so that one
 * figure stays on one row whatever the currencies). */
static int put_metrics(ml_table *t, size_t j, const char *what, const ml_in_metric *x,
                       size_t n, const char *currency, double factor, const char *cur)
{
    for (size_t m = 0; m < n; m++) {
        char key[80], unit[64];
        double f = 1.0;
        snprintf(key, sizeof key, "%s: %s", what, x[m].name);
        if (ml_unit_in_currency(x[m].unit, currency, cur, unit, sizeof unit))
            f = factor;
        else
            snprintf(unit, sizeof unit, "%s", x[m].unit);
        ml_trow *r = find_row(t, key, "", unit);
        if (!r)
            return -1;
        r->v[j] = x[m].value * f;
    }
    return 0;
}

/* Rows in order of first appearance, so that measures a later version adds
 * are shown as they come, and a scenario without one shows "-". */
static int build_table(ml_table *t, const ml_in_scenario *sc, size_t n,
                       const double *factor, const char *cur)
{
    ml_trow *r;
    const char *u = cur[0] ? cur : "own currency";
#define PUT(key, stat, unit, j, val) \
    do { if (!(r = find_row(t, key, stat, unit))) return -1; r->v[j] = (val); } while (0)
    for (size_t j = 0; j < n; j++) {
        PUT("replicates", "", "", j, (double)sc[j].replicates);
        for (size_t m = 0; m < sc[j].n_measures; m++) {
            const ml_in_measure *x = &sc[j].m[m];
            if (!x->is_amount) {
                const char *cu = ml_measure_count_unit(x->name);
                PUT(x->name, "mean", cu, j, x->mean);
                PUT(x->name, "sd", cu, j, x->sd);
                continue;
            }
            double f = factor[j];
            PUT(x->name, "mean", u, j, x->mean * f);
            PUT(x->name, "sd", u, j, x->sd * f);
            PUT(x->name, "VaR99.5", u, j, x->var995 * f);
            PUT(x->name, "TVaR99", u, j, x->tvar99 * f);
        }
        if (put_metrics(t, j, "policy", sc[j].metric, sc[j].n_metrics, sc[j].currency,
                        factor[j], u) ||
            put_metrics(t, j, "pricing", sc[j].price, sc[j].n_price, sc[j].currency,
                        factor[j], u) ||
            put_metrics(t, j, "development", sc[j].dev, sc[j].n_dev, sc[j].currency,
                        factor[j], u))
            return -1;
    }
#undef PUT
    return 0;
}

/* The table goes to a temporary sibling of path (path.tmp.PID), renamed
 * into place only once every output of the report is made, so that a
 * failure later on (a plot, another table) leaves no half-done table. */
static void tmp_name(char *tmp, size_t cap, const char *path)
{
    snprintf(tmp, cap, "%s.tmp.%ld", path, (long)getpid());
}

/* What goes into one output file: the table (as CSV or Markdown), or the
 * comparisons (CSV: their own file; Markdown: after the table). */
typedef struct {
    const ml_table *t;
    const ml_cmp *c;
    size_t nc;
    char (*label)[96];
} report_out;

enum { OUT_CSV, OUT_MD, OUT_CMP_CSV };

static int write_file(const char *path, const report_out *o, int kind, ml_err *err)
{
    char tmp[1100];
    tmp_name(tmp, sizeof tmp, path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ML_ERROR(err, ML_EIO, "%s: cannot write: %s", path, strerror(errno));
    int bad = kind == OUT_CSV  ? ml_table_csv(o->t, f)
              : kind == OUT_MD ? ml_table_markdown(o->t, f) ||
                                     (o->nc && ml_cmp_markdown(o->c, o->nc, o->label, f))
                               : ml_cmp_csv(o->c, o->nc, o->label, f);
    if (fclose(f) != 0 || bad) {
        unlink(tmp);
        return ML_ERROR(err, ML_EIO, "%s: cannot write (disk full?)", path);
    }
    return ML_OK;
}

/* Renames path's temporary table into place (ok) or removes it. */
static int finish_file(const char *path, int ok, ml_err *err)
{
    char tmp[1100];
    tmp_name(tmp, sizeof tmp, path);
    if (ok && rename(tmp, path) == 0)
        return ML_OK;
    int e = errno;
    unlink(tmp);
    return ok ? ML_ERROR(err, ML_EIO, "%s: cannot rename into place: %s", path, strerror(e))
              : ML_OK;
}

/* The scenario called name (its column heading, or its name where only one
 * scenario has it); -1 when none is, -2 when several are. */
static long find_scenario(const ml_in_scenario *sc, size_t n, char (*label)[96],
                          const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(label[i]) == len && !strncmp(label[i], name, len))
            return (long)i;
    long hit = -1;
    for (size_t i = 0; i < n; i++)
        if (strlen(sc[i].name) == len && !strncmp(sc[i].name, name, len)) {
            if (hit >= 0)
                return -2;
            hit = (long)i;
        }
    return hit;
}

static int no_such(report_opts *o, const char *opt, const char *arg, char (*label)[96],
                   size_t n, ml_err *err)
{
    char list[1024] = "";
    size_t k = 0;
    for (size_t i = 0; i < n && k + 100 < sizeof list; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", label[i]);
    o->usage = 1;
    return ML_ERROR(err, ML_EINVAL, "%s %s: names no scenario of the files (%s)", opt, arg,
                    list);
}

/* The couples to compare, as (scenario, baseline): those --compare names
 * (A:B: A against B; a heading may hold ':' itself, so every split is
 * tried), else every scenario against --baseline (default: the first). */
static int choose_pairs(report_opts *o, const ml_in_scenario *sc, size_t n,
                        char (*label)[96], size_t (*pair)[2], size_t *np, ml_err *err)
{
    *np = 0;
    if (o->n_compare) {
        for (size_t c = 0; c < o->n_compare; c++) {
            const char *arg = o->compare[c];
            long a = -1, b = -1;
            for (const char *p = strchr(arg, ':'); p && (a < 0 || b < 0); p = strchr(p + 1, ':')) {
                a = find_scenario(sc, n, label, arg, (size_t)(p - arg));
                b = find_scenario(sc, n, label, p + 1, strlen(p + 1));
            }
            if (a < 0 || b < 0)
                return no_such(o, "--compare", arg, label, n, err);
            if (a == b) {
                o->usage = 1;
                return ML_ERROR(err, ML_EINVAL, "--compare %s: a scenario against itself", arg);
            }
            pair[*np][0] = (size_t)a;
            pair[(*np)++][1] = (size_t)b;
        }
        return ML_OK;
    }
    long base = 0;
    if (o->baseline &&
        (base = find_scenario(sc, n, label, o->baseline, strlen(o->baseline))) < 0)
        return no_such(o, "--baseline", o->baseline, label, n, err);
    for (size_t j = 0; j < n; j++)
        if (j != (size_t)base) {
            pair[*np][0] = j;
            pair[(*np)++][1] = (size_t)base;
        }
    return ML_OK;
}

/* Whether the plotted measure is an amount of the first scenario. */
static int check_measure(const report_opts *o, const ml_in_scenario *sc, ml_err *err)
{
    for (size_t m = 0; m < sc[0].n_measures; m++)
        if (sc[0].m[m].is_amount && !strcmp(sc[0].m[m].name, o->measure))
            return ML_OK;
    return ML_ERROR(err, ML_EINVAL, "--measure: '%s' is not an amount measure of %s",
                    o->measure, sc[0].name);
}

/* The comparisons' CSV file beside the table's: t.csv -> t.comparisons.csv. */
static void comparisons_path(char *out, size_t cap, const char *csv)
{
    size_t len = strlen(csv);
    if (len > 4 && !strcmp(csv + len - 4, ".csv"))
        len -= 4;
    snprintf(out, cap, "%.*s.comparisons.csv", (int)len, csv);
}

static int report(report_opts *o, const char **files, size_t nfiles, ml_err *err)
{
    ml_in_scenario *sc = NULL;
    size_t n = 0;
    int rc = ML_OK;
    double *factor = NULL;
    char (*label)[96] = NULL;
    ml_table t = {0};
    char cur[16], note[2048], cmp_csv[1100] = "";
    int csv_tmp = 0, md_tmp = 0, cmp_tmp = 0; /* a temporary table to remove on failure */
    int html_tmp = 0;
    size_t (*pair)[2] = NULL, np = 0, nc = 0;
    ml_cmp *cmp = NULL;
    for (size_t i = 0; i < nfiles && !rc; i++)
        rc = ml_h5in_read(files[i], &sc, &n, err);
    if (rc)
        goto done;
    if (n == 0) {
        rc = ML_ERROR(err, ML_EIO, "no scenarios in the given files");
        goto done;
    }
    factor = calloc(n, sizeof *factor);
    label = calloc(n, sizeof *label);
    if (!factor || !label || ml_table_init(&t, n)) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = choose_factors(o, sc, n, factor, cur, sizeof cur, note, sizeof note, err)))
        goto done;
    make_labels(sc, n, label);
    for (size_t j = 0; j < n; j++)
        make_heading(t.col[j], sizeof t.col[j], label[j], &sc[j], cur);
    if (build_table(&t, sc, n, factor, cur)) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto done;
    }
    pair = calloc(n > MAX_COMPARE ? n : MAX_COMPARE, sizeof *pair);
    if (!pair) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = choose_pairs(o, sc, n, label, pair, &np, err)))
        goto done;
    if (np && !(cmp = calloc(np, sizeof *cmp))) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto done;
    }
    for (; nc < np; nc++)
        if ((rc = ml_compare(sc, pair[nc][0], pair[nc][1], factor, cur, &cmp[nc], err)))
            goto done;
    report_out out = {&t, cmp, nc, label};
    printf("medliab report: %zu scenario%s from %zu file%s", n, n == 1 ? "" : "s", nfiles,
           nfiles == 1 ? "" : "s");
    if (cur[0])
        printf(", amounts in %s", cur);
    printf("\n");
    for (size_t j = 0; j < n; j++)
        printf("  %s: %s, regime %s, portfolio %s, %s, %llu replicates, seed %llu\n",
               label[j], sc[j].file, sc[j].regime, sc[j].portfolio, sc[j].currency,
               (unsigned long long)sc[j].replicates, (unsigned long long)sc[j].seed);
    if (note[0])
        printf("%s\n", note);
    printf("\n");
    ml_table_print(&t, stdout);
    ml_cmp_print(cmp, nc, label, stdout);
    if (o->csv && (rc = write_file(o->csv, &out, OUT_CSV, err)))
        goto done;
    csv_tmp = o->csv != NULL;
    if (o->csv && nc) {
        comparisons_path(cmp_csv, sizeof cmp_csv, o->csv);
        if ((rc = write_file(cmp_csv, &out, OUT_CMP_CSV, err)))
            goto done;
        cmp_tmp = 1;
    }
    if (o->md && (rc = write_file(o->md, &out, OUT_MD, err)))
        goto done;
    md_tmp = o->md != NULL;
    if (o->plots) {
        if (!cur[0]) {
            rc = ML_ERROR(err, ML_EUNSUPPORTED, "the scenarios are in different currencies: "
                          "pass --rates FILE (and --currency CUR) to plot them on one axis");
            goto done;
        }
        if ((rc = check_measure(o, sc, err)))
            goto done;
        if ((rc = ml_report_plots(o->plots, sc, n, factor, label, cur, o->measure, err)))
            goto done;
        int dev = 0;
        for (size_t i = 0; i < n; i++)
            dev |= sc[i].dev_years > 0;
        printf("\nplots of %s written to %s/: exceedance, measures, histogram%s%s%s (.png, "
               ".svg)\n", o->measure, o->plots, sc[0].n_metrics ? ", policy" : "",
               ml_report_plots_has_compensation(sc, n) ? ", compensation" : "",
               dev ? ", development" : "");
    }
    if (o->html) {
        char tmp[1100];
        tmp_name(tmp, sizeof tmp, o->html);
        ml_html_page pg = {&t, cmp, nc, sc, n, label, factor, cur, note, o->rates, o->measure,
                           files, nfiles, o->argc, o->argv};
        if ((rc = check_measure(o, sc, err)) || (rc = ml_report_html(o->html, tmp, &pg, err)))
            goto done;
        html_tmp = 1;
    }
    csv_tmp = 0;
    if (o->csv && (rc = finish_file(o->csv, 1, err)))
        goto done;
    cmp_tmp = 0;
    if (cmp_csv[0] && (rc = finish_file(cmp_csv, 1, err)))
        goto done;
    md_tmp = 0;
    if (o->md && (rc = finish_file(o->md, 1, err)))
        goto done;
    if (o->csv)
        printf("table written to %s (CSV)\n", o->csv);
    if (cmp_csv[0])
        printf("comparisons written to %s (CSV)\n", cmp_csv);
    if (o->md)
        printf("table written to %s (Markdown)\n", o->md);
    html_tmp = 0;
    if (o->html && (rc = finish_file(o->html, 1, err)))
        goto done;
    if (o->html)
        printf("report page written to %s (HTML: table, comparisons, plots, provenance)\n",
               o->html);
done:
    if (html_tmp)
        finish_file(o->html, 0, err);
    if (csv_tmp)
        finish_file(o->csv, 0, err);
    if (md_tmp)
        finish_file(o->md, 0, err);
    if (cmp_tmp)
        finish_file(cmp_csv, 0, err);
    for (size_t i = 0; i < nc; i++)
        ml_cmp_free(&cmp[i]);
    free(cmp);
    free(pair);
    ml_table_free(&t);
    ml_h5in_free(sc, n);
    free(factor);
    free(label);
    return rc;
}

static const char usage[] =
    "usage: medliab report RUN.h5 [RUN.h5 ...] [--currency CUR --rates FILE] [--csv FILE]\n"
    "                      [--markdown FILE] [--plots DIR] [--html FILE] [--measure NAME]\n"
    "                      [--baseline NAME | --compare A:B ...]\n"
    "\n"
    "The scenarios of results files side by side: mean, sd, VaR99.5 and TVaR99 of\n"
    "every amount, mean and sd of every count, policy metrics. Then comparisons: for\n"
    "each scenario against the baseline, the ratio (x) and difference (+) of every\n"
    "headline figure (pure_premium, insured_var995, insured_tvar99, each policy\n"
    "metric), with its Monte Carlo standard error, paired when the two have one seed\n"
    "and replicate count (common random numbers), and its 90% interval over the\n"
    "parameter draws when both have the same draws. Reads the files only; never\n"
    "simulates.\n"
    "\n"
    "  --currency CUR   the currency of the table (default: the rates file's base)\n"
    "  --rates FILE     conversion factors, YAML or CSV (see scenarios/rates.yaml)\n"
    "  --csv FILE       also write the table as CSV, at full precision\n"
    "  --markdown FILE  also write the table as Markdown\n"
    "  --plots DIR      exceedance curves with 95% bands, compensation against cost,\n"
    "                   policy metrics, amounts, histograms as PNG/SVG (and their CSV)\n"
    "  --html FILE      also write one self-contained HTML page (nothing fetched): the\n"
    "                   table, the comparisons, the plots of --plots inline as SVG,\n"
    "                   and the provenance: each file's format version, writer's git\n"
    "                   commit, creation time, seed and replicates; each scenario's run\n"
    "                   file, levers and parameter draws; the exchange rates' sources\n"
    "  --measure NAME   the amount the curves and histograms show (default insured)\n"
    "  --baseline NAME  the scenario the others are compared with (default: the first)\n"
    "  --compare A:B    compare scenario A with B only (repeatable); NAME, A and B are\n"
    "                   column headings, or scenario names where unique\n"
    "\n"
    "With --csv T.csv the comparisons go to T.comparisons.csv, one row per scenario,\n"
    "baseline and figure: baseline_value, value, ratio, ratio_se, ratio_p05, ratio_p95,\n"
    "difference, difference_se, difference_p05, difference_p95, draws, se_method\n"
    "(paired, paired bootstrap, unpaired, none) and note; --markdown adds them as a\n"
    "second table.\n"
    "  -h, --help       print this help and exit\n"
    "\n"
    "example: medliab report out.h5 --rates scenarios/rates.yaml --currency USD --csv t.csv\n";

int ml_cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"currency", required_argument, NULL, 'C'},
                                         {"rates", required_argument, NULL, 'r'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"markdown", required_argument, NULL, 'm'},
                                         {"plots", required_argument, NULL, 'p'},
                                         {"html", required_argument, NULL, 'H'},
                                         {"measure", required_argument, NULL, 'M'},
                                         {"baseline", required_argument, NULL, 'b'},
                                         {"compare", required_argument, NULL, 'P'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    report_opts o = {0};
    o.measure = "insured";
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1;) {
        switch (c) {
        case 'h': fputs(usage, stdout); return ML_EXIT_OK;
        case 'C': o.currency = optarg; break;
        case 'r': o.rates = optarg; break;
        case 'c': o.csv = optarg; break;
        case 'm': o.md = optarg; break;
        case 'p': o.plots = optarg; break;
        case 'H': o.html = optarg; break;
        case 'M': o.measure = optarg; break;
        case 'b': o.baseline = optarg; break;
        case 'P':
            if (o.n_compare == MAX_COMPARE) {
                fprintf(stderr, "medliab report: at most %d --compare pairs\n", MAX_COMPARE);
                return ML_EXIT_USAGE;
            }
            o.compare[o.n_compare++] = optarg;
            break;
        default: ml_cli_bad_option("report", c, argv); return ML_EXIT_USAGE;
        }
    }
    /* getopt_long moved the file names behind the options, in their order. */
    const char **files = (const char **)(argv + optind);
    size_t nfiles = (size_t)(argc - optind);
    if (nfiles == 0) {
        fprintf(stderr, "medliab report: need at least one RUN.h5 (see medliab report --help)\n");
        return ML_EXIT_USAGE;
    }
    if (o.baseline && o.n_compare) {
        fprintf(stderr, "medliab report: --baseline and --compare exclude each other (see "
                        "medliab report --help)\n");
        return ML_EXIT_USAGE;
    }
    o.argc = argc;
    o.argv = argv;
    ml_err err = {0};
    int rc = report(&o, files, nfiles, &err);
    if (rc)
        fprintf(stderr, "medliab: %s\n", err.msg[0] ? err.msg : "out of memory");
    return o.usage ? ML_EXIT_USAGE : ml_exit_code(rc);
}
