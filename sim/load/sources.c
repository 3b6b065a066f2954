/*
 * sources.c — classifies every number of a scenario file by the tag of the
 * comment that covers it (see sources.h; the rules are README, "Where the
 * numbers come from").
 *
 * libyaml keeps no comments, so the file is read twice: libyaml's events
 * give every scalar with its position (which scalars are numbers, their
 * field paths, and which stretches of a line are text, where a '#' is not a
 * comment), and a line pass then finds each line's comment and the tag that
 * covers each number, the first of:
 *   1. the tag in the trailing comment of the number's line;
 *   2. the tag of the run of comment-only lines directly above the line (no
 *      blank line between): the run's first tag, whose text runs on to the
 *      end of the run;
 *   3. a `source` field of the mapping the number is directly in (the
 *      loader accepts one in {value, unit, source} numbers, rates, layers
 *      and grade items): a tag at its start (fitted: ..., assumption: ...)
 *      counts as that tag, any other non-empty text as source: TEXT;
 *   4. the own tag (1 or 2) of the nearest line above that is indented
 *      less than the number's line, as long as no line in between is
 *      indented as little or less: a block opener (`grades:`,
 *      `- name: tertiary`) is tagged once for its block, and a flow mapping
 *      continued on the next line stays covered.
 * A tag is the word source, fitted, assumption or setting, in lower case,
 * followed by ':', at the start of a comment (after spaces) or after ';'.
 * The first tag of a comment counts; later ones are prose.
 */
#include "sources.h"
#include "field_path.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define FULL ((size_t)-1) /* a line wholly inside a multi-line scalar */
#define TAG_TEXT 600
#define MAX_DEPTH 64

static const char *const class_names[ML_SRC_NCLASS] = {"sourced", "fitted", "assumption",
                                                        "setting", "unclassified"};

/* Copies text into a field of a fixed size, as much as fits, cut at a
 * character boundary: the listing's fields (ml_src_number) have room for
 * any field path, value and note of the shipped files, and a longer one
 * is shown cut rather than refused. */
static void copy_cut(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] starts a character: keep what is before it */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

const char *ml_sources_class_name(ml_src_class c)
{
    return c < ML_SRC_NCLASS ? class_names[c] : "?";
}

/* ---------------------------------------------------------------- numbers */

/* YAML 1.2 decimal, as the loader accepts it (yamlread.c). */
static int is_decimal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    int d = 0;
    while (isdigit((unsigned char)*s))
        s++, d++;
    if (*s == '.') {
        s++;
        int f = 0;
        while (isdigit((unsigned char)*s))
            s++, f++;
        if (!d && !f)
            return 0;
    } else if (!d)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

/* No limit is a number to the loader (+infinity) and a modelling choice
 * that needs a reason as much as a finite limit does. */
static int is_number(const char *s)
{
    static const char *const inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                                      "-.inf", "-.Inf", "-.INF", "unlimited", NULL};
    for (const char *const *p = inf; *p; p++)
        if (!strcmp(s, *p))
            return 1;
    return is_decimal(s);
}

/* Keys whose values the loader reads as text (or, like a disability
 * grade's label, not at all): a digit string there is not a number. */
static int is_text_key(const char *k)
{
    static const char *const keys[] = {"name", "description", "evidence", "lever", "grade",
                                       "kind", "model", "currency", "exposure_unit",
                                       "source", "unit", "note", "appraisal",
                                       "challenge_to", "portfolio", "regime", "levers",
                                       NULL};
    for (const char *const *p = keys; *p; p++)
        if (!strcmp(k, *p))
            return 1;
    return 0;
}

/* A number found by the event walk, before its line is classified. */
typedef struct {
    unsigned long line; /* 0-based */
    char *field;        /* its path (malloc'd) */
    char value[64];
    unsigned long map; /* serial of the mapping it is directly in (0: none) */
    char *own;         /* rule 4: that mapping's source text, or NULL */
} raw_number;

typedef struct {
    raw_number *v;
    size_t n, cap;
} raw_list;

