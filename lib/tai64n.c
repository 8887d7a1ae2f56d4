/* tai64n.c - TAI64N time stamps: 12-byte labels and their @hex text */
#include "tai64n.h"
#include "clock.h"

void tai64n_from_timespec(struct tai64n *stamp, const struct timespec *time)
{
    stamp->seconds = TAI64_UNIX_OFFSET + (uint64_t)(int64_t)time->tv_sec;
    stamp->nanoseconds = (uint32_t)time->tv_nsec;
}

void tai64n_now(struct tai64n *stamp)
{
    struct timespec now;

    clock_read(CLOCK_REALTIME, &now);
    tai64n_from_timespec(stamp, &now);
}

int64_t tai64n_unix_seconds(const struct tai64n *stamp)
{
    return (int64_t)(stamp->seconds - TAI64_UNIX_OFFSET);
}

void tai64n_pack(const struct tai64n *stamp, unsigned char out[TAI64N_PACKED_SIZE])
{
    int i;

    for (i = 0; i < 8; i++)
        out[i] = (unsigned char)(stamp->seconds >> (56 - 8 * i));
    for (i = 0; i < 4; i++)
        out[8 + i] = (unsigned char)(stamp->nanoseconds >> (24 - 8 * i));
}

void tai64n_unpack(struct tai64n *stamp, const unsigned char in[TAI64N_PACKED_SIZE])
{
    int i;

    stamp->seconds = 0;
    stamp->nanoseconds = 0;
    for (i = 0; i < 8; i++)
        stamp->seconds = stamp->seconds << 8 | in[i];
    for (i = 8; i < 12; i++)
        stamp->nanoseconds = stamp->nanoseconds << 8 | in[i];
}

void tai64n_format(const struct tai64n *stamp, char out[TAI64N_TEXT_SIZE])
{
    unsigned char packed[TAI64N_PACKED_SIZE];
    int i;

    tai64n_pack(stamp, packed);
    out[0] = '@';
    for (i = 0; i < TAI64N_PACKED_SIZE; i++) {
        out[1 + 2 * i] = "0123456789abcdef"[packed[i] >> 4];
        out[2 + 2 * i] = "0123456789abcdef"[packed[i] & 15];
    }
}
