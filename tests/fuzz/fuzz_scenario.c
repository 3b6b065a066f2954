/*
 * fuzz_scenario.c — libFuzzer harness for the scenario loader.
 *
 * The loader reads a file and resolves portfolio/regime paths relative to
 * its folder, so each input is written to case.yaml in a private temporary
 * folder whose parts/ links to the catalogue's helper files: inputs from
 * the seed corpus that reference parts/... load them as they do in the
 * catalogue.  A loaded scenario is also dumped back to YAML (the text every
 * output file carries), and that text must load again and dump to the same
 * text (comment lines aside): whatever names and numbers an input holds,
 * the resolved scenario stored with the results reproduces it.
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
static char dump_path[300];

/* The text without its comment lines (which name the source files). */
static const char *body(const char *t)
{
    while (*t == '#') {
        const char *nl = strchr(t, '\n');
        if (!nl)
            return t + strlen(t);
        t = nl + 1;
    }
    return t;
}

/* The dump of s must load and dump to itself; any failure is a finding. */
static void check_round_trip(const char *text)
{
    FILE *f = fopen(dump_path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f))
        abort();
    ml_scenario s2;
    ml_err err = {0};
    if (ml_scenario_load(dump_path, &s2, &err) != ML_OK) {
        fprintf(stderr, "fuzz_scenario: the dumped scenario does not load: %s\n---\n%s---\n",
                err.msg, text);
        abort();
    }
    char *again = ml_scenario_to_yaml(&s2);
    if (!again || strcmp(body(text), body(again))) {
        fprintf(stderr, "fuzz_scenario: the dump of the dump differs\n---\n%s---\n%s---\n",
                text, again ? again : "(null)");
        abort();
    }
    free(again);
    ml_scenario_free(&s2);
}

static void cleanup(void)
{
    char p[300];
    unlink(path);
    unlink(dump_path);
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
    snprintf(dump_path, sizeof dump_path, "%s/dump.yaml", dir);
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
        if (!text)
            abort();
        check_round_trip(text);
        free(text);
        ml_scenario_free(&s);
    } else if (!err.msg[0]) {
        abort(); /* every rejection must say why */
    }
    return 0;
}
