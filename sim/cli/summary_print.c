/*
 * summary_print.c — see summary_print.h.  Printing only: every number
 * comes from the results structure.
 */
#include "summary_print.h"
#include "report_table.h"

#include <string.h>

/* The VaR and TVaR columns, at the levels `report` and the pricing use
 * (VaR99.5: Solvency II's, the cost-of-capital principle's capital; TVaR99),
 * as indices into ml_level_permille {900, 950, 990, 995, 999}. */
enum { LEVEL_99 = 2, LEVEL_995 = 3 };
_Static_assert(ML_PRICING_VAR_PERMILLE == 995, "the summary's VaR column is the pricing's");

/* 0 in every year: an sd of 0 makes every year equal to the mean. */
static int zero_every_year(const ml_summary *s)
{
    return s->mean == 0.0 && s->sd == 0.0;
}

void ml_print_scenario_summary(FILE *fp, const ml_scenario_results *r)
{
    fprintf(fp, "\n%s  (portfolio %s, regime %s, %zu replicates, amounts in %s)\n", r->name,
            r->portfolio, r->regime, r->n, r->currency);
    /* The name column as wide as the longest measure name, so the numbers
     * stay in columns (negligent_compensation is 22 characters). */
    int w = (int)strlen("measure");
    for (int m = 0; m < ML_N_MEASURES; m++)
        if ((int)strlen(ml_measure_name[m]) > w)
            w = (int)strlen(ml_measure_name[m]);
    fprintf(fp, "  %-*s %15s %15s %13s %15s %15s\n", w, "measure", "mean", "sd", "se(mean)",
            "VaR99.5", "TVaR99");
    /* A measure that is 0 in every year (what a regime does not have: a
     * textbook regime's stages, a fund where there is none) is named on one
     * line instead of a row of zeros; the file keeps it. */
    int n_zero = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        const ml_summary *s = &r->summary[m];
        if (zero_every_year(s)) {
            n_zero++;
            continue;
        }
        fprintf(fp, "  %-*s %15.6g %15.6g %13.4g %15.6g %15.6g\n", w, ml_measure_name[m],
                s->mean, s->sd, s->se, s->var[LEVEL_995], s->tvar[LEVEL_99]);
    }
    if (n_zero) {
        fprintf(fp, "  0 in every year:");
        int col = 18;
        for (int m = 0; m < ML_N_MEASURES; m++) {
            if (zero_every_year(&r->summary[m]))
                ml_print_word(fp, ml_measure_name[m], &col, 96, "   ");
        }
        fputc('\n', fp);
    }
    ml_print_pricing(fp, &r->pricing, r->currency, r->exposure_unit);
}

static double per_all(double part, double all)
{
    return all > 0.0 ? part / all : 0.0;
}

static void print_amount(FILE *fp, double v)
{
    fprintf(fp, " %14.6g", v);
}

void ml_print_pricing(FILE *fp, const ml_pricing_result *r, const char *currency,
                      const char *exposure_unit)
{
    fprintf(fp, "  pricing (insured loss, %s a year; per exposure unit = per %s):\n", currency,
            exposure_unit && *exposure_unit ? exposure_unit : "unit of exposure");
    /* The rates are the insurer's: per insured hospital, bed and exposure
     * unit, a specialty's on its own (README, "Pricing"); say how much of
     * the portfolio that is, as a participation below 1 makes it less. */
    if (r->n_rows > 0) {
        const ml_premium_row *t = &r->rows[0];
        fprintf(fp, "  rates per insured hospital, bed and unit; insured (expected): %.1f%% of "
                    "hospitals", 100.0 * per_all(t->insured_hospitals, t->hospitals));
        if (t->beds > 0.0)
            fprintf(fp, ", %.1f%% of beds", 100.0 * per_all(t->insured_beds, t->beds));
        fputc('\n', fp);
    }
    fprintf(fp, "    %-24s %14s %14s %14s %14s %14s\n", "group", "pure premium", "se",
            "per ins. hosp.", "per ins. bed", "per ins. unit");
    for (size_t i = 0; i < r->n_rows; i++) {
        const ml_premium_row *w = &r->rows[i];
        char label[96];
        snprintf(label, sizeof label, "%s%s%s", strcmp(w->kind, "total") ? w->kind : "",
                 strcmp(w->kind, "total") ? " " : "", w->name);
        fprintf(fp, "    %-24.24s", label);
        print_amount(fp, w->mean);
        print_amount(fp, w->se);
        print_amount(fp, w->per_insured_hospital);
        if (w->insured_beds > 0.0)
            print_amount(fp, w->per_insured_bed);
        else
            fprintf(fp, " %14s", "-");
        print_amount(fp, w->per_insured_exposure);
        fputc('\n', fp);
    }
    /* A time block prices each basis under the principles again: the
     * basis names the row (the file's pricing/principles basis column). */
    fprintf(fp, "    %-18s %-19s %14s %14s %14s\n", "basis", "principle", "premium", "loading",
            "loss ratio");
    for (size_t i = 0; i < r->n_principles; i++) {
        const ml_principle_row *w = &r->principles[i];
        fprintf(fp, "    %-18s %-19s", w->basis, w->principle);
        print_amount(fp, w->premium);
        print_amount(fp, w->loading);
        fprintf(fp, " %14.4f\n", w->loss_ratio);
    }
    if (r->n_layers == 0)
        return;
    fprintf(fp, "    %-24s %14s %14s %14s %14s %14s\n", "layer", "expected ceded",
            "CoC premium", "net VaR99.5", "(gross", "net TVaR99)");
    for (size_t i = 0; i < r->n_layers; i++) {
        const ml_layer_row *w = &r->layers[i];
        fprintf(fp, "    %-24.24s", w->name);
        print_amount(fp, w->expected_ceded);
        print_amount(fp, w->premium_coc);
        print_amount(fp, w->net_var995);
        print_amount(fp, w->gross_var995);
        print_amount(fp, w->net_tvar99);
        fputc('\n', fp);
    }
}
