/*
 * cmd_sources.c — `medliab sources`: where every number of the scenario
 * files comes from, counted per file (sources.c does the classifying).
 * Exits ML_EXIT_UNCLASSIFIED when any number is unclassified, so that a
 * ctest can hold the shipped files to the convention.
 */
#include "cli.h"
#include "sources.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef ML_SOURCE_DIR
#define ML_SOURCE_DIR "."
#endif

static const char usage[] =
    "usage: medliab sources [FILE|DIR ...] [--calibration FILE] [--root DIR]\n"
    "                       [--markdown] [--list-unclassified] [--list]\n"
    "\n"
    "Classifies every number of the YAML files (folders: every *.yaml under them;\n"
    "default: the source tree's scenarios/) by the tag of the comment that covers\n"
    "it, and prints a count per file and class:\n"
    "  sourced       # UNIT; source: CITATION      a published figure\n"
    "  fitted        # UNIT; fitted: ROW_ID[, ROW_ID]  set to meet calibration rows\n"
    "  assumption    # UNIT; assumption: REASON    no source; why this value\n"
    "  setting       # setting: REASON             replicates, seed: run: block only\n"
    "  unclassified  no tag, an empty citation or reason, or a fitted id that is\n"
    "                not a row of the calibration table with use = fit\n"
    "A number is a plain decimal scalar, .inf or unlimited, that is not a key and\n"
    "not a text field (name, description, grade, ...); {a: 1, b: 2} holds two.\n"
    "A tag in a line's comment covers the numbers of that line. Comment-only lines\n"
    "directly above a line (no blank line between) tag it when it has no tag of its\n"
    "own. A line's tag also covers the lines below it that are indented deeper\n"
    "(its block), unless they carry their own. A source field of the mapping a\n"
    "number is directly in (rates, layers, {value: N, source: TEXT}) tags it\n"
    "unless its line has a tag. Tags are lower case, at the start of the\n"
    "comment or after ';'; the first tag of a comment counts.\n"
    "\n"
    "  --calibration FILE  the calibration table whose id and use columns fitted:\n"
    "                      tags are checked against (default: ROOT/results/\n"
    "                      reference/calibration.csv)\n"
    "  --root DIR          the medliab source tree (default: the one built from)\n"
    "  --markdown          print the table as Markdown (for README.md)\n"
    "  --list-unclassified print FILE:LINE: FIELD = VALUE: why, for each\n"
    "                      unclassified number\n"
    "  --list              print every number with its class and tag text\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "example: medliab sources scenarios/us.yaml --list-unclassified\n"
    "\n"
    "Exit status: 0 every number classified; 7 some number unclassified;\n"
    "2 bad command line; 3 a file is not YAML or the table is malformed;\n"
    "4 a file cannot be read.\n";

typedef struct {
    char **v;
    size_t n, cap;
} str_list;

static int push(str_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return ML_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s)))
        return ML_ENOMEM;
    l->n++;
    return ML_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* Every YAML file under dir, in sorted order, folders included. */
static int collect(const char *path, str_list *out, ml_err *err)
{
    struct stat sb;
    if (stat(path, &sb))
        return ML_ERROR(err, ML_EIO, "%s: no such file or folder", path);
    if (!S_ISDIR(sb.st_mode))
        return push(out, path) ? ML_ERROR(err, ML_ENOMEM, "out of memory") : ML_OK;
    DIR *d = opendir(path);
    if (!d)
        return ML_ERROR(err, ML_EIO, "%s: cannot list", path);
    str_list here = {0};
    struct dirent *e;
    int rc = ML_OK;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        struct stat s2;
        if (stat(sub, &s2))
            continue;
        if (S_ISDIR(s2.st_mode) || is_yaml(e->d_name))
            if (push(&here, sub))
                rc = ML_ERROR(err, ML_ENOMEM, "out of memory");
    }
    closedir(d);
    if (here.n)
        qsort(here.v, here.n, sizeof *here.v, cmp_str);
    for (size_t i = 0; i < here.n; i++) {
        if (!rc)
            rc = collect(here.v[i], out, err);
        free(here.v[i]);
    }
    free(here.v);
    return rc;
}

/* The name a file is shown by: without the source tree's prefix. */
static const char *shown(const char *path, const char *strip)
{
    size_t n = strip ? strlen(strip) : 0;
    if (n && !strncmp(path, strip, n) && path[n] == '/')
        return path + n + 1;
    return path;
}

