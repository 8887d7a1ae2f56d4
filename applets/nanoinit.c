/* nanoinit.c - a small PID 1 for containers, in place of baseimage-docker's my_init */

/*
config NANOINIT
	bool "nanoinit"
	default y
	help
	  usage: nanoinit [OPTION...] [--] [COMMAND [ARG...]]

	  Container PID 1 in place of my_init. Options: -h --help, -V
	  --version, -q --quiet, -v --verbose, --skip-startup-files,
	  --skip-runit, --no-killall --no-kill-all-on-exit,
	  -g --forward-to-group,
	  -e --remap-exit=CODE, -r --rewrite-signal=FROM:TO,
	  -p --parent-death-signal=SIG; --enable-insecure-key is refused.
	  See nanoinit(8).

config NANOINIT_ENVIRONMENT
	bool "nanoinit: my_init's environment capture"
	default y
	depends on NANOINIT
	help
	  Import /etc/container_environment, write it back with its .sh and
	  .json dumps, and re-import it after each startup script (about
	  4 kB). Without it NANOINIT_ENV_DIR is ignored.
*/
/* install: sbin/nanoinit */

#include "config.h"
#include "clock.h"
#include "depend.h"
#include "dir.h"
#include "env.h"
#include "env_capture.h"
#include "err.h"
#include "file.h"
#include "fmt.h"
#include "mem.h"
#include "options.h"
#include "poll.h"
#include "proc.h"
#include "signal_names.h"
#include "signals.h"
#include "spawn.h"
#include "supervise_status.h"
#include "user.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_TIMEOUT_MS 30000
#define GRACE_MS 1000           /* after a SIGKILL, before going on */
#define SERVICE_POLL_MS 100

enum log_level { LOG_WARNING, LOG_INFO, LOG_DEBUG };
enum phase { PHASE_STARTUP, PHASE_RUNNING, PHASE_SHUTDOWN };
enum import_mode { IMPORT_NONE, IMPORT_INITIAL, IMPORT_EXACT, IMPORT_ADD };
enum spawn_kind { SPAWN_FILE, SPAWN_MAIN, SPAWN_COMPANION };

struct nanoinit {
    /* command line */
    enum log_level log_level;
    unsigned char skip_startup_files, skip_runit, no_killall, to_group;
    unsigned char remap[32];                /* bit set: exit 0 instead */
    unsigned char rewrite[SIGNAL_LIMIT];    /* TO + 1; 0: forward as is */
    int parent_death_signal;
    char **command;                         /* NULL: runsvdir is main */
    /* settings from the environment (KILL_*_TIMEOUT, NANOINIT_*) */
    int64_t process_timeout, all_timeout;   /* T_proc, T_all in ms */
    const char *startup_dirs[2];            /* colon lists, merged */
    const char *pre_dirs[2], *post_dirs[2];
    const char *rc_local, *env_dir, *service_dir, *runsvdir;
    /* processes */
    int signal_fd;
    enum phase phase;
    int is_pid1, is_childless, tty_handed, runsvdir_started;
    int abort_signal;                       /* stop signal in the startup */
    pid_t main_pid, main_target;            /* target: pid, or -pgid (-g) */
    pid_t companion_pid, task_pid;          /* task: startup file, hook */
    int main_status, task_status, task_timed_out;
    int64_t main_kill_at, task_kill_at, task_give_up_at;
    /* environment capture */
    int has_env_dir, export_ok, env_gid_known, env_reported;
    gid_t env_gid;
    struct env env;                         /* what environ points at */
};

#define info(n, ...) \
    do { if ((n)->log_level >= LOG_INFO) say(__VA_ARGS__); } while (0)
#define debug(n, ...) \
    do { if ((n)->log_level >= LOG_DEBUG) say(__VA_ARGS__); } while (0)

/* ---------------------------------------------------------------- */
/* Signals                                                          */

/* Left alone: faults mean nanoinit itself is broken and must die of
 * them; the next three are ignored. Never forwarded, like the signals
 * no process can catch and SIGCHLD. */
static const unsigned char unblocked_signals[] = {
    SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT,
    SIGTTIN, SIGTTOU, SIGPIPE, SIGKILL, SIGSTOP, SIGCHLD,
};
#define IGNORED_FIRST 7         /* SIGTTIN, SIGTTOU, SIGPIPE */
#define IGNORED_END 10

static int is_forwardable(int sig)
{
    return sig >= 1 && sig < SIGNAL_LIMIT
        && !memchr(unblocked_signals, sig, sizeof(unblocked_signals));
}

/* ---------------------------------------------------------------- */
/* Command line: getopt_long with a leading '+'                     */

/* Long options; S, R, K and I stand for those without a short form. */
static const struct long_option long_options[] = {
    { "help", 0, 'h' },
    { "version", 0, 'V' },
    { "quiet", 0, 'q' },
    { "verbose", 0, 'v' },
    { "skip-startup-files", 0, 'S' },
    { "skip-runit", 0, 'R' },
    { "no-killall", 0, 'K' },
    { "no-kill-all-on-exit", 0, 'K' },
    { "forward-to-group", 0, 'g' },
    { "remap-exit", 1, 'e' },
    { "rewrite-signal", 1, 'r' },
    { "parent-death-signal", 1, 'p' },
    { "enable-insecure-key", 0, 'I' },
    { NULL, 0, 0 },
};

static void usage_error(const char *what, const char *word)
    __attribute__((noreturn));
static void usage_error(const char *what, const char *word)
{
    say("%s: %s", what, word);
    print_usage_line(err_help_text());
    exit(EXIT_USAGE);
}

