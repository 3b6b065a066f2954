/*
 * report_table.h — the side-by-side table of `medliab report`: one column
 * per scenario, one row per figure, printed for a terminal, as CSV (full
 * precision, for programs) and as Markdown (for documents).
 */
#ifndef ML_REPORT_TABLE_H
#define ML_REPORT_TABLE_H

#include <stdio.h>

typedef struct {
    char label[96]; /* "insured mean", "policy: overhead_share" */
    char key[64], stat[16], unit[48];
    double *v;      /* one per column; NaN where a scenario lacks it */
} ml_trow;

typedef struct {
    size_t ncol, nrow, cap;
    char (*col)[96];  /* column headings */
    ml_trow *row;
} ml_table;

int ml_table_init(ml_table *t, size_t ncol);
/* Adds a row (values NaN); returns it, or NULL when out of memory. */
ml_trow *ml_table_add(ml_table *t, const char *key, const char *stat, const char *unit);
void ml_table_free(ml_table *t);

void ml_table_print(const ml_table *t, FILE *out);
/* Prints " word" at column *col of a line of a list, first breaking the
 * line (a newline, then indent) when the word would run past width;
 * advances *col.  For the lists of measures 0 in every year (here and in
 * `run`'s summary). */
void ml_print_word(FILE *out, const char *word, int *col, int width, const char *indent);
int ml_table_csv(const ml_table *t, FILE *out);
int ml_table_markdown(const ml_table *t, FILE *out);
/* "12,345,678" above 1000, else 4 significant digits; "-" for NaN. */
void ml_fmt_value(char *buf, size_t cap, double v);

/* Writes s as one CSV field, quoted when it holds a comma, a quote or a
 * newline (quotes doubled). */
void ml_csv_field(FILE *out, const char *s);

#endif
