/*
 * html_svg.c — see html_svg.h.  The rewriting is textual, on the three
 * forms in which SVG names an id (id="X", href="#X" with or without the
 * xlink: prefix, url(#X)); a full XML parse would be a dependency for what
 * matplotlib's regular output does not need.
 */
#include "html_svg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SVG_MAX (64u << 20) /* a figure larger than 64 MiB is not a report's */

static char *slurp(const char *path, size_t *len, ml_err *err, int *rc)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *rc = ML_ERROR(err, ML_EIO, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? 2 * cap : 131072;
            char *p = cap > SVG_MAX ? NULL : realloc(buf, cap);
            if (!p) {
                *rc = cap > SVG_MAX
                          ? ML_ERROR(err, ML_EIO, "%s: larger than %u MiB", path, SVG_MAX >> 20)
                          : ML_ERROR(err, ML_ENOMEM, "out of memory reading %s", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        *rc = ML_ERROR(err, ML_EIO, "%s: cannot read", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int starts(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* Whether a reference target (what follows href=" or url() stays inside
 * the page. */
static int inside(const char *p, const char *end)
{
    return starts(p, end, "#") || starts(p, end, "data:");
}

int ml_html_svg(FILE *out, const char *path, const char *prefix, const char *label,
                ml_err *err)
{
    size_t len = 0;
    int rc = ML_OK;
    char *buf = slurp(path, &len, err, &rc);
    if (!buf)
        return rc;
    char *p = strstr(buf, "<svg"), *end = NULL;
    while (p && (!p[4] || !strchr(" \t\r\n>", p[4]))) /* not <svgfoo */
        p = strstr(p + 4, "<svg");
    for (char *q = p ? strstr(p, "</svg>") : NULL; q; q = strstr(q + 1, "</svg>"))
        end = q + strlen("</svg>");
    if (!p || !end) {
        free(buf);
        return ML_ERROR(err, ML_EIO, "%s: not an SVG file (no <svg ...> ... </svg>)", path);
    }
    /* The root's name, then the label, then the rest of the file. */
    fputs("<svg role=\"img\" aria-label=\"", out);
    fputs(label, out);
    fputs("\"", out);
    p += strlen("<svg");
    while (p < end) {
        if (starts(p, end, "<metadata")) {
            char *m = strstr(p, "</metadata>");
            if (m && m < end) {
                p = m + strlen("</metadata>");
                continue;
            }
        }
        if (starts(p, end, "<script")) {
            rc = ML_ERROR(err, ML_EIO, "%s: holds a script; the report page carries none",
                          path);
            break;
        }
        if (*p && strchr(" \t\r\n", *p) && starts(p + 1, end, "id=\"")) {
            fputc(*p, out);
            fputs("id=\"", out);
            fputs(prefix, out);
            p += 1 + strlen("id=\"");
            continue;
        }
        if (starts(p, end, "href=\"") || starts(p, end, "url(")) {
            const char *at = p + (*p == 'h' ? strlen("href=\"") : strlen("url("));
            if (*p == 'u' && (*at == '\'' || *at == '"'))
                at++; /* url('#x') */
            if (!inside(at, end)) {
                rc = ML_ERROR(err, ML_EIO, "%s: refers to something outside itself (%.60s); "
                              "the report page must load with nothing else", path, p);
                break;
            }
            fwrite(p, 1, (size_t)(at - p), out);
            p = (char *)at;
            if (*p == '#') {
                fputc('#', out);
                fputs(prefix, out);
                p++;
            }
            continue;
        }
        fputc(*p++, out);
    }
    fputc('\n', out);
    free(buf);
    return rc;
}
