/* book.c — see book.h. */
#include "book.h"

#include <string.h>

void ml_price_acc_clear(const ml_scenario *s, ml_price_acc *pa)
{
    const ml_pricing *pr = &s->pricing;
    memset(pa->spec, 0, s->portfolio.n_specialties * sizeof pa->spec[0]);
    /* Grade 0 is booked when the scenario has no grades (ml_price_book). */
    memset(pa->grade, 0, (pr->n_grades ? pr->n_grades : 1) * sizeof pa->grade[0]);
    memset(pa->xl, 0, pr->n_xl * sizeof pa->xl[0]);
}

void ml_price_book(const ml_scenario *s, uint32_t h, const double *spec, const double *xl,
                   double paid, ml_price_acc *pa)
{
    const ml_pricing *pr = &s->pricing;
    size_t ns = s->portfolio.n_specialties;
    double before = 0.0;
    for (size_t k = 0; k < ns; k++)
        before += spec[k];
    /* Exactly 1 unless the aggregate bound: the common case stays exact. */
    double f = paid < before ? paid / before : 1.0;
    for (size_t k = 0; k < ns; k++)
        pa->spec[k] += f * spec[k];
    for (unsigned j = 0; j < pr->n_xl; j++)
        pa->xl[j] += f * xl[j];
    /* A scenario built by hand, without the loader, has no grades: one. */
    pa->grade[pr->grade_of ? pr->grade_of[h] : 0] += paid;
}
