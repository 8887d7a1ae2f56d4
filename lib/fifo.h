/* fifo.h - runit's supervise/ FIFOs: control (commands in), ok (liveness) */
#ifndef INITBOX_FIFO_H
#define INITBOX_FIFO_H

#include <sys/types.h>

/* Create the FIFO PATH with MODE (before the umask) unless the name
 * exists, then open it for reading, non-blocking and close-on-exec, and
 * check on the open descriptor that it is a FIFO. With WRITE_FD, also
 * open a write end into *WRITE_FD (same flags) for the caller to keep:
 * a FIFO with a writer never reads as end of file, so poll(2) wakes
 * only for data however often clients open and close it. Returns the
 * read descriptor, or -1 with errno: EEXIST means PATH exists but is
 * something other than a FIFO. */
int fifo_open_reader(const char *path, mode_t mode, int *write_fd);

#endif
