/*
 * progress.h — feedback on stderr while a run simulates.
 *
 * On a terminal: one bar redrawn in place with the rate and the time left.
 * Otherwise (a log file, CI): a plain line at every tenth of the work, and
 * at least every 10 seconds, so logs stay short but show a run is alive.
 * With --quiet: nothing.  The caller reports work done over the whole job
 * and the seconds spent simulating it: the rate, and so the time left,
 * leave out the time spent writing results between scenarios.
 */
#ifndef ML_PROGRESS_H
#define ML_PROGRESS_H

#include "run.h"

#include <stdint.h>
#include <stdio.h>

typedef enum { ML_PROGRESS_OFF, ML_PROGRESS_LINES, ML_PROGRESS_BAR } ml_progress_mode;

typedef struct {
    ml_progress_mode mode;
    FILE *out;
    double t0, last_draw;
    int last_tenth;
    int drawn; /* a bar is on screen and must be cleared */
} ml_progress;

/* Mode: OFF when quiet, BAR when out is a terminal, else LINES. */
void ml_progress_init(ml_progress *p, int quiet, FILE *out);
/* done of total replicates over the whole job, simulated in busy seconds;
 * label says where it is. */
void ml_progress_update(ml_progress *p, const char *label, uint64_t done, uint64_t total,
                        double busy);
/* The job's total changed (precision on demand extends it): count tenths
 * afresh. */
void ml_progress_new_total(ml_progress *p);
/* Clears the bar, if any. */
void ml_progress_finish(ml_progress *p);
/* Seconds since ml_progress_init. */
double ml_progress_elapsed(const ml_progress *p);
/* ml_run's feedback (run.h) drawn into p.  pause_ends: a pause in the
 * simulation ends the bar (run: results are written between scenarios),
 * else it stays (sensitivity's evaluations write nothing in between). */
ml_run_progress ml_progress_for_run(ml_progress *p, int pause_ends);

#endif
