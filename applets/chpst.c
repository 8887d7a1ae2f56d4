/* chpst.c - run a program with a changed process state (runit's chpst) */

/*
config CHPST
	bool "chpst"
	default y
	help
	  usage: chpst [-vVP012] [-u user[:group]] [-U user[:group]] [-b argv0] [-e dir] [-/ root] [-n nice] [-l|-L lock] [-m n] [-d n] [-o n] [-p n] [-f n] [-c n] [-t n] prog

	  Run PROG with a changed process state, applied in this order:
	  -P new session; -e DIR envdir; -/ ROOT chroot; -C DIR chdir;
	  -n INC nice; -U USER set $UID/$GID only; -u USER[:GROUP...] or
	  :UID:GID[:GID...] run as; -l|-L LOCK wait for|fail on a held
	  flock; -0 -1 -2 close stdin/out/err; soft limits: -m bytes of
	  data, stack, locked memory and address space, -d data, -o open
	  files, -p processes, -f file size, -c core, -r rss, -t cpu seconds.
	  -b ARGV0 sets PROG's argv[0]; -v verbose. Exit: PROG's status,
	  100 usage, 111 failure. As envdir, envuidgid, setuidgid, pgrphack,
	  softlimit or setlock it acts as those (runit's setlock waits only
	  with -n).
*/
/* install: usr/bin/chpst usr/bin/envdir usr/bin/envuidgid usr/bin/pgrphack usr/bin/setlock usr/bin/setuidgid usr/bin/softlimit */

#include "env.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "options.h"
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

/* The soft limits chpst and softlimit can set, in one fixed order. */
enum limit_index {
    LIMIT_DATA, LIMIT_STACK, LIMIT_MEMLOCK, LIMIT_AS, LIMIT_NOFILE,
    LIMIT_NPROC, LIMIT_FSIZE, LIMIT_CORE, LIMIT_RSS, LIMIT_CPU, LIMIT_COUNT
};

static const unsigned char limit_resources[LIMIT_COUNT] = {
    RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_NOFILE,
    RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_CPU,
};

struct limit {
    rlim_t value;
    unsigned char is_set;
    unsigned char to_hard;      /* softlimit's "=": the hard limit */
};

/* What chpst acts as, by the name it is called by (runit's names). */
enum personality_kind {
    AS_CHPST, AS_SETUIDGID, AS_ENVUIDGID, AS_ENVDIR, AS_PGRPHACK, AS_SETLOCK,
    AS_SOFTLIMIT,
};

struct personality {
    const char *name;           /* NULL: any other name, chpst itself */
    const char *usage;          /* NULL: the first line of chpst's help */
    const char *about;          /* its --help after the usage line */
    const char *options;        /* option letters, as options_next() takes
                                 * them; NULL: none, as in runit, whose
                                 * setuidgid, envuidgid, envdir and pgrphack
                                 * take "-x" for their operand or program */
    enum personality_kind kind;
};

static const struct personality personalities[] = {
    { "setuidgid", "usage: setuidgid account child",
      "Run CHILD as ACCOUNT, with its groups (chpst -u).",
      NULL, AS_SETUIDGID },
    { "envuidgid", "usage: envuidgid account child",
      "Run CHILD with $UID and $GID set to ACCOUNT's (chpst -U).",
      NULL, AS_ENVUIDGID },
    { "envdir", "usage: envdir dir child",
      "Run CHILD with the environment DIR's files set and unset (chpst -e).",
      NULL, AS_ENVDIR },
    { "pgrphack", "usage: pgrphack child",
      "Run CHILD in a session of its own (chpst -P).",
      NULL, AS_PGRPHACK },
    { "setlock", "usage: setlock [ -nNxX ] file program [ arg ... ]",
      "Run PROGRAM holding a lock on FILE. Held: fail, or with -n wait\n"
      "(runit's meaning); -x: exit 0 rather than fail (chpst -L, -l).",
      "nNxX", AS_SETLOCK },
    { "softlimit", "usage: softlimit [-a allbytes] [-c corebytes] [-d databytes] "
      "[-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes] "
      "[-r residentbytes] [-s stackbytes] [-t cpusecs] child",
      "Run CHILD with lower soft limits; = for a value: the hard limit.",
      "a:c:d:f:l:m:o:p:r:s:t:", AS_SOFTLIMIT },
    { NULL, NULL, NULL, "u:U:b:e:/:C:n:l:L:m:d:o:p:f:c:r:t:vVP012", AS_CHPST },
};

