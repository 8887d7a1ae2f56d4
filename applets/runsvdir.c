/* runsvdir.c - run a runsv for every service directory in a directory (runit's runsvdir) */

/*
config RUNSVDIR
	bool "runsvdir"
	default y
	help
	  usage: runsvdir [-P] dir

	  Run and restart "runsv NAME" for each service directory in DIR;
	  changes are seen at once. -P: new sessions; a second argument of 7+
	  characters shows standard error in ps. TERM: exit 0, HUP: exit 111.

*/
/* install: usr/bin/runsvdir */

#include "clock.h"
#include "dir.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "mem.h"
#include "poll.h"
#include "signals.h"
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

/* runit's array held 1000; our list grows on the heap, so the bound is
 * only a guard against a directory filled by mistake: each service costs
 * two processes (runsv and its service). */
#define MAX_SERVICES 100000
#define THROTTLE_MS 1000            /* at most one runsv start a second per service */
#define SAFETY_NET_MS (300 * 1000)  /* full rescan although inotify saw nothing */
#define POLL_MS 5000                /* runit's rhythm, where inotify cannot help */
#define RETRY_MS 1000               /* DIR missing or unreadable */
#define LOG_DOT_MS (900 * 1000)     /* a '.' into the proctitle log */
#define QUIET_MS 1000               /* a new directory is filled before it starts */

/* Events that change which names DIR holds; for the directory itself also
 * its own removal. */
#define DIR_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO \
                    | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define LINK_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

struct service {
    dev_t dev;                  /* a service is its directory's identity, */
    ino_t ino;                  /* whatever name it has */
    char name[NAME_MAX + 1];    /* the name it was last found under */
    pid_t pid;                  /* its runsv, 0 when none runs */
    int is_seen;                /* found by the scan in progress */
    int is_filling;             /* made just now: wait until it is quiet */
    int64_t started_ms;
    int64_t start_after;
};

struct runsvdir {
    const char *dir;            /* as given, resolved anew on every check */
    int new_sessions;           /* -P */
    struct service *services;
    size_t count, capacity;
    uint32_t *slots;            /* services by identity: 1 + position, 0 free */
    size_t slot_count;          /* a power of two, twice the capacity */
    int signal_fd;
    sigset_t child_mask;        /* the mask runsvdir was started with */
    int dir_fd;                 /* DIR as last opened; -1 when it could not be */
    dev_t dir_dev;
    ino_t dir_ino;
    struct timespec dir_mtime;
    int inotify_fd;             /* -1 when inotify is unavailable */
    int dir_watch;              /* watch on DIR itself, -1 when none: then poll */
    int mounts_fd;              /* /proc/self/mountinfo: POLLPRI on (u)mounts */
    int is_rescan_due;
    int is_check_due;           /* re-resolve DIR (it may be another one now) */
    int64_t next_add_retry;     /* a service could not be added: scan again */
    int64_t next_check;
    char *log;                  /* the LOG argument in our own argv */
    size_t log_len;
    int log_fd, log_write_fd;
    int64_t next_log_dot;
    int last_stat_errno;
    int knows_self;             /* self_dev and self_ino are this program's */
    dev_t self_dev;
    ino_t self_ino;
};

/* ---- starting runsv ---- */

static int64_t timespec_ms(const struct timespec *time)
{
    return (int64_t)time->tv_sec * 1000 + time->tv_nsec / 1000000;
}

/* The runsv that exec would find in PATH, into OUT (empty when none is,
 * or when PATH has a relative entry, which the child would look up in
 * DIR). Returns 1 when it is this very program: then it restores its
 * stack limit and can be given a small stack (stack.h). */
