/*
 * test_field_path.c — field paths as frames (sim/load/field_path.h), the
 * sites that keep them past the end of a file (site.h), and the messages
 * the YAML readers build from them (yamlread.h): every message names
 * FILE:LINE: FIELD with the field written as the user would find it
 * (regime.lifecycle.pathway.stages.talks.next, portfolio.hospitals[3]),
 * whatever its depth, and text that does not fit a buffer is cut the way
 * snprintf cuts it, never written past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "field_path.h"
#include "lifecycle_load.h"
#include "price_load.h"
#include "site.h"
#include "yamlread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ml_assert.h"
#include "tmp_files.h"

/* The text of p (top names the empty path), checked against what
 * ml_fp_write says its length is. */
static void assert_path(const ml_fp *p, const char *top, const char *want)
{
    char *t = ml_fp_text(p, top);
    assert_non_null(t);
    assert_string_equal(t, want);
    ml_assert_size_eq(ml_fp_write(p, top, NULL, 0), strlen(want));
    free(t);
}

static void test_keys_and_items(void **state)
{
    (void)state;
    ml_fp a = ml_fp_key(NULL, "regime"), b = ml_fp_key(&a, "lifecycle");
    ml_fp c = ml_fp_key(&b, "pathway"), d = ml_fp_key(&c, "stages");
    ml_fp e = ml_fp_item(&d, 3), f = ml_fp_key(&e, "next");
    assert_path(&f, "(scenario)", "regime.lifecycle.pathway.stages[3].next");
    assert_path(&e, "(scenario)", "regime.lifecycle.pathway.stages[3]");
    assert_path(&a, "(scenario)", "regime");
    /* A list at the top, a list of lists. */
    ml_fp l = ml_fp_item(NULL, 0), m = ml_fp_item(&l, 12), n = ml_fp_key(&m, "x");
    assert_path(&n, NULL, "[0][12].x");
}

static void test_empty_path_and_empty_key(void **state)
{
    (void)state;
    assert_path(NULL, "(scenario)", "(scenario)");
    assert_path(NULL, NULL, "");
    /* A key "" names a prefix that is not written: what a text prefix ""
     * stood for in the readers that name fields in a string. */
    ml_fp r = ml_fp_key(NULL, ""), k = ml_fp_key(&r, "name");
    assert_path(&r, "(top)", "");
    assert_path(&k, "(top)", "name");
    ml_fp i = ml_fp_item(&r, 2);
    assert_path(&i, "(top)", "[2]");
    /* A key holding dots, as a text prefix does, is written whole. */
    ml_fp t = ml_fp_key(NULL, "rates[0]"), u = ml_fp_key(&t, "year");
    assert_path(&u, NULL, "rates[0].year");
}

static void test_largest_index(void **state)
{
    (void)state;
    ml_fp k = ml_fp_key(NULL, "hospitals"), i = ml_fp_item(&k, SIZE_MAX);
    char want[64];
    snprintf(want, sizeof want, "hospitals[%zu]", (size_t)SIZE_MAX);
    assert_path(&i, NULL, want);
}

/* ml_fp_write writes what fits, as snprintf does, for every buffer size,
 * and touches no byte beyond it. */
static void test_write_cuts_like_snprintf(void **state)
{
    (void)state;
    ml_fp a = ml_fp_key(NULL, "portfolio"), b = ml_fp_key(&a, "hospitals");
    ml_fp c = ml_fp_item(&b, 27), d = ml_fp_key(&c, "exposure");
    const char *full = "portfolio.hospitals[27].exposure";
    size_t len = strlen(full);
    for (size_t cap = 0; cap <= len + 2; cap++) {
        char buf[64];
        memset(buf, '#', sizeof buf);
        ml_assert_size_eq(ml_fp_write(&d, NULL, cap ? buf : NULL, cap), len);
        char ref[64];
        memset(ref, '#', sizeof ref);
        if (cap)
            snprintf(ref, cap, "%s", full);
        assert_memory_equal(buf, ref, sizeof buf);
    }
}

