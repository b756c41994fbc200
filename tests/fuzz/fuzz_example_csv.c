/*
 * Fuzz target: the CSV reading of the examples (examples/quickstart.c and
 * examples/compare.c read date,channel,nps,csat,ces files), the only text
 * parsing in the examples and tools (segments and trend generate their
 * data; tools/calibrate_changes only reads integers from argv with atoi).
 *
 * Both examples read inside their main() from a path, so each is included
 * here with main renamed, and fopen is redirected to an in-memory stream
 * over the fuzzer's input (fmemopen), which then runs through the
 * examples' own code unchanged: line splitting, field extraction, score
 * conversion, the monthly tallies, estimates, comparison and planning.
 * Their output goes to /dev/null. One change for speed: compare's
 * posterior probability uses 200 draws instead of 20000 (the parsing is
 * what is fuzzed here, and the draws are fuzzed in fuzz_api).
 *
 * The oracle is ASan/UBSan and the exit status (0 or 1, never a crash).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int quickstart_main(int argc, char **argv);
int compare_main(int argc, char **argv);

static const uint8_t *fuzz_data;
static size_t fuzz_size;
static FILE *fuzz_null;

/* fopen(path, "r") of the examples: the current input, whatever the path. */
static FILE *fuzz_fopen(const char *path, const char *mode)
{
    (void)path;
    (void)mode;
    if (fuzz_size == 0)
        return fopen("/dev/null", "r");
    /* fmemopen does not write to a buffer opened "r". */
    return fmemopen((void *)(uintptr_t)fuzz_data, fuzz_size, "r");
}

/* The examples' diagnostics and reports go nowhere. */
#undef stderr
#define stderr fuzz_null
#define printf(...) fprintf(fuzz_null, __VA_ARGS__)
#define fopen(path, mode) fuzz_fopen(path, mode)

#define main quickstart_main
#include "../../examples/quickstart.c"
#undef main

#define xpi_tally_prob_greater(a, b, stat, categories, prior, draws, seed, out) \
    xpi_tally_prob_greater(a, b, stat, categories, prior, 200, seed, out)
#define main compare_main
#include "../../examples/compare.c"
#undef main
#undef xpi_tally_prob_greater

#undef fopen
#undef printf

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_null = fopen("/dev/null", "w");
    if (fuzz_null == NULL)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "fuzz-input.csv";
    char *argv[3];
    int status;

    argv[0] = path;
    argv[1] = path;
    argv[2] = NULL;
    fuzz_data = data;
    fuzz_size = size;
    status = quickstart_main(2, argv);
    if (status != 0 && status != 1)
        abort();
    status = compare_main(2, argv);
    if (status != 0 && status != 1)
        abort();
    return 0;
}
