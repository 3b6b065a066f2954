/*
 * yamlread.c — see yamlread.h.  Numbers are parsed with strtod/strtoull over
 * the whole scalar, so "1.3x", "", "nan" and quoted numbers are rejected.
 */
#include "yamlread.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ml_yr_load(ml_yr *y, const char *file, ml_err *err)
{
    memset(y, 0, sizeof *y);
    y->err = err;
    snprintf(y->file, sizeof y->file, "%s", file);
    FILE *f = fopen(file, "rb");
    if (!f)
        return ML_ERROR(err, ML_EINVAL, "%s: cannot open: %s", file,
                        strerror(errno));
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        fclose(f);
        return ML_ERROR(err, ML_ENOMEM, "%s: cannot initialise YAML parser",
                        file);
    }
    yaml_parser_set_input_file(&p, f);
    int ok = yaml_parser_load(&p, &y->doc);
    int rc = ML_OK;
    if (!ok) {
        rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: YAML syntax error: %s%s%s",
                      file, (unsigned long)p.problem_mark.line + 1,
                      p.problem ? p.problem : "malformed document",
                      p.context ? " " : "", p.context ? p.context : "");
    } else {
        y->loaded = 1;
        if (!yaml_document_get_root_node(&y->doc))
            rc = ML_ERROR(err, ML_EINVAL,
                          "%s:1: (document): the file is empty; expected a "
                          "mapping of scenario fields",
                          file);
    }
    yaml_parser_delete(&p);
    fclose(f);
    return rc;
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

int ml_yr_fail(ml_yr *y, const yaml_node_t *n, const char *field,
               const char *fmt, ...)
{
    char what[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ML_ERROR(y->err, ML_EINVAL, "%s:%lu: %s: %s", y->file,
                    ml_yr_line(n), field, what);
}

const char *ml_yr_scalar(const yaml_node_t *n)
{
    return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value
                                              : NULL;
}

static const char *kind_name(const yaml_node_t *n)
{
    if (!n) return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "an empty node";
    }
}

int ml_yr_check_map(ml_yr *y, yaml_node_t *n, const char *field,
                    const char *const *allowed)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return ml_yr_fail(y, n, field, "expected a mapping, found %s",
                          kind_name(n));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
        const char *ks = ml_yr_scalar(k);
        if (!ks)
            return ml_yr_fail(y, k, field, "keys must be plain names");
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, ks) == 0)
                known = 1;
        if (!known) {
            char list[400] = "";
            for (const char *const *a = allowed; *a; a++) {
                if (strlen(list) + strlen(*a) + 3 >= sizeof list) break;
                if (a != allowed) strcat(list, ", ");
                strcat(list, *a);
            }
            return ml_yr_fail(y, k, field, "unknown key '%s'; expected one of: %s",
                              ks, list);
        }
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            const char *qs = ml_yr_scalar(yaml_document_get_node(&y->doc, q->key));
            if (qs && strcmp(qs, ks) == 0)
                return ml_yr_fail(y, k, field, "key '%s' appears twice", ks);
        }
    }
    return ML_OK;
}

