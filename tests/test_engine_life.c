/*
 * test_engine_life.c — one simulated year under a lifecycle regime
 * (ml_life_replicate): incidents drawn per (specialty, injury class,
 * negligence) cell by Poisson splitting, claiming by binomial thinning,
 * no-fault applications, common random numbers across regimes, and who
 * pays what once a claim closes (duty to defend, loser pays, contingency
 * fee, participation, the direct claim right).
 *
 * Statistical tolerances: over R replicates a count with mean mu and
 * variance v has a sample mean within 4 sqrt(v / R) of mu; for a Poisson
 * count v = mu, and its sample variance lies within 4 sqrt((mu + 2 mu^2) / R)
 * of mu (the Poisson fourth central moment is mu (1 + 3 mu)).  A wrong
 * split (a cell's mix or negligent share misapplied, or counts not
 * Poisson) moves the mean by many standard errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_life.h"
#include "policy_metrics.h"
#include "lc_fixture.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ml_scenario s;
    ml_lifecycle L;
    ml_specialty spec[2];
    ml_hospital hosp[2];
    double expo[2][2];
    unsigned char nofault_spec[2];
    gsl_rng *g[ML_LIFE_RNGS];
    double acc[ML_N_MEASURES], mx[ML_N_MEASURES];
    double chan[ML_STAGE_STATS * ML_CHANNELS_MAX];
    double hist[ML_MONTHS_BINS + 1];
} world;

/* One hospital (a second with no exposure unless a test sets it), two
 * specialties:
 *   surgery:    exposure 10 x rate 3   = 30 incidents a year, portfolio mix
 *   obstetrics: exposure  5 x rate 2   = 10 incidents a year, its own mix
 * portfolio mix {0.5, 0.2, 0.2, 0.1}, obstetrics {0.6, 0.14, 0.22, 0.04},
 * negligent share by class {0.2, 0.3, 0.4, 0.5}; no random effects.  The
 * regime is the fixture of lc_fixture.h, everyone insured, no policy
 * terms (deductible 0, no limits). */
static world *world_new(void)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    fx_lifecycle(&w->L, 100000.0);
    w->L.ins.participation = 1.0;
    ml_portfolio *p = &w->s.portfolio;
    snprintf(p->name, sizeof p->name, "test");
    p->n_specialties = 2;
    p->specialties = w->spec;
    snprintf(w->spec[0].name, ML_NAME_MAX, "surgery");
    w->spec[0].incident_rate = 3.0;
    snprintf(w->spec[1].name, ML_NAME_MAX, "obstetrics");
    w->spec[1].incident_rate = 2.0;
    w->spec[1].has_mix = 1;
    const double omix[ML_N_INJ] = {0.6, 0.14, 0.22, 0.04};
    memcpy(w->spec[1].injury_mix, omix, sizeof omix);
    p->n_hospitals = 1;
    p->hospitals = w->hosp;
    for (int h = 0; h < 2; h++) {
        snprintf(w->hosp[h].name, ML_NAME_MAX, "h%d", h);
        w->hosp[h].exposure = w->expo[h];
    }
    w->expo[0][0] = 10.0;
    w->expo[0][1] = 5.0;
    p->hospital_effect.kind = p->year_effect.kind = ML_RE_NONE;
    p->has_medicine = 1;
    const double mix[ML_N_INJ] = {0.5, 0.2, 0.2, 0.1}, ns[ML_N_INJ] = {0.2, 0.3, 0.4, 0.5};
    memcpy(p->injury_mix, mix, sizeof mix);
    memcpy(p->negligent_share, ns, sizeof ns);
    w->s.regime.life = &w->L;
    w->s.regime.policy = (ml_policy){0.0, INFINITY, 1.0, INFINITY, INFINITY, ML_INDEMNIFIER_INSURER};
    w->nofault_spec[0] = w->nofault_spec[1] = 1;
    w->s.nofault_spec = w->nofault_spec;
    for (int i = 0; i < ML_LIFE_RNGS; i++) {
        w->g[i] = gsl_rng_alloc(ml_rng_philox);
        assert_non_null(w->g[i]);
    }
    return w;
}

static void world_free(world *w)
{
    for (int i = 0; i < ML_LIFE_RNGS; i++)
        gsl_rng_free(w->g[i]);
    free(w);
}

static void year(world *w, uint64_t seed, uint32_t rep)
{
    ml_err err = {0};
    memset(w->hist, 0, sizeof w->hist); /* the engine adds to it (engine_life.h) */
    /* The call also fills the per-specialty and layer pricing accumulators;
     * this test reads only the measures. */
    static ml_price_acc pa;
    int rc = ml_life_replicate(&w->s, seed, rep, w->g, w->acc, w->mx, w->chan, w->hist, &pa,
                               &err);
    if (rc)
        fail_msg("ml_life_replicate: %s", err.msg);
}

/* Expected incidents of one cell of hospital 0. */
static double cell_mean(const world *w, int sp, int c, int neg)
{
    const ml_portfolio *p = &w->s.portfolio;
    const double *mix = p->specialties[sp].has_mix ? p->specialties[sp].injury_mix
                                                  : p->injury_mix;
    double ns = p->negligent_share[c];
    return w->expo[0][sp] * p->specialties[sp].incident_rate * mix[c] * (neg ? ns : 1 - ns);
}

static void only_claims_from(world *w, int c, int neg)
{
    memset(w->L.claiming.p_claim, 0, sizeof w->L.claiming.p_claim);
    w->L.claiming.p_claim[neg][c] = 1.0;
}

static void mean_within(double sum, double n, double mu, double var, const char *what)
{
    double m = sum / n, tol = 4.0 * sqrt(var / n);
    if (!(fabs(m - mu) <= tol))
        fail_msg("%s: mean %.5f over %.0f replicates, expected %.5f (4 se %.5f)", what, m, n,
                 mu, tol);
}

/* Each of the 16 cells alone (one specialty exposed, claims from one class
 * and negligence with probability 1, so claims = that cell's incidents):
 * Poisson with mean exposure x rate x mix x share, and variance equal to
 * the mean. */