static int find_runsv(const struct runsvdir *rd, char *out, size_t size)
{
    const char *path = getenv("PATH"), *dir, *end;
    struct stat info;

    out[0] = '\0';
    for (dir = path ? path : "/bin:/usr/bin";; dir = end + 1) {
        end = strchrnul(dir, ':');
        if (dir[0] != '/') {
            out[0] = '\0';
            return 0;
        }
        fmt_format(out, size, "%.*s/runsv", (int)(end - dir), dir);
        if (stat(out, &info) == 0 && S_ISREG(info.st_mode) && access(out, X_OK) == 0)
            return rd->knows_self && info.st_dev == rd->self_dev
                && info.st_ino == rd->self_ino;
        if (!*end)
            break;
    }
    out[0] = '\0';
    return 0;
}

static void start_runsv(struct runsvdir *rd, struct service *svc)
{
    char failure[NAME_MAX + 32], runsv[PATH_MAX];
    char *argv[] = { "runsv", svc->name, NULL };
    struct spawn spawn = {
        .path = "runsv", .argv = argv, .stdin_fd = -1, .stdout_fd = -1,
        .dir_fd = rd->dir_fd, .mask = &rd->child_mask,
        .new_session = rd->new_sessions, .failure = failure, .failure_status = 100,
    };
    pid_t pid;

    spawn.small_stack = find_runsv(rd, runsv, sizeof(runsv));
    if (runsv[0])
        spawn.path = runsv;
    fmt_format(failure, sizeof(failure), "unable to start runsv %s", svc->name);
    svc->started_ms = clock_now_ms();
    pid = spawn_process(&spawn);
    if (pid < 0) {
        warn_errno("unable to fork for %s", svc->name);
        svc->start_after = svc->started_ms + THROTTLE_MS;
        return;
    }
    svc->pid = pid;
}

/* A directory made a moment ago is probably still being filled (./run,
 * ./down): runit waits for DIR to be a second old before it scans; we wait
 * until the service directory has been left alone for a second. */
static int is_still_filling(struct runsvdir *rd, struct service *svc)
{
    struct timespec now;
    struct stat info;
    int64_t age;

    if (fstatat(rd->dir_fd, svc->name, &info, 0) < 0)
        return 0;
    clock_read(CLOCK_REALTIME, &now);
    age = timespec_ms(&now) - timespec_ms(&info.st_mtim);
    if (age >= QUIET_MS || age < 0)
        return 0;
    svc->start_after = clock_now_ms() + QUIET_MS - age;
    return 1;
}

/* The name a dead runsv's service was known by may be gone or another
 * directory now; then only a scan can tell. */
static int is_name_current(struct runsvdir *rd, const struct service *svc)
{
    struct stat info;

    return fstatat(rd->dir_fd, svc->name, &info, 0) == 0
        && info.st_dev == svc->dev && info.st_ino == svc->ino;
}

/* Start every service whose runsv is not running and whose time has come. */
static void start_due_services(struct runsvdir *rd)
{
    int64_t now = clock_now_ms();
    size_t i;

    if (rd->dir_fd < 0)
        return;
    for (i = 0; i < rd->count; i++) {
        struct service *svc = &rd->services[i];

        if (svc->pid || svc->start_after > now)
            continue;
        if (svc->is_filling && is_still_filling(rd, svc))
            continue;
        svc->is_filling = 0;
        if (!is_name_current(rd, svc)) {
            svc->start_after = now + THROTTLE_MS;
            rd->is_rescan_due = 1;
            continue;
        }
        start_runsv(rd, svc);
    }
}

/* ---- the list of services ---- */

/* A scan looks every entry up: a linear search would make a scan of
 * 10,000 services cost 50 million comparisons. The slots are an open
 * addressing table of positions in the list, probed from the identity's
 * hash onwards. */
static size_t first_slot(const struct runsvdir *rd, dev_t dev, ino_t ino)
{
    uint64_t hash = ((uint64_t)ino ^ ((uint64_t)dev << 32 | (uint64_t)dev >> 32))
        * UINT64_C(0x9e3779b97f4a7c15);

    return (size_t)(hash >> 32) & (rd->slot_count - 1);
}

