/*
 * yamlread.c — see yamlread.h.  Loading checks what no schema walker can
 * see afterwards (a second document, bytes that are not UTF-8, a key given
 * twice in any mapping, even one the walker reads key by key); the field
 * readers then check one value each.  Numbers are matched against YAML's
 * decimal syntax before strtod, so "1.3x", "0x1p3", "" and quoted numbers
 * are refused rather than read as something the user did not write.
 */
#include "yamlread.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libgen.h>
#include <sys/stat.h>

/* The schema is a few levels deep; anything far deeper is not a scenario,
 * and the bound keeps the duplicate-key walk's recursion shallow. */
#define ML_YR_MAX_DEPTH 64

static int check_duplicates(ml_yr *y);
static int digits(const char **p);

/* The 1-based line of byte offset off, counting LF, CRLF and lone CR as
 * libyaml does (it reports encoding errors by offset, not by line). */
static unsigned long line_of_offset(FILE *f, size_t off)
{
    unsigned long line = 1;
    int c, prev = 0;
    rewind(f);
    for (size_t i = 0; i < off && (c = getc(f)) != EOF; i++, prev = c)
        if (c == '\r' || (c == '\n' && prev != '\r'))
            line++;
    return line;
}

static int parse_error(ml_yr *y, yaml_parser_t *p, FILE *f)
{
    if (p->error == YAML_READER_ERROR)
        return ML_ERROR(y->err, ML_EINVAL,
                        "%s:%lu: (file): not UTF-8 text: %s (byte 0x%02X at offset %zu); "
                        "save the file as UTF-8",
                        y->file, line_of_offset(f, p->problem_offset),
                        p->problem ? p->problem : "bad encoding",
                        (unsigned)p->problem_value & 0xffu, p->problem_offset);
    if (p->error == YAML_MEMORY_ERROR)
        return ML_ERROR(y->err, ML_ENOMEM, "%s: out of memory while parsing", y->file);
    return ML_ERROR(y->err, ML_EINVAL, "%s:%lu: YAML syntax error: %s%s%s", y->file,
                    (unsigned long)p->problem_mark.line + 1,
                    p->problem ? p->problem : "malformed document",
                    p->context ? " " : "", p->context ? p->context : "");
}

/* Parses the one document of f into y->doc; a second document is an error
 * (it would otherwise be ignored without a word). */
static int parse_one_document(ml_yr *y, FILE *f, const char *what)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return ML_ERROR(y->err, ML_ENOMEM, "%s: cannot initialise the YAML parser", y->file);
    yaml_parser_set_input_file(&p, f);
    int rc = ML_OK;
    if (!yaml_parser_load(&p, &y->doc)) {
        rc = parse_error(y, &p, f);
        goto out;
    }
    y->loaded = 1;
    yaml_node_t *root = yaml_document_get_root_node(&y->doc);
    if (!root) {
        rc = ML_ERROR(y->err, ML_EINVAL,
                      "%s:1: (document): the file is empty; expected a mapping of %s fields",
                      y->file, what);
        goto out;
    }
    if (ml_yr_is_null(root)) {
        rc = ML_ERROR(y->err, ML_EINVAL,
                      "%s:%lu: (document): the document is empty; expected a mapping of "
                      "%s fields", y->file, (unsigned long)y->doc.start_mark.line + 1, what);
        goto out;
    }
    yaml_document_t next;
    if (!yaml_parser_load(&p, &next)) {
        rc = parse_error(y, &p, f);
        goto out;
    }
    if (yaml_document_get_root_node(&next))
        rc = ML_ERROR(y->err, ML_EINVAL,
                      "%s:%lu: (document): a second YAML document starts here; a %s file "
                      "holds one document (remove the '---' line and what follows)",
                      y->file, (unsigned long)next.start_mark.line + 1, what);
    yaml_document_delete(&next);
out:
    yaml_parser_delete(&p);
    return rc;
}

