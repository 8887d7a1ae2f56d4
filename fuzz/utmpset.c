/* utmpset.c - fuzz utmpset: its arguments and the utmp records it reads
 *
 * Input: parts separated by "\n%%\n": the arguments, one a line (the
 * first is the name it is called by), then the content of utmp and of
 * wtmp (none: wtmp is made). applets/utmpset.c is included with its
 * open() of /var/run/utmp and /var/log/wtmp sent to the scratch
 * directory, and exit() caught. Properties, against a reading of the
 * records here: on success the first login record of LINE (a user, and
 * the line field LINE, NUL-padded or all 32 bytes) is now a logout
 * (type 8, user and host cleared), nothing else of utmp changed, and
 * with -w wtmp has one more record for LINE (its first 30 bytes when
 * longer than 32); when there is no such record utmpset exits 111 and
 * changes nothing. */
#include "fuzz.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char utmp_path[PATH_MAX], wtmp_path[PATH_MAX];

static int scratch_open(const char *path, int flags, ...)
{
    va_list ap;
    int mode;

    va_start(ap, flags);
    mode = va_arg(ap, int);
    va_end(ap);
    if (strcmp(path, "/var/run/utmp") == 0)
        path = utmp_path;
    else if (strcmp(path, "/var/log/wtmp") == 0)
        path = wtmp_path;
    else
        FUZZ_ASSERT(!"a file of the scratch directory");
    return open(path, flags, mode);
}

#define open scratch_open
#include "../applets/utmpset.c"
#undef open

#define ARGS_MAX 8

/* The offset of the record utmpset should log out in UTMP, or -1. */
static long expected_record(const uint8_t *utmp, size_t len, const char *line)
{
    size_t at, line_len = strlen(line);

    for (at = 0; at + UTMP_RECORD_SIZE <= len; at += UTMP_RECORD_SIZE) {
        const uint8_t *record = utmp + at;

        if (record[UTMP_USER] && line_len <= UTMP_LINE_SIZE
            && memcmp(record + UTMP_LINE, line, line_len) == 0
            && (line_len == UTMP_LINE_SIZE || record[UTMP_LINE + line_len] == 0))
            return (long)at;
    }
    return -1;
}

static int is_zero(const char *bytes, size_t len)
{
    while (len-- > 0) {
        if (*bytes++)
            return 0;
    }
    return 1;
}

static void check(const uint8_t *utmp, size_t utmp_len, const uint8_t *wtmp,
                  size_t wtmp_len, const char *line, int status, int use_wtmp)
{
    long at = expected_record(utmp, utmp_len, line);
    size_t len, wlen, line_len = strlen(line);
    char *after = fuzz_read_file(utmp_path, &len);
    char *wafter = fuzz_read_file(wtmp_path, &wlen);
    const char *record;
    int16_t type;

    FUZZ_ASSERT(after && len == utmp_len);
    if (at < 0) {
        FUZZ_ASSERT(status == EXIT_SYSTEM && memcmp(after, utmp, len) == 0);
        FUZZ_ASSERT(!wafter || (wlen == wtmp_len && memcmp(wafter, wtmp, wlen) == 0));
    } else {
        FUZZ_ASSERT(status == 0);
        record = after + at;
        memcpy(&type, record + UTMP_TYPE, sizeof(type));
        FUZZ_ASSERT(type == UTMP_DEAD_PROCESS);
        FUZZ_ASSERT(is_zero(record + UTMP_USER, UTMP_USER_SIZE));
        FUZZ_ASSERT(is_zero(record + UTMP_HOST, UTMP_HOST_SIZE));
        FUZZ_ASSERT(memcmp(after, utmp, (size_t)at) == 0);
        FUZZ_ASSERT(memcmp(record + UTMP_LINE, utmp + at + UTMP_LINE, UTMP_LINE_SIZE) == 0);
        FUZZ_ASSERT(memcmp(after + at + UTMP_RECORD_SIZE, utmp + at + UTMP_RECORD_SIZE,
                           len - (size_t)at - UTMP_RECORD_SIZE) == 0);
        if (use_wtmp) {
            FUZZ_ASSERT(wafter && wlen == wtmp_len + UTMP_RECORD_SIZE);
            FUZZ_ASSERT(memcmp(wafter, wtmp, wtmp_len) == 0);
            record = wafter + wtmp_len;
            memcpy(&type, record + UTMP_TYPE, sizeof(type));
            FUZZ_ASSERT(type == UTMP_DEAD_PROCESS);
            if (line_len > UTMP_LINE_SIZE)
                line_len = UTMP_LINE_SIZE - 2;
            FUZZ_ASSERT(memcmp(record + UTMP_LINE, line, line_len) == 0);
            FUZZ_ASSERT(is_zero(record + UTMP_LINE + line_len, UTMP_LINE_SIZE - line_len));
            FUZZ_ASSERT(is_zero(record + UTMP_USER, UTMP_USER_SIZE));
        } else {
            FUZZ_ASSERT(!wafter || (wlen == wtmp_len && memcmp(wafter, wtmp, wlen) == 0));
        }
    }
    free(after);
    free(wafter);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size }, lines;
    const uint8_t *parts[3] = { NULL, NULL, NULL }, *line;
    size_t lens[3] = { 0, 0, 0 }, line_len;
    const char *dir = fuzz_scratch();
    char *argv[ARGS_MAX + 1];
    volatile int argc = 0;
    int i, use_wtmp = 0, index = 1, status;

    for (i = 0; i < 3 && fuzz_part(&in, "\n%%\n", &parts[i], &lens[i]) == 0; i++)
        continue;
    if (!parts[0])
        return 0;
    lines = (struct fuzz_input){ parts[0], lens[0] };
    while (argc < ARGS_MAX && fuzz_field(&lines, '\n', &line, &line_len) == 0)
        argv[argc++] = fuzz_string(line, line_len);
    argv[argc] = NULL;
    snprintf(utmp_path, sizeof(utmp_path), "%s/utmp", dir);
    snprintf(wtmp_path, sizeof(wtmp_path), "%s/wtmp", dir);
    FUZZ_ASSERT(fuzz_write_file(dir, "utmp", parts[1], lens[1]) == 0);
    if (parts[2])
        FUZZ_ASSERT(fuzz_write_file(dir, "wtmp", parts[2], lens[2]) == 0);
    fuzz_fds_mark();
    fuzz_exit_armed = 1;
    if (setjmp(fuzz_exit_point) == 0) {
        status = utmpset_main(argc, argv);
        fuzz_exit_armed = 0;
    } else {
        status = fuzz_exit_status;
    }
    fuzz_fds_close_new();       /* utmpset leaves utmp to its exit */
    /* the arguments as utmpset takes them: -w options, then LINE */
    while (index < argc && argv[index][0] == '-' && argv[index][1]
           && strspn(argv[index] + 1, "w") == strlen(argv[index] + 1)) {
        if (strcmp(argv[index], "--") == 0)
            break;
        use_wtmp = 1;
        index++;
    }
    if (index < argc && strcmp(argv[index], "--") == 0)
        index++;
    if (index < argc && argv[index][0] != '-')
        check(parts[1] ? parts[1] : (const uint8_t *)"", lens[1],
              parts[2] ? parts[2] : (const uint8_t *)"", lens[2], argv[index], status,
              use_wtmp);
    else if (index >= argc)
        FUZZ_ASSERT(status == 1 || status == EXIT_USAGE);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    return 0;
}
