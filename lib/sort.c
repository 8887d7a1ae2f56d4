/* sort.c - sort an array of strings in place, without qsort(3) */
#include "sort.h"

/* Move the string at ROOT down the heap of COUNT until both children
 * sort before it. */
static void sift_down(char **strings, size_t root, size_t count,
                      int (*compare)(const char *, const char *))
{
    size_t child;
    char *moving = strings[root];

    while ((child = 2 * root + 1) < count) {
        if (child + 1 < count && compare(strings[child + 1], strings[child]) > 0)
            child++;
        if (compare(strings[child], moving) <= 0)
            break;
        strings[root] = strings[child];
        root = child;
    }
    strings[root] = moving;
}

void sort_strings(char **strings, size_t count,
                  int (*compare)(const char *, const char *))
{
    size_t i;
    char *largest;

    for (i = count / 2; i-- > 0;)
        sift_down(strings, i, count, compare);
    for (i = count; i-- > 1;) {
        largest = strings[0];
        strings[0] = strings[i];
        strings[i] = largest;
        sift_down(strings, 0, i, compare);
    }
}
