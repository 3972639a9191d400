// Section 3: complete extractions against the mock server with a fixed latency per request.
// (a) 20 pages at 50 ms, concurrency 1, 2, 4, vs the latency bound pages ÷ concurrency ×
// latency; (b) GitHub issue 4: 7 pages (137 customers) at 100 ms, concurrency 4 vs 1, same items.
import assert from "node:assert/strict";
import { Client } from "../../pkg/node.js";
import { args, emit } from "../lib/cli.mjs";
import { MOCK_CREDENTIALS, startMockProcess } from "../lib/mock-process.mjs";
import { summary } from "../lib/stats.mjs";

const { quick } = args();
const ROUNDS = quick ? 2 : 5;
const ISSUE4_ROUNDS = quick ? 1 : 3;
const LATENCY = 50;
const PAGES = 20;
const PAGE_SIZE = 20;
const CONCURRENCY = [1, 2, 4];

/** The control: `c` workers with fetch + res.json(), pulling the 20 known page offsets. */
async function plainExtraction(url, c) {
  const headers = { ...MOCK_CREDENTIALS, appId: "KEEPIT", applicationId: "KEEPIT", "content-type": "application/json", "x-mock-total": String(PAGES * PAGE_SIZE) };
  const pages = new Array(PAGES);
  let next = 0;
  const worker = async () => {
    while (next < PAGES) {
      const p = next++;
      const res = await fetch(`${url}/api?cmd=getCustomersExport_v3&appId=KEEPIT&applicationId=KEEPIT&start=${p * PAGE_SIZE}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ completeExtraction: "T" }),
      });
      pages[p] = (await res.json()).valueObjectList;
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  return pages.flat();
}

const mock = await startMockProcess({ latencyMs: LATENCY });
try {
  const client = (headers) =>
    new Client({ baseUrl: mock.url, applicationId: "KEEPIT", ...MOCK_CREDENTIALS, headers });

  // Warm up: connections, JIT, the mock's generators.
  const warm = client({ "x-mock-total": String(PAGES * PAGE_SIZE), "x-latency-ms": "0" });
  for (let i = 0; i < 3; i++) await warm.customersExport({ concurrency: 4 }).all();
  for (let i = 0; i < 2; i++) await plainExtraction(mock.url, 4);

  // (a) 20 pages, interleaved concurrency levels, each with a control: plain fetch +
  // res.json() workers that know the page count in advance (the best any client can do
  // against this mock, HTTP and the mock's own time included).
  const c20 = client({ "x-mock-total": String(PAGES * PAGE_SIZE) });
  const runs = CONCURRENCY.flatMap((c) => [["fourws", c], ["plain", c]]);
  const times = Object.fromEntries(runs.map(([k, c]) => [`${k}${c}`, []]));
  let reference = null;
  const timelines = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < runs.length; i++) {
      const [kind, c] = runs[(i + r) % runs.length];
      if (r === ROUNDS - 1 && kind === "fourws") await mock.reset();
      const t0 = performance.now();
      const items = kind === "fourws" ? await c20.customersExport({ concurrency: c }).all() : await plainExtraction(mock.url, c);
      times[`${kind}${c}`].push(performance.now() - t0);
      assert.equal(items.length, PAGES * PAGE_SIZE);
      if (kind !== "fourws") continue;
      reference ??= items;
      assert.deepStrictEqual(items, reference, `concurrency ${c} returned different items`);
      if (r === ROUNDS - 1) {
        // When each page request reached the mock, relative to the first (ms).
        const log = (await mock.requests()).filter((q) => q.cmd === "getCustomersExport_v3");
        timelines[c] = log.map((q) => ({ start: q.start, atMs: q.time - log[0].time }));
      }
    }
  }
  const twenty = CONCURRENCY.map((c) => {
    const bound = (PAGES / c) * LATENCY;
    const s = summary(times[`fourws${c}`]);
    const control = summary(times[`plain${c}`]);
    return {
      concurrency: c, pages: PAGES, latencyMs: LATENCY, boundMs: bound, wall: s, overBound: s.median / bound, overBoundMax: s.max / bound,
      control, controlOverBound: control.median / bound,
    };
  });

  // (b) GitHub issue 4: 137 customers (7 pages) at 100 ms, concurrency 4 vs 1.
  const c137 = client({ "x-latency-ms": "100" });
  const t1 = [];
  const t4 = [];
  let items1;
  let items4;
  for (let r = 0; r < ISSUE4_ROUNDS; r++) {
    for (const c of r % 2 ? [4, 1] : [1, 4]) {
      const t0 = performance.now();
      const items = await c137.customersExport({ concurrency: c }).all();
      (c === 1 ? t1 : t4).push(performance.now() - t0);
      if (c === 1) items1 = items;
      else items4 = items;
    }
  }
  let identical = true;
  try {
    assert.deepStrictEqual(items4, items1);
  } catch {
    identical = false;
  }
  const s1 = summary(t1);
  const s4 = summary(t4);
  const issue4 = {
    customers: items1.length,
    pages: Math.ceil(items1.length / PAGE_SIZE),
    latencyMs: 100,
    c1: s1,
    c4: s4,
    speedup: s1.median / s4.median,
    speedupPaired: summary(t1.map((t, i) => t / t4[i])),
    identical,
  };
  process.stderr.write(
    `exports: ${twenty.map((t) => `c${t.concurrency} ${t.wall.median.toFixed(0)} ms (bound ${t.boundMs})`).join(", ")}; ` +
      `issue 4: ${s1.median.toFixed(0)} → ${s4.median.toFixed(0)} ms (${issue4.speedup.toFixed(2)}×), identical ${identical}\n`,
  );
  emit({ rounds: ROUNDS, twenty, timelines, issue4 });
} finally {
  await mock.close();
}
