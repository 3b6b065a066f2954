/*
 * report_html.c — see report_html.h: the page's frame, its tables and its
 * figures (the provenance is report_html_prov.c).
 *
 * The figures are whatever SVG files the plotting step of `--plots`
 * writes, found by listing its folder rather than from a list of names, so
 * that a figure the plotting script gains appears on the page without a
 * change here.  Known figures come first, in the order and with the
 * captions of the table below; any other follows in name order, captioned
 * by its file name.
 */
#include "compare_out.h"
#include "html_svg.h"
#include "html_text.h"
#include "report_html.h"
#include "report_plots.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Captions of the figures tools/report_plots.py is known to draw; %s is
 * the measure the curves and histograms show. */
static const struct {
    const char *name, *caption;
} known[] = {
    {"exceedance", "Exceedance curves: annual %s loss by return period"},
    {"measures", "Average annual amounts, by measure"},
    {"histogram", "Distribution of the annual %s loss"},
    {"policy", "Policy metrics"},
    {"development", "Development of accident year 0: cumulative paid and reported claims "
                    "as shares of their ultimate"},
};
#define N_KNOWN (sizeof known / sizeof known[0])

/* Written into <head>: the page's only style, inline. */
static const char style[] =
    "body{font-family:sans-serif;margin:1.5em auto;max-width:78em;padding:0 1em;"
    "color:#1a1a1a;background:#fff;line-height:1.4}\n"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\n"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}\n"
    "th,td{border:1px solid #d0d0d0;padding:.2em .5em;vertical-align:top}\n"
    "th{background:#f2f2f2;text-align:left}td.num{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    ".scroll{overflow-x:auto}.note{color:#444}code{font-size:.95em}\n"
    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{color:#444;font-size:.9em;margin-top:.3em}\n"
    "nav a{margin-right:1em}\n";

/* The figures' temporary folder: emptied and removed. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[1400];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

typedef struct {
    char name[256]; /* file name without .svg */
    size_t rank;    /* position in known[], N_KNOWN for others */
} figure;

static int by_rank(const void *a, const void *b)
{
    const figure *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The SVG files of dir, in page order (malloc'd into *fig). */
static int list_figures(const char *dir, figure **fig, size_t *n, ml_err *err)
{
    *fig = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ML_ERROR(err, ML_EIO, "%s: cannot list the figures: %s", dir, strerror(errno));
    size_t cap = 0;
    int rc = ML_OK;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || len - 4 >= sizeof(*fig)->name || strcmp(e->d_name + len - 4, ".svg"))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            figure *p = realloc(*fig, cap * sizeof *p);
            if (!p) {
                rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
                break;
            }
            *fig = p;
        }
        figure *f = &(*fig)[(*n)++];
        snprintf(f->name, sizeof f->name, "%.*s", (int)(len - 4), e->d_name);
        f->rank = N_KNOWN;
        for (size_t k = 0; k < N_KNOWN; k++)
            if (!strcmp(f->name, known[k].name))
                f->rank = k;
    }
    closedir(d);
    if (rc) {
        free(*fig);
        *fig = NULL;
        *n = 0;
        return rc;
    }
    if (*n)
        qsort(*fig, *n, sizeof **fig, by_rank);
    return ML_OK;
}