static int raw_push(raw_list *l, unsigned long line, unsigned long map, const ml_fp *field,
                    const char *value)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        raw_number *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return ML_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    raw_number *r = &l->v[l->n];
    if (!(r->field = ml_fp_text(field, "")))
        return ML_ENOMEM;
    l->n++;
    r->line = line;
    r->map = map;
    copy_cut(r->value, sizeof r->value, value);
    r->own = NULL;
    return ML_OK;
}

/* ----------------------------------------------------------- event walk */

/* One open mapping or list of the event walk.  Its path is a frame
 * (field_path.h) under its parent's; a frame names its parent's current
 * key, which stays as it is while this collection is open. */
typedef struct {
    int is_map, want_key;
    char *key;            /* map: the current key (malloc'd), or NULL */
    const char *hang;     /* the key this collection is the value of ("" if none) */
    size_t index;         /* seq: the next item's index */
    ml_fp fp;             /* its path, when has_path */
    int has_path;         /* 0: the document's root, whose path is empty */
    unsigned long serial; /* map: its number, from 1, in document order */
    size_t first_raw;     /* map: the count of numbers found before it */
    char *source;         /* map: the text under `source`, or NULL */
} ctx;

/* Marks line l as text up to character column c (FULL: the whole line). */
static void cover(size_t *cov, size_t n_lines, size_t l, size_t c)
{
    if (l >= n_lines)
        return;
    if (cov[l] == FULL || c == FULL)
        cov[l] = FULL;
    else if (c > cov[l])
        cov[l] = c;
}

/* The path of the node about to start under the top of the stack, into
 * *f (false: the root, whose path is empty), and the key it hangs on. */
static int child_path(const ctx *top, ml_fp *f, const char **hang)
{
    if (!top) {
        *hang = "";
        return 0;
    }
    const ml_fp *up = top->has_path ? &top->fp : NULL;
    if (top->is_map) {
        *f = ml_fp_key(up, top->key ? top->key : "");
        *hang = top->key ? top->key : "";
    } else {
        *f = ml_fp_item(up, top->index);
        *hang = top->hang;
    }
    return 1;
}

/* After a value (scalar or collection) under top: advance. */
static void value_done(ctx *top)
{
    if (!top)
        return;
    if (top->is_map)
        top->want_key = 1;
    else
        top->index++;
}

