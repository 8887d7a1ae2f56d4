/* svlogd.c - read lines from standard input into rotated log directories (runit's svlogd) */

/*
config SVLOGD
	bool "svlogd"
	default y
	help
	  usage: svlogd [-tttv] [-r c] [-R abc] [-l len] [-b buflen] dir ...

	  Append standard input to DIR/current, rotated into DIR/@TAI64N.s as
	  DIR/config says. -t TAI64N, -tt/-ttt UTC stamps; -r/-R replace bytes;
	  -l message length; -b buffer; -v verbose. HUP re-reads config, ALRM
	  rotates, TERM exits. A full disk is waited out. See svlogd(8).

*/
/* install: usr/bin/svlogd */

#include "clock.h"
#include "dir.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "mem.h"
#include "options.h"
#include "poll.h"
#include "signals.h"
#include "spawn.h"
#include "tai64n.h"
#include "utc.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>             /* renameat() only: no stdio is used */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_LINE_MAX 1000
#define RUNIT_BUFFER_SIZE 1024          /* runit's -b default: the -l check */
#define DEFAULT_BUFFER_SIZE 65536       /* what we read when -b is not given */
#define ERR_BUFFER_SIZE 4096
#define STAMP_MAX 26                    /* 25 characters (-t or -tt), a space */
#define ROTATED_NAME_SIZE 28            /* "@" 24 hex ".s" and a NUL */
#define PAUSE_MS 3000                   /* runit's retry rhythm */
#define PROCESSOR_RETRY_MS 1000         /* a failing processor: once a second */
#define FINISH_LINE_MS 1000             /* TERM: wait this long for a line's end */
#define UDP_DEFAULT_PORT 514
#define UDP_SEND_FAILED "warning: failure sending through udp: "
#define UDP_NO_SOCKET "warning: no udp socket available: "
#define UDP_PROBLEM_MAX (sizeof(UDP_SEND_FAILED) - 1)   /* the longer one */
/* Line ends after which current is rotated, per buffer and drain: a few
 * are plenty, as a rotation costs more system calls than a write. */
#define MARKS_MAX 8

/* How a line travels: read() fills in[] (64 KiB unless -b says
 * otherwise); every complete line in it gets the stamp of that read (its
 * first byte came with it) and is copied, with the stamp and prefix, into
 * the buffer of each directory that selects it. Copying is all an append
 * does: it counts the size current will have and marks the line ends
 * after which runit would rotate. When a buffer has no room for one more
 * line, and when in[] is done, the main loop drains: each buffer goes to
 * current in one write(2), cut at the marks and wherever current reaches
 * SIZE, and current is rotated there. So the files come out as runit's
 * would, line for line, and whatever has to wait (a processor still
 * running, a full disk, a failed rename) waits between reads, where
 * signals are read and children reaped. An unfinished line shorter than
 * -l waits at the front of in[] for the next read; the rest of a longer
 * one streams through as it arrives. */

/* What a config line selects: bits of select_line()'s answer. */
enum { TO_LOG = 1, TO_ERR = 2 };

struct log_dir {
    const char *name;                   /* as given on the command line */
    int dir_fd;                         /* -1: not open (skipped) */
    int lock_fd;                        /* kept across HUP */
    dev_t dev;                          /* of the locked directory */
    ino_t ino;
    /* config */
    char *config;                       /* the file's text, lines NUL-ended */
    const char **rules;                 /* its + - e E lines, in order */
    size_t rule_count;
    const char *prefix;
    size_t prefix_len;
    const char *processor;
    uint64_t size_max;                  /* s: 0 = no size rotation */
    unsigned long keep_max;             /* n */
    unsigned long keep_min;             /* N */
    int64_t age_ms;                     /* t: 0 = no age rotation */
    int has_udp;
    int udp_only;
    struct sockaddr_in udp_address;
    int udp_fd;
    /* state */
    uint64_t size;                      /* of current, as written so far */
    int64_t rotate_deadline;
    int takes_rest;                     /* selected the long line in progress */
    /* current's descriptor and the bytes waiting for it; at each mark (an
     * offset in them, ascending) current is rotated before going on */
    struct writer current;
    size_t marks[MARKS_MAX];
    size_t mark_count;
    size_t next_mark;                   /* the first one not reached yet */
    size_t written;                     /* bytes already in current */
    size_t record_max;                  /* the most one line adds */
    uint64_t pending_size;              /* of current once all are written */
    /* processor */
    char processing[ROTATED_NAME_SIZE]; /* the .u being processed, "" none */
    pid_t processor_pid;                /* 0: not running (restart pending) */
    int64_t processor_started;
    int64_t processor_restart;
};

struct svlogd {
    const char *argv0;
    int stamp_kind;                     /* number of -t, at most 3 */
    int is_replacing;
    char replacement;
    unsigned char replace[32];          /* bit set: byte is replaced */
    size_t line_max;
    size_t buffer_size;
    int verbose;
    struct log_dir *dirs;
    size_t dir_count;
    int first_dir;                      /* argv index of the first DIR */
    int signal_fd;
    /* input */
    char *in;
    size_t in_len;
    size_t in_start;                    /* in[] before it is handed on */
    int in_long_line;                   /* message handled, rest passing through */
    int has_carry;                      /* in[] starts with an unfinished line */
    char stamp[STAMP_MAX];              /* of the last read */
    char carry_stamp[STAMP_MAX];        /* of the unfinished line */
    size_t stamp_len;
    int64_t stamp_second;               /* the date part in stamp[] is of this */
    struct writer err;                  /* standard error */
    /* events */
    int is_exiting;
    int at_end;                         /* end of input, or TERM's last line read */
    int want_reopen;
    int want_rotate;
};