int ml_yr_load_part(ml_yr *y, const char *file, const char *root, ml_err *err)
{
    memset(y, 0, sizeof *y);
    y->err = err;
    y->top = root;
    y->top_is_part = root[0] != '(';
    snprintf(y->file, sizeof y->file, "%s", file);
    FILE *f = fopen(file, "rb");
    if (!f) {
        y->open_errno = errno;
        return ML_ERROR(err, ML_EINVAL, "%s: cannot open: %s", file, strerror(errno));
    }
    /* fopen succeeds on a folder and reading it fails later with a vaguer
     * message; say what it is instead. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        y->open_errno = EISDIR;
        return ML_ERROR(err, ML_EINVAL, "%s: cannot read: it is a folder, not a YAML file",
                        file);
    }
    const char *what = root[0] == '(' ? "scenario" : root;
    int rc = parse_one_document(y, f, what);
    fclose(f);
    if (rc == ML_OK)
        rc = check_duplicates(y);
    return rc;
}

int ml_yr_load(ml_yr *y, const char *file, ml_err *err)
{
    return ml_yr_load_part(y, file, "(scenario)", err);
}

void ml_yr_free(ml_yr *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = 0;
}

yaml_node_t *ml_yr_root(ml_yr *y)
{
    return yaml_document_get_root_node(&y->doc);
}

unsigned long ml_yr_line(const yaml_node_t *n)
{
    return n ? (unsigned long)n->start_mark.line + 1 : 1;
}

void ml_yr_beside(const ml_yr *y, const char *rel, char *out, size_t cap)
{
    char dir[sizeof y->file];
    memcpy(dir, y->file, sizeof dir); /* dirname may write into its argument */
    if (rel[0] == '/')
        snprintf(out, cap, "%s", rel);
    else
        snprintf(out, cap, "%s/%s", dirname(dir), rel);
}

const ml_fp *ml_yr_root_path(const ml_yr *y, ml_fp *f)
{
    if (!y->top_is_part)
        return NULL;
    *f = ml_fp_key(NULL, y->top);
    return f;
}

/* Appends to the message in err, cut at the end of its buffer. */
static void append(ml_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(ml_err *err, const char *fmt, ...)
{
    size_t len = strlen(err->msg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + len, sizeof err->msg - len, fmt, ap);
    va_end(ap);
}

/* Appends the NULL-ended names, "a, b, c", as many as fit whole. */
static void append_list(ml_err *err, const char *const *names)
{
    if (!err)
        return;
    size_t len = strlen(err->msg);
    for (const char *const *a = names; *a; a++) {
        size_t n = strlen(*a) + (a != names ? 2 : 0);
        if (len + n >= sizeof err->msg)
            break;
        append(err, "%s%s", a != names ? ", " : "", *a);
        len += n;
    }
}

/* The message is written straight into err->msg: "file:line: ", the path,
 * ": " and the text, each cut at the end of the buffer. */
static int vfail(ml_yr *y, const yaml_node_t *n, const ml_fp *at, const char *fmt, va_list ap)
{
    ml_err *err = y->err;
    ML_ERROR(err, ML_EINVAL, "%s:%lu: ", y->file, ml_yr_line(n));
    if (!err)
        return ML_EINVAL;
    size_t len = strlen(err->msg), cap = sizeof err->msg;
    len += ml_fp_write(at, y->top, err->msg + len, cap - len);
    if (len + 2 < cap) {
        memcpy(err->msg + len, ": ", 3);
        len += 2;
        vsnprintf(err->msg + len, cap - len, fmt, ap);
    }
    return ML_EINVAL;
}

int ml_yr_fail_at(ml_yr *y, const yaml_node_t *n, const ml_fp *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(y, n, at, fmt, ap);
    va_end(ap);
    return ML_EINVAL;
}

int ml_err_known(ml_err *err, int code, const char *noun, const char *const *names, size_t n)
{
    if (!err || n == 0 || n > 16)
        return code;
    size_t need = strlen(err->msg) + strlen(noun) + 4;
    for (size_t i = 0; i < n; i++)
        need += strlen(names[i]) + 2;
    if (need >= sizeof err->msg) /* a list cut short would mislead */
        return code;
    append(err, "; %s: ", noun);
    for (size_t i = 0; i < n; i++)
        append(err, "%s%s", i ? ", " : "", names[i]);
    return code;
}

const char *ml_yr_scalar(const yaml_node_t *n)
{
    return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value
                                              : NULL;
}

int ml_yr_is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = (const char *)n->data.scalar.value;
    return !strcmp(s, "") || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

static const char *kind_name(const yaml_node_t *n)
{
    if (!n) return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE: return ml_yr_is_null(n) ? "an empty value" : "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "an empty node";
    }
}

