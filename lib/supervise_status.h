/* supervise_status.h - runit's supervise/status (20 bytes) and stat text */
#ifndef INITBOX_SUPERVISE_STATUS_H
#define INITBOX_SUPERVISE_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "tai64n.h"

#define SUPERVISE_STATUS_SIZE 20

enum service_state { SERVICE_DOWN = 0, SERVICE_RUN = 1, SERVICE_FINISH = 2 };

/* What the supervisor wants. The status file only has 'u' and 'd': a
 * want of exit is written as 'd' and read back as WANT_DOWN; any other
 * byte (a corrupt file) reads as WANT_UNKNOWN, neither up nor down, as
 * runit's sv takes it. */
enum service_want { WANT_UP, WANT_DOWN, WANT_EXIT, WANT_UNKNOWN };

struct supervise_status {
    struct tai64n stamp;        /* start of ./run, or when it went down */
    pid_t pid;                  /* of ./run or ./finish; 0 when none */
    int is_paused;
    enum service_want want;
    int got_term;               /* TERM sent and the process not yet gone */
    enum service_state state;   /* as read, even past SERVICE_FINISH */
};

/* The record as runit's runsv writes it: bytes 0-11 the TAI64N stamp
 * (big-endian), 12-15 the pid (little-endian), 16 paused, 17 'u' or 'd'
 * for the want, 18 got TERM, 19 the state. */
void supervise_status_encode(const struct supervise_status *status,
                             unsigned char out[SUPERVISE_STATUS_SIZE]);

/* The reverse, as leniently as runit's sv reads a record: the pid is a
 * signed 32-bit number, and want and state bytes that runsv never writes
 * are taken as they are (see above). -1 only when LEN is not
 * SUPERVISE_STATUS_SIZE. */
int supervise_status_decode(struct supervise_status *status,
                            const unsigned char *in, size_t len);

/* Read the record of the service directory DIR (a path relative to
 * AT_FD, which may be AT_FDCWD; "" for AT_FD itself): the first 20 bytes
 * of DIR/supervise/status, as runit's sv reads a longer file. 0; or -1
 * with errno, and *STEP (if not NULL) naming what failed: "open" or
 * "read" (errno EBADMSG for a file shorter than a record). */
int supervise_status_read(int at_fd, const char *dir,
                          struct supervise_status *status, const char **step);

/* Whether a runsv supervises DIR (as above): runsv holds supervise/ok
 * open for reading, so opening it for writing without blocking fails
 * with ENXIO exactly when none does. 1 supervised, 0 not, -1 when ok
 * cannot be opened for another reason (errno; ENOENT: never supervised). */
int supervise_is_running(int at_fd, const char *dir);

/* DIR's record (supervise_status_read), only while a runsv supervises
 * DIR (supervise_is_running): what a dependent or an ordered stop may
 * trust. 0, or -1 when no runsv does or the record cannot be read. */
int supervise_status_read_running(int at_fd, const char *dir,
                                  struct supervise_status *status);

/* Open DIR's supervise/control (as above) for writing without blocking,
 * as runit's clients do: ENXIO means that no runsv reads it, ENOENT that
 * none ever made it. Close-on-exec; -1 with errno on failure. */
int supervise_control_open(int at_fd, const char *dir);

/* supervise/ready of a service with dependency files: when its process
 * became ready, 12 bytes of TAI64N (big-endian, as in status), and that
 * process's pid, 4 bytes little-endian (as in status). A reader trusts it
 * only when the pid is the one in status. */
#define SUPERVISE_READY_SIZE 16

void supervise_ready_encode(const struct tai64n *stamp, pid_t pid,
                            unsigned char out[SUPERVISE_READY_SIZE]);

/* Read DIR's supervise/ready (DIR as for supervise_status_read): 0 with
 * *STAMP and *PID, or -1 with errno (ENOENT: not ready; EBADMSG: not a
 * record). */
int supervise_ready_read(int at_fd, const char *dir, struct tai64n *stamp,
                         pid_t *pid);

/* Read DIR's supervise/wait, the reason the service is held, into TEXT
 * of SIZE bytes: its first line, without the newline. 0, or -1 with
 * errno (ENOENT: not held). */
int supervise_wait_read(int at_fd, const char *dir, char *text, size_t size);

/* The supervise/stat line with its newline, e.g. "run, paused, got TERM,
 * want down\n", NUL-terminated in OUT (at least 48 bytes). Returns its
 * length. */
size_t supervise_status_stat_text(const struct supervise_status *status,
                                  char *out, size_t size);

#endif