/* A path has no capacity: a thousand levels are written in full. */
static void test_deep_path_is_never_cut(void **state)
{
    (void)state;
    enum { N = 1000 };
    ml_fp *f = calloc(N, sizeof *f);
    assert_non_null(f);
    for (int i = 0; i < N; i++)
        f[i] = i % 2 ? ml_fp_item(i ? &f[i - 1] : NULL, (size_t)i)
                     : ml_fp_key(i ? &f[i - 1] : NULL, "key");
    char *t = ml_fp_text(&f[N - 1], NULL);
    assert_non_null(t);
    /* "key" then N/2 - 1 times ".key", and N/2 items "[i]". */
    size_t want = 3 + (N / 2 - 1) * 4;
    for (int i = 1; i < N; i += 2)
        want += (size_t)snprintf(NULL, 0, "[%d]", i);
    ml_assert_size_eq(strlen(t), want);
    assert_memory_equal(t, "key[1].key[3].key[5]", 20);
    assert_string_equal(t + strlen(t) - 9, ".key[999]");
    ml_assert_int_eq(ml_fp_depth(&f[N - 1]), N);
    free(t);
    free(f);
}

static void test_depth_and_nth(void **state)
{
    (void)state;
    ml_fp a = ml_fp_key(NULL, "a"), b = ml_fp_item(&a, 5), c = ml_fp_key(&b, "c");
    ml_assert_int_eq(ml_fp_depth(NULL), 0);
    ml_assert_int_eq(ml_fp_depth(&a), 1);
    ml_assert_int_eq(ml_fp_depth(&c), 3);
    assert_ptr_equal(ml_fp_nth(&c, 0), &a);
    assert_ptr_equal(ml_fp_nth(&c, 1), &b);
    assert_ptr_equal(ml_fp_nth(&c, 2), &c);
    assert_null(ml_fp_nth(&c, 3));
    assert_null(ml_fp_nth(NULL, 0));
}

/* How a lever's path is matched to a regime field (lever_ops.c). */
static void test_leads_to(void **state)
{
    (void)state;
    static const char *const parts[] = {"pathway", "stages", "talks", "next", "court"};
    ml_fp life = ml_fp_key(NULL, "lifecycle");
    ml_fp p = ml_fp_key(&life, "pathway"), s = ml_fp_key(&p, "stages");
    ml_fp t = ml_fp_key(&s, "talks");
    assert_true(ml_fp_leads_to(&life, &life, parts, 5)); /* the whole lifecycle */
    assert_true(ml_fp_leads_to(&t, &life, parts, 5));
    assert_true(ml_fp_leads_to(&t, &life, parts, 3)); /* the field itself */
    assert_false(ml_fp_leads_to(&t, &life, parts, 2)); /* deeper than the field */
    /* The key is compared by its text, not by the pointer. */
    char copy[] = "talks";
    ml_fp t2 = ml_fp_key(&s, copy);
    assert_true(ml_fp_leads_to(&t2, &life, parts, 5));
    ml_fp other = ml_fp_key(&s, "talk");
    assert_false(ml_fp_leads_to(&other, &life, parts, 5));
    /* An index never names a field of a regime. */
    ml_fp i = ml_fp_item(&s, 0);
    assert_false(ml_fp_leads_to(&i, &life, parts, 5));
    /* from must lie above p: another chain of the same depth is not it. */
    ml_fp life2 = ml_fp_key(NULL, "lifecycle");
    assert_false(ml_fp_leads_to(&t, &life2, parts, 5));
    assert_false(ml_fp_leads_to(&life, &t, parts, 5));
    /* From the top (NULL): the path's own first key is compared too. */
    static const char *const whole[] = {"lifecycle", "pathway"};
    assert_true(ml_fp_leads_to(&p, NULL, whole, 2));
    assert_false(ml_fp_leads_to(&s, NULL, whole, 2));
}

/* ---- files, for the readers and sites ---- */

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_fp_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static const char *const files[] = {"doc.yaml", "dup.yaml", "part.yaml", "bad.yaml"};

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    return rmdir(dir);
}

/* Loads text as file name (a part with root part, or a scenario file). */
static int load(ml_yr *y, const char *name, const char *text, const char *part, ml_err *err)
{
    put(name, text);
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    memset(err, 0, sizeof *err);
    return part ? ml_yr_load_part(y, p, part, err) : ml_yr_load(y, p, err);
}

/* The message, less its "DIR/" start. */
static const char *msg(const ml_err *err)
{
    size_t n = strlen(dir);
    assert_memory_equal(err->msg, dir, n);
    return err->msg + n + 1;
}