static void info(const struct svlogd *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void info(const struct svlogd *s, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    if (!s->verbose)
        return;
    va_start(ap, fmt);
    fmt_vformat(line, sizeof(line), fmt, ap);
    va_end(ap);
    say("info: %s", line);
}

/* runit's usage line names the program as invoked, then a blank line. */
static void usage(const struct svlogd *s)
{
    char line[512];
    size_t len = fmt_format(line, sizeof(line), "usage: %s [-ttv] [-r c] [-R abc] "
                            "[-l len] [-b buflen] dir ...\n\n", s->argv0);

    write_full(2, line, len);
    exit(EXIT_SYSTEM);
}

static uint64_t multiply(uint64_t value, uint64_t factor)
{
    return value > UINT64_MAX / factor ? UINT64_MAX : value * factor;
}

/* ---- patterns ---------------------------------------------------------- */

/* As in runit, a pattern is matched once from left to right, never
 * backing up: "*c" skips to the first c, "+c" eats a run of c, a
 * trailing star takes the rest. Two of runit's quirks are kept: a "+c" run that reaches
 * the end of the message is a match, whatever pattern is left ("a+bx"
 * matches "abb"); a '+' ending the pattern matches only at the end of the
 * message (runit reads past the pattern there; this is its usual result). */
static int pattern_matches(const char *pattern, const char *message, size_t len)
{
    const char *end = message + len;

    while (*pattern) {
        char c = pattern[1];

        if (*pattern == '*') {
            if (!c)
                return 1;
            while (message < end && *message != c)
                message++;
            if (message == end)
                return 0;
            pattern++;                  /* c itself is matched next */
        } else if (*pattern == '+') {
            if (!c)
                return message == end;
            if (message == end || *message != c)
                return 0;
            while (message < end && *message == c)
                message++;
            if (message == end)
                return 1;
            pattern += 2;
        } else {
            if (message == end || *message != *pattern)
                return 0;
            message++;
            pattern++;
        }
    }
    return message == end;
}

/* TO_LOG and TO_ERR for MESSAGE: lines start selected for the log and not
 * for standard error; each + - e E rule that matches has the last word. */
static unsigned select_line(const struct log_dir *d, const char *message, size_t len)
{
    unsigned selected = TO_LOG;
    size_t i;

    for (i = 0; i < d->rule_count; i++) {
        const char *rule = d->rules[i];
        unsigned bit = rule[0] == '+' || rule[0] == '-' ? TO_LOG : TO_ERR;
        int sets = rule[0] == '+' || rule[0] == 'e';

        if (!(selected & bit) == !sets)     /* would change nothing */
            continue;
        if (pattern_matches(rule + 1, message, len))
            selected = sets ? selected | bit : selected & ~bit;
    }
    return selected;
}

/* ---- signals, children and waiting ------------------------------------- */

static void on_processor_exit(struct svlogd *s, struct log_dir *d, int status);
static void start_processor(struct svlogd *s, struct log_dir *d);

static void on_child_exit(void *context, pid_t pid, int status)
{
    struct svlogd *s = context;
    size_t i;

    for (i = 0; i < s->dir_count; i++) {
        if (s->dirs[i].processor_pid == pid) {
            on_processor_exit(s, &s->dirs[i], status);
            return;
        }
    }
}

/* Note TERM, HUP and ALRM for the main loop, which acts on them between
 * reads; children are reaped at once, whatever svlogd is waiting for. */
static void read_signals(struct svlogd *s)
{
    int number;

    while ((number = signal_fd_next(s->signal_fd)) > 0) {
        if (number == SIGTERM) {
            info(s, "sigterm received.");
            s->is_exiting = 1;
        } else if (number == SIGHUP) {
            info(s, "sighangup received.");
            s->want_reopen = 1;
        } else if (number == SIGALRM) {
            info(s, "sigalarm received.");
            s->want_rotate = 1;
        }
    }
    spawn_reap(on_child_exit, s);
}

/* Start the processors whose restart is due. */
static void restart_processors(struct svlogd *s)
{
    int64_t now = clock_now_ms();
    size_t i;

    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];

        if (d->processing[0] && !d->processor_pid && now >= d->processor_restart)
            start_processor(s, d);
    }
}

/* Sleep until DEADLINE or the next signal. */
static void wait_signals(struct svlogd *s, int64_t deadline)
{
    struct pollfd fd = { .fd = s->signal_fd, .events = POLLIN };

    if (poll_until(&fd, 1, deadline) > 0)
        read_signals(s);
    restart_processors(s);
}

/* runit's "pausing": wait PAUSE_MS, still reaping and noting signals,
 * while standard input backs up into the program writing it. */
static void pause_input(struct svlogd *s)
{
    int64_t deadline = deadline_after(PAUSE_MS);

    while (clock_now_ms() < deadline)
        wait_signals(s, deadline);
}

/* ---- rotated files ----------------------------------------------------- */

