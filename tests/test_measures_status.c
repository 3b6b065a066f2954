/*
 * test_measures_status.c — the tables of models/ that every output and
 * message is built from: measure names (unique, usable as HDF5 dataset
 * names, documented), which measures are amounts (and so get a
 * largest-claim array), the per-replicate arrays' allocation, views and
 * growth, the stage-statistic and stage-kind names, and the status codes
 * with their messages and the one error sink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "measures.h"
#include "pathway.h"
#include "status.h"

#include <ctype.h>
#include <string.h>

static int find_measure(const char *name)
{
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (!strcmp(ml_measure_name[m], name))
            return m;
    return -1;
}

/* Names become dataset names (annual/<name>) and table rows: each one
 * non-empty, lower-case letters, digits and '_', starting with a letter,
 * and no two alike; every measure has a doc line. */
static void test_measure_names_are_unique_lowercase_identifiers(void **state)
{
    (void)state;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        const char *s = ml_measure_name[m];
        assert_non_null(s);
        assert_true(*s >= 'a' && *s <= 'z');
        for (const char *c = s; *c; c++)
            if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_'))
                fail_msg("measure %d '%s': '%c' is not a-z, 0-9 or _", m, s, *c);
        for (int k = 0; k < m; k++)
            if (!strcmp(ml_measure_name[k], s))
                fail_msg("measures %d and %d are both '%s'", k, m, s);
        assert_non_null(ml_measure_doc[m]);
        assert_true(strlen(ml_measure_doc[m]) > 10);
    }
}

/* The enum and the names come from one table: each enum value names the
 * measure its identifier says (a reordered table would swap columns of
 * every results file). */
static void test_measure_enum_matches_its_name(void **state)
{
    (void)state;
    ml_assert_int_eq(find_measure("incidents"), ML_M_INCIDENTS);
    ml_assert_int_eq(find_measure("claims"), ML_M_CLAIMS);
    ml_assert_int_eq(find_measure("paid_claims"), ML_M_PAID_CLAIMS);
    ml_assert_int_eq(find_measure("compensation"), ML_M_COMPENSATION);
    ml_assert_int_eq(find_measure("expenses"), ML_M_EXPENSES);
    ml_assert_int_eq(find_measure("insured"), ML_M_INSURED);
    ml_assert_int_eq(find_measure("retained"), ML_M_RETAINED);
    ml_assert_int_eq(find_measure("negligent_paid"), ML_M_NEGLIGENT_PAID);
    ml_assert_int_eq(find_measure("defence_costs"), ML_M_DEFENCE_COSTS);
    ml_assert_int_eq(find_measure("state_paid"), ML_M_STATE_PAID);
    ml_assert_int_eq(find_measure("large_compensation"), ML_N_MEASURES - 1);
    ml_assert_int_eq(find_measure("no_such_measure"), -1);
}

/* A measure that is not an amount is reported in the unit its doc line
 * states: the sums of months in months, every other one a count (the
 * report labelled claim_months "count"). */
static void test_count_measures_carry_the_unit_of_their_doc(void **state)
{
    (void)state;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (ml_measure_is_amount[m])
            continue;
        const char *u = ml_measure_count_unit(ml_measure_name[m]), *doc = ml_measure_doc[m];
        if (!strncmp(doc, "months ", 7))
            assert_string_equal(u, "months");
        else if (strstr(doc, "count"))
            assert_string_equal(u, "count");
        else
            fail_msg("measure '%s': its doc '%s' states neither months nor a count",
                     ml_measure_name[m], doc);
    }
    assert_string_equal(ml_measure_count_unit("claim_months"), "months");
    assert_string_equal(ml_measure_count_unit("a_newer_files_measure"), "count");
}

/* Money is an amount, a count or a number of months is not.  The engine
 * keeps the largest single claim of exactly the amounts; a count flagged
 * as an amount would get a meaningless occurrence curve, an amount left
 * unflagged would lose its own. */
static void test_money_measures_are_amounts_and_counts_are_not(void **state)
{
    (void)state;
    static const char *const money[] = {
        "damages", "compensation", "expenses", "insured", "retained", "patient_net",
        "fund_lump", "fund_instalments", "fund_recovered", "fund_expenses", "unpaid",
        "negligent_compensation", "negligent_expenses", "defence_costs", "costs_shifted",
        "state_paid", "small_compensation", "small_costs_shifted", "small_defence_costs",
        "medium_costs_shifted", "large_compensation"};
    static const char *const counts[] = {
        "incidents", "claims", "paid_claims", "negligent", "negligent_paid", "litigated",
        "claim_months", "lag_months", "negligent_claims", "insured_claims", "insured_unpaid",
        "insurer_defended", "mandate_claims", "mandate_insured", "unrecognised", "prevented",
        "mediated_agreements", "challenged", "fund_awards", "small_paid", "medium_paid",
        "large_paid"};
    const size_t nm = sizeof money / sizeof *money, nc = sizeof counts / sizeof *counts;
    ml_assert_size_eq(nm + nc, ML_N_MEASURES); /* every measure is one or the other */
    for (size_t i = 0; i < nm; i++) {
        int m = find_measure(money[i]);
        assert_true(m >= 0);
        if (!ml_measure_is_amount[m])
            fail_msg("'%s' is money but not flagged an amount", money[i]);
    }
    for (size_t i = 0; i < nc; i++) {
        int m = find_measure(counts[i]);
        assert_true(m >= 0);
        if (ml_measure_is_amount[m])
            fail_msg("'%s' is a count (or months) but flagged an amount", counts[i]);
    }
}

