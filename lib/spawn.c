/* spawn.c - fork and exec a child with arranged descriptors and signals */
#include "spawn.h"
#include "env.h"
#include "err.h"
#include "fd.h"
#include "stack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int wait_at_gate(const int *gate)
{
    char byte;
    ssize_t len;

    close(gate[1]);
    do
        len = read(gate[0], &byte, 1);
    while (len < 0 && errno == EINTR);
    close(gate[0]);
    return len == 1 ? 0 : -1;
}

void spawn_gate_open(int *gate, int count)
{
    while (count-- > 0)
        write_full(gate[1], "g", 1);
    close(gate[0]);
    close(gate[1]);
    gate[0] = gate[1] = -1;
}

static void spawn_child(const struct spawn *spawn)
{
    sigset_t none;

    if (spawn->new_session)
        setsid();
    if (spawn->stdin_fd >= 0 && spawn->stdin_fd != 0 && dup2(spawn->stdin_fd, 0) < 0)
        return;
    if (spawn->stdout_fd >= 0 && spawn->stdout_fd != 1 && dup2(spawn->stdout_fd, 1) < 0)
        return;
    if (spawn->dir_fd >= 0 && fchdir(spawn->dir_fd) < 0)
        return;
    if (spawn->dir && chdir(spawn->dir) < 0)
        return;
    if (spawn->small_stack)
        stack_limit_lower_for_exec(spawn->argv);
    if (!spawn->mask) {
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
    } else {
        sigprocmask(SIG_SETMASK, spawn->mask, NULL);
    }
    if (spawn->gate && wait_at_gate(spawn->gate) < 0)
        _exit(spawn->failure_status);
    if (spawn->notify_as > 2 && fd_move(spawn->notify_as, spawn->notify_fd) < 0)
        return;
    exec_search(spawn->path, spawn->argv, environ, getenv("PATH"));
}

pid_t spawn_fork(void)
{
#ifdef __GLIBC__
    return fork();
#else
    return _Fork();
#endif
}

pid_t spawn_process(const struct spawn *spawn)
{
    pid_t pid = spawn_fork();

    if (pid != 0)
        return pid;
    spawn_child(spawn);
    die_errno(spawn->failure_status, "%s", spawn->failure);
}

int spawn_reap(void (*on_exit)(void *context, pid_t pid, int status),
               void *context)
{
    int status;
    pid_t pid;

    for (;;) {
        pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            on_exit(context, pid, status);
            continue;
        }
        if (pid < 0 && errno == EINTR)
            continue;
        return !(pid < 0 && errno == ECHILD);
    }
}

int spawn_wait(pid_t pid, int *status)
{
    while (waitpid(pid, status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}
