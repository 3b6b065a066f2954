/*
 * yamlwrite.h — writing YAML that medliab's loader reads back unchanged:
 * every string double-quoted with YAML escapes, every number in decimal
 * with the fewest digits (15 to 17) that read back as the same double,
 * infinity as .inf.  Used by the resolved-scenario dump.
 */
#ifndef ML_YAMLWRITE_H
#define ML_YAMLWRITE_H

#include <stdio.h>

/* s as a double-quoted YAML scalar. */
void ml_yw_str(FILE *f, const char *s);
/* x as a YAML number (.inf / -.inf when infinite). */
void ml_yw_num(FILE *f, double x);
/* "<indent>key: value\n" with a number or a quoted string. */
void ml_yw_kv_num(FILE *f, int indent, const char *key, double x);
void ml_yw_kv_str(FILE *f, int indent, const char *key, const char *s);

#endif
