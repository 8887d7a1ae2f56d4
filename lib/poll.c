/* poll.c - poll(2) until a monotonic deadline */
#include <errno.h>
#include "poll.h"
#include "clock.h"

/* The longest a failed poll holds its caller back. */
#define FAILED_POLL_PAUSE_MS 1000

int poll_until(struct pollfd *fds, unsigned count, int64_t deadline)
{
    int timeout = deadline_timeout(deadline);
    int ready = poll(fds, count, timeout);

    if (ready < 0 && errno != EINTR) {
        /* Such a failure comes back at once and again (more descriptors
         * than RLIMIT_NOFILE allows, no memory): the caller's loop, which
         * warns and goes round, goes round once a second, not in a spin. */
        int saved = errno;

        if (timeout < 0 || timeout > FAILED_POLL_PAUSE_MS)
            timeout = FAILED_POLL_PAUSE_MS;
        poll(NULL, 0, timeout);
        errno = saved;
    }
    return ready;
}
