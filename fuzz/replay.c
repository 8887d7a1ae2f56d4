/* replay.c - main() of a harness in make check: every file of
 * fuzz/corpus/NAME and fuzz/regress/NAME through LLVMFuzzerTestOneInput,
 * in name order; a crash or a failed property ends it as it would end
 * the fuzzer. FUZZ_DIR and FUZZ_NAME are given when it is compiled;
 * arguments, if any, are files to run instead. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_file(const char *path)
{
    size_t len;
    char *bytes = fuzz_read_file(path, &len);

    if (!bytes) {
        perror(path);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
    free(bytes);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The files of DIR/KIND/FUZZ_NAME; a missing directory has none. */
static int run_dir(const char *kind, unsigned *count)
{
    char dir[4096], path[8192];
    struct dirent **names;
    int n, i, result = 0;

    snprintf(dir, sizeof(dir), "%s/%s/%s", FUZZ_DIR, kind, FUZZ_NAME);
    n = scandir(dir, &names, NULL, by_name);
    if (n < 0)
        return 0;
    for (i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
            if (run_file(path) < 0)
                result = -1;
            else
                ++*count;
        }
        free(names[i]);
    }
    free(names);
    return result;
}

int main(int argc, char **argv)
{
    unsigned count = 0;
    int i, result = 0;

    for (i = 1; i < argc; i++)
        result |= run_file(argv[i]);
    if (argc > 1)
        return result ? 1 : 0;
    result |= run_dir("corpus", &count);
    result |= run_dir("regress", &count);
    printf("%s: %u inputs replayed\n", FUZZ_NAME, count);
    if (count == 0) {
        fprintf(stderr, "%s: no inputs in %s/corpus/%s\n", FUZZ_NAME, FUZZ_DIR, FUZZ_NAME);
        return 1;
    }
    return result ? 1 : 0;
}
