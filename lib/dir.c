/* dir.c - list a directory without opendir(3), which allocates */
#include "dir.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's record, as getdents64(2) fills the buffer. */
struct kernel_dirent64 {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

void dir_reader_init(struct dir_reader *reader, int fd)
{
    reader->fd = fd;
    reader->len = reader->pos = 0;
}

const char *dir_next(struct dir_reader *reader)
{
    struct kernel_dirent64 *entry;
    long n;

    if (reader->pos >= reader->len) {
        n = syscall(SYS_getdents64, reader->fd, reader->buf, sizeof(reader->buf));
        if (n <= 0) {
            if (n == 0)
                errno = 0;
            return NULL;
        }
        reader->len = (int)n;
        reader->pos = 0;
    }
    entry = (struct kernel_dirent64 *)(reader->buf + reader->pos);
    reader->pos += entry->reclen;
    return entry->name;
}