static int walk(const char *name, const char *text, size_t len, size_t *cov, size_t n_lines,
                raw_list *out, ml_err *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return ML_ERROR(err, ML_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    ctx st[MAX_DEPTH];
    int depth = 0, rc = ML_OK, done = 0;
    unsigned long serials = 0;
    while (!done && !rc) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: not valid YAML: %s", name,
                          (unsigned long)p.problem_mark.line + 1,
                          p.problem ? p.problem : "parse error");
            break;
        }
        ctx *top = depth ? &st[depth - 1] : NULL;
        switch (e.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
            if (depth == MAX_DEPTH) {
                rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: nested too deeply", name,
                              (unsigned long)e.start_mark.line + 1);
                break;
            }
            ctx *c = &st[depth];
            c->has_path = child_path(top, &c->fp, &c->hang);
            c->is_map = e.type == YAML_MAPPING_START_EVENT;
            c->want_key = 1;
            c->key = NULL;
            c->index = 0;
            c->serial = c->is_map ? ++serials : 0;
            c->first_raw = out->n;
            c->source = NULL;
            depth++;
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: {
            ctx *c = &st[--depth];
            for (size_t i = c->first_raw; c->source && i < out->n && !rc; i++)
                if (out->v[i].map == c->serial && !(out->v[i].own = strdup(c->source)))
                    rc = ML_ERROR(err, ML_ENOMEM, "out of memory"); /* rule 4 */
            free(c->source);
            free(c->key);
            value_done(depth ? &st[depth - 1] : NULL);
            break;
        }
        case YAML_SCALAR_EVENT: {
            size_t l1 = e.start_mark.line, l2 = e.end_mark.line;
            if (l1 == l2)
                cover(cov, n_lines, l1, e.end_mark.column);
            else {
                cover(cov, n_lines, l1, FULL);
                for (size_t l = l1 + 1; l < l2; l++)
                    cover(cov, n_lines, l, FULL);
                cover(cov, n_lines, l2, e.end_mark.column);
            }
            const char *v = (const char *)e.data.scalar.value;
            if (top && top->is_map && top->want_key) {
                free(top->key);
                if (!(top->key = strdup(v))) {
                    rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
                    break;
                }
                top->want_key = 0;
                break;
            }
            ml_fp path;
            const char *hang;
            int has_path = child_path(top, &path, &hang);
            int plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            if (plain && is_number(v) && !is_text_key(hang)) {
                if (raw_push(out, e.start_mark.line, top && top->is_map ? top->serial : 0,
                             has_path ? &path : NULL, v)) {
                    rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
                    break;
                }
            } else if (top && top->is_map && top->key && !strcmp(top->key, "source") && *v &&
                       !top->source) {
                if (!(top->source = strdup(v))) {
                    rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
                    break;
                }
            }
            value_done(top);
            break;
        }
        case YAML_ALIAS_EVENT:
            value_done(top);
            break;
        default:
            break;
        }
        yaml_event_delete(&e);
    }
    while (depth > 0) {
        free(st[--depth].source);
        free(st[depth].key);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* ------------------------------------------------------------------ tags */

typedef struct {
    int kind; /* -1: no tag; else ML_SRC_SOURCED ... ML_SRC_SETTING */
    char text[TAG_TEXT]; /* what follows the tag's colon */
} tag;

/* The first tag in s (a comment's text, without the '#'), or kind -1. */
static void find_tag(const char *s, tag *t)
{
    static const char *const words[] = {"source:", "fitted:", "assumption:", "setting:"};
    static const int kinds[] = {ML_SRC_SOURCED, ML_SRC_FITTED, ML_SRC_ASSUMPTION,
                                ML_SRC_SETTING};
    t->kind = -1;
    t->text[0] = '\0';
    int at_start = 1; /* only spaces, or a ';' and spaces, since the last token */
    for (const char *p = s; *p; p++) {
        if (*p == ';') {
            at_start = 1;
            continue;
        }
        if (*p == ' ' || *p == '\t')
            continue;
        if (at_start)
            for (int w = 0; w < 4; w++) {
                size_t n = strlen(words[w]);
                if (!strncmp(p, words[w], n)) {
                    t->kind = kinds[w];
                    copy_cut(t->text, sizeof t->text, p + n);
                    return;
                }
            }
        at_start = 0;
    }
}

static void append(tag *t, const char *more)
{
    size_t n = strlen(t->text);
    if (n + 1 < sizeof t->text) {
        t->text[n] = ' ';
        copy_cut(t->text + n + 1, sizeof t->text - n - 1, more);
    }
}

static int has_word(const char *s)
{
    for (; *s; s++)
        if (isalnum((unsigned char)*s))
            return 1;
    return 0;
}

static const char *calib_use(const ml_src_calib *c, const char *id)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (!strcmp(c->id[i], id))
            return c->use[i];
    return NULL;
}

static void shorten(char *dst, size_t cap, const char *s)
{
    while (*s == ' ')
        s++;
    copy_cut(dst, cap, s);
    size_t n = strlen(dst);
    while (n && dst[n - 1] == ' ')
        dst[--n] = '\0';
}

/* The class a tag gives a number at path field; note says why or what. */
/* The run file's own choices, not facts about the world: how long and
 * with which seed a run goes, and its time frame. */
static int is_setting_field(const char *field)
{
    return !strncmp(field, "run.", 4) || !strncmp(field, "time.", 5);
}

