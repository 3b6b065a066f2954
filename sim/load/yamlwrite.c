/*
 * yamlwrite.c — see yamlwrite.h.
 *
 * Names and descriptions come from hand-written files and may hold any
 * character YAML can carry: ':' '#' quotes, a leading '-' or '&', words
 * like "null" or "true", line breaks from block scalars.  Written plain,
 * such text would reload as something else or not at all, so strings are
 * always double-quoted.  Inside double quotes only '"' and '\' need
 * escaping, plus what YAML would not read back as itself: control
 * characters (C0, DEL, C1), the line breaks NEL, LS and PS (folded to
 * spaces when quoted), the BOM and the non-characters U+FFFE and U+FFFF.
 */
#include "yamlwrite.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Length of the UTF-8 sequence at s and its code point; 1 and the byte for
 * anything that is not a well-formed sequence (the loader accepts only
 * valid UTF-8, so that does not arise, but it must not be misread). */
static int utf8_next(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n <= 1) {
        *cp = c;
        return 1;
    }
    uint32_t v = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = v << 6 | (s[i] & 0x3Fu);
    }
    *cp = v;
    return n;
}

void ml_yw_str(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int n = utf8_next(p, &cp);
        if (cp == '"' || cp == '\\')
            fprintf(f, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", f);
        else if (cp == '\t')
            fputs("\\t", f);
        else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            fprintf(f, "\\x%02X", (unsigned)cp);
        else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
                 cp == 0xFFFF)
            fprintf(f, "\\u%04X", (unsigned)cp);
        else
            fwrite(p, 1, (size_t)n, f);
        p += n;
    }
    fputc('"', f);
}

void ml_yw_num(FILE *f, double x)
{
    if (isinf(x))
        fputs(x > 0 ? ".inf" : "-.inf", f);
    else {
        /* The shortest of 15, 16 or 17 digits that reads back as x: 0.1
         * stays 0.1 for a reader, and 17 digits always suffice. */
        char b[32];
        for (int d = 15; d <= 17; d++) {
            snprintf(b, sizeof b, "%.*g", d, x);
            if (strtod(b, NULL) == x)
                break;
        }
        fputs(b, f);
    }
}

void ml_yw_kv_num(FILE *f, int indent, const char *key, double x)
{
    fprintf(f, "%*s%s: ", indent, "", key);
    ml_yw_num(f, x);
    fputc('\n', f);
}

void ml_yw_kv_str(FILE *f, int indent, const char *key, const char *s)
{
    fprintf(f, "%*s%s: ", indent, "", key);
    ml_yw_str(f, s);
    fputc('\n', f);
}
