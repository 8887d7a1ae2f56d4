/* signal_names.h - signal names and numbers, and what a wait status says */
#ifndef INITBOX_SIGNAL_NAMES_H
#define INITBOX_SIGNAL_NAMES_H

#include <stddef.h>

/* Linux's signal numbers, the real-time ones included, are below this. */
#define SIGNAL_LIMIT 65

/* The number of the signal TEXT names: a name with or without "SIG", in
 * any case ("TERM", "sigterm", "IOT"), "RTMIN", "RTMIN+N", "RTMAX" or
 * "RTMAX-N" (counted from the C library's SIGRTMIN and SIGRTMAX, N up to
 * their distance), or a decimal number below SIGNAL_LIMIT, 0 included.
 * -1 for anything else. */
int signal_parse(const char *text);

/* SIG's name without "SIG" ("TERM"); NULL for a signal without one here
 * (the real-time signals). */
const char *signal_name(int sig);

/* What the wait status STATUS says, into BUF of SIZE bytes: "exited
 * with status N" or "killed by signal SIGX" ("killed by signal N" for a
 * signal without a name). Returns BUF. */
const char *wait_status_text(int status, char *buf, size_t size);

#endif
