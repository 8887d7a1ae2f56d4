/* proc.h - what /proc tells about a process */
#ifndef INITBOX_PROC_H
#define INITBOX_PROC_H

#include <stdint.h>
#include <sys/types.h>

/* Field NUMBER of /proc/PID/stat, counted as proc(5) counts them (4 the
 * parent's pid, 22 the start time in clock ticks since boot), read as a
 * decimal number; fields are found after the last ')', since the command
 * name before it may hold anything. *STATE (if not NULL) gets field 3,
 * the state letter ('Z' for a zombie). 0, or -1 when the process is gone
 * or the field is not there. */
int proc_stat_field(pid_t pid, int number, uint64_t *value, char *state);

#endif
