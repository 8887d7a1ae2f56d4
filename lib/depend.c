/* depend.c - a service's dependency files (needs, wants, after,
 * notification-fd), the services they name, cycles and stop levels */
#include "depend.h"
#include "fd.h"
#include "fmt.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Larger dependency files are taken as unreadable (a link to a device). */
#define FILE_MAX (1 << 20)

static const char file_names[][8] = { "needs", "wants", "after" };
static const char unreadable_names[][10] = { "./needs", "./wants", "./after" };

const char *depend_kind_word(enum depend_kind kind)
{
    return file_names[kind];
}

/* The file NAME of DIR_FD appended whole to *TEXT (*SIZE bytes, *USED of
 * them taken) with a NUL after it: 1; 0 when there is no such file; -1
 * when it exists but cannot be read; -2 when memory runs out. */
static int read_whole(int dir_fd, const char *name, char **text, size_t *size,
                      size_t *used)
{
    size_t start = *used;
    struct stat st;
    char *grown;
    ssize_t n;
    int fd;

    /* Most services have none of the files: one look at the name tells,
     * and a dangling link is there, but cannot be read. */
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT ? 0 : -1;
    fd = openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    do {
        grown = mem_grow(*text, size, *used + 4096);
        if (!grown) {
            fd_close_on_error(fd);
            return -2;
        }
        *text = grown;
        n = read(fd, *text + *used, *size - *used - 1);
        if (n > 0)
            *used += (size_t)n;
    } while ((n > 0 || (n < 0 && errno == EINTR)) && *used - start < FILE_MAX);
    close(fd);
    if (n != 0) {
        *used = start;
        return -1;
    }
    (*text)[(*used)++] = '\0';
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The next name of the lines at *CURSOR (up to a NUL), its length in
 * *LEN: a line without the blanks at both ends, not empty, not starting
 * with '#'. NULL at the end. */
static char *next_name(char **cursor, size_t *len)
{
    char *line, *end, *last;

    while (*(line = *cursor)) {
        end = strchrnul(line, '\n');
        *cursor = *end ? end + 1 : end;
        while (line < end && is_blank(*line))
            line++;
        for (last = end; last > line && is_blank(last[-1]); last--)
            continue;
        if (last > line && *line != '#') {
            *len = (size_t)(last - line);
            return line;
        }
    }
    return NULL;
}

/* The names of the text at START of TEXT: counted, and with ENTRIES
 * (not NULL) stored there, NUL-terminated in place. */
static size_t take_names(char *text, size_t start, enum depend_kind kind,
                         struct depend *entries)
{
    char *cursor = text + start, *name;
    size_t len, count = 0;

    while ((name = next_name(&cursor, &len))) {
        if (entries) {
            name[len] = '\0';
            entries[count] = (struct depend){ kind, name, 0 };
        }
        count++;
    }
    return count;
}

/* notification-fd: one decimal number of 3 or more, blanks around it. */
static void take_notification_fd(struct depend_list *list, char *text, size_t start)
{
    char *cursor = text + start, *number;
    size_t len;
    long fd;

    number = next_name(&cursor, &len);
    if (number)
        number[len] = '\0';
    fd = number && !next_name(&cursor, &len) ? parse_decimal(number, INT_MAX) : -1;
    list->notification_fd = fd >= 3 ? (int)fd : -1;
    list->is_notification_fd_bad = fd < 3;
}

int depend_read(int dir_fd, struct depend_list *list)
{
    size_t size = 0, used = 0, count = 0, at, starts[4];
    int states[4], kind;
    char *text = NULL;

    memset(list, 0, sizeof(*list));
    list->notification_fd = -1;
    for (kind = 0; kind < 4; kind++) {
        starts[kind] = used;
        states[kind] = read_whole(dir_fd, kind < 3 ? file_names[kind] : "notification-fd",
                                  &text, &size, &used);
        if (states[kind] == -2)
            goto no_memory;
        list->has_files |= states[kind] != 0;
        if (kind < 3)
            count += states[kind] < 0 ? 1 : states[kind] ? take_names(text, starts[kind], kind, NULL) : 0;
    }
    /* The common case, a service without the files: nothing was read and
     * nothing is allocated (sv and runsv look at many such services). */
    if (!list->has_files)
        return 0;
    at = (used + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
    if (!(list->block = mem_grow(text, &size, at + count * sizeof(struct depend) + 1)))
        goto no_memory;
    text = list->block;
    list->entries = (struct depend *)(text + at);
    for (kind = 0; kind < 3; kind++) {
        if (states[kind] < 0)
            list->entries[list->count++] = (struct depend){ kind, unreadable_names[kind], 1 };
        else if (states[kind])
            list->count += take_names(text, starts[kind], kind, list->entries + list->count);
    }
    if (states[3] > 0)
        take_notification_fd(list, text, starts[3]);
    else if (states[3] < 0)
        list->is_notification_fd_bad = 1;
    return 0;
no_memory:
    mem_free(text);
    memset(list, 0, sizeof(*list));
    list->notification_fd = -1;
    errno = ENOMEM;
    return -1;
}

int depend_has_files(int dir_fd)
{
    static const char names[][16] = { "needs", "wants", "after", "notification-fd" };
    struct stat st;
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (fstatat(dir_fd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            return 1;
    }
    return 0;
}

void depend_free(struct depend_list *list)
{
    mem_free(list->block);
    memset(list, 0, sizeof(*list));
    list->notification_fd = -1;
}

/* The length of ENTRY without slashes at its end (but a lone "/"). */
static size_t entry_length(const char *entry)
{
    size_t len = strlen(entry);

    while (len > 1 && entry[len - 1] == '/')
        len--;
    return len;
}

/* Where the last component of ENTRY starts. */
static const char *last_component(const char *entry, size_t len)
{
    const char *p = entry + len;

    while (p > entry && p[-1] != '/')
        p--;
    return p;
}

int depend_resolve(const char *entry, const char *name, char *path, size_t size)
{
    size_t entry_len = entry_length(entry), len;
    const char *base = last_component(entry, entry_len);

    if (name[0] == '/')
        len = fmt_format(path, size, "%s", name);
    else if (strchr(name, '/'))
        len = fmt_format(path, size, "%.*s/%s", (int)entry_len, entry, name);
    else if (base > entry)
        len = fmt_format(path, size, "%.*s%s", (int)(base - entry), entry, name);
    else
        len = fmt_format(path, size, "%s", name);
    if (len + 1 >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* ---- graphs of services ---- */

/* Strings one after another in one growing block. */
struct arena {
    char *text;
    size_t size, used;
};

/* Append STRING with its NUL: its offset, or -1 with ENOMEM. */
static long arena_add(struct arena *arena, const char *string)
{
    size_t len = strlen(string) + 1;
    char *grown = mem_grow(arena->text, &arena->size, arena->used + len);

    if (!grown)
        return -1;
    arena->text = grown;
    memcpy(arena->text + arena->used, string, len);
    arena->used += len;
    return (long)(arena->used - len);
}

/* Append to ARENA the paths of the services named by the files of the
 * service at ENTRY (one that cannot be opened names none); *COUNT gets
 * how many. 0, or -1 with ENOMEM. */
static int dependency_paths(const char *entry, struct arena *arena, size_t *count)
{
    char path[PATH_MAX];
    struct depend_list list;
    int fd = open(entry, O_PATH | O_DIRECTORY | O_CLOEXEC), result = 0;
    size_t i;

    *count = 0;
    if (fd < 0)
        return 0;
    result = depend_read(fd, &list);
    close(fd);
    for (i = 0; result == 0 && i < list.count; i++) {
        if (list.entries[i].is_unreadable
            || depend_resolve(entry, list.entries[i].name, path, sizeof(path)) < 0)
            continue;
        if (arena_add(arena, path) < 0)
            result = -1;
        else
            (*count)++;
    }
    depend_free(&list);
    return result;
}

/* The identity of the service directory at PATH: its device and inode. */
struct identity {
    dev_t dev;
    ino_t ino;
};

static int identify(const char *path, struct identity *id)
{
    struct stat st;

    if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
        return -1;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return 0;
}

static int is_same(const struct identity *a, const struct identity *b)
{
    return a->dev == b->dev && a->ino == b->ino;
}

/* ---- cycles ---- */

/* A service met by the walk, and the names it leads to not walked yet. */
struct node {
    struct identity id;
    size_t path;                /* offset of its entry in the arena */
    size_t next;                /* offset of the next path it names */
    size_t left;                /* how many of those are left */
};

struct walk {
    struct arena arena;
    struct node *nodes;
    size_t count, nodes_size;
    size_t *stack;              /* the path from the start, node indices */
    size_t depth, stack_size;
};

/* Add the service at PATH (identified as ID) and push it: -1 with ENOMEM. */
static int walk_push(struct walk *walk, const char *path, const struct identity *id)
{
    struct node *nodes = mem_grow(walk->nodes, &walk->nodes_size,
                                  (walk->count + 1) * sizeof(*nodes));
    size_t *stack = mem_grow(walk->stack, &walk->stack_size,
                             (walk->depth + 1) * sizeof(*stack));
    long offset;

    if (nodes)
        walk->nodes = nodes;
    if (stack)
        walk->stack = stack;
    if (!nodes || !stack || (offset = arena_add(&walk->arena, path)) < 0)
        return -1;
    nodes[walk->count] = (struct node){ *id, (size_t)offset, walk->arena.used, 0 };
    if (dependency_paths(path, &walk->arena, &walk->nodes[walk->count].left) < 0)
        return -1;
    walk->stack[walk->depth++] = walk->count++;
    return 0;
}

static int was_met(const struct walk *walk, const struct identity *id)
{
    size_t i;

    for (i = 0; i < walk->count; i++) {
        if (is_same(&walk->nodes[i].id, id))
            return 1;
    }
    return 0;
}

/* The name of node I: the last component of its entry. */
static const char *node_name(const struct walk *walk, size_t i, size_t *len)
{
    const char *entry = walk->arena.text + walk->nodes[i].path;
    size_t entry_len = entry_length(entry);
    const char *base = last_component(entry, entry_len);

    *len = (size_t)(entry + entry_len - base);
    return base;
}

static int compare_names(const struct walk *walk, size_t a, size_t b)
{
    size_t a_len, b_len;
    const char *a_name = node_name(walk, a, &a_len), *b_name = node_name(walk, b, &b_len);
    int order = memcmp(a_name, b_name, a_len < b_len ? a_len : b_len);

    return order ? order : (a_len > b_len) - (a_len < b_len);
}

/* The cycle on the walk's stack, from its smallest name round to it. */
static void write_cycle(const struct walk *walk, char *text, size_t size)
{
    size_t first = 0, i, len, at = 0;
    const char *name;

    for (i = 1; i < walk->depth; i++) {
        if (compare_names(walk, walk->stack[i], walk->stack[first]) < 0)
            first = i;
    }
    text[0] = '\0';
    for (i = 0; i <= walk->depth; i++) {
        name = node_name(walk, walk->stack[(first + i) % walk->depth], &len);
        at += fmt_format(text + at, size - at, "%s%.*s", i ? " -> " : "", (int)len, name);
    }
}

int depend_find_cycle(const char *entry, char *text, size_t size)
{
    struct walk walk;
    struct identity start, id;
    struct node *top;
    const char *path;
    int result = 0;

    memset(&walk, 0, sizeof(walk));
    if (identify(entry, &start) < 0)
        return 0;
    if (walk_push(&walk, entry, &start) < 0)
        result = -1;
    while (result == 0 && walk.depth > 0) {
        top = &walk.nodes[walk.stack[walk.depth - 1]];
        if (!top->left) {
            walk.depth--;
            continue;
        }
        path = walk.arena.text + top->next;
        top->next += strlen(path) + 1;
        top->left--;
        if (identify(path, &id) < 0)
            continue;
        if (is_same(&id, &start)) {
            write_cycle(&walk, text, size);
            result = 1;
        } else if (!was_met(&walk, &id) && walk.count < DEPEND_MAX_SERVICES
                   && walk_push(&walk, path, &id) < 0) {
            result = -1;
        }
    }
    mem_free(walk.arena.text);
    mem_free(walk.nodes);
    mem_free(walk.stack);
    if (result < 0)
        errno = ENOMEM;
    return result;
}

/* ---- stop levels ---- */

/* The services being stopped and who names whom among them. */
struct graph {
    size_t count;
    size_t *first, *edges_of;   /* node I names edge[first[I] ...] */
    size_t *edge;
    size_t edge_count, edge_size;
};

/* Record that service I names the services of PATHS (COUNT of them at
 * OFFSET in ARENA) that are among IDS. -1 with ENOMEM. */
static int add_edges(struct graph *graph, size_t i, const struct identity *ids,
                     const struct arena *arena, size_t offset, size_t count)
{
    const char *path = arena->text + offset;
    struct identity id;
    size_t *grown, j;

    graph->first[i] = graph->edge_count;
    for (; count > 0; count--, path += strlen(path) + 1) {
        if (identify(path, &id) < 0)
            continue;
        for (j = 0; j < graph->count && (j == i || !is_same(&ids[j], &id)); j++)
            continue;
        if (j == graph->count)
            continue;
        grown = mem_grow(graph->edge, &graph->edge_size,
                         (graph->edge_count + 1) * sizeof(*grown));
        if (!grown)
            return -1;
        graph->edge = grown;
        graph->edge[graph->edge_count++] = j;
    }
    graph->edges_of[i] = graph->edge_count - graph->first[i];
    return 0;
}

/* The strongly connected components of GRAPH into COMPONENT, numbered in
 * the order Tarjan's algorithm completes them: a component reachable
 * from another gets the smaller number. WORK holds 5 * count. Returns
 * how many. */
static size_t components(const struct graph *graph, size_t *component, size_t *work)
{
    size_t n = graph->count, *index = work, *low = work + n, *scc = work + 2 * n;
    size_t *frame = work + 3 * n, *next = work + 4 * n;
    size_t counter = 1, depth = 0, scc_depth = 0, done = 0, s, v, w;

    memset(index, 0, n * sizeof(*index));              /* 0: not met yet */
    for (s = 0; s < n; s++) {
        if (index[s])
            continue;
        frame[depth] = s;
        next[depth++] = graph->first[s];
        index[s] = low[s] = counter++;
        scc[scc_depth++] = s;
        component[s] = (size_t)-1;                     /* on the stack */
        while (depth > 0) {
            v = frame[depth - 1];
            if (next[depth - 1] < graph->first[v] + graph->edges_of[v]) {
                w = graph->edge[next[depth - 1]++];
                if (!index[w]) {
                    index[w] = low[w] = counter++;
                    scc[scc_depth++] = w;
                    component[w] = (size_t)-1;
                    frame[depth] = w;
                    next[depth++] = graph->first[w];
                } else if (component[w] == (size_t)-1 && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            if (--depth > 0 && low[v] < low[frame[depth - 1]])
                low[frame[depth - 1]] = low[v];
            if (low[v] != index[v])
                continue;
            do
                component[w = scc[--scc_depth]] = done;
            while (w != v);
            done++;
        }
    }
    return done;
}

/* Levels from components: those named by nobody 0, the others one more
 * than the highest of those naming them; WORK holds count. */
static void levels_of(const struct graph *graph, const size_t *component,
                      size_t count_of_components, size_t *work, int *levels)
{
    size_t c, v, e;

    memset(work, 0, count_of_components * sizeof(*work));
    for (c = count_of_components; c-- > 0;) {
        for (v = 0; v < graph->count; v++) {
            if (component[v] != c)
                continue;
            for (e = graph->first[v]; e < graph->first[v] + graph->edges_of[v]; e++) {
                size_t to = component[graph->edge[e]];

                if (to != c && work[to] < work[c] + 1)
                    work[to] = work[c] + 1;
            }
        }
    }
    for (v = 0; v < graph->count; v++)
        levels[v] = (int)work[component[v]];
}

int depend_stop_levels(char *const *entries, size_t count, int *levels)
{
    struct graph graph = { count, NULL, NULL, NULL, 0, 0 };
    struct arena arena = { NULL, 0, 0 };
    struct identity *ids = mem_alloc(count * sizeof(*ids) + 1);
    size_t *work = mem_alloc((8 * count + 1) * sizeof(*work)), i, names;
    int result = -1;

    memset(levels, 0, count * sizeof(*levels));
    if (count > DEPEND_MAX_SERVICES) {
        errno = E2BIG;
        goto done;
    }
    if (!ids || !work)
        goto done;
    graph.first = work + 6 * count;
    graph.edges_of = work + 7 * count;
    for (i = 0; i < count; i++) {
        if (identify(entries[i], &ids[i]) < 0)
            ids[i] = (struct identity){ 0, 0 };        /* names nothing, named by none */
    }
    for (i = 0; i < count; i++) {
        size_t at = arena.used;

        if (ids[i].ino == 0 && ids[i].dev == 0) {
            graph.first[i] = graph.edge_count;
            graph.edges_of[i] = 0;
            continue;
        }
        if (dependency_paths(entries[i], &arena, &names) < 0
            || add_edges(&graph, i, ids, &arena, at, names) < 0)
            goto done;
    }
    levels_of(&graph, work + 5 * count, components(&graph, work + 5 * count, work),
              work, levels);
    result = 0;
done:
    if (result < 0 && errno != E2BIG)
        errno = ENOMEM;
    mem_free(arena.text);
    mem_free(graph.edge);
    mem_free(ids);
    mem_free(work);
    return result;
}
