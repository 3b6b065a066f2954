/*
 * scenario_dump.c — writes the fully resolved scenario (defaults filled in,
 * referenced files inlined, counts of identical hospitals expanded, reform
 * levers applied to the life cycle) as YAML, so that an output file says
 * exactly what was simulated and the text, saved as a file, runs again to
 * the same annual results (ctest scenario_roundtrip).
 *
 * The text is made by libyaml's emitter (yamlwrite.h): a user's text is
 * always double-quoted and numbers read back as the same double, so that a
 * name with ':' or '#', or a description spanning lines, comes back as
 * itself.  What the loader does not keep (sources, descriptions of parts,
 * comments) is not written.
 */
#include "lifecycle_dump.h"
#include "scenario.h"
#include "yamlwrite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void effect(ml_yw *w, const char *key, const ml_random_effect *re)
{
    ml_yw_kv_map(w, key, 1);
    ml_yw_kv_word(w, "model", ml_re_name(re->kind));
    if (re->kind != ML_RE_NONE)
        ml_yw_kv_num(w, "size", re->size);
    ml_yw_close_map(w);
}

static void classes(ml_yw *w, const char *key, const double *v)
{
    ml_yw_kv_map(w, key, 1);
    for (int c = 0; c < ML_N_INJ; c++)
        ml_yw_kv_num(w, ml_injury_name[c], v[c]);
    ml_yw_close_map(w);
}

static void hospital(ml_yw *w, const ml_portfolio *p, const ml_hospital *ho, int expanded)
{
    ml_yw_map(w, 0);
    if (expanded) {
        /* An expanded entry: NAME-1 ... NAME-n were made from NAME (cut
         * as the loader cut it), so NAME with count n loads back to the
         * same hospitals and keeps a national portfolio's text small. */
        char stem[ML_NAME_MAX];
        size_t len = strlen(ho->name), keep = len > 2 ? len - 2 : len;
        memcpy(stem, ho->name, keep);
        stem[keep] = '\0';
        ml_yw_kv_text(w, "name", stem);
        ml_yw_kv_uint(w, "count", ho->count);
    } else {
        ml_yw_kv_text(w, "name", ho->name);
    }
    ml_yw_kv_map(w, "exposure", 1);
    for (size_t i = 0; i < p->n_specialties; i++) {
        ml_yw_text(w, p->specialties[i].name);
        ml_yw_num(w, ho->exposure[i]);
    }
    ml_yw_close_map(w);
    /* Pricing by bed and by grade needs these to be recomputed. */
    if (ho->beds > 0.0)
        ml_yw_kv_num(w, "beds", ho->beds);
    if (ho->grade[0])
        ml_yw_kv_text(w, "grade", ho->grade);
    ml_yw_close_map(w);
}

static void portfolio(ml_yw *w, const ml_portfolio *p)
{
    ml_yw_kv_map(w, "portfolio", 0);
    ml_yw_kv_text(w, "name", p->name);
    ml_yw_kv_text(w, "exposure_unit", p->exposure_unit);
    effect(w, "hospital_effect", &p->hospital_effect);
    effect(w, "year_effect", &p->year_effect);
    if (p->has_medicine) {
        classes(w, "injury_mix", p->injury_mix);
        classes(w, "negligent_share", p->negligent_share);
    }
    ml_yw_kv_list(w, "specialties", 0);
    for (size_t i = 0; i < p->n_specialties; i++) {
        const ml_specialty *sp = &p->specialties[i];
        ml_yw_map(w, 0);
        ml_yw_kv_text(w, "name", sp->name);
        ml_yw_kv_num(w, "incident_rate", sp->incident_rate);
        if (sp->has_mix)
            classes(w, "injury_mix", sp->injury_mix);
        ml_yw_close_map(w);
    }
    ml_yw_close_list(w);
    ml_yw_kv_list(w, "hospitals", 0);
    for (size_t h = 0; h < p->n_hospitals; h++) {
        const ml_hospital *ho = &p->hospitals[h];
        int expanded = ho->count > 1 && h + ho->count <= p->n_hospitals;
        hospital(w, p, ho, expanded);
        if (expanded)
            h += ho->count - 1; /* the rest of the entry: written by count */
    }
    ml_yw_close_list(w);
    ml_yw_close_map(w);
}

