/* common.c - the harnesses' shared helpers (fuzz.h), and mem.h on malloc
 *
 * lib/mem.c hands out whole pages from mmap, so a write a few bytes past
 * a block lands in its page and no sanitizer sees it. Linked before
 * libinitbox.a, the mem_* functions here take its place in the fuzz and
 * replay programs: each block is exactly as long as asked, from malloc,
 * where AddressSanitizer checks every byte and LeakSanitizer every block. */
#include "fuzz.h"
#include "mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

jmp_buf fuzz_exit_point;
int fuzz_exit_armed;
int fuzz_exit_status;

void fuzz_exit(int status)
{
    if (!fuzz_exit_armed)
        exit(status);
    fuzz_exit_armed = 0;
    fuzz_exit_status = status;
    longjmp(fuzz_exit_point, 1);
}

/* make fuzz runs libFuzzer with -close_fd_mask=3, for what the code
 * under test prints; a failed property still goes to the first stderr. */
static int report_fd = 2;

__attribute__((constructor)) static void keep_stderr(void)
{
    int fd = fcntl(2, F_DUPFD_CLOEXEC, 100);

    if (fd >= 0)
        report_fd = fd;
}

void fuzz_fail(const char *file, int line, const char *what)
{
    dprintf(report_fd, "%s:%d: property failed: %s\n", file, line, what);
    abort();
}

#define FD_SCAN 256

static unsigned char was_open[FD_SCAN];

void fuzz_fds_mark(void)
{
    int fd;

    for (fd = 0; fd < FD_SCAN; fd++)
        was_open[fd] = fcntl(fd, F_GETFD) >= 0;
}

int fuzz_fds_close_new(void)
{
    int fd, count = 0;

    for (fd = 0; fd < FD_SCAN; fd++) {
        if (!was_open[fd] && fcntl(fd, F_GETFD) >= 0) {
            close(fd);
            count++;
        }
    }
    return count;
}

unsigned fuzz_byte(struct fuzz_input *in)
{
    if (in->size == 0)
        return 0;
    in->size--;
    return *in->data++;
}

static int take(struct fuzz_input *in, const void *separator, size_t seplen,
                const uint8_t **part, size_t *len)
{
    const uint8_t *at;

    if (in->size == 0)
        return -1;
    at = memmem(in->data, in->size, separator, seplen);
    *part = in->data;
    *len = at ? (size_t)(at - in->data) : in->size;
    if (at) {
        in->size -= *len + seplen;
        in->data = at + seplen;
    } else {
        in->data += in->size;
        in->size = 0;
    }
    return 0;
}

int fuzz_part(struct fuzz_input *in, const char *separator,
              const uint8_t **part, size_t *len)
{
    return take(in, separator, strlen(separator), part, len);
}

int fuzz_field(struct fuzz_input *in, int separator, const uint8_t **part, size_t *len)
{
    char byte = (char)separator;

    return take(in, &byte, 1, part, len);
}

char *fuzz_string(const uint8_t *bytes, size_t len)
{
    char *text = malloc(len + 1);

    if (!text)
        abort();
    memcpy(text, bytes, len);
    text[len] = '\0';
    return text;
}

static void empty_at(int dir_fd)
{
    DIR *dir = fdopendir(dir_fd);
    struct dirent *entry;

    if (!dir) {
        close(dir_fd);
        return;
    }
    while ((entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        int fd;

        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (unlinkat(dirfd(dir), name, 0) == 0)
            continue;
        fd = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            fchmod(fd, 0755);
            empty_at(fd);
        }
        unlinkat(dirfd(dir), name, AT_REMOVEDIR);
    }
    closedir(dir);
}

void fuzz_empty_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0)
        empty_at(fd);
}

static char scratch[PATH_MAX];

static void remove_scratch(void)
{
    fuzz_empty_dir(scratch);
    rmdir(scratch);
}

const char *fuzz_scratch(void)
{
    char *path = scratch;

    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");

        if (!tmp || !*tmp)
            tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof(scratch), "%s/initbox-fuzz.XXXXXX", tmp);
        if (!mkdtemp(path)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_scratch);
    }
    fuzz_empty_dir(path);
    return path;
}

