/*
 * run_finish.c — see run_finish.h.
 */
#include "run_finish.h"
#include "dist.h"

int ml_run_finish_scenario(ml_h5 *h5, const ml_scenario *s, const ml_results *res,
                           int threads, const ml_dist *d, ml_scenario_results *r,
                           size_t *filled, ml_err *err)
{
    /* Series the engine left as copies (ml_results.same) read as theirs. */
    const ml_results view = ml_results_resolve(res);
    res = &view;
    int rc = d ? ml_scenario_results_fill_dist(s, res, d, r, err)
               : ml_scenario_results_fill(s, res, threads, r, err);
    if (rc)
        return rc;
    (*filled)++;
    rc = ml_h5_write_scenario(h5, s, res, r, err);
    ml_scenario_results_drop_series(r);
    return rc;
}