/* A figure's caption: the table's, or its file name with '_' as spaces. */
static void caption(char *out, size_t cap, const figure *f, const char *measure)
{
    if (f->rank < N_KNOWN) {
        /* The captions are this file's own constants, with at most one %s. */
        snprintf(out, cap, known[f->rank].caption, measure);
        return;
    }
    snprintf(out, cap, "%s", f->name);
    for (char *p = out; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

static void escaped(char *out, size_t cap, const char *s)
{
    FILE *f = fmemopen(out, cap, "w");
    if (!f) {
        out[0] = '\0';
        return;
    }
    ml_html_text(f, s, 0);
    fclose(f);
    out[cap - 1] = '\0';
}

/* The figures of dir, each a <figure> with its SVG and caption. */
static int write_figures(FILE *out, const char *dir, const char *measure, ml_err *err)
{
    figure *fig = NULL;
    size_t n = 0;
    int rc = list_figures(dir, &fig, &n, err);
    if (rc)
        return rc;
    if (n == 0)
        fputs("<p class=\"note\">The plotting step drew no figure.</p>\n", out);
    for (size_t i = 0; i < n && !rc; i++) {
        char cap[512], label[1024], path[1400], prefix[32];
        caption(cap, sizeof cap, &fig[i], measure);
        escaped(label, sizeof label, cap);
        snprintf(path, sizeof path, "%s/%s.svg", dir, fig[i].name);
        snprintf(prefix, sizeof prefix, "fig%zu-", i + 1);
        fprintf(out, "<figure id=\"figure-%zu\">\n", i + 1);
        rc = ml_html_svg(out, path, prefix, label, err);
        fprintf(out, "<figcaption>Figure %zu. %s (<code>", i + 1, label);
        ml_html_text(out, fig[i].name, 0);
        fputs(".svg</code>)</figcaption>\n</figure>\n", out);
    }
    free(fig);
    return rc;
}

/* The plots section: the figures drawn into a fresh temporary folder, or
 * why there are none. */
static int write_plots(FILE *out, const char *path, const ml_html_page *pg, ml_err *err)
{
    fputs("<section id=\"plots\">\n<h2>Plots</h2>\n", out);
    if (!pg->currency[0]) {
        fputs("<p class=\"note\">No plots: the scenarios are in different currencies. Pass "
              "<code>--rates FILE</code> (and <code>--currency CUR</code>) to draw them on "
              "one axis.</p>\n</section>\n", out);
        return ML_OK;
    }
    const char *tmpdir = getenv("TMPDIR");
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/medliab-html-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir))
        return ML_ERROR(err, ML_EIO, "%s: cannot make a temporary folder for its figures "
                        "(%s): %s", path, dir, strerror(errno));
    int rc = ml_report_plots(dir, pg->sc, pg->n, pg->factor, pg->label, pg->currency,
                             pg->measure, err);
    if (!rc) {
        fputs("<p class=\"note\">Amounts in ", out);
        ml_html_text(out, pg->currency, 0);
        fputs("; the figures of <code>--plots</code>, whose plotted numbers that option "
              "writes beside them as CSV.</p>\n", out);
        rc = write_figures(out, dir, pg->measure, err);
    }
    remove_dir(dir);
    fputs("</section>\n", out);
    return rc;
}


/* A table row's opening: its label as the row header, then its unit. */
static void row_head(FILE *out, const char *label, const char *unit)
{
    fputs("<tr><th scope=\"row\">", out);
    ml_html_text(out, label, 0);
    fputs("</th><td>", out);
    ml_html_text(out, unit, 0);
    fputs("</td>", out);
}

