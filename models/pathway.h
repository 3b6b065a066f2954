/*
 * pathway.h — the dispute pathway: a small directed graph of stages a claim
 * moves through until it is paid, closed without payment or dropped.
 *
 * A stage is negotiation, mediation (people's, administrative, mandatory
 * pre-litigation), litigation, a no-fault scheme, or dropped (an end).  At
 * each stage a claim:
 *   1. spends a gamma-distributed time (mean, coefficient of variation) and
 *      incurs the stage's defence, claimant and administration costs;
 *   2. is appraised if the stage names a damage-identification route (the
 *      liability share found then governs every later payment);
 *   3. reaches an agreement with probability p_agree[negligent], unless an
 *      appraisal found no liability; the agreement pays discount x award x
 *      share, once it has survived its validity (below);
 *   4. otherwise, at an adjudicating stage (a court), is decided by the
 *      appraisal: award x share, possibly zero;
 *   5. otherwise moves to one of the next stages: with the given
 *      probabilities, or, where the stage lists `choices`, as the claimant
 *      chooses among them (the logit of models/choice.h).
 * Validity of an agreement (a stage with challenge_to): it is judicially
 * confirmed with probability p_confirm (People's Mediation Law Art. 33);
 * it is then challenged with p_challenge[confirmed]: a challenged
 * agreement is void and the claim re-enters at challenge_to (litigation).
 * A surviving agreement is not performed with p_nonperform[confirmed]: an
 * unconfirmed one is then litigated too (challenge_to), a confirmed one is
 * enforced by the court (enforce_months and enforce_cost added) and paid.
 * With p_confirm and p_nonperform 0 this is the walk of earlier versions,
 * draw for draw: only p_challenge of unconfirmed agreements is drawn, from
 * the pathway's own stream; the other validity draws have a stream of
 * their own (models/rng.h, ML_P_VALIDITY).
 * A no-fault stage is its own payer, a fund (financed per birth, or by the
 * state), never the hospital's liability policy: it approves an eligible
 * claim with probability p_agree, whatever the negligence, and pays a lump
 * sum and `years` yearly instalments.  Its claim always ends there; its
 * `next` is where the family goes afterwards, approved or not: a stage of
 * the ordinary pathway opens a separate claim against the hospital (whose
 * award, if any, reimburses the fund: README, "Regimes"), a dropped stage
 * nothing further.
 *
 * The graph must be acyclic (challenge edges included), except for cycles
 * whose every stage chooses its next (the choice never returns to a stage
 * already visited), and every stage must be able to end, so that every
 * claim closes in at most n_stages steps.
 */
#ifndef ML_PATHWAY_H
#define ML_PATHWAY_H

#include "appraisal.h"
#include "status.h"

#define ML_STAGES_MAX 12
#define ML_NEXT_MAX 8

typedef enum {
    ML_ST_NEGOTIATION,
    ML_ST_MEDIATION,
    ML_ST_LITIGATION,
    ML_ST_NO_FAULT,
    ML_ST_DROPPED,
    ML_N_STAGE_KINDS
} ml_stage_kind;

extern const char *const ml_stage_kind_name[ML_N_STAGE_KINDS];

typedef struct {
    char name[ML_LABEL_MAX];
    ml_stage_kind kind;
    double months_mean, months_cv; /* time spent at the stage, months */
    double cost_defence;           /* currency per claim at the stage */
    double cost_claimant;          /* the claimant's legal costs, currency */
    double cost_admin;             /* mediation or court fees, currency */
    int route;                     /* appraisal route at entry, -1 = none */
    double p_agree[2];             /* [negligent]: agreement (or no-fault approval) */
    double discount;               /* agreed share of the full award */
    int adjudicates;               /* 1: unresolved claims are decided by the appraisal */
    double p_challenge;            /* an unconfirmed agreement challenged: voided, litigated */
    int challenge_to;              /* stage index, -1 = none */
    double p_confirm;              /* an agreement judicially confirmed */
    double p_challenge_confirmed;  /* a confirmed agreement challenged (and voided) */
    double p_nonperform[2];        /* [confirmed]: an agreement not performed */
    double enforce_months;         /* a confirmed agreement not performed: court */
    double enforce_cost;           /* enforcement, months and currency */
    int choose;                    /* 1: next[] are candidates of the claimant's choice */
    unsigned n_next;
    int next[ML_NEXT_MAX];         /* stage indices when unresolved */
    double p_next[ML_NEXT_MAX];
    double nofault_lump;           /* no-fault: paid at once, currency per award */
    double nofault_instalment;     /* no-fault: paid each year, currency */
    unsigned nofault_years;        /* no-fault: number of yearly instalments */
    double p_apply;                /* no-fault: share of eligible injuries applying */
    unsigned nofault_classes;      /* bit mask of eligible injury classes */
    unsigned n_specs;              /* eligible specialties by name; 0 = all */
    char specs[4][ML_LABEL_MAX];
    char where[600];               /* "file:line" of the stage, for messages */
} ml_stage;

/* The claimant's choice of channel (models/choice.h): a multinomial logit
 * over candidate stages whose attributes are read from the stages
 * themselves.  on = 0: every entry and next is a fixed distribution. */
typedef struct {
    int on;
    unsigned n_entry;              /* > 0: the first channel is chosen among entry[] */
    int entry[ML_STAGES_MAX];
    double constant[ML_STAGES_MAX]; /* a_c per stage (its own, else its kind's) */
    double size;                   /* per log(D / ref_damages), adjudicating stages */
    double ref_damages;            /* currency */
    double liability;              /* per unit of liability strength, adjudicating stages */
    double cost;                   /* per unit of the claimant's cost / D */
    double months;                 /* per expected month at the stage */
    double validity;               /* per unit probability the outcome is enforceable */
    double estimate_sdlog;         /* noise of the parties' damages estimate */
} ml_choice;

typedef struct {
    unsigned n;
    ml_stage st[ML_STAGES_MAX];
    double p_entry[ML_STAGES_MAX]; /* where claims start; sums to 1 (unless chosen) */
    int nofault;                   /* index of the no-fault stage, -1 = none */
    ml_choice choice;
} ml_pathway;

/* The nominal total of a no-fault award: lump + instalment x years (no
 * discounting while the model has no time dimension). */
static inline double ml_nofault_total(const ml_stage *st)
{
    return st->nofault_lump + st->nofault_instalment * st->nofault_years;
}

/* Checks the graph: references in range, probabilities summing to 1, no
 * cycle, every stage able to end, adjudicating stages appraised.  On
 * failure names the stage (by its `where`). */
int ml_pathway_check(const ml_pathway *p, ml_err *err);
/* Whether a claim's walk draws from the choice stream (the claimant
 * chooses a channel somewhere) or the validity stream (some agreement may
 * be confirmed or not performed). */
int ml_pathway_draws_choice(const ml_pathway *p);
int ml_pathway_draws_validity(const ml_pathway *p);
/* Index of a stage by name, or -1. */
int ml_pathway_find(const ml_pathway *p, const char *name);

#endif
