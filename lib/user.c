/* user.c - runit's account specifications: USER, USER:GROUP..., :UID:GID... */
#include "user.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <string.h>

/* A decimal id from *TEXT up to the next ':' or the end. */
static int parse_id(const char **text, unsigned *id)
{
    const char *p = *text;
    unsigned long value = 0;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        value = value * 10 + (*p - '0');
        if (value > UINT_MAX - 1)       /* (unsigned)-1 means "no change" */
            return -1;
    }
    if (*p && *p != ':')
        return -1;
    *text = p;
    *id = value;
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
    char *name, *rest = names;
    struct group *group;

    account->group_count = 0;
    while ((name = strsep(&rest, ":"))) {
        if (account->group_count == ACCOUNT_MAX_GROUPS) {
            errno = EINVAL;
            return -1;
        }
        group = *name ? getgrnam(name) : NULL;
        if (!group) {
            errno = ENOENT;
            return -1;
        }
        account->groups[account->group_count++] = group->gr_gid;
    }
    account->gid = account->groups[0];
    return 0;
}

int account_lookup(const char *spec, int name_only, struct account *account)
{
    char user[256], *groups;
    struct passwd *pw;
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
    pw = *user ? getpwnam(user) : NULL;
    if (!pw) {
        errno = ENOENT;
        return -1;
    }
    account->uid = pw->pw_uid;
    if (groups)
        return lookup_groups(groups, account);
    account->gid = account->groups[0] = pw->pw_gid;
    account->group_count = 1;
    return 0;
}
