// Section 7: the `fourws` command (issue 11). Exporting N customers from the mock to NDJSON
// with the CLI (stdout → /dev/null, and --out FILE with its checkpoints) against the same
// export through the library in a script (bench/lib/library-export.mjs, stdout → /dev/null).
// Each run is a fresh process (start-up included in both); rounds are interleaved. The CPU time
// of the measured process (user + system) is recorded too: on a loaded machine it is the
// steadier figure of what the CLI itself costs. Peak RSS of
// each process comes from bench/lib/rss-probe.mjs; "flat": from 20,000 to N customers the CLI's
// peak RSS grows no more than the library's own (+ 10 MB of measurement noise).
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { args, emit } from "../lib/cli.mjs";
import { MOCK_CREDENTIALS, startMockProcess } from "../lib/mock-process.mjs";
import { summary } from "../lib/stats.mjs";

const { quick } = args();
const TOTAL = quick ? 30_000 : 100_000;
const SMALL = 20_000;
const ROUNDS = quick ? 2 : 5;
const CLI = fileURLToPath(new URL("../../pkg/cli.js", import.meta.url));
const LIBRARY = fileURLToPath(new URL("../lib/library-export.mjs", import.meta.url));
const PROBE = new URL("../lib/rss-probe.mjs", import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), "fourws-bench-cli-"));

function runOnce(script, scriptArgs, url, total, nodeFlags = []) {
  const rssFile = join(dir, "rss");
  rmSync(rssFile, { force: true });
  const devnull = openSync("/dev/null", "w");
  const env = {
    PATH: process.env.PATH,
    FOURWS_BASE_URL: url,
    FOURWS_APPLICATION_ID: "KEEPIT",
    FOURWS_USERNAME: MOCK_CREDENTIALS.username,
    FOURWS_PASSWORD: MOCK_CREDENTIALS.password,
    FOURWS_COMPANY_ID: MOCK_CREDENTIALS.companyId,
    FOURWS_SITE_ID: MOCK_CREDENTIALS.siteId,
    FOURWS_HEADERS: JSON.stringify({ "x-mock-total": String(total) }),
    FOURWS_BENCH_RSS_FILE: rssFile,
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, "--import", PROBE, script, ...scriptArgs], { env, stdio: ["ignore", devnull, "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      closeSync(devnull);
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${stderr}`));
      resolve({ ms, ...JSON.parse(readFileSync(rssFile, "utf8")) });
    });
  });
}

const mock = await startMockProcess({ latencyMs: 0 });
try {
  const out = join(dir, "customers.ndjson");
  const modes = {
    library: () => runOnce(LIBRARY, [], mock.url, TOTAL),
    cli: () => runOnce(CLI, ["export", "customers", "--quiet"], mock.url, TOTAL),
    cliOut: () => runOnce(CLI, ["export", "customers", "--quiet", "--out", out], mock.url, TOTAL),
  };
  const times = { library: [], cli: [], cliOut: [] };
  const cpu = { library: [], cli: [], cliOut: [] };
  const cpuRatio = [];
  const rss = { library: [], cli: [], cliOut: [] };
  const ratio = [];
  const ratioOut = [];
  await modes.cli(); // warm the file cache and the mock
  for (let r = 0; r < ROUNDS; r++) {
    const round = {};
    for (const name of r % 2 ? ["cli", "library", "cliOut"] : ["library", "cliOut", "cli"]) {
      round[name] = await modes[name]();
      times[name].push(round[name].ms);
      rss[name].push(round[name].rss);
      cpu[name].push(round[name].cpuMs);
    }
    ratio.push(round.cli.ms / round.library.ms);
    ratioOut.push(round.cliOut.ms / round.library.ms);
    cpuRatio.push(round.cli.cpuMs / round.library.cpuMs);
    process.stderr.write(`cli round ${r + 1}: library ${round.library.ms.toFixed(0)} ms, cli ${round.cli.ms.toFixed(0)} ms, cli --out ${round.cliOut.ms.toFixed(0)} ms\n`);
  }
  const outBytes = statSync(out).size;
  const small = [];
  const smallLibrary = [];
  for (let r = 0; r < Math.max(2, ROUNDS - 2); r++) {
    small.push((await runOnce(CLI, ["export", "customers", "--quiet"], mock.url, SMALL)).rss);
    smallLibrary.push((await runOnce(LIBRARY, [], mock.url, SMALL)).rss);
  }
  // Bounded memory, directly: the whole export with V8's old space capped at 32 MB.
  const capped = await runOnce(CLI, ["export", "customers", "--quiet"], mock.url, TOTAL, ["--max-old-space-size=32"]).then(
    (r) => ({ ok: true, rss: r.rss, ms: r.ms }),
    (e) => ({ ok: false, error: String(e.message).slice(0, 300) }),
  );
  emit({
    capped,
    total: TOTAL,
    small: SMALL,
    rounds: ROUNDS,
    outBytes,
    times: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)])),
    cpu: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, summary(v)])),
    cpuRatio: summary(cpuRatio),
    rss: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, summary(v)])),
    rssSmall: summary(small),
    rssSmallLibrary: summary(smallLibrary),
    ratio: summary(ratio),
    ratioOut: summary(ratioOut),
  });
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
