/* nanoinit-helper.c - the workloads of bench/nanoinit.bench.sh
 *
 *   nanoinit-helper orphans N       make N orphans for PID 1 to reap, in
 *                                   batches that exit together; prints
 *                                   the milliseconds PID 1 took to reap
 *   nanoinit-helper latency N       N round trips of SIGUSR1: to PID 1,
 *                                   forwarded back to us; prints the
 *                                   median in microseconds
 *   nanoinit-helper reaper CMD...   a bare PID 1: run CMD, then wait()
 *                                   until no child is left (the baseline)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Children of PID 1 besides us, as /proc/1/task/1/children lists them
 * (zombies included). */
static long pid1_children(void)
{
    static char buf[1 << 16];
    FILE *file = fopen("/proc/1/task/1/children", "r");
    size_t len, i;
    long words = 0;
    int in_word = 0;

    if (!file)
        return -1;
    while ((len = fread(buf, 1, sizeof(buf), file)) > 0) {
        for (i = 0; i < len; i++) {
            words += !in_word && buf[i] != ' ' && buf[i] != '\n';
            in_word = buf[i] != ' ' && buf[i] != '\n';
        }
    }
    fclose(file);
    return words - 1;
}

/* COUNT orphans in batches of at most 1,000 alive at once (the machine
 * is shared): each batch waits on a pipe, reparented to PID 1, then all
 * exit together. Prints the milliseconds from each release until PID 1
 * had reaped the batch, summed. */
static int orphans(long count)
{
    long done = 0, batch, i;
    long long reaping = 0, start;
    int fds[2];
    pid_t pid;
    char byte;

    while (done < count) {
        batch = count - done < 1000 ? count - done : 1000;
        if (pipe(fds) < 0)
            return perror("pipe"), 1;
        for (i = 0; i < batch; i++) {
            pid = fork();
            if (pid == 0) {
                if (fork() == 0) {
                    close(fds[1]);
                    if (read(fds[0], &byte, 1) < 0)
                        _exit(1);
                }
                _exit(0);
            }
            if (pid < 0)
                return perror("fork"), 1;
            waitpid(pid, NULL, 0);
        }
        close(fds[0]);
        start = now_ns();
        close(fds[1]);
        while (pid1_children() > 0)
            usleep(200);
        reaping += now_ns() - start;
        done += batch;
    }
    printf("%.1f\n", reaping / 1e6);
    return 0;
}

static int compare(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return x < y ? -1 : x > y;
}

static int latency(long count)
{
    long long *samples = calloc(count, sizeof(*samples));
    sigset_t usr1;
    long i;

    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    for (i = 0; samples && i < count; i++) {
        long long start = now_ns();
        struct timespec limit = { 2, 0 };

        kill(1, SIGUSR1);
        if (sigtimedwait(&usr1, NULL, &limit) != SIGUSR1) {
            printf("lost\n");
            return 1;
        }
        samples[i] = now_ns() - start;
    }
    qsort(samples, count, sizeof(*samples), compare);
    printf("%.1f\n", samples[count / 2] / 1000.0);
    return 0;
}

static int reaper(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    while (wait(NULL) > 0)
        continue;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "orphans") == 0)
        return orphans(atol(argv[2]));
    if (argc >= 3 && strcmp(argv[1], "latency") == 0)
        return latency(atol(argv[2]));
    if (argc >= 3 && strcmp(argv[1], "reaper") == 0)
        return reaper(argv + 2);
    fprintf(stderr, "usage: nanoinit-helper orphans N | latency N | reaper CMD...\n");
    return 100;
}
