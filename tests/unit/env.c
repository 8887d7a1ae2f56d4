/* tests/unit/env.c - the environment: copy, look-up, set/unset/add in
 * runit's order, sorting, growth past a page */
#include "check.h"
#include "env.h"

#include <stdio.h>

/* ENV's entries joined by spaces, e.g. "A=1 B=2". */
static const char *joined(const struct env *env)
{
    static char buf[4096];
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < env->count; i++)
        len += snprintf(buf + len, sizeof(buf) - len, i ? " %s" : "%s", env->vars[i]);
    return buf;
}

static int is_terminated(const struct env *env)
{
    return env->vars[env->count] == NULL;
}

static void test_copy_as_it_stands(void)
{
    char first[] = "A=1", *initial[] = { first, "NOEQ", "B=2", "A=3", "=x", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0);
    CHECK(env.count == 5 && is_terminated(&env));
    CHECK_STR("A=1 NOEQ B=2 A=3 =x", joined(&env));
    first[2] = '9';             /* the strings are copies */
    CHECK_STR("A=1", env.vars[0]);
    CHECK(env.vars[0] != first);
    env_free(&env);
    CHECK(env_init(&env, NULL) == 0 && env.count == 0 && is_terminated(&env));
    env_free(&env);
    CHECK(env.vars == NULL && env.count == 0);
}

static void test_get(void)
{
    char *initial[] = { "AB=long", "A=short", "A=second", "EMPTY=", "NOEQ", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0);
    CHECK(env_get(&env, "A", 1) && strcmp(env_get(&env, "A", 1), "short") == 0);
    CHECK(env_get(&env, "AB", 2) && strcmp(env_get(&env, "AB", 2), "long") == 0);
    CHECK(env_get(&env, "ABC=1", 2) && strcmp(env_get(&env, "ABC=1", 2), "long") == 0);
    CHECK(env_get(&env, "EMPTY", 5) && strcmp(env_get(&env, "EMPTY", 5), "") == 0);
    CHECK(env_get(&env, "NOEQ", 4) == NULL);
    CHECK(env_get(&env, "B", 1) == NULL);
    CHECK(env_get(&env, "", 0) == NULL);
    env_free(&env);
}

/* runit's chpst's order: a removed entry leaves its place to the last
 * one, a set one goes at the end. */
static void test_set_and_unset_order(void)
{
    char *initial[] = { "A=1", "B=2", "C=3", "D=4", "A=5", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0);
    CHECK(env_unset(&env, "B") == 0);
    CHECK_STR("A=1 A=5 C=3 D=4", joined(&env));
    CHECK(env_unset(&env, "NONE") == 0);
    CHECK_STR("A=1 A=5 C=3 D=4", joined(&env));
    CHECK(env_set(&env, "A", "new") == 0);          /* every A replaced */
    CHECK_STR("D=4 C=3 A=new", joined(&env));
    CHECK(env_set(&env, "C", "") == 0);
    CHECK_STR("D=4 A=new C=", joined(&env));
    CHECK(env_set(&env, "X=Y", "v") == 0);          /* the entry as it stands */
    CHECK_STR("D=4 A=new C= X=Y=v", joined(&env));
    CHECK(env_get(&env, "X", 1) && strcmp(env_get(&env, "X", 1), "Y=v") == 0);
    CHECK(env_set(&env, "X=Y", "w") == 0);
    CHECK_STR("D=4 A=new C= X=Y=w", joined(&env));
    CHECK(env_unset(&env, "X=Y") == 0 && env_unset(&env, "D") == 0);
    CHECK_STR("C= A=new", joined(&env));
    CHECK(env.count == 2 && is_terminated(&env));
    env_free(&env);
}

/* As in runit's chpst, a name with '=' names the variable up to it. */
static void test_name_with_equals_sign(void)
{
    char *initial[] = { "X=orig", "XY=keep", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0);
    CHECK(env_set(&env, "X=Y", "v") == 0);
    CHECK_STR("XY=keep X=Y=v", joined(&env));
    CHECK(env_unset(&env, "X=Z") == 0);
    CHECK_STR("XY=keep", joined(&env));
    env_free(&env);
}

