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

int ml_pathway_draws_choice(const ml_pathway *p)
{
    return p->choice.on;
}

int ml_pathway_draws_validity(const ml_pathway *p)
{
    for (unsigned i = 0; i < p->n; i++)
        if (p->st[i].p_confirm > 0.0 || p->st[i].p_nonperform[0] > 0.0 ||
            p->st[i].p_nonperform[1] > 0.0)
            return 1;
    return 0;
}

/* Depth-first search colouring: 0 unseen, 1 on the current path, 2 done.
 * path[0..depth] holds the stages of the current path, chose[j] whether
 * the edge from path[j] to path[j + 1] is a choice.  A back edge closes a
 * cycle: refused unless each of the cycle's edges is a choice.  Without
 * stages that choose, this is the plain acyclicity check, which names the
 * first back edge found. */
typedef struct {
    unsigned char colour[ML_STAGES_MAX];
    unsigned path[ML_STAGES_MAX];
    unsigned char chose[ML_STAGES_MAX];
} dfs_state;

static int dfs(const ml_pathway *p, unsigned s, unsigned depth, dfs_state *d, ml_err *err)
{
    const ml_stage *st = &p->st[s];
    d->colour[s] = 1;
    d->path[depth] = s;
    int out[ML_NEXT_MAX + 1];
    unsigned char by_choice[ML_NEXT_MAX + 1];
    unsigned n = 0;
    for (unsigned k = 0; k < st->n_next; k++) {
        by_choice[n] = (unsigned char)(st->choose != 0);
        out[n++] = st->next[k];
    }
    if (st->challenge_to >= 0) {
        by_choice[n] = 0;
        out[n++] = st->challenge_to;
    }
    for (unsigned k = 0; k < n; k++) {
        unsigned t = (unsigned)out[k];
        if (d->colour[t] == 1) {
            int all = by_choice[k];
            for (unsigned j = depth; all && j > 0 && d->path[j] != t; j--)
                all = d->chose[j - 1];
            if (!all)
                return ML_ERROR(err, ML_EINVAL,
                                "%s: pathway.stages.%s: leads back to stage '%s': the "
                                "pathway must not contain a cycle (other than one whose "
                                "every stage chooses its next by `choices`)",
                                st->where, st->name, p->st[t].name);
        }
        if (d->colour[t] == 0) {
            d->chose[depth] = by_choice[k];
            int rc = dfs(p, t, depth + 1, d, err);
            if (rc)
                return rc;
        }
    }
    d->colour[s] = 2;
    return ML_OK;
}

/* Whether stage `to` can be reached from stage `from` along any edge
 * (next stages, chosen or drawn, and challenge_to). */
static int reaches(const ml_pathway *p, unsigned from, unsigned to)
{
    unsigned seen = 1u << from, todo[ML_STAGES_MAX], n = 0;
    todo[n++] = from;
    while (n) {
        const ml_stage *st = &p->st[todo[--n]];
        int out[ML_NEXT_MAX + 1];
        unsigned m = 0;
        for (unsigned k = 0; k < st->n_next; k++)
            out[m++] = st->next[k];
        if (st->challenge_to >= 0)
            out[m++] = st->challenge_to;
        for (unsigned k = 0; k < m; k++) {
            unsigned t = (unsigned)out[k];
            if (t == to)
                return 1;
            if (!(seen >> t & 1u)) {
                seen |= 1u << t;
                todo[n++] = t;
            }
        }
    }
    return 0;
}

/* A cycle is refused unless each of its edges is a choice (a next of a
 * stage that chooses): the walk never chooses a stage already visited, so
 * such a cycle is never run round, while a drawn next or a challenge edge
 * could return to one.  So no drawn or challenge edge u -> v may lie on a
 * cycle: v must not reach u.  The search above checks only the cycles its
 * tree closes; this checks every one, after it. */
