/* proc.c - what /proc tells about a process */
#include "proc.h"
#include "file.h"
#include "fmt.h"

#include <string.h>

int proc_stat_field(pid_t pid, int number, uint64_t *value, char *state)
{
    char path[32], text[512], *p;
    int field;

    fmt_format(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (read_small_file(path, text, sizeof(text)) <= 0)
        return -1;
    p = strrchr(text, ')');
    if (!p || p[1] != ' ' || !p[2])
        return -1;
    if (state)
        *state = p[2];
    for (field = 2; field < number && p; field++)
        p = strchr(p + 1, ' ');
    if (!p)
        return -1;
    *value = scan_decimal(p + 1, NULL);
    return 0;
}
