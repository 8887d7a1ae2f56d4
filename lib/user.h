/* user.h - runit's account specifications: USER, USER:GROUP..., :UID:GID... */
#ifndef INITBOX_USER_H
#define INITBOX_USER_H

#include <stddef.h>
#include <sys/types.h>

#define ACCOUNT_MAX_GROUPS 60

struct account {
    uid_t uid;
    gid_t gid;                  /* primary group: the first of groups[] */
    size_t group_count;
    gid_t groups[ACCOUNT_MAX_GROUPS];
};

/* Resolve SPEC as runit's chpst -u does:
 *   USER               uid and gid from the password database, groups =
 *                      the primary group alone (no initgroups, as runit);
 *   USER:G1[:G2...]    uid from USER, gid G1, groups G1, G2... by name;
 *   :UID:GID[:GID...]  numbers, no database.
 * With NAME_ONLY, SPEC is a plain user name (setuidgid, envuidgid).
 * Returns 0; -1 with errno ENOENT for an unknown name, EINVAL for a
 * malformed numeric form (and for more than ACCOUNT_MAX_GROUPS groups). */
int account_lookup(const char *spec, int name_only, struct account *account);

/* The id of the group NAME (glibc: the name service switch; musl: the
 * file /etc/group). 0, or -1 when there is no such group. */
int group_lookup(const char *name, gid_t *gid);

#endif
