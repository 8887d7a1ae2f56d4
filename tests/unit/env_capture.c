/* tests/unit/env_capture.c - the environment directory: shell quoting
 * (checked by /bin/sh itself), JSON escaping, per-variable files read
 * back exactly, the import's rules */
#include "check.h"
#include "env_capture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void dump_function(struct writer *, char *const *);

/* What DUMP writes for VARS, through a writer with a small buffer (so
 * that it flushes often), NUL-terminated in a static buffer. */
static const char *dump(dump_function *write_dump, char *const *vars)
{
    static char text[8192];
    char temp[] = "/tmp/env_capture.XXXXXX", buf[16];
    int fd = mkstemp(temp);
    struct writer out = WRITER_INIT(fd, buf, sizeof(buf));
    ssize_t len;

    unlink(temp);
    write_dump(&out, vars);
    CHECK(writer_flush(&out) == 0 && out.error == 0);
    lseek(fd, 0, SEEK_SET);
    len = read(fd, text, sizeof(text) - 1);
    close(fd);
    text[len > 0 ? len : 0] = '\0';
    return text;
}

static void test_shell_bare_and_quoted(void)
{
    char *safe[] = { "SAFE=a-b_c.d/e:f,g@h%i+j=k09", NULL };
    char *empty[] = { "EMPTY=", NULL };
    char *space[] = { "SPACE=a b", NULL };
    char *quotes[] = { "QUOTES=it's \"quoted\"", NULL };
    char *only_quote[] = { "Q='", NULL };
    char *specials[] = { "S=$HOME `id` \\n ~ * # ! ; & | < > ( ) [ ] { } ?", NULL };
    char *newlines[] = { "NL=one\ntwo\n", NULL };
    char *tab[] = { "TAB=a\tb", NULL };
    char *utf8[] = { "UTF8=gr\xc3\xbc\xc3\x9f", NULL };

    CHECK_STR("export SAFE=a-b_c.d/e:f,g@h%i+j=k09\n", dump(env_capture_write_shell, safe));
    CHECK_STR("export EMPTY=''\n", dump(env_capture_write_shell, empty));
    CHECK_STR("export SPACE='a b'\n", dump(env_capture_write_shell, space));
    CHECK_STR("export QUOTES='it'\\''s \"quoted\"'\n", dump(env_capture_write_shell, quotes));
    CHECK_STR("export Q=''\\'''\n", dump(env_capture_write_shell, only_quote));
    CHECK_STR("export S='$HOME `id` \\n ~ * # ! ; & | < > ( ) [ ] { } ?'\n",
              dump(env_capture_write_shell, specials));
    CHECK_STR("export NL='one\ntwo\n'\n", dump(env_capture_write_shell, newlines));
    CHECK_STR("export TAB='a\tb'\n", dump(env_capture_write_shell, tab));
    CHECK_STR("export UTF8='gr\xc3\xbc\xc3\x9f'\n", dump(env_capture_write_shell, utf8));
}

/* Every byte a shell treats specially, alone or among others, is quoted. */
static void test_shell_quotes_each_special_byte(void)
{
    static const char specials[] = " \t\n!\"#$&'()*;<>?[\\]^`{|}~\x7f\x80\xff";
    char var[8], expected[32], *vars[] = { var, NULL };
    const char *p;

    for (p = specials; *p; p++) {
        snprintf(var, sizeof(var), "V=%c", *p);
        if (*p == '\'')
            strcpy(expected, "export V=''\\'''\n");
        else
            snprintf(expected, sizeof(expected), "export V='%c'\n", *p);
        CHECK_STR(expected, dump(env_capture_write_shell, vars));
        snprintf(var, sizeof(var), "V=a%cb", *p);
        CHECK(strncmp(dump(env_capture_write_shell, vars), "export V='a", 11) == 0);
    }
}

static void test_shell_names(void)
{
    char *vars[] = { "_=underscore", "A1=x", "1A=digit first", "BAD-NAME=x", "=no name",
                     "NOEQ", "HOME=/root", "USER=u", "GROUP=g", "UID=0", "GID=0",
                     "SHELL=/bin/sh", "HOMEY=kept", "a_b=lower", "\xc3\xa9=utf8", NULL };

    CHECK_STR("export _=underscore\nexport A1=x\nexport HOMEY=kept\nexport a_b=lower\n",
              dump(env_capture_write_shell, vars));
}

