/* runsv.c - supervise one service and its optional log service (runit's runsv) */

/*
config RUNSV
	bool "runsv"
	default y
	help
	  usage: runsv dir

	  Supervise DIR: ./run, ./finish and the log service DIR/log, driven
	  by the commands in DIR/supervise/control (see sv). Exit 0 after x
	  or TERM, 1 on usage, 111 if DIR cannot be supervised.

*/
/* install: usr/bin/runsv */

#include "clock.h"
#include "depend_watch.h"
#include "err.h"
#include "fd.h"
#include "fifo.h"
#include "file.h"
#include "fmt.h"
#include "lock.h"
#include "mem.h"
#include "poll.h"
#include "proc.h"
#include "signals.h"
#include "spawn.h"
#include "stack.h"
#include "supervise_event.h"
#include "supervise_status.h"
#include "tai64n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* runit sleeps this long when a service ends less than this long after
 * its ./run was started; we defer the next start instead. */
#define THROTTLE_MS 1000
/* Clock ticks of /proc/PID/stat: USER_HZ, 100 on every Linux (what
 * sysconf(_SC_CLK_TCK) answers, without its kilobyte of table). */
#define USER_HZ 100
/* Three rollbacks within a minute make a storm: the next start waits a
 * second more, doubling to 32 s. */
#define STORM_WINDOW_MS 60000
#define STORM_FIRST_DELAY_MS 1000
#define STORM_MAX_DELAY_MS 32000
/* Status files that could not be written are tried again this often. */
#define STATUS_RETRY_MS 5000

enum { SERVICE_MAIN, SERVICE_LOG };

/* Wide fields first, so that the struct has no holes: it lives for good
 * in the one stack page of every idle runsv (lib/stack.h). */
struct service {
    const char *supervise;      /* "supervise" or "log/supervise" */
    struct supervise_status status;     /* also holds the pid and state */
    int64_t started_ms;         /* monotonic start of ./run */
    int64_t start_after;        /* throttle: no start before this */
    int64_t status_retry;       /* status files out of date: write them
                                 * again then, else DEADLINE_NONE */
    int is_log;
    int pid_changed;            /* supervise/pid is out of date */
    int is_once;                /* o: start even though the want is down */
    int adopted_fd;             /* pidfd of a ./run inherited from a killed
                                 * runsv (not our child), else -1 */
    int wait_status;            /* how ./run ended, for ./finish */
    int is_end_unknown;         /* it was adopted: no wait status */
    int control_fd;
    int event_fd;               /* supervise/event, once it exists, else -1 */
    int is_notify_due;          /* status or readiness changed: tell subscribers */
    int ok_fd;                  /* supervise/ok, read end, held until exit */
    struct dependencies *deps;  /* NULL without dependency files */
};

/* What a service with dependency files adds (docs/dependencies.md), in a
 * mapping of its own: a service without them pays for the pointer only. */
struct dependencies {
    struct depend_watch watch;  /* the services it depends on */
    int notify_fd;              /* read end of the readiness pipe, -1 */
    int is_ready;
    int is_attempt;             /* a start attempt: files and cycles read again */
    int is_dirty;               /* a dependency said something */
    int64_t unread_retry;       /* files unreadable: held, read again then; 0 */
    int64_t rollbacks[3];       /* the last three, monotonic ms */
    int64_t storm_delay;        /* the extra wait of a storm, 0 */
    int64_t storm_until;        /* no start before this */
    char wait[256];             /* what supervise/wait holds ("": none) */
    sigset_t mask;              /* for the dependencies' ./check */
};

struct runsv {
    struct service services[2];
    int has_log;
    int log_pipe[2];            /* -1 once closed on exit */
    int signal_fd;
    int is_exit_requested;      /* SIGTERM seen, to act on as x */
    int is_pipe_blocked;        /* SIGPIPE was blocked when runsv started */
};

/* The signal mask runsv was started with: what children get, as from
 * runit's runsv.
 * Made when needed, not kept: every byte of runsv's lasting stack counts. */
static void child_mask(const struct runsv *runsv, sigset_t *mask)
{
    sigprocmask(SIG_SETMASK, NULL, mask);
    sigdelset(mask, SIGCHLD);
    sigdelset(mask, SIGTERM);
    if (!runsv->is_pipe_blocked)
        sigdelset(mask, SIGPIPE);
}

/* pid, stat and status as runit writes them: NAME.new, then renamed over
 * NAME, so that readers never see a part. A failure is reported and the
 * next state change tries again. */
static int replace_file(const struct service *svc, const char *name,
                        const void *data, size_t len)
{
    char path[32];
    const char *step;

    /* "supervise/status": short and fixed, no formatting needed. */
    if (path_join(path, sizeof(path), svc->supervise, name) < 0) {
        warn_errno("unable to open %s/%s.new", svc->supervise, name);
        return -1;
    }
    if (write_file_atomic(path, data, len, 0644, 0, &step) == 0)
        return 0;
    if (step[0] == 'r')
        warn_errno("unable to rename %s.new to %s", path, path);
    else
        warn_errno("unable to %s %s.new", step, path);
    return -1;
}

/* Files that could not be written (a full or read-only file system) are
 * written again at a deadline until they are, not only at the next
 * change: sv skips a command whose want the status already shows, as
 * runit's does, so a status left saying "want up" after sv down would
 * swallow the sv up that follows. */
static void write_status(struct service *svc)
{
    unsigned char bytes[SUPERVISE_STATUS_SIZE];
    char text[64];
    size_t len = 0;
    int failed;

    if (svc->pid_changed) {
        if (svc->status.pid) {
            len = fmt_ulong(text, (unsigned long long)svc->status.pid);
            text[len++] = '\n';
        }
        if (replace_file(svc, "pid", text, len) == 0)
            svc->pid_changed = 0;
    }
    len = supervise_status_stat_text(&svc->status, text, sizeof(text));
    failed = replace_file(svc, "stat", text, len) < 0;
    supervise_status_encode(&svc->status, bytes);
    failed |= replace_file(svc, "status", bytes, sizeof(bytes)) < 0;
    svc->status_retry = failed || svc->pid_changed
        ? deadline_after(STATUS_RETRY_MS) : DEADLINE_NONE;
    svc->is_notify_due = 1;
}

