/*
 * field_path.h — the path of the field being read, such as
 * regime.lifecycle.pathway.stages.talks.next or portfolio.hospitals[3].name,
 * as a stack of frames.
 *
 * Each reader that goes one level down declares a frame of its own on the C
 * call stack, pointing at its caller's frame:
 *
 *     ml_fp f = ml_fp_key(at, "claiming");      // at: the caller's path
 *     ml_fp g = ml_fp_item(&f, i);              // ...claiming[i]
 *
 * Pushing is declaring a frame, popping is returning.  A stack kept in one
 * buffer (push a component, pop it on the way out) was the other choice;
 * frames were taken because
 *   - an early `return rc` cannot leave them unbalanced: the loader returns
 *     from some hundred places, and a missed pop would misname every later
 *     field without any test noticing;
 *   - nothing has a capacity: a path is never cut short, and no buffer has
 *     to be sized for the deepest path (the reason the loader used to
 *     silence -Wformat-truncation);
 *   - the text is made only when a message is written, never on the way
 *     down, so the readers pay nothing for paths while the input is good.
 * Descriptor tables (the schema as data, one walker) would also say each
 * key once, but the schema has rules a table does not hold well (records
 * replaced whole by a lever, cross-references resolved after every lever,
 * sums, units, price years), so the readers stay code and only the path is
 * data.
 *
 * A frame holds a mapping key (joined with '.') or a list index (written
 * "[i]").  Keys are not copied: a frame lives no longer than the string it
 * names (a key of the document being read, or a literal).
 */
#ifndef ML_FIELD_PATH_H
#define ML_FIELD_PATH_H

#include <stddef.h>

typedef struct ml_fp {
    const struct ml_fp *up; /* the field this one is in; NULL at the top */
    const char *key;        /* a mapping key, or NULL for a list item */
    size_t index;           /* the item's index, when key is NULL */
} ml_fp;

/* The field `key` of the mapping at path up (up may be NULL: a top field). */
static inline ml_fp ml_fp_key(const ml_fp *up, const char *key)
{
    ml_fp f = {up, key, 0};
    return f;
}

/* Item `index` of the list at path up. */
static inline ml_fp ml_fp_item(const ml_fp *up, size_t index)
{
    ml_fp f = {up, NULL, index};
    return f;
}

/* The number of frames from p to the top (0 for NULL). */
unsigned ml_fp_depth(const ml_fp *p);

/* The frame `i` levels below the top on the way to p (0: the top frame),
 * or NULL when p is not that deep. */
const ml_fp *ml_fp_nth(const ml_fp *p, unsigned i);

/* Writes the path as text, as snprintf would: at most cap bytes including
 * the terminating NUL (nothing when cap is 0), and returns the length of
 * the whole text, so that a return value >= cap means it was cut.  Keys are
 * joined with '.', indices written [i]; an empty key adds nothing, so a
 * frame with key "" stands for a prefix that is not named.  A NULL path
 * (no frame: the document itself) is written as `top`. */
size_t ml_fp_write(const ml_fp *p, const char *top, char *buf, size_t cap);

/* The same text in a new malloc'd string (NULL when out of memory). */
char *ml_fp_text(const ml_fp *p, const char *top);

/* Whether the path from frame `from` (exclusive; NULL: from the top) down
 * to p is a beginning of parts[0..n-1]: every frame in between a key equal
 * to the part in its place, and no more of them than n.  from must be p
 * or a frame above it.  A reform lever names the fields it changes by such
 * a path; the fields of a regime are lists of parts (lifecycle_load.h). */
int ml_fp_leads_to(const ml_fp *p, const ml_fp *from, const char *const *parts, unsigned n);

#endif
