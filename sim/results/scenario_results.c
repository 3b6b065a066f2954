/*
 * scenario_results.c — see scenario_results.h.  Each table comes from the
 * one function of this room that defines it (stats.c, policy_metrics.c,
 * pricing.c); this file only calls them and keeps what they give.
 *
 * Speed (issue 16): each measure is one task (tasks.h), on the run's
 * threads: its samples are summed once (the mean's compensated sum and
 * the plain total the policy metrics take, side by side) and ordered only
 * where the summary and the exceedance table read the order
 * (order_view.h), each array at most once; the ranks those read are
 * computed once for n.  Every figure is the same function of the same
 * samples in the same order as before, so the results are bit for bit
 * the same, for any thread count.
 */
#include "scenario_results.h"
#include "basis_pricing.h"
#include "dist.h"
#include "order_view.h"
#include "tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ml_policy_keep_defined(ml_metric *m, size_t n, char *undefined, size_t cap)
{
    size_t k = 0, len = 0;
    undefined[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (isfinite(m[i].value)) {
            m[k++] = m[i];
            continue;
        }
        int w = snprintf(undefined + len, cap - len, "%s%s", len ? "," : "", m[i].name);
        if (w > 0 && (size_t)w < cap - len)
            len += (size_t)w;
    }
    for (size_t i = k; i < n; i++)
        memset(&m[i], 0, sizeof m[i]);
    return k;
}

static void copy_labels(const ml_scenario *s, ml_scenario_results *r)
{
    snprintf(r->name, sizeof r->name, "%s", s->name);
    snprintf(r->portfolio, sizeof r->portfolio, "%s", s->portfolio.name);
    snprintf(r->regime, sizeof r->regime, "%s", s->regime.name);
    snprintf(r->currency, sizeof r->currency, "%s", s->regime.currency);
    snprintf(r->exposure_unit, sizeof r->exposure_unit, "%s", s->portfolio.exposure_unit);
}

/* The policy table, its undefined metrics left out; totals[m] the plain
 * sums of the measures (NULL: summed there); d: the replicates split over
 * processes (NULL: all here). */
static void fill_policy(const ml_scenario *s, const ml_results *res, const double *totals,
                        int threads, const ml_dist *d, ml_scenario_results *out)
{
    unsigned char blank[ML_N_MEASURES];
    for (int m = 0; m < ML_N_MEASURES; m++)
        blank[m] = out->blank[m][0];
    size_t k = ml_policy_metrics_copies(s, res, totals, threads, d, d ? NULL : blank,
                                        out->copy_of, out->policy);
    /* With timing, the payment pattern of compensation follows. */
    k += ml_dev_policy_metrics_dist(d, res, out->policy + k, ML_METRICS_MAX - k);
    out->n_policy = ml_policy_keep_defined(out->policy, k, out->policy_undefined,
                                           sizeof out->policy_undefined);
    out->lifecycle = s->regime.life != NULL;
}

/* out zeroed (the unused tails of fixed-length names and the rows past a
 * table's end are written to the file as they are) and labelled. */
static void begin(const ml_scenario *s, const ml_results *res, ml_scenario_results *out)
{
    memset(out, 0, sizeof *out);
    copy_labels(s, out);
    out->n = res->n;
}

/* The measures' tasks: what each reads and where its figures go. */
typedef struct {
    const ml_results *res;
    const ml_rank_table *ranks;
    ml_scenario_results *out;
    double totals[ML_N_MEASURES];
    int failed[ML_N_MEASURES];
    unsigned char blank[ML_N_MEASURES]; /* annual[m] is +0.0 throughout */
} measure_job;

/* Whether measure m's annual samples are +0.0 throughout: known where the
 * engine never wrote them (ml_results.zero), else read (a measure that is
 * not stops at its first value that is not zero). */
static void blank_task(void *ctx, size_t i)
{
    measure_job *j = ctx;
    const ml_results *res = j->res;
    j->blank[i] = res->zero[i] || (res->n > 0 && ml_all_zero_bits(res->annual[i], res->n));
}

/* The ascending order of x at the positions w names (order_view.h) into
 * *buf, allocated only when x is not in order already; *blank: every
 * x[i] is +0.0 (then x itself), as the caller knows it (zero 1 or 0) or
 * read here (zero -1).  NULL when out of memory. */
