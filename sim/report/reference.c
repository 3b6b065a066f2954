/*
 * reference.c — see reference.h.
 */
#include "reference.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* A "# key: value" header line; returns 0 when it is one of ours. */
static int header(ml_reference *r, const char *line, size_t lineno, int *seen, ml_err *err)
{
    static const char *const keys[] = {"scenario", "run_file", "seed", "replicates",
                                       "medliab", "commit"};
    const char *p = line + 1;
    while (*p == ' ')
        p++;
    for (int k = 0; k < 6; k++) {
        size_t n = strlen(keys[k]);
        if (strncmp(p, keys[k], n) || p[n] != ':')
            continue;
        const char *v = p + n + 1;
        while (*v == ' ')
            v++;
        int bad = 0;
        switch (k) {
        case 0: bad = !*v || strlen(v) >= sizeof r->scenario; snprintf(r->scenario, sizeof r->scenario, "%s", v); break;
        case 1: bad = !*v || strlen(v) >= sizeof r->run_file; snprintf(r->run_file, sizeof r->run_file, "%s", v); break;
        case 2: bad = parse_u64(v, &r->seed); break;
        case 3: bad = parse_u64(v, &r->replicates) || r->replicates == 0; break;
        case 4: snprintf(r->version, sizeof r->version, "%s", v); break;
        case 5: snprintf(r->commit, sizeof r->commit, "%s", v); break;
        }
        if (bad)
            return ML_ERROR(err, ML_EINVAL, "%s:%zu: %s: '%s' is not %s", r->path, lineno,
                            keys[k], v, k == 2 || k == 3 ? "a whole number (> 0 for replicates)"
                                                         : "a non-empty name");
        seen[k] = 1;
        return ML_OK;
    }
    return ML_OK; /* a comment */
}

int ml_ref_load(const char *path, ml_reference *r, ml_err *err)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ML_ERROR(err, ML_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[1024];
    size_t lineno = 0;
    int seen[6] = {0}, columns = 0, rc = ML_OK;
    while (!rc && fgets(line, sizeof line, fp)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: line longer than %zu bytes", path, lineno,
                          sizeof line - 2);
            break;
        }
        chomp(line);
        if (line[0] == '#') {
            if (columns)
                rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: header line after the column names",
                              path, lineno);
            else
                rc = header(r, line, lineno, seen, err);
            continue;
        }
        if (!line[0])
            continue;
        if (!columns) {
            if (strcmp(line, "scenario,figure,value")) {
                rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: columns: expected "
                              "'scenario,figure,value', found '%.80s'", path, lineno, line);
                break;
            }
            static const char *const need[] = {"scenario", "run_file", "seed", "replicates"};
            for (int k = 0; k < 4 && !rc; k++)
                if (!seen[k])
                    rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: %s: missing header line "
                                  "'# %s: ...' before the column names", path, lineno,
                                  need[k], need[k]);
            columns = 1;
            continue;
        }
        char *c1 = strchr(line, ',');
        char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2 || strchr(c2 + 1, ',')) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: expected three fields "
                          "scenario,figure,value", path, lineno);
            break;
        }
        *c1 = *c2 = '\0';
        const char *fig = c1 + 1, *val = c2 + 1;
        if (strcmp(line, r->scenario)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: scenario: '%s' differs from the header's "
                          "'%s'", path, lineno, line, r->scenario);
            break;
        }
        if (!*fig) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: figure: empty name", path, lineno);
            break;
        }
        char *end = NULL;
        errno = 0;
        double v = strtod(val, &end);
        /* ERANGE is refused on overflow only: strtod also sets it for a
         * subnormal, which %.17g writes and which reads back exactly. */
        if (!*val || *end || (errno == ERANGE && isinf(v))) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: value: '%s' is not a number (figure %s)",
                          path, lineno, val, fig);
            break;
        }
        if (ml_figures_find(&r->fig, fig)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: figure: %s is listed twice", path, lineno,
                          fig);
            break;
        }
        rc = ml_figures_add(&r->fig, fig, v, err);
    }
    if (!rc && ferror(fp))
        rc = ML_ERROR(err, ML_EIO, "%s: read error", path);
    if (!rc && !columns)
        rc = ML_ERROR(err, ML_EINVAL, "%s:%zu: columns: no 'scenario,figure,value' line",
                      path, lineno);
    fclose(fp);
    if (rc)
        ml_ref_free(r);
    return rc;
}

int ml_ref_write(const char *path, const ml_reference *r, ml_err *err)
{
    for (size_t i = 0; i < r->fig.n; i++)
        if (strpbrk(r->fig.f[i].name, ",\"\n\r"))
            return ML_ERROR(err, ML_EINVAL, "figure name '%s' holds a comma, quote or line "
                            "break and cannot be written to %s", r->fig.f[i].name, path);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "w");
    if (!fp)
        return ML_ERROR(err, ML_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    fprintf(fp, "# medliab reference summary; regenerate with: medliab verify --update\n"
                "# (figures: README, \"Reproduce the published numbers\")\n"
                "# scenario: %s\n# run_file: %s\n# seed: %llu\n# replicates: %llu\n"
                "# medliab: %s\n# commit: %s\nscenario,figure,value\n",
            r->scenario, r->run_file, (unsigned long long)r->seed,
            (unsigned long long)r->replicates, r->version, r->commit);
    for (size_t i = 0; i < r->fig.n; i++)
        fprintf(fp, "%s,%s,%.17g\n", r->scenario, r->fig.f[i].name, r->fig.f[i].value);
    int bad = ferror(fp);
    if (fclose(fp) || bad || rename(tmp, path)) {
        unlink(tmp);
        return ML_ERROR(err, ML_EIO, "%s: cannot write (disk full?)", path);
    }
    return ML_OK;
}

void ml_ref_free(ml_reference *r)
{
    ml_figures_free(&r->fig);
}

int ml_ref_match(double expected, double got, double rtol, double *rel)
{
    if (expected == got || (isnan(expected) && isnan(got))) {
        *rel = 0.0;
        return 1;
    }
    double d = fabs(got - expected);
    *rel = expected != 0.0 ? d / fabs(expected) : INFINITY;
    if (isnan(*rel))
        *rel = INFINITY; /* NaN against a number, or infinities of opposite sign */
    return *rel <= rtol || (fabs(expected) < ML_REF_ZERO && fabs(got) < ML_REF_ZERO);
}
