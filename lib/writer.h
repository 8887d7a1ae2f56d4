/* writer.h - output gathered in a buffer and written out in few write(2)s */
#ifndef INITBOX_WRITER_H
#define INITBOX_WRITER_H

#include <stddef.h>

/* Bytes for FD wait in BUF (SIZE bytes, the caller's: on its stack, or
 * from mem.h) until it is full or flushed. */
struct writer {
    int fd;
    int error;                  /* errno of the first failed write; 0: none */
    size_t len;                 /* bytes waiting at the front of buf */
    size_t size;
    char *buf;
};

/* A writer for FD into BUF of SIZE bytes, with nothing waiting. */
#define WRITER_INIT(fd, buf, size) { (fd), 0, 0, (size), (buf) }

/* Append LEN bytes of DATA, writing the buffer out each time it fills.
 * Bytes that a failed write could not take are dropped (error tells):
 * callers that must lose nothing check writer_room() first and flush
 * themselves. */
void writer_put(struct writer *writer, const void *data, size_t len);

/* writer_put() of a string, or of VALUE in decimal. */
void writer_text(struct writer *writer, const char *text);
void writer_number(struct writer *writer, unsigned long long value);

/* Bytes that can be appended before the buffer must be written out. */
size_t writer_room(const struct writer *writer);

/* Write out what is waiting, whatever EINTR and short writes it takes.
 * 0; or -1 with errno (kept in error when it is the first), the bytes
 * not written staying at the front of the buffer for the next try. */
int writer_flush(struct writer *writer);

#endif