/* ---- duplicate keys, in every mapping of the document ---- */

typedef struct {
    const unsigned char *s;
    size_t len, pos;
    yaml_node_t *node;
} key_ref;

static int key_cmp(const void *a, const void *b)
{
    const key_ref *x = a, *z = b;
    size_t n = x->len < z->len ? x->len : z->len;
    int c = memcmp(x->s, z->s, n);
    if (c) return c;
    if (x->len != z->len) return x->len < z->len ? -1 : 1;
    return (x->pos > z->pos) - (x->pos < z->pos);
}

typedef struct {
    ml_yr *y;
    unsigned char *seen; /* per node id: walked already (aliases share nodes) */
} dup_walk;

/* The first key of mapping n given twice (in the order of the file), or
 * NULL; ML_ENOMEM in *rc when the keys cannot be sorted. */
static yaml_node_t *first_repeat(ml_yr *y, yaml_node_t *n, int *rc)
{
    size_t np = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    key_ref *keys = malloc((np ? np : 1) * sizeof *keys);
    if (!keys) {
        *rc = ML_ERROR(y->err, ML_ENOMEM, "out of memory");
        return NULL;
    }
    size_t nk = 0;
    for (size_t i = 0; i < np; i++) {
        yaml_node_t *k = ml_yr_pair_key(y, &n->data.mapping.pairs.start[i]);
        if (k && k->type == YAML_SCALAR_NODE)
            keys[nk++] = (key_ref){k->data.scalar.value, k->data.scalar.length, i, k};
    }
    qsort(keys, nk, sizeof *keys, key_cmp);
    key_ref *dup = NULL;
    for (size_t i = 1; i < nk; i++)
        if (keys[i].len == keys[i - 1].len && !memcmp(keys[i].s, keys[i - 1].s, keys[i].len) &&
            (!dup || keys[i].pos < dup->pos))
            dup = &keys[i];
    yaml_node_t *k = dup ? dup->node : NULL;
    free(keys);
    return k;
}

static int walk_dups(dup_walk *w, yaml_node_t *n, int id, const ml_fp *at, int depth)
{
    ml_yr *y = w->y;
    if (!n || w->seen[id])
        return ML_OK;
    w->seen[id] = 1;
    if (depth > ML_YR_MAX_DEPTH)
        return ml_yr_fail_at(y, n, at, "nested more than %d levels deep", ML_YR_MAX_DEPTH);
    if (n->type == YAML_SEQUENCE_NODE) {
        for (size_t i = 0; i < ml_yr_len(n); i++) {
            int cid = n->data.sequence.items.start[i];
            ml_fp f = ml_fp_item(at, i);
            int rc = walk_dups(w, yaml_document_get_node(&y->doc, cid), cid, &f, depth + 1);
            if (rc) return rc;
        }
        return ML_OK;
    }
    if (n->type != YAML_MAPPING_NODE)
        return ML_OK;
    /* Report the first repeat in the file, at the line of the repeat. */
    int rc = ML_OK;
    yaml_node_t *dup = first_repeat(y, n, &rc);
    if (dup)
        return ml_yr_fail_at(y, dup, at, "key '%s' appears twice", ml_yr_scalar(dup));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         rc == ML_OK && p < n->data.mapping.pairs.top; p++) {
        const char *ks = ml_yr_scalar(ml_yr_pair_key(y, p));
        ml_fp f = ml_fp_key(at, ks ? ks : "?");
        rc = walk_dups(w, ml_yr_pair_value(y, p), p->value, &f, depth + 1);
    }
    return rc;
}

static int check_duplicates(ml_yr *y)
{
    size_t nn = (size_t)(y->doc.nodes.top - y->doc.nodes.start);
    dup_walk w = {y, calloc(nn + 1, 1)};
    if (!w.seen)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    ml_fp top;
    int rc = walk_dups(&w, ml_yr_root(y), 1, ml_yr_root_path(y, &top), 0);
    free(w.seen);
    return rc;
}

/* ---- field readers ---- */

int ml_yr_check_kind_at(ml_yr *y, yaml_node_t *n, const ml_fp *at, yaml_node_type_t kind,
                        const char *what)
{
    if (n && n->type == kind && !(kind == YAML_SCALAR_NODE && ml_yr_is_null(n)))
        return ML_OK;
    return ml_yr_fail_at(y, n, at, "expected %s, found %s", what, kind_name(n));
}

