/* file.h - paths and whole small files */
#ifndef INITBOX_FILE_H
#define INITBOX_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* DIR "/" NAME into BUF of SIZE bytes; just NAME when DIR is empty, no
 * doubled slash when DIR ends in one. 0, or -1 with ENAMETOOLONG. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

/* Read at most SIZE - 1 bytes of PATH into BUF and NUL-terminate it.
 * Returns the byte count, or -1 with errno. */
ssize_t read_small_file(const char *path, char *buf, size_t size);

#endif