/* A new "@TAI64N.SUFFIX" name of the current time that is not taken yet. */
static void new_rotated_name(const struct log_dir *d, char suffix,
                             char name[ROTATED_NAME_SIZE])
{
    struct tai64n now;
    struct stat st;

    do {
        tai64n_now(&now);
        tai64n_format(&now, name);
        name[25] = '.';
        name[26] = suffix;
        name[27] = '\0';
    } while (fstatat(d->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0);
}

static int is_rotated_name(const char *name)
{
    return name[0] == '@' && strlen(name) == ROTATED_NAME_SIZE - 1;
}

/* runit's removal: delete leftover .t files (not the running
 * processor's), count the .s and .u files and delete the oldest one when
 * there are more than the limit: n after a rotation (one file each time,
 * so a surplus shrinks slowly), N when the disk is full (FOR_SPACE).
 * Returns 1 when a file was deleted. */
static int remove_oldest(struct svlogd *s, struct log_dir *d, int for_space)
{
    char oldest[ROTATED_NAME_SIZE] = "";
    unsigned long count = 0, limit = for_space ? d->keep_min : d->keep_max;
    int fd = openat(d->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dir_reader dir;
    const char *name;

    if (fd < 0) {
        warn_errno("unable to read directory: %s", d->name);
        return 0;
    }
    dir_reader_init(&dir, fd);
    while ((name = dir_next(&dir)) != NULL) {
        int is_processed = d->processing[0] && memcmp(name, d->processing, 26) == 0;

        if (!is_rotated_name(name))
            continue;
        if (name[26] == 't' && !is_processed && !for_space) {
            info(s, "delete: %s/%s", d->name, name);
            unlinkat(d->dir_fd, name, 0);
        } else if (name[26] == 's' || name[26] == 'u') {
            count++;
            if (!is_processed && (!oldest[0] || strcmp(name, oldest) < 0))
                memcpy(oldest, name, ROTATED_NAME_SIZE);
        }
    }
    close(fd);
    if (!oldest[0] || count <= limit || (!for_space && limit == 0))
        return 0;
    if (for_space)
        warn("out of disk space, delete: %s/%s", d->name, oldest);
    else
        info(s, "delete: %s/%s", d->name, oldest);
    if (unlinkat(d->dir_fd, oldest, 0) < 0) {
        warn_errno("unable to unlink: %s/%s", d->name, oldest);
        return 0;
    }
    return 1;
}

/* ---- processor --------------------------------------------------------- */

/* Open NAME in the log directory on a descriptor above 5, so that moving
 * the four of them to 0, 1, 4 and 5 never overwrites one another. */
static int open_above_five(const struct log_dir *d, const char *name, int flags)
{
    int fd = openat(d->dir_fd, name, flags | O_CLOEXEC, 0644), high;

    if (fd < 0 || fd > 5)
        return fd;
    high = fcntl(fd, F_DUPFD_CLOEXEC, 6);
    close(fd);
    return high;
}

/* In the child: stdin the .u file, stdout the .t file, fd 4 state, fd 5
 * newstate, in the log directory, signals as from a shell: runit's
 * processor protocol. */
static void run_processor(const struct log_dir *d)
{
    static const unsigned char targets[4] = { 0, 1, 4, 5 };
    char output[ROTATED_NAME_SIZE], *argv[4];
    const char *names[4] = { d->processing, output, "state", "newstate" };
    static const int flags[4] = {
        O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC, O_RDONLY | O_CREAT,
        O_WRONLY | O_CREAT | O_TRUNC,
    };
    int fds[4], i;

    reset_signals_for_exec();
    memcpy(output, d->processing, ROTATED_NAME_SIZE);
    output[26] = 't';
    for (i = 0; i < 4; i++) {
        fds[i] = open_above_five(d, names[i], flags[i]);
        if (fds[i] < 0) {
            warn_errno("unable to open for processor: %s/%s", d->name, names[i]);
            _exit(EXIT_SYSTEM);
        }
    }
    if (fchdir(d->dir_fd) < 0) {
        warn_errno("unable to change directory: %s", d->name);
        _exit(EXIT_SYSTEM);
    }
    for (i = 0; i < 4; i++) {
        if (dup2(fds[i], targets[i]) < 0) {
            warn_errno("unable to set up processor: %s", d->name);
            _exit(EXIT_SYSTEM);
        }
    }
    argv[0] = "sh";
    argv[1] = "-c";
    argv[2] = (char *)d->processor;
    argv[3] = NULL;
    execve("/bin/sh", argv, environ);
    warn_errno("unable to run processor: %s: /bin/sh", d->name);
    _exit(EXIT_SYSTEM);
}

static void start_processor(struct svlogd *s, struct log_dir *d)
{
    pid_t pid = spawn_fork();

    d->processor_started = clock_now_ms();
    if (pid < 0) {
        warn_errno("unable to fork for processor: %s", d->name);
        d->processor_pid = 0;
        d->processor_restart = deadline_after(PROCESSOR_RETRY_MS);
        return;
    }
    if (pid == 0)
        run_processor(d);
    d->processor_pid = pid;
    info(s, "processor started: %s/%s", d->name, d->processing);
}

/* Exit 0: the .t output becomes the .s file, the .u input goes, newstate
 * becomes state. Otherwise the output goes and the processor runs again
 * on the same input, at most once a second. */
static void on_processor_exit(struct svlogd *s, struct log_dir *d, int status)
{
    char output[ROTATED_NAME_SIZE], done[ROTATED_NAME_SIZE];

    d->processor_pid = 0;
    memcpy(output, d->processing, ROTATED_NAME_SIZE);
    memcpy(done, d->processing, ROTATED_NAME_SIZE);
    output[26] = 't';
    done[26] = 's';
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        if (fchmodat(d->dir_fd, output, 0744, 0) == 0
            && renameat(d->dir_fd, output, d->dir_fd, done) == 0) {
            if (unlinkat(d->dir_fd, d->processing, 0) < 0)
                warn_errno("unable to unlink: %s/%s", d->name, d->processing);
            if (renameat(d->dir_fd, "newstate", d->dir_fd, "state") < 0)
                warn_errno("unable to rename newstate: %s", d->name);
            info(s, "processed: %s/%s", d->name, done);
            d->processing[0] = '\0';
            return;
        }
        warn_errno("unable to rename: %s/%s", d->name, output);
    }
    warn("processor failed, restart: %s", d->name);
    unlinkat(d->dir_fd, output, 0);
    d->processor_restart = d->processor_started + PROCESSOR_RETRY_MS;
}

/* Block until the processor of D is done (runit's next rotation and its
 * exit wait for it), saying so when that takes a while. Signals are read
 * and children reaped meanwhile: only the main loop's level calls this. */
static void wait_processor(struct svlogd *s, struct log_dir *d)
{
    int64_t warn_at = deadline_after(PROCESSOR_RETRY_MS);
    int has_warned = 0;

    while (d->processing[0]) {
        int64_t deadline = d->processor_pid ? DEADLINE_NONE : d->processor_restart;

        if (!has_warned) {
            if (clock_now_ms() >= warn_at) {
                say("pausing: waiting for processor to finish: %s", d->name);
                has_warned = 1;
            } else {
                deadline = deadline_min(deadline, warn_at);
            }
        }
        wait_signals(s, deadline);
    }
}

/* ---- writing current --------------------------------------------------- */

/* Write the LEN buffered bytes at AT to current. Errors are waited out,
 * never given up on, as runit does: on a full disk the oldest rotated
 * file goes while more than N remain, then svlogd pauses and tries again. */
static void write_current(struct svlogd *s, struct log_dir *d, size_t at, size_t len)
{
    /* A writer over these bytes only: what a failed write leaves of them
     * stays at its front for the next try; the bytes after them wait. */
    struct writer part = WRITER_INIT(d->current.fd, d->current.buf + at, len);
    int error;

    part.len = len;
    while (writer_flush(&part) < 0) {
        error = errno;
        if (error == ENOSPC && d->keep_min < d->keep_max && remove_oldest(s, d, 1))
            continue;
        say("pausing: unable to write to current: %s: %s", d->name, error_text(error));
        pause_input(s);
    }
}

/* Write D's buffered bytes to current up to the next place where runit
 * would rotate it: 1 when there is one, 0 when all are written. runit
 * rotates before a write once current has SIZE bytes and never writes past
 * SIZE (the rest goes to the next file); the marks add the line ends after
 * which current was within LEN of SIZE. */
static int write_until_rotation(struct svlogd *s, struct log_dir *d)
{
    for (;;) {
        int has_mark = d->next_mark < d->mark_count;
        size_t end = has_mark ? d->marks[d->next_mark] : d->current.len;
        size_t len = end - d->written;

        if (len == 0)
            return has_mark;
        if (d->size_max) {
            if (d->size >= d->size_max)
                return 1;
            if (len > d->size_max - d->size)
                len = (size_t)(d->size_max - d->size);
        }
        write_current(s, d, d->written, len);
        d->written += len;
        d->size += len;
    }
}

/* Close current cleanly: what is buffered for it written, synced, mode
 * 0744 (runit's sign that svlogd closed it, not a crash). */
static void close_current(struct svlogd *s, struct log_dir *d)
{
    if (d->current.fd < 0)
        return;
    write_until_rotation(s, d);
    if (fsync(d->current.fd) < 0 && errno != EINVAL)
        warn_errno("unable to fsync current: %s", d->name);
    if (fchmod(d->current.fd, 0744) < 0)
        warn_errno("unable to set mode of current: %s", d->name);
    close(d->current.fd);
    d->current.fd = -1;
}

/* Rename current to NAME, pausing while that fails; 0, or -1 when
 * current has been removed under us (there is nothing to rename). */
static int rename_current(struct svlogd *s, struct log_dir *d, const char *name)
{
    while (renameat(d->dir_fd, "current", d->dir_fd, name) < 0) {
        if (errno == ENOENT) {
            warn("current has vanished: %s", d->name);
            return -1;
        }
        say("pausing: unable to rename current: %s: %s", d->name, error_text(errno));
        pause_input(s);
    }
    info(s, "rename: %s/current %s %llu", d->name, name, (unsigned long long)d->size);
    return 0;
}

/* A new, empty current (0644), pausing while it cannot be made. */
static void create_current(struct svlogd *s, struct log_dir *d)
{
    int fd;

    while ((fd = openat(d->dir_fd, "current", O_WRONLY | O_APPEND | O_CREAT
                        | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        say("pausing: unable to create current: %s: %s", d->name, error_text(errno));
        pause_input(s);
    }
    fchmod(fd, 0644);
    d->current.fd = fd;
    d->size = 0;
    d->rotate_deadline = d->age_ms ? deadline_after(d->age_ms) : DEADLINE_NONE;
}

/* Rotate as runit does: the processor of the last rotation waited for,
 * current closed and renamed to a new @TAI64N.s (.u for the processor), a
 * new empty current, the oldest file beyond n removed, the processor
 * started on the new file. Errors pause and retry: the bytes waiting for
 * current have to go somewhere. */
static void rotate(struct svlogd *s, struct log_dir *d)
{
    char name[ROTATED_NAME_SIZE];
    int is_renamed;

    if (d->processor)
        wait_processor(s, d);
    close_current(s, d);
    new_rotated_name(d, d->processor ? 'u' : 's', name);
    is_renamed = rename_current(s, d, name) == 0;
    create_current(s, d);
    remove_oldest(s, d, 0);
    if (d->processor && is_renamed) {
        memcpy(d->processing, name, ROTATED_NAME_SIZE);
        start_processor(s, d);
    }
}

/* Everything buffered for D written out, current rotated where due. */
static void drain_dir(struct svlogd *s, struct log_dir *d)
{
    while (write_until_rotation(s, d)) {
        rotate(s, d);
        if (d->next_mark < d->mark_count && d->marks[d->next_mark] == d->written)
            d->next_mark++;             /* that rotation was the mark's */
    }
    d->current.len = d->written = 0;
    d->mark_count = d->next_mark = 0;
}

/* Between reads: every buffer written out, standard error's too (whose
 * errors are ignored, as in runit: there is nowhere to report them). */
static void drain_all(struct svlogd *s)
{
    size_t i;

    for (i = 0; i < s->dir_count; i++) {
        if (s->dirs[i].current.len > 0)
            drain_dir(s, &s->dirs[i]);
    }
    if (writer_flush(&s->err) < 0)
        s->err.len = 0;
}

/* ---- filling the buffers ----------------------------------------------- */

/* LEN more bytes for current: count them as runit's writes would go,
 * which rotate before a write once current has SIZE bytes and never write
 * past SIZE. Past the room left, they fill whole files of SIZE, the last
 * holding the remainder (all of SIZE when it divides evenly). The drain
 * cuts at the same places. */
static void count_bytes(struct log_dir *d, size_t len)
{
    uint64_t room;

    if (len == 0)
        return;
    if (!d->size_max) {
        d->pending_size += len;
        return;
    }
    if (d->pending_size >= d->size_max)
        d->pending_size = 0;
    room = d->size_max - d->pending_size;
    d->pending_size = len <= room ? d->pending_size + len
                                  : (len - room - 1) % d->size_max + 1;
}

/* LEN more bytes for current at the end of D's buffer, counted: where
 * to copy them. The room is there (has_room_for_line, rest_room), so an
 * append only copies; the drain writes. */
static char *dir_extend(struct log_dir *d, size_t len)
{
    char *end = d->current.buf + d->current.len;

    if (d->current.len == 0)
        d->pending_size = d->size;      /* nothing waits: current as it is */
    d->current.len += len;
    count_bytes(d, len);
    return end;
}

static void dir_append(struct log_dir *d, const void *data, size_t len)
{
    memcpy(dir_extend(d, len), data, len);
}

/* A line ended: runit rotates once current is within LEN of SIZE (by its
 * unsigned arithmetic, never when SIZE < LEN). The drain rotates here. */
static void end_line(const struct svlogd *s, struct log_dir *d)
{
    if (d->size_max && d->size_max >= s->line_max
        && d->pending_size >= d->size_max - s->line_max) {
        d->marks[d->mark_count++] = d->current.len;
        d->pending_size = 0;
    }
}

/* Stamp, prefix, MESSAGE and, when ENDS_LINE, a newline. */
static void log_record(struct svlogd *s, struct log_dir *d, const char *stamp,
                       const char *message, size_t len, int ends_line)
{
    char *p = dir_extend(d, s->stamp_len + d->prefix_len + len + (ends_line ? 1 : 0));

    memcpy(p, stamp, s->stamp_len);
    p += s->stamp_len;
    memcpy(p, d->prefix, d->prefix_len);
    p += d->prefix_len;
    memcpy(p, message, len);
    if (ends_line) {
        p[len] = '\n';
        end_line(s, d);
    }
}

/* Stamp, prefix, message, "..." when the line was longer, newline. */
static void err_line(struct svlogd *s, const struct log_dir *d, const char *stamp,
                     const char *message, size_t len, int is_cut)
{
    writer_put(&s->err, stamp, s->stamp_len);
    writer_put(&s->err, d->prefix, d->prefix_len);
    writer_put(&s->err, message, len);
    if (is_cut)
        writer_put(&s->err, "...", 3);
    writer_put(&s->err, "\n", 1);
}

/* One datagram per selected line; when it cannot be sent, a line saying
 * so, with the datagram, goes into the log directory (runit's way). */
static void send_udp(struct svlogd *s, struct log_dir *d, const char *stamp,
                     const char *message, size_t len, int is_cut)
{
    struct iovec iov[4] = {
        { (void *)stamp, s->stamp_len },
        { (void *)d->prefix, d->prefix_len },
        { (void *)message, len },
        { is_cut ? "...\n" : "\n", is_cut ? 4 : 1 },
    };
    struct msghdr msg = {
        .msg_name = &d->udp_address, .msg_namelen = sizeof(d->udp_address),
        .msg_iov = iov, .msg_iovlen = 4,
    };
    const char *problem = UDP_SEND_FAILED;
    int i;

    if (d->udp_fd < 0)
        d->udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (d->udp_fd < 0)
        problem = UDP_NO_SOCKET;
    else if (sendmsg(d->udp_fd, &msg, MSG_NOSIGNAL) >= 0)
        return;
    dir_append(d, problem, strlen(problem));
    for (i = 0; i < 4; i++)
        dir_append(d, iov[i].iov_base, iov[i].iov_len);
    end_line(s, d);
}

/* ---- lines ------------------------------------------------------------- */

static void replace_bytes(const struct svlogd *s, char *message, size_t len)
{
    for (; len > 0; len--, message++) {
        unsigned char c = (unsigned char)*message;

        if (s->replace[c >> 3] & (1u << (c & 7)))
            *message = s->replacement;
    }
}

/* The most a line with a LEN-byte message adds to D's buffer: its record
 * (stamp, prefix, message, newline) and the line saying that its datagram
 * could not be sent. */
static size_t record_size(const struct svlogd *s, const struct log_dir *d, size_t len)
{
    size_t line = s->stamp_len + d->prefix_len + len;

    return (d->udp_only ? 0 : line + 1) + (d->has_udp ? UDP_PROBLEM_MAX + line + 4 : 0);
}

/* Whether every directory can take a line with a LEN-byte message,
 * whatever it selects: room for the longest line or at least for this
 * one, and marks for the rotations after it. An empty buffer always can
 * (size_buffer). */
static int has_room_for_line(const struct svlogd *s, size_t len)
{
    size_t i, room;

    for (i = 0; i < s->dir_count; i++) {
        const struct log_dir *d = &s->dirs[i];

        if (d->dir_fd < 0)
            continue;
        room = writer_room(&d->current);
        if ((room < d->record_max && room < record_size(s, d, len))
            || d->mark_count + 2 > MARKS_MAX)
            return 0;
    }
    return 1;
}

/* How much of a long line's rest the directories taking it have room for:
 * 0 when one has no mark left for the rotation its end may bring,
 * SIZE_MAX when none takes it. */
static size_t rest_room(const struct svlogd *s)
{
    size_t room = SIZE_MAX, i;

    for (i = 0; i < s->dir_count; i++) {
        const struct log_dir *d = &s->dirs[i];

        if (d->dir_fd < 0 || !d->takes_rest)
            continue;
        if (d->mark_count == MARKS_MAX)
            return 0;
        if (writer_room(&d->current) < room)
            room = writer_room(&d->current);
    }
    return room;
}

/* A line's MESSAGE: its first LEN bytes, the whole line when shorter
 * (IS_CUT tells). ENDS_LINE: write the newline now; otherwise the rest of
 * the line follows through handle_rest(). */
static void handle_line(struct svlogd *s, char *message, size_t len,
                        const char *stamp, int is_cut, int ends_line)
{
    size_t i;

    if (s->is_replacing)
        replace_bytes(s, message, len);
    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];
        unsigned selected;

        if (d->dir_fd < 0)
            continue;
        selected = d->rule_count ? select_line(d, message, len) : TO_LOG;
        if (selected & TO_ERR)
            err_line(s, d, stamp, message, len, is_cut);
        if (!(selected & TO_LOG))
            continue;
        if (d->has_udp)
            send_udp(s, d, stamp, message, len, is_cut);
        if (d->udp_only)
            continue;
        log_record(s, d, stamp, message, len, ends_line);
        d->takes_rest = !ends_line;
    }
}

/* More of a line longer than LEN: to the logs that took its message,
 * unchanged (no replacing), up to and with its newline. */
static void handle_rest(struct svlogd *s, const char *data, size_t len, int ends_line)
{
    size_t i;

    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];

        if (d->dir_fd < 0 || !d->takes_rest)
            continue;
        dir_append(d, data, len);
        if (ends_line) {
            d->takes_rest = 0;
            end_line(s, d);
        }
    }
}

