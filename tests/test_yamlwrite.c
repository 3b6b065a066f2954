/*
 * test_yamlwrite.c — the resolved-scenario writer (sim/load/yamlwrite.h)
 * through libyaml's emitter: a user's text comes back from libyaml's
 * parser byte for byte, whatever it holds (YAML's indicators, words YAML
 * reads as null or true, control characters, line separators, characters
 * beyond the BMP); a number comes back as the same double, with the
 * fewest of 15 to 17 digits; schema words stay plain; and text that is not
 * UTF-8 makes the writer fail rather than write something else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "yamlwrite.h"

#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_assert.h"

/* Texts the loader accepts (valid UTF-8, no NUL) that plain or careless
 * quoting would turn into something else. */
static const char *const tricky[] = {
    "", " ", "  leading and trailing  ", "null", "~", "Null", "true", "no", "1e3", "0x1F",
    ".inf", "- &odd: [x] #1", "a: b", "#not a comment", "'single'", "\"double\"",
    "back\\slash", "tab\there", "line\nbreak", "cr\rreturn", "two\n\nbreaks\n",
    "\x01\x02\x1b\x1f", "del\x7f", "nel \xc2\x85", "nbsp \xc2\xa0", "c1 \xc2\x80\xc2\x9f",
    "ls \xe2\x80\xa8 ps \xe2\x80\xa9", "bom \xef\xbb\xbf", "nonchars \xef\xbf\xbe\xef\xbf\xbf",
    "emoji \xf0\x9f\x98\x80", "max \xf4\x8f\xbf\xbf", "H\xc3\xb4pital g\xc3\xa9n\xc3\xa9ral",
    "{x}", "[x]", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick", "? key",
    "---", "...", "|", ">", "=", "<<",
};
#define N_TRICKY (sizeof tricky / sizeof *tricky)

typedef struct {
    char *buf;
    size_t len;
} text;

/* Writes a document: text i as a key and as a value, in block and flow
 * mappings and a flow list, plus one word and one number. */
static int write_doc(text *out)
{
    FILE *f = open_memstream(&out->buf, &out->len);
    assert_non_null(f);
    fputs("# a comment written before the emitter starts\n", f);
    ml_yw w;
    ml_yw_begin(&w, f);
    ml_yw_kv_map(&w, "block", 0);
    for (size_t i = 0; i < N_TRICKY; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%zu", i);
        ml_yw_kv_text(&w, key, tricky[i]);
    }
    ml_yw_close_map(&w);
    ml_yw_kv_map(&w, "as_keys", 1);
    for (size_t i = 0; i < N_TRICKY; i++) {
        ml_yw_text(&w, tricky[i]);
        ml_yw_uint(&w, i);
    }
    ml_yw_close_map(&w);
    ml_yw_kv_list(&w, "flow_list", 1);
    for (size_t i = 0; i < N_TRICKY; i++)
        ml_yw_text(&w, tricky[i]);
    ml_yw_close_list(&w);
    ml_yw_kv_word(&w, "model", "lognormal");
    ml_yw_kv_bool(&w, "adjudicates", 1);
    ml_yw_kv_num(&w, "limit", INFINITY);
    ml_yw_kv_map(&w, "empty", 1);
    ml_yw_close_map(&w);
    int rc = ml_yw_end(&w);
    assert_int_equal(fclose(f), 0);
    return rc;
}

/* The next scalar event of the parse, with its style. */
static char *next_scalar(yaml_parser_t *p, yaml_scalar_style_t *style)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(p, &ev))
            fail_msg("the written text does not parse: %s (line %zu)",
                     p->problem ? p->problem : "?", p->problem_mark.line + 1);
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            return NULL;
        }
        if (ev.type == YAML_SCALAR_EVENT) {
            char *s = malloc(ev.data.scalar.length + 1);
            assert_non_null(s);
            memcpy(s, ev.data.scalar.value, ev.data.scalar.length);
            s[ev.data.scalar.length] = '\0';
            assert_int_equal(strlen(s), ev.data.scalar.length); /* no NUL inside */
            *style = ev.data.scalar.style;
            yaml_event_delete(&ev);
            return s;
        }
        yaml_event_delete(&ev);
    }
}

static void expect_scalar(yaml_parser_t *p, const char *want, yaml_scalar_style_t style)
{
    yaml_scalar_style_t got;
    char *s = next_scalar(p, &got);
    if (!s || strcmp(s, want))
        fail_msg("expected \"%s\", read back \"%s\"", want, s ? s : "(nothing)");
    assert_int_equal(got, style);
    free(s);
}

