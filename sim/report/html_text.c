/*
 * html_text.c — see html_text.h.
 */
#include "html_text.h"

#include <stdarg.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Length of the valid UTF-8 sequence at s (1 to 4 bytes), or 0: overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned cp = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void ml_html_text(FILE *out, const char *s, int br)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        switch (*p) {
        case '&': fputs("&amp;", out); p++; continue;
        case '<': fputs("&lt;", out); p++; continue;
        case '>': fputs("&gt;", out); p++; continue;
        case '"': fputs("&quot;", out); p++; continue;
        case '\'': fputs("&#39;", out); p++; continue;
        case '\n':
            fputs(br ? "<br/>\n" : "\n", out);
            p++;
            continue;
        default: break;
        }
        /* Tab and carriage return are text; the other C0 controls and DEL
         * are not allowed in an HTML or XML document. */
        if ((*p < 0x20 && *p != '\t' && *p != '\r') || *p == 0x7F) {
            fputs(REPLACEMENT, out);
            p++;
            continue;
        }
        int n = utf8_len(p);
        if (n == 0) {
            fputs(REPLACEMENT, out);
            p++;
        } else {
            fwrite(p, 1, (size_t)n, out);
            p += n;
        }
    }
}

void ml_html_textf(FILE *out, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ml_html_text(out, buf, 0);
}