/* The rest of a long line at P, as much as the directories have room for:
 * the bytes taken, or -1 when they have none. */
static ssize_t take_rest(struct svlogd *s, const char *p, size_t avail)
{
    const char *newline = memchr(p, '\n', avail);
    size_t len = newline ? (size_t)(newline + 1 - p) : avail, room = rest_room(s);

    if (room == 0)
        return -1;
    if (len > room) {
        len = room;
        newline = NULL;                 /* the line goes on in the next piece */
    }
    handle_rest(s, p, len, newline != NULL);
    s->in_long_line = newline == NULL;
    return (ssize_t)len;
}

/* Hand on the line at P (AVAIL bytes of in[] from there): the bytes taken;
 * 0 when it is unfinished (the next read brings more), -1 when a
 * directory has no room for it yet. At the end of input an unfinished line
 * is taken as if it had its newline. */
static ssize_t take_line(struct svlogd *s, char *p, size_t avail)
{
    const char *stamp = p == s->in && s->has_carry ? s->carry_stamp : s->stamp;
    size_t len = avail < s->line_max ? avail : s->line_max;
    char *newline;

    if (s->in_long_line)
        return take_rest(s, p, avail);
    newline = memchr(p, '\n', len);
    if (newline)
        len = (size_t)(newline - p);
    else if (len < s->line_max && !s->at_end)
        return 0;
    if (!has_room_for_line(s, len))
        return -1;
    if (newline) {
        handle_line(s, p, len, stamp, 0, 1);
        return (ssize_t)len + 1;
    }
    if (len == s->line_max) {
        handle_line(s, p, len, stamp, 1, 0);
        s->in_long_line = 1;
        return (ssize_t)len;
    }
    handle_line(s, p, len, stamp, 0, 1);       /* the end of input ends it */
    return (ssize_t)len;
}

