/*
 * scenario_dump.c — writes the fully resolved scenario (defaults filled in,
 * referenced files inlined, counts of identical hospitals expanded, reform
 * levers applied to the life cycle) as YAML, so that an output file says
 * exactly what was simulated and the text, saved as a file, runs again to
 * the same annual results (ctest scenario_roundtrip).
 *
 * Strings are always double-quoted and numbers read back as the same
 * double (yamlwrite.h): a name with ':' or '#', or a description spanning lines,
 * must come back as itself.  What the loader does not keep (sources,
 * descriptions of parts, comments) is not written.
 */
#include "lifecycle_dump.h"
#include "scenario.h"
#include "yamlwrite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void effect(FILE *f, const char *key, const ml_random_effect *re)
{
    fprintf(f, "  %s: {model: %s", key, ml_re_name(re->kind));
    if (re->kind != ML_RE_NONE) {
        fputs(", size: ", f);
        ml_yw_num(f, re->size);
    }
    fprintf(f, "}\n");
}

static void classes(FILE *f, int indent, const char *key, const double *v)
{
    fprintf(f, "%*s%s: {", indent, "", key);
    for (int c = 0; c < ML_N_INJ; c++) {
        fprintf(f, "%s%s: ", c ? ", " : "", ml_injury_name[c]);
        ml_yw_num(f, v[c]);
    }
    fputs("}\n", f);
}

static void portfolio(FILE *f, const ml_portfolio *p)
{
    fprintf(f, "portfolio:\n");
    ml_yw_kv_str(f, 2, "name", p->name);
    ml_yw_kv_str(f, 2, "exposure_unit", p->exposure_unit);
    effect(f, "hospital_effect", &p->hospital_effect);
    effect(f, "year_effect", &p->year_effect);
    if (p->has_medicine) {
        classes(f, 2, "injury_mix", p->injury_mix);
        classes(f, 2, "negligent_share", p->negligent_share);
    }
    fprintf(f, "  specialties:\n");
    for (size_t i = 0; i < p->n_specialties; i++) {
        const ml_specialty *sp = &p->specialties[i];
        ml_yw_kv_str(f, 4, "- name", sp->name);
        ml_yw_kv_num(f, 6, "incident_rate", sp->incident_rate);
        if (sp->has_mix)
            classes(f, 6, "injury_mix", sp->injury_mix);
    }
    fprintf(f, "  hospitals:\n");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        const ml_hospital *ho = &p->hospitals[h];
        if (ho->count > 1 && h + ho->count <= p->n_hospitals) {
            /* An expanded entry: NAME-1 ... NAME-n were made from NAME (cut
             * as the loader cut it), so NAME with count n loads back to the
             * same hospitals and keeps a national portfolio's text small. */
            char stem[ML_NAME_MAX];
            size_t len = strlen(ho->name);
            snprintf(stem, sizeof stem, "%.*s", (int)(len > 2 ? len - 2 : len), ho->name);
            ml_yw_kv_str(f, 4, "- name", stem);
            fprintf(f, "      count: %u\n", ho->count);
            h += ho->count - 1; /* the rest of the entry: written by count */
        } else {
            ml_yw_kv_str(f, 4, "- name", ho->name);
        }
        fprintf(f, "      exposure: {");
        for (size_t i = 0; i < p->n_specialties; i++) {
            if (i)
                fputs(", ", f);
            ml_yw_str(f, p->specialties[i].name);
            fputs(": ", f);
            ml_yw_num(f, ho->exposure[i]);
        }
        fprintf(f, "}\n");
        /* Pricing by bed and by grade needs these to be recomputed. */
        if (ho->beds > 0.0)
            ml_yw_kv_num(f, 6, "beds", ho->beds);
        if (ho->grade[0])
            ml_yw_kv_str(f, 6, "grade", ho->grade);
    }
}

static void policy(FILE *f, const ml_policy *pol)
{
    fprintf(f, "  policy:\n");
    ml_yw_kv_num(f, 4, "deductible", pol->deductible);
    ml_yw_kv_num(f, 4, "limit", pol->limit);
    ml_yw_kv_num(f, 4, "coinsurance", pol->coinsurance);
    ml_yw_kv_num(f, 4, "aggregate_limit", pol->aggregate_limit);
    ml_yw_kv_num(f, 4, "aggregate_retention", pol->aggregate_retention);
    ml_yw_kv_str(f, 4, "indemnifier",
                 pol->indemnifier == ML_INDEMNIFIER_STATE ? "state" : "insurer");
}

