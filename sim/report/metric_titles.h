/*
 * metric_titles.h — the words a figure shows for a policy metric: a title
 * a reader understands without the README, the group of panels it is
 * drawn in, and how its number reads (a share drawn in percent, an
 * amount, a rate per exposure unit, months, a plain number).  The metric
 * itself is defined once, in sim/results/metric_defs.c; this table only
 * names it, in the order the figures draw the groups.
 */
#ifndef ML_METRIC_TITLES_H
#define ML_METRIC_TITLES_H

#include <stddef.h>

typedef enum {
    ML_MT_SHARE,  /* a fraction, shown in percent */
    ML_MT_AMOUNT, /* money, in the report's currency */
    ML_MT_RATE,   /* per exposure unit (the unit says which) */
    ML_MT_MONTHS,
    ML_MT_NUMBER  /* a plain ratio, neither share nor money */
} ml_metric_kind_shown;

typedef struct {
    const char *name, *title, *group;
    ml_metric_kind_shown kind;
} ml_metric_title;

/* The table, in drawing order. */
extern const ml_metric_title ml_metric_titles[];
extern const size_t ml_n_metric_titles;

/* The entry of metric name and its place in the table (*order), or NULL.
 * Names of a family (paid_by_year_K, the development group's) share one
 * entry whose title is written into buf with K (cap bytes), so the title
 * returned may point into buf. */
const ml_metric_title *ml_metric_title_find(const char *name, char *buf, size_t cap,
                                            const char **title, size_t *order);
/* The title of an amount measure (models/measures.h), or its name. */
const char *ml_measure_title(const char *name);
/* "share", "amount", "rate", "months", "number": the CSV's kind column. */
const char *ml_metric_kind_name(ml_metric_kind_shown k);

#endif
