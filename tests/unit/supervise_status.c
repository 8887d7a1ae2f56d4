/* tests/unit/supervise_status.c - the 20-byte status file and stat text */
#include "check.h"
#include "supervise_status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void test_decode_round_trip_and_leniency(void)
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
    /* what runsv never writes is read as runit's sv reads it */
    out[17] = 'x';
    out[19] = 3;
    memcpy(out + 12, "\xfe\xff\xff\xff", 4);
    CHECK(supervise_status_decode(&back, out, 20) == 0);
    CHECK(back.want == WANT_UNKNOWN && back.state == 3 && back.pid == -2);
}

/* The record read from a directory as sv and nanoinit read it; ok tells
 * whether a runsv is there. */
static void test_read_from_directory(void)
{
    char dir[] = "/tmp/supervise_status.XXXXXX", path[64];
    unsigned char bytes[21] = { 0x40, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                                42, 0, 0, 0, 0, 'd', 0, 1, '!' };
    struct supervise_status status;
    const char *step = "";
    int fd, reader, writer;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/supervise", dir);
    mkdir(path, 0700);
    CHECK(supervise_status_read(AT_FDCWD, dir, &status, &step) == -1);
    CHECK(errno == ENOENT && strcmp(step, "open") == 0);
    CHECK(supervise_is_running(AT_FDCWD, dir) == -1 && errno == ENOENT);
    snprintf(path, sizeof(path), "%s/supervise/status", dir);
    fd = open(path, O_WRONLY | O_CREAT, 0644);
    CHECK(write(fd, bytes, 19) == 19);
    CHECK(supervise_status_read(AT_FDCWD, dir, &status, &step) == -1);
    CHECK(errno == EBADMSG && strcmp(step, "read") == 0);
    CHECK(write(fd, bytes + 19, 2) == 2);       /* a longer file: its first 20 */
    close(fd);
    CHECK(supervise_status_read(AT_FDCWD, dir, &status, NULL) == 0);
    CHECK(status.pid == 42 && status.want == WANT_DOWN && status.state == SERVICE_RUN);
    fd = open(dir, O_PATH | O_DIRECTORY);
    CHECK(supervise_status_read(fd, "", &status, NULL) == 0 && status.pid == 42);
    snprintf(path, sizeof(path), "%s/supervise/ok", dir);
    CHECK(mkfifo(path, 0600) == 0);
    CHECK(supervise_is_running(fd, "") == 0);
    CHECK(supervise_status_read_running(fd, "", &status) == -1);  /* no runsv */
    reader = open(path, O_RDONLY | O_NONBLOCK);
    CHECK(supervise_is_running(fd, "") == 1);
    memset(&status, 0, sizeof(status));
    CHECK(supervise_status_read_running(fd, "", &status) == 0 && status.pid == 42);
    close(reader);
    CHECK(supervise_control_open(fd, "") < 0 && errno == ENOENT);     /* never made */
    snprintf(path, sizeof(path), "%s/supervise/control", dir);
    CHECK(mkfifo(path, 0600) == 0);
    CHECK(supervise_control_open(fd, "") < 0 && errno == ENXIO);      /* nobody reads */
    reader = open(path, O_RDONLY | O_NONBLOCK);
    writer = supervise_control_open(AT_FDCWD, dir);
    CHECK(writer >= 0 && write(writer, "u", 1) == 1 && read(reader, path, 1) == 1 && path[0] == 'u');
    CHECK(fcntl(writer, F_GETFD) & FD_CLOEXEC);
    close(writer);
    close(reader);
    unlink(path);
    snprintf(path, sizeof(path), "%s/supervise/ok", dir);
    close(fd);
    unlink(path);
    snprintf(path, sizeof(path), "%s/supervise/status", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/supervise", dir);
    rmdir(path);
    rmdir(dir);
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
    test_decode_round_trip_and_leniency();
    test_read_from_directory();
    test_stat_text();
    return check_done("supervise_status");
}
