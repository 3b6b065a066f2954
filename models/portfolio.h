/*
 * portfolio.h — hospitals, their exposure by specialty and the incident
 * rates of each specialty: the medicine half of a scenario.
 */
#ifndef ML_PORTFOLIO_H
#define ML_PORTFOLIO_H

#include "frequency.h"
#include <stddef.h>

#define ML_NAME_MAX 64

typedef struct {
    char name[ML_NAME_MAX];
    double incident_rate; /* incidents per unit of exposure per year */
} ml_specialty;

typedef struct {
    char name[ML_NAME_MAX];
    double *exposure; /* [n_specialties], units of exposure (e.g. 1,000 admissions) */
} ml_hospital;

typedef struct {
    char name[ML_NAME_MAX];
    char exposure_unit[ML_NAME_MAX];
    size_t n_specialties;
    ml_specialty *specialties;
    size_t n_hospitals;
    ml_hospital *hospitals;
    ml_random_effect hospital_effect; /* per hospital-year */
    ml_random_effect year_effect;     /* per year, shared by all hospitals */
} ml_portfolio;

/* Frees what the loader allocated inside p (not p itself). */
void ml_portfolio_free(ml_portfolio *p);
/* Expected incidents of hospital h per year before random effects. */
double ml_portfolio_hospital_rate(const ml_portfolio *p, size_t h);

#endif
