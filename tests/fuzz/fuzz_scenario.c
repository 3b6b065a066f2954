/*
 * fuzz_scenario.c — libFuzzer harness for the scenario loader.
 *
 * The loader reads a file and resolves portfolio/regime paths relative to
 * its folder, so each input is written to case.yaml in a private temporary
 * folder whose parts/ links to the catalogue's helper files: inputs from
 * the seed corpus that reference parts/... load them as they do in the
 * catalogue.  A loaded scenario is also dumped back to YAML (the text every
 * output file carries), so that path is fuzzed as well.
 *
 *   build:  cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DMEDLIAB_FUZZ=ON
 *           -DMEDLIAB_SANITIZE=ON -DMEDLIAB_OPENMP=OFF
 *   run:    build-fuzz/tests/fuzz/fuzz_scenario -max_total_time=600 WORK tests/fuzz/corpus
 */
#include "scenario.h"

#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static char path[300];

static void cleanup(void)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s/parts", dir);
    unlink(p);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off(); /* as main() does: GSL errors become statuses */
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/medliab-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_scenario: mkdtemp");
        exit(1);
    }
    char parts[300];
    snprintf(parts, sizeof parts, "%s/parts", dir);
    if (symlink(ML_SOURCE_DIR "/tests/bad_input/parts", parts)) {
        perror("fuzz_scenario: symlink");
        exit(1);
    }
    snprintf(path, sizeof path, "%s/case.yaml", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort(); /* a harness fault, not a finding: stop loudly */
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f))
        abort();
    ml_scenario s;
    ml_err err = {0};
    if (ml_scenario_load(path, &s, &err) == ML_OK) {
        char *text = ml_scenario_to_yaml(&s);
        free(text);
        ml_scenario_free(&s);
    } else if (!err.msg[0]) {
        abort(); /* every rejection must say why */
    }
    return 0;
}
