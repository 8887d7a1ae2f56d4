/* supervise_status.c - fuzz the readers of supervise/status, ready, wait
 * and the stat text
 *
 * Input: the parts STATUS, READY and WAIT, separated by "\n%%\n", each
 * written to its file of a scratch service (a missing part: no file);
 * the last byte of the input sizes the buffers. Properties: a file is
 * read as its first 20 (16) bytes decode; encode after decode gives back
 * every field but an unknown want (written as 'd'); the stat text and
 * the wait line are NUL-terminated within their buffers. */
#include "fuzz.h"
#include "supervise_status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEPARATOR "\n%%\n"

/* Field by field: the structs have padding. */
static int same_status(const struct supervise_status *a, const struct supervise_status *b)
{
    return a->stamp.seconds == b->stamp.seconds
        && a->stamp.nanoseconds == b->stamp.nanoseconds && a->pid == b->pid
        && a->is_paused == b->is_paused && a->want == b->want
        && a->got_term == b->got_term && a->state == b->state;
}

static void check_record(const unsigned char *bytes, size_t len, unsigned size)
{
    struct supervise_status status, again;
    unsigned char encoded[SUPERVISE_STATUS_SIZE];
    char text[80];
    size_t text_len;

    if (supervise_status_decode(&status, bytes, len) < 0) {
        FUZZ_ASSERT(len != SUPERVISE_STATUS_SIZE);
        return;
    }
    supervise_status_encode(&status, encoded);
    FUZZ_ASSERT(supervise_status_decode(&again, encoded, sizeof(encoded)) == 0);
    /* an unknown want is written as 'd' */
    FUZZ_ASSERT(again.want == (status.want == WANT_UP ? WANT_UP : WANT_DOWN));
    again.want = status.want;
    FUZZ_ASSERT(same_status(&again, &status));
    FUZZ_ASSERT(memcmp(encoded, bytes, 12) == 0);
    FUZZ_ASSERT(memcmp(encoded + 12, bytes + 12, 4) == 0);

    size = size % 64 + 1;
    memset(text, 'x', sizeof(text));
    text_len = supervise_status_stat_text(&status, text, size);
    FUZZ_ASSERT(text_len < size && strlen(text) == text_len);
    if (size >= 48)
        FUZZ_ASSERT(text_len > 0 && text[text_len - 1] == '\n');
}

static void check_files(const char *dir, const uint8_t *parts[3], const size_t lens[3],
                        unsigned size)
{
    struct supervise_status status, expected;
    struct tai64n stamp;
    char wait[300];
    const char *step = NULL;
    pid_t pid;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    FUZZ_ASSERT(fd >= 0);
    if (supervise_status_read(fd, "", &status, &step) == 0) {
        FUZZ_ASSERT(parts[0] && lens[0] >= SUPERVISE_STATUS_SIZE);
        supervise_status_decode(&expected, parts[0], SUPERVISE_STATUS_SIZE);
        FUZZ_ASSERT(same_status(&status, &expected));
    } else {
        FUZZ_ASSERT(!parts[0] || lens[0] < SUPERVISE_STATUS_SIZE);
        FUZZ_ASSERT(errno == (parts[0] ? EBADMSG : ENOENT));
        FUZZ_ASSERT(strcmp(step, parts[0] ? "read" : "open") == 0);
    }
    if (supervise_ready_read(AT_FDCWD, dir, &stamp, &pid) == 0) {
        FUZZ_ASSERT(parts[1] && lens[1] >= SUPERVISE_READY_SIZE);
        FUZZ_ASSERT(pid == (pid_t)(parts[1][12] | parts[1][13] << 8 | parts[1][14] << 16
                                   | (uint32_t)parts[1][15] << 24));
    } else {
        FUZZ_ASSERT(!parts[1] || lens[1] < SUPERVISE_READY_SIZE);
    }
    size = size % sizeof(wait) + 1;
    memset(wait, 'x', sizeof(wait));
    if (supervise_wait_read(fd, ".", wait, size) == 0) {
        size_t len = strlen(wait);

        FUZZ_ASSERT(parts[2] && len < size && !memchr(wait, '\n', len));
        FUZZ_ASSERT(memcmp(wait, parts[2], len) == 0);
    } else {
        FUZZ_ASSERT(!parts[2]);
    }
    FUZZ_ASSERT(supervise_is_running(fd, "") == -1 && errno == ENOENT);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[3] = { "supervise/status", "supervise/ready",
                                          "supervise/wait" };
    struct fuzz_input in = { data, size };
    const uint8_t *parts[3] = { NULL, NULL, NULL };
    size_t lens[3] = { 0, 0, 0 };
    unsigned buffer_size = size ? data[size - 1] : 0;
    const char *dir = fuzz_scratch();
    int i;

    for (i = 0; i < 3 && fuzz_part(&in, SEPARATOR, &parts[i], &lens[i]) == 0; i++) {
        check_record(parts[i], lens[i], buffer_size);
        FUZZ_ASSERT(fuzz_write_file(dir, files[i], parts[i], lens[i]) == 0);
    }
    check_files(dir, parts, lens, buffer_size);
    return 0;
}
