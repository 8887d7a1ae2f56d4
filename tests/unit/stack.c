/* tests/unit/stack.c - the stack limit mark, the moved stack, pages given back */
#include "check.h"
#include "stack.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

#ifdef __SANITIZE_ADDRESS__
#define IS_SANITIZED 1      /* the limit is never lowered */
#else
#define IS_SANITIZED 0
#endif

/* Children run this program again: "mapping" reports its stack mapping
 * and limits, "loop" runs a loop through stack_run_idle_loop(). The loop
 * exits with MOVED or STAYED when every check passed. */
enum { MOVED = 42, STAYED = 43 };

/* Outside the stack: a child's stack is what is measured. */
static char text[65536];
static unsigned char residency[64];

static uintptr_t page_of(const void *address)
{
    return (uintptr_t)address & ~(uintptr_t)(PAGE - 1);
}

/* The [stack] mapping's bounds, from /proc/self/maps. */
static int stack_mapping(uintptr_t *low, uintptr_t *high)
{
    ssize_t len, done = 0;
    char *line, *end;
    int fd = open("/proc/self/maps", O_RDONLY);

    if (fd < 0)
        return -1;
    while (done < (ssize_t)sizeof(text) - 1
           && (len = read(fd, text + done, sizeof(text) - 1 - done)) > 0)
        done += len;
    close(fd);
    text[done] = '\0';
    end = strstr(text, " [stack]\n");
    if (!end)
        return -1;
    for (line = end; line > text && line[-1] != '\n'; line--)
        ;
    *low = strtoul(line, &end, 16);
    *high = strtoul(end + 1, NULL, 16);
    return 0;
}

/* How many of the pages from LOW (up to HIGH) are resident. */
static int resident_pages(uintptr_t low, uintptr_t high)
{
    int count = 0, i, pages = (int)((high - low) / PAGE);

    if (pages > (int)sizeof(residency) || mincore((void *)low, high - low, residency) < 0)
        return -1;
    for (i = 0; i < pages; i++)
        count += residency[i] & 1;
    return count;
}

/* ---- children ---- */

static int report_mapping(void)
{
    struct rlimit before, after;
    uintptr_t low, high;

    if (stack_mapping(&low, &high) < 0 || getrlimit(RLIMIT_STACK, &before) < 0)
        return 1;
    stack_limit_restore();
    if (getrlimit(RLIMIT_STACK, &after) < 0)
        return 1;
    printf("%lu %llu %llu\n", (unsigned long)(high - low),
           (unsigned long long)before.rlim_cur, (unsigned long long)after.rlim_cur);
    return 0;
}

struct loop_context {
    unsigned char pattern[200];
    const struct loop_context *original;
    uintptr_t stack_low;
    uintptr_t vector_low;       /* the first page above the envp array */
};

/* A deep moment, as a start or a warning would be: touches PAGE. */
static __attribute__((noinline)) void touch_page(uintptr_t page)
{
    volatile unsigned char buffer[12 * 1024];
    size_t i;

    for (i = 0; i < sizeof(buffer); i += 64) {
        if (page_of((void *)&buffer[i]) == page)
            buffer[i] = 1;
    }
}

static int has_shell_the_environment(void)
{
    char *argv[] = { "sh", "-c", "test \"$STACK_TEST\" = kept", NULL };
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        execve("/bin/sh", argv, environ);
        _exit(127);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid && status == 0;
}

/* One round of an idle loop. What is resident below is read first: the
 * checks must not be what touches the pages they look at. */
static int idle_loop(void *argument)
{
    const struct loop_context *context = argument;
    uintptr_t frame_page = page_of(__builtin_frame_address(0));
    uintptr_t strings_page = page_of(program_invocation_name);
    uintptr_t released = strings_page - 8 * PAGE;      /* the 32 kB below */
    /* The second page below the loop's: stack_release_below() gives it
     * back wherever in its page the loop's frame is. */
    uintptr_t deep_page = frame_page - 2 * PAGE;
    int is_moved = context != context->original;
    int resident = resident_pages(released < context->stack_low
                                  ? context->stack_low : released, strings_page);
    int vector_resident = context->vector_low < strings_page
        ? resident_pages(context->vector_low, strings_page) : 0;
    int i, is_intact = 1;

    for (i = 0; i < (int)sizeof(context->pattern); i++)
        is_intact &= context->pattern[i] == (unsigned char)(i * 7);
    CHECK(is_intact);
    if (is_moved) {
        CHECK(frame_page == strings_page);
        CHECK(page_of(context) == strings_page);
        CHECK(page_of(environ) == strings_page);
        CHECK(resident == 0);
    }
    CHECK(vector_resident == 0);
    CHECK(getenv("STACK_TEST") && strcmp(getenv("STACK_TEST"), "kept") == 0);
    CHECK(has_shell_the_environment());

    touch_page(deep_page);
    CHECK(resident_pages(deep_page, deep_page + PAGE) == 1);
    stack_release_below();
    CHECK(resident_pages(deep_page, deep_page + PAGE) == 0);
    if (check_failures)
        return 1;
    return is_moved ? MOVED : STAYED;
}

