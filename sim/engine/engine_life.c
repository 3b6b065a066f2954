/*
 * engine_life.c — see engine_life.h.
 *
 * Incidents are drawn per cell (specialty, injury class, negligence): the
 * cells of a Poisson count split independently, so drawing each cell's
 * Poisson count is exact and costs a few draws per hospital instead of one
 * per incident.  Claims are then a binomial thinning of each cell, and only
 * claims are simulated one by one.  Incident streams depend on the
 * portfolio and the seed alone, so every regime run on the same portfolio
 * and seed sees the same incidents (common random numbers).
 */
#include "engine_life.h"
#include "book.h"
#include "claim.h"
#include "ledger.h"
#include "rng.h"
#include "rng_state.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

enum { G_COUNT, G_PATH, G_APPR, G_TIME, G_DAM, G_CHOICE, G_VALID, G_INS };

static inline void keep_max(double *mx, int m, double v)
{
    if (v > mx[m])
        mx[m] = v;
}

static int pick_entry(const ml_pathway *pw, gsl_rng *g)
{
    double u = ml_rng_uniform(g), c = 0.0;
    int last = 0;
    for (unsigned i = 0; i < pw->n; i++) {
        if (pw->p_entry[i] <= 0.0)
            continue;
        last = (int)i;
        c += pw->p_entry[i];
        if (u < c)
            return (int)i;
    }
    return last;
}

typedef struct {
    double comp, ins_policy, ins_outside;
    double retained; /* the per-claim retentions, for the aggregate retention */
    /* What the hospital bears of its claims before the aggregate terms,
     * claim by claim: nothing, exactly, where the policy pays a claim in
     * full (comp + defence - insured as sums in other orders left
     * 1e-8-sized residues, and a negative share borne by hospitals, where
     * the UK's state pays all). */
    double borne;
    /* The insurer's outlay on each claim (under the policy and outside
     * it), by specialty and as taken by each per-claim layer. */
    double spec[ML_PRICE_SPEC_MAX], xl[ML_XL_MAX];
} hosp_sums;

/* A hospital's insurance in a year: insured, and whether a compulsory-
 * insurance rule requires it to insure when it would not of its own
 * accord (then insured says whether the rule's enforcement brought it in). */
typedef struct {
    int insured, mandated;
} hosp_cover;

/* What one booked claim leaves for the ledger: the award paid, months
 * from notification to payment (collection included), and the insurer's
 * outlay on it, split into what falls along the pathway (defence costs,
 * as the stages end) and what is paid with the award. */
typedef struct {
    double award, months, y_pay, y_path;
    double r_pay, r_path; /* the hospital's per-claim retention, split alike */
} claim_flow;

/* Draws the cover of a hospital-year (participation part, the rule's
 * target) from one uniform u of g, pointed at its stream when part < 1
 * (at 1 nothing is drawn): insured when u < part; a hospital with part <= u <
 * target is one the rule requires, brought in for the lower `enforcement`
 * share of that band.  One uniform keeps the base's insured hospitals
 * insured under any rule (common random numbers), and a regime without a
 * rule draws exactly what it drew before. */
static hosp_cover draw_cover(double part, double target, double enforcement, gsl_rng *g)
{
    hosp_cover c = {1, 0};
    if (part >= 1.0)
        return c;
    double u = ml_rng_uniform(g);
    c.insured = u < part;
    if (!c.insured && u < target) {
        c.mandated = 1;
        c.insured = u - part < (target - part) * enforcement;
    }
    return c;
}

/* Whether the insurer of an insured hospital recognises the settlement o
 * closed with (award > 0 after collection): an insurer that conducts the
 * defence or faces a direct claim is a party to every settlement; else a
 * share `unrecognised` of those reached at a stage of o's final kind is
 * refused, drawn from gr only when that share is strictly between 0 and 1. */
static int recognised(const ml_lifecycle *L, const ml_claim_out *o, gsl_rng *gr)
{
    if (L->legal.duty_to_defend || L->ins.direct_claim)
        return 1;
    double q = L->ins.unrecognised[L->pathway.st[o->final_stage].kind];
    if (!(q > 0.0))
        return 1;
    return q < 1.0 && !(ml_rng_uniform(gr) < q);
}

