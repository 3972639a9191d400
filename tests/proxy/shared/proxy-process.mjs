// One storefront proxy instance for the shared-budget tests (redis.test.mjs): fourws/proxy
// from the built package, its per-caller and upstream limits in Redis (rate-limiter-flexible
// over ioredis), its metrics in a prom-client Registry served at /metrics. Prints its port.
// Env: REDIS_PORT, UPSTREAM (the counting 4WS host), BUDGET, WINDOW_S, INSURANCE (points
// of an in-memory insurance limiter, optional).
import http from "node:http";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { Registry } from "prom-client";
import { createProxy, toNodeHandler } from "../../../pkg/proxy-node.js";
import { ACCOUNT } from "./account.mjs";

const env = process.env;
const redis = new Redis({ host: "127.0.0.1", port: Number(env.REDIS_PORT), enableOfflineQueue: false, maxRetriesPerRequest: 0 });
redis.on("error", () => {}); // a store failure is the proxy's to report (503), per call
const duration = Number(env.WINDOW_S);
const insurance = env.INSURANCE ? new RateLimiterMemory({ points: Number(env.INSURANCE), duration }) : undefined;
const registry = new Registry();
const handle = createProxy({
  ...ACCOUNT,
  baseUrl: env.UPSTREAM,
  allow: { getLoyaltyVouchers_v1: true },
  rateLimit: {
    perCaller: new RateLimiterRedis({ storeClient: redis, keyPrefix: "shop-callers", points: 10_000, duration, insuranceLimiter: insurance && new RateLimiterMemory({ points: 10_000, duration }) }),
    upstream: new RateLimiterRedis({ storeClient: redis, keyPrefix: "shop-4ws", points: Number(env.BUDGET), duration, insuranceLimiter: insurance }),
  },
  metrics: registry,
});
const proxy = toNodeHandler(handle);
const server = http.createServer(async (req, res) => {
  if (req.url === "/metrics") {
    res.writeHead(200, { "content-type": registry.contentType });
    res.end(await registry.metrics());
    return;
  }
  proxy(req, res);
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.on("SIGTERM", () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