/* The values the shell round trip and the file round trip go through. */
static char *tricky[] = {
    "EMPTY=", "SPACES=  a  b  ", "QUOTES=it's \"quoted\" ''", "DOLLAR=$HOME ${X} $(id) `id`",
    "BACKSLASH=a\\b\\\\c\\", "NEWLINES=one\ntwo\n\n", "ONLY_NEWLINE=\n", "TAB=\tx\t",
    "UTF8=gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80", "INVALID=a\xff\xfe" "b",
    "DASH=-n", "GLOB=* ? [a]", "HASH=# not a comment", "SAFE=a-b_c.d/e:f,g@h%i+j=k",
    "CONTROLS=\x01\x1f\x7f", "EQUALS==a=", NULL,
};

/* What "sh -c 'set -e; . FILE; printf %s "$NAME"'" prints, into OUT. */
static int source_and_print(const char *shell, const char *file, const char *name,
                            char *out, size_t size)
{
    char script[128];
    int fds[2];
    pid_t pid;

    snprintf(script, sizeof(script), "set -e; . \"$1\"; printf %%s \"$%s\"", name);
    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execl(shell, shell, "-c", script, "sh", file, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    return check_output_of(pid, fds[0], out, size);
}

static void test_shell_round_trip(void)
{
    static const char *const shells[] = { "/bin/sh", "/bin/dash", "/bin/bash", NULL };
    char file[] = "/tmp/env_capture_sh.XXXXXX", out[256], name[32];
    const char *text = dump(env_capture_write_shell, tricky);
    int fd = mkstemp(file), tried = 0;
    size_t i, j;

    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    for (i = 0; shells[i]; i++) {
        if (access(shells[i], X_OK) != 0)
            continue;
        tried++;
        for (j = 0; tricky[j]; j++) {
            const char *value = strchr(tricky[j], '=') + 1;

            snprintf(name, sizeof(name), "%.*s", (int)(value - 1 - tricky[j]), tricky[j]);
            CHECK(source_and_print(shells[i], file, name, out, sizeof(out)) == 0);
            if (strcmp(out, value) != 0)
                fprintf(stderr, "%s: %s came back as \"%s\"\n", shells[i], name, out);
            CHECK(strcmp(out, value) == 0);
        }
    }
    CHECK(tried > 0);
    unlink(file);
}

static void test_json(void)
{
    char *plain[] = { "B=2", "A=1", NULL };
    char *none[] = { NULL };
    char *escapes[] = { "Q=\"\\", "C=\x01\x1f\n\t\x7f", NULL };
    char *excluded[] = { "HOME=/root", "BAD-NAME=x", "NOEQ", NULL };
    char *valid[] = { "U=\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf", NULL };
    char *invalid[] = {
        "I=\x80|\xc0\x80|\xc1\xbf|\xe0\x80\x80|\xed\xa0\x80|\xf0\x8f\xbf\xbf"
        "|\xf4\x90\x80\x80|\xf5|\xff|\xe2\x82|\xe2\x82x", NULL };
    char *bad_name[] = { "\xff=v", NULL };

    CHECK_STR("{\"B\":\"2\",\n\"A\":\"1\"}\n", dump(env_capture_write_json, plain));
    CHECK_STR("{}\n", dump(env_capture_write_json, none));
    CHECK_STR("{\"Q\":\"\\\"\\\\\",\n\"C\":\"\\u0001\\u001f\\u000a\\u0009\x7f\"}\n",
              dump(env_capture_write_json, escapes));
    CHECK_STR("{\"HOME\":\"/root\",\n\"BAD-NAME\":\"x\"}\n", dump(env_capture_write_json, excluded));
    CHECK_STR("{\"U\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf\"}\n",
              dump(env_capture_write_json, valid));
#define R "\xef\xbf\xbd"
    /* a lone continuation byte; overlong 2-, 3- and 4-byte forms; a
     * surrogate; above U+10FFFF; bytes never in UTF-8; cut sequences */
    CHECK_STR("{\"I\":\"" R "|" R R "|" R R "|" R R R "|" R R R "|" R R R R
              "|" R R R R "|" R "|" R "|" R R "|" R R "x\"}\n", dump(env_capture_write_json, invalid));
    CHECK_STR("{\"" R "\":\"v\"}\n", dump(env_capture_write_json, bad_name));
#undef R
}

static void test_excluded_and_file_names(void)
{
    CHECK(env_capture_is_excluded("HOME", 4) && env_capture_is_excluded("SHELL", 5));
    CHECK(env_capture_is_excluded("HOME=x", 4));
    CHECK(!env_capture_is_excluded("HOM", 3) && !env_capture_is_excluded("HOMEY", 5));
    CHECK(!env_capture_is_excluded("PATH", 4) && !env_capture_is_excluded("", 0));
    CHECK(env_capture_has_file("PATH=/bin") && env_capture_has_file("BAD-NAME=x"));
    CHECK(env_capture_has_file("A=") && env_capture_has_file("x.y=1"));
    CHECK(!env_capture_has_file("HOME=/root") && !env_capture_has_file("UID=0"));
    CHECK(!env_capture_has_file("=x") && !env_capture_has_file(".HIDDEN=x"));
    CHECK(!env_capture_has_file("A/B=x") && !env_capture_has_file("..=x"));
}

/* Write FILE in DIR holding LEN bytes of DATA. */
static void put_file(const char *dir, const char *file, const char *data, size_t len)
{
    char path[256];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0 && write(fd, data, len) == (ssize_t)len);
    close(fd);
}

