/*
 * plot_script.h — running one of medliab's Python plotting scripts
 * (tools/NAME.py, drawn by matplotlib under /usr/bin/python3): the data is
 * written by C beforehand, the script only draws it.  Shared by `report
 * --plots` and `sensitivity`.
 */
#ifndef ML_PLOT_SCRIPT_H
#define ML_PLOT_SCRIPT_H

#include "status.h"

/* Runs MEDLIAB_PYTHON (default /usr/bin/python3) on the script: the file
 * named by the environment variable script_env when set, else
 * ML_TOOLS_DIR/script_name.  args is NULL-terminated (the script's own
 * arguments).  The script's exit 3 means it refused its data (it printed
 * why); any other failure is said to need matplotlib.  what names the
 * output in messages. */
int ml_plot_script_run(const char *script_name, const char *script_env,
                       char *const *args, const char *what, ml_err *err);

#endif
