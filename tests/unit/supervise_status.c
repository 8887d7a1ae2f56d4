/* tests/unit/supervise_status.c - the 20-byte status file and stat text */
#include "check.h"
#include "supervise_status.h"

static void test_encode_byte_by_byte(void)
{
    struct supervise_status status = {
        .stamp = { TAI64_UNIX_OFFSET + 1795305600, 500 },
        .pid = 0x01020304, .is_paused = 1, .want = WANT_UP,
        .got_term = 1, .state = SERVICE_RUN,
    };
    static const unsigned char expected[20] = {
        0x40, 0, 0, 0, 0x6b, 0x02, 0x30, 0x8a, 0, 0, 0x01, 0xf4,
        0x04, 0x03, 0x02, 0x01, 1, 'u', 1, 1,
    };
    unsigned char out[20];

    supervise_status_encode(&status, out);
    CHECK_MEM(expected, out, 20);
}

static void test_want_exit_is_written_as_down(void)
{
    struct supervise_status status = { .want = WANT_EXIT, .state = SERVICE_FINISH };
    unsigned char out[20];

    supervise_status_encode(&status, out);
    CHECK(out[17] == 'd' && out[19] == 2 && out[12] == 0 && out[16] == 0);
}

static void test_decode_round_trip_and_rejects(void)
{
    struct supervise_status status = {
        .stamp = { TAI64_UNIX_OFFSET + 7, 9 }, .pid = 4000000,
        .want = WANT_DOWN, .state = SERVICE_FINISH,
    }, back;
    unsigned char out[20];

    supervise_status_encode(&status, out);
    CHECK(supervise_status_decode(&back, out, 20) == 0);
    CHECK(back.pid == 4000000 && back.want == WANT_DOWN && back.state == SERVICE_FINISH);
    CHECK(back.stamp.seconds == status.stamp.seconds && back.stamp.nanoseconds == 9);
    CHECK(!back.is_paused && !back.got_term);
    CHECK(supervise_status_decode(&back, out, 19) == -1);
    out[17] = 'x';
    CHECK(supervise_status_decode(&back, out, 20) == -1);
    out[17] = 'u';
    out[19] = 3;
    CHECK(supervise_status_decode(&back, out, 20) == -1);
}

static void test_stat_text(void)
{
    struct supervise_status status = { .state = SERVICE_DOWN, .want = WANT_DOWN };
    char text[64];

    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("down\n", text);
    status.state = SERVICE_RUN;
    status.want = WANT_UP;
    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("run\n", text);
    status.want = WANT_DOWN;
    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("run, want down\n", text);
    status.is_paused = 1;
    status.got_term = 1;
    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("run, paused, got TERM, want down\n", text);
    status.is_paused = 0;
    status.want = WANT_EXIT;
    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("run, got TERM, want exit\n", text);
    status.state = SERVICE_FINISH;
    status.got_term = 0;
    status.want = WANT_DOWN;
    CHECK(supervise_status_stat_text(&status, text, sizeof(text)) == 18);
    CHECK_STR("finish, want down\n", text);
    status.state = SERVICE_DOWN;
    status.is_paused = 1;
    supervise_status_stat_text(&status, text, sizeof(text));
    CHECK_STR("down, paused\n", text);
    supervise_status_stat_text(&status, text, 5);
    CHECK_STR("down", text);
}

int main(void)
{
    test_encode_byte_by_byte();
    test_want_exit_is_written_as_down();
    test_decode_round_trip_and_rejects();
    test_stat_text();
    return check_done("supervise_status");
}
