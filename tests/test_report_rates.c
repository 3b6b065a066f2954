/*
 * test_report_rates.c — currency conversion factors for `medliab report`
 * (report_rates.h): the shipped YAML example, the CSV form, every refusal
 * with its FILE:LINE: FIELD message, and the rule that says when a unit is
 * money in a currency.  An amount in A becomes amount * per_base(B) /
 * per_base(A) in B: only the factors' ratios matter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "tmp_files.h"

#include "report_rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char made[32][64];
static int n_made;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_rates_XXXXXX");
    n_made = 0;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[256];
    for (int i = 0; i < n_made; i++) {
        snprintf(p, sizeof p, "%s/%.63s", dir, made[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static const char *file(const char *name, const char *text)
{
    static char p[256];
    put(name, text);
    if (n_made < 32) snprintf(made[n_made++], sizeof made[0], "%s", name);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* Loads text as name and expects code with the message PATH + tail. */
static void refused(const char *name, const char *text, int code, const char *tail)
{
    const char *p = file(name, text);
    ml_rates r;
    ml_err err = {0};
    assert_int_equal(ml_rates_load(p, &r, &err), code);
    char want[1200];
    snprintf(want, sizeof want, "%s%s", p, tail);
    assert_string_equal(err.msg, want);
    ml_assert_size_eq(r.n, 0);
    assert_null(r.r);
}

/* ---- the shipped example --------------------------------------------- */

/* scenarios/rates.yaml: USD base, five currencies, the Federal Reserve's
 * 2023 figures.  GBP 0.80386 per USD and JPY 140.5001 per USD: 1000 GBP
 * is 1000 * 140.5001 / 0.80386 = 174,781.8 JPY. */
static void test_shipped_rates_give_gbp_0_80386_and_jpy_140_5001_per_usd(void **state)
{
    (void)state;
    char p[1024];
    snprintf(p, sizeof p, "%s/scenarios/rates.yaml", ML_SOURCE_DIR);
    ml_rates r;
    ml_err err = {0};
    int rc = ml_rates_load(p, &r, &err);
    if (rc) fail_msg("%s", err.msg);
    assert_string_equal(r.base, "USD");
    assert_string_equal(r.kind, "market exchange rate, 2023 annual average");
    assert_string_equal(r.file, p);
    ml_assert_size_eq(r.n, 5);
    const char *codes[5] = {"USD", "GBP", "JPY", "TWD", "CNY"};
    const double per[5] = {1, 0.80386, 140.5001, 31.1525, 7.0809};
    for (int i = 0; i < 5; i++) {
        const ml_rate *x = ml_rates_find(&r, codes[i]);
        assert_non_null(x);
        ml_assert_double_exact(x->per_base, per[i]);
        ml_assert_int_eq(x->year, 2023);
        assert_true(strlen(x->source) > 0);
    }
    ml_assert_double_rel(1000.0 * ml_rates_find(&r, "JPY")->per_base /
                             ml_rates_find(&r, "GBP")->per_base,
                         174781.8, 1e-6, "the figure above, rounded to 0.1");
    /* Not listed, or not in the exact case: not found. */
    assert_null(ml_rates_find(&r, "EUR"));
    assert_null(ml_rates_find(&r, "usd"));
    assert_null(ml_rates_find(&r, ""));
    ml_rates_free(&r);
    ml_assert_size_eq(r.n, 0);
    assert_null(r.r);
}

/* ---- YAML refusals --------------------------------------------------- */

static void test_yaml_rate_without_per_base_names_file_line_and_field(void **state)
{
    (void)state;
    refused("noper.yaml",
            "base: USD\n"
            "rates:\n"
            "  - {currency: USD, per_base: 1, year: 2023, source: base}\n"
            "  - {currency: EUR, year: 2023, source: ECB}\n",
            ML_EINVAL, ":4: rates[1].per_base: required number is missing");
}

static void test_yaml_lowercase_currency_is_not_an_iso_code(void **state)
{
    (void)state;
    refused("lower.yaml",
            "base: USD\n"
            "rates:\n"
            "  - {currency: usd, per_base: 1, year: 2023, source: base}\n",
            ML_EINVAL, ":3: rates[0]: currency 'usd' is not an ISO 4217 code like USD");
    refused("four.yaml",
            "base: USD\n"
            "rates:\n"
            "  - {currency: EURO, per_base: 1, year: 2023, source: x}\n",
            ML_EINVAL, ":3: rates[0]: currency 'EURO' is not an ISO 4217 code like USD");
}

static void test_yaml_currency_listed_twice_is_refused_at_its_second_entry(void **state)
{
    (void)state;
    refused("twice.yaml",
            "base: USD\n"
            "rates:\n"
            "  - {currency: GBP, per_base: 0.8, year: 2023, source: a}\n"
            "  - {currency: USD, per_base: 1, year: 2023, source: b}\n"
            "  - {currency: GBP, per_base: 0.9, year: 2024, source: c}\n",
            ML_EINVAL, ":5: rates[2]: currency GBP is listed twice");
}

