/* options.h - command-line options, getopt-style, with long options
 *
 * libc's getopt prints its own messages through stdio, which costs a
 * static binary about 4 kB; initbox applets print runit's usage line
 * instead. Parsing follows POSIX getopt with a leading '+': options end at
 * the first word that is not one ("-" is a word, "--" ends them and is
 * dropped); short options may be bundled ("-qg") and take a value as
 * "-w5" or "-w 5"; long options as "--name=V" or "--name V", and an
 * unambiguous prefix of a long name is accepted (a prefix of several
 * names with the same code is not ambiguous). */
#ifndef INITBOX_OPTIONS_H
#define INITBOX_OPTIONS_H

struct long_option {
    const char *name;
    int has_value;
    int code;               /* returned when the option is found */
};

struct options {
    int index;              /* next word of argv; the first operand at the end */
    int offset;             /* position inside a bundle of short options */
    char *value;            /* value of the option just returned */
    const char *word;       /* the word of the option just returned */
    int letter;             /* the short option just returned, or the
                             * unknown or incomplete one ('?', ':') */
};

/* Start at argv[1]. */
#define OPTIONS_INIT { 1, 0, 0, 0, 0 }

/* The next option: its letter (SHORTS: letters, ':' after those that take
 * a value) or its long_option code (LONGS: ends with a NULL name; NULL for
 * none). -1 when the options are over: argv[state->index] is then the
 * first operand. '?' for an unknown or ambiguous option, ':' for a value
 * missing; state->word then names the offending word. */
int options_next(struct options *state, int argc, char **argv,
                 const char *shorts, const struct long_option *longs);

#endif
