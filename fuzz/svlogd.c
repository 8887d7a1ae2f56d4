/* svlogd.c - fuzz svlogd: its options, the config of a log directory
 * (sizes, counts, patterns, prefix, UDP) and the lines it reads (long
 * lines, NUL bytes, no final newline, any split across reads)
 *
 * Input: five bytes, then parts separated by "\n%%\n": the config of the
 * first log directory, with flag 32 the config of a second, then the
 * input, all the rest. The bytes: flags (1-3: that many -t; 4: -r with
 * the fifth byte; 8: -R "abc:"; 16: check the content; 32: two
 * directories; 64: UDP sends fail), -l (0: none), -b above -l (0: none),
 * the size of each read (1-256).
 *
 * applets/svlogd.c is included and driven as its main loop drives it:
 * parse_options, open_all, then each read's bytes through take_input and
 * drain_all, end of input, finish. Not run: the signal descriptor (it
 * would block libFuzzer's SIGALRM), the processors of '!' lines (they
 * would run the input as shell commands), UDP to anywhere but this
 * machine (each address is replaced by 127.0.0.1 and a port of ours, or
 * by a socket that cannot send). Properties: no file of the directory
 * exceeds s bytes; with flag 16 and a config without patterns, prefix
 * and UDP, no -t, -r, -R, the rotated files and current hold the input
 * exactly, a newline added after a last line without one (n and N are
 * raised so that nothing is deleted, s to at least 32). */
#include "fuzz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../applets/svlogd.c"

#include <dirent.h>

enum {
    FLAG_STAMPS = 3, FLAG_REPLACE = 4, FLAG_REPLACE_SET = 8, FLAG_CHECK = 16,
    FLAG_TWO_DIRS = 32, FLAG_UDP_FAILS = 64,
};

struct harness {
    int null_fd;
    int udp_sink;               /* a bound UDP socket on 127.0.0.1 */
    struct sockaddr_in sink_address;
};

static void harness_init(struct harness *h)
{
    socklen_t len = sizeof(h->sink_address);

    h->null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    h->udp_sink = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    memset(&h->sink_address, 0, sizeof(h->sink_address));
    h->sink_address.sin_family = AF_INET;
    h->sink_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_ASSERT(h->null_fd >= 0 && h->udp_sink >= 0);
    FUZZ_ASSERT(bind(h->udp_sink, (struct sockaddr *)&h->sink_address, len) == 0);
    FUZZ_ASSERT(getsockname(h->udp_sink, (struct sockaddr *)&h->sink_address, &len) == 0);
}

static void drain_sink(const struct harness *h)
{
    char datagram[2048];

    while (recv(h->udp_sink, datagram, sizeof(datagram), 0) >= 0)
        continue;
}

/* What the harness must not let through: processors, UDP elsewhere. */
static void tame(struct svlogd *s, const struct harness *h, unsigned flags)
{
    size_t i;
    int pair[2];

    for (i = 0; i < s->dir_count; i++) {
        struct log_dir *d = &s->dirs[i];

        d->processor = NULL;
        if (!d->has_udp)
            continue;
        d->udp_address = h->sink_address;
        if ((flags & FLAG_UDP_FAILS) && d->udp_fd < 0
            && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0) {
            close(pair[1]);
            d->udp_fd = pair[0];        /* connected: a name to send to fails */
        }
    }
}

/* The configs of the directories that the content can be checked in. */
static int is_checkable(const struct svlogd *s, unsigned flags)
{
    const struct log_dir *d = &s->dirs[0];

    if (!(flags & FLAG_CHECK) || s->dir_count != 1 || s->stamp_kind || s->is_replacing)
        return 0;
    return d->dir_fd >= 0 && d->rule_count == 0 && d->prefix_len == 0 && !d->has_udp;
}

