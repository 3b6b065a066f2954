/*
 * compare_out.c — see compare_out.h.
 */
#include "compare_out.h"
#include "report_table.h"

#include <math.h>
#include <string.h>

void ml_cmp_fmt(char *buf, size_t cap, double v, double se, int sign)
{
    if (isnan(v)) {
        snprintf(buf, cap, "-");
        return;
    }
    const char *plus = sign && v > 0 ? "+" : "";
    if (!(se > 0.0) || !isfinite(se) || !isfinite(v)) {
        char b[64];
        ml_fmt_value(b, sizeof b, v);
        snprintf(buf, cap, "%s%s", plus, b);
        return;
    }
    int d = 1 - (int)floor(log10(se));
    if (d > 12)
        d = 12;
    if (d <= 0) {
        /* Whole units at most: rounded to se's second digit, separated. */
        double unit = pow(10.0, -d);
        char b[64];
        ml_fmt_value(b, sizeof b, fabs(v) >= 1000.0 ? round(v / unit) * unit : v);
        snprintf(buf, cap, "%s%s", plus, b);
        return;
    }
    snprintf(buf, cap, "%s%.*f", plus, d, v);
}

void ml_cmp_fmt_se(char *buf, size_t cap, double se)
{
    if (isnan(se))
        snprintf(buf, cap, "unknown");
    else if (se >= 100.0 && isfinite(se)) {
        double unit = pow(10.0, floor(log10(se)) - 1);
        ml_fmt_value(buf, cap, round(se / unit) * unit);
    } else
        snprintf(buf, cap, "%.2g", se);
}

/* " (se 0.031; 90% interval 1.80-3.20)" */
static void paren(char *buf, size_t cap, double se, double lo, double hi, size_t draws,
                  double scale_se, int sign)
{
    char s[48], a[64], b[64];
    ml_cmp_fmt_se(s, sizeof s, se);
    int k = snprintf(buf, cap, "(se %s", s);
    if (draws && k > 0 && (size_t)k < cap) {
        ml_cmp_fmt(a, sizeof a, lo, scale_se, sign);
        ml_cmp_fmt(b, sizeof b, hi, scale_se, sign);
        k += snprintf(buf + k, cap - (size_t)k, "; 90%% interval %s to %s", a, b);
    }
    if (k > 0 && (size_t)k < cap)
        snprintf(buf + k, cap - (size_t)k, ")");
}

static void ratio_cell(char *buf, size_t cap, const ml_cmp_row *r)
{
    if (isnan(r->p.ratio)) {
        snprintf(buf, cap, "no ratio (baseline 0)");
        return;
    }
    char v[64], p[200];
    ml_cmp_fmt(v, sizeof v, r->p.ratio, r->p.ratio_se, 0);
    paren(p, sizeof p, r->p.ratio_se, r->ratio_p05, r->ratio_p95, r->draws, r->p.ratio_se, 0);
    snprintf(buf, cap, "x%s %s", v, p);
}

static void diff_cell(char *buf, size_t cap, const ml_cmp_row *r)
{
    char v[64], p[200];
    ml_cmp_fmt(v, sizeof v, r->p.diff, r->p.diff_se, 1);
    paren(p, sizeof p, r->p.diff_se, r->diff_p05, r->diff_p95, r->draws, r->p.diff_se, 1);
    snprintf(buf, cap, "%s %s", v, p);
}

static void values_cell(char *buf, size_t cap, const ml_cmp_row *r)
{
    char a[64], b[64];
    ml_cmp_fmt(a, sizeof a, r->base, r->p.diff_se, 0);
    ml_cmp_fmt(b, sizeof b, r->value, r->p.diff_se, 0);
    snprintf(buf, cap, "%s -> %s", a, b);
}