/* The input ended in the middle of a long line: its newline, 1; or -1
 * when a directory has no room for it yet. */
static ssize_t end_long_line(struct svlogd *s)
{
    if (rest_room(s) == 0)
        return -1;
    handle_rest(s, "\n", 1, 1);
    s->in_long_line = 0;
    return 1;
}

/* Keep the unfinished line at the end of in[] (shorter than LEN), moved to
 * the front, with the stamp of the read that brought its first byte. */
static void keep_unfinished(struct svlogd *s, char *p, char *end)
{
    size_t left = (size_t)(end - p);

    if (left > 0 && !(p == s->in && s->has_carry))
        memcpy(s->carry_stamp, s->stamp, STAMP_MAX);
    if (left > 0 && p != s->in)
        memmove(s->in, p, left);
    s->in_len = left;
    s->in_start = 0;
    s->has_carry = left > 0;
}

/* Hand the lines of in[] on from in_start while the buffers have room:
 * 1 when in[] is done (but for an unfinished line), 0 when a buffer must
 * be drained first (in_start then says where to go on). */
static int process_input(struct svlogd *s)
{
    char *p = s->in + s->in_start, *end = s->in + s->in_len;
    ssize_t n = 1;

    while (p < end && (n = take_line(s, p, (size_t)(end - p))) > 0)
        p += n;
    if (n > 0 && s->at_end && s->in_long_line)
        n = end_long_line(s);
    if (n < 0) {
        s->in_start = (size_t)(p - s->in);
        return 0;
    }
    keep_unfinished(s, p, end);
    return 1;
}

