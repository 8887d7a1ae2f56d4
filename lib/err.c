/* err.c - diagnostics in runit's shapes, one line per write(2) */
#include "err.h"
#include "fmt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *err_name = "initbox";
static const char *err_prefix = "initbox";
static const char *err_help = "";
static const char *err_prefix_arg;
static const char *err_argv0 = "initbox";

#ifndef INITBOX_VERSION
#define INITBOX_VERSION "unknown"
#endif
const char initbox_version[] = INITBOX_VERSION;

void err_init(const char *name, const char *help, const char *argv0)
{
    err_name = err_prefix = name;
    err_help = help ? help : "";
    err_argv0 = argv0 ? argv0 : name;
}

const char *err_help_text(void)
{
    return err_help;
}

void err_set_prefix(const char *prefix)
{
    err_prefix = prefix;
}

void err_set_prefix_arg(const char *arg)
{
    err_prefix_arg = arg;
}

/* runit prints its own short error texts, not strerror(3)'s, and sv's
 * output lines that scripts match carry them.
 * error_texts holds them NUL-separated, in the order of error_numbers:
 * no pointer table, so the whole thing costs about one kilobyte. */
static const unsigned char error_numbers[] = {
    EINTR, ENOMEM, ENOENT, ETXTBSY, EIO, EEXIST, ETIMEDOUT, EINPROGRESS,
    EAGAIN, EPIPE, EPERM, EACCES, ENXIO, EPROTO, EISDIR, ECONNREFUSED,
    ENOTDIR, ESRCH, E2BIG, ENOEXEC, EBADF, ECHILD, EDEADLK, EFAULT, EBUSY,
    EXDEV, ENODEV, EINVAL, ENFILE, EMFILE, ENOTTY, EFBIG, ENOSPC, ESPIPE,
    EROFS, EMLINK, ELOOP, ENAMETOOLONG, ENOTEMPTY, EDQUOT, ESTALE, ENOLCK,
    ENOSYS, EADDRINUSE, ENETUNREACH, ECONNRESET, EHOSTUNREACH, EOPNOTSUPP,
    ERANGE,
};
static const char error_texts[] =
    "interrupted system call\0"
    "out of memory\0"
    "file does not exist\0"
    "text busy\0"
    "input/output error\0"
    "file already exists\0"
    "timed out\0"
    "operation in progress\0"
    "temporary failure\0"
    "broken pipe\0"
    "permission denied\0"
    "access denied\0"
    "device not configured\0"
    "protocol error\0"
    "is a directory\0"
    "connection refused\0"
    "not a directory\0"
    "no such process\0"
    "argument list too long\0"
    "exec format error\0"
    "file descriptor not open\0"
    "no child processes\0"
    "operation would cause deadlock\0"
    "bad address\0"
    "device busy\0"
    "cross-device link\0"
    "device does not support operation\0"
    "invalid argument\0"
    "system cannot open more files\0"
    "process cannot open more files\0"
    "not a tty\0"
    "file too big\0"
    "out of disk space\0"
    "unseekable descriptor\0"
    "read-only file system\0"
    "too many links\0"
    "symbolic link loop\0"
    "file name too long\0"
    "directory not empty\0"
    "disk quota exceeded\0"
    "stale NFS file handle\0"
    "no locks available\0"
    "system call not available\0"
    "address already used\0"
    "network unreachable\0"
    "connection reset\0"
    "host unreachable\0"
    "operation not supported\0"
    "range error\0";

const char *error_text(int errnum)
{
    const char *text = error_texts;
    size_t i;

    if (errnum == 0)
        return "no error";
    for (i = 0; i < sizeof(error_numbers); i++) {
        if (error_numbers[i] == errnum)
            return text;
        text += strlen(text) + 1;
    }
    return "unknown error";
}

