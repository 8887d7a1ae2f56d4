/* depend_watch.h - the services a service depends on, as its runsv
 * watches them: subscriptions, what each one is now, pulls and holds
 *
 * One watch per service with dependency files (docs/dependencies.md).
 * The runsv polls the watch's one descriptor (an epoll set of its
 * subscriptions) with its own, refreshes the watch when it has
 * something or a deadline passes, and asks it whether the service may
 * start and whether a dependency it needs has gone. The watch never sleeps and never reads anything but the
 * dependencies' files; the ./check scripts of plain dependencies it runs
 * are the runsv's children, reported back through depend_watch_reap. */
#ifndef INITBOX_DEPEND_WATCH_H
#define INITBOX_DEPEND_WATCH_H

#include "depend.h"
#include "tai64n.h"

#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

/* What a dependency is, as last read from its files. */
enum dependency_state {
    DEPENDENCY_MISSING,         /* no such directory, or an unreadable file */
    DEPENDENCY_DOWN,            /* down, finishing, or no runsv for it */
    DEPENDENCY_CYCLE,           /* down, held on a cycle */
    DEPENDENCY_NOT_READY,       /* up, not ready yet */
    DEPENDENCY_READY,
};

struct dependency {
    enum depend_kind kind;
    const char *name;           /* as written in the file */
    size_t path;                /* offset of its path in the watch's paths */
    int fd;                     /* our subscription to its events, or -1 */
    enum dependency_state state;
    int is_wanted_up;           /* a runsv supervises it and its want is up */
    int is_evented;             /* its runsv has sent us a byte: it is ours */
    int is_pull_pending;        /* a 'u' to send once its runsv is there */
    int is_pulled;              /* sent a 'u' its status does not show yet:
                                 * wanted up as far as we are concerned */
    int was_up;                 /* up since the last pull */
    int is_check_due;           /* up, a plain one with a ./check not passed */
    pid_t pid;                  /* its process as last read, 0 */
    pid_t ready_pid;            /* the process last read ready, 0 */
    int is_lost;                /* it was ready and is not, or is another
                                 * process now, since depend_watch_started */
    pid_t checked;              /* the process whose ./check passed */
    pid_t check_pid;            /* our run of its ./check, 0 */
    pid_t check_for;            /* the process that run is about */
    int64_t check_at;           /* its next run (monotonic ms) */
    int64_t check_delay;
};

struct depend_watch {
    int fd;                     /* epoll set of the subscriptions, to poll */
    char entry[PATH_MAX];       /* the service's entry, for names */
    char own_dir[8];            /* its directory from the runsv's: "" or "log" */
    char subscriber[NAME_MAX + 32];     /* our FIFOs' name */
    const sigset_t *mask;       /* for the ./check children */
    struct depend_list list;
    struct dependency *deps;
    size_t count;
    char *paths;
    size_t paths_size, paths_used;
    struct tai64n pulled;       /* the last pull */
    int64_t refreshed_ms;       /* the last refresh (monotonic) */
    size_t holder;              /* the dependency the last reason names */
    int is_on_cycle;
    char cycle[256];            /* "a -> b -> a" */
};

/* Start watching the dependencies of the service in OWN_DIR (relative to
 * the working directory: "" or "log"), whose entry path is ENTRY (the
 * names of its files are looked up from there), subscribing as
 * SUBSCRIBER ("web.123"); the ./check children get MASK. 1 watching, 0
 * when the service has no dependency files (nothing to watch), -1 with
 * ENOMEM. */
int depend_watch_open(struct depend_watch *watch, const char *own_dir,
                      const char *entry, const char *subscriber, const sigset_t *mask);

/* Unsubscribe, and give everything back. */
void depend_watch_close(struct depend_watch *watch);

/* Read the service's own files again; when they changed, the
 * subscriptions follow. 0, or -1 with ENOMEM (the watch is then empty). */
int depend_watch_reload(struct depend_watch *watch);

/* WATCH->fd is readable: read what the dependencies said. 1 when one
 * said something (refresh then). */
int depend_watch_on_poll(struct depend_watch *watch);

/* Read every dependency's files again: what it is now; a pending pull
 * goes out once its runsv is there; a plain dependency's ./check is run
 * when its turn comes and IS_HELD (nothing is run while the service is
 * up: readiness by ./check lasts for the life of the process). */
void depend_watch_refresh(struct depend_watch *watch, int is_held);

/* Look for a cycle through the service (depend_find_cycle); 1 on one. */
int depend_watch_find_cycle(struct depend_watch *watch);

/* Why the service may not start, into TEXT of SIZE bytes ("needs db (not
 * ready)", "cycle a -> b -> a"), the first reason in file order; NULL
 * when nothing holds it. */
const char *depend_watch_reason(struct depend_watch *watch, char *text, size_t size);

/* Whether a needs dependency is not ready, or has been down since the
 * service started (its process ended, even if another is ready now):
 * the service rolls back. */
int depend_watch_needs_lost(const struct depend_watch *watch);

/* The service started: what its dependencies are now is what it started
 * with. */
void depend_watch_started(struct depend_watch *watch);

/* The want changed to up: 'u' to each needs and wants dependency whose
 * want is down, kept pending for those whose runsv is not there yet. */
void depend_watch_pull(struct depend_watch *watch);

/* The want went down: forget pending pulls. */
void depend_watch_cancel_pulls(struct depend_watch *watch);

/* The next time the watch must be refreshed without a byte: a ./check
 * due, or, while the service IS_HELD by a dependency that sends no bytes
 * (missing, or under runit's runsv) or by a cycle, a second after the
 * last refresh. DEADLINE_NONE when none. */
int64_t depend_watch_deadline(const struct depend_watch *watch, int is_held);

/* A child of the runsv ended: 1 when it was a ./check of ours (noted),
 * 0 when it is not ours. */
int depend_watch_reap(struct depend_watch *watch, pid_t pid, int status);

#endif
