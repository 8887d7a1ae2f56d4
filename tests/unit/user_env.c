/* tests/unit/user_env.c - account specifications and the owned environment */
#include "check.h"
#include "env.h"
#include "user.h"

#include <errno.h>
#include <stdio.h>

/* struct env never frees what it drops: it lives until exec (env.h). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

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

static int count_named(struct env *env, const char *var)
{
    size_t i;
    int count = 0;

    for (i = 0; i < env->count; i++)
        count += strcmp(env->vars[i], var) == 0;
    return count;
}

static void test_env_editing(void)
{
    char *initial[] = { "A=1", "B=2", "A=3", "AB=4", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0 && env.count == 4);
    CHECK(env_set(&env, "A", "new") == 0);
    CHECK(count_named(&env, "A=new") == 1 && count_named(&env, "A=1") == 0
          && count_named(&env, "A=3") == 0 && count_named(&env, "AB=4") == 1);
    CHECK(env_unset(&env, "B") == 0 && count_named(&env, "B=2") == 0);
    CHECK(env_set(&env, "X=Y", "v") == 0 && count_named(&env, "X=Y=v") == 1);
    CHECK(env.vars[env.count] == NULL && env.count == 3);
    for (int i = 0; i < 100; i++)
        CHECK(env_set(&env, "GROW", "x") == 0);
    CHECK(count_named(&env, "GROW=x") == 1 && env.count == 4);
}

int main(void)
{
    test_numeric_accounts();
    test_group_limit();
    test_named_accounts();
    test_env_editing();
    return check_done("user_env");
}
