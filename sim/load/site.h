/*
 * site.h — where a field was written ("FILE:LINE: FIELD"), kept for the
 * messages that can only be written after its file is closed.
 *
 * A life-cycle regime's names are resolved once every reform lever is
 * applied (lifecycle_load.h): a stage's next stages, its appraisal route,
 * the degree names of a route's rows.  By then the file that named them,
 * the base regime or a lever, is closed, so the reader keeps, for each
 * name, the file, the line of the key (or value) that names it and its
 * field path, rendered once into a pool the raw record owns.  A site is an
 * offset into the pool, so records holding sites can be copied and
 * replaced whole without owning strings; a replaced site's text stays in
 * the pool until the pool is freed.
 */
#ifndef ML_SITE_H
#define ML_SITE_H

#include "field_path.h"
#include "yamlread.h"

#include <stddef.h>

typedef struct {
    char *buf;
    size_t len, cap;
} ml_sites;

typedef size_t ml_site; /* 1 + the offset of its text in the pool; 0: not given */

/* Adds "FILE:LINE: FIELD" for node n of the file y is reading, at field
 * path at, and sets *out; ML_ENOMEM (in y->err) when the pool cannot grow. */
int ml_site_add(ml_sites *s, ml_yr *y, const yaml_node_t *n, const ml_fp *at, ml_site *out);
/* The text of site id; "(not given)" for 0. */
const char *ml_site_text(const ml_sites *s, ml_site id);
void ml_sites_free(ml_sites *s);

#endif
