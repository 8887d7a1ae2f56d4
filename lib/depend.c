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

/* A service directory met, known by its device and inode. */
struct node {
    dev_t dev;
    ino_t ino;
    size_t path;                /* offset of the path it was met at */
    size_t first, count;        /* the nodes it names: edge[first ...] */
};

/* Services and who names whom among them; the paths one after another. */
struct graph {
    struct node *nodes;
    size_t *edge;
    char *text;
    size_t count, edges, used;
    size_t nodes_size, edge_size, text_size;
    int has_files;              /* some node has dependency files */
};

/* The node of the directory at PATH: the one met before, else (with
 * ADD, below DEPEND_MAX_SERVICES) a new one. -1 when there is none (not
 * a directory, not met), -2 with ENOMEM. */
static long node_of(struct graph *graph, const char *path, int add)
{
    size_t len = strlen(path) + 1, i;
    struct node *nodes;
    struct stat st;
    char *text;

    if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
        return -1;
    for (i = 0; i < graph->count; i++) {
        if (graph->nodes[i].dev == st.st_dev && graph->nodes[i].ino == st.st_ino)
            return (long)i;
    }
    if (!add || i == DEPEND_MAX_SERVICES)
        return -1;
    nodes = mem_grow(graph->nodes, &graph->nodes_size, (i + 1) * sizeof(*nodes));
    if (nodes)
        graph->nodes = nodes;
    text = mem_grow(graph->text, &graph->text_size, graph->used + len);
    if (text)
        graph->text = text;
    if (!nodes || !text)
        return -2;
    nodes[i] = (struct node){ st.st_dev, st.st_ino, graph->used, 0, 0 };
    memcpy(text + graph->used, path, len);
    graph->used += len;
    graph->count++;
    return (long)i;
}

/* The edges of every node, in the order of its files: to the nodes met
 * so far, and with FOLLOW to new ones too, whose edges are then read in
 * turn. Unreadable services and names that are no directories name
 * nothing. 0, or -1 with ENOMEM. */
static int add_edges(struct graph *graph, int follow)
{
    char path[PATH_MAX];
    struct depend_list list;
    size_t i, k, *grown;
    long to;
    int fd;

    for (i = 0; i < graph->count; i++) {
        graph->nodes[i].first = graph->edges;
        memset(&list, 0, sizeof(list));
        fd = open(graph->text + graph->nodes[i].path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0 && depend_read(fd, &list) < 0)
            fd = fd_close_on_error(fd);
        graph->has_files |= list.has_files;
        if (fd >= 0)
            close(fd);
        else if (errno == ENOMEM)
            return -1;
        for (k = 0; k < list.count; k++) {
            if (list.entries[k].is_unreadable
                || depend_resolve(graph->text + graph->nodes[i].path, list.entries[k].name,
                                  path, sizeof(path)) < 0
                || (to = node_of(graph, path, follow)) == -1)
                continue;
            grown = to < 0 ? NULL : mem_grow(graph->edge, &graph->edge_size,
                                             (graph->edges + 1) * sizeof(*grown));
            if (!grown) {
                depend_free(&list);
                return -1;
            }
            graph->edge = grown;
            graph->edge[graph->edges++] = (size_t)to;
            graph->nodes[i].count++;
        }
        depend_free(&list);
    }
    return 0;
}

