/* tests/unit/supervise_event.c - supervise/ made as runsv makes it (with
 * lib/file's make_directories), event FIFOs, and the ready and wait files */
#include "check.h"
#include "file.h"
#include "supervise_event.h"
#include "supervise_status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[] = "/tmp/supervise_event.XXXXXX";

static const char *at(const char *name)
{
    static char path[256];

    snprintf(path, sizeof(path), "%s/%s", top, name);
    return path;
}

static int is_type(const char *name, mode_t type)
{
    struct stat st;

    return lstat(at(name), &st) == 0 && (st.st_mode & S_IFMT) == type;
}

/* supervise is made, kept, or made at the target of a dangling link
 * with the directories above it; a target that cannot be made fails. */
static void test_dir_make(void)
{
    const char *step = "";

    mkdir(at("a"), 0755);
    CHECK(supervise_dir_make(AT_FDCWD, at("a"), &step) == 0);
    CHECK(is_type("a/supervise", S_IFDIR));
    CHECK(supervise_dir_make(AT_FDCWD, at("a"), NULL) == 0);
    mkdir(at("b"), 0755);
    CHECK(symlink("../run-b", at("b/supervise")) == 0);
    CHECK(supervise_dir_make(AT_FDCWD, at("b"), NULL) == 0);
    CHECK(is_type("run-b", S_IFDIR));
    mkdir(at("pd"), 0755);
    CHECK(symlink("../run-d/runit/supervise/d", at("pd/supervise")) == 0);
    CHECK(supervise_dir_make(AT_FDCWD, at("pd"), NULL) == 0);
    CHECK(is_type("run-d/runit/supervise/d", S_IFDIR));
    mkdir(at("pe"), 0755);
    close(open(at("file"), O_WRONLY | O_CREAT, 0600));
    CHECK(symlink("../file/e", at("pe/supervise")) == 0);
    CHECK(supervise_dir_make(AT_FDCWD, at("pe"), &step) == -1);
    CHECK(errno == ENOTDIR && strcmp(step, "mkdir") == 0);
    CHECK(supervise_dir_make(AT_FDCWD, at("none"), &step) == -1);
    CHECK(errno == ENOENT && strcmp(step, "open") == 0);
}

static mode_t mode_of(const char *name)
{
    struct stat st;

    return lstat(at(name), &st) == 0 ? st.st_mode & 07777 : 0;
}

/* lib/file's make_directories, which makes a supervise link's target:
 * the missing directories above with 0755, the last one with its mode;
 * what is there is kept; a file in the way fails. */
static void test_make_directories(void)
{
    char path[256];
    mode_t old = umask(0);

    snprintf(path, sizeof(path), "%s", at("md/x/y"));
    CHECK(make_directories(AT_FDCWD, path, 0700) == 0);
    CHECK(strcmp(path, at("md/x/y")) == 0);
    CHECK(mode_of("md") == 0755 && mode_of("md/x") == 0755 && mode_of("md/x/y") == 0700);
    CHECK(make_directories(AT_FDCWD, path, 0700) == 0);
    close(open(at("md/f"), O_WRONLY | O_CREAT, 0600));
    snprintf(path, sizeof(path), "%s", at("md/f/z"));
    CHECK(make_directories(AT_FDCWD, path, 0700) == -1 && errno == ENOTDIR);
    umask(old);
}

/* A subscriber gets a byte per notice, never end of file; the FIFO of a
 * subscriber gone is removed; other entries are left as they are. */
static void test_subscribe_and_notify(void)
{
    char byte;
    int sub, other, event_fd, junk;

    mkdir(at("c"), 0755);
    sub = supervise_event_subscribe(AT_FDCWD, at("c"), "web.1");
    CHECK(sub >= 0 && is_type("c/supervise/event/web.1", S_IFIFO));
    CHECK(fcntl(sub, F_GETFD) & FD_CLOEXEC);
    CHECK(read(sub, &byte, 1) < 0 && errno == EAGAIN);     /* not end of file */
    CHECK(access(at("c/supervise/event/.web.1"), F_OK) < 0);  /* renamed */
    other = supervise_event_subscribe(AT_FDCWD, at("c"), "gone.2");
    close(other);
    junk = open(at("c/supervise/event/junk"), O_WRONLY | O_CREAT, 0644);
    close(junk);
    event_fd = open(at("c/supervise/event"), O_RDONLY | O_DIRECTORY);
    supervise_event_notify(event_fd);
    supervise_event_notify(event_fd);
    CHECK(read(sub, &byte, 1) == 1);
    supervise_event_drain(sub);
    CHECK(read(sub, &byte, 1) < 0 && errno == EAGAIN);
    CHECK(!is_type("c/supervise/event/gone.2", S_IFIFO));
    CHECK(is_type("c/supervise/event/junk", S_IFREG));
    {
        struct stat st;

        CHECK(stat(at("c/supervise/event/junk"), &st) == 0 && st.st_size == 0);
    }
    /* a full FIFO does not block the notice */
    {
        char fill[4096];
        int i;

        memset(fill, 'x', sizeof(fill));
        for (i = 0; i < 64 && write(sub, fill, sizeof(fill)) > 0; i++)
            continue;
        supervise_event_notify(event_fd);
        supervise_event_drain(sub);
    }
    /* a subscription again replaces a leftover of the same name */
    other = supervise_event_subscribe(AT_FDCWD, at("c"), "web.1");
    CHECK(other >= 0);
    supervise_event_notify(event_fd);
    CHECK(read(other, &byte, 1) == 1);
    close(other);
    supervise_event_unsubscribe(AT_FDCWD, at("c"), "web.1");
    CHECK(!is_type("c/supervise/event/web.1", S_IFIFO));
    close(sub);
    close(event_fd);
}