/* The counts, months and stage rows every closed claim adds. */
static void book_common(const ml_claim_out *o, int neg, double months, double award,
                        double *acc, double *chan, double *hist)
{
    acc[ML_M_CLAIMS] += 1.0;
    acc[ML_M_NEGLIGENT_CLAIMS] += neg;
    acc[ML_M_MEDIATED_AGREEMENTS] += o->agreements;
    acc[ML_M_CHALLENGED] += o->challenges;
    acc[ML_M_LITIGATED] += o->litigated;
    acc[ML_M_CLAIM_MONTHS] += months;
    chan[ML_SS_CLOSED * ML_CHANNELS_MAX + o->final_stage] += 1.0;
    if (award > 0.0) {
        acc[ML_M_PAID_CLAIMS] += 1.0;
        chan[ML_SS_PAID * ML_CHANNELS_MAX + o->final_stage] += 1.0;
        chan[ML_SS_AMOUNT * ML_CHANNELS_MAX + o->final_stage] += award;
    }
    for (unsigned st = 0; st < ML_CHANNELS_MAX; st++)
        if (o->visited >> st & 1u) {
            chan[ML_SS_VISITS * ML_CHANNELS_MAX + st] += 1.0;
            chan[ML_SS_MONTHS * ML_CHANNELS_MAX + st] += o->stage_months[st];
        }
    hist[months < ML_MONTHS_BINS ? (int)months : ML_MONTHS_BINS] += 1.0;
}

/* A claim on a no-fault fund: the fund pays its award and the stage's own
 * costs; no policy term, participation, p_unpaid or enforcement applies.
 * The claimant's costs (if any) stay with the patient.  Returns the
 * award. */
static double book_fund(const ml_claim_out *o, int neg, double *acc, double *mx,
                        double *chan, double *hist)
{
    double award = o->fund_lump + o->fund_instalments;
    book_common(o, neg, o->months, award, acc, chan, hist);
    if (award > 0.0)
        acc[ML_M_FUND_AWARDS] += 1.0;
    acc[ML_M_FUND_LUMP] += o->fund_lump;
    acc[ML_M_FUND_INSTALMENTS] += o->fund_instalments;
    acc[ML_M_FUND_EXPENSES] += o->defence + o->admin;
    acc[ML_M_COMPENSATION] += award;
    double expenses = o->defence + o->admin + o->claimant;
    acc[ML_M_EXPENSES] += expenses;
    acc[ML_M_PATIENT_NET] += award - o->claimant;
    keep_max(mx, ML_M_FUND_LUMP, o->fund_lump);
    keep_max(mx, ML_M_FUND_INSTALMENTS, o->fund_instalments);
    keep_max(mx, ML_M_FUND_EXPENSES, o->defence + o->admin);
    keep_max(mx, ML_M_COMPENSATION, award);
    keep_max(mx, ML_M_EXPENSES, expenses);
    keep_max(mx, ML_M_PATIENT_NET, award - o->claimant);
    return award;
}

/* Claims by size (size_bands; NHS Resolution and the NAO report costs by
 * damages band): paid claims by their payment, and the defence's own costs
 * on the low-value ones, those closed without payment included (the NAO
 * counts them among its low-value claims). */
static void book_size_bands(const ml_size_bands *b, double award, double by_def, double own,
                            double *acc, double *mx)
{
    if (b->small > 0.0 && award <= b->small) {
        acc[ML_M_SMALL_DEFENCE_COSTS] += own;
        keep_max(mx, ML_M_SMALL_DEFENCE_COSTS, own);
        if (award > 0.0) {
            acc[ML_M_SMALL_PAID] += 1.0;
            acc[ML_M_SMALL_COMPENSATION] += award;
            acc[ML_M_SMALL_COSTS_SHIFTED] += by_def;
            keep_max(mx, ML_M_SMALL_COMPENSATION, award);
            keep_max(mx, ML_M_SMALL_COSTS_SHIFTED, by_def);
        }
    }
    if (b->medium > 0.0 && award > b->small && award <= b->medium) {
        acc[ML_M_MEDIUM_PAID] += 1.0;
        acc[ML_M_MEDIUM_COSTS_SHIFTED] += by_def;
        keep_max(mx, ML_M_MEDIUM_COSTS_SHIFTED, by_def);
    }
    if (b->large > 0.0 && award >= b->large) {
        acc[ML_M_LARGE_PAID] += 1.0;
        acc[ML_M_LARGE_COMPENSATION] += award;
        keep_max(mx, ML_M_LARGE_COMPENSATION, award);
    }
}

/* Settles who pays for one closed claim against a hospital and records it;
 * returns the award paid (0 when unpaid). */
