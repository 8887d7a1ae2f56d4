/* poll.c - poll(2) until a monotonic deadline */
#include "poll.h"
#include "clock.h"

int poll_until(struct pollfd *fds, unsigned count, int64_t deadline)
{
    return poll(fds, count, deadline_timeout(deadline));
}
