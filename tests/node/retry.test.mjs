// Retries, Retry-After, timeouts, cancellation, the rate limit and the onRequest hook,
// against the mock server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mock, requests, within, FourWsError } from "./helpers.mjs";

let m;
before(async () => (m = await mock()));
after(() => m.close());

const VOUCHERS = { cardBarcode: "0099000001209" };

test("422 is requested once, never retried", async () => {
  m.server.reset();
  await assert.rejects(
    m.client({ maxRetries: 3, headers: { "x-fault": "422", "x-fault-id": "r422" } }).customersExport().all(),
    (e) => e.kind === "http" && e.status === 422 && /Unique constraint error/.test(e.message),
  );
  assert.equal(requests(m.server).length, 1);
});

test("500, 502, 503, 504, dropped connections and timeouts are retried, then succeed", async () => {
  for (const fault of ["500", "502", "503", "504", "drop", "drop-mid-body", "hang"]) {
    m.server.reset();
    const c = m.client({
      maxRetries: 3,
      timeoutMs: 300,
      headers: { "x-fault": fault, "x-fault-times": "2", "x-fault-id": `retry-${fault}` },
    });
    const items = await within(10_000, c.loyaltyVouchers(VOUCHERS).all(), fault);
    assert.equal(items.length, 25, fault);
    assert.equal(requests(m.server).length, 4, `${fault}: 2 failures + 2 pages`);
  }
});

test("retries stop at maxRetries", async () => {
  m.server.reset();
  await assert.rejects(
    m.client({ maxRetries: 2, headers: { "x-fault": "503", "x-fault-id": "max" } }).salesExport().all(),
    (e) => e.kind === "http" && e.status === 503 && e.start === 0,
  );
  assert.equal(requests(m.server).length, 3);
});

test("a 429 with Retry-After: 1 is retried after at least a second", async () => {
  m.server.reset();
  const c = m.client({ headers: { "x-fault": "429", "x-fault-times": "1", "x-fault-retry-after": "1", "x-fault-id": "ra1" } });
  const items = await c.salesExport().all();
  assert.equal(items.length, 33);
  const log = requests(m.server);
  assert.ok(log[1].time - log[0].time >= 1000, `retried after ${log[1].time - log[0].time} ms`);
});

test("Retry-After as an HTTP date is honoured", async () => {
  m.server.reset();
  const at = new Date(Date.now() + 2000).toUTCString();
  const c = m.client({ headers: { "x-fault": "429", "x-fault-times": "1", "x-fault-retry-after": at, "x-fault-id": "radate" } });
  assert.equal((await c.salesExport().all()).length, 33);
  const log = requests(m.server);
  assert.ok(log[1].time - log[0].time >= 900, `waited ${log[1].time - log[0].time} ms`);
});

test("a Retry-After beyond maxRetryAfterMs is not waited for", async () => {
  const c = m.client({ maxRetryAfterMs: 5000, headers: { "x-fault": "429", "x-fault-retry-after": "3600", "x-fault-id": "far" } });
  const t0 = Date.now();
  await assert.rejects(c.customersExport().all(), (e) => e.kind === "rateLimited" && e.status === 429 && e.retryAfterMs === 3_600_000 && e.start === 0);
  assert.ok(Date.now() - t0 < 3000);
});

test("a hanging server ends in a timeout, per request", async () => {
  const c = m.client({ maxRetries: 1, timeoutMs: 200, headers: { "x-fault": "hang", "x-fault-id": "hang" } });
  await within(3000, assert.rejects(c.customersExport().all(), (e) => e.kind === "timeout" && e.start === 0));
});

test("abort stops a request in flight at once", async () => {
  const ctl = new AbortController();
  const c = m.client({ headers: { "x-latency-ms": "5000" } });
  const p = c.customersExport({ signal: ctl.signal }).all();
  setTimeout(() => ctl.abort(), 100);
  const t0 = Date.now();
  await within(1500, assert.rejects(p, (e) => e instanceof FourWsError && e.kind === "aborted" && e.start === 0));
  assert.ok(Date.now() - t0 < 1000);
});

test("abort stops a backoff wait at once", async () => {
  const ctl = new AbortController();
  const c = m.client({ maxRetries: 5, headers: { "x-fault": "429", "x-fault-retry-after": "30", "x-fault-id": "abort-backoff" } });
  const p = c.salesExport({ signal: ctl.signal }).all();
  setTimeout(() => ctl.abort(), 150);
  await within(1500, assert.rejects(p, (e) => e.kind === "aborted"));
});

test("abort stops a rate-limit wait at once", async () => {
  const ctl = new AbortController();
  const c = m.client({ rateLimit: { maxCalls: 1, perMs: 60_000 } });
  await c.salesExport().nextPage(); // uses the only call of the window
  const p = c.salesExport({ signal: ctl.signal }).all();
  setTimeout(() => ctl.abort(), 100);
  await within(1500, assert.rejects(p, (e) => e.kind === "aborted"));
});

test("an already aborted signal sends nothing", async () => {
  m.server.reset();
  await assert.rejects(m.client().customersExport({ signal: AbortSignal.abort() }).all(), { kind: "aborted" });
  assert.equal(requests(m.server).length, 0);
});

test("the rate limit spaces every call of a client, across paginators and retries", async () => {
  const starts = [];
  const timedFetch = (request) => {
    starts.push(performance.now());
    return fetch(request);
  };
  const c = m.client({
    rateLimit: { maxCalls: 2, perMs: 300 },
    concurrency: 4,
    fetch: timedFetch,
    headers: { "x-fault": "503", "x-fault-times": "1", "x-fault-id": "rl" },
  });
  const [a, b] = await Promise.all([c.customersExport().all(), c.salesExport().all()]);
  assert.equal(a.length + b.length, 137 + 33);
  starts.sort((x, y) => x - y);
  assert.equal(starts.length, 7 + 4 + 1, "every page plus the retried one");
  for (let i = 2; i < starts.length; i++) {
    // 1 ms of timer granularity.
    assert.ok(starts[i] - starts[i - 2] >= 299, `3 starts within ${starts[i] - starts[i - 2]} ms`);
  }
});

test("onRequest sees every attempt, never credentials", async () => {
  const events = [];
  const c = m.client({
    maxRetries: 2,
    headers: { "x-fault": "503", "x-fault-times": "1", "x-fault-id": "hook" },
    onRequest: (e) => events.push(e),
  });
  await c.salesExport().all();
  assert.deepEqual(events.map((e) => [e.start, e.attempt, e.status, e.errorKind]), [
    [0, 1, 503, "http"],
    [0, 2, 200, null],
    [10, 1, 200, null],
    [20, 1, 200, null],
    [30, 1, 200, null],
  ]);
  assert.ok(events[0].retryInMs >= 0);
  assert.ok(events.every((e) => e.cmd === "getSalesExport_v3" && e.method === "POST" && e.durationMs >= 0));
  assert.ok(!JSON.stringify(events).includes("mock-password"));
  // A throwing hook does not break the export.
  const d = m.client({ onRequest: () => { throw new Error("hook bug"); } });
  assert.equal((await d.salesExport().all()).length, 33);
});
