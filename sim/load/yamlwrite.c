/*
 * yamlwrite.c — see yamlwrite.h.
 *
 * The writer used to be our own: fprintf with hand-made escapes.  libyaml's
 * emitter does the same job with the reader's own rules, and exact doubles
 * never needed the own writer, as the emitter takes every scalar as the
 * string we give it: the number's digits are ours either way.  The emitter
 * is set to write UTF-8 as it is (escaping only what YAML would not read
 * back as itself: control characters, NEL, LS, PS, the BOM, U+FFFE and
 * U+FFFF, and, as libyaml does, characters beyond the BMP, as \U escapes)
 * and never to fold long lines, so that a long description stays one
 * line.  Lists are written the way libyaml writes them, with "- " at the
 * indentation of their key.
 */
#include "yamlwrite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Hands event ev (made: its initialisation succeeded) to the emitter,
 * which takes it over; after a failure nothing more is written, and the
 * events still made are freed here. */
static void emit(ml_yw *w, yaml_event_t *ev, int made)
{
    if (made && !w->ok)
        yaml_event_delete(ev);
    else if (!made || !yaml_emitter_emit(&w->em, ev))
        w->ok = 0;
}

static void scalar(ml_yw *w, const char *s, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    /* Both implicit flags: no tag is written, plain or quoted. */
    int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
                                            1, 1, style);
    emit(w, &ev, made);
}

void ml_yw_begin(ml_yw *w, FILE *f)
{
    w->ok = w->started = yaml_emitter_initialize(&w->em);
    if (!w->started)
        return;
    yaml_emitter_set_output_file(&w->em, f);
    yaml_emitter_set_unicode(&w->em, 1);
    yaml_emitter_set_width(&w->em, -1);
    yaml_emitter_set_indent(&w->em, 2);
    yaml_event_t ev;
    emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    ml_yw_map(w, 0);
}

int ml_yw_end(ml_yw *w)
{
    if (!w->started)
        return -1;
    ml_yw_close_map(w);
    yaml_event_t ev;
    emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(w, &ev, yaml_stream_end_event_initialize(&ev));
    if (w->ok && !yaml_emitter_flush(&w->em))
        w->ok = 0;
    yaml_emitter_delete(&w->em);
    return w->ok ? 0 : -1;
}

void ml_yw_map(ml_yw *w, int flow)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_start_event_initialize(
                     &ev, NULL, NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

void ml_yw_list(ml_yw *w, int flow)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_start_event_initialize(
                     &ev, NULL, NULL, 1,
                     flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

void ml_yw_close_map(ml_yw *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

void ml_yw_close_list(ml_yw *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

void ml_yw_word(ml_yw *w, const char *s)
{
    scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
}

void ml_yw_text(ml_yw *w, const char *s)
{
    scalar(w, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void ml_yw_num_text(double x, char buf[32])
{
    if (isinf(x)) {
        strcpy(buf, x > 0 ? ".inf" : "-.inf");
        return;
    }
    /* The shortest of 15, 16 or 17 digits that reads back as x: 0.1 stays
     * 0.1 for a reader, and 17 digits always suffice. */
    for (int d = 15; d <= 17; d++) {
        snprintf(buf, 32, "%.*g", d, x);
        if (strtod(buf, NULL) == x)
            break;
    }
}

void ml_yw_num(ml_yw *w, double x)
{
    char b[32];
    ml_yw_num_text(x, b);
    ml_yw_word(w, b);
}

void ml_yw_uint(ml_yw *w, unsigned long long x)
{
    char b[24];
    snprintf(b, sizeof b, "%llu", x);
    ml_yw_word(w, b);
}

void ml_yw_kv_word(ml_yw *w, const char *key, const char *word)
{
    ml_yw_word(w, key);
    ml_yw_word(w, word);
}

void ml_yw_kv_text(ml_yw *w, const char *key, const char *s)
{
    ml_yw_word(w, key);
    ml_yw_text(w, s);
}

void ml_yw_kv_num(ml_yw *w, const char *key, double x)
{
    ml_yw_word(w, key);
    ml_yw_num(w, x);
}

void ml_yw_kv_uint(ml_yw *w, const char *key, unsigned long long x)
{
    ml_yw_word(w, key);
    ml_yw_uint(w, x);
}

void ml_yw_kv_bool(ml_yw *w, const char *key, int b)
{
    ml_yw_kv_word(w, key, b ? "true" : "false");
}

void ml_yw_kv_map(ml_yw *w, const char *key, int flow)
{
    ml_yw_word(w, key);
    ml_yw_map(w, flow);
}

void ml_yw_kv_list(ml_yw *w, const char *key, int flow)
{
    ml_yw_word(w, key);
    ml_yw_list(w, flow);
}