static const char *const doc =
    "a:\n"                /* 1 */
    "  b:\n"              /* 2 */
    "    - {c: 1}\n"      /* 3 */
    "    - {c: x}\n"      /* 4 */
    "  kind: lognormel\n" /* 5 */
    "  e: {zz: 1}\n";     /* 6 */

static void test_fail_names_file_line_field(void **state)
{
    (void)state;
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "doc.yaml", doc, NULL, &err), ML_OK);
    yaml_node_t *a = ml_yr_get(&y, ml_yr_root(&y), "a");
    yaml_node_t *b = ml_yr_get(&y, a, "b");
    ml_fp fa = ml_fp_key(NULL, "a"), fb = ml_fp_key(&fa, "b"), f1 = ml_fp_item(&fb, 1);
    assert_int_equal(ml_yr_fail_at(&y, ml_yr_item(&y, b, 1), &f1, "bad %d", 7), ML_EINVAL);
    assert_string_equal(msg(&err), "doc.yaml:4: a.b[1]: bad 7");
    /* The document itself: the name of the top. */
    ml_yr_fail_at(&y, ml_yr_root(&y), NULL, "whole");
    assert_string_equal(msg(&err), "doc.yaml:1: (scenario): whole");
    /* A keyed reader names the key below the mapping's path, at the line
     * of the value at fault. */
    double x;
    assert_int_equal(ml_yr_number_at(&y, ml_yr_item(&y, b, 0), "c", &f1, 0, 10, 1, 0, &x),
                     ML_OK);
    ml_assert_double_exact(x, 1.0);
    assert_int_equal(ml_yr_number_at(&y, ml_yr_item(&y, b, 1), "c", &f1, 0, 10, 1, 0, &x),
                     ML_EINVAL);
    assert_string_equal(msg(&err), "doc.yaml:4: a.b[1].c: 'x' is not a number; write it in "
                                   "decimal, e.g. 1500, 0.25 or 2e6");
    /* A missing key: named below the mapping, at the mapping's line. */
    assert_int_equal(ml_yr_number_at(&y, ml_yr_item(&y, b, 1), "d", &f1, 0, 10, 1, 0, &x),
                     ML_EINVAL);
    assert_string_equal(msg(&err), "doc.yaml:4: a.b[1].d: required number is missing");
    ml_yr_free(&y);
}

static void test_choices_and_keys_are_listed(void **state)
{
    (void)state;
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "doc.yaml", doc, NULL, &err), ML_OK);
    yaml_node_t *a = ml_yr_get(&y, ml_yr_root(&y), "a");
    ml_fp fa = ml_fp_key(NULL, "a");
    static const char *const models[] = {"lognormal", "gamma", "pareto", NULL};
    int k = -1;
    assert_int_equal(ml_yr_enum_at(&y, a, "kind", &fa, models, 1, 0, &k), ML_EINVAL);
    assert_string_equal(msg(&err), "doc.yaml:5: a.kind: 'lognormel' is not one of: lognormal, "
                                   "gamma, pareto");
    static const char *const keys[] = {"b", "kind", NULL};
    assert_int_equal(ml_yr_check_map_at(&y, a, &fa, keys), ML_EINVAL);
    assert_string_equal(msg(&err), "doc.yaml:6: a: unknown key 'e'; expected one of: b, kind");
    ml_yr_free(&y);
}

/* A path longer than the message buffer: the message is cut at its end,
 * never written past it. */
static void test_message_longer_than_its_buffer(void **state)
{
    (void)state;
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "doc.yaml", doc, NULL, &err), ML_OK);
    enum { N = 400 };
    ml_fp f[N];
    for (int i = 0; i < N; i++)
        f[i] = ml_fp_key(i ? &f[i - 1] : NULL, "long");
    memset(err.msg, 'x', sizeof err.msg);
    ml_yr_fail_at(&y, ml_yr_root(&y), &f[N - 1], "never seen");
    ml_assert_size_eq(strlen(err.msg), sizeof err.msg - 1);
    const char *m = msg(&err);
    assert_memory_equal(m, "doc.yaml:1: long.long.", 22);
    assert_null(strstr(err.msg, "never seen"));
    /* A message without a place to go is not an error in itself. */
    y.err = NULL;
    assert_int_equal(ml_yr_fail_at(&y, NULL, &f[0], "dropped"), ML_EINVAL);
    ml_yr_free(&y);
}