static const double *ordered(const double *x, size_t n, const ml_order_need *w, double **buf,
                             int zero, int *blank, ml_order_sums *sums)
{
    if (sums)
        sums->done = 0;
    *blank = n > 0 && (zero < 0 ? ml_all_zero_bits(x, n) : zero);
    if (*blank)
        return x;
    const double *v = ml_order_view(x, n, w, NULL);
    if (v)
        return v;
    if (!*buf && !(*buf = malloc(n * sizeof **buf)))
        return NULL;
    return ml_order_view_sums(x, n, w, *buf, sums);
}

/* Whether measure m's samples equal measure k's bit for bit, annual and
 * annual_max alike.  The first, middle and last values are compared
 * before the whole arrays, so that measures that differ cost nothing. */
static int same_samples(const ml_results *res, int m, int k)
{
    size_t n = res->n;
    const double *a = res->annual[m], *b = res->annual[k];
    const double *am = res->annual_max[m], *bm = res->annual_max[k];
    if (!am != !bm)
        return 0;
    if (n == 0 || (a == b && am == bm)) /* a copy the engine left (ml_results_resolve) */
        return 1;
    size_t probe[3] = {0, n / 2, n - 1};
    for (int p = 0; p < 3; p++)
        if (memcmp(a + probe[p], b + probe[p], sizeof *a) ||
            (am && memcmp(am + probe[p], bm + probe[p], sizeof *am)))
            return 0;
    return !memcmp(a, b, n * sizeof *a) && (!am || !memcmp(am, bm, n * sizeof *am));
}

/* out->copy_of: each measure whose samples equal an earlier one's (a
 * textbook regime without terms pays damages in full, so compensation,
 * insured and patient_net are damages again, and every claim is a paid
 * one).  Its figures are the same function of the same numbers, so they
 * are copied, not computed again, and the writer stores the samples once.
 * Measures that are zero (blank) cost little already and are left alone. */
static void find_copies(const ml_results *res, const unsigned char *blank,
                        ml_scenario_results *out)
{
    int first[ML_N_MEASURES], n_first = 0;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        if (blank[m])
            continue;
        int k = 0;
        while (k < n_first && !same_samples(res, m, first[k]))
            k++;
        if (k < n_first)
            out->copy_of[m] = (unsigned char)(first[k] + 1);
        else
            first[n_first++] = m;
    }
}

/* Measure m's figures from measure k's, whose samples are the same. */
static void copy_measure(ml_scenario_results *out, double *totals, int m, int k)
{
    out->summary[m] = out->summary[k];
    out->has_ep[m] = out->has_ep[k];
    memcpy(out->blank[m], out->blank[k], sizeof out->blank[m]);
    memcpy(out->ep[m], out->ep[k], sizeof out->ep[m]);
    out->aal[m] = out->aal[k];
    totals[m] = totals[k];
}

/* Measure m's summary row, exceedance table and total. */
static void measure_task(void *ctx, size_t i)
{
    measure_job *j = ctx;
    int m = (int)i;
    if (j->out->copy_of[m])
        return; /* copy_measure, once every task is done */
    const ml_results *res = j->res;
    ml_scenario_results *out = j->out;
    const double *x = res->annual[m], *xmax = res->annual_max[m];
    size_t n = res->n;
    ml_order_need w;
    ml_order_need_init(&w, n);
    ml_summary_need(j->ranks, &w);
    if (xmax)
        ml_ep_need(j->ranks, &w);
    /* Room for an order only where x is not in order already (a measure
     * that is 0 every year is); pages never written cost nothing. */
    double *buf = NULL;
    int blank;
    ml_order_sums sums;
    const double *sorted = ordered(x, n, &w, &buf, j->blank[m], &blank, &sums); /* blank_task */
    if (!sorted) {
        j->failed[m] = 1;
        return;
    }
    out->blank[m][0] = (unsigned char)blank;
    /* Ordered from +-0.0 to +-0.0: every value is +-0.0. */
    int zero = sorted == x && n > 0 && x[0] == 0.0 && x[n - 1] == 0.0;
    ml_summary *sm = &out->summary[m];
    if (sums.done) { /* made while ordering */
        j->totals[m] = sums.total;
        ml_summary_set_moments(sm, n, sums.mean, sums.sd);
    } else {
        if (zero)
            j->totals[m] = 0.0; /* 0.0 + +-0.0 + ... */
        else
            ml_mean_total(x, n, &j->totals[m]);
        ml_summary_moments(x, n, zero, sm);
    }
    ml_summary_quantiles(sorted, n, j->ranks, sm);
    if (xmax) {
        out->has_ep[m] = 1;
        out->aal[m] = sm->mean; /* ml_mean of the annual samples */
        ml_ep_column(sorted, n, j->ranks, 0, out->ep[m]);
        ml_order_need_init(&w, n);
        ml_ep_need(j->ranks, &w);
        const double *smax = ordered(xmax, n, &w, &buf, res->zero[m] ? 1 : -1, &blank, NULL);
        if (!smax) {
            free(buf);
            j->failed[m] = 1;
            return;
        }
        out->blank[m][1] = (unsigned char)blank;
        ml_ep_column(smax, n, j->ranks, 1, out->ep[m]);
    }
    free(buf);
}

