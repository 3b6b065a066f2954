/*
 * lifecycle_dump.c — see lifecycle_dump.h.
 *
 * Every field the loader reads is written, defaults included, so that the
 * text says exactly what was simulated and reloads to the same structure.
 * Order matters where the engine draws by position: liability degrees,
 * appraisal routes, stages and each stage's next stages are written in
 * their index order, which the loader keeps (first appearance wins).
 */
#include "lifecycle_dump.h"
#include "yamlwrite.h"

static const char *yes(int b)
{
    return b ? "true" : "false";
}

/* {minor: x, serious: x, permanent: x, death: x} */
static void classes(FILE *f, const double *v)
{
    fputc('{', f);
    for (int c = 0; c < ML_N_INJ; c++) {
        fprintf(f, "%s%s: ", c ? ", " : "", ml_injury_name[c]);
        ml_yw_num(f, v[c]);
    }
    fputc('}', f);
}

static void claiming(FILE *f, int in, const ml_claiming *c)
{
    fprintf(f, "%*sclaiming:\n%*sp_claim:\n", in, "", in + 2, "");
    static const char *const rows[2] = {"not_negligent", "negligent"};
    for (int neg = 1; neg >= 0; neg--) {
        fprintf(f, "%*s%s: ", in + 4, "", rows[neg]);
        classes(f, c->p_claim[neg]);
        fputc('\n', f);
    }
    fprintf(f, "%*sreport_lag_months:\n", in + 2, "");
    ml_yw_kv_num(f, in + 4, "mean", c->lag_mean);
    ml_yw_kv_num(f, in + 4, "cv", c->lag_cv);
}

/* {degree: p, ...} in degree order. */
static void degree_row(FILE *f, const ml_degrees *d, const double *p)
{
    fputc('{', f);
    for (unsigned k = 0; k < d->n; k++) {
        if (k)
            fputs(", ", f);
        ml_yw_str(f, d->name[k]);
        fputs(": ", f);
        ml_yw_num(f, p[k]);
    }
    fputc('}', f);
}

static void appraisal(FILE *f, int in, const ml_lifecycle *L)
{
    fprintf(f, "%*sliability_degrees: ", in, "");
    degree_row(f, &L->degrees, L->degrees.share);
    fputc('\n', f);
    if (L->n_routes == 0)
        return;
    fprintf(f, "%*sappraisal:\n", in, "");
    for (unsigned i = 0; i < L->n_routes; i++) {
        const ml_route *r = &L->route[i];
        fprintf(f, "%*s", in + 2, "");
        ml_yw_str(f, r->name);
        fputs(":\n", f);
        ml_yw_kv_num(f, in + 4, "cost", r->cost);
        ml_yw_kv_num(f, in + 4, "delay_months", r->delay_months);
        fprintf(f, "%*snegligent: ", in + 4, "");
        degree_row(f, &L->degrees, r->prob[1]);
        fprintf(f, "\n%*snot_negligent: ", in + 4, "");
        degree_row(f, &L->degrees, r->prob[0]);
        fputc('\n', f);
    }
}

/* NAME: {meanlog: x, sdlog: x[, tail: {threshold: x, shape: x, weight: x}]}
 * with the weight resolved, so the text reloads to the same law. */
static void law(FILE *f, int in, const char *name, const ml_dmg_law *l)
{
    fprintf(f, "%*s%s: {meanlog: ", in, "", name);
    ml_yw_num(f, l->meanlog);
    fputs(", sdlog: ", f);
    ml_yw_num(f, l->sdlog);
    if (l->threshold > 0.0) {
        fputs(", tail: {threshold: ", f);
        ml_yw_num(f, l->threshold);
        fputs(", shape: ", f);
        ml_yw_num(f, l->shape);
        fputs(", weight: ", f);
        ml_yw_num(f, l->weight);
        fputc('}', f);
    }
    fputs("}\n", f);
}

