/* file.h - paths and whole small files */
#ifndef INITBOX_FILE_H
#define INITBOX_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* DIR "/" NAME into BUF of SIZE bytes; just NAME when DIR is empty, no
 * doubled slash when DIR ends in one. 0, or -1 with ENAMETOOLONG. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

/* Read at most SIZE - 1 bytes of PATH into BUF and NUL-terminate it.
 * Returns the byte count, or -1 with errno. */
ssize_t read_small_file(const char *path, char *buf, size_t size);

/* Replace PATH atomically with LEN bytes of DATA: write PATH.new (created
 * with MODE before the umask, truncated), fsync it when SYNC is set, then
 * rename it over PATH, so readers see the old or the new file, never a
 * part. PATH is at most 251 bytes long (else ENAMETOOLONG). On failure
 * PATH.new is removed and -1 returned with errno; *STEP
 * (if not NULL) names what failed: "open", "write" or "rename", for
 * runit-style messages such as "unable to rename supervise/status.new". */
int write_file_atomic(const char *path, const void *data, size_t len,
                      mode_t mode, int sync, const char **step);

#endif
