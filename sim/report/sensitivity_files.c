/*
 * sensitivity_files.c — see sensitivity_files.h.
 */
#include "sensitivity_files.h"
#include "plot_script.h"
#include "report_table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { F_TORNADO, F_SOBOL, F_PNG, F_SVG, N_FILES };
static const char *const final_name[N_FILES] = {"tornado.csv", "sobol.csv", "tornado.png",
                                                "tornado.svg"};

typedef struct {
    char tmp[N_FILES][1200], fin[N_FILES][1200];
} paths;

static int write_tornado(const ml_sens_tables *t, const char *path, ml_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ML_ERROR(err, ML_EIO, "%s: cannot write: %s", path, strerror(errno));
    fputs("parameter,low,high,swing,base,param_value,param_low,param_high,measure,where\n", f);
    for (size_t r = 0; r < t->n; r++) {
        const ml_tornado_row *x = &t->tornado[r];
        const ml_param *p = &t->params->p[x->param];
        ml_csv_field(f, p->key);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", x->low, x->high, x->swing,
                t->base, p->value, ml_param_low(p), ml_param_high(p));
        ml_csv_field(f, t->measure);
        fputc(',', f);
        ml_csv_field(f, p->where);
        fputc('\n', f);
    }
    if (fclose(f) != 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot write (disk full?)", path);
    return ML_OK;
}

static int write_sobol(const ml_sens_tables *t, const char *path, ml_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ML_ERROR(err, ML_EIO, "%s: cannot write: %s", path, strerror(errno));
    fputs("parameter,first_order,first_order_se,total,total_se,swing,rows,measure\n", f);
    for (size_t r = 0; r < t->k; r++) {
        const ml_sobol_index *s = &t->sobol[r];
        ml_csv_field(f, t->params->p[t->tornado[r].param].key);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%zu,", s->first, s->first_se, s->total,
                s->total_se, t->tornado[r].swing, t->rows);
        ml_csv_field(f, t->measure);
        fputc('\n', f);
    }
    if (fclose(f) != 0)
        return ML_ERROR(err, ML_EIO, "%s: cannot write (disk full?)", path);
    return ML_OK;
}

int ml_sens_write(const ml_sens_tables *t, ml_err *err)
{
    int made_dir = mkdir(t->dir, 0777) == 0;
    if (!made_dir && errno != EEXIST)
        return ML_ERROR(err, ML_EIO, "%s: cannot create the folder: %s", t->dir,
                        strerror(errno));
    paths p;
    for (int i = 0; i < N_FILES; i++) {
        snprintf(p.fin[i], sizeof p.fin[i], "%s/%s", t->dir, final_name[i]);
        /* A hidden sibling: never mistaken for a result, and on the same
         * file system, so that rename() is atomic. */
        snprintf(p.tmp[i], sizeof p.tmp[i], "%s/.%s.tmp.%ld", t->dir, final_name[i],
                 (long)getpid());
    }
    int rc = write_tornado(t, p.tmp[F_TORNADO], err);
    if (!rc && t->k)
        rc = write_sobol(t, p.tmp[F_SOBOL], err);
    if (!rc) {
        char *args[] = {p.tmp[F_TORNADO], p.tmp[F_PNG], p.tmp[F_SVG], (char *)t->measure,
                        NULL};
        rc = ml_plot_script_run("sensitivity_plot.py", "MEDLIAB_SENSITIVITY_SCRIPT", args,
                                t->dir, err);
    }
    for (int i = 0; i < N_FILES && !rc; i++) {
        if (i == F_SOBOL && !t->k)
            continue;
        if (rename(p.tmp[i], p.fin[i]) != 0)
            rc = ML_ERROR(err, ML_EIO, "%s: cannot rename into place: %s", p.fin[i],
                          strerror(errno));
    }
    if (!rc && !t->k && unlink(p.fin[F_SOBOL]) != 0 && errno != ENOENT)
        rc = ML_ERROR(err, ML_EIO, "%s: an earlier run's file cannot be removed: %s",
                      p.fin[F_SOBOL], strerror(errno));
    /* Whatever is left under a temporary name is a failure's debris. */
    for (int i = 0; i < N_FILES; i++)
        unlink(p.tmp[i]);
    if (rc && made_dir)
        rmdir(t->dir);
    return rc;
}
