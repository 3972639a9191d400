// Section 6: where fourws's decode time goes. (a) `node --cpu-prof` on a decode loop per case
// (empty page = the fixed cost of a call; customers and orders pages; 2,000 customers),
// summarised; (b) the decode split into parts timed side by side, using the wasm layer's
// RawClient (which returns the page as JSON text) to separate the final JSON.parse.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "../../pkg/node.js";
import { RawClient } from "../../pkg/wasm/fourws.js";
import { buildBody, ENDPOINT_CALLS } from "../lib/bodies.mjs";
import { args, emit } from "../lib/cli.mjs";
import { importLabels, summariseProfile } from "../lib/cpuprofile.mjs";
import { interleave, summary } from "../lib/stats.mjs";

const { quick } = args();
const SECONDS = quick ? 1.5 : 4;
const LOOP = fileURLToPath(new URL("./profile-loop.mjs", import.meta.url));
const DIR = fileURLToPath(new URL("../.tmp/prof/", import.meta.url));
const CASES = [
  ["customers", 0, "empty page (fixed cost per call)"],
  ["customers", 20, "customers, 20-record page"],
  ["orders", 20, "digital orders, 20-record page"],
  ["customers", 2000, "customers, 2,000-record body"],
];

// (a) CPU profiles.
const labels = importLabels(readFileSync(new URL("../../pkg/wasm/fourws.js", import.meta.url), "utf8"));
const profiles = [];
for (const [endpoint, size, label] of CASES) {
  const dir = `${DIR}${endpoint}-${size}/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = execFileSync(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "100", LOOP, endpoint, String(size), String(SECONDS)],
    { encoding: "utf8" },
  );
  const { calls } = JSON.parse(out);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const s = summariseProfile(dir + file, { labels });
  profiles.push({ endpoint, size, label, calls, file: `bench/.tmp/prof/${endpoint}-${size}/${file}`, ...s });
  process.stderr.write(`profile ${label}: ${calls} calls; top ${s.top[0]?.name} ${s.top[0]?.pct.toFixed(1)} %\n`);
}

// (b) The parts, timed side by side.
const HEADERS = { "content-type": "application/json" };
const responseOf = (bytes) => new Response(bytes, { headers: { ...HEADERS, "content-length": String(bytes.length) } });
const emptyBytes = new TextEncoder().encode('{"success":true,"valueObjectList":[],"moreRows":false,"resultSetLength":0}');
const METHOD = { customers: "customersExport", orders: "lastDigitalOrders" };
const OPTS = { customers: {}, orders: { fromDateTime: "2020-01-01 00:00:00" } };
const parts = [];
for (const [endpoint, size] of [["customers", 20], ["orders", 20], ["customers", 2000]]) {
  const { bytes } = buildBody(endpoint, size);
  const base = { baseUrl: "http://bench.invalid", applicationId: "X" };
  const client = new Client({ ...base, fetch: async () => responseOf(bytes) });
  const emptyClient = new Client({ ...base, fetch: async () => responseOf(emptyBytes) });
  const raw = new RawClient({ ...base, fetch: async () => responseOf(bytes) });
  const text = await raw.paginator(METHOD[endpoint], OPTS[endpoint]).nextPage();
  const textBytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const call = ENDPOINT_CALLS[endpoint].call;
  const fns = {
    "fourws nextPage() (public API)": () => call(client).nextPage(),
    "RawClient nextPage() → page JSON text (no JSON.parse)": () => raw.paginator(METHOD[endpoint], OPTS[endpoint]).nextPage(),
    "fixed cost: fourws nextPage() of an empty page": () => emptyClient.customersExport().nextPage(),
    "new Response(empty page).json()": () => responseOf(emptyBytes).json(),
    "JSON.parse of fourws's page JSON text": async () => JSON.parse(text),
    "TextDecoder.decode of a buffer the size of that text": async () => decoder.decode(textBytes),
    "new Response(body).arrayBuffer()": () => responseOf(bytes).arrayBuffer(),
    "new Response(body).json() (the floor)": () => responseOf(bytes).json(),
  };
  const { times } = await interleave(fns, { rounds: quick ? 5 : 11, targetMs: quick ? 10 : 25, warmupMs: quick ? 60 : 200 });
  parts.push({
    endpoint,
    size,
    bodyBytes: bytes.length,
    outputChars: text.length,
    outputAscii: !/[^\x00-\x7f]/.test(text),
    parts: Object.fromEntries(Object.keys(fns).map((k) => [k, summary(times[k])])),
  });
}
emit({ seconds: SECONDS, profiles, parts });
