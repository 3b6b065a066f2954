/*
 * price_index.h — one price year per regime.  Every amount of a regime is
 * in prices of its price year; an amount written for another year is
 * trended to it by a price index (consumer prices or wages, one level a
 * year):  amount x of year u is x * I(price year) / I(u).
 */
#ifndef ML_PRICE_INDEX_H
#define ML_PRICE_INDEX_H

#define ML_PRICE_FIRST_YEAR 1900
#define ML_PRICE_LAST_YEAR 2100
#define ML_PRICE_YEARS (ML_PRICE_LAST_YEAR - ML_PRICE_FIRST_YEAR + 1)

typedef struct {
    int year;          /* the regime's price year; 0 = not stated */
    int first, last;   /* the years the index holds; first > last: no index */
    double level[ML_PRICE_YEARS]; /* level of year first + i, > 0 */
    char file[512];    /* the index file, for messages ("" = none) */
    char name[64];     /* the index's name */
} ml_price;

/* Whether the index holds year u. */
static inline int ml_price_has(const ml_price *p, int u)
{
    return p->first <= p->last && u >= p->first && u <= p->last;
}

/* The factor that brings an amount of year u to the price year:
 * I(year) / I(u); exactly 1 when u is the price year.  Returns 0, or -1
 * when the price year or u is outside the index. */
static inline int ml_price_factor(const ml_price *p, int u, double *factor)
{
    if (u == p->year) {
        *factor = 1.0;
        return 0;
    }
    if (!ml_price_has(p, u) || !ml_price_has(p, p->year))
        return -1;
    *factor = p->level[p->year - p->first] / p->level[u - p->first];
    return 0;
}

#endif
