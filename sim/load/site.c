/*
 * site.c — see site.h.
 */
#include "site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for n more bytes. */
static int reserve(ml_sites *s, size_t n)
{
    if (s->cap - s->len >= n)
        return ML_OK;
    size_t cap = s->cap ? s->cap : 1024;
    while (cap - s->len < n)
        cap *= 2;
    char *b = realloc(s->buf, cap);
    if (!b)
        return ML_ENOMEM;
    s->buf = b;
    s->cap = cap;
    return ML_OK;
}

int ml_site_add(ml_sites *s, ml_yr *y, const yaml_node_t *n, const ml_fp *at, ml_site *out)
{
    int head = snprintf(NULL, 0, "%s:%lu: ", y->file, ml_yr_line(n));
    size_t field = ml_fp_write(at, y->top, NULL, 0);
    size_t need = (size_t)head + field + 1;
    if (head < 0 || reserve(s, need))
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    char *t = s->buf + s->len;
    snprintf(t, (size_t)head + 1, "%s:%lu: ", y->file, ml_yr_line(n));
    ml_fp_write(at, y->top, t + head, field + 1);
    *out = s->len + 1;
    s->len += need;
    return ML_OK;
}

const char *ml_site_text(const ml_sites *s, ml_site id)
{
    return id && id <= s->len ? s->buf + id - 1 : "(not given)";
}

void ml_sites_free(ml_sites *s)
{
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
}
