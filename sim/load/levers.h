/*
 * levers.h — reform levers: regime fragments a scenario applies on top of
 * its regime (`levers: [path, ...]` in the scenario file), and the final
 * resolution of a lifecycle regime against its portfolio.
 *
 * A lever file:
 *   lever: duty_to_defend          # its name, recorded in the output
 *   description: what it changes
 *   evidence: why (sources)
 *   set:
 *     lifecycle: { ...any part of a regime's lifecycle section... }
 *     policy: { ...any of the regime's policy terms... }
 *   base:, scale:, add: (lever_ops.h), effect:
 */
#ifndef ML_LEVERS_H
#define ML_LEVERS_H

#include "scenario.h"
#include "yamlread.h"

/* Applies the levers listed at root.levers of scenario file y, in order. */
int ml_levers_apply(ml_yr *y, yaml_node_t *root, ml_scenario *s);
/* Resolves a lifecycle regime (names, sums, graph) and ties it to the
 * portfolio; a no-op for a textbook regime. */
int ml_regime_finish(ml_scenario *s, ml_err *err);

#endif