int ml_yr_check_map_at(ml_yr *y, yaml_node_t *n, const ml_fp *at,
                       const char *const *allowed)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail_at(y, n, at, "expected a mapping, found %s", kind_name(n));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ml_yr_pair_key(y, p);
        const char *ks = ml_yr_scalar(k);
        if (!ks)
            return ml_yr_fail_at(y, k, at, "keys must be plain names");
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, ks) == 0)
                known = 1;
        if (!known) {
            ml_yr_fail_at(y, k, at, "unknown key '%s'; expected one of: ", ks);
            append_list(y->err, allowed);
            return ML_EINVAL;
        }
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            const char *qs = ml_yr_scalar(ml_yr_pair_key(y, q));
            if (qs && strcmp(qs, ks) == 0)
                return ml_yr_fail_at(y, k, at, "key '%s' appears twice", ks);
        }
    }
    return ML_OK;
}

yaml_node_t *ml_yr_pair_key(ml_yr *y, const yaml_node_pair_t *p)
{
    return yaml_document_get_node(&y->doc, p->key);
}

yaml_node_t *ml_yr_pair_value(ml_yr *y, const yaml_node_pair_t *p)
{
    return yaml_document_get_node(&y->doc, p->value);
}

yaml_node_t *ml_yr_get(ml_yr *y, yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
         p < m->data.mapping.pairs.top; p++) {
        const char *ks = ml_yr_scalar(ml_yr_pair_key(y, p));
        if (ks && strcmp(ks, key) == 0)
            return ml_yr_pair_value(y, p);
    }
    return NULL;
}

size_t ml_yr_len(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return 0;
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *ml_yr_item(ml_yr *y, yaml_node_t *n, size_t i)
{
    return yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]);
}

/* A plain (unquoted), non-empty scalar; numbers written in quotes are
 * strings in YAML. */
