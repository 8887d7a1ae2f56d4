/* env.c - environments: an editable "NAME=VALUE" array, envdir loading,
 * exec with PATH search */
#include "env.h"
#include "dir.h"
#include "err.h"
#include "fd.h"
#include "file.h"
#include "mem.h"
#include "sort.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The strings start right after the pointers. */
static char *env_strings(const struct env *env)
{
    return (char *)(env->vars + env->capacity);
}

/* Room for one more entry of LEN bytes. A full array doubles, its
 * strings moving up after it, and the mapping may move as it grows:
 * either way each pointer follows its string. */
static int env_reserve(struct env *env, size_t len)
{
    uintptr_t old_strings = (uintptr_t)env->vars + env->capacity * sizeof(char *);
    size_t capacity = env->capacity, size, i;
    char **vars, *strings;

    if (env->count + 2 > capacity)
        capacity = capacity * 2 + 16;
    size = capacity * sizeof(char *) + env->used + len;
    if (capacity == env->capacity && size <= env->size)
        return 0;
    if (size < env->size * 2)
        size = env->size * 2;
    vars = mem_resize(env->vars, size);
    if (!vars)
        return -1;
    strings = (char *)(vars + capacity);
    if (capacity != env->capacity)
        memmove(strings, vars + env->capacity, env->used);
    for (i = 0; i < env->count; i++)
        vars[i] = strings + ((uintptr_t)vars[i] - old_strings);
    env->vars = vars;
    env->capacity = capacity;
    env->size = size;
    return 0;
}

/* Append the entry NAME (NAME_LEN bytes), then "=" and VALUE
 * (VALUE_LEN bytes) unless VALUE is NULL, with room reserved. */
static void env_append(struct env *env, const char *name, size_t name_len,
                       const char *value, size_t value_len)
{
    char *var = env_strings(env) + env->used;

    memcpy(var, name, name_len);
    env->used += name_len;
    if (value) {
        var[name_len] = '=';
        memcpy(var + name_len + 1, value, value_len);
        env->used += value_len + 1;
    }
    env_strings(env)[env->used++] = '\0';
    env->vars[env->count++] = var;
    env->vars[env->count] = NULL;
}

int env_init(struct env *env, char *const *initial)
{
    size_t len;

    memset(env, 0, sizeof(*env));
    if (env_reserve(env, 0) < 0)
        return -1;
    env->vars[0] = NULL;
    for (; initial && *initial; initial++) {
        len = strlen(*initial);
        if (env_reserve(env, len + 1) < 0) {
            env_free(env);
            return -1;
        }
        env_append(env, *initial, len, NULL, 0);
    }
    return 0;
}

void env_free(struct env *env)
{
    mem_free(env->vars);
    memset(env, 0, sizeof(*env));
}

static int is_named(const char *var, const char *name, size_t name_len)
{
    return strncmp(var, name, name_len) == 0 && var[name_len] == '=';
}

char *env_get(const struct env *env, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < env->count; i++) {
        if (is_named(env->vars[i], name, len))
            return env->vars[i] + len + 1;
    }
    return NULL;
}

int env_unset(struct env *env, const char *name)
{
    size_t name_len = strchrnul(name, '=') - name, i = 0;

    while (i < env->count) {
        if (is_named(env->vars[i], name, name_len)) {
            env->vars[i] = env->vars[--env->count];
            env->vars[env->count] = NULL;
        } else {
            i++;
        }
    }
    return 0;
}

int env_set(struct env *env, const char *name, const char *value)
{
    size_t name_len = strlen(name), value_len = strlen(value);

    if (env_reserve(env, name_len + value_len + 2) < 0)
        return -1;
    env_unset(env, name);
    env_append(env, name, name_len, value, value_len);
    return 0;
}

/* An empty envdir file unsets its variable; one whose name holds a '='
 * is an entry of its own in runit, "X=Y" setting X to Y. */
static int unset_as_envdir(struct env *env, const char *name)
{
    char variable[NAME_MAX + 1];
    const char *equals = strchr(name, '=');

    if (!equals || (size_t)(equals - name) >= sizeof(variable))
        return env_unset(env, name);
    memcpy(variable, name, (size_t)(equals - name));
    variable[equals - name] = '\0';
    return env_set(env, variable, equals + 1);
}