static void textbook(FILE *f, const ml_regime *r)
{
    fprintf(f, "  claiming:\n");
    ml_yw_kv_num(f, 4, "p_claim", r->p_claim);
    fprintf(f, "  pathway:\n");
    ml_yw_kv_num(f, 4, "p_settle", r->p_settle);
    fprintf(f, "  liability:\n");
    for (unsigned i = 0; i < r->liability.n; i++) {
        fputs("    - {share: ", f);
        ml_yw_num(f, r->liability.share[i]);
        fputs(", prob: ", f);
        ml_yw_num(f, r->liability.prob[i]);
        fputs("}\n", f);
    }
    fprintf(f, "  severity:\n    model: %s\n", ml_severity_name(r->severity.kind));
    if (r->severity.kind == ML_SEV_LOGNORMAL) {
        ml_yw_kv_num(f, 4, "meanlog", r->severity.p1);
        ml_yw_kv_num(f, 4, "sdlog", r->severity.p2);
    } else {
        ml_yw_kv_num(f, 4, "shape", r->severity.p1);
        ml_yw_kv_num(f, 4, "scale", r->severity.p2);
    }
    fprintf(f, "  expenses:\n");
    ml_yw_kv_num(f, 4, "per_claim", r->expense_per_claim);
}

static void layer(FILE *f, const ml_layer *l)
{
    ml_yw_kv_str(f, 4, "- name", l->name);
    fprintf(f, "      kind: %s\n", l->kind == ML_LAYER_XL ? "per_claim_xl" : "stop_loss");
    ml_yw_kv_num(f, 6, "attachment", l->attachment);
    ml_yw_kv_num(f, 6, "limit", l->limit);
}

static void pricing(FILE *f, const ml_pricing *pr)
{
    fprintf(f, "pricing:\n");
    ml_yw_kv_num(f, 2, "expected_value_loading", pr->ev_loading);
    ml_yw_kv_num(f, 2, "sd_loading", pr->sd_loading);
    ml_yw_kv_num(f, 2, "cost_of_capital_rate", pr->coc_rate);
    if (pr->premium > 0.0)
        ml_yw_kv_num(f, 2, "premium", pr->premium);
    if (pr->n_xl + pr->n_sl == 0)
        return;
    fprintf(f, "  layers:\n");
    for (unsigned j = 0; j < pr->n_xl; j++)
        layer(f, &pr->xl[j]);
    for (unsigned j = 0; j < pr->n_sl; j++)
        layer(f, &pr->sl[j]);
}

/* Text for a comment line: a control character (a line break in a file
 * name) would end the comment and start YAML. */
static void comment_text(FILE *f, const char *t)
{
    for (const unsigned char *c = (const unsigned char *)t; *c; c++)
        fputc(*c < 0x20 || *c == 0x7F ? '?' : *c, f);
}

char *ml_scenario_to_yaml(const ml_scenario *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    const ml_regime *r = &s->regime;
    /* Comments: provenance only (file names may hold any character). */
    fputs("# resolved from ", f);
    comment_text(f, s->source_file);
    fputs(" (portfolio: ", f);
    comment_text(f, s->portfolio_file[0] ? s->portfolio_file : "inline");
    fputs("; regime: ", f);
    comment_text(f, s->regime_file[0] ? s->regime_file : "inline");
    fputs(")\n", f);
    for (unsigned i = 0; i < s->n_levers; i++) {
        fputs("# reform lever ", f);
        comment_text(f, s->levers[i]);
        fputs(" applied (", f);
        comment_text(f, s->lever_files[i]);
        fputs(")\n", f);
    }
    ml_yw_kv_str(f, 0, "name", s->name);
    if (s->description[0])
        ml_yw_kv_str(f, 0, "description", s->description);
    if (s->has_replicates || s->has_seed) {
        fprintf(f, "run:\n");
        if (s->has_replicates)
            fprintf(f, "  replicates: %llu\n", (unsigned long long)s->replicates);
        if (s->has_seed)
            fprintf(f, "  seed: %llu\n", (unsigned long long)s->seed);
    }
    portfolio(f, &s->portfolio);
    fprintf(f, "regime:\n");
    ml_yw_kv_str(f, 2, "name", r->name);
    ml_yw_kv_str(f, 2, "currency", r->currency);
    /* Amounts are written trended, so the price year is kept and the
     * index is not needed to reload them. */
    if (r->price.year)
        fprintf(f, "  price_year: %d\n", r->price.year);
    if (r->life)
        ml_lifecycle_dump(f, 2, r->life);
    else
        textbook(f, r);
    policy(f, &r->policy);
    pricing(f, &s->pricing);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
