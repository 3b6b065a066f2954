/*
 * run_blocks.c — see run_blocks.h.  Blocks are sized to redraw progress
 * about four times a second, and to at most a twentieth of a range so that
 * every tenth of it is seen; their size never changes a sample.
 */
#include "run_blocks.h"
#include "engine.h"
#include "par.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK_SECONDS 0.25
#define BLOCK_MIN 64u
#define BLOCK_MAX (1u << 20)

double ml_blocks_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int stopped(const ml_blocks *c)
{
    return c->stop && *c->stop;
}

/* A lifecycle scenario also keeps per-stage arrays and a histogram of
 * time to closure; they start afresh with each scenario's first block. */
int ml_blocks_prepare(ml_results *res, const ml_scenario *s)
{
    ml_results_free_channels(res);
    memset(res->months_hist, 0, sizeof res->months_hist);
    if (ml_results_alloc_pricing(res, (unsigned)s->portfolio.n_specialties,
                                 s->pricing.n_grades, s->pricing.n_xl))
        return ML_ENOMEM;
    if (s->time.on ? ml_results_alloc_dev(res, s->time.years, s->time.dev_years)
                   : (ml_results_free_dev(res), ML_OK))
        return ML_ENOMEM;
    return s->regime.life ? ml_results_alloc_channels(res, s->regime.life->pathway.n) : ML_OK;
}

/* res's arrays from replicate at on, len of them: a block's window. */
static ml_results window(const ml_results *res, size_t at, size_t len)
{
    ml_results view = *res;
    view.n = len;
    for (int m = 0; m < ML_N_MEASURES; m++) {
        view.annual[m] = res->annual[m] + at;
        if (res->annual_max[m])
            view.annual_max[m] = res->annual_max[m] + at;
    }
    for (unsigned k = 0; k < res->n_channels; k++)
        for (int st = 0; st < ML_STAGE_STATS; st++)
            view.stage[st][k] = res->stage[st][k] + at;
    ml_results_view_pricing(&view, res, at);
    if (res->dev)
        view.dev = res->dev + at * res->dev_stride;
    return view;
}

/* Under MPI each rank runs its own block [lo, hi) of the range, and the
 * gather at the end hands every rank the whole range (par.h) unless
 * c->keep_local; progress is rank 0's share scaled to the whole. */
int ml_blocks_range(ml_blocks *c, size_t i, ml_results *res, size_t from, size_t to,
                    ml_err *err)
{
    int rc = ML_OK;
    if (from == c->base && ml_blocks_prepare(res, &c->sc[i]))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory for the stage statistics");
    size_t lo, hi;
    ml_par_block(from, to, ml_par_rank(), ml_par_size(), &lo, &hi);
    uint64_t done0 = c->job_done;
    double scale = hi > lo ? (double)(to - from) / (double)(hi - lo) : 0.0;
    ml_par_range_begin(res);
    char label[200];
    snprintf(label, sizeof label, "%s (%zu/%zu)%s%s", c->sc[i].name, i + 1, c->nsc,
             c->tag ? ", " : "", c->tag ? c->tag : "");
    /* Every block's window starts from the zero flags of the range's
     * beginning: its own entries are untouched until it runs, and the
     * engine leaves unwritten the zeros of a fresh array (series_store.h). */
    unsigned char clean[ML_N_MEASURES];
    memcpy(clean, res->zero, sizeof clean);
    memset(res->same, 0, sizeof res->same);
    size_t cap = (hi - lo) / 20;
    if (cap < BLOCK_MIN)
        cap = BLOCK_MIN;
    for (size_t at = lo; at < hi && !rc;) {
        size_t len = c->block < cap ? c->block : cap;
        if (len > hi - at)
            len = hi - at;
        ml_results view = window(res, at - c->base, len);
        memcpy(view.zero, clean, sizeof view.zero);
        ml_run_opts o = {c->seed, len, at, c->threads, c->stop, 0, c->counts};
        double t0 = ml_blocks_now();
        rc = ml_engine_run(&c->sc[i], &o, &view, err);
        /* The measures the engine wrote are no longer known zero. */
        for (int m = 0; m < ML_N_MEASURES; m++)
            res->zero[m] &= view.zero[m];
        /* Copies that hold in every block stay copies (lazy runs only). */
        ml_results_merge_same(res, view.same, lo - c->base, at - c->base, len, at == lo);
        /* The engine adds this block's claims to the view's histogram. */
        memcpy(res->months_hist, view.months_hist, sizeof res->months_hist);
        if (!rc && stopped(c))
            rc = ML_ERROR(err, ML_EINTR, "interrupted");
        if (rc)
            break;
        double dt = ml_blocks_now() - t0;
        at += len;
        c->job_done = done0 + (uint64_t)((double)(at - lo) * scale);
        c->busy += dt;
        if (c->prog->update)
            c->prog->update(c->prog->ctx, label, c->job_done, c->job_total, c->busy);
        double want = dt > 0 ? (double)len * BLOCK_SECONDS / dt : 4.0 * (double)len;
        if (want > 4.0 * (double)len)
            want = 4.0 * (double)len;
        c->block = want < BLOCK_MIN ? BLOCK_MIN : want > BLOCK_MAX ? BLOCK_MAX : (size_t)want;
    }
    c->job_done = done0 + (to - from);
    return ml_par_range_end(res, from - c->base, to - c->base, rc, !c->keep_local, err);
}

