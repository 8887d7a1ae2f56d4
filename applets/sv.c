/* sv.c - control and report services supervised by runsv (runit's sv) */

/*
config SV
	bool "sv"
	default y
	help
	  usage: sv [-v] [-w sec] command service ...

	  Control runsv services (names under $SVDIR, default /etc/service):
	  status up down once pause cont hup alarm interrupt quit 1 2 term
	  kill exit check start stop restart reload shutdown, force-...
	  -v waits for the effect, -w SEC at most SEC s. Exit: failures
	  (100 usage). As /etc/init.d/NAME: LSB script. See sv(8).

*/
/* install: usr/bin/sv */

#include "clock.h"
#include "depend.h"
#include "err.h"
#include "fd.h"
#include "file.h"
#include "fmt.h"
#include "mem.h"
#include "options.h"
#include "poll.h"
#include "spawn.h"
#include "supervise_event.h"
#include "supervise_status.h"
#include "tai64n.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Debian's choice: its sv is the reference we are tested against. */
#define DEFAULT_SVDIR "/etc/service/"
#define DEFAULT_WAIT_SECONDS 7
#define MAX_WAIT_SECONDS 1000000000UL
/* runit polls every 420 ms; we look again sooner first, so that a
 * command runsv acts on at once is reported at once. */
#define FIRST_POLL_MS 20
#define POLL_MS 420
/* Descriptors kept free of subscriptions for sv's own work. */
#define FD_RESERVE 16
#define MAX_EXIT_FAILURES 99
#define LSB_EXIT_USAGE 2

enum action { ACTION_STATUS, ACTION_CONTROL, ACTION_CHECK };

/* What sv keeps of a service named on the command line while it waits:
 * its subscription to the events of our runsv (supervise/event/). */
struct watch {
    int event_fd;               /* sv's FIFO there, or -1 */
    int dir_fd;                 /* the service directory, to remove it */
    char is_tried;              /* subscribing was tried */
    char has_answered;          /* a byte came: events tell every change */
    char is_held;               /* ordered stop: the command is to be sent */
};

struct sv {
    const char *svdir;
    int svdir_fd;               /* opened once per pass; -1 with svdir_errno */
    int svdir_errno;
    int is_lsb;
    const char *lsb_name;       /* the init script's base name */
    char *lsb_services[2];      /* LSB mode: just that name */
    enum action action;
    const char *commands;       /* bytes to send, and to check when waiting */
    char letter[2];             /* commands for the one-letter words */
    int waits;
    int kills_on_timeout;
    unsigned long wait_seconds;
    uint64_t start_label;       /* TAI64 second sv started in */
    uint64_t now_label;         /* TAI64 second of this pass */
    int64_t check_deadline;     /* monotonic ms: check scripts are killed */
    size_t count;               /* services named */
    struct watch *watches;      /* one per service once sv waits; or NULL */
    struct pollfd *fds;         /* one per service: its FIFO while pending, or -1 */
    int *levels;                /* one per service: its stop level */
    int is_ordered;             /* the command stops them level by level */
    int is_last_step;           /* an ordered stop's wait before its lines */
    char event_name[24];        /* the FIFOs' name, "sv.PID" */
    int fd_limit;               /* RLIMIT_NOFILE; 0 until needed */
    int needs_rhythm;           /* a pending service that events cannot tell */
    int ran_check_script;
    unsigned failures;
    struct writer out;          /* standard output */
    char out_buf[4096];
};

/* One service (or its log) while it is being looked at. Its files are
 * looked up as PATH/FILE relative to AT_FD, which saves opening and
 * closing the directory (status over many services); once something
 * goes wrong the directory is entered (DIR_FD), to report what runit,
 * which changes into it first, would report. */
struct service {
    const char *name;           /* as given on the command line */
    int at_fd;                  /* SVDIR, the current directory, or DIR_FD */
    const char *path;           /* the name, or "" once entered */
    int dir_fd;                 /* O_PATH descriptor of the directory, or -1 */
    int is_log;                 /* messages then name NAME/log */
    struct supervise_status status;
    int is_dependency_known;    /* the two below were looked at */
    int reports_readiness;      /* see reports_readiness() */
    int notification_fd;        /* -1 without a valid notification-fd */
};

/* Standard output is written out before anything goes to standard
 * error, and at the end; runit ignores write errors there too. */
static void out_flush(struct sv *sv)
{
    writer_flush(&sv->out);
}

static void out_text(struct sv *sv, const char *text)
{
    writer_text(&sv->out, text);
}

/* The subscriptions end with sv, whichever way it leaves. */
static void unsubscribe_all(struct sv *sv)
{
    size_t i;

    for (i = 0; sv->watches && i < sv->count; i++) {
        if (sv->watches[i].event_fd < 0)
            continue;
        supervise_event_unsubscribe(sv->watches[i].dir_fd, "", sv->event_name);
        close(sv->watches[i].event_fd);
        close(sv->watches[i].dir_fd);
    }
}

