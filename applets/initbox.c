/* initbox.c - the multiplexer: argv[0] (or argv[1]) -> applet */
#include "config.h"
#include "err.h"
#include "fd.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HELP(main, text)
#define APPLET(name, main, dir) int main##_main(int argc, char **argv);
#include "applets.h"
#undef HELP
#undef APPLET

#define HELP(main, text) static const char main##_help[] = text;
#define APPLET(name, main, dir)
#include "applets.h"
#undef HELP
#undef APPLET

struct applet {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *dir;        /* where --install puts it, relative to the root */
    const char *help;       /* its first line is the usage line */
};

/* One row per name, aliases included, sorted by name (build/applets.h);
 * a row of NULLs ends it (and keeps it valid with no applet at all). */
static const struct applet applets[] = {
#define HELP(main, text)
#define APPLET(name, main, dir) { #name, main##_main, dir, main##_help },
#include "applets.h"
#undef HELP
#undef APPLET
    { NULL, NULL, NULL, NULL }
};

static const char initbox_help[] =
    "usage: initbox APPLET [ARGS...] | --list | --list-full | --install [-s] [-f] DIR\n"
    "       initbox --version\n"
    "\n"
    "Run as APPLET (a link of that name) or as 'initbox APPLET ARGS...';\n"
    "'APPLET --help' describes it. --list: every name; --list-full: with\n"
    "the path --install links it at; --install: hard links in the root\n"
    "DIR (-s: symbolic), not replacing files other than links to initbox\n"
    "unless -f.\n";

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

static const struct applet *find_applet(const char *name)
{
    const struct applet *applet;

    for (applet = applets; applet->name; applet++) {
        if (strcmp(applet->name, name) == 0)
            return applet;
    }
    return NULL;
}

/* A name that is no applet may be a link to one, as in /etc/init.d/foo ->
 * /usr/bin/sv: read that one link and try its base name, so that sv's
 * init-script mode and chpst's personalities work in a symlink farm. */
static const struct applet *find_applet_through_link(const char *path)
{
    char target[PATH_MAX];
    ssize_t len = readlink(path, target, sizeof(target) - 1);

    if (len <= 0)
        return NULL;
    target[len] = '\0';
    return find_applet(base_name(target));
}

static void print_text(int fd, const char *text)
{
    write_full(fd, text, strlen(text));
}

static void print_names(int full)
{
    const struct applet *applet;

    for (applet = applets; applet->name; applet++) {
        if (full && applet->dir[0]) {
            print_text(1, applet->dir);
            print_text(1, "/");
        }
        print_text(1, applet->name);
        print_text(1, "\n");
    }
}

/* The target of DIR/SUBDIR/NAME: relative ("../../bin/initbox") when this
 * binary is ROOT/bin/initbox, so a staged root file system stays correct
 * once it is mounted elsewhere; otherwise this binary's absolute path. */
static int link_target(const char *root, const char *subdir, const char *self,
                       char *target, size_t size)
{
    char path[PATH_MAX];
    struct stat in_root, running;
    const char *p;
    size_t len = 0;

    if (path_join(path, sizeof(path), root, "bin/initbox") < 0)
        return -1;
    if (stat(path, &in_root) < 0 || stat("/proc/self/exe", &running) < 0
        || in_root.st_dev != running.st_dev || in_root.st_ino != running.st_ino) {
        if (strlen(self) >= size)
            return errno = ENAMETOOLONG, -1;
        strcpy(target, self);
        return 0;
    }
    target[0] = '\0';
    for (p = subdir; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p)) {
        if (len + 3 >= size)
            return errno = ENAMETOOLONG, -1;
        memcpy(target + len, "../", 4);
        len += 3;
    }
    if (len + sizeof("bin/initbox") > size)
        return errno = ENAMETOOLONG, -1;
    memcpy(target + len, "bin/initbox", sizeof("bin/initbox"));
    return 0;
}

/* Whether PATH, which exists, is ours to replace: a symbolic link to a
 * file named initbox, or this very binary under another name (a hard
 * link). Anything else, such as a distribution's /sbin/init, is kept. */
