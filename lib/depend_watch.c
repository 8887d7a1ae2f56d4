/* depend_watch.c - the services a service depends on, as its runsv
 * watches them: subscriptions, what each one is now, pulls and holds */
#include "depend_watch.h"
#include "clock.h"
#include "fd.h"
#include "fmt.h"
#include "mem.h"
#include "spawn.h"
#include "supervise_event.h"
#include "supervise_status.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A plain dependency's ./check: at once, then after 20 ms, doubling to 1 s. */
#define CHECK_FIRST_DELAY_MS 20
#define CHECK_MAX_DELAY_MS 1000
/* Dependencies that send no bytes are read again this often while they hold. */
#define REREAD_MS 1000

static const char *path_of(const struct depend_watch *watch, const struct dependency *dep)
{
    return watch->paths + dep->path;
}

/* Our FIFO for dependency I: SUBSCRIBER, and ".I" after it from the
 * second on, so that two names of one directory do not share it. */
static void fifo_name(const struct depend_watch *watch, size_t i, char *name, size_t size)
{
    if (i == 0)
        fmt_format(name, size, "%s", watch->subscriber);
    else
        fmt_format(name, size, "%s.%zu", watch->subscriber, i);
}

/* Ask the dependency's runsv to say something: ours answers '?' with a
 * byte to its subscribers, runit's ignores it. */
static void send_command(const char *path, char command)
{
    int fd = supervise_control_open(AT_FDCWD, path);

    if (fd < 0)
        return;
    if (write(fd, &command, 1) < 0) {
        /* its runsv just went: the next refresh sees it */
    }
    close(fd);
}

static void unsubscribe(struct depend_watch *watch, size_t i);

static void subscribe(struct depend_watch *watch, size_t i)
{
    struct dependency *dep = &watch->deps[i];
    char name[NAME_MAX + 48];

    if (dep->path == (size_t)-1)
        return;
    fifo_name(watch, i, name, sizeof(name));
    if (dep->fd >= 0) {
        /* Our FIFO was removed or replaced under us: no byte would reach
         * us any more, so a running service would miss its dependency's
         * end. Subscribed anew (at the latest at the next start attempt). */
        if (supervise_event_is_subscribed(AT_FDCWD, path_of(watch, dep), name, dep->fd))
            return;
        unsubscribe(watch, i);
    }
    dep->fd = supervise_event_subscribe(AT_FDCWD, path_of(watch, dep), name);
    if (dep->fd < 0)
        return;
    if (epoll_ctl(watch->fd, EPOLL_CTL_ADD, dep->fd,
                  &(struct epoll_event){ .events = EPOLLIN, .data.u64 = i }) < 0) {
        unsubscribe(watch, i);
        return;
    }
    send_command(path_of(watch, dep), '?');
}

static void unsubscribe(struct depend_watch *watch, size_t i)
{
    struct dependency *dep = &watch->deps[i];
    char name[NAME_MAX + 48];

    if (dep->fd < 0)
        return;
    fifo_name(watch, i, name, sizeof(name));
    supervise_event_unsubscribe(AT_FDCWD, path_of(watch, dep), name);
    close(dep->fd);
    dep->fd = -1;
}

/* The dependencies of LIST, their paths resolved into the watch's paths
 * (no path buffer on the stack: this runs at runsv's start-up, whose
 * frames an idle runsv keeps), then subscribed to. */
static int build(struct depend_watch *watch)
{
    size_t i, len, size = 0;
    char *grown;

    watch->count = 0;
    watch->deps = mem_grow(NULL, &size, watch->list.count * sizeof(*watch->deps) + 1);
    if (!watch->deps)
        return -1;
    for (i = 0; i < watch->list.count; i++) {
        const struct depend *entry = &watch->list.entries[i];
        struct dependency *dep = &watch->deps[watch->count++];

        memset(dep, 0, sizeof(*dep));
        dep->kind = entry->kind;
        dep->name = entry->name;
        dep->fd = -1;
        dep->path = (size_t)-1;
        if (entry->is_unreadable)
            continue;
        grown = mem_grow(watch->paths, &watch->paths_size, watch->paths_used + PATH_MAX);
        if (!grown)
            return -1;
        watch->paths = grown;
        if (depend_resolve(watch->entry, entry->name, watch->paths + watch->paths_used,
                           PATH_MAX) < 0)
            continue;
        len = strlen(watch->paths + watch->paths_used) + 1;
        dep->path = watch->paths_used;
        watch->paths_used += len;
    }
    for (i = 0; i < watch->count; i++)
        subscribe(watch, i);
    return 0;
}

