// Waits that must stay bounded: a Retry-After far in the future is not waited for (the
// documented maximum is maxRetryAfterMs), an endless stream of empty pages stops at once,
// and an abort ends a backoff wait immediately.
import { ok, equal, thrown, within, jsonResponse, asRequest } from "./harness.mjs";

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
  {
    name: "a 503 with Retry-After: 1 is retried after it, and one beyond maxRetryAfterMs fails at once",
    async run(env) {
      const times = [];
      let t0;
      const fetch = async () => {
        times.push(performance.now() - t0);
        return times.length < 2
          ? jsonResponse({ success: false, message: "maintenance" }, 503, { "retry-after": "1" })
          : jsonResponse({ success: true, valueObjectList: [], moreRows: false });
      };
      t0 = performance.now();
      await env.client({ fetch }).loyaltyVouchers({ cardBarcode: "1" }).all();
      equal(times.length, 2, "one retry");
      ok(times[1] >= 990, `the retry waited for Retry-After (${times[1]} ms)`);
      let calls = 0;
      const far = async () => {
        calls++;
        return jsonResponse({ message: "down" }, 503, { "retry-after": "99999" });
      };
      const started = performance.now();
      const e = await thrown(env.client({ fetch: far }).loyaltyVouchers({ cardBarcode: "1" }).all(), "far 503");
      equal(calls, 1, "not retried");
      equal(e.kind, "http", e.message);
      equal(e.status, 503, "status");
      equal(e.retryAfterMs, 99_999_000, "retryAfterMs");
      ok(performance.now() - started < 2000, "failed at once");
    },
  },
  {
    name: "Retry-After as an RFC 850 or asctime date is honoured, an overflowing number is very far",
    async run(env) {
      const day = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
      const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      const p2 = (n) => String(n).padStart(2, "0");
      const rfc850 = (d) =>
        `${day[d.getUTCDay()]}, ${p2(d.getUTCDate())}-${mon[d.getUTCMonth()]}-${p2(d.getUTCFullYear() % 100)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
      const asctime = (d) =>
        `${day[d.getUTCDay()].slice(0, 3)} ${mon[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
      for (const [form, format] of [["RFC 850", rfc850], ["asctime", asctime]]) {
        const when = new Date(Math.ceil((Date.now() + 2500) / 1000) * 1000);
        let calls = 0;
        const fetch = async () => {
          calls++;
          return Date.now() < when.getTime() - 50
            ? jsonResponse({ message: "busy" }, 429, { "retry-after": format(when) })
            : jsonResponse({ success: true, valueObjectList: [], moreRows: false });
        };
        await env.client({ fetch, maxRetries: 1 }).loyaltyVouchers({ cardBarcode: "1" }).all();
        equal(calls, 2, `${form}: one retry, after the date`);
      }
      const fetch = async () => jsonResponse({ message: "busy" }, 429, { "retry-after": "999999999999999999999" });
      const e = await within(3000, thrown(env.client({ fetch }).loyaltyVouchers({ cardBarcode: "1" }).all(), "overflow"), "overflow");
      equal(e.kind, "rateLimited", e.message);
      ok(e.retryAfterMs !== null && e.retryAfterMs > 1e15, `very far: ${e.retryAfterMs}`);
    },
  },
  {
    name: "no window of perMs sees more than maxCalls calls of fetch (concurrency, retries, three paginators)",
    async run(env) {
      const calls = [];
      let n = 0;
      const fetch = async (input, init) => {
        calls.push(performance.now());
        const req = asRequest(input, init);
        const start = Number(new URL(req.url).searchParams.get("start") ?? 0);
        if (++n % 5 === 0) return jsonResponse({ message: "flaky" }, 500);
        const list = Array.from({ length: start < 100 ? 20 : 0 }, (_, i) => ({ id: start + i }));
        return jsonResponse({ success: true, valueObjectList: list, moreRows: start + 20 < 100, resultSetLength: 100 });
      };
      const c = env.client({ fetch, concurrency: 4, rateLimit: { maxCalls: 6, perMs: 250 } });
      const opts = { cmd: "getX_v1", method: "GET", concurrency: 4 };
      await Promise.all([c.paginate(opts).all(), c.paginate(opts).all(), c.paginate(opts).all()]);
      calls.sort((a, b) => a - b);
      ok(calls.length >= 15, `${calls.length} calls`);
      for (let i = 6; i < calls.length; i++) {
        ok(calls[i] - calls[i - 6] >= 250, `7 calls within ${calls[i] - calls[i - 6]} ms (at ${calls[i - 6]}..${calls[i]})`);
      }
    },
  },
  {
    name: "an async onRequest hook that rejects is ignored, as a throwing one is",
    async run(env) {
      let seen = 0;
      const items = await env
        .client({ onRequest: async () => { seen++; throw new Error("log sink down"); } })
        .loyaltyVouchers({ cardBarcode: "0099000001209" })
        .all();
      equal(items.length, 25, "the export completes");
      ok(seen >= 2, "the hook ran");
      // Let the rejections settle: an unhandled one would fail the test run.
      await new Promise((r) => setTimeout(r, 50));
    },
  },
];