static ml_src_class judge(const tag *t, const char *field, const ml_src_calib *c, char *note,
                          size_t cap)
{
    if (!t || t->kind < 0) {
        snprintf(note, cap, "no tag (source:, fitted:, assumption:%s)",
                 is_setting_field(field) ? " or setting:" : "");
        return ML_SRC_UNCLASSIFIED;
    }
    const char *s = t->text;
    switch (t->kind) {
    case ML_SRC_SOURCED:
        if (!has_word(s)) {
            snprintf(note, cap, "source: without a citation");
            return ML_SRC_UNCLASSIFIED;
        }
        break;
    case ML_SRC_ASSUMPTION:
        if (!has_word(s)) {
            snprintf(note, cap, "assumption: without a reason");
            return ML_SRC_UNCLASSIFIED;
        }
        break;
    case ML_SRC_SETTING:
        if (!is_setting_field(field)) {
            snprintf(note, cap, "setting: is only for the run: and time: blocks (replicates, "
                     "seed, accident and development years, policy year)");
            return ML_SRC_UNCLASSIFIED;
        }
        if (!has_word(s)) {
            snprintf(note, cap, "setting: without a reason");
            return ML_SRC_UNCLASSIFIED;
        }
        break;
    case ML_SRC_FITTED: {
        /* ROW_ID[, ROW_ID]...: the list ends at the first id not followed
         * by a comma; every id must be a fit row. */
        const char *p = s;
        int n_ids = 0;
        for (;;) {
            while (*p == ' ')
                p++;
            char id[128];
            size_t k = 0;
            while ((isalnum((unsigned char)*p) || *p == '_') && k + 1 < sizeof id)
                id[k++] = *p++;
            id[k] = '\0';
            if (!k)
                break;
            n_ids++;
            const char *use = calib_use(c, id);
            if (!use) {
                snprintf(note, cap, "fitted: unknown calibration row '%.64s'", id);
                return ML_SRC_UNCLASSIFIED;
            }
            if (strcmp(use, "fit")) {
                /* The id is shown up to 64 bytes, so the note fits its 200. */
                snprintf(note, cap, "fitted: calibration row '%.64s' has use = %s, not fit "
                         "(a validate row never sets a parameter)", id, use);
                return ML_SRC_UNCLASSIFIED;
            }
            while (*p == ' ')
                p++;
            if (*p != ',')
                break;
            p++;
        }
        if (!n_ids) {
            snprintf(note, cap, "fitted: without a calibration row id");
            return ML_SRC_UNCLASSIFIED;
        }
        break;
    }
    default:
        break;
    }
    shorten(note, cap, s);
    return (ml_src_class)t->kind;
}

/* ------------------------------------------------------------ line pass */

typedef struct {
    size_t off, len; /* bytes, without the line break */
} line_span;

/* Byte offset of character column col in a line of UTF-8 (libyaml counts
 * columns in characters). */
static size_t byte_of_col(const char *s, size_t len, size_t col)
{
    size_t i = 0, c = 0;
    while (i < len && c < col) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

/* The byte at which a line's comment starts (its text after the '#' is
 * copied, NUL-terminated, into buf), or len when it has none.  from: the
 * byte where scalars end; before it a '#' is text. */
static size_t comment_of(const char *s, size_t len, size_t from, char *buf, size_t cap)
{
    for (size_t i = from; i < len; i++)
        if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            size_t n = len - i - 1;
            if (n >= cap)
                n = cap - 1;
            memcpy(buf, s + i + 1, n);
            buf[n] = '\0';
            return i;
        }
    return len;
}

typedef struct {
    size_t indent;
    tag t;
} scope;

static int file_push(ml_src_file *f, const raw_number *r, ml_src_class cls, const char *note)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        ml_src_number *v = realloc(f->num, cap * sizeof *v);
        if (!v)
            return ML_ENOMEM;
        f->num = v;
        f->cap = cap;
    }
    ml_src_number *m = &f->num[f->n++];
    m->line = r->line + 1;
    copy_cut(m->field, sizeof m->field, r->field);
    copy_cut(m->value, sizeof m->value, r->value);
    m->cls = cls;
    copy_cut(m->note, sizeof m->note, note);
    f->count[cls]++;
    return ML_OK;
}