/* Hand all of in[] on, draining the buffers whenever one is full. */
static void take_input(struct svlogd *s)
{
    while (!process_input(s))
        drain_all(s);
}

/* ---- input ------------------------------------------------------------- */

/* The stamp of the lines whose first byte the last read brought: one clock
 * reading per read, the date part formatted once a second. */
static void take_stamp(struct svlogd *s)
{
    struct timespec now;
    struct tai64n label;
    unsigned fraction;
    int i;

    if (!s->stamp_kind)
        return;
    clock_read(CLOCK_REALTIME, &now);
    if (s->stamp_kind == 1) {
        tai64n_from_timespec(&label, &now);
        tai64n_format(&label, s->stamp);
        s->stamp[TAI64N_TEXT_SIZE] = ' ';
        return;
    }
    if (now.tv_sec != s->stamp_second) {
        utc_format(now.tv_sec, s->stamp_kind == 2 ? '_' : 'T', s->stamp);
        s->stamp[UTC_TEXT_SIZE] = '.';
        s->stamp_second = now.tv_sec;
    }
    fraction = (unsigned)(now.tv_nsec / 10000);        /* 10-us steps */
    for (i = 24; i > UTC_TEXT_SIZE; i--) {
        s->stamp[i] = (char)('0' + fraction % 10);
        fraction /= 10;
    }
    s->stamp[25] = ' ';
}

/* One read of standard input into in[], after the unfinished line; the
 * main loop hands its lines on and writes them out before the next. */
static void read_input(struct svlogd *s)
{
    ssize_t n = read(0, s->in + s->in_len, s->buffer_size - s->in_len);

    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        say("pausing: unable to read standard input: %s", error_text(errno));
        pause_input(s);
        return;
    }
    if (n == 0) {
        s->at_end = 1;
        return;
    }
    take_stamp(s);
    s->in_len += (size_t)n;
}

/* TERM came: read on, a byte at a time so nothing after it is taken from
 * the pipe, until the line in progress is complete (for at most
 * FINISH_LINE_MS); then it is taken, with a newline if it has none. */
static void finish_line(struct svlogd *s)
{
    int64_t deadline = deadline_after(FINISH_LINE_MS);
    struct pollfd fd = { .fd = 0, .events = POLLIN };

    while ((s->in_len > 0 || s->in_long_line) && !s->at_end) {
        ssize_t n;

        if (poll_until(&fd, 1, deadline) == 0)
            break;
        n = read(0, s->in + s->in_len, 1);     /* in[] has room: see keep_unfinished */
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break;
        s->in_len++;
        take_input(s);
    }
    s->at_end = 1;
    take_input(s);
}

/* ---- config ------------------------------------------------------------ */

/* "A.B.C.D[:PORT]" into D's UDP address; -1 when it is not that. */
static int parse_udp_address(struct log_dir *d, const char *text)
{
    uint32_t address = 0;
    uint64_t part, port = UDP_DEFAULT_PORT;
    const char *p = text, *end;
    int i;

    for (i = 0; i < 4; i++) {
        part = scan_decimal(p, &end);
        if (end == p || part > 255 || (i < 3 && *end != '.'))
            return -1;
        address = address << 8 | (uint32_t)part;
        p = end + (i < 3);
    }
    if (*p == ':') {
        port = scan_decimal(p + 1, &end);
        if (end == p + 1 || port > 65535)
            return -1;
        p = end;
    }
    if (*p)
        return -1;
    memset(&d->udp_address, 0, sizeof(d->udp_address));
    d->udp_address.sin_family = AF_INET;
    d->udp_address.sin_addr.s_addr = htonl(address);
    d->udp_address.sin_port = htons((uint16_t)port);
    return 0;
}

/* The number after a config line's letter, with its unit suffixes;
 * missing digits count as 0, as in runit, but are reported. */
static uint64_t config_number(const struct log_dir *d, const char *line,
                              uint64_t k, uint64_t m)
{
    const char *end;
    uint64_t value = scan_decimal(line + 1, &end);

    if (end == line + 1)
        warn("no number in config line, taken as 0: %s/config: %s", d->name, line);
    if (*end == 'k' && k)
        value = multiply(value, k);
    else if (*end == 'm' && m)
        value = multiply(value, m);
    return value;
}

static void parse_config_line(struct log_dir *d, char *line)
{
    switch (line[0]) {
    case '\0':
    case '#':
        break;
    case 's':
        d->size_max = config_number(d, line, 1024, 1048576);
        break;
    case 'n':
        d->keep_max = (unsigned long)config_number(d, line, 0, 0);
        break;
    case 'N':
        d->keep_min = (unsigned long)config_number(d, line, 0, 0);
        break;
    case 't': {
        const char *end;
        uint64_t seconds = scan_decimal(line + 1, &end);

        if (*end == 'm')
            seconds = multiply(seconds, 60);
        else if (*end == 'h')
            seconds = multiply(seconds, 3600);
        d->age_ms = (int64_t)multiply(seconds > INT32_MAX ? INT32_MAX : seconds, 1000);
        break;
    }
    case '!':
        d->processor = line[1] ? line + 1 : NULL;
        break;
    case 'u':
    case 'U':
        if (parse_udp_address(d, line + 1) < 0) {
            warn("unable to scan ip address: %s", line + 1);
            break;
        }
        d->has_udp = 1;
        d->udp_only = line[0] == 'U';
        break;
    case 'p':
        d->prefix = line + 1;
        d->prefix_len = strlen(line + 1);
        break;
    case '+':
    case '-':
    case 'e':
    case 'E':
        d->rules[d->rule_count++] = line;
        break;
    default:
        warn("unknown config line ignored: %s/config: %s", d->name, line);
        break;
    }
}

static void reset_config(struct log_dir *d)
{
    mem_free(d->config);
    mem_free(d->rules);
    d->config = NULL;
    d->rules = NULL;
    d->rule_count = 0;
    d->prefix = "";
    d->prefix_len = 0;
    d->processor = NULL;
    d->size_max = 1000000;
    d->keep_max = 10;
    d->keep_min = 10;
    d->age_ms = 0;
    d->has_udp = 0;
    d->udp_only = 0;
    if (d->udp_fd >= 0)
        close(d->udp_fd);
    d->udp_fd = -1;
}

