/*
 * run.h — the library entry point of a run: run files in, one results file
 * out, and the results of every scenario handed back.  `medliab run` and
 * `medliab verify` both make this one call; the command line only parses
 * argv, shows progress, prints the outcome and turns the status into an
 * exit code.
 *
 * ml_run loads every scenario first (so that a mistake in the last file
 * fails before any work), takes one seed and replicate count for all of
 * them (common random numbers), simulates them one after another in
 * blocks of replicates (growing with --target-se until a figure is precise
 * enough), computes each scenario's results once (scenario_results.h),
 * writes the file under a temporary name and renames it into place.  It
 * never prints and never exits: it returns a status (models/status.h) with
 * a message naming the file and the field.
 *
 * Under MPI (par.h) every rank makes the same call with the same request;
 * each simulates its block of every range, all hold every result, and all
 * write one file.
 */
#ifndef ML_RUN_H
#define ML_RUN_H

#include "params.h"
#include "scenario_results.h"
#include "status.h"
#include "target_se.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#define ML_RUN_DEFAULT_REPLICATES 10000u
#define ML_RUN_DEFAULT_SEED 1u
#define ML_RUN_DEFAULT_MAX_REPLICATES 1000000u

/* What to do when the output file exists already. */
typedef enum {
    ML_RUN_KEEP_EXISTING = 0, /* refuse (ML_EIO) and leave it untouched */
    ML_RUN_REPLACE = 1        /* replace it, atomically, once the new one is complete */
} ml_run_overwrite;

/* Feedback while simulating; any member may be NULL. */
typedef struct {
    /* done of total replicates over the whole job (every scenario), after
     * busy seconds in the engine; label says which scenario. */
    void (*update)(void *ctx, const char *label, uint64_t done, uint64_t total, double busy);
    /* The job's total changed (a --target-se run went on to a further
     * checkpoint). */
    void (*new_total)(void *ctx);
    /* Simulation pauses: results are computed and written before the next
     * scenario (a progress bar should be cleared). */
    void (*pause)(void *ctx);
    void *ctx;
} ml_run_progress;

typedef struct {
    const char *const *files; /* the run files, in the order of the results */
    size_t n_files;
    const char *output; /* the results file */
    ml_run_overwrite overwrite;
    /* 0: the run files' run.replicates (which must agree), else
     * ML_RUN_DEFAULT_REPLICATES.  Must be 0 with a target. */
    uint64_t replicates;
    /* have_seed 0: the run files' run.seed (which must agree), else
     * ML_RUN_DEFAULT_SEED. */
    int have_seed;
    uint64_t seed;
    int threads; /* OpenMP threads; 0 = all cores.  Results do not depend on it */
    /* Precision on demand: NULL for a fixed replicate count; else run to
     * checkpoints until every scenario's relative se of the target's figure
     * is at most target->rel, or max_replicates (0: the default) is
     * reached. */
    const ml_target *target;
    uint64_t max_replicates;
    /* Set asynchronously (a signal handler) to stop the run: ml_run then
     * returns ML_EINTR and leaves no file behind.  May be NULL. */
    volatile sig_atomic_t *stop;
    ml_run_progress progress;
    /* --set PATH=VALUE: numbers of the run files replaced (params.h); a
     * path no file has is an error. */
    const ml_override *overrides;
    size_t n_overrides;
    /* Second-order Monte Carlo: 0, or the number of parameter sets drawn
     * from the files' distributions, each simulated with the run's seed
     * and replicates (run_draws.c); written under each scenario's
     * uncertainty/ group.  Not with a target. */
    unsigned parameter_draws;
    /* A shard (README, "Shards"; h5shard.h): have_range 1, replicates
     * [range_from, range_to) of the run only; or shard_count > 0, the
     * shard_index-th of shard_count slices of the replicates (0-based,
     * sizes differing by at most one, as MPI ranks split them).  The output
     * is then a shard for `medliab merge`, not a results file.  Not with a
     * target, parameter draws or several MPI ranks. */
    int have_range;
    uint64_t range_from, range_to;
    unsigned shard_index, shard_count;
} ml_run_request;

typedef struct {
    size_t n; /* scenarios, as many as files */
    /* One per run file, in request order: every table of the file (the
     * pricing's per-replicate series, in the file, are not kept:
     * pricing.ceded and pricing.net are NULL). */
    ml_scenario_results *results;
    uint64_t seed, replicates;    /* what the run used */
    char stopping_rule[512];      /* with a target: the rule it followed; else "" */
    /* A shard run: 1, the replicates [first, end) it wrote (results is
     * NULL: a slice's summaries are not the run's). */
    int shard;
    uint64_t first, end;
} ml_run_outcome;

/* Runs req.  On ML_OK the results file is in place and out holds every
 * scenario's results (free with ml_run_outcome_free); on failure there is
 * no results file (an older one is left as it was), out holds nothing to
 * free, and err says why: ML_EINVAL (a request or run file that cannot
 * run; the message names the file, line and field), ML_EIO (the output
 * exists, or cannot be written), ML_ENOMEM, ML_EINTR (stopped),
 * ML_EUNSUPPORTED (a draw the engine cannot make). */
int ml_run(const ml_run_request *req, ml_run_outcome *out, ml_err *err);
void ml_run_outcome_free(ml_run_outcome *out);

/* The shard run of ml_run (run_shard.c): q asks for a range or a shard. */
int ml_run_shard(const ml_run_request *q, ml_run_outcome *out, ml_err *err);

/* `medliab merge`: shards of one run to the results file that one run of
 * the whole range writes (merge.c). */
typedef struct {
    const char *output;
    const char *const *parts;
    size_t n_parts;
    ml_run_overwrite overwrite;
    int threads; /* of the results and write stages; 0 = all cores */
    volatile sig_atomic_t *stop; /* may be NULL */
} ml_merge_request;

/* Reads every part's header and refuses a set of parts that is not one
 * run's whole range (overlapping, duplicated or missing replicates;
 * another seed, replicate count, run file, --set, scenario text or
 * software version), naming the parts; reloads the run files (from the
 * folder merge runs in) and checks that each resolves to the text the
 * shards ran; then gathers every scenario's arrays and computes and
 * writes its results as ml_run does.  out as ml_run's; no file is left
 * behind on failure. */
int ml_merge(const ml_merge_request *q, ml_run_outcome *out, ml_err *err);

#endif
