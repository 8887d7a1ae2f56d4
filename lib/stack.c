/* stack.c - keep the stack of a long-lived, mostly idle process small */
#include "stack.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* What a program started with a lowered limit gets beyond its arguments;
 * runsv's start-up needs far less. */
#define SMALL_STACK_ROOM (32 * 1024)
/* The low bits of a lowered limit: not a page multiple, so no limit set
 * by hand is likely to carry it. */
#define SMALL_STACK_MARK 0x5a5

/* How far an idle loop's callees reach below a function it calls (poll(2)
 * and libc under it: 24 bytes with static musl on x86-64). Too little
 * costs a page touched again at each wake-up, too much a page kept for
 * nothing now and then. */
#define IDLE_DEPTH 64

/* madvise(2) takes a start on a page boundary and rounds the length up
 * to whole pages, so every range here is counted in real pages: 4 kB on
 * x86-64 always, 16 or 64 kB on some arm64 kernels, where a range counted
 * in 4 kB steps could take in the caller's own frame. */
static uintptr_t page_bytes(void)
{
#ifdef __x86_64__
    return 4096;
#else
    return (uintptr_t)getpagesize();
#endif
}

static uintptr_t page_start(uintptr_t address)
{
    return address & ~(page_bytes() - 1);
}

/* Bytes the kernel copies onto a new program's stack for ARGV and the
 * environment (strings and pointers). */
static size_t argument_bytes(char **argv)
{
    size_t size = 0;
    char **p;

    for (p = argv; *p; p++)
        size += strlen(*p) + 1 + sizeof(*p);
    for (p = environ; *p; p++)
        size += strlen(*p) + 1 + sizeof(*p);
    return size;
}

void stack_limit_lower_for_exec(char **argv)
{
    struct rlimit limit;
    rlim_t wanted = page_start(argument_bytes(argv) + SMALL_STACK_ROOM
                               + page_bytes() - 1);

#ifdef __SANITIZE_ADDRESS__
    return;     /* the sanitizer's start-up alone needs more stack */
#endif
    if (getrlimit(RLIMIT_STACK, &limit) < 0 || limit.rlim_cur <= wanted)
        return;
    limit.rlim_cur = wanted | SMALL_STACK_MARK;
    prlimit(0, RLIMIT_STACK, &limit, NULL);
}

__attribute__((noinline)) void stack_limit_restore(void)
{
    struct rlimit limit, parent;

    if (getrlimit(RLIMIT_STACK, &limit) < 0 || limit.rlim_cur == RLIM_INFINITY
        || (limit.rlim_cur & (page_bytes() - 1)) != SMALL_STACK_MARK)
        return;
    if (prlimit(getppid(), RLIMIT_STACK, NULL, &parent) == 0
        && parent.rlim_cur <= limit.rlim_max)
        limit.rlim_cur = parent.rlim_cur;
    else
        limit.rlim_cur = limit.rlim_max < 8 << 20 ? limit.rlim_max : 8 << 20;
    prlimit(0, RLIMIT_STACK, &limit, NULL);
}

/* At the top of a new program's stack the kernel leaves, from the top
 * down: the argument and environment strings, the lowest being argv[0]
 * as the program got it (libc keeps it as program_invocation_name; the
 * ARGV a caller passes may have been shifted); a random gap of 0-8 kB;
 * the bytes AT_RANDOM and AT_PLATFORM point to; then the auxiliary
 * vector, the envp array and the argv array, the lowest; main's frames
 * follow below. Once libc has started, only the environ array and the
 * strings are read again. */

/* The auxiliary vector, which follows the argv and envp arrays. */
static uintptr_t *auxiliary_vector(char **argv)
{
    char **p = argv;

    while (*p)
        p++;
    for (p++; *p; p++)
        ;
    return (uintptr_t *)(p + 1);
}

/* Without a move: the pages wholly between the envp array and the
 * strings go back. They hold the auxiliary vector, the bytes it points
 * to and the gap, which nothing reads any more: for some processes a page
 * that the vector alone held. */
static void release_auxiliary_vector(char **argv)
{
    uintptr_t low = page_start((uintptr_t)auxiliary_vector(argv) + page_bytes() - 1);
    uintptr_t high = page_start((uintptr_t)program_invocation_name);

    if (high > low)
        madvise((void *)low, high - low, MADV_DONTNEED);
}

