/* writer.c - output gathered in a buffer and written out in few write(2)s */
#include "writer.h"
#include "fmt.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

size_t writer_room(const struct writer *writer)
{
    return writer->size - writer->len;
}

int writer_flush(struct writer *writer)
{
    size_t done = 0;
    ssize_t n;

    while (done < writer->len) {
        n = write(writer->fd, writer->buf + done, writer->len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            errno = EIO;
        if (!writer->error)
            writer->error = errno;
        writer->len -= done;
        memmove(writer->buf, writer->buf + done, writer->len);
        return -1;
    }
    writer->len = 0;
    return 0;
}

void writer_put(struct writer *writer, const void *data, size_t len)
{
    const char *bytes = data;
    size_t n;

    while (len > 0) {
        if (writer->len == writer->size && writer_flush(writer) < 0)
            writer->len = 0;
        n = writer_room(writer);
        if (n > len)
            n = len;
        memcpy(writer->buf + writer->len, bytes, n);
        writer->len += n;
        bytes += n;
        len -= n;
    }
}

void writer_text(struct writer *writer, const char *text)
{
    writer_put(writer, text, strlen(text));
}

void writer_number(struct writer *writer, unsigned long long value)
{
    char digits[21];

    writer_put(writer, digits, fmt_ulong(digits, value));
}