static void test_add_keeps_the_first(void)
{
    struct env env;

    CHECK(env_init(&env, NULL) == 0);
    CHECK(env_add(&env, "PATH=/first") == 0);
    CHECK(env_add(&env, "PATH=/second") == 0);
    CHECK(env_add(&env, "NOEQ") == 0);
    CHECK(env_add(&env, "V=a=b") == 0);
    CHECK(env_add(&env, "E=") == 0);
    CHECK_STR("PATH=/first V=a=b E=", joined(&env));
    CHECK(env_get(&env, "V", 1) && strcmp(env_get(&env, "V", 1), "a=b") == 0);
    env_free(&env);
}

static void test_sort(void)
{
    char *initial[] = { "b=1", "B=2", "\xc3\xa9=3", "A_=4", "X=second", "A=5",
                        "AB=6", "X=first", "a=7", "A-B=8", NULL };
    struct env env;

    CHECK(env_init(&env, initial) == 0);
    env_sort(&env);
    /* byte order of the names, not of the whole entries ("A-B=8" comes
     * before "A=5" by strcmp); equal names next to each other */
    CHECK(strcmp("A=5 A-B=8 AB=6 A_=4 B=2 X=second X=first a=7 b=1 \xc3\xa9=3", joined(&env)) == 0
          || strcmp("A=5 A-B=8 AB=6 A_=4 B=2 X=first X=second a=7 b=1 \xc3\xa9=3", joined(&env)) == 0);
    CHECK(is_terminated(&env));
    env_free(&env);
    CHECK(env_init(&env, NULL) == 0);
    env_sort(&env);
    CHECK(env.count == 0 && is_terminated(&env));
    env_free(&env);
}

/* Thousands of entries move the strings and the mapping many times:
 * every pointer must still reach its own string. */
static void test_growth_past_a_page(void)
{
    char *initial[] = { "FIRST=1", NULL }, name[32], value[64], var[96];
    struct env env;
    int i, all_found = 1;

    CHECK(env_init(&env, initial) == 0);
    for (i = 0; i < 3000; i++) {
        snprintf(name, sizeof(name), "VARIABLE_%d", i);
        snprintf(value, sizeof(value), "value number %d, long enough to fill pages", i);
        snprintf(var, sizeof(var), "%s=%s", name, value);
        CHECK(i % 2 ? env_set(&env, name, value) == 0 : env_add(&env, var) == 0);
    }
    CHECK(env.count == 3001 && is_terminated(&env));
    CHECK(env.used > 3 * 4096 && env.capacity > 3001);
    for (i = 0; i < 3000; i++) {
        char *found;

        snprintf(name, sizeof(name), "VARIABLE_%d", i);
        snprintf(value, sizeof(value), "value number %d, long enough to fill pages", i);
        found = env_get(&env, name, strlen(name));
        all_found &= found && strcmp(found, value) == 0;
    }
    CHECK(all_found);
    CHECK(env_get(&env, "FIRST", 5) && strcmp(env_get(&env, "FIRST", 5), "1") == 0);
    for (i = 0; i < 3000; i += 2) {
        snprintf(name, sizeof(name), "VARIABLE_%d", i);
        CHECK(env_unset(&env, name) == 0);
    }
    CHECK(env.count == 1501 && is_terminated(&env));
    CHECK(env_get(&env, "VARIABLE_2", 10) == NULL && env_get(&env, "VARIABLE_3", 10));
    env_free(&env);
}

int main(void)
{
    test_copy_as_it_stands();
    test_get();
    test_set_and_unset_order();
    test_name_with_equals_sign();
    test_add_keeps_the_first();
    test_sort();
    test_growth_past_a_page();
    return check_done("env");
}
