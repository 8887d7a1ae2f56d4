/* supervise_status.h - runit's supervise/status (20 bytes) and stat text */
#ifndef INITBOX_SUPERVISE_STATUS_H
#define INITBOX_SUPERVISE_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "tai64n.h"

#define SUPERVISE_STATUS_SIZE 20

enum service_state { SERVICE_DOWN = 0, SERVICE_RUN = 1, SERVICE_FINISH = 2 };

/* What the supervisor wants. The status file only has 'u' and 'd': a
 * want of exit is written as 'd' and read back as WANT_DOWN. */
enum service_want { WANT_UP, WANT_DOWN, WANT_EXIT };

struct supervise_status {
    struct tai64n stamp;        /* start of ./run, or when it went down */
    pid_t pid;                  /* of ./run or ./finish; 0 when none */
    int is_paused;
    enum service_want want;
    int got_term;               /* TERM sent and the process not yet gone */
    enum service_state state;
};

/* Spec 2.4: bytes 0-11 the TAI64N stamp (big-endian), 12-15 the pid
 * (little-endian), 16 paused, 17 'u' or 'd', 18 got TERM, 19 the state. */
void supervise_status_encode(const struct supervise_status *status,
                             unsigned char out[SUPERVISE_STATUS_SIZE]);

/* The reverse; -1 when LEN is not SUPERVISE_STATUS_SIZE or the want or
 * state byte holds a value runsv never writes, 0 otherwise. */
int supervise_status_decode(struct supervise_status *status,
                            const unsigned char *in, size_t len);

/* The supervise/stat line with its newline, e.g. "run, paused, got TERM,
 * want down\n", NUL-terminated in OUT (at least 48 bytes). Returns its
 * length. */
size_t supervise_status_stat_text(const struct supervise_status *status,
                                  char *out, size_t size);

#endif
