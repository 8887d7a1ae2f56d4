/* depend.c - fuzz the dependency files: depend_read, depend_find_cycle,
 * depend_stop_levels
 *
 * Input: parts separated by "\n%%\n", each a byte naming one of the six
 * services a..f, a byte naming what to make in it (0-3: needs, wants,
 * after, notification-fd holding the rest of the part; 4: needs as a
 * directory; 5: wants as a dangling link; 6: after linked to the needs
 * of the service the third byte names). Properties, checked against a
 * reading of the files written here:
 * - depend_read gives the names of needs, wants and after in file order,
 *   blanks cut at both ends, empty and '#' lines skipped, text after a
 *   NUL ignored; an unreadable file one entry marked so; notification-fd
 *   a number of 3 or more alone on its line, or bad;
 * - a service is on a cycle exactly when it reaches itself through the
 *   names of services here, and each service of the cycle text gives the
 *   same text;
 * - stop levels: a service named by another that it does not reach has a
 *   higher level; members of one cycle share theirs. */
#include "depend.h"
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SERVICES 6
#define NAMES_MAX 256

static const char *const file_names[4] = { "needs", "wants", "after", "notification-fd" };

struct service {
    const uint8_t *content[4];  /* of the file, or NULL */
    size_t len[4];
    int is_unreadable[4];       /* made a directory or a dangling link */
    int is_linked;              /* after: a link to NEEDS of LINK_TO */
    int link_to;
};

