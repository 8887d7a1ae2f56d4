/* tests/unit/utc.c - utc_format against glibc's gmtime_r */
#include "check.h"
#include "utc.h"

#include <time.h>

static void check_against_gmtime(int64_t seconds)
{
    char expected[32], actual[UTC_TEXT_SIZE + 1] = { 0 };
    time_t time = (time_t)seconds;
    struct tm tm;

    gmtime_r(&time, &tm);
    strftime(expected, sizeof(expected), "%Y-%m-%d_%H:%M:%S", &tm);
    utc_format(seconds, '_', actual);
    if (strcmp(expected, actual) != 0) {
        fprintf(stderr, "%lld: ", (long long)seconds);
        CHECK_STR(expected, actual);
    }
}

int main(void)
{
    char text[UTC_TEXT_SIZE + 1] = { 0 };
    int64_t seconds;

    utc_format(1795305600 + 3723, 'T', text);
    CHECK_STR("2026-11-22T01:02:03", text);
    utc_format(951782400, '_', text);
    CHECK_STR("2000-02-29_00:00:00", text);
    utc_format(0, '_', text);
    CHECK_STR("1970-01-01_00:00:00", text);
    utc_format(-1, '_', text);
    CHECK_STR("1969-12-31_23:59:59", text);
    /* Every 7 hours and 13 seconds from 1900 to 2200: all days, leap
     * years, century rules, times of day. */
    for (seconds = -2208988800LL; seconds < 7258118400LL; seconds += 25213)
        check_against_gmtime(seconds);
    return check_done("utc");
}