int env_add(struct env *env, const char *var)
{
    size_t name_len = strchrnul(var, '=') - var, value_len;

    if (!var[name_len] || env_get(env, var, name_len))
        return 0;
    value_len = strlen(var + name_len + 1);
    if (env_reserve(env, name_len + value_len + 2) < 0)
        return -1;
    env_append(env, var, name_len, var + name_len + 1, value_len);
    return 0;
}

/* Names compare up to their '=', byte-wise. */
static int compare_names(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = *a == '=' ? 0 : *a, y = *b == '=' ? 0 : *b;

        if (x != y || !x)
            return x - y;
    }
}

void env_sort(struct env *env)
{
    sort_strings(env->vars, env->count, compare_names);
}

/* The value an envdir file gives: its first line without trailing blanks,
 * NULs turned into newlines. Returns a string from mem_alloc, or NULL with errno
 * (ENOMEM or a read error). *EMPTY is set for a file of zero bytes. */
static char *read_envdir_value(int fd, int *empty)
{
    size_t len = 0, size = 128;
    char *value = mem_alloc(size), *newline = NULL;
    ssize_t n;

    while (value && !newline) {
        if (len + 1 >= size) {
            char *bigger = mem_resize(value, size *= 2);

            if (!bigger)
                break;
            value = bigger;
        }
        n = read(fd, value + len, size - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                goto done;
            break;
        }
        newline = memchr(value + len, '\n', n);
        len += n;
    }
    if (!newline) {
        mem_free(value);
        return NULL;
    }
    len = newline - value;
done:
    *empty = len == 0 && !newline;
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
        len--;
    value[len] = '\0';
    while (len-- > 0) {
        if (value[len] == '\0')
            value[len] = '\n';
    }
    return value;
}

/* One envdir entry: 0 applied or skipped, -1 with errno. */
static int envdir_entry(struct env *env, int dir_fd, const char *name,
                        int skip_directories, int verbose, const char *path)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC), empty = 0, result;
    struct stat st;
    char *value;

    if (fd < 0)         /* gone since readdir, or a dangling link: runit skips it */
        return errno == ENOENT ? 0 : -1;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        if (!skip_directories)
            return -1;
        if (verbose)
            warn_errno("unable to read %s", path);
        return 0;
    }
    value = read_envdir_value(fd, &empty);
    if (!value)
        return fd_close_on_error(fd);
    close(fd);
    if (empty) {
        mem_free(value);
        return unset_as_envdir(env, name);
    }
    result = env_set(env, name, value);
    mem_free(value);
    return result;
}

int envdir_load(struct env *env, const char *dir, int skip_directories,
                int verbose, char *failed, size_t failed_size)
{
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dir_reader reader;
    const char *name;

    path_join(failed, failed_size, "", dir);
    if (dir_fd < 0)
        return -1;
    dir_reader_init(&reader, dir_fd);
    while ((name = dir_next(&reader))) {
        if (name[0] == '.')
            continue;
        if (path_join(failed, failed_size, dir, name) < 0
            || envdir_entry(env, dir_fd, name, skip_directories, verbose, failed) < 0)
            return fd_close_on_error(dir_fd);
    }
    if (errno)
        return fd_close_on_error(dir_fd);
    close(dir_fd);
    return 0;
}

void exec_search(const char *file, char **argv, char **envp,
                 const char *search_path)
{
    char path[PATH_MAX];
    const char *dir, *end;
    int saved = ENOENT;
    size_t len;

    if (strchr(file, '/')) {
        execve(file, argv, envp);
        return;
    }
    if (!search_path)
        search_path = "/bin:/usr/bin";
    for (dir = search_path;; dir = end + 1) {
        end = strchrnul(dir, ':');
        len = end - dir;
        if (len + strlen(file) + 2 <= sizeof(path)) {
            memcpy(path, dir, len);
            if (len > 0)
                path[len++] = '/';
            strcpy(path + len, file);
            execve(path, argv, envp);
            if (errno != ENOENT) {
                saved = errno;
                if (errno != EACCES && errno != EPERM && errno != EISDIR)
                    return;
            }
        }
        if (!*end)
            break;
    }
    errno = saved;
}