static void compensation(FILE *f, int in, const ml_compensation *c)
{
    fprintf(f, "%*scompensation:\n%*sdamages:\n", in, "", in + 2, "");
    for (int k = 0; k < ML_N_INJ; k++)
        law(f, in + 4, ml_injury_name[k], &c->law[k]);
    /* Only the classes a specialty names itself: the others follow the
     * class defaults, as they did when loaded. */
    if (c->n_spec)
        fprintf(f, "%*sby_specialty:\n", in + 4, "");
    for (unsigned k = 0; k < c->n_spec; k++) {
        fprintf(f, "%*s", in + 6, "");
        ml_yw_str(f, c->spec_name[k]);
        fputs(":\n", f);
        for (int cl = 0; cl < ML_N_INJ; cl++)
            if (c->own[k][cl])
                law(f, in + 8, ml_injury_name[cl], &c->spec[k][cl]);
    }
    int grades = 0;
    for (int k = 0; k < ML_N_INJ; k++)
        grades |= c->grades[k].n > 0;
    /* A schedule is written when any part of one was given: its base and
     * years are required together, and grades may be empty. */
    if (c->sched_years > 0.0 || c->sched_base > 0.0 || grades) {
        fprintf(f, "%*sschedule:\n", in + 2, "");
        ml_yw_kv_num(f, in + 4, "base", c->sched_base);
        ml_yw_kv_num(f, in + 4, "years", c->sched_years);
        fprintf(f, "%*sgrades:%s\n", in + 4, "", grades ? "" : " {}");
        for (int k = 0; k < ML_N_INJ; k++) {
            const ml_grade_mix *g = &c->grades[k];
            if (g->n == 0)
                continue;
            fprintf(f, "%*s%s:\n", in + 6, "", ml_injury_name[k]);
            for (unsigned j = 0; j < g->n; j++) {
                fprintf(f, "%*s- {coef: ", in + 8, "");
                ml_yw_num(f, g->coef[j]);
                fputs(", prob: ", f);
                ml_yw_num(f, g->prob[j]);
                fputs("}\n", f);
            }
        }
    }
    ml_yw_kv_num(f, in + 2, "noneconomic_share", c->noneconomic_share);
    ml_yw_kv_num(f, in + 2, "cap_noneconomic", c->cap_noneconomic);
    ml_yw_kv_num(f, in + 2, "cap_total", c->cap_total);
}

static void stage(FILE *f, int in, const ml_pathway *pw, const ml_lifecycle *L,
                  const ml_stage *st)
{
    fprintf(f, "%*s", in, "");
    ml_yw_str(f, st->name);
    fprintf(f, ":\n%*skind: %s\n", in + 2, "", ml_stage_kind_name[st->kind]);
    fprintf(f, "%*smonths: {mean: ", in + 2, "");
    ml_yw_num(f, st->months_mean);
    fputs(", cv: ", f);
    ml_yw_num(f, st->months_cv);
    fprintf(f, "}\n%*scosts: {defence: ", in + 2, "");
    ml_yw_num(f, st->cost_defence);
    fputs(", claimant: ", f);
    ml_yw_num(f, st->cost_claimant);
    fputs(", admin: ", f);
    ml_yw_num(f, st->cost_admin);
    fputs("}\n", f);
    if (st->route >= 0)
        ml_yw_kv_str(f, in + 2, "appraisal", L->route[st->route].name);
    fprintf(f, "%*sp_agree: {negligent: ", in + 2, "");
    ml_yw_num(f, st->p_agree[1]);
    fputs(", not_negligent: ", f);
    ml_yw_num(f, st->p_agree[0]);
    fputs("}\n", f);
    ml_yw_kv_num(f, in + 2, "discount", st->discount);
    fprintf(f, "%*sadjudicates: %s\n", in + 2, "", yes(st->adjudicates));
    ml_yw_kv_num(f, in + 2, "p_challenge", st->p_challenge);
    if (st->challenge_to >= 0)
        ml_yw_kv_str(f, in + 2, "challenge_to", pw->st[st->challenge_to].name);
    if (st->n_next) {
        fprintf(f, "%*snext: {", in + 2, "");
        for (unsigned k = 0; k < st->n_next; k++) {
            if (k)
                fputs(", ", f);
            ml_yw_str(f, pw->st[st->next[k]].name);
            fputs(": ", f);
            ml_yw_num(f, st->p_next[k]);
        }
        fputs("}\n", f);
    }
    if (st->nofault_classes) {
        fprintf(f, "%*sno_fault:\n", in + 2, "");
        ml_yw_kv_num(f, in + 4, "lump_sum", st->nofault_lump);
        ml_yw_kv_num(f, in + 4, "instalment", st->nofault_instalment);
        fprintf(f, "%*sinstalment_years: %u\n", in + 4, "", st->nofault_years);
        ml_yw_kv_num(f, in + 4, "p_apply", st->p_apply);
        fprintf(f, "%*sclasses: [", in + 4, "");
        int first = 1;
        for (int c = 0; c < ML_N_INJ; c++)
            if (st->nofault_classes >> c & 1u) {
                fprintf(f, "%s%s", first ? "" : ", ", ml_injury_name[c]);
                first = 0;
            }
        fputs("]\n", f);
        if (st->n_specs) {
            fprintf(f, "%*sspecialties: [", in + 4, "");
            for (unsigned k = 0; k < st->n_specs; k++) {
                if (k)
                    fputs(", ", f);
                ml_yw_str(f, st->specs[k]);
            }
            fputs("]\n", f);
        }
    }
}

