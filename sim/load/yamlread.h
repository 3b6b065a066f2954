/*
 * yamlread.h — typed, located access to a YAML document.
 *
 * libyaml parses the file into a node graph in which every node keeps its
 * line; these helpers read fields by key, check types and ranges, reject
 * unknown and duplicate keys, and word every failure as
 *   FILE:LINE: FIELD: what was expected
 * so that a user knows exactly what to change.
 */
#ifndef ML_YAMLREAD_H
#define ML_YAMLREAD_H

#include "price_index.h"
#include "status.h"

#include <stdint.h>
#include <yaml.h>

/* The largest amount of money a scenario may name, in any currency unit:
 * larger is a typo, not a claim (and sums of such amounts over a run
 * would lose their cents to rounding). */
#define ML_AMOUNT_MAX 1e15

typedef struct {
    char file[512];
    yaml_document_t doc;
    int loaded;
    int open_errno; /* why the file could not be opened (EISDIR: a folder); 0 if it was */
    ml_err *err;
    /* The regime's price year and index, once its regime has stated them:
     * amounts written {value, year} are trended with it (ml_yr_amount). */
    const ml_price *price;
} ml_yr;

/* Loads file, which must hold exactly one YAML document, in valid UTF-8,
 * that is not empty and has no mapping with a key twice.  Field names in
 * messages are relative to the root, which is called "(scenario)". */
int ml_yr_load(ml_yr *y, const char *file, ml_err *err);
/* The same for a file that is one part of a scenario: its root is the
 * field root (e.g. "portfolio") and its keys are named "root.key". */
int ml_yr_load_part(ml_yr *y, const char *file, const char *root, ml_err *err);
void ml_yr_free(ml_yr *y);
yaml_node_t *ml_yr_root(ml_yr *y);
unsigned long ml_yr_line(const yaml_node_t *n);

/* Formats "file:line: field: message" into y->err; returns ML_EINVAL. */
int ml_yr_fail(ml_yr *y, const yaml_node_t *n, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fails unless n is a mapping whose keys are all in allowed (NULL-ended)
 * and appear once. */
int ml_yr_check_map(ml_yr *y, yaml_node_t *n, const char *field,
                    const char *const *allowed);
/* Fails unless n is a node of the given kind (YAML_MAPPING_NODE, ...);
 * what names the expected content, e.g. "a {model, ...} mapping". */
int ml_yr_check_kind(ml_yr *y, yaml_node_t *n, const char *field,
                     yaml_node_type_t kind, const char *what);
/* The value node of key in mapping m, or NULL. */
yaml_node_t *ml_yr_get(ml_yr *y, yaml_node_t *m, const char *key);
/* Item i of sequence node n. */
yaml_node_t *ml_yr_item(ml_yr *y, yaml_node_t *n, size_t i);
size_t ml_yr_len(const yaml_node_t *n);
const char *ml_yr_scalar(const yaml_node_t *n);
/* Whether n is YAML's null: nothing, "~" or "null" written without quotes. */
int ml_yr_is_null(const yaml_node_t *n);

/* Number in [lo, hi], written in decimal (YAML 1.2: 12, -1.5, 2e6).  The
 * node may be a plain number or a mapping {value, unit, source}.  Quoted
 * numbers, hex, NaN and literals that overflow a double are refused.  When
 * hi is +INFINITY, ".inf" and "unlimited" are accepted as +INFINITY.  When
 * the key is absent: *out = dflt if !required, else fail. */
int ml_yr_number(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                 double lo, double hi, int required, double dflt, double *out);
/* An amount of money: as ml_yr_number, and it may also be written
 * {value: x, year: u}, an amount in prices of year u, which is trended to
 * the regime's price year by its price index (ml_price_factor).  A year
 * is refused on any other number, and where the regime states no
 * price_year, names no index for a year other than it, or the index lacks
 * the year. */
int ml_yr_amount(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                 double lo, double hi, int required, double dflt, double *out);
/* The factor that trends amounts of the year written in node yr (a whole
 * number) to the regime's price year, with the errors of ml_yr_amount. */
int ml_yr_trend(ml_yr *y, yaml_node_t *yr, const char *field, double *factor);
/* An optional amount that may be unlimited (and may carry a year, as for
 * ml_yr_amount): a number in [lo, hi] (hi
 * finite), or ".inf" / "unlimited" for +INFINITY; dflt when absent. */
int ml_yr_limit(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                double lo, double hi, double dflt, double *out);
int ml_yr_uint(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
               uint64_t lo, uint64_t hi, int required, uint64_t dflt,
               uint64_t *out);
/* Text of at most cap-1 bytes.  Required text must not be empty or null;
 * optional text that is null takes dflt. */
int ml_yr_string(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                 int required, const char *dflt, char *out, size_t cap);
/* One of the NULL-ended choices; *out = its index. */
int ml_yr_enum(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
               const char *const *choices, int required, int dflt, int *out);

#endif
