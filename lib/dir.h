/* dir.h - list a directory without opendir(3), which allocates */
#ifndef INITBOX_DIR_H
#define INITBOX_DIR_H

#include <stddef.h>

/* Entries come from getdents64(2) into BUF; a reader lives on the stack. */
struct dir_reader {
    int fd;
    int len;                /* bytes in buf */
    int pos;                /* next entry in buf */
    char buf[1024] __attribute__((aligned(8)));    /* kernel records are 8-aligned */
};

/* Start reading the directory open on FD (O_RDONLY | O_DIRECTORY); the
 * caller closes FD when done. */
void dir_reader_init(struct dir_reader *reader, int fd);

/* The next entry's name, "." and ".." included, valid until the next
 * call; NULL at the end (errno 0) or on error (errno set). */
const char *dir_next(struct dir_reader *reader);

/* A directory's names, sorted: NAMES[0..COUNT) and a NULL after them,
 * pointers and strings in one block from mem.h. */
struct dir_list {
    char **names;
    size_t count;
    char *block;
};

/* List the names in the directory open as FD, read from its start, that
 * do not begin with '.', sorted byte-wise. 0, or -1 with errno when the
 * directory cannot be read or memory runs out. */
int dir_list_sorted(int fd, struct dir_list *list);

/* Give the list's memory back. */
void dir_list_free(struct dir_list *list);

#endif
