/* stack.h - keep the stack of a long-lived, mostly idle process small */
#ifndef INITBOX_STACK_H
#define INITBOX_STACK_H

#include <stddef.h>

/* A process keeps every stack page it ever touched, and a supervisor that
 * sleeps in poll(2) owns little else: runsv's own memory is its data page
 * and its stack pages, and there is one runsv per service, so each page
 * saved here is a page per service (docs/performance.md, USS per runsv).
 * Each saving is one call:
 *
 *   stack_limit_lower_for_exec()  in the parent's child, before exec, with
 *   stack_limit_restore()         first thing in the program: a stack
 *                                 mapping of some 36 kB, not 132 kB;
 *   stack_run_idle_loop()         once set up: the idle loop runs in the
 *                                 page of the argument strings, and every
 *                                 stack page below goes back (one stack
 *                                 page where there were two or three);
 *   stack_release_below()         each round of that loop: what a deep
 *                                 moment (a start, a warning) touched
 *                                 below the loop goes back.
 *
 * Where a frame sits decides what it costs: a function's frame lasts as
 * long as the function, so buffers of a start-up step inlined into a
 * function that goes on to run the loop are kept for good. That is why
 * stack_limit_restore() and stack_release_below() are never inlined (the
 * second measures from its own frame), and why a caller keeps its
 * start-up out of the frame that calls stack_run_idle_loop() (runsv's
 * setup() is not inlined either). */

/* Where stack_run_idle_loop() can move the stack: on x86-64, and not under
 * AddressSanitizer, which keeps its own account of the stack. */
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define STACK_CAN_MOVE 1
#else
#define STACK_CAN_MOVE 0
#endif

/* The bytes an idle loop may reach below the stack top it is given on the
 * moved stack (runsv's reaches some 160); the strings' page must have this
 * much room below the copies, or the stack stays where it is. */
#define STACK_IDLE_ROOM 432

/* In a child between fork and exec, for a program known to call
 * stack_limit_restore() before anything else: the kernel maps
 * min(RLIMIT_STACK, 128 kB + arguments) of stack for a new program, so
 * lower the soft limit to what ARGV and the environment need plus 32 kB,
 * with a mark in its low bits (the kernel ignores them). Not under
 * AddressSanitizer, whose start-up alone needs more. */
void stack_limit_lower_for_exec(char **argv);

/* First thing in such a program: when the soft limit carries the mark,
 * take the parent's back (8 MB within the hard limit if that cannot be
 * read), so that the program's own children get the real limit. Any
 * other limit is left alone. */
void stack_limit_restore(void);

/* Run LOOP(CONTEXT), then exit with what it returned: this never returns
 * (once the stack has moved there are no frames to return to). Call it
 * from main's frame (or one as shallow) once set up. ARGV is main's argv
 * or a tail of it: its end leads to the kernel's tables above it.
 *
 * Where the stack can move and the lowest page of the argument and
 * environment strings has the room, the environ array and CONTEXT_SIZE
 * bytes of CONTEXT are copied into the free part of that page, LOOP runs
 * on a stack just below them with the copy of CONTEXT, and every stack
 * page below that page goes back: the earlier frames, the argv array and
 * the auxiliary vector are gone (the strings stay). Otherwise LOOP gets
 * CONTEXT itself, and only the pages that the auxiliary vector alone held
 * go back. Either way nothing may read the auxiliary vector any more
 * (getauxval(3)): libc has read what it needs at start-up. */
__attribute__((noreturn))
void stack_run_idle_loop(char **argv, int (*loop)(void *context),
                         void *context, size_t context_size);

/* Give back the two stack pages below the one an idle loop reaches down
 * to (poll(2) and libc under it reach less than 64 bytes below a function
 * the loop calls): what a deep moment touched there. Call it from the
 * loop, before it sleeps; nothing below the caller's frame is in use. */
void stack_release_below(void);

#endif
