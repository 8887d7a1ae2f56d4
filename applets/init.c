/* init.c - process 1 with runit's three stages, and the commands that stop it */

/*
config INIT
	bool "init"
	default y
	help
	  usage: init 0|6

	  As process 1: runit's stages /etc/runit/1, 2 and 3, then power off
	  (reboot with the reboot flag). Signals: CONT (stopit set), INT (ctrl-
	  alt-del), USR1 halt, USR2/PWR power off, TERM reboot. Otherwise:
	  init 0|6 halts or reboots; runit, poweroff|reboot|halt [-f] [-n] and
	  cttyhack PROG as in init(8).

*/
/* install: sbin/init sbin/runit sbin/runit-init sbin/poweroff sbin/reboot sbin/halt sbin/cttyhack */

#include "clock.h"
#include "env.h"
#include "err.h"
#include "fd.h"
#include "file.h"
#include "fmt.h"
#include "mem.h"
#include "options.h"
#include "poll.h"
#include "signals.h"
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CONSOLE "/dev/console"
#define CTRLALTDEL "/etc/runit/ctrlaltdel"
#define NOSYNC "/etc/runit/nosync"

/* A flag is set when its file exists with the owner-execute bit. Both
 * the upstream name and Debian's (in /run, so /etc may be read-only)
 * count: set when either is; init 0/6 write both. */
static const char *const stopit_flag[2] = { "/etc/runit/stopit", "/run/runit.stopit" };
static const char *const reboot_flag[2] = { "/etc/runit/reboot", "/run/runit.reboot" };
static const char *const stage_paths[3] = { "/etc/runit/1", "/etc/runit/2", "/etc/runit/3" };

enum request { REQUEST_NONE, REQUEST_HALT, REQUEST_POWEROFF, REQUEST_REBOOT };
static const char *const request_names[] = { "", "halt", "power off", "reboot" };

enum stopping { STOP_NO, STOP_ASKED, STOP_SENT };

struct init {
    int signal_fd;
    int stage;                  /* 1, 2 or 3 */
    pid_t stage_pid;            /* 0 once the stage process has ended */
    pid_t stage_group;          /* stage 2's process group */
    int stage_status;
    pid_t ctrlaltdel_pid;
    enum stopping stopping;     /* of stage 2 */
    enum request request;       /* from a signal; else the reboot flag decides */
    int is_container;           /* reboot(2) would only end a PID namespace */
};

static void wait_event(struct init *init, int64_t deadline);

static int flag_is_set(const char *const paths[2])
{
    struct stat st;
    int i;

    for (i = 0; i < 2; i++) {
        if (stat(paths[i], &st) == 0 && (st.st_mode & S_IXUSR))
            return 1;
    }
    return 0;
}

/* Set a flag (create, mode 0100) or clear it (mode 0 where it exists) at
 * both paths. Setting succeeds when one path took it, clearing when no
 * path is left set. On failure *STEP and *PATH say what went wrong. */
static int flag_write(const char *const paths[2], int on,
                      const char **step, const char **path)
{
    const char *failed_step;
    int i, fd, done = 0, failures = 0, error = 0;

    for (i = 0; i < 2; i++) {
        failed_step = NULL;
        if (on) {
            fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0100);
            if (fd < 0)
                failed_step = "create";
            else
                close(fd);
        }
        if (!failed_step && chmod(paths[i], on ? 0100 : 0) < 0 && (on || errno != ENOENT))
            failed_step = "chmod";
        if (!failed_step) {
            done = 1;
            continue;
        }
        if (!failures++) {
            error = errno;
            *step = failed_step;
            *path = paths[i];
        }
    }
    errno = error;
    return (on ? done : !failures) ? 0 : -1;
}

/* ---------------------------------------------------------------- stages */

/* The console as standard input, output and error (ALL), or as standard
 * error only: runit reopens it before judging each stage, in case it
 * came to exist meanwhile. Opened non-blocking: a stopped serial line
 * must never stop process 1. With no /dev/console and no standard output
 * either (an initramfs without the node: the kernel gave us nothing; a
 * container runtime always gives something) we mount devtmpfs for one. */
static void open_console(int all)
{
    int i, fd = open(CONSOLE, O_WRONLY | O_NOCTTY | O_NONBLOCK);

    if (fd < 0 && errno == ENOENT && fcntl(1, F_GETFD) < 0
        && mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) == 0)
        fd = open(CONSOLE, O_WRONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return;
    for (i = all ? 0 : 2; i <= 2; i++) {
        if (fd != i)
            dup2(fd, i);
    }
    if (fd > 2)
        close(fd);
}

