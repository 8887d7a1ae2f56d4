/* tai64n.h - TAI64N time stamps: 12-byte labels and their @hex text */
#ifndef INITBOX_TAI64N_H
#define INITBOX_TAI64N_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TAI64N_PACKED_SIZE 12
#define TAI64N_TEXT_SIZE 25     /* "@" and 24 hex digits, without a NUL */

/* SECONDS is the TAI64 label itself: 2^62 + 10 + Unix seconds (runit
 * ignores leap seconds and always adds 10). */
struct tai64n {
    uint64_t seconds;
    uint32_t nanoseconds;
};

#define TAI64_UNIX_OFFSET (((uint64_t)1 << 62) + 10)

/* From a Unix time (CLOCK_REALTIME). */
void tai64n_from_timespec(struct tai64n *stamp, const struct timespec *time);

/* The current wall-clock time. */
void tai64n_now(struct tai64n *stamp);

/* Unix seconds of STAMP (negative before 1970). */
int64_t tai64n_unix_seconds(const struct tai64n *stamp);

/* 12 big-endian bytes: 8 of label, 4 of nanoseconds. */
void tai64n_pack(const struct tai64n *stamp, unsigned char out[TAI64N_PACKED_SIZE]);
void tai64n_unpack(struct tai64n *stamp, const unsigned char in[TAI64N_PACKED_SIZE]);

/* "@" and the 24 lower-case hex digits of the packed form, as svlogd
 * writes it; OUT gets TAI64N_TEXT_SIZE bytes and no NUL. */
void tai64n_format(const struct tai64n *stamp, char out[TAI64N_TEXT_SIZE]);

#endif