static int check_cycles(const ml_pathway *p, ml_err *err)
{
    for (unsigned u = 0; u < p->n; u++) {
        const ml_stage *st = &p->st[u];
        int out[ML_NEXT_MAX + 1];
        unsigned m = 0;
        if (!st->choose)
            for (unsigned k = 0; k < st->n_next; k++)
                out[m++] = st->next[k];
        if (st->challenge_to >= 0)
            out[m++] = st->challenge_to;
        for (unsigned k = 0; k < m; k++) {
            unsigned v = (unsigned)out[k];
            if (v == u || reaches(p, v, u))
                return ML_ERROR(err, ML_EINVAL,
                                "%s: pathway.stages.%s: leads back to stage '%s': the "
                                "pathway must not contain a cycle (other than one whose "
                                "every stage chooses its next by `choices`)",
                                st->where, st->name, v == u ? st->name : p->st[v].name);
        }
    }
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

/* The claimant's choice: entry candidates instead of entry probabilities,
 * and stages that choose their next.  se is the sum of p_entry. */
static int check_choice(const ml_pathway *p, double se, ml_err *err)
{
    const ml_choice *ch = &p->choice;
    if (ch->n_entry && !ch->on)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.choice.entry: a chosen entry needs "
                        "the choice model", p->st[0].where);
    if (ch->n_entry > p->n)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.choice.entry: %u candidates; the "
                        "pathway has %u stages", p->st[0].where, ch->n_entry, p->n);
    if (ch->n_entry && se != 0.0)
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.entry: given with choice.entry; the "
                        "first channel is either drawn from entry or chosen, not both",
                        p->st[0].where);
    for (unsigned k = 0; k < ch->n_entry; k++) {
        int e = ch->entry[k];
        if (e < 0 || (unsigned)e >= p->n)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.choice.entry: stage index %d is "
                            "not a stage of this pathway", p->st[0].where, e);
        if (p->st[e].kind == ML_ST_NO_FAULT)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.choice.entry: names no-fault stage "
                            "%s; claims reach it only through its no_fault eligibility",
                            p->st[e].where, p->st[e].name);
    }
    if (ch->on && !(ch->ref_damages > 0.0))
        return ML_ERROR(err, ML_EINVAL, "%s: pathway.choice.reference_damages: required, "
                        "above 0", p->st[0].where);
    for (unsigned i = 0; i < p->n; i++) {
        const ml_stage *st = &p->st[i];
        if (!st->choose)
            continue;
        if (!ch->on)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.choices: a stage that "
                            "chooses its next needs pathway.choice", st->where, st->name);
        if (st->n_next == 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.choices: no candidate",
                            st->where, st->name);
        /* A dropped or adjudicating stage ends the claim that reaches it,
         * so it is never visited before a choice: the choice always has a
         * candidate. */
        int ends = 0;
        for (unsigned k = 0; k < st->n_next; k++) {
            int t = st->next[k];
            if (t < 0 || (unsigned)t >= p->n)
                continue; /* check_refs names it */
            if (p->st[t].kind == ML_ST_NO_FAULT)
                return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.choices: names "
                                "no-fault stage %s; claims reach it only through its "
                                "no_fault eligibility", st->where, st->name, p->st[t].name);
            ends |= p->st[t].kind == ML_ST_DROPPED || p->st[t].adjudicates;
        }
        if (!ends)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.choices: needs a dropped "
                            "or adjudicating stage among its candidates, which is always "
                            "available", st->where, st->name);
    }
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
    if (p->choice.n_entry == 0 && fabs(se - 1.0) > 1e-9)
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
    int rc = check_choice(p, se, err);
    if (rc)
        return rc;
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
        if (st->n_next && !st->choose) {
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
        if ((st->p_challenge > 0.0 || st->p_challenge_confirmed > 0.0) &&
            st->challenge_to < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.challenge_to: "
                            "p_challenge > 0 needs the stage a challenge goes to",
                            st->where, st->name);
        if (st->p_nonperform[0] > 0.0 && st->challenge_to < 0)
            return ML_ERROR(err, ML_EINVAL, "%s: pathway.stages.%s.challenge_to: "
                            "p_nonperformance.unconfirmed > 0 needs the stage an unperformed "
                            "agreement is litigated at", st->where, st->name);
    }
    dfs_state d;
    memset(&d, 0, sizeof d);
    for (unsigned i = 0; i < p->n; i++)
        if (!d.colour[i] && (rc = dfs(p, i, 0, &d, err)))
            return rc;
    return check_cycles(p, err);
}
