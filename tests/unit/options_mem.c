/* tests/unit/options_mem.c - the option parser and mmap-backed memory */
#include "check.h"
#include "mem.h"
#include "options.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof(argv[0])) - 1)

static const struct long_option longs[] = {
    { "quiet", 0, 'q' }, { "remap-exit", 1, 'e' }, { "no-killall", 0, 1000 },
    { "no-kill-all-on-exit", 0, 1001 }, { 0, 0, 0 },
};

static void test_shorts_bundles_and_values(void)
{
    char *argv[] = { "sv", "-vw5", "-w", "7", "-q", "status", "-v", NULL };
    struct options state = OPTIONS_INIT;

    CHECK(options_next(&state, ARGC(argv), argv, "vw:q", NULL) == 'v');
    CHECK(options_next(&state, ARGC(argv), argv, "vw:q", NULL) == 'w');
    CHECK_STR("5", state.value);
    CHECK(options_next(&state, ARGC(argv), argv, "vw:q", NULL) == 'w');
    CHECK_STR("7", state.value);
    CHECK(options_next(&state, ARGC(argv), argv, "vw:q", NULL) == 'q');
    CHECK(options_next(&state, ARGC(argv), argv, "vw:q", NULL) == -1);
    CHECK(state.index == 5);
}

static void test_end_of_options(void)
{
    char *argv1[] = { "x", "--", "-v", NULL };
    char *argv2[] = { "x", "-", "-v", NULL };
    char *argv3[] = { "x", NULL };
    struct options state = OPTIONS_INIT;

    CHECK(options_next(&state, ARGC(argv1), argv1, "v", NULL) == -1 && state.index == 2);
    state = (struct options)OPTIONS_INIT;
    CHECK(options_next(&state, ARGC(argv2), argv2, "v", NULL) == -1 && state.index == 1);
    state = (struct options)OPTIONS_INIT;
    CHECK(options_next(&state, ARGC(argv3), argv3, "v", NULL) == -1 && state.index == 1);
}

static void test_errors(void)
{
    char *argv1[] = { "x", "-vz", NULL };
    char *argv2[] = { "x", "-w", NULL };
    char *argv3[] = { "x", "-:", NULL };
    struct options state = OPTIONS_INIT;

    CHECK(options_next(&state, ARGC(argv1), argv1, "vw:", NULL) == 'v');
    CHECK(options_next(&state, ARGC(argv1), argv1, "vw:", NULL) == '?');
    CHECK_STR("-vz", state.word);
    CHECK(state.letter == 'z');         /* what getopt's complaint names */
    state = (struct options)OPTIONS_INIT;
    CHECK(options_next(&state, ARGC(argv2), argv2, "vw:", NULL) == ':');
    CHECK(state.letter == 'w');
    state = (struct options)OPTIONS_INIT;
    CHECK(options_next(&state, ARGC(argv3), argv3, "vw:", NULL) == '?');
    CHECK(state.letter == ':');
}

static void test_longs(void)
{
    char *argv[] = { "nanoinit", "--quiet", "--remap-exit=3", "--remap-exit", "4",
                     "--no-killall", "--no-kill-", "--qu", "--quiet=1", "--nope",
                     "--remap-exit", NULL };
    struct options state = OPTIONS_INIT;
    int argc = ARGC(argv);

    CHECK(options_next(&state, argc, argv, "qe:", longs) == 'q');
    CHECK(options_next(&state, argc, argv, "qe:", longs) == 'e');
    CHECK_STR("3", state.value);
    CHECK(options_next(&state, argc, argv, "qe:", longs) == 'e');
    CHECK_STR("4", state.value);
    CHECK(options_next(&state, argc, argv, "qe:", longs) == 1000);     /* exact wins */
    CHECK(options_next(&state, argc, argv, "qe:", longs) == 1001);     /* unique prefix */
    CHECK(options_next(&state, argc, argv, "qe:", longs) == 'q');
    CHECK(options_next(&state, argc, argv, "qe:", longs) == '?');      /* no value taken */
    CHECK(options_next(&state, argc, argv, "qe:", longs) == '?');
    CHECK_STR("--nope", state.word);
    CHECK(options_next(&state, argc, argv, "qe:", longs) == ':');
}

static void test_ambiguous_prefix(void)
{
    static const struct long_option two[] = { { "skip-runit", 0, 1 }, { "skip-startup", 0, 2 }, { 0, 0, 0 } };
    char *argv[] = { "x", "--skip", NULL };
    struct options state = OPTIONS_INIT;

    CHECK(options_next(&state, ARGC(argv), argv, "", two) == '?');
}

static void test_memory(void)
{
    unsigned char *block = mem_alloc(10);
    size_t i;
    int zero = 1;

    CHECK(block != NULL);
    block[9] = 7;
    block = mem_resize(block, 100000);
    CHECK(block != NULL && block[9] == 7);
    for (i = 10; i < 100000; i++)
        zero &= block[i] == 0;
    CHECK(zero);
    block[99999] = 1;
    block = mem_resize(block, 20);
    CHECK(block != NULL && block[9] == 7);
    mem_free(block);
    mem_free(NULL);
    CHECK(mem_resize(NULL, 5) != NULL);
    CHECK(mem_alloc((size_t)-1) == NULL);
}

/* A growing buffer at least doubles, keeps its bytes, and stays as it
 * was when memory runs out. */
static void test_memory_growth(void)
{
    size_t size = 0;
    char *block = mem_grow(NULL, &size, 100), *same;

    CHECK(block != NULL && size == 100);
    block[99] = 'x';
    CHECK(mem_grow(block, &size, 50) == block && size == 100);
    block = mem_grow(block, &size, 101);
    CHECK(block != NULL && size == 200 && block[99] == 'x');
    block = mem_grow(block, &size, 5000);
    CHECK(block != NULL && size == 5000 && block[99] == 'x');
    same = mem_grow(block, &size, (size_t)-1);
    CHECK(same == NULL && size == 5000 && block[99] == 'x');
    mem_free(block);
}

int main(void)
{
    test_shorts_bundles_and_values();
    test_end_of_options();
    test_errors();
    test_longs();
    test_ambiguous_prefix();
    test_memory_growth();
    test_memory();
    return check_done("options_mem");
}
