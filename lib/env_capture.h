/* env_capture.h - my_init's environment directory: import, per-variable
 * files, shell and JSON dumps
 *
 * A directory E holds one file per variable (its name the variable's,
 * its content the value); E.sh and E.json dump the environment for
 * shells and other programs. What to import when, and where and with
 * what owner each file is written, is the caller's (nanoinit's) to say. */
#ifndef INITBOX_ENV_CAPTURE_H
#define INITBOX_ENV_CAPTURE_H

#include "env.h"
#include "writer.h"

#include <stddef.h>

/* Whether the LEN bytes at NAME are HOME, USER, GROUP, UID, GID or
 * SHELL: variables of whoever runs a program more than of the container,
 * never written as files of E nor into the shell dump. */
int env_capture_is_excluded(const char *name, size_t len);

/* Add to ENV the variables of the directory DIR: each entry whose name
 * does not start with '.' and has no '=', and that is a regular file
 * after links, sets the variable of its name to its content less exactly
 * one trailing newline. A variable ENV has already keeps its value, its
 * file unread. A file holding a NUL byte, or one that cannot be read
 * (memory running out included), is skipped with a warning naming it,
 * anything else that is no regular file without one. 0, or -1 with errno
 * when DIR cannot be opened (ENV then unchanged). */
int env_capture_import(struct env *env, const char *dir);

/* Whether the entry VAR ("NAME=VALUE") gets a file of its own in E: its
 * name is not excluded and is one the import reads back (not empty, no
 * '/', not starting with '.'). */
int env_capture_has_file(const char *var);

/* The content of a variable's file: VALUE, plus a newline when VALUE
 * ends in one, since the import drops one. */
void env_capture_write_value(struct writer *out, const char *value);

/* The shell dump of the entries VARS (NULL-terminated, in the order to
 * write): "export NAME=VALUE\n" for each variable whose name a shell
 * takes ([A-Za-z_][A-Za-z0-9_]*) and is not excluded, the others left
 * out. VALUE stands bare when it is not empty and made only of A-Z a-z
 * 0-9 and _@%+=:,./- ; otherwise it is in single quotes, each ' written
 * as '\''. Sourcing the dump sets each variable to exactly its value,
 * newlines and any other bytes included. */
void env_capture_write_shell(struct writer *out, char *const *vars);

/* The JSON dump of VARS: one object of every variable, excluded names
 * and names no shell takes included, in the order of VARS, then a
 * newline. Strings escape '"' and '\' with a backslash and the controls
 * U+0000-U+001F as \u00XX, keep valid UTF-8 as it is and write each byte
 * of anything else as U+FFFD. */
void env_capture_write_json(struct writer *out, char *const *vars);

#endif
