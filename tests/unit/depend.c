/* tests/unit/depend.c - dependency files, names, cycles and stop levels */
#include "check.h"
#include "depend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[] = "/tmp/depend.XXXXXX";

/* TOP/NAME made as a service directory. */
static void service(const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", top, name);
    mkdir(path, 0755);
}

/* TOP/SERVICE/FILE holding TEXT (NULL: removed). */
static void file(const char *service_name, const char *name, const char *text)
{
    char path[256];
    int fd;

    snprintf(path, sizeof(path), "%s/%s/%s", top, service_name, name);
    unlink(path);
    if (!text)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
}

static int read_service(const char *name, struct depend_list *list)
{
    char path[256];
    int fd, result;

    snprintf(path, sizeof(path), "%s/%s", top, name);
    fd = open(path, O_PATH | O_DIRECTORY);
    result = depend_read(fd, list);
    close(fd);
    return result;
}

/* The entries of LIST as "needs:a wants:b ...". */
static const char *joined(const struct depend_list *list)
{
    static char buf[512];
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < list->count; i++)
        len += snprintf(buf + len, sizeof(buf) - len, "%s%s:%s%s", i ? " " : "",
                        depend_kind_word(list->entries[i].kind), list->entries[i].name,
                        list->entries[i].is_unreadable ? "!" : "");
    return buf;
}

static void test_files(void)
{
    struct depend_list list;
    char path[256];

    service("plain");
    CHECK(read_service("plain", &list) == 0);
    CHECK(list.count == 0 && !list.has_files && list.notification_fd == -1 && !list.block);
    depend_free(&list);

    service("web");
    file("web", "needs", "db\n  cache \t\n\n# a comment\n\t#not a comment either\nlast");
    file("web", "wants", "\r\nmetrics\r\n");
    file("web", "after", "/abs/path\n../rel/x\nwith space\n");
    file("web", "notification-fd", " 3\n");
    CHECK(read_service("web", &list) == 0);
    CHECK_STR("needs:db needs:cache needs:last wants:metrics after:/abs/path "
              "after:../rel/x after:with space", joined(&list));
    CHECK(list.has_files && list.notification_fd == 3 && !list.is_notification_fd_bad);
    depend_free(&list);

    /* unreadable files: a directory, a dangling link; a bad number */
    service("odd");
    snprintf(path, sizeof(path), "%s/odd/needs", top);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/odd/after", top);
    CHECK(symlink("nowhere", path) == 0);
    file("odd", "notification-fd", "2\n");
    CHECK(read_service("odd", &list) == 0);
    CHECK_STR("needs:./needs! after:./after!", joined(&list));
    CHECK(list.notification_fd == -1 && list.is_notification_fd_bad && list.has_files);
    depend_free(&list);
    file("odd", "notification-fd", "4 5\n");
    CHECK(read_service("odd", &list) == 0 && list.is_notification_fd_bad);
    depend_free(&list);
    file("odd", "notification-fd", "");
    CHECK(read_service("odd", &list) == 0 && list.is_notification_fd_bad);
    depend_free(&list);
}

/* A thousand names grow the block past pages; all come back in order. */
static void test_many_names(void)
{
    struct depend_list list;
    char *text = malloc(20000), name[32];
    size_t len = 0, i;
    int in_order = 1;

    for (i = 0; i < 1000; i++)
        len += snprintf(text + len, 20000 - len, "missing%zu\n", i);
    service("many");
    file("many", "needs", text);
    CHECK(read_service("many", &list) == 0 && list.count == 1000);
    for (i = 0; i < list.count; i++) {
        snprintf(name, sizeof(name), "missing%zu", i);
        in_order &= strcmp(name, list.entries[i].name) == 0;
    }
    CHECK(in_order);
    depend_free(&list);
    free(text);
}

static void test_resolve(void)
{
    char path[64];

    CHECK(depend_resolve("/etc/service/web", "db", path, sizeof(path)) == 0);
    CHECK_STR("/etc/service/db", path);
    CHECK(depend_resolve("/etc/service/web/", "db", path, sizeof(path)) == 0);
    CHECK_STR("/etc/service/db", path);
    CHECK(depend_resolve("web", "db", path, sizeof(path)) == 0);
    CHECK_STR("db", path);
    CHECK(depend_resolve("/web", "db", path, sizeof(path)) == 0);
    CHECK_STR("/db", path);
    CHECK(depend_resolve("/etc/service/web", "/etc/sv/db", path, sizeof(path)) == 0);
    CHECK_STR("/etc/sv/db", path);
    CHECK(depend_resolve("/etc/service/web", "../sv/db", path, sizeof(path)) == 0);
    CHECK_STR("/etc/service/web/../sv/db", path);
    CHECK(depend_resolve("/etc/service/web", "db", path, 12) == -1 && errno == ENAMETOOLONG);
}

static int cycle_of(const char *name, char *text)
{
    char entry[256];

    snprintf(entry, sizeof(entry), "%s/%s", top, name);
    text[0] = '\0';
    return depend_find_cycle(entry, text, 256);
}