static double book_claim(const ml_lifecycle *L, const ml_policy *pol, const ml_pricing *pr,
                         uint32_t sp, const hosp_cover *hc, int neg, const ml_claim_out *o,
                         gsl_rng *ge, gsl_rng *gr, double *acc, double *mx, double *chan,
                         double *hist, hosp_sums *hs, claim_flow *cf)
{
    double award = o->award, months = o->months;
    int insured = hc->insured;
    if (award > 0.0 && (!insured || !L->ins.direct_claim)) {
        /* Without a direct claim against an insurer the patient must
         * collect from the hospital itself. */
        if (L->ins.p_unpaid > 0.0 && ml_rng_uniform(ge) < L->ins.p_unpaid) {
            acc[ML_M_UNPAID] += award;
            keep_max(mx, ML_M_UNPAID, award);
            acc[ML_M_INSURED_UNPAID] += insured;
            award = 0.0;
        } else
            months += L->ins.enforce_months;
    } else if (award > 0.0)
        months += L->ins.payment_months; /* the insurer pays a direct claim */
    /* The policy answers for what its insurer recognises; a settlement it
     * refuses is the hospital's alone, as if uninsured. */
    int covered = insured;
    if (insured && award > 0.0 && !recognised(L, o, gr)) {
        covered = 0;
        acc[ML_M_UNRECOGNISED] += 1.0;
    }
    double fee = L->legal.contingency_fee;
    double claimant = o->claimant - fee * o->award + fee * award;
    double own = claimant - fee * award; /* costs other than the fee */
    /* Fixed recoverable costs (England's scheme for claims paid GBP
     * 1,501-25,000): the claimant's lawyers recover at most the fixed
     * amount and are taken to spend no more (the scheme limits what they
     * recover, not the patient's damages: DHSC 2022). */
    const ml_fixed_costs *fx = &L->legal.fixed_costs;
    if (fx->up_to > 0.0 && award > fx->from && award <= fx->up_to) {
        double cap = fx->fixed + fx->share * award;
        if (own > cap) {
            claimant -= own - cap;
            own = cap;
        }
    }
    double by_def = (L->legal.loser_pays && award > 0.0) ? own : 0.0;
    double by_patient = claimant - by_def;
    double def_costs = o->defence + o->admin + by_def;
    double y = 0.0, outside = 0.0;
    double ret = 0.0, borne = award + def_costs; /* uncovered: all of it */
    cf->y_path = cf->r_path = 0.0;
    if (covered) {
        if (L->legal.duty_to_defend && L->legal.defence_inside_limits) {
            double base = award + def_costs;
            y = ml_policy_per_claim(pol, base);
            ret = ml_policy_retained(pol, base);
            borne = base - y;
            /* The policy pays its share of each part as the part falls due. */
            double path = base > 0.0 ? (o->defence + o->admin) / base : 0.0;
            cf->y_path = y * path;
            cf->r_path = ret * path;
        } else {
            y = ml_policy_per_claim(pol, award + by_def);
            ret = ml_policy_retained(pol, award + by_def);
            if (L->legal.duty_to_defend)
                cf->y_path = outside = o->defence + o->admin;
            borne = (award + by_def - y) + (o->defence + o->admin - outside);
        }
        hs->retained += ret;
    }
    cf->award = award;
    cf->months = months;
    cf->y_pay = y + outside - cf->y_path;
    cf->r_pay = ret - cf->r_path;
    book_common(o, neg, months, award, acc, chan, hist);
    acc[ML_M_INSURED_CLAIMS] += insured;
    acc[ML_M_INSURER_DEFENDED] += insured && L->legal.duty_to_defend;
    acc[ML_M_MANDATE_CLAIMS] += hc->mandated;
    acc[ML_M_MANDATE_INSURED] += hc->mandated && insured;
    if (award > 0.0) {
        acc[ML_M_DAMAGES] += o->damages;
        keep_max(mx, ML_M_DAMAGES, o->damages);
        if (neg) {
            acc[ML_M_NEGLIGENT_COMPENSATION] += award;
            keep_max(mx, ML_M_NEGLIGENT_COMPENSATION, award);
        }
    }
    double expenses = o->defence + o->admin + claimant;
    acc[ML_M_EXPENSES] += expenses;
    /* Who bears which costs, for validation rows (Studdert 2006: share of
     * costs on error claims; NHS Resolution: claimant vs defence costs). */
    if (neg)
        acc[ML_M_NEGLIGENT_EXPENSES] += expenses;
    acc[ML_M_DEFENCE_COSTS] += o->defence + o->admin;
    acc[ML_M_COSTS_SHIFTED] += by_def;
    book_size_bands(&L->bands, award, by_def, o->defence + o->admin, acc, mx);
    acc[ML_M_PATIENT_NET] += award - by_patient;
    hs->comp += award;
    hs->borne += borne;
    hs->ins_policy += y;
    hs->ins_outside += outside;
    /* A per-claim layer covers the insurer's whole outlay on the claim,
     * defence outside the limits included (assumption: ALAE included in
     * the ultimate net loss, a common treaty wording). */
    hs->spec[sp] += y + outside;
    for (unsigned j = 0; j < pr->n_xl; j++)
        hs->xl[j] += ml_layer_ceded(&pr->xl[j], y + outside);
    /* The largest single claim's insured part: the per-claim terms only;
     * the aggregate retention, which depends on the year's other claims,
     * acts on the annual totals alone. */
    double y1 = ml_policy_aggregate(pol, y) + outside;
    keep_max(mx, ML_M_COMPENSATION, award);
    keep_max(mx, ML_M_EXPENSES, expenses);
    keep_max(mx, ML_M_INSURED, y1);
    keep_max(mx, ML_M_RETAINED, borne + (y - ml_policy_aggregate(pol, y)));
    if (pol->indemnifier == ML_INDEMNIFIER_STATE)
        keep_max(mx, ML_M_STATE_PAID, y1);
    keep_max(mx, ML_M_PATIENT_NET, award - by_patient);
    if (neg)
        keep_max(mx, ML_M_NEGLIGENT_EXPENSES, expenses);
    keep_max(mx, ML_M_DEFENCE_COSTS, o->defence + o->admin);
    keep_max(mx, ML_M_COSTS_SHIFTED, by_def);
    return award;
}

