// fourws/proxy's Prometheus metrics (issue 20): after a scripted mix of calls, the text a
// prom-client Registry serves has the expected counts, and no caller value and no secret.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "prom-client";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { createProxy } from "../../pkg/proxy-node.js";

const PASSWORD = "Metr1cs-Secret-Pw";
const PAGE = "https://shop.example";

test("the four metrics count a scripted mix of calls, with bounded labels only", async () => {
  const registry = new Registry();
  let reply = "ok";
  const fetch = async (url, init) => {
    if (reply === "down") throw new TypeError("fetch failed");
    if (reply === "hang") return new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))));
    if (reply === "500") return Response.json({ success: false, message: `bad ${PASSWORD}` }, { status: 500 });
    return Response.json({ success: true, moreRows: false, valueObjectList: [] });
  };
  const down = { consume: () => Promise.reject(new Error("connect ECONNREFUSED redis://:pw@127.0.0.1:1")) };
  let upstream = new RateLimiterMemory({ points: 100, duration: 60 });
  const handle = createProxy({
    baseUrl: "https://4ws.example",
    applicationId: "KEEPIT",
    username: "shop-user",
    password: PASSWORD,
    allow: { getLoyaltyVouchers_v1: true, getCustomersExport_v3: true },
    timeoutMs: 1000,
    maxBodyBytes: 256,
    fetch,
    authorize: (request) => request.headers.get("x-session") !== "stranger",
    rateLimit: {
      perCaller: new RateLimiterMemory({ points: 12, duration: 60 }),
      upstream: { consume: (key, points) => upstream.consume(key, points) },
      key: (request) => request.headers.get("x-visitor-ip"),
    },
    metrics: registry,
  });
  const call = (path, init = {}, ip = "203.0.113.7") =>
    handle(new Request(PAGE + path, { ...init, headers: { "x-visitor-ip": ip, ...(init.headers ?? {}) } }));
  const card = "/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209";
  const statuses = [];
  const go = async (...args) => statuses.push((await call(...args)).status);
  await go(card); // 200
  await go(card); // 200
  await go("/api?cmd=getSalesExport_v3"); // 403 not_allowed
  await go("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&customerCode=SECRET-CALLER-VALUE"); // 400 bad_request
  await go(card, { method: "PUT" }); // 405 method
  await go("/api?cmd=getCustomersExport_v3", { method: "POST", body: JSON.stringify({ system: "x".repeat(400) }) }); // 413 too_large
  await go(card, { headers: { "x-session": "stranger" } }); // 403 unauthorized
  reply = "500";
  await go(card); // 500 forwarded, upstream http error
  reply = "down";
  await go(card); // 502 network
  reply = "hang";
  await go(card); // 504 timeout
  reply = "ok";
  upstream = new RateLimiterMemory({ points: 0, duration: 60 });
  await go(card); // 429 rate_limited_upstream
  upstream = down;
  await go(card); // 503 limiter_unavailable
  for (let i = 0; i < 3; i++) await go(card, {}, "198.51.100.1"); // another visitor, limiter still down: 503
  upstream = new RateLimiterMemory({ points: 100, duration: 60 });
  await go(card); // the first visitor's 12th call counted (the 405 was refused before): 200
  await go(card); // its 13th: 429 rate_limited_caller
  assert.deepEqual(statuses, [200, 200, 403, 400, 405, 413, 403, 500, 502, 504, 429, 503, 503, 503, 503, 200, 429]);

  const text = await registry.metrics();
  const value = (line) => {
    const m = text.split("\n").find((l) => l.startsWith(line + " "));
    return m === undefined ? 0 : Number(m.slice(line.length + 1));
  };
  const V = 'cmd="getLoyaltyVouchers_v1"';
  assert.equal(value(`fourws_proxy_requests_total{${V},status="200"}`), 3);
  assert.equal(value(`fourws_proxy_requests_total{cmd="other",status="403"}`), 1, "a command not allowed is labelled other");
  assert.equal(value(`fourws_proxy_requests_total{${V},status="403"}`), 1);
  assert.equal(value(`fourws_proxy_requests_total{${V},status="503"}`), 4);
  assert.equal(value(`fourws_proxy_requests_total{${V},status="429"}`), 2);
  assert.equal(value(`fourws_proxy_requests_total{cmd="getCustomersExport_v3",status="413"}`), 1);
  for (const [reason, n] of Object.entries({ not_allowed: 1, bad_request: 1, method: 1, too_large: 1, unauthorized: 1, rate_limited_caller: 1, rate_limited_upstream: 1, limiter_unavailable: 4 })) {
    assert.equal(value(`fourws_proxy_refused_total{reason="${reason}"}`), n, reason);
  }
  for (const [kind, n] of Object.entries({ http: 1, network: 1, timeout: 1 })) {
    assert.equal(value(`fourws_proxy_upstream_errors_total{kind="${kind}"}`), n, kind);
  }
  assert.equal(value(`fourws_proxy_upstream_duration_seconds_count{${V}}`), 4, "four answers were read");
  // No caller value, no secret, and the label sets are the bounded ones.
  for (const leak of [PASSWORD, "SECRET-CALLER-VALUE", "0099000001209", "203.0.113.7", "198.51.100.1", "getSalesExport_v3", "shop-user", "pw@", "stranger"]) {
    assert.ok(!text.includes(leak), `${leak} in the metrics`);
  }
  const labels = new Set([...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1].split(",").map((kv) => kv.split("=")[0])));
  assert.deepEqual([...labels].sort(), ["cmd", "kind", "le", "reason", "status"]);

  // A second proxy on the same Registry shares the metrics (no "already registered" error).
  createProxy({ baseUrl: "https://4ws.example", applicationId: "K", allow: { getLoyaltyVouchers_v1: true }, rateLimit: false, metrics: registry });
});