static void print_table(ml_src_file *f, size_t n, int markdown, const char *strip)
{
    static const ml_src_class cols[] = {ML_SRC_SOURCED, ML_SRC_FITTED, ML_SRC_ASSUMPTION,
                                        ML_SRC_SETTING, ML_SRC_UNCLASSIFIED};
    size_t w = 5, tot[ML_SRC_NCLASS] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(shown(f[i].file, strip)) + (markdown ? 2 : 0);
        if (k > w)
            w = k;
        for (int c = 0; c < ML_SRC_NCLASS; c++)
            tot[c] += f[i].count[c];
    }
    if (markdown) {
        printf("| file | sourced | fitted | assumption | setting | unclassified |\n");
        printf("|---|---:|---:|---:|---:|---:|\n");
    } else {
        printf("%-*s", (int)w, "file");
        for (size_t c = 0; c < 5; c++)
            printf(" %12s", ml_sources_class_name(cols[c]));
        printf("\n");
    }
    for (size_t i = 0; i <= n; i++) {
        const size_t *cnt = i < n ? f[i].count : tot;
        const char *name = i < n ? shown(f[i].file, strip) : "total";
        if (markdown) {
            if (i < n)
                printf("| `%s` |", name);
            else
                printf("| **total** |");
            for (size_t c = 0; c < 5; c++)
                printf(i < n ? " %zu |" : " **%zu** |", cnt[cols[c]]);
        } else {
            printf("%-*s", (int)w, name);
            for (size_t c = 0; c < 5; c++)
                printf(" %12zu", cnt[cols[c]]);
        }
        printf("\n");
    }
}

int ml_cmd_sources(int argc, char **argv)
{
    const char *root = ML_SOURCE_DIR, *calib = NULL;
    int markdown = 0, list_unc = 0, list_all = 0;
    str_list args = {0}, files = {0};
    int code = ML_EXIT_OK;
    static const struct option opts[] = {{"calibration", required_argument, NULL, 'c'},
                                         {"root", required_argument, NULL, 'r'},
                                         {"markdown", no_argument, NULL, 'm'},
                                         {"list-unclassified", no_argument, NULL, 'u'},
                                         {"list", no_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    ml_cli_getopt_reset();
    for (int c; (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1;) {
        switch (c) {
        case 'h': fputs(usage, stdout); goto done;
        case 'c': calib = optarg; break;
        case 'r': root = optarg; break;
        case 'm': markdown = 1; break;
        case 'u': list_unc = 1; break;
        case 'l': list_all = 1; break;
        default:
            ml_cli_bad_option("sources", c, argv);
            code = ML_EXIT_USAGE;
            goto done;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (push(&args, argv[i])) {
            code = ML_EXIT_INTERNAL;
            goto done;
        }
    }
    char def_scen[1024], def_cal[1024];
    snprintf(def_scen, sizeof def_scen, "%s/scenarios", root);
    snprintf(def_cal, sizeof def_cal, "%s/results/reference/calibration.csv", root);
    const char *strip = args.n ? NULL : root; /* show default files relative to root */
    if (!args.n && push(&args, def_scen)) {
        code = ML_EXIT_INTERNAL;
        goto done;
    }
    ml_err err = {0};
    int rc = ML_OK;
    for (size_t i = 0; i < args.n && !rc; i++)
        rc = collect(args.v[i], &files, &err);
    if (!rc && !files.n)
        rc = ML_ERROR(&err, ML_EIO, "no YAML files found");
    ml_src_calib cal = {0};
    if (!rc)
        rc = ml_sources_calib_load(&cal, calib ? calib : def_cal, &err);
    if (rc) {
        fprintf(stderr, "medliab sources: %s\n", err.msg);
        code = ml_exit_code(rc);
        goto done;
    }
    ml_src_file *f = calloc(files.n, sizeof *f);
    if (!f) {
        ml_sources_calib_free(&cal);
        code = ML_EXIT_INTERNAL;
        goto done;
    }
    size_t unclassified = 0, scanned = 0;
    for (; scanned < files.n && !rc; scanned++) {
        rc = ml_sources_scan_file(&f[scanned], files.v[scanned], &cal, &err);
        if (!rc)
            unclassified += f[scanned].count[ML_SRC_UNCLASSIFIED];
    }
    if (rc) {
        fprintf(stderr, "medliab sources: %s\n", err.msg);
        code = ml_exit_code(rc);
    } else {
        size_t listed = 0;
        if (list_all || list_unc)
            for (size_t i = 0; i < files.n; i++)
                for (size_t k = 0; k < f[i].n; k++) {
                    const ml_src_number *m = &f[i].num[k];
                    if (list_all)
                        printf("%s:%lu: %s = %s: %s: %s\n", shown(f[i].file, strip), m->line,
                               m->field, m->value, ml_sources_class_name(m->cls), m->note);
                    else if (m->cls == ML_SRC_UNCLASSIFIED)
                        printf("%s:%lu: %s = %s: %s\n", shown(f[i].file, strip), m->line,
                               m->field, m->value, m->note);
                    else
                        continue;
                    listed++;
                }
        if (listed)
            printf("\n");
        print_table(f, files.n, markdown, strip);
        if (unclassified) {
            fprintf(stderr, "medliab sources: %zu number%s unclassified%s\n", unclassified,
                    unclassified == 1 ? "" : "s",
                    list_unc ? "" : " (--list-unclassified says where and why)");
            code = ML_EXIT_UNCLASSIFIED;
        }
    }
    for (size_t i = 0; i < scanned; i++)
        ml_sources_file_free(&f[i]);
    free(f);
    ml_sources_calib_free(&cal);
done:
    for (size_t i = 0; i < args.n; i++)
        free(args.v[i]);
    free(args.v);
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    return code;
}
