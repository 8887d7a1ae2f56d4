/* supervise-helper.c - timing probes for bench/supervise.bench.sh
 *
 *   run                as a service's ./run: write the start time (ns,
 *                      CLOCK_REALTIME) to $STAMP_DIR/<service name>, then
 *                      wait for ever ($STAMP_EXIT set: exit at once)
 *   pickup DIR TARGET NAME STAMP_DIR
 *                      link DIR/NAME -> TARGET; print microseconds until
 *                      the service's ./run started
 *   restart SERVICE STAMP_FILE
 *                      kill -9 the service's ./run (supervise/pid); print
 *                      microseconds until a new ./run started
 *   revive SERVICE PID kill -9 the runsv PID of SERVICE; print microseconds
 *                      until a runsv holds SERVICE/supervise/ok again
 *   control SERVICE    for a service that exits at once: when it is down
 *                      (in runsv's one-second throttle), write 'd' to its
 *                      control FIFO; print microseconds until
 *                      supervise/status says want down
 *   count STAMP_DIR N T0_NS
 *                      wait until N stamps exist (inotify); print
 *                      microseconds from T0_NS to the latest stamp
 *
 * The others poll with 100-microsecond sleeps: the probe's own delay is
 * well under what it measures. Gives up after 30 s (prints -1). */
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
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void nap(void)
{
    struct timespec t = { 0, 100000 };

    nanosleep(&t, NULL);
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

/* Wait for PATH to hold a number other than OLD; return it, -1 on timeout. */
static long long wait_number(const char *path, long long old)
{
    long long deadline = now_ns() + 30000000000LL, value;

    while (now_ns() < deadline) {
        value = read_number(path);
        if (value > 0 && value != old)
            return value;
        nap();
    }
    return -1;
}

static int run(void)
{
    char cwd[PATH_MAX], path[PATH_MAX + 64], final[PATH_MAX + 64], text[32];
    const char *dir = getenv("STAMP_DIR"), *name;
    int fd, len;

    if (!dir || !getcwd(cwd, sizeof(cwd)))
        return 111;
    name = strrchr(cwd, '/') ? strrchr(cwd, '/') + 1 : cwd;
    snprintf(path, sizeof(path), "%s/%s.tmp", dir, name);
    len = snprintf(text, sizeof(text), "%lld\n", now_ns());
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, len) != len)
        return 111;
    close(fd);
    snprintf(final, sizeof(final), "%s/%s", dir, name);
    rename(path, final);
    if (getenv("STAMP_EXIT"))
        return 0;
    for (;;)
        pause();
}

static int pickup(char **argv)
{
    char link_path[PATH_MAX], stamp[PATH_MAX];
    long long start, started;

    snprintf(link_path, sizeof(link_path), "%s/%s", argv[0], argv[2]);
    snprintf(stamp, sizeof(stamp), "%s/%s", argv[3], argv[2]);
    unlink(stamp);
    start = now_ns();
    if (symlink(argv[1], link_path) < 0)
        return 1;
    started = wait_number(stamp, -1);
    printf("%lld\n", started < 0 ? -1 : (started - start) / 1000);
    return 0;
}

static int restart(char **argv)
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
    started = wait_number(argv[1], old);
    printf("%lld\n", started < 0 ? -1 : (started - start) / 1000);
    return 0;
}

static int revive(char **argv)
{
    char ok[PATH_MAX];
    long long deadline = now_ns() + 30000000000LL, start;
    pid_t pid = (pid_t)atoll(argv[1]);
    int fd, seen_gone = 0;

    snprintf(ok, sizeof(ok), "%s/supervise/ok", argv[0]);
    start = now_ns();
    kill(pid, SIGKILL);
    while (now_ns() < deadline) {
        fd = open(ok, O_WRONLY | O_NONBLOCK);
        if (fd >= 0)
            close(fd);
        if (fd < 0)
            seen_gone = 1;
        else if (seen_gone)
            break;
        nap();
    }
    printf("%lld\n", now_ns() < deadline ? (now_ns() - start) / 1000 : -1);
    return 0;
}

