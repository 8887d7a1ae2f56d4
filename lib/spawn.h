/* spawn.h - fork and exec a child with arranged descriptors and signals */
#ifndef INITBOX_SPAWN_H
#define INITBOX_SPAWN_H

#include <signal.h>
#include <sys/types.h>

/* What the child gets. Descriptors the parent keeps should be
 * close-on-exec; the child sees the rest. Signal dispositions are
 * inherited as they are (a caller reading signals from a signalfd has
 * installed no handlers), so only the mask is set. */
struct spawn {
    const char *path;       /* program; with no '/' searched in $PATH */
    char **argv;
    int stdin_fd;           /* becomes the child's 0 when >= 0 */
    int stdout_fd;          /* becomes the child's 1 when >= 0 */
    int dir_fd;             /* fchdir() here first when >= 0 */
    const char *dir;        /* then chdir() here when not NULL */
    const sigset_t *mask;   /* the child's signal mask; NULL: none blocked */
    int new_session;        /* setsid() in the child */
    int small_stack;        /* lower the stack limit for a program that
                             * restores it (stack_limit_lower_for_exec) */
    /* A gate (pipe2(GATE, O_CLOEXEC)) holds the child before exec until
     * the parent has its house in order: the child closes GATE[1] and
     * reads one byte from GATE[0]; end of file instead (the parent died
     * or gave up) makes it exit with FAILURE_STATUS without a word. The
     * parent writes one byte per child it lets go (spawn_gate_open). */
    const int *gate;
    /* When the child cannot exec (or set itself up), it prints
     * "PREFIX: fatal: FAILURE: ERR" and exits with FAILURE_STATUS, the
     * way runit reports "unable to start ./run". */
    const char *failure;
    int failure_status;
    /* The readiness pipe of a service with notification-fd: when
     * NOTIFY_AS is 3 or more, the child gets NOTIFY_FD as that
     * descriptor (and nothing else changes when it is 0). */
    int notify_fd;
    int notify_as;
};

/* fork(2). Static musl builds call _Fork(), which skips the atfork
 * machinery (and its locks, several hundred bytes) that a program with no
 * threads and no atfork handlers does not need. */
pid_t spawn_fork(void);

/* Fork and exec as SPAWN says. Returns the child's pid, or -1 with
 * errno when fork fails (the caller backs off and retries). */
pid_t spawn_process(const struct spawn *spawn);

/* Let COUNT children held at GATE go on, and close GATE. */
void spawn_gate_open(int *gate, int count);

/* Reap every child that has ended, without waiting, calling
 * ON_EXIT(CONTEXT, PID, STATUS) for each: signals coalesce, so one
 * SIGCHLD may stand for many children. Returns 1 while children are
 * left (running), 0 when none is: for PID 1 and others that wait for
 * all their children to be gone. */
int spawn_reap(void (*on_exit)(void *context, pid_t pid, int status),
               void *context);

/* Wait for the child PID to end, through EINTR, and put its wait status
 * in *STATUS. 0, or -1 with errno. */
int spawn_wait(pid_t pid, int *status);

#endif