/* Each hospital's probability of being insured in a year, from the
 * regime's participation and mandate as the engine draws its cover
 * (engine_life.c); NULL, with *ok set, where every hospital is insured (a
 * textbook regime) or there is no memory (*ok 0). */
static double *cover_of(const ml_scenario *s, int *ok)
{
    *ok = 1;
    const ml_lifecycle *L = s->regime.life;
    if (!L)
        return NULL;
    size_t nh = s->portfolio.n_hospitals;
    double *q = malloc((nh ? nh : 1) * sizeof *q);
    if (!q) {
        *ok = 0;
        return NULL;
    }
    for (size_t h = 0; h < nh; h++)
        q[h] = ml_cover_probability(s->participation ? s->participation[h]
                                                     : L->ins.participation,
                                    s->mandate_target ? s->mandate_target[h] : 0.0,
                                    L->ins.mandate.enforcement);
    return q;
}


/* The measures' rows where the replicates are split over processes
 * (dist.h): the same functions of the same order statistics and the same
 * chains of additions as measure_task, so the same numbers.  Collective;
 * -1 out of memory (on every process). */
static int measures_dist(const ml_dist *d, const ml_results *res, const ml_rank_table *ranks,
                         ml_scenario_results *out, double *totals)
{
    size_t n = res->n;
    double mean[ML_N_MEASURES], sd[ML_N_MEASURES];
    ml_dist_moments(d, (const double *const *)res->annual, ML_N_MEASURES, n, mean, totals, sd);
    for (int m = 0; m < ML_N_MEASURES; m++) {
        const double *x = res->annual[m], *xmax = res->annual_max[m];
        ml_summary *sm = &out->summary[m];
        /* A measure +-0.0 every year: the sums above give the +0.0 that
         * measure_task sets (stats.c, ml_summary_moments). */
        ml_summary_set_moments(sm, n, mean[m], sd[m]);
        out->blank[m][0] = (unsigned char)(n > 0 && ml_dist_all_zero_bits(d, x, n));
        ml_order_need w;
        ml_order_need_init(&w, n);
        ml_summary_need(ranks, &w);
        if (xmax)
            ml_ep_need(ranks, &w);
        double *buf;
        const double *sorted = ml_dist_view(d, x, n, &w, &buf);
        if (!sorted)
            return -1;
        ml_summary_quantiles(sorted, n, ranks, sm);
        if (xmax) {
            out->has_ep[m] = 1;
            out->aal[m] = sm->mean;
            ml_ep_column(sorted, n, ranks, 0, out->ep[m]);
        }
        free(buf);
        if (!xmax)
            continue;
        ml_order_need_init(&w, n);
        ml_ep_need(ranks, &w);
        const double *smax = ml_dist_view(d, xmax, n, &w, &buf);
        if (!smax)
            return -1;
        out->blank[m][1] = (unsigned char)(n > 0 && ml_dist_all_zero_bits(d, xmax, n));
        ml_ep_column(smax, n, ranks, 1, out->ep[m]);
        free(buf);
    }
    return 0;
}

