/*
 * h5shard.h — a shard: the per-replicate arrays of replicates [first, end)
 * of a run, format "medliab-shard" version 1 (README, "Shards").  A shard
 * holds no summary: `medliab merge` gathers every shard of a run into the
 * arrays one process would have held and computes and writes the results
 * file from them with the very code `medliab run` uses, so the merged file
 * is the whole run's.  What a shard must agree on with the others of its
 * run (seed, replicate count, run files, --set values, each scenario's
 * resolved text, the software that wrote it) travels in its header.
 *
 * Written like the results file: under a temporary name, renamed once
 * complete.  Read back by ml_shard_read_head and ml_shard_read_scenario,
 * which refuse a file that breaks this contract.
 */
#ifndef ML_H5SHARD_H
#define ML_H5SHARD_H

#include "measures.h"
#include "scenario.h"

#include <stddef.h>
#include <stdint.h>

#define ML_SHARD_FORMAT_NAME "medliab-shard"
#define ML_SHARD_FORMAT_VERSION 1

/* A shard's header: what it was run from and which replicates it holds.
 * The strings are malloc'd (ml_shard_head_free). */
typedef struct {
    char *path;                       /* the shard file (set by the reader) */
    char *software_version, *git_commit, *created_utc, *working_directory;
    uint64_t seed, replicates;        /* the whole run's */
    uint64_t first, end;              /* the shard's replicates [first, end) */
    size_t n_files;
    char **files;                     /* the run files, as the run was given them */
    size_t n_sets;
    char **sets;                      /* its --set arguments, PATH=VALUE */
    size_t n_scenarios;
    char **names;                     /* the scenarios, in run order */
    char **yaml;                      /* each one's resolved text (ml_scenario_to_yaml) */
} ml_shard_head;

void ml_shard_head_free(ml_shard_head *h);

typedef struct ml_shard ml_shard;

/* Creates path's temporary sibling and writes h's header (h->path, the
 * versions and created_utc are the writer's own; names and yaml are
 * written with each scenario). */
int ml_shard_open(ml_shard **out, const char *path, const ml_shard_head *h, ml_err *err);
/* The threads that deflate its count arrays (1 until set; 0: all cores);
 * the file is the same for any. */
void ml_shard_set_threads(ml_shard *f, int threads);
/* Writes scenario s's arrays (res holds replicates [first, end)). */
int ml_shard_write_scenario(ml_shard *f, const ml_scenario *s, const ml_results *res,
                            ml_err *err);
/* Closes, flushes and renames into place. */
int ml_shard_commit(ml_shard *f, ml_err *err);
/* Closes and removes the temporary file. */
void ml_shard_abort(ml_shard *f);

/* Reads path's header; refuses a file that is not a shard of this format
 * version, or whose header is incomplete, naming the file and the field. */
int ml_shard_read_head(const char *path, ml_shard_head *h, ml_err *err);
/* What a shard holds for array j of ml_shard_arrays (held[j]): its own
 * samples, read; nothing stored, +0.0 throughout, not read; or (k >= 0)
 * the samples of array k < j, which it is a second name of (a hard link),
 * not read.  Written so by ml_shard_write_scenario; any shard's arrays
 * read as theirs once the merge copies and zeroes them (merge_series.h). */
enum { ML_SHARD_READ = -1, ML_SHARD_ZERO = -2 };

/* Reads scenario i of a shard (h from ml_shard_read_head) into res, which
 * holds the whole run (res->n = h->replicates, its arrays shaped by the
 * scenario: channels, pricing and ledgers allocated): the shard's values
 * go to indices [first, end) of the arrays held[j] says are read (its
 * ML_SHARD_ARRAYS_MAX entries set), its time-to-closure histogram is added
 * to res's.  A dataset missing, of the wrong length, or a shape that is
 * not res's is refused. */
int ml_shard_read_scenario(const ml_shard_head *h, size_t i, ml_results *res, int *held,
                           ml_err *err);

#endif
