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

#include "field_path.h"
#include "params.h"
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
    /* What messages call the root node: "(scenario)", or the part the
     * file holds ("portfolio"). */
    const char *top;
    int top_is_part; /* the root is field `top` ("portfolio.name"), not unnamed */
    /* Distributions to collect and overrides to apply (params.h); NULL for
     * a plain load.  A file read on behalf of another inherits them
     * (ml_yr_inherit). */
    const ml_load_opts *opts;
} ml_yr;

/* The keys a number's mapping may hold for its distribution (params.h). */
#define ML_YR_UNCERTAIN_KEYS                                                             \
    "range", "dist", "name", "alpha", "beta", "shape", "scale", "meanlog", "sdlog", "mean", \
        "sd"

/* Loads file, which must hold exactly one YAML document, in valid UTF-8,
 * that is not empty and has no mapping with a key twice.  Field names in
 * messages are relative to the root, which is called "(scenario)". */
int ml_yr_load(ml_yr *y, const char *file, ml_err *err);
/* The same for a file that is one part of a scenario: its root is the
 * field root (e.g. "portfolio") and its keys are named "root.key".  A root
 * written in parentheses, such as "(lever)", names the document itself
 * and its keys are named without a prefix, as in a scenario file. */
int ml_yr_load_part(ml_yr *y, const char *file, const char *root, ml_err *err);
void ml_yr_free(ml_yr *y);
yaml_node_t *ml_yr_root(ml_yr *y);
unsigned long ml_yr_line(const yaml_node_t *n);
/* The path of file rel (absolute, or relative to the folder of the file y
 * reads) into out. */
void ml_yr_beside(const ml_yr *y, const char *rel, char *out, size_t cap);
/* The field path of the root node: a frame naming the part ("portfolio")
 * in *f, or NULL for a file whose keys are named without a prefix. */
const ml_fp *ml_yr_root_path(const ml_yr *y, ml_fp *f);

/*
 * Every reader names the field it reads by a field path (field_path.h):
 * `at` is the path of the node given (of mapping m for the keyed readers,
 * whose field is then at.key).  Messages read
 *   FILE:LINE: FIELD: what was expected
 * with the line of the value at fault, or of the mapping when a required
 * key is missing.
 */

/* sub, a file read on behalf of parent, gets parent's load options. */
void ml_yr_inherit(ml_yr *sub, const ml_yr *parent);
/* Checks the text of a number (YAML 1.2 decimal, in [lo, hi]; unlimited:
 * .inf or "unlimited" for +INFINITY) into *out; on failure writes why
 * (cap bytes) and returns ML_EINVAL. */
int ml_number_text(const char *s, double lo, double hi, int unlimited, double *out,
                   char *why, size_t cap);
/* Called for every number read, x holding it as written: reads the
 * distribution in map (the number's {value, ...} mapping, or NULL),
 * collects it and applies the load's overrides (params.h).  at: the node
 * the number's line is taken from. */
int ml_yr_uncertain(ml_yr *y, yaml_node_t *map, yaml_node_t *at, const ml_fp *field,
                    double lo, double hi, int unlimited, double *x);

/* The same for a whole number in [lo, hi] (decimal digits only). */
int ml_whole_text(const char *s, uint64_t lo, uint64_t hi, uint64_t *out, char *why,
                  size_t cap);
/* Called for every whole number read: refuses a distribution in map (its
 * draws would not be whole numbers) and applies the load's --set
 * overrides by path (params.h). */
int ml_yr_whole(ml_yr *y, yaml_node_t *map, yaml_node_t *at, const ml_fp *field, uint64_t lo,
                uint64_t hi, uint64_t *x);

