/* depend-helper.c - service program and timing probes for
 * bench/depend.bench.sh
 *
 *   run                as a service's ./run: remove ./ready, write the start
 *                      time (ns, CLOCK_REALTIME) to $STAMP_DIR/<service
 *                      name>, sleep $DELAY_MS, then say it is ready: with a
 *                      ./notification-fd holding N, a newline written to
 *                      descriptor N (s6's protocol); without, a file ./ready
 *                      (which a ./check script tests). Then wait for ever.
 *   spawn COUNT        fork and exec this program COUNT times; print the
 *                      median microseconds from before fork to the child's
 *                      main (one process start)
 *   wait FILE OLD T0_NS
 *                      wait until FILE holds a number other than OLD (a new
 *                      start stamp); print microseconds from T0_NS to it
 *   count DIR N T0_NS  wait until DIR holds N stamps; print microseconds from
 *                      T0_NS to the latest
 *   kill SERVICE STAMP kill -9 the service's process (supervise/pid); wait
 *                      until the stamp file STAMP changes; print
 *                      microseconds from the kill to the new stamp
 *   stop SV DIR...     run `SV force-stop DIR...` (output to /dev/null);
 *                      print microseconds until every DIR's
 *                      supervise/status says down, then until SV exited
 *
 * Waits follow the stamp's directory with inotify (no polling) and give up
 * after 60 s (print -1). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long read_number(const char *path)
{
    char buf[64];
    ssize_t len;
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return -1;
    len = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    return atoll(buf);
}

/* Write TEXT to PATH through PATH.tmp and a rename. */
static int put_file(const char *path, const char *text)
{
    char tmp[PATH_MAX + 8];
    int fd, len = (int)strlen(text);

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, len) != len)
        return -1;
    close(fd);
    return rename(tmp, path);
}

static int run(void)
{
    char cwd[PATH_MAX], path[PATH_MAX + 64], text[32];
    const char *dir = getenv("STAMP_DIR"), *delay = getenv("DELAY_MS"), *name;
    long long notify_fd = read_number("notification-fd");
    struct timespec pause_for;

    unlink("ready");
    if (!dir || !getcwd(cwd, sizeof(cwd)))
        return 111;
    name = strrchr(cwd, '/') ? strrchr(cwd, '/') + 1 : cwd;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    snprintf(text, sizeof(text), "%lld\n", now_ns());
    if (put_file(path, text) < 0)
        return 111;
    if (delay && atoll(delay) > 0) {
        pause_for.tv_sec = atoll(delay) / 1000;
        pause_for.tv_nsec = atoll(delay) % 1000 * 1000000L;
        while (nanosleep(&pause_for, &pause_for) < 0)
            ;
    }
    if (notify_fd >= 3) {
        if (write((int)notify_fd, "\n", 1) != 1)
            return 111;
        close((int)notify_fd);
    } else if (put_file("ready", "1\n") < 0) {
        return 111;
    }
    for (;;)
        pause();
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return x < y ? -1 : x > y;
}

static int spawn(const char *self, int count)
{
    long long took[1000], start, started;
    int i, pipe_fd[2];
    pid_t pid;

    if (count < 1 || count > 1000)
        return 100;
    for (i = 0; i < count; i++) {
        if (pipe(pipe_fd) < 0)
            return 111;
        start = now_ns();
        pid = fork();
        if (pid < 0)
            return 111;
        if (pid == 0) {
            dup2(pipe_fd[1], 1);
            execl(self, self, "started", (char *)NULL);
            _exit(111);
        }
        close(pipe_fd[1]);
        started = -1;
        if (read(pipe_fd[0], &started, sizeof(started)) != sizeof(started))
            return 111;
        close(pipe_fd[0]);
        waitpid(pid, NULL, 0);
        took[i] = started - start;
    }
    qsort(took, count, sizeof(took[0]), by_value);
    printf("%.1f\n", took[(count - 1) / 2] / 1000.0);
    return 0;
}

/* Wait until PATH holds a number other than OLD; return it, -1 after 60 s. */
static long long wait_stamp(const char *path, long long old)
{
    char dir[PATH_MAX], events[4096] __attribute__((aligned(8)));
    long long deadline = now_ns() + 60000000000LL, value = -1;
    struct pollfd watch;

    snprintf(dir, sizeof(dir), "%s", path);
    if (strrchr(dir, '/'))
        *strrchr(dir, '/') = '\0';
    watch.fd = inotify_init1(IN_CLOEXEC);
    watch.events = POLLIN;
    if (watch.fd < 0 || inotify_add_watch(watch.fd, dir, IN_MOVED_TO) < 0)
        return -1;
    while (now_ns() < deadline) {
        value = read_number(path);
        if (value > 0 && value != old)
            break;
        value = -1;
        if (poll(&watch, 1, 1000) > 0 && read(watch.fd, events, sizeof(events)) < 0)
            break;
    }
    close(watch.fd);
    return value;
}

static int wait_for(char **argv)
{
    long long value = wait_stamp(argv[0], atoll(argv[1]));

    printf("%lld\n", value < 0 ? -1 : (value - atoll(argv[2])) / 1000);
    return 0;
}

/* The stamps in PATH (names without ".tmp"), and in *LATEST the latest
 * of their times; -1 when PATH cannot be read. */