int ml_scenario_results_fill_dist(const ml_scenario *s, const ml_results *res,
                                  const ml_dist *d, ml_scenario_results *out, ml_err *err)
{
    begin(s, res, out);
    ml_rank_table ranks;
    ml_rank_table_init(&ranks, res->n);
    double totals[ML_N_MEASURES];
    if (measures_dist(d, res, &ranks, out, totals))
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the results of %s", s->name);
    fill_policy(s, res, totals, 1, d, out);
    out->n_stages = ml_stage_metrics_dist(s, res, d, out->stages);
    int ok;
    double *cover = cover_of(s, &ok);
    int rc = ok ? ml_pricing_compute_dist(&s->portfolio, &s->pricing, cover, res,
                                          &out->summary[ML_M_INSURED], 1, d, &out->pricing)
                : ML_ENOMEM;
    free(cover);
    if (rc != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the pricing tables of %s",
                        s->name);
    if (ml_development_compute_dist(d, res, &out->dev) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the development of %s", s->name);
    if (ml_basis_pricing_dist(d, s, res, &out->pricing, &out->dev.basis,
                              &out->dev.risk_margin) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the pricing tables of %s",
                        s->name);
    return ML_OK;
}

int ml_scenario_results_fill(const ml_scenario *s, const ml_results *res, int threads,
                             ml_scenario_results *out, ml_err *err)
{
    begin(s, res, out);
    ml_rank_table ranks;
    ml_rank_table_init(&ranks, res->n);
    measure_job *job = calloc(1, sizeof *job);
    if (!job)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the results of %s", s->name);
    job->res = res;
    job->ranks = &ranks;
    job->out = out;
    ml_tasks_run(threads, ML_N_MEASURES, blank_task, job);
    find_copies(res, job->blank, out);
    ml_tasks_run(threads, ML_N_MEASURES, measure_task, job);
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (job->failed[m]) {
            free(job);
            return ML_ERROR(err, ML_ENOMEM, "out of memory for the results of %s", s->name);
        }
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (out->copy_of[m])
            copy_measure(out, job->totals, m, out->copy_of[m] - 1);

    fill_policy(s, res, job->totals, threads, NULL, out);
    free(job);
    out->n_stages = ml_stage_metrics(s, res, out->stages);

    if (ml_development_compute(res, &out->dev) != ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the development of %s", s->name);
    int ok;
    double *cover = cover_of(s, &ok);
    int rc = ok ? ml_pricing_compute_with(&s->portfolio, &s->pricing, cover, res,
                                          &out->summary[ML_M_INSURED], threads, &out->pricing)
                : ML_ENOMEM;
    free(cover);
    if (rc != ML_OK ||
        ml_basis_pricing(s, res, &out->pricing, &out->dev.basis, &out->dev.risk_margin) !=
            ML_OK)
        return ML_ERROR(err, ML_ENOMEM, "out of memory for the pricing tables of %s",
                        s->name);
    return ML_OK;
}

int ml_scenario_results_fill_headline(const ml_scenario *s, const ml_results *res,
                                      ml_scenario_results *out, ml_err *err)
{
    begin(s, res, out);
    size_t n = res->n;
    const double *x = res->annual[ML_M_INSURED];
    ml_rank_table ranks;
    ml_rank_table_init(&ranks, n);
    ml_order_need w;
    ml_order_need_init(&w, n);
    ml_summary_need(&ranks, &w);
    double *buf = NULL;
    const double *sorted = ml_order_view(x, n, &w, NULL);
    if (!sorted) {
        if (!(buf = malloc((n ? n : 1) * sizeof *buf)))
            return ML_ERROR(err, ML_ENOMEM, "out of memory for the results of %s", s->name);
        sorted = ml_order_view(x, n, &w, buf);
    }
    ml_summary_moments(x, n, 0, &out->summary[ML_M_INSURED]);
    ml_summary_quantiles(sorted, n, &ranks, &out->summary[ML_M_INSURED]);
    free(buf);
    fill_policy(s, res, NULL, 1, NULL, out);
    return ML_OK;
}

void ml_scenario_results_free(ml_scenario_results *r)
{
    ml_development_free(&r->dev);
    ml_pricing_result_free(&r->pricing);
}

void ml_scenario_results_drop_series(ml_scenario_results *r)
{
    for (size_t k = 0; k < sizeof r->pricing.ceded / sizeof r->pricing.ceded[0]; k++) {
        free(r->pricing.ceded[k]);
        r->pricing.ceded[k] = NULL;
    }
    free(r->pricing.net);
    r->pricing.net = NULL;
}