struct model {
    struct service services[SERVICES];
    int names[SERVICES][SERVICES];      /* a names b (among the services here) */
    int reaches[SERVICES][SERVICES];
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The names of CONTENT (LEN bytes) as the product should read them; at
 * most NAMES_MAX, malloc'd strings. */
static size_t names_of(const uint8_t *content, size_t len, char **names)
{
    const uint8_t *nul = memchr(content, '\0', len), *p, *end;
    size_t count = 0;

    if (nul)
        len = (size_t)(nul - content);
    for (p = content; p < content + len; p = end + 1) {
        const uint8_t *first = p, *last;

        end = memchr(p, '\n', (size_t)(content + len - p));
        if (!end)
            end = content + len;
        while (first < end && is_blank((char)*first))
            first++;
        for (last = end; last > first && is_blank((char)last[-1]); last--)
            continue;
        if (last > first && *first != '#' && count < NAMES_MAX)
            names[count++] = fuzz_string(first, (size_t)(last - first));
    }
    return count;
}

static void free_names(char **names, size_t count)
{
    while (count-- > 0)
        free(names[count]);
}

/* What the service's file KIND (0-2) says: into NAMES, the count; a
 * file that cannot be read gives its "./needs" (...) entry. */
static size_t expected_names(const struct model *model, int s, int kind, char **names)
{
    const struct service *service = &model->services[s];

    if (kind == 2 && service->is_linked) {
        const struct service *target = &model->services[service->link_to];

        if (!target->content[0] && !target->is_unreadable[0])
            return names[0] = fuzz_string((const uint8_t *)"./after", 7), 1;
        if (target->is_unreadable[0])
            return names[0] = fuzz_string((const uint8_t *)"./after", 7), 1;
        return names_of(target->content[0], target->len[0], names);
    }
    if (service->is_unreadable[kind]) {
        char text[16];

        snprintf(text, sizeof(text), "./%s", file_names[kind]);
        names[0] = fuzz_string((const uint8_t *)text, strlen(text));
        return 1;
    }
    if (!service->content[kind])
        return 0;
    return names_of(service->content[kind], service->len[kind], names);
}

static int expected_notification_fd(const struct service *service)
{
    char *names[NAMES_MAX], *end;
    size_t count;
    long fd = -1;

    if (service->is_unreadable[3] || !service->content[3])
        return -1;
    count = names_of(service->content[3], service->len[3], names);
    if (count == 1 && names[0][0] >= '0' && names[0][0] <= '9') {
        errno = 0;
        fd = strtol(names[0], &end, 10);
        if (*end || errno || fd > INT_MAX)
            fd = -1;
    }
    free_names(names, count);
    return fd >= 3 ? (int)fd : -1;
}

static void check_read(struct model *model, const char *dir, int s)
{
    const struct service *service = &model->services[s];
    struct depend_list list;
    char path[PATH_MAX], *names[NAMES_MAX];
    size_t at = 0, count, i;
    int kind, fd, has_files = 0, notification_fd;

    snprintf(path, sizeof(path), "%s/%c", dir, 'a' + s);
    fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    FUZZ_ASSERT(fd >= 0);
    FUZZ_ASSERT(depend_read(fd, &list) == 0);
    for (kind = 0; kind < 4; kind++) {
        has_files |= service->content[kind] != NULL || service->is_unreadable[kind]
            || (kind == 2 && service->is_linked);
    }
    FUZZ_ASSERT(list.has_files == has_files);
    FUZZ_ASSERT(depend_has_files(fd) == has_files);
    close(fd);
    for (kind = 0; kind < 3; kind++) {
        count = expected_names(model, s, kind, names);
        for (i = 0; i < count; i++, at++) {
            FUZZ_ASSERT(at < list.count && (int)list.entries[at].kind == kind);
            FUZZ_ASSERT(strcmp(list.entries[at].name, names[i]) == 0);
            FUZZ_ASSERT(list.entries[at].is_unreadable == (names[i][0] == '.'
                        && names[i][1] == '/' && strcmp(names[i] + 2, file_names[kind]) == 0
                        && (service->is_unreadable[kind]
                            || (kind == 2 && service->is_linked))));
            if (!list.entries[at].is_unreadable && !strchr(names[i], '/')
                && names[i][0] >= 'a' && names[i][0] < 'a' + SERVICES && !names[i][1])
                model->names[s][names[i][0] - 'a'] = 1;
        }
        free_names(names, count);
    }
    FUZZ_ASSERT(at == list.count);
    notification_fd = expected_notification_fd(service);
    FUZZ_ASSERT(list.notification_fd == notification_fd);
    FUZZ_ASSERT(list.is_notification_fd_bad
                == ((service->content[3] || service->is_unreadable[3]) && notification_fd < 0));
    depend_free(&list);
}

static void close_reach(struct model *model)
{
    int a, b, c;

    memcpy(model->reaches, model->names, sizeof(model->reaches));
    for (c = 0; c < SERVICES; c++) {
        for (a = 0; a < SERVICES; a++) {
            for (b = 0; b < SERVICES; b++)
                model->reaches[a][b] |= model->reaches[a][c] && model->reaches[c][b];
        }
    }
}

static int is_same_cycle(const struct model *model, int a, int b)
{
    return a == b ? model->reaches[a][a] : model->reaches[a][b] && model->reaches[b][a];
}

static int cycle_of(const char *dir, int s, char *text, size_t size)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/%c", dir, 'a' + s);
    memset(text, 0, size);
    return depend_find_cycle(path, text, size);
}

/* The cycle text of service S: "x -> y -> x", each step a name here. */
static void check_cycle(const struct model *model, const char *dir, int s)
{
    char text[256], other[256];
    const char *p;
    int result = cycle_of(dir, s, text, sizeof(text)), first, prev = -1, t;

    FUZZ_ASSERT(result == model->reaches[s][s]);
    if (!result)
        return;
    first = text[0] - 'a';
    FUZZ_ASSERT(first >= 0 && first < SERVICES && is_same_cycle(model, s, first));
    for (t = 0; t < first; t++)
        FUZZ_ASSERT(!is_same_cycle(model, s, t));      /* the smallest name first */
    for (p = text;; p += 5) {
        t = p[0] - 'a';
        FUZZ_ASSERT(t >= 0 && t < SERVICES && is_same_cycle(model, s, t));
        FUZZ_ASSERT(prev < 0 || model->names[prev][t]);
        prev = t;
        if (!p[1])
            break;
        FUZZ_ASSERT(strncmp(p + 1, " -> ", 4) == 0 && p[5]);
    }
    FUZZ_ASSERT(t == first && p > text);
    for (t = 0; t < SERVICES; t++) {
        if (t != s && is_same_cycle(model, s, t)) {
            FUZZ_ASSERT(cycle_of(dir, t, other, sizeof(other)) == 1);
            FUZZ_ASSERT(strcmp(text, other) == 0);
        }
    }
}

