/* `pith push`: adds inputs to the Redis input stream (SPEC §10), so that
 * producers need no Redis client of their own. Files (or stdin) go as
 * `body` with their name, http(s) arguments as `url`. A short-lived command,
 * so hiredis's blocking API, with the XADDs pipelined in batches: one round
 * trip per batch, not per file. */
#include <fcntl.h>
#include <getopt.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include "pith/buf.h"
#include "cli.h"
#include "config.h"
#include "fileio.h"
#include "redis_conn.h"

#define BATCH 128

static const char usage[] =
    "usage: pith push [-c FILE] [--stream S] [--type html|text] FILE...|URL...|-\n"
    "\n"
    "Add inputs to the Redis input stream ([redis] input_stream) for the daemons\n"
    "reading it. Files (and - for stdin) go as `body` with their name;\n"
    "http:// and https:// arguments go as `url` and are fetched by a daemon.\n"
    "Prints the id of each stream entry added.\n"
    "\n"
    "  -c, --config FILE   configuration (default " PITH_DEFAULT_CONFIG ")\n"
    "  -s, --stream S      stream to add to (default: [redis] input_stream)\n"
    "  -t, --type T        html or text: skip sniffing for every input\n"
    "  -h, --help          this help\n"
    "\n"
    "exit: 0 all added, 64 usage, 66 an input unreadable, 69 Redis unavailable,\n"
    "78 bad configuration\n";

static int is_url(const char *s)
{
    return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8);
}

static redisContext *connect_redis(const pith_config_t *cfg, int *status)
{
    pith_redis_addr_t addr;
    pith_err_t err = {0};
    char *pw = NULL;
    redisContext *c = NULL;
    if (pith_redis_addr_parse(cfg->redis_url, &addr, &err) ||
        pith_redis_password_read(cfg->redis_password_file, &pw, &err)) {
        fprintf(stderr, "pith push: %s\n", err.reason);
        *status = EX_CONFIG;
        goto out;
    }
    struct timeval tv = {10, 0};
    c = addr.path ? redisConnectUnixWithTimeout(addr.path, tv)
                  : redisConnectWithTimeout(addr.host, addr.port, tv);
    if (!c || c->err) {
        fprintf(stderr, "pith push: redis %s: %s\n", cfg->redis_url,
                c ? c->errstr : "out of memory");
        goto fail;
    }
    redisSetTimeout(c, (struct timeval){60, 0});
    redisReply *r = NULL;
    if (pw && (!(r = redisCommand(c, "AUTH %s", pw)) || r->type == REDIS_REPLY_ERROR)) {
        fprintf(stderr, "pith push: redis AUTH: %s\n", r ? r->str : c->errstr);
        freeReplyObject(r);
        goto fail;
    }
    freeReplyObject(r);
    r = NULL;
    if (addr.db && (!(r = redisCommand(c, "SELECT %d", addr.db)) || r->type == REDIS_REPLY_ERROR)) {
        fprintf(stderr, "pith push: redis SELECT: %s\n", r ? r->str : c->errstr);
        freeReplyObject(r);
        goto fail;
    }
    freeReplyObject(r);
    goto out;
fail:
    if (c)
        redisFree(c);
    c = NULL;
    *status = EX_UNAVAILABLE;
out:
    pith_redis_addr_clear(&addr);
    free(pw);
    return c;
}

/* Reads the replies of n pipelined XADDs, printing the entry ids. */
static int drain(redisContext *c, size_t n)
{
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        void *v = NULL;
        if (redisGetReply(c, &v) != REDIS_OK) {
            fprintf(stderr, "pith push: redis: %s\n", c->errstr);
            return EX_UNAVAILABLE;
        }
        redisReply *r = v;
        if (r->type == REDIS_REPLY_STRING)
            printf("%s\n", r->str);
        else {
            fprintf(stderr, "pith push: XADD: %s\n", r->type == REDIS_REPLY_ERROR ? r->str : "?");
            status = EX_UNAVAILABLE;
        }
        freeReplyObject(r);
    }
    return status;
}

int pith_cmd_push(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                         {"stream", required_argument, 0, 's'},
                                         {"type", required_argument, 0, 't'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *config = PITH_DEFAULT_CONFIG, *stream = NULL, *type = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:s:t:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            config = optarg;
            break;
        case 's':
            stream = optarg;
            break;
        case 't':
            type = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            fputs(usage, stderr);
            return EX_USAGE;
        }
    }
    if (optind >= argc || (type && strcmp(type, "html") && strcmp(type, "text"))) {
        fputs(usage, stderr);
        return EX_USAGE;
    }
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    if (pith_config_load(config, 0, &cfg, &problems)) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s:%d: %s\n", problems.items[i].file, problems.items[i].line,
                    problems.items[i].reason);
        if (!problems.n)
            fprintf(stderr, "pith push: cannot read %s\n", config);
        pith_config_problems_free(&problems);
        return EX_CONFIG;
    }
    if (!stream)
        stream = cfg->redis_input_stream;
    if (!stream || !*stream) {
        fprintf(stderr, "pith push: no stream: set [redis] input_stream or give --stream\n");
        pith_config_destroy(cfg);
        return EX_USAGE;
    }
    int status = 0, failed = 0;
    redisContext *c = connect_redis(cfg, &status);
    size_t queued = 0;
    for (int i = optind; c && i < argc && !status; i++) {
        const char *arg = argv[i];
        const char *av[8] = {"XADD", stream, "*"};
        size_t lens[8];
        int n = 3;
        pith_buf_t body = {0};
        pith_err_t err = {0};
        if (is_url(arg)) {
            av[n++] = "url";
            av[n++] = arg;
        } else {
            int rc = !strcmp(arg, "-")
                         ? pith_fd_read_all(STDIN_FILENO, cfg->max_input_bytes, &body, &err)
                         : pith_file_read(AT_FDCWD, arg, cfg->max_input_bytes, &body, &err);
            if (rc) {
                fprintf(stderr, "pith push: %s: %s\n", arg, err.reason);
                failed = 1;
                pith_buf_free(&body);
                continue;
            }
            av[n++] = "body";
            av[n++] = body.data ? body.data : "";
            if (strcmp(arg, "-")) {
                const char *slash = strrchr(arg, '/');
                av[n++] = "name";
                av[n++] = slash ? slash + 1 : arg;
            }
        }
        if (type) {
            av[n++] = "type";
            av[n++] = type;
        }
        for (int k = 0; k < n; k++)
            lens[k] = (k == 4 && !is_url(arg)) ? body.len : strlen(av[k]);
        int rc = redisAppendCommandArgv(c, n, av, lens);
        pith_buf_free(&body);
        if (rc != REDIS_OK) {
            fprintf(stderr, "pith push: out of memory\n");
            status = EX_OSERR;
            break;
        }
        if (++queued == BATCH) {
            status = drain(c, queued);
            queued = 0;
        }
    }
    if (c && queued && !status)
        status = drain(c, queued);
    if (c)
        redisFree(c);
    pith_config_destroy(cfg);
    return status ? status : failed ? EX_NOINPUT : 0;
}