static __attribute__((noreturn)) void leave(struct sv *sv, int status)
{
    out_flush(sv);
    unsubscribe_all(sv);
    exit(status);
}

static __attribute__((noreturn)) void usage(const struct sv *sv)
{
    char line[300];

    if (!sv->is_lsb)
        die_usage();
    fmt_format(line, sizeof(line), "usage: %s [-w sec] command", sv->lsb_name);
    print_usage(line);
    exit(LSB_EXIT_USAGE);
}

/* "PREFIX NAME[/log]: WHAT[: ERR]" as one line; ERRNUM 0 adds no text. */
static void report(struct sv *sv, const struct service *service,
                   const char *prefix, const char *what, int errnum)
{
    out_text(sv, prefix);
    out_text(sv, service->name);
    if (service->is_log)
        out_text(sv, "/log");
    out_text(sv, ": ");
    out_text(sv, what);
    if (errnum) {
        out_text(sv, ": ");
        out_text(sv, error_text(errnum));
    }
    out_text(sv, "\n");
}

static void fail(struct sv *sv, const struct service *service,
                 const char *what, int errnum)
{
    sv->failures++;
    report(sv, service, "fail: ", what, errnum);
}

static void warning(struct sv *sv, const struct service *service,
                    const char *what, int errnum)
{
    sv->failures++;
    report(sv, service, "warning: ", what, errnum);
}

/* What "runsv not running" means depends on the command: for exit it
 * is the goal, for anything else a failure. */
static void report_no_runsv(struct sv *sv, const struct service *service)
{
    if (sv->commands[0] == 'x')
        report(sv, service, "ok: ", "runsv not running", 0);
    else
        fail(sv, service, "runsv not running", 0);
}

/* Where a command-line name is (depend_is_path), by the same rule in both
 * phases (runit's wait phase forgets the trailing '/'). -1 with errno
 * when it certainly cannot be entered: an empty name, or no SVDIR. */