void ml_cmp_print(const ml_cmp *c, size_t n, char (*label)[96], FILE *out)
{
    if (!n)
        return;
    fprintf(out, "\nComparisons: each scenario against its baseline; x = ratio, + = difference; "
                 "se = Monte Carlo\nstandard error, paired when both saw the same incidents "
                 "(same seed and replicates);\n90%% interval = over the parameter draws, "
                 "where both have them.\n");
    for (size_t i = 0; i < n; i++) {
        const ml_cmp *x = &c[i];
        const char *a = label[x->scenario], *b = label[x->baseline];
        fprintf(out, "\n%s vs %s: %s\n", a, b, x->paired ? "paired" : x->why);
        if (x->k)
            fprintf(out, "  intervals over %zu parameter draws\n", x->k);
        else if (x->draws_why[0])
            fprintf(out, "  %s\n", x->draws_why);
        /* Columns aligned within the couple: figure, values, ratio. */
        int w[3] = {8, 0, 0};
        for (int pass = 0; pass < 2; pass++)
            for (size_t r = 0; r < x->n; r++) {
                const ml_cmp_row *y = &x->row[r];
                char vals[160], rat[300] = "", dif[300] = "";
                values_cell(vals, sizeof vals, y);
                if (y->method != ML_CMP_NONE) {
                    ratio_cell(rat, sizeof rat, y);
                    diff_cell(dif, sizeof dif, y);
                }
                if (pass == 0) {
                    int len[3] = {(int)strlen(y->figure), (int)strlen(vals), (int)strlen(rat)};
                    for (int k = 0; k < 3; k++)
                        w[k] = len[k] > w[k] ? len[k] : w[k];
                    continue;
                }
                if (y->method == ML_CMP_NONE) {
                    fprintf(out, "  %-*s  %-*s  (%s)\n", w[0], y->figure, w[1], vals, y->why);
                    continue;
                }
                int note = x->paired && y->method == ML_CMP_UNPAIRED;
                fprintf(out, "  %-*s  %-*s  %-*s  %s%s%s\n", w[0], y->figure, w[1], vals, w[2],
                        rat, dif, note ? "  unpaired: " : "", note ? y->why : "");
            }
    }
}


static void csv_num(FILE *out, double v)
{
    isnan(v) ? fputs(",", out) : fprintf(out, ",%.17g", v);
}

int ml_cmp_csv(const ml_cmp *c, size_t n, char (*label)[96], FILE *out)
{
    fputs("scenario,baseline,figure,unit,baseline_value,value,ratio,ratio_se,ratio_p05,"
          "ratio_p95,difference,difference_se,difference_p05,difference_p95,draws,se_method,"
          "note\n", out);
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < c[i].n; r++) {
            const ml_cmp_row *y = &c[i].row[r];
            ml_csv_field(out, label[c[i].scenario]);
            fputc(',', out);
            ml_csv_field(out, label[c[i].baseline]);
            fputc(',', out);
            ml_csv_field(out, y->figure);
            fputc(',', out);
            ml_csv_field(out, y->unit);
            csv_num(out, y->base);
            csv_num(out, y->value);
            csv_num(out, y->p.ratio);
            csv_num(out, y->p.ratio_se);
            csv_num(out, y->ratio_p05);
            csv_num(out, y->ratio_p95);
            csv_num(out, y->p.diff);
            csv_num(out, y->p.diff_se);
            csv_num(out, y->diff_p05);
            csv_num(out, y->diff_p95);
            fprintf(out, ",%zu,%s,", y->draws, ml_cmp_method_name(y->method));
            ml_csv_field(out, y->why[0] ? y->why : c[i].paired ? "" : c[i].why);
            fputc('\n', out);
        }
    return ferror(out) ? -1 : 0;
}

int ml_cmp_markdown(const ml_cmp *c, size_t n, char (*label)[96], FILE *out)
{
    fputs("\n**Comparisons** (x = ratio, + = difference, each with its Monte Carlo standard "
          "error; 90% interval over the parameter draws where both scenarios have them)\n\n"
          "| scenario | baseline | figure | unit | values | ratio | difference | se |\n"
          "| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n", out);
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < c[i].n; r++) {
            const ml_cmp_row *y = &c[i].row[r];
            char vals[160], rat[300] = "-", dif[300] = "-";
            values_cell(vals, sizeof vals, y);
            if (y->method != ML_CMP_NONE) {
                ratio_cell(rat, sizeof rat, y);
                diff_cell(dif, sizeof dif, y);
            }
            const char *note = y->why[0] ? y->why : c[i].paired ? "" : c[i].why;
            fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s%s%s |\n",
                    label[c[i].scenario], label[c[i].baseline], y->figure, y->unit, vals, rat,
                    dif, ml_cmp_method_name(y->method), note[0] ? ": " : "", note);
        }
    return ferror(out) ? -1 : 0;
}

void ml_cmp_row_cells(const ml_cmp_row *r, char *vals, char *rat, char *dif, size_t cap)
{
    values_cell(vals, cap, r);
    rat[0] = dif[0] = '\0';
    if (r->method != ML_CMP_NONE) {
        ratio_cell(rat, cap, r);
        diff_cell(dif, cap, r);
    }
}
