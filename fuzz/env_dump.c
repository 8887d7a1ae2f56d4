/* env_dump.c - fuzz nanoinit's environment dumps: round trips through
 * the shell and JSON dumps and the per-variable files
 *
 * Input: an environ, its entries ("NAME=VALUE"; also one without '=',
 * or a name twice, as an inherited environ may hold them) separated by
 * NUL bytes. Properties:
 * - the shell dump, read back by a strict reader of its quoting here,
 *   gives exactly the variables with shell names and not excluded, in
 *   order, with their values;
 * - the JSON dump, read back by a strict JSON reader here, gives every
 *   variable in order, names and values as they were but for invalid
 *   UTF-8, each byte of which reads as U+FFFD (checked by a decoder of
 *   code points written here, not by the product's);
 * - the files of the variables that get one (the first of a name),
 *   written with env_capture_write_value and imported into an empty
 *   environment, give the same variables and values. */
#include "env_capture.h"
#include "fuzz.h"
#include "writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the dump of a writer, in memory ---------------------------------- */

static char *dump(void (*write)(struct writer *, char *const *), char *const *vars,
                  size_t *len)
{
    char buf[256];
    int fd = memfd_create("dump", MFD_CLOEXEC);
    struct writer out = WRITER_INIT(fd, buf, sizeof(buf));
    char path[64];

    FUZZ_ASSERT(fd >= 0);
    write(&out, vars);
    FUZZ_ASSERT(writer_flush(&out) == 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    {
        char *text = fuzz_read_file(path, len);

        close(fd);
        FUZZ_ASSERT(text);
        return text;
    }
}

/* ---- the shell dump ---------------------------------------------------- */

static int is_name_byte(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || (!first && c >= '0' && c <= '9');
}

static int is_excluded(const char *name, size_t len)
{
    static const char *const names[] = { "HOME", "USER", "GROUP", "UID", "GID", "SHELL" };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return 1;
    }
    return 0;
}

/* One "export NAME=WORD\n" line at *P (END the end of the dump): the
 * "NAME=VALUE" it sets, malloc'd. A bare word takes only the bytes the
 * dump leaves bare; quoted parts take anything but '; \' is a quote. */
static char *shell_line(const char **p, const char *end)
{
    const char *s = *p;
    char *var = malloc((size_t)(end - s) + 1);
    size_t len = 0;
    int quoted = 0, any = 0;

    FUZZ_ASSERT(var && end - s > 7 && memcmp(s, "export ", 7) == 0);
    s += 7;
    FUZZ_ASSERT(s < end && is_name_byte(*s, 1));
    while (s < end && *s != '=') {
        FUZZ_ASSERT(is_name_byte(*s, 0));
        var[len++] = *s++;
    }
    FUZZ_ASSERT(s < end);
    var[len++] = *s++;
    for (;;) {
        FUZZ_ASSERT(s < end);
        if (quoted) {
            if (*s == '\'')
                quoted = 0;
            else
                var[len++] = *s;
            s++;
        } else if (*s == '\'') {
            quoted = 1;
            any = 1;
            s++;
        } else if (*s == '\\') {
            FUZZ_ASSERT(s + 1 < end && s[1] == '\'');
            var[len++] = '\'';
            s += 2;
        } else if (*s == '\n') {
            break;
        } else {
            FUZZ_ASSERT(is_name_byte(*s, 0) || strchr("@%+=:,./-", *s));
            var[len++] = *s++;
        }
        any = 1;
    }
    FUZZ_ASSERT(any);
    var[len] = '\0';
    *p = s + 1;
    return var;
}

static void check_shell(char *const *vars)
{
    size_t len;
    char *text = dump(env_capture_write_shell, vars, &len);
    const char *p = text, *end = text + len;

    for (; *vars; vars++) {
        const char *var = *vars;
        size_t name_len = strchrnul(var, '=') - var, i;
        int is_shell = name_len > 0 && var[name_len] == '=';
        char *got;

        for (i = 0; i < name_len && is_shell; i++)
            is_shell = is_name_byte(var[i], i == 0);
        if (!is_shell || is_excluded(var, name_len))
            continue;
        got = shell_line(&p, end);
        FUZZ_ASSERT(strcmp(got, var) == 0);
        free(got);
    }
    FUZZ_ASSERT(p == end);
    free(text);
}

/* ---- the JSON dump ----------------------------------------------------- */

/* The code point of the valid UTF-8 sequence at S (N bytes left) and its
 * length in *LEN; -1 when S starts no valid sequence. */
static long code_point(const unsigned char *s, size_t n, size_t *len)
{
    static const long lowest[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    size_t need, i;
    long c;

    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xe0) == 0xc0)
        need = 2, c = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        need = 3, c = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        need = 4, c = s[0] & 0x07;
    else
        return -1;
    if (need > n)
        return -1;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        c = c << 6 | (s[i] & 0x3f);
    }
    if (c < lowest[need] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return -1;
    *len = need;
    return c;
}

/* TEXT's LEN bytes as the JSON dump should give them back. */
static char *json_expected(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    char *out = malloc(len * 3 + 1), *o = out;
    size_t i = 0, n;

    FUZZ_ASSERT(out);
    while (i < len) {
        if (code_point(s + i, len - i, &n) < 0) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        } else {
            memcpy(o, s + i, n);
            o += n;
            i += n;
        }
    }
    *o = '\0';
    return out;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    FUZZ_ASSERT(!"a lower-case hex digit");
    return 0;
}

