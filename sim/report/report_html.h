/*
 * report_html.h — `medliab report --html FILE`: the report as one
 * self-contained HTML page.  It holds the side-by-side table and the
 * comparisons (the same as the terminal, CSV and Markdown), the figures of
 * `--plots` inline as SVG (drawn into a temporary folder by the same step,
 * every SVG file found there embedded, in a fixed order), and the
 * provenance: each input file with its format version, software version,
 * the git commit of the binary that wrote it, its creation time, seed and
 * replicates; each scenario's run file, levers and parameter draws; the
 * exchange rates used with their sources; the command and the binary that
 * wrote the page.  Nothing is fetched: no scripts, style sheets, fonts or
 * images from anywhere else, so the page opens offline and as an e-mail
 * attachment.  The markup is XML-compatible HTML5 and every text from a
 * file is escaped (html_text.h).
 */
#ifndef ML_REPORT_HTML_H
#define ML_REPORT_HTML_H

#include "compare.h"
#include "h5in.h"
#include "report_table.h"
#include "status.h"

typedef struct {
    const ml_table *table;
    const ml_cmp *cmp;          /* the comparisons, ncmp of them */
    size_t ncmp;
    const ml_in_scenario *sc;   /* the report's n scenarios */
    size_t n;
    char (*label)[96];          /* their column headings */
    const double *factor;       /* each scenario's conversion into currency */
    const char *currency;       /* the reporting currency; "" when each keeps its own */
    const char *note;           /* where the conversion factors come from ("" for none) */
    const char *rates;          /* --rates FILE, or NULL */
    const char *measure;        /* the amount the curves and histograms show */
    const char *const *files;   /* the results files, as given */
    size_t nfiles;
    int argc;                   /* the command line (argv[0] = "report") */
    char *const *argv;
} ml_html_page;

/* Draws the figures (when the scenarios share one currency) and writes the
 * page to tmp; path, the name tmp will be renamed to, names the page in
 * messages.  On failure tmp is removed, and so is the temporary folder of
 * the figures in every case. */
int ml_report_html(const char *path, const char *tmp, const ml_html_page *pg, ml_err *err);

/* The provenance section (report_html_prov.c). */
int ml_report_html_provenance(FILE *out, const ml_html_page *pg, ml_err *err);

#endif
