/*
 * report_table.c — see report_table.h.
 */
#include "report_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ml_table_init(ml_table *t, size_t ncol)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->col = calloc(ncol ? ncol : 1, sizeof *t->col);
    return t->col ? 0 : -1;
}

ml_trow *ml_table_add(ml_table *t, const char *key, const char *stat, const char *unit)
{
    if (t->nrow == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 32;
        ml_trow *p = realloc(t->row, cap * sizeof *p);
        if (!p)
            return NULL;
        t->row = p;
        t->cap = cap;
    }
    ml_trow *r = &t->row[t->nrow];
    memset(r, 0, sizeof *r);
    r->v = malloc((t->ncol ? t->ncol : 1) * sizeof *r->v);
    if (!r->v)
        return NULL;
    for (size_t j = 0; j < t->ncol; j++)
        r->v[j] = NAN;
    snprintf(r->key, sizeof r->key, "%s", key);
    snprintf(r->stat, sizeof r->stat, "%s", stat);
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    snprintf(r->label, sizeof r->label, "%s%s%s", key, stat[0] ? " " : "", stat);
    t->nrow++;
    return r;
}

void ml_table_free(ml_table *t)
{
    for (size_t i = 0; i < t->nrow; i++)
        free(t->row[i].v);
    free(t->row);
    free(t->col);
    memset(t, 0, sizeof *t);
}

void ml_fmt_value(char *buf, size_t cap, double v)
{
    if (isnan(v)) {
        snprintf(buf, cap, "-");
        return;
    }
    if (isinf(v) || fabs(v) < 1000.0 || fabs(v) >= 1e18) {
        snprintf(buf, cap, "%.4g", v);
        return;
    }
    /* Thousands separators by hand: the C locale has none, and a report
     * must not change with the reader's locale. */
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), k = 0;
    if (v < 0 && k + 1 < cap)
        buf[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

static size_t label_width(const ml_table *t)
{
    size_t w = 8;
    for (size_t i = 0; i < t->nrow; i++) {
        size_t l = strlen(t->row[i].label) + (t->row[i].unit[0] ? strlen(t->row[i].unit) + 3 : 0);
        if (l > w)
            w = l;
    }
    return w;
}

/* A measure's rows (key a measure name, a statistic) that are 0 in every
 * column: the measure was 0 in every year of every scenario (what none of
 * the regimes has).  A policy, pricing or development row never folds. */
static int measure_row(const ml_trow *r)
{
    return r->stat[0] && !strchr(r->key, ':');
}

static int zero_measure(const ml_table *t, const char *key)
{
    int seen = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const ml_trow *r = &t->row[i];
        if (!measure_row(r) || strcmp(r->key, key))
            continue;
        for (size_t j = 0; j < t->ncol; j++)
            if (r->v[j] != 0.0) /* NaN (a scenario lacks it) is not 0 either */
                return 0;
        seen = 1;
    }
    return seen;
}

void ml_table_print(const ml_table *t, FILE *out)
{
    int lw = (int)label_width(t);
    int cw[64];
    char buf[64];
    for (size_t j = 0; j < t->ncol && j < 64; j++) {
        size_t w = strlen(t->col[j]);
        for (size_t i = 0; i < t->nrow; i++) {
            ml_fmt_value(buf, sizeof buf, t->row[i].v[j]);
            if (strlen(buf) > w)
                w = strlen(buf);
        }
        cw[j] = (int)w;
    }
    fprintf(out, "%-*s", lw, "");
    for (size_t j = 0; j < t->ncol && j < 64; j++)
        fprintf(out, "  %*s", cw[j], t->col[j]);
    fputc('\n', out);
    size_t n_zero = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        char lab[160];
        const ml_trow *r = &t->row[i];
        if (measure_row(r) && zero_measure(t, r->key)) {
            n_zero++;
            continue;
        }
        if (r->unit[0])
            snprintf(lab, sizeof lab, "%s (%s)", r->label, r->unit);
        else
            snprintf(lab, sizeof lab, "%s", r->label);
        fprintf(out, "%-*s", lw, lab);
        for (size_t j = 0; j < t->ncol && j < 64; j++) {
            ml_fmt_value(buf, sizeof buf, r->v[j]);
            fprintf(out, "  %*s", cw[j], buf);
        }
        fputc('\n', out);
    }
    if (!n_zero)
        return;
    /* Each folded measure named once, in table order. */
    fprintf(out, "0 in every year of every scenario (rows left out here; --csv and --markdown "
                 "keep them):\n ");
    int col = 1;
    for (size_t i = 0; i < t->nrow; i++) {
        const ml_trow *r = &t->row[i];
        int first = 1;
        for (size_t k = 0; k < i && first; k++)
            first = !(measure_row(&t->row[k]) && !strcmp(t->row[k].key, r->key));
        if (first && measure_row(r) && zero_measure(t, r->key))
            ml_print_word(out, r->key, &col, 96, " ");
    }
    fputc('\n', out);
}

void ml_print_word(FILE *out, const char *word, int *col, int width, const char *indent)
{
    int len = (int)strlen(word) + 1;
    if (*col + len > width) {
        fprintf(out, "\n%s", indent);
        *col = (int)strlen(indent);
    }
    fprintf(out, " %s", word);
    *col += len;
}

/* Quotes a CSV field (doubling its quotes) when it holds a comma, quote or
 * line break, as RFC 4180 reads it. */
void ml_csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else
        fputs(s, out);
}

int ml_table_csv(const ml_table *t, FILE *out)
{
    fputs("measure,statistic,unit", out);
    for (size_t j = 0; j < t->ncol; j++) {
        fputc(',', out);
        ml_csv_field(out, t->col[j]);
    }
    fputc('\n', out);
    for (size_t i = 0; i < t->nrow; i++) {
        const ml_trow *r = &t->row[i];
        ml_csv_field(out, r->key);
        fputc(',', out);
        ml_csv_field(out, r->stat);
        fputc(',', out);
        ml_csv_field(out, r->unit);
        /* %.17g round-trips every double: a program reading the CSV gets
         * the figure of the file, converted, to the last bit. */
        for (size_t j = 0; j < t->ncol; j++)
            isnan(r->v[j]) ? fputs(",", out) : fprintf(out, ",%.17g", r->v[j]);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

int ml_table_markdown(const ml_table *t, FILE *out)
{
    char buf[64];
    fputs("| figure |", out);
    for (size_t j = 0; j < t->ncol; j++)
        fprintf(out, " %s |", t->col[j]);
    fputs("\n| --- |", out);
    for (size_t j = 0; j < t->ncol; j++)
        fputs(" ---: |", out);
    fputc('\n', out);
    for (size_t i = 0; i < t->nrow; i++) {
        const ml_trow *r = &t->row[i];
        if (r->unit[0])
            fprintf(out, "| %s (%s) |", r->label, r->unit);
        else
            fprintf(out, "| %s |", r->label);
        for (size_t j = 0; j < t->ncol; j++) {
            ml_fmt_value(buf, sizeof buf, r->v[j]);
            fprintf(out, " %s |", buf);
        }
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
