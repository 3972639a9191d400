// Section 5a: cold start in Node, from `import` to the first decoded page, in a fresh
// process per sample (modes interleaved; see cold-node-child.mjs).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildBody } from "../lib/bodies.mjs";
import { args, emit } from "../lib/cli.mjs";
import { summary } from "../lib/stats.mjs";

const { quick } = args();
const SAMPLES = quick ? 5 : 15;
const MODES = ["fourws", "fourws-warm", "json", "zod"];
const CHILD = fileURLToPath(new URL("./cold-node-child.mjs", import.meta.url));
const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));

mkdirSync(TMP, { recursive: true });
const bodyPath = `${TMP}customers-page.json`;
writeFileSync(bodyPath, buildBody("customers", 20).bytes);

const raw = Object.fromEntries(MODES.map((m) => [m, []]));
for (let s = 0; s < SAMPLES + 1; s++) {
  for (let i = 0; i < MODES.length; i++) {
    const mode = MODES[(i + s) % MODES.length];
    const out = execFileSync(process.execPath, [CHILD, mode, bodyPath], { encoding: "utf8" });
    if (s > 0) raw[mode].push(JSON.parse(out)); // sample 0 warms the OS file cache
  }
}
const result = {};
for (const mode of MODES) {
  result[mode] = {
    importMs: summary(raw[mode].map((r) => r.importMs)),
    firstPageMs: summary(raw[mode].map((r) => r.firstPageMs)),
    totalMs: summary(raw[mode].map((r) => r.totalMs)),
  };
}
process.stderr.write(`cold node: ${MODES.map((m) => `${m} ${result[m].totalMs.median.toFixed(1)} ms`).join(", ")}\n`);
emit({ samples: SAMPLES, modes: result });