/* ml_results_alloc: n zeroed values per measure, a largest-claim array for
 * exactly the amounts, no channels or pricing arrays; free leaves nothing. */
static void test_results_alloc_gives_zeroed_arrays_and_maxima_for_amounts_only(void **state)
{
    (void)state;
    ml_results r;
    assert_int_equal(ml_results_alloc(&r, 37), ML_OK);
    ml_assert_size_eq(r.n, 37);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        assert_non_null(r.annual[m]);
        for (size_t i = 0; i < 37; i++)
            ml_assert_double_exact(r.annual[m][i], 0.0);
        if (ml_measure_is_amount[m]) {
            assert_non_null(r.annual_max[m]);
            ml_assert_double_exact(r.annual_max[m][36], 0.0);
        } else {
            assert_null(r.annual_max[m]);
        }
    }
    ml_assert_int_eq(r.n_channels, 0);
    ml_assert_int_eq(r.n_spec + r.n_grades + r.n_xl, 0);
    for (int b = 0; b <= ML_MONTHS_BINS; b++)
        ml_assert_double_exact(r.months_hist[b], 0.0);
    ml_results_free(&r);
    ml_assert_size_eq(r.n, 0);
    for (int m = 0; m < ML_N_MEASURES; m++)
        assert_true(r.annual[m] == NULL && r.annual_max[m] == NULL);
}

/* Channels: one zeroed array per stage statistic and stage, up to
 * ML_CHANNELS_MAX; more is refused with ML_EINVAL; freeing resets the count. */
static void test_channel_arrays_are_bounded_by_the_stage_limit(void **state)
{
    (void)state;
    ml_results r;
    assert_int_equal(ml_results_alloc(&r, 5), ML_OK);
    assert_int_equal(ml_results_alloc_channels(&r, ML_CHANNELS_MAX + 1), ML_EINVAL);
    assert_int_equal(ml_results_alloc_channels(&r, 4), ML_OK);
    ml_assert_int_eq(r.n_channels, 4);
    for (int k = 0; k < ML_STAGE_STATS; k++)
        for (unsigned c = 0; c < 4; c++) {
            assert_non_null(r.stage[k][c]);
            ml_assert_double_exact(r.stage[k][c][4], 0.0);
        }
    assert_null(r.stage[0][4]);
    ml_results_free_channels(&r);
    ml_assert_int_eq(r.n_channels, 0);
    assert_null(r.stage[ML_SS_ENTERED][3]);
    ml_results_free(&r);
}

/* Pricing arrays: over the bounds refused (and nothing left allocated);
 * a view at replicate `at` points each array `at` entries in; growing keeps
 * the values already there. */
static void test_pricing_arrays_view_and_grow_keep_their_values(void **state)
{
    (void)state;
    ml_results r;
    assert_int_equal(ml_results_alloc(&r, 10), ML_OK);
    assert_int_equal(ml_results_alloc_pricing(&r, ML_PRICE_SPEC_MAX + 1, 1, 1), ML_EINVAL);
    ml_assert_int_eq(r.n_spec + r.n_grades + r.n_xl, 0);
    assert_int_equal(ml_results_alloc_pricing(&r, 1, 1, ML_XL_MAX + 1), ML_EINVAL);
    assert_int_equal(ml_results_alloc_pricing(&r, 3, 2, 1), ML_OK);
    ml_assert_int_eq(r.n_spec, 3);
    ml_assert_int_eq(r.n_grades, 2);
    ml_assert_int_eq(r.n_xl, 1);
    for (size_t i = 0; i < 10; i++) {
        ml_assert_double_exact(r.spec_insured[2][i], 0.0);
        r.spec_insured[1][i] = (double)i;
        r.grade_insured[1][i] = 100.0 + (double)i;
        r.xl_ceded[0][i] = 1000.0 + (double)i;
    }
    ml_results view;
    memset(&view, 0, sizeof view);
    ml_results_view_pricing(&view, &r, 6);
    ml_assert_double_exact(view.spec_insured[1][0], 6.0);
    ml_assert_double_exact(view.grade_insured[1][3], 109.0);
    ml_assert_double_exact(view.xl_ceded[0][1], 1007.0);
    view.spec_insured[1][2] = -1.0; /* a view writes through to replicate 8 */
    ml_assert_double_exact(r.spec_insured[1][8], -1.0);
    assert_int_equal(ml_results_grow_pricing(&r, 1000), ML_OK);
    ml_assert_double_exact(r.spec_insured[1][9], 9.0);
    ml_assert_double_exact(r.grade_insured[1][0], 100.0);
    ml_assert_double_exact(r.xl_ceded[0][7], 1007.0);
    r.xl_ceded[0][999] = 5.0; /* the grown tail is usable */
    /* re-allocating replaces the arrays, zeroed */
    assert_int_equal(ml_results_alloc_pricing(&r, 1, 1, 0), ML_OK);
    ml_assert_int_eq(r.n_xl, 0);
    ml_assert_double_exact(r.spec_insured[0][3], 0.0);
    ml_results_free(&r);
    ml_assert_int_eq(r.n_spec, 0);
}

