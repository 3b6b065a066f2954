/*
 * yamlwrite.h — writing YAML that medliab's loader reads back unchanged,
 * through libyaml's emitter: one event per scalar, mapping and list, so
 * that the structure, the indentation and the quoting of text are
 * libyaml's, the same library that reads the text back.
 *
 * What the emitter cannot decide is ours: how a number is written (the
 * emitter takes every scalar as a string) and which text is a name given
 * by a user (always double-quoted: "null", "1e3" or "- &x: #1" must come
 * back as text) and which is a word of the schema (written plain:
 * lognormal, true).  Used by the resolved-scenario dump.
 */
#ifndef ML_YAMLWRITE_H
#define ML_YAMLWRITE_H

#include <stdio.h>
#include <yaml.h>

typedef struct {
    yaml_emitter_t em;
    int started; /* the emitter was initialised */
    int ok;      /* every event so far was accepted */
} ml_yw;

/* Starts a document on f, written after what f already holds, whose root
 * is a block mapping. */
void ml_yw_begin(ml_yw *w, FILE *f);
/* Ends the root mapping and the document and flushes to f; 0 when every
 * event was written, -1 when one was refused (out of memory, or text that
 * is not UTF-8). */
int ml_yw_end(ml_yw *w);

/* A mapping or list (flow: on one line, {a: 1} or [a, b]), then its end. */
void ml_yw_map(ml_yw *w, int flow);
void ml_yw_list(ml_yw *w, int flow);
void ml_yw_close_map(ml_yw *w);
void ml_yw_close_list(ml_yw *w);

/* One scalar, as a key or a value: a word of the schema (plain), text a
 * user gave (double-quoted with YAML escapes), a number (decimal with the
 * fewest digits, 15 to 17, that read back as the same double; .inf and
 * -.inf when infinite), a whole number. */
void ml_yw_word(ml_yw *w, const char *s);
void ml_yw_text(ml_yw *w, const char *s);
void ml_yw_num(ml_yw *w, double x);
void ml_yw_uint(ml_yw *w, unsigned long long x);

/* key: value, the key a word of the schema. */
void ml_yw_kv_word(ml_yw *w, const char *key, const char *word);
void ml_yw_kv_text(ml_yw *w, const char *key, const char *s);
void ml_yw_kv_num(ml_yw *w, const char *key, double x);
void ml_yw_kv_uint(ml_yw *w, const char *key, unsigned long long x);
void ml_yw_kv_bool(ml_yw *w, const char *key, int b);
/* key: and then a mapping or list, which the caller closes. */
void ml_yw_kv_map(ml_yw *w, const char *key, int flow);
void ml_yw_kv_list(ml_yw *w, const char *key, int flow);

/* The text of number x as ml_yw_num writes it, into buf (32 bytes). */
void ml_yw_num_text(double x, char buf[32]);

#endif
