/* env_import.c - fuzz env_capture_import, nanoinit's import of its
 * environment directory
 *
 * Input: the entries of the directory (fuzz_tree: "NAME\nCONTENT" parts
 * separated by "\n%%\n"), imported into an environment holding KEEP=1.
 * Properties, for each file whose name does not start with '.' and has
 * no '=': it sets its variable to its content less one trailing newline,
 * unless the content holds a NUL (then nothing is set) or the variable
 * was set before (KEEP keeps 1); other entries set nothing but through
 * a link to such a file. */
#include "env_capture.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#define ENTRIES_MAX 64

struct model {
    size_t count;
    struct entry {
        char name[256];
        int is_file;
        int has_nul;
        char *value;            /* a file's content less one newline */
    } entries[ENTRIES_MAX];
};

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
    entry->is_file = content != NULL;
    entry->has_nul = content && memchr(content, '\0', len) != NULL;
    if (content && len > 0 && content[len - 1] == '\n')
        len--;
    entry->value = content ? fuzz_string(content, len) : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *const initial[] = { "KEEP=1", NULL };
    struct fuzz_input in = { data, size };
    const char *dir = fuzz_scratch();
    struct model *model = calloc(1, sizeof(*model));
    struct env env;
    size_t i, files = 0;

    FUZZ_ASSERT(model);
    fuzz_tree(dir, &in, seen, model);
    FUZZ_ASSERT(env_init(&env, initial) == 0);
    FUZZ_ASSERT(env_capture_import(&env, dir) == 0);
    for (i = 0; i < model->count; i++) {
        const struct entry *entry = &model->entries[i];
        const char *got = env_get(&env, entry->name, strlen(entry->name));

        if (entry->name[0] == '.' || strchr(entry->name, '=')) {
            FUZZ_ASSERT(!got || strcmp(entry->name, "KEEP") == 0);
        } else if (strcmp(entry->name, "KEEP") == 0) {
            FUZZ_ASSERT(got && strcmp(got, "1") == 0);
        } else if (entry->is_file && entry->has_nul) {
            FUZZ_ASSERT(!got);
        } else if (entry->is_file) {
            FUZZ_ASSERT(got && strcmp(got, entry->value) == 0);
            files++;
        }
    }
    FUZZ_ASSERT(env.count >= 1 + files);
    FUZZ_ASSERT(strcmp(env_get(&env, "KEEP", 4), "1") == 0);
    env_free(&env);
    for (i = 0; i < model->count; i++)
        free(model->entries[i].value);
    free(model);
    return 0;
}