static void test_cycles(void)
{
    char text[256];

    service("ca");
    service("cb");
    service("cc");
    service("cd");
    file("ca", "needs", "cb\n");
    file("cb", "wants", "cc\n");
    file("cc", "after", "missing\nca\n");
    file("cd", "needs", "ca\n");
    /* every member writes the same line, from the smallest name */
    CHECK(cycle_of("ca", text) == 1);
    CHECK_STR("ca -> cb -> cc -> ca", text);
    CHECK(cycle_of("cb", text) == 1);
    CHECK_STR("ca -> cb -> cc -> ca", text);
    CHECK(cycle_of("cc", text) == 1);
    CHECK_STR("ca -> cb -> cc -> ca", text);
    /* a dependent of a member is on no cycle */
    CHECK(cycle_of("cd", text) == 0 && text[0] == '\0');
    /* one edge removed: none */
    file("cb", "wants", NULL);
    CHECK(cycle_of("ca", text) == 0);
    /* a service that names itself */
    service("self");
    file("self", "needs", "self\n");
    CHECK(cycle_of("self", text) == 1);
    CHECK_STR("self -> self", text);
    /* a path name reaches the same directory: the same service */
    file("cb", "wants", NULL);
    file("ca", "needs", "../cb/../ca\n");
    CHECK(cycle_of("ca", text) == 1);
    CHECK_STR("ca -> ca", text);
    file("ca", "needs", "cb\n");
    /* two cycles through cb: every member of the component writes the
     * one found from the smallest name, even cc, which is not on it */
    file("cb", "needs", "ca\ncc\n");
    file("cc", "after", "cb\n");
    CHECK(cycle_of("ca", text) == 1);
    CHECK_STR("ca -> cb -> ca", text);
    CHECK(cycle_of("cb", text) == 1);
    CHECK_STR("ca -> cb -> ca", text);
    CHECK(cycle_of("cc", text) == 1);
    CHECK_STR("ca -> cb -> ca", text);
    CHECK(cycle_of("cd", text) == 0);
    file("cb", "needs", NULL);
    file("cc", "after", NULL);
}

static int level_of(char **entries, int *levels, size_t count, const char *name)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (strcmp(strrchr(entries[i], '/') + 1, name) == 0)
            return levels[i];
    }
    return -1;
}

static void test_stop_levels(void)
{
    const char *names[] = { "la", "lb", "lc", "ld", "le", "lf", "lg" };
    char *entries[7];
    int levels[7];
    size_t i;

    for (i = 0; i < 7; i++) {
        service(names[i]);
        entries[i] = malloc(256);
        snprintf(entries[i], 256, "%s/%s", top, names[i]);
    }
    /* la -> lb -> lc, la -> ld -> lc (a diamond); le <-> lf (a cycle)
     * needing lc; lg names a service not being stopped */
    file("la", "needs", "lb\nld\n");
    file("lb", "wants", "lc\n");
    file("ld", "after", "lc\n");
    file("le", "needs", "lf\nlc\n");
    file("lf", "needs", "le\n");
    file("lg", "needs", "ca\n");
    CHECK(depend_stop_levels(NULL, entries, 7, levels) == 1);
    CHECK(level_of(entries, levels, 7, "la") == 0);
    CHECK(level_of(entries, levels, 7, "lb") == 1);
    CHECK(level_of(entries, levels, 7, "ld") == 1);
    CHECK(level_of(entries, levels, 7, "lc") == 2);
    CHECK(level_of(entries, levels, 7, "le") == 0);
    CHECK(level_of(entries, levels, 7, "lf") == 0);
    CHECK(level_of(entries, levels, 7, "lg") == 0);
    /* a chain given backwards */
    file("la", "needs", "lb\n");
    file("lb", "wants", "lc\n");
    file("lc", "needs", "ld\n");
    file("ld", "after", NULL);
    {
        char *backwards[] = { entries[3], entries[2], entries[1], entries[0] };
        int chain[4];

        char *plain[] = { "ld", "lc", "lb", "la" };

        CHECK(depend_stop_levels(NULL, backwards, 4, chain) == 1);
        CHECK(chain[0] == 3 && chain[1] == 2 && chain[2] == 1 && chain[3] == 0);
        /* plain names are looked up in the directory given */
        memset(chain, -1, sizeof(chain));
        CHECK(depend_stop_levels(top, plain, 4, chain) == 1);
        CHECK(chain[0] == 3 && chain[1] == 2 && chain[2] == 1 && chain[3] == 0);
        /* none with the files: 0, all at level 0 */
        file("la", "needs", NULL);
        file("lb", "wants", NULL);
        file("lc", "needs", NULL);
        CHECK(depend_stop_levels(top, plain, 4, chain) == 0);
        CHECK(chain[0] == 0 && chain[1] == 0 && chain[2] == 0 && chain[3] == 0);
    }
    CHECK(depend_is_path("/a") && depend_is_path("./a") && depend_is_path("a/")
          && depend_is_path("") && !depend_is_path("a") && !depend_is_path("a/b"));
    for (i = 0; i < 7; i++)
        free(entries[i]);
}

int main(void)
{
    char command[64];

    CHECK(mkdtemp(top) != NULL);
    test_files();
    test_many_names();
    test_resolve();
    test_cycles();
    test_stop_levels();
    snprintf(command, sizeof(command), "rm -rf %s", top);
    if (system(command) != 0)
        CHECK(0);
    return check_done("depend");
}
