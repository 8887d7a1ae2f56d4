/* supervise_event.h - the supervise/ directory as dependents share it:
 * made the way runsv makes it, and the event FIFOs of its subscribers */
#ifndef INITBOX_SUPERVISE_EVENT_H
#define INITBOX_SUPERVISE_EVENT_H

/* Make the service DIR's supervise directory (DIR relative to AT_FD,
 * which may be AT_FDCWD; "" for AT_FD itself) unless it is there, mode
 * 0700, as runsv does: a supervise link whose target is missing (a tmpfs
 * after a reboot) gets its target made, read relative to DIR, and the
 * missing directories above that target (0755). Anything else in the
 * way is left for the caller to meet. 0; or -1 with errno, *STEP (if
 * not NULL) naming what failed: "open" (DIR), "readlink", or "mkdir"
 * (supervise, or the link's target: a read-only file system). */
int supervise_dir_make(int at_fd, const char *dir, const char **step);

/* Subscribe to the events of the service DIR (as above): make its
 * supervise and supervise/event directories when missing, then the FIFO
 * NAME there (a leftover of that name is replaced; made and opened
 * under a dot name that notices pass over, then renamed, so that a
 * notice meanwhile cannot take it for a gone subscriber's) and open it for
 * reading and writing, non-blocking and close-on-exec: one descriptor
 * that gets the bytes and is also the writer that keeps it from ever
 * reading as end of file. Read the service's files only after this, so
 * that no change can come between. The descriptor, or -1 with errno (no
 * FIFO is then left behind). */
int supervise_event_subscribe(int at_fd, const char *dir, const char *name);

/* Whether NAME in DIR's event directory is still the FIFO open as FD:
 * 0 when it is gone or something else has taken its name (no byte
 * written there reaches FD any more), 1 otherwise, and when it cannot
 * be told. */
int supervise_event_is_subscribed(int at_fd, const char *dir, const char *name, int fd);

/* Remove the FIFO NAME of DIR's event directory: the subscription ends. */
void supervise_event_unsubscribe(int at_fd, const char *dir, const char *name);

/* Read and drop the bytes waiting on the subscription FD: each means
 * only "read the service's files again". */
void supervise_event_drain(int fd);

/* Tell the subscribers of the event directory open as EVENT_FD
 * (O_RDONLY | O_DIRECTORY): one byte into each FIFO there, without
 * blocking. A FIFO nobody reads any more (its subscriber is gone) is
 * removed; a full one already holds a byte and is left alone. */
void supervise_event_notify(int event_fd);

#endif
