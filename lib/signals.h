/* signals.h - signals read from a signalfd instead of handlers */
#ifndef INITBOX_SIGNALS_H
#define INITBOX_SIGNALS_H

#include <signal.h>

/* Block SET and open a close-on-exec, non-blocking signalfd for it. The
 * descriptor is remembered (the one process-wide state of this module)
 * so reset_signals_for_exec() can close it in children. Returns the fd,
 * or -1 with errno. */
int signal_fd_open(const sigset_t *set);

/* A supervisor's signals (runsv, runsvdir): each signal of SIGNALS, a
 * list ending in 0, gets its default disposition back, is blocked and
 * comes through the signalfd returned (as from signal_fd_open). SIGPIPE
 * is blocked as well, to turn a closed pipe or standard error into EPIPE
 * instead of death. STARTED_WITH (may be NULL) gets the mask from before
 * (what runsvdir passes on to runsv, how runsv learns whether SIGPIPE was
 * blocked). Returns the fd, or -1 with errno. */
int signal_fd_open_list(const int *signals, sigset_t *started_with);

/* The next pending signal from FD: its number, 0 when none is pending,
 * -1 with errno on error. */
int signal_fd_next(int fd);

/* Set SIG's disposition to SIG_DFL or SIG_IGN (we install no handlers)
 * with the system call itself: it also reaches the signals the libcs
 * keep for their threads (glibc 32 and 33, musl 32 to 34), and a static
 * build carries none of libc's sigaction code. Returns 0, or -1 with
 * errno. */
int signal_set_disposition(int sig, void (*disposition)(int));

/* For a child between fork and exec: close the signalfd, set every
 * signal's disposition back to default and unblock all signals, so the
 * program starts as if from a shell. */
void reset_signals_for_exec(void);

#endif