static struct service *find_service(struct runsvdir *rd, dev_t dev, ino_t ino)
{
    size_t slot;

    if (!rd->slot_count)
        return NULL;
    for (slot = first_slot(rd, dev, ino); rd->slots[slot];
         slot = (slot + 1) & (rd->slot_count - 1)) {
        struct service *svc = &rd->services[rd->slots[slot] - 1];

        if (svc->dev == dev && svc->ino == ino)
            return svc;
    }
    return NULL;
}

static void index_service(struct runsvdir *rd, size_t position)
{
    const struct service *svc = &rd->services[position];
    size_t slot = first_slot(rd, svc->dev, svc->ino);

    while (rd->slots[slot])
        slot = (slot + 1) & (rd->slot_count - 1);
    rd->slots[slot] = (uint32_t)position + 1;
}

/* After services moved in the list (one removed, the last put in its
 * place) or the table grew. */
static void index_all_services(struct runsvdir *rd)
{
    size_t i;

    memset(rd->slots, 0, rd->slot_count * sizeof(*rd->slots));
    for (i = 0; i < rd->count; i++)
        index_service(rd, i);
}

/* Room for twice as many services, the table grown to match. */
static int grow_services(struct runsvdir *rd)
{
    size_t capacity = rd->capacity ? rd->capacity * 2 : 16;
    struct service *grown = mem_resize(rd->services, capacity * sizeof(*grown));
    uint32_t *slots;

    if (!grown)
        return -1;
    rd->services = grown;
    slots = mem_alloc(2 * capacity * sizeof(*slots));
    if (!slots)
        return -1;
    mem_free(rd->slots);
    rd->slots = slots;
    rd->slot_count = 2 * capacity;
    rd->capacity = capacity;
    index_all_services(rd);
    return 0;
}

static int rename_service(struct service *svc, const char *name)
{
    size_t len = strlen(name);

    if (len > NAME_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(svc->name, name, len + 1);
    return 0;
}

static struct service *add_service(struct runsvdir *rd, const char *name,
                                   const struct stat *info)
{
    struct service *svc;

    if (rd->count >= MAX_SERVICES) {
        warn("unable to start runsv %s: too many services.", name);
        return NULL;
    }
    if (rd->count == rd->capacity && grow_services(rd) < 0) {
        /* no event would bring it back: DIR is read again a second later */
        warn_errno("unable to start runsv %s", name);
        rd->next_add_retry = deadline_after(RETRY_MS);
        return NULL;
    }
    svc = &rd->services[rd->count];
    memset(svc, 0, sizeof(*svc));
    if (rename_service(svc, name) < 0) {
        warn_errno("unable to start runsv %s", name);
        return NULL;
    }
    svc->dev = info->st_dev;
    svc->ino = info->st_ino;
    index_service(rd, rd->count);
    rd->count++;
    return svc;
}

/* Forget a service that is gone; its runsv stops its service and exits.
 * The caller indexes the services again. */
static void remove_service(struct runsvdir *rd, size_t index)
{
    struct service *svc = &rd->services[index];

    if (svc->pid)
        kill(svc->pid, SIGTERM);
    rd->services[index] = rd->services[--rd->count];
}

/* ---- watching ---- */

/* PATH's directory part ("." when none) into OUT. */
static void parent_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t len;

    if (!slash) {
        fmt_format(out, size, ".");
        return;
    }
    len = slash == path ? 1 : (size_t)(slash - path);
    fmt_format(out, size, "%.*s", (int)len, path);
}

static void watch(struct runsvdir *rd, const char *path)
{
    if (rd->inotify_fd >= 0)
        inotify_add_watch(rd->inotify_fd, path, LINK_EVENTS | IN_MASK_ADD);
}

/* Into PATH (PATH_MAX bytes): where the symbolic link NAME (relative to
 * DIR_FD) points, its text read relative to BASE unless absolute; -1 when
 * NAME is no link. PATH may be NAME. */