int fuzz_write_file(const char *dir, const char *path, const void *bytes, size_t len)
{
    char full[PATH_MAX], *slash;
    int fd;

    if (snprintf(full, sizeof(full), "%s/%s", dir, path) >= (int)sizeof(full))
        return -1;
    for (slash = full + strlen(dir) + 1; (slash = strchr(slash, '/')) != NULL; slash++) {
        *slash = '\0';
        mkdir(full, 0755);
        *slash = '/';
    }
    fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    if (len > 0 && write(fd, bytes, len) != (ssize_t)len) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* One part of fuzz_tree(): 1 when an entry was made. */
static int tree_entry(const char *dir, const uint8_t *part, size_t len,
                      void (*seen)(void *, const char *, const uint8_t *, size_t),
                      void *context)
{
    const uint8_t *newline = memchr(part, '\n', len);
    size_t name_len = newline ? (size_t)(newline - part) : len;
    char name[256], path[PATH_MAX], *arrow, *p;
    const uint8_t *content = newline ? newline + 1 : part + len;
    size_t content_len = (size_t)(part + len - content);
    int is_dir, made;

    if (name_len == 0 || name_len >= sizeof(name) || memchr(part, '\0', name_len))
        return 0;
    memcpy(name, part, name_len);
    name[name_len] = '\0';
    is_dir = name[name_len - 1] == '/';
    if (is_dir)
        name[--name_len] = '\0';
    arrow = strstr(name, " -> ");
    if (arrow)
        *arrow = '\0';
    /* links only to entries beside them: nothing of the host is read */
    for (p = arrow ? arrow + 4 : name; *p; p++) {
        if (*p == '/')
            *p = '_';
    }
    for (p = name; *p; p++) {
        if (*p == '/')
            *p = '_';
    }
    if (!name[0] || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (arrow)
        made = symlink(arrow + 4, path) == 0;
    else if (is_dir)
        made = mkdir(path, 0755) == 0;
    else
        made = fuzz_write_file(dir, name, content, content_len) == 0;
    if (made && seen)
        seen(context, name, arrow || is_dir ? NULL : content, content_len);
    return made;
}

size_t fuzz_tree(const char *dir, struct fuzz_input *in,
                 void (*seen)(void *, const char *, const uint8_t *, size_t),
                 void *context)
{
    const uint8_t *part;
    size_t len, count = 0;

    while (fuzz_part(in, "\n%%\n", &part, &len) == 0)
        count += tree_entry(dir, part, len, seen, context);
    return count;
}

char *fuzz_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t size = 0, room = 4096;
    char *text;
    ssize_t n;

    if (fd < 0)
        return NULL;
    text = malloc(room + 1);
    while (text && (n = read(fd, text + size, room - size)) > 0) {
        size += (size_t)n;
        if (size == room)
            text = realloc(text, (room *= 2) + 1);
    }
    close(fd);
    if (!text)
        abort();
    text[size] = '\0';
    *len = size;
    return text;
}

/* ---- mem.h on malloc: a block is its length, then the bytes ---------- */

#define HEADER 16

void *mem_alloc(size_t size)
{
    char *base;

    if (size > SIZE_MAX - HEADER || !(base = calloc(1, size + HEADER))) {
        errno = ENOMEM;
        return NULL;
    }
    *(size_t *)base = size;
    return base + HEADER;
}

void *mem_resize(void *block, size_t size)
{
    char *base;
    size_t old;

    if (!block)
        return mem_alloc(size);
    base = (char *)block - HEADER;
    old = *(size_t *)base;
    if (size > SIZE_MAX - HEADER || !(base = realloc(base, size + HEADER))) {
        errno = ENOMEM;
        return NULL;
    }
    if (size > old)
        memset(base + HEADER + old, 0, size - old);
    *(size_t *)base = size;
    return base + HEADER;
}

void *mem_grow(void *block, size_t *size, size_t wanted)
{
    void *grown;

    if (wanted <= *size)
        return block;
    if (wanted < *size * 2)
        wanted = *size * 2;
    grown = mem_resize(block, wanted);
    if (grown)
        *size = wanted;
    return grown;
}

void mem_free(void *block)
{
    if (block)
        free((char *)block - HEADER);
}