struct chpst {
    const struct personality *personality;
    const char *user;           /* -u */
    const char *env_user;       /* -U */
    int user_by_name_only;      /* setuidgid and envuidgid */
    const char *argv0;          /* -b */
    const char *env_dir;        /* -e */
    int env_dir_strict;         /* envdir: a subdirectory is an error */
    const char *root;           /* -/ */
    const char *directory;      /* -C */
    long nice;                  /* -n */
    int has_nice;
    const char *lock;           /* -l or -L */
    int lock_waits;
    int lock_is_silent;         /* setlock -x: no lock, no run -> exit 0 */
    int new_session;            /* -P */
    int close_mask;             /* -0 -1 -2: bit N closes descriptor N */
    int verbose;
    struct limit limits[LIMIT_COUNT];
    char **program;
};

static void usage(const struct chpst *chpst)
{
    if (chpst->personality->usage)
        print_usage(chpst->personality->usage);
    else
        die_usage();
    exit(EXIT_USAGE);
}

/* A personality's --help: its own usage line, then what it does. */
static void print_personality_help(const struct personality *personality)
{
    const char *parts[] = { personality->usage, "\n\n", personality->about, "\n" };
    size_t i;

    for (i = 0; i < 4; i++)
        write_full(1, parts[i], strlen(parts[i]));
    exit(0);
}

/* A plain decimal number; a value too big for rlim_t means "as high as
 * allowed" (the hard limit). softlimit also takes "=" for the hard limit. */
static void parse_limit(struct chpst *chpst, const char *text, int allow_hard,
                        enum limit_index index)
{
    struct limit *limit = &chpst->limits[index];
    const char *end;
    uint64_t value;

    limit->is_set = 1;
    limit->to_hard = allow_hard && strcmp(text, "=") == 0;
    if (limit->to_hard)
        return;
    value = scan_decimal(text, &end);
    if (end == text || *end)
        usage(chpst);
    limit->value = value > RLIM_INFINITY ? RLIM_INFINITY : (rlim_t)value;
}

static void set_memory_limits(struct chpst *chpst, const char *text, int allow_hard)
{
    parse_limit(chpst, text, allow_hard, LIMIT_DATA);
    parse_limit(chpst, text, allow_hard, LIMIT_STACK);
    parse_limit(chpst, text, allow_hard, LIMIT_MEMLOCK);
    parse_limit(chpst, text, allow_hard, LIMIT_AS);
}

static void parse_nice(struct chpst *chpst, const char *text)
{
    const char *digits = text + (*text == '-' || *text == '+'), *end;
    uint64_t value = scan_decimal(digits, &end);

    if (end == digits || *end)
        usage(chpst);
    if (value > 100)            /* nice clamps anything past 40 anyway */
        value = 100;
    chpst->nice = *text == '-' ? -(long)value : (long)value;
    chpst->has_nice = 1;
}

static void set_lock(struct chpst *chpst, const char *path, int waits)
{
    if (chpst->lock)
        usage(chpst);
    chpst->lock = path;
    chpst->lock_waits = waits;
}

/* chpst's own options; 0 when OPTION is not one of them. */
static int chpst_option(struct chpst *chpst, int option, char *arg)
{
    switch (option) {
    case 'u': chpst->user = arg; break;
    case 'U': chpst->env_user = arg; break;
    case 'b': chpst->argv0 = arg; break;
    case 'e': chpst->env_dir = arg; break;
    case '/': chpst->root = arg; break;
    case 'C': chpst->directory = arg; break;
    case 'n': parse_nice(chpst, arg); break;
    case 'l': set_lock(chpst, arg, 1); break;
    case 'L': set_lock(chpst, arg, 0); break;
    case 'm': set_memory_limits(chpst, arg, 0); break;
    case 'd': parse_limit(chpst, arg, 0, LIMIT_DATA); break;
    case 'o': parse_limit(chpst, arg, 0, LIMIT_NOFILE); break;
    case 'p': parse_limit(chpst, arg, 0, LIMIT_NPROC); break;
    case 'f': parse_limit(chpst, arg, 0, LIMIT_FSIZE); break;
    case 'c': parse_limit(chpst, arg, 0, LIMIT_CORE); break;
    case 'r': parse_limit(chpst, arg, 0, LIMIT_RSS); break;
    case 't': parse_limit(chpst, arg, 0, LIMIT_CPU); break;
    case 'v': chpst->verbose = 1; break;
    case 'P': chpst->new_session = 1; break;
    case '0': case '1': case '2': chpst->close_mask |= 1 << (option - '0'); break;
    default: return 0;
    }
    return 1;
}

