/*
 * report_rates.c — see report_rates.h.  The YAML form goes through the
 * scenario reader (yamlread.h), so a bad rates file is reported as
 * FILE:LINE: FIELD: what was expected, like a bad scenario.
 */
#include "report_rates.h"
#include "yamlread.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_code(const char *c)
{
    if (strlen(c) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (!isupper((unsigned char)c[i]))
            return 0;
    return 1;
}

static int add_rate(ml_rates *out, const ml_rate *r)
{
    ml_rate *p = realloc(out->r, (out->n + 1) * sizeof *p);
    if (!p)
        return ML_ENOMEM;
    out->r = p;
    out->r[out->n++] = *r;
    return ML_OK;
}

static int load_yaml(const char *path, ml_rates *out, ml_err *err)
{
    static const char *const top[] = {"base", "kind", "rates", NULL};
    static const char *const item[] = {"currency", "per_base", "year", "source", NULL};
    ml_yr y;
    int rc = ml_yr_load_part(&y, path, "rates", err);
    if (rc) {
        ml_yr_free(&y);
        return rc;
    }
    yaml_node_t *root = ml_yr_root(&y);
    if ((rc = ml_yr_check_map(&y, root, "(rates)", top)) ||
        (rc = ml_yr_string(&y, root, "base", "", 1, NULL, out->base, sizeof out->base)) ||
        (rc = ml_yr_string(&y, root, "kind", "", 0, "", out->kind, sizeof out->kind)))
        goto done;
    yaml_node_t *list = ml_yr_get(&y, root, "rates");
    if (!list || list->type != YAML_SEQUENCE_NODE || ml_yr_len(list) == 0) {
        rc = ml_yr_fail(&y, list ? list : root, "rates",
                        "expected a list of {currency, per_base, year, source}");
        goto done;
    }
    for (size_t i = 0; i < ml_yr_len(list); i++) {
        yaml_node_t *it = ml_yr_item(&y, list, i);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "rates[%zu]", i);
        ml_rate r = {0};
        uint64_t year = 0;
        if ((rc = ml_yr_check_map(&y, it, prefix, item)) ||
            (rc = ml_yr_string(&y, it, "currency", prefix, 1, NULL, r.currency,
                               sizeof r.currency)) ||
            (rc = ml_yr_number(&y, it, "per_base", prefix, 1e-300, 1e300, 1, 0, &r.per_base)) ||
            (rc = ml_yr_uint(&y, it, "year", prefix, 1900, 2200, 1, 0, &year)) ||
            (rc = ml_yr_string(&y, it, "source", prefix, 1, NULL, r.source, sizeof r.source)))
            goto done;
        r.year = (unsigned)year;
        if (!valid_code(r.currency)) {
            rc = ml_yr_fail(&y, it, prefix, "currency '%s' is not an ISO 4217 code like USD",
                            r.currency);
            goto done;
        }
        if (ml_rates_find(out, r.currency)) {
            rc = ml_yr_fail(&y, it, prefix, "currency %s is listed twice", r.currency);
            goto done;
        }
        if ((rc = add_rate(out, &r))) {
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
            goto done;
        }
    }
done:
    ml_yr_free(&y);
    return rc;
}

/* Splits one CSV line into at most 4 fields; a field may be "quoted",
 * with a quote inside written twice (RFC 4180), as ml_csv_field and
 * spreadsheets write it. */
static int split_csv(char *line, char *f[4])
{
    int k = 0;
    char *p = line;
    while (k < 4) {
        if (*p == '"') {
            /* Unquoted in place: w trails p by the quotes dropped. */
            char *w = ++p;
            f[k++] = w;
            for (;;) {
                if (!*p)
                    return -1; /* no closing quote */
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else
                    *w++ = *p++;
            }
            if (*p && *p != ',' && *p != '\r' && *p != '\n')
                return -1; /* text after the closing quote */
            *w = '\0'; /* w < p: the separator after the field stays */
        } else {
            f[k++] = p;
            p += strcspn(p, ",\r\n");
        }
        if (*p == ',') {
            *p++ = '\0';
        } else {
            *p = '\0';
            break;
        }
    }
    return k;
}

static int load_csv(const char *path, ml_rates *out, ml_err *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ML_ERROR(err, ML_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[1024];
    int rc = ML_OK;
    unsigned long ln = 0;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        if (!strchr(line, '\n') && !feof(fp)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: line longer than %zu characters", path, ln,
                          sizeof line - 2);
            break;
        }
        if (ln == 1) {
            if (strncmp(line, "currency,per_base,year,source", 29)) {
                rc = ML_ERROR(err, ML_EINVAL, "%s:1: the header must be "
                              "currency,per_base,year,source", path);
                break;
            }
            continue;
        }
        if (line[strspn(line, " \r\n")] == '\0' || line[0] == '#')
            continue;
        char *f[4], *end;
        ml_rate r = {0};
        int k = split_csv(line, f);
        if (k == 4) {
            snprintf(r.currency, sizeof r.currency, "%.7s", f[0]);
            errno = 0;
            r.per_base = strtod(f[1], &end);
            char *yend;
            unsigned long yr = strtoul(f[2], &yend, 10);
            if (*yend)
                yr = 0; /* "2023x" is no year: refused below */
            r.year = (unsigned)yr;
            snprintf(r.source, sizeof r.source, "%.255s", f[3]);
            if (*end || errno || !(r.per_base > 0) || !isfinite(r.per_base))
                k = -2;
            else if (!valid_code(r.currency) || yr < 1900 || yr > 2200 || !r.source[0])
                k = -3;
        }
        if (k != 4) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: expected currency (ISO code),per_base "
                          "(a positive number),year,source", path, ln);
            break;
        }
        if (ml_rates_find(out, r.currency)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: currency %s is listed twice", path, ln,
                          r.currency);
            break;
        }
        if ((rc = add_rate(out, &r))) {
            rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
            break;
        }
    }
    fclose(fp);
    if (!rc && out->n == 0)
        rc = ML_ERROR(err, ML_EINVAL, "%s: no rates", path);
    return rc;
}

int ml_rates_load(const char *path, ml_rates *out, ml_err *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->file, sizeof out->file, "%s", path);
    size_t len = strlen(path);
    int rc = len > 4 && !strcmp(path + len - 4, ".csv") ? load_csv(path, out, err)
                                                        : load_yaml(path, out, err);
    if (rc)
        ml_rates_free(out);
    return rc;
}

void ml_rates_free(ml_rates *r)
{
    free(r->r);
    r->r = NULL;
    r->n = 0;
}

const ml_rate *ml_rates_find(const ml_rates *r, const char *currency)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->r[i].currency, currency))
            return &r->r[i];
    return NULL;
}

int ml_unit_in_currency(const char *unit, const char *from, const char *to, char *out,
                        size_t cap)
{
    size_t k = strlen(from);
    if (k == 0 || strncmp(unit, from, k) || (unit[k] != '\0' && unit[k] != ' '))
        return 0;
    snprintf(out, cap, "%s%s", to, unit + k);
    return 1;
}