/* Between fork and exec: the console, blocking this time, as standard
 * output and error; stage 1 also gets it as input and tries to make it
 * its controlling terminal (which fails: stage 1 stays in our session,
 * as in runit). Other children get their own session. */
static void child_setup(int stage)
{
    int fd;

    reset_signals_for_exec();
    if (stage != 1)
        setsid();
    fd = open(CONSOLE, O_RDWR | O_NOCTTY);
    if (fd < 0)
        return;
    if (stage == 1) {
        dup2(fd, 0);
        ioctl(0, TIOCSCTTY, 0);
    }
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
}

/* Errors that may go away by themselves: worth trying the exec again. */
static int is_transient(int error)
{
    return error == ENOMEM || error == EAGAIN || error == ETXTBSY || error == ENFILE;
}

static void run_child(const char *path, int stage)
{
    char *argv[] = { (char *)path, NULL };
    unsigned delay = 1;

    child_setup(stage);
    say("enter stage: %s", path);
    for (;;) {
        execve(path, argv, environ);
        if (!is_transient(errno))
            break;
        warn_errno("unable to start child: %s, retrying in %u s", path, delay);
        poll(NULL, 0, (int)delay * 1000);
        if (delay < 30)
            delay *= 2;
    }
    /* runit exits 0 here, so a missing stage looks like a clean run; we
     * exit 127, and the parent reports the stage as failed. */
    die_errno(127, "unable to start child: %s", path);
}

/* fork(), retried after 1, 2, 4 ... 32 s while events are still served. */
static pid_t fork_or_wait(struct init *init, const char *what)
{
    unsigned delay = 1;
    int64_t deadline;
    pid_t pid;

    while ((pid = spawn_fork()) < 0) {
        warn_errno("unable to fork for %s, retrying in %u s", what, delay);
        deadline = deadline_after((int64_t)delay * 1000);
        while (clock_now_ms() < deadline)
            wait_event(init, deadline);
        if (delay < 30)
            delay *= 2;
    }
    return pid;
}

static pid_t spawn(struct init *init, const char *path, int stage)
{
    pid_t pid = fork_or_wait(init, path);

    if (pid == 0)
        run_child(path, stage);
    return pid;
}

/* ---------------------------------------------------------------- events */

static void stop_if_flagged(struct init *init)
{
    const char *step, *path;

    if (!flag_is_set(stopit_flag))
        return;
    /* mode 0, so that a later SIGCONT does not stop the next boot */
    flag_write(stopit_flag, 0, &step, &path);
    if (init->stopping == STOP_NO)
        init->stopping = STOP_ASKED;
}

static void ctrl_alt_del(struct init *init)
{
    struct stat st;

    if (init->ctrlaltdel_pid || stat(CTRLALTDEL, &st) < 0 || !(st.st_mode & S_IXUSR))
        return;
    say("ctrl-alt-del request...");
    /* Not waited for in place (runit blocks here): reaping goes on, and
     * its end is acted on like a SIGCONT in reap_children(). -1 until
     * then: another SIGINT while spawn_fork() is retried must not start one. */
    init->ctrlaltdel_pid = -1;
    init->ctrlaltdel_pid = spawn(init, CTRLALTDEL, 0);
}

/* busybox's signals (halt USR1, poweroff USR2, reboot TERM) and PWR. */
static void on_request(struct init *init, enum request request)
{
    const char *step, *path;

    say("%s request...", request_names[request]);
    flag_write(reboot_flag, request == REQUEST_REBOOT, &step, &path);
    init->request = request;
    if (init->stopping == STOP_NO)
        init->stopping = STOP_ASKED;
}

static void on_signal(struct init *init, int sig)
{
    switch (sig) {
    case SIGCONT: case SIGINT: case SIGUSR1: case SIGUSR2: case SIGTERM: case SIGPWR:
        break;
    default:
        return;                 /* CHLD: reaped below; others ignored */
    }
    if (init->stage != 2) {
        warn("signals only work in stage 2.");
        return;
    }
    if (sig == SIGCONT)
        stop_if_flagged(init);
    else if (sig == SIGINT)
        ctrl_alt_del(init);
    else
        on_request(init, sig == SIGUSR1 ? REQUEST_HALT
                   : sig == SIGTERM ? REQUEST_REBOOT : REQUEST_POWEROFF);
}

