#!/usr/bin/env node
// fourws benchmark suite (GitHub issue 6): ONE command that measures, side by side,
//   1. decoding per endpoint from a fetch Response: fourws vs res.json(), res.json() + a
//      hand-written normaliser, res.json() + zod 4 (20-record pages and 2,000-record bodies)
//   2. size of the .wasm and the JS glue, raw and gzip -9
//   3. exports against the mock server with a fixed latency (concurrency 1, 2, 4; issue 4)
//   4. memory while iterating 100,000 customers
//   5. cold start, in Node (fresh process per sample) and in headless Chromium
//   6. where fourws's decode time goes (CPU profiles and a timed breakdown)
//   7. the `fourws` command: a 100,000-customer NDJSON export vs the library (issue 11)
// and writes bench/RESULTS.md.
//
//   node bench/run.mjs            full run (a few minutes on 2 cores)
//   node bench/run.mjs --quick    smoke run (about a minute; fewer rounds, 30,000 customers)
//   node bench/run.mjs --only decode,size   some sections only (RESULTS.md shows what ran)
//   node bench/run.mjs --render   rewrite RESULTS.md from the last run's raw results
//
// Each section runs in its own Node process (a clean heap, and flags such as --expose-gc),
// writing JSON to bench/.tmp/results/; bench/lib/report.mjs turns those into RESULTS.md.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { render } from "./lib/report.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BENCH = fileURLToPath(new URL("./", import.meta.url));
const RESULTS_DIR = `${BENCH}.tmp/results/`;
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyArg = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : null;
const output = argv.includes("--output") ? argv[argv.indexOf("--output") + 1] : `${BENCH}RESULTS.md`;

/** [name, script, node flags, extra args] in the order they run. */
const SECTIONS = [
  ["size", "sections/size.mjs", [], []],
  ["decode", "sections/decode.mjs", ["--expose-gc"], []],
  ["exports", "sections/exports.mjs", [], []],
  ["memory", "sections/memory.mjs", ["--expose-gc"], ["--mode", "fourws"]],
  ["memoryControl", "sections/memory.mjs", ["--expose-gc"], ["--mode", "plain"]],
  ["memorySnapshots", "sections/memory.mjs", ["--expose-gc"], ["--mode", "fourws", "--snapshots", "--total", quick ? "30000" : "50000"]],
  ["coldNode", "sections/cold-node.mjs", [], []],
  ["coldBrowser", "sections/cold-browser.mjs", [], []],
  ["profile", "sections/profile.mjs", ["--expose-gc"], []],
  ["cli", "sections/cli.mjs", [], []],
];
const ALIASES = { memory: ["memory", "memoryControl", "memorySnapshots"], cold: ["coldNode", "coldBrowser"] };
const wanted = onlyArg ? new Set(onlyArg.flatMap((n) => ALIASES[n] ?? [n])) : null;

const PKG_FILES = ["pkg/node.js", "pkg/browser.js", "pkg/fourws.js", "pkg/wasm/fourws.js", "pkg/wasm/fourws_bg.wasm"];
/** pkg/ may briefly disappear while the lead rebuilds it: wait for it (up to 10 minutes). */
async function waitForPkg() {
  for (let waited = 0; ; waited += 5) {
    if (PKG_FILES.every((f) => existsSync(ROOT + f))) return;
    if (waited >= 600) throw new Error("pkg/ is missing (build the package first: bash scripts/build.sh)");
    if (waited === 0) process.stderr.write("pkg/ is missing or incomplete (being rebuilt?): waiting...\n");
    await new Promise((r) => setTimeout(r, 5000));
  }
}

function runSection(name, script, flags, extra) {
  const out = `${RESULTS_DIR}${name}.json`;
  const args = [...flags, BENCH + script, ...(quick ? ["--quick"] : []), ...extra, "--out", out];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on("exit", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code === 0 && existsSync(out)) resolve({ ok: true, seconds, data: JSON.parse(readFileSync(out, "utf8")) });
      else resolve({ ok: false, seconds, error: stderr.trim().split("\n").slice(-6).join("\n") || `exit code ${code}` });
    });
  });
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "unknown";
  const git = (args) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  };
  const wasm = readFileSync(`${ROOT}pkg/wasm/fourws_bg.wasm`);
  const built = statSync(`${ROOT}pkg/wasm/fourws_bg.wasm`).mtime.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const version = (p) => JSON.parse(readFileSync(`${ROOT}node_modules/${p}/package.json`, "utf8")).version;
  return {
    node: process.version,
    cpu: model,
    cores: cpus().length,
    memoryGB: totalmem() / 2 ** 30,
    platform: `${process.platform} ${process.arch}`,
    commit: git(["rev-parse", "--short", "HEAD"]),
    wasmSha256: createHash("sha256").update(wasm).digest("hex").slice(0, 12),
    wasmBuilt: built,
    zod: version("zod"),
    playwright: version("playwright-core"),
  };
}

if (argv.includes("--render")) {
  // Re-render from the raw results of the last run (after changing bench/lib/report.mjs).
  const env = JSON.parse(readFileSync(`${RESULTS_DIR}env.json`, "utf8"));
  const results = {};
  for (const f of readdirSync(RESULTS_DIR)) {
    if (f.endsWith(".json") && f !== "env.json") results[f.slice(0, -5)] = { ok: true, data: JSON.parse(readFileSync(RESULTS_DIR + f, "utf8")) };
  }
  writeFileSync(output, render(env, results));
  process.stderr.write(`wrote ${output} from ${RESULTS_DIR}\n`);
  process.exit(0);
}

await waitForPkg();
mkdirSync(RESULTS_DIR, { recursive: true });
for (const f of readdirSync(RESULTS_DIR)) if (f.endsWith(".json")) rmSync(RESULTS_DIR + f);
const started = new Date();
const t0 = performance.now();
const env = { ...machine(), loadBefore: loadavg(), quick, date: started.toISOString() };
const results = {};
for (const [name, script, flags, extra] of SECTIONS) {
  if (wanted && !wanted.has(name)) continue;
  process.stderr.write(`\n== ${name}\n`);
  await waitForPkg();
  let r = await runSection(name, script, flags, extra);
  if (!r.ok && !PKG_FILES.every((f) => existsSync(ROOT + f))) {
    process.stderr.write(`${name} failed while pkg/ was missing: retrying once it is back\n`);
    await waitForPkg();
    r = await runSection(name, script, flags, extra);
  }
  results[name] = r;
  if (!r.ok) process.stderr.write(`${name} FAILED:\n${r.error}\n`);
}
env.loadAfter = loadavg();
env.seconds = (performance.now() - t0) / 1000;
writeFileSync(`${RESULTS_DIR}env.json`, JSON.stringify(env, null, 1));
const markdown = render(env, results);
writeFileSync(output, markdown);
process.stderr.write(`\nwrote ${output} in ${env.seconds.toFixed(0)} s\n`);
if (Object.values(results).some((r) => !r.ok)) process.exitCode = 1;