const char *libc_error_text(int errnum)
{
#ifdef __GLIBC__
    return strerror(errnum);
#else
    /* musl's own texts for the errors exec gives */
    static const unsigned char numbers[] = {
        ENOENT, EACCES, ENOEXEC, EISDIR, ENOTDIR, ETXTBSY, ELOOP, E2BIG,
        ENOMEM, EPERM, ENAMETOOLONG,
    };
    static const char texts[] =
        "No such file or directory\0Permission denied\0Exec format error\0"
        "Is a directory\0Not a directory\0Text file busy\0"
        "Symbolic link loop\0Argument list too long\0Out of memory\0"
        "Operation not permitted\0Filename too long\0";
    const char *text = texts;
    size_t i;

    for (i = 0; i < sizeof(numbers); i++, text += strlen(text) + 1) {
        if (numbers[i] == errnum)
            return text;
    }
    return error_text(errnum);
#endif
}

/* Build "PREFIX: LEVEL MESSAGE[: ERRTEXT]\n" and write it at once, so
 * lines of processes sharing a log never interleave. */
static void emit(const char *level, int errnum, const char *fmt, va_list ap)
{
    char line[1024];
    size_t len, room = sizeof(line) - 1;        /* keep a byte for '\n' */

    if (err_prefix_arg)
        len = fmt_format(line, room, "%s %s: %s", err_prefix, err_prefix_arg, level);
    else
        len = fmt_format(line, room, "%s: %s", err_prefix, level);
    len += fmt_vformat(line + len, room - len, fmt, ap);
    if (errnum >= 0)
        len += fmt_format(line + len, room - len, ": %s", error_text(errnum));
    line[len++] = '\n';
    if (write(2, line, len) < 0)
        return;
}

#define EMIT(level, errnum) \
    do { va_list ap; va_start(ap, fmt); emit(level, errnum, fmt, ap); va_end(ap); } while (0)

void warn(const char *fmt, ...)
{
    EMIT("warning: ", -1);
}

void warn_errno(const char *fmt, ...)
{
    int saved = errno;

    EMIT("warning: ", saved);
    errno = saved;
}

void say(const char *fmt, ...)
{
    EMIT("", -1);
}

void die(int status, const char *fmt, ...)
{
    EMIT("fatal: ", -1);
    exit(status);
}

void die_errno(int status, const char *fmt, ...)
{
    int saved = errno;

    EMIT("fatal: ", saved);
    exit(status);
}

/* Write the parts, each up to its first newline, as one line to
 * standard error; with EMPTY_LINE, an empty line follows in the same
 * write. */
static void write_line(const char *const *parts, size_t count, int empty_line)
{
    char line[600];
    size_t len = 0, i, n;

    for (i = 0; i < count; i++) {
        n = (size_t)(strchrnul(parts[i], '\n') - parts[i]);
        if (n > sizeof(line) - 2 - len)
            n = sizeof(line) - 2 - len;
        memcpy(line + len, parts[i], n);
        len += n;
    }
    line[len++] = '\n';
    if (empty_line)
        line[len++] = '\n';
    if (write(2, line, len) < 0)
        return;
}

void print_usage(const char *text)
{
    write_line(&text, 1, 1);
}

void print_usage_line(const char *text)
{
    write_line(&text, 1, 0);
}

void die_usage(void)
{
    print_usage(err_help);
    exit(EXIT_USAGE);
}

void die_usage_as_invoked(int status)
{
    const char *name = strchr(err_help, ' ');
    const char *rest = name ? strchr(name + 1, ' ') : NULL;
    const char *parts[] = { "usage: ", err_argv0, rest ? rest : "" };

    write_line(parts, 3, 1);
    exit(status);
}

void print_option_message(int option, int letter)
{
    const char *slash = strrchr(err_argv0, '/');
    char tail[] = " -- ?";
    const char *parts[] = {
        slash ? slash + 1 : err_argv0,
        option == ':' ? ": option requires an argument" : ": illegal option", tail,
    };

    if (option == 'V')
        print_version_line();
    if (option != '?' && option != ':')
        return;
    tail[4] = (char)letter;
    write_line(parts, 3, 0);
}

void print_version_line(void)
{
    const char *parts[] = { "$Id: initbox ", initbox_version, " $" };

    write_line(parts, 3, 0);
}
