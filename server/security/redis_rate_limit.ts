/**
 * Rate limits shared by every instance: the same fixed windows as the memory limiter, counted
 * in Redis (`wm:rl:<rule>:<key>`) with one atomic script (INCR, PEXPIRE on the first hit, PTTL),
 * so two instances never both let the eleventh login through. While Redis is unreachable each
 * instance counts on its own (the memory limiter): limits loosen for a while rather than every
 * request failing.
 */
import { REDIS_PREFIX, type RedisLink } from "@/server/redis/link.ts";
import { createMemoryRateLimiter, type RateLimiter } from "./rate_limit.ts";

const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export function createRedisRateLimiter(
  link: RedisLink,
  onError: (err: unknown) => void = () => {},
): RateLimiter {
  const fallback = createMemoryRateLimiter();
  return {
    async hit(rule, key, now) {
      if (!link.isUp()) return fallback.hit(rule, key, now);
      try {
        const [count, ttl] = await link.commands.eval(
          HIT,
          1,
          `${REDIS_PREFIX}rl:${rule.name}:${key}`,
          rule.windowMs,
        ) as [number, number];
        return {
          allowed: count <= rule.limit,
          remaining: Math.max(0, rule.limit - count),
          retryAfter: Math.max(1, Math.ceil(ttl / 1000)),
        };
      } catch (err) {
        onError(err);
        return fallback.hit(rule, key, now);
      }
    },
  };
}