static void test_cell_counts_poisson_means(void **state)
{
    (void)state;
    world *w = world_new();
    const uint32_t R = 20000;
    for (int sp = 0; sp < 2; sp++) {
        double keep[2] = {w->expo[0][0], w->expo[0][1]};
        w->expo[0][1 - sp] = 0.0;
        for (int c = 0; c < ML_N_INJ; c++)
            for (int neg = 0; neg < 2; neg++) {
                only_claims_from(w, c, neg);
                double mu = cell_mean(w, sp, c, neg), s = 0.0, q = 0.0;
                for (uint32_t r = 0; r < R; r++) {
                    year(w, 100, r);
                    s += w->acc[ML_M_CLAIMS];
                    q += w->acc[ML_M_CLAIMS] * w->acc[ML_M_CLAIMS];
                }
                char what[96];
                snprintf(what, sizeof what, "cell (%s, %s, %s)", w->spec[sp].name,
                         ml_injury_name[c], neg ? "negligent" : "not negligent");
                mean_within(s, R, mu, mu, what);
                double var = q / R - (s / R) * (s / R);
                double tol = 4.0 * sqrt((mu + 2.0 * mu * mu) / R);
                if (!(fabs(var - mu) <= tol))
                    fail_msg("%s: variance %.4f, Poisson %.4f (4 se %.4f)", what, var, mu, tol);
            }
        w->expo[0][0] = keep[0];
        w->expo[0][1] = keep[1];
    }
    world_free(w);
}

/* Totals: incidents have mean ml_portfolio_hospital_rate summed over
 * hospitals (here 30 + 10, plus a second hospital of 4 x 3 + 6 x 2 = 24),
 * negligent incidents mean sum of exposure x rate x mix x share. */
static void test_totals_match_portfolio_rates(void **state)
{
    (void)state;
    world *w = world_new();
    w->s.portfolio.n_hospitals = 2;
    w->expo[1][0] = 4.0;
    w->expo[1][1] = 6.0;
    memset(w->L.claiming.p_claim, 0, sizeof w->L.claiming.p_claim); /* counts only */
    const ml_portfolio *p = &w->s.portfolio;
    double rate = ml_portfolio_hospital_rate(p, 0) + ml_portfolio_hospital_rate(p, 1);
    assert_true(rate == 64.0);
    double neg_rate = 0.0;
    for (int h = 0; h < 2; h++)
        for (int sp = 0; sp < 2; sp++) {
            const double *mix = sp ? w->spec[1].injury_mix : p->injury_mix;
            for (int c = 0; c < ML_N_INJ; c++)
                neg_rate += w->expo[h][sp] * w->spec[sp].incident_rate * mix[c] *
                            p->negligent_share[c];
        }
    const uint32_t R = 20000;
    double si = 0, sn = 0;
    for (uint32_t r = 0; r < R; r++) {
        year(w, 200, r);
        si += w->acc[ML_M_INCIDENTS];
        sn += w->acc[ML_M_NEGLIGENT];
        assert_true(w->acc[ML_M_NEGLIGENT] <= w->acc[ML_M_INCIDENTS]);
    }
    mean_within(si, R, rate, rate, "incidents");
    mean_within(sn, R, neg_rate, neg_rate, "negligent incidents");
    world_free(w);
}

/* A gamma hospital-year effect of size k keeps the mean and adds mu^2 / k
 * to the variance (negative binomial); the sample variance is checked
 * within 4 se estimated from the sample fourth moment. */
static void test_hospital_effect_overdispersion(void **state)
{
    (void)state;
    world *w = world_new();
    w->s.portfolio.hospital_effect = (ml_random_effect){ML_RE_GAMMA, 5.0};
    memset(w->L.claiming.p_claim, 0, sizeof w->L.claiming.p_claim); /* counts only */
    const double mu = 40.0, v = mu + mu * mu / 5.0;
    const uint32_t R = 40000;
    double *x = malloc(R * sizeof *x);
    assert_non_null(x);
    double s = 0;
    for (uint32_t r = 0; r < R; r++) {
        year(w, 300, r);
        s += (x[r] = w->acc[ML_M_INCIDENTS]);
    }
    double m = s / R, m2 = 0, m4 = 0;
    for (uint32_t r = 0; r < R; r++) {
        double d = (x[r] - m) * (x[r] - m);
        m2 += d;
        m4 += d * d;
    }
    m2 /= R;
    m4 /= R;
    mean_within(s, R, mu, v, "incidents under a hospital effect");
    assert_true(fabs(m2 - v) <= 4.0 * sqrt((m4 - m2 * m2) / R));
    free(x);
    world_free(w);
}

/* Claiming thins each cell binomially: expected claims are
 * sum over cells of mean x p_claim[neg][class], and a thinned Poisson is
 * Poisson, so the variance is the mean. */
static void test_claiming_thins_cells(void **state)
{
    (void)state;
    world *w = world_new();
    const double pc[2][ML_N_INJ] = {{0.01, 0.05, 0.1, 0.2}, {0.1, 0.2, 0.4, 0.6}};
    memcpy(w->L.claiming.p_claim, pc, sizeof pc);
    double mu = 0.0;
    for (int sp = 0; sp < 2; sp++)
        for (int c = 0; c < ML_N_INJ; c++)
            for (int neg = 0; neg < 2; neg++)
                mu += cell_mean(w, sp, c, neg) * pc[neg][c];
    const uint32_t R = 20000;
    double s = 0;
    for (uint32_t r = 0; r < R; r++) {
        year(w, 400, r);
        s += w->acc[ML_M_CLAIMS];
    }
    mean_within(s, R, mu, mu, "claims");
    world_free(w);
}

/* No-fault applications: eligible specialty and class only, a binomial
 * share p_apply of the cell's incidents; with p_claim 0 every claim is an
 * application.  Scheme for death in obstetrics only, p_apply 0.5: mean
 * 0.5 x 10 x 0.04 = 0.2 a year, every one paid the fixed 20000. */
