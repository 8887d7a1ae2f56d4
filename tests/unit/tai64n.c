/* tests/unit/tai64n.c - TAI64N pack, unpack, text */
#include "check.h"
#include "tai64n.h"

static void test_known_label(void)
{
    /* 2026-11-22 00:00:00 UTC = 1795305600 Unix seconds. */
    struct timespec time = { 1795305600, 123456789 };
    unsigned char packed[12];
    struct tai64n stamp, back;
    char text[TAI64N_TEXT_SIZE + 1] = { 0 };
    static const unsigned char expected[12] = {
        0x40, 0, 0, 0, 0x6b, 0x02, 0x30, 0x8a, 0x07, 0x5b, 0xcd, 0x15
    };

    tai64n_from_timespec(&stamp, &time);
    tai64n_pack(&stamp, packed);
    CHECK_MEM(expected, packed, 12);
    tai64n_format(&stamp, text);
    CHECK_STR("@400000006b02308a075bcd15", text);
    tai64n_unpack(&back, packed);
    CHECK(back.seconds == stamp.seconds && back.nanoseconds == 123456789);
    CHECK(tai64n_unix_seconds(&back) == 1795305600);
}

static void test_epoch_and_before(void)
{
    struct timespec epoch = { 0, 0 }, before = { -1, 500 };
    struct tai64n stamp;
    char text[TAI64N_TEXT_SIZE + 1] = { 0 };

    tai64n_from_timespec(&stamp, &epoch);
    tai64n_format(&stamp, text);
    CHECK_STR("@400000000000000a00000000", text);
    tai64n_from_timespec(&stamp, &before);
    CHECK(tai64n_unix_seconds(&stamp) == -1);
    tai64n_format(&stamp, text);
    CHECK_STR("@40000000000000090000" "01f4", text);
}

int main(void)
{
    test_known_label();
    test_epoch_and_before();
    return check_done("tai64n");
}
