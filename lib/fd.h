/* fd.h - small file-descriptor helpers that get EINTR and short I/O right */
#ifndef INITBOX_FD_H
#define INITBOX_FD_H

#include <stddef.h>
#include <sys/types.h>

/* Set FD_CLOEXEC on FD. 0, or -1 with errno. */
int fd_set_cloexec(int fd);

/* Write all LEN bytes, retrying on EINTR and short writes. Returns LEN, or
 * -1 with errno (bytes may have been written before the error). */
ssize_t write_full(int fd, const void *buf, size_t len);

/* Read until LEN bytes or end of file, retrying on EINTR. Returns the
 * count read (less than LEN only at end of file), or -1 with errno. */
ssize_t read_full(int fd, void *buf, size_t len);

/* Close FD on the way out of a failure, errno left as the failure set
 * it. Returns -1, so that an error path can end in
 * "return fd_close_on_error(fd);". */
int fd_close_on_error(int fd);

/* Make FROM descriptor TO (dup2, then close FROM unless equal). The new TO
 * is not close-on-exec. 0, or -1 with errno. */
int fd_move(int to, int from);

#endif
