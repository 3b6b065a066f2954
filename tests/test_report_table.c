/*
 * test_report_table.c — the side-by-side table of `medliab report`
 * (report_table.h) on known numbers: the value format (thousands
 * separators by hand above 1000, 4 significant digits below, "-" for a
 * missing figure), and the exact text of the terminal, CSV and Markdown
 * forms of one small table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "report_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fmt(double v)
{
    static char buf[64];
    ml_fmt_value(buf, sizeof buf, v);
    return buf;
}

/* The documented example and its neighbours: 12,345,678 above 1000;
 * 4 significant digits below; %.0f rounds half to even (2500.5 -> 2,500,
 * 1234567.5 -> 1,234,568). */
static void test_fmt_12345678_is_12_345_678_and_2500_5_is_2_500(void **state)
{
    (void)state;
    assert_string_equal(fmt(12345678), "12,345,678");
    assert_string_equal(fmt(1000), "1,000");
    assert_string_equal(fmt(123456), "123,456");
    assert_string_equal(fmt(1234567.89), "1,234,568");
    assert_string_equal(fmt(2500.5), "2,500");
    assert_string_equal(fmt(1234567.5), "1,234,568");
    assert_string_equal(fmt(-1234.4), "-1,234");
    assert_string_equal(fmt(-1000.4), "-1,000");
    assert_string_equal(fmt(1e17), "100,000,000,000,000,000");
}

static void test_fmt_below_1000_has_4_significant_digits(void **state)
{
    (void)state;
    assert_string_equal(fmt(0), "0");
    assert_string_equal(fmt(2.5), "2.5");
    assert_string_equal(fmt(12.345678), "12.35");
    assert_string_equal(fmt(999.94), "999.9");
    assert_string_equal(fmt(0.000123456), "0.0001235");
    assert_string_equal(fmt(-0.5), "-0.5");
    assert_string_equal(fmt(-999), "-999");
    /* Just below 1000 rounds up to four digits without a separator. */
    assert_string_equal(fmt(999.96), "1000");
}

/* NaN is a figure the scenario lacks: "-"; infinities and numbers of 1e18
 * and more (beyond what %.0f prints as a whole number of digits worth
 * separating) use %.4g. */
static void test_fmt_nan_is_a_dash_and_1e18_is_1e_plus_18(void **state)
{
    (void)state;
    assert_string_equal(fmt(NAN), "-");
    assert_string_equal(fmt(INFINITY), "inf");
    assert_string_equal(fmt(-INFINITY), "-inf");
    assert_string_equal(fmt(1e18), "1e+18");
    assert_string_equal(fmt(-2.5e20), "-2.5e+20");
}

/* A buffer too short for the digits: the text is cut, never overflows
 * (the byte after the buffer stays as it was). */
static void test_fmt_into_a_short_buffer_is_cut_not_overflowed(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, '#', sizeof buf);
    ml_fmt_value(buf, 6, 1234567890.0);
    assert_true(strlen(buf) <= 5);
    assert_true(buf[6] == '#' && buf[7] == '#');
    assert_memory_equal(buf, "1,23", 4);
}

/* ---- one table in three forms ---------------------------------------- */

static void build(ml_table *t)
{
    assert_int_equal(ml_table_init(t, 2), 0);
    strcpy(t->col[0], "uk");
    strcpy(t->col[1], "de, adjusted");
    ml_trow *r = ml_table_add(t, "insured", "mean", "USD");
    assert_non_null(r);
    r->v[0] = 1234567.89;
    r->v[1] = 2500.5;
    r = ml_table_add(t, "policy: paid_share", "", "");
    assert_non_null(r);
    r->v[0] = 0.5; /* the second column stays NaN: the scenario lacks it */
    r = ml_table_add(t, "claims", "sd", "count");
    assert_non_null(r);
    r->v[0] = 12.345678;
    r->v[1] = -3;
}

static char *render(const ml_table *t, int form)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    if (form == 0)
        ml_table_print(t, f);
    else if (form == 1)
        assert_int_equal(ml_table_csv(t, f), 0);
    else
        assert_int_equal(ml_table_markdown(t, f), 0);
    fclose(f);
    return text;
}

/* Rows: "insured mean" in USD, "policy: paid_share" with no unit and a
 * missing second value, "claims sd" in count.  A new row's values are NaN;
 * its label is key and stat joined by a space, or the key alone. */
