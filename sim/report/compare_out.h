/*
 * compare_out.h — paired comparisons (compare.h) laid out for a reader: on
 * the terminal, one line per figure ("pure_premium  1,234 -> 2,345  x1.900
 * (se 0.012; 90% interval 1.5-2.4)  +1,111 (se 25)"), each estimate
 * rounded to the digits its standard error leaves meaningful; as CSV, one
 * row per scenario, baseline and figure with every number at full
 * precision; and as a Markdown table.
 */
#ifndef ML_COMPARE_OUT_H
#define ML_COMPARE_OUT_H

#include "compare.h"

#include <stdio.h>

/* label[i] names the report's scenario i. */
void ml_cmp_print(const ml_cmp *c, size_t n, char (*label)[96], FILE *out);
int ml_cmp_csv(const ml_cmp *c, size_t n, char (*label)[96], FILE *out);
int ml_cmp_markdown(const ml_cmp *c, size_t n, char (*label)[96], FILE *out);

/* The cells of one row as the terminal and Markdown show them: vals
 * ("a -> b"), rat and dif (the ratio and difference with their errors;
 * empty where the figures cannot be compared), each of cap bytes. */
void ml_cmp_row_cells(const ml_cmp_row *r, char *vals, char *rat, char *dif, size_t cap);

/* v rounded to the decimals that its standard error se leaves meaningful
 * (two significant digits of se), with thousands separators when no
 * decimal is left; 4 significant digits when se is 0, unknown or infinite;
 * "-" for NaN.  sign: a "+" before positive values. */
void ml_cmp_fmt(char *buf, size_t cap, double v, double se, int sign);
/* se itself, to two significant digits. */
void ml_cmp_fmt_se(char *buf, size_t cap, double se);

#endif
