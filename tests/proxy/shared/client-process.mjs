// A Node job for the shared-budget tests: the fourws client going to the 4WS host directly,
// its `rateLimit` the same Redis limiter as the proxies' upstream one (same key prefix;
// the account's key comes from the core). Makes CALLS lookups one after another and prints
// { ok, failed: [{ kind, message }] }.
// Env: REDIS_PORT, UPSTREAM, BUDGET, WINDOW_S, CALLS.
import Redis from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { Client } from "../../../pkg/node.js";
import { ACCOUNT } from "./account.mjs";

const env = process.env;
const redis = new Redis({ host: "127.0.0.1", port: Number(env.REDIS_PORT), enableOfflineQueue: false, maxRetriesPerRequest: 0 });
redis.on("error", () => {});
// Like any job: wait (a little) for the connection before the first call.
await new Promise((resolve) => {
  redis.once("ready", resolve);
  setTimeout(resolve, 1000);
});
const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: "shop-4ws", points: Number(env.BUDGET), duration: Number(env.WINDOW_S) });
const client = new Client({ ...ACCOUNT, baseUrl: env.UPSTREAM, rateLimit: limiter, maxRetries: 0 });
let ok = 0;
const failed = [];
for (let i = 0; i < Number(env.CALLS); i++) {
  try {
    await client.loyaltyVouchers({ cardBarcode: "0099000001209" }).all();
    ok++;
  } catch (e) {
    failed.push({ kind: e.kind, message: e.message });
  }
}
console.log(JSON.stringify({ ok, failed }));
redis.disconnect();