static int classify(ml_src_file *f, const char *text, const line_span *ls, size_t n_lines,
                    const size_t *cov, const raw_list *raw, const ml_src_calib *c)
{
    scope *stack = malloc((n_lines + 1) * sizeof *stack);
    tag *run = malloc(sizeof *run), *own = malloc(sizeof *own);
    char *buf = malloc(TAG_TEXT);
    int rc = (stack && run && own && buf) ? ML_OK : ML_ENOMEM;
    size_t depth = 0, next = 0;
    int in_run = 0; /* the lines just above are comments only, no blank between */
    if (run)
        run->kind = -1;
    for (size_t l = 0; l < n_lines && !rc; l++) {
        const char *s = text + ls[l].off;
        size_t len = ls[l].len, ind = 0;
        while (ind < len && (s[ind] == ' ' || s[ind] == '\t'))
            ind++;
        if (ind == len) { /* blank, also inside a block scalar: it ends no block */
            in_run = 0;
            run->kind = -1;
            continue;
        }
        size_t at = len;
        if (cov[l] != FULL)
            at = comment_of(s, len, byte_of_col(s, len, cov[l]), buf, TAG_TEXT);
        const char *com = at < len ? buf : NULL;
        if (com && at == ind) { /* comment-only: rule 2 */
            if (!in_run)
                run->kind = -1;
            in_run = 1;
            if (run->kind < 0)
                find_tag(com, run);
            else
                append(run, com);
            continue;
        }
        /* A content line. */
        own->kind = -1;
        if (com)
            find_tag(com, own);
        if (own->kind < 0 && in_run && run->kind >= 0)
            *own = *run;
        in_run = 0;
        run->kind = -1;
        while (depth && stack[depth - 1].indent >= ind)
            depth--;
        const tag *inherited = depth ? &stack[depth - 1].t : NULL;
        for (; next < raw->n && raw->v[next].line <= l && !rc; next++) {
            const raw_number *r = &raw->v[next];
            char note[200];
            tag field_tag;
            const tag *t = own->kind >= 0 ? own : inherited;
            if (r->own && own->kind < 0) { /* rule 4 */
                find_tag(r->own, &field_tag);
                if (field_tag.kind < 0) {
                    field_tag.kind = ML_SRC_SOURCED;
                    copy_cut(field_tag.text, sizeof field_tag.text, r->own);
                }
                t = &field_tag;
            }
            ml_src_class cls = judge(t, r->field, c, note, sizeof note);
            if (file_push(f, r, cls, note))
                rc = ML_ENOMEM;
        }
        if (own->kind >= 0) {
            stack[depth].indent = ind;
            stack[depth].t = *own;
            depth++;
        }
    }
    /* Numbers on lines past the last (cannot happen with libyaml's marks,
     * but every number must be counted). */
    for (; next < raw->n && !rc; next++)
        if (file_push(f, &raw->v[next], ML_SRC_UNCLASSIFIED, "no tag"))
            rc = ML_ENOMEM;
    free(stack);
    free(run);
    free(own);
    free(buf);
    return rc;
}

/* ----------------------------------------------------------------- entry */

int ml_sources_scan_text(ml_src_file *f, const char *name, const char *text, size_t len,
                         const ml_src_calib *c, ml_err *err)
{
    memset(f, 0, sizeof *f);
    copy_cut(f->file, sizeof f->file, name);
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++)
        n_lines += text[i] == '\n';
    line_span *ls = malloc(n_lines * sizeof *ls);
    size_t *cov = calloc(n_lines, sizeof *cov);
    raw_list raw = {0};
    int rc = ML_OK;
    if (!ls || !cov) {
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
        goto out;
    }
    size_t start = 0, l = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || text[i] == '\n') {
            size_t e = i;
            if (e > start && text[e - 1] == '\r')
                e--;
            ls[l].off = start;
            ls[l].len = e - start;
            l++;
            start = i + 1;
        }
    if ((rc = walk(name, text, len, cov, n_lines, &raw, err)))
        goto out;
    if (classify(f, text, ls, n_lines, cov, &raw, c))
        rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
