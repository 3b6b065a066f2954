/*
 * headline.c — see headline.h.  The values are the tables' own (summary,
 * policy), so a headline figure is the number the results file shows.
 */
#include "headline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Levels of the summary's VaR and TVaR columns (stats.h). */
enum { LEVEL_990 = 2, LEVEL_995 = 3 };

static int add(const char *prefix, const char *name, double v, double se, ml_figures *values,
               ml_figures *ses, ml_err *err)
{
    char full[ML_FIGURE_NAME_MAX];
    int w = snprintf(full, sizeof full, "%s%s", prefix, name);
    if (w < 0 || (size_t)w >= sizeof full)
        return ML_ERROR(err, ML_EINVAL, "figure name %s%s is too long", prefix, name);
    int rc = ml_figures_add(values, full, v, err);
    if (!rc && ses)
        rc = ml_figures_add(ses, full, se, err);
    return rc;
}

int ml_headline(const ml_scenario_results *r, const char *prefix, ml_figures *values,
                ml_figures *se, ml_err *err)
{
    const ml_summary *ins = &r->summary[ML_M_INSURED];
    int rc = add(prefix, "pure_premium", ins->mean, ins->se, values, se, err);
    if (!rc)
        rc = add(prefix, "insured_var995", ins->var[LEVEL_995], ins->var_se[LEVEL_995], values,
                 se, err);
    if (!rc)
        rc = add(prefix, "insured_tvar99", ins->tvar[LEVEL_990], ins->tvar_se[LEVEL_990],
                 values, se, err);
    for (size_t i = 0; !rc && i < r->n_policy; i++)
        rc = add(prefix, r->policy[i].name, r->policy[i].value, r->policy[i].mc_se, values, se,
                 err);
    return rc;
}

int ml_headline_has(const ml_scenario_results *r, const char *name)
{
    if (!strcmp(name, "pure_premium") || !strcmp(name, "insured_var995") ||
        !strcmp(name, "insured_tvar99"))
        return 1;
    for (size_t i = 0; i < r->n_policy; i++)
        if (!strcmp(r->policy[i].name, name))
            return 1;
    return 0;
}
