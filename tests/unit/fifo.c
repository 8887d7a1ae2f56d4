/* tests/unit/fifo.c - control FIFOs: made, checked, held, detected */
#include "check.h"
#include "fifo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/fifo-test.XXXXXX";

static void path(char *out, const char *name)
{
    snprintf(out, 256, "%s/%s", dir, name);
}

static void test_made_with_mode_and_held_open(void)
{
    char fifo[256];
    struct stat info;
    int reader, writer = -1, client;
    char byte;

    path(fifo, "control");
    umask(022);
    reader = fifo_open_reader(fifo, 0600, &writer);
    CHECK(reader >= 0 && writer >= 0);
    CHECK(stat(fifo, &info) == 0 && S_ISFIFO(info.st_mode) && (info.st_mode & 0777) == 0600);
    CHECK(fcntl(reader, F_GETFD) & FD_CLOEXEC);
    CHECK(fcntl(reader, F_GETFL) & O_NONBLOCK);
    /* A client comes and goes: the reader sees its byte, then no end of
     * file but EAGAIN, since our own write end is still open. */
    client = open(fifo, O_WRONLY | O_NONBLOCK);
    CHECK(client >= 0 && write(client, "u", 1) == 1);
    close(client);
    CHECK(read(reader, &byte, 1) == 1 && byte == 'u');
    CHECK(read(reader, &byte, 1) < 0 && errno == EAGAIN);
    /* An existing FIFO is reused. */
    close(fifo_open_reader(fifo, 0600, NULL));
    close(reader);
    close(writer);
}

static void test_regular_file_is_refused(void)
{
    char file[256];

    path(file, "plain");
    close(open(file, O_CREAT | O_WRONLY, 0600));
    CHECK(fifo_open_reader(file, 0600, NULL) < 0 && errno == EEXIST);
}

int main(void)
{
    char command[300];

    if (!mkdtemp(dir))
        return 2;
    test_made_with_mode_and_held_open();
    test_regular_file_is_refused();
    snprintf(command, sizeof(command), "rm -rf %s", dir);
    if (system(command) != 0)
        return 2;
    return check_done("fifo");
}
