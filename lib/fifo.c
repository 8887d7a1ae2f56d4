/* fifo.c - runit's supervise/ FIFOs: control (commands in), ok (liveness) */
#include "fifo.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int fifo_open_reader(const char *path, mode_t mode, int *write_fd)
{
    struct stat info;
    int fd;

    if (mkfifo(path, mode) < 0 && errno != EEXIST)
        return -1;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* Checked on the descriptor, so a rename in between cannot fool us. */
    if (fstat(fd, &info) < 0)
        return fd_close_on_error(fd);
    if (!S_ISFIFO(info.st_mode)) {
        errno = EEXIST;
        return fd_close_on_error(fd);
    }
    if (write_fd) {
        *write_fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (*write_fd < 0)
            return fd_close_on_error(fd);
    }
    return fd;
}
