/*
 * sources.h — where every number of a scenario file comes from.
 *
 * Each number in scenarios/ is sourced (a published figure, with its
 * citation), fitted (set so that named rows of
 * results/reference/calibration.csv are met), an assumption (with a reason),
 * or a run setting (replicates and seed of a run file's run: block).  The
 * class is written in a YAML comment: `# UNIT; source: CITATION`,
 * `# UNIT; fitted: ROW_ID[, ROW_ID]`, `# UNIT; assumption: REASON`,
 * `# setting: REASON`.  The scanner finds every number the loader would
 * read as one (plain decimal scalars, .inf and unlimited; not keys, not
 * text fields), finds the tag that covers its line (rules in sources.c and
 * README, "Where the numbers come from") and checks it: a fitted row must
 * exist with use = fit, a citation or a reason must not be empty.
 */
#ifndef ML_SOURCES_H
#define ML_SOURCES_H

#include "status.h"

#include <stddef.h>

typedef enum {
    ML_SRC_SOURCED,
    ML_SRC_FITTED,
    ML_SRC_ASSUMPTION,
    ML_SRC_SETTING,
    ML_SRC_UNCLASSIFIED,
    ML_SRC_NCLASS
} ml_src_class;

/* The class's name as printed: "sourced", "fitted", ... */
const char *ml_sources_class_name(ml_src_class c);

/* One number of a file. */
typedef struct {
    unsigned long line; /* 1-based */
    char field[256];    /* its path, e.g. pricing.layers[0].attachment */
    char value[64];     /* as written */
    ml_src_class cls;
    char note[200];     /* unclassified: why; else the tag's text, shortened */
} ml_src_number;

typedef struct {
    char file[512];
    ml_src_number *num;
    size_t n, cap;
    size_t count[ML_SRC_NCLASS];
} ml_src_file;

/* The calibration rows a fitted tag may name: id and use (fit or validate). */
typedef struct {
    char (*id)[128];
    char (*use)[32];
    size_t n;
} ml_src_calib;

/* Reads the id and use columns of a calibration CSV (lines starting with
 * '#' are comments; the first other line is the header). */
int ml_sources_calib_load(ml_src_calib *c, const char *path, ml_err *err);
void ml_sources_calib_free(ml_src_calib *c);

/* Classifies every number of the YAML text (len bytes, named name in
 * messages) into f, which the caller frees with ml_sources_file_free.
 * Fails (ML_EINVAL, "name:line: ...") only when the text is not YAML. */
int ml_sources_scan_text(ml_src_file *f, const char *name, const char *text, size_t len,
                         const ml_src_calib *c, ml_err *err);
/* The same for a file (ML_EIO when it cannot be read). */
int ml_sources_scan_file(ml_src_file *f, const char *path, const ml_src_calib *c,
                         ml_err *err);
void ml_sources_file_free(ml_src_file *f);

#endif