/* softlimit's options: the same limits, with "=" meaning the hard limit. */
static int softlimit_option(struct chpst *chpst, int option, char *arg)
{
    static const char letters[] = "adlsocpfrt";
    static const unsigned char index[] = {
        LIMIT_AS, LIMIT_DATA, LIMIT_MEMLOCK, LIMIT_STACK, LIMIT_NOFILE,
        LIMIT_CORE, LIMIT_NPROC, LIMIT_FSIZE, LIMIT_RSS, LIMIT_CPU,
    };
    const char *letter = option > 0 ? strchr(letters, option) : NULL;

    if (option == 'm') {
        set_memory_limits(chpst, arg, 1);
        return 1;
    }
    if (!letter)
        return 0;
    parse_limit(chpst, arg, 1, index[letter - letters]);
    return 1;
}

static int setlock_option(struct chpst *chpst, int option)
{
    switch (option) {
    case 'n': chpst->lock_waits = 1; break;
    case 'N': chpst->lock_waits = 0; break;
    case 'x': chpst->lock_is_silent = 1; break;
    case 'X': chpst->lock_is_silent = 0; break;
    default: return 0;
    }
    return 1;
}

/* The row of the personality NAME (runit's names, after one leading 'd'
 * is dropped): the last row, chpst's own, for any other name. */
static const struct personality *find_personality(const char *name)
{
    const struct personality *personality = personalities;

    while (personality->name && strcmp(personality->name, name) != 0)
        personality++;
    return personality;
}

/* Apply OPTION of the personality's own; 0 when it has no such option. */
static int apply_option(struct chpst *chpst, int option, char *arg)
{
    switch (chpst->personality->kind) {
    case AS_CHPST: return chpst_option(chpst, option, arg);
    case AS_SOFTLIMIT: return softlimit_option(chpst, option, arg);
    case AS_SETLOCK: return setlock_option(chpst, option);
    default: return 0;
    }
}

/* Where the personality's operand before PROG goes; NULL if it has none. */
static const char **operand_of(struct chpst *chpst)
{
    switch (chpst->personality->kind) {
    case AS_SETUIDGID: return &chpst->user;
    case AS_ENVUIDGID: return &chpst->env_user;
    case AS_ENVDIR: return &chpst->env_dir;
    case AS_SETLOCK: return &chpst->lock;
    default: return NULL;
    }
}

/* The options and operand of the personality NAME, then PROG... in
 * chpst->program. */
static void parse_command_line(struct chpst *chpst, const char *name,
                               int argc, char **argv)
{
    struct options state = OPTIONS_INIT;
    enum personality_kind kind;
    const char **operand;
    int option;

    chpst->personality = find_personality(name);
    kind = chpst->personality->kind;
    while (chpst->personality->options
           && (option = options_next(&state, argc, argv, chpst->personality->options,
                                     NULL)) != -1) {
        if (!apply_option(chpst, option, state.value)) {
            print_option_message(option, state.letter);
            usage(chpst);
        }
    }
    argv += state.index;
    operand = operand_of(chpst);
    if (operand) {
        if (!*argv)
            usage(chpst);
        *operand = *argv++;
    }
    chpst->new_session |= kind == AS_PGRPHACK;
    chpst->env_dir_strict = kind == AS_ENVDIR;
    chpst->user_by_name_only = kind != AS_CHPST;
    if (!*argv)
        usage(chpst);
    chpst->program = argv;
}

static void lookup_account_or_die(const struct chpst *chpst, const char *spec,
                                  struct account *account)
{
    if (account_lookup(spec, chpst->user_by_name_only, account) == 0)
        return;
    if (chpst->user_by_name_only)
        die(EXIT_SYSTEM, "unknown account: %s", spec);
    if (errno == EINVAL)
        die(EXIT_SYSTEM, "invalid uid/gids: %s", spec + (spec[0] == ':'));
    die(EXIT_SYSTEM, "unknown user/group: %s", spec);
}

static void load_env_dir(const struct chpst *chpst, struct env *env)
{
    char failed[PATH_MAX];

    if (envdir_load(env, chpst->env_dir, !chpst->env_dir_strict, chpst->verbose,
                    failed, sizeof(failed)) == 0)
        return;
    if (errno == ENOMEM)
        die_errno(EXIT_SYSTEM, "unable to load %s", chpst->env_dir);
    if (strcmp(failed, chpst->env_dir) == 0)
        die_errno(EXIT_SYSTEM, "unable to switch to directory: %s", failed);
    die_errno(EXIT_SYSTEM, "unable to read %s", failed);
}

static void change_root(const char *root)
{
    if (chdir(root) < 0)
        die_errno(EXIT_SYSTEM, "unable to change directory: %s", root);
    if (chroot(".") < 0)
        die_errno(EXIT_SYSTEM, "unable to change root directory");
}

static void set_nice(long increment)
{
    errno = 0;
    if (nice(increment) == -1 && errno)
        die_errno(EXIT_SYSTEM, "unable to set nice level");
}

