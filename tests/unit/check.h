/* check.h - the few assertions the unit tests need */
#ifndef INITBOX_CHECK_H
#define INITBOX_CHECK_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_failures;

#define CHECK(condition) \
    do { \
        if (!(condition)) { \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            check_failures++; \
        } \
    } while (0)

#define CHECK_STR(expected, actual) \
    do { \
        const char *expected_ = (expected), *actual_ = (actual); \
        if (strcmp(expected_, actual_) != 0) { \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", \
                    __FILE__, __LINE__, expected_, actual_); \
            check_failures++; \
        } \
    } while (0)

#define CHECK_MEM(expected, actual, len) CHECK(memcmp((expected), (actual), (len)) == 0)

/* The output of the child PID, read from FD (closed then) into OUT of
 * SIZE bytes, NUL-terminated; the child's wait status once it ended. */
static inline int check_output_of(pid_t pid, int fd, char *out, size_t size)
{
    size_t done = 0;
    ssize_t len;
    int status = -1;

    while (done < size - 1 && (len = read(fd, out + done, size - 1 - done)) > 0)
        done += (size_t)len;
    out[done] = '\0';
    close(fd);
    waitpid(pid, &status, 0);
    return status;
}

/* Print a summary and turn the failure count into the exit status. */
static int check_done(const char *name)
{
    printf("%s: %s\n", name, check_failures ? "FAILED" : "ok");
    return check_failures ? 1 : 0;
}

#endif