static long long stamps(const char *path, long long *latest)
{
    char file[PATH_MAX];
    struct dirent *entry;
    long long found = 0, value;
    DIR *dir = opendir(path);

    if (!dir)
        return -1;
    *latest = 0;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.' || strstr(entry->d_name, ".tmp"))
            continue;
        found++;
        snprintf(file, sizeof(file), "%s/%s", path, entry->d_name);
        value = read_number(file);
        if (value > *latest)
            *latest = value;
    }
    closedir(dir);
    return found;
}

/* Lists the directory again at each batch of renames into it. */
static int count(char **argv)
{
    char events[4096] __attribute__((aligned(8)));
    long long want = atoll(argv[1]), deadline = now_ns() + 60000000000LL, latest = 0;
    struct pollfd watch;

    watch.fd = inotify_init1(IN_CLOEXEC);
    watch.events = POLLIN;
    if (watch.fd < 0 || inotify_add_watch(watch.fd, argv[0], IN_MOVED_TO) < 0)
        return 1;
    while (stamps(argv[0], &latest) < want) {
        if (now_ns() > deadline) {
            printf("-1\n");
            return 0;
        }
        if (poll(&watch, 1, 1000) > 0 && read(watch.fd, events, sizeof(events)) < 0)
            return 1;
    }
    printf("%lld\n", (latest - atoll(argv[2])) / 1000);
    return 0;
}

static int kill_service(char **argv)
{
    char pid_path[PATH_MAX];
    long long pid, old, start, started;

    snprintf(pid_path, sizeof(pid_path), "%s/supervise/pid", argv[0]);
    pid = read_number(pid_path);
    old = read_number(argv[1]);
    if (pid <= 0)
        return 1;
    start = now_ns();
    kill((pid_t)pid, SIGKILL);
    started = wait_stamp(argv[1], old);
    printf("%lld\n", started < 0 ? -1 : (started - start) / 1000);
    return 0;
}

/* How many of the COUNT services in DIRS are not down (state byte of
 * supervise/status 0); an unreadable status counts as not down. */
static int not_down(char **dirs, int count)
{
    char path[PATH_MAX];
    unsigned char status[20];
    int i, fd, left = 0;

    for (i = 0; i < count; i++) {
        snprintf(path, sizeof(path), "%s/supervise/status", dirs[i]);
        fd = open(path, O_RDONLY);
        if (fd < 0 || read(fd, status, sizeof(status)) != sizeof(status) || status[19] != 0)
            left++;
        if (fd >= 0)
            close(fd);
    }
    return left;
}

/* The status files are replaced by a rename: each change is an
 * IN_MOVED_TO in the supervise directory; SV's end is its pidfd. */
static int stop(char **argv, int count)
{
    char path[PATH_MAX], events[4096] __attribute__((aligned(8)));
    long long start, deadline, down = -1, exited = -1;
    struct pollfd fds[2];
    int i, null_fd;
    pid_t pid;

    fds[0].fd = inotify_init1(IN_CLOEXEC);
    fds[0].events = fds[1].events = POLLIN;
    if (fds[0].fd < 0)
        return 111;
    for (i = 0; i < count; i++) {
        snprintf(path, sizeof(path), "%s/supervise", argv[i + 1]);
        if (inotify_add_watch(fds[0].fd, path, IN_MOVED_TO) < 0)
            return 111;
    }
    start = now_ns();
    deadline = start + 60000000000LL;
    pid = fork();
    if (pid < 0)
        return 111;
    if (pid == 0) {
        null_fd = open("/dev/null", O_WRONLY);
        dup2(null_fd, 1);
        argv[-1] = argv[0];
        argv[0] = "force-stop";
        execv(argv[-1], argv - 1);
        _exit(127);
    }
    fds[1].fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fds[1].fd < 0)
        return 111;
    while ((down < 0 || exited < 0) && now_ns() < deadline) {
        if (down < 0 && not_down(argv + 1, count) == 0)
            down = now_ns() - start;
        if (poll(fds, 2, 1000) <= 0)
            continue;
        if (fds[1].revents && exited < 0) {
            waitpid(pid, NULL, 0);
            exited = now_ns() - start;
            fds[1].fd = -1;
        }
        if (fds[0].revents && read(fds[0].fd, events, sizeof(events)) < 0)
            break;
    }
    printf("%lld %lld\n", down < 0 ? -1 : down / 1000, exited < 0 ? -1 : exited / 1000);
    return 0;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    long long t;

    if (strcmp(base, "run") == 0)
        return run();
    if (argc < 2)
        return 100;
    if (strcmp(argv[1], "started") == 0) {
        t = now_ns();
        return write(1, &t, sizeof(t)) == sizeof(t) ? 0 : 111;
    }
    if (strcmp(argv[1], "spawn") == 0 && argc == 3)
        return spawn(argv[0], atoi(argv[2]));
    if (strcmp(argv[1], "wait") == 0 && argc == 5)
        return wait_for(argv + 2);
    if (strcmp(argv[1], "count") == 0 && argc == 5)
        return count(argv + 2);
    if (strcmp(argv[1], "kill") == 0 && argc == 4)
        return kill_service(argv + 2);
    if (strcmp(argv[1], "stop") == 0 && argc >= 4)
        return stop(argv + 2, argc - 3);
    return 100;
}
