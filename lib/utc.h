/* utc.h - calendar date and time of a Unix time, in UTC, without libc's tz code */
#ifndef INITBOX_UTC_H
#define INITBOX_UTC_H

#include <stdint.h>

#define UTC_TEXT_SIZE 19        /* "YYYY-MM-DD_HH:MM:SS", without a NUL */

/* Write SECONDS (Unix time, leap seconds ignored, negative before 1970)
 * as "YYYY-MM-DD" SEPARATOR "HH:MM:SS" into OUT: svlogd's -tt ('_') and
 * -ttt ('T') stamps. Years are printed with four digits (years before
 * 1 and after 9999 are cut to their last four). No NUL is written. */
void utc_format(int64_t seconds, char separator, char out[UTC_TEXT_SIZE]);

#endif