static int is_initbox_link(const char *path, const struct stat *self)
{
    char target[PATH_MAX];
    struct stat st;
    ssize_t len = readlink(path, target, sizeof(target) - 1);

    if (len > 0) {
        target[len] = '\0';
        return strcmp(base_name(target), "initbox") == 0;
    }
    return stat(path, &st) == 0 && st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

/* Link one name; 1 when an existing file was kept, 0 when linked. */
static int install_one(const struct applet *applet, const char *root,
                       const char *self, const struct stat *self_stat,
                       int symbolic, int force)
{
    char subdir[PATH_MAX], path[PATH_MAX], target[PATH_MAX];
    struct stat st;

    if (path_join(subdir, sizeof(subdir), root, applet->dir) < 0
        || path_join(path, sizeof(path), subdir, applet->name) < 0)
        return -1;
    if (make_directories(AT_FDCWD, subdir, 0755) < 0)
        return -1;
    if (!force && lstat(path, &st) == 0 && !is_initbox_link(path, self_stat)) {
        warn("kept %s: not a link to initbox (--install -f or make install FORCE=1 replaces it)", path);
        return 1;
    }
    if (unlink(path) < 0 && errno != ENOENT)
        return -1;
    if (!symbolic)
        return link(self, path);
    if (link_target(root, applet->dir, self, target, sizeof(target)) < 0)
        return -1;
    return symlink(target, path);
}

/* --install [-s] [-f] ROOT */
static int install_links(int argc, char **argv)
{
    char self[PATH_MAX];
    int symbolic = 0, force = 0;
    const struct applet *applet;
    struct stat self_stat;
    ssize_t len;

    for (argv++, argc--; argc > 1 && argv[0][0] == '-'; argv++, argc--) {
        if (strcmp(argv[0], "-s") == 0)
            symbolic = 1;
        else if (strcmp(argv[0], "-f") == 0)
            force = 1;
        else
            die_usage();
    }
    if (argc != 1)
        die_usage();
    len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len <= 0 || stat("/proc/self/exe", &self_stat) < 0)
        die_errno(EXIT_SYSTEM, "unable to find this binary: /proc/self/exe");
    self[len] = '\0';
    for (applet = applets; applet->name; applet++) {
        if (install_one(applet, argv[0], self, &self_stat, symbolic, force) < 0)
            die_errno(EXIT_SYSTEM, "unable to install %s/%s/%s",
                      argv[0], applet->dir, applet->name);
    }
    return 0;
}

/* chpst's personalities (envdir, setlock, ...) each answer --help with
 * their own usage; every other name gets its applet's help. */
static int answers_help_itself(const struct applet *applet)
{
#if CONFIG_CHPST
    return applet->main == chpst_main && strcmp(applet->name, "chpst") != 0;
#else
    (void)applet;
    return 0;
#endif
}

/* "initbox" itself: its options, or the applet named by argv[1]. */
static int initbox_main(int argc, char **argv, const struct applet **chosen)
{
    err_init("initbox", initbox_help, argv[0]);
    if (argc < 2)
        die_usage();
    if (strcmp(argv[1], "--help") == 0) {
        print_text(1, initbox_help);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        print_text(1, "initbox ");
        print_text(1, initbox_version);
        print_text(1, "\n");
        return 0;
    }
    if (strcmp(argv[1], "--list") == 0 || strcmp(argv[1], "--list-full") == 0) {
        print_names(argv[1][6] == '-');
        return 0;
    }
    if (strcmp(argv[1], "--install") == 0)
        return install_links(argc - 1, argv + 1);
    *chosen = find_applet(argv[1]);
    if (!*chosen)
        die(127, "no such applet: %s", argv[1]);
    return -1;
}

int main(int argc, char **argv)
{
    const char *name = argc > 0 && argv[0] ? base_name(argv[0]) : "initbox";
    const struct applet *applet = find_applet(name);
    int status;

    if (!applet && argc > 0)
        applet = find_applet_through_link(argv[0]);
    if (!applet && strcmp(name, "initbox") == 0) {
        status = initbox_main(argc, argv, &applet);
        if (!applet)
            return status;
        argc--;
        argv++;
    }
    if (!applet) {
        err_init("initbox", initbox_help, argv[0]);
        die(127, "no such applet: %s", name);
    }
    if (argc > 1 && strcmp(argv[1], "--help") == 0 && !answers_help_itself(applet)) {
        print_text(1, applet->help);
        return 0;
    }
    err_init(applet->name, applet->help, argv[0]);
    return applet->main(argc, argv);
}