static void test_yaml_per_base_0_and_year_1899_are_out_of_range(void **state)
{
    (void)state;
    refused("zero.yaml",
            "base: USD\nrates:\n  - {currency: USD, per_base: 0, year: 2023, source: a}\n",
            ML_EINVAL, ":3: rates[0].per_base: 0 is out of range [1e-300, 1e+300]");
    refused("year.yaml",
            "base: USD\nrates:\n  - {currency: USD, per_base: 1, year: 1899, source: a}\n",
            ML_EINVAL, ":3: rates[0].year: 1899 is out of range [1900, 2200]");
    refused("neg.yaml",
            "base: USD\nrates:\n  - {currency: USD, per_base: -2, year: 2023, source: a}\n",
            ML_EINVAL, ":3: rates[0].per_base: -2 is out of range [1e-300, 1e+300]");
}

static void test_yaml_missing_base_unknown_key_and_empty_list_are_refused(void **state)
{
    (void)state;
    refused("nobase.yaml", "rates:\n  - {currency: USD, per_base: 1, year: 2023, source: a}\n",
            ML_EINVAL, ":1: base: required text is missing");
    refused("key.yaml", "base: USD\nbasis: x\nrates: []\n", ML_EINVAL,
            ":2: (rates): unknown key 'basis'; expected one of: base, kind, rates");
    refused("empty.yaml", "base: USD\nrates: []\n", ML_EINVAL,
            ":2: rates: expected a list of {currency, per_base, year, source}");
    refused("map.yaml", "base: USD\nrates: {USD: 1}\n", ML_EINVAL,
            ":2: rates: expected a list of {currency, per_base, year, source}");
    refused("nosource.yaml",
            "base: USD\nrates:\n  - {currency: USD, per_base: 1, year: 2023}\n",
            ML_EINVAL, ":3: rates[0].source: required text is missing");
    refused("extra.yaml",
            "base: USD\nrates:\n  - {currency: USD, per_base: 1, year: 2023, source: a, "
            "date: x}\n",
            ML_EINVAL, ":3: rates[0]: unknown key 'date'; expected one of: currency, "
                       "per_base, year, source");
}

static void test_missing_rates_file_is_refused_naming_it(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/absent.yaml", dir);
    ml_rates r;
    ml_err err = {0};
    assert_int_equal(ml_rates_load(p, &r, &err), ML_EINVAL);
    char want[400];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", p);
    assert_string_equal(err.msg, want);
    snprintf(p, sizeof p, "%s/absent.csv", dir);
    assert_int_equal(ml_rates_load(p, &r, &err), ML_EIO);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", p);
    assert_string_equal(err.msg, want);
}

/* ---- the CSV form ---------------------------------------------------- */

/* A source holding a comma or a quote is quoted; '#' lines and blank lines are
 * skipped; CRLF line ends are fine; the CSV names no base. */
static void test_csv_with_quoted_sources_and_comments_loads_four_rates(void **state)
{
    (void)state;
    const char *p = file("ok.csv",
                         "currency,per_base,year,source\n"
                         "# the base\n"
                         "USD,1,2023,the base currency\n"
                         "\n"
                         "EUR,0.92477,2023,\"ECB, annual average\"\r\n"
                         "CHF,0.8987,2022,SNB\n"
                         "JPY,140.5,2023,\"IMF \"\"IFS\"\", line \"\"rf\"\"\"\n");
    ml_rates r;
    ml_err err = {0};
    int rc = ml_rates_load(p, &r, &err);
    if (rc) fail_msg("%s", err.msg);
    ml_assert_size_eq(r.n, 4);
    assert_string_equal(r.base, "");
    /* A quote inside a quoted field is written twice (RFC 4180). */
    assert_string_equal(ml_rates_find(&r, "JPY")->source, "IMF \"IFS\", line \"rf\"");
    const ml_rate *eur = ml_rates_find(&r, "EUR");
    assert_non_null(eur);
    ml_assert_double_exact(eur->per_base, 0.92477);
    ml_assert_int_eq(eur->year, 2023);
    assert_string_equal(eur->source, "ECB, annual average");
    assert_string_equal(ml_rates_find(&r, "CHF")->source, "SNB");
    ml_assert_int_eq(ml_rates_find(&r, "CHF")->year, 2022);
    ml_rates_free(&r);
}

static void test_csv_wrong_header_is_refused_at_line_1(void **state)
{
    (void)state;
    refused("head.csv", "code,per_base,year,source\nUSD,1,2023,x\n", ML_EINVAL,
            ":1: the header must be currency,per_base,year,source");
}

