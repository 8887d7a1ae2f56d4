/* depend.h - a service's dependency files (needs, wants, after,
 * notification-fd), the services they name, cycles and stop levels */
#ifndef INITBOX_DEPEND_H
#define INITBOX_DEPEND_H

#include <stddef.h>

/* At most this many services are looked at by one cycle search or one
 * computation of stop levels. */
#define DEPEND_MAX_SERVICES 1024

enum depend_kind { DEPEND_NEEDS, DEPEND_WANTS, DEPEND_AFTER };

/* One name of a dependency file. */
struct depend {
    enum depend_kind kind;
    const char *name;           /* as written; "./needs" (...) for a file
                                 * that exists but cannot be read */
    int is_unreadable;          /* that file: a dependency always missing */
};

/* What a service directory's dependency files say. */
struct depend_list {
    struct depend *entries;     /* needs, then wants, then after, in file order */
    size_t count;
    int notification_fd;        /* -1 when there is none */
    int is_notification_fd_bad; /* the file exists but holds no number >= 3 */
    int has_files;              /* any of the four files exists */
    char *block;                /* from mem.h: entries and names */
};

/* Read the dependency files of the service directory open as DIR_FD
 * (O_PATH is enough). A line is a name once blanks at both ends are cut;
 * empty lines and lines starting with '#' are skipped. A file that exists
 * but cannot be read (no permission, a directory, a dangling link) gives
 * one entry named after it, is_unreadable set. Without any of the files
 * nothing is allocated. 0, or -1 with ENOMEM (LIST is then empty). */
int depend_read(int dir_fd, struct depend_list *list);

/* Whether the service directory open as DIR_FD has any of the four
 * files (a cheaper question than depend_read's). */
int depend_has_files(int dir_fd);

/* Give LIST's memory back; LIST is then empty. */
void depend_free(struct depend_list *list);

/* "needs", "wants" or "after". */
const char *depend_kind_word(enum depend_kind kind);

/* The path of the service NAME depends on, for a service whose entry is
 * the path ENTRY (its directory as it was named: "/etc/service/web"):
 * without a '/', the entry NAME beside ENTRY ("/etc/service/db"); with
 * one, NAME as written when absolute, else NAME inside ENTRY. Into PATH
 * of SIZE bytes; 0, or -1 with ENAMETOOLONG. */
int depend_resolve(const char *entry, const char *name, char *path, size_t size);

/* Whether the service at ENTRY lies on a cycle of needs, wants and after
 * names, among the services reachable through them (at most
 * DEPEND_MAX_SERVICES). When it does, TEXT (SIZE bytes) gets a cycle as
 * "a -> b -> c -> a", each service named by the last component of its
 * path: the first cycle a walk in file order finds from the smallest
 * name of the services that reach each other, so that every one of
 * them writes the same text. 1 on a cycle, 0 not, -1 with ENOMEM.
 * Services that cannot be read name nothing. */
int depend_find_cycle(const char *entry, char *text, size_t size);

/* Whether NAME is a path rather than a name to look up in a directory,
 * as sv takes the names of services: it starts with '/' or '.', or ends
 * in '/' (an empty name counts as a path: nothing to look up). */
int depend_is_path(const char *name);

/* The stop levels of the COUNT services NAMES into LEVELS: 0 for a
 * service no other of them names in needs, wants or after, else one more
 * than the highest level of those that name it; the members of a cycle
 * share a level. Stopping level 0 first, then 1, ... stops dependents
 * before what they depend on. A name is looked up in DIR unless
 * depend_is_path. 1 when any of the services has dependency files, 0
 * when none has; -1 with errno (ENOMEM, E2BIG beyond
 * DEPEND_MAX_SERVICES), the levels then all 0. */
int depend_stop_levels(const char *dir, char *const *names, size_t count, int *levels);

#endif
