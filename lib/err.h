/* err.h - diagnostics in runit's shapes, one line per write(2) */
#ifndef INITBOX_ERR_H
#define INITBOX_ERR_H

/* Exit codes shared by all applets: runit's usage and system errors. */
#define EXIT_USAGE 100
#define EXIT_SYSTEM 111

/* Register the running applet: NAME starts every message ("chpst: fatal:
 * ...") and the first line of HELP is what die_usage() prints; ARGV0 is
 * the name it was called by. All must outlive the process (string
 * literals or argv). */
void err_init(const char *name, const char *help, const char *argv0);

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

/* Print the usage line (the first line of the registered help) and an
 * empty line, as runit's programs do, and exit with EXIT_USAGE. */
void die_usage(void) __attribute__((noreturn));

/* The same with the program named as it was called (argv[0]: "usage:
 * /usr/bin/runsv dir"), as runit's runsv, runsvdir and utmpset print it,
 * and exit with STATUS. */
void die_usage_as_invoked(int status) __attribute__((noreturn));

/* Write TEXT, up to its first newline, and an empty line to standard
 * error: the usage of personalities that have their own. */
void print_usage(const char *text);

/* Write TEXT up to its first newline as one line, without runit's empty
 * line after it: for applets that are not runit's (nanoinit). */
void print_usage_line(const char *text);

/* What runit's programs print before the usage when options_next()
 * returned OPTION for LETTER: for -V ('V') the version line, where they
 * print their "$Id: ... $" ("$Id: initbox VERSION $"); for an unknown
 * option ('?') getopt's "PROGRAM: illegal option -- X", for a missing
 * value (':') "PROGRAM: option requires an argument -- X", PROGRAM being
 * the base name the program was called by; nothing for others. */
void print_option_message(int option, int letter);

/* The version line alone ("$Id: initbox VERSION $"). */
void print_version_line(void);

/* The version of initbox, from the file VERSION at build time. */
extern const char initbox_version[];

#endif