static void print_stdout(const char *text) __attribute__((noreturn));
static void print_stdout(const char *text)
{
    if (write(1, text, strlen(text)) < 0)
        _exit(111);
    _exit(0);
}

/* my_init's --version names the program and its version. */
static void print_version(void) __attribute__((noreturn));
static void print_version(void)
{
    char text[64];

    fmt_format(text, sizeof(text), "nanoinit %s (initbox)\n", initbox_version);
    print_stdout(text);
}

static void apply_option(struct nanoinit *n, int letter, const char *value,
                         const char *word)
{
    const char *colon;
    long number = 0;
    int to;

    if (letter == 'e' || letter == 'p')
        number = letter == 'e' ? parse_decimal(value, 255) : signal_parse(value);
    switch (letter) {
    case 'h': print_stdout(err_help_text());
    case 'V': print_version();
    case 'q': n->log_level = LOG_WARNING; break;
    case 'v': n->log_level = LOG_DEBUG; break;
    case 'g': n->to_group = 1; break;
    case 'S': n->skip_startup_files = 1; break;
    case 'R': n->skip_runit = 1; break;
    case 'K': n->no_killall = 1; break;
    case 'I': usage_error("option not supported (unsupported my_init option)", word);
    case 'e':
        if (number < 0)
            usage_error("invalid exit code", value);
        n->remap[number / 8] |= 1 << number % 8;
        break;
    case 'p':
        if (number < 1)
            usage_error("invalid signal", value);
        n->parent_death_signal = number;
        break;
    case 'r':
        colon = strchr(value, ':');
        if (colon && colon - value < 16) {
            char from[16];

            memcpy(from, value, colon - value);
            from[colon - value] = '\0';
            number = signal_parse(from);
            to = signal_parse(colon + 1);
            if (is_forwardable(number) && to >= 0) {
                n->rewrite[number] = to + 1;
                break;
            }
        }
        usage_error("invalid signal rewrite", value);
    }
}

/* Options up to the first word that is none, as getopt_long with a
 * leading '+' parses them (lib/options). Returns the index of the
 * command. */
static int parse_options(struct nanoinit *n, int argc, char **argv)
{
    struct options state = OPTIONS_INIT;
    int letter;

    while ((letter = options_next(&state, argc, argv, "hVqvge:r:p:", long_options)) != -1) {
        if (letter == '?' || letter == ':')
            usage_error(letter == '?' ? "unknown option" : "option needs a value", state.word);
        apply_option(n, letter, state.value, state.word);
    }
    return state.index;
}

/* ---------------------------------------------------------------- */
/* Settings from the initial environment                            */

static int64_t timeout_from_env(const char *name)
{
    const char *text = getenv(name);
    long seconds = text ? parse_decimal(text, 100000000) : -2;

    if (seconds == -1)
        warn("ignoring %s=%s: not a whole number of seconds", name, text);
    return seconds < 0 ? DEFAULT_TIMEOUT_MS : (int64_t)seconds * 1000;
}

static const char *setting(const char *name, const char *fallback)
{
    const char *value = getenv(name);

    return value ? value : fallback;
}

static void read_settings(struct nanoinit *n)
{
    const char *first = getenv("ENV_INIT_DIRECTORY");

    n->process_timeout = timeout_from_env("KILL_PROCESS_TIMEOUT");
    n->all_timeout = timeout_from_env("KILL_ALL_PROCESSES_TIMEOUT");
    n->startup_dirs[0] = getenv("NANOINIT_STARTUP_DIRS");
    if (!n->startup_dirs[0]) {
        n->startup_dirs[0] = first && *first ? first : "/etc/my_init.d";
        n->startup_dirs[1] = "/etc/nanoinit.d";
    }
    n->rc_local = setting("NANOINIT_RC_LOCAL", "/etc/rc.local");
    n->env_dir = setting("NANOINIT_ENV_DIR", "/etc/container_environment");
    n->service_dir = setting("NANOINIT_SERVICE_DIR", "/etc/service");
    n->runsvdir = setting("NANOINIT_RUNSVDIR", "runsvdir");
    n->pre_dirs[0] = setting("NANOINIT_PRE_SHUTDOWN_DIRS",
        "/etc/my_init.pre_shutdown.d:/etc/nanoinit.pre_shutdown.d");
    n->post_dirs[0] = setting("NANOINIT_POST_SHUTDOWN_DIRS",
        "/etc/my_init.post_shutdown.d:/etc/nanoinit.post_shutdown.d");
}

/* ---------------------------------------------------------------- */
/* Directories (lib/dir: opendir would malloc)                      */

/* Rewind READER to the start of the directory open as FD. */
static void dir_rewind(struct dir_reader *reader, int fd)
{
    lseek(fd, 0, SEEK_SET);
    dir_reader_init(reader, fd);
}

/* The next name that does not start with '.' (never run, never
 * imported, never a service); NULL at the end. */
static const char *next_visible(struct dir_reader *reader)
{
    const char *name;

    while ((name = dir_next(reader)) && name[0] == '.')
        continue;
    return name;
}

/* The smallest name in the directory FD that sorts (byte-wise) after
 * the one in NAME ("" for the first), into NAME (NAME_MAX + 1 bytes).
 * 0 if there is none. */
static int dir_next_sorted(int fd, char *name)
{
    struct dir_reader reader;
    char after[NAME_MAX + 1];
    const char *entry;
    int found = 0;

    strcpy(after, name);
    dir_rewind(&reader, fd);
    while ((entry = next_visible(&reader))) {
        if (strcmp(entry, after) > 0 && (!found || strcmp(entry, name) < 0)) {
            strcpy(name, entry);
            found = 1;
        }
    }
    return found;
}

