/* envdir.c - fuzz envdir_load, which chpst -e and envdir apply
 *
 * Input: a byte of flags (1: skip directories, 2: verbose), then the
 * entries of the envdir (fuzz_tree: "NAME\nCONTENT" parts separated by
 * "\n%%\n"), applied to an environment holding KEEP=1, GONE=2, DUP=a
 * and DUP=b. Properties, for each name without '=' and not starting
 * with '.': a file with content sets its variable to the first line,
 * trailing blanks cut, NULs made newlines; an empty file unsets it (every
 * entry of that name); a name no file sets keeps its value (for DUP, one
 * of its two). A directory
 * fails the load with EISDIR unless directories are skipped. */
#include "env.h"
#include "fuzz.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES_MAX 64

struct model {
    size_t count;
    struct entry {
        char name[256];
        int kind;               /* 'f' file, 'o' anything else */
        char *value;            /* a file's expected value; NULL: unset */
    } entries[ENTRIES_MAX];
    int has_directory;
};

static char *expected_value(const uint8_t *content, size_t len)
{
    const uint8_t *newline = memchr(content, '\n', len);
    char *value;
    size_t i;

    if (len == 0)
        return NULL;
    if (newline)
        len = (size_t)(newline - content);
    while (len > 0 && (content[len - 1] == ' ' || content[len - 1] == '\t'))
        len--;
    value = fuzz_string(content, len);
    for (i = 0; i < len; i++) {
        if (value[i] == '\0')
            value[i] = '\n';
    }
    return value;
}

static void seen(void *context, const char *name, const uint8_t *content, size_t len)
{
    struct model *model = context;
    struct entry *entry;
    size_t i;

    for (i = 0; i < model->count && strcmp(model->entries[i].name, name) != 0; i++)
        continue;
    if (i == ENTRIES_MAX)
        return;
    entry = &model->entries[i];
    if (i == model->count) {
        model->count++;
        strcpy(entry->name, name);
    } else {
        free(entry->value);
    }
    entry->kind = content ? 'f' : 'o';
    entry->value = content ? expected_value(content, len) : NULL;
}

/* Whether the variable NAME is set by the envdir in a way the model
 * cannot tell: by a name "NAME=..." or through a link or directory. */
static int is_unknown(const struct model *model, const char *name)
{
    size_t i, len = strlen(name);

    for (i = 0; i < model->count; i++) {
        const struct entry *entry = &model->entries[i];

        if (strncmp(entry->name, name, len) == 0 && entry->name[len] == '=')
            return 1;
        if (strcmp(entry->name, name) == 0 && entry->kind != 'f')
            return 1;
    }
    return 0;
}

static void check_variable(const struct model *model, const struct env *env,
                           const char *name, const char *initial)
{
    const char *got = env_get(env, name, strlen(name));
    size_t i;

    if (is_unknown(model, name))
        return;
    for (i = 0; i < model->count; i++) {
        if (strcmp(model->entries[i].name, name) == 0) {
            const char *expected = model->entries[i].value;

            FUZZ_ASSERT(expected ? got && strcmp(got, expected) == 0 : !got);
            return;
        }
    }
    /* of two entries DUP=a and DUP=b either may come first after edits */
    FUZZ_ASSERT(initial ? got && (strcmp(got, initial) == 0
                                  || (strcmp(name, "DUP") == 0 && strcmp(got, "b") == 0))
                : !got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *const initial[] = { "KEEP=1", "GONE=2", "DUP=a", "DUP=b", NULL };
    struct fuzz_input in = { data, size };
    unsigned flags = fuzz_byte(&in);
    const char *dir = fuzz_scratch();
    struct model *model = calloc(1, sizeof(*model));
    char failed[PATH_MAX];
    struct env env;
    size_t i;
    int result;

    FUZZ_ASSERT(model);
    fuzz_tree(dir, &in, seen, model);
    FUZZ_ASSERT(env_init(&env, initial) == 0);
    result = envdir_load(&env, dir, flags & 1, flags & 2, failed, sizeof(failed));
    if (result < 0) {
        /* only a directory, or a link (to one, or in a loop), fails it */
        for (i = 0; i < model->count && model->entries[i].kind == 'f'; i++)
            continue;
        FUZZ_ASSERT(i < model->count && strncmp(failed, dir, strlen(dir)) == 0);
    } else {
        for (i = 0; i < model->count; i++) {
            const struct entry *entry = &model->entries[i];

            if (entry->name[0] != '.' && !strchr(entry->name, '='))
                check_variable(model, &env, entry->name, NULL);
        }
        check_variable(model, &env, "KEEP", "1");
        check_variable(model, &env, "GONE", "2");
        check_variable(model, &env, "DUP", "a");
    }
    env_free(&env);
    for (i = 0; i < model->count; i++)
        free(model->entries[i].value);
    free(model);
    return 0;
}
