/*
 * test_sources.c — the classifier of scenario numbers (sim/load/sources.c) on
 * small YAML fixtures: which scalars are numbers, how a tag is recognised
 * and checked, and how far it reaches (its line, the comment lines above,
 * the block below, a mapping's source field).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A calibration table: two fit rows and one validate row. */
static char cal_id[3][128] = {"us_mean_payment", "china_national_disputes", "uk_damages"};
static char cal_use[3][32] = {"fit", "fit", "validate"};
static const ml_src_calib CAL = {cal_id, cal_use, 3};

static ml_src_file scan(const char *yaml)
{
    ml_src_file f;
    ml_err err = {0};
    int rc = ml_sources_scan_text(&f, "t.yaml", yaml, strlen(yaml), &CAL, &err);
    if (rc)
        print_error("scan failed: %s\n", err.msg);
    assert_int_equal(rc, ML_OK);
    return f;
}

/* The number at index i: its line, value and class. */
static void expect(const ml_src_file *f, size_t i, unsigned long line, const char *value,
                   ml_src_class cls)
{
    assert_true(i < f->n);
    if (f->num[i].line != line || strcmp(f->num[i].value, value) || f->num[i].cls != cls)
        print_error("number %zu: got line %lu value %s class %s (%s)\n", i, f->num[i].line,
                    f->num[i].value, ml_sources_class_name(f->num[i].cls), f->num[i].note);
    assert_int_equal(f->num[i].line, line);
    assert_string_equal(f->num[i].value, value);
    assert_int_equal(f->num[i].cls, cls);
}

static void counts(const ml_src_file *f, size_t s, size_t fi, size_t a, size_t st, size_t u)
{
    assert_int_equal(f->count[ML_SRC_SOURCED], s);
    assert_int_equal(f->count[ML_SRC_FITTED], fi);
    assert_int_equal(f->count[ML_SRC_ASSUMPTION], a);
    assert_int_equal(f->count[ML_SRC_SETTING], st);
    assert_int_equal(f->count[ML_SRC_UNCLASSIFIED], u);
    assert_int_equal(f->n, s + fi + a + st + u);
}

/* Decimal scalars in every YAML form are numbers; text, booleans, nulls,
 * quoted digits, keys and text fields are not; .inf and unlimited are. */
static void test_what_is_a_number(void **state)
{
    (void)state;
    ml_src_file f = scan("name: 2023\n"                     /* text field */
                         "description: 12 hospitals\n"
                         "a: 1\n"
                         "b: -1.5e3\n"
                         "c: .5\n"
                         "d: 2.\n"
                         "e: true\n"
                         "g: ~\n"
                         "h: \"12\"\n"                       /* quoted: text */
                         "i: '3'\n"
                         "j: 1.3x\n"
                         "k: 0x1F\n"
                         "l: .inf\n"
                         "m: unlimited\n"
                         "n: .nan\n"
                         "7: key\n"                           /* a key, not a value */
                         "o: {x: 1, y: 2}\n"                  /* two numbers */
                         "p: [3, 4, five]\n"
                         "q:\n"
                         "  - 5\n"
                         "  - {grade: 10, coef: 0.1}\n"       /* grade is a label */
                         "r: >\n"
                         "  6\n");                            /* block scalar: text */
    const char *want[] = {"1", "-1.5e3", ".5", "2.", ".inf", "unlimited", "1", "2", "3",
                          "4", "5", "0.1"};
    unsigned long lines[] = {3, 4, 5, 6, 13, 14, 17, 17, 18, 18, 20, 21};
    counts(&f, 0, 0, 0, 0, 12);
    for (size_t i = 0; i < 12; i++)
        expect(&f, i, lines[i], want[i], ML_SRC_UNCLASSIFIED);
    ml_sources_file_free(&f);
}

/* The same, value by value, with field paths. */
static void test_number_paths(void **state)
{
    (void)state;
    ml_src_file f = scan("run: {replicates: 10, seed: 3}\n"
                         "pricing:\n"
                         "  layers:\n"
                         "    - {name: x1, attachment: 200, limit: .inf}\n"
                         "p: [3, 4]\n");
    assert_int_equal(f.n, 6);
    assert_string_equal(f.num[0].field, "run.replicates");
    assert_string_equal(f.num[1].field, "run.seed");
    assert_string_equal(f.num[2].field, "pricing.layers[0].attachment");
    assert_string_equal(f.num[3].field, "pricing.layers[0].limit");
    assert_string_equal(f.num[4].field, "p[0]");
    assert_string_equal(f.num[5].field, "p[1]");
    assert_string_equal(f.num[4].value, "3");
    assert_int_equal(f.num[2].line, 4);
    ml_sources_file_free(&f);
}