/* The next name after NAME, in byte order, among the directories of the
 * colon lists LISTS[0] and LISTS[1] (NULL: none), the entry of the last
 * directory that has it masking the others. NAME becomes that name and
 * PATH (PATH_MAX bytes) its path. 0 when there is none. */
static int merged_next(const char *const *lists, char *name, char *path)
{
    char best[NAME_MAX + 1], candidate[NAME_MAX + 1];
    const char *best_dir = NULL, *dir, *end;
    int i, fd, best_len = 0;

    for (i = 0; i < 2 && lists[i]; i++) {
        for (dir = lists[i];; dir = end + 1) {
            end = strchrnul(dir, ':');
            fmt_format(path, PATH_MAX, "%.*s", (int)(end - dir), dir);
            fd = end > dir ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
            strcpy(candidate, name);
            if (fd >= 0 && dir_next_sorted(fd, candidate)
                && (!best_dir || strcmp(candidate, best) <= 0)) {
                strcpy(best, candidate);
                best_dir = dir;
                best_len = end - dir;
            }
            if (fd >= 0)
                close(fd);
            if (!*end)
                break;
        }
    }
    if (!best_dir)
        return 0;
    strcpy(name, best);
    fmt_format(path, PATH_MAX, "%.*s/%s", best_len, best_dir, best);
    return 1;
}

