/* tests/unit/spawn.c - children: descriptors, mask, exec failure, reaping, gates */
#include "check.h"
#include "err.h"
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int reaped;
static void count_exit(void *context, pid_t pid, int status)
{
    (void)context;
    (void)pid;
    (void)status;
    reaped++;
}

/* Run ARGV with SPAWN's settings; its output through a pipe into OUT. */
static int run(struct spawn *spawn, char **argv, char *out, size_t size)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    spawn->path = argv[0];
    spawn->argv = argv;
    spawn->stdout_fd = fds[1];
    pid = spawn_process(spawn);
    close(fds[1]);
    return check_output_of(pid, fds[0], out, size);
}

static void test_output_directory_and_mask(void)
{
    char *pwd[] = { "pwd", NULL };
    char *grep[] = { "grep", "SigBlk", "/proc/self/status", NULL };
    struct spawn spawn = { .stdin_fd = -1, .dir_fd = -1, .dir = "/" };
    sigset_t mask;
    char out[256];

    CHECK(run(&spawn, pwd, out, sizeof(out)) == 0);
    CHECK_STR("/\n", out);
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    spawn.mask = &mask;
    CHECK(run(&spawn, grep, out, sizeof(out)) == 0);
    CHECK_STR("SigBlk:\t0000000000000200\n", out);
    spawn.mask = NULL;
    CHECK(run(&spawn, grep, out, sizeof(out)) == 0);
    CHECK_STR("SigBlk:\t0000000000000000\n", out);
}

static void test_exec_failure_reports_and_exits(void)
{
    char *argv[] = { "no-such-program-anywhere", NULL };
    struct spawn spawn = {
        .path = argv[0], .argv = argv, .stdin_fd = -1, .stdout_fd = -1,
        .dir_fd = -1, .failure = "unable to start it", .failure_status = 111,
    };
    int status, saved = dup(2), null = open("/dev/null", O_WRONLY);
    pid_t pid;

    dup2(null, 2);
    pid = spawn_process(&spawn);
    dup2(saved, 2);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 111);
}

static void test_reap_collects_every_child(void)
{
    char *argv[] = { "true", NULL };
    struct spawn spawn = {
        .path = "true", .argv = argv, .stdin_fd = -1, .stdout_fd = -1, .dir_fd = -1,
    };
    int i;

    for (i = 0; i < 3; i++)
        spawn_process(&spawn);
    while (spawn_reap(count_exit, NULL))
        usleep(1000);
    CHECK(reaped == 3);
    CHECK(spawn_reap(count_exit, NULL) == 0);
}

/* One child waited for by pid: its status, whatever else has ended. */
static void test_wait_for_one_child(void)
{
    char *true_argv[] = { "true", NULL }, *false_argv[] = { "false", NULL };
    struct spawn spawn = {
        .path = "true", .argv = true_argv, .stdin_fd = -1, .stdout_fd = -1, .dir_fd = -1,
    };
    pid_t first, second;
    int status = -1;

    first = spawn_process(&spawn);
    spawn.path = "false";
    spawn.argv = false_argv;
    second = spawn_process(&spawn);
    CHECK(spawn_wait(second, &status) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1);
    CHECK(spawn_wait(first, &status) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(spawn_wait(first, &status) == -1 && errno == ECHILD);
}

/* Two children held at one gate: neither runs before it opens, both
 * after. A gate closed without a byte lets its child exit quietly. */
static void test_gate_holds_children_until_opened(void)
{
    char *argv[] = { "echo", "ran", NULL };
    struct spawn spawn = {
        .path = argv[0], .argv = argv, .stdin_fd = -1, .dir_fd = -1,
        .failure = "unable to start it", .failure_status = 111,
    };
    int gate[2], out[2], err[2], status, saved = dup(2);
    struct pollfd ready;
    char text[16] = "";
    ssize_t len, done = 0;
    pid_t first, second;

    CHECK(pipe2(gate, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
    spawn.stdout_fd = out[1];
    spawn.gate = gate;
    first = spawn_process(&spawn);
    second = spawn_process(&spawn);
    CHECK(first > 0 && second > 0);
    ready.fd = out[0];
    ready.events = POLLIN;
    CHECK(poll(&ready, 1, 200) == 0);
    CHECK(waitpid(first, &status, WNOHANG) == 0);
    spawn_gate_open(gate, 2);
    CHECK(gate[0] == -1 && gate[1] == -1);
    close(out[1]);
    while (done < (ssize_t)sizeof(text) - 1
           && (len = read(out[0], text + done, sizeof(text) - 1 - done)) > 0)
        done += len;
    close(out[0]);
    CHECK_STR("ran\nran\n", text);
    CHECK(waitpid(first, &status, 0) == first && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(waitpid(second, &status, 0) == second && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    CHECK(pipe2(gate, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0);
    spawn.stdout_fd = -1;
    dup2(err[1], 2);
    first = spawn_process(&spawn);
    dup2(saved, 2);
    close(err[1]);
    spawn_gate_open(gate, 0);
    CHECK(waitpid(first, &status, 0) == first && WIFEXITED(status) && WEXITSTATUS(status) == 111);
    CHECK(read(err[0], text, sizeof(text)) == 0);
    close(err[0]);
    close(saved);
}

int main(void)
{
    err_init("spawn-test", "", NULL);
    test_output_directory_and_mask();
    test_exec_failure_reports_and_exits();
    test_reap_collects_every_child();
    test_wait_for_one_child();
    test_gate_holds_children_until_opened();
    return check_done("spawn");
}