static int read_link_path(int dir_fd, const char *name, const char *base, char *path)
{
    char target[PATH_MAX];
    ssize_t len = readlinkat(dir_fd, name, target, sizeof(target) - 1);

    if (len <= 0)
        return -1;
    target[len] = '\0';
    if (target[0] == '/')
        fmt_format(path, PATH_MAX, "%s", target);
    else
        fmt_format(path, PATH_MAX, "%s/%s", base, target);
    return 0;
}

/* A service that is a symbolic link can vanish or appear without DIR
 * changing (its target is removed or made): watch the directory that
 * holds the target. NAME is an entry of DIR. */
static void watch_link_target(struct runsvdir *rd, const char *name)
{
    char path[PATH_MAX], parent[PATH_MAX];

    if (rd->inotify_fd < 0 || read_link_path(rd->dir_fd, name, rd->dir, path) < 0)
        return;
    parent_of(path, parent, sizeof(parent));
    watch(rd, parent);
}

/* DIR itself may be a symbolic link (runit's /etc/service -> current ->
 * default): watch the directories holding each link of the chain, so
 * that pointing it elsewhere is noticed. */
static void watch_dir_links(struct runsvdir *rd)
{
    char path[PATH_MAX], parent[PATH_MAX];
    int depth;

    fmt_format(path, sizeof(path), "%s", rd->dir);
    for (depth = 0; depth < 8; depth++) {
        parent_of(path, parent, sizeof(parent));
        watch(rd, parent);
        if (read_link_path(AT_FDCWD, path, parent, path) < 0)
            return;
    }
}

/* inotify does not see changes made by other machines on network file
 * systems (or by the host on a virtual machine's shared folders). */
static int is_remote_file_system(int fd)
{
    struct statfs info;

    if (fstatfs(fd, &info) < 0)
        return 0;
    switch ((unsigned long)info.f_type) {
    case 0x6969:            /* NFS */
    case 0x65735546:        /* FUSE (sshfs, virtiofs daemons, ...) */
    case 0x01021997:        /* 9p */
    case 0xFF534D42:        /* CIFS */
    case 0xFE534D42:        /* SMB2 */
    case 0x517B:            /* SMB */
    case 0x00C36400:        /* Ceph */
    case 0x5346414F:        /* AFS */
    case 0x73757245:        /* Coda */
        return 1;
    default:
        return 0;
    }
}

/* ---- scanning ---- */

/* NAME appeared in DIR (inotify), or a scan met it: a service if it is a
 * directory after following links. IS_NEW_DIRECTORY: just made with
 * mkdir, so probably still being filled. */
static void consider_entry(struct runsvdir *rd, const char *name, int is_new_directory)
{
    struct service *svc;
    struct stat info;

    if (name[0] == '.')
        return;
    if (fstatat(rd->dir_fd, name, &info, 0) < 0) {
        warn_errno("unable to stat %s", name);
        watch_link_target(rd, name);
        return;
    }
    if (!S_ISDIR(info.st_mode))
        return;
    svc = find_service(rd, info.st_dev, info.st_ino);
    if (!svc) {
        /* one warning, not one per new service; the next scan adds it */
        if (rd->next_add_retry != DEADLINE_NONE)
            return;
        svc = add_service(rd, name, &info);
        if (!svc)
            return;
        svc->is_filling = is_new_directory;
        watch_link_target(rd, name);
    } else if (!svc->pid && rename_service(svc, name) < 0) {
        return;
    }
    svc->is_seen = 1;
}

/* Read all of DIR: start a runsv for each new service directory (not
 * starting with '.', a directory after following links), TERM the runsv
 * of each one gone. */
