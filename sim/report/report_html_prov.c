/*
 * report_html_prov.c — the provenance section of the HTML report (see
 * report_html.h): what a reader needs to trust the page's numbers or to
 * make them again.  Everything comes from the results files' own
 * attributes (h5in_provenance.h) and the rates file, never from the
 * machine that writes the page, except the last paragraph, which says
 * which binary wrote the page and how it was called.
 */
#include "h5in_provenance.h"
#include "html_text.h"
#include "report_html.h"
#include "report_rates.h"
#include "version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cell(FILE *out, const char *s)
{
    fputs("<td>", out);
    ml_html_text(out, s[0] ? s : "-", 0);
    fputs("</td>", out);
}

static void num_cell(FILE *out, double v)
{
    if (isnan(v))
        fputs("<td class=\"num\">-</td>", out);
    else
        fprintf(out, "<td class=\"num\">%.6g</td>", v);
}

static void head(FILE *out, const char *const *cols)
{
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", out);
    for (; *cols; cols++)
        fprintf(out, "<th scope=\"col\">%s</th>", *cols);
    fputs("</tr></thead>\n<tbody>\n", out);
}

static void foot(FILE *out)
{
    fputs("</tbody>\n</table></div>\n", out);
}

static int write_files(FILE *out, const ml_html_page *pg, ml_err *err)
{
    static const char *const cols[] = {"file", "format", "format version", "written by",
                                       "git commit", "created (UTC)", "seed", "replicates",
                                       "stopping rule", NULL};
    fputs("<h3>Input files</h3>\n", out);
    head(out, cols);
    for (size_t i = 0; i < pg->nfiles; i++) {
        ml_in_file_prov p;
        int rc = ml_h5in_file_prov(pg->files[i], &p, err);
        if (rc)
            return rc;
        char v[32];
        fputs("<tr>", out);
        cell(out, pg->files[i]);
        cell(out, p.format);
        snprintf(v, sizeof v, "%llu", (unsigned long long)p.format_version);
        cell(out, v);
        fputs("<td>medliab ", out);
        ml_html_text(out, p.software_version[0] ? p.software_version : "(unknown)", 0);
        fputs("</td><td><code>", out);
        ml_html_text(out, p.git_commit[0] ? p.git_commit : "-", 0);
        fputs("</code></td>", out);
        cell(out, p.created_utc);
        fprintf(out, "<td class=\"num\">%llu</td><td class=\"num\">%llu</td>",
                (unsigned long long)p.seed, (unsigned long long)p.replicates);
        cell(out, p.stopping_rule);
        fputs("</tr>\n", out);
    }
    foot(out);
    return ML_OK;
}

/* The scenarios, then the parameters of those run with draws. */
static int write_scenarios(FILE *out, const ml_html_page *pg, ml_err *err)
{
    static const char *const cols[] = {"column", "scenario", "file", "run file", "portfolio",
                                       "regime", "currency", "seed", "replicates", "levers",
                                       "parameter draws", NULL};
    static const char *const pcols[] = {"parameter", "where", "distribution", "a", "b",
                                        "point value", "smallest drawn", "largest drawn",
                                        NULL};
    fputs("<h3>Scenarios</h3>\n", out);
    head(out, cols);
    size_t with_draws = 0;
    for (size_t j = 0; j < pg->n; j++) {
        const ml_in_scenario *s = &pg->sc[j];
        ml_in_scen_prov p;
        int rc = ml_h5in_scen_prov(s->file, s->name, &p, err);
        if (rc)
            return rc;
        fputs("<tr>", out);
        cell(out, pg->label[j]);
        cell(out, s->name);
        cell(out, s->file);
        cell(out, p.source_file);
        cell(out, s->portfolio);
        cell(out, s->regime);
        cell(out, s->currency);
        fprintf(out, "<td class=\"num\">%llu</td><td class=\"num\">%llu</td>",
                (unsigned long long)s->seed, (unsigned long long)s->replicates);
        cell(out, p.levers);
        fprintf(out, "<td class=\"num\">%llu</td></tr>\n", (unsigned long long)p.draws);
        with_draws += p.draws > 0;
        ml_in_scen_prov_free(&p);
    }
    foot(out);
    fputs("<h3>Parameter draws</h3>\n", out);
    if (!with_draws) {
        fputs("<p class=\"note\">None: every scenario ran with its numbers' point values "
              "(no <code>--parameter-draws</code>).</p>\n", out);
        return ML_OK;
    }
    fputs("<p class=\"note\">Second-order Monte Carlo (<code>--parameter-draws K</code>): "
          "each draw sets every uncertain number below and runs the scenario's replicates. "
          "a and b are the range (uniform, triangular) or the distribution's two "
          "parameters.</p>\n", out);
    for (size_t j = 0; j < pg->n; j++) {
        ml_in_scen_prov p;
        int rc = ml_h5in_scen_prov(pg->sc[j].file, pg->sc[j].name, &p, err);
        if (rc)
            return rc;
        if (p.draws) {
            fputs("<h4>", out);
            ml_html_text(out, pg->label[j], 0);
            fprintf(out, ": %llu draws of %zu parameter%s</h4>\n", (unsigned long long)p.draws,
                    p.n_params, p.n_params == 1 ? "" : "s");
            head(out, pcols);
            for (size_t k = 0; k < p.n_params; k++) {
                const ml_in_param_prov *q = &p.param[k];
                fputs("<tr>", out);
                cell(out, q->key);
                cell(out, q->where);
                cell(out, q->dist);
                num_cell(out, q->a);
                num_cell(out, q->b);
                num_cell(out, q->value);
                num_cell(out, q->drawn_min);
                num_cell(out, q->drawn_max);
                fputs("</tr>\n", out);
            }
            foot(out);
        }
        ml_in_scen_prov_free(&p);
    }
    return ML_OK;
}