static void on_child_exit(void *context, pid_t pid, int status)
{
    struct init *init = context;

    if (pid == init->stage_pid) {
        init->stage_pid = 0;
        init->stage_status = status;
    } else if (pid == init->ctrlaltdel_pid) {
        init->ctrlaltdel_pid = 0;
        say("leave stage: %s", CTRLALTDEL);
        if (init->stage == 2)
            stop_if_flagged(init);
    }
}

/* Collect every child that has ended, ours or orphans; 0 when no child
 * is left at all. */
static int reap_children(struct init *init)
{
    return spawn_reap(on_child_exit, init);
}

/* Sleep until a signal comes or DEADLINE passes, act on the signals, reap.
 * runit wakes at least every 14 seconds; so do we, to reap even if a
 * SIGCHLD were ever lost. */
static void wait_event(struct init *init, int64_t deadline)
{
    struct pollfd fd = { .fd = init->signal_fd, .events = POLLIN };
    int sig;

    poll_until(&fd, 1, deadline_min(deadline, deadline_after(14000)));
    while ((sig = signal_fd_next(init->signal_fd)) > 0)
        on_signal(init, sig);
    reap_children(init);
}

/* Wait until no child is left or MS milliseconds have passed. */
static void wait_all_gone(struct init *init, int64_t ms)
{
    int64_t deadline = deadline_after(ms);

    while (reap_children(init) && clock_now_ms() < deadline)
        wait_event(init, deadline);
}

/* ---------------------------------------------------------------- stage machine */

/* Run the current stage until its process ends. A stop request in stage
 * 2 sends TERM (and CONT, in case it is stopped), and KILL 5 s later. */
static void run_stage(struct init *init)
{
    int64_t kill_deadline = DEADLINE_NONE;
    pid_t pid = spawn(init, stage_paths[init->stage - 1], init->stage);

    init->stage_pid = init->stage_group = pid;
    while (init->stage_pid) {
        if (init->stopping == STOP_ASKED) {
            kill(pid, SIGTERM);
            kill(pid, SIGCONT);
            kill_deadline = deadline_after(5000);
            init->stopping = STOP_SENT;
        } else if (clock_now_ms() >= kill_deadline) {
            warn("stage 2 not terminated, sending sigkill...");
            kill(pid, SIGKILL);
            kill_deadline = DEADLINE_NONE;
        }
        wait_event(init, kill_deadline);
    }
}

/* runit's stage 2 restart: KILL its process group, wait 5 s (serving
 * events: a stop request meanwhile goes straight to stage 3). */
static int restart_stage2(struct init *init)
{
    int64_t deadline = deadline_after(5000);

    warn("killing all processes in stage 2...");
    kill(-init->stage_group, SIGKILL);
    while (init->stopping == STOP_NO && clock_now_ms() < deadline)
        wait_event(init, deadline);
    if (init->stopping != STOP_NO) {
        say("leave stage: %s", stage_paths[1]);
        return 3;
    }
    warn("restarting.");
    return 2;
}

/* Judge how the stage ended, say so as runit does, return the next one
 * (4: the end). Beyond runit 2.1.2, and as its man page promises, a
 * stage 2 killed by a signal is restarted like one that exits 111. */
static int next_stage(struct init *init)
{
    const char *path = stage_paths[init->stage - 1];
    int status = init->stage_status;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    int crashed = WIFSIGNALED(status);

    if (init->stopping != STOP_NO) {
        say("leave stage: %s", path);
        return 3;
    }
    if (crashed)
        warn("child crashed: %s", path);
    else if (code)
        warn("child failed: %s", path);
    if (init->stage == 2 && (crashed || code == 111))
        return restart_stage2(init);
    say("leave stage: %s", path);
    if (init->stage == 1 && code == 100) {
        warn("skipping stage 2...");
        return 3;
    }
    return init->stage + 1;
}

/* ---------------------------------------------------------------- the end */

/* Octal escapes of /proc/self/mounts ("\040" for a space), in place. */
static void unescape(char *s)
{
    char *out = s;

    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
            *out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            s += 3;
        } else {
            *out++ = *s;
        }
    }
    *out = '\0';
}