int ml_blocks_grow(ml_results *res, size_t n)
{
    ml_results_fill_same(res); /* realloc keeps arrays, not views of them */
    memset(res->zero, 0, sizeof res->zero); /* realloc's new entries are not zero */
    for (int m = 0; m < ML_N_MEASURES; m++) {
        double *p = realloc(res->annual[m], n * sizeof *p);
        if (!p)
            return ML_ENOMEM;
        res->annual[m] = p;
        if (ml_measure_is_amount[m]) {
            p = realloc(res->annual_max[m], n * sizeof *p);
            if (!p)
                return ML_ENOMEM;
            res->annual_max[m] = p;
        }
    }
    for (unsigned k = 0; k < res->n_channels; k++)
        for (int st = 0; st < ML_STAGE_STATS; st++) {
            double *p = realloc(res->stage[st][k], n * sizeof *p);
            if (!p)
                return ML_ENOMEM;
            res->stage[st][k] = p;
        }
    if (ml_results_grow_pricing(res, n) || ml_results_grow_dev(res, n))
        return ML_ENOMEM;
    res->n = n;
    return ML_OK;
}

int ml_blocks_to_target(ml_blocks *c, const ml_target *t, size_t max, ml_results *res,
                        size_t *final_n, char *rule, size_t cap, ml_err *err)
{
    size_t n = 0, next = ML_TARGET_FIRST < max ? ML_TARGET_FIRST : max;
    double worst = INFINITY, value = 0;
    const char *where = "";
    for (;;) {
        c->job_total = (uint64_t)next * c->nsc;
        if (c->prog->new_total)
            c->prog->new_total(c->prog->ctx);
        for (size_t i = 0; i < c->nsc; i++) {
            if (ml_blocks_grow(&res[i], next))
                return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu replicates", next);
            int rc = ml_blocks_range(c, i, &res[i], n, next, err);
            if (rc)
                return rc;
        }
        n = next;
        double *scratch = malloc(n * sizeof *scratch);
        if (!scratch)
            return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu replicates", n);
        worst = -1.0;
        for (size_t i = 0; i < c->nsc; i++) {
            double v, r = ml_target_rel_se(t, res[i].annual[t->measure], n, scratch, &v);
            if (r > worst) {
                worst = r;
                value = v;
                where = c->sc[i].name;
            }
        }
        free(scratch);
        if (worst <= t->rel || n >= max)
            break;
        next = ml_target_next(n, worst, t->rel, max);
    }
    *final_n = n;
    snprintf(rule, cap, "%s: relative se of %s is %.4g %s %.4g at %zu replicates "
             "(worst scenario %s, value %.6g)",
             worst <= t->rel ? "target reached" : "max-replicates reached, target not met",
             t->text, worst, worst <= t->rel ? "<=" : ">", t->rel, n, where, value);
    return ML_OK;
}
