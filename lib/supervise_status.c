/* supervise_status.c - runit's supervise/status (20 bytes) and stat text */
#include "supervise_status.h"
#include "fd.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

void supervise_status_encode(const struct supervise_status *status,
                             unsigned char out[SUPERVISE_STATUS_SIZE])
{
    uint32_t pid = (uint32_t)status->pid;

    tai64n_pack(&status->stamp, out);
    out[12] = (unsigned char)pid;       /* runit stores the pid little-endian */
    out[13] = (unsigned char)(pid >> 8);
    out[14] = (unsigned char)(pid >> 16);
    out[15] = (unsigned char)(pid >> 24);
    out[16] = status->is_paused ? 1 : 0;
    out[17] = status->want == WANT_UP ? 'u' : 'd';
    out[18] = status->got_term ? 1 : 0;
    out[19] = (unsigned char)status->state;
}

int supervise_status_decode(struct supervise_status *status,
                            const unsigned char *in, size_t len)
{
    if (len != SUPERVISE_STATUS_SIZE)
        return -1;
    tai64n_unpack(&status->stamp, in);
    status->pid = (pid_t)(int32_t)((uint32_t)in[12] | (uint32_t)in[13] << 8
                                   | (uint32_t)in[14] << 16 | (uint32_t)in[15] << 24);
    status->is_paused = in[16] != 0;
    status->want = in[17] == 'u' ? WANT_UP : in[17] == 'd' ? WANT_DOWN : WANT_UNKNOWN;
    status->got_term = in[18] != 0;
    status->state = (enum service_state)in[19];
    return 0;
}

/* DIR/supervise/FILE relative to AT_FD, opened with FLAGS. FILE is
 * short: "status", "ok". */
static int open_supervise_file(int at_fd, const char *dir, const char *file, int flags)
{
    char path[PATH_MAX], name[32] = "supervise/";

    strncat(name, file, sizeof(name) - sizeof("supervise/"));
    if (path_join(path, sizeof(path), dir, name) < 0)
        return -1;
    return openat(at_fd, path, flags | O_CLOEXEC);
}

/* Up to SIZE bytes of DIR's supervise/FILE into BUF: the count, or -1
 * with errno and *STEP (if not NULL) saying "open" or "read". */
static ssize_t read_supervise_file(int at_fd, const char *dir, const char *file,
                                   void *buf, size_t size, const char **step)
{
    int fd = open_supervise_file(at_fd, dir, file, O_RDONLY);
    ssize_t len;

    if (step)
        *step = fd < 0 ? "open" : "read";
    if (fd < 0)
        return -1;
    len = read_full(fd, buf, size);
    if (len < 0)
        return fd_close_on_error(fd);
    close(fd);
    return len;
}

int supervise_status_read(int at_fd, const char *dir,
                          struct supervise_status *status, const char **step)
{
    unsigned char bytes[SUPERVISE_STATUS_SIZE];
    ssize_t len = read_supervise_file(at_fd, dir, "status", bytes, sizeof(bytes), step);

    if (len < 0)
        return -1;
    if (supervise_status_decode(status, bytes, (size_t)len) < 0) {
        errno = EBADMSG;
        return -1;
    }
    return 0;
}

void supervise_ready_encode(const struct tai64n *stamp, pid_t pid,
                            unsigned char out[SUPERVISE_READY_SIZE])
{
    struct supervise_status status = { .stamp = *stamp, .pid = pid };
    unsigned char record[SUPERVISE_STATUS_SIZE];

    supervise_status_encode(&status, record);   /* the same stamp and pid bytes */
    memcpy(out, record, SUPERVISE_READY_SIZE);
}

int supervise_ready_read(int at_fd, const char *dir, struct tai64n *stamp,
                         pid_t *pid)
{
    unsigned char record[SUPERVISE_STATUS_SIZE] = { 0 };
    struct supervise_status status;
    ssize_t len = read_supervise_file(at_fd, dir, "ready", record, SUPERVISE_READY_SIZE, NULL);

    if (len < 0)
        return -1;
    if (len != SUPERVISE_READY_SIZE) {
        errno = EBADMSG;
        return -1;
    }
    record[17] = 'd';
    supervise_status_decode(&status, record, sizeof(record));
    *stamp = status.stamp;
    *pid = status.pid;
    return 0;
}

int supervise_wait_read(int at_fd, const char *dir, char *text, size_t size)
{
    ssize_t len = read_supervise_file(at_fd, dir, "wait", text, size - 1, NULL);
    char *end;

    if (len < 0)
        return -1;
    /* one line: sv shows it inside a status line that scripts split */
    text[len] = '\0';
    end = strchr(text, '\n');
    if (end)
        *end = '\0';
    return 0;
}

int supervise_control_open(int at_fd, const char *dir)
{
    return open_supervise_file(at_fd, dir, "control", O_WRONLY | O_NONBLOCK);
}

int supervise_is_running(int at_fd, const char *dir)
{
    int fd = open_supervise_file(at_fd, dir, "ok", O_WRONLY | O_NONBLOCK);

    if (fd < 0)
        return errno == ENXIO ? 0 : -1;
    close(fd);
    return 1;
}

int supervise_status_read_running(int at_fd, const char *dir,
                                  struct supervise_status *status)
{
    return supervise_is_running(at_fd, dir) == 1
        && supervise_status_read(at_fd, dir, status, NULL) == 0 ? 0 : -1;
}

static size_t append(char *out, size_t size, size_t len, const char *text)
{
    size_t n = strlen(text);

    if (len + n >= size)
        n = len < size ? size - 1 - len : 0;
    memcpy(out + len, text, n);
    return len + n;
}

size_t supervise_status_stat_text(const struct supervise_status *status,
                                  char *out, size_t size)
{
    static const char *const states[] = { "down", "run", "finish" };
    size_t len = append(out, size, 0, status->state <= SERVICE_FINISH
                        ? states[status->state] : "?");

    if (status->is_paused)
        len = append(out, size, len, ", paused");
    if (status->got_term)
        len = append(out, size, len, ", got TERM");
    if (status->state != SERVICE_DOWN && status->want == WANT_DOWN)
        len = append(out, size, len, ", want down");
    if (status->state != SERVICE_DOWN && status->want == WANT_EXIT)
        len = append(out, size, len, ", want exit");
    len = append(out, size, len, "\n");
    out[len] = '\0';
    return len;
}