/* /proc/self/mounts as one NUL-terminated string (from mem_alloc), or NULL. */
static char *read_mounts(void)
{
    size_t size = 0, len = 0;
    char *text = NULL, *more;
    ssize_t n;
    int fd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    for (;;) {
        more = mem_grow(text, &size, len + 4096);
        if (!more)
            break;
        text = more;
        n = read(fd, text + len, size - len - 1);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (text)
        text[len] = '\0';
    return text;
}

/* Unmount every file system, the last mounted first; what cannot be
 * unmounted is made read-only, so nothing is left half written. */
static void unmount_all(void)
{
    char *text = read_mounts(), *dir;
    size_t len = text ? strlen(text) : 0;

    if (!text)
        mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
    while (len > 0) {
        text[--len] = '\0';             /* the newline ending the last line */
        while (len > 0 && text[len - 1] != '\n')
            len--;
        dir = strchr(text + len, ' ');  /* "DEVICE DIR TYPE OPTIONS 0 0" */
        if (!dir)
            continue;
        dir++;
        *strchrnul(dir, ' ') = '\0';
        unescape(dir);
        if (umount2(dir, 0) < 0 && mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
            warn_errno("unable to unmount %s", dir);
    }
    mem_free(text);
}

/* The last child: sync, unmount, and reboot(2), which ends the calling
 * process after a halt or power off: it must not be process 1. Process 1
 * goes on reaping meanwhile, whatever a file system makes us wait for.
 * In a container the mounts share the host's file systems, so nothing is
 * unmounted or made read-only there. */
static void reboot_child(int command, int is_container)
{
    int nosync = access(NOSYNC, F_OK) == 0;

    if (!nosync)
        sync();
    if (!is_container)
        unmount_all();
    if (command == RB_POWER_OFF)
        say("power off...");
    else
        say(command == RB_AUTOBOOT ? "system reboot." : "system halt.");
    if (!nosync)
        sync();
    reboot(command);
    if (command == RB_POWER_OFF) {
        poll(NULL, 0, 2000);
        say("system halt.");
        reboot(RB_HALT_SYSTEM);
    }
    die_errno(111, "unable to %s", command == RB_AUTOBOOT ? "reboot" : "halt");
}

/* After stage 3: TERM and CONT to every process, a short grace, KILL,
 * then the decision and reboot_child(). Never returns. */
static void final_shutdown(struct init *init)
{
    int command;

    say("sending TERM signal to all processes...");
    kill(-1, SIGTERM);
    kill(-1, SIGCONT);
    wait_all_gone(init, 2000);
    say("sending KILL signal to all processes...");
    kill(-1, SIGKILL);
    wait_all_gone(init, 1000);
    command = init->request == REQUEST_REBOOT ? RB_AUTOBOOT
        : init->request == REQUEST_HALT ? RB_HALT_SYSTEM
        : init->request == REQUEST_POWEROFF ? RB_POWER_OFF
        : flag_is_set(reboot_flag) ? RB_AUTOBOOT : RB_POWER_OFF;
    if (fork_or_wait(init, "reboot") == 0)
        reboot_child(command, init->is_container);
    for (;;)
        wait_event(init, DEADLINE_NONE);
}

static void stage_init(void)
{
    struct init init = { .signal_fd = -1, .stage = 1 };
    sigset_t all;

    sigfillset(&all);
    setsid();
    open_console(1);
    err_set_prefix("- runit");
    while ((init.signal_fd = signal_fd_open(&all)) < 0) {
        warn_errno("unable to create signal descriptor, pausing");
        poll(NULL, 0, 5000);
    }
    /* From now on ctrl-alt-del is a SIGINT to us. In a PID namespace this
     * fails, which is how we know we are in a container. */
    init.is_container = reboot(RB_DISABLE_CAD) < 0;
    say("$Id: initbox %s $: booting.", initbox_version);
    while (init.stage <= 3) {
        run_stage(&init);
        open_console(0);
        init.stage = next_stage(&init);
        if (init.stage == 3)
            init.stopping = STOP_NO;
    }
    init.stage = 3;
    final_shutdown(&init);
}

/* ---------------------------------------------------------------- commands */

/* init 0, init 6, poweroff, reboot, halt: the runit flags, then a signal
 * to process 1. STRICT (init 0|6): a flag that cannot be written is fatal
 * (runit-init's exit 111); the others still send their signal, which our
 * process 1 obeys without flags. */
static int ask_init(int reboot_wanted, int sig, int strict)
{
    const char *step = "", *path = "";

    if (flag_write(stopit_flag, 1, &step, &path) < 0
        || flag_write(reboot_flag, reboot_wanted, &step, &path) < 0) {
        if (strict)
            die_errno(EXIT_SYSTEM, "unable to %s %s", step, path);
        warn_errno("unable to %s %s", step, path);
    }
    if (sig && kill(1, sig) < 0)
        die_errno(EXIT_SYSTEM, "unable to signal init");
    kill(1, SIGCONT);
    return 0;
}

static void write_text(const char *a, const char *b, const char *c)
{
    write_full(2, a, strlen(a));
    write_full(2, b, strlen(b));
    write_full(2, c, strlen(c));
}

/* runit-init: the first character of the argument decides; anything
 * else prints the usage and exits 0, as runit-init does. */
static int runit_init(int argc, char **argv)
{
    err_set_prefix("init");
    if (argc > 1 && (argv[1][0] == '0' || argv[1][0] == '6'))
        return ask_init(argv[1][0] == '6', 0, 1);
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'V') {
        print_version_line();
        write_text("\n", "", "");
    }
    write_text("usage: ", argv[0], " 0|6\n\n");
    return 0;
}

/* poweroff, reboot, halt: busybox's signals to process 1 (which also
 * reach an init that knows none of them through runit's flags and
 * SIGCONT); with -f, reboot(2) at once. */
static int shutdown_command(int argc, char **argv, const char *name)
{
    int force = 0, nosync = 0, option;
    int command = name[0] == 'r' ? RB_AUTOBOOT : name[0] == 'p' ? RB_POWER_OFF : RB_HALT_SYSTEM;
    struct options state = OPTIONS_INIT;

    while ((option = options_next(&state, argc, argv, "fn", NULL)) != -1) {
        if (option == 'f')
            force = 1;
        else if (option == 'n')
            nosync = 1;
        else {
            write_text("usage: ", name, " [-f] [-n]\n");
            return 1;
        }
    }
    if (!force)
        return ask_init(command == RB_AUTOBOOT,
                        command == RB_AUTOBOOT ? SIGTERM
                        : command == RB_POWER_OFF ? SIGUSR2 : SIGUSR1, 0);
    if (!nosync)
        sync();
    reboot(command);
    die_errno(EXIT_SYSTEM, "unable to %s", name);
}

/* The device behind /dev/console as "/dev/NAME": the last console in
 * /sys/class/tty/console/active, and for tty0 the foreground virtual
 * terminal; /dev/console itself when /sys does not say. */
static void console_device(char *device, size_t size)
{
    char buf[64], *name;
    ssize_t len = read_small_file("/sys/class/tty/console/active", buf, sizeof(buf));

    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        buf[--len] = '\0';
    if (len <= 0) {
        fmt_format(device, size, "%s", CONSOLE);
        return;
    }
    name = strrchr(buf, ' ');
    name = name ? name + 1 : buf;
    if (strcmp(name, "tty0") == 0
        && read_small_file("/sys/class/tty/tty0/active", buf, sizeof(buf)) > 0) {
        *strchrnul(buf, '\n') = '\0';
        name = buf;
    }
    fmt_format(device, size, "/dev/%s", name);
}

/* busybox's cttyhack idea: /dev/console never becomes a controlling
 * terminal by being opened, so a shell on it has no job control and no
 * ^C. Run PROG in a new session with the real console device as its
 * controlling terminal (unless it has one already). */
static int cttyhack(int argc, char **argv)
{
    char device[64];
    int fd, status;
    pid_t pid;

    if (argc < 2) {
        write_text("usage: ", argv[0], " prog [arg...]\n");
        return EXIT_USAGE;
    }
    fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
    } else {
        console_device(device, sizeof(device));
        if (setsid() < 0) {
            /* a process group leader cannot start a session: its child can */
            pid = spawn_fork();
            if (pid > 0) {
                if (spawn_wait(pid, &status) < 0)
                    die_errno(EXIT_SYSTEM, "unable to wait for %s", argv[1]);
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            setsid();
        }
        fd = open(device, O_RDWR);
        if (fd < 0 || ioctl(fd, TIOCSCTTY, 1) < 0) {
            warn_errno("unable to make %s the controlling terminal", device);
        } else {
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (fd > 2)
            close(fd);
    }
    exec_search(argv[1], argv + 1, environ, getenv("PATH"));
    die_errno(EXIT_SYSTEM, "unable to run %s", argv[1]);
}

int init_main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    sigset_t all;

    if (strcmp(name, "cttyhack") == 0)
        return cttyhack(argc, argv);
    if (getpid() == 1) {
        /* Signals first: users send power-off requests very early. */
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        stage_init();
    }
    if (strcmp(name, "runit") == 0) {
        err_set_prefix("- runit");
        die(EXIT_SYSTEM, "must be run as process no 1.");
    }
    if (strcmp(name, "poweroff") == 0 || strcmp(name, "reboot") == 0
        || strcmp(name, "halt") == 0)
        return shutdown_command(argc, argv, name);
    return runit_init(argc, argv);
}