/* Books the cash flows of a claim closed at a hospital (reported at month
 * m_rep of an incident at month m_inc) into the ledger. */
static void time_claim(ml_ledger *lg, const ml_timing *tm, const ml_claim_out *o,
                       const claim_flow *cf, double m_rep, double m_inc)
{
    if (!ml_ledger_on(lg))
        return;
    ml_ledger_count(lg, ML_DV_REPORTED, m_rep);
    double m_pay = m_rep + cf->months;
    if (cf->award > 0.0)
        ml_ledger_count(lg, ML_DV_PAID_COUNT, m_pay);
    if (cf->y_path > 0.0 || cf->r_path > 0.0) {
        double tot = 0.0;
        for (unsigned k = 0; k < o->n_ev; k++)
            tot += o->ev_cost[k];
        for (unsigned k = 0; k < o->n_ev && tot > 0.0; k++) {
            double w = o->ev_cost[k] / tot, m = m_rep + o->ev_months[k];
            ml_ledger_insured(lg, cf->y_path * w, m, m_rep);
            ml_ledger_retained(lg, cf->r_path * w, m, m_rep);
        }
        if (!(tot > 0.0)) {
            ml_ledger_insured(lg, cf->y_path, m_pay, m_rep);
            ml_ledger_retained(lg, cf->r_path, m_pay, m_rep);
        }
    }
    ml_ledger_retained(lg, cf->r_pay, m_pay, m_rep);
    ml_ledger_award(lg, tm, cf->award, cf->award, cf->y_pay, m_pay, m_rep, m_inc);
}

/* A no-fault fund's payments: the lump sum at its decision, then yearly
 * instalments (the first a year after it: assumption, the scheme's rules
 * pay them yearly), scaled by what the fund keeps after a hospital's
 * reimbursement. */
static void time_fund(ml_ledger *lg, const ml_stage *st, double lump, double inst,
                      double keep, double m_dec, double m_inc)
{
    if (!ml_ledger_on(lg) || !(lump + inst > 0.0))
        return;
    ml_ledger_comp(lg, lump * keep, m_dec, m_inc);
    unsigned n = st->nofault_years;
    for (unsigned j = 1; j <= n && inst > 0.0; j++)
        ml_ledger_comp(lg, inst * keep / n, m_dec + 12.0 * j, m_inc);
}

/* A claim's streams, whose first blocks take lanes 0 .. CS_N - 1 of one
 * vector call (ml_philox16_blocks_affine); claim_pat2[cs] below is stream
 * cs's purpose. */
enum { CS_PATH, CS_APPR, CS_TIME, CS_DAM, CS_CHOICE, CS_VALID, CS_DATE, CS_ENTRY, CS_RECOG, CS_N };

/* The call's other lanes hold further blocks, those claims read most
 * often (counted on the main job's six regimes: timing's second block by
 * about two claims in three, damages' second by one in five, timing's
 * third 17%, choice's second 13%, the pathway's second 11%, damages' third
 * 5%, choice's third 3.5%); they cost nothing, the call computes sixteen
 * lanes anyway.  Lanes 9-15: timing's block 1, damages' 1, timing's 2,
 * choice's 1, the pathway's 1, damages' 2, choice's 2 (claim_pat2 and
 * claim_pat3 below say the same).  more[s]: the lanes of stream s's second
 * and third blocks (-1: none). */
static const signed char more[CS_N][ML_RNG_PRE_MAX] = {
    [CS_PATH] = {13, -1},  [CS_APPR] = {-1, -1},  [CS_TIME] = {9, 11},
    [CS_DAM] = {10, 14},   [CS_CHOICE] = {12, 15}, [CS_VALID] = {-1, -1},
    [CS_DATE] = {-1, -1},  [CS_ENTRY] = {-1, -1}, [CS_RECOG] = {-1, -1}};

