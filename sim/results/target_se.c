/*
 * target_se.c — see target_se.h.  Everything here is a function of the
 * samples, so the checkpoints, and hence the final replicate count, are
 * reproducible from the seed.
 */
#include "target_se.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int ml_target_parse(const char *spec, ml_target *t, char *msg, size_t cap)
{
    char name[48];
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    if (len == 0 || len >= sizeof name) {
        snprintf(msg, cap, "--measure: '%s' is not NAME or NAME:STAT", spec);
        return -1;
    }
    memcpy(name, spec, len);
    name[len] = '\0';
    t->measure = -1;
    for (int m = 0; m < ML_N_MEASURES; m++)
        if (!strcmp(name, ml_measure_name[m]))
            t->measure = m;
    if (t->measure < 0) {
        int k = snprintf(msg, cap, "--measure: unknown measure '%s'; one of:", name);
        for (int m = 0; m < ML_N_MEASURES && k > 0 && (size_t)k < cap; m++)
            k += snprintf(msg + k, cap - (size_t)k, " %s", ml_measure_name[m]);
        return -1;
    }
    const char *stat = colon ? colon + 1 : "mean";
    t->stat = -2;
    if (!strcmp(stat, "mean"))
        t->stat = -1;
    for (int l = 0; l < ML_N_LEVELS; l++) {
        char v[16], tv[16];
        snprintf(v, sizeof v, "var%s", ml_level_tag[l]);
        snprintf(tv, sizeof tv, "tvar%s", ml_level_tag[l]);
        if (!strcmp(stat, v))
            t->stat = l;
        if (!strcmp(stat, tv))
            t->stat = ML_N_LEVELS + l;
    }
    if (t->stat == -2) {
        snprintf(msg, cap, "--measure: unknown statistic '%s'; one of mean, var90, var95, "
                           "var99, var995, var999, tvar90, ..., tvar999", stat);
        return -1;
    }
    snprintf(t->text, sizeof t->text, "%s:%s", name, stat);
    return 0;
}

double ml_target_rel_se(const ml_target *t, const double *x, size_t n, double *scratch,
                        double *value)
{
    ml_summary s;
    ml_summary_compute(x, n, scratch, &s);
    double v, se;
    if (t->stat < 0) {
        v = s.mean;
        se = s.se;
    } else if (t->stat < ML_N_LEVELS) {
        v = s.var[t->stat];
        se = s.var_se[t->stat];
    } else {
        v = s.tvar[t->stat - ML_N_LEVELS];
        se = s.tvar_se[t->stat - ML_N_LEVELS];
    }
    *value = v;
    if (isnan(se))
        return INFINITY;
    if (se == 0.0)
        return 0.0; /* a constant figure is known exactly */
    return v == 0.0 ? INFINITY : se / fabs(v);
}

size_t ml_target_next(size_t n, double rel, double target, size_t max)
{
    double want = 4.0 * (double)n;
    if (isfinite(rel)) {
        double r = rel / target;
        want = 1.1 * (double)n * r * r;
        if (want > 4.0 * (double)n)
            want = 4.0 * (double)n;
    }
    if (want < 1.25 * (double)n)
        want = 1.25 * (double)n;
    double next = ceil(want / 1000.0) * 1000.0;
    return next >= (double)max ? max : (size_t)next;
}
