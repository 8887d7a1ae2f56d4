/* user.c - runit's account specifications: USER, USER:GROUP..., :UID:GID... */
#include "user.h"
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

/* A decimal id from *TEXT up to the next ':' or the end. */
static int parse_id(const char **text, unsigned *id)
{
    const char *end;
    uint64_t value = scan_decimal(*text, &end);

    /* (unsigned)-1 means "no change" to setuid and setgid */
    if (end == *text || value > UINT_MAX - 1 || (*end && *end != ':'))
        return -1;
    *text = end;
    *id = (unsigned)value;
    return 0;
}

#ifdef __GLIBC__
/* glibc: the name service switch, so LDAP or sssd accounts work too. */
static int lookup_user(const char *name, unsigned *uid, unsigned *gid)
{
    struct passwd *pw = getpwnam(name);

    if (!pw)
        return -1;
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return 0;
}

static int lookup_group(const char *name, unsigned *gid)
{
    struct group *group = getgrnam(name);

    if (!group)
        return -1;
    *gid = group->gr_gid;
    return 0;
}
#else
/* musl knows only the files (and nscd, which containers lack): read them
 * here in a few hundred bytes instead of its getpwnam and stdio. */

/* Field FIELD (0-based) of LINE as a number; -1 if absent or not one. */
static int line_number_field(const char *line, int field, unsigned *value)
{
    const char *p = line;

    while (field-- > 0) {
        p = strchr(p, ':');
        if (!p)
            return -1;
        p++;
    }
    return parse_id(&p, value);
}

/* Whether LINE (LEN bytes) is NAME's: NAME, then ':'. */
static int is_line_of(char *line, size_t len, const char *name, size_t name_len)
{
    line[len] = '\0';
    return strncmp(line, name, name_len) == 0 && line[name_len] == ':';
}

/* The line of the colon-separated database PATH whose first field is
 * NAME, into LINE (cut to SIZE - 1 bytes: only its first fields matter).
 * The last line counts without a newline too, as for libc's readers.
 * 0 found, -1 not found or unreadable. */
static int find_database_line(const char *path, const char *name,
                              char *line, size_t size)
{
    size_t name_len = strlen(name), len = 0;
    char buf[512];
    int fd = open(path, O_RDONLY | O_CLOEXEC), found = -1, skipping = 0;
    ssize_t n = 0, i;

    if (fd < 0)
        return -1;
    while (found < 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
        for (i = 0; i < n && found < 0; i++) {
            if (buf[i] != '\n') {
                if (!skipping && len < size - 1)
                    line[len++] = buf[i];
                skipping |= len == size - 1;
                continue;
            }
            if (is_line_of(line, len, name, name_len))
                found = 0;
            len = skipping = 0;
        }
    }
    if (found < 0 && n == 0 && len > 0 && is_line_of(line, len, name, name_len))
        found = 0;
    close(fd);
    return found;
}

static int lookup_user(const char *name, unsigned *uid, unsigned *gid)
{
    char line[256];

    if (find_database_line("/etc/passwd", name, line, sizeof(line)) < 0)
        return -1;
    return line_number_field(line, 2, uid) < 0 || line_number_field(line, 3, gid) < 0
        ? -1 : 0;
}

static int lookup_group(const char *name, unsigned *gid)
{
    char line[256];

    if (find_database_line("/etc/group", name, line, sizeof(line)) < 0)
        return -1;
    return line_number_field(line, 2, gid);
}
#endif

int group_lookup(const char *name, gid_t *gid)
{
    unsigned id;

    if (lookup_group(name, &id) < 0)
        return -1;
    *gid = id;
    return 0;
}

/* ":UID:GID[:GID...]", TEXT pointing after the first ':'. Unlike runit, an
 * empty GID is refused instead of becoming group 0 (root). */
static int parse_numeric(const char *text, struct account *account)
{
    unsigned id;

    if (parse_id(&text, &id) < 0 || *text != ':')
        return -1;
    account->uid = id;
    account->group_count = 0;
    while (*text == ':') {
        text++;
        if (account->group_count == ACCOUNT_MAX_GROUPS || parse_id(&text, &id) < 0)
            return -1;
        account->groups[account->group_count++] = id;
    }
    account->gid = account->groups[0];
    return 0;
}

/* The groups after USER in "USER:G1:G2", looked up by name. */
static int lookup_groups(char *names, struct account *account)
{
    char *name = names, *end;
    int is_last = 0;
    unsigned gid;

    account->group_count = 0;
    while (!is_last) {
        end = strchrnul(name, ':');
        is_last = *end == '\0';
        *end = '\0';
        if (account->group_count == ACCOUNT_MAX_GROUPS) {
            errno = EINVAL;
            return -1;
        }
        if (!*name || lookup_group(name, &gid) < 0) {
            errno = ENOENT;
            return -1;
        }
        account->groups[account->group_count++] = gid;
        name = end + 1;
    }
    account->gid = account->groups[0];
    return 0;
}

int account_lookup(const char *spec, int name_only, struct account *account)
{
    char user[256], *groups;
    unsigned uid, gid;
    size_t len = strlen(spec);

    if (!name_only && spec[0] == ':') {
        if (parse_numeric(spec + 1, account) == 0)
            return 0;
        errno = EINVAL;
        return -1;
    }
    if (len >= sizeof(user)) {
        errno = ENOENT;
        return -1;
    }
    memcpy(user, spec, len + 1);
    groups = name_only ? NULL : strchr(user, ':');
    if (groups)
        *groups++ = '\0';
    if (!*user || lookup_user(user, &uid, &gid) < 0) {
        errno = ENOENT;
        return -1;
    }
    account->uid = uid;
    if (groups)
        return lookup_groups(groups, account);
    account->gid = account->groups[0] = gid;
    account->group_count = 1;
    return 0;
}