/* The counter words 2 and 3 of a claim's lanes less those of its item
 * and year (ml_rng_ctr_item(item, 0), ml_rng_ctr_year(yr)): the lanes'
 * purposes and block numbers, as above, for ml_philox16_blocks_affine,
 * which makes the counters in registers (counters stored word by word and
 * loaded as one vector stall the load: 5% of the main job, measured). */
static const uint32_t claim_pat2[ML_PHILOX_LANES] = {
    ML_P_PATHWAY, ML_P_LIABILITY, ML_P_TIMING, ML_P_SEVERITY, ML_P_CHOICE,  ML_P_VALIDITY,
    ML_P_DATE,    ML_P_ENTRY,     ML_P_RECOGNITION, ML_P_TIMING, ML_P_SEVERITY, ML_P_TIMING,
    ML_P_CHOICE,  ML_P_PATHWAY,   ML_P_SEVERITY,    ML_P_CHOICE};
static const uint32_t claim_pat3[ML_PHILOX_LANES] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                     0, 1, 1, 2, 1, 1, 2, 2};

/* Sets g to stream cs of the claim, from its blocks in fb when batch. */
static inline void set_stream(int batch, gsl_rng *g, uint64_t seed, uint32_t rep, uint32_t h,
                              uint32_t item, unsigned yr, const ml_philox16 *fb, int cs)
{
    if (batch)
        ml_rng_stream_year_lanes(g, seed, rep, h, item, claim_pat2[cs], yr, fb, (unsigned)cs,
                                 more[cs]);
    else
        ml_rng_stream_year(g, seed, rep, h, item, claim_pat2[cs], yr);
}

/* Sets g to stream (cell, purpose) of its specialty's call b, whose lane
 * half + cell % 8 holds block 0 (half 0 or 8) and, with two, lane 8 +
 * cell % 8 block 1; without b, from its counter. */
static void set_cell_stream(gsl_rng *g, const ml_philox16 *b, unsigned half, int two,
                            uint64_t seed, uint32_t rep, uint32_t h, uint32_t cell,
                            unsigned purpose, unsigned yr)
{
    const unsigned l = cell % 8u;
    const signed char second[ML_RNG_PRE_MAX] = {two ? (signed char)(8 + l) : -1, -1};
    if (b)
        ml_rng_stream_year_lanes(g, seed, rep, h, cell, purpose, yr, b, half + l, second);
    else
        ml_rng_stream_year(g, seed, rep, h, cell, purpose, yr);
}

/* A specialty's cells' streams in one vector call: counter words 2 and 3
 * less those of the specialty's first cell and the year.  Lanes 0-7: block
 * 0 of cells 0-7 of the first purpose; lanes 8-15: block 1 of them, or
 * block 0 of the second purpose. */
#define CELL8(p) 0u << 8 | (p), 1u << 8 | (p), 2u << 8 | (p), 3u << 8 | (p), \
                 4u << 8 | (p), 5u << 8 | (p), 6u << 8 | (p), 7u << 8 | (p)
enum { CB_COUNT, CB_CLAIM, CB_CLAIM_PREVENT, CB_N };
static const uint32_t cell_pat2[CB_N][ML_PHILOX_LANES] = {
    {CELL8(ML_P_COUNT), CELL8(ML_P_COUNT)},
    {CELL8(ML_P_CLAIMING), CELL8(ML_P_CLAIMING)},
    {CELL8(ML_P_CLAIMING), CELL8(ML_P_PREVENTION)}};
static const uint32_t cell_pat3[CB_N][ML_PHILOX_LANES] = {
    {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1},
    {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1},
    {0}};

static void cell_blocks(const uint32_t key[2], uint32_t rep, uint32_t h, uint32_t sp,
                        unsigned yr, int kind, ml_philox16 *out)
{
    ml_philox16_blocks_affine(key, rep, h, ml_rng_ctr_item(sp * 8u, 0), cell_pat2[kind],
                              ml_rng_ctr_year(yr), cell_pat3[kind], out);
}

/* A cell's incident count: the memo's when it holds one at this very
 * mean, else drawn from the cell's stream (its first blocks in kb when
 * not NULL) and kept. */
static unsigned cell_count(ml_count_memo *cm, int held, uint64_t seed, uint32_t rep,
                           unsigned yr, uint32_t h, uint32_t cell, double mean, gsl_rng *g,
                           const ml_philox16 *kb)
{
    ptrdiff_t at = ml_count_memo_at(cm, rep, yr, h, cell);
    /* Means are above 0 and finite here: equal values are equal bits. */
    if (at >= 0 && held && cm->mean[at] == mean)
        return cm->count[at];
    set_cell_stream(g, kb, 0, 1, seed, rep, h, cell, ML_P_COUNT, yr);
    unsigned n = ml_frequency_draw(mean, g);
    if (at >= 0) {
        cm->mean[at] = mean;
        cm->count[at] = n;
    }
    return n;
}