static int service_locate(struct sv *sv, struct service *service, const char *name)
{
    service->name = name;
    service->path = name;
    service->dir_fd = -1;
    service->is_log = 0;
    service->is_dependency_known = 0;
    service->at_fd = AT_FDCWD;
    if (!*name) {
        errno = ENOENT;
        return -1;
    }
    if (depend_is_path(name))
        return 0;
    if (sv->svdir_fd == -2) {
        sv->svdir_fd = open(sv->svdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        sv->svdir_errno = errno;
    }
    if (sv->svdir_fd < 0) {
        errno = sv->svdir_errno;
        return -1;
    }
    service->at_fd = sv->svdir_fd;
    return 0;
}

/* Open the directory itself (O_PATH needs no permission on it; see
 * directory_is_searchable) and look up files relative to it from now on. */
static int service_enter(struct service *service)
{
    int fd;

    if (service->dir_fd >= 0)
        return 0;
    fd = openat(service->at_fd, service->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    service->dir_fd = service->at_fd = fd;
    service->path = "";
    return 0;
}

static void service_leave(struct service *service)
{
    if (service->dir_fd >= 0)
        close(service->dir_fd);
    service->dir_fd = -1;
}

/* openat / fstatat of FILE in the service directory. */
static int service_open(const struct service *service, const char *file, int flags)
{
    char path[PATH_MAX];

    if (path_join(path, sizeof(path), service->path, file) < 0)
        return -1;
    return openat(service->at_fd, path, flags | O_CLOEXEC);
}

static int service_stat(const struct service *service, const char *file,
                        struct stat *st)
{
    char path[PATH_MAX];

    if (path_join(path, sizeof(path), service->path, file) < 0)
        return -1;
    return fstatat(service->at_fd, path, st, 0);
}

/* SVDIR is opened afresh in each pass, as runit changes to it each time. */
static void close_svdir(struct sv *sv)
{
    if (sv->svdir_fd >= 0)
        close(sv->svdir_fd);
    sv->svdir_fd = -2;
}

/* Tell "cannot enter the directory" from "cannot open supervise/ok"
 * where runit, which changes into the directory first, tells them
 * apart: looking up "." needs search permission on it. */
static int directory_is_searchable(int dir_fd)
{
    int fd = openat(dir_fd, ".", O_PATH | O_CLOEXEC);

    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

static void report_unreachable(struct sv *sv, const struct service *service,
                               int errnum)
{
    if (service->is_log)
        warning(sv, service, "unable to change directory", errnum);
    else
        fail(sv, service, "unable to change to service directory", errnum);
}

/* runsv holds supervise/ok open for reading: opening it for writing
 * fails with ENXIO exactly when no runsv supervises the directory.
 * Returns 1 with service->status filled in; otherwise, reported, 0 when
 * no runsv runs, -2 when the directory cannot be entered, -1 on other
 * errors. */
static int read_status(struct sv *sv, struct service *service)
{
    int running = supervise_is_running(service->at_fd, service->path);
    const char *step;

    if (running < 0 && service->dir_fd < 0) {
        if (service_enter(service) < 0) {
            report_unreachable(sv, service, errno);
            return -2;
        }
        running = supervise_is_running(service->at_fd, service->path);
    }
    if (running == 0) {
        report_no_runsv(sv, service);
        return 0;
    }
    if (running < 0) {
        if (errno == EACCES && !directory_is_searchable(service->dir_fd)) {
            report_unreachable(sv, service, EACCES);
            return -2;
        }
        warning(sv, service, "unable to open supervise/ok", errno);
        return -1;
    }
    if (supervise_status_read(service->at_fd, service->path, &service->status, &step) == 0)
        return 1;
    if (step[0] == 'o')
        warning(sv, service, "unable to open supervise/status", errno);
    else if (errno == EBADMSG)
        warning(sv, service, "unable to read supervise/status: bad format", 0);
    else
        warning(sv, service, "unable to read supervise/status", errno);
    return -1;
}

/* Seconds since STAMP as of this pass; 0 for a stamp in the future. */
static uint64_t age(const struct sv *sv, const struct tai64n *stamp)
{
    return sv->now_label < stamp->seconds ? 0 : sv->now_label - stamp->seconds;
}

/* Whether the service has dependency files (needs, wants, after,
 * notification-fd) and our runsv supervises it (supervise/event/
 * exists): only then are supervise/ready and supervise/wait written.
 * Looked at once per look at the service, event/ first: a service under
 * runit's runsv costs one stat. */
static int reports_readiness(struct service *service)
{
    struct depend_list list;
    struct stat st;

    if (service->is_dependency_known)
        return service->reports_readiness;
    service->is_dependency_known = 1;
    service->reports_readiness = 0;
    service->notification_fd = -1;
    if (service_stat(service, "supervise/event", &st) == 0 && S_ISDIR(st.st_mode)
        && service_enter(service) == 0 && depend_read(service->dir_fd, &list) == 0) {
        service->reports_readiness = list.has_files;
        service->notification_fd = list.notification_fd;
        depend_free(&list);
    }
    return service->reports_readiness;
}

/* supervise/ready names the current process (an older one's is stale). */
static int is_ready(const struct service *service, struct tai64n *stamp)
{
    pid_t pid;

    return supervise_ready_read(service->at_fd, service->path, stamp, &pid) == 0
        && pid == service->status.pid;
}

/* After runit's flags, what our runsv says of a service with dependency
 * files: ", ready Ns" (its process is ready), ", not ready" (up, with
 * notification-fd, not ready yet) or ", waiting: REASON" (wanted up,
 * held down). Nothing for any other service: runit's line. */
static void print_readiness(struct sv *sv, struct service *service)
{
    const struct supervise_status *status = &service->status;
    struct tai64n stamp;
    char reason[1024];

    if (!reports_readiness(service))
        return;
    if (status->pid && status->state == SERVICE_RUN) {
        if (is_ready(service, &stamp)) {
            out_text(sv, ", ready ");
            writer_number(&sv->out, age(sv, &stamp));
            out_text(sv, "s");
        } else if (service->notification_fd >= 0) {
            out_text(sv, ", not ready");
        }
    } else if (status->state == SERVICE_DOWN && status->want == WANT_UP
               && supervise_wait_read(service->at_fd, service->path, reason,
                                      sizeof(reason)) == 0) {
        out_text(sv, ", waiting: ");
        out_text(sv, reason);
    }
}

/* One status line without its end: "STATE: NAME: [(pid PID) ]SECSs[,
 * FLAGS]", NAME being the service's or "log"; a state runsv never
 * writes prints no state word, as in runit. Returns 1 if a process
 * runs, 2 if none, 0 if `down` cannot be examined (then nothing is
 * printed, as in runit). */
static int print_status(struct sv *sv, struct service *service,
                        const char *name)
{
    static const char *const states[] = { "down: ", "run: ", "finish: " };
    const struct supervise_status *status = &service->status;
    struct stat st;
    int normally_up = 0;

    if (service_stat(service, "down", &st) < 0) {
        if (errno != ENOENT) {
            out_flush(sv);
            warn_errno("unable to stat %s%s/down", service->name,
                       service->is_log ? "/log" : "");
            return 0;
        }
        normally_up = 1;
    }
    if (status->state <= SERVICE_FINISH)
        out_text(sv, states[status->state]);
    out_text(sv, name);
    out_text(sv, ": ");
    if (status->state != SERVICE_DOWN) {
        out_text(sv, "(pid ");
        writer_number(&sv->out, (unsigned long long)(long long)status->pid);
        out_text(sv, ") ");
    }
    writer_number(&sv->out, age(sv, &status->stamp));
    out_text(sv, "s");
    if (status->pid && !normally_up)
        out_text(sv, ", normally down");
    if (!status->pid && normally_up)
        out_text(sv, ", normally up");
    if (status->pid && status->is_paused)
        out_text(sv, ", paused");
    if (!status->pid && status->want == WANT_UP)
        out_text(sv, ", want up");
    if (status->pid && status->want == WANT_DOWN)
        out_text(sv, ", want down");
    if (status->pid && status->got_term)
        out_text(sv, ", got TERM");
    print_readiness(sv, service);
    return status->pid ? 1 : 2;
}

static int print_service_status(struct sv *sv, struct service *service)
{
    return print_status(sv, service, service->name);
}

/* "; " and the log's status, or its failure line; just the line end
 * when there is no log/. runit prints the service's status once more
 * as the log's when the log's cannot be read; we print only why. */
static void show_log_status(struct sv *sv, const struct service *service)
{
    struct service log = { .name = service->name, .path = "", .is_log = 1 };

    log.dir_fd = service_open(service, "log", O_PATH | O_DIRECTORY);
    log.at_fd = log.dir_fd;
    if (log.dir_fd < 0) {
        if (errno == ENOENT) {
            out_text(sv, "\n");
        } else {
            out_text(sv, "; ");
            warning(sv, &log, "unable to change directory", errno);
        }
        return;
    }
    out_text(sv, "; ");
    if (read_status(sv, &log) > 0) {
        print_status(sv, &log, "log");
        out_text(sv, "\n");
    }
    service_leave(&log);
}

/* The status command: one line for the service and its log. In LSB mode
 * the exit code says whether the service (not its log) runs. */
static void show_status(struct sv *sv, struct service *service)
{
    int result = read_status(sv, service);

    if (result == -1 && sv->is_lsb)
        leave(sv, 4);
    if (result <= 0)
        return;
    result = print_service_status(sv, service);
    show_log_status(sv, service);
    if (sv->is_lsb)
        leave(sv, result == 1 ? 0 : result == 2 ? 3 : 4);
}

/* One write of LEN bytes to the control FIFO FD. SIGPIPE is held off: a
 * runsv that exits between our open and this write gives EPIPE, which
 * means "runsv not running", not the death of sv. */
static ssize_t write_command(int fd, const char *bytes, size_t len)
{
    struct timespec no_wait = { 0, 0 };
    sigset_t pipe_set, old_set;
    ssize_t written;
    int saved;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pipe_set, &old_set);
    written = write(fd, bytes, len);
    saved = errno;
    if (written < 0 && saved == EPIPE)
        sigtimedwait(&pipe_set, NULL, &no_wait);
    sigprocmask(SIG_SETMASK, &old_set, NULL);
    errno = saved;
    return written;
}

/* Write BYTES to supervise/control in one write, as runit does, unless the
 * status says runsv already wants that. 1 written, 0 skipped, -1 failed
 * (reported). With ONLY_CHECK, all but the write is done: 1 then means
 * that the bytes are to be sent. */
static int send_control(struct sv *sv, struct service *service, const char *bytes,
                        int only_check)
{
    size_t len = strlen(bytes);
    struct stat st;
    ssize_t written;
    int fd;

    if (read_status(sv, service) <= 0)
        return -1;
    if ((bytes[0] == 'u' && service->status.want == WANT_UP)
        || (bytes[0] == 'd' && service->status.want == WANT_DOWN
            && service->status.got_term))
        return 0;
    fd = supervise_control_open(service->at_fd, service->path);
    if (fd < 0) {
        if (errno == ENXIO)
            report_no_runsv(sv, service);
        else
            warning(sv, service, "unable to open supervise/control", errno);
        return -1;
    }
    /* runit writes into a regular file here, where nobody reads. We
     * leave it alone, but keep runit's output and exit code: no runsv
     * acts either way, which a wait shows. */
    if (only_check || (fstat(fd, &st) == 0 && !S_ISFIFO(st.st_mode))) {
        close(fd);
        if (!only_check) {
            out_flush(sv);
            warn("%s/supervise/control is not a fifo: nothing sent", service->name);
        }
        return 1;
    }
    written = write_command(fd, bytes, len);
    if (written == (ssize_t)len) {
        close(fd);
        return 1;
    }
    if (written < 0 && errno == EPIPE)
        report_no_runsv(sv, service);
    else
        warning(sv, service, "unable to write to supervise/control",
                written < 0 ? errno : 0);
    close(fd);
    return -1;
}

/* In the child: ./check in the service directory, its output hidden. */
static __attribute__((noreturn)) void exec_check_script(const struct service *service)
{
    char *argv[] = { (char *)"./check", NULL };
    int null_fd = open("/dev/null", O_WRONLY);

    if (null_fd < 0)
        close(1);
    else if (null_fd != 1 && fd_move(1, null_fd) < 0)
        close(1);
    if ((service->at_fd != AT_FDCWD && fchdir(service->at_fd) < 0)
        || (*service->path && chdir(service->path) < 0)) {
        warn_errno("unable to change to %s", service->name);
        _exit(EXIT_SYSTEM);
    }
    execve("check", argv, environ);
    /* runit 2.1.2 counts a check it cannot run as passed. */
    warn_errno("unable to run %s/check", service->name);
    _exit(0);
}

/* runit waits for ever for a check script that hangs, -w or not; we give
 * it until the time is up plus one poll interval (so that the last look
 * can run one too). 0 when it is still running then. Without pidfds
 * (Linux < 5.3), we wait like runit. */
static int check_script_ends_in_time(struct sv *sv, pid_t pid)
{
    struct pollfd ended = { -1, POLLIN, 0 };
    int ready;

    ended.fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (ended.fd < 0)
        return 1;
    while ((ready = poll_until(&ended, 1, sv->check_deadline)) < 0
           && errno == EINTR)
        ;
    close(ended.fd);
    return ready != 0;
}

/* Whether ./check passes: yes without one; its exit code 0 (or death by
 * a signal other than our own KILL, as in runit) otherwise. */
static int check_script_passes(struct sv *sv, const struct service *service)
{
    struct stat st;
    pid_t pid;
    int status, in_time;

    out_flush(sv);
    if (service_stat(service, "check", &st) < 0) {
        if (errno == ENOENT)
            return 1;
        warn_errno("unable to stat %s/check", service->name);
        return 0;
    }
    sv->ran_check_script = 1;
    pid = spawn_fork();
    if (pid < 0) {
        warn_errno("unable to fork for %s/check", service->name);
        return 0;
    }
    if (pid == 0)
        exec_check_script(service);
    in_time = check_script_ends_in_time(sv, pid);
    if (!in_time) {
        kill(pid, SIGKILL);
        warn("%s/check still running when the time was up: killed", service->name);
    }
    if (spawn_wait(pid, &status) < 0) {
        warn_errno("unable to wait for %s/check", service->name);
        return 0;
    }
    return in_time && (!WIFEXITED(status) || WEXITSTATUS(status) == 0);
}

/* Whether a service that tells when it is ready (notification-fd) has
 * done so, where our runsv reports it; anything else counts as ready. */
static int is_ready_if_it_tells(struct service *service)
{
    struct tai64n stamp;

    return !reports_readiness(service) || service->notification_fd < 0
        || is_ready(service, &stamp);
}

/* Whether command byte C has taken effect, as runit's sv judges it; "up"
 * also waits for readiness (is_ready_if_it_tells). */
static int command_done(struct sv *sv, struct service *service, char c)
{
    const struct supervise_status *status = &service->status;
    int is_old = status->stamp.seconds < sv->start_label;
    pid_t pid = status->pid;

    switch (c) {
    case 'x':
        return 0;               /* only runsv's exit completes it */
    case 'u':
        return pid && status->state == SERVICE_RUN
            && is_ready_if_it_tells(service) && check_script_passes(sv, service);
    case 'd':
        return !pid && status->state == SERVICE_DOWN;
    case 'C':
        return !pid || (is_ready_if_it_tells(service)
                        && check_script_passes(sv, service));
    case 't':
    case 'k':
        if (!pid && status->want == WANT_DOWN)
            return 1;
        return !is_old && pid && !status->got_term
            && check_script_passes(sv, service);
    case 'o':
        return !(!pid && is_old) && !(pid && status->want != WANT_DOWN);
    case 'p':
        return !pid || status->is_paused;
    case 'c':
        return !pid || !status->is_paused;
    default:
        return 1;
    }
}

/* 1 when every command byte has taken effect (reported "ok:"), 0 while
 * pending, -1 when the service failed (reported). */
static int check_service(struct sv *sv, struct service *service)
{
    const char *c;
    int result = read_status(sv, service);

    if (result == 0)
        return sv->commands[0] == 'x' ? 1 : -1;
    if (result < 0)
        return -1;
    for (c = sv->commands; *c; c++) {
        if (!command_done(sv, service, *c))
            return 0;
    }
    out_text(sv, "ok: ");
    print_service_status(sv, service);
    out_text(sv, "\n");
    return 1;
}

/* Still pending when the time is up: "timeout:" (or "kill:" and a k). */
static void give_up(struct sv *sv, struct service *service)
{
    sv->failures++;
    out_text(sv, sv->kills_on_timeout ? "kill: " : "timeout: ");
    print_service_status(sv, service);
    out_text(sv, "\n");
    if (sv->kills_on_timeout)
        send_control(sv, service, "k", 0);
}

/* Phase one: act on every service in turn. A name that failed is
 * cleared from SERVICES so the wait phase skips it. In an ordered stop
 * (LEVEL -1) what runit does before writing is done here, in argument
 * order, so that its lines come in runit's order, and the command is
 * held; it is sent to each stop level later (LEVEL), status read again
 * as runit reads it just before writing. */
static void act_on_services(struct sv *sv, char **services, int level)
{
    struct service service;
    size_t i;
    int result;

    for (i = 0; services[i]; i++) {
        if (level >= 0 && (!sv->watches[i].is_held || sv->levels[i] != level))
            continue;
        result = 0;
        if (service_locate(sv, &service, services[i]) < 0) {
            fail(sv, &service, "unable to change to service directory", errno);
            services[i] = (char *)"";   /* failed: not waited for */
            continue;
        }
        if (sv->action == ACTION_STATUS) {
            show_status(sv, &service);
        } else if (sv->action == ACTION_CONTROL) {
            result = send_control(sv, &service, sv->commands, sv->is_ordered && level < 0);
            if (sv->is_ordered)
                sv->watches[i].is_held = level < 0 && result > 0;
        } else if (service_enter(&service) < 0) {
            /* check: runit, too, reports these before it waits */
            report_unreachable(sv, &service, errno);
            result = -1;
        }
        if (result < 0)
            services[i] = (char *)"";
        service_leave(&service);
    }
    close_svdir(sv);
}

/* The watches, one per service, made when a service is first pending;
 * without memory there are none, and sv keeps runit's rhythm. */
static void make_watches(struct sv *sv)
{
    size_t i;

    if (sv->watches)
        return;
    sv->watches = mem_alloc(sv->count * (sizeof(*sv->watches) + sizeof(*sv->fds)
                                         + sizeof(*sv->levels)));
    if (!sv->watches)
        return;
    sv->fds = (struct pollfd *)(sv->watches + sv->count);
    sv->levels = (int *)(sv->fds + sv->count);
    for (i = 0; i < sv->count; i++)
        sv->watches[i].event_fd = sv->watches[i].dir_fd = sv->fds[i].fd = -1;
}

/* Whether descriptor FD leaves enough free for reading the services:
 * each subscription holds two, and many services would exhaust them. */
static int leaves_room(struct sv *sv, int fd)
{
    struct rlimit limit;

    if (!sv->fd_limit) {
        sv->fd_limit = INT_MAX;
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < INT_MAX)
            sv->fd_limit = (int)limit.rlim_cur;
    }
    return fd < sv->fd_limit - FD_RESERVE;
}

/* Subscribe to service I's events, once, where our runsv sends them (its
 * supervise/event/ exists: runit's runsv is left alone); then write '?'
 * to its control, which our runsv answers with a byte and runit's
 * ignores. 1 when subscribed now; without descriptors to spare the
 * service is left to the rhythm. */
static int subscribe(struct sv *sv, size_t i, const struct service *service)
{
    struct watch *watch = sv->watches ? &sv->watches[i] : NULL;
    struct stat st;
    int control;

    if (!watch || watch->is_tried)
        return 0;
    watch->is_tried = 1;
    if (service_stat(service, "supervise/event", &st) < 0 || !S_ISDIR(st.st_mode))
        return 0;
    if (!sv->event_name[0])
        fmt_format(sv->event_name, sizeof(sv->event_name), "sv.%d", (int)getpid());
    watch->dir_fd = openat(service->at_fd, *service->path ? service->path : ".",
                           O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (watch->dir_fd < 0)
        return 0;
    watch->event_fd = supervise_event_subscribe(watch->dir_fd, "", sv->event_name);
    if (watch->event_fd >= 0 && !leaves_room(sv, watch->event_fd)) {
        supervise_event_unsubscribe(watch->dir_fd, "", sv->event_name);
        close(watch->event_fd);
        watch->event_fd = -1;
    }
    if (watch->event_fd < 0) {
        close(watch->dir_fd);
        watch->dir_fd = -1;
        return 0;
    }
    control = supervise_control_open(watch->dir_fd, "");
    if (control >= 0) {
        write_command(control, "?", 1);
        close(control);
    }
    return 1;
}

static void update_now(struct sv *sv)
{
    struct tai64n now;

    tai64n_now(&now);
    sv->now_label = now.seconds;
}

/* A pass begins: nothing is pending yet, nothing needs the rhythm. */
static void start_pass(struct sv *sv)
{
    size_t i;

    update_now(sv);
    sv->needs_rhythm = 0;
    for (i = 0; sv->fds && i < sv->count; i++)
        sv->fds[i] = (struct pollfd){ .fd = -1 };
}

/* Look at service I with LOOK (1 done, 0 pending, -1 failed). A pending
 * service is subscribed to, then looked at again: a change between the
 * first look and the subscription sent no byte. Its FIFO is polled while
 * it is pending; it needs the rhythm until its runsv has answered, and
 * while a check script decides (no event tells that it passes). */
static int watch_service(struct sv *sv, size_t i, struct service *service,
                         int (*look)(struct sv *, struct service *))
{
    int result;

    sv->ran_check_script = 0;
    result = look(sv, service);
    if (result != 0)
        return result;
    make_watches(sv);
    if (subscribe(sv, i, service))
        result = look(sv, service);
    if (result != 0)
        return result;
    if (sv->fds && sv->watches[i].event_fd >= 0)
        sv->fds[i] = (struct pollfd){ .fd = sv->watches[i].event_fd, .events = POLLIN };
    if (sv->ran_check_script || !sv->watches || !sv->watches[i].has_answered)
        sv->needs_rhythm = 1;
    return 0;
}

/* Sleep until a byte comes from the runsv of a pending service or, while
 * a pending service needs it, until runit's rhythm looks again (sooner
 * at first); at most until just after DEADLINE. */
static void wait_for_news(struct sv *sv, int64_t deadline, int64_t *interval)
{
    int64_t until = deadline + 1, next = clock_now_ms() + *interval;
    unsigned count = sv->fds ? (unsigned)sv->count : 0, i;

    if (sv->needs_rhythm && next < until)
        until = next;
    *interval = *interval * 2 > POLL_MS ? POLL_MS : *interval * 2;
    if (poll_until(sv->fds, count, until) <= 0)
        return;
    for (i = 0; i < count; i++) {
        if (sv->fds[i].revents) {
            supervise_event_drain(sv->fds[i].fd);
            sv->watches[i].has_answered = 1;
        }
    }
}

/* One pass of the wait phase; returns how many services are pending. */
static unsigned check_services(struct sv *sv, char **services, int expired)
{
    struct service service;
    unsigned pending = 0;
    size_t i;
    int result;

    start_pass(sv);
    for (i = 0; services[i]; i++) {
        if (!*services[i])
            continue;
        if (service_locate(sv, &service, services[i]) < 0) {
            fail(sv, &service, "unable to change to service directory", errno);
            result = -1;
        } else {
            result = watch_service(sv, i, &service, check_service);
            if (result == 0 && expired) {
                give_up(sv, &service);
                result = -1;
            }
            service_leave(&service);
        }
        if (result != 0)
            services[i] = (char *)"";
        else
            pending++;
    }
    close_svdir(sv);
    out_flush(sv);
    return pending;
}

/* Phase two: look until every service is done or the time is up (the
 * deadline is monotonic; a pass that starts after it is the last),
 * woken by events where our runsv sends them. */
static void wait_for_services(struct sv *sv, char **services, int64_t deadline)
{
    int64_t interval = FIRST_POLL_MS;
    int expired = 0;

    while (check_services(sv, services, expired) > 0) {
        wait_for_news(sv, deadline, &interval);
        expired = clock_now_ms() > deadline;
    }
}

/* Whether the command stops in order: d or x (in any spelling) for two
 * or more services, one of which has dependency files, some of them
 * naming others. Returns the highest stop level (in sv->levels), or 0
 * for runit's way: all at once. */
static int plan_stop(struct sv *sv, char **services)
{
    size_t i;
    int top = 0;

    if (sv->action != ACTION_CONTROL || sv->count < 2 || sv->commands[1]
        || !strchr("dx", sv->commands[0]))
        return 0;
    make_watches(sv);
    if (sv->watches && depend_stop_levels(sv->svdir, services, sv->count, sv->levels) > 0) {
        for (i = 0; i < sv->count; i++)
            top = sv->levels[i] > top ? sv->levels[i] : top;
    }
    return top;
}

/* For an ordered stop: 1 when the service is down (no process, state
 * down) or no runsv supervises it, 0 while not; a service that cannot
 * be read holds nothing up. For x, the last step waits for runsv to be
 * gone, as x's own wait does. Quiet: the lines come in argument order. */
static int look_stopped(struct sv *sv, struct service *service)
{
    struct supervise_status *status = &service->status;

    if (supervise_status_read_running(service->at_fd, service->path, status) < 0)
        return 1;
    return !status->pid && status->state == SERVICE_DOWN
        && !(sv->is_last_step && sv->commands[0] == 'x');
}

/* One pass over the services of stop level LEVEL (-1: all of them): how
 * many are not down. */
static unsigned look_at_level(struct sv *sv, char **services, int level)
{
    struct service service;
    unsigned pending = 0;
    size_t i;

    start_pass(sv);
    for (i = 0; services[i]; i++) {
        if (!*services[i] || (level >= 0 && sv->levels[i] != level)
            || service_locate(sv, &service, services[i]) < 0)
            continue;
        if (watch_service(sv, i, &service, look_stopped) == 0)
            pending++;
        service_leave(&service);
    }
    close_svdir(sv);
    return pending;
}

/* The ordered stop, after the first phase: the command goes to stop
 * level 0, then to each next level once every service of the one before
 * is down or has no runsv; when the time is up, to all the rest at once.
 * Dependents so stop before what they depend on. When sv waits, all are
 * waited for before the wait phase prints: done together, they are
 * printed in argument order. */
static void send_in_order(struct sv *sv, char **services, int top, int64_t deadline)
{
    int64_t interval;
    int level;

    out_flush(sv);
    for (level = 0; level <= top; level++) {
        act_on_services(sv, services, level);
        sv->is_last_step = level == top;
        interval = FIRST_POLL_MS;
        while ((level < top || sv->waits) && clock_now_ms() <= deadline
               && look_at_level(sv, services, sv->is_last_step ? -1 : level) > 0)
            wait_for_news(sv, deadline, &interval);
    }
}

/* Seconds as runit reads them: leading digits, 0 when there are none. */
static unsigned long parse_seconds(const char *text)
{
    uint64_t value = scan_decimal(text, NULL);

    return value > MAX_WAIT_SECONDS ? MAX_WAIT_SECONDS : (unsigned long)value;
}

/* The command words that are more than their first letter:
 * the bytes they send; all of them wait, some kill on timeout. */
struct command_word {
    char word[15];
    char bytes[4];
    char kills_on_timeout;
};

static const struct command_word command_words[] = {
    { "check", "C", 0 },
    { "start", "u", 0 },
    { "stop", "d", 0 },
    { "restart", "tcu", 0 },
    { "reload", "h", 0 },
    { "shutdown", "x", 0 },
    { "try-restart", "tc", 0 },
    { "force-stop", "d", 1 },
    { "force-reload", "tc", 1 },
    { "force-restart", "tcu", 1 },
    { "force-shutdown", "x", 1 },
};

/* The one-letter commands, which wait only with -v or -w. */
static const char command_letters[] = "udotphaikq12c";

static int parse_command_word(struct sv *sv, const char *word)
{
    const struct command_word *command;

    for (command = command_words;
         command < command_words + sizeof(command_words) / sizeof(command_words[0]);
         command++) {
        if (strcmp(word, command->word) == 0) {
            sv->commands = command->bytes;
            sv->waits = 1;
            sv->kills_on_timeout = command->kills_on_timeout;
            if (command == command_words)
                sv->action = ACTION_CHECK;
            return 1;
        }
    }
    return 0;
}

/* COMMAND -> bytes to send, whether to wait, whether to kill on timeout.
 * Only the first letter counts in anything but the words above. */
static void parse_command(struct sv *sv, const char *word)
{
    sv->action = ACTION_CONTROL;
    if (parse_command_word(sv, word))
        return;
    sv->commands = "x";
    switch (word[0]) {
    case 'x': case 'e':
        return;
    case 'X': case 'E':
        break;
    case 'D':
        sv->commands = "d";
        break;
    case 'T':
        sv->commands = "tc";
        break;
    case 's':
        if (sv->is_lsb && strcmp(word, "status") != 0)
            usage(sv);
        sv->action = ACTION_STATUS;
        sv->commands = "s";
        sv->waits = 0;
        return;
    default:
        if (!word[0] || !strchr(command_letters, word[0]))
            usage(sv);
        sv->letter[0] = word[0];
        sv->commands = sv->letter;
        return;
    }
    sv->waits = 1;
    sv->kills_on_timeout = 1;
}

/* Options, command and services; in LSB mode the one service is the
 * script's own name. Returns the NULL-terminated list of services. */
static char **parse_arguments(struct sv *sv, int argc, char **argv)
{
    struct options state = OPTIONS_INIT;
    const char *env;
    int option;

    if ((env = getenv("SVDIR")) != NULL)
        sv->svdir = env;
    if ((env = getenv("SVWAIT")) != NULL)
        sv->wait_seconds = parse_seconds(env);
    while ((option = options_next(&state, argc, argv, "w:vV", NULL)) != -1) {
        switch (option) {
        case 'w':       /* in runit -w implies -v */
            sv->wait_seconds = parse_seconds(state.value);
            /* fall through */
        case 'v':
            sv->waits = 1;
            break;
        default:
            print_option_message(option, state.letter);
            usage(sv);
        }
    }
    argv += state.index;
    if (!*argv)
        usage(sv);
    parse_command(sv, *argv++);
    if (sv->is_lsb) {
        sv->lsb_services[0] = (char *)sv->lsb_name;
        return sv->lsb_services;
    }
    if (!*argv)
        usage(sv);
    return argv;
}

int sv_main(int argc, char **argv)
{
    struct sv sv;
    const char *slash = strrchr(argv[0], '/');
    char **services;
    int64_t deadline = clock_now_ms();
    int top;

    memset(&sv, 0, sizeof(sv));
    sv.out = (struct writer)WRITER_INIT(1, sv.out_buf, sizeof(sv.out_buf));
    sv.svdir = DEFAULT_SVDIR;
    sv.svdir_fd = -2;
    sv.wait_seconds = DEFAULT_WAIT_SECONDS;
    sv.lsb_name = slash ? slash + 1 : argv[0];
    sv.is_lsb = strcmp(sv.lsb_name, "sv") != 0;
    services = parse_arguments(&sv, argc, argv);
    while (services[sv.count])
        sv.count++;
    deadline += (int64_t)sv.wait_seconds * 1000;
    sv.check_deadline = deadline + POLL_MS;
    update_now(&sv);
    sv.start_label = sv.now_label;
    top = plan_stop(&sv, services);
    sv.is_ordered = top > 0;
    act_on_services(&sv, services, -1);
    if (sv.is_ordered)
        send_in_order(&sv, services, top, deadline);
    if (sv.waits)
        wait_for_services(&sv, services, deadline);
    leave(&sv, sv.failures > MAX_EXIT_FAILURES ? MAX_EXIT_FAILURES
          : (int)sv.failures);
}
