/*
 * pricing_load.h — the `pricing:` block of a run file (README, "Pricing"):
 *
 *   pricing:
 *     expected_value_loading: 0.2   # theta; default 0.2 (assumption)
 *     sd_loading: 0.1               # alpha; default 0.1 (assumption)
 *     cost_of_capital_rate: 0.06    # r; default 0.06 (Solvency II)
 *     premium: 150000000            # optional: state the loss ratio at it
 *     layers:
 *       - {name: xl_4m_xs_1m, kind: per_claim_xl, attachment: 1e6, limit: 4e6}
 *       - {name: sl, kind: stop_loss, attachment: 2e8, limit: 1e8}
 *     source: why these figures
 *
 * and the portfolio's hospital grades, resolved for pricing by grade.
 */
#ifndef ML_PRICING_LOAD_H
#define ML_PRICING_LOAD_H

#include "scenario.h"
#include "yamlread.h"

/* Reads root.pricing of scenario file y (defaults when absent) into
 * s->pricing, and resolves the grades of s->portfolio. */
int ml_pricing_load(ml_yr *y, yaml_node_t *root, ml_scenario *s);

#endif