/* Formats "file:line: field: message" into y->err; returns ML_EINVAL. */
int ml_yr_fail_at(ml_yr *y, const yaml_node_t *n, const ml_fp *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fails unless n is a mapping whose keys are all in allowed (NULL-ended)
 * and appear once. */
int ml_yr_check_map_at(ml_yr *y, yaml_node_t *n, const ml_fp *at,
                       const char *const *allowed);
/* Fails unless n is a node of the given kind (YAML_MAPPING_NODE, ...);
 * what names the expected content, e.g. "a {model, ...} mapping". */
int ml_yr_check_kind_at(ml_yr *y, yaml_node_t *n, const ml_fp *at, yaml_node_type_t kind,
                        const char *what);
/* The value node of key in mapping m, or NULL. */
yaml_node_t *ml_yr_get(ml_yr *y, yaml_node_t *m, const char *key);
/* Item i of sequence node n. */
yaml_node_t *ml_yr_item(ml_yr *y, yaml_node_t *n, size_t i);
size_t ml_yr_len(const yaml_node_t *n);
const char *ml_yr_scalar(const yaml_node_t *n);
/* Whether n is YAML's null: nothing, "~" or "null" written without quotes. */
int ml_yr_is_null(const yaml_node_t *n);
/* The key node of pair p of a mapping, and its value node. */
yaml_node_t *ml_yr_pair_key(ml_yr *y, const yaml_node_pair_t *p);
yaml_node_t *ml_yr_pair_value(ml_yr *y, const yaml_node_pair_t *p);

/* Number in [lo, hi], written in decimal (YAML 1.2: 12, -1.5, 2e6).  The
 * node may be a plain number or a mapping {value, unit, source}.  Quoted
 * numbers, hex, NaN and literals that overflow a double are refused.  When
 * hi is +INFINITY, ".inf" and "unlimited" are accepted as +INFINITY.  When
 * the key is absent: *out = dflt if !required, else fail. */
int ml_yr_number_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                    double hi, int required, double dflt, double *out);
/* An amount of money: as ml_yr_number_at, and it may also be written
 * {value: x, year: u}, an amount in prices of year u, which is trended to
 * the regime's price year by its price index (ml_price_factor).  A year
 * is refused on any other number, and where the regime states no
 * price_year, names no index for a year other than it, or the index lacks
 * the year. */
int ml_yr_amount_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                    double hi, int required, double dflt, double *out);
/* The factor that trends amounts of the year written in node yr (a whole
 * number) to the regime's price year, with the errors of ml_yr_amount_at;
 * field is the path of the amount. */
int ml_yr_trend_at(ml_yr *y, yaml_node_t *yr, const ml_fp *field, double *factor);
/* An optional amount that may be unlimited (and may carry a year, as for
 * ml_yr_amount_at): a number in [lo, hi] (hi finite), or ".inf" /
 * "unlimited" for +INFINITY; dflt when absent. */
int ml_yr_limit_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                   double hi, double dflt, double *out);
int ml_yr_uint_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, uint64_t lo,
                  uint64_t hi, int required, uint64_t dflt, uint64_t *out);
/* Text of at most cap-1 bytes.  Required text must not be empty or null;
 * optional text that is null takes dflt. */
int ml_yr_string_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, int required,
                    const char *dflt, char *out, size_t cap);
/* One of the NULL-ended choices; *out = its index. */
int ml_yr_enum_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                  const char *const *choices, int required, int dflt, int *out);

/* Appends "; NOUN: a, b, c" to the message in err (names[0..n-1]), when
 * there are at most 16 names and they fit: what a misspelt reference
 * could have meant.  Returns code, so that a caller can end with it. */
int ml_err_known(ml_err *err, int code, const char *noun, const char *const *names, size_t n);

/*
 * The same readers with the path given as text (prefix: the mapping's
 * path, "" for none), for readers outside sim/load that name their fields
 * in a string (sim/report's rates table).
 */
int ml_yr_fail(ml_yr *y, const yaml_node_t *n, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int ml_yr_check_map(ml_yr *y, yaml_node_t *n, const char *field, const char *const *allowed);
int ml_yr_number(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, double lo,
                 double hi, int required, double dflt, double *out);
int ml_yr_uint(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, uint64_t lo,
               uint64_t hi, int required, uint64_t dflt, uint64_t *out);
int ml_yr_string(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, int required,
                 const char *dflt, char *out, size_t cap);

#endif