static void policy(ml_yw *w, const ml_policy *pol)
{
    ml_yw_kv_map(w, "policy", 0);
    ml_yw_kv_num(w, "deductible", pol->deductible);
    ml_yw_kv_num(w, "limit", pol->limit);
    ml_yw_kv_num(w, "coinsurance", pol->coinsurance);
    ml_yw_kv_num(w, "aggregate_limit", pol->aggregate_limit);
    ml_yw_kv_num(w, "aggregate_retention", pol->aggregate_retention);
    ml_yw_kv_word(w, "indemnifier", pol->indemnifier == ML_INDEMNIFIER_STATE ? "state" : "insurer");
    ml_yw_close_map(w);
}

static void textbook(ml_yw *w, const ml_regime *r)
{
    ml_yw_kv_map(w, "claiming", 0);
    ml_yw_kv_num(w, "p_claim", r->p_claim);
    ml_yw_close_map(w);
    ml_yw_kv_map(w, "pathway", 0);
    ml_yw_kv_num(w, "p_settle", r->p_settle);
    ml_yw_close_map(w);
    ml_yw_kv_list(w, "liability", 0);
    for (unsigned i = 0; i < r->liability.n; i++) {
        ml_yw_map(w, 1);
        ml_yw_kv_num(w, "share", r->liability.share[i]);
        ml_yw_kv_num(w, "prob", r->liability.prob[i]);
        ml_yw_close_map(w);
    }
    ml_yw_close_list(w);
    ml_yw_kv_map(w, "severity", 0);
    ml_yw_kv_word(w, "model", ml_severity_name(r->severity.kind));
    int ln = r->severity.kind == ML_SEV_LOGNORMAL;
    ml_yw_kv_num(w, ln ? "meanlog" : "shape", r->severity.p1);
    ml_yw_kv_num(w, ln ? "sdlog" : "scale", r->severity.p2);
    ml_yw_close_map(w);
    ml_yw_kv_map(w, "expenses", 0);
    ml_yw_kv_num(w, "per_claim", r->expense_per_claim);
    ml_yw_close_map(w);
}

static void layer(ml_yw *w, const ml_layer *l)
{
    ml_yw_map(w, 0);
    ml_yw_kv_text(w, "name", l->name);
    ml_yw_kv_word(w, "kind", l->kind == ML_LAYER_XL ? "per_claim_xl" : "stop_loss");
    ml_yw_kv_num(w, "attachment", l->attachment);
    ml_yw_kv_num(w, "limit", l->limit);
    ml_yw_close_map(w);
}

static void pricing(ml_yw *w, const ml_pricing *pr)
{
    ml_yw_kv_map(w, "pricing", 0);
    ml_yw_kv_num(w, "expected_value_loading", pr->ev_loading);
    ml_yw_kv_num(w, "sd_loading", pr->sd_loading);
    ml_yw_kv_num(w, "cost_of_capital_rate", pr->coc_rate);
    if (pr->premium > 0.0)
        ml_yw_kv_num(w, "premium", pr->premium);
    if (pr->n_xl + pr->n_sl > 0) {
        ml_yw_kv_list(w, "layers", 0);
        for (unsigned j = 0; j < pr->n_xl; j++)
            layer(w, &pr->xl[j]);
        for (unsigned j = 0; j < pr->n_sl; j++)
            layer(w, &pr->sl[j]);
        ml_yw_close_list(w);
    }
    ml_yw_close_map(w);
}

/* Text for a comment line: a control character (a line break in a file
 * name) would end the comment and start YAML. */
static void comment_text(FILE *f, const char *t)
{
    for (const unsigned char *c = (const unsigned char *)t; *c; c++)
        fputc(*c < 0x20 || *c == 0x7F ? '?' : *c, f);
}

/* The provenance, as comments above the YAML: libyaml's emitter writes no
 * comments, so they are written to the stream before it starts. */