static void test_csv_bad_rows_are_refused_at_their_line(void **state)
{
    (void)state;
    const char *tail = ":3: expected currency (ISO code),per_base (a positive number),year,"
                       "source";
    const char *rows[] = {
        "EUR,abc,2023,x\n",     /* not a number */
        "EUR,0,2023,x\n",       /* not positive */
        "EUR,-1,2023,x\n",
        "EUR,1e400,2023,x\n",   /* overflows */
        "EUR,1.5x,2023,x\n",    /* trailing text */
        "EUR,1,1800,x\n",       /* year out of [1900, 2200] */
        "EUR,1,abcd,x\n",
        "EUR,1,2023,\n",        /* no source */
        "eur,1,2023,x\n",       /* not an ISO code */
        "EURO,1,2023,x\n",
        "EUR,1,2023\n",         /* three fields */
        "EUR,1,2023,\"open quote\n",
        "EUR,1,2023,\"closed\" then text\n", /* text after the closing quote */
        "EUR,1,2023x,x\n",     /* a year with trailing text */
    };
    char text[256], name[32];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(text, sizeof text, "currency,per_base,year,source\nUSD,1,2023,base\n%s",
                 rows[i]);
        snprintf(name, sizeof name, "bad%zu.csv", i);
        refused(name, text, ML_EINVAL, tail);
    }
}

static void test_csv_duplicate_and_empty_files_are_refused(void **state)
{
    (void)state;
    refused("dup.csv", "currency,per_base,year,source\nGBP,0.8,2023,a\nGBP,0.81,2023,b\n",
            ML_EINVAL, ":3: currency GBP is listed twice");
    refused("none.csv", "currency,per_base,year,source\n# nothing\n", ML_EINVAL, ": no rates");
    /* A line past the reader's buffer is refused, not split in two. */
    char long_text[1300];
    int k = snprintf(long_text, sizeof long_text, "currency,per_base,year,source\nUSD,1,2023,a\n"
                     "EUR,1,2023,");
    memset(long_text + k, 'x', 1100);
    snprintf(long_text + k + 1100, sizeof long_text - (size_t)k - 1100, "\n");
    refused("long.csv", long_text, ML_EINVAL, ":3: line longer than 1022 characters");
}

/* ---- units in a currency --------------------------------------------- */

static void test_unit_usd_per_paid_claim_becomes_eur_per_paid_claim(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(ml_unit_in_currency("USD", "USD", "EUR", out, sizeof out), 1);
    assert_string_equal(out, "EUR");
    assert_int_equal(ml_unit_in_currency("USD per paid claim", "USD", "EUR", out, sizeof out),
                     1);
    assert_string_equal(out, "EUR per paid claim");
    assert_int_equal(ml_unit_in_currency("GBP per year", "GBP", "JPY", out, sizeof out), 1);
    assert_string_equal(out, "JPY per year");
}

/* Not money in that currency: another currency, a longer word starting
 * with the code, a unit with no currency, an empty code; out untouched. */
static void test_units_that_are_not_money_in_the_currency_are_left_alone(void **state)
{
    (void)state;
    char out[64] = "untouched";
    assert_int_equal(ml_unit_in_currency("GBP per year", "USD", "EUR", out, sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("USDX", "USD", "EUR", out, sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("USD/claim", "USD", "EUR", out, sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("paid claims / claims", "USD", "EUR", out,
                                         sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("per bed-year", "USD", "EUR", out, sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("USD", "", "EUR", out, sizeof out), 0);
    assert_int_equal(ml_unit_in_currency("US", "USD", "EUR", out, sizeof out), 0);
    assert_string_equal(out, "untouched");
    /* A short buffer truncates the converted unit, never overflows. */
    char small[8];
    assert_int_equal(ml_unit_in_currency("USD per paid claim", "USD", "EUR", small,
                                         sizeof small), 1);
    assert_string_equal(small, "EUR per");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_rates_give_gbp_0_80386_and_jpy_140_5001_per_usd),
        cmocka_unit_test_setup_teardown(test_yaml_rate_without_per_base_names_file_line_and_field,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_lowercase_currency_is_not_an_iso_code, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_yaml_currency_listed_twice_is_refused_at_its_second_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_per_base_0_and_year_1899_are_out_of_range,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_yaml_missing_base_unknown_key_and_empty_list_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_rates_file_is_refused_naming_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_with_quoted_sources_and_comments_loads_four_rates,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_wrong_header_is_refused_at_line_1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_bad_rows_are_refused_at_their_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_duplicate_and_empty_files_are_refused, setup,
                                        teardown),
        cmocka_unit_test(test_unit_usd_per_paid_claim_becomes_eur_per_paid_claim),
        cmocka_unit_test(test_units_that_are_not_money_in_the_currency_are_left_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
