/* fd.c - small file-descriptor helpers that get EINTR and short I/O right */
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int fd_set_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD);

    if (flags < 0)
        return -1;
    if (flags & FD_CLOEXEC)
        return 0;
    return fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0 ? -1 : 0;
}

ssize_t write_full(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += n;
    }
    return done;
}

ssize_t read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = read(fd, p + done, len - done);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        done += n;
    }
    return done;
}

int fd_close_on_error(int fd)
{
    int saved = errno;

    close(fd);
    errno = saved;
    return -1;
}

int fd_move(int to, int from)
{
    if (to == from)
        return fcntl(to, F_SETFD, 0) < 0 ? -1 : 0;
    if (dup2(from, to) < 0)
        return -1;
    close(from);
    return 0;
}