out:
    for (size_t i = 0; i < raw.n; i++) {
        free(raw.v[i].own);
        free(raw.v[i].field);
    }
    free(raw.v);
    free(ls);
    free(cov);
    if (rc)
        ml_sources_file_free(f);
    return rc;
}

int ml_sources_scan_file(ml_src_file *f, const char *path, const ml_src_calib *c,
                         ml_err *err)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ML_ERROR(err, ML_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *t = realloc(text, cap);
            if (!t) {
                free(text);
                fclose(fp);
                return ML_ERROR(err, ML_ENOMEM, "out of memory");
            }
            text = t;
        }
        size_t k = fread(text + len, 1, cap - len, fp);
        len += k;
        if (k == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(text);
        return ML_ERROR(err, ML_EIO, "%s: cannot read", path);
    }
    int rc = ml_sources_scan_text(f, path, text, len, c, err);
    free(text);
    return rc;
}

void ml_sources_file_free(ml_src_file *f)
{
    free(f->num);
    f->num = NULL;
    f->n = f->cap = 0;
}

/* ------------------------------------------------------------ calibration */

/* Splits one CSV line into fields (double quotes, "" inside them); returns
 * the number of fields, at most max; each field is NUL-terminated in buf. */
static size_t csv_split(const char *line, char *buf, size_t cap, char **fields, size_t max)
{
    size_t n = 0, k = 0;
    const char *p = line;
    while (n < max && k < cap) {
        fields[n++] = buf + k;
        int q = 0;
        if (*p == '"') {
            q = 1;
            p++;
        }
        while (*p && k + 1 < cap) {
            if (q && *p == '"') {
                if (p[1] == '"') {
                    buf[k++] = '"';
                    p += 2;
                    continue;
                }
                q = 0;
                p++;
                continue;
            }
            if (!q && (*p == ',' || *p == '\n' || *p == '\r'))
                break;
            buf[k++] = *p++;
        }
        buf[k++] = '\0';
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

int ml_sources_calib_load(ml_src_calib *c, const char *path, ml_err *err)
{
    memset(c, 0, sizeof *c);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ML_ERROR(err, ML_EIO, "%s: cannot open the calibration table: %s", path,
                        strerror(errno));
    char line[8192], buf[8192];
    char *fld[64];
    long col_id = -1, col_use = -1;
    unsigned long ln = 0;
    int rc = ML_OK;
    size_t cap = 0;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
            continue;
        size_t n = csv_split(line, buf, sizeof buf, fld, 64);
        if (col_id < 0) {
            for (size_t i = 0; i < n; i++) {
                if (!strcmp(fld[i], "id"))
                    col_id = (long)i;
                if (!strcmp(fld[i], "use"))
                    col_use = (long)i;
            }
            if (col_id < 0 || col_use < 0) {
                rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: the header has no 'id' and 'use' "
                              "columns", path, ln);
                break;
            }
            continue;
        }
        if ((size_t)col_id >= n || (size_t)col_use >= n) {
            rc = ML_ERROR(err, ML_EINVAL, "%s:%lu: fewer fields than the header", path, ln);
            break;
        }
        if (c->n == cap) {
            cap = cap ? 2 * cap : 64;
            void *a = realloc(c->id, cap * sizeof *c->id);
            if (a)
                c->id = a;
            void *b = a ? realloc(c->use, cap * sizeof *c->use) : NULL;
            if (b)
                c->use = b;
            if (!a || !b) {
                rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
                break;
            }
        }
        copy_cut(c->id[c->n], sizeof c->id[c->n], fld[col_id]);
        copy_cut(c->use[c->n], sizeof c->use[c->n], fld[col_use]);
        c->n++;
    }
    if (!rc && col_id < 0)
        rc = ML_ERROR(err, ML_EINVAL, "%s: no header line (id, use, ...)", path);
    fclose(fp);
    if (rc)
        ml_sources_calib_free(c);
    return rc;
}

void ml_sources_calib_free(ml_src_calib *c)
{
    free(c->id);
    free(c->use);
    c->id = NULL;
    c->use = NULL;
    c->n = 0;
}