static void test_known_names(void **state)
{
    (void)state;
    ml_err err = {0};
    const char *names[17] = {"talks", "court", "dropped"};
    snprintf(err.msg, sizeof err.msg, "f:3: x: 'cuort' is not a stage");
    assert_int_equal(ml_err_known(&err, ML_EINVAL, "the stages are", names, 3), ML_EINVAL);
    assert_string_equal(err.msg, "f:3: x: 'cuort' is not a stage; the stages are: talks, "
                                 "court, dropped");
    /* None to list, or too many to be of help: the message stays as it was. */
    snprintf(err.msg, sizeof err.msg, "m");
    ml_err_known(&err, ML_EINVAL, "they are", names, 0);
    assert_string_equal(err.msg, "m");
    for (int i = 0; i < 17; i++)
        names[i] = "n";
    ml_err_known(&err, ML_EINVAL, "they are", names, 17);
    assert_string_equal(err.msg, "m");
    ml_err_known(&err, ML_EINVAL, "they are", names, 16);
    assert_string_equal(err.msg, "m; they are: n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n");
    /* A list that would be cut is left out: half a list would mislead. */
    memset(err.msg, 'm', sizeof err.msg - 20);
    err.msg[sizeof err.msg - 20] = '\0';
    const char *longer[2] = {"abcdefghij", "klmnopqrst"};
    ml_err_known(&err, ML_EINVAL, "two", longer, 2);
    ml_assert_size_eq(strlen(err.msg), sizeof err.msg - 20);
    assert_int_equal(ml_err_known(NULL, ML_ENOMEM, "x", longer, 2), ML_ENOMEM);
}

/* A key given twice is named by its full path in any mapping, at the
 * line of the repeat; in a part file the path starts at the part. */
static void test_duplicate_key_named_by_path(void **state)
{
    (void)state;
    static const char *const text =
        "x:\n"              /* 1 */
        "  - {y: 1}\n"      /* 2 */
        "  - y: 1\n"        /* 3 */
        "    z: 2\n"        /* 4 */
        "    y: 3\n";       /* 5 */
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "dup.yaml", text, NULL, &err), ML_EINVAL);
    assert_string_equal(msg(&err), "dup.yaml:5: x[1]: key 'y' appears twice");
    ml_yr_free(&y);
    assert_int_equal(load(&y, "part.yaml", text, "portfolio", &err), ML_EINVAL);
    assert_string_equal(msg(&err), "part.yaml:5: portfolio.x[1]: key 'y' appears twice");
    ml_yr_free(&y);
}

/* The readers that name fields in a string (sim/report's rate table) read
 * as they always did: "rates[0].per_base", "" for no prefix. */
static void test_text_prefix_readers(void **state)
{
    (void)state;
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "part.yaml", "rates:\n  - {per_base: -1, year: 1800}\n", "rates",
                          &err), ML_OK);
    yaml_node_t *it = ml_yr_item(&y, ml_yr_get(&y, ml_yr_root(&y), "rates"), 0);
    double x;
    uint64_t u;
    assert_int_equal(ml_yr_number(&y, it, "per_base", "rates[0]", 0, 1, 1, 0, &x), ML_EINVAL);
    assert_string_equal(msg(&err), "part.yaml:2: rates[0].per_base: -1 is not a probability in "
                                   "[0, 1]");
    assert_int_equal(ml_yr_uint(&y, it, "year", "", 1900, 2200, 1, 0, &u), ML_EINVAL);
    assert_string_equal(msg(&err), "part.yaml:2: year: 1800 is out of range [1900, 2200]");
    ml_yr_fail(&y, it, "", "as before");
    assert_string_equal(msg(&err), "part.yaml:2: : as before");
    ml_yr_free(&y);
}

/* Sites outlive the file and survive the pool's growth: each keeps the
 * file, the line and the path it was added with. */