yaml_node_t *ml_yr_get(ml_yr *y, yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
         p < m->data.mapping.pairs.top; p++) {
        const char *ks = ml_yr_scalar(yaml_document_get_node(&y->doc, p->key));
        if (ks && strcmp(ks, key) == 0)
            return yaml_document_get_node(&y->doc, p->value);
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

static void join(char *buf, size_t cap, const char *prefix, const char *key)
{
    if (prefix && *prefix)
        snprintf(buf, cap, "%s.%s", prefix, key);
    else
        snprintf(buf, cap, "%s", key);
}

/* A plain (unquoted) scalar; numbers written in quotes are strings in YAML. */
static int plain_scalar(ml_yr *y, yaml_node_t *v, const char *field,
                        const char *expected, const char **s)
{
    if (!v || v->type != YAML_SCALAR_NODE)
        return ml_yr_fail(y, v, field, "expected %s, found %s", expected,
                          kind_name(v));
    *s = (const char *)v->data.scalar.value;
    if (v->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        v->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        return ml_yr_fail(y, v, field, "expected %s, found the string \"%s\"",
                          expected, *s);
    return ML_OK;
}

/* Unwraps {value, unit, source}: figures may carry their provenance inline. */
static int unwrap_value(ml_yr *y, yaml_node_t **v, const char *field)
{
    if (*v && (*v)->type == YAML_MAPPING_NODE) {
        static const char *const keys[] = {"value", "unit", "source", "note", NULL};
        int rc = ml_yr_check_map(y, *v, field, keys);
        if (rc) return rc;
        yaml_node_t *inner = ml_yr_get(y, *v, "value");
        if (!inner)
            return ml_yr_fail(y, *v, field, "missing 'value' in {value, unit, source}");
        *v = inner;
    }
    return ML_OK;
}

int ml_yr_number(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                 double lo, double hi, int required, double dflt, double *out)
{
    char field[256];
    join(field, sizeof field, prefix, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail(y, m, field, "required number is missing");
        *out = dflt;
        return ML_OK;
    }
    int rc = unwrap_value(y, &v, field);
    if (rc) return rc;
    const char *s = NULL;
    if ((rc = plain_scalar(y, v, field, "a number", &s)))
        return rc;
    double x;
    if (isinf(hi) && (!strcasecmp(s, "inf") || !strcasecmp(s, ".inf") ||
                      !strcasecmp(s, "unlimited"))) {
        x = INFINITY;
    } else {
        char *end = NULL;
        errno = 0;
        x = strtod(s, &end);
        if (end == s || *end != '\0')
            return ml_yr_fail(y, v, field, "'%s' is not a number", s);
        if (isnan(x))
            return ml_yr_fail(y, v, field, "NaN is not allowed");
        if (isinf(x) || errno == ERANGE) {
            if (isinf(hi) && isinf(x) && x > 0)
                ;
            else
                return ml_yr_fail(y, v, field, "%s is out of range [%g, %g]", s, lo, hi);
        }
    }
    if (!(x >= lo && x <= hi)) {
        if (lo == 0.0 && hi == 1.0)
            return ml_yr_fail(y, v, field, "%s is not a probability in [0, 1]", s);
        return ml_yr_fail(y, v, field, "%s is out of range [%g, %g]", s, lo, hi);
    }
    *out = x;
    return ML_OK;
}

int ml_yr_uint(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
               uint64_t lo, uint64_t hi, int required, uint64_t dflt,
               uint64_t *out)
{
    char field[256];
    join(field, sizeof field, prefix, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail(y, m, field, "required integer is missing");
        *out = dflt;
        return ML_OK;
    }
    int rc = unwrap_value(y, &v, field);
    if (rc) return rc;
    const char *s = NULL;
    if ((rc = plain_scalar(y, v, field, "a whole number", &s)))
        return rc;
    if (*s == '-')
        return ml_yr_fail(y, v, field, "%s is negative; expected a whole number in [%llu, %llu]",
                          s, (unsigned long long)lo, (unsigned long long)hi);
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (end == s || *end != '\0')
        return ml_yr_fail(y, v, field, "'%s' is not a whole number", s);
    if (errno == ERANGE || x < lo || x > hi)
        return ml_yr_fail(y, v, field, "%s is out of range [%llu, %llu]", s,
                          (unsigned long long)lo, (unsigned long long)hi);
    *out = x;
    return ML_OK;
}

int ml_yr_string(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
                 int required, const char *dflt, char *out, size_t cap)
{
    char field[256];
    join(field, sizeof field, prefix, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail(y, m, field, "required text is missing");
        snprintf(out, cap, "%s", dflt ? dflt : "");
        return ML_OK;
    }
    const char *s = ml_yr_scalar(v);
    if (!s)
        return ml_yr_fail(y, v, field, "expected text, found %s", kind_name(v));
    if (strlen(s) >= cap)
        return ml_yr_fail(y, v, field, "text is longer than %zu characters", cap - 1);
    snprintf(out, cap, "%s", s);
    return ML_OK;
}

int ml_yr_enum(ml_yr *y, yaml_node_t *m, const char *key, const char *prefix,
               const char *const *choices, int required, int dflt, int *out)
{
    char field[256];
    join(field, sizeof field, prefix, key);
    yaml_node_t *v = ml_yr_get(y, m, key);
    if (!v) {
        if (required)
            return ml_yr_fail(y, m, field, "required choice is missing");
        *out = dflt;
        return ML_OK;
    }
    const char *s = ml_yr_scalar(v);
    char list[300] = "";
    for (const char *const *c = choices; *c; c++) {
        if (s && strcmp(*c, s) == 0) {
            *out = (int)(c - choices);
            return ML_OK;
        }
        if (c != choices) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, *c, sizeof list - strlen(list) - 1);
    }
    return ml_yr_fail(y, v, field, "'%s' is not one of: %s", s ? s : kind_name(v), list);
}
