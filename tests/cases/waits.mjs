// Waits that must stay bounded: a Retry-After far in the future is not waited for (the
// documented maximum is maxRetryAfterMs), an endless stream of empty pages stops at once,
// and an abort ends a backoff wait immediately.
import { ok, equal, thrown, within } from "./harness.mjs";

export const checks = [
  {
    name: "a Retry-After an hour away ends in rateLimited at once, with retryAfterMs",
    async run(env) {
      const c = env.client({
        maxRetryAfterMs: 5000,
        headers: { "x-fault": "429", "x-fault-retry-after": "3600", "x-fault-id": `far-${Math.random()}` },
      });
      const t0 = Date.now();
      const e = await within(4000, thrown(c.customersExport().all(), "far Retry-After"), "far Retry-After");
      equal(e.kind, "rateLimited", e.message);
      equal(e.retryAfterMs, 3_600_000, "retryAfterMs");
      equal(e.status, 429, "status");
      ok(Date.now() - t0 < 3000, "no long wait");
    },
  },
  {
    name: "an endless stream of empty pages with moreRows stops with a pagination error",
    async run(env) {
      const c = env.client({ headers: { "x-fault": "empty-more", "x-fault-id": `empty-${Math.random()}` } });
      const e = await within(4000, thrown(c.salesExport().all(), "empty pages"), "empty pages");
      equal(e.kind, "pagination", e.message);
      equal(e.start, 0, "start");
    },
  },
  {
    name: "an abort ends a backoff wait at once",
    async run(env) {
      const ctl = new AbortController();
      const c = env.client({ maxRetries: 5, headers: { "x-fault": "503", "x-fault-retry-after": "30", "x-fault-id": `ab-${Math.random()}` } });
      const p = thrown(c.salesExport({ signal: ctl.signal }).all(), "abort");
      setTimeout(() => ctl.abort(), 150);
      const e = await within(2000, p, "abort during backoff");
      equal(e.kind, "aborted", e.message);
    },
  },
];