static void test_nofault_applications(void **state)
{
    (void)state;
    world *w = world_new();
    memset(w->L.claiming.p_claim, 0, sizeof w->L.claiming.p_claim);
    ml_pathway *p = &w->L.pathway;
    fx_stage(p, 4, "scheme", ML_ST_NO_FAULT);
    ml_stage *nf = &p->st[4];
    nf->p_agree[0] = nf->p_agree[1] = 1.0;
    nf->nofault_lump = 20000.0;
    nf->p_apply = 0.5;
    nf->nofault_classes = 1u << ML_INJ_DEATH;
    p->nofault = 4;
    w->nofault_spec[0] = 0;
    const double mu = 0.5 * 10.0 * 0.04;
    const uint32_t R = 40000;
    double s = 0;
    for (uint32_t r = 0; r < R; r++) {
        year(w, 500, r);
        s += w->acc[ML_M_CLAIMS];
        assert_true(w->acc[ML_M_COMPENSATION] == 20000.0 * w->acc[ML_M_CLAIMS]);
        assert_true(w->acc[ML_M_FUND_LUMP] == 20000.0 * w->acc[ML_M_CLAIMS]);
        assert_true(w->acc[ML_M_FUND_AWARDS] == w->acc[ML_M_CLAIMS]);
        assert_true(w->chan[ML_SS_CLOSED * ML_CHANNELS_MAX + 4] == w->acc[ML_M_CLAIMS]);
    }
    mean_within(s, R, mu, mu, "no-fault applications");
    world_free(w);
}

/* Common random numbers: the incident counts of a replicate depend on the
 * portfolio and seed, not on the regime. */
static void test_incidents_identical_across_regimes(void **state)
{
    (void)state;
    world *a = world_new(), *b = world_new();
    b->L.claiming.p_claim[1][ML_INJ_DEATH] = 0.3;
    b->L.ins.participation = 0.4;
    b->L.pathway.st[FX_MED].p_agree[1] = 0.5;
    int claims_differ = 0;
    for (uint32_t r = 0; r < 500; r++) {
        year(a, 600, r);
        year(b, 600, r);
        assert_true(a->acc[ML_M_INCIDENTS] == b->acc[ML_M_INCIDENTS]);
        assert_true(a->acc[ML_M_NEGLIGENT] == b->acc[ML_M_NEGLIGENT]);
        claims_differ += a->acc[ML_M_CLAIMS] != b->acc[ML_M_CLAIMS];
    }
    assert_true(claims_differ > 0); /* the regimes do differ */
    world_free(a);
    world_free(b);
}

/* Who pays what, worked by hand.  Every incident is a negligent death
 * (mix and share set so) and every one is claimed, entering at
 * negotiation: the fixture's path closes at mediation with award
 * 0.8 x 100000 x 0.5 = 40000, defence 300, admin 700, claimant's own
 * costs 150, months 5; contingency fee 0.3 -> 12000.  Per claim:
 *   loser pays off: patient bears 12150 -> net 27850; defendant side
 *                   costs 1000; expenses 300 + 700 + 12150 = 13150;
 *   loser pays on:  the defendant also pays the claimant's own 150 ->
 *                   net 28000, defendant side 1150;
 *   duty to defend, outside limits: insurer pays 40000 + 150 under the
 *                   policy and 1000 outside -> hospital retains 0;
 *   no duty to defend: insurer pays 40150, hospital retains its 1000;
 *   inside limits, limit 40500: insurer pays min(41150, 40500), hospital
 *                   retains 650. */
typedef struct {
    int duty, inside, loser;
    double limit;
    double net, expenses, insured, retained;
} cost_case;

static world *all_negligent_deaths(void)
{
    world *w = world_new();
    ml_portfolio *p = &w->s.portfolio;
    const double death[ML_N_INJ] = {0, 0, 0, 1};
    memcpy(p->injury_mix, death, sizeof death);
    memcpy(w->spec[1].injury_mix, death, sizeof death);
    for (int c = 0; c < ML_N_INJ; c++)
        p->negligent_share[c] = 1.0;
    w->L.legal.contingency_fee = 0.3;
    return w;
}

static void near_n(double got, double n, double per_claim, const char *what)
{
    double want = n * per_claim;
    if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
        fail_msg("%s: %.6f for %.0f claims, want %.6f (%.4f each)", what, got, n, want,
                 per_claim);
}

static void test_legal_cost_rules(void **state)
{
    (void)state;
    const cost_case cases[] = {
        {0, 0, 0, INFINITY, 27850, 13150, 40000, 1000},
        {0, 0, 1, INFINITY, 28000, 13150, 40150, 1000},
        {1, 0, 1, INFINITY, 28000, 13150, 41150, 0},
        {1, 0, 0, INFINITY, 27850, 13150, 41000, 0},
        {1, 1, 1, 40500, 28000, 13150, 40500, 650},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const cost_case *k = &cases[i];
        world *w = all_negligent_deaths();
        w->L.legal.duty_to_defend = k->duty;
        w->L.legal.defence_inside_limits = k->inside;
        w->L.legal.loser_pays = k->loser;
        w->s.regime.policy.limit = k->limit;
        for (uint32_t r = 0; r < 5; r++) {
            year(w, 700, r);
            double n = w->acc[ML_M_CLAIMS];
            assert_true(n > 0 && n == w->acc[ML_M_INCIDENTS]);
            assert_true(w->acc[ML_M_PAID_CLAIMS] == n);
            assert_true(w->acc[ML_M_NEGLIGENT_PAID] == n);
            near_n(w->acc[ML_M_COMPENSATION], n, 40000, "compensation");
            near_n(w->acc[ML_M_PATIENT_NET], n, k->net, "patient net");
            near_n(w->acc[ML_M_EXPENSES], n, k->expenses, "expenses");
            near_n(w->acc[ML_M_INSURED], n, k->insured, "insured");
            near_n(w->acc[ML_M_RETAINED], n, k->retained, "retained");
            near_n(w->acc[ML_M_CLAIM_MONTHS], n, 5.0, "claim months");
            /* Stage months add up to the claims' months to closure. */
            double sm = 0;
            for (int st = 0; st < ML_CHANNELS_MAX; st++)
                sm += w->chan[ML_SS_MONTHS * ML_CHANNELS_MAX + st];
            near_n(sm, n, 5.0, "stage months");
            assert_true(w->chan[ML_SS_VISITS * ML_CHANNELS_MAX + FX_NEG] == n);
            assert_true(w->chan[ML_SS_PAID * ML_CHANNELS_MAX + FX_MED] == n);
            assert_true(w->hist[5] == n);
        }
        world_free(w);
    }
}