static int plain_scalar(ml_yr *y, yaml_node_t *v, const ml_fp *field, const char *expected,
                        const char **s)
{
    if (!v || v->type != YAML_SCALAR_NODE || ml_yr_is_null(v))
        return ml_yr_fail_at(y, v, field, "expected %s, found %s", expected, kind_name(v));
    *s = (const char *)v->data.scalar.value;
    if (v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ml_yr_fail_at(y, v, field, "expected %s, found the string \"%s\"", expected, *s);
    return ML_OK;
}

/* Unwraps {value, unit, source, year}: figures may carry their
 * provenance inline; *yr is the year node, or NULL. */
static int unwrap_value(ml_yr *y, yaml_node_t **v, const ml_fp *field, yaml_node_t **yr)
{
    *yr = NULL;
    if (*v && (*v)->type == YAML_MAPPING_NODE) {
        static const char *const keys[] = {"value", "unit", "source", "note", "year",
                                           ML_YR_UNCERTAIN_KEYS, NULL};
        int rc = ml_yr_check_map_at(y, *v, field, keys);
        if (rc) return rc;
        yaml_node_t *inner = ml_yr_get(y, *v, "value");
        if (!inner)
            return ml_yr_fail_at(y, *v, field, "missing 'value' in {value, unit, source}");
        *yr = ml_yr_get(y, *v, "year");
        *v = inner;
    }
    return ML_OK;
}

int ml_yr_trend_at(ml_yr *y, yaml_node_t *yr, const ml_fp *field, double *factor)
{
    const char *s = ml_yr_scalar(yr), *d = s;
    int plain = s && !ml_yr_is_null(yr) && yr->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    /* The scalar is named, as for any other number (tests/sources_loader.py
     * relies on it to see that a year is read as a number). */
    if (plain && (!digits(&d) || *d))
        return ml_yr_fail_at(y, yr, field, "year: '%s' is not a whole number; expected a year "
                             "such as 2022", s);
    if (!plain)
        return ml_yr_fail_at(y, yr, field, "year: expected a whole year such as 2022");
    long u = strtol(s, NULL, 10);
    if (u < ML_PRICE_FIRST_YEAR || u > ML_PRICE_LAST_YEAR)
        return ml_yr_fail_at(y, yr, field, "year %s is outside %d-%d", s, ML_PRICE_FIRST_YEAR,
                             ML_PRICE_LAST_YEAR);
    const ml_price *p = y->price;
    if (!p || !p->year)
        return ml_yr_fail_at(y, yr, field, "year %ld is given, but the regime states no "
                             "price_year to trend the amount to", u);
    if (ml_price_factor(p, (int)u, factor) == 0)
        return ML_OK;
    if (p->first > p->last)
        return ml_yr_fail_at(y, yr, field, "year %ld differs from the regime's price_year %d, "
                             "but the regime names no price_index to trend it by", u, p->year);
    return ml_yr_fail_at(y, yr, field, "year %ld is not in the price index %s (%s: years "
                         "%d-%d)", u, p->name, p->file, p->first, p->last);
}

static int digits(const char **p)
{
    const char *s = *p;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return *p > s;
}

/* YAML 1.2 core schema, decimal only:
 * [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static int is_decimal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (*s == '.') {
        s++;
        if (!digits(&s))
            return 0;
    } else {
        if (!digits(&s))
            return 0;
        if (*s == '.') {
            s++;
            digits(&s);
        }
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!digits(&s))
            return 0;
    }
    return *s == '\0';
}

static int is_any(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

/* The accepted range as text, e.g. "[0, 1]" or "[0, any finite number],
 * or .inf or unlimited for no limit". */
static void range_text(char *out, size_t cap, double lo, double hi, int unlimited)
{
    const char *inf = unlimited ? ", or .inf or unlimited for no limit" : "";
    if (hi >= DBL_MAX) /* no finite bound: don't print 1.79769e+308 */
        snprintf(out, cap, "[%g, any finite number]%s", lo, inf);
    else
        snprintf(out, cap, "[%g, %g]%s", lo, hi, inf);
}

int ml_number_text(const char *s, double lo, double hi, int unlimited, double *out,
                   char *why, size_t cap)
{
    static const char *const pos_inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf",
                                          "+.INF", "unlimited", NULL};
    static const char *const neg_inf[] = {"-.inf", "-.Inf", "-.INF", NULL};
    static const char *const nan_s[] = {".nan", ".NaN", ".NAN", NULL};
    /* Two %g of at most 13 characters and the words around them. */
    char range[96];
    range_text(range, sizeof range, lo, hi, unlimited);
    if (is_any(s, pos_inf)) {
        if (unlimited) {
            *out = INFINITY;
            return ML_OK;
        }
        snprintf(why, cap, "%s (no limit) is not allowed here; expected a finite number in %s",
                 s, range);
        return ML_EINVAL;
    }
    if (is_any(s, neg_inf)) {
        snprintf(why, cap, "%s is out of range %s", s, range);
        return ML_EINVAL;
    }
    if (is_any(s, nan_s) || !strcasecmp(s, "nan")) {
        snprintf(why, cap, "NaN is not allowed; expected a number in %s", range);
        return ML_EINVAL;
    }
    if (!strcasecmp(s, "inf") || !strcasecmp(s, "infinity") || !strcasecmp(s, "+inf") ||
        !strcasecmp(s, "-inf")) {
        snprintf(why, cap, "'%s' is not a YAML number; expected a number in %s%s", s, range,
                 unlimited ? "" : " (infinity is not allowed here)");
        return ML_EINVAL;
    }
    if (!is_decimal(s)) {
        snprintf(why, cap, "'%s' is not a number; write it in decimal, e.g. 1500, 0.25 or 2e6",
                 s);
        return ML_EINVAL;
    }
    errno = 0;
    double x = strtod(s, NULL);
    if (errno == ERANGE && fabs(x) < 1.0) {
        snprintf(why, cap, "%s is too close to zero to represent; write 0 or a number in %s", s,
                 range);
        return ML_EINVAL;
    }
    if (!(x >= lo && x <= hi)) { /* overflowed literals land here as +-HUGE_VAL */
        if (lo == 0.0 && hi == 1.0 && !unlimited)
            snprintf(why, cap, "%s is not a probability in [0, 1]", s);
        else
            snprintf(why, cap, "%s is out of range %s", s, range);
        return ML_EINVAL;
    }
    *out = x;
    return ML_OK;
}

