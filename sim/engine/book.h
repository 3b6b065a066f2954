/*
 * book.h — a hospital-year's insured amounts booked into the pricing
 * groups of its replicate; shared by the frequency-severity engine
 * (engine.c) and the lifecycle engine (engine_life.c), so that neither
 * calls into the other.
 */
#ifndef ML_BOOK_H
#define ML_BOOK_H

#include "measures.h"
#include "scenario.h"

#include <stdint.h>

/* Clears the parts of pa the scenario uses (the whole is 88 values, most
 * unused; this runs once a replicate). */
void ml_price_acc_clear(const ml_scenario *s, ml_price_acc *pa);

/* Books one hospital-year into pa: spec[k] and xl[j] hold its insured
 * amounts by specialty and its per-claim layers' recoveries before the
 * annual aggregate; paid is what the insurer paid after it.  Where the
 * aggregate bound (paid < the sum of spec), every part is scaled by the
 * same factor, so the parts still add up to paid and no layer recovers
 * more than was paid. */
void ml_price_book(const ml_scenario *s, uint32_t h, const double *spec, const double *xl,
                   double paid, ml_price_acc *pa);

#endif