/* An uninsured hospital, or one without a direct claim: the patient must
 * collect from the hospital, which takes enforcement months, and with
 * p_unpaid 1 never succeeds (no award, the claimant keeps paying own
 * costs of 150: net -150).  With insurance and a direct claim the award is
 * paid at once. */
static void test_participation_and_direct_claim(void **state)
{
    (void)state;
    world *w = all_negligent_deaths();
    w->L.ins.enforce_months = 4.0;
    w->L.ins.participation = 0.0;
    year(w, 800, 0);
    double n = w->acc[ML_M_CLAIMS];
    assert_true(n > 0);
    near_n(w->acc[ML_M_COMPENSATION], n, 40000, "uninsured compensation");
    assert_true(w->acc[ML_M_INSURED] == 0.0);
    near_n(w->acc[ML_M_RETAINED], n, 41000, "uninsured retained");
    near_n(w->acc[ML_M_CLAIM_MONTHS], n, 9.0, "months with enforcement");
    /* The lever measures: every claim negligent, none against an insurer. */
    assert_true(w->acc[ML_M_NEGLIGENT_CLAIMS] == n && w->acc[ML_M_INSURED_CLAIMS] == 0.0);
    assert_true(w->acc[ML_M_INSURED_UNPAID] == 0.0 && w->acc[ML_M_INSURER_DEFENDED] == 0.0);

    w->L.ins.p_unpaid = 1.0;
    year(w, 800, 0);
    assert_true(w->acc[ML_M_COMPENSATION] == 0.0 && w->acc[ML_M_PAID_CLAIMS] == 0.0);
    assert_true(w->acc[ML_M_INSURED_UNPAID] == 0.0); /* unpaid, but not by an insured */
    near_n(w->acc[ML_M_PATIENT_NET], n, -150, "unpaid patient net");
    near_n(w->acc[ML_M_EXPENSES], n, 300 + 700 + 150, "unpaid expenses");

    w->L.ins.participation = 1.0;
    w->L.ins.direct_claim = 1;
    year(w, 800, 0);
    near_n(w->acc[ML_M_COMPENSATION], n, 40000, "direct claim compensation");
    near_n(w->acc[ML_M_CLAIM_MONTHS], n, 5.0, "direct claim months");
    assert_true(w->acc[ML_M_INSURED_CLAIMS] == n && w->acc[ML_M_INSURED_UNPAID] == 0.0);

    w->L.ins.direct_claim = 0; /* insured, but the patient must sue the hospital */
    w->L.legal.duty_to_defend = 1;
    year(w, 800, 0);
    assert_true(w->acc[ML_M_COMPENSATION] == 0.0);
    assert_true(w->acc[ML_M_INSURED_UNPAID] == n && w->acc[ML_M_INSURER_DEFENDED] == n);
    world_free(w);
}

/* A world of obstetric permanent injuries only (surgery has no exposure),
 * every one applying to a no-fault scheme paying 6000 at once and 1200 a
 * year for 20 years, admin 250, 3 months; p_claim 0, so every claim is an
 * application unless the scheme's next opens one against the hospital. */
static world *scheme_world(void)
{
    world *w = world_new();
    w->expo[0][0] = 0.0;
    const double perm[ML_N_INJ] = {0, 0, 1, 0};
    memcpy(w->spec[1].injury_mix, perm, sizeof perm);
    memset(w->L.claiming.p_claim, 0, sizeof w->L.claiming.p_claim);
    ml_pathway *p = &w->L.pathway;
    fx_stage(p, 4, "scheme", ML_ST_NO_FAULT);
    ml_stage *nf = &p->st[4];
    nf->p_agree[0] = nf->p_agree[1] = 1.0;
    nf->months_mean = 3.0;
    nf->cost_admin = 250.0;
    nf->nofault_lump = 6000.0;
    nf->nofault_instalment = 1200.0;
    nf->nofault_years = 20;
    nf->p_apply = 1.0;
    nf->nofault_classes = 1u << ML_INJ_PERMANENT;
    p->nofault = 4;
    w->nofault_spec[0] = 0;
    return w;
}

/* A no-fault award is the fund's, never the hospital policy's: however
 * harsh the policy (a deductible above any award, limits of 1, 10%
 * coinsurance) and the insurance (no hospital insured, every award owed by
 * a hospital unpaid, 100 months to enforce, no direct claim), the fund's
 * lump sums, instalments, costs and months are those of the plain world,
 * year by year, and nothing is insured, retained or unpaid. */
static void test_nofault_award_never_touches_policy(void **state)
{
    (void)state;
    world *a = scheme_world(), *b = scheme_world();
    b->s.regime.policy = (ml_policy){1e12, 1.0, 0.1, 1.0, INFINITY, ML_INDEMNIFIER_INSURER};
    b->L.ins.participation = 0.0;
    b->L.ins.p_unpaid = 1.0;
    b->L.ins.enforce_months = 100.0;
    b->L.ins.direct_claim = 0;
    b->L.legal.duty_to_defend = 1;
    b->L.legal.loser_pays = 1;
    b->L.legal.contingency_fee = 0.5;
    const int same[] = {ML_M_CLAIMS, ML_M_PAID_CLAIMS, ML_M_COMPENSATION, ML_M_EXPENSES,
                        ML_M_PATIENT_NET, ML_M_CLAIM_MONTHS, ML_M_FUND_AWARDS,
                        ML_M_FUND_LUMP, ML_M_FUND_INSTALMENTS, ML_M_FUND_EXPENSES,
                        ML_M_NEGLIGENT_PAID};
    double total = 0;
    for (uint32_t r = 0; r < 300; r++) {
        year(a, 900, r);
        year(b, 900, r);
        double n = a->acc[ML_M_CLAIMS];
        total += n;
        for (size_t k = 0; k < sizeof same / sizeof *same; k++)
            if (a->acc[same[k]] != b->acc[same[k]])
                fail_msg("replicate %u: %s %.17g under the harsh policy, %.17g without",
                         r, ml_measure_name[same[k]], b->acc[same[k]], a->acc[same[k]]);
        /* Exact sizes: every application approved, 6000 + 20 x 1200. */
        assert_true(a->acc[ML_M_FUND_AWARDS] == n);
        assert_true(a->acc[ML_M_FUND_LUMP] == 6000.0 * n);
        assert_true(a->acc[ML_M_FUND_INSTALMENTS] == 24000.0 * n);
        assert_true(a->acc[ML_M_COMPENSATION] == 30000.0 * n);
        assert_true(a->acc[ML_M_PATIENT_NET] == 30000.0 * n);
        assert_true(a->acc[ML_M_FUND_EXPENSES] == 250.0 * n);
        near_n(a->acc[ML_M_CLAIM_MONTHS], n, 3.0, "fund months");
        for (int m = ML_M_INSURED; m <= ML_M_RETAINED; m++)
            assert_true(b->acc[m] == 0.0 && a->acc[m] == 0.0);
        assert_true(b->acc[ML_M_UNPAID] == 0.0 && b->acc[ML_M_FUND_RECOVERED] == 0.0);
    }
    assert_true(total > 100); /* 300 years of about 1.1 applications each */
    world_free(a);
    world_free(b);
}