/* ---- readiness and dependencies (docs/dependencies.md) ---- */

/* supervise/NAME removed. */
static void remove_file(const struct service *svc, const char *name)
{
    char path[32];

    fmt_format(path, sizeof(path), "%s/%s", svc->supervise, name);
    unlink(path);
}

/* The process is ready from now on: supervise/ready says so, with its pid. */
static void write_ready(struct service *svc)
{
    unsigned char bytes[SUPERVISE_READY_SIZE];
    struct tai64n now;

    tai64n_now(&now);
    supervise_ready_encode(&now, svc->status.pid, bytes);
    replace_file(svc, "ready", bytes, sizeof(bytes));
    svc->deps->is_ready = 1;
    svc->is_notify_due = 1;
}

/* The process ended: it is ready no more, and supervise/ready goes
 * before the status says it ended. */
static void end_readiness(struct service *svc)
{
    struct dependencies *deps = svc->deps;

    if (!deps)
        return;
    if (deps->notify_fd >= 0)
        close(deps->notify_fd);
    deps->notify_fd = -1;
    if (deps->is_ready)
        remove_file(svc, "ready");
    deps->is_ready = 0;
}

/* ./run just started: with notification-fd it says when it is ready
 * (start_service made the pipe), without it is ready as it comes up (a
 * dependent runs its ./check, if any, itself). */
static void begin_readiness(struct service *svc)
{
    if (svc->deps && svc->deps->notify_fd < 0)
        write_ready(svc);
}

/* Bytes from the readiness pipe: a newline makes the process ready; end
 * of file before one leaves it up and never ready. */
