/* fmt.h - a small printf subset for messages and status text
 *
 * musl's snprintf brings its whole vfprintf, floating point included
 * (about 10 kB of a static binary that must stay under 80 kB), for the
 * few conversions initbox ever uses. These are the ones understood:
 *   %s %.*s %c %d %i %u %x %%, with the length modifiers l, ll and z,
 *   a field width and the 0 and - flags (%08x, %-10s).
 * Anything else is copied as it stands. */
#ifndef INITBOX_FMT_H
#define INITBOX_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Format into BUF of SIZE (> 0) bytes, always NUL-terminated, cut when it
 * does not fit. Returns the length written (without the NUL). */
size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);
size_t fmt_format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Decimal digits of VALUE into BUF (at least 21 bytes); returns the
 * length. For callers that build text by hand. */
size_t fmt_ulong(char *buf, unsigned long long value);

/* The decimal number at the start of TEXT, as runit's scan_ulong reads
 * it: its leading digits (none: 0), saturating at UINT64_MAX. *END (if
 * not NULL) gets the first byte after them. */
uint64_t scan_decimal(const char *text, const char **end);

/* All of TEXT as a decimal number of at most MAX (>= 0); -1 when TEXT is
 * empty, holds anything but digits, or is larger. */
long parse_decimal(const char *text, long max);

#endif