static void provenance(FILE *f, const ml_scenario *s)
{
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
}

/* The regime's timing rules (only what differs from the defaults). */
static void timing(ml_yw *w, const ml_timing *t, int textbook)
{
    if (t->n_trend) {
        char yr[16];
        ml_yw_kv_map(w, "trend_by_year", 0);
        for (unsigned k = 0; k < t->n_trend; k++) {
            snprintf(yr, sizeof yr, "%d", t->trend_year[k]);
            ml_yw_kv_num(w, yr, t->trend_rate[k]);
        }
        ml_yw_close_map(w);
    } else if (t->trend != 0.0)
        ml_yw_kv_num(w, "trend", t->trend);
    if (t->ppo_years) {
        ml_yw_kv_map(w, "periodical", 0);
        ml_yw_kv_num(w, "threshold", t->ppo_threshold);
        ml_yw_kv_num(w, "share", t->ppo_share);
        ml_yw_kv_uint(w, "years", t->ppo_years);
        ml_yw_close_map(w);
    }
    if (textbook && (t->report_months > 0 || t->settle_months > 0)) {
        ml_yw_kv_map(w, "timing", 0);
        ml_yw_kv_num(w, "report_months", t->report_months);
        ml_yw_kv_num(w, "report_cv", t->report_cv);
        ml_yw_kv_num(w, "settle_months", t->settle_months);
        ml_yw_kv_num(w, "settle_cv", t->settle_cv);
        ml_yw_close_map(w);
    }
}

/* The run file's time block, its curve inline. */
static void time_block(ml_yw *w, const ml_time *t, const char *currency)
{
    ml_yw_kv_map(w, "time", 0);
    ml_yw_kv_uint(w, "years", t->years);
    ml_yw_kv_uint(w, "development_years", t->dev_years);
    ml_yw_kv_uint(w, "policy_year", (unsigned long long)t->policy_year);
    if (t->curve.n) {
        char tenor[32];
        ml_yw_kv_map(w, "curve", 0);
        ml_yw_kv_text(w, "name", t->curve.name);
        ml_yw_kv_text(w, "currency", currency);
        ml_yw_kv_map(w, "rates", 0);
        for (unsigned i = 0; i < t->curve.n; i++) {
            snprintf(tenor, sizeof tenor, "%.17g", t->curve.tenor[i]);
            ml_yw_kv_num(w, tenor, t->curve.rate[i]);
        }
        ml_yw_close_map(w);
        ml_yw_close_map(w);
    }
    ml_yw_close_map(w);
}

char *ml_scenario_to_yaml(const ml_scenario *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    const ml_regime *r = &s->regime;
    provenance(f, s);
    ml_yw w;
    ml_yw_begin(&w, f);
    ml_yw_kv_text(&w, "name", s->name);
    if (s->description[0])
        ml_yw_kv_text(&w, "description", s->description);
    if (s->has_replicates || s->has_seed) {
        ml_yw_kv_map(&w, "run", 0);
        if (s->has_replicates)
            ml_yw_kv_uint(&w, "replicates", s->replicates);
        if (s->has_seed)
            ml_yw_kv_uint(&w, "seed", s->seed);
        ml_yw_close_map(&w);
    }
    if (s->time.on)
        time_block(&w, &s->time, r->currency);
    portfolio(&w, &s->portfolio);
    ml_yw_kv_map(&w, "regime", 0);
    ml_yw_kv_text(&w, "name", r->name);
    ml_yw_kv_text(&w, "currency", r->currency);
    /* Amounts are written trended, so the price year is kept and the
     * index is not needed to reload them. */
    if (r->price.year)
        ml_yw_kv_uint(&w, "price_year", (unsigned long long)r->price.year);
    timing(&w, &r->timing, !r->life);
    if (r->life)
        ml_lifecycle_dump(&w, r->life);
    else
        textbook(&w, r);
    policy(&w, &r->policy);
    ml_yw_close_map(&w);
    pricing(&w, &s->pricing);
    int bad = ml_yw_end(&w);
    if (fclose(f) != 0 || bad) {
        free(buf);
        return NULL;
    }
    return buf;
}
