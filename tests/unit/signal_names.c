/* tests/unit/signal_names.c - signal names both ways, wait statuses in
 * words, the C library's texts for exec's errors */
#include "check.h"
#include "err.h"
#include "signal_names.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_names(void)
{
    CHECK(signal_parse("TERM") == SIGTERM);
    CHECK(signal_parse("SIGTERM") == SIGTERM);
    CHECK(signal_parse("sigterm") == SIGTERM);
    CHECK(signal_parse("Term") == SIGTERM);
    CHECK(signal_parse("SigHup") == SIGHUP);
    CHECK(signal_parse("WINCH") == SIGWINCH);
    CHECK(signal_parse("VTALRM") == SIGVTALRM);
    CHECK(signal_parse("USR2") == SIGUSR2);
    CHECK(signal_parse("IOT") == SIGABRT && signal_parse("POLL") == SIGIO);
    CHECK(signal_parse("KILL") == SIGKILL && signal_parse("sigchld") == SIGCHLD);
    CHECK(signal_parse("") == -1);
    CHECK(signal_parse("SIG") == -1);
    CHECK(signal_parse("FOO") == -1);
    CHECK(signal_parse("TERMS") == -1);
    CHECK(signal_parse(" TERM") == -1);
    CHECK(signal_parse("SIGSIGTERM") == -1);
    CHECK(signal_parse("SIGTERMINATED") == -1);
}

static void test_numbers(void)
{
    CHECK(signal_parse("15") == 15);
    CHECK(signal_parse("0") == 0);
    CHECK(signal_parse("1") == 1);
    CHECK(signal_parse("64") == 64);
    CHECK(signal_parse("065") == -1);
    CHECK(signal_parse("65") == -1);
    CHECK(signal_parse("99999999999999999999") == -1);
    CHECK(signal_parse("1x") == -1);
    CHECK(signal_parse("-1") == -1);
    CHECK(signal_parse("+1") == -1);
}

static void test_realtime(void)
{
    char text[32];

    CHECK(signal_parse("RTMIN") == SIGRTMIN);
    CHECK(signal_parse("SIGRTMIN") == SIGRTMIN);
    CHECK(signal_parse("rtmin+2") == SIGRTMIN + 2);
    CHECK(signal_parse("RTMIN+0") == SIGRTMIN);
    CHECK(signal_parse("RTMAX") == SIGRTMAX);
    CHECK(signal_parse("SIGRTMAX-1") == SIGRTMAX - 1);
    snprintf(text, sizeof(text), "RTMIN+%d", SIGRTMAX - SIGRTMIN);
    CHECK(signal_parse(text) == SIGRTMAX);
    snprintf(text, sizeof(text), "RTMAX-%d", SIGRTMAX - SIGRTMIN);
    CHECK(signal_parse(text) == SIGRTMIN);
    snprintf(text, sizeof(text), "RTMIN+%d", SIGRTMAX - SIGRTMIN + 1);
    CHECK(signal_parse(text) == -1);
    CHECK(signal_parse("RTMIN+") == -1);
    CHECK(signal_parse("RTMIN-1") == -1);
    CHECK(signal_parse("RTMAX+1") == -1);
    CHECK(signal_parse("RTMAX-") == -1);
    CHECK(signal_parse("RTMIN1") == -1);
    CHECK(signal_parse("RTMI") == -1);
    CHECK(signal_parse("RTM") == -1);
    CHECK(signal_parse("RTMIN+1x") == -1);
    CHECK(signal_parse("RTMIN+00000000001") == -1);    /* longer than any name */
}

static void test_signal_name(void)
{
    CHECK(signal_name(SIGTERM) && strcmp(signal_name(SIGTERM), "TERM") == 0);
    CHECK(signal_name(SIGIO) && strcmp(signal_name(SIGIO), "IO") == 0);
    CHECK(signal_name(SIGABRT) && strcmp(signal_name(SIGABRT), "ABRT") == 0);
    CHECK(signal_name(SIGSYS) && strcmp(signal_name(SIGSYS), "SYS") == 0);
    CHECK(signal_name(SIGRTMIN) == NULL && signal_name(0) == NULL && signal_name(64) == NULL);
}

/* The wait status of a child that exits with CODE, or dies of SIG. */
static int status_of_child(int code, int sig)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        if (sig) {
            signal(sig, SIG_DFL);
            raise(sig);
        }
        _exit(code);
    }
    waitpid(pid, &status, 0);
    return status;
}

static void test_wait_status_text(void)
{
    char buf[48], expected[48], tiny[8];

    CHECK_STR("exited with status 0", wait_status_text(status_of_child(0, 0), buf, sizeof(buf)));
    CHECK_STR("exited with status 42", wait_status_text(status_of_child(42, 0), buf, sizeof(buf)));
    CHECK_STR("exited with status 255", wait_status_text(status_of_child(255, 0), buf, sizeof(buf)));
    CHECK_STR("killed by signal SIGTERM",
              wait_status_text(status_of_child(0, SIGTERM), buf, sizeof(buf)));
    CHECK_STR("killed by signal SIGKILL",
              wait_status_text(status_of_child(0, SIGKILL), buf, sizeof(buf)));
    CHECK_STR("killed by signal SIGUSR1",
              wait_status_text(status_of_child(0, SIGUSR1), buf, sizeof(buf)));
    snprintf(expected, sizeof(expected), "killed by signal %d", SIGRTMIN + 1);
    CHECK_STR(expected, wait_status_text(status_of_child(0, SIGRTMIN + 1), buf, sizeof(buf)));
    CHECK_STR("exited ", wait_status_text(status_of_child(1, 0), tiny, sizeof(tiny)));
}

static void test_libc_error_text(void)
{
    CHECK_STR("No such file or directory", libc_error_text(ENOENT));
    CHECK_STR("Permission denied", libc_error_text(EACCES));
    CHECK_STR("Exec format error", libc_error_text(ENOEXEC));
    CHECK_STR("Is a directory", libc_error_text(EISDIR));
}

int main(void)
{
    test_names();
    test_numbers();
    test_realtime();
    test_signal_name();
    test_wait_status_text();
    test_libc_error_text();
    return check_done("signal_names");
}
