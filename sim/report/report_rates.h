/*
 * report_rates.h — currency conversion factors for `medliab report`.
 *
 * A rates file lists, for each currency, how many of its units buy one unit
 * of a common base (per_base), the year the factor is for and its source.
 * Only ratios matter: an amount in A becomes amount * per_base(B) /
 * per_base(A) in B.  Market exchange rates and PPP factors fit the same
 * form.  YAML (scenarios/rates.yaml is the example):
 *
 *   base: USD
 *   kind: market exchange rate, annual average
 *   rates:
 *     - {currency: GBP, per_base: 0.80386, year: 2023, source: "..."}
 *
 * or CSV with the header currency,per_base,year,source (a source that
 * holds a comma is written in double quotes).
 */
#ifndef ML_REPORT_RATES_H
#define ML_REPORT_RATES_H

#include "status.h"

#include <stddef.h>

typedef struct {
    char currency[8];
    double per_base;
    unsigned year;
    char source[256];
} ml_rate;

typedef struct {
    char base[8], kind[128], file[512];
    size_t n;
    ml_rate *r;
} ml_rates;

int ml_rates_load(const char *path, ml_rates *out, ml_err *err);
void ml_rates_free(ml_rates *r);
/* The entry for a currency, or NULL. */
const ml_rate *ml_rates_find(const ml_rates *r, const char *currency);

/* Whether a unit is money in currency from ("USD", "USD per paid claim"):
 * then writes the same unit in currency to into out and returns 1. */
int ml_unit_in_currency(const char *unit, const char *from, const char *to, char *out,
                        size_t cap);

#endif