/* The family also claims against the hospital (the scheme's next is
 * negotiation).  Every injury negligent, so the fixture's path pays
 * A = 0.8 x 100000 x 0.5 = 40000 at mediation (defence 300, admin 700,
 * claimant 150, 5 months).  The hospital found liable bears the whole A;
 * the fund's award F counts toward it and the fund gets back min(F, A).
 *   F = 30000: recovered 30000, patient receives 40000, fund net 0;
 *   F = 54000: recovered 40000, patient receives 54000, fund net 14000.
 * Per injury: two claims (the application and the claim on the hospital),
 * both paid, one negligent injury compensated. */
static void test_fund_then_hospital(void **state)
{
    (void)state;
    const double lump[2] = {6000.0, 30000.0};
    for (int k = 0; k < 2; k++) {
        world *w = scheme_world();
        ml_stage *nf = &w->L.pathway.st[4];
        nf->nofault_lump = lump[k];
        fx_next(nf, FX_NEG, 1.0);
        for (int c = 0; c < ML_N_INJ; c++)
            w->s.portfolio.negligent_share[c] = 1.0;
        double F = lump[k] + 24000.0, A = 40000.0, back = F < A ? F : A;
        for (uint32_t r = 0; r < 20; r++) {
            year(w, 1000, r);
            double n = w->acc[ML_M_INCIDENTS];
            assert_true(w->acc[ML_M_CLAIMS] == 2 * n && w->acc[ML_M_PAID_CLAIMS] == 2 * n);
            assert_true(w->acc[ML_M_FUND_AWARDS] == n && w->acc[ML_M_NEGLIGENT_PAID] == n);
            near_n(w->acc[ML_M_FUND_RECOVERED], n, back, "recovered");
            near_n(w->acc[ML_M_COMPENSATION], n, F + A - back, "received");
            near_n(w->acc[ML_M_INSURED], n, A, "insured");
            near_n(w->acc[ML_M_RETAINED], n, 1000.0, "retained");
            near_n(w->acc[ML_M_PATIENT_NET], n, F + A - back - 150.0, "patient net");
            near_n(w->acc[ML_M_EXPENSES], n, 250.0 + 300.0 + 700.0 + 150.0, "expenses");
            near_n(w->acc[ML_M_CLAIM_MONTHS], n, 3.0 + 5.0, "months");
            assert_true(w->chan[ML_SS_CLOSED * ML_CHANNELS_MAX + 4] == n);
            assert_true(w->chan[ML_SS_PAID * ML_CHANNELS_MAX + FX_MED] == n);
        }
        world_free(w);
    }
}

static double metric(const ml_metric *m, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(m[i].name, name))
            return m[i].value;
    fail_msg("no policy metric %s", name);
    return NAN;
}

/* Who pays: the shares of the total cost (compensation + expenses) borne
 * by insurers, hospitals, funds and patients sum to 1, in worlds mixing
 * every rule that moves a cost: fund awards with and without a claim on the
 * hospital, partial participation, unpaid awards, loser pays, duty to
 * defend inside and outside limits, limits and an aggregate, a success
 * fee.  Each share is also the sum the engine booked to that payer, so a
 * cost booked twice or to nobody would break the sum. */