/* The JSON string at *P, strictly: controls only as \u00XX, no other
 * escapes than \" \\ and those; its bytes malloc'd, *LEN of them. */
static char *json_string(const char **p, const char *end, size_t *len)
{
    const char *s = *p;
    char *out = malloc((size_t)(end - s) + 1);
    size_t n = 0;

    FUZZ_ASSERT(out && s < end && *s == '"');
    for (s++;; s++) {
        FUZZ_ASSERT(s < end);
        if (*s == '"')
            break;
        FUZZ_ASSERT((unsigned char)*s >= 0x20);
        if (*s != '\\') {
            out[n++] = *s;
            continue;
        }
        FUZZ_ASSERT(s + 1 < end);
        s++;
        if (*s == '"' || *s == '\\') {
            out[n++] = *s;
            continue;
        }
        FUZZ_ASSERT(*s == 'u' && end - s > 4 && s[1] == '0' && s[2] == '0');
        out[n] = (char)(hex_digit(s[3]) << 4 | hex_digit(s[4]));
        FUZZ_ASSERT((unsigned char)out[n] < 0x20);
        n++;
        s += 4;
    }
    out[n] = '\0';
    *len = n;
    *p = s + 1;
    return out;
}

static void check_json(char *const *vars)
{
    size_t len, got_len;
    char *text = dump(env_capture_write_json, vars, &len);
    const char *p = text, *end = text + len;
    int first = 1;

    FUZZ_ASSERT(len >= 3 && *p++ == '{');
    for (; *vars; vars++) {
        const char *var = *vars;
        size_t name_len = strchrnul(var, '=') - var;
        char *got, *expected;

        if (!var[name_len])
            continue;
        if (!first) {
            FUZZ_ASSERT(end - p > 2 && p[0] == ',' && p[1] == '\n');
            p += 2;
        }
        first = 0;
        got = json_string(&p, end, &got_len);
        expected = json_expected(var, name_len);
        FUZZ_ASSERT(got_len == strlen(expected) && memcmp(got, expected, got_len) == 0);
        free(got);
        free(expected);
        FUZZ_ASSERT(p < end && *p++ == ':');
        got = json_string(&p, end, &got_len);
        expected = json_expected(var + name_len + 1, strlen(var + name_len + 1));
        FUZZ_ASSERT(got_len == strlen(expected) && memcmp(got, expected, got_len) == 0);
        free(got);
        free(expected);
    }
    FUZZ_ASSERT(end - p == 2 && p[0] == '}' && p[1] == '\n');
    free(text);
}

/* ---- the files of the variables ---------------------------------------- */

/* Whether an entry before VAR has its name. */
static int is_repeated(char *const *vars, char *const *var, size_t name_len)
{
    for (; vars < var; vars++) {
        if (strncmp(*vars, *var, name_len + 1) == 0)
            return 1;
    }
    return 0;
}

static void check_files(char *const *vars)
{
    const char *dir = fuzz_scratch();
    char *const *var;
    struct env back;
    size_t files = 0;

    for (var = vars; *var; var++) {
        char path[4096], buf[256];
        size_t name_len = strchrnul(*var, '=') - *var;
        struct writer out = WRITER_INIT(-1, buf, sizeof(buf));

        if (!(*var)[name_len] || !env_capture_has_file(*var)
            || is_repeated(vars, var, name_len))
            continue;
        FUZZ_ASSERT(name_len > 0 && (*var)[0] != '.' && !memchr(*var, '/', name_len));
        if ((size_t)snprintf(path, sizeof(path), "%s/%.*s", dir, (int)name_len, *var)
            >= sizeof(path))
            continue;
        out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out.fd < 0)
            continue;           /* a name too long for the file system */
        env_capture_write_value(&out, *var + name_len + 1);
        FUZZ_ASSERT(writer_flush(&out) == 0);
        close(out.fd);
        files++;
    }
    FUZZ_ASSERT(env_init(&back, NULL) == 0);
    FUZZ_ASSERT(env_capture_import(&back, dir) == 0);
    FUZZ_ASSERT(back.count == files);
    for (var = vars; *var; var++) {
        size_t name_len = strchrnul(*var, '=') - *var;
        const char *value;

        if (!(*var)[name_len] || !env_capture_has_file(*var) || name_len > 255
            || is_repeated(vars, var, name_len))
            continue;
        value = env_get(&back, *var, name_len);
        FUZZ_ASSERT(value && strcmp(value, *var + name_len + 1) == 0);
    }
    env_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    char **initial = calloc(size + 1, sizeof(char *));
    const uint8_t *part;
    size_t len, count = 0, i;
    struct env env;

    FUZZ_ASSERT(initial);
    while (fuzz_field(&in, '\0', &part, &len) == 0)
        initial[count++] = fuzz_string(part, len);
    FUZZ_ASSERT(env_init(&env, initial) == 0);
    FUZZ_ASSERT(env.count == count);
    for (i = 0; i < count; i++) {
        FUZZ_ASSERT(strcmp(env.vars[i], initial[i]) == 0);
        free(initial[i]);
    }
    free(initial);
    check_shell(env.vars);
    check_json(env.vars);
    check_files(env.vars);
    env_free(&env);
    return 0;
}
