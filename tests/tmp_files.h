/*
 * tmp_files.h — a scratch folder for tests that write small scenario files
 * and load them back (test_loader, test_lifecycle_load, test_price_year).
 * put() writes one file into it; the test makes the folder with mkdtemp.
 */
#ifndef ML_TMP_FILES_H
#define ML_TMP_FILES_H

#include <stdio.h>
#include <stdlib.h>

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The scratch folder /tmp/STEM_XXXXXX (setup) and its removal (teardown). */
static inline int tmp_dir_make(const char *stem)
{
    snprintf(dir, sizeof dir, "/tmp/%s_XXXXXX", stem);
    return mkdtemp(dir) ? 0 : -1;
}

static inline int tmp_dir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
