/*
 * pathway.c — validating the stage graph.
 */
#include "pathway.h"

#include <math.h>
#include <string.h>

const char *const ml_stage_kind_name[ML_N_STAGE_KINDS] = {
    "negotiation", "mediation", "litigation", "no_fault", "dropped"};

int ml_pathway_find(const ml_pathway *p, const char *name)
{
    for (unsigned i = 0; i < p->n; i++)
        if (!strcmp(p->st[i].name, name))
            return (int)i;
    return -1;
}

/* Depth-first search colouring: 0 unseen, 1 on the current path, 2 done. */
static int dfs(const ml_pathway *p, unsigned s, unsigned char *colour, ml_err *err)
{
    const ml_stage *st = &p->st[s];
    colour[s] = 1;
    int out[ML_NEXT_MAX + 1];
    unsigned n = 0;
    for (unsigned k = 0; k < st->n_next; k++)
        out[n++] = st->next[k];
    if (st->challenge_to >= 0)
        out[n++] = st->challenge_to;
    for (unsigned k = 0; k < n; k++) {
        unsigned t = (unsigned)out[k];
        if (colour[t] == 1)
            return ML_ERROR(err, ML_EINVAL,
                            "%s: pathway.stages.%s: leads back to stage '%s': the "
                            "pathway must not contain a cycle",
                            st->where, st->name, p->st[t].name);
        if (colour[t] == 0) {
            int rc = dfs(p, t, colour, err);
            if (rc)
                return rc;
        }
    }
    colour[s] = 2;
    return ML_OK;
}

/* Every index a stage holds must name a stage (or route) that exists, and
 * its next probabilities must be probabilities: the graph search and the
 * claim walk index arrays with them. */
static int check_refs(const ml_pathway *p, const ml_stage *st, ml_err *err)
{
    if (st->n_next > ML_NEXT_MAX)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.next: %u next stages; at "
                        "most %d", st->where, st->name, st->n_next, ML_NEXT_MAX);
    for (unsigned k = 0; k < st->n_next; k++) {
        if (st->next[k] < 0 || (unsigned)st->next[k] >= p->n)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.next: stage index %d "
                            "is not a stage of this pathway", st->where, st->name,
                            st->next[k]);
        if (!(st->p_next[k] >= 0.0 && st->p_next[k] <= 1.0))
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.next: probability %g "
                            "is not between 0 and 1", st->where, st->name, st->p_next[k]);
    }
    if (st->challenge_to < -1 || (st->challenge_to >= 0 && (unsigned)st->challenge_to >= p->n))
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.challenge_to: stage index "
                        "%d is not a stage of this pathway", st->where, st->name,
                        st->challenge_to);
    if (st->route < -1 || st->route >= ML_ROUTES_MAX)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.appraisal: route index %d "
                        "is not an appraisal route", st->where, st->name, st->route);
    return ML_OK;
}

int ml_pathway_check(const ml_pathway *p, ml_err *err)
{
    if (p->n == 0)
        return ML_ERROR(err, ML_EINVAL, "pathway: no stages");
    if (p->n > ML_STAGES_MAX)
        return ML_ERROR(err, ML_EINVAL, "pathway: %u stages; at most %d", p->n,
                        ML_STAGES_MAX);
    double se = 0.0;
    for (unsigned i = 0; i < p->n; i++)
        se += p->p_entry[i];
    if (fabs(se - 1.0) > 1e-9)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.entry: probabilities sum to %.12g; "
                        "they must sum to 1", p->st[0].where, se);
    /* Only incidents the scheme covers reach a no-fault stage (the engine
     * draws them by specialty and class): an ordinary claim sent there by
     * entry or next would skip the eligibility test. */
    for (unsigned i = 0; i < p->n; i++) {
        if (p->st[i].kind != ML_ST_NO_FAULT)
            continue;
        if (p->p_entry[i] > 0.0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.entry: names no-fault stage %s; "
                            "claims reach it only through its no_fault eligibility",
                            p->st[i].where, p->st[i].name);
        for (unsigned j = 0; j < p->n; j++)
            for (unsigned k = 0; k < p->st[j].n_next; k++)
                if (p->st[j].next[k] == (int)i && p->st[j].p_next[k] > 0.0)
                    return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.next: names "
                                    "no-fault stage %s; claims reach it only through its "
                                    "no_fault eligibility", p->st[j].where, p->st[j].name,
                                    p->st[i].name);
    }
    for (unsigned i = 0; i < p->n; i++) {
        int rc = check_refs(p, &p->st[i], err);
        if (rc)
            return rc;
    }
    for (unsigned i = 0; i < p->n; i++) {
        const ml_stage *st = &p->st[i];
        /* A stage can end a claim if it is an end, pays, adjudicates, or is a
         * no-fault scheme; otherwise it must pass the claim on. */
        int can_end = st->kind == ML_ST_DROPPED || st->adjudicates ||
                      st->kind == ML_ST_NO_FAULT ||
                      st->p_agree[0] > 0.0 || st->p_agree[1] > 0.0;
        /* A no-fault stage ends its own claim (its next opens another). */
        int must_pass = !(st->kind == ML_ST_DROPPED || st->adjudicates ||
                          st->kind == ML_ST_NO_FAULT) &&
                        (st->p_agree[0] < 1.0 || st->p_agree[1] < 1.0 ||
                         st->route >= 0);
        if (must_pass && st->n_next == 0)
            return ML_ERROR(err, ML_EINVAL,
                            "%s: pathway.stages.%s.next: a %s stage that does not "
                            "always resolve needs next stages, or the claim cannot end",
                            st->where, st->name, ml_stage_kind_name[st->kind]);
        if (!can_end && st->n_next == 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s: the stage cannot end "
                            "a claim and has no next stage", st->where, st->name);
        if (st->n_next) {
            double s = 0.0;
            for (unsigned k = 0; k < st->n_next; k++)
                s += st->p_next[k];
            if (fabs(s - 1.0) > 1e-9)
                return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.next: probabilities "
                                "sum to %.12g; they must sum to 1", st->where, st->name, s);
        }
        if (st->adjudicates && st->route < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.appraisal: an "
                            "adjudicating stage needs an appraisal route to decide by",
                            st->where, st->name);
        if (st->p_challenge > 0.0 && st->challenge_to < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.challenge_to: "
                            "p_challenge > 0 needs the stage a challenge goes to",
                            st->where, st->name);
    }
    unsigned char colour[ML_STAGES_MAX] = {0};
    for (unsigned i = 0; i < p->n; i++)
        if (!colour[i]) {
            int rc = dfs(p, i, colour, err);
            if (rc)
                return rc;
        }
    return ML_OK;
}
