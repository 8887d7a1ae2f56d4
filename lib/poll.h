/* poll.h - poll(2) until a monotonic deadline */
#ifndef INITBOX_POLL_H
#define INITBOX_POLL_H

#include <poll.h>
#include <stdint.h>

/* poll FDS until one is ready or DEADLINE (clock.h; DEADLINE_NONE waits
 * for ever) passes. POLLHUP and POLLERR show up in revents as they are;
 * treat any non-zero revents as "look at this descriptor". Returns the
 * count of ready descriptors, 0 at the deadline, -1 with errno (EINTR
 * included: the caller's loop just goes round again). Any other
 * failure returns after a pause up to the deadline, a second at most, so
 * that a loop round it warns once a second, not in a spin. */
int poll_until(struct pollfd *fds, unsigned count, int64_t deadline);

#endif
