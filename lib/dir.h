/* dir.h - list a directory without opendir(3), which allocates */
#ifndef INITBOX_DIR_H
#define INITBOX_DIR_H

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

#endif