static void export_ids(const struct chpst *chpst, struct env *env)
{
    struct account account;
    char number[24];

    lookup_account_or_die(chpst, chpst->env_user, &account);
    fmt_ulong(number, account.uid);
    if (env_set(env, "UID", number) < 0)
        die_errno(EXIT_SYSTEM, "unable to set UID");
    fmt_ulong(number, account.gid);
    if (env_set(env, "GID", number) < 0)
        die_errno(EXIT_SYSTEM, "unable to set GID");
}

static void change_user(const struct chpst *chpst)
{
    struct account account;

    /* Raw system calls: libc's versions stop every thread to change them
     * all (a kilobyte or two of a static binary), and chpst has one. */
    lookup_account_or_die(chpst, chpst->user, &account);
    if (syscall(SYS_setgroups, account.group_count, account.groups) < 0)
        die_errno(EXIT_SYSTEM, "unable to setgroups");
    if (syscall(SYS_setgid, account.gid) < 0)
        die_errno(EXIT_SYSTEM, "unable to setgid");
    if (syscall(SYS_setuid, account.uid) < 0)
        die_errno(EXIT_SYSTEM, "unable to setuid");
}

/* The lock descriptor is left open across exec: the lock lasts as long
 * as the program runs. Returns 0, or -1 for setlock -x to exit quietly. */
static int take_lock(const struct chpst *chpst)
{
    int fd = open(chpst->lock, O_WRONLY | O_APPEND | O_CREAT, 0600);
    int locked;

    if (fd < 0) {
        if (chpst->lock_is_silent)
            return -1;
        die_errno(EXIT_SYSTEM, "unable to open lock: %s", chpst->lock);
    }
    if (chpst->lock_waits) {
        locked = lock_file(fd) == 0 ? 1 : -1;
    } else {
        locked = try_lock_file(fd);
        if (locked == 0)
            errno = EWOULDBLOCK;
    }
    if (locked <= 0) {
        if (chpst->lock_is_silent)
            return -1;
        die_errno(EXIT_SYSTEM, "unable to lock: %s", chpst->lock);
    }
    return 0;
}

/* Only soft limits change; a value over the hard limit takes the hard.
 * prlimit(2), not setrlimit: musl's setrlimit stops every thread first,
 * a kilobyte or two of code a single-threaded program does not need. */
static void set_limits(const struct chpst *chpst)
{
    struct rlimit current;
    size_t i;

    for (i = 0; i < LIMIT_COUNT; i++) {
        const struct limit *limit = &chpst->limits[i];

        if (!limit->is_set)
            continue;
        if (getrlimit(limit_resources[i], &current) < 0)
            die_errno(EXIT_SYSTEM, "unable to getrlimit");
        current.rlim_cur = limit->to_hard || limit->value > current.rlim_max
            ? current.rlim_max : limit->value;
        if (prlimit(0, limit_resources[i], &current, NULL) < 0)
            die_errno(EXIT_SYSTEM, "unable to setrlimit");
    }
}

static void close_standard_fds(int mask)
{
    int fd;

    for (fd = 0; fd < 3; fd++) {
        if (mask & (1 << fd))
            close(fd);
    }
}

int chpst_main(int argc, char **argv)
{
    struct chpst chpst = { 0 };
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    /* environ itself is never changed: its PATH stays valid for the search */
    char *file, *search_path = getenv("PATH");
    struct env env;

    err_set_prefix("chpst");
    name += name[0] == 'd';
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        print_personality_help(find_personality(name));
    parse_command_line(&chpst, name, argc, argv);
    if (env_init(&env, environ) < 0)
        die_errno(EXIT_SYSTEM, "unable to copy the environment");

    if (chpst.new_session)
        setsid();
    if (chpst.env_dir)
        load_env_dir(&chpst, &env);
    if (chpst.root)
        change_root(chpst.root);
    if (chpst.directory && chdir(chpst.directory) < 0)
        die_errno(EXIT_SYSTEM, "unable to change directory: %s", chpst.directory);
    if (chpst.has_nice)
        set_nice(chpst.nice);
    if (chpst.env_user)
        export_ids(&chpst, &env);
    if (chpst.user)
        change_user(&chpst);
    if (chpst.lock && take_lock(&chpst) < 0)
        exit(0);                /* setlock -x */
    close_standard_fds(chpst.close_mask);
    set_limits(&chpst);

    file = chpst.program[0];
    if (chpst.argv0)
        chpst.program[0] = (char *)chpst.argv0;
    exec_search(file, chpst.program, env.vars, search_path);
    if (chpst.lock_is_silent)
        exit(0);
    die_errno(EXIT_SYSTEM, "unable to run: %s", file);
}