static void scan(struct runsvdir *rd)
{
    struct dir_reader reader;
    const char *name;
    size_t i, count;

    rd->is_rescan_due = 0;
    if (rd->dir_fd < 0)
        return;
    for (i = 0; i < rd->count; i++)
        rd->services[i].is_seen = 0;
    lseek(rd->dir_fd, 0, SEEK_SET);
    dir_reader_init(&reader, rd->dir_fd);
    while ((name = dir_next(&reader)))
        consider_entry(rd, name, 0);
    if (errno) {
        warn_errno("unable to read directory %s", rd->dir);
        rd->next_check = deadline_min(rd->next_check, deadline_after(RETRY_MS));
        return;
    }
    count = rd->count;
    for (i = rd->count; i-- > 0;) {
        if (!rd->services[i].is_seen)
            remove_service(rd, i);
    }
    if (rd->count != count)
        index_all_services(rd);
}

/* Open DIR afresh and watch it (it may be missing at first, or another
 * directory than before). */
static void open_dir(struct runsvdir *rd, const struct stat *info)
{
    if (rd->dir_fd >= 0)
        close(rd->dir_fd);
    if (rd->dir_watch >= 0)
        inotify_rm_watch(rd->inotify_fd, rd->dir_watch);
    rd->dir_watch = -1;
    rd->dir_fd = open(rd->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rd->dir_fd < 0) {
        warn_errno("unable to open directory %s", rd->dir);
        return;
    }
    rd->dir_dev = info->st_dev;
    rd->dir_ino = info->st_ino;
    rd->dir_mtime = info->st_mtim;
    if (rd->inotify_fd >= 0 && !is_remote_file_system(rd->dir_fd))
        rd->dir_watch = inotify_add_watch(rd->inotify_fd, rd->dir, DIR_EVENTS);
    watch_dir_links(rd);
    rd->is_rescan_due = 1;
}

static int is_same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Where DIR leads now, and whether it changed. Without inotify
 * this is runit's five-second check of mtime, inode and device, waiting
 * for a directory changed in the current second to be a second old. */
static void check_dir(struct runsvdir *rd)
{
    struct stat info;
    struct timespec now;

    rd->is_check_due = 0;
    if (stat(rd->dir, &info) < 0) {
        if (errno != rd->last_stat_errno)
            warn_errno("unable to stat %s", rd->dir);
        rd->last_stat_errno = errno;
        rd->next_check = deadline_after(RETRY_MS);
        return;
    }
    rd->last_stat_errno = 0;
    if (rd->dir_fd < 0 || info.st_dev != rd->dir_dev || info.st_ino != rd->dir_ino) {
        open_dir(rd, &info);
        rd->next_check = deadline_after(rd->dir_fd < 0 ? RETRY_MS
                                        : rd->dir_watch >= 0 ? SAFETY_NET_MS : POLL_MS);
        return;
    }
    if (rd->dir_watch >= 0) {
        rd->next_check = deadline_after(SAFETY_NET_MS);
        rd->is_rescan_due = 1;
        return;
    }
    rd->next_check = deadline_after(POLL_MS);
    if (is_same_time(&info.st_mtim, &rd->dir_mtime))
        return;
    clock_read(CLOCK_REALTIME, &now);
    if (now.tv_sec <= info.st_mtim.tv_sec) {
        rd->next_check = deadline_after(RETRY_MS);
        return;
    }
    rd->dir_mtime = info.st_mtim;
    rd->is_rescan_due = 1;
}

/* ---- events ---- */

static void on_dir_event(struct runsvdir *rd, const struct inotify_event *event)
{
    if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
        rd->is_check_due = 1;
    } else if (event->mask & (IN_DELETE | IN_MOVED_FROM)) {
        rd->is_rescan_due = 1;
    } else if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && event->len
               && !rd->is_rescan_due && rd->dir_fd >= 0) {
        consider_entry(rd, event->name,
                       (event->mask & IN_CREATE) && (event->mask & IN_ISDIR));
    }
}