/* Read DIR/config: each line literally (no blanks stripped), acting by
 * its first byte, as runit reads it. */
static int read_config(struct svlogd *s, struct log_dir *d)
{
    struct stat st;
    size_t len, lines = 1, i;
    ssize_t got;
    char *line, *next;
    int fd;

    reset_config(d);
    fd = openat(d->dir_fd, "config", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        warn_errno("unable to read config: %s/config", d->name);
        return -1;
    }
    if (fstat(fd, &st) < 0 || !(d->config = mem_alloc((size_t)st.st_size + 1))
        || (got = read_full(fd, d->config, (size_t)st.st_size)) < 0) {
        warn_errno("unable to read config: %s/config", d->name);
        close(fd);
        return -1;
    }
    close(fd);
    len = (size_t)got;
    d->config[len] = '\0';
    for (i = 0; i < len; i++)
        lines += d->config[i] == '\n';
    d->rules = mem_alloc(lines * sizeof(*d->rules));
    if (!d->rules) {
        warn_errno("unable to read config: %s/config", d->name);
        return -1;
    }
    /* One rule at most per line: a NUL ends the line's text, as in runit,
     * and what follows it up to the newline is not read as lines. */
    for (line = d->config; line < d->config + len; line = next) {
        char *newline = memchr(line, '\n', (size_t)(d->config + len - line));

        next = newline ? newline + 1 : d->config + len;
        if (newline)
            *newline = '\0';
        parse_config_line(d, line);
    }
    info(s, "read: %s/config", d->name);
    return 0;
}

/* ---- log directories --------------------------------------------------- */

/* HUP and exit: current closed cleanly, said with -v. */
static void close_log(struct svlogd *s, struct log_dir *d)
{
    if (d->current.fd < 0)
        return;
    close_current(s, d);
    info(s, "close: %s", d->name);
}

/* Give the directory up: its processor finished, the lock released. */
static void release_dir(struct svlogd *s, struct log_dir *d)
{
    if (d->dir_fd < 0)
        return;
    wait_processor(s, d);
    close_log(s, d);
    if (d->lock_fd >= 0)
        close(d->lock_fd);
    close(d->dir_fd);
    d->lock_fd = d->dir_fd = -1;
    d->takes_rest = 0;
}

/* A non-empty current without the owner's execute bit was not closed by
 * svlogd (it crashed): runit keeps it as @TAI64N.u. Then current is
 * opened for appending, mode 0644. */
static int open_current(struct svlogd *s, struct log_dir *d)
{
    char name[ROTATED_NAME_SIZE];
    struct stat st;
    int fd;

    if (fstatat(d->dir_fd, "current", &st, 0) == 0) {
        if (st.st_size > 0 && !(st.st_mode & S_IXUSR)) {
            new_rotated_name(d, 'u', name);
            if (renameat(d->dir_fd, "current", d->dir_fd, name) < 0) {
                warn_errno("unable to rename current: %s", d->name);
                return -1;
            }
            info(s, "rename: %s/current %s", d->name, name);
            remove_oldest(s, d, 0);
        }
    } else if (errno != ENOENT) {
        warn_errno("unable to stat current: %s", d->name);
        return -1;
    }
    fd = openat(d->dir_fd, "current", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || fstat(fd, &st) < 0 || fchmod(fd, 0644) < 0) {
        warn_errno("unable to open current: %s", d->name);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    info(s, "%s: %s/current", st.st_size ? "append" : "new", d->name);
    d->current.fd = fd;
    d->size = (uint64_t)st.st_size;
    d->rotate_deadline = d->age_ms ? deadline_after(d->age_ms) : DEADLINE_NONE;
    return 0;
}

/* Lock the directory on FD (DIR/lock, a non-blocking flock, as runit),
 * keeping the lock we already hold when it is the same directory (HUP). */
static int lock_dir(struct svlogd *s, struct log_dir *d, int fd)
{
    struct stat st;
    int lock_fd, locked;

    if (fstat(fd, &st) < 0) {
        warn_errno("unable to open log directory: %s", d->name);
        close(fd);
        return -1;
    }
    if (d->dir_fd >= 0 && d->dev == st.st_dev && d->ino == st.st_ino) {
        close(fd);
        return 0;
    }
    release_dir(s, d);
    lock_fd = openat(fd, "lock", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    locked = lock_fd < 0 ? -1 : try_lock_file(lock_fd);
    if (locked <= 0) {
        if (locked == 0)
            errno = EAGAIN;
        warn_errno("unable to lock directory: %s", d->name);
        if (lock_fd >= 0)
            close(lock_fd);
        close(fd);
        return -1;
    }
    d->dir_fd = fd;
    d->lock_fd = lock_fd;
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    return 0;
}

/* D's buffer holds the most one line can add to it (its record with
 * stamp and prefix, and the UDP failure line), and at least -b bytes: so
 * an empty buffer always takes the next line, whatever the prefix. It is
 * empty here (open_all drains first). */
static int size_buffer(const struct svlogd *s, struct log_dir *d)
{
    size_t size = s->buffer_size;
    char *buf;

    d->record_max = record_size(s, d, s->line_max);
    if (size < d->record_max)
        size = d->record_max;
    if (d->current.size == size)
        return 0;
    buf = mem_resize(d->current.buf, size);
    if (!buf)
        return -1;
    d->current.buf = buf;
    d->current.size = size;
    return 0;
}

/* Open, lock, configure one directory; a warning and -1 when it cannot
 * be used (it is then skipped until the next HUP). */
static int open_dir(struct svlogd *s, struct log_dir *d)
{
    int fd = open(d->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        warn_errno(errno == ENOTDIR ? "unable to change directory: %s"
                   : "unable to open log directory: %s", d->name);
        release_dir(s, d);
        return -1;
    }
    if (lock_dir(s, d, fd) < 0)
        return -1;
    if (read_config(s, d) < 0) {
        release_dir(s, d);
        return -1;
    }
    if (size_buffer(s, d) < 0) {
        warn_errno("unable to open log directory: %s", d->name);
        release_dir(s, d);
        return -1;
    }
    if (open_current(s, d) < 0) {
        release_dir(s, d);
        return -1;
    }
    return 0;
}

/* Open every directory (start, HUP): exit 111 when none can be used. */
static void open_all(struct svlogd *s)
{
    size_t i, usable = 0;

    for (i = 0; i < s->dir_count; i++) {
        close_log(s, &s->dirs[i]);
        if (open_dir(s, &s->dirs[i]) == 0)
            usable++;
    }
    if (!usable)
        die(EXIT_SYSTEM, "no functional log directories.");
}

/* ALRM: rotate every non-empty current (the buffers are drained). */
static void rotate_all(struct svlogd *s)
{
    size_t i;

    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];

        if (d->dir_fd >= 0 && d->size > 0)
            rotate(s, d);
    }
}

