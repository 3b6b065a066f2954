/*
 * plot_script.c — see plot_script.h.
 */
#include "plot_script.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef ML_TOOLS_DIR
#define ML_TOOLS_DIR "tools"
#endif
#define MAX_ARGS 16

int ml_plot_script_run(const char *script_name, const char *script_env,
                       char *const *args, const char *what, ml_err *err)
{
    const char *py = getenv("MEDLIAB_PYTHON");
    const char *script = script_env ? getenv(script_env) : NULL;
    char def[1024];
    if (!py || !*py)
        py = "/usr/bin/python3";
    if (!script || !*script) {
        snprintf(def, sizeof def, "%s/%s", ML_TOOLS_DIR, script_name);
        script = def;
    }
    if (access(script, R_OK) != 0)
        return ML_ERROR(err, ML_EIO, "%s: plotting script not found (set %s to "
                        "tools/%s)", script, script_env ? script_env : "MEDLIAB_PYTHON",
                        script_name);
    char *argv[MAX_ARGS + 3] = {(char *)py, (char *)script};
    size_t n = 2;
    for (; args[n - 2]; n++) {
        if (n - 2 >= MAX_ARGS)
            return ML_ERROR(err, ML_EINTERNAL, "%s: more than %d arguments", script_name,
                            MAX_ARGS);
        argv[n] = args[n - 2];
    }
    argv[n] = NULL;
    fflush(stdout);
    /* posix_spawn rather than fork and exec: a failed start is a status
     * returned here, not a child that has to _exit on its own. */
    pid_t pid;
    int sp = posix_spawn(&pid, py, NULL, NULL, argv, environ);
    if (sp != 0)
        return ML_ERROR(err, ML_EIO, "cannot run %s: %s", py, strerror(sp));
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return ML_ERROR(err, ML_EIO, "waiting for %s: %s", py, strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 3) /* the script's refusal of its data */
        return ML_ERROR(err, ML_EIO, "%s: %s refused the plot data in %s (its message is "
                        "above)", what, script, what);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return ML_ERROR(err, ML_EIO, "%s %s failed (exit %d); it needs matplotlib: "
                        "bash tools/install-deps.sh", py, script,
                        WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return ML_OK;
}
