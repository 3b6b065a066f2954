/*
 * policy_load.c — see policy_load.h.
 */
#include "policy_load.h"

#include <math.h>

void ml_policy_defaults(ml_policy *p)
{
    *p = (ml_policy){0.0, INFINITY, 1.0, INFINITY, INFINITY, ML_INDEMNIFIER_INSURER};
}

int ml_policy_read(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_policy *p)
{
    ml_fp f = ml_fp_key(at, "policy");
    int rc;
    static const char *const polkeys[] = {"deductible", "limit", "coinsurance",
                                          "aggregate_limit", "aggregate_retention",
                                          "indemnifier", "source", NULL};
    /* In ml_indemnifier order: who pays the policy's share. */
    static const char *const payers[] = {"insurer", "state", NULL};
    yaml_node_t *n = ml_yr_get(y, m, "policy");
    if (n && (rc = ml_yr_check_map_at(y, n, &f, polkeys)))
        return rc;
    if ((rc = ml_yr_amount_at(y, n, "deductible", &f, 0, ML_AMOUNT_MAX, 0, p->deductible,
                              &p->deductible)) ||
        (rc = ml_yr_limit_at(y, n, "limit", &f, 0, ML_AMOUNT_MAX, p->limit, &p->limit)) ||
        (rc = ml_yr_number_at(y, n, "coinsurance", &f, 0, 1, 0, p->coinsurance,
                              &p->coinsurance)) ||
        (rc = ml_yr_limit_at(y, n, "aggregate_limit", &f, 0, ML_AMOUNT_MAX,
                             p->aggregate_limit, &p->aggregate_limit)) ||
        (rc = ml_yr_limit_at(y, n, "aggregate_retention", &f, 0, ML_AMOUNT_MAX,
                             p->aggregate_retention, &p->aggregate_retention)) ||
        (rc = ml_yr_enum_at(y, n, "indemnifier", &f, payers, 0, p->indemnifier,
                            &p->indemnifier)))
        return rc;
    /* An aggregate on the retentions needs a retention to aggregate; one
     * smaller than a single retention would make the deductible moot.  A
     * lever that moves only the deductible is refused at its line. */
    yaml_node_t *ar = ml_yr_get(y, n, "aggregate_retention");
    yaml_node_t *at_n = ar ? ar : ml_yr_get(y, n, "deductible");
    if (isfinite(p->aggregate_retention) && !(p->deductible > 0.0))
        return ml_yr_fail_at(y, at_n, &f, "aggregate_retention is set but the deductible (the "
                             "per-claim retention it aggregates) is 0");
    if (p->aggregate_retention < p->deductible)
        return ml_yr_fail_at(y, at_n, &f, "aggregate_retention %g is below the per-claim "
                             "deductible %g; it must be at least one retention",
                             p->aggregate_retention, p->deductible);
    return ML_OK;
}

static void field(ml_lc_field *out, size_t cap, size_t *n, const char *name, double *v,
                  double hi)
{
    if (*n < cap)
        out[*n] = (ml_lc_field){{name}, 1, v, NULL, 0, hi, 0};
    (*n)++;
}

size_t ml_policy_fields(ml_policy *p, ml_lc_field *out, size_t cap)
{
    size_t n = 0;
    /* The reader's ranges: amounts up to ML_AMOUNT_MAX, limits unlimited too. */
    field(out, cap, &n, "deductible", &p->deductible, ML_AMOUNT_MAX);
    field(out, cap, &n, "limit", &p->limit, INFINITY);
    field(out, cap, &n, "coinsurance", &p->coinsurance, 1);
    field(out, cap, &n, "aggregate_limit", &p->aggregate_limit, INFINITY);
    field(out, cap, &n, "aggregate_retention", &p->aggregate_retention, INFINITY);
    return n;
}