static void test_borne_shares_sum_to_one(void **state)
{
    (void)state;
    /* Variant v | 8 is v with a state indemnifier, from the same random
     * numbers: every annual array but state_paid must be v's exactly. */
    double *ref[8][ML_N_MEASURES] = {{0}};
    const uint32_t R = 400;
    for (int v = 0; v < 16; v++) {
        world *w = scheme_world();
        w->expo[0][0] = 10.0;
        memcpy(w->L.claiming.p_claim[0], (double[]){0.3, 0.4, 0.5, 0.6}, 4 * sizeof(double));
        memcpy(w->L.claiming.p_claim[1], (double[]){0.6, 0.7, 0.8, 0.9}, 4 * sizeof(double));
        const double omix[ML_N_INJ] = {0.6, 0.14, 0.22, 0.04};
        memcpy(w->spec[1].injury_mix, omix, sizeof omix);
        ml_stage *nf = &w->L.pathway.st[4];
        nf->p_apply = 0.5;
        nf->p_agree[0] = 0.6;
        nf->p_agree[1] = 0.9;
        nf->cost_claimant = 40.0;
        nf->cost_defence = 30.0;
        fx_next(nf, FX_NEG, 0.3);
        fx_next(nf, FX_DROP, 0.7);
        w->L.pathway.st[FX_MED].p_agree[0] = 0.5; /* some go on to litigation */
        w->L.ins.participation = v & 1 ? 0.5 : 1.0;
        w->L.ins.p_unpaid = v & 2 ? 0.3 : 0.0;
        w->L.legal.loser_pays = v & 4 ? 1 : 0;
        w->L.legal.duty_to_defend = (v & 7) >= 2;
        w->L.legal.defence_inside_limits = (v & 7) >= 6;
        w->L.legal.contingency_fee = 0.2;
        w->s.regime.policy = (ml_policy){500.0, v & 1 ? 30000.0 : INFINITY, 0.9,
                                         v & 2 ? 60000.0 : INFINITY, INFINITY,
                                         v & 8 ? ML_INDEMNIFIER_STATE
                                               : ML_INDEMNIFIER_INSURER};
        snprintf(w->s.regime.currency, sizeof w->s.regime.currency, "XTS");
        snprintf(w->s.portfolio.exposure_unit, sizeof w->s.portfolio.exposure_unit, "x");
        ml_results res;
        assert_int_equal(ml_results_alloc(&res, R), ML_OK);
        for (uint32_t r = 0; r < R; r++) {
            year(w, 1100 + (v & 7), r);
            for (int m = 0; m < ML_N_MEASURES; m++)
                res.annual[m][r] = w->acc[m];
            for (int b = 0; b <= ML_MONTHS_BINS; b++)
                res.months_hist[b] += w->hist[b];
        }
        ml_metric m[ML_METRICS_MAX];
        size_t n = ml_policy_metrics(&w->s, &res, m);
        double T[ML_N_MEASURES] = {0};
        for (int k = 0; k < ML_N_MEASURES; k++)
            for (uint32_t r = 0; r < R; r++)
                T[k] += res.annual[k][r];
        double cost = T[ML_M_COMPENSATION] + T[ML_M_EXPENSES];
        double ins = metric(m, n, "borne_insurers"), sta = metric(m, n, "borne_state"),
               hos = metric(m, n, "borne_hospitals"), fun = metric(m, n, "borne_funds"),
               pat = metric(m, n, "borne_patients");
        if (!(fabs(ins + sta + hos + fun + pat - 1.0) < 1e-12))
            fail_msg("variant %d: shares %.15g + %.15g + %.15g + %.15g + %.15g = %.15g", v,
                     ins, sta, hos, fun, pat, ins + sta + hos + fun + pat);
        assert_true(ins >= 0 && sta >= 0 && hos >= 0 && fun > 0 && pat > 0);
        /* Each share is its payer's booked total: the indemnified total
         * goes to insurers or to the state, never to both. */
        double indem = (v & 8) ? sta : ins, other = (v & 8) ? ins : sta;
        assert_true(T[ML_M_INSURED] > 0 && other == 0.0);
        assert_true(fabs(indem * cost - T[ML_M_INSURED]) <= 1e-9 * cost);
        assert_true((v & 8) ? T[ML_M_STATE_PAID] == T[ML_M_INSURED] : T[ML_M_STATE_PAID] == 0);
        /* The payer is a label: the insured share is the indemnifier's
         * either way, and nothing else the engine books moves. */
        assert_true(fabs(metric(m, n, "insured_share") -
                         T[ML_M_INSURED] / (T[ML_M_INSURED] + T[ML_M_RETAINED])) < 1e-12);
        for (int k = 0; k < ML_N_MEASURES; k++) {
            if (k == ML_M_STATE_PAID)
                continue;
            if (!(v & 8)) {
                ref[v][k] = malloc(R * sizeof(double));
                assert_non_null(ref[v][k]);
                memcpy(ref[v][k], res.annual[k], R * sizeof(double));
            } else {
                if (memcmp(ref[v & 7][k], res.annual[k], R * sizeof(double)))
                    fail_msg("variant %d: %s moved with the indemnifier", v, ml_measure_name[k]);
                free(ref[v & 7][k]);
            }
        }
        assert_true(fabs(fun * cost - (T[ML_M_FUND_LUMP] + T[ML_M_FUND_INSTALMENTS] -
                                       T[ML_M_FUND_RECOVERED] + T[ML_M_FUND_EXPENSES])) <=
                    1e-9 * cost);
        /* Every fund award is 30000 exactly; the mean liability payment
         * leaves the funds out. */
        assert_true(fabs(metric(m, n, "fund_mean_award") - 30000.0) < 1e-9);
        double liab = T[ML_M_COMPENSATION] - (T[ML_M_FUND_LUMP] + T[ML_M_FUND_INSTALMENTS] -
                                              T[ML_M_FUND_RECOVERED]);
        assert_true(fabs(metric(m, n, "mean_payment") -
                         liab / (T[ML_M_PAID_CLAIMS] - T[ML_M_FUND_AWARDS])) < 1e-6);
        assert_true((v & 2) ? T[ML_M_UNPAID] > 0 : T[ML_M_UNPAID] == 0);
        assert_true(T[ML_M_FUND_RECOVERED] > 0);
        ml_results_free(&res);
        world_free(w);
    }
}

/* A hospital programme with a self-insured retention of 30000 per claim
 * and 60000 a year: each all-negligent death claim (award 40000, defence
 * 1000 borne by the hospital) leaves 10000 to the insurer, and once two
 * retentions are paid the insurer takes the rest of every retention too:
 * insured = 40000 n - 60000, retained = 1000 n + 60000 (n >= 2). */
static void test_aggregate_retention(void **state)
{
    (void)state;
    world *w = all_negligent_deaths();
    w->s.regime.policy.deductible = 30000.0;
    w->s.regime.policy.aggregate_retention = 60000.0;
    for (uint32_t r = 0; r < 5; r++) {
        year(w, 710, r);
        double n = w->acc[ML_M_CLAIMS];
        assert_true(n >= 2 && w->acc[ML_M_PAID_CLAIMS] == n);
        near_n(w->acc[ML_M_INSURED] + 60000.0, n, 40000, "insured over the aggregate SIR");
        near_n(w->acc[ML_M_RETAINED] - 60000.0, n, 1000, "retained under the aggregate SIR");
    }
    /* No aggregate: the hospital keeps every retention. */
    w->s.regime.policy.aggregate_retention = INFINITY;
    year(w, 710, 0);
    double n = w->acc[ML_M_CLAIMS];
    near_n(w->acc[ML_M_INSURED], n, 10000, "insured above the SIR");
    near_n(w->acc[ML_M_RETAINED], n, 31000, "retained SIR and defence");
    world_free(w);
}

/* Participation by hospital (the scenario's array, set from the grades)
 * overrides the regime's single value. */
