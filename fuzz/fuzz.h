/* fuzz.h - what the fuzz harnesses share: splitting an input into parts,
 * a scratch directory per input, exit() caught, and a failed property
 * reported as a crash
 *
 * Each harness fuzz/NAME.c defines LLVMFuzzerTestOneInput. It is linked
 * with libFuzzer (make fuzz) or with fuzz/replay.c (make check, which
 * runs every file of fuzz/corpus/NAME and fuzz/regress/NAME through it).
 * Harnesses of applets #include the applet's .c and are compiled with
 * -Dexit=fuzz_exit, as is lib/err.c for them: an applet's exit() then
 * returns to the harness instead of ending the fuzzer. */
#ifndef INITBOX_FUZZ_H
#define INITBOX_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input not yet taken. */
struct fuzz_input {
    const uint8_t *data;
    size_t size;
};

/* The next byte (0 once the input is used up). */
unsigned fuzz_byte(struct fuzz_input *in);

/* The next part: the bytes up to SEPARATOR (a string) or to the end of
 * the input, which advances past both. 0 with *PART and *LEN, or -1
 * when nothing is left. */
int fuzz_part(struct fuzz_input *in, const char *separator,
              const uint8_t **part, size_t *len);

/* The same with the one byte SEPARATOR (NUL included). */
int fuzz_field(struct fuzz_input *in, int separator, const uint8_t **part, size_t *len);

/* A NUL-terminated copy of LEN bytes (malloc; NUL bytes in it end the
 * string early). */
char *fuzz_string(const uint8_t *bytes, size_t len);

/* A fresh, empty scratch directory for this input (in $TMPDIR, default
 * /dev/shm when it exists): the same path each time, emptied first. */
const char *fuzz_scratch(void);

/* Write LEN bytes to PATH below DIR, making the directories on the way
 * (mode 0755; files 0644). 0, or -1 when it cannot be made. */
int fuzz_write_file(const char *dir, const char *path, const void *bytes, size_t len);

/* Entries of DIR from the parts of IN separated by "\n%%\n", each
 * "NAME\nCONTENT": a file NAME holding CONTENT; NAME ending in '/' a
 * directory, "NAME -> TARGET" a symbolic link (to an entry beside it:
 * any '/' of TARGET made '_'), other '/' of NAME made '_'.
 * Calls SEEN (if not NULL) with each entry made: its name and, for a
 * file, its content (NULL for the others). Returns the count made. */
size_t fuzz_tree(const char *dir, struct fuzz_input *in,
                 void (*seen)(void *context, const char *name, const uint8_t *content,
                              size_t len),
                 void *context);

/* The whole file PATH (malloc, NUL added; *LEN without it), or NULL. */
char *fuzz_read_file(const char *path, size_t *len);

/* Remove everything below DIR (DIR stays). */
void fuzz_empty_dir(const char *dir);

/* Note the descriptors open now; then close those opened since (an
 * applet's exit() leaves them to the kernel), returning how many. */
void fuzz_fds_mark(void);
int fuzz_fds_close_new(void);

/* exit() of the code under test: longjmp to fuzz_exit_point when it is
 * armed (fuzz_exit_armed), the real exit otherwise. */
extern jmp_buf fuzz_exit_point;
extern int fuzz_exit_armed;
extern int fuzz_exit_status;
void fuzz_exit(int status) __attribute__((noreturn));

/* A property of the code under test does not hold: say which and abort,
 * which libFuzzer and the replay both report as a crash. */
#define FUZZ_ASSERT(condition) \
    do { \
        if (!(condition)) \
            fuzz_fail(__FILE__, __LINE__, #condition); \
    } while (0)
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

#endif