/* Every kind of tag, on its own line, and what makes it invalid. */
static void test_trailing_tags(void **state)
{
    (void)state;
    ml_src_file f = scan(
        "run:\n"
        "  replicates: 2000     # setting: enough for 1% standard errors\n"
        "  seed: 1              # setting:\n"                                 /* no reason */
        "a: 0.3                 # fraction; source: Brennan et al. NEJM 1991\n"
        "b: 0.4                 # fraction; fitted: us_mean_payment\n"
        "c: {x: 1, y: 2}        # fraction; assumption: no data, midpoint\n"
        "d: 5                   # months; fitted: us_mean_paymen\n"           /* typo */
        "e: 6                   # fitted: uk_damages\n"                        /* validate */
        "f: 7                   # fitted: us_mean_payment, uk_damages\n"
        "g: 8                   # fitted: us_mean_payment, china_national_disputes (scale)\n"
        "h: 9                   # fraction; source:   \n"                     /* empty */
        "i: 10                  # assumption: ;\n"
        "j: 11                  # setting: only run: may use it\n"
        "k: 12                  # fraction, an assumption: not a tag here\n"
        "l: 13                  # Source: capitals are prose\n"
        "m: 14                  # fitted:\n"
        "n: 15                  # months\n");
    expect(&f, 0, 2, "2000", ML_SRC_SETTING);
    expect(&f, 1, 3, "1", ML_SRC_UNCLASSIFIED);
    assert_string_equal(f.num[1].note, "setting: without a reason");
    expect(&f, 2, 4, "0.3", ML_SRC_SOURCED);
    assert_string_equal(f.num[2].note, "Brennan et al. NEJM 1991");
    expect(&f, 3, 5, "0.4", ML_SRC_FITTED);
    expect(&f, 4, 6, "1", ML_SRC_ASSUMPTION);
    expect(&f, 5, 6, "2", ML_SRC_ASSUMPTION);
    expect(&f, 6, 7, "5", ML_SRC_UNCLASSIFIED);
    assert_non_null(strstr(f.num[6].note, "unknown calibration row 'us_mean_paymen'"));
    expect(&f, 7, 8, "6", ML_SRC_UNCLASSIFIED);
    assert_non_null(strstr(f.num[7].note, "'uk_damages' has use = validate"));
    expect(&f, 8, 9, "7", ML_SRC_UNCLASSIFIED); /* one bad id spoils the list */
    expect(&f, 9, 10, "8", ML_SRC_FITTED);
    expect(&f, 10, 11, "9", ML_SRC_UNCLASSIFIED);
    assert_string_equal(f.num[10].note, "source: without a citation");
    expect(&f, 11, 12, "10", ML_SRC_UNCLASSIFIED);
    expect(&f, 12, 13, "11", ML_SRC_UNCLASSIFIED);
    assert_non_null(strstr(f.num[12].note, "only for the run: and time: blocks"));
    expect(&f, 13, 14, "12", ML_SRC_UNCLASSIFIED);
    expect(&f, 14, 15, "13", ML_SRC_UNCLASSIFIED);
    expect(&f, 15, 16, "14", ML_SRC_UNCLASSIFIED);
    assert_string_equal(f.num[15].note, "fitted: without a calibration row id");
    expect(&f, 16, 17, "15", ML_SRC_UNCLASSIFIED);
    assert_non_null(strstr(f.num[16].note, "no tag"));
    counts(&f, 1, 2, 2, 1, 11);
    ml_sources_file_free(&f);
}

/* A block opener's tag covers its block until the indentation returns;
 * inner tags win; a sibling at the opener's indentation is not covered. */
