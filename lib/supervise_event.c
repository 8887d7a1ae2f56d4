/* supervise_event.c - the supervise/ directory as dependents share it:
 * made the way runsv makes it, and the event FIFOs of its subscribers */
#include "supervise_event.h"
#include "dir.h"
#include "fd.h"
#include "file.h"
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* DIR relative to AT_FD, opened as a path. */
static int open_service(int at_fd, const char *dir)
{
    return openat(at_fd, *dir ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int supervise_dir_make(int at_fd, const char *dir, const char **step)
{
    char target[256];
    int fd = open_service(at_fd, dir);
    ssize_t len;

    if (step)
        *step = fd < 0 ? "open" : "mkdir";
    if (fd < 0)
        return -1;
    if (mkdirat(fd, "supervise", 0700) == 0) {
        close(fd);
        return 0;
    }
    /* a name in the way (even on a read-only file system) is EEXIST */
    if (errno != EEXIST)
        return fd_close_on_error(fd);
    if (step)
        *step = "readlink";
    len = readlinkat(fd, "supervise", target, sizeof(target));
    if (len < 0 && errno != ENOENT && errno != EINVAL)
        return fd_close_on_error(fd);
    if (len == (ssize_t)sizeof(target)) {
        errno = ENAMETOOLONG;
        return fd_close_on_error(fd);
    }
    if (len > 0) {
        target[len] = '\0';
        if (step)
            *step = "mkdir";
        if (make_directories(fd, target, 0700) < 0)
            return fd_close_on_error(fd);
    }
    close(fd);
    return 0;
}

int supervise_event_subscribe(int at_fd, const char *dir, const char *name)
{
    char hidden[NAME_MAX + 1];
    int fd, event_fd = -1, fifo = -1;

    if (fmt_format(hidden, sizeof(hidden), ".%s", name) >= sizeof(hidden) - 1) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (supervise_dir_make(at_fd, dir, NULL) < 0)
        return -1;
    fd = open_service(at_fd, dir);
    if (fd < 0)
        return -1;
    /* The FIFO is made and opened under a dot name, which notices pass
     * over, and only then given its name: a notice that came in between
     * would find it without a reader and remove it. */
    if ((mkdirat(fd, "supervise/event", 0700) == 0 || errno == EEXIST)
        && (event_fd = openat(fd, "supervise/event", O_PATH | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        unlinkat(event_fd, hidden, 0);
        if (mkfifoat(event_fd, hidden, 0600) == 0)
            fifo = openat(event_fd, hidden, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fifo >= 0 && renameat(event_fd, hidden, event_fd, name) < 0)
            fifo = fd_close_on_error(fifo);
        if (fifo < 0) {
            /* out of descriptors (EMFILE): no FIFO is left without its
             * subscriber */
            int saved = errno;

            unlinkat(event_fd, hidden, 0);
            errno = saved;
        }
    }
    if (event_fd >= 0)
        fd_close_on_error(event_fd);
    fd_close_on_error(fd);
    return fifo;
}

int supervise_event_is_subscribed(int at_fd, const char *dir, const char *name, int fd)
{
    char path[NAME_MAX + 24];
    struct stat ours, there;
    int dir_fd, result;

    if (fmt_format(path, sizeof(path), "supervise/event/%s", name) >= sizeof(path) - 1
        || fstat(fd, &ours) < 0 || (dir_fd = open_service(at_fd, dir)) < 0)
        return 1;
    if (fstatat(dir_fd, path, &there, AT_SYMLINK_NOFOLLOW) == 0)
        result = there.st_dev == ours.st_dev && there.st_ino == ours.st_ino;
    else
        result = errno != ENOENT && errno != ENOTDIR;
    close(dir_fd);
    return result;
}

void supervise_event_unsubscribe(int at_fd, const char *dir, const char *name)
{
    int fd = open_service(at_fd, dir), event_fd;

    if (fd < 0)
        return;
    event_fd = openat(fd, "supervise/event", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (event_fd >= 0) {
        unlinkat(event_fd, name, 0);
        close(event_fd);
    }
    close(fd);
}

void supervise_event_drain(int fd)
{
    char bytes[64];

    while (read(fd, bytes, sizeof(bytes)) > 0)
        continue;
}

void supervise_event_notify(int event_fd)
{
    struct dir_reader reader;
    const char *name;
    struct stat st;
    int fd;

    lseek(event_fd, 0, SEEK_SET);
    dir_reader_init(&reader, event_fd);
    while ((name = dir_next(&reader))) {
        if (name[0] == '.')
            continue;
        fd = openat(event_fd, name, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENXIO)
                unlinkat(event_fd, name, 0);
            continue;
        }
        /* a FIFO's byte; anything else there is left as it is */
        if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && write(fd, "e", 1) < 0) {
            /* full: a byte waits already */
        }
        close(fd);
    }
}