/* An idle process needs the strings' page, and the page or two below the
 * gap that hold the tables and its frames, by where the random gap ends.
 * Moved, it needs the strings' page alone. Deeper moments of the loop (a
 * start, a control script) reach into the pages below as before, over the
 * kernel's tables, which nothing reads any more, and stack_release_below()
 * gives them back. */
#if STACK_CAN_MOVE
/* The end of what the kernel put below the gap: the arrays, the
 * auxiliary vector and the bytes AT_RANDOM and AT_PLATFORM point to. */
static uintptr_t kernel_tables_end(char **argv)
{
    uintptr_t *aux, bytes_end = 0, value;

    for (aux = auxiliary_vector(argv); aux[0] != AT_NULL; aux += 2) {
        if (aux[0] == AT_RANDOM)
            value = aux[1] + 16;
        else if (aux[0] == AT_PLATFORM || aux[0] == AT_BASE_PLATFORM)
            value = aux[1] + strlen((const char *)aux[1]) + 1;
        else
            continue;
        if (value > bytes_end && value <= (uintptr_t)program_invocation_name)
            bytes_end = value;
    }
    value = (uintptr_t)(aux + 2);
    return bytes_end > value ? bytes_end : value;
}

/* Reached from move_stack() on the new stack, with LOOP and CONTEXT in
 * the registers of the first two arguments. */
static __attribute__((noreturn, noinline)) void
run_on_moved_stack(int (*loop)(void *context), void *context)
{
    uintptr_t page = page_start((uintptr_t)__builtin_frame_address(0));

    /* The old frames, the arrays and the gap lie well within the 32 kB
     * below (the size of a lowered limit's mapping; a range reaching past
     * the mapping is given back where it is mapped). */
    madvise((void *)(page - SMALL_STACK_ROOM), SMALL_STACK_ROOM, MADV_DONTNEED);
    exit(loop(context));
}

/* The new top of the stack, with the environ array and then *CONTEXT
 * (SIZE bytes; *CONTEXT is set to the copy) placed above it in the free
 * part of the strings' lowest page; NULL when that does not leave
 * STACK_IDLE_ROOM below them (when the gap is small, the kernel's tables
 * reach into that page). */
static char *moved_stack_top(char **argv, void **context, size_t size)
{
    uintptr_t strings = (uintptr_t)program_invocation_name;
    uintptr_t low = page_start(strings), tables = kernel_tables_end(argv);
    uintptr_t environ_at, context_at;
    size_t count = 0;

    if (tables > low)
        low = tables;
    while (environ[count])
        count++;
    environ_at = (strings - (count + 1) * sizeof(char *)) & ~(uintptr_t)15;
    context_at = (environ_at - size) & ~(uintptr_t)15;
    if (context_at < low + STACK_IDLE_ROOM || environ_at > strings
        || context_at > environ_at)
        return NULL;
    memcpy((void *)environ_at, environ, (count + 1) * sizeof(char *));
    environ = (char **)environ_at;
    *context = memcpy((void *)context_at, *context, size);
    return (char *)context_at;
}

/* Returns only when the stack cannot move. */
static void move_stack(char **argv, int (*loop)(void *context), void *context,
                       size_t size)
{
    char *top = moved_stack_top(argv, &context, size);

    if (!top)
        return;
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "call *%1\n\t"
                     "ud2"
                     : : "r"(top), "r"(run_on_moved_stack), "D"(loop), "S"(context)
                     : "memory");
    __builtin_unreachable();
}
#else
static void move_stack(char **argv, int (*loop)(void *context), void *context,
                       size_t size)
{
    (void)argv;
    (void)loop;
    (void)context;
    (void)size;
}
#endif

void stack_run_idle_loop(char **argv, int (*loop)(void *context),
                         void *context, size_t context_size)
{
    move_stack(argv, loop, context, context_size);
    release_auxiliary_vector(argv);
    exit(loop(context));
}

/* Called from the loop, so nothing lives below: the loop's frame is above
 * this function's, whatever the compiler makes of the loop. */
__attribute__((noinline)) void stack_release_below(void)
{
    uintptr_t floor = page_start((uintptr_t)__builtin_frame_address(0) - IDLE_DEPTH);

    madvise((void *)(floor - 2 * page_bytes()), 2 * page_bytes(), MADV_DONTNEED);
}