/* Read the own files into LIST: 1 when there are any, 0, -1. */
static int read_own(const struct depend_watch *watch, struct depend_list *list)
{
    int fd = open(*watch->own_dir ? watch->own_dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    int result;

    if (fd < 0) {
        memset(list, 0, sizeof(*list));
        list->notification_fd = -1;
        return 0;
    }
    result = depend_read(fd, list);
    close(fd);
    return result < 0 ? -1 : list->has_files;
}

int depend_watch_open(struct depend_watch *watch, const char *own_dir,
                      const char *entry, const char *subscriber, const sigset_t *mask)
{
    int result;

    memset(watch, 0, sizeof(*watch));
    fmt_format(watch->entry, sizeof(watch->entry), "%s", entry);
    fmt_format(watch->own_dir, sizeof(watch->own_dir), "%s", own_dir);
    fmt_format(watch->subscriber, sizeof(watch->subscriber), "%s", subscriber);
    watch->mask = mask;
    watch->fd = -1;
    result = read_own(watch, &watch->list);
    if (result <= 0)
        return result;
    watch->fd = epoll_create1(EPOLL_CLOEXEC);
    if (watch->fd < 0 || build(watch) < 0) {
        depend_watch_close(watch);
        errno = ENOMEM;
        return -1;
    }
    return 1;
}

/* Unsubscribe from every dependency and forget them and the list; the
 * paths block stays, empty, for the next build. */
static void forget_dependencies(struct depend_watch *watch)
{
    size_t i;

    for (i = 0; i < watch->count; i++)
        unsubscribe(watch, i);
    depend_free(&watch->list);
    mem_free(watch->deps);
    watch->deps = NULL;
    watch->count = watch->paths_used = 0;
}

void depend_watch_close(struct depend_watch *watch)
{
    forget_dependencies(watch);
    if (watch->fd >= 0)
        close(watch->fd);
    watch->fd = -1;
    mem_free(watch->paths);
    watch->paths = NULL;
    watch->paths_size = 0;
}

/* Whether two lists name the same dependencies the same way. */
static int is_same_list(const struct depend_list *a, const struct depend_list *b)
{
    size_t i;

    if (a->count != b->count)
        return 0;
    for (i = 0; i < a->count; i++) {
        if (a->entries[i].kind != b->entries[i].kind
            || a->entries[i].is_unreadable != b->entries[i].is_unreadable
            || strcmp(a->entries[i].name, b->entries[i].name) != 0)
            return 0;
    }
    return 1;
}

int depend_watch_reload(struct depend_watch *watch)
{
    struct depend_list list;

    if (read_own(watch, &list) < 0)
        return -1;
    list.notification_fd = watch->list.notification_fd;   /* read at each start */
    if (is_same_list(&list, &watch->list)) {
        depend_free(&list);
        return 0;
    }
    forget_dependencies(watch);
    watch->list = list;
    if (build(watch) < 0) {
        depend_watch_close(watch);
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

int depend_watch_on_poll(struct depend_watch *watch)
{
    struct epoll_event events[16];
    int count, i, said = 0;

    do {
        count = epoll_wait(watch->fd, events, 16, 0);
        for (i = 0; i < count; i++) {
            struct dependency *dep = &watch->deps[events[i].data.u64];

            supervise_event_drain(dep->fd);
            dep->is_evented = 1;
            said = 1;
        }
    } while (count == 16);
    return said;
}

/* Whether the directory at DIR has a file NAME that access(2) grants MODE. */
static int has_file(const char *dir, const char *name, int mode)
{
    char path[PATH_MAX];

    fmt_format(path, sizeof(path), "%s/%s", dir, name);
    return access(path, mode) == 0;
}

/* A dependency's readiness when it is up: with notification-fd, its
 * runsv's supervise/ready valid for its pid; else its ./check passing
 * when it has an executable one (we run it); else it is ready. */
static enum dependency_state up_state(struct dependency *dep, const char *path,
                                      const struct supervise_status *status)
{
    struct tai64n stamp;
    pid_t pid;

    if (has_file(path, "notification-fd", F_OK))
        return supervise_ready_read(AT_FDCWD, path, &stamp, &pid) == 0
            && pid == status->pid ? DEPENDENCY_READY : DEPENDENCY_NOT_READY;
    if (!has_file(path, "check", X_OK) || dep->checked == status->pid)
        return DEPENDENCY_READY;
    if (dep->check_for != status->pid) {        /* a new process: check at once */
        dep->check_for = status->pid;
        dep->check_at = 0;
        dep->check_delay = CHECK_FIRST_DELAY_MS;
    }
    dep->is_check_due = 1;
    return DEPENDENCY_NOT_READY;
}

/* 'u' to the dependency's runsv, which may not have read it when we next
 * read its status: until its status shows the want up, it counts as
 * wanted up, or a wants dependency just pulled would not hold. */
static void pull(struct dependency *dep, const char *path)
{
    send_command(path, 'u');
    dep->is_pulled = 1;
}

/* What dependency DEP is now, from its files. */
static enum dependency_state observe(struct dependency *dep, const char *path)
{
    struct supervise_status status;
    char reason[16];
    struct stat st;

    dep->is_wanted_up = 0;
    dep->is_check_due = 0;
    dep->pid = 0;
    if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
        dep->is_pulled = 0;
        return DEPENDENCY_MISSING;
    }
    if (supervise_status_read_running(AT_FDCWD, path, &status) < 0) {
        /* No runsv yet, as at boot: the service will be wanted up once
         * one comes when our pull waits for it or it has no down file,
         * so that wants and after order a boot too. */
        dep->is_wanted_up = dep->is_pull_pending || !has_file(path, "down", F_OK);
        dep->is_pulled = 0;     /* its runsv went: the 'u' is lost */
        return DEPENDENCY_DOWN;
    }
    dep->is_wanted_up = status.want == WANT_UP;
    if (dep->is_wanted_up)
        dep->is_pulled = 0;
    if (dep->is_pull_pending) {
        if (!dep->is_wanted_up)
            pull(dep, path);
        dep->is_pull_pending = 0;
    }
    if (status.state != SERVICE_RUN || status.pid <= 0) {
        if (supervise_wait_read(AT_FDCWD, path, reason, sizeof(reason)) == 0
            && strncmp(reason, "cycle ", 6) == 0)
            return DEPENDENCY_CYCLE;
        return DEPENDENCY_DOWN;
    }
    dep->pid = status.pid;
    dep->was_up = 1;
    return up_state(dep, path, &status);
}

/* Run a plain dependency's ./check when its turn has come. */
static void run_check(struct depend_watch *watch, struct dependency *dep)
{
    char *argv[] = { "./check", NULL };
    struct spawn spawn = {
        .path = argv[0], .argv = argv, .stdin_fd = -1, .dir_fd = -1,
        .dir = path_of(watch, dep), .mask = watch->mask,
        .failure = "unable to run ./check", .failure_status = 111,
    };
    int null_fd;

    if (dep->check_pid || clock_now_ms() < dep->check_at)
        return;
    null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    spawn.stdout_fd = null_fd;
    dep->check_pid = spawn_process(&spawn);
    if (null_fd >= 0)
        close(null_fd);
    if (dep->check_pid < 0) {
        dep->check_pid = 0;
        dep->check_at = deadline_after(dep->check_delay);
    }
}

void depend_watch_refresh(struct depend_watch *watch, int is_held)
{
    size_t i;

    watch->refreshed_ms = clock_now_ms();
    for (i = 0; i < watch->count; i++) {
        struct dependency *dep = &watch->deps[i];

        if (dep->path == (size_t)-1) {
            dep->state = DEPENDENCY_MISSING;
            continue;
        }
        subscribe(watch, i);
        dep->state = observe(dep, path_of(watch, dep));
        if (dep->state == DEPENDENCY_MISSING && dep->fd >= 0) {
            /* our FIFO went with its directory, or is one a new
             * directory there will not have: subscribe anew to that */
            unsubscribe(watch, i);
            dep->is_evented = 0;
        }
        if (dep->ready_pid && (dep->state != DEPENDENCY_READY || dep->pid != dep->ready_pid))
            dep->is_lost = 1;
        dep->ready_pid = dep->state == DEPENDENCY_READY ? dep->pid : 0;
        if (is_held && dep->is_check_due)
            run_check(watch, dep);
    }
}

int depend_watch_find_cycle(struct depend_watch *watch)
{
    watch->is_on_cycle = depend_find_cycle(watch->entry, watch->cycle,
                                           sizeof(watch->cycle)) == 1;
    return watch->is_on_cycle;
}

/* Whether DEP holds the service: a needs dependency until it is ready;
 * a wants one while it is wanted up (or just pulled), not ready, and
 * has not failed since the pull (been up and gone down); an after one
 * while it is wanted up and not ready. */
static int is_holding(const struct dependency *dep)
{
    if (dep->state == DEPENDENCY_READY)
        return 0;
    switch (dep->kind) {
    case DEPEND_NEEDS:
        return 1;
    case DEPEND_WANTS:
        return (dep->is_wanted_up || dep->is_pulled)
            && dep->state != DEPENDENCY_MISSING
            && !(dep->was_up && dep->state != DEPENDENCY_NOT_READY);
    default:
        return dep->is_wanted_up;
    }
}

const char *depend_watch_reason(struct depend_watch *watch, char *text, size_t size)
{
    static const char words[][10] = { "missing", "down", "cycle", "not ready", "" };
    size_t i;

    if (watch->is_on_cycle) {
        fmt_format(text, size, "cycle %s", watch->cycle);
        return text;
    }
    for (i = 0; i < watch->count; i++) {
        const struct dependency *dep = &watch->deps[i];

        if (!is_holding(dep))
            continue;
        watch->holder = i;
        fmt_format(text, size, "%s %s (%s)", depend_kind_word(dep->kind), dep->name,
                   dep->kind == DEPEND_NEEDS ? words[dep->state] : "not ready");
        return text;
    }
    return NULL;
}

int depend_watch_needs_lost(const struct depend_watch *watch)
{
    size_t i;

    for (i = 0; i < watch->count; i++) {
        if (watch->deps[i].kind == DEPEND_NEEDS
            && (watch->deps[i].state != DEPENDENCY_READY || watch->deps[i].is_lost))
            return 1;
    }
    return 0;
}

void depend_watch_started(struct depend_watch *watch)
{
    size_t i;

    for (i = 0; i < watch->count; i++)
        watch->deps[i].is_lost = 0;
}

void depend_watch_pull(struct depend_watch *watch)
{
    struct supervise_status status;
    size_t i;

    tai64n_now(&watch->pulled);
    for (i = 0; i < watch->count; i++) {
        struct dependency *dep = &watch->deps[i];
        const char *path;

        if (dep->kind == DEPEND_AFTER || dep->path == (size_t)-1)
            continue;
        path = path_of(watch, dep);
        dep->was_up = 0;
        if (supervise_status_read_running(AT_FDCWD, path, &status) < 0)
            dep->is_pull_pending = 1;
        else if (status.want != WANT_UP)
            pull(dep, path);
    }
}

void depend_watch_cancel_pulls(struct depend_watch *watch)
{
    size_t i;

    for (i = 0; i < watch->count; i++)
        watch->deps[i].is_pull_pending = watch->deps[i].is_pulled = 0;
}

int64_t depend_watch_deadline(const struct depend_watch *watch, int is_held)
{
    int64_t deadline = DEADLINE_NONE;
    const struct dependency *holder;
    size_t i;

    for (i = 0; is_held && i < watch->count; i++) {
        if (watch->deps[i].is_check_due && !watch->deps[i].check_pid)
            deadline = deadline_min(deadline, watch->deps[i].check_at);
    }
    if (!is_held)
        return deadline;
    holder = watch->holder < watch->count ? &watch->deps[watch->holder] : NULL;
    if (watch->is_on_cycle || !holder || holder->state == DEPENDENCY_MISSING
        || !holder->is_evented || holder->is_pull_pending)
        deadline = deadline_min(deadline, watch->refreshed_ms + REREAD_MS);
    return deadline;
}

int depend_watch_reap(struct depend_watch *watch, pid_t pid, int status)
{
    size_t i;

    for (i = 0; i < watch->count; i++) {
        struct dependency *dep = &watch->deps[i];

        if (dep->check_pid != pid)
            continue;
        dep->check_pid = 0;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            dep->checked = dep->check_for;
        } else {
            dep->check_at = deadline_after(dep->check_delay);
            dep->check_delay = dep->check_delay * 2 > CHECK_MAX_DELAY_MS
                ? CHECK_MAX_DELAY_MS : dep->check_delay * 2;
        }
        return 1;
    }
    return 0;
}