static void num_cell(FILE *out, const char *text)
{
    fputs("<td class=\"num\">", out);
    ml_html_text(out, text, 0);
    fputs("</td>", out);
}
static void write_table(FILE *out, const ml_table *t)
{
    fputs("<section id=\"table\">\n<h2>Table</h2>\n<div class=\"scroll\"><table>\n<thead><tr>"
          "<th scope=\"col\">figure</th><th scope=\"col\">unit</th>", out);
    for (size_t j = 0; j < t->ncol; j++) {
        fputs("<th scope=\"col\">", out);
        ml_html_text(out, t->col[j], 0);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < t->nrow; i++) {
        const ml_trow *r = &t->row[i];
        row_head(out, r->label, r->unit);
        for (size_t j = 0; j < t->ncol; j++) {
            char buf[64];
            ml_fmt_value(buf, sizeof buf, r->v[j]);
            num_cell(out, buf);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", out);
}

static void write_comparisons(FILE *out, const ml_html_page *pg)
{
    fputs("<section id=\"comparisons\">\n<h2>Comparisons</h2>\n", out);
    if (!pg->ncmp) {
        fputs("<p class=\"note\">One scenario: nothing to compare.</p>\n</section>\n", out);
        return;
    }
    fputs("<p class=\"note\">Each scenario against its baseline: × = ratio, + = difference, "
          "each with its Monte Carlo standard error (se), paired when both saw the same "
          "incidents (one seed and replicate count); the 90% interval is over the parameter "
          "draws, where both have them.</p>\n", out);
    for (size_t i = 0; i < pg->ncmp; i++) {
        const ml_cmp *c = &pg->cmp[i];
        fputs("<h3>", out);
        ml_html_text(out, pg->label[c->scenario], 0);
        fputs(" vs ", out);
        ml_html_text(out, pg->label[c->baseline], 0);
        fputs("</h3>\n<p class=\"note\">", out);
        ml_html_text(out, c->paired ? "paired" : c->why, 0);
        if (c->k)
            fprintf(out, "; intervals over %zu parameter draws", c->k);
        else if (c->draws_why[0]) {
            fputs("; ", out);
            ml_html_text(out, c->draws_why, 0);
        }
        fputs("</p>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">figure</th>"
              "<th scope=\"col\">unit</th><th scope=\"col\">baseline → value</th>"
              "<th scope=\"col\">ratio</th><th scope=\"col\">difference</th>"
              "<th scope=\"col\">se</th></tr></thead>\n<tbody>\n", out);
        for (size_t r = 0; r < c->n; r++) {
            const ml_cmp_row *y = &c->row[r];
            char vals[300], rat[300], dif[300];
            ml_cmp_row_cells(y, vals, rat, dif, sizeof vals);
            const char *why = y->why[0] ? y->why : c->paired ? "" : c->why;
            row_head(out, y->figure, y->unit);
            num_cell(out, vals);
            num_cell(out, rat[0] ? rat : "-");
            num_cell(out, dif[0] ? dif : "-");
            fputs("<td>", out);
            ml_html_text(out, ml_cmp_method_name(y->method), 0);
            if (why[0]) {
                fputs(": ", out);
                ml_html_text(out, why, 0);
            }
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody>\n</table></div>\n", out);
    }
    fputs("</section>\n", out);
}

static void write_head(FILE *out, const ml_html_page *pg)
{
    fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
          "<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n", out);
    fprintf(out, "<title>medliab report: %zu scenario%s</title>\n", pg->n,
            pg->n == 1 ? "" : "s");
    fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>medliab report</h1>\n"
                 "<p>", style);
    fprintf(out, "%zu scenario%s from %zu file%s", pg->n, pg->n == 1 ? "" : "s", pg->nfiles,
            pg->nfiles == 1 ? "" : "s");
    if (pg->currency[0]) {
        fputs(", amounts in ", out);
        ml_html_text(out, pg->currency, 0);
    }
    fputs(": ", out);
    for (size_t j = 0; j < pg->n; j++) {
        fputs(j ? ", " : "", out);
        ml_html_text(out, pg->label[j], 0);
    }
    fputs(".</p>\n", out);
    if (pg->note[0]) {
        fputs("<p class=\"note\">", out);
        ml_html_text(out, pg->note, 1);
        fputs("</p>\n", out);
    }
    fputs("<nav><a href=\"#plots\">Plots</a><a href=\"#comparisons\">Comparisons</a>"
          "<a href=\"#table\">Table</a><a href=\"#provenance\">Provenance</a></nav>\n"
          "</header>\n<main>\n", out);
}

int ml_report_html(const char *path, const char *tmp, const ml_html_page *pg, ml_err *err)
{
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ML_ERROR(err, ML_EIO, "%s: cannot write: %s", path, strerror(errno));
    /* Figures first, the long table after the comparisons it backs. */
    write_head(f, pg);
    int rc = write_plots(f, path, pg, err);
    if (!rc) {
        write_comparisons(f, pg);
        write_table(f, pg->table);
        rc = ml_report_html_provenance(f, pg, err);
    }
    fputs("</main>\n</body>\n</html>\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        if (!rc)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot write (disk full?)", path);
    }
    if (rc)
        unlink(tmp);
    return rc;
}
