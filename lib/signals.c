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

int signal_fd_open_list(const int *signals, sigset_t *started_with)
{
    sigset_t set;
    const int *sig;

    if (started_with)
        sigprocmask(SIG_SETMASK, NULL, started_with);
    sigemptyset(&set);
    for (sig = signals; *sig; sig++) {
        signal_set_disposition(*sig, SIG_DFL);
        sigaddset(&set, *sig);
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

int signal_set_disposition(int sig, void (*disposition)(int))
{
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) \
    || defined(__arm__) || defined(__riscv) || defined(__powerpc__)
    /* The kernel's struct sigaction starts with the handler here; flags,
     * restorer and mask stay zero. The mask is 8 bytes, 64 signals. */
    unsigned long action[4] = { (unsigned long)disposition, 0, 0, 0 };

    return (int)syscall(SYS_rt_sigaction, sig, action, NULL, 8);
#else
    struct sigaction action = { .sa_handler = disposition };

    sigemptyset(&action.sa_mask);
    return sigaction(sig, &action, NULL);
#endif
}

void reset_signals_for_exec(void)
{
    sigset_t none;
    int sig;

    if (signal_fd >= 0)
        close(signal_fd);
    signal_fd = -1;
    for (sig = 1; sig < NSIG; sig++)
        signal_set_disposition(sig, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}