/* Write each variable of VARS that has a file as its file in DIR. */
static void export_files(const char *dir, char *const *vars)
{
    char path[256], buf[32];
    size_t len;
    int fd;

    for (; *vars; vars++) {
        if (!env_capture_has_file(*vars))
            continue;
        len = strchr(*vars, '=') - *vars;
        snprintf(path, sizeof(path), "%s/%.*s", dir, (int)len, *vars);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        CHECK(fd >= 0);
        struct writer out = WRITER_INIT(fd, buf, sizeof(buf));
        env_capture_write_value(&out, *vars + len + 1);
        CHECK(writer_flush(&out) == 0);
        close(fd);
    }
}

static int same_environment(struct env *a, struct env *b)
{
    size_t i;

    env_sort(a);
    env_sort(b);
    if (a->count != b->count)
        return 0;
    for (i = 0; i < a->count; i++) {
        if (strcmp(a->vars[i], b->vars[i]) != 0) {
            fprintf(stderr, "\"%s\" came back as \"%s\"\n", a->vars[i], b->vars[i]);
            return 0;
        }
    }
    return 1;
}

static void test_files_round_trip(char *dir)
{
    char *many[] = { "ONE=\n\n\n", "TWO=x\n", "THREE=", NULL };
    struct env original, expected, imported;

    /* every variable but HOME's family comes back exactly */
    CHECK(env_init(&original, tricky) == 0 && env_init(&expected, tricky) == 0);
    CHECK(env_add(&original, "HOME=/root") == 0 && env_add(&original, "SHELL=/bin/sh") == 0);
    export_files(dir, original.vars);
    CHECK(env_init(&imported, NULL) == 0);
    CHECK(env_capture_import(&imported, dir) == 0);
    CHECK(same_environment(&expected, &imported));
    env_free(&imported);
    env_free(&expected);
    env_free(&original);
    /* a second export over the first: the files are replaced whole */
    CHECK(env_init(&original, many) == 0);
    export_files(dir, original.vars);
    CHECK(env_init(&imported, NULL) == 0);
    CHECK(env_capture_import(&imported, dir) == 0);
    CHECK(env_get(&imported, "ONE", 3) && strcmp(env_get(&imported, "ONE", 3), "\n\n\n") == 0);
    CHECK(env_get(&imported, "TWO", 3) && strcmp(env_get(&imported, "TWO", 3), "x\n") == 0);
    CHECK(env_get(&imported, "THREE", 5) && strcmp(env_get(&imported, "THREE", 5), "") == 0);
    env_free(&imported);
    env_free(&original);
}