static void test_participation_by_hospital(void **state)
{
    (void)state;
    world *w = all_negligent_deaths();
    double part[1] = {0.0};
    w->s.participation = part;
    w->L.ins.participation = 1.0;
    year(w, 720, 0);
    assert_true(w->acc[ML_M_CLAIMS] > 0 && w->acc[ML_M_INSURED] == 0.0);
    part[0] = 1.0;
    w->L.ins.participation = 0.0;
    year(w, 720, 0);
    near_n(w->acc[ML_M_INSURED], w->acc[ML_M_CLAIMS], 40000, "insured by its grade");
    world_free(w);
}

/* The regime's damages for one specialty, obstetrics (the world's second):
 * the class defaults but class cls, whose damages are d.  The caller maps
 * the portfolio's specialties to it (scenario damages_spec). */
static void obstetric_damages(world *w, int cls, double d)
{
    ml_compensation *c = &w->L.comp;
    c->n_spec = 1;
    snprintf(c->spec_name[0], ML_LABEL_MAX, "obstetrics");
    for (int k = 0; k < ML_N_INJ; k++)
        c->spec[0][k] = c->law[k];
    c->spec[0][cls].meanlog = log(d);
    c->own[0][cls] = 1;
}

/* Damages by specialty: the engine passes each claim's specialty to the
 * damages draw.  The fixture's damages are exactly 100,000 (sdlog 0) in
 * every class; obstetrics gets its own 300,000 permanent cell.  With one
 * specialty exposed at a time, every paid claim's assessed damages are
 * exactly its cell's: surgery 100,000 in every class, obstetrics 300,000
 * for permanent claims only; without the specialty map (a regime with no
 * by_specialty) obstetrics takes the class defaults. */
static void test_damages_follow_specialty(void **state)
{
    (void)state;
    world *w = world_new();
    obstetric_damages(w, ML_INJ_PERMANENT, 300000.0);
    int map[2] = {-1, 0};
    for (int with_map = 1; with_map >= 0; with_map--) {
        w->s.damages_spec = with_map ? map : NULL;
        for (int sp = 0; sp < 2; sp++) {
            double keep[2] = {w->expo[0][0], w->expo[0][1]};
            w->expo[0][1 - sp] = 0.0;
            for (int cls = 0; cls < ML_N_INJ; cls++) {
                only_claims_from(w, cls, 1);
                double want = (with_map && sp == 1 && cls == ML_INJ_PERMANENT) ? 300000.0
                                                                               : 100000.0;
                double paid = 0.0, dmg = 0.0;
                for (uint32_t r = 0; r < 200; r++) {
                    year(w, 900, r);
                    paid += w->acc[ML_M_PAID_CLAIMS];
                    dmg += w->acc[ML_M_DAMAGES];
                }
                assert_true(paid > 0.0);
                if (!(fabs(dmg / paid - want) <= 1e-6 * want))
                    fail_msg("%s, %s, map %d: damages per paid claim %.3f, want %.0f",
                             w->spec[sp].name, ml_injury_name[cls], with_map, dmg / paid,
                             want);
            }
            w->expo[0][0] = keep[0];
            w->expo[0][1] = keep[1];
        }
    }
    world_free(w);
}

/* Size bands and claimant costs that grow with the claim.  Every claim a
 * negligent death: surgery's damages 100000 give an award of 40000 (the
 * fixture's mediation: 0.8 x half), obstetrics' 300000 give 120000; the
 * claimant's own costs 150 x (D / 25000)^0.5 are paid by the defence
 * (loser pays): 300 on a surgery claim, 150 x sqrt(12) on an obstetric
 * one.  Small claims are the awards at most the small bound, medium ones
 * those above it and at most the medium bound, large ones the awards at
 * least the large bound (their count and their sum); 0 counts none.  (The
 * awards are exp(log D) x 0.4, within rounding of 40000: bounds a unit
 * either side.) */
static void test_size_bands_and_claimant_costs(void **state)
{
    (void)state;
    static const struct {
        double small, medium, large;
        int small_surgery, small_obstetric, medium_surgery, medium_obstetric, large_surgery,
            large_obstetric;
    } b[] = {
        {40001, 0, 119999, 1, 0, 0, 0, 0, 1},      /* each award a unit inside its band */
        {39999, 0, 120001, 0, 0, 0, 0, 0, 0},      /* and a unit outside */
        {39999, 119999, 0, 0, 0, 1, 0, 0, 0},      /* medium: above small, at most medium */
        {39999, 120001, 130000, 0, 0, 1, 1, 0, 0}, /* both awards medium */
        {0, 40001, 0, 0, 0, 1, 0, 0, 0},           /* medium without small: from 0 */
        {120001, 39999, 39999, 1, 1, 0, 0, 1, 1},  /* the loader refuses it; the engine counts */
        {0, 0, 0, 0, 0, 0, 0, 0, 0},               /* no bands */
        {1e9, 0, 1, 1, 1, 0, 0, 1, 1},
    };
    for (size_t k = 0; k < sizeof b / sizeof b[0]; k++) {
        world *w = all_negligent_deaths();
        w->L.legal.loser_pays = 1;
        w->L.legal.claimant_size = (ml_cost_size){25000.0, 0.5, 0.0};
        w->L.bands.small = b[k].small;
        w->L.bands.medium = b[k].medium;
        w->L.bands.large = b[k].large;
        obstetric_damages(w, ML_INJ_DEATH, 300000.0);
        int map[2] = {-1, 0};
        w->s.damages_spec = map;
        for (uint32_t r = 0; r < 5; r++) {
            year(w, 910, r);
            double n = w->acc[ML_M_PAID_CLAIMS], comp = w->acc[ML_M_COMPENSATION];
            double ns = (120000.0 * n - comp) / 80000.0, no = n - ns; /* by specialty */
            assert_true(ns > 0.5 && no > 0.5 && w->acc[ML_M_CLAIMS] == n);
            ns = round(ns);
            no = round(no);
            double cs = 300.0, co = 150.0 * sqrt(12.0);
            near_n(w->acc[ML_M_COSTS_SHIFTED], 1.0, ns * cs + no * co, "costs shifted");
            double sn = b[k].small_surgery * ns + b[k].small_obstetric * no;
            assert_true(w->acc[ML_M_SMALL_PAID] == sn);
            near_n(w->acc[ML_M_SMALL_COMPENSATION], 1.0,
                   b[k].small_surgery * ns * 40000.0 + b[k].small_obstetric * no * 120000.0,
                   "small compensation");
            near_n(w->acc[ML_M_SMALL_COSTS_SHIFTED], 1.0,
                   b[k].small_surgery * ns * cs + b[k].small_obstetric * no * co,
                   "small costs shifted");
            near_n(w->acc[ML_M_SMALL_DEFENCE_COSTS], 1.0,
                   (b[k].small_surgery * ns + b[k].small_obstetric * no) * 1000.0,
                   "small defence costs (300 + 700 a claim)");
            assert_true(w->acc[ML_M_MEDIUM_PAID] ==
                        b[k].medium_surgery * ns + b[k].medium_obstetric * no);
            near_n(w->acc[ML_M_MEDIUM_COSTS_SHIFTED], 1.0,
                   b[k].medium_surgery * ns * cs + b[k].medium_obstetric * no * co,
                   "medium costs shifted");
            assert_true(w->acc[ML_M_LARGE_PAID] ==
                        b[k].large_surgery * ns + b[k].large_obstetric * no);
            near_n(w->acc[ML_M_LARGE_COMPENSATION], 1.0,
                   b[k].large_surgery * ns * 40000.0 + b[k].large_obstetric * no * 120000.0,
                   "large compensation");
        }
        world_free(w);
    }
}

