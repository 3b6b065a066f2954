/*
 * progress.c — see progress.h.
 */
#include "progress.h"

#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 24
#define LINE_EVERY_S 10.0
#define BAR_EVERY_S 0.1

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ml_progress_init(ml_progress *p, int quiet, FILE *out)
{
    p->out = out;
    p->mode = quiet ? ML_PROGRESS_OFF
                    : isatty(fileno(out)) ? ML_PROGRESS_BAR : ML_PROGRESS_LINES;
    p->t0 = p->last_draw = now_s();
    p->last_tenth = 0;
    p->drawn = 0;
}

double ml_progress_elapsed(const ml_progress *p)
{
    return now_s() - p->t0;
}

/* "1:02:03", "2:03" or "7s": short enough for a bar, exact enough for a log. */
static void fmt_duration(char *buf, size_t cap, double s)
{
    if (!(s >= 0.0) || s > 1e7) {
        snprintf(buf, cap, "?");
        return;
    }
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else if (t >= 60)
        snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
    else
        snprintf(buf, cap, "%lus", t);
}

void ml_progress_update(ml_progress *p, const char *label, uint64_t done, uint64_t total,
                        double busy)
{
    if (p->mode == ML_PROGRESS_OFF || total == 0)
        return;
    double t = now_s();
    double rate = busy > 0 ? (double)done / busy : 0.0;
    double eta = rate > 0 ? (double)(total - done) / rate : -1.0;
    double frac = (double)done / (double)total;
    char eta_s[32];
    fmt_duration(eta_s, sizeof eta_s, eta);
    if (p->mode == ML_PROGRESS_LINES) {
        int tenth = (int)(frac * 10.0 + 1e-9);
        if (tenth <= p->last_tenth && t - p->last_draw < LINE_EVERY_S)
            return;
        p->last_tenth = tenth;
        p->last_draw = t;
        fprintf(p->out, "medliab: %3.0f%%  %llu of %llu replicates  %.0f replicates/s  "
                        "ETA %s  (%s)\n", 100.0 * frac, (unsigned long long)done,
                (unsigned long long)total, rate, eta_s, label);
        fflush(p->out);
        return;
    }
    if (done < total && t - p->last_draw < BAR_EVERY_S && p->drawn)
        return;
    p->last_draw = t;
    char bar[BAR_WIDTH + 1];
    int fill = (int)(frac * BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[BAR_WIDTH] = '\0';
    /* \r and erase-to-end keep the bar on one line whatever its length. */
    fprintf(p->out, "\r\033[K%s [%s] %3.0f%%  %llu/%llu  %.0f/s  ETA %s", label, bar,
            100.0 * frac, (unsigned long long)done, (unsigned long long)total, rate, eta_s);
    fflush(p->out);
    p->drawn = 1;
}

void ml_progress_new_total(ml_progress *p)
{
    p->last_tenth = 0;
}

void ml_progress_finish(ml_progress *p)
{
    if (p->mode == ML_PROGRESS_BAR && p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    p->drawn = 0;
}

static void on_update(void *ctx, const char *label, uint64_t done, uint64_t total, double busy)
{
    ml_progress_update(ctx, label, done, total, busy);
}

static void on_new_total(void *ctx)
{
    ml_progress_new_total(ctx);
}

static void on_pause_end(void *ctx)
{
    ml_progress_finish(ctx);
}

static void on_pause_keep(void *ctx)
{
    (void)ctx;
}

ml_run_progress ml_progress_for_run(ml_progress *p, int pause_ends)
{
    return (ml_run_progress){on_update, on_new_total, pause_ends ? on_pause_end : on_pause_keep,
                             p};
}
