/* err.h - diagnostics in runit's shapes, one line per write(2) */
#ifndef INITBOX_ERR_H
#define INITBOX_ERR_H

/* Exit codes shared by all applets: runit's usage and system errors. */
#define EXIT_USAGE 100
#define EXIT_SYSTEM 111

/* Register the running applet: NAME starts every message ("chpst: fatal:
 * ...") and the first line of HELP is what die_usage() prints. Both must
 * outlive the process (string literals or argv). */
void err_init(const char *name, const char *help);

/* The HELP text registered by err_init() ("" before): for applets that
 * print their full usage on an option of their own (nanoinit's -h). */
const char *err_help_text(void);

/* Replace the message prefix, e.g. "runsv ./web" or "- runit". */
void err_set_prefix(const char *prefix);

/* Follow the prefix with a space and ARG ("runsv" "./web"), so that
 * long-running applets need not keep a copy of both on their stack. ARG
 * must outlive the process (argv). */
void err_set_prefix_arg(const char *arg);

/* runit's short text for an errno value ("file does not exist" for
 * ENOENT), never NULL; "unknown error" for values it has no text for. */
const char *error_text(int errnum);

/* The C library's own text for ERRNUM, as strerror(3) gives it ("No
 * such file or directory"), for messages in the system's words rather
 * than runit's (nanoinit's "unable to execute"). A static musl build
 * knows only the errors exec gives (300 bytes, where musl's strerror
 * table costs 2 kB) and gives error_text()'s for the others. */
const char *libc_error_text(int errnum);

/* "PREFIX: warning: MESSAGE"; the _errno forms append ": " and the text
 * of the errno value current at the call. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PREFIX: fatal: MESSAGE" (with the errno text for die_errno), then
 * exit(STATUS). */
void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void die_errno(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* "PREFIX: MESSAGE" with no level word: runit's info lines such as
 * "- runit: enter stage: /etc/runit/2". */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the usage line (first line of the registered help) and exit with
 * EXIT_USAGE, or with STATUS where runit uses another code (runsv: 1). */
void die_usage(void) __attribute__((noreturn));
void die_usage_status(int status) __attribute__((noreturn));

/* Write TEXT, up to its first newline, plus a newline, to standard
 * error: the usage line for personalities that have their own. */
void print_usage_line(const char *text);

#endif
