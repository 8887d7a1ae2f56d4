/* signals.c - signals read from a signalfd instead of handlers
 *
 * We are Linux-only: a signalfd gives the main loop signals as readable
 * data, with no handler, no self-pipe and no race between checking a flag
 * and going to sleep. */
#include "signals.h"

#include <errno.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

static int signal_fd = -1;

int signal_fd_open(const sigset_t *set)
{
    int fd;

    if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
        return -1;
    fd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd >= 0)
        signal_fd = fd;
    return fd;
}

int signal_fd_open_list(const int *signals, sigset_t *child_mask)
{
    struct sigaction action = { .sa_handler = SIG_DFL };
    sigset_t set;
    const int *sig;

    if (child_mask)
        sigprocmask(SIG_SETMASK, NULL, child_mask);
    sigemptyset(&set);
    for (sig = signals; *sig; sig++) {
        sigaction(*sig, &action, NULL);
        sigaddset(&set, *sig);
        if (child_mask)
            sigdelset(child_mask, *sig);
    }
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigdelset(&set, SIGPIPE);
    return signal_fd_open(&set);
}

int signal_fd_next(int fd)
{
    struct signalfd_siginfo info;
    ssize_t n;

    do {
        n = read(fd, &info, sizeof(info));
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? 0 : -1;
    if (n != sizeof(info)) {
        errno = EIO;
        return -1;
    }
    return (int)info.ssi_signo;
}

void reset_signals_for_exec(void)
{
    struct sigaction action = { .sa_handler = SIG_DFL };
    sigset_t none;
    int sig;

    if (signal_fd >= 0)
        close(signal_fd);
    signal_fd = -1;
    sigemptyset(&action.sa_mask);
    for (sig = 1; sig < NSIG; sig++) {
        /* The libcs refuse the signals they keep for threads (glibc 32
         * and 33, musl 32 to 34): the system call resets those, which
         * may have been ignored when we started. All zero is SIG_DFL. */
        if (sigaction(sig, &action, NULL) < 0 && sig < NSIG - 1) {
            unsigned long kernel_action[4] = { 0, 0, 0, 0 };

            syscall(SYS_rt_sigaction, sig, kernel_action, NULL, sizeof(long));
        }
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}