static void check_levels(const struct model *model, const char *dir, int has_files)
{
    static char *const names[SERVICES] = { "a", "b", "c", "d", "e", "f" };
    int levels[SERVICES], a, b;

    FUZZ_ASSERT(depend_stop_levels(dir, names, SERVICES, levels) == has_files);
    for (a = 0; a < SERVICES; a++) {
        for (b = 0; b < SERVICES; b++) {
            if (a != b && is_same_cycle(model, a, b))
                FUZZ_ASSERT(levels[a] == levels[b]);
            else if (model->names[a][b] && !model->reaches[b][a])
                FUZZ_ASSERT(levels[b] > levels[a]);
        }
    }
}

/* Make what one part says, replacing what was there. */
static void make_part(struct model *model, const char *dir, const uint8_t *part, size_t len)
{
    struct service *service;
    char path[PATH_MAX], target[64];
    int s, what, kind;

    if (len < 2)
        return;
    s = part[0] % SERVICES;
    what = part[1] % 7;
    service = &model->services[s];
    kind = what < 4 ? what : what == 4 ? 0 : what == 5 ? 1 : 2;
    snprintf(path, sizeof(path), "%s/%c/%s", dir, 'a' + s, file_names[kind]);
    if (unlink(path) < 0)
        rmdir(path);
    service->content[kind] = NULL;
    service->is_unreadable[kind] = 0;
    if (kind == 2)
        service->is_linked = 0;
    if (what < 4) {
        FUZZ_ASSERT(fuzz_write_file(dir, path + strlen(dir) + 1, part + 2, len - 2) == 0);
        service->content[kind] = part + 2;
        service->len[kind] = len - 2;
    } else if (what == 4) {
        FUZZ_ASSERT(mkdir(path, 0755) == 0);
        service->is_unreadable[kind] = 1;
    } else if (what == 5) {
        FUZZ_ASSERT(symlink("nowhere", path) == 0);
        service->is_unreadable[kind] = 1;
    } else {
        service->link_to = len > 2 ? part[2] % SERVICES : s;
        snprintf(target, sizeof(target), "../%c/needs", 'a' + service->link_to);
        FUZZ_ASSERT(symlink(target, path) == 0);
        service->is_linked = 1;
    }
}

/* Whether a name the model does not follow (a path) could reach a service. */
static int has_paths(const struct model *model)
{
    char *names[NAMES_MAX];
    size_t count, i;
    int s, kind, found = 0;

    for (s = 0; s < SERVICES; s++) {
        for (kind = 0; kind < 3; kind++) {
            count = expected_names(model, s, kind, names);
            for (i = 0; i < count; i++) {
                found |= strchr(names[i], '/') != NULL
                    && !(strncmp(names[i], "./", 2) == 0
                         && strcmp(names[i] + 2, file_names[kind]) == 0);
            }
            free_names(names, count);
        }
    }
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    const char *dir = fuzz_scratch();
    struct model *model = calloc(1, sizeof(*model));
    const uint8_t *part;
    size_t len;
    char path[PATH_MAX];
    int s, has_files = 0, kind;

    FUZZ_ASSERT(model);
    for (s = 0; s < SERVICES; s++) {
        snprintf(path, sizeof(path), "%s/%c", dir, 'a' + s);
        FUZZ_ASSERT(mkdir(path, 0755) == 0);
    }
    while (fuzz_part(&in, "\n%%\n", &part, &len) == 0)
        make_part(model, dir, part, len);
    for (s = 0; s < SERVICES; s++) {
        check_read(model, dir, s);
        for (kind = 0; kind < 4; kind++) {
            has_files |= model->services[s].content[kind] != NULL
                || model->services[s].is_unreadable[kind] || model->services[s].is_linked;
        }
    }
    if (!has_paths(model)) {
        close_reach(model);
        for (s = 0; s < SERVICES; s++)
            check_cycle(model, dir, s);
        check_levels(model, dir, has_files);
    }
    free(model);
    return 0;
}
