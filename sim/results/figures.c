/*
 * figures.c — see figures.h.  Lists hold a few hundred figures, so a
 * linear search is simpler than an index and fast enough.
 */
#include "figures.h"

#include <stdlib.h>
#include <string.h>

int ml_figures_add(ml_figures *l, const char *name, double value, ml_err *err)
{
    if (strlen(name) >= ML_FIGURE_NAME_MAX)
        return ML_ERROR(err, ML_EINVAL, "figure name '%.60s...' is longer than %d bytes",
                        name, ML_FIGURE_NAME_MAX - 1);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 128;
        ml_figure *f = realloc(l->f, cap * sizeof *f);
        if (!f)
            return ML_ERROR(err, ML_ENOMEM, "out of memory for %zu figures", cap);
        l->f = f;
        l->cap = cap;
    }
    memset(&l->f[l->n], 0, sizeof l->f[l->n]);
    strcpy(l->f[l->n].name, name);
    l->f[l->n].value = value;
    l->n++;
    return ML_OK;
}

const ml_figure *ml_figures_find(const ml_figures *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->f[i].name, name))
            return &l->f[i];
    return NULL;
}

void ml_figures_free(ml_figures *l)
{
    free(l->f);
    memset(l, 0, sizeof *l);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && !memcmp(s + n - k, suffix, k);
}

int ml_figure_is_reference(const char *name)
{
    /* The column is the last dot-separated part, before any "@key". */
    const char *col = strrchr(name, '.');
    col = col ? col + 1 : name;
    const char *at = strchr(col, '@');
    size_t n = at ? (size_t)(at - col) : strlen(col);
    if (ends_with(col, n, "_lo") || ends_with(col, n, "_hi") || ends_with(col, n, "_se"))
        return 0;
    if (!strncmp(name, "summary.", 8)) {
        static const char *const keep[] = {"mean", "sd", "var995", "tvar99"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            if (strlen(keep[i]) == n && !memcmp(col, keep[i], n))
                return 1;
        return 0;
    }
    if (!strncmp(name, "ep.", 3)) {
        if (!at || !((n == 3 && !memcmp(col, "aep", 3)) || (n == 3 && !memcmp(col, "oep", 3))))
            return 0;
        return !strcmp(at, "@10") || !strcmp(at, "@100") || !strcmp(at, "@250");
    }
    return 1;
}
