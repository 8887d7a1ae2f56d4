/* utmpset.c - mark a terminal's utmp record logged out (runit's utmpset) */

/*
config UTMPSET
	bool "utmpset"
	default y
	help
	  usage: utmpset [-w] line

	  Mark the first login record of terminal LINE in /var/run/utmp
	  logged out (glibc's record layout). -w also appends a logout
	  record to /var/log/wtmp. Exit 0, 1 on usage, 111 on failure.
*/
/* install: usr/sbin/utmpset */

#include "clock.h"
#include "err.h"
#include "fd.h"
#include "lock.h"
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define UTMP_PATH "/var/run/utmp"
#define WTMP_PATH "/var/log/wtmp"

/* glibc's struct utmp on 64-bit Linux, as byte offsets (what runit's
 * utmpset and every login program on such a system read); the
 * numbers are in the machine's byte order, as glibc writes them. */
enum {
    UTMP_RECORD_SIZE = 384,
    UTMP_TYPE = 0,              /* int16 */
    UTMP_LINE = 8,
    UTMP_LINE_SIZE = 32,
    UTMP_USER = 44,
    UTMP_USER_SIZE = 32,
    UTMP_HOST = 76,
    UTMP_HOST_SIZE = 256,
    UTMP_TIME_SECONDS = 340,    /* int32 */
    UTMP_DEAD_PROCESS = 8,
};

struct utmp_record {
    unsigned char bytes[UTMP_RECORD_SIZE];
};

static void record_set_type(struct utmp_record *record, int16_t type)
{
    memcpy(record->bytes + UTMP_TYPE, &type, sizeof(type));
}

/* The record's time: now, in whole seconds. */
static void record_set_time(struct utmp_record *record)
{
    struct timespec now;
    int32_t seconds;

    clock_read(CLOCK_REALTIME, &now);
    seconds = (int32_t)now.tv_sec;

    memcpy(record->bytes + UTMP_TIME_SECONDS, &seconds, sizeof(seconds));
}

/* The line field is compared as a string that may fill all 32 bytes. */
static int record_is_login_on(const struct utmp_record *record, const char *line)
{
    const char *field = (const char *)record->bytes + UTMP_LINE;
    size_t len = strlen(line);

    if (record->bytes[UTMP_USER] == '\0' || len > UTMP_LINE_SIZE)
        return 0;
    return memcmp(field, line, len) == 0
        && (len == UTMP_LINE_SIZE || field[len] == '\0');
}

/* Find the first login record on LINE and rewrite it in place as a
 * logout. 0 done, 1 no such record, -1 error with errno. */
static int logout_utmp(int fd, const char *line)
{
    struct utmp_record record;
    ssize_t len;

    for (;;) {
        len = read_full(fd, record.bytes, sizeof(record.bytes));
        if (len < 0)
            return -1;
        if (len < (ssize_t)sizeof(record.bytes))
            return 1;
        if (record_is_login_on(&record, line))
            break;
    }
    memset(record.bytes + UTMP_USER, 0, UTMP_USER_SIZE);
    memset(record.bytes + UTMP_HOST, 0, UTMP_HOST_SIZE);
    record_set_time(&record);
    record_set_type(&record, UTMP_DEAD_PROCESS);
    if (lseek(fd, -(off_t)sizeof(record.bytes), SEEK_CUR) < 0)
        return -1;
    return write_full(fd, record.bytes, sizeof(record.bytes)) < 0 ? -1 : 0;
}

/* Append one logout record; a short write is cut off again so the file
 * stays a whole number of records. Like runit, a wtmp that cannot be
 * opened is fatal. */
static int append_wtmp(const char *line)
{
    struct utmp_record record;
    size_t len = strlen(line);
    struct stat st;
    int fd, saved;

    fd = open(WTMP_PATH, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        die_errno(EXIT_SYSTEM, "unable to open " WTMP_PATH);
    if (lock_file(fd) < 0 || fstat(fd, &st) < 0)
        goto fail;
    memset(&record, 0, sizeof(record));
    if (len > UTMP_LINE_SIZE)
        len = UTMP_LINE_SIZE - 2;       /* runit's cut, kept as is */
    memcpy(record.bytes + UTMP_LINE, line, len);
    record_set_time(&record);
    record_set_type(&record, UTMP_DEAD_PROCESS);
    if (write_full(fd, record.bytes, sizeof(record.bytes)) < 0) {
        saved = errno;
        if (ftruncate(fd, st.st_size) < 0)
            warn_errno("unable to truncate %s", WTMP_PATH);
        errno = saved;
        goto fail;
    }
    close(fd);
    return 0;
fail:
    return fd_close_on_error(fd);
}

int utmpset_main(int argc, char **argv)
{
    struct options state = OPTIONS_INIT;
    int use_wtmp = 0, option, fd, result;
    const char *line;

    while ((option = options_next(&state, argc, argv, "wV", NULL)) != -1) {
        if (option != 'w') {
            print_option_message(option, state.letter);
            die_usage_as_invoked(1);
        }
        use_wtmp = 1;
    }
    if (state.index >= argc)    /* runit ignores arguments after LINE */
        die_usage_as_invoked(1);
    line = argv[state.index];

    fd = open(UTMP_PATH, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        die_errno(EXIT_SYSTEM, "unable to open " UTMP_PATH);
    if (lock_file(fd) < 0)
        die_errno(EXIT_SYSTEM, "unable to lock " UTMP_PATH);
    result = logout_utmp(fd, line);
    if (result < 0)
        die_errno(EXIT_SYSTEM, "unable to logout line %s in utmp", line);
    if (result > 0) {
        warn("unable to logout line %s in utmp: no such entry", line);
        return EXIT_SYSTEM;
    }
    close(fd);
    if (use_wtmp && append_wtmp(line) < 0) {
        warn_errno("unable to logout line %s in wtmp", line);
        return EXIT_SYSTEM;
    }
    return 0;
}