static void pathway(FILE *f, int in, const ml_lifecycle *L)
{
    const ml_pathway *pw = &L->pathway;
    fprintf(f, "%*spathway:\n%*sentry: {", in, "", in + 2, "");
    int first = 1;
    for (unsigned i = 0; i < pw->n; i++) {
        if (!(pw->p_entry[i] > 0.0))
            continue;
        if (!first)
            fputs(", ", f);
        ml_yw_str(f, pw->st[i].name);
        fputs(": ", f);
        ml_yw_num(f, pw->p_entry[i]);
        first = 0;
    }
    fprintf(f, "}\n%*sstages:\n", in + 2, "");
    for (unsigned i = 0; i < pw->n; i++)
        stage(f, in + 4, pw, L, &pw->st[i]);
}

void ml_lifecycle_dump(FILE *f, int indent, const ml_lifecycle *L)
{
    int in = indent + 2;
    fprintf(f, "%*slifecycle:\n", indent, "");
    claiming(f, in, &L->claiming);
    appraisal(f, in, L);
    compensation(f, in, &L->comp);
    pathway(f, in, L);
    fprintf(f, "%*slegal_costs:\n", in, "");
    fprintf(f, "%*sduty_to_defend: %s\n", in + 2, "", yes(L->legal.duty_to_defend));
    fprintf(f, "%*sdefence_inside_limits: %s\n", in + 2, "",
            yes(L->legal.defence_inside_limits));
    fprintf(f, "%*sloser_pays: %s\n", in + 2, "", yes(L->legal.loser_pays));
    ml_yw_kv_num(f, in + 2, "contingency_fee", L->legal.contingency_fee);
    fprintf(f, "%*sinsurance:\n", in, "");
    if (L->ins.n_grades == 0)
        ml_yw_kv_num(f, in + 2, "participation", L->ins.participation);
    else {
        fprintf(f, "%*sparticipation: {", in + 2, "");
        for (unsigned i = 0; i < L->ins.n_grades; i++) {
            if (i)
                fputs(", ", f);
            ml_yw_str(f, L->ins.grade[i]);
            fputs(": ", f);
            ml_yw_num(f, L->ins.grade_participation[i]);
        }
        if (L->ins.has_other) {
            fputs(", other: ", f);
            ml_yw_num(f, L->ins.participation);
        }
        fputs("}\n", f);
    }
    fprintf(f, "%*sdirect_claim: %s\n", in + 2, "", yes(L->ins.direct_claim));
    ml_yw_kv_num(f, in + 2, "p_unpaid", L->ins.p_unpaid);
    ml_yw_kv_num(f, in + 2, "enforcement_months", L->ins.enforce_months);
}
