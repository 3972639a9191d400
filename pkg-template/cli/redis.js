// FOURWS_REDIS_URL: the command's calls share the 4WS account's budget with the shop's
// proxies and other jobs, through a rate-limiter-flexible RateLimiterRedis (the client's
// `rateLimit: limiter`, consumed with the account's key before each attempt). ioredis and
// rate-limiter-flexible are optional: loaded only when the variable is set.
import { FourWsError } from "../fourws.js";
import { UsageError } from "./usage.js";

/** FOURWS_REDIS_BUDGET: "CALLS/SECONDS" (default "100/60", the 4WS documented limit). */
function budget(text) {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const points = m ? Number(m[1]) : 0;
  const duration = m ? Number(m[2]) : 0;
  if (!(points >= 1 && duration >= 1 && points <= 1e6 && duration <= 86_400)) {
    throw new UsageError('FOURWS_REDIS_BUDGET must be CALLS/SECONDS, e.g. "100/60" (100 calls per minute)');
  }
  return { points, duration };
}

/**
 * The shared limiter of FOURWS_REDIS_URL (with FOURWS_REDIS_PREFIX, default "fourws-4ws", the
 * key prefix the proxies' `rateLimit.upstream` limiter uses, and FOURWS_REDIS_BUDGET), or
 * null. Connects on the first call; its connection never keeps the command alive.
 * @param {Record<string, string | undefined>} env
 */
export function redisLimiter(env) {
  const url = env.FOURWS_REDIS_URL;
  if (!url) return null;
  const { points, duration } = budget(env.FOURWS_REDIS_BUDGET ?? "100/60");
  const keyPrefix = env.FOURWS_REDIS_PREFIX || "fourws-4ws";
  let limiter = null;
  const load = async () => {
    let Redis;
    let RateLimiterRedis;
    try {
      ({ default: Redis } = await import("ioredis"));
      ({ RateLimiterRedis } = await import("rate-limiter-flexible"));
    } catch {
      throw new FourWsError(
        "invalidArgument",
        "FOURWS_REDIS_URL is set, but the optional packages it needs are not installed: npm install ioredis rate-limiter-flexible",
      );
    }
    // A command is short-lived: no offline queue, no reconnecting (a lost connection fails
    // the next call, nothing sent), and an idle connection never keeps the process alive.
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    redis.on("error", () => {}); // reported by the call that needed it (nothing sent)
    redis.on("connect", () => redis.stream?.unref?.());
    await redis.connect().catch(() => {});
    return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
  };
  return {
    async consume(key, n) {
      limiter ??= load();
      return (await limiter).consume(key, n);
    },
  };
}
