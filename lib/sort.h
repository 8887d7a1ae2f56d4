/* sort.h - sort an array of strings in place, without qsort(3)
 *
 * musl's qsort (smoothsort) costs over a kilobyte of a static binary for
 * the few lists initbox orders: a directory's names, an environment. */
#ifndef INITBOX_SORT_H
#define INITBOX_SORT_H

#include <stddef.h>

/* Sort the COUNT strings of STRINGS by COMPARE (strcmp's contract), in
 * O(n log n) whatever the order they come in (heap sort: not stable). */
void sort_strings(char **strings, size_t count,
                  int (*compare)(const char *, const char *));

#endif
