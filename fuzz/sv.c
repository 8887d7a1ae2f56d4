/* sv.c - fuzz sv: its command words, options and service names, and
 * what it reads of the service directories it is pointed at
 *
 * Input: parts separated by "\n%%\n". The first holds the command line,
 * one argument a line: the name sv is called by (not "sv": an LSB init
 * script), options, command, services. Each other part is a file of
 * SVDIR, "SERVICE/PATH\nCONTENT" (a PATH ending in '|' is made a FIFO):
 * supervise/status, ok, control, down, log/..., the dependency files
 * (not check: its scripts are not run).
 * sv_main's steps run as they stand in applets/sv.c (included), with
 * exit() caught, in a scratch directory that is also SVDIR; the time to
 * wait is cut to 0 so that a pass ends at once. Names that could lead
 * out of the scratch directory (starting with '/', or with a ".."
 * component) are dropped: sv would write to real services. Properties:
 * sv exits 0-99 (100 on a usage error; 2, 3 or 4 as an LSB script), and
 * leaves no descriptor open. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../applets/sv.c"

#define ARGS_MAX 32

static int is_outside(const char *name)
{
    const char *p;

    if (name[0] == '/')
        return 1;
    for (p = name; (p = strstr(p, "..")) != NULL; p += 2) {
        if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 1;
    }
    return 0;
}

static void make_file(const char *svdir, const uint8_t *part, size_t len)
{
    const uint8_t *newline = memchr(part, '\n', len);
    char *path = fuzz_string(part, newline ? (size_t)(newline - part) : len);
    char full[2 * PATH_MAX], *base;
    size_t path_len = strlen(path);

    /* No check scripts: sv would fork for each, and a child forked beside
     * libFuzzer's threads can hang, which sv without a pidfd waits out. */
    base = strrchr(path, '/');
    if (strcmp(base ? base + 1 : path, "check") == 0)
        path_len = 0;
    if (path_len > 0 && !is_outside(path)) {
        const uint8_t *content = newline ? newline + 1 : part + len;

        if (path[path_len - 1] == '|') {
            path[path_len - 1] = '\0';
            if (fuzz_write_file(svdir, path, "", 0) == 0) {
                snprintf(full, sizeof(full), "%s/%s", svdir, path);
                unlink(full);
                mkfifo(full, 0600);
            }
        } else {
            fuzz_write_file(svdir, path, content, (size_t)(part + len - content));
        }
    }
    free(path);
}

/* sv_main with the time to wait cut to 0, for the argument vector ARGV. */
static struct sv sv;

static void run_sv(int argc, char **argv, int out_fd)
{
    const char *slash = strrchr(argv[0], '/');
    char **services;
    int64_t deadline = clock_now_ms();
    int top;

    memset(&sv, 0, sizeof(sv));
    sv.out = (struct writer)WRITER_INIT(out_fd, sv.out_buf, sizeof(sv.out_buf));
    sv.svdir = DEFAULT_SVDIR;
    sv.svdir_fd = -2;
    sv.wait_seconds = DEFAULT_WAIT_SECONDS;
    sv.lsb_name = slash ? slash + 1 : argv[0];
    sv.is_lsb = strcmp(sv.lsb_name, "sv") != 0;
    services = parse_arguments(&sv, argc, argv);
    FUZZ_ASSERT(services[0] != NULL);
    while (services[sv.count])
        sv.count++;
    sv.wait_seconds = 0;
    sv.check_deadline = deadline + POLL_MS;
    update_now(&sv);
    sv.start_label = sv.now_label;
    top = plan_stop(&sv, services);
    sv.is_ordered = top > 0;
    act_on_services(&sv, services, -1);
    if (sv.is_ordered)
        send_in_order(&sv, services, top, deadline);
    if (sv.waits)
        wait_for_services(&sv, services, deadline);
    leave(&sv, sv.failures > MAX_EXIT_FAILURES ? MAX_EXIT_FAILURES : (int)sv.failures);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int out_fd = -1;
    static char svdir[PATH_MAX];
    struct fuzz_input in = { data, size }, lines;
    char *argv[ARGS_MAX + 1], *args[ARGS_MAX], cwd[PATH_MAX];
    const uint8_t *part, *line;
    size_t len, line_len;
    volatile int argc = 0;
    int i, status;

    if (out_fd < 0)
        out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fuzz_part(&in, "\n%%\n", &part, &len) < 0)
        return 0;
    lines = (struct fuzz_input){ part, len };
    while (argc < ARGS_MAX && fuzz_field(&lines, '\n', &line, &line_len) == 0) {
        char *arg = fuzz_string(line, line_len);

        if (argc > 0 && is_outside(arg))
            free(arg);
        else
            argv[argc++] = arg;
    }
    memcpy(args, argv, sizeof(args));   /* sv marks failed services in argv */
    argv[argc] = NULL;
    if (argc == 0)
        return 0;
    snprintf(svdir, sizeof(svdir), "%s", fuzz_scratch());
    while (fuzz_part(&in, "\n%%\n", &part, &len) == 0)
        make_file(svdir, part, len);
    FUZZ_ASSERT(getcwd(cwd, sizeof(cwd)) && chdir(svdir) == 0);
    setenv("SVDIR", svdir, 1);
    unsetenv("SVWAIT");

    fuzz_fds_mark();
    fuzz_exit_armed = 1;
    if (setjmp(fuzz_exit_point) == 0)
        run_sv(argc, argv, out_fd);
    status = fuzz_exit_status;
    FUZZ_ASSERT(status <= MAX_EXIT_FAILURES || status == EXIT_USAGE);
    FUZZ_ASSERT(!sv.is_lsb || status <= 4 || status == EXIT_USAGE);
    mem_free(sv.watches);
    FUZZ_ASSERT(fuzz_fds_close_new() == 0);            /* sv leaves none open */
    FUZZ_ASSERT(chdir(cwd) == 0);
    for (i = 0; i < argc; i++)
        free(args[i]);
    return 0;
}
