/*
 * cli.h — the medliab subcommands and the exit codes they return.
 */
#ifndef ML_CLI_H
#define ML_CLI_H

#include "params.h"

enum ml_exit {
    ML_EXIT_OK = 0,
    ML_EXIT_INTERNAL = 1,    /* a bug or out of memory */
    ML_EXIT_USAGE = 2,       /* bad command line */
    ML_EXIT_INPUT = 3,       /* bad scenario file */
    ML_EXIT_IO = 4,          /* cannot read or write a file */
    ML_EXIT_UNSUPPORTED = 5, /* the request does not apply to this scenario */
    ML_EXIT_MISMATCH = 6,    /* verify: a rerun does not reproduce the reference */
    ML_EXIT_UNCLASSIFIED = 7, /* sources: a number has no valid source, fit or reason */
    ML_EXIT_INTERRUPTED = 130
};

int ml_exit_code(int status);

/* Start a fresh getopt_long scan with getopt's own messages off. */
void ml_cli_getopt_reset(void);
/* Print the one-line message for getopt_long's '?' (unknown option) or ':'
 * (missing value) naming `medliab CMD --help`; the caller exits 2. */
void ml_cli_bad_option(const char *cmd, int c, char **argv);
/* Appends a --set PATH=VALUE argument to *list (grown with realloc); on a
 * malformed one prints why, as command cmd, and returns -1.  The value is
 * checked when the files are read (params.h). */
int ml_cli_add_set(const char *cmd, const char *arg, ml_override **list, size_t *n);
int ml_cmd_run(int argc, char **argv);
int ml_cmd_merge(int argc, char **argv);
int ml_cmd_exact(int argc, char **argv);
int ml_cmd_bench(int argc, char **argv);
int ml_cmd_report(int argc, char **argv);
int ml_cmd_verify(int argc, char **argv);
int ml_cmd_sources(int argc, char **argv);
int ml_cmd_sensitivity(int argc, char **argv);

#endif