static int life_year(const ml_scenario *s, uint64_t seed, uint32_t rep, unsigned yr,
                     gsl_rng *const *g, double *acc, double *mx, double *chan, double *hist,
                     ml_price_acc *pa, ml_ledger *lg, ml_count_memo *cm, ml_err *err)
{
    const ml_portfolio *p = &s->portfolio;
    const ml_lifecycle *L = s->regime.life;
    const ml_pathway *pw = &L->pathway;
    const ml_stage *nf = pw->nofault >= 0 ? &pw->st[pw->nofault] : NULL;
    memset(acc, 0, ML_N_MEASURES * sizeof *acc);
    memset(mx, 0, ML_N_MEASURES * sizeof *mx);
    memset(chan, 0, ML_STAGE_STATS * ML_CHANNELS_MAX * sizeof *chan);
    ml_price_acc_clear(s, pa);
    ml_claim_rngs cr = {g[G_PATH], g[G_APPR], g[G_TIME], g[G_DAM], g[G_CHOICE], g[G_VALID]};
    /* Streams a pathway without choice or validity never reads are never
     * set: its draws are those of the versions before them. */
    int chooses = ml_pathway_draws_choice(pw), validity = ml_pathway_draws_validity(pw);
    /* Batched first blocks unless the generators are set to the scalar
     * baseline (medliab bench). */
    const int batch = !ml_rng_is_scalar(g[G_PATH]);
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    const double prevent = L->prevention.negligent;
    int recog_draws = 0; /* some settlements refused by chance, not by rule */
    for (int k = 0; k < ML_N_STAGE_KINDS; k++)
        recog_draws |= L->ins.unrecognised[k] > 0.0 && L->ins.unrecognised[k] < 1.0;

    /* Whether the memo holds this year's counts (else this run writes
     * them without reading). */
    const int held = ml_count_memo_begin(cm, rep, yr);
    double year = 1.0;
    if (p->year_effect.kind != ML_RE_NONE) {
        ml_rng_stream_year(g[G_COUNT], seed, rep, ML_RNG_ALL_HOSPITALS, 0, ML_P_YEAR_EFFECT, yr);
        year = ml_re_draw(&p->year_effect, g[G_COUNT]);
    }
    for (uint32_t h = 0; h < p->n_hospitals; h++) {
        double mult = year;
        if (p->hospital_effect.kind != ML_RE_NONE) {
            ml_rng_stream_year(g[G_COUNT], seed, rep, h, 0, ML_P_HOSP_EFFECT, yr);
            mult *= ml_re_draw(&p->hospital_effect, g[G_COUNT]);
        }
        double part = s->participation ? s->participation[h] : L->ins.participation;
        double target = s->mandate_target ? s->mandate_target[h] : 0.0;
        if (part < 1.0)
            ml_rng_stream_year(g[G_COUNT], seed, rep, h, 0, ML_P_PARTICIPATION, yr);
        hosp_cover hc = draw_cover(part, target, L->ins.mandate.enforcement, g[G_COUNT]);
        /* Only the parts in use are cleared: a national portfolio has many
         * hospitals, and this runs for each of them every year. */
        hosp_sums hs;
        hs.comp = hs.borne = hs.ins_policy = hs.ins_outside = hs.retained = 0.0;
        memset(hs.spec, 0, p->n_specialties * sizeof hs.spec[0]);
        memset(hs.xl, 0, s->pricing.n_xl * sizeof hs.xl[0]);
        ml_ledger_hosp_begin(lg);
        uint32_t item = 0;
        for (uint32_t sp = 0; sp < p->n_specialties; sp++) {
            const ml_specialty *spec = &p->specialties[sp];
            double base = p->hospitals[h].exposure[sp] * spec->incident_rate * mult;
            if (!(base > 0.0))
                continue;
            const double *mix = spec->has_mix ? spec->injury_mix : p->injury_mix;
            int dsp = s->damages_spec ? s->damages_spec[sp] : -1;
            /* The specialty's eight cells' streams, their first blocks
             * from vector calls: the claiming streams' first blocks, with
             * the prevention streams' where the regime prevents, else the
             * claiming streams' second (most counts thin by one uniform, a
             * large one by a few); the count streams' first two blocks
             * where the memo does not hold the counts. */
            ml_philox16 cb, kb;
            const int thin = prevent > 0.0;
            if (batch) {
                cell_blocks(key, rep, h, sp, yr, thin ? CB_CLAIM_PREVENT : CB_CLAIM, &cb);
                if (!held)
                    cell_blocks(key, rep, h, sp, yr, CB_COUNT, &kb);
            }
            for (int c = 0; c < ML_N_INJ; c++)
                for (int neg = 0; neg < 2; neg++) {
                    double ns = p->negligent_share[c];
                    double mean = base * mix[c] * (neg ? ns : 1.0 - ns);
                    if (!(mean > 0.0))
                        continue;
                    uint32_t cell = sp * 8u + (uint32_t)c * 2u + (uint32_t)neg;
                    unsigned n = cell_count(cm, held, seed, rep, yr, h, cell, mean, g[G_COUNT],
                                            batch && !held ? &kb : NULL);
                    if (neg && prevent > 0.0 && n) {
                        /* Thinned, so the events left are the base's. */
                        set_cell_stream(g[G_COUNT], batch ? &cb : NULL, 8, 0, seed, rep, h,
                                        cell, ML_P_PREVENTION, yr);
                        unsigned kept = gsl_ran_binomial(g[G_COUNT], 1.0 - prevent, n);
                        acc[ML_M_PREVENTED] += n - kept;
                        n = kept;
                    }
                    acc[ML_M_INCIDENTS] += n;
                    if (neg)
                        acc[ML_M_NEGLIGENT] += n;
                    unsigned napply = 0;
                    if (nf && s->nofault_spec[sp] && (nf->nofault_classes >> c & 1u) && n) {
                        ml_rng_stream_year(g[G_COUNT], seed, rep, h, cell, ML_P_NOFAULT, yr);
                        napply = gsl_ran_binomial(g[G_COUNT], nf->p_apply, n);
                    }
                    unsigned nclaim = 0;
                    double pc = L->claiming.p_claim[neg][c];
                    if (n > napply && pc > 0.0) {
                        set_cell_stream(g[G_COUNT], batch ? &cb : NULL, 0, !thin, seed, rep,
                                        h, cell, ML_P_CLAIMING, yr);
                        nclaim = pc >= 1.0 ? n - napply
                                           : gsl_ran_binomial(g[G_COUNT], pc, n - napply);
                    }
                    unsigned total = napply + nclaim;
                    if ((uint64_t)item + total > ML_RNG_MAX_ITEM)
                        return ML_ERROR(err, ML_EUNSUPPORTED,
                                        "replicate %u, hospital '%s': more than %u claims "
                                        "in one year", rep, p->hospitals[h].name,
                                        ML_RNG_MAX_ITEM);
                    for (unsigned j = 0; j < total; j++, item++) {
                        /* The claim's streams with their first blocks from one
                         * vector call (the same words as one at a time). */
                        ml_philox16 fb;
                        if (batch)
                            ml_philox16_blocks_affine(key, rep, h, ml_rng_ctr_item(item, 0),
                                                      claim_pat2, ml_rng_ctr_year(yr),
                                                      claim_pat3, &fb);
                        set_stream(batch, g[G_PATH], seed, rep, h, item, yr, &fb, CS_PATH);
                        set_stream(batch, g[G_APPR], seed, rep, h, item, yr, &fb, CS_APPR);
                        set_stream(batch, g[G_TIME], seed, rep, h, item, yr, &fb, CS_TIME);
                        set_stream(batch, g[G_DAM], seed, rep, h, item, yr, &fb, CS_DAM);
                        if (chooses)
                            set_stream(batch, g[G_CHOICE], seed, rep, h, item, yr, &fb, CS_CHOICE);
                        if (validity)
                            set_stream(batch, g[G_VALID], seed, rep, h, item, yr, &fb, CS_VALID);
                        double lag = ml_duration_draw(L->claiming.lag_mean,
                                                      L->claiming.lag_cv, g[G_TIME]);
                        acc[ML_M_LAG_MONTHS] += lag;
                        double m_inc = 12.0 * yr;
                        if (ml_ledger_on(lg)) {
                            /* Incidents fall evenly over their year (assumption). */
                            set_stream(batch, g[G_COUNT], seed, rep, h, item, yr, &fb, CS_DATE);
                            m_inc += 12.0 * ml_rng_uniform(g[G_COUNT]);
                        }
                        double m_rep = m_inc + lag;
                        set_stream(batch, g[G_COUNT], seed, rep, h, item, yr, &fb, CS_ENTRY);
                        int entry = j < napply              ? pw->nofault
                                    : pw->choice.n_entry > 0 ? ML_ENTRY_CHOOSE
                                                             : pick_entry(pw, g[G_COUNT]);
                        ml_claim_out o;
                        ml_claim_walk(L, dsp, c, neg, entry, &cr, &o);
                        entry = o.entry;
                        chan[ML_SS_ENTERED * ML_CHANNELS_MAX + entry] += 1.0;
                        if (recog_draws)
                            set_stream(batch, g[G_INS], seed, rep, h, item, yr, &fb, CS_RECOG);
                        double paid;
                        claim_flow cf;
                        double f_lump = 0.0, f_inst = 0.0, f_dec = m_rep;
                        const ml_stage *f_st = NULL;
                        if (entry != pw->nofault) {
                            paid = book_claim(L, &s->regime.policy, &s->pricing, sp, &hc, neg,
                                              &o, g[G_COUNT], g[G_INS], acc, mx, chan, hist,
                                              &hs, &cf);
                            time_claim(lg, &s->regime.timing, &o, &cf, m_rep, m_inc);
                        } else {
                            paid = book_fund(&o, neg, acc, mx, chan, hist);
                            if (ml_ledger_on(lg)) {
                                ml_ledger_count(lg, ML_DV_REPORTED, m_rep);
                                f_dec = m_rep + o.months;
                                if (paid > 0.0)
                                    ml_ledger_count(lg, ML_DV_PAID_COUNT, f_dec);
                                f_lump = o.fund_lump;
                                f_inst = o.fund_instalments;
                                f_st = &pw->st[o.final_stage];
                            }
                        }
                        double f_keep = 1.0;
                        if (entry == pw->nofault && o.then >= 0) {
                            /* The family also claims against the hospital, once
                             * the scheme has decided.  A hospital found liable
                             * bears the whole damages; the fund's award counts
                             * toward them and is reimbursed (JCQHC standard
                             * terms art. 8): the patient receives the larger
                             * of the two, the fund pays only what exceeds the
                             * damages. */
                            double fund = o.fund_lump + o.fund_instalments;
                            acc[ML_M_LAG_MONTHS] += lag + o.months;
                            ml_claim_walk(L, dsp, c, neg, o.then, &cr, &o);
                            double a = book_claim(L, &s->regime.policy, &s->pricing, sp, &hc,
                                                  neg, &o, g[G_COUNT], g[G_INS], acc, mx,
                                                  chan, hist, &hs, &cf);
                            time_claim(lg, &s->regime.timing, &o, &cf, f_dec, m_inc);
                            double back = a < fund ? a : fund;
                            if (fund > 0.0)
                                f_keep = (fund - back) / fund;
                            acc[ML_M_FUND_RECOVERED] += back;
                            acc[ML_M_COMPENSATION] -= back;
                            acc[ML_M_PATIENT_NET] -= back;
                            paid += a;
                        }
                        if (f_st)
                            time_fund(lg, f_st, f_lump, f_inst, f_keep, f_dec, m_inc);
                        /* An injury is compensated once, whoever pays. */
                        if (neg && paid > 0.0)
                            acc[ML_M_NEGLIGENT_PAID] += 1.0;
                    }
                }
        }
        double annual = ml_policy_annual(&s->regime.policy, hs.ins_policy, hs.retained);
        double ins = annual + hs.ins_outside;
        ml_ledger_hosp_end(lg, ins, hs.ins_policy + hs.ins_outside, hs.retained);
        acc[ML_M_COMPENSATION] += hs.comp;
        acc[ML_M_INSURED] += ins;
        /* comp + defence - ins, as the claims' parts and the aggregates'
         * (exactly 0 where none binds). */
        acc[ML_M_RETAINED] += hs.borne + (hs.ins_policy - annual);
        /* A state indemnifier's payments are the insured ones, booked
         * apart so the table can say who pays (engine.c does the same). */
        if (s->regime.policy.indemnifier == ML_INDEMNIFIER_STATE)
            acc[ML_M_STATE_PAID] += ins;
        ml_price_book(s, h, hs.spec, hs.xl, ins, pa);
    }
    return ML_OK;
}

