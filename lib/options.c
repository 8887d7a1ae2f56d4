/* options.c - command-line options, getopt-style, with long options */
#include "options.h"

#include <string.h>

static int next_long(struct options *state, int argc, char **argv,
                     const struct long_option *longs)
{
    char *name = argv[state->index++] + 2, *equals = strchr(name, '=');
    size_t len = equals ? (size_t)(equals - name) : strlen(name);
    const struct long_option *found = NULL, *option;

    for (option = longs; option && option->name; option++) {
        if (strncmp(option->name, name, len) != 0)
            continue;
        if (option->name[len] == '\0') {        /* exact: no ambiguity */
            found = option;
            break;
        }
        if (found && found->code != option->code)  /* two names of one option are fine */
            return '?';
        found = option;
    }
    if (!found || (equals && !found->has_value))
        return '?';
    if (found->has_value) {
        if (equals)
            state->value = equals + 1;
        else if (state->index < argc)
            state->value = argv[state->index++];
        else
            return ':';
    }
    return found->code;
}

static int next_short(struct options *state, int argc, char **argv,
                      const char *shorts)
{
    char *word = argv[state->index];
    int letter = (unsigned char)word[++state->offset];
    const char *spec = letter != ':' ? strchr(shorts, letter) : NULL;

    state->letter = letter;

    if (word[state->offset + 1] == '\0') {
        state->index++;
        state->offset = 0;
    }
    if (!spec)
        return '?';
    if (spec[1] != ':')
        return letter;
    if (state->offset) {                        /* "-w5": the rest of the word */
        state->value = word + state->offset + 1;
        state->index++;
        state->offset = 0;
    } else if (state->index < argc) {
        state->value = argv[state->index++];
    } else {
        return ':';
    }
    return letter;
}

int options_next(struct options *state, int argc, char **argv,
                 const char *shorts, const struct long_option *longs)
{
    char *word;

    state->value = NULL;
    if (state->index >= argc)
        return -1;
    word = argv[state->index];
    state->word = word;
    if (state->offset == 0) {
        if (word[0] != '-' || word[1] == '\0')
            return -1;
        if (strcmp(word, "--") == 0) {
            state->index++;
            return -1;
        }
        if (word[1] == '-')
            return next_long(state, argc, argv, longs);
    }
    return next_short(state, argc, argv, shorts);
}
