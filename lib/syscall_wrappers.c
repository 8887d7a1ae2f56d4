/* syscall_wrappers.c - plain system-call versions of libc functions, for
 * the static musl build on x86-64
 *
 * musl's versions of these carry fallbacks for kernels older than Linux
 * 3.5 (close-on-exec set by fcntl after open, O_PATH descriptors reached
 * through /proc, statx conversions, thread locks around mmap) that a
 * program with one thread on a current kernel never takes: together
 * about 2.5 kB of a binary with a budget of 84 KiB. Defined here, they
 * are linked in place of libc's (docs/performance.md). Each is the
 * system call and nothing else, with libc's contract: -1 and errno on
 * failure. glibc builds and other architectures keep libc's. */
#include <errno.h>     /* first: it tells which libc this is */

#if !defined(__GLIBC__) && defined(__x86_64__)

#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's answer as libc gives it: -1 and errno for -4095..-1. */
static long result(long value)
{
    if (value < 0 && value > -4096) {
        errno = (int)-value;
        return -1;
    }
    return value;
}

static long call6(long number, long a, long b, long c, long d, long e, long f)
{
    long value;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;

    __asm__ volatile("syscall"
                     : "=a"(value)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result(value);
}

#define CALL(number, a, b, c, d) \
    call6(number, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* Kept whatever link-time optimisation thinks: libc's own objects (its
 * malloc in the unit tests, its stat) call them too. */
#define WRAPPER __attribute__((used))

WRAPPER int fstatat(int fd, const char *path, struct stat *st, int flags)
{
    return (int)CALL(SYS_newfstatat, fd, path, st, flags);
}

WRAPPER int fstat(int fd, struct stat *st)
{
    return (int)CALL(SYS_fstat, fd, st, 0, 0);
}

WRAPPER int fchmodat(int fd, const char *path, mode_t mode, int flags)
{
    if (flags) {        /* AT_SYMLINK_NOFOLLOW needs libc's emulation */
        errno = EOPNOTSUPP;
        return -1;
    }
    return (int)CALL(SYS_fchmodat, fd, path, mode, 0);
}

WRAPPER int fchmod(int fd, mode_t mode)
{
    return (int)CALL(SYS_fchmod, fd, mode, 0, 0);
}

WRAPPER int fchown(int fd, uid_t uid, gid_t gid)
{
    return (int)CALL(SYS_fchown, fd, uid, gid, 0);
}

WRAPPER int fchdir(int fd)
{
    return (int)CALL(SYS_fchdir, fd, 0, 0, 0);
}

WRAPPER int fcntl(int fd, int command, ...)
{
    va_list ap;
    long argument;

    va_start(ap, command);
    argument = va_arg(ap, long);
    va_end(ap);
    return (int)CALL(SYS_fcntl, fd, command, argument, 0);
}

/* The mode argument is there only with O_CREAT or O_TMPFILE. */
static mode_t open_mode(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

WRAPPER int open(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return (int)CALL(SYS_open, path, flags | O_LARGEFILE, mode, 0);
}

WRAPPER int openat(int fd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = open_mode(flags, ap);
    va_end(ap);
    return (int)CALL(SYS_openat, fd, path, flags | O_LARGEFILE, mode);
}

WRAPPER int pipe2(int fds[2], int flags)
{
    return (int)CALL(SYS_pipe2, fds, flags, 0, 0);
}

WRAPPER ssize_t sendmsg(int fd, const struct msghdr *message, int flags)
{
    return CALL(SYS_sendmsg, fd, message, flags, 0);
}

WRAPPER void *mmap(void *start, size_t len, int protection, int flags, int fd, off_t offset)
{
    long value = call6(SYS_mmap, (long)start, (long)len, protection, flags, fd, offset);

    return value == -1 ? MAP_FAILED : (void *)value;
}

WRAPPER int munmap(void *start, size_t len)
{
    return (int)CALL(SYS_munmap, start, len, 0, 0);
}

WRAPPER void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
    long value = CALL(SYS_mremap, old, old_len, new_len, flags);

    return value == -1 ? MAP_FAILED : (void *)value;
}

WRAPPER int getrlimit(int resource, struct rlimit *limit)
{
    return (int)CALL(SYS_prlimit64, 0, resource, 0, limit);
}

WRAPPER char *strchrnul(const char *s, int c)
{
    while (*s && *s != (char)c)
        s++;
    return (char *)s;
}

#endif