/* Reads v as a number in [lo, hi]; unlimited: ".inf" and "unlimited" mean
 * +INFINITY (then hi bounds the finite values only).  A mapping may give
 * the number a distribution, and the load's overrides may replace it
 * (param_read.c); both act on the number as written, before a year's
 * trend factor. */
static int read_number(ml_yr *y, yaml_node_t *v, const ml_fp *field, double lo, double hi,
                       int unlimited, int amount, double *out)
{
    yaml_node_t *yr, *map = v && v->type == YAML_MAPPING_NODE ? v : NULL;
    int rc = unwrap_value(y, &v, field, &yr);
    if (rc) return rc;
    double factor = 1.0;
    if (yr && !amount)
        return ml_yr_fail_at(y, yr, field, "a year may be given on amounts of money only "
                             "(it trends the amount to the regime's price year)");
    if (yr && (rc = ml_yr_trend_at(y, yr, field, &factor)))
        return rc;
    const char *s = NULL;
    if ((rc = plain_scalar(y, v, field, "a number", &s)))
        return rc;
    char why[256];
    double x;
    if (ml_number_text(s, lo, hi, unlimited, &x, why, sizeof why))
        return ml_yr_fail_at(y, v, field, "%s", why);
    if ((map || y->opts) && (rc = ml_yr_uncertain(y, map, v, field, lo, hi, unlimited, &x)))
        return rc;
    if (factor != 1.0 && isfinite(x)) {
        char range[96];
        range_text(range, sizeof range, lo, hi, unlimited);
        x *= factor;
        if (!(x <= hi))
            return ml_yr_fail_at(y, v, field, "%s trended to %d prices is %g, out of range %s",
                                 s, y->price->year, x, range);
    }
    *out = x;
    return ML_OK;
}

/* A number or (trend = 1) an amount of money under key; absent: dflt, or
 * an error when required.  An infinite hi admits any finite value. */
static int keyed_number(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                        double lo, double hi, int required, double dflt, int trend,
                        double *out)
{
    ml_fp field = ml_fp_key(at, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail_at(y, m, &field, "required %s is missing",
                                 trend ? "amount" : "number");
        *out = dflt;
        return y->opts ? ml_yr_uncertain(y, NULL, m, &field, lo, isinf(hi) ? DBL_MAX : hi,
                                         isinf(hi), out)
                       : ML_OK;
    }
    if (isinf(hi))
        return read_number(y, v, &field, lo, DBL_MAX, 1, trend, out);
    return read_number(y, v, &field, lo, hi, 0, trend, out);
}

int ml_yr_number_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                    double hi, int required, double dflt, double *out)
{
    return keyed_number(y, m, key, at, lo, hi, required, dflt, 0, out);
}

int ml_yr_amount_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                    double hi, int required, double dflt, double *out)
{
    return keyed_number(y, m, key, at, lo, hi, required, dflt, 1, out);
}

int ml_yr_limit_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, double lo,
                   double hi, double dflt, double *out)
{
    ml_fp field = ml_fp_key(at, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        *out = dflt;
        return y->opts ? ml_yr_uncertain(y, NULL, m, &field, lo, hi, 1, out) : ML_OK;
    }
    return read_number(y, v, &field, lo, hi, 1, 1, out);
}

int ml_whole_text(const char *s, uint64_t lo, uint64_t hi, uint64_t *out, char *why,
                  size_t cap)
{
    if (*s == '-') {
        snprintf(why, cap, "%s is negative; expected a whole number in [%llu, %llu]", s,
                 (unsigned long long)lo, (unsigned long long)hi);
        return ML_EINVAL;
    }
    const char *d = s;
    if (!digits(&d) || *d) {
        snprintf(why, cap, "'%s' is not a whole number", s);
        return ML_EINVAL;
    }
    errno = 0;
    unsigned long long x = strtoull(s, NULL, 10);
    if (errno == ERANGE || x < lo || x > hi) {
        snprintf(why, cap, "%s is out of range [%llu, %llu]", s, (unsigned long long)lo,
                 (unsigned long long)hi);
        return ML_EINVAL;
    }
    *out = x;
    return ML_OK;
}

