/* check.h - the few assertions the unit tests need */
#ifndef INITBOX_CHECK_H
#define INITBOX_CHECK_H

#include <stdio.h>
#include <string.h>

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

/* Print a summary and turn the failure count into the exit status. */
static int check_done(const char *name)
{
    printf("%s: %s\n", name, check_failures ? "FAILED" : "ok");
    return check_failures ? 1 : 0;
}

#endif