static int write_rates(FILE *out, const ml_html_page *pg, ml_err *err)
{
    static const char *const cols[] = {"currency", "units per base",
                                       "1 unit in the report's currency", "year", "source",
                                       "used by", NULL};
    fputs("<h3>Exchange rates</h3>\n", out);
    if (!pg->rates) {
        fputs("<p class=\"note\">No conversion: ", out);
        if (pg->currency[0]) {
            fputs("every scenario is in ", out);
            ml_html_text(out, pg->currency, 0);
        } else
            fputs("each scenario is in its own currency (named in its column heading)", out);
        fputs(".</p>\n", out);
        return ML_OK;
    }
    ml_rates r;
    int rc = ml_rates_load(pg->rates, &r, err);
    if (rc)
        return rc;
    const ml_rate *to = ml_rates_find(&r, pg->currency);
    fputs("<p class=\"note\">From <code>", out);
    ml_html_text(out, pg->rates, 0);
    fputs("</code> (", out);
    ml_html_text(out, r.kind[0] ? r.kind : "rates", 0);
    fputs("), base ", out);
    ml_html_text(out, r.base, 0);
    fputs("; amounts converted into ", out);
    ml_html_text(out, pg->currency, 0);
    fputs(".</p>\n", out);
    head(out, cols);
    for (size_t i = 0; i < r.n; i++) {
        const ml_rate *x = &r.r[i];
        char users[2048] = "";
        size_t k = 0;
        for (size_t j = 0; j < pg->n && k + 100 < sizeof users; j++)
            if (!strcmp(pg->sc[j].currency, x->currency))
                k += (size_t)snprintf(users + k, sizeof users - k, "%s%s", k ? ", " : "",
                                      pg->label[j]);
        fputs("<tr>", out);
        cell(out, x->currency);
        num_cell(out, x->per_base);
        num_cell(out, to ? to->per_base / x->per_base : NAN);
        fprintf(out, "<td class=\"num\">%u</td>", x->year);
        cell(out, x->source);
        cell(out, users);
        fputs("</tr>\n", out);
    }
    foot(out);
    ml_rates_free(&r);
    return ML_OK;
}

/* One argument as a shell would need it typed: in single quotes unless it
 * holds only characters that the shell leaves alone. */
static void shell_word(FILE *out, const char *a)
{
    if (a[0] && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789_./:=,+-@%") == strlen(a)) {
        ml_html_text(out, a, 0);
        return;
    }
    /* Quoted whole, then escaped whole: byte by byte would cut UTF-8. */
    char *q = malloc(4 * strlen(a) + 3);
    if (!q)
        return;
    size_t k = 0;
    q[k++] = '\'';
    for (const char *p = a; *p; p++)
        if (*p == '\'') {
            memcpy(q + k, "'\\''", 4);
            k += 4;
        } else
            q[k++] = *p;
    q[k++] = '\'';
    q[k] = '\0';
    ml_html_text(out, q, 0);
    free(q);
}

int ml_report_html_provenance(FILE *out, const ml_html_page *pg, ml_err *err)
{
    fputs("<section id=\"provenance\">\n<h2>Provenance</h2>\n", out);
    int rc = write_files(out, pg, err);
    if (!rc)
        rc = write_scenarios(out, pg, err);
    if (!rc)
        rc = write_rates(out, pg, err);
    if (rc)
        return rc;
    fputs("<h3>This page</h3>\n<p class=\"note\">Written by medliab ", out);
    ml_html_text(out, ML_VERSION, 0);
    fputs(" (git commit <code>", out);
    ml_html_text(out, ml_git_commit[0] ? ml_git_commit : "unknown", 0);
    fputs("</code>), from the files alone (a report never simulates), with:</p>\n"
          "<pre><code>medliab", out);
    for (int i = 0; i < pg->argc; i++) {
        fputc(' ', out);
        shell_word(out, pg->argv[i]);
    }
    fputs("</code></pre>\n</section>\n", out);
    return ML_OK;
}
