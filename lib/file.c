/* file.c - paths and whole small files */
#include "file.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
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
