/* The server-side scripts of the Redis stream producer (see
 * redis_scripts.h for what the set of delivered ids remembers and why). */
#include "redis_scripts.h"

#define DAY_MS (24ull * 3600 * 1000)

/* The score of an id is the ms part of its entry's id ("1700000000000-0");
 * ZREMRANGEBYSCORE takes "(N" for "below N". A legacy plain set is read,
 * deleted and written back as a sorted set in slices that unpack can take. */
const char pith_redis_script_out[] =
    "local out, ids, id = KEYS[1], KEYS[2], ARGV[1]\n"
    "if redis.call('TYPE', ids).ok == 'set' then\n"
    "  local m = redis.call('SMEMBERS', ids)\n"
    "  local t = redis.call('TIME')\n"
    "  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
    "  redis.call('DEL', ids)\n"
    "  for i = 1, #m, 1000 do\n"
    "    local a = {}\n"
    "    for j = i, math.min(i + 999, #m) do a[#a + 1] = now; a[#a + 1] = m[j] end\n"
    "    redis.call('ZADD', ids, unpack(a))\n"
    "  end\n"
    "end\n"
    "if redis.call('ZSCORE', ids, id) then return 0 end\n"
    "local e\n"
    "if tonumber(ARGV[3]) > 0 then\n"
    "  e = redis.call('XADD', out, 'MAXLEN', '~', ARGV[3], '*', 'id', id, 'doc', ARGV[2])\n"
    "else\n"
    "  e = redis.call('XADD', out, '*', 'id', id, 'doc', ARGV[2])\n"
    "end\n"
    "local ms = tonumber(string.match(e, '^%d+'))\n"
    "redis.call('ZADD', ids, ms, id)\n"
    "local first = redis.call('XRANGE', out, '-', '+', 'COUNT', 1)[1]\n"
    "local cut = math.min(tonumber(string.match(first[1], '^%d+')), ms - tonumber(ARGV[4]))\n"
    "redis.call('ZREMRANGEBYSCORE', ids, '-inf', string.format('(%.0f', cut))\n"
    "return 1\n";

const char pith_redis_script_dead[] =
    "if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end\n"
    "local f = {'entry', ARGV[2], 'stream', KEYS[1], 'group', ARGV[1], 'consumer', ARGV[3],\n"
    "           'reason', ARGV[4], 'deliveries', ARGV[5]}\n"
    "for i = 6, #ARGV do f[#f + 1] = ARGV[i] end\n"
    "redis.call('XADD', KEYS[2], '*', unpack(f))\n"
    "return 1\n";

uint64_t pith_redis_ids_keep_ms(uint64_t claim_after_ms, unsigned max_deliveries)
{
    uint64_t n = (uint64_t)max_deliveries + 1;
    if (claim_after_ms > UINT64_MAX / n)
        return UINT64_MAX;
    uint64_t redeliver = claim_after_ms * n;
    return redeliver > DAY_MS ? redeliver : DAY_MS;
}
