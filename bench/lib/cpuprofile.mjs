// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top self-time functions, self time
// by category (wasm, JSON.parse, Request/Response, AbortSignal, GC, ...), and the inclusive
// time of the package's own JavaScript functions.
import { readFileSync } from "node:fs";

/**
 * What each wasm-bindgen import of pkg/wasm/fourws.js does, e.g.
 * `__wbg_new_with_str_and_init_d9f6…` → "new Request(str, init)", read from its body.
 * @param {string} glueSource the text of pkg/wasm/fourws.js
 * @returns {Map<string, string>}
 */
export function importLabels(glueSource) {
  const labels = new Map();
  const re = /\n\s{8}(__wbg_\w+): function\([^)]*\) \{([\s\S]*?)\n\s{8}\}(?:, arguments\); \})?,?(?=\n)/g;
  for (const m of glueSource.matchAll(re)) {
    const ret = /const ret = ([^;]+);/.exec(m[2]) ?? /^\s*([^;\n]+);/m.exec(m[2].replace(/return handleError\(function \([^)]*\) \{/, ""));
    if (!ret) continue;
    const label = ret[1]
      .replace(/getStringFromWasm0\(arg\d+, arg\d+\)/g, "str")
      .replace(/getObject\(arg\d+\)|arg\d+/g, "x")
      .replace(/\s+/g, " ")
      .slice(0, 60);
    labels.set(m[1], label);
  }
  return labels;
}

const CATEGORIES = [
  ["GC", (f) => f.functionName === "(garbage collector)"],
  ["wasm code (fourws transcoder and paging; names stripped by wasm-opt)", (f) => f.url.startsWith("wasm://") || /^wasm-function\[/.test(f.functionName)],
  ["JS↔wasm boundary (js-to-wasm / wasm-to-js stubs)", (f) => /^(js-to-wasm|wasm-to-js)/.test(f.functionName)],
  ["wasm-bindgen glue (pkg/wasm/fourws.js)", (f) => f.url.endsWith("/pkg/wasm/fourws.js")],
  ["fourws JS face and host helpers (pkg/fourws.js, glue.js; nextPage's self time is its JSON.parse)", (f) => f.url.endsWith("/pkg/fourws.js") || f.url.endsWith("/glue.js")],
  ["JSON.parse (builtin)", (f) => f.functionName === "parse" && f.url === ""],
  ["TextDecoder.decode", (f) => f.url === "node:internal/encoding"],
  ["AbortController / AbortSignal / events", (f) => /node:internal\/(abort_controller|event_target|events|worker\/js_transferable)|node:events/.test(f.url) || f.functionName === "JSTransferable"],
  ["fetch Request / Response / Headers / body (undici)", (f) => f.url.includes("undici")],
  ["web streams (Response body)", (f) => f.url.includes("webstreams")],
  ["timers", (f) => f.url.includes("timers")],
  ["benchmark loop and canned fetch", (f) => f.url.includes("/bench/")],
  ["(program) and other runtime", () => true],
];

function key(cf, labels) {
  const label = labels?.get(cf.functionName);
  if (label) return `${cf.functionName.replace(/_[0-9a-f]{16}$/, "")} → ${label}`;
  const file = cf.url ? cf.url.replace(/^file:\/\/.*?\/(pkg|bench|mock)\//, "$1/").replace(/^node:internal\/deps\//, "") : "";
  return `${cf.functionName || "(anonymous)"}${file ? ` ${file}:${cf.lineNumber + 1}` : ""}`;
}

/**
 * @param {string} path a .cpuprofile file
 * @param {{ top?: number, labels?: Map<string, string> }} [opts] labels: from importLabels()
 */
export function summariseProfile(path, { top = 15, labels } = {}) {
  const p = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    const node = byId.get(p.samples[i]);
    if (node.callFrame.functionName === "(idle)") {
      idle += dt;
      continue;
    }
    total += dt;
    selfTime.set(node.id, (selfTime.get(node.id) ?? 0) + dt);
  }
  const self = new Map();
  const cats = new Map();
  const inclusive = new Map();
  for (const [id, t] of selfTime) {
    const cf = byId.get(id).callFrame;
    const k = key(cf, labels);
    self.set(k, (self.get(k) ?? 0) + t);
    const cat = CATEGORIES.find(([, test]) => test(cf))[0];
    cats.set(cat, (cats.get(cat) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (!f.url.includes("/pkg/")) continue;
      const kk = key(f, labels);
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclusive.set(kk, (inclusive.get(kk) ?? 0) + t);
    }
  }
  const pct = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([name, t]) => ({ name, pct: (100 * t) / total }));
  return {
    busyMs: total / 1000,
    idleMs: idle / 1000,
    top: pct(self).slice(0, top),
    categories: pct(cats),
    inclusive: pct(inclusive).slice(0, top * 2),
  };
}
