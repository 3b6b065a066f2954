/*
 * h5in_provenance.h — where a results file came from, for the provenance
 * section of `medliab report --html`: the root attributes (format and its
 * version, software version, git commit of the binary that wrote it,
 * creation time, seed, replicates, stopping rule) and, per scenario, its
 * run file, levers and parameter draws (README, "Output format").  An
 * attribute the file lacks reads as "" or 0, so that files of every
 * version the readers accept show what they have.
 */
#ifndef ML_H5IN_PROVENANCE_H
#define ML_H5IN_PROVENANCE_H

#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char format[32], software_version[32], git_commit[96], created_utc[40];
    char stopping_rule[256]; /* --target-se runs only */
    uint64_t format_version, seed, replicates;
} ml_in_file_prov;

/* One uncertain number of a scenario (the uncertainty/parameters table)
 * and the range of the values its draws took. */
typedef struct {
    char key[320], where[576], dist[16];
    double value, a, b, drawn_min, drawn_max;
} ml_in_param_prov;

typedef struct {
    char source_file[512], levers[1024];
    uint64_t draws;          /* K of --parameter-draws; 0 without */
    size_t n_params;
    ml_in_param_prov *param; /* [n_params] */
} ml_in_scen_prov;

/* The root attributes of path (a file ml_h5in_check has passed). */
int ml_h5in_file_prov(const char *path, ml_in_file_prov *out, ml_err *err);
/* Scenario's provenance; the caller frees it with ml_in_scen_prov_free. */
int ml_h5in_scen_prov(const char *path, const char *scenario, ml_in_scen_prov *out,
                      ml_err *err);
void ml_in_scen_prov_free(ml_in_scen_prov *p);

#endif
