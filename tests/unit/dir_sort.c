/* tests/unit/dir_sort.c - sorting strings, and a directory listed in order */
#include "check.h"
#include "dir.h"
#include "sort.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_bytes(const char *a, const char *b)
{
    return strcmp(a, b);
}

static int is_sorted(char **strings, size_t count)
{
    size_t i;

    for (i = 1; i < count; i++) {
        if (strcmp(strings[i - 1], strings[i]) > 0)
            return 0;
    }
    return 1;
}

/* Every order of a few strings, duplicates and the empty string among
 * them, and larger random arrays, come out sorted and whole. */
static void test_sort_strings(void)
{
    char *fixed[] = { "b", "", "a", "ab", "b", "\xff", "A", "aa" };
    char *sorted[] = { "", "A", "a", "aa", "ab", "b", "b", "\xff" };
    char words[500][8], *many[500];
    size_t i;

    sort_strings(fixed, 8, by_bytes);
    for (i = 0; i < 8; i++)
        CHECK_STR(sorted[i], fixed[i]);
    sort_strings(fixed, 0, by_bytes);
    sort_strings(fixed, 1, by_bytes);
    srand(7);
    for (i = 0; i < 500; i++) {
        snprintf(words[i], sizeof(words[i]), "%d", rand() % 1000);
        many[i] = words[i];
    }
    sort_strings(many, 500, by_bytes);
    CHECK(is_sorted(many, 500));
    for (i = 0; i < 500; i++)
        CHECK(many[i] >= words[0] && many[i] <= words[499]);
}

/* A directory of many names comes back sorted, without hidden names. */
static void test_dir_list_sorted(void)
{
    char dir[] = "/tmp/dir_sort.XXXXXX", path[64];
    struct dir_list list;
    int fd, i;

    CHECK(mkdtemp(dir) != NULL);
    for (i = 0; i < 300; i++) {
        snprintf(path, sizeof(path), "%s/%s%d", dir, i % 3 ? "svc" : ".hidden", 300 - i);
        close(open(path, O_WRONLY | O_CREAT, 0644));
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK(dir_list_sorted(fd, &list) == 0);
    CHECK(list.count == 200 && list.names[200] == NULL);
    CHECK(is_sorted(list.names, list.count));
    CHECK_STR("svc1", list.names[0]);
    dir_list_free(&list);
    CHECK(dir_list_sorted(fd, &list) == 0 && list.count == 200);   /* read again from the start */
    dir_list_free(&list);
    for (i = 0; i < 300; i++) {
        snprintf(path, sizeof(path), "%s/%s%d", dir, i % 3 ? "svc" : ".hidden", 300 - i);
        unlink(path);
    }
    CHECK(dir_list_sorted(fd, &list) == 0 && list.count == 0 && list.names[0] == NULL);
    dir_list_free(&list);
    close(fd);
    rmdir(dir);
}

int main(void)
{
    test_sort_strings();
    test_dir_list_sorted();
    return check_done("dir_sort");
}