static int status_byte(const char *service, int index)
{
    char path[PATH_MAX];
    unsigned char status[20];
    int fd;
    ssize_t len;

    snprintf(path, sizeof(path), "%s/supervise/status", service);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    len = read(fd, status, sizeof(status));
    close(fd);
    return len == 20 ? status[index] : -1;
}

static int control(char **argv)
{
    char path[PATH_MAX];
    long long deadline = now_ns() + 30000000000LL, start;
    int fd;

    /* Down (state 0) while wanted up: inside the throttle. */
    while (!(status_byte(argv[0], 19) == 0 && status_byte(argv[0], 17) == 'u')) {
        if (now_ns() > deadline)
            return 1;
        nap();
    }
    snprintf(path, sizeof(path), "%s/supervise/control", argv[0]);
    fd = open(path, O_WRONLY | O_NONBLOCK);
    if (fd < 0)
        return 1;
    start = now_ns();
    if (write(fd, "d", 1) != 1)
        return 1;
    close(fd);
    while (status_byte(argv[0], 17) != 'd') {
        if (now_ns() > deadline) {
            printf("-1\n");
            return 0;
        }
        nap();
    }
    printf("%lld\n", (now_ns() - start) / 1000);
    return 0;
}

static long long count_stamps(const char *path)
{
    struct dirent *entry;
    long long found = 0;
    DIR *dir = opendir(path);

    if (!dir)
        return -1;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] != '.' && !strstr(entry->d_name, ".tmp"))
            found++;
    }
    closedir(dir);
    return found;
}

/* Counts the stamps renamed into place as inotify reports them, and
 * lists the directory only to start and to confirm: polling a listing of
 * a thousand names would take a good part of a core from what it times. */
static int count(char **argv)
{
    long long want = atoll(argv[1]), start = atoll(argv[2]);
    long long deadline = now_ns() + 30000000000LL, latest = 0, value, found;
    char path[PATH_MAX], events[4096] __attribute__((aligned(8)));
    struct inotify_event *event;
    struct pollfd ready;
    struct dirent *entry;
    ssize_t len, at;
    DIR *dir;

    ready.fd = inotify_init1(IN_CLOEXEC);
    ready.events = POLLIN;
    if (ready.fd < 0 || inotify_add_watch(ready.fd, argv[0], IN_MOVED_TO) < 0)
        return 1;
    found = count_stamps(argv[0]);
    for (;;) {
        if (found >= want) {
            found = count_stamps(argv[0]);      /* a name seen twice */
            if (found >= want)
                break;
        }
        if (now_ns() > deadline || found < 0) {
            printf("-1\n");
            return 0;
        }
        if (poll(&ready, 1, 1000) <= 0)
            continue;
        len = read(ready.fd, events, sizeof(events));
        for (at = 0; at < len; at += sizeof(*event) + event->len) {
            event = (struct inotify_event *)(events + at);
            if (event->len && !strstr(event->name, ".tmp"))
                found++;
        }
    }
    close(ready.fd);
    dir = opendir(argv[0]);
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.' || strstr(entry->d_name, ".tmp"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", argv[0], entry->d_name);
        value = read_number(path);
        if (value > latest)
            latest = value;
    }
    closedir(dir);
    printf("%lld\n", (latest - start) / 1000);
    return 0;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    if (strcmp(base, "run") == 0)
        return run();
    if (argc < 2)
        return 100;
    if (strcmp(argv[1], "pickup") == 0 && argc == 6)
        return pickup(argv + 2);
    if (strcmp(argv[1], "restart") == 0 && argc == 4)
        return restart(argv + 2);
    if (strcmp(argv[1], "revive") == 0 && argc == 4)
        return revive(argv + 2);
    if (strcmp(argv[1], "control") == 0 && argc == 3)
        return control(argv + 2);
    if (strcmp(argv[1], "count") == 0 && argc == 5)
        return count(argv + 2);
    return 100;
}