static void test_block_scope(void **state)
{
    (void)state;
    ml_src_file f = scan("grades:                 # disability mix; assumption: no data\n"
                         "  permanent:\n"
                         "    - {coef: 0.1, prob: 0.4}\n"
                         "    - {coef: 1.0, prob: 0.6}   # source: SPC 2022\n"
                         "  death: {coef: 1}\n"
                         "other: 3\n"
                         "hospitals:\n"
                         "  - name: a              # beds; source: NHC 2022\n"
                         "    count: 5\n"
                         "    beds: 9              # beds; assumption: typical\n"
                         "  - name: b\n"
                         "    count: 6\n");
    expect(&f, 0, 3, "0.1", ML_SRC_ASSUMPTION);
    expect(&f, 1, 3, "0.4", ML_SRC_ASSUMPTION);
    expect(&f, 2, 4, "1.0", ML_SRC_SOURCED);
    expect(&f, 3, 4, "0.6", ML_SRC_SOURCED);
    expect(&f, 4, 5, "1", ML_SRC_ASSUMPTION);
    expect(&f, 5, 6, "3", ML_SRC_UNCLASSIFIED);  /* back at indentation 0 */
    expect(&f, 6, 9, "5", ML_SRC_SOURCED);       /* under the tagged item */
    expect(&f, 7, 10, "9", ML_SRC_ASSUMPTION);
    expect(&f, 8, 12, "6", ML_SRC_UNCLASSIFIED); /* the next item is not */
    ml_sources_file_free(&f);

    /* A blank line inside a block scalar ends no block. */
    f = scan("regime:                 # assumption: all of it\n"
             "  description: |\n"
             "    one\n"
             "\n"
             "    two\n"
             "  p: 0.5\n");
    expect(&f, 0, 6, "0.5", ML_SRC_ASSUMPTION);
    ml_sources_file_free(&f);
}

/* Comment-only lines head the next line (and its block); a blank line
 * breaks the link; the run's first tag counts and its text runs on. */
static void test_comment_runs(void **state)
{
    (void)state;
    ml_src_file f = scan("# Free prose about the portfolio.\n"
                         "# Sizes; assumption:\n"
                         "#   one regional system (DESIGN 3)\n"
                         "hospitals:\n"
                         "  - {count: 5, beds: 1500}\n"
                         "  - {count: 10, beds: 500}   # source: NHC 2022\n"
                         "# fraction; source: HMPS\n"
                         "\n"
                         "mix: {a: 0.5, b: 0.5}\n"
                         "specialties:\n"
                         "  # AEs per 1,000; assumption: HMPS 37 overall\n"
                         "  - {name: medicine, incident_rate: 30}\n"
                         "  - {name: surgery, incident_rate: 50}\n"
                         "  # fitted: china_national_disputes; relative sizes\n"
                         "  # are an assumption: the first tag counts\n"
                         "  - {name: x, incident_rate: 7}\n");
    expect(&f, 0, 5, "5", ML_SRC_ASSUMPTION); /* reason on the next comment line */
    assert_string_equal(f.num[0].note, "one regional system (DESIGN 3)");
    expect(&f, 1, 5, "1500", ML_SRC_ASSUMPTION);
    expect(&f, 2, 6, "10", ML_SRC_SOURCED);
    expect(&f, 4, 9, "0.5", ML_SRC_UNCLASSIFIED); /* the blank line cut the link */
    expect(&f, 5, 9, "0.5", ML_SRC_UNCLASSIFIED);
    expect(&f, 6, 12, "30", ML_SRC_ASSUMPTION);
    expect(&f, 7, 13, "50", ML_SRC_UNCLASSIFIED); /* a heading covers one line */
    expect(&f, 8, 16, "7", ML_SRC_FITTED);
    counts(&f, 2, 1, 3, 0, 3);
    ml_sources_file_free(&f);
}

/* A '#' inside text is not a comment: quoted scalars (after multi-byte
 * characters, which libyaml counts as one column each), plain scalars
 * without a space before it, block scalars. */
static void test_hash_in_text(void **state)
{
    (void)state;
    ml_src_file f = scan("a: {t: \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 #x\", v: 3}   "
                         "# assumption: r\n"
                         "b: {t: x#y, v: 4}\n"
                         "description: |\n"
                         "  # source: not a comment\n"
                         "c: 5\n"
                         "d: 'it''s # fitted: no'   # assumption: the real comment\n"
                         "e: 6\n");
    expect(&f, 0, 1, "3", ML_SRC_ASSUMPTION);
    expect(&f, 1, 2, "4", ML_SRC_UNCLASSIFIED);
    expect(&f, 2, 5, "5", ML_SRC_UNCLASSIFIED);
    expect(&f, 3, 7, "6", ML_SRC_UNCLASSIFIED);
    counts(&f, 0, 0, 1, 0, 3);
    ml_sources_file_free(&f);
}

/* A flow mapping continued on the next line stays under its first line's
 * tag; a mapping's own source field tags its direct numbers (rule 4). */