static int run_loop(char **argv)
{
    struct loop_context context;
    uintptr_t high, page;
    char **end = environ;
    int i;

    for (i = 0; i < (int)sizeof(context.pattern); i++)
        context.pattern[i] = (unsigned char)(i * 7);
    context.original = &context;
    if (stack_mapping(&context.stack_low, &high) < 0)
        return 1;
    /* The pages wholly between the envp array and the strings hold the
     * auxiliary vector and the random gap; read, even the gap's are
     * resident (the zero page), and are to be given back. */
    while (*end)
        end++;
    context.vector_low = page_of((char *)(end + 1) + PAGE - 1);
    for (page = context.vector_low; page < page_of(program_invocation_name); page += PAGE)
        (void)*(volatile char *)page;
    /* Bound now, not on the moved stack (lazy binding goes deep). */
    resident_pages(page_of(&context), page_of(&context) + PAGE);
    if (!getenv("STACK_TEST") || strcmp(getenv("STACK_TEST"), "kept") != 0)
        return 1;
    stack_run_idle_loop(argv, idle_loop, &context, sizeof(context));
}

/* ---- the parent ---- */

/* Run this program with ARGV and ENVP, lowering the limit first when
 * LOWER; its output into OUT. Returns the wait status. */
static int run_child(char **argv, char **envp, int lower, char *out, size_t size)
{
    int fds[2], status;
    ssize_t len, done = 0;
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        if (lower)
            stack_limit_lower_for_exec(argv);
        execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    close(fds[1]);
    while (done < (ssize_t)size - 1 && (len = read(fds[0], out + done, size - 1 - done)) > 0)
        done += len;
    out[done] = '\0';
    close(fds[0]);
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return status;
}

/* A lowered limit gives a small mapping and is taken back; an ordinary
 * limit is left alone and the kernel maps 128 kB or more. */
static void test_limit_mark_round_trip(void)
{
    char *argv[] = { "stack", "mapping", NULL };
    unsigned long long before, after;
    unsigned long mapping;
    struct rlimit limit;
    char out[128];

    getrlimit(RLIMIT_STACK, &limit);
    if (limit.rlim_cur < 8 << 20 && limit.rlim_max >= 8 << 20) {
        limit.rlim_cur = 8 << 20;
        setrlimit(RLIMIT_STACK, &limit);
    }
    CHECK(run_child(argv, environ, 1, out, sizeof(out)) == 0);
    CHECK(sscanf(out, "%lu %llu %llu", &mapping, &before, &after) == 3);
    CHECK(after == (unsigned long long)limit.rlim_cur);
    if (IS_SANITIZED) {
        CHECK(before == after);
    } else {
        CHECK(before != after && (before & (PAGE - 1)) != 0);
        CHECK(mapping <= 64 * 1024);
    }
    CHECK(run_child(argv, environ, 0, out, sizeof(out)) == 0);
    CHECK(sscanf(out, "%lu %llu %llu", &mapping, &before, &after) == 3);
    CHECK(before == after && after == (unsigned long long)limit.rlim_cur);
    CHECK(mapping >= 128 * 1024);
}

/* With a small environment the loop runs in the strings' page; when the
 * kernel's random gap is small its tables take that room, so a few runs
 * are allowed to stay where they are, not all of them. */
static void test_loop_moves_with_a_small_environment(void)
{
    char *argv[] = { "stack", "loop", NULL };
    char *envp[] = { "STACK_TEST=kept", NULL };
    int run, moved = 0, status;
    char out[16];

    for (run = 0; run < 8; run++) {
        status = run_child(argv, envp, 0, out, sizeof(out));
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == MOVED || WEXITSTATUS(status) == STAYED);
        moved += WEXITSTATUS(status) == MOVED;
    }
    if (STACK_CAN_MOVE)
        CHECK(moved > 0);
    else
        CHECK(moved == 0);
}

/* An environment that fills the strings' page leaves no room: the loop
 * runs where it is, with the context and environment it had, and only
 * the pages above the envp array go back (in the runs where the random
 * gap leaves a whole one there). */
static void test_loop_stays_with_a_large_environment(void)
{
    char *argv[] = { "stack", "loop", NULL };
    char *envp[] = { "STACK_TEST=kept", text, NULL };
    char out[16];
    int run, status;

    memset(text, 'x', 3500);
    memcpy(text, "BIG=", 4);
    text[3500] = '\0';
    for (run = 0; run < 16; run++) {
        status = run_child(argv, envp, 0, out, sizeof(out));
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == STAYED);
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "mapping") == 0)
        return report_mapping();
    if (argc == 2 && strcmp(argv[1], "loop") == 0)
        return run_loop(argv);
    if (getpagesize() != PAGE) {
        printf("stack: skipped: the checks count in pages of %d bytes\n", PAGE);
        return check_done("stack");
    }
    if (!STACK_CAN_MOVE)
        printf("stack: skipped: no stack move in this build (x86-64 only, not under "
               "AddressSanitizer); the loop is checked where it runs\n");
    test_limit_mark_round_trip();
    test_loop_moves_with_a_small_environment();
    test_loop_stays_with_a_large_environment();
    return check_done("stack");
}
