/* file.c - paths and whole small files */
#include "file.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int path_join(char *buf, size_t size, const char *dir, const char *name)
{
    size_t dir_len = strlen(dir), name_len = strlen(name);
    int slash = dir_len > 0 && dir[dir_len - 1] != '/';

    if (dir_len + slash + name_len + 1 > size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, dir, dir_len);
    if (slash)
        buf[dir_len] = '/';
    memcpy(buf + dir_len + slash, name, name_len + 1);
    return 0;
}

ssize_t read_small_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t len;
    int saved;

    if (fd < 0)
        return -1;
    len = read_full(fd, buf, size - 1);
    saved = errno;
    close(fd);
    if (len < 0) {
        errno = saved;
        return -1;
    }
    buf[len] = '\0';
    return len;
}

int write_file_atomic(const char *path, const void *data, size_t len,
                      mode_t mode, int sync, const char **step)
{
    char temp[256];     /* small: runsv calls this on every state change */
    const char *failed = "open";
    int fd, saved;

    if (path_join(temp, sizeof(temp) - 4, "", path) < 0)
        goto fail;
    strcat(temp, ".new");
    fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        goto fail;
    failed = "write";
    if (write_full(fd, data, len) < 0 || (sync && fsync(fd) < 0)) {
        saved = errno;
        close(fd);
        errno = saved;
        goto fail_unlink;
    }
    if (close(fd) < 0)
        goto fail_unlink;
    failed = "rename";
    if (rename(temp, path) < 0)
        goto fail_unlink;
    return 0;
fail_unlink:
    saved = errno;
    unlink(temp);
    errno = saved;
fail:
    if (step)
        *step = failed;
    return -1;
}