static void feed(struct svlogd *s, const uint8_t *data, size_t len, size_t piece)
{
    while (len > 0) {
        size_t n = s->buffer_size - s->in_len;

        if (n > piece)
            n = piece;
        if (n > len)
            n = len;
        FUZZ_ASSERT(n > 0);
        memcpy(s->in + s->in_len, data, n);
        take_stamp(s);
        s->in_len += n;
        data += n;
        len -= n;
        take_input(s);
        drain_all(s);
    }
    s->at_end = 1;
    take_input(s);
    drain_all(s);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The files of DIR: none above SIZE_MAX bytes (0: no limit); with
 * EXPECTED, the rotated files in name order and current hold it. */
static void check_dir(const char *dir, uint64_t size_max, const uint8_t *expected,
                      size_t expected_len)
{
    struct dirent **names;
    char path[PATH_MAX * 2], *all = malloc(expected_len + 1), *text;
    size_t all_len = 0, len;
    int n = scandir(dir, &names, NULL, by_name), i;

    FUZZ_ASSERT(n >= 0 && all);
    for (i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        int is_log = strcmp(name, "current") == 0 || name[0] == '@';

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (is_log && (text = fuzz_read_file(path, &len)) != NULL) {
            FUZZ_ASSERT(size_max == 0 || len <= size_max);
            FUZZ_ASSERT(name[0] != '@' || name[26] == 's');
            if (expected && name[0] == '@') {
                FUZZ_ASSERT(all_len + len <= expected_len);
                memcpy(all + all_len, text, len);
                all_len += len;
            }
            free(text);
        }
    }
    if (expected) {
        snprintf(path, sizeof(path), "%s/current", dir);
        text = fuzz_read_file(path, &len);
        FUZZ_ASSERT(text && all_len + len == expected_len);
        memcpy(all + all_len, text, len);
        FUZZ_ASSERT(memcmp(all, expected, expected_len) == 0);
        free(text);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(all);
}

static void run(struct svlogd *s, const struct harness *h, unsigned flags, size_t piece,
                const uint8_t *data, size_t len, const char *dir)
{
    uint8_t *expected = NULL;
    size_t expected_len = len, i;
    uint64_t size_max[2];
    int checks;

    s->err = (struct writer)WRITER_INIT(h->null_fd, mem_alloc(ERR_BUFFER_SIZE), ERR_BUFFER_SIZE);
    s->in = mem_alloc(s->buffer_size);
    FUZZ_ASSERT(s->err.buf && s->in);
    open_all(s);
    tame(s, h, flags);
    checks = is_checkable(s, flags);
    if (checks) {
        struct log_dir *d = &s->dirs[0];

        d->keep_max = d->keep_min = ULONG_MAX;
        if (d->size_max && d->size_max < 32)
            d->size_max = 32;
        expected = malloc(len + 1);
        FUZZ_ASSERT(expected);
        memcpy(expected, data, len);
        if (len > 0 && data[len - 1] != '\n')
            expected[expected_len++] = '\n';
    }
    for (i = 0; i < 2; i++)
        size_max[i] = i < s->dir_count && s->dirs[i].dir_fd >= 0 ? s->dirs[i].size_max : 0;
    feed(s, data, len, piece);
    finish(s);
    drain_sink(h);
    for (i = 0; i < 2 && i < (size_t)(flags & FLAG_TWO_DIRS ? 2 : 1); i++) {
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "%s/log%zu", dir, i);
        check_dir(path, size_max[i], i == 0 ? expected : NULL, expected_len);
    }
    free(expected);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct harness h = { -1, -1, { 0 } };
    static struct svlogd s;
    struct fuzz_input in = { data, size };
    unsigned flags = fuzz_byte(&in), line_max = fuzz_byte(&in), extra = fuzz_byte(&in);
    size_t piece = fuzz_byte(&in) + 1;
    char replacement = (char)fuzz_byte(&in);
    const uint8_t *config[2] = { NULL, NULL };
    size_t config_len[2] = { 0, 0 }, i;
    char *argv[16], numbers[2][24], dirs[2][PATH_MAX];
    const char *dir = fuzz_scratch();
    volatile int argc = 0;
    int k;

    if (h.null_fd < 0)
        harness_init(&h);
    for (k = 0; k < (flags & FLAG_TWO_DIRS ? 2 : 1); k++) {
        fuzz_part(&in, "\n%%\n", &config[k], &config_len[k]);
        snprintf(dirs[k], sizeof(dirs[k]), "%s/log%d", dir, k);
        FUZZ_ASSERT(mkdir(dirs[k], 0755) == 0);
        if (config[k])
            FUZZ_ASSERT(fuzz_write_file(dirs[k], "config", config[k], config_len[k]) == 0);
    }
    argv[argc++] = "svlogd";
    for (k = 0; k < (int)(flags & FLAG_STAMPS); k++)
        argv[argc++] = "-t";
    if ((flags & FLAG_REPLACE) && replacement) {
        static char r[2];

        r[0] = replacement;
        argv[argc++] = "-r";
        argv[argc++] = r;
    }
    if (flags & FLAG_REPLACE_SET) {
        argv[argc++] = "-R";
        argv[argc++] = "abc:";
    }
    if (line_max) {
        snprintf(numbers[0], sizeof(numbers[0]), "%u", line_max);
        argv[argc++] = "-l";
        argv[argc++] = numbers[0];
    }
    if (extra) {
        snprintf(numbers[1], sizeof(numbers[1]), "%u",
                 (line_max ? line_max : DEFAULT_LINE_MAX) + extra * 8);
        argv[argc++] = "-b";
        argv[argc++] = numbers[1];
    }
    for (k = 0; k < (flags & FLAG_TWO_DIRS ? 2 : 1); k++)
        argv[argc++] = dirs[k];
    argv[argc] = NULL;

    memset(&s, 0, sizeof(s));
    s.argv0 = argv[0];
    s.signal_fd = -1;
    fuzz_fds_mark();
    fuzz_exit_armed = 1;
    if (setjmp(fuzz_exit_point) == 0) {
        parse_options(&s, argc, argv);
        s.dir_count = (size_t)(argc - s.first_dir);
        s.dirs = mem_alloc(s.dir_count * sizeof(*s.dirs));
        FUZZ_ASSERT(s.dirs);
        for (i = 0; i < s.dir_count; i++) {
            s.dirs[i].name = argv[s.first_dir + (int)i];
            s.dirs[i].dir_fd = s.dirs[i].lock_fd = -1;
            s.dirs[i].current.fd = s.dirs[i].udp_fd = -1;
        }
        run(&s, &h, flags, piece, in.data, in.size, dir);
        fuzz_exit_armed = 0;
    } else {
        /* only when no directory could be used (or on a usage error) */
        FUZZ_ASSERT(fuzz_exit_status == EXIT_SYSTEM);
        for (i = 0; s.dirs && i < s.dir_count; i++) {
            reset_config(&s.dirs[i]);
            mem_free(s.dirs[i].current.buf);
        }
        mem_free(s.dirs);
        mem_free(s.in);
        mem_free(s.err.buf);
    }
    fuzz_fds_close_new();       /* the locks: svlogd keeps them to its end */
    return 0;
}