static void test_new_row_is_all_nan_and_labelled_key_space_stat(void **state)
{
    (void)state;
    ml_table t;
    build(&t);
    ml_assert_size_eq(t.nrow, 3);
    assert_string_equal(t.row[0].label, "insured mean");
    assert_string_equal(t.row[1].label, "policy: paid_share");
    assert_true(isnan(t.row[1].v[1]));
    ml_trow *r = ml_table_add(&t, "x", "", "u");
    assert_true(isnan(r->v[0]) && isnan(r->v[1]));
    assert_string_equal(r->label, "x");
    assert_string_equal(r->unit, "u");
    /* 100 more rows grow the table; the first rows keep their values. */
    for (int i = 0; i < 100; i++) assert_non_null(ml_table_add(&t, "k", "s", ""));
    ml_assert_size_eq(t.nrow, 104);
    ml_assert_double_exact(t.row[0].v[0], 1234567.89);
    ml_table_free(&t);
    ml_assert_size_eq(t.nrow, 0);
    assert_null(t.row);
}

/* Terminal form.  Label column: the widest "label (unit)", 18 characters
 * ("insured mean (USD)", "policy: paid_share").  Value columns: as wide
 * as their heading or widest value: 9 ("1,234,568") and 12
 * ("de, adjusted"); two spaces before each; values right-aligned. */
static void test_terminal_table_is_aligned_to_18_9_and_12_columns(void **state)
{
    (void)state;
    ml_table t;
    build(&t);
    char *text = render(&t, 0);
    assert_string_equal(text,
                        "                           uk  de, adjusted\n"
                        "insured mean (USD)  1,234,568         2,500\n"
                        "policy: paid_share        0.5             -\n"
                        "claims sd (count)       12.35            -3\n");
    free(text);
    ml_table_free(&t);
}

/* CSV: full precision (%.17g round-trips), a missing value empty, fields
 * with a comma or a quote quoted with the quote doubled. */
static void test_csv_has_17_digits_empty_missing_values_and_quoted_commas(void **state)
{
    (void)state;
    ml_table t;
    build(&t);
    ml_trow *r = ml_table_add(&t, "a \"q\"", "x,y", "");
    r->v[1] = 1e-310;
    char *text = render(&t, 1);
    assert_string_equal(text,
                        "measure,statistic,unit,uk,\"de, adjusted\"\n"
                        "insured,mean,USD,1234567.8899999999,2500.5\n"
                        "policy: paid_share,,,0.5,\n"
                        "claims,sd,count,12.345677999999999,-3\n"
                        "\"a \"\"q\"\"\",\"x,y\",,,9.9999999999999694e-311\n");
    /* Every value reads back to the same double. */
    ml_assert_double_exact(strtod("1234567.8899999999", NULL), 1234567.89);
    ml_assert_double_exact(strtod("12.345677999999999", NULL), 12.345678);
    free(text);
    ml_table_free(&t);
}

static void test_markdown_table_right_aligns_values_and_dashes_missing_ones(void **state)
{
    (void)state;
    ml_table t;
    build(&t);
    char *text = render(&t, 2);
    assert_string_equal(text,
                        "| figure | uk | de, adjusted |\n"
                        "| --- | ---: | ---: |\n"
                        "| insured mean (USD) | 1,234,568 | 2,500 |\n"
                        "| policy: paid_share | 0.5 | - |\n"
                        "| claims sd (count) | 12.35 | -3 |\n");
    free(text);
    ml_table_free(&t);
}

/* An empty table still prints its headings; the label column is at
 * least 8 wide. */
static void test_table_without_rows_prints_its_headings(void **state)
{
    (void)state;
    ml_table t;
    assert_int_equal(ml_table_init(&t, 1), 0);
    strcpy(t.col[0], "scenario");
    char *a = render(&t, 0), *b = render(&t, 1), *c = render(&t, 2);
    assert_string_equal(a, "          scenario\n");
    assert_string_equal(b, "measure,statistic,unit,scenario\n");
    assert_string_equal(c, "| figure | scenario |\n| --- | ---: |\n");
    free(a);
    free(b);
    free(c);
    ml_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_12345678_is_12_345_678_and_2500_5_is_2_500),
        cmocka_unit_test(test_fmt_below_1000_has_4_significant_digits),
        cmocka_unit_test(test_fmt_nan_is_a_dash_and_1e18_is_1e_plus_18),
        cmocka_unit_test(test_fmt_into_a_short_buffer_is_cut_not_overflowed),
        cmocka_unit_test(test_new_row_is_all_nan_and_labelled_key_space_stat),
        cmocka_unit_test(test_terminal_table_is_aligned_to_18_9_and_12_columns),
        cmocka_unit_test(test_csv_has_17_digits_empty_missing_values_and_quoted_commas),
        cmocka_unit_test(test_markdown_table_right_aligns_values_and_dashes_missing_ones),
        cmocka_unit_test(test_table_without_rows_prints_its_headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
