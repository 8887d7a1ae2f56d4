/* lock.h - whole-file flock(2) locks, the kind runit's programs use */
#ifndef INITBOX_LOCK_H
#define INITBOX_LOCK_H

/* Wait for an exclusive lock on FD. 0, or -1 with errno. */
int lock_file(int fd);

/* Take an exclusive lock on FD if it is free: 1 locked, 0 held by someone
 * else, -1 other error with errno. */
int try_lock_file(int fd);

#endif
