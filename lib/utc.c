/* utc.c - calendar date and time of a Unix time, in UTC
 *
 * gmtime(3) would do, but drags in musl's time-zone machinery; the civil
 * calendar is a few lines of arithmetic. Days are counted in 400-year
 * eras starting on 1 March, so the leap day is the last day of a year and
 * every month length follows from one linear formula. */
#include "utc.h"

static void two_digits(char *out, unsigned value)
{
    out[0] = (char)('0' + value / 10 % 10);
    out[1] = (char)('0' + value % 10);
}

void utc_format(int64_t seconds, char separator, char out[UTC_TEXT_SIZE])
{
    int64_t days = seconds / 86400, second_of_day = seconds % 86400;
    int64_t shifted, era, year;
    unsigned day_of_era, year_of_era, day_of_year, month_index, day, month;

    if (second_of_day < 0) {
        second_of_day += 86400;
        days--;
    }
    shifted = days + 719468;            /* days since 0000-03-01 */
    era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    day_of_era = (unsigned)(shifted - era * 146097);
    year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                   - day_of_era / 146096) / 365;
    day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
                                - year_of_era / 100);
    month_index = (5 * day_of_year + 2) / 153;     /* 0 = March */
    day = day_of_year - (153 * month_index + 2) / 5 + 1;
    month = month_index < 10 ? month_index + 3 : month_index - 9;
    year = era * 400 + year_of_era + (month <= 2);
    if (year < 0)
        year = -year;
    two_digits(out, (unsigned)(year / 100 % 100));
    two_digits(out + 2, (unsigned)(year % 100));
    out[4] = '-';
    two_digits(out + 5, month);
    out[7] = '-';
    two_digits(out + 8, day);
    out[10] = separator;
    two_digits(out + 11, (unsigned)(second_of_day / 3600));
    out[13] = ':';
    two_digits(out + 14, (unsigned)(second_of_day / 60 % 60));
    out[16] = ':';
    two_digits(out + 17, (unsigned)(second_of_day % 60));
}
