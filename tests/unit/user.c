/* tests/unit/user.c - account specifications */
#include "check.h"
#include "user.h"

#include <errno.h>
#include <stdio.h>

static void test_numeric_accounts(void)
{
    struct account account;

    CHECK(account_lookup(":1000:2000:3000", 0, &account) == 0);
    CHECK(account.uid == 1000 && account.gid == 2000 && account.group_count == 2);
    CHECK(account.groups[0] == 2000 && account.groups[1] == 3000);
    CHECK(account_lookup(":0:0", 0, &account) == 0 && account.uid == 0);
    CHECK(account_lookup(":1000", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":1000:", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":1000::5", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":x:1", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":1:2x", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":4294967295:1", 0, &account) == -1 && errno == EINVAL);
    CHECK(account_lookup(":99999999999999999999:1", 0, &account) == -1);
}

static void test_group_limit(void)
{
    struct account account;
    char spec[400] = ":1";
    int i;

    for (i = 0; i < ACCOUNT_MAX_GROUPS; i++)
        sprintf(spec + strlen(spec), ":%d", i);
    CHECK(account_lookup(spec, 0, &account) == 0);
    CHECK(account.group_count == ACCOUNT_MAX_GROUPS);
    strcat(spec, ":99");
    CHECK(account_lookup(spec, 0, &account) == -1 && errno == EINVAL);
}

static void test_named_accounts(void)
{
    struct account account;

    CHECK(account_lookup("root", 0, &account) == 0);
    CHECK(account.uid == 0 && account.gid == 0 && account.group_count == 1);
    CHECK(account_lookup("root:root", 0, &account) == 0 && account.gid == 0);
    CHECK(account_lookup("root:", 0, &account) == -1 && errno == ENOENT);
    CHECK(account_lookup("", 0, &account) == -1 && errno == ENOENT);
    CHECK(account_lookup("no-such-user-here", 0, &account) == -1 && errno == ENOENT);
    CHECK(account_lookup("root:root", 1, &account) == -1 && errno == ENOENT);
    CHECK(account_lookup(":0:0", 1, &account) == -1 && errno == ENOENT);
}

int main(void)
{
    test_numeric_accounts();
    test_group_limit();
    test_named_accounts();
    return check_done("user");
}
