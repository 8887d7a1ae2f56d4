/* signal_names.c - signal names and numbers, and what a wait status says */
#include "signal_names.h"
#include "fmt.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* The names NUL-separated, in the order of the numbers: no pointer
 * table. The last two are other names of SIGIO and SIGABRT. */
static const unsigned char signal_numbers[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
    SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD,
    SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ,
    SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS, SIGIO, SIGABRT,
};
static const char signal_names[] =
    "HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
    "PIPE\0ALRM\0TERM\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0"
    "XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0POLL\0IOT\0";

/* "RTMIN", "RTMIN+N", "RTMAX", "RTMAX-N" (upper case, no "SIG"). */
static int parse_realtime(const char *name)
{
    long offset;

    if (strncmp(name, "RTMIN", 5) != 0 && strncmp(name, "RTMAX", 5) != 0)
        return -1;
    if (!name[5])
        offset = 0;
    else if (name[5] == (name[4] == 'N' ? '+' : '-'))
        offset = parse_decimal(name + 6, SIGRTMAX - SIGRTMIN);
    else
        return -1;
    if (offset < 0)
        return -1;
    return name[4] == 'N' ? SIGRTMIN + offset : SIGRTMAX - offset;
}

int signal_parse(const char *text)
{
    char upper[16];
    const char *name, *known;
    size_t i;

    if (*text >= '0' && *text <= '9')
        return parse_decimal(text, SIGNAL_LIMIT - 1);
    for (i = 0; text[i]; i++) {
        if (i == sizeof(upper) - 1)
            return -1;          /* longer than any name */
        upper[i] = text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i];
    }
    upper[i] = '\0';
    name = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;
    for (i = 0, known = signal_names; i < sizeof(signal_numbers);
         i++, known += strlen(known) + 1) {
        if (strcmp(name, known) == 0)
            return signal_numbers[i];
    }
    return parse_realtime(name);
}

const char *signal_name(int sig)
{
    const char *name = signal_names;
    size_t i;

    for (i = 0; i < sizeof(signal_numbers); i++, name += strlen(name) + 1) {
        if (signal_numbers[i] == sig)
            return name;
    }
    return NULL;
}

const char *wait_status_text(int status, char *buf, size_t size)
{
    const char *name = signal_name(WTERMSIG(status));

    if (!WIFSIGNALED(status))
        fmt_format(buf, size, "exited with status %d", WEXITSTATUS(status));
    else if (name)
        fmt_format(buf, size, "killed by signal SIG%s", name);
    else
        fmt_format(buf, size, "killed by signal %d", WTERMSIG(status));
    return buf;
}
