/* rootfs-example.c - the example service of the root file system that
 * scripts/rootfs.sh builds: a stand-in for your own static program. It
 * says when it starts, stays up, and on SIGTERM says so and exits 0.
 * With EXAMPLE_IGNORE_TERM=1 in its environment it ignores SIGTERM, a
 * service that will not stop: nanoinit's shutdown kills it after
 * KILL_PROCESS_TIMEOUT (make check-container shows it). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
    (void)sig;
    got_term = 1;
}

static void say(const char *text)
{
    if (write(1, text, strlen(text)) < 0)
        _exit(111);
}

int main(void)
{
    struct sigaction action = { .sa_handler = on_term };
    sigset_t term, none;

    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &term, NULL);
    if (getenv("EXAMPLE_IGNORE_TERM") && strcmp(getenv("EXAMPLE_IGNORE_TERM"), "1") == 0) {
        action.sa_handler = SIG_IGN;
        say("example: ignoring SIGTERM\n");
    }
    sigaction(SIGTERM, &action, NULL);
    say("example: started\n");
    while (!got_term)
        sigsuspend(&none);
    say("example: stopped\n");
    return 0;
}
