/*
 * field_path.c — see field_path.h.  The text is written top first, so the
 * frames, which point upwards, are walked by recursion; a path is as deep
 * as the document (yamlread.c refuses documents nested more than 64 levels).
 */
#include "field_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned ml_fp_depth(const ml_fp *p)
{
    unsigned d = 0;
    for (; p; p = p->up)
        d++;
    return d;
}

const ml_fp *ml_fp_nth(const ml_fp *p, unsigned i)
{
    unsigned d = ml_fp_depth(p);
    if (i >= d)
        return NULL;
    for (unsigned k = d - 1; k > i; k--)
        p = p->up;
    return p;
}

/* The text so far: buf[0..cap) receives what fits, len counts everything. */
typedef struct {
    char *buf;
    size_t cap, len;
} sink;

static void put(sink *s, const char *t, size_t n)
{
    if (s->len < s->cap) {
        size_t room = s->cap - 1 - s->len; /* one byte kept for the NUL */
        memcpy(s->buf + s->len, t, n < room ? n : room);
    }
    s->len += n;
}

static void write_frames(const ml_fp *p, sink *s)
{
    if (!p)
        return;
    write_frames(p->up, s);
    if (p->key) {
        size_t n = strlen(p->key);
        if (n && s->len)
            put(s, ".", 1);
        put(s, p->key, n);
    } else {
        char idx[3 * sizeof(size_t) + 3]; /* "[" digits "]": enough for any size_t */
        int n = snprintf(idx, sizeof idx, "[%zu]", p->index);
        put(s, idx, (size_t)n);
    }
}

size_t ml_fp_write(const ml_fp *p, const char *top, char *buf, size_t cap)
{
    sink s = {buf, cap, 0};
    if (p)
        write_frames(p, &s);
    else if (top)
        put(&s, top, strlen(top));
    if (cap)
        buf[s.len < cap ? s.len : cap - 1] = '\0';
    return s.len;
}

char *ml_fp_text(const ml_fp *p, const char *top)
{
    size_t n = ml_fp_write(p, top, NULL, 0);
    char *t = malloc(n + 1);
    if (t)
        ml_fp_write(p, top, t, n + 1);
    return t;
}

int ml_fp_leads_to(const ml_fp *p, const ml_fp *from, const char *const *parts, unsigned n)
{
    unsigned dp = ml_fp_depth(p), df = ml_fp_depth(from);
    if (dp < df || dp - df > n)
        return 0;
    for (unsigned k = dp - df; k > 0; k--, p = p->up)
        if (!p->key || strcmp(p->key, parts[k - 1]))
            return 0;
    return p == from;
}
