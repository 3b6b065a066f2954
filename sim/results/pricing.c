/*
 * pricing.c — see pricing.h.  A group's pure premium is the mean of its
 * annual insured loss over the replicates; dividing by the group's count
 * of hospitals, beds or exposure units, all or insured, gives the rate per
 * unit, and the Monte Carlo error divides the same way (se / divisor).
 * The insured counts are expected values (the cover probability times the
 * count), so a rate per insured bed is the expected loss over the expected
 * insured beds: the rate an insurer charges a bed it covers.  Sums run in
 * replicate order with compensation, so the tables are bit-for-bit the
 * same for any thread count.
 */
#include "pricing.h"
#include "dist.h"
#include "order_view.h"
#include "stats.h"
#include "tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The principles from the figures of the loss: its moments and VaR99.5
 * and TVaR99 (out's mean, sd, se, var995, tvar99 set). */
static void principles(const ml_pricing *pr, ml_premiums *out)
{
    out->ev = (1.0 + pr->ev_loading) * out->mean;
    out->sdp = out->mean + pr->sd_loading * out->sd;
    out->coc = out->mean + pr->coc_rate * (out->var995 - out->mean);
}

void ml_premiums_compute(const double *x, size_t n, const ml_pricing *pr, double *scratch,
                         ml_premiums *out)
{
    ml_premiums_compute_dist(NULL, x, n, pr, scratch, out);
}

int ml_premiums_compute_dist(const ml_dist *d, const double *x, size_t n, const ml_pricing *pr,
                         double *scratch, ml_premiums *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return 0;
    double mean, t;
    mean = d ? ml_dist_mean_total(d, x, n, &t) : ml_mean(x, n);
    out->mean = mean;
    out->sd = d ? ml_dist_sd(d, x, n, mean) : ml_sd(x, n, mean);
    out->se = out->sd / sqrt((double)n);
    /* Only the top of the order is read: from TVaR99's rank up. */
    ml_order_need w;
    ml_order_need_init(&w, n);
    ml_order_need_tail(&w, ml_quantile_rank(n, 990, 1000) - 1);
    ml_order_need_tail(&w, ml_quantile_rank(n, ML_PRICING_VAR_PERMILLE, 1000) - 1);
    double *buf = NULL;
    const double *sorted = d ? ml_dist_view(d, x, n, &w, &buf) : ml_order_view(x, n, &w, scratch);
    if (!sorted)
        return -1;
    out->var995 = ml_var_sorted(sorted, n, ML_PRICING_VAR_PERMILLE, 1000);
    out->tvar99 = ml_tvar_sorted(sorted, n, 990, 1000);
    free(buf);
    principles(pr, out);
    return 0;
}

static int level_index(unsigned permille)
{
    for (int l = 0; l < ML_N_LEVELS; l++)
        if (ml_level_permille[l] == permille)
            return l;
    return -1;
}

/* ml_premiums_compute's figures of x from x's summary row sm: the same
 * functions of the same samples.  0, or -1 when the summary lacks a
 * level (then compute them). */
static int premiums_from_summary(const ml_summary *sm, size_t n, const ml_pricing *pr,
                                 ml_premiums *out)
{
    int l995 = level_index(ML_PRICING_VAR_PERMILLE), l990 = level_index(990);
    if (l995 < 0 || l990 < 0)
        return -1;
    memset(out, 0, sizeof *out);
    if (n == 0)
        return 0;
    out->mean = sm->mean;
    out->sd = sm->sd;
    out->se = out->sd / sqrt((double)n);
    out->var995 = sm->var[l995];
    out->tvar99 = sm->tvar[l990];
    principles(pr, out);
    return 0;
}

void ml_principle_row_add(ml_pricing_result *out, const char *basis, const char *principle,
                          double parameter, double pure, double premium, double capital)
{
    if (out->n_principles >= ML_PRINCIPLES_MAX)
        return;
    ml_principle_row *r = &out->principles[out->n_principles++];
    memset(r, 0, sizeof *r);
    snprintf(r->principle, sizeof r->principle, "%s", principle);
    snprintf(r->basis, sizeof r->basis, "%s", basis);
    r->parameter = parameter;
    r->pure_premium = pure;
    r->premium = premium;
    r->capital = capital;
    r->loading = premium - pure;
    r->loss_ratio = premium > 0.0 ? pure / premium : 0.0;
}

void ml_principle_rows_add(ml_pricing_result *out, const char *basis, const ml_premiums *pm,
                           const ml_pricing *pr)
{
    double cap = pm->var995 - pm->mean;
    ml_principle_row_add(out, basis, "pure", 0.0, pm->mean, pm->mean, cap);
    ml_principle_row_add(out, basis, "expected_value", pr->ev_loading, pm->mean, pm->ev, cap);
    ml_principle_row_add(out, basis, "standard_deviation", pr->sd_loading, pm->mean, pm->sdp,
                         cap);
    ml_principle_row_add(out, basis, "cost_of_capital", pr->coc_rate, pm->mean, pm->coc, cap);
}

static double per(double v, double d)
{
    return d > 0.0 ? v / d : 0.0;
}

double ml_cover_probability(double part, double target, double enforcement)
{
    if (part >= 1.0)
        return 1.0;
    return target > part ? part + (target - part) * enforcement : part;
}

/* A group's divisors, all and insured: hospitals, beds, exposure units.
 * no_beds: a hospital of the group has no beds, so the group has no rate
 * per bed (a rate over part of its beds would mislead). */
typedef struct {
    double all[3], ins[3];
    int no_beds;
} divisors;

/* Adds hospital h to d with weight: its count, beds and exposure in the
 * group (a specialty takes part of a hospital), and q its probability of
 * being insured.  Added in hospital order, so the sums are reproducible. */
static void add_hospital(divisors *d, double count, double beds, int has_beds,
                         double exposure, double q)
{
    double v[3] = {count, beds, exposure};
    for (int k = 0; k < 3; k++) {
        d->all[k] += v[k];
        d->ins[k] += q * v[k];
    }
    d->no_beds |= !has_beds;
}

static void fill_row(ml_premium_row *r, const char *kind, const char *name,
                     const divisors *d)
{
    memset(r, 0, sizeof *r);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->hospitals = d->all[0];
    r->beds = d->no_beds ? 0.0 : d->all[1];
    r->exposure = d->all[2];
    r->insured_hospitals = d->ins[0];
    r->insured_beds = d->no_beds ? 0.0 : d->ins[1];
    r->insured_exposure = d->ins[2];
}

/* A row's figures from its mean and sd (ml_mean, ml_sd of its series). */
static void row_figures(ml_premium_row *r, double mean, double sd, size_t n)
{
    r->mean = mean;
    r->se = n > 1 ? sd / sqrt((double)n) : 0.0;
    r->per_hospital = per(r->mean, r->hospitals);
    r->per_bed = per(r->mean, r->beds);
    r->per_exposure = per(r->mean, r->exposure);
    r->per_insured_hospital = per(r->mean, r->insured_hospitals);
    r->per_insured_bed = per(r->mean, r->insured_beds);
    r->per_insured_exposure = per(r->mean, r->insured_exposure);
}

/* The rows whose series are summed here, one task each. */
typedef struct {
    ml_premium_row *rows;
    unsigned char *gross_row; /* ml_pricing_result.gross_row */
    const double *x[1 + ML_PRICE_SPEC_MAX + ML_HOSP_GRADES_MAX];
    size_t n;
    const double *gross;       /* the portfolio's series, when its figures */
    const ml_summary *gross_sm; /* come from the summary (else NULL) */
} row_job;

static void row_task(void *ctx, size_t k)
{
    row_job *j = ctx;
    if (!j->x[k])
        return; /* from the summary, filled already */
    /* A group that is the whole portfolio (one specialty, one grade) has
     * the portfolio's series bit for bit: the summary's ml_mean and ml_sd
     * of it are this row's. */
    if (j->gross_sm && (j->x[k] == j->gross ||
                        !memcmp(j->x[k], j->gross, j->n * sizeof *j->gross))) {
        row_figures(&j->rows[k], j->gross_sm->mean, j->n > 1 ? j->gross_sm->sd : 0.0, j->n);
        j->gross_row[k] = 1;
        return;
    }
    double mean = ml_mean(j->x[k], j->n);
    row_figures(&j->rows[k], mean, j->n > 1 ? ml_sd(j->x[k], j->n, mean) : 0.0, j->n);
}

static double hospital_exposure(const ml_portfolio *p, size_t h)
{
    double e = 0.0;
    for (size_t s = 0; s < p->n_specialties; s++)
        e += p->hospitals[h].exposure[s];
    return e;
}

/* The divisors of the portfolio (grade < 0) or of one grade.  The
 * exposure is summed one specialty's units at a time, in hospital order,
 * as it always was, so the figures it gives keep their last bits. */
static divisors group_divisors(const ml_portfolio *p, const ml_pricing *pr,
                               const double *cover, int grade)
{
    divisors d = {{0}, {0}, 0};
    for (size_t h = 0; h < p->n_hospitals; h++) {
        if (grade >= 0 && pr->grade_of[h] != grade)
            continue;
        double b = p->hospitals[h].beds, q = cover ? cover[h] : 1.0;
        add_hospital(&d, 1.0, b > 0.0 ? b : 0.0, b > 0.0, 0.0, q);
        for (size_t s = 0; s < p->n_specialties; s++) {
            d.all[2] += p->hospitals[h].exposure[s];
            d.ins[2] += q * p->hospitals[h].exposure[s];
        }
    }
    return d;
}

/* The divisors of specialty s, on its own exposure: the hospitals with
 * exposure in it, and each one's beds in the share of its exposure that
 * is s's (a bed is taken to serve every exposure unit of its hospital
 * alike: an assumption; the portfolio gives beds by hospital only). */
static divisors specialty_divisors(const ml_portfolio *p, const double *cover, size_t s)
{
    divisors d = {{0}, {0}, 0};
    for (size_t h = 0; h < p->n_hospitals; h++) {
        double e = p->hospitals[h].exposure[s];
        if (!(e > 0.0))
            continue;
        double b = p->hospitals[h].beds;
        add_hospital(&d, 1.0, b > 0.0 ? b * (e / hospital_exposure(p, h)) : 0.0, b > 0.0, e,
                     cover ? cover[h] : 1.0);
    }
    return d;
}

/* The replicates this process holds: [d->lo, d->hi), or all of them. */
static void span(const ml_dist *d, size_t n, size_t *lo, size_t *hi)
{
    *lo = d ? d->lo : 0;
    *hi = d ? d->hi : n;
}

static int layer_row(const ml_dist *d, ml_layer_row *r, const char *name, const char *kind,
                     double att, double lim, const double *ceded, const double *gross,
                     double *net, size_t n, const ml_pricing *pr, double *scratch)
{
    ml_premiums c, g, nt;
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    r->attachment = att;
    r->limit = lim;
    size_t lo, hi;
    span(d, n, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        net[i] = gross[i] - ceded[i];
    if (ml_premiums_compute_dist(d, ceded, n, pr, scratch, &c) ||
        ml_premiums_compute_dist(d, gross, n, pr, scratch, &g) ||
        ml_premiums_compute_dist(d, net, n, pr, scratch, &nt))
        return -1;
    r->expected_ceded = c.mean;
    r->se = c.se;
    r->premium_ev = c.ev;
    r->premium_sd = c.sdp;
    r->premium_coc = c.coc;
    r->gross_var995 = g.var995;
    r->net_var995 = nt.var995;
    r->gross_tvar99 = g.tvar99;
    r->net_tvar99 = nt.tvar99;
    return 0;
}

void ml_pricing_result_free(ml_pricing_result *out)
{
    free(out->rows);
    for (size_t k = 0; k < ML_XL_MAX + ML_SL_MAX; k++)
        free(out->ceded[k]);
    free(out->net);
    memset(out, 0, sizeof *out);
}

int ml_pricing_compute(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                       const ml_results *res, ml_pricing_result *out)
{
    return ml_pricing_compute_with(p, pr, cover, res, NULL, 1, out);
}

int ml_pricing_compute_with(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                            const ml_results *res, const ml_summary *gross_sm, int threads,
                            ml_pricing_result *out)
{
    return ml_pricing_compute_dist(p, pr, cover, res, gross_sm, threads, NULL, out);
}

int ml_pricing_compute_dist(const ml_portfolio *p, const ml_pricing *pr, const double *cover,
                            const ml_results *res, const ml_summary *gross_sm, int threads,
                            const ml_dist *d, ml_pricing_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n = res->n, lo, hi;
    span(d, n, &lo, &hi);
    /* The indemnifier's outlay, insurer or state (policy.indemnifier): a
     * state scheme's contributions are priced like an insurer's premium. */
    const double *gross = res->annual[ML_M_INSURED];
    out->n = n;
    out->rows = calloc(1 + res->n_spec + res->n_grades, sizeof *out->rows);
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    out->net = malloc((n ? n : 1) * sizeof *out->net);
    row_job *job = calloc(1, sizeof *job);
    if (!out->rows || !scratch || !tmp || !out->net || !job)
        goto nomem;

    /* Pure premiums: the portfolio, each specialty, each grade; each
     * group's rates on its own divisors, all and insured. */
    job->rows = out->rows;
    job->gross_row = out->gross_row;
    job->n = n;
    divisors all = group_divisors(p, pr, cover, -1);
    fill_row(&out->rows[out->n_rows], "total", "portfolio", &all);
    if (gross_sm) { /* the summary's mean and sd: ml_mean and ml_sd of gross */
        row_figures(&out->rows[out->n_rows], gross_sm->mean, n > 1 ? gross_sm->sd : 0.0, n);
        job->gross = gross;
        job->gross_sm = gross_sm;
    } else
        job->x[out->n_rows] = gross;
    out->n_rows++;
    for (unsigned s = 0; s < res->n_spec; s++) {
        divisors d = specialty_divisors(p, cover, s);
        job->x[out->n_rows] = res->spec_insured[s];
        fill_row(&out->rows[out->n_rows++], "specialty", p->specialties[s].name, &d);
    }
    for (unsigned g = 0; g < res->n_grades; g++) {
        divisors d = group_divisors(p, pr, cover, (int)g);
        job->x[out->n_rows] = res->grade_insured[g];
        fill_row(&out->rows[out->n_rows++], "grade", pr->grade_name[g], &d);
    }
    if (d) { /* collective: the rows' sums side by side, on this thread */
        const double *x[1 + ML_PRICE_SPEC_MAX + ML_HOSP_GRADES_MAX];
        size_t k = 0, at[1 + ML_PRICE_SPEC_MAX + ML_HOSP_GRADES_MAX];
        double mean[1 + ML_PRICE_SPEC_MAX + ML_HOSP_GRADES_MAX], tot[sizeof mean / sizeof *mean],
            sd[sizeof mean / sizeof *mean];
        for (size_t r = 0; r < out->n_rows; r++)
            if (job->x[r])
                x[k] = job->x[r], at[k++] = r;
        ml_dist_moments(d, x, k, n, mean, tot, sd);
        for (size_t j = 0; j < k; j++)
            row_figures(&out->rows[at[j]], mean[j], n > 1 ? sd[j] : 0.0, n);
    } else
        ml_tasks_run(threads, out->n_rows, row_task, job);
    free(job);
    job = NULL;

    /* Premium principles on the portfolio's annual insured loss. */
    ml_premiums pm;
    if ((!gross_sm || premiums_from_summary(gross_sm, n, pr, &pm) < 0) &&
        ml_premiums_compute_dist(d, gross, n, pr, scratch, &pm))
        goto nomem;
    out->n_principles = 0;
    ml_principle_rows_add(out, "annual", &pm, pr);
    if (pr->premium > 0.0)
        ml_principle_row_add(out, "annual", "given_premium", pr->premium, pm.mean, pr->premium,
                             pm.var995 - pm.mean);

    /* Layers, each alone against the gross loss, then all together. */
    size_t k = 0;
    for (unsigned j = 0; j < pr->n_xl && j < res->n_xl; j++, k++) {
        if (!(out->ceded[k] = malloc((n ? n : 1) * sizeof(double))))
            goto nomem;
        memcpy(out->ceded[k] + lo, res->xl_ceded[j] + lo, (hi - lo) * sizeof(double));
        if (layer_row(d, &out->layers[k], pr->xl[j].name, "per_claim_xl", pr->xl[j].attachment,
                      pr->xl[j].limit, out->ceded[k], gross, tmp, n, pr, scratch))
            goto nomem;
    }
    for (unsigned j = 0; j < pr->n_sl; j++, k++) {
        if (!(out->ceded[k] = malloc((n ? n : 1) * sizeof(double))))
            goto nomem;
        for (size_t i = lo; i < hi; i++)
            out->ceded[k][i] = ml_layer_ceded(&pr->sl[j], gross[i]);
        if (layer_row(d, &out->layers[k], pr->sl[j].name, "stop_loss", pr->sl[j].attachment,
                      pr->sl[j].limit, out->ceded[k], gross, tmp, n, pr, scratch))
            goto nomem;
    }
    out->n_layers = k;
    if (k > 0) {
        /* Per-claim recoveries inure to the stop loss: it attaches to the
         * annual loss net of them. */
        size_t nx = k - pr->n_sl;
        for (size_t i = lo; i < hi; i++) {
            double xlsum = 0.0;
            for (size_t j = 0; j < nx; j++)
                xlsum += out->ceded[j][i];
            double after = gross[i] - xlsum, slsum = 0.0;
            for (unsigned j = 0; j < pr->n_sl; j++)
                slsum += ml_layer_ceded(&pr->sl[j], after);
            tmp[i] = xlsum + slsum;
        }
        if (layer_row(d, &out->layers[k], "all_layers", "all_layers", 0.0, 0.0, tmp, gross,
                      out->net, n, pr, scratch))
            goto nomem;
        out->n_layers = k + 1;
    } else if (d) {
        memcpy(out->net + lo, gross + lo, (hi - lo) * sizeof(double));
    } else {
        out->net_is_gross = 1; /* the writer's to store; no copy made */
    }
    free(scratch);
    free(tmp);
    return ML_OK;
nomem:
    free(scratch);
    free(tmp);
    free(job);
    ml_pricing_result_free(out);
    return ML_ENOMEM;
}
