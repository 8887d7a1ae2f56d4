/* tests/unit/proc.c - fields of /proc/PID/stat */
#include "check.h"
#include "proc.h"

#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child whose name holds ") Z 1 " still shows its real state, parent
 * and start time; once it has ended and been reaped, it is gone. */
static void test_fields_of_a_child(void)
{
    uint64_t parent = 0, started = 0, our_start = 0;
    char state = '?';
    int pipes[2], status;
    pid_t pid;

    CHECK(pipe(pipes) == 0);
    pid = fork();
    if (pid == 0) {
        char byte;

        close(pipes[1]);
        prctl(PR_SET_NAME, "x) Z 1 (");
        _exit(read(pipes[0], &byte, 1) == 0 ? 0 : 1);
    }
    close(pipes[0]);
    CHECK(proc_stat_field(pid, 4, &parent, &state) == 0);
    CHECK(parent == (uint64_t)getpid());
    CHECK(state == 'S' || state == 'R' || state == 'D');
    CHECK(proc_stat_field(pid, 22, &started, NULL) == 0);
    CHECK(proc_stat_field(getpid(), 22, &our_start, NULL) == 0 && started >= our_start);
    close(pipes[1]);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(proc_stat_field(pid, 4, &parent, NULL) == -1);
    CHECK(proc_stat_field(getpid(), 99, &parent, NULL) == -1);
}

int main(void)
{
    test_fields_of_a_child();
    return check_done("proc");
}