static void graph_free(struct graph *graph)
{
    mem_free(graph->nodes);
    mem_free(graph->edge);
    mem_free(graph->text);
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
    const struct node *node;

    memset(index, 0, n * sizeof(*index));              /* 0: not met yet */
    for (s = 0; s < n; s++) {
        if (index[s])
            continue;
        w = s;
        goto visit;             /* the start is met as any other node */
        while (depth > 0) {
            v = frame[depth - 1];
            node = &graph->nodes[v];
            if (next[depth - 1] < node->first + node->count) {
                w = graph->edge[next[depth - 1]++];
                if (!index[w]) {
visit:
                    index[w] = low[w] = counter++;
                    scc[scc_depth++] = w;
                    component[w] = (size_t)-1;         /* on the stack */
                    frame[depth] = w;
                    next[depth++] = graph->nodes[w].first;
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

/* The name of node I: the last component of its path, without slashes
 * at its end, *LEN bytes. */
static const char *node_name(const struct graph *graph, size_t i, int *len)
{
    const char *path = graph->text + graph->nodes[i].path;
    size_t end = entry_length(path);
    const char *base = last_component(path, end);

    *len = (int)(path + end - base);
    return base;
}

/* Whether node A's name sorts before node B's. */
static int is_before(const struct graph *graph, size_t a, size_t b)
{
    int a_len, b_len, order;
    const char *a_name = node_name(graph, a, &a_len), *b_name = node_name(graph, b, &b_len);

    order = memcmp(a_name, b_name, (size_t)(a_len < b_len ? a_len : b_len));
    return order ? order < 0 : a_len < b_len;
}

/* Every member of a component finds the same cycle: the first one of a
 * walk, depth first in file order, that starts at the member with the
 * smallest name and stays inside the component. */
int depend_find_cycle(const char *entry, char *text, size_t size)
{
    struct graph graph;
    size_t *work = NULL, *component, *frame, *next, *seen, n, depth = 1, first = 0;
    size_t v, w, at = 0, i;
    int result = -1, len;
    const char *name;

    memset(&graph, 0, sizeof(graph));
    if (node_of(&graph, entry, 1) == -1)
        return 0;
    if (graph.count == 0 || add_edges(&graph, 1) < 0
        || !(work = mem_alloc(9 * graph.count * sizeof(*work))))
        goto done;
    n = graph.count;
    component = work + 5 * n;
    frame = work + 6 * n;
    next = work + 7 * n;
    seen = work + 8 * n;
    components(&graph, component, work);
    for (v = 1; v < n; v++) {
        if (component[v] == component[0] && is_before(&graph, v, first))
            first = v;
    }
    memset(seen, 0, n * sizeof(*seen));
    frame[0] = first;
    next[0] = graph.nodes[first].first;
    result = 0;
    while (depth > 0 && !result) {
        v = frame[depth - 1];
        if (next[depth - 1] == graph.nodes[v].first + graph.nodes[v].count) {
            depth--;
            continue;
        }
        w = graph.edge[next[depth - 1]++];
        if (w == first) {
            result = 1;
        } else if (component[w] == component[0] && !seen[w]) {
            seen[w] = 1;
            frame[depth] = w;
            next[depth++] = graph.nodes[w].first;
        }
    }
    for (i = 0; result && i <= depth; i++) {
        name = node_name(&graph, frame[i % depth], &len);
        at += fmt_format(text + at, size - at, "%s%.*s", i ? " -> " : "", len, name);
    }
done:
    graph_free(&graph);
    mem_free(work);
    if (result < 0)
        errno = ENOMEM;
    return result;
}

int depend_is_path(const char *name)
{
    size_t len = strlen(name);

    return !len || name[0] == '/' || name[0] == '.' || name[len - 1] == '/';
}

int depend_stop_levels(const char *dir, char *const *names, size_t count, int *levels)
{
    struct graph graph;
    size_t *work = mem_alloc((7 * count + 1) * sizeof(*work)), *component, *level, *node;
    size_t c, v, e, to, i;
    char path[PATH_MAX];
    long found;
    int result = -1;

    memset(&graph, 0, sizeof(graph));
    memset(levels, 0, count * sizeof(*levels));
    if (count > DEPEND_MAX_SERVICES) {
        errno = E2BIG;
        goto done;
    }
    if (!work)
        goto done;
    component = work + 5 * count;
    node = work + 6 * count;                /* each entry's node, or -1 */
    for (i = 0; i < count; i++) {
        fmt_format(path, sizeof(path), "%s%s%s", depend_is_path(names[i]) ? "" : dir,
                   depend_is_path(names[i]) ? "" : "/", names[i]);
        if ((found = node_of(&graph, path, 1)) == -2)
            goto done;
        node[i] = (size_t)found;
    }
    if (add_edges(&graph, 0) < 0)
        goto done;
    /* Levels by components, those that name others first: 0 for one named
     * by none, else one more than the highest of those naming it. */
    c = components(&graph, component, work);
    level = work;
    memset(level, 0, c * sizeof(*level));
    while (c-- > 0) {
        for (v = 0; v < graph.count; v++) {
            for (e = 0; component[v] == c && e < graph.nodes[v].count; e++) {
                to = component[graph.edge[graph.nodes[v].first + e]];
                if (to != c && level[to] < level[c] + 1)
                    level[to] = level[c] + 1;
            }
        }
    }
    for (i = 0; i < count; i++)
        levels[i] = node[i] == (size_t)-1 ? 0 : (int)level[component[node[i]]];
    result = graph.has_files;
done:
    if (result < 0 && errno != E2BIG)
        errno = ENOMEM;
    graph_free(&graph);
    mem_free(work);
    return result;
}