static void read_inotify_events(struct runsvdir *rd)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    const struct inotify_event *event;
    ssize_t len;
    char *p;

    while ((len = read(rd->inotify_fd, buf, sizeof(buf))) > 0) {
        for (p = buf; p < buf + len; p += sizeof(*event) + event->len) {
            event = (const struct inotify_event *)p;
            if (event->mask & IN_Q_OVERFLOW)
                rd->is_rescan_due = 1;
            else if (event->wd == rd->dir_watch)
                on_dir_event(rd, event);
            else
                rd->is_check_due = rd->is_rescan_due = 1;
        }
    }
}

static void on_child_exit(void *context, pid_t pid, int status)
{
    struct runsvdir *rd = context;
    int64_t now = clock_now_ms();
    size_t i;

    (void)status;
    for (i = 0; i < rd->count; i++) {
        struct service *svc = &rd->services[i];

        if (svc->pid != pid)
            continue;
        svc->pid = 0;
        svc->start_after = now - svc->started_ms < THROTTLE_MS
            ? svc->started_ms + THROTTLE_MS : now;
        return;
    }
}

/* What the signals read ask of runsvdir. */
enum signal_outcome { SIGNALS_GO_ON, SIGNALS_EXIT, SIGNALS_EXIT_HANGUP };

/* TERM: exit 0. HUP: TERM to every runsv, then exit 111. Children that
 * ended are reaped either way. */
static enum signal_outcome handle_signals(struct runsvdir *rd)
{
    int sig;
    size_t i;

    while ((sig = signal_fd_next(rd->signal_fd)) > 0) {
        if (sig == SIGTERM)
            return SIGNALS_EXIT;
        if (sig == SIGHUP) {
            for (i = 0; i < rd->count; i++) {
                if (rd->services[i].pid)
                    kill(rd->services[i].pid, SIGTERM);
            }
            return SIGNALS_EXIT_HANGUP;
        }
    }
    spawn_reap(on_child_exit, rd);
    return SIGNALS_GO_ON;
}

/* ---- the readproctitle log ---- */

/* Every byte read (but NUL) goes to the end of the LOG argument, the
 * rest moving left; its first five characters stay, so that ps shows
 * the latest errors of the services (runit's readproctitle log). */
static void read_log(struct runsvdir *rd)
{
    char buf[256];
    ssize_t len, i;

    while ((len = read(rd->log_fd, buf, sizeof(buf))) > 0) {
        for (i = 0; i < len; i++) {
            if (!buf[i])
                continue;
            memmove(rd->log + 5, rd->log + 6, rd->log_len - 6);
            rd->log[rd->log_len - 1] = buf[i];
        }
    }
}

static void write_log_dot(struct runsvdir *rd)
{
    if (write(rd->log_write_fd, ".", 1) < 0)
        return;
}

static void setup_log(struct runsvdir *rd, char *log)
{
    int fds[2];

    rd->log_fd = rd->log_write_fd = -1;
    if (!log)
        return;
    if (strlen(log) < 7) {
        warn("log must have at least seven characters.");
        warn("log service disabled.");
        return;
    }
    /* Both ends non-blocking as in runit: a full pipe must not block
     * runsvdir, its only reader, writing its own warnings. */
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0 || dup2(fds[1], 2) < 0) {
        warn_errno("unable to create pipe for log");
        warn("log service disabled.");
        return;
    }
    rd->log = log;
    rd->log_len = strlen(log);
    rd->log_fd = fds[0];
    rd->log_write_fd = fds[1];
    rd->next_log_dot = clock_now_ms();
}

/* ---- main loop ---- */

static int64_t next_deadline(const struct runsvdir *rd)
{
    int64_t deadline = deadline_min(rd->next_check, rd->next_add_retry);
    size_t i;

    if (rd->log_fd >= 0)
        deadline = deadline_min(deadline, rd->next_log_dot);
    for (i = 0; i < rd->count; i++) {
        if (!rd->services[i].pid)
            deadline = deadline_min(deadline, rd->services[i].start_after);
    }
    return deadline;
}

