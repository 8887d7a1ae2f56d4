/* tests/unit/fmt.c - the printf subset, runit's error texts, path_join */
#include "check.h"
#include "err.h"
#include "file.h"
#include "fmt.h"

#include <errno.h>
#include <limits.h>

static void test_conversions(void)
{
    char buf[128];

    fmt_format(buf, sizeof(buf), "%s: %d %u %x %c %%", "run", -42, 42u, 255u, 'k');
    CHECK_STR("run: -42 42 ff k %", buf);
    fmt_format(buf, sizeof(buf), "%ld %lu %lld %zu", LONG_MIN, ULONG_MAX, LLONG_MAX, (size_t)7);
    CHECK_STR("-9223372036854775808 18446744073709551615 9223372036854775807 7", buf);
    fmt_format(buf, sizeof(buf), "[%5d|%-5s|%05d|%08x|%.*s]", 42, "ab", -42, 0xbeefu, 3, "abcdef");
    CHECK_STR("[   42|ab   |-0042|0000beef|abc]", buf);
}

static void test_truncation(void)
{
    char buf[8];

    CHECK(fmt_format(buf, sizeof(buf), "%s", "0123456789") == 7);
    CHECK_STR("0123456", buf);
    CHECK(fmt_format(buf, 1, "abc") == 0);
    CHECK_STR("", buf);
}

static void test_ulong(void)
{
    char buf[24];

    CHECK(fmt_ulong(buf, 0) == 1);
    CHECK_STR("0", buf);
    fmt_ulong(buf, 18446744073709551615ULL);
    CHECK_STR("18446744073709551615", buf);
}

static void test_error_texts(void)
{
    CHECK_STR("file does not exist", error_text(ENOENT));
    CHECK_STR("temporary failure", error_text(EAGAIN));
    CHECK_STR("access denied", error_text(EACCES));
    CHECK_STR("permission denied", error_text(EPERM));
    CHECK_STR("device not configured", error_text(ENXIO));
    CHECK_STR("out of disk space", error_text(ENOSPC));
    CHECK_STR("range error", error_text(ERANGE));
    CHECK_STR("no error", error_text(0));
    CHECK_STR("unknown error", error_text(4095));
}

static void test_path_join(void)
{
    char buf[16];

    CHECK(path_join(buf, sizeof(buf), "a", "b") == 0);
    CHECK_STR("a/b", buf);
    CHECK(path_join(buf, sizeof(buf), "a/", "b") == 0);
    CHECK_STR("a/b", buf);
    CHECK(path_join(buf, sizeof(buf), "", "b") == 0);
    CHECK_STR("b", buf);
    CHECK(path_join(buf, sizeof(buf), "0123456789", "abcde") == -1 && errno == ENAMETOOLONG);
    CHECK(path_join(buf, sizeof(buf), "0123456789", "abcd") == 0);
}

/* runit's scan_ulong (leading digits, saturating) and whole numbers. */
static void test_decimal(void)
{
    const char *end;

    CHECK(scan_decimal("42s", &end) == 42 && *end == 's');
    CHECK(scan_decimal("x", &end) == 0 && *end == 'x');
    CHECK(scan_decimal("", NULL) == 0);
    CHECK(scan_decimal("18446744073709551615", NULL) == UINT64_MAX);
    CHECK(scan_decimal("18446744073709551616", NULL) == UINT64_MAX);
    CHECK(scan_decimal("99999999999999999999999", &end) == UINT64_MAX && *end == '\0');
    CHECK(parse_decimal("255", 255) == 255);
    CHECK(parse_decimal("0", 255) == 0);
    CHECK(parse_decimal("256", 255) == -1);
    CHECK(parse_decimal("", 255) == -1);
    CHECK(parse_decimal("1x", 255) == -1);
    CHECK(parse_decimal("-1", 255) == -1);
    CHECK(parse_decimal("99999999999999999999999", 255) == -1);
}

int main(void)
{
    test_conversions();
    test_truncation();
    test_ulong();
    test_decimal();
    test_error_texts();
    test_path_join();
    return check_done("fmt");
}
