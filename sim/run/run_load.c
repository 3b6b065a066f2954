/*
 * run_load.c — see run_load.h.
 */
#include "run_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run file i with q's overrides after extra's (a --set stays set in every
 * draw: param_read.c applies overrides by path last); set_used[j] is
 * raised for each of q's overrides that matched. */
static int load_one(const ml_run_request *q, const ml_load_opts *extra, ml_params *collect,
                    ml_params *own, size_t i, ml_scenario *s, int *set_used, ml_err *err)
{
    size_t ne = extra ? extra->n_set : 0, n = ne + q->n_overrides;
    ml_override *all = n ? malloc(n * sizeof *all) : NULL;
    int *used = n ? calloc(n, sizeof *used) : NULL;
    if (n && (!all || !used)) {
        free(all);
        free(used);
        return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu overrides", n);
    }
    if (ne)
        memcpy(all, extra->set, ne * sizeof *all);
    if (q->n_overrides)
        memcpy(all + ne, q->overrides, q->n_overrides * sizeof *all);
    ml_override_log log = {0};
    ml_load_opts o = {.collect = collect, .own = own, .set = all, .n_set = n, .used = used,
                      .log = &log};
    int rc = ml_scenario_load_opts(q->files[i], &o, s, err);
    ml_override_log_free(&log);
    for (size_t j = 0; !rc && j < q->n_overrides; j++)
        set_used[j] |= used[ne + j];
    if (!rc && extra && extra->used)
        for (size_t j = 0; j < ne; j++)
            extra->used[j] |= used[j];
    free(all);
    free(used);
    return rc;
}

/* Loads every run file into sc; *loaded counts the scenarios to free. */
int ml_run_load(const ml_run_request *q, const ml_load_opts *extra, ml_params *own,
                ml_scenario *sc, size_t *loaded, ml_err *err)
{
    int *set_used = calloc(q->n_overrides + 1, sizeof *set_used);
    if (!set_used)
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    /* One list for all the run's files, so that a name given in two files
     * with two distributions is refused in every run, not only in one
     * with parameter draws. */
    ml_params all = {0};
    ml_params *collect = extra && extra->collect ? extra->collect : &all;
    int rc = ML_OK;
    for (size_t i = 0; !rc && i < q->n_files; i++) {
        rc = load_one(q, extra, collect, own ? &own[i] : NULL, i, &sc[i], set_used, err);
        if (rc)
            break;
        *loaded = i + 1;
        for (size_t j = 0; !rc && j < i; j++)
            if (!strcmp(sc[j].name, sc[i].name))
                rc = ML_ERROR(err, ML_EINVAL, "%s: name: scenario name '%s' is also used "
                              "by %s; names must be unique in one run", q->files[i],
                              sc[i].name, q->files[j]);
    }
    /* A path no file has is a typo: say so rather than run without it. */
    for (size_t j = 0; !rc && j < q->n_overrides; j++)
        if (!set_used[j] && q->overrides[j].path)
            rc = ML_ERROR(err, ML_EINVAL, "--set %.*s=%s: no number of the run file%s has "
                          "the field path %.*s (paths are written as in messages, e.g. "
                          "regime.lifecycle.insurance.participation)",
                          (int)q->overrides[j].path_len, q->overrides[j].path,
                          q->overrides[j].text ? q->overrides[j].text : "",
                          q->n_files > 1 ? "s" : "", (int)q->overrides[j].path_len,
                          q->overrides[j].path);
    free(set_used);
    ml_params_free(&all);
    return rc;
}

/* One seed and replicate count for the whole run: the request's, else the
 * run files' run section (every file that has one must agree), else the
 * defaults. */
int ml_run_settle(const ml_run_request *q, const ml_scenario *sc, uint64_t *seed,
                  uint64_t *reps, ml_err *err)
{
    size_t reps_from = q->n_files, seed_from = q->n_files;
    *reps = q->replicates;
    *seed = q->have_seed ? q->seed : ML_RUN_DEFAULT_SEED;
    for (size_t i = 0; i < q->n_files; i++) {
        if (!q->replicates && !q->target && sc[i].has_replicates) {
            if (reps_from < i && *reps != sc[i].replicates)
                return ML_ERROR(err, ML_EINVAL, "%s: run.replicates: %llu differs from %llu "
                                "in %s, of the same run; give one replicate count",
                                q->files[i], (unsigned long long)sc[i].replicates,
                                (unsigned long long)*reps, q->files[reps_from]);
            if (reps_from > i)
                reps_from = i;
            *reps = sc[i].replicates;
        }
        if (!q->have_seed && sc[i].has_seed) {
            if (seed_from < i && *seed != sc[i].seed)
                return ML_ERROR(err, ML_EINVAL, "%s: run.seed: %llu differs from %llu in %s, "
                                "of the same run; give one seed", q->files[i],
                                (unsigned long long)sc[i].seed, (unsigned long long)*seed,
                                q->files[seed_from]);
            if (seed_from > i)
                seed_from = i;
            *seed = sc[i].seed;
        }
    }
    if (!*reps && !q->target)
        *reps = ML_RUN_DEFAULT_REPLICATES;
    return ML_OK;
}

