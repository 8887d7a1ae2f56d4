/* file.h - paths and whole small files */
#ifndef INITBOX_FILE_H
#define INITBOX_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* DIR "/" NAME into BUF of SIZE bytes; just NAME when DIR is empty, no
 * doubled slash when DIR ends in one. 0, or -1 with ENAMETOOLONG. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

/* Make the directory PATH (relative to AT_FD, which may be AT_FDCWD)
 * with MODE, and first, when they are missing, the directories above it
 * with 0755. A directory already there is no error. PATH is written to
 * while it runs and restored. 0, or -1 with errno. */
int make_directories(int at_fd, char *path, mode_t mode);

/* Read at most SIZE - 1 bytes of PATH into BUF and NUL-terminate it.
 * Returns the byte count, or -1 with errno. */
ssize_t read_small_file(const char *path, char *buf, size_t size);

/* A file replaced atomically: its new content goes to a temporary file
 * in the same directory, which is then renamed over it, so that readers
 * see the old file or the new one, never a part. */
struct atomic_file {
    int fd;                 /* the temporary file: write the content here */
    const char *path;
    const char *temp;       /* the temporary file's name (the caller's) */
};

/* Create TEMP, a name in PATH's directory, with MODE (before the umask)
 * for FILE: always a new file, so a leftover of that name is removed
 * first and a symbolic link there is never followed. 0, or -1 with
 * errno. */
int atomic_file_open(struct atomic_file *file, const char *path,
                     const char *temp, mode_t mode);

/* Close the temporary file, after an fsync when SYNC is set, and rename
 * it over PATH. 0; or -1 with errno, the temporary file removed, and
 * *STEP (if not NULL) naming what failed: "write" (the fsync or the
 * close) or "rename". */
int atomic_file_commit(struct atomic_file *file, int sync, const char **step);

/* Give up: close and remove the temporary file; errno is kept. */
void atomic_file_abort(struct atomic_file *file);

/* Replace PATH with LEN bytes of DATA through PATH.new (runit's name),
 * created with MODE (before the umask); fsync first when SYNC is set.
 * PATH is at most 251 bytes long (else ENAMETOOLONG). On failure -1 with
 * errno, and *STEP (if not NULL) names what failed: "open", "write" or
 * "rename", for runit-style messages such as "unable to rename
 * supervise/status.new". */
int write_file_atomic(const char *path, const void *data, size_t len,
                      mode_t mode, int sync, const char **step);

#endif
