/* env.h - an owned environment array, envdir loading, exec with PATH search */
#ifndef INITBOX_ENV_H
#define INITBOX_ENV_H

#include <stddef.h>

/* A NULL-terminated "NAME=value" array that can be edited without
 * touching the process's own environ (whose PATH still steers the search
 * for the program, as in runit). Memory comes from mem.h, a page per
 * added variable; what is dropped is never freed: the arrays live until
 * exec. */
struct env {
    char **vars;
    size_t count;
    size_t capacity;
};

/* Start ENV as a copy of the array INITIAL (its strings are shared). */
int env_init(struct env *env, char **initial);

/* Set NAME to VALUE, replacing an entry of the same NAME; unset removes
 * every such entry. NAME is taken as it stands, even with a '=' in it
 * (runit's envdir makes "X=Y=v" of a file named X=Y). 0, or -1 ENOMEM. */
int env_set(struct env *env, const char *name, const char *value);
int env_unset(struct env *env, const char *name);

/* Apply the envdir DIR to ENV (spec 6.3): each file not starting with '.'
 * sets its variable to its first line (trailing blanks cut, NULs made
 * newlines) or, when empty, unsets it. A subdirectory is skipped when
 * SKIP_DIRECTORIES is set (with a warning when VERBOSE) and an error
 * otherwise. On error returns -1 with errno and the failing path
 * ("DIR/NAME", or DIR) in FAILED; 0 on success. */
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