static void test_flow_and_source_field(void **state)
{
    (void)state;
    ml_src_file f = scan(
        "rates:\n"
        "  - {currency: GBP, per_base: 0.8, year: 2023,\n"
        "     source: \"Federal Reserve G.5A\"}\n"
        "  - {a: 1,         # fraction; assumption: split\n"
        "     b: 2}\n"
        "limit: {value: 500000, unit: CNY, source: \"assumption: typical policy\"}\n"
        "cap: {value: 7, unit: CNY, source: \"\"}\n"
        "deep: {source: \"NBS 2014\", inner: {x: 8}}\n"
        "own: {value: 9, source: \"Fed\"}   # assumption: the line's tag wins\n"
        "blk:                   # fitted: us_mean_payment\n"
        "  n: {value: 10, source: \"source: NBS\"}\n");
    expect(&f, 0, 2, "0.8", ML_SRC_SOURCED);
    assert_string_equal(f.num[0].note, "Federal Reserve G.5A");
    expect(&f, 1, 2, "2023", ML_SRC_SOURCED);
    expect(&f, 2, 4, "1", ML_SRC_ASSUMPTION);
    expect(&f, 3, 5, "2", ML_SRC_ASSUMPTION);
    expect(&f, 4, 6, "500000", ML_SRC_ASSUMPTION);
    assert_string_equal(f.num[4].note, "typical policy");
    expect(&f, 5, 7, "7", ML_SRC_UNCLASSIFIED); /* an empty source is no source */
    expect(&f, 6, 8, "8", ML_SRC_UNCLASSIFIED); /* not directly in the mapping */
    expect(&f, 7, 9, "9", ML_SRC_ASSUMPTION);
    expect(&f, 8, 11, "10", ML_SRC_SOURCED);    /* the field beats the block's tag */
    ml_sources_file_free(&f);
}

static void test_not_yaml(void **state)
{
    (void)state;
    ml_src_file f;
    ml_err err = {0};
    const char *bad = "a: 1\nb: [2, 3\nc: 4\n";
    assert_int_equal(ml_sources_scan_text(&f, "bad.yaml", bad, strlen(bad), &CAL, &err),
                     ML_EINVAL);
    assert_non_null(strstr(err.msg, "bad.yaml:"));
    assert_non_null(strstr(err.msg, "not valid YAML"));
    assert_null(f.num);
}

static void test_calibration_csv(void **state)
{
    (void)state;
    char path[] = "/tmp/test_sources_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("# id: the row's name, cited by fitted: tags\n"
          "id,use,regime,target,source\n"
          "us_mean_payment,fit,us,1,\"Studdert, NEJM 2006\"\n"
          "\"uk, damages\",validate,uk,2,x\n"
          "japan_cp_awards,validate,japan,3,\"a \"\"quoted\"\" word\"\n",
          fp);
    fclose(fp);
    ml_src_calib c;
    ml_err err = {0};
    assert_int_equal(ml_sources_calib_load(&c, path, &err), ML_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.id[0], "us_mean_payment");
    assert_string_equal(c.use[0], "fit");
    assert_string_equal(c.id[1], "uk, damages");
    assert_string_equal(c.use[1], "validate");
    assert_string_equal(c.id[2], "japan_cp_awards");
    ml_sources_calib_free(&c);

    fp = fopen(path, "w");
    fputs("name,use\nx,fit\n", fp); /* no id column */
    fclose(fp);
    assert_int_equal(ml_sources_calib_load(&c, path, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "no 'id' and 'use' columns"));
    unlink(path);
    assert_int_equal(ml_sources_calib_load(&c, path, &err), ML_EIO);
}

/* The shipped calibration table has both columns and only fit/validate. */
static void test_shipped_calibration(void **state)
{
    (void)state;
    ml_src_calib c;
    ml_err err = {0};
    assert_int_equal(ml_sources_calib_load(&c, ML_SOURCE_DIR "/results/reference/calibration.csv",
                                           &err), ML_OK);
    assert_true(c.n >= 31);
    for (size_t i = 0; i < c.n; i++)
        assert_true(!strcmp(c.use[i], "fit") || !strcmp(c.use[i], "validate"));
    ml_sources_calib_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_is_a_number),
        cmocka_unit_test(test_number_paths),
        cmocka_unit_test(test_trailing_tags),
        cmocka_unit_test(test_block_scope),
        cmocka_unit_test(test_comment_runs),
        cmocka_unit_test(test_hash_in_text),
        cmocka_unit_test(test_flow_and_source_field),
        cmocka_unit_test(test_not_yaml),
        cmocka_unit_test(test_calibration_csv),
        cmocka_unit_test(test_shipped_calibration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
