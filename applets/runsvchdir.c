/* runsvchdir.c - switch runsvdir's services directory (runit's runsvchdir) */

/*
config RUNSVCHDIR
	bool "runsvchdir"
	default y
	help
	  usage: runsvchdir dir

	  Point /etc/runit/runsvdir/current at DIR (a name there or an
	  absolute path), keeping the old link as previous: runit's run
	  levels. Exit 0, 1 usage, 111 failure.
*/
/* install: usr/sbin/runsvchdir */

#include "err.h"
#include "fd.h"
#include "fmt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RUNSVDIR_DIR "/etc/runit/runsvdir"

/* "runsvchdir: DIR: WHAT" on standard output, as runit says it. */
static void report(const char *dir, const char *what)
{
    char line[600];
    size_t len = fmt_format(line, sizeof(line), "runsvchdir: %s: %s\n", dir, what);

    write_full(1, line, len);
}

/* previous becomes the link current is now. A hard link of the symbolic
 * link keeps current in place until the rename that replaces it, so a
 * runsvdir reading /etc/service never finds it missing; where current is
 * something a hard link cannot be made of (a directory), it is renamed
 * to previous, as runit does. */
static void keep_previous(void)
{
    if (unlink("previous") < 0 && errno != ENOENT)
        die_errno(EXIT_SYSTEM, "unable to unlink: previous");
    if (link("current", "previous") == 0)
        return;
    if (rename("current", "previous") < 0)
        die_errno(EXIT_SYSTEM, "unable to copy: current to previous");
}

int runsvchdir_main(int argc, char **argv)
{
    struct stat target, current;
    const char *dir;
    int saved;

    err_set_prefix(argv[0]);    /* runit names itself as called */
    if (argc < 2)
        die_usage_as_invoked(1);
    dir = argv[1];
    if (dir[0] == '.')
        die(EXIT_SYSTEM, "%s: must not start with a dot.", dir);
    if (chdir(RUNSVDIR_DIR) < 0)
        die_errno(EXIT_SYSTEM, "unable to chdir: " RUNSVDIR_DIR);
    if (stat(dir, &target) < 0)
        die_errno(EXIT_SYSTEM, "%s", dir);
    if (!S_ISDIR(target.st_mode))   /* runit's words, with no separator */
        die(EXIT_SYSTEM, "%snot a directory.", dir);
    if (stat("current", &current) < 0)
        die_errno(EXIT_SYSTEM, "unable to stat: current");
    if (current.st_dev == target.st_dev && current.st_ino == target.st_ino) {
        report(dir, "current.");
        return 0;
    }
    if (unlink("current.new") < 0 && errno != ENOENT)
        die_errno(EXIT_SYSTEM, "unable to unlink: current.new");
    if (symlink(dir, "current.new") < 0)
        die_errno(EXIT_SYSTEM, "unable to create: current.new -> %s", dir);
    keep_previous();
    if (rename("current.new", "current") < 0) {
        saved = errno;
        if (lstat("current", &current) < 0 && rename("previous", "current") < 0)
            warn_errno("unable to move previous back to current");
        errno = saved;
        die_errno(EXIT_SYSTEM, "unable to move: current.new to current");
    }
    report(dir, "now current.");
    return 0;
}