static int runsvdir_loop(struct runsvdir *rd)
{
    enum signal_outcome outcome;

    for (;;) {
        struct pollfd fds[] = {
            { .fd = rd->signal_fd, .events = POLLIN },
            { .fd = rd->inotify_fd, .events = POLLIN },
            { .fd = rd->log_fd, .events = POLLIN },
            { .fd = rd->mounts_fd, .events = POLLPRI },
        };

        if (clock_now_ms() >= rd->next_add_retry) {
            rd->next_add_retry = DEADLINE_NONE;
            rd->is_rescan_due = 1;
        }
        if (rd->is_check_due || clock_now_ms() >= rd->next_check)
            check_dir(rd);
        if (rd->is_rescan_due)
            scan(rd);
        start_due_services(rd);
        if (rd->log_fd >= 0 && clock_now_ms() >= rd->next_log_dot) {
            write_log_dot(rd);
            rd->next_log_dot = deadline_after(LOG_DOT_MS);
        }
        if (rd->is_check_due || rd->is_rescan_due)
            continue;
        if (poll_until(fds, 4, next_deadline(rd)) < 0 && errno != EINTR)
            warn_errno("unable to poll");
        if (fds[0].revents) {
            outcome = handle_signals(rd);
            if (outcome != SIGNALS_GO_ON)
                return outcome == SIGNALS_EXIT ? 0 : EXIT_SYSTEM;
        }
        if (fds[1].revents)
            read_inotify_events(rd);
        if (fds[2].revents)
            read_log(rd);
        if (fds[3].revents)
            rd->is_check_due = 1;
    }
}

/* ---- start-up ---- */

static void setup_signals(struct runsvdir *rd)
{
    static const int signals[] = { SIGCHLD, SIGTERM, SIGHUP, 0 };

    /* runsv gets the mask as it was, as runit's runsvdir leaves it (a
     * blocked SIGHUP reaches the services blocked); the dispositions of
     * these three go back to the defaults. */
    rd->signal_fd = signal_fd_open_list(signals, &rd->child_mask);
    if (rd->signal_fd < 0)
        die_errno(EXIT_SYSTEM, "unable to create signal descriptor");
}

static void setup_watching(struct runsvdir *rd)
{
    struct stat info;

    if (stat("/proc/self/exe", &info) == 0) {
        rd->knows_self = 1;
        rd->self_dev = info.st_dev;
        rd->self_ino = info.st_ino;
    }
    rd->dir_watch = -1;
    rd->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    rd->mounts_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
}

/* runit's option parsing: only the first argument, only by its second
 * character; "-x" is no option but the directory. */
static char **parse_arguments(struct runsvdir *rd, char **argv)
{
    argv++;
    if (!*argv)
        die_usage_as_invoked(1);
    if (**argv == '-') {
        if ((*argv)[1] == 'P')
            rd->new_sessions = 1;
        if ((*argv)[1] == 'P' || (*argv)[1] == '-')
            argv++;
        if (!*argv)
            die_usage_as_invoked(1);
    }
    return argv;
}

static void free_services(struct runsvdir *rd)
{
    mem_free(rd->services);
    mem_free(rd->slots);
    rd->services = NULL;
    rd->count = 0;
    if (rd->dir_fd >= 0)
        close(rd->dir_fd);
}

int runsvdir_main(int argc, char **argv)
{
    struct runsvdir rd;
    int fd, status;

    (void)argc;
    memset(&rd, 0, sizeof(rd));
    rd.dir_fd = -1;
    rd.next_add_retry = DEADLINE_NONE;
    argv = parse_arguments(&rd, argv);
    rd.dir = argv[0];
    err_set_prefix_arg(rd.dir);
    setup_signals(&rd);
    setup_log(&rd, argv[1]);
    /* runit keeps its working directory open; failing that is its only
     * start-up error. */
    fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        die_errno(EXIT_USAGE, "unable to open current directory");
    close(fd);
    setup_watching(&rd);
    rd.is_check_due = 1;
    status = runsvdir_loop(&rd);
    free_services(&rd);
    return status;
}