/* Age rotation (t) and processor restarts that are due; the earliest
 * deadline still ahead. */
static int64_t run_deadlines(struct svlogd *s)
{
    int64_t next = DEADLINE_NONE, now = clock_now_ms();
    size_t i;

    restart_processors(s);
    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];

        if (d->dir_fd < 0)
            continue;
        if (d->age_ms && now >= d->rotate_deadline) {
            if (d->size > 0)
                rotate(s, d);
            d->rotate_deadline = deadline_after(d->age_ms);
        }
        if (d->age_ms)
            next = deadline_min(next, d->rotate_deadline);
        if (d->processing[0] && !d->processor_pid)
            next = deadline_min(next, d->processor_restart);
    }
    return next;
}

/* ---- start and main loop ----------------------------------------------- */

/* -r and -R: bytes below 32 and above 126, and those of SET. */
static void set_replaced_bytes(struct svlogd *s, const char *set)
{
    unsigned c;

    if (!s->replacement)
        s->replacement = '_';
    for (c = 0; c < 256; c++) {
        if (c < 32 || c > 126 || (set && c && strchr(set, (int)c)))
            s->replace[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
}

static void parse_options(struct svlogd *s, int argc, char **argv)
{
    const char *replace_set = NULL;
    uint64_t buffer_size = 0;
    struct options state = OPTIONS_INIT;
    int option, has_buffer_size = 0;
    char *optarg;

    s->line_max = DEFAULT_LINE_MAX;
    while ((option = options_next(&state, argc, argv, "R:r:l:b:tvV", NULL)) != -1) {
        optarg = state.value;
        switch (option) {
        case 'R':
            replace_set = optarg;
            s->is_replacing = 1;
            break;
        case 'r':
            if (!optarg[0] || optarg[1])
                usage(s);
            s->replacement = optarg[0];
            s->is_replacing = 1;
            break;
        case 'l':
            s->line_max = (size_t)scan_decimal(optarg, NULL);
            if (s->line_max == 0 || s->line_max > SIZE_MAX / 4)
                s->line_max = s->line_max ? SIZE_MAX / 4 : DEFAULT_LINE_MAX;
            break;
        case 'b':
            buffer_size = scan_decimal(optarg, NULL);
            has_buffer_size = buffer_size != 0;
            break;
        case 't':
            if (s->stamp_kind < 3)
                s->stamp_kind++;
            break;
        case 'v':
            s->verbose = 1;
            break;
        default:
            print_option_message(option, state.letter);
            usage(s);
        }
    }
    s->first_dir = state.index;
    if (state.index >= argc)
        usage(s);
    if (!has_buffer_size)
        buffer_size = RUNIT_BUFFER_SIZE;
    if (buffer_size <= s->line_max)
        usage(s);
    /* Without -b, read 64 KiB at a time: runit's 1 KiB costs a write
     * per line or two. -b still bounds the memory when given. */
    if (!has_buffer_size && DEFAULT_BUFFER_SIZE > s->line_max)
        buffer_size = DEFAULT_BUFFER_SIZE;
    s->buffer_size = buffer_size > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)buffer_size;
    if (s->is_replacing)
        set_replaced_bytes(s, replace_set);
    s->stamp_len = s->stamp_kind ? STAMP_MAX : 0;
    s->stamp_second = INT64_MIN;
}

static void setup(struct svlogd *s, int argc, char **argv)
{
    sigset_t signals;
    size_t i;
    int fd;

    /* A closed 0, 1 or 2 would be taken by a directory or current, and
     * log lines would go to a file descriptor meant for something else.
     * A closed standard input then reads as empty, as in runit. */
    for (fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
            die_errno(EXIT_SYSTEM, "unable to open /dev/null");
    }

    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGALRM);
    sigaddset(&signals, SIGCHLD);
    sigaddset(&signals, SIGPIPE);       /* blocked: EPIPE, and nobody reads it */
    s->signal_fd = signal_fd_open(&signals);
    if (s->signal_fd < 0)
        die_errno(EXIT_SYSTEM, "unable to open signal descriptor");
    s->dir_count = (size_t)(argc - s->first_dir);
    s->dirs = mem_alloc(s->dir_count * sizeof(*s->dirs));
    s->in = mem_alloc(s->buffer_size);
    s->err = (struct writer)WRITER_INIT(2, mem_alloc(ERR_BUFFER_SIZE), ERR_BUFFER_SIZE);
    if (!s->dirs || !s->in || !s->err.buf)
        die_errno(EXIT_SYSTEM, "unable to allocate buffers");
    for (i = 0; i < s->dir_count; i++) {
        s->dirs[i].name = argv[s->first_dir + (int)i];
        s->dirs[i].dir_fd = s->dirs[i].lock_fd = -1;
        s->dirs[i].current.fd = s->dirs[i].udp_fd = -1;
    }
}

/* End of input or TERM: everything written, currents closed (0744), the
 * processors waited for. */
static int finish(struct svlogd *s)
{
    size_t i;

    drain_all(s);
    for (i = 0; i < s->dir_count; i++)
        close_log(s, &s->dirs[i]);
    for (i = 0; i < s->dir_count; i++) {
        wait_processor(s, &s->dirs[i]);
        reset_config(&s->dirs[i]);
        mem_free(s->dirs[i].current.buf);
    }
    mem_free(s->dirs);
    mem_free(s->in);
    mem_free(s->err.buf);
    return 0;
}

/* HUP, ALRM and TERM, acted on between reads (the buffers drained): 1
 * when svlogd is to stop reading. */
static int handle_events(struct svlogd *s)
{
    if (s->want_reopen) {
        s->want_reopen = 0;
        open_all(s);
    }
    if (s->want_rotate) {
        s->want_rotate = 0;
        rotate_all(s);
    }
    if (s->is_exiting)
        finish_line(s);
    return s->is_exiting;
}

int svlogd_main(int argc, char **argv)
{
    struct svlogd s;

    memset(&s, 0, sizeof(s));
    s.argv0 = argv[0];
    parse_options(&s, argc, argv);
    setup(&s, argc, argv);
    open_all(&s);
    for (;;) {
        struct pollfd fds[2] = {
            { .fd = s.signal_fd, .events = POLLIN },
            { .fd = 0, .events = POLLIN },
        };

        take_input(&s);
        drain_all(&s);
        if (s.at_end || handle_events(&s))
            break;
        if (poll_until(fds, 2, run_deadlines(&s)) < 0 && errno != EINTR)
            warn_errno("unable to poll");
        if (fds[0].revents)
            read_signals(&s);
        if (fds[1].revents && !s.is_exiting)
            read_input(&s);
    }
    return finish(&s);
}