static __attribute__((noinline)) void read_notification(struct service *svc)
{
    struct dependencies *deps = svc->deps;
    char bytes[64];
    ssize_t len = read(deps->notify_fd, bytes, sizeof(bytes));

    if (len < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (len > 0 && !memchr(bytes, '\n', (size_t)len))
        return;
    close(deps->notify_fd);
    deps->notify_fd = -1;
    if (len > 0 && svc->status.state == SERVICE_RUN && svc->status.pid)
        write_ready(svc);
}

/* supervise/wait holds REASON, or goes when it is NULL; written only
 * when it changes. */
static void set_wait(struct service *svc, const char *reason)
{
    struct dependencies *deps = svc->deps;
    char text[260];
    size_t len;

    if (!reason)
        reason = "";
    if (strcmp(reason, deps->wait) == 0)
        return;
    fmt_format(deps->wait, sizeof(deps->wait), "%s", reason);
    if (*reason) {
        len = fmt_format(text, sizeof(text), "%s\n", reason);
        replace_file(svc, "wait", text, len);
    } else {
        remove_file(svc, "wait");
    }
    svc->is_notify_due = 1;
}

/* Subscribers are told, once per turn of the loop, that the status or
 * the readiness changed; supervise/event is looked for until it exists
 * (a dependent may make it at any time). */
static void notify_subscribers(struct service *svc)
{
    char path[32];

    if (!svc->is_notify_due)
        return;
    svc->is_notify_due = 0;
    if (svc->event_fd < 0) {
        fmt_format(path, sizeof(path), "%s/event", svc->supervise);
        svc->event_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (svc->event_fd < 0)
            return;
    }
    supervise_event_notify(svc->event_fd);
}

/* After three rollbacks within a minute the next start waits: "rolled
 * back, next start in Ns" meanwhile. NULL when it may start. */
static const char *storm_reason(struct dependencies *deps, int64_t now,
                                char *text, size_t size)
{
    if (!deps->storm_delay)
        return NULL;
    if (!deps->storm_until)
        deps->storm_until = now + deps->storm_delay;
    if (now >= deps->storm_until)
        return NULL;
    fmt_format(text, size, "rolled back, next start in %llds",
               (long long)((deps->storm_until - now + 999) / 1000));
    return text;
}

/* The own files and the cycles read again, and the dependencies then. */
static void read_again(struct dependencies *deps)
{
    deps->unread_retry = 0;
    if (depend_watch_reload(&deps->watch) < 0) {
        warn_errno("unable to read the dependency files");
        deps->unread_retry = deadline_after(THROTTLE_MS);
    }
    depend_watch_find_cycle(&deps->watch);
    deps->is_attempt = 0;
    deps->is_dirty = 1;
}

/* Whether the service may start now as far as its dependencies go; held,
 * the reason is in supervise/wait. At a start attempt (the want changed
 * to up, the process ended, runsv started), and every second while held
 * by what sends no events (a cycle, a missing dependency, runit's runsv),
 * the own files and the cycles are read again. */
static __attribute__((noinline)) int may_start(struct service *svc)
{
    struct dependencies *deps = svc->deps;
    int64_t now = clock_now_ms();
    const char *reason;
    char text[256];

    if (!deps || svc->status.state == SERVICE_FINISH)
        return 1;
    if (deps->is_attempt || (deps->unread_retry && now >= deps->unread_retry)
        || (deps->wait[0] && now >= depend_watch_deadline(&deps->watch, 1)))
        read_again(deps);
    if (deps->is_dirty)
        depend_watch_refresh(&deps->watch, 1);
    deps->is_dirty = 0;
    /* with the files unread the service could start with its needs unmet */
    reason = deps->unread_retry ? "unable to read the dependency files"
        : depend_watch_reason(&deps->watch, text, sizeof(text));
    if (!reason)
        reason = storm_reason(deps, now, text, sizeof(text));
    set_wait(svc, reason);
    if (reason)
        return 0;
    deps->storm_until = 0;
    depend_watch_started(&deps->watch);
    return 1;
}

/* The want changed to up, a start attempt: the files and cycles read
 * again (once, for may_start too), then the dependencies pulled up,
 * unless the service is on a cycle (then it pulls nothing and waits). */
static void dependencies_want_up(struct service *svc)
{
    struct dependencies *deps = svc->deps;

    if (!deps)
        return;
    read_again(deps);
    if (!deps->watch.is_on_cycle)
        depend_watch_pull(&deps->watch);
}

/* runsv exits: subscriptions end, the wait with them. */
static void close_dependencies(struct runsv *runsv)
{
    int i;

    for (i = 0; i <= runsv->has_log; i++) {
        struct service *svc = &runsv->services[i];

        if (!svc->deps)
            continue;
        set_wait(svc, NULL);
        depend_watch_close(&svc->deps->watch);
        mem_free(svc->deps);
        svc->deps = NULL;
    }
}

/* The want went down or to exit: no more pulls, no more wait. */
static void dependencies_want_down(struct service *svc)
{
    if (!svc->deps)
        return;
    depend_watch_cancel_pulls(&svc->deps->watch);
    set_wait(svc, NULL);
}

static void send_signal(const struct service *svc, int sig)
{
    if (svc->adopted_fd >= 0)
        syscall(SYS_pidfd_send_signal, svc->adopted_fd, sig, NULL, 0);
    else
        kill(svc->status.pid, sig);
}

/* control/C, when it exists and its owner may execute it, replaces the
 * signal of command C: runsv waits for it (as runit does), and
 * an exit code of 0, or death by a signal, means "done, send nothing".
 * Returns 1 for done. Never for the log service. */
static int run_control_script(struct runsv *runsv, struct service *svc,
                              char command)
{
    char path[] = "control/?";
    char *argv[] = { path, NULL };
    struct spawn spawn = {
        .path = path, .argv = argv, .stdin_fd = -1, .dir_fd = -1,
        .failure = path, .failure_status = 111,
    };
    struct stat info;
    sigset_t mask;
    pid_t pid;
    int status;

    if (svc->is_log)
        return 0;
    path[8] = command;
    if (stat(path, &info) < 0) {
        if (errno != ENOENT)
            warn_errno("unable to stat %s", path);
        return 0;
    }
    if (!(info.st_mode & S_IXUSR))
        return 0;
    spawn.stdout_fd = runsv->has_log ? runsv->log_pipe[1] : -1;
    child_mask(runsv, &mask);
    spawn.mask = &mask;
    pid = spawn_process(&spawn);
    if (pid < 0) {
        warn_errno("unable to fork for %s", path);
        return 0;
    }
    if (spawn_wait(pid, &status) < 0) {
        warn_errno("unable to wait for %s", path);
        return 0;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) == 0 : 1;
}

/* The log pipe is closed when runsv starts exiting; should a command
 * revive a service after that, it gets a fresh one. */
static int ensure_log_pipe(struct runsv *runsv)
{
    if (!runsv->has_log || runsv->log_pipe[0] >= 0)
        return 0;
    if (pipe2(runsv->log_pipe, O_CLOEXEC) == 0)
        return 0;
    warn_errno("unable to create log pipe");
    runsv->log_pipe[0] = runsv->log_pipe[1] = -1;
    return -1;
}

/* ./finish CODE STATUS: the exit code of ./run or -1 after a signal, and
 * the low byte of its wait status, as runit passes them; "-1 0" for an
 * adopted ./run, whose end nobody can tell. CODE and HOW hold 24 bytes. */
static void finish_arguments(const struct service *svc, char *code, char *how)
{
    if (svc->is_end_unknown || WIFSIGNALED(svc->wait_status))
        strcpy(code, "-1");
    else
        code[fmt_ulong(code, (unsigned)WEXITSTATUS(svc->wait_status))] = '\0';
    how[fmt_ulong(how, (unsigned)svc->wait_status & 0xff)] = '\0';
}

/* The time stamp is ./run's start: starting ./finish keeps it. Starting
 * clears the paused and TERM flags, as runit does. */
static void service_started(struct service *svc, pid_t pid, int is_finish)
{
    if (!is_finish) {
        tai64n_now(&svc->status.stamp);
        svc->started_ms = clock_now_ms();
        svc->status.state = SERVICE_RUN;
    }
    svc->status.pid = pid;
    svc->pid_changed = 1;
    svc->status.is_paused = 0;
    svc->status.got_term = 0;
    svc->is_once = 0;
    write_status(svc);
    if (!is_finish)
        begin_readiness(svc);
}

/* With notification-fd N, ./run gets the write end of a new pipe as
 * descriptor N, runsv the read end (s6's readiness protocol). */
static void prepare_notification(struct service *svc, struct spawn *spawn)
{
    struct dependencies *deps = svc->deps;
    int fds[2];

    if (!deps || deps->watch.list.notification_fd < 3)
        return;
    if (pipe2(fds, O_CLOEXEC) < 0) {
        warn_errno("unable to create the notification pipe");
        return;
    }
    deps->notify_fd = fds[0];
    spawn->notify_fd = fds[1];
    spawn->notify_as = deps->watch.list.notification_fd;
}

/* Start ./run, or ./finish when the state is finish: in the service
 * directory (log/ for the log service), standard output into the log
 * pipe when there is a log service, its standard input from it for the
 * log service. */
static void start_service(struct runsv *runsv, struct service *svc,
                          const int *gate)
{
    int is_finish = svc->status.state == SERVICE_FINISH;
    char code[24], how[24];
    char *argv[4] = { "./run", NULL, NULL, NULL };
    struct spawn spawn = {
        .path = argv[0], .argv = argv, .stdin_fd = -1, .stdout_fd = -1,
        .dir_fd = -1,
        .failure = svc->is_log ? "unable to start log/./run" : "unable to start ./run",
        .failure_status = 111, .gate = gate,
    };
    sigset_t mask;
    pid_t pid;

    if (ensure_log_pipe(runsv) < 0) {
        svc->start_after = deadline_after(THROTTLE_MS);
        return;
    }
    if (is_finish) {
        argv[0] = "./finish";
        finish_arguments(svc, code, how);
        argv[1] = code;
        argv[2] = how;
        spawn.path = argv[0];
        spawn.failure = "unable to start ./finish";
    } else if (!svc->is_log) {
        run_control_script(runsv, svc, 'u');
    }
    if (svc->is_log) {
        spawn.stdin_fd = runsv->log_pipe[0];
        spawn.dir = "log";
    } else if (runsv->has_log) {
        spawn.stdout_fd = runsv->log_pipe[1];
    }
    if (!is_finish)
        prepare_notification(svc, &spawn);
    child_mask(runsv, &mask);
    spawn.mask = &mask;
    pid = spawn_process(&spawn);
    if (spawn.notify_as > 2)
        close(spawn.notify_fd);
    if (pid < 0) {
        end_readiness(svc);
        warn_errno("unable to fork, trying again");
        svc->start_after = deadline_after(THROTTLE_MS);
        return;
    }
    service_started(svc, pid, is_finish);
}

/* Whether the service is to be started, once its throttle deadline has
 * passed (./finish has none: it follows ./run at once). */
static int is_start_wanted(const struct runsv *runsv, const struct service *svc)
{
    if (svc->status.pid)
        return 0;
    if (svc->status.state == SERVICE_FINISH)
        return 1;
    if (svc->is_log && runsv->log_pipe[0] < 0)
        return 0;
    return svc->status.want == WANT_UP || svc->is_once;
}

static void start_if_due(struct runsv *runsv, struct service *svc)
{
    if (is_start_wanted(runsv, svc) && clock_now_ms() >= svc->start_after
        && may_start(svc))
        start_service(runsv, svc, NULL);
}

/* ./run (or ./finish) ended with wait STATUS; KNOWN is 0 for an adopted
 * process, whose status nobody can tell us. */
static void service_ended(struct service *svc, int status, int known)
{
    int64_t now = clock_now_ms();
    int fd;

    end_readiness(svc);
    if (svc->deps)
        svc->deps->is_attempt = 1;
    svc->status.pid = 0;
    svc->pid_changed = 1;
    svc->status.got_term = 0;
    if (svc->adopted_fd >= 0) {
        close(svc->adopted_fd);
        svc->adopted_fd = -1;
    }
    if (!svc->is_log && svc->status.state != SERVICE_FINISH) {
        /* runit only tries to open ./finish; one that cannot be
         * executed fails in the child with 111. */
        fd = open("finish", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
            svc->wait_status = status;
            svc->is_end_unknown = !known;
            svc->status.state = SERVICE_FINISH;
            write_status(svc);
            return;
        }
    }
    svc->status.state = SERVICE_DOWN;
    if (now - svc->started_ms < THROTTLE_MS)
        svc->start_after = now + THROTTLE_MS;
    tai64n_now(&svc->status.stamp);
    write_status(svc);
}

static void on_child_exit(void *context, pid_t pid, int status)
{
    struct runsv *runsv = context;
    int i;

    for (i = 0; i <= runsv->has_log; i++) {
        struct service *svc = &runsv->services[i];

        if (svc->status.pid == pid && svc->adopted_fd < 0) {
            service_ended(svc, status, 1);
            return;
        }
        if (svc->deps && depend_watch_reap(&svc->deps->watch, pid, status)) {
            svc->deps->is_dirty = 1;
            return;
        }
    }
}

/* Stop the running ./run as runit does: TERM unless control/t did the job,
 * then CONT and control/d or control/x when it is not to come back. */
static void stop_service(struct runsv *runsv, struct service *svc)
{
    if (!run_control_script(runsv, svc, 't')) {
        send_signal(svc, SIGTERM);
        svc->status.got_term = 1;
        write_status(svc);
    }
    if (svc->status.want == WANT_DOWN) {
        send_signal(svc, SIGCONT);
        run_control_script(runsv, svc, 'd');
    } else if (svc->status.want == WANT_EXIT) {
        send_signal(svc, SIGCONT);
        run_control_script(runsv, svc, 'x');
    }
}

/* A needs dependency is not ready any more: the service is stopped as d
 * stops it (control/t or TERM, CONT, control/d), its want stays up and
 * it waits until all it needs is ready again. Three rollbacks within a
 * minute make a storm: each next start waits longer (storm_reason). */
static __attribute__((noinline)) void roll_back(struct runsv *runsv,
                                                struct service *svc)
{
    struct dependencies *deps = svc->deps;
    int64_t now = clock_now_ms();

    if (!run_control_script(runsv, svc, 't')) {
        send_signal(svc, SIGTERM);
        svc->status.got_term = 1;
        write_status(svc);
    }
    send_signal(svc, SIGCONT);
    run_control_script(runsv, svc, 'd');
    memmove(deps->rollbacks, deps->rollbacks + 1, 2 * sizeof(deps->rollbacks[0]));
    deps->rollbacks[2] = now;
    if (deps->rollbacks[0] && now - deps->rollbacks[0] < STORM_WINDOW_MS)
        deps->storm_delay = !deps->storm_delay ? STORM_FIRST_DELAY_MS
            : deps->storm_delay * 2 > STORM_MAX_DELAY_MS ? STORM_MAX_DELAY_MS
            : deps->storm_delay * 2;
    else
        deps->storm_delay = 0;
    deps->storm_until = 0;
}

/* A dependency said something, or a ./check of one ended: a running
 * service whose needs are gone rolls back; a held one is looked at at
 * the top of the loop. */
static __attribute__((noinline)) void dependencies_changed(struct runsv *runsv,
                                                           struct service *svc)
{
    struct dependencies *deps = svc->deps;

    if (!deps || !deps->is_dirty || svc->status.state != SERVICE_RUN
        || !svc->status.pid || svc->status.got_term)
        return;
    depend_watch_refresh(&deps->watch, 0);
    deps->is_dirty = 0;
    if (depend_watch_needs_lost(&deps->watch))
        roll_back(runsv, svc);
}

static int command_signal(char command)
{
    switch (command) {
    case 'h': return SIGHUP;
    case 'a': return SIGALRM;
    case 'i': return SIGINT;
    case 'q': return SIGQUIT;
    case '1': return SIGUSR1;
    case '2': return SIGUSR2;
    case 'k': return SIGKILL;
    case 'p': return SIGSTOP;
    case 'c': return SIGCONT;
    default: return 0;
    }
}

/* One command byte of runit's (u d o x t p c h a i q 1 2 k); bytes that
 * are no command are ignored. */
static void on_command(struct runsv *runsv, struct service *svc, char command)
{
    int is_running = svc->status.pid && svc->status.state == SERVICE_RUN;
    int sig = command_signal(command);

    switch (command) {
    case 'x':
        if (svc->is_log)
            return;
        /* fall through */
    case 'd':
        svc->status.want = command == 'x' ? WANT_EXIT : WANT_DOWN;
        svc->is_once = 0;
        dependencies_want_down(svc);
        write_status(svc);
        if (is_running)
            stop_service(runsv, svc);
        return;
    case 'u':
    case 'o':
        if (svc->status.want != WANT_UP)
            dependencies_want_up(svc);
        svc->status.want = command == 'u' ? WANT_UP : WANT_DOWN;
        svc->is_once = command == 'o' && !svc->status.pid;
        write_status(svc);
        start_if_due(runsv, svc);
        return;
    case '?':           /* a new subscriber asks whether we send events */
        svc->is_notify_due = 1;
        return;
    case 't':
        if (is_running)
            stop_service(runsv, svc);
        return;
    }
    if (!sig)
        return;
    if (is_running && !run_control_script(runsv, svc, command))
        send_signal(svc, sig);
    if (command == 'p' || command == 'c') {
        svc->status.is_paused = command == 'p';
        write_status(svc);
    }
}

static void close_log_pipe(struct runsv *runsv)
{
    if (runsv->log_pipe[0] < 0)
        return;
    close(runsv->log_pipe[0]);
    close(runsv->log_pipe[1]);
    runsv->log_pipe[0] = runsv->log_pipe[1] = -1;
}

/* After x, once the service is down: exit, or first let the log service
 * drain the pipe and end on end of file, as runit does. 1 when it is
 * time. */
static int is_exit_due(struct runsv *runsv)
{
    struct service *main_svc = &runsv->services[SERVICE_MAIN];
    struct service *log_svc = &runsv->services[SERVICE_LOG];

    if (main_svc->status.want != WANT_EXIT || main_svc->status.state != SERVICE_DOWN)
        return 0;
    if (!runsv->has_log || !log_svc->status.pid)
        return 1;
    if (log_svc->status.want != WANT_EXIT) {
        log_svc->status.want = WANT_EXIT;
        write_status(log_svc);
        close_log_pipe(runsv);
    }
    return 0;
}

static void handle_signals(struct runsv *runsv)
{
    int sig;

    while ((sig = signal_fd_next(runsv->signal_fd)) > 0) {
        if (sig == SIGTERM)
            runsv->is_exit_requested = 1;
    }
    /* Reap even when the read failed: a lost SIGCHLD must not leave a
     * zombie nobody looks at. */
    spawn_reap(on_child_exit, runsv);
}

/* The earliest throttle deadline of a service waiting to start. */
/* The deadlines of a held service's dependencies: the watch's (a ./check
 * of a dependency, a second's re-reading) and the end of a storm's wait. */
static int64_t dependencies_deadline(const struct service *svc)
{
    const struct dependencies *deps = svc->deps;
    int64_t deadline;

    if (!deps->wait[0])
        return DEADLINE_NONE;
    deadline = depend_watch_deadline(&deps->watch, 1);
    if (deps->unread_retry)
        deadline = deadline_min(deadline, deps->unread_retry);
    return deps->storm_until ? deadline_min(deadline, deps->storm_until) : deadline;
}

/* The earliest deadline: a throttle's end, or one of the dependencies'
 * (a held service is not started by its throttle's end alone). */
static int64_t next_deadline(const struct runsv *runsv)
{
    int64_t deadline = DEADLINE_NONE, now = clock_now_ms();
    int i;

    for (i = 0; i <= runsv->has_log; i++) {
        const struct service *svc = &runsv->services[i];
        int is_held = svc->deps && svc->deps->wait[0];

        if (is_start_wanted(runsv, svc) && (!is_held || svc->start_after > now))
            deadline = deadline_min(deadline, svc->start_after);
        if (svc->deps)
            deadline = deadline_min(deadline, dependencies_deadline(svc));
        deadline = deadline_min(deadline, svc->status_retry);
    }
    return deadline;
}

static void read_command(struct runsv *runsv, struct service *svc)
{
    char command;

    if (read(svc->control_fd, &command, 1) == 1)
        on_command(runsv, svc, command);
}

/* Per service: its control FIFO, its adopted process, and with
 * dependencies its readiness pipe and its watch; signals first. */
enum { POLL_CONTROL, POLL_ADOPTED, POLL_NOTIFY, POLL_WATCH, POLL_PER_SERVICE };

static unsigned fill_poll(const struct runsv *runsv, struct pollfd *fds)
{
    unsigned count = 1, i;

    fds[0] = (struct pollfd){ .fd = runsv->signal_fd, .events = POLLIN };
    for (i = 0; i <= (unsigned)runsv->has_log; i++) {
        const struct service *svc = &runsv->services[i];
        const struct dependencies *deps = svc->deps;

        fds[count++] = (struct pollfd){ .fd = svc->control_fd, .events = POLLIN };
        fds[count++] = (struct pollfd){ .fd = svc->adopted_fd, .events = POLLIN };
        fds[count++] = (struct pollfd){ .fd = deps ? deps->notify_fd : -1, .events = POLLIN };
        fds[count++] = (struct pollfd){ .fd = deps ? deps->watch.fd : -1, .events = POLLIN };
    }
    return count;
}

/* After the poll: what the readiness pipes and the watches have. */
static __attribute__((noinline)) void on_dependency_poll(struct runsv *runsv,
                                                         const struct pollfd *fds)
{
    int i;

    for (i = 0; i <= runsv->has_log; i++, fds += POLL_PER_SERVICE) {
        struct service *svc = &runsv->services[i];

        if (!svc->deps)
            continue;
        if (fds[POLL_NOTIFY].revents && svc->deps->notify_fd >= 0)
            read_notification(svc);
        if (fds[POLL_WATCH].revents && depend_watch_on_poll(&svc->deps->watch))
            svc->deps->is_dirty = 1;
    }
}

/* Each service's turn at the top of the loop: started when due, status
 * files that could not be written tried again when due, its subscribers
 * told of what changed. */
static __attribute__((noinline)) void service_turn(struct runsv *runsv,
                                                   struct service *svc)
{
    start_if_due(runsv, svc);
    if (svc->status_retry != DEADLINE_NONE && clock_now_ms() >= svc->status_retry)
        write_status(svc);
    notify_subscribers(svc);
}

/* runsv exits: its subscriptions end, then supervise/ok closes, and only
 * then are the subscribers told of the last status (the loop has no next
 * turn to do it), so that one woken by that byte finds no runsv there
 * any more: sv x waits for that, a dependent rolls back. */
static __attribute__((noinline)) void leave(struct runsv *runsv)
{
    int i;

    close_dependencies(runsv);
    for (i = 0; i <= runsv->has_log; i++) {
        struct service *svc = &runsv->services[i];

        close(svc->ok_fd);
        svc->is_notify_due = 1;
        notify_subscribers(svc);
    }
}

/* One byte per control FIFO per round, as runit: after each, the service
 * is started or runsv exits before the next byte counts (so "xu" sent to
 * a service that is down exits). */
static int runsv_loop(void *context)
{
    struct runsv *runsv = context;
    struct service *main_svc = &runsv->services[SERVICE_MAIN];
    struct service *log_svc = &runsv->services[SERVICE_LOG];

    for (;;) {
        struct pollfd fds[1 + 2 * POLL_PER_SERVICE];
        unsigned count, i;

        if (runsv->has_log)
            service_turn(runsv, log_svc);
        service_turn(runsv, main_svc);
        count = fill_poll(runsv, fds);
        stack_release_below();  /* what a start or a warning touched */
        if (poll_until(fds, count, next_deadline(runsv)) < 0 && errno != EINTR)
            warn_errno("unable to poll");
        if (fds[0].revents)
            handle_signals(runsv);
        for (i = 0; i <= (unsigned)runsv->has_log; i++) {
            struct service *svc = &runsv->services[i];

            if (fds[1 + i * POLL_PER_SERVICE + POLL_ADOPTED].revents && svc->adopted_fd >= 0)
                service_ended(svc, 0, 0);
        }
        on_dependency_poll(runsv, fds + 1);
        for (i = 0; i <= (unsigned)runsv->has_log; i++)
            dependencies_changed(runsv, &runsv->services[i]);
        for (i = 0; i <= (unsigned)runsv->has_log; i++) {
            if (fds[1 + i * POLL_PER_SERVICE + POLL_CONTROL].revents)
                read_command(runsv, &runsv->services[i]);
        }
        if (runsv->is_exit_requested) {
            runsv->is_exit_requested = 0;
            on_command(runsv, main_svc, 'x');
        }
        if (is_exit_due(runsv)) {
            leave(runsv);
            return 0;
        }
    }
}

/* ---- start-up ---- */

static int64_t timespec_ms(const struct timespec *time)
{
    return (int64_t)time->tv_sec * 1000 + time->tv_nsec / 1000000;
}

/* The start time of process PID in Unix milliseconds, from /proc, which
 * counts it in clock ticks since boot; -1 when it is gone or a zombie. */
static int64_t process_start_ms(pid_t pid)
{
    struct timespec boot, now;
    uint64_t ticks;
    char state;

    if (proc_stat_field(pid, 22, &ticks, &state) < 0 || state == 'Z' || state == 'X')
        return -1;
    clock_read(CLOCK_BOOTTIME, &boot);
    clock_read(CLOCK_REALTIME, &now);
    return timespec_ms(&now) - timespec_ms(&boot)
        + (int64_t)(ticks * 1000 / USER_HZ);
}

/* A runsv killed with SIGKILL leaves its ./run running, reparented. runit's
 * successor starts a second ./run beside it; we take the old one over
 * when supervise/status names a running pid whose process started when
 * that status says ./run started (so a recycled pid is not mistaken for
 * it), and watch it through a pidfd until it ends. */
static void adopt_orphan(struct service *svc)
{
    struct supervise_status old;
    int64_t started, recorded;
    int fd;

    if (supervise_status_read(AT_FDCWD, svc->is_log ? "log" : "", &old, NULL) < 0
        || old.state != SERVICE_RUN || old.pid <= 0 || old.pid == getpid())
        return;
    started = process_start_ms(old.pid);
    recorded = tai64n_unix_seconds(&old.stamp) * 1000 + old.stamp.nanoseconds / 1000000;
    if (started < 0 || started - recorded > 1000 || recorded - started > 1000)
        return;
    fd = (int)syscall(SYS_pidfd_open, old.pid, 0);
    if (fd < 0)
        return;
    fd_set_cloexec(fd);
    svc->adopted_fd = fd;
    svc->status.pid = old.pid;
    svc->status.state = SERVICE_RUN;
    svc->status.stamp = old.stamp;
    svc->status.is_paused = old.is_paused;
    svc->status.got_term = old.got_term;
    svc->started_ms = clock_now_ms();
}

/* FD is open on the file OTHER describes. */
static int is_same_file(int fd, const struct stat *other)
{
    struct stat info;

    return fstat(fd, &info) == 0 && info.st_ino == other->st_ino && info.st_dev == other->st_dev;
}


/* An adopted ./run still writes into the killed runsv's log pipe: that
 * pipe becomes ours (its write end taken from the ./run, a read end
 * opened through /proc), so every logger from now on reads what the
 * ./run writes, and it never loses its last reader (which would cost it
 * the lines in the pipe, and SIGPIPE). An adopted logger still running
 * must be reading that same pipe, and it must not be our own output (a ./run started
 * before ./log existed writes where runsv does); otherwise, or when
 * anything fails, ours stays. */
static void take_over_log_pipe(struct runsv *runsv)
{
    const struct service *main_svc = &runsv->services[SERVICE_MAIN];
    const struct service *log_svc = &runsv->services[SERVICE_LOG];
    struct stat write_end;
    char path[32];
    int write_fd, read_fd;

    if (!runsv->has_log || main_svc->adopted_fd < 0)
        return;
    write_fd = (int)syscall(SYS_pidfd_getfd, main_svc->adopted_fd, 1, 0);
    if (write_fd < 0)
        return;
    read_fd = -1;
    fmt_format(path, sizeof(path), "/proc/self/fd/%d", write_fd);
    if (fstat(write_fd, &write_end) < 0 || !S_ISFIFO(write_end.st_mode)
        || (fcntl(write_fd, F_GETFL) & O_ACCMODE) != O_WRONLY
        || is_same_file(1, &write_end) || is_same_file(2, &write_end)
        || (read_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        goto keep_ours;
    if (log_svc->adopted_fd >= 0) {
        /* A logger that has ended meanwhile reads nothing any more. */
        int logger_fd = (int)syscall(SYS_pidfd_getfd, log_svc->adopted_fd, 0, 0);
        int is_other = logger_fd >= 0 && !is_same_file(logger_fd, &write_end);

        if (logger_fd >= 0)
            close(logger_fd);
        if (is_other)
            goto keep_ours;
    }
    close(runsv->log_pipe[0]);
    close(runsv->log_pipe[1]);
    runsv->log_pipe[0] = read_fd;
    runsv->log_pipe[1] = write_fd;
    return;
keep_ours:
    if (read_fd >= 0)
        close(read_fd);
    close(write_fd);
}

/* Descriptors 0-2 are what children inherit: keep our own files off them. */
static void open_standard_fds(void)
{
    int fd;

    for (fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
            return;
    }
}

/* SIGTERM and SIGCHLD come through a signalfd; children get back the mask
 * runsv was started with, so they see the dispositions and mask it had
 * (as runit's do). SIGPIPE is blocked here only: a closed standard error
 * must not kill a supervisor. */
static void setup_signals(struct runsv *runsv)
{
    static const int signals[] = { SIGCHLD, SIGTERM, 0 };
    sigset_t mask;

    runsv->signal_fd = signal_fd_open_list(signals, &mask);
    runsv->is_pipe_blocked = sigismember(&mask, SIGPIPE) == 1;
    if (runsv->signal_fd < 0)
        die_errno(EXIT_SYSTEM, "unable to create signal descriptor");
}

static void init_service(struct service *svc, int is_log, const char *down_file)
{
    struct stat info;

    memset(svc, 0, sizeof(*svc));
    svc->is_log = is_log;
    svc->supervise = is_log ? "log/supervise" : "supervise";
    svc->status.want = stat(down_file, &info) == 0 ? WANT_DOWN : WANT_UP;
    svc->status.state = SERVICE_DOWN;
    tai64n_now(&svc->status.stamp);
    svc->started_ms = INT64_MIN / 2;
    svc->start_after = 0;
    svc->status_retry = DEADLINE_NONE;
    svc->pid_changed = 1;
    svc->adopted_fd = -1;
    svc->control_fd = -1;
    svc->event_fd = -1;
    svc->ok_fd = -1;
    svc->is_notify_due = 1;     /* subscribers hear of a new runsv */
}

/* A log service exists when ./log is a directory. */
static void find_log_service(struct runsv *runsv)
{
    struct stat info;

    runsv->log_pipe[0] = runsv->log_pipe[1] = -1;
    if (stat("log", &info) < 0) {
        if (errno != ENOENT)
            warn_errno("unable to stat ./log");
        return;
    }
    if (!S_ISDIR(info.st_mode)) {
        warn("./log: not a directory.");
        return;
    }
    runsv->has_log = 1;
    init_service(&runsv->services[SERVICE_LOG], 1, "log/down");
    if (pipe2(runsv->log_pipe, O_CLOEXEC) < 0)
        die_errno(EXIT_SYSTEM, "unable to create log pipe");
}

/* supervise/ may be a symbolic link into a tmpfs whose target is gone
 * after a reboot: then its target is made (lib/supervise_event). DIR is
 * "" or "log". When neither can be made (a read-only root without a
 * link into /run), runit goes on and dies at supervise/lock with "file
 * does not exist": the real cause is said first, in one line. */
static void make_supervise_dir(const char *service, const char *dir)
{
    const char *step, *supervise = *dir ? "log/supervise" : "supervise";
    char target[256];
    ssize_t len;
    int saved;

    if (supervise_dir_make(AT_FDCWD, dir, &step) == 0)
        return;
    if (step[0] == 'o')
        die_errno(EXIT_SYSTEM, "unable to open directory ./%s", *dir ? dir : ".");
    if (step[0] == 'r')
        die_errno(EXIT_SYSTEM, "unable to readlink ./%s", supervise);
    saved = errno;
    len = readlink(supervise, target, sizeof(target) - 1);
    target[len > 0 ? len : 0] = '\0';
    err_set_prefix_arg(NULL);
    if (len <= 0)
        say("unable to create %s/%s: %s", service, supervise, error_text(saved));
    else if (target[0] == '/')
        say("unable to create %s: %s", target, error_text(saved));
    else
        say("unable to create %s/%s%s: %s", service, *dir ? "log/" : "", target,
            error_text(saved));
    err_set_prefix_arg(service);
}

/* The main lock is tried (another runsv there is fatal), the log's is
 * waited for, as in runit. The descriptor is kept for ever. */
static void lock_service(const struct service *svc)
{
    char path[32];
    int fd, locked;

    fmt_format(path, sizeof(path), "%s/lock", svc->supervise);
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0)
        die_errno(EXIT_SYSTEM, "unable to open %s", path);
    locked = svc->is_log ? (lock_file(fd) == 0) : try_lock_file(fd);
    if (locked == 0 && !svc->is_log)
        errno = EWOULDBLOCK;
    if (locked != 1)
        die_errno(EXIT_SYSTEM, "unable to lock %s", path);
}

/* supervise/control: a FIFO, made when absent; anything else there is
 * fatal. Opened for reading and writing. */
static int open_control(const struct service *svc, int *write_fd)
{
    char path[32];
    int fd;

    fmt_format(path, sizeof(path), "%s/control", svc->supervise);
    fd = fifo_open_reader(path, 0600, write_fd);
    if (fd < 0 && errno == EEXIST)
        die(EXIT_SYSTEM, "%s exists but is not a fifo", path);
    if (fd < 0)
        die_errno(EXIT_SYSTEM, "unable to open %s", path);
    return fd;
}

/* supervise/ok: made as a FIFO when absent, then opened for reading
 * whatever it is, as runit does; kept open until runsv exits. */
static void open_ok(struct service *svc)
{
    char path[32];

    fmt_format(path, sizeof(path), "%s/ok", svc->supervise);
    if ((mkfifo(path, 0600) < 0 && errno != EEXIST)
        || (svc->ok_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
        die_errno(EXIT_SYSTEM, "unable to read %s", path);
}

/* As runit: the status files, then supervise/ok, then ./run, so that a
 * client that sees the service's first output finds runsv ready. But a
 * service that starts at once is forked first and held at a gate until
 * the status files (its run state) and supervise/ok are in place: its
 * status is written once, not as down and then as run. Each status file
 * is a new inode, and where a file system makes inodes slowly, a thousand
 * runsv starting together spend much of their time making them
 * (docs/performance.md). The log service is forked first, as in runit. */
static void start_first(struct runsv *runsv)
{
    int gate[2], held = 0, i;

    if (pipe2(gate, O_CLOEXEC) < 0)
        gate[0] = gate[1] = -1;
    for (i = runsv->has_log; i >= 0; i--) {
        struct service *svc = &runsv->services[i];

        if (gate[0] >= 0 && is_start_wanted(runsv, svc) && may_start(svc)) {
            start_service(runsv, svc, gate);
            if (svc->status.pid) {
                held++;
                continue;
            }
        }
        write_status(svc);
    }
    for (i = 0; i <= runsv->has_log; i++)
        open_ok(&runsv->services[i]);
    if (gate[0] >= 0) {
        spawn_gate_open(gate, held);
        return;
    }
    for (i = runsv->has_log; i >= 0; i--)
        start_if_due(runsv, &runsv->services[i]);
}

/* The service directory's path as runsv was given it, made absolute
 * before runsv changes into it: the names of its dependency files are
 * looked up beside it. "" when the working directory cannot be told
 * (then only absolute names are found). */
static void service_entry(const char *dir, char *entry, size_t size)
{
    long len;

    /* the system call: libc's getcwd brings malloc into a static build */
    if (dir[0] == '/')
        fmt_format(entry, size, "%s", dir);
    else if ((len = syscall(SYS_getcwd, entry, size)) <= 0)
        entry[0] = '\0';
    else if (strcmp(dir, ".") != 0)     /* "." is the working directory */
        fmt_format(entry + len - 1, size - (size_t)len + 1, "/%s", dir);
}

/* A ready file of a previous runsv stays only for the very process this
 * one adopted; a wait file goes (the wait is judged anew). */
static void clear_old_files(struct service *svc)
{
    struct tai64n stamp;
    pid_t pid;

    if (supervise_ready_read(AT_FDCWD, svc->is_log ? "log" : "", &stamp, &pid) == 0
        && svc->status.pid && pid == svc->status.pid)
        svc->deps->is_ready = 1;
    else
        remove_file(svc, "ready");
    remove_file(svc, "wait");
}

/* A service with dependency files (docs/dependencies.md) gets its watch,
 * subscribing as NAME.PID (NAME.log.PID for the log service). ENTRY
 * (PATH_MAX bytes) is the main service's; the log's is ENTRY/log, made
 * in place for the while. */
static void watch_dependencies(struct runsv *runsv, struct service *svc, char *entry)
{
    struct dependencies *deps = mem_alloc(sizeof(*deps));
    char subscriber[NAME_MAX + 32];
    const char *base = strrchr(entry, '/') ? strrchr(entry, '/') + 1 : entry;
    size_t len = strlen(entry);
    int result;

    if (!deps) {
        warn_errno("unable to read the dependency files");
        return;
    }
    fmt_format(subscriber, sizeof(subscriber), "%s%s.%d", base,
               svc->is_log ? ".log" : "", (int)getpid());
    if (svc->is_log)
        fmt_format(entry + len, PATH_MAX - len, "/log");
    child_mask(runsv, &deps->mask);
    result = depend_watch_open(&deps->watch, svc->is_log ? "log" : "", entry,
                               subscriber, &deps->mask);
    entry[len] = '\0';
    if (result <= 0) {
        if (result < 0)
            warn_errno("unable to read the dependency files");
        mem_free(deps);
        return;
    }
    deps->notify_fd = -1;
    svc->deps = deps;
    if (deps->watch.list.is_notification_fd_bad)
        warn("%snotification-fd: not a descriptor number of 3 or more: ignored",
             svc->is_log ? "log/" : "");
}

/* Once the service is locked and its status known: its supervise/event,
 * and with its want up, the pull of its dependencies. */
static void open_dependencies(struct service *svc)
{
    char path[32];

    if (!svc->deps)
        return;
    fmt_format(path, sizeof(path), "%s/event", svc->supervise);
    mkdir(path, 0700);
    clear_old_files(svc);
    if (svc->status.want == WANT_UP)
        dependencies_want_up(svc);
}

/* Into the service directory, as runit: DIR, then ./log; the watches of
 * the dependencies, whose names are looked up beside DIR's path. Not
 * inlined: that path's buffer is not to stay in setup's frame while
 * setup goes on deeper (lib/stack.h). */
static __attribute__((noinline)) void enter_service(struct runsv *runsv, const char *dir)
{
    char entry[PATH_MAX];
    int i;

    service_entry(dir, entry, sizeof(entry));
    if (chdir(dir) < 0)
        die_errno(EXIT_SYSTEM, "unable to change to directory");
    init_service(&runsv->services[SERVICE_MAIN], 0, "down");
    find_log_service(runsv);
    for (i = 0; i <= runsv->has_log; i++)
        watch_dependencies(runsv, &runsv->services[i], entry);
}

/* runit's start-up, in its order: the directory, ./log, the supervise
 * directories and their locks, control and ok, then the services. Not
 * inlined: none of it is to stay in runsv_main's frame (lib/stack.h). */
static __attribute__((noinline)) void setup(struct runsv *runsv, const char *dir)
{
    int i;

    open_standard_fds();
    setup_signals(runsv);
    enter_service(runsv, dir);
    make_supervise_dir(dir, "");
    lock_service(&runsv->services[SERVICE_MAIN]);
    if (runsv->has_log) {
        make_supervise_dir(dir, "log");
        lock_service(&runsv->services[SERVICE_LOG]);
    }
    for (i = 0; i <= runsv->has_log; i++) {
        struct service *svc = &runsv->services[i];
        int write_fd;       /* held for ever: reads never see end of file */

        adopt_orphan(svc);
        svc->control_fd = open_control(svc, &write_fd);
        open_dependencies(svc);
    }
    take_over_log_pipe(runsv);
    start_first(runsv);
}

int runsv_main(int argc, char **argv)
{
    struct runsv runsv;

    stack_limit_restore();      /* runsvdir may have lowered it */
    if (argc != 2)
        die_usage_as_invoked(1);
    err_set_prefix_arg(argv[1]);
    memset(&runsv, 0, sizeof(runsv));
    setup(&runsv, argv[1]);
    /* One stack page per idle runsv, not two or three (docs/performance.md). */
    stack_run_idle_loop(argv, runsv_loop, &runsv, sizeof(runsv));
}
