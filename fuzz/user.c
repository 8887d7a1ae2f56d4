/* user.c - fuzz account_lookup, chpst's -u and -U specifications
 *
 * Input: a byte of flags (1: a plain user name, as setuidgid takes it),
 * then the parts SPEC, PASSWD and GROUP separated by "\n%%\n". SPEC goes
 * to account_lookup twice: as built here (glibc: the name service
 * switch, for what it does with any name) and as the static musl build
 * has it, lib/user.c compiled again below without __GLIBC__, reading
 * PASSWD and GROUP as /etc/passwd and /etc/group. Properties of the
 * latter, against a reading of the files written here: ":UID:GID..."
 * gives those numbers (at most ACCOUNT_MAX_GROUPS, each below
 * UINT_MAX) or EINVAL; USER the uid and gid of the first line of USER
 * (its first 255 bytes, the last line also without a newline);
 * USER:G1:G2... those groups' ids, ENOENT for any name not found. */
#include "fuzz.h"
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- lib/user.c as musl builds it, its files the input's ------------- */

static char passwd_path[PATH_MAX], group_path[PATH_MAX];

static int database_open(const char *path, int flags)
{
    if (strcmp(path, "/etc/passwd") == 0)
        path = passwd_path;
    else if (strcmp(path, "/etc/group") == 0)
        path = group_path;
    else
        FUZZ_ASSERT(!"a database of the input");
    return open(path, flags);
}

#undef __GLIBC__
#define open database_open
#define account_lookup musl_account_lookup
#define group_lookup musl_group_lookup
#include "../lib/user.c"
#undef open
#undef account_lookup
#undef group_lookup

/* ---- the model ---------------------------------------------------------- */

/* An id of TEXT up to ':' or the end, into *ID; where it ends, or NULL. */
static const char *model_id(const char *text, unsigned *id)
{
    unsigned long long value = 0;
    const char *p = text;

    while (*p >= '0' && *p <= '9') {
        if (value <= UINT_MAX)
            value = value * 10 + (unsigned)(*p - '0');
        p++;
    }
    if (p == text || value >= UINT_MAX || (*p && *p != ':'))
        return NULL;
    *id = (unsigned)value;
    return p;
}

/* The first line of DB (LEN bytes) for NAME: fields 2 and 3 as ids
 * (only FIRST with a group file). 0, or -1. */
static int model_lookup(const char *db, size_t len, const char *name,
                        unsigned *first, unsigned *second, int fields)
{
    const char *p = db, *end = db + len;
    size_t name_len = strlen(name);

    while (p < end) {
        const char *newline = memchr(p, '\n', (size_t)(end - p));
        size_t line_len = (size_t)((newline ? newline : end) - p);
        char line[256], *field;
        int i;

        if (line_len > 255)
            line_len = 255;
        memcpy(line, p, line_len);
        line[line_len] = '\0';
        p = newline ? newline + 1 : end;
        if (strncmp(line, name, name_len) != 0 || line[name_len] != ':')
            continue;
        field = line;
        for (i = 0; i < 2 && field; i++) {
            field = strchr(field, ':');
            field = field ? field + 1 : NULL;
        }
        if (!field || !(field = (char *)model_id(field, first)))
            return -1;
        if (fields == 1)
            return 0;
        field = *field ? field + 1 : NULL;
        return field && model_id(field, second) ? 0 : -1;
    }
    return -1;
}

struct files {
    const char *passwd, *group;
    size_t passwd_len, group_len;
};

static void check_account(const char *spec, int name_only, const struct files *files)
{
    struct account got, expected;
    char user[256], *name, *next;
    int result = musl_account_lookup(spec, name_only, &got), error = errno;
    unsigned uid, gid;
    const char *p;

    memset(&expected, 0, sizeof(expected));
    if (!name_only && spec[0] == ':') {
        p = model_id(spec + 1, &expected.uid);
        while (p && *p == ':' && expected.group_count < ACCOUNT_MAX_GROUPS)
            p = model_id(p + 1, &expected.groups[expected.group_count++]);
        if (!p || *p || expected.group_count == 0) {
            FUZZ_ASSERT(result == -1 && error == EINVAL);
            return;
        }
    } else {
        if (strlen(spec) >= sizeof(user)) {
            FUZZ_ASSERT(result == -1 && error == ENOENT);
            return;
        }
        strcpy(user, spec);
        next = name_only ? NULL : strchr(user, ':');
        if (next)
            *next++ = '\0';
        if (!*user || model_lookup(files->passwd, files->passwd_len, user, &uid, &gid, 2) < 0) {
            FUZZ_ASSERT(result == -1 && error == ENOENT);
            return;
        }
        expected.uid = uid;
        expected.groups[expected.group_count++] = gid;
        if (next) {
            expected.group_count = 0;
            for (name = next; name; name = next) {
                next = strchr(name, ':');
                if (next)
                    *next++ = '\0';
                if (expected.group_count == ACCOUNT_MAX_GROUPS) {
                    FUZZ_ASSERT(result == -1 && error == EINVAL);
                    return;
                }
                if (!*name || model_lookup(files->group, files->group_len, name,
                                           &expected.groups[expected.group_count++],
                                           NULL, 1) < 0) {
                    FUZZ_ASSERT(result == -1 && error == ENOENT);
                    return;
                }
            }
        }
    }
    FUZZ_ASSERT(result == 0);
    FUZZ_ASSERT(got.uid == expected.uid && got.group_count == expected.group_count);
    FUZZ_ASSERT(got.gid == expected.groups[0]);
    FUZZ_ASSERT(memcmp(got.groups, expected.groups,
                       expected.group_count * sizeof(gid_t)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    int name_only = fuzz_byte(&in) & 1;
    const uint8_t *parts[3] = { (const uint8_t *)"", (const uint8_t *)"", (const uint8_t *)"" };
    size_t lens[3] = { 0, 0, 0 };
    const char *dir = fuzz_scratch();
    struct account account;
    struct files files;
    char *spec;
    int i;

    for (i = 0; i < 3 && fuzz_part(&in, "\n%%\n", &parts[i], &lens[i]) == 0; i++)
        continue;
    snprintf(passwd_path, sizeof(passwd_path), "%s/passwd", dir);
    snprintf(group_path, sizeof(group_path), "%s/group", dir);
    FUZZ_ASSERT(fuzz_write_file(dir, "passwd", parts[1], lens[1]) == 0);
    FUZZ_ASSERT(fuzz_write_file(dir, "group", parts[2], lens[2]) == 0);
    files = (struct files){ (const char *)parts[1], (const char *)parts[2], lens[1], lens[2] };
    spec = fuzz_string(parts[0], lens[0]);
    if (account_lookup(spec, name_only, &account) == 0)
        FUZZ_ASSERT(account.group_count >= 1 && account.group_count <= ACCOUNT_MAX_GROUPS
                    && account.gid == account.groups[0]);
    check_account(spec, name_only, &files);
    free(spec);
    return 0;
}
