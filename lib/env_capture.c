/* env_capture.c - my_init's environment directory: import, per-variable
 * files, shell and JSON dumps */
#include "env_capture.h"
#include "dir.h"
#include "err.h"
#include "fmt.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t name_length(const char *var)
{
    return strchrnul(var, '=') - var;
}

int env_capture_is_excluded(const char *name, size_t len)
{
    static const char excluded[] = "HOME\0USER\0GROUP\0UID\0GID\0SHELL\0";
    const char *p;

    for (p = excluded; *p; p += strlen(p) + 1) {
        if (strlen(p) == len && memcmp(p, name, len) == 0)
            return 1;
    }
    return 0;
}

/* A buffer from mem.h that grows as files need it. */
struct scratch {
    char *buf;
    size_t size;
};

/* At least SIZE bytes in SCRATCH; 0, or -1 with ENOMEM. */
static int scratch_reserve(struct scratch *scratch, size_t size)
{
    char *buf = mem_grow(scratch->buf, &scratch->size, size);

    if (!buf)
        return -1;
    scratch->buf = buf;
    return 0;
}

/* The content of FD, up to its end, into SCRATCH: its length, or -1
 * with errno. SIZE_HINT is what fstat said it holds. */
static ssize_t read_content(int fd, struct scratch *scratch, size_t size_hint)
{
    size_t len = 0;
    ssize_t n;

    if (scratch_reserve(scratch, size_hint + 2) < 0)
        return -1;
    for (;;) {
        if (scratch_reserve(scratch, len + 2) < 0)
            return -1;
        n = read(fd, scratch->buf + len, scratch->size - len - 1);
        if (n > 0)
            len += n;
        else if (n == 0)
            return len;
        else if (errno != EINTR)
            return -1;
    }
}

/* The file NAME of DIR (open as DIR_FD) into ENV, its content passing
 * through SCRATCH. Warnings, if any, name the file. */
static void import_file(struct env *env, int dir_fd, const char *dir,
                        const char *name, struct scratch *scratch)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    const char *problem = NULL;
    struct stat st;
    ssize_t len;

    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd < 0 && errno != ENOENT)
            warn_errno("unable to read %s/%s", dir, name);
        if (fd >= 0)
            close(fd);
        return;
    }
    len = read_content(fd, scratch, st.st_size);
    close(fd);
    if (len < 0) {
        problem = errno == ENOMEM ? "out of memory" : error_text(errno);
    } else if (memchr(scratch->buf, '\0', len)) {
        problem = "it contains a NUL byte";
    } else {
        if (len > 0 && scratch->buf[len - 1] == '\n')
            len--;
        scratch->buf[len] = '\0';
        if (env_set(env, name, scratch->buf) < 0)
            problem = "out of memory";
    }
    if (problem)
        warn("unable to import %s/%s: %s", dir, name, problem);
}

int env_capture_import(struct env *env, const char *dir)
{
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct scratch scratch = { NULL, 0 };
    struct dir_reader reader;
    const char *name;

    if (dir_fd < 0)
        return -1;
    dir_reader_init(&reader, dir_fd);
    while ((name = dir_next(&reader))) {
        if (name[0] != '.' && !strchr(name, '=') && !env_get(env, name, strlen(name)))
            import_file(env, dir_fd, dir, name, &scratch);
    }
    close(dir_fd);
    mem_free(scratch.buf);
    return 0;
}

int env_capture_has_file(const char *var)
{
    size_t len = name_length(var);

    return len > 0 && var[0] != '.' && !memchr(var, '/', len)
        && !env_capture_is_excluded(var, len);
}

void env_capture_write_value(struct writer *out, const char *value)
{
    size_t len = strlen(value);

    writer_put(out, value, len);
    if (len > 0 && value[len - 1] == '\n')
        writer_put(out, "\n", 1);
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_shell_name(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (!is_letter(name[i]) && !(i > 0 && is_digit(name[i])))
            return 0;
    }
    return len > 0;
}

/* A byte that needs no quoting anywhere in a shell word. */
static int is_bare(char c)
{
    return is_letter(c) || is_digit(c) || (c && strchr("@%+=:,./-", c));
}

/* VALUE bare when it can be, else single-quoted: inside single quotes
 * only ' itself is special, and it is written as '\'' (end the quoted
 * part, an escaped quote, start another). */
static void write_shell_value(struct writer *out, const char *value)
{
    const char *p, *end;

    for (p = value; is_bare(*p); p++)
        continue;
    if (!*p && p > value) {
        writer_put(out, value, p - value);
        return;
    }
    writer_put(out, "'", 1);
    for (p = value; *p; p = end) {
        end = strchrnul(p, '\'');
        writer_put(out, p, end - p);
        if (*end) {
            writer_put(out, "'\\''", 4);
            end++;
        }
    }
    writer_put(out, "'", 1);
}

void env_capture_write_shell(struct writer *out, char *const *vars)
{
    size_t len;

    for (; *vars; vars++) {
        len = name_length(*vars);
        if (!(*vars)[len] || !is_shell_name(*vars, len)
            || env_capture_is_excluded(*vars, len))
            continue;
        writer_put(out, "export ", 7);
        writer_put(out, *vars, len + 1);
        write_shell_value(out, *vars + len + 1);
        writer_put(out, "\n", 1);
    }
}

/* Length of the valid UTF-8 sequence at S, 0 if there is none. S is
 * NUL-terminated, which no continuation byte can be. */
static int utf8_length(const unsigned char *s)
{
    unsigned char low = 0x80, high = 0xbf;
    int need = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2, i;

    if (s[0] < 0xc2 || s[0] > 0xf4)
        return 0;
    if (s[0] == 0xe0)
        low = 0xa0;             /* no overlong forms */
    else if (s[0] == 0xf0)
        low = 0x90;
    else if (s[0] == 0xed)
        high = 0x9f;            /* no UTF-16 surrogates */
    else if (s[0] == 0xf4)
        high = 0x8f;            /* nothing above U+10FFFF */
    if (s[1] < low || s[1] > high)
        return 0;
    for (i = 2; i < need; i++) {
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    }
    return need;
}

/* A JSON string of the first LEN bytes of TEXT, which is NUL-terminated
 * somewhere at or after them. */
static void write_json_string(struct writer *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    char escape[8];
    int part;

    writer_put(out, "\"", 1);
    while (len > 0) {
        part = 1;
        if (*s == '"' || *s == '\\')
            writer_put(out, (char[]){ '\\', (char)*s }, 2);
        else if (*s < 0x20)
            writer_put(out, escape, fmt_format(escape, sizeof(escape), "\\u%04x", *s));
        else if (*s < 0x80 || (part = utf8_length(s)) > 0)
            writer_put(out, s, part);
        else
            writer_put(out, "\xef\xbf\xbd", 3), part = 1;
        s += part;
        len -= part;
    }
    writer_put(out, "\"", 1);
}

void env_capture_write_json(struct writer *out, char *const *vars)
{
    int first = 1;
    size_t len;

    writer_put(out, "{", 1);
    for (; *vars; vars++) {
        len = name_length(*vars);
        if (!(*vars)[len])
            continue;           /* no '=': no variable */
        if (!first)
            writer_put(out, ",\n", 2);
        first = 0;
        write_json_string(out, *vars, len);
        writer_put(out, ":", 1);
        write_json_string(out, *vars + len + 1, strlen(*vars + len + 1));
    }
    writer_put(out, "}\n", 2);
}
