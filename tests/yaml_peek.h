/*
 * yaml_peek.h — reads a few values out of a shipped scenario file as text,
 * independently of medliab's loader, so a test can say "the loader carried
 * this number over unchanged".  Not a YAML parser: it follows a path of
 * keys by indentation (block mappings, the first item of a block list) and
 * into one-line flow mappings, which is how the files in scenarios/ are
 * written.  A value it cannot find is reported as absent, never guessed.
 *
 *   char *peek_file(path)                       the file's text (malloc'd)
 *   const char *peek(text, "run.replicates")     the value's text, or NULL
 *   int peek_num(text, path, &x)                 1 if found and a number (the
 *                                                value of {value: X, range: ..})
 *   int peek_str(text, path, buf, cap)           1 if found (quotes removed)
 *   unsigned peek_list_total(text, key)          entries of block list key,
 *                                                each counting its `count:`
 */
#ifndef ML_YAML_PEEK_H
#define ML_YAML_PEEK_H

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *peek_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *t = malloc((size_t)n + 1);
    if (t && fread(t, 1, (size_t)n, f) != (size_t)n) {
        free(t);
        t = NULL;
    }
    if (t)
        t[n] = '\0';
    fclose(f);
    return t;
}

/* Indentation of the line at p (spaces; "- " of a list item counts as
 * indentation of the key after it). */
static inline int peek_indent(const char *p, const char **key)
{
    int n = 0;
    while (p[n] == ' ')
        n++;
    while (p[n] == '-' && p[n + 1] == ' ') {
        n += 2;
        while (p[n] == ' ')
            n++;
    }
    *key = p + n;
    return n;
}

/* Whether line text at k (up to end e) starts with "name:" */
static inline int peek_is_key(const char *k, const char *e, const char *name)
{
    size_t n = strlen(name);
    return (size_t)(e - k) > n && !strncmp(k, name, n) && k[n] == ':';
}

/* Inside a flow mapping starting at p ('{'), the value of key name at the
 * top level of that mapping, or NULL. */
static inline const char *peek_flow(const char *p, const char *name)
{
    int depth = 0;
    size_t n = strlen(name);
    for (const char *q = p; *q && *q != '\n'; q++) {
        if (*q == '{' || *q == '[') {
            depth++;
            if (depth == 1) {
                const char *k = q + 1;
                while (*k == ' ')
                    k++;
                if (!strncmp(k, name, n) && k[n] == ':')
                    return k + n + 1;
            }
        } else if (*q == '}' || *q == ']') {
            depth--;
        } else if (*q == ',' && depth == 1) {
            const char *k = q + 1;
            while (*k == ' ')
                k++;
            if (!strncmp(k, name, n) && k[n] == ':')
                return k + n + 1;
        }
    }
    return NULL;
}

/* Whether the last value peek() found sits inside a flow mapping, where
 * ',' and '}' end a plain scalar (in a block they are ordinary text). */
static int peek_in_flow_;

static inline const char *peek(const char *text, const char *path)
{
    peek_in_flow_ = 0;
    char keys[8][64];
    int nk = 0;
    for (const char *s = path; *s && nk < 8;) {
        const char *d = strchr(s, '.');
        size_t n = d ? (size_t)(d - s) : strlen(s);
        snprintf(keys[nk++], sizeof keys[0], "%.*s", (int)n, s);
        s += n + (d ? 1 : 0);
    }
    const char *p = text;
    int limit = -1;
    for (int i = 0; i < nk; i++) {
        const char *found = NULL;
        while (*p) {
            const char *e = strchr(p, '\n');
            if (!e)
                e = p + strlen(p);
            const char *k;
            int ind = peek_indent(p, &k);
            int blank = k == e || *k == '#';
            if (!blank && ind <= limit)
                return NULL; /* left the block of the previous key */
            if (!blank && peek_is_key(k, e, keys[i])) {
                found = k + strlen(keys[i]) + 1;
                limit = ind;
                p = *e ? e + 1 : e;
                break;
            }
            /* a list item written as one flow mapping: - {name: x, ...} */
            if (!blank && *k == '{' && (found = peek_flow(k, keys[i]))) {
                peek_in_flow_ = 1;
                limit = ind;
                p = *e ? e + 1 : e;
                break;
            }
            p = *e ? e + 1 : e;
        }
        if (!found)
            return NULL;
        while (*found == ' ')
            found++;
        /* The rest of the path inside a one-line flow mapping. */
        while (*found == '{' && i + 1 < nk) {
            const char *v = peek_flow(found, keys[++i]);
            if (!v)
                return NULL;
            peek_in_flow_ = 1;
            while (*v == ' ')
                v++;
            found = v;
        }
        if (i == nk - 1)
            return found;
    }
    return NULL;
}

static inline int peek_num(const char *text, const char *path, double *x)
{
    const char *v = peek(text, path);
    if (!v)
        return 0;
    /* A number with a distribution, {value: X, range: ...} (README,
     * "Uncertainty"), is X as far as the scenario goes; {value, year} is
     * trended, so not X: absent here. */
    if (*v == '{') {
        if (peek_flow(v, "year") || !(v = peek_flow(v, "value")))
            return 0;
        while (*v == ' ')
            v++;
    }
    if (!strncmp(v, ".inf", 4) || !strncmp(v, "unlimited", 9)) {
        *x = INFINITY;
        return 1;
    }
    char *end;
    *x = strtod(v, &end);
    return end != v && (*end == '\0' || strchr(" ,}]#\n\r", *end));
}

static inline int peek_str(const char *text, const char *path, char *buf, size_t cap)
{
    const char *v = peek(text, path);
    if (!v || !*v || *v == '\n')
        return 0;
    char q = (*v == '"' || *v == '\'') ? *v++ : 0;
    size_t n = 0;
    while (v[n] && v[n] != '\n') {
        if (q ? v[n] == q
              : (peek_in_flow_ && (v[n] == ',' || v[n] == '}')) ||
                    (v[n] == '#' && (n == 0 || v[n - 1] == ' ')))
            break;
        n++;
    }
    while (!q && n && v[n - 1] == ' ')
        n--;
    snprintf(buf, cap, "%.*s", (int)n, v);
    return 1;
}

/* Entries of the block list under key (at any depth of the first match),
 * each counted count: N times (1 without). */
static inline unsigned peek_list_total(const char *text, const char *key)
{
    const char *p = text;
    int base = -1;
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        const char *k;
        int ind = peek_indent(p, &k);
        p = *e ? e + 1 : e;
        if (k != e && *k != '#' && peek_is_key(k, e, key)) {
            base = ind;
            break;
        }
    }
    if (base < 0)
        return 0;
    unsigned total = 0, cur = 0;
    int item = -1; /* indentation of the list's own dashes */
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        const char *s = p;
        while (*s == ' ')
            s++;
        int ind = (int)(s - p);
        if (s != e && *s != '#') {
            if (ind <= base && *s != '-')
                break;
            if (*s == '-' && item < 0)
                item = ind;
            if (*s == '-' && ind == item) {
                total += cur;
                cur = 1;
            }
            const char *c = strstr(s, "count:");
            const char *hash = memchr(s, '#', (size_t)(e - s));
            if (c && c < e && (!hash || c < hash))
                cur = (unsigned)strtoul(c + 6, NULL, 10);
        }
        p = *e ? e + 1 : e;
    }
    return total + cur;
}

#endif
