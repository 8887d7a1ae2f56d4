/* clock.h - monotonic milliseconds and deadlines (never the wall clock) */
#ifndef INITBOX_CLOCK_H
#define INITBOX_CLOCK_H

#include <stdint.h>
#include <time.h>

/* No deadline: poll_until() then waits without a time limit. */
#define DEADLINE_NONE INT64_MAX

/* clock_gettime(ID, NOW). 64-bit musl builds make the system call
 * themselves and so carry none of libc's vDSO lookup (nearly 1 kB); we
 * read a clock a few times a second at most. */
void clock_read(clockid_t id, struct timespec *now);

/* Milliseconds of CLOCK_MONOTONIC: for timeouts and throttles, which a
 * change of the system time must not stretch or cut short. */
int64_t clock_now_ms(void);

/* NOW + DELAY_MS. */
int64_t deadline_after(int64_t delay_ms);

/* Milliseconds from now until DEADLINE, 0 if passed, -1 for
 * DEADLINE_NONE: the timeout argument poll(2) wants. */
int deadline_timeout(int64_t deadline);

/* The earlier of two deadlines. */
int64_t deadline_min(int64_t a, int64_t b);

#endif
