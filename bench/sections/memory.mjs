// Section 4: memory while iterating a 100,000-customer export (mock `x-mock-total`), item by
// item with `for await`, sampling heap (after a forced GC, so it shows what is retained),
// RSS and the wasm linear memory every N pages. Flat = independent of the record count.
// `--mode plain` runs the same extraction with fetch + res.json() (no fourws) as a control,
// to tell the client's own footprint from Node's (undici, JIT) over the same run.
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { Client } from "../../pkg/node.js";
import { initSync } from "../../pkg/wasm/fourws.js";
import { args, emit } from "../lib/cli.mjs";
import { snapshotGrowth } from "../lib/heapsnapshot.mjs";
import { MOCK_CREDENTIALS, startMockProcess } from "../lib/mock-process.mjs";

const { quick } = args();
const argv = process.argv.slice(2);
const MODE = argv.includes("--mode") ? argv[argv.indexOf("--mode") + 1] : "fourws";
const TOTAL = argv.includes("--total") ? Number(argv[argv.indexOf("--total") + 1]) : quick ? 30_000 : 100_000;
const PAGE = 20;
const EVERY_PAGES = 25; // a sample every 500 customers
const wasmMemory = () => (MODE === "fourws" ? initSync().memory.buffer.byteLength : 0); // already initialised: returns the exports

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

// With --snapshots: heap snapshots at 10k customers and at the end, to name what grows (a
// separate run: writing a snapshot raises RSS for the rest of the process).
const SNAPSHOTS = argv.includes("--snapshots");
const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));
const SNAP_AT = 10_000;
const snapshots = [];
async function snapshot(n) {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10)); // let finalizers run
  }
  mkdirSync(TMP, { recursive: true });
  const file = `${TMP}heap-${MODE}-${n}.heapsnapshot`;
  v8.writeHeapSnapshot(file);
  snapshots.push({ customers: n, file });
}

function sample(customers) {
  globalThis.gc();
  const m = process.memoryUsage();
  return { customers, atMs: performance.now(), heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, wasm: wasmMemory() };
}

/** The control: the same pages with fetch + res.json(). */
async function* plainExport(url) {
  const headers = {
    ...MOCK_CREDENTIALS,
    appId: "KEEPIT",
    applicationId: "KEEPIT",
    "content-type": "application/json",
    "x-mock-total": String(TOTAL),
  };
  for (let start = 0; ; ) {
    const res = await fetch(`${url}/api?cmd=getCustomersExport_v3&appId=KEEPIT&applicationId=KEEPIT&start=${start}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ completeExtraction: "T" }),
    });
    const page = await res.json();
    yield* page.valueObjectList;
    if (!page.moreRows) return;
    start += page.valueObjectList.length;
  }
}

const mock = await startMockProcess({ latencyMs: 0 });
try {
  const client = new Client({
    baseUrl: mock.url,
    applicationId: "KEEPIT",
    ...MOCK_CREDENTIALS,
    headers: { "x-mock-total": String(TOTAL) },
  });
  const samples = [sample(0)];
  let n = 0;
  let checksum = 0;
  const t0 = performance.now();
  const records = MODE === "fourws" ? client.customersExport() : plainExport(mock.url);
  for await (const customer of records) {
    n++;
    checksum += Number(customer.subject.earnedPoints) || 0; // touch every record, keep none
    if (n % (PAGE * EVERY_PAGES) === 0) samples.push(sample(n));
    if (SNAPSHOTS && n === SNAP_AT) await snapshot(n);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (n !== TOTAL) throw new Error(`expected ${TOTAL} customers, got ${n}`);
  if (samples.at(-1).customers !== n) samples.push(sample(n));
  let growth = null;
  if (SNAPSHOTS && snapshots.length === 1) {
    await snapshot(n);
    growth = { from: snapshots[0].customers, to: n, kinds: snapshotGrowth(snapshots[0].file, snapshots[1].file) };
    for (const s of snapshots) rmSync(s.file, { force: true });
  }
  process.stderr.write(`memory (${MODE}): ${n} customers in ${seconds.toFixed(1)} s\n`);
  emit({ mode: MODE, total: TOTAL, seconds, growth, everyPages: EVERY_PAGES, samples, checksum });
} finally {
  await mock.close();
}
