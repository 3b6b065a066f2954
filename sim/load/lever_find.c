/*
 * lever_find.c — see lever_find.h.  The shipped folder is fixed when
 * medliab is built (CMakeLists.txt), as `verify` finds the shipped run
 * files: medliab is run from its build tree, not installed, and a run file
 * copied anywhere else still finds the levers it names.
 */
#include "lever_find.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef ML_LEVERS_DIR
#define ML_LEVERS_DIR "scenarios/regimes/levers"
#endif

/* At most this many shipped names are listed in a message. */
#define LIST_MAX 64

const char *ml_lever_dir(void)
{
    return ML_LEVERS_DIR;
}

/* A bare name: what a shipped lever file is called, less ".yaml". */
static int is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shipped levers' names, sorted and comma-separated, into out. */
static void list_shipped(char *out, size_t cap)
{
    out[0] = '\0';
    DIR *d = opendir(ML_LEVERS_DIR);
    if (!d) {
        snprintf(out, cap, "(none: %s cannot be read: %s)", ML_LEVERS_DIR, strerror(errno));
        return;
    }
    char *name[LIST_MAX];
    size_t n = 0;
    for (struct dirent *e; n < LIST_MAX && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml") &&
            (name[n] = malloc(len - 4))) {
            memcpy(name[n], e->d_name, len - 5);
            name[n++][len - 5] = '\0';
        }
    }
    closedir(d);
    qsort(name, n, sizeof *name, by_name);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + k, k < cap ? cap - k : 0, "%s%s", i ? ", " : "", name[i]);
        if (w > 0)
            k += (size_t)w;
        free(name[i]);
    }
    if (n == 0)
        snprintf(out, cap, "(none in %s)", ML_LEVERS_DIR);
}

int ml_lever_find(ml_yr *y, yaml_node_t *it, char *path, size_t cap)
{
    const char *rel = ml_yr_scalar(it);
    ml_fp fl = ml_fp_key(NULL, "levers");
    if (!rel || !*rel)
        return ml_yr_fail_at(y, it, &fl, "expected a lever's name (e.g. compulsory) or the "
                             "path of a lever file");
    /* A path as it always was; a file or folder of that name beside the run
     * file comes first, so no run file that worked changes meaning. */
    ml_yr_beside(y, rel, path, cap);
    struct stat st;
    if (!is_name(rel) || stat(path, &st) == 0)
        return ML_OK;
    char beside[512];
    snprintf(beside, sizeof beside, "%s", path);
    snprintf(path, cap, "%s/%s.yaml", ML_LEVERS_DIR, rel);
    if (stat(path, &st) == 0)
        return ML_OK;
    char names[700];
    list_shipped(names, sizeof names);
    return ml_yr_fail_at(y, it, &fl, "no lever '%s': neither a file beside this one (%s) nor "
                         "a shipped lever (%s/%s.yaml); the shipped levers are: %s", rel,
                         beside, ML_LEVERS_DIR, rel, names);
}