int ml_yr_uint_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, uint64_t lo,
                  uint64_t hi, int required, uint64_t dflt, uint64_t *out)
{
    ml_fp field = ml_fp_key(at, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail_at(y, m, &field, "required integer is missing");
        *out = dflt;
        return y->opts ? ml_yr_whole(y, NULL, m, &field, lo, hi, out) : ML_OK;
    }
    yaml_node_t *yr, *map = v->type == YAML_MAPPING_NODE ? v : NULL;
    int rc = unwrap_value(y, &v, &field, &yr);
    if (rc) return rc;
    if (yr)
        return ml_yr_fail_at(y, yr, &field, "a year may be given on amounts of money only");
    const char *s = NULL;
    if ((rc = plain_scalar(y, v, &field, "a whole number", &s)))
        return rc;
    char why[256];
    if (ml_whole_text(s, lo, hi, out, why, sizeof why))
        return ml_yr_fail_at(y, v, &field, "%s", why);
    /* Always: a whole number's mapping must not carry a distribution,
     * loaded with options or not. */
    return ml_yr_whole(y, map, v, &field, lo, hi, out);
}

int ml_yr_string_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at, int required,
                    const char *dflt, char *out, size_t cap)
{
    ml_fp field = ml_fp_key(at, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v || (!required && ml_yr_is_null(v))) {
        if (!v && required)
            return ml_yr_fail_at(y, m, &field, "required text is missing");
        snprintf(out, cap, "%s", dflt ? dflt : "");
        return ML_OK;
    }
    const char *s = ml_yr_scalar(v);
    if (!s)
        return ml_yr_fail_at(y, v, &field, "expected text, found %s", kind_name(v));
    if (required && (ml_yr_is_null(v) || !*s))
        return ml_yr_fail_at(y, v, &field, "must not be empty");
    if (strlen(s) != v->data.scalar.length)
        return ml_yr_fail_at(y, v, &field, "text holds a NUL character");
    if (strlen(s) >= cap)
        return ml_yr_fail_at(y, v, &field, "text is longer than %zu characters", cap - 1);
    memcpy(out, s, strlen(s) + 1);
    return ML_OK;
}

int ml_yr_enum_at(ml_yr *y, yaml_node_t *m, const char *key, const ml_fp *at,
                  const char *const *choices, int required, int dflt, int *out)
{
    ml_fp field = ml_fp_key(at, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail_at(y, m, &field, "required choice is missing");
        *out = dflt;
        return ML_OK;
    }
    const char *s = ml_yr_is_null(v) ? NULL : ml_yr_scalar(v);
    for (const char *const *c = choices; *c; c++)
        if (s && strcmp(*c, s) == 0) {
            *out = (int)(c - choices);
            return ML_OK;
        }
    if (s)
        ml_yr_fail_at(y, v, &field, "'%s' is not one of: ", s);
    else
        ml_yr_fail_at(y, v, &field, "expected one of: ");
    append_list(y->err, choices);
    if (!s && y->err)
        append(y->err, "; found %s", kind_name(v));
    return ML_EINVAL;
}

/* ---- the same with the path as text ---- */

/* The path named by text: one frame holding it whole ("" names nothing). */
static const ml_fp *text_path(ml_fp *f, const char *text)
{
    *f = ml_fp_key(NULL, text);
    return f;
}

int ml_yr_fail(ml_yr *y, const yaml_node_t *n, const char *field, const char *fmt, ...)
{
    ml_fp f;
    va_list ap;
    va_start(ap, fmt);
    vfail(y, n, text_path(&f, field), fmt, ap);
    va_end(ap);
    return ML_EINVAL;
}

int ml_yr_check_map(ml_yr *y, yaml_node_t *n, const char *field, const char *const *allowed)
{
    ml_fp f;
    return ml_yr_check_map_at(y, n, text_path(&f, field), allowed);
}

int ml_yr_number(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, double lo,
                 double hi, int required, double dflt, double *out)
{
    ml_fp f;
    return ml_yr_number_at(y, m, key, text_path(&f, prefix), lo, hi, required, dflt, out);
}

int ml_yr_uint(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, uint64_t lo,
               uint64_t hi, int required, uint64_t dflt, uint64_t *out)
{
    ml_fp f;
    return ml_yr_uint_at(y, m, key, text_path(&f, prefix), lo, hi, required, dflt, out);
}

int ml_yr_string(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix, int required,
                 const char *dflt, char *out, size_t cap)
{
    ml_fp f;
    return ml_yr_string_at(y, m, key, text_path(&f, prefix), required, dflt, out, cap);
}