/* Fixed recoverable costs (legal_costs.fixed_costs): on a claim paid more
 * than `from` and at most `up_to` the defence pays, and the claimant's side
 * spends, at most fixed + share x award of the claimant's own costs; the
 * success fee and the patient's net are untouched.  The claims of
 * test_size_bands_and_claimant_costs: surgery awards 40000 with own costs
 * 300, obstetrics 120000 with 150 x sqrt(12) = 519.6; each run against the
 * same replicate without the scheme (same draws). */
static void test_fixed_recoverable_costs(void **state)
{
    (void)state;
    const double cs = 300.0, co = 150.0 * sqrt(12.0);
    static const struct {
        double from, up_to, fixed, share, surgery, obstetric; /* costs recovered */
    } f[] = {
        {0, 40001, 100, 0.001, 140, -1},       /* surgery capped: 100 + 40; obstetrics outside */
        {40001, 120001, 0, 0.004, -1, 480},    /* surgery at or below from: outside */
        {39999, 1e9, 0, 0.004, 160, 480},      /* both in the band, both capped */
        {0, 1e9, 1000, 0, -1, -1},             /* a cap above both: as incurred */
        {0, 0, 100, 0, -1, -1},                /* up_to 0: no scheme */
    };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        world *w = all_negligent_deaths();
        w->L.legal.loser_pays = 1;
        w->L.legal.claimant_size = (ml_cost_size){25000.0, 0.5, 0.0};
        obstetric_damages(w, ML_INJ_DEATH, 300000.0);
        int map[2] = {-1, 0};
        w->s.damages_spec = map;
        for (uint32_t r = 0; r < 4; r++) {
            w->L.legal.fixed_costs = (ml_fixed_costs){0};
            year(w, 912, r);
            double base_exp = w->acc[ML_M_EXPENSES], base_net = w->acc[ML_M_PATIENT_NET];
            w->L.legal.fixed_costs = (ml_fixed_costs){f[k].from, f[k].up_to, f[k].fixed,
                                                      f[k].share};
            year(w, 912, r);
            double n = w->acc[ML_M_PAID_CLAIMS], comp = w->acc[ML_M_COMPENSATION];
            double ns = round((120000.0 * n - comp) / 80000.0), no = n - ns;
            assert_true(ns > 0.5 && no > 0.5); /* both kinds of claim in the year */
            double rs = f[k].surgery < 0 ? cs : f[k].surgery;
            double ro = f[k].obstetric < 0 ? co : f[k].obstetric;
            near_n(w->acc[ML_M_COSTS_SHIFTED], 1.0, ns * rs + no * ro, "costs recovered");
            near_n(w->acc[ML_M_EXPENSES], 1.0,
                   base_exp - ns * (cs - rs) - no * (co - ro), "expenses: no more spent");
            near_n(w->acc[ML_M_PATIENT_NET], 1.0, base_net, "patient net unchanged");
        }
        world_free(w);
    }
}

/* The NAO's low-value claims include those closed without damages: the
 * defence's own costs on a claim dropped after negotiation (100 each, no
 * award) count towards small_defence_costs while a small bound is set,
 * and no claim is a small paid one. */
static void test_small_defence_costs_count_unpaid_claims(void **state)
{
    (void)state;
    for (int with_bands = 0; with_bands < 2; with_bands++) {
        world *w = all_negligent_deaths();
        w->L.pathway.st[FX_NEG].next[0] = FX_DROP;
        w->L.bands.small = with_bands ? 25000.0 : 0.0;
        for (uint32_t r = 0; r < 5; r++) {
            year(w, 911, r);
            double n = w->acc[ML_M_CLAIMS];
            assert_true(n > 0.5 && w->acc[ML_M_PAID_CLAIMS] == 0.0);
            assert_true(w->acc[ML_M_SMALL_PAID] == 0.0);
            near_n(w->acc[ML_M_SMALL_DEFENCE_COSTS], n, with_bands ? 100.0 : 0.0,
                   "small defence costs");
        }
        world_free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_counts_poisson_means),
        cmocka_unit_test(test_totals_match_portfolio_rates),
        cmocka_unit_test(test_hospital_effect_overdispersion),
        cmocka_unit_test(test_claiming_thins_cells),
        cmocka_unit_test(test_nofault_applications),
        cmocka_unit_test(test_incidents_identical_across_regimes),
        cmocka_unit_test(test_legal_cost_rules),
        cmocka_unit_test(test_participation_and_direct_claim),
        cmocka_unit_test(test_nofault_award_never_touches_policy),
        cmocka_unit_test(test_fund_then_hospital),
        cmocka_unit_test(test_borne_shares_sum_to_one),
        cmocka_unit_test(test_aggregate_retention),
        cmocka_unit_test(test_participation_by_hospital),
        cmocka_unit_test(test_damages_follow_specialty),
        cmocka_unit_test(test_size_bands_and_claimant_costs),
        cmocka_unit_test(test_small_defence_costs_count_unpaid_claims),
        cmocka_unit_test(test_fixed_recoverable_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
