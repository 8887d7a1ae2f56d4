/* env.h - environments: an editable "NAME=VALUE" array, envdir loading,
 * exec with PATH search */
#ifndef INITBOX_ENV_H
#define INITBOX_ENV_H

#include <stddef.h>

/* An environment of its own: a NULL-terminated array of "NAME=VALUE"
 * strings, the array and copies of the strings in one mapping from mem.h
 * (a page holds a typical container's environment), edited without
 * touching the environ it was made from. chpst hands it to exec while
 * its own environ, whose PATH steers the search for the program as in
 * runit, stays as it was; nanoinit points environ at it.
 *
 * Editing keeps runit's chpst's order: a new entry goes at the end and a
 * removed one leaves its place to the last entry. A replaced or removed
 * string stays in the mapping until env_free(). Any change may move the
 * mapping: VARS and every pointer into it are only good until the next
 * change, and no argument of a change may point into the environment
 * being changed. */
struct env {
    char **vars;                /* COUNT entries and a NULL */
    size_t count;
    size_t capacity;            /* pointers there is room for, the NULL included */
    size_t used;                /* bytes of strings, stored after the pointers */
    size_t size;                /* bytes of the mapping in use or reserved */
};

/* Make ENV a copy of the array INITIAL (NULL: empty), every entry as it
 * stands, even one without a '=' or one whose name comes twice. 0, or -1
 * with ENOMEM (nothing to free then). */
int env_init(struct env *env, char *const *initial);

/* Give ENV's mapping back; ENV is then empty and must be made again by
 * env_init() before any other use. */
void env_free(struct env *env);

/* The value of the first entry of ENV named by the LEN bytes at NAME,
 * NULL when there is none. */
char *env_get(const struct env *env, const char *name, size_t len);

/* Set NAME to VALUE, replacing every entry of the same name; unset
 * removes every such entry. As in runit's chpst, the name is NAME up to
 * its first '=', and the entry set is NAME=VALUE as it stands: a file
 * X=Y of an envdir replaces X by "X=Y=v". 0, or -1 with ENOMEM, ENV then
 * unchanged. */
int env_set(struct env *env, const char *name, const char *value);
int env_unset(struct env *env, const char *name);

/* Add the entry VAR ("NAME=VALUE", NAME up to the first '=') unless ENV
 * already has a variable NAME; an entry without a '=' is no variable and
 * is left out. So the first of several sources to name a variable wins.
 * 0 (added or left out), or -1 with ENOMEM. */
int env_add(struct env *env, const char *var);

/* Put ENV's entries in byte order of their names, the order of
 * nanoinit's dumps (entries of one name, which env_add never makes, in
 * no particular order). */
void env_sort(struct env *env);

/* Apply the envdir DIR to ENV, as runit's chpst -e and envdir do: each
 * file not starting with '.' sets its variable to its first line
 * (trailing blanks cut, NULs made newlines) or, when empty, unsets it. A
 * subdirectory is skipped when SKIP_DIRECTORIES is set (with a warning
 * when VERBOSE) and an error otherwise. On error returns -1 with errno
 * and the failing path ("DIR/NAME", or DIR) in FAILED; 0 on success. */
int envdir_load(struct env *env, const char *dir, int skip_directories,
                int verbose, char *failed, size_t failed_size);

/* Execute FILE with ARGV and ENVP; without a '/' in FILE, search the
 * directories of SEARCH_PATH (default "/bin:/usr/bin"), an empty one
 * meaning the current directory. Returns only on failure, with the errno
 * of the most telling attempt (a file found but not runnable beats one
 * not found). */
void exec_search(const char *file, char **argv, char **envp,
                 const char *search_path);

#endif
