/* lock.c - whole-file flock(2) locks, the kind runit's programs use
 *
 * runit builds with flock on Linux; fcntl record locks would not exclude
 * runit's own runsv or svlogd. */
#include "lock.h"

#include <errno.h>
#include <sys/file.h>

int lock_file(int fd)
{
    while (flock(fd, LOCK_EX) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

int try_lock_file(int fd)
{
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            return 0;
        if (errno != EINTR)
            return -1;
    }
    return 1;
}