/* env_capture_import's warnings, from standard error. */
static int import_with_warnings(struct env *env, const char *dir, char *warnings, size_t size)
{
    char temp[] = "/tmp/env_capture_err.XXXXXX";
    int fd = mkstemp(temp), saved = dup(2), result;
    ssize_t len;

    unlink(temp);
    dup2(fd, 2);
    result = env_capture_import(env, dir);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    len = read(fd, warnings, size - 1);
    warnings[len > 0 ? len : 0] = '\0';
    close(fd);
    return result;
}

static void test_import_rules(char *dir)
{
    char path[256], big[10001], warnings[1024], expected[1024];
    char *initial[] = { "KEPT=from the environment", NULL };
    struct env env;

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\n';
    put_file(dir, "PLAIN", "plain", 5);
    put_file(dir, "ONE_NL", "one\n", 4);
    put_file(dir, "TWO_NL", "two\n\n", 5);
    put_file(dir, "EMPTY", "", 0);
    put_file(dir, "BIG", big, sizeof(big));
    put_file(dir, ".HIDDEN", "hidden", 6);
    put_file(dir, "A=B", "eq", 2);
    put_file(dir, "WITH_NUL", "a\0b", 3);
    put_file(dir, "KEPT", "k\0k", 3);       /* never read: no warning */
    put_file(dir, "target", "linked", 6);
    snprintf(path, sizeof(path), "%s/LINKED", dir);
    CHECK(symlink("target", path) == 0);
    snprintf(path, sizeof(path), "%s/DANGLING", dir);
    CHECK(symlink("nowhere", path) == 0);
    snprintf(path, sizeof(path), "%s/FIFO", dir);
    CHECK(mkfifo(path, 0600) == 0);
    snprintf(path, sizeof(path), "%s/SUBDIR", dir);
    CHECK(mkdir(path, 0700) == 0);

    CHECK(env_init(&env, initial) == 0);
    CHECK(import_with_warnings(&env, dir, warnings, sizeof(warnings)) == 0);
    snprintf(expected, sizeof(expected),
             "initbox: warning: unable to import %s/WITH_NUL: it contains a NUL byte\n", dir);
    CHECK_STR(expected, warnings);
    CHECK(env.count == 8);
    CHECK(env_get(&env, "PLAIN", 5) && strcmp(env_get(&env, "PLAIN", 5), "plain") == 0);
    CHECK(env_get(&env, "ONE_NL", 6) && strcmp(env_get(&env, "ONE_NL", 6), "one") == 0);
    CHECK(env_get(&env, "TWO_NL", 6) && strcmp(env_get(&env, "TWO_NL", 6), "two\n") == 0);
    CHECK(env_get(&env, "EMPTY", 5) && strcmp(env_get(&env, "EMPTY", 5), "") == 0);
    CHECK(env_get(&env, "BIG", 3) && strlen(env_get(&env, "BIG", 3)) == sizeof(big) - 1);
    CHECK(env_get(&env, "LINKED", 6) && strcmp(env_get(&env, "LINKED", 6), "linked") == 0);
    CHECK(env_get(&env, "target", 6) && strcmp(env_get(&env, "target", 6), "linked") == 0);
    CHECK(env_get(&env, "KEPT", 4) && strcmp(env_get(&env, "KEPT", 4), "from the environment") == 0);
    env_free(&env);

    CHECK(env_init(&env, initial) == 0);
    snprintf(path, sizeof(path), "%s/missing", dir);
    errno = 0;
    CHECK(env_capture_import(&env, path) == -1 && errno == ENOENT);
    CHECK(env.count == 1);
    env_free(&env);
}

int main(void)
{
    char round_trip[] = "/tmp/env_capture_files.XXXXXX", rules[] = "/tmp/env_capture_rules.XXXXXX";
    char command[128];

    test_shell_bare_and_quoted();
    test_shell_quotes_each_special_byte();
    test_shell_names();
    test_shell_round_trip();
    test_json();
    test_excluded_and_file_names();
    CHECK(mkdtemp(round_trip) && mkdtemp(rules));
    test_files_round_trip(round_trip);
    test_import_rules(rules);
    snprintf(command, sizeof(command), "rm -rf %s %s", round_trip, rules);
    CHECK(system(command) == 0);
    return check_done("env_capture");
}
