/*
 * scenario_dump.c — writes the fully resolved scenario (defaults filled in,
 * referenced files inlined) as YAML, so that an output file says exactly
 * what was simulated and the text can be loaded again.
 */
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void num(FILE *f, const char *indent, const char *key, double x)
{
    if (isinf(x))
        fprintf(f, "%s%s: .inf\n", indent, key);
    else
        fprintf(f, "%s%s: %.17g\n", indent, key, x);
}

static void effect(FILE *f, const char *key, const ml_random_effect *re)
{
    fprintf(f, "  %s: {model: %s", key, ml_re_name(re->kind));
    if (re->kind != ML_RE_NONE)
        fprintf(f, ", size: %.17g", re->size);
    fprintf(f, "}\n");
}

/* A double-quoted YAML string, with '"' and '\\' escaped. */
static void quoted(FILE *f, const char *key, const char *v)
{
    fprintf(f, "%s: \"", key);
    for (const char *c = v; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', f);
        fputc(*c, f);
    }
    fprintf(f, "\"\n");
}

static void layer(FILE *f, const ml_layer *l)
{
    fprintf(f, "    - name: %s\n      kind: %s\n", l->name,
            l->kind == ML_LAYER_XL ? "per_claim_xl" : "stop_loss");
    num(f, "      ", "attachment", l->attachment);
    num(f, "      ", "limit", l->limit);
}

static void pricing(FILE *f, const ml_pricing *pr)
{
    fprintf(f, "pricing:\n");
    num(f, "  ", "expected_value_loading", pr->ev_loading);
    num(f, "  ", "sd_loading", pr->sd_loading);
    num(f, "  ", "cost_of_capital_rate", pr->coc_rate);
    if (pr->premium > 0.0)
        num(f, "  ", "premium", pr->premium);
    if (pr->n_xl + pr->n_sl == 0)
        return;
    fprintf(f, "  layers:\n");
    for (unsigned j = 0; j < pr->n_xl; j++)
        layer(f, &pr->xl[j]);
    for (unsigned j = 0; j < pr->n_sl; j++)
        layer(f, &pr->sl[j]);
}

char *ml_scenario_to_yaml(const ml_scenario *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    const ml_portfolio *p = &s->portfolio;
    const ml_regime *r = &s->regime;
    fprintf(f, "# resolved from %s (portfolio: %s; regime: %s)\n", s->source_file,
            s->portfolio_file[0] ? s->portfolio_file : "inline",
            s->regime_file[0] ? s->regime_file : "inline");
    fprintf(f, "name: %s\n", s->name);
    if (s->description[0])
        fprintf(f, "description: \"%s\"\n", s->description);
    fprintf(f, "portfolio:\n");
    fprintf(f, "  name: %s\n  exposure_unit: \"%s\"\n", p->name, p->exposure_unit);
    effect(f, "hospital_effect", &p->hospital_effect);
    effect(f, "year_effect", &p->year_effect);
    fprintf(f, "  specialties:\n");
    for (size_t i = 0; i < p->n_specialties; i++)
        fprintf(f, "    - {name: %s, incident_rate: %.17g}\n", p->specialties[i].name,
                p->specialties[i].incident_rate);
    fprintf(f, "  hospitals:\n");
    for (size_t h = 0; h < p->n_hospitals; h++) {
        fprintf(f, "    - name: %s\n      exposure: {", p->hospitals[h].name);
        for (size_t i = 0; i < p->n_specialties; i++)
            fprintf(f, "%s%s: %.17g", i ? ", " : "", p->specialties[i].name,
                    p->hospitals[h].exposure[i]);
        fprintf(f, "}\n");
        /* Pricing by bed and by grade needs these to be recomputed. */
        if (p->hospitals[h].beds > 0.0)
            fprintf(f, "      beds: %.17g\n", p->hospitals[h].beds);
        if (p->hospitals[h].grade[0])
            quoted(f, "      grade", p->hospitals[h].grade);
    }
    fprintf(f, "regime:\n");
    fprintf(f, "  name: %s\n  currency: %s\n", r->name, r->currency);
    fprintf(f, "  claiming:\n");
    num(f, "    ", "p_claim", r->p_claim);
    fprintf(f, "  pathway:\n");
    num(f, "    ", "p_settle", r->p_settle);
    fprintf(f, "  liability:\n");
    for (unsigned i = 0; i < r->liability.n; i++)
        fprintf(f, "    - {share: %.17g, prob: %.17g}\n", r->liability.share[i],
                r->liability.prob[i]);
    fprintf(f, "  severity:\n    model: %s\n", ml_severity_name(r->severity.kind));
    if (r->severity.kind == ML_SEV_LOGNORMAL) {
        num(f, "    ", "meanlog", r->severity.p1);
        num(f, "    ", "sdlog", r->severity.p2);
    } else {
        num(f, "    ", "shape", r->severity.p1);
        num(f, "    ", "scale", r->severity.p2);
    }
    fprintf(f, "  expenses:\n");
    num(f, "    ", "per_claim", r->expense_per_claim);
    fprintf(f, "  policy:\n");
    num(f, "    ", "deductible", r->policy.deductible);
    num(f, "    ", "limit", r->policy.limit);
    num(f, "    ", "coinsurance", r->policy.coinsurance);
    num(f, "    ", "aggregate_limit", r->policy.aggregate_limit);
    pricing(f, &s->pricing);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