/* Stage statistics and stage kinds: the words of the results file and the
 * scenario schema, in enum order. */
static void test_stage_statistic_and_kind_names_are_in_enum_order(void **state)
{
    (void)state;
    assert_string_equal(ml_stage_stat_name[ML_SS_CLOSED], "closed");
    assert_string_equal(ml_stage_stat_name[ML_SS_PAID], "paid");
    assert_string_equal(ml_stage_stat_name[ML_SS_AMOUNT], "amount");
    assert_string_equal(ml_stage_stat_name[ML_SS_VISITS], "visits");
    assert_string_equal(ml_stage_stat_name[ML_SS_MONTHS], "months");
    assert_string_equal(ml_stage_stat_name[ML_SS_ENTERED], "entered");
    assert_string_equal(ml_stage_kind_name[ML_ST_NEGOTIATION], "negotiation");
    assert_string_equal(ml_stage_kind_name[ML_ST_MEDIATION], "mediation");
    assert_string_equal(ml_stage_kind_name[ML_ST_LITIGATION], "litigation");
    assert_string_equal(ml_stage_kind_name[ML_ST_NO_FAULT], "no_fault");
    assert_string_equal(ml_stage_kind_name[ML_ST_DROPPED], "dropped");
}

/* Every status has its own message; 0 is success; codes are negative;
 * an unknown code says so instead of crashing or borrowing a message. */
static void test_status_messages_are_distinct_and_unknown_codes_say_so(void **state)
{
    (void)state;
    const int codes[] = {ML_OK, ML_EINVAL, ML_EIO, ML_ENOMEM, ML_ENUMERIC, ML_EINTR,
                         ML_EUNSUPPORTED, ML_EINTERNAL};
    enum { NC = sizeof codes / sizeof codes[0] };
    ml_assert_int_eq(ML_OK, 0);
    assert_string_equal(ml_strerror(ML_OK), "success");
    assert_string_equal(ml_strerror(ML_EINVAL), "invalid input");
    assert_string_equal(ml_strerror(ML_ENOMEM), "out of memory");
    for (int i = 0; i < NC; i++) {
        if (i)
            assert_true(codes[i] < 0);
        assert_string_not_equal(ml_strerror(codes[i]), "unknown status");
        for (int j = 0; j < i; j++) {
            assert_true(codes[i] != codes[j]);
            assert_string_not_equal(ml_strerror(codes[i]), ml_strerror(codes[j]));
        }
    }
    assert_string_equal(ml_strerror(1), "unknown status");
    assert_string_equal(ml_strerror(-8), "unknown status");
    assert_string_equal(ml_strerror(-1000000), "unknown status");
}

/* ML_ERROR formats the message, records the code and where in the code it
 * was raised, and returns the code; with no record (NULL) it only returns
 * the code; a message longer than the record is cut, NUL-terminated. */
static void test_error_sink_records_message_code_and_origin(void **state)
{
    (void)state;
    ml_err e;
    memset(&e, 0x55, sizeof e);
    int line = __LINE__ + 1;
    int rc = ML_ERROR(&e, ML_EIO, "%s:%d: %s: %.3g is out of range", "f.yaml", 12, "x", 2.5);
    ml_assert_int_eq(rc, ML_EIO);
    ml_assert_int_eq(e.code, ML_EIO);
    assert_string_equal(e.msg, "f.yaml:12: x: 2.5 is out of range");
    assert_non_null(strstr(e.src_file, "test_measures_status.c"));
    ml_assert_int_eq(e.src_line, line);
    ml_assert_int_eq(ML_ERROR(NULL, ML_ENUMERIC, "nobody %s", "listens"), ML_ENUMERIC);
    char big[3000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ML_ERROR(&e, ML_EINVAL, "%s", big);
    ml_assert_size_eq(strlen(e.msg), sizeof e.msg - 1);
    ml_assert_int_eq(e.code, ML_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_measure_names_are_unique_lowercase_identifiers),
        cmocka_unit_test(test_measure_enum_matches_its_name),
        cmocka_unit_test(test_money_measures_are_amounts_and_counts_are_not),
        cmocka_unit_test(test_count_measures_carry_the_unit_of_their_doc),
        cmocka_unit_test(test_results_alloc_gives_zeroed_arrays_and_maxima_for_amounts_only),
        cmocka_unit_test(test_channel_arrays_are_bounded_by_the_stage_limit),
        cmocka_unit_test(test_pricing_arrays_view_and_grow_keep_their_values),
        cmocka_unit_test(test_stage_statistic_and_kind_names_are_in_enum_order),
        cmocka_unit_test(test_status_messages_are_distinct_and_unknown_codes_say_so),
        cmocka_unit_test(test_error_sink_records_message_code_and_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