static void test_text_reads_back_as_itself(void **state)
{
    (void)state;
    text t = {0};
    assert_int_equal(write_doc(&t), 0);
    static const char head[] = "# a comment written before the emitter starts\nblock:\n";
    assert_memory_equal(t.buf, head, sizeof head - 1);
    yaml_parser_t p;
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)t.buf, t.len);
    expect_scalar(&p, "block", YAML_PLAIN_SCALAR_STYLE);
    for (size_t i = 0; i < N_TRICKY; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%zu", i);
        expect_scalar(&p, key, YAML_PLAIN_SCALAR_STYLE);
        expect_scalar(&p, tricky[i], YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    }
    expect_scalar(&p, "as_keys", YAML_PLAIN_SCALAR_STYLE);
    for (size_t i = 0; i < N_TRICKY; i++) {
        char n[16];
        snprintf(n, sizeof n, "%zu", i);
        expect_scalar(&p, tricky[i], YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        expect_scalar(&p, n, YAML_PLAIN_SCALAR_STYLE);
    }
    expect_scalar(&p, "flow_list", YAML_PLAIN_SCALAR_STYLE);
    for (size_t i = 0; i < N_TRICKY; i++)
        expect_scalar(&p, tricky[i], YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    expect_scalar(&p, "model", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, "lognormal", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, "adjudicates", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, "true", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, "limit", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, ".inf", YAML_PLAIN_SCALAR_STYLE);
    expect_scalar(&p, "empty", YAML_PLAIN_SCALAR_STYLE);
    yaml_scalar_style_t st;
    assert_null(next_scalar(&p, &st));
    yaml_parser_delete(&p);
    /* An empty mapping is written {}, and printable UTF-8 as it is. */
    assert_non_null(strstr(t.buf, "empty: {}\n"));
    assert_non_null(strstr(t.buf, "\"H\xc3\xb4pital g\xc3\xa9n\xc3\xa9ral\""));
    free(t.buf);
}

/* Long text stays on one line: the emitter is told not to fold. */
static void test_long_text_is_not_folded(void **state)
{
    (void)state;
    char *longtext = malloc(5001);
    assert_non_null(longtext);
    for (int i = 0; i < 5000; i++)
        longtext[i] = i % 7 == 6 ? ' ' : 'a';
    longtext[5000] = '\0';
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    ml_yw w;
    ml_yw_begin(&w, f);
    ml_yw_kv_text(&w, "description", longtext);
    assert_int_equal(ml_yw_end(&w), 0);
    assert_int_equal(fclose(f), 0);
    ml_assert_size_eq(len, strlen("description: \"\"\n") + 5000);
    assert_memory_equal(buf + 14, longtext, 5000);
    free(buf);
    free(longtext);
}

/* Text that is not UTF-8 is refused by the emitter: the writer says so
 * instead of writing text the reader would refuse. */
static void test_text_not_utf8_fails(void **state)
{
    (void)state;
    static const char *const bad[] = {"\xff", "cut \xc3", "\xc0\xaf", "\x80 alone"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        ml_yw w;
        ml_yw_begin(&w, f);
        ml_yw_kv_text(&w, "name", "good");
        ml_yw_kv_text(&w, "bad", bad[i]);
        ml_yw_kv_text(&w, "after", "never written");
        assert_int_equal(ml_yw_end(&w), -1);
        assert_int_equal(fclose(f), 0);
        free(buf);
    }
}

/* The number's text reads back as the same double. */
static void assert_number_round_trip(double x)
{
    char b[32];
    ml_yw_num_text(x, b);
    char *end;
    double y = strtod(b, &end);
    if (*end || !(y == x) || signbit(y) != signbit(x))
        fail_msg("%.17g was written %s, which reads back as %.17g", x, b, y);
    /* The fewest digits: one digit less (down to 15) would not read back
     * (more than 17 digits are never written). */
    assert_true(strlen(b) < 32);
    int digits = 0, lead = 1; /* significant digits: leading zeros do not count */
    for (const char *c = b; *c && *c != 'e'; c++) {
        lead &= *c == '-' || *c == '0' || *c == '.';
        digits += !lead && *c >= '0' && *c <= '9';
    }
    if (digits > 15) {
        char shorter[32];
        snprintf(shorter, sizeof shorter, "%.*g", digits == 17 ? 16 : 15, x);
        if (strtod(shorter, NULL) == x)
            fail_msg("%.17g was written %s, but %s reads back too", x, b, shorter);
    }
}

static void test_numbers_round_trip(void **state)
{
    (void)state;
    char b[32];
    ml_yw_num_text(0.1, b);
    assert_string_equal(b, "0.1");
    ml_yw_num_text(2e6, b);
    assert_string_equal(b, "2000000");
    ml_yw_num_text(1e15, b);
    assert_string_equal(b, "1e+15");
    ml_yw_num_text(INFINITY, b);
    assert_string_equal(b, ".inf");
    ml_yw_num_text(-INFINITY, b);
    assert_string_equal(b, "-.inf");
    ml_yw_num_text(-0.0, b);
    assert_string_equal(b, "-0");
    static const double edge[] = {1.0 / 3, 2.0 / 3, 0.1 + 0.2, DBL_MAX, DBL_MIN, 5e-324,
                                  -DBL_MAX, 9007199254740993.0, 123456789.123456789, 1e-300};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        assert_number_round_trip(edge[i]);
    /* Doubles of every magnitude from fixed bit patterns (a 64-bit LCG):
     * not random, so a failure is the same on every run. */
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 200000; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        double x;
        memcpy(&x, &s, sizeof x);
        if (isfinite(x))
            assert_number_round_trip(x);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_reads_back_as_itself),
        cmocka_unit_test(test_long_text_is_not_folded),
        cmocka_unit_test(test_text_not_utf8_fails),
        cmocka_unit_test(test_numbers_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
