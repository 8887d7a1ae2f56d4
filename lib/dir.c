/* dir.c - list a directory without opendir(3), which allocates */
#include "dir.h"
#include "mem.h"
#include "sort.h"

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

/* Append LEN bytes to the block *TEXT of *SIZE bytes, *USED of them
 * taken, growing it as needed. 0, or -1 with ENOMEM. */
static int append(char **text, size_t *size, size_t *used, const void *data, size_t len)
{
    char *grown = mem_grow(*text, size, *used + len);

    if (!grown)
        return -1;
    *text = grown;
    memcpy(*text + *used, data, len);
    *used += len;
    return 0;
}

static int compare_bytes(const char *a, const char *b)
{
    return strcmp(a, b);
}

int dir_list_sorted(int fd, struct dir_list *list)
{
    struct dir_reader reader;
    size_t size = 0, used = 0, count = 0, at, i;
    char *text = NULL;
    const char *name;

    lseek(fd, 0, SEEK_SET);
    dir_reader_init(&reader, fd);
    while ((name = dir_next(&reader))) {
        if (name[0] == '.')
            continue;
        if (append(&text, &size, &used, name, strlen(name) + 1) < 0)
            goto fail;
        count++;
    }
    if (errno)
        goto fail;
    /* the pointers go after the strings, aligned */
    at = (used + sizeof(char *) - 1) & ~(sizeof(char *) - 1);
    if (size < at + (count + 1) * sizeof(char *)) {
        char *bigger = mem_resize(text, at + (count + 1) * sizeof(char *));

        if (!bigger)
            goto fail;
        text = bigger;
    }
    list->block = text;
    list->names = (char **)(text + at);
    list->count = count;
    for (i = 0, at = 0; i < count; i++, at += strlen(text + at) + 1)
        list->names[i] = text + at;
    list->names[count] = NULL;
    sort_strings(list->names, count, compare_bytes);
    return 0;
fail:
    mem_free(text);
    return -1;
}

void dir_list_free(struct dir_list *list)
{
    mem_free(list->block);
    list->block = NULL;
    list->names = NULL;
    list->count = 0;
}
