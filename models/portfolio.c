/*
 * portfolio.c — portfolio bookkeeping.
 */
#include "portfolio.h"

#include <stdlib.h>

void ml_portfolio_free(ml_portfolio *p)
{
    if (p->hospitals)
        for (size_t h = 0; h < p->n_hospitals; h++)
            free(p->hospitals[h].exposure);
    free(p->hospitals);
    free(p->specialties);
    p->hospitals = NULL;
    p->specialties = NULL;
    p->n_hospitals = p->n_specialties = 0;
}

double ml_portfolio_hospital_rate(const ml_portfolio *p, size_t h)
{
    double m = 0.0;
    for (size_t s = 0; s < p->n_specialties; s++)
        m += p->hospitals[h].exposure[s] * p->specialties[s].incident_rate;
    return m;
}
