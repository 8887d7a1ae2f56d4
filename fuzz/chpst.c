/* chpst.c - fuzz chpst's command line: its names (chpst, setuidgid,
 * envuidgid, envdir, pgrphack, setlock, softlimit), options, limit and
 * nice values, and the account specifications of -u and -U
 *
 * Input: lines; the first is the name chpst is called by (one leading
 * 'd' dropped, as chpst_main does), the others its arguments. The
 * applet's own parse_command_line() runs on them (applets/chpst.c is
 * included), its exit() caught, then the account lookups of -u and -U.
 * Nothing is executed. Properties: a command line taken has a program;
 * limits are at most RLIM_INFINITY, nice within -100..100, the
 * descriptors to close among 0, 1 and 2, and a usage error exits 100 (or
 * 111 for an unknown account). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "../applets/chpst.c"

#define ARGS_MAX 64

static void check_parsed(const struct chpst *chpst, char **argv, int argc)
{
    int i;

    FUZZ_ASSERT(chpst->program >= argv + 1 && chpst->program < argv + argc);
    FUZZ_ASSERT(chpst->program[0] != NULL);
    for (i = 0; i < LIMIT_COUNT; i++) {
        FUZZ_ASSERT(chpst->limits[i].value <= RLIM_INFINITY);
        FUZZ_ASSERT(!chpst->limits[i].to_hard || chpst->limits[i].is_set);
    }
    FUZZ_ASSERT(chpst->nice >= -100 && chpst->nice <= 100);
    FUZZ_ASSERT((chpst->close_mask & ~7) == 0);
    FUZZ_ASSERT(!chpst->lock_waits || chpst->lock);
}

static void look_up(const struct chpst *chpst, const char *spec)
{
    struct account account;

    if (!spec)
        return;
    fuzz_exit_armed = 1;
    if (setjmp(fuzz_exit_point) == 0) {
        lookup_account_or_die(chpst, spec, &account);
        fuzz_exit_armed = 0;
        FUZZ_ASSERT(account.group_count >= 1 && account.gid == account.groups[0]);
    } else {
        FUZZ_ASSERT(fuzz_exit_status == EXIT_SYSTEM);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    char *argv[ARGS_MAX + 1];
    const uint8_t *part;
    const char *name;
    size_t len;
    volatile int argc = 0;      /* kept across the longjmp of exit() */
    int i;
    struct chpst chpst;

    while (argc < ARGS_MAX && fuzz_field(&in, '\n', &part, &len) == 0)
        argv[argc++] = fuzz_string(part, len);
    argv[argc] = NULL;
    if (argc == 0)
        return 0;
    memset(&chpst, 0, sizeof(chpst));
    name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    fuzz_exit_armed = 1;
    if (setjmp(fuzz_exit_point) == 0) {
        parse_command_line(&chpst, name + (name[0] == 'd'), argc, argv);
        fuzz_exit_armed = 0;
        check_parsed(&chpst, argv, argc);
        look_up(&chpst, chpst.user);
        look_up(&chpst, chpst.env_user);
    } else {
        FUZZ_ASSERT(fuzz_exit_status == EXIT_USAGE);
    }
    for (i = 0; i < argc; i++)
        free(argv[i]);
    return 0;
}
