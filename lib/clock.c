/* clock.c - monotonic milliseconds and deadlines (never the wall clock) */
#include "clock.h"

#include <sys/syscall.h>
#include <unistd.h>

void clock_read(clockid_t id, struct timespec *now)
{
#if defined(__GLIBC__) || !defined(__LP64__)
    /* (32-bit musl: its 64-bit time_t is not the system call's) */
    clock_gettime(id, now);
#else
    syscall(SYS_clock_gettime, id, now);
#endif
}

int64_t clock_now_ms(void)
{
    struct timespec now;

    clock_read(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int64_t deadline_after(int64_t delay_ms)
{
    return clock_now_ms() + delay_ms;
}

int deadline_timeout(int64_t deadline)
{
    int64_t left;

    if (deadline == DEADLINE_NONE)
        return -1;
    left = deadline - clock_now_ms();
    if (left <= 0)
        return 0;
    return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

int64_t deadline_min(int64_t a, int64_t b)
{
    return a < b ? a : b;
}