/* Regular after following links, and executable by us. */
static int is_eligible(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* ---------------------------------------------------------------- */
/* The environment: environ points at n->env, in byte order of names */

/* Add the variables of environ not set in ENV by now (with EXCLUDED_ONLY
 * only HOME and its family). 0, or -1 when memory runs out. */
static int add_current_variables(struct env *env, int excluded_only)
{
    char **var;

    for (var = environ; *var; var++) {
        if ((!excluded_only
             || env_capture_is_excluded(*var, strchrnul(*var, '=') - *var))
            && env_add(env, *var) < 0)
            return -1;
    }
    return 0;
}

/* Make a new environment of, the first to name a variable winning:
 * EXTRA ("NAME=VALUE" or NULL); in the initial import the current
 * variables (docker run -e wins over E); unless MODE is IMPORT_NONE,
 * E's variables; the current variables (with IMPORT_EXACT only the
 * excluded names). environ becomes the result, sorted by name; on
 * failure it stays as it was. */
static void environment_rebuild(struct nanoinit *n, enum import_mode mode,
                                const char *extra)
{
    struct env next;
    int failed;

    if (env_init(&next, NULL) < 0) {
        warn("unable to update the environment: out of memory");
        return;
    }
    failed = extra && env_add(&next, extra) < 0;
    if (!failed && mode == IMPORT_INITIAL)
        failed = add_current_variables(&next, 0);
    if (!failed && CONFIG_NANOINIT_ENVIRONMENT && mode != IMPORT_NONE
        && env_capture_import(&next, n->env_dir) < 0) {
        warn_errno("unable to read %s", n->env_dir);
        if (mode != IMPORT_INITIAL) {
            env_free(&next);
            return;
        }
    }
    if (!failed && mode != IMPORT_INITIAL)
        failed = add_current_variables(&next,
                                       CONFIG_NANOINIT_ENVIRONMENT && mode == IMPORT_EXACT);
    if (failed) {
        warn("unable to update the environment: out of memory");
        env_free(&next);
        return;
    }
    env_sort(&next);
    environ = next.vars;
    env_free(&n->env);
    n->env = next;
}

/* The group of new files: docker_env if there is one, else ours. */
static gid_t env_group(struct nanoinit *n)
{
    if (!n->env_gid_known && group_lookup("docker_env", &n->env_gid) < 0)
        n->env_gid = getegid();
    n->env_gid_known = 1;
    return n->env_gid;
}

enum content { CONTENT_VALUE, CONTENT_SHELL_DUMP, CONTENT_JSON_DUMP };

/* PATH, or where PATH points when it is a symbolic link (relative to
 * its directory), in TARGET: a read-only image links the dumps into a
 * tmpfs (/etc/container_environment.sh -> /run/...), and readers keep
 * my_init's path. */
static const char *write_target(const char *path, char *target, size_t size)
{
    const char *slash = strrchr(path, '/');
    char link[PATH_MAX];
    ssize_t len = readlink(path, link, sizeof(link) - 1);
    int dir_len;

    if (len <= 0)
        return path;
    link[len] = '\0';
    dir_len = slash && link[0] != '/' ? (int)(slash + 1 - path) : 0;
    if (fmt_format(target, size, "%.*s%s", dir_len, path, link) >= size - 1)
        return path;
    return target;
}

/* Replace PATH (for a dump, the file its link names) by CONTENT (a
 * variable's VALUE, or a dump of environ) through ".nanoinit.tmp" in its directory
 * renamed over it, with the mode, owner and group of the file it
 * replaces (new: 0640, our uid, group docker_env), never readable by
 * others before it has them. 0, or -1 with errno. */
static int replace_file(struct nanoinit *n, const char *path,
                        enum content content, const char *value)
{
    char temp[PATH_MAX], buf[256], target[PATH_MAX];
    const char *slash;
    struct atomic_file file;
    struct writer out;
    struct stat st;
    mode_t mode = 0640;
    uid_t uid = geteuid();
    gid_t gid;

    if (content != CONTENT_VALUE)
        path = write_target(path, target, sizeof(target));
    slash = strrchr(path, '/');
    if (stat(path, &st) == 0) {
        mode = st.st_mode & 07777;
        uid = st.st_uid;
        gid = st.st_gid;
    } else {
        gid = env_group(n);
    }
    fmt_format(temp, sizeof(temp), "%.*s.nanoinit.tmp",
               slash ? (int)(slash + 1 - path) : 0, path);
    if (atomic_file_open(&file, path, temp, 0600) < 0)
        goto fail;
    if (fstat(file.fd, &st) < 0
        || ((st.st_uid != uid || st.st_gid != gid) && fchown(file.fd, uid, gid) < 0)
        || fchmod(file.fd, mode) < 0) {
        atomic_file_abort(&file);
        goto fail;
    }
    out = (struct writer)WRITER_INIT(file.fd, buf, sizeof(buf));
    if (content == CONTENT_VALUE)
        env_capture_write_value(&out, value);
    else if (content == CONTENT_SHELL_DUMP)
        env_capture_write_shell(&out, environ);
    else
        env_capture_write_json(&out, environ);
    if (writer_flush(&out) < 0 || out.error) {
        errno = out.error;
        atomic_file_abort(&file);
        goto fail;
    }
    if (atomic_file_commit(&file, 0, NULL) == 0)
        return 0;
fail:
    return -1;
}

/* What an export could not write, said in one line, once in the life
 * of the container: a read-only E would otherwise give a warning per
 * variable and per dump, at start and after every startup file. */
struct export_failures {
    int count, errnum;
    const char *first;          /* the first variable's entry of environ */
    unsigned char dumps;        /* bit 0: E.sh, bit 1: E.json */
};

static void report_export_failures(struct nanoinit *n, const struct export_failures *failed,
                                   int len)
{
    char files[1024];           /* a message line holds no more */
    size_t at = 0;

    if (n->env_reported || (!failed->count && !failed->dumps))
        return;
    n->env_reported = 1;
    if (failed->count == 1)
        at = fmt_format(files, sizeof(files), "%s/%.*s", n->env_dir,
                        (int)(strchrnul(failed->first, '=') - failed->first), failed->first);
    else if (failed->count)
        at = fmt_format(files, sizeof(files), "%d files in %s", failed->count, n->env_dir);
    if (failed->dumps & 1)
        at += fmt_format(files + at, sizeof(files) - at, "%s%.*s.sh",
                         at ? (failed->dumps & 2 ? ", " : " and ") : "", len, n->env_dir);
    if (failed->dumps & 2)
        fmt_format(files + at, sizeof(files) - at, "%s%.*s.json",
                   at ? " and " : "", len, n->env_dir);
    errno = failed->errnum;
    warn_errno("unable to write %s", files);
}

/* The dumps E.sh and E.json, after the per-variable files of E when
 * PER_VARIABLE is set (the initial export; a failure there makes later
 * imports add only). Files of variables no longer set stay. */
static void export_environment(struct nanoinit *n, int per_variable)
{
    struct export_failures failed = { 0 };
    char path[PATH_MAX];
    size_t len;
    char **var;
    int i;

    for (var = environ; per_variable && *var; var++) {
        if (!env_capture_has_file(*var))
            continue;
        len = strchrnul(*var, '=') - *var;
        if (fmt_format(path, sizeof(path), "%s/%.*s", n->env_dir, (int)len, *var)
            >= sizeof(path) - 1)
            errno = ENAMETOOLONG;
        else if (replace_file(n, path, CONTENT_VALUE, *var + len + 1) == 0)
            continue;
        n->export_ok = 0;
        if (!failed.count++) {
            failed.errnum = errno;
            failed.first = *var;
        }
    }
    for (len = strlen(n->env_dir); len > 1 && n->env_dir[len - 1] == '/'; len--)
        continue;
    for (i = 0; i < 2; i++) {
        fmt_format(path, sizeof(path), "%.*s.%s", (int)len, n->env_dir, i ? "json" : "sh");
        if (replace_file(n, path, i ? CONTENT_JSON_DUMP : CONTENT_SHELL_DUMP, NULL) < 0) {
            if (!failed.count && !failed.dumps)
                failed.errnum = errno;
            failed.dumps |= 1 << i;
        }
    }
    report_export_failures(n, &failed, (int)len);
}

/* Once at the start, when E is a directory: import it, then write it
 * back (every variable a file) and the dumps. */
static void setup_environment(struct nanoinit *n)
{
    struct stat st;

    n->has_env_dir = CONFIG_NANOINIT_ENVIRONMENT && n->env_dir[0]
        && stat(n->env_dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (!n->has_env_dir)
        return;
    n->export_ok = 1;
    environment_rebuild(n, IMPORT_INITIAL, NULL);
    export_environment(n, 1);
}

/* After each startup file that succeeded: the environment becomes what
 * E holds (only added to when the initial export failed, so a read-only
 * E cannot take PATH away), and the dumps are written again. */
static void reimport_environment(struct nanoinit *n)
{
    if (!CONFIG_NANOINIT_ENVIRONMENT || !n->has_env_dir)
        return;
    environment_rebuild(n, n->export_ok ? IMPORT_EXACT : IMPORT_ADD, NULL);
    export_environment(n, 0);
}

/* ---------------------------------------------------------------- */
/* Children                                                         */

/* Start ARGV. vfork: nothing of PID 1 is copied, and the child's exec
 * error comes back in *EXEC_ERRNO (0: it runs) without a pipe, since
 * the parent waits until the child has exec'd or exited. The child only
 * makes system calls; reset_signals_for_exec() forgets the signalfd's
 * number in our shared memory too, harmless as it is close-on-exec.
 * Returns the pid (after a failed exec too: that child exits 127 or
 * 126), or -1 with errno when no child could be made. */
static pid_t spawn(struct nanoinit *n, char **argv, enum spawn_kind kind,
                   volatile int *exec_errno)
{
    pid_t pid;

    *exec_errno = 0;
    pid = vfork();
    if (pid == 0) {
        if (kind == SPAWN_MAIN) {
            setpgid(0, 0);
            if (n->tty_handed)
                tcsetpgrp(0, getpid());
        }
        reset_signals_for_exec();
        if (kind == SPAWN_FILE)
            execve(argv[0], argv, environ);
        else
            exec_search(argv[0], argv, environ, getenv("PATH"));
        *exec_errno = errno;
        _exit(errno == ENOENT || errno == ENOTDIR ? 127 : 126);
    }
    return pid;
}

/* ---------------------------------------------------------------- */
/* The loop: reap, read signals, fire the kill timers               */

static void on_child_exit(void *context, pid_t pid, int status)
{
    struct nanoinit *n = context;
    char text[48];

    if (pid == n->main_pid) {
        n->main_pid = 0;
        n->main_status = status;
        info(n, "main process %s", wait_status_text(status, text, sizeof(text)));
    } else if (pid == n->task_pid) {
        n->task_pid = 0;
        n->task_status = status;
    } else if (pid == n->companion_pid) {
        n->companion_pid = 0;
        if (n->phase != PHASE_SHUTDOWN)
            warn("runsvdir %s", wait_status_text(status, text, sizeof(text)));
    }
}

static void reap(struct nanoinit *n)
{
    n->is_childless = !spawn_reap(on_child_exit, n);
}

/* A signal for us: during the startup a stop signal (TERM, INT) aborts
 * it and goes to the running startup file, others are dropped; while the
 * main process runs, each goes on to it (or its group with -g); during
 * the shutdown all are dropped. The phase logic sees the received
 * signal; only what is sent is rewritten (-r). */
static void handle_signal(struct nanoinit *n, int sig)
{
    int to = sig < SIGNAL_LIMIT && n->rewrite[sig] ? n->rewrite[sig] - 1 : sig;
    int is_stop = sig == SIGTERM || sig == SIGINT;

    if (sig == SIGCHLD)
        return;
    if (to == 0 || n->phase == PHASE_SHUTDOWN || (n->phase == PHASE_STARTUP && !is_stop)) {
        debug(n, "discarding signal %d", sig);
    } else if (n->phase == PHASE_STARTUP) {
        if (!n->abort_signal)
            info(n, "signal %d: aborting the startup", sig);
        n->abort_signal = n->abort_signal ? n->abort_signal : sig;
        if (n->task_pid) {
            kill(n->task_pid, to);
            n->task_kill_at = deadline_min(n->task_kill_at,
                                           deadline_after(n->process_timeout));
        }
    } else if (n->main_pid) {
        kill(n->main_target, to);
        if (is_stop && n->main_kill_at == DEADLINE_NONE)
            n->main_kill_at = deadline_after(n->process_timeout);
    }
}

static void read_signals(struct nanoinit *n)
{
    int sig;

    while ((sig = signal_fd_next(n->signal_fd)) > 0)
        handle_signal(n, sig);
}

/* Reap and handle signals until IS_DONE(n) (1) or DEADLINE (0). The
 * kill timers fire meanwhile; a task's give-up time ends the wait too. */
static int serve(struct nanoinit *n, int (*is_done)(const struct nanoinit *),
                 int64_t deadline)
{
    struct pollfd fd = { .fd = n->signal_fd, .events = POLLIN };
    int64_t now;

    for (;;) {
        reap(n);
        if (is_done(n))
            return 1;
        now = clock_now_ms();
        if (now >= n->task_kill_at && n->task_pid) {
            kill(n->task_pid, SIGKILL);
            n->task_timed_out = 1;
            n->task_give_up_at = now + GRACE_MS;
        }
        if (now >= n->task_kill_at)
            n->task_kill_at = DEADLINE_NONE;
        if (now >= n->main_kill_at && n->main_pid) {
            warn("main process still running after a stop signal: sending SIGKILL");
            kill(n->main_target, SIGKILL);
            n->main_kill_at = DEADLINE_NONE;
        }
        deadline = deadline_min(deadline, n->task_give_up_at);
        if (now >= deadline)
            return 0;
        if (poll_until(&fd, 1, deadline_min(deadline, deadline_min(n->task_kill_at,
                                                                   n->main_kill_at))) > 0)
            read_signals(n);
    }
}

static int task_done(const struct nanoinit *n) { return !n->task_pid; }
static int main_done(const struct nanoinit *n) { return !n->main_pid; }
static int companion_done(const struct nanoinit *n) { return !n->companion_pid; }
static int is_aborted(const struct nanoinit *n) { return n->abort_signal != 0; }
static int is_childless(const struct nanoinit *n) { return n->is_childless; }
static int never(const struct nanoinit *n) { return !n; }

/* spawn(), retried every second while vfork fails,
 * serving meanwhile; in the startup a stop signal gives up, in the
 * shutdown the first failure does (-1). */
static pid_t spawn_retrying(struct nanoinit *n, char **argv, enum spawn_kind kind,
                            volatile int *exec_errno)
{
    pid_t pid;

    while ((pid = spawn(n, argv, kind, exec_errno)) < 0) {
        warn_errno("unable to start %s", argv[0]);
        if (n->phase == PHASE_SHUTDOWN || (serve(n, is_aborted, deadline_after(1000))))
            return -1;
    }
    if (*exec_errno)
        say("unable to execute %s: %s", argv[0], libc_error_text(*exec_errno));
    return pid;
}

/* Run the startup file or hook PATH and wait for it, LIMIT ms (or
 * DEADLINE_NONE) until its SIGKILL. Returns its wait status, or -1 if
 * it could not be started or did not end after the SIGKILL. */
static int run_file(struct nanoinit *n, const char *path, int64_t limit)
{
    char *argv[] = { (char *)path, NULL };
    volatile int err;
    int done;

    info(n, "running %s", path);
    n->task_timed_out = 0;
    n->task_pid = spawn_retrying(n, argv, SPAWN_FILE, &err);
    if (n->task_pid < 0)
        return n->task_pid = 0, -1;
    n->task_kill_at = limit == DEADLINE_NONE ? DEADLINE_NONE : deadline_after(limit);
    done = serve(n, task_done, DEADLINE_NONE);
    n->task_pid = 0;
    n->task_kill_at = n->task_give_up_at = DEADLINE_NONE;
    return done ? n->task_status : -1;
}

/* ---------------------------------------------------------------- */
/* Startup (sections 5 and 6)                                       */

/* One startup file: 0 to go on, else the exit status of a failure. */
static int run_startup_file(struct nanoinit *n, const char *path)
{
    char text[48];
    int status = run_file(n, path, DEADLINE_NONE);

    if (n->abort_signal)
        return 128 + n->abort_signal;
    if (status != 0) {
        say("startup file %s failed: %s", path, status < 0 ? "not started"
            : wait_status_text(status, text, sizeof(text)));
        return 1;
    }
    reimport_environment(n);
    return 0;
}

/* The merged startup scripts in name order, then rc.local. Returns 0, or
 * the exit status when the startup failed (1) or was aborted. */
static int run_startup(struct nanoinit *n)
{
    char name[NAME_MAX + 1] = "", path[PATH_MAX];
    int status = 0;

    for (;;) {
        read_signals(n);        /* a stop signal between files aborts */
        if (status || n->abort_signal)
            return n->abort_signal ? 128 + n->abort_signal : status;
        if (!merged_next(n->startup_dirs, name, path))
            break;
        if (is_eligible(path))
            status = run_startup_file(n, path);
        else
            debug(n, "skipping %s: not an executable file", path);
    }
    return n->rc_local[0] && is_eligible(n->rc_local)
        ? run_startup_file(n, n->rc_local) : 0;
}

/* "COMMAND ARG..." for the log, cut to SIZE. */
static const char *command_text(char **argv, char *buf, size_t size)
{
    size_t len = 0;

    for (buf[0] = '\0'; *argv && len + 1 < size; argv++)
        len += fmt_format(buf + len, size - len, len ? " %s" : "%s", *argv);
    return buf;
}

/* The companion runsvdir if there is to be one, then the
 * main process. Returns 0, or the exit status of an abort. */
static int start_processes(struct nanoinit *n)
{
    char *runsvdir_argv[] = { (char *)n->runsvdir, "-P", (char *)n->service_dir, NULL };
    char **argv = n->command ? n->command : runsvdir_argv, text[256];
    volatile int err;
    struct stat st;
    pid_t pid;

    if (n->command && !n->skip_runit && stat(n->service_dir, &st) == 0
        && S_ISDIR(st.st_mode)) {
        info(n, "starting %s", command_text(runsvdir_argv, text, sizeof(text)));
        pid = spawn_retrying(n, runsvdir_argv, SPAWN_COMPANION, &err);
        if (pid < 0)
            return 128 + n->abort_signal;
        n->companion_pid = err ? 0 : pid;
        n->runsvdir_started = !err;
    }
    /* Our group must have the terminal's foreground, and be one we can
     * name: as PID 1 of a new namespace without a session of our own,
     * both read 0 whoever has the terminal. */
    n->tty_handed = getpgrp() > 0 && tcgetpgrp(0) == getpgrp();
    info(n, "starting %s", command_text(argv, text, sizeof(text)));
    pid = spawn_retrying(n, argv, SPAWN_MAIN, &err);
    if (pid < 0)
        return n->tty_handed = 0, 128 + n->abort_signal;
    n->main_pid = pid;
    n->main_target = n->to_group ? -pid : pid;
    n->runsvdir_started |= !n->command;
    return 0;
}

/* ---------------------------------------------------------------- */
/* Shutdown: hooks, runit's services, hooks, everyone else          */

/* Pre- or post-shutdown hooks: T_proc each; failures only warned. */
static void run_hooks(struct nanoinit *n, const char *const *lists)
{
    char name[NAME_MAX + 1] = "", path[PATH_MAX], text[48];
    int status;

    while (merged_next(lists, name, path)) {
        if (!is_eligible(path)) {
            debug(n, "skipping %s: not an executable file", path);
            continue;
        }
        status = run_file(n, path, n->process_timeout);
        if (status != 0)
            warn("shutdown hook %s failed: %s", path, n->task_timed_out ? "timed out"
                 : status < 0 ? "not started" : wait_status_text(status, text, sizeof(text)));
    }
}

/* Up until its supervisor reports down or is gone; a status that cannot
 * be read counts as up. */
static int service_is_up(int dir_fd, const char *service)
{
    struct supervise_status status;

    if (supervise_is_running(dir_fd, service) != 1)
        return 0;
    return supervise_status_read(dir_fd, service, &status, NULL) < 0
        || status.state != SERVICE_DOWN;
}

/* The services of S (open as DIR_FD), listed once when the stop
 * begins: its directories (after following links) whose names do not
 * start with '.', in byte order. -1 after a warning. */
static int list_services(const struct nanoinit *n, int dir_fd, struct dir_list *list)
{
    struct stat st;
    size_t i, kept = 0;

    if (dir_list_sorted(dir_fd, list) < 0) {
        warn_errno("unable to read %s", n->service_dir);
        return -1;
    }
    for (i = 0; i < list->count; i++) {
        if (fstatat(dir_fd, list->names[i], &st, 0) == 0 && S_ISDIR(st.st_mode))
            list->names[kept++] = list->names[i];
    }
    list->names[kept] = NULL;
    list->count = kept;
    return 0;
}

/* Send COMMAND, in LIST's order, to each service of LIST at LEVEL (to
 * all when LEVELS is NULL) whose supervisor listens; one whose
 * supervisor is gone counts as stopped. */
static void send_to_services(int dir_fd, const struct dir_list *list, const int *levels,
                             int level, char command)
{
    size_t i;
    int fd;

    for (i = 0; i < list->count; i++) {
        if (levels && levels[i] != level)
            continue;
        fd = supervise_control_open(dir_fd, list->names[i]);
        if (fd < 0)
            continue;
        if (write(fd, &command, 1) < 0) {
            /* the supervisor just went: the service counts as stopped */
        }
        close(fd);
    }
}

/* Drop from LIST the services that are no longer up; how many are left. */
static size_t drop_stopped(int dir_fd, struct dir_list *list)
{
    size_t i, kept = 0;

    for (i = 0; i < list->count; i++) {
        if (service_is_up(dir_fd, list->names[i]))
            list->names[kept++] = list->names[i];
    }
    list->names[kept] = NULL;
    return list->count = kept;
}

/* Serve until no service of LIST is up (0), or DEADLINE (the count up),
 * looking every SERVICE_POLL_MS at those still up. */
static size_t wait_for_services(struct nanoinit *n, int dir_fd, struct dir_list *list,
                                int64_t deadline)
{
    size_t up;

    while ((up = drop_stopped(dir_fd, list)) > 0 && clock_now_ms() < deadline)
        serve(n, never, deadline_min(deadline, deadline_after(SERVICE_POLL_MS)));
    return up;
}

/* The stop level of each service of LIST as lib/depend computes it (a
 * service has a lower level than those it names in needs, wants or
 * after), from mem.h. NULL when no service has dependency files, or
 * after a warning when the levels cannot be had: all services are then
 * stopped at once, as without the files. */
static int *stop_levels(const struct nanoinit *n, const struct dir_list *list)
{
    int *levels = mem_alloc(list->count * sizeof(*levels) + 1);
    int found = levels ? depend_stop_levels(n->service_dir, list->names, list->count, levels) : -1;

    if (found < 0)
        warn_errno("unable to order the stop of the services of %s", n->service_dir);
    if (found <= 0) {
        mem_free(levels);
        levels = NULL;
    }
    return levels;
}

/* Whether a service of LIST at LEVEL is up. */
static int level_is_up(int dir_fd, const struct dir_list *list, const int *levels,
                       int level)
{
    size_t i;

    for (i = 0; i < list->count; i++) {
        if (levels[i] == level && service_is_up(dir_fd, list->names[i]))
            return 1;
    }
    return 0;
}

/* Serve until no service of LIST at LEVEL is up (1) or DEADLINE (0),
 * looking every SERVICE_POLL_MS. */
static int wait_for_level(struct nanoinit *n, int dir_fd, const struct dir_list *list,
                          const int *levels, int level, int64_t deadline)
{
    while (level_is_up(dir_fd, list, levels, level)) {
        if (clock_now_ms() >= deadline)
            return 0;
        serve(n, never, deadline_min(deadline, deadline_after(SERVICE_POLL_MS)));
    }
    return 1;
}

/* runit's "exit" command 'x' to the services of LIST by their LEVELS:
 * level 0 first, each next level once every service of the one before
 * has stopped, so that a service stops before those it depends on; at
 * DEADLINE the levels left get it at once, so that a service that does
 * not stop holds up the others until DEADLINE at most. With LEVELS NULL,
 * all at once. */
static void exit_services(struct nanoinit *n, int dir_fd, const struct dir_list *list,
                          const int *levels, int64_t deadline)
{
    int level, top = 0, is_in_time = 1;
    size_t i;

    for (i = 0; levels && i < list->count; i++) {
        if (levels[i] > top)
            top = levels[i];
    }
    for (level = 0; level <= top; level++) {
        send_to_services(dir_fd, list, levels, level, 'x');
        if (is_in_time && level < top)
            is_in_time = wait_for_level(n, dir_fd, list, levels, level, deadline);
    }
}

/* runsvdir first (so nothing restarts), then runit's "exit" command 'x'
 * to every runsv, by stop levels when the services have dependency
 * files, all waited for within one T_proc, 'k' at the end to those still
 * up. */
static void stop_runit(struct nanoinit *n)
{
    struct dir_list list;
    int64_t deadline;
    int dir_fd, *levels;

    if (n->companion_pid) {
        kill(n->companion_pid, SIGTERM);
        if (!serve(n, companion_done, deadline_after(n->process_timeout))) {
            kill(n->companion_pid, SIGKILL);
            serve(n, companion_done, deadline_after(GRACE_MS));
        }
    }
    dir_fd = open(n->service_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        return;
    if (list_services(n, dir_fd, &list) < 0) {
        close(dir_fd);
        return;
    }
    info(n, "stopping the services of %s", n->service_dir);
    deadline = deadline_after(n->process_timeout);
    levels = stop_levels(n, &list);
    exit_services(n, dir_fd, &list, levels, deadline);
    mem_free(levels);
    if (wait_for_services(n, dir_fd, &list, deadline) > 0) {
        warn("services still up after KILL_PROCESS_TIMEOUT: sending SIGKILL");
        send_to_services(dir_fd, &list, NULL, 0, 'k');
        wait_for_services(n, dir_fd, &list, deadline_after(GRACE_MS));
    }
    dir_list_free(&list);
    close(dir_fd);
}

/* The parent of PID, from /proc; -1 if it is gone. */
static pid_t parent_of(pid_t pid)
{
    uint64_t parent;

    return proc_stat_field(pid, 4, &parent, NULL) < 0 ? -1 : (pid_t)parent;
}

/* This process's number in /proc, which may be another PID namespace's
 * (unshare --pid without a /proc of its own): 0 if it is not there. */
static pid_t self_in_proc(void)
{
    char text[16];
    ssize_t len = readlink("/proc/self", text, sizeof(text) - 1);

    if (len <= 0)
        return 0;
    text[len] = '\0';
    return (pid_t)parse_decimal(text, INT_MAX);
}

/* SIG to the process /proc shows as NAME, through its directory: a
 * number read in /proc names another process for kill() when /proc
 * counts in another PID namespace; the directory is that very process. */
static void signal_proc_entry(int proc_fd, const char *name, pid_t pid,
                              int sig, int is_same_numbering)
{
    int fd = openat(proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return;
    /* before Linux 5.1, kill() where the numbers are ours */
    if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0 && errno == ENOSYS
        && is_same_numbering)
        kill(pid, sig);
    close(fd);
}

/* Not PID 1: SIG to each of our descendants as /proc shows them now.
 * Never kill(-1): processes outside our subtree must survive. */
static void signal_descendants(int sig)
{
    struct dir_reader reader;
    pid_t self = self_in_proc(), pid, up;
    const char *name;
    int fd, depth;

    if (!self) {
        warn("unable to find our descendants: /proc does not show this process");
        return;
    }
    fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        warn_errno("unable to read /proc");
        return;
    }
    dir_rewind(&reader, fd);
    while ((name = next_visible(&reader))) {
        pid = parse_decimal(name, INT_MAX);
        for (up = pid, depth = 0; up > 1 && up != self && depth < 4096; depth++)
            up = parent_of(up);
        if (pid > 0 && pid != self && up == self)
            signal_proc_entry(fd, name, pid, sig, self == getpid());
    }
    close(fd);
}

static void signal_all(struct nanoinit *n, int sig)
{
    if (n->is_pid1)
        kill(-1, sig);
    else
        signal_descendants(sig);
}

/* The end: TERM and CONT to everyone left, T_all, then KILL. */
static void kill_all(struct nanoinit *n)
{
    reap(n);
    if (n->no_killall || n->is_childless)
        return;
    info(n, "sending SIGTERM to all processes");
    signal_all(n, SIGTERM);
    signal_all(n, SIGCONT);
    if (serve(n, is_childless, deadline_after(n->all_timeout)))
        return;
    warn("processes left after KILL_ALL_PROCESSES_TIMEOUT: sending SIGKILL");
    signal_all(n, SIGKILL);
    serve(n, is_childless, deadline_after(GRACE_MS));
}

static void shut_down(struct nanoinit *n, int status)
{
    char extra[40];

    n->phase = PHASE_SHUTDOWN;
    if (n->tty_handed)
        tcsetpgrp(0, getpgrp());
    fmt_format(extra, sizeof(extra), "NANOINIT_EXIT_STATUS=%d", status);
    environment_rebuild(n, IMPORT_NONE, extra);
    run_hooks(n, n->pre_dirs);
    if (n->runsvdir_started)
        stop_runit(n);
    run_hooks(n, n->post_dirs);
    kill_all(n);
}

/* ---------------------------------------------------------------- */

/* Block what we handle, before any child exists. */
static int setup_signals(struct nanoinit *n)
{
    sigset_t set;
    int i;

    memset(&set, 0xff, sizeof(set));
    for (i = 0; i < IGNORED_END; i++) {
        sigdelset(&set, unblocked_signals[i]);
        if (i >= IGNORED_FIRST)
            signal_set_disposition(unblocked_signals[i], SIG_IGN);
    }
    /* The libcs keep signals 32 to 34 for their threads, which we have
     * none of, and would not block them: the system call does, so that
     * they are forwarded too (SIGRTMIN is 34 for glibc programs). */
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, SIGNAL_LIMIT / 8);
    n->signal_fd = signal_fd_open(&set);
    if (n->signal_fd < 0)
        return -1;
    if (n->parent_death_signal && prctl(PR_SET_PDEATHSIG, n->parent_death_signal) < 0)
        warn_errno("unable to set the parent death signal");
    n->is_pid1 = getpid() == 1;
    if (!n->is_pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
        warn_errno("unable to become a subreaper");
    return 0;
}

/* The exit status from the main process's: its code, or 128 + the
 * signal that killed it, 0 where -e names it. */
static int main_exit_status(const struct nanoinit *n)
{
    int status = WIFSIGNALED(n->main_status) ? 128 + WTERMSIG(n->main_status)
                                             : WEXITSTATUS(n->main_status);

    return n->remap[status / 8] & 1 << status % 8 ? 0 : status;
}

int nanoinit_main(int argc, char **argv)
{
    struct nanoinit n;
    int first, status;

    memset(&n, 0, sizeof(n));
    n.log_level = LOG_INFO;
    n.main_kill_at = n.task_kill_at = n.task_give_up_at = DEADLINE_NONE;
    first = parse_options(&n, argc, argv);
    n.command = first < argc ? argv + first : NULL;
    if (n.skip_runit && !n.command)
        usage_error("no command to run beside", "--skip-runit");
    read_settings(&n);
    if (setup_signals(&n) < 0)
        die_errno(EXIT_SYSTEM, "unable to set up the signals");
    setup_environment(&n);
    status = n.skip_startup_files ? 0 : run_startup(&n);
    if (status == 0)
        status = start_processes(&n);
    if (status == 0) {
        n.phase = PHASE_RUNNING;
        serve(&n, main_done, DEADLINE_NONE);
        status = main_exit_status(&n);
    }
    shut_down(&n, status);
    return status;
}