/* A subscription is ours while its name holds our FIFO: not once it is
 * removed, or replaced by another FIFO, a file or a directory. */
static void test_is_subscribed(void)
{
    int sub;

    mkdir(at("f"), 0755);
    sub = supervise_event_subscribe(AT_FDCWD, at("f"), "app.1");
    CHECK(sub >= 0);
    CHECK(supervise_event_is_subscribed(AT_FDCWD, at("f"), "app.1", sub) == 1);
    CHECK(unlink(at("f/supervise/event/app.1")) == 0);
    CHECK(supervise_event_is_subscribed(AT_FDCWD, at("f"), "app.1", sub) == 0);
    CHECK(mkfifo(at("f/supervise/event/app.1"), 0600) == 0);
    CHECK(supervise_event_is_subscribed(AT_FDCWD, at("f"), "app.1", sub) == 0);
    CHECK(unlink(at("f/supervise/event/app.1")) == 0);
    CHECK(close(open(at("f/supervise/event/app.1"), O_WRONLY | O_CREAT, 0644)) == 0);
    CHECK(supervise_event_is_subscribed(AT_FDCWD, at("f"), "app.1", sub) == 0);
    CHECK(unlink(at("f/supervise/event/app.1")) == 0);
    CHECK(mkdir(at("f/supervise/event/app.1"), 0700) == 0);
    CHECK(supervise_event_is_subscribed(AT_FDCWD, at("f"), "app.1", sub) == 0);
    close(sub);
}

/* Out of descriptors when the FIFO is to be opened: none is left behind. */
static void test_subscribe_without_descriptors(void)
{
    struct rlimit old, low;
    int lowest = dup(0);

    close(lowest);
    mkdir(at("e"), 0755);
    CHECK(supervise_event_subscribe(AT_FDCWD, at("e"), "first.1") >= 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
    low = old;
    low.rlim_cur = (rlim_t)lowest + 3;  /* the directories, not the FIFO */
    CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
    CHECK(supervise_event_subscribe(AT_FDCWD, at("e"), "sv.2") == -1 && errno == EMFILE);
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    CHECK(!is_type("e/supervise/event/sv.2", S_IFIFO));
    CHECK(is_type("e/supervise/event/first.1", S_IFIFO));
}

static void test_ready_and_wait(void)
{
    struct tai64n stamp = { TAI64_UNIX_OFFSET + 1795305600, 123 }, back;
    unsigned char bytes[SUPERVISE_READY_SIZE];
    char text[64];
    pid_t pid = 0;
    int fd;

    mkdir(at("d"), 0755);
    mkdir(at("d/supervise"), 0700);
    CHECK(supervise_ready_read(AT_FDCWD, at("d"), &back, &pid) == -1 && errno == ENOENT);
    supervise_ready_encode(&stamp, 0x01020304, bytes);
    CHECK_MEM("\x40\0\0\0\x6b\x02\x30\x8a\0\0\0\x7b\x04\x03\x02\x01", bytes, 16);
    fd = open(at("d/supervise/ready"), O_WRONLY | O_CREAT, 0644);
    CHECK(write(fd, bytes, 15) == 15);
    CHECK(supervise_ready_read(AT_FDCWD, at("d"), &back, &pid) == -1 && errno == EBADMSG);
    CHECK(write(fd, bytes + 15, 1) == 1);
    close(fd);
    CHECK(supervise_ready_read(AT_FDCWD, at("d"), &back, &pid) == 0);
    CHECK(pid == 0x01020304 && back.seconds == stamp.seconds && back.nanoseconds == 123);
    CHECK(supervise_wait_read(AT_FDCWD, at("d"), text, sizeof(text)) == -1 && errno == ENOENT);
    fd = open(at("d/supervise/wait"), O_WRONLY | O_CREAT, 0644);
    CHECK(write(fd, "needs db (not ready)\n", 21) == 21);
    close(fd);
    CHECK(supervise_wait_read(AT_FDCWD, at("d"), text, sizeof(text)) == 0);
    CHECK_STR("needs db (not ready)", text);
    CHECK(supervise_wait_read(AT_FDCWD, at("d"), text, 6) == 0);
    CHECK_STR("needs", text);
    fd = open(at("d/supervise/wait"), O_WRONLY | O_TRUNC);
    CHECK(write(fd, "needs db (down)\nmore\n", 21) == 21);
    close(fd);
    CHECK(supervise_wait_read(AT_FDCWD, at("d"), text, sizeof(text)) == 0);
    CHECK_STR("needs db (down)", text);
}

int main(void)
{
    char command[64];

    CHECK(mkdtemp(top) != NULL);
    test_dir_make();
    test_make_directories();
    test_subscribe_and_notify();
    test_subscribe_without_descriptors();
    test_is_subscribed();
    test_ready_and_wait();
    snprintf(command, sizeof(command), "rm -rf %s", top);
    if (system(command) != 0)
        CHECK(0);
    return check_done("supervise_event");
}
