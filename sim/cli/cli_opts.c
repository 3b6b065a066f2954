/*
 * cli_opts.c — what every subcommand's getopt_long loop shares: a fresh
 * start of getopt's scan, and the one-line message for an option getopt
 * refused.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

void ml_cli_getopt_reset(void)
{
    /* getopt keeps its scan position in globals; verify parses run's
     * arguments in the same process after its own, so each parse starts
     * afresh (optind = 0 also makes glibc re-read the optstring's mode). */
    optind = 0;
    /* The subcommands word their own messages (ml_cli_bad_option). */
    opterr = 0;
}

void ml_cli_bad_option(const char *cmd, int c, char **argv)
{
    /* After a refusal argv[optind - 1] is the argument getopt was reading;
     * for an unknown short option inside a cluster (-xq) optopt names it. */
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':')
        fprintf(stderr, "medliab %s: %s needs a value (see medliab %s --help)\n", cmd, arg,
                cmd);
    else if (optopt && optopt < 128 && arg[0] == '-' && arg[1] != '-')
        fprintf(stderr, "medliab %s: unknown option '-%c' (see medliab %s --help)\n", cmd,
                optopt, cmd);
    else
        fprintf(stderr, "medliab %s: unknown option '%s' (see medliab %s --help)\n", cmd, arg,
                cmd);
}

int ml_cli_add_set(const char *cmd, const char *arg, ml_override **list, size_t *n)
{
    ml_err err = {0};
    ml_override o;
    if (ml_override_parse(arg, &o, &err)) {
        fprintf(stderr, "medliab %s: %s\n", cmd, err.msg);
        return -1;
    }
    ml_override *l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l) {
        fprintf(stderr, "medliab %s: out of memory\n", cmd);
        return -1;
    }
    l[(*n)++] = o;
    *list = l;
    return 0;
}
