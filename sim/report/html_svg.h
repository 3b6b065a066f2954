/*
 * html_svg.h — an SVG file (as matplotlib writes it) copied into an HTML
 * page as an inline <svg> element.  The XML prolog, doctype and comments
 * before the root are dropped, and the <metadata> block (creator and date:
 * nothing the reader sees); every id is given the figure's own prefix, and
 * the references to it (href="#...", url(#...)) with it, since ids must be
 * unique in the page and matplotlib gives every figure the same ones
 * ("figure_1", "patch_1", glyph names).  A file that refers to anything
 * outside itself (an href or url() that is not "#..." or "data:") or holds
 * a script is refused: the page must load with nothing else.
 */
#ifndef ML_HTML_SVG_H
#define ML_HTML_SVG_H

#include "status.h"

#include <stdio.h>

/* Writes the SVG file at path to out as an inline element whose ids start
 * with prefix ("fig1-"); label (already escaped text) becomes its
 * aria-label.  A file that cannot be read, has no <svg ...>...</svg> or
 * refers outside itself is ML_EIO naming path. */
int ml_html_svg(FILE *out, const char *path, const char *prefix, const char *label,
                ml_err *err);

#endif
