/*
 * html_text.h — text from files (scenario names, paths, rate sources,
 * YAML keys) written into an HTML page as character data or an attribute
 * value.  The page is XML-compatible HTML (polyglot: it parses as XML
 * too), so only the entities XML predefines are used, and text that is not
 * valid UTF-8 or holds a control character the markup may not carry is
 * replaced by U+FFFD rather than passed on to break the page.
 */
#ifndef ML_HTML_TEXT_H
#define ML_HTML_TEXT_H

#include <stdio.h>

/* s escaped (& < > " ' as entities), valid UTF-8 passed through, anything
 * else as U+FFFD; a newline as <br/> when br is set. */
void ml_html_text(FILE *out, const char *s, int br);
/* printf-style text, escaped as by ml_html_text (no <br/>); the formatted
 * text is cut at 4 KiB. */
void ml_html_textf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