int ml_life_replicate_t(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *const *g,
                        double *acc, double *mx, double *chan, double *hist, ml_price_acc *pa,
                        ml_ledger *lg, ml_count_memo *cm, ml_err *err)
{
    ml_ledger_begin(lg);
    if (lg)
        lg->a = 0;
    int rc = life_year(s, seed, rep, 0, g, acc, mx, chan, hist, pa, lg, cm, err);
    if (rc || !ml_ledger_on(lg))
        return rc;
    /* Later accident years fill the ledger only: the annual measures are
     * the policy year's, the same as a one-year run's. */
    double acc2[ML_N_MEASURES], mx2[ML_N_MEASURES], chan2[ML_STAGE_STATS * ML_CHANNELS_MAX];
    double hist2[ML_MONTHS_BINS + 1];
    ml_price_acc pa2;
    for (unsigned a = 1; a < s->time.years && !rc; a++) {
        lg->a = a;
        rc = life_year(s, seed, rep, a, g, acc2, mx2, chan2, hist2, &pa2, lg, cm, err);
    }
    return rc;
}

int ml_life_replicate(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *const *g,
                      double *acc, double *mx, double *chan, double *hist, ml_price_acc *pa,
                      ml_err *err)
{
    return ml_life_replicate_t(s, seed, rep, g, acc, mx, chan, hist, pa, NULL, NULL, err);
}