static void test_sites_survive_growth(void **state)
{
    (void)state;
    ml_yr y;
    ml_err err;
    assert_int_equal(load(&y, "doc.yaml", doc, NULL, &err), ML_OK);
    yaml_node_t *b = ml_yr_get(&y, ml_yr_get(&y, ml_yr_root(&y), "a"), "b");
    ml_sites pool = {0};
    enum { N = 3000 };
    ml_site *id = malloc(N * sizeof *id);
    assert_non_null(id);
    ml_fp fa = ml_fp_key(NULL, "a");
    for (size_t i = 0; i < N; i++) {
        ml_fp fi = ml_fp_item(&fa, i);
        assert_int_equal(ml_site_add(&pool, &y, ml_yr_item(&y, b, i % 2), &fi, &id[i]), ML_OK);
    }
    char file[300];
    snprintf(file, sizeof file, "%s/doc.yaml", dir);
    ml_yr_free(&y);
    for (size_t i = 0; i < N; i++) {
        char want[400];
        snprintf(want, sizeof want, "%s:%d: a[%zu]", file, i % 2 ? 4 : 3, i);
        assert_string_equal(ml_site_text(&pool, id[i]), want);
    }
    assert_string_equal(ml_site_text(&pool, 0), "(not given)");
    ml_sites_free(&pool);
    assert_string_equal(ml_site_text(&pool, id[0]), "(not given)");
    free(id);
}

/* ---- the fields a lever can name ---- */

/* Every field of every shipped life-cycle regime has a path of its own,
 * no deeper than ML_LC_FIELD_DEPTH, that leads to it and to no other
 * field: a lever naming a field changes that one. */
static void test_regime_fields_have_distinct_paths(void **state)
{
    (void)state;
    static const char *const regimes[] = {"china", "japan", "taiwan", "uk", "us"};
    for (size_t g = 0; g < sizeof regimes / sizeof *regimes; g++) {
        char p[512];
        snprintf(p, sizeof p, "%s/scenarios/regimes/%s.yaml", ML_SOURCE_DIR, regimes[g]);
        ml_yr y;
        ml_err err = {0};
        assert_int_equal(ml_yr_load_part(&y, p, "regime", &err), ML_OK);
        /* The price year first, as the loader reads it: amounts may be
         * written {value, year}. */
        ml_price price;
        ml_fp top = ml_fp_key(NULL, "regime"), life = ml_fp_key(&top, "lifecycle");
        if (ml_price_load(&y, ml_yr_root(&y), &top, &price) != ML_OK)
            fail_msg("%s: %s", regimes[g], err.msg);
        ml_lc_raw *r = ml_lc_raw_new();
        assert_non_null(r);
        yaml_node_t *lc = ml_yr_get(&y, ml_yr_root(&y), "lifecycle");
        assert_non_null(lc);
        if (ml_lc_read(&y, lc, &life, 0, r) != ML_OK)
            fail_msg("%s: %s", regimes[g], err.msg);
        size_t n = ml_lc_fields(r, NULL, 0);
        assert_true(n > 40);
        ml_lc_field *f = calloc(n, sizeof *f);
        assert_non_null(f);
        ml_assert_size_eq(ml_lc_fields(r, f, n), n);
        ml_fp lroot = ml_fp_key(NULL, "lifecycle");
        for (size_t i = 0; i < n; i++) {
            assert_true(f[i].n_parts >= 1 && f[i].n_parts <= ML_LC_FIELD_DEPTH);
            assert_true((f[i].num != NULL) != (f[i].flag != NULL));
            /* The field's own path as frames. */
            ml_fp fr[ML_LC_FIELD_DEPTH];
            const ml_fp *up = &lroot;
            for (unsigned k = 0; k < f[i].n_parts; k++) {
                fr[k] = ml_fp_key(up, f[i].part[k]);
                up = &fr[k];
            }
            for (size_t j = 0; j < n; j++) {
                int hit = ml_fp_leads_to(up, &lroot, f[j].part, f[j].n_parts);
                if (hit != (i == j))
                    fail_msg("%s: field %zu and %zu share a path", regimes[g], i, j);
            }
        }
        free(f);
        ml_lc_raw_free(r);
        ml_yr_free(&y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_and_items),
        cmocka_unit_test(test_empty_path_and_empty_key),
        cmocka_unit_test(test_largest_index),
        cmocka_unit_test(test_write_cuts_like_snprintf),
        cmocka_unit_test(test_deep_path_is_never_cut),
        cmocka_unit_test(test_depth_and_nth),
        cmocka_unit_test(test_leads_to),
        cmocka_unit_test(test_fail_names_file_line_field),
        cmocka_unit_test(test_choices_and_keys_are_listed),
        cmocka_unit_test(test_message_longer_than_its_buffer),
        cmocka_unit_test(test_known_names),
        cmocka_unit_test(test_duplicate_key_named_by_path),
        cmocka_unit_test(test_text_prefix_readers),
        cmocka_unit_test(test_sites_survive_growth),
        cmocka_unit_test(test_regime_fields_have_distinct_paths),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
