/* file.c - paths and whole small files */
#include "file.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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

int make_directories(int at_fd, char *path, mode_t mode)
{
    char *slash;
    int failed;

    if (mkdirat(at_fd, path, mode) == 0 || errno == EEXIST)
        return 0;
    slash = strrchr(path, '/');
    if (errno != ENOENT || !slash || slash == path)
        return -1;
    *slash = '\0';
    failed = make_directories(at_fd, path, 0755);
    *slash = '/';
    if (failed)
        return -1;
    return mkdirat(at_fd, path, mode) == 0 || errno == EEXIST ? 0 : -1;
}

ssize_t read_small_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t len;

    if (fd < 0)
        return -1;
    len = read_full(fd, buf, size - 1);
    if (len < 0)
        return fd_close_on_error(fd);
    close(fd);
    buf[len] = '\0';
    return len;
}

int atomic_file_open(struct atomic_file *file, const char *path,
                     const char *temp, mode_t mode)
{
    int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;

    file->path = path;
    file->temp = temp;
    file->fd = open(temp, flags, mode);
    if (file->fd < 0 && errno == EEXIST && unlink(temp) == 0)
        file->fd = open(temp, flags, mode);
    return file->fd < 0 ? -1 : 0;
}

void atomic_file_abort(struct atomic_file *file)
{
    int saved = errno;

    if (file->fd >= 0)
        close(file->fd);
    file->fd = -1;
    unlink(file->temp);
    errno = saved;
}

int atomic_file_commit(struct atomic_file *file, int sync, const char **step)
{
    const char *failed = "write";
    int fd = file->fd;

    file->fd = -1;
    if (sync && fsync(fd) < 0) {
        fd_close_on_error(fd);
        goto fail;
    }
    if (close(fd) < 0)
        goto fail;
    failed = "rename";
    if (rename(file->temp, file->path) == 0)
        return 0;
fail:
    atomic_file_abort(file);
    if (step)
        *step = failed;
    return -1;
}

int write_file_atomic(const char *path, const void *data, size_t len,
                      mode_t mode, int sync, const char **step)
{
    char temp[256];     /* small: runsv calls this on every state change */
    struct atomic_file file;

    if (step)
        *step = "open";
    if (path_join(temp, sizeof(temp) - 4, "", path) < 0)
        return -1;
    strcat(temp, ".new");
    if (atomic_file_open(&file, path, temp, mode) < 0)
        return -1;
    if (write_full(file.fd, data, len) < 0) {
        atomic_file_abort(&file);
        if (step)
            *step = "write";
        return -1;
    }
    return atomic_file_commit(&file, sync, step);
}
