// Turns the sections' JSON results into bench/RESULTS.md: the headline, the budgets (MET / NOT
// MET with the figure), one part per section, and where fourws's decode time goes. Every
// figure and every finding below is computed from the run's own data.
import { existsSync, readFileSync } from "node:fs";
import { fmtKB, fmtMB, fmtMs, fmtRange, fmtRate, fmtX } from "./stats.mjs";

const ENDPOINT_NAMES = {
  customers: "customers",
  prices: "prices",
  sales: "sales",
  vouchers: "loyalty vouchers",
  orders: "digital orders",
};
const METHODS = [
  ["json", "`res.json()`"],
  ["normaliser", "`res.json()` + JS normaliser"],
  ["zod", "`res.json()` + zod 4"],
  ["fourws", "**fourws**"],
];

function table(head, rows, align) {
  const a = align ?? head.map((_, i) => (i === 0 ? "---" : "---:"));
  return [`| ${head.join(" | ")} |`, `| ${a.join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const verdict = (ok) => (ok ? "**MET**" : "**NOT MET**");
const pct = (x) => `${x.toFixed(0)} %`;
const pct1 = (x) => `${x.toFixed(1)} %`;
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
const range = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const xr = (s) => `${fmtX(s.median)} (${fmtX(s.min)}–${fmtX(s.max)})`;
const bodyName = (c) =>
  c.size === 20 ? "20-record page" : `2,000-record body${c.variant === "ascii" ? " (all ASCII)" : c.variant ? " (accented names)" : ""}`;

function failed(name, r) {
  return `_Section ${name} did not run or failed${r?.error ? `:_\n\n\`\`\`\n${r.error}\n\`\`\`` : "._"}`;
}

/** The budgets, each with its figure. Returns rows for the budget table. */
function budgets(results) {
  const rows = [];
  const decode = results.decode?.ok ? results.decode.data : null;
  if (decode) {
    const pages = decode.cases.filter((c) => c.size === 20);
    const list = (f) => pages.map((c) => `${ENDPOINT_NAMES[c.endpoint]} ${f(c)}`).join(", ");
    const worst = Math.max(...pages.map((c) => c.vsJson.fourws.median));
    rows.push([
      "Decode from a Response ≤ 1.5× `res.json()`, every endpoint's 20-record page",
      list((c) => fmtX(c.vsJson.fourws.median)),
      verdict(worst <= 1.5),
    ]);
    rows.push(["(stretch) ≤ 1.2× `res.json()`", `worst ${fmtX(worst)}`, verdict(worst <= 1.2)]);
    const empty = decode.cases.find((c) => c.size === 0);
    if (empty) {
      rows.push([
        "Issue 17: the fixed cost of a call (an empty page) ≤ 2× `res.json()` of the same response",
        `${fmtX(empty.vsJson.fourws.median)} (fourws ${fmtRange(empty.stats.fourws)}, \`res.json()\` ${fmtRange(empty.stats.json)})`,
        verdict(empty.vsJson.fourws.median <= 2),
      ]);
    }
    const zodWorst = Math.min(...pages.map((c) => c.zodOverFourws.median));
    rows.push([
      "≥ 1.5× faster than `res.json()` + zod 4, every endpoint's page",
      list((c) => fmtX(c.zodOverFourws.median)),
      verdict(zodWorst >= 1.5),
    ]);
    for (const [variant, label, bound] of [
      ["accented", "with accented names", 1.35],
      ["ascii", "all ASCII", 1.8],
    ]) {
      const bodies = decode.cases.filter((c) => c.size === 2000 && (c.variant ?? "accented") === variant);
      if (bodies.length === 0) continue;
      rows.push([
        `2,000-record bodies ${label}: ≤ ${bound}× \`res.json()\` / ≥ 2× faster than zod 4, every endpoint`,
        bodies.map((c) => `${ENDPOINT_NAMES[c.endpoint]} ${fmtX(c.vsJson.fourws.median)} / ${fmtX(c.zodOverFourws.median)}`).join(", "),
        `${verdict(bodies.every((c) => c.vsJson.fourws.median <= bound))} / ${verdict(bodies.every((c) => c.zodOverFourws.median >= 2))}`,
      ]);
    }
  }
  const size = results.size?.ok ? results.size.data : null;
  if (size) {
    const worst = Math.max(...Object.values(size.targets).map((t) => t.total.gzip));
    const fig = Object.entries(size.targets)
      .map(([n, t]) => `${n}: ${fmtKB(t.total.gzip)} (${t.total.gzip.toLocaleString("en")} B)`)
      .join(", ");
    rows.push(["wasm + JS glue ≤ 135 KB gzip (KB = 1,000 bytes)", fig, verdict(worst <= 135_000)]);
    if (size.browserDownload) {
      const b = size.browserDownload.gzip;
      rows.push([
        "Issue 17: what a browser downloads (`browser` entry bundled and minified by esbuild, plus the `.wasm`, gzip -9) ≤ 135 KB",
        `${fmtKB(b)} (${b.toLocaleString("en")} B: JS ${fmtKB(size.bundledBrowserJs.gzip)} + wasm ${fmtKB(b - size.bundledBrowserJs.gzip)})`,
        verdict(b <= 135_000),
      ]);
    }
    if (size.tarball) {
      rows.push([
        "Issue 17: the tarball ≤ 450 KB packed",
        `${fmtKB(size.tarball.packed)} packed (${fmtKB(size.tarball.unpacked)} unpacked, ${size.tarball.files} files)`,
        verdict(size.tarball.packed <= 450_000),
      ]);
    }
    rows.push([
      "(stretch) ≤ 100 KB gzip",
      `${fmtKB(worst)} = ${(worst / 1024).toFixed(1)} KiB`,
      worst <= 100_000 ? verdict(true) : `${verdict(false)}${worst <= 102_400 ? " (MET if KB = 1,024 bytes)" : ""}`,
    ]);
  }
  const ex = results.exports?.ok ? results.exports.data : null;
  if (ex) {
    for (const t of ex.twenty) {
      rows.push([
        `Export of 20 pages at 50 ms, concurrency ${t.concurrency}: ≤ 1.15× the latency bound (${t.boundMs} ms)`,
        `${fmtMs(t.wall.median)} = ${fmtX(t.overBound)} (worst run ${fmtX(t.overBoundMax)})`,
        verdict(t.overBound <= 1.15),
      ]);
    }
    const i4 = ex.issue4;
    rows.push([
      `Issue 4: ${i4.customers} customers (${i4.pages} pages) at 100 ms, concurrency 4 vs 1: ≥ 2× and identical items`,
      `${fmtMs(i4.c1.median)} → ${fmtMs(i4.c4.median)}: ${fmtX(i4.speedup)}; identical: ${i4.identical ? "yes" : "NO"}`,
      verdict(i4.speedup >= 2 && i4.identical),
    ]);
  }
  const mem = results.memory?.ok ? memoryFigures(results.memory.data) : null;
  if (mem) {
    rows.push([
      `Memory flat, independent of the record count, while iterating ${mem.total.toLocaleString("en")} customers (second half: retained JS heap + < 0.5 MB, RSS + < 5 %; wasm memory does not grow after 10k)`,
      `heap ${mem.points.map((p) => `${fmtMB(p.heapUsed)} at ${p.label}`).join(", ")} (second half ${mem.secondHalfHeap >= 0 ? "+" : ""}${fmtMB(mem.secondHalfHeap)}); RSS ${mem.points.map((p) => fmtMB(p.rss)).join(", ")}; wasm ${fmtMB(mem.first.wasm)} → ${fmtMB(mem.last.wasm)}`,
      mem.flat ? verdict(true) : `${verdict(false)}${mem.heapFlat ? ": the JS heap and RSS are flat, the wasm memory grows with the page count" : ""}`,
    ]);
  }
  const cn = results.coldNode?.ok ? results.coldNode.data : null;
  if (cn) {
    const f = cn.modes.fourws.totalMs;
    const w = cn.modes["fourws-warm"].totalMs;
    rows.push([
      "Cold start in Node < 30 ms (fresh process: `import` → first decoded page)",
      `${fmtMs(f.median)} (${fmtMs(f.min)}–${fmtMs(f.max)}); ${fmtMs(w.median)} in a process that has already used fetch`,
      f.median < 30 ? verdict(true) : `${verdict(false)}${w.median < 30 ? " (MET once the process has used fetch)" : ""}`,
    ]);
  }
  if (cn?.modes.json) {
    const more = cn.modes.fourws.totalMs.median - cn.modes.json.totalMs.median;
    rows.push([
      "Issue 17: Node cold start (fresh process: import, then the first 20 customers) ≤ 30 ms more than `fetch` + `res.json()`",
      `${fmtMs(more)} more (${fmtMs(cn.modes.fourws.totalMs.median)} vs ${fmtMs(cn.modes.json.totalMs.median)}, medians of ${cn.samples} interleaved runs)`,
      verdict(more <= 30),
    ]);
  }
  const cli = results.cli?.ok ? results.cli.data : null;
  if (cli) {
    const growth = cli.rss.cli.median - cli.rssSmall.median;
    const libraryGrowth = cli.rss.library.median - cli.rssSmallLibrary.median;
    const flat = growth <= libraryGrowth + 10 * 1048576;
    rows.push([
      `CLI: exporting ${cli.total.toLocaleString("en")} customers to NDJSON ≤ 1.2× the wall time of the same export through the library, with flat memory (from ${cli.small.toLocaleString("en")} customers, peak RSS grows no more than the library's own, ± 10 MB)`,
      `${xr(cli.ratio)} (stdout; CPU time ${cli.cpuRatio ? xr(cli.cpuRatio) : "–"}), ${xr(cli.ratioOut)} (--out FILE with checkpoints); peak RSS ${fmtMB(cli.rssSmall.median)} → ${fmtMB(cli.rss.cli.median)} (library ${fmtMB(cli.rssSmallLibrary.median)} → ${fmtMB(cli.rss.library.median)})`,
      verdict(cli.ratio.median <= 1.2 && flat),
    ]);
  }
  return rows;
}

function sectionCli(r) {
  if (!r?.ok) return failed("cli", r);
  const d = r.data;
  const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const row = (name, key) => [name, range(d.times[key], sec), fmtRate(d.total / (d.times[key].median / 1000)), d.cpu ? range(d.cpu[key], sec) : "–", fmtMB(d.rss[key].median)];
  return [
    `${d.total.toLocaleString("en")} customers from the mock (no latency, its own process) to NDJSON, each run a fresh process (start-up included), ${d.rounds} interleaved rounds; median (min–max).`,
    "",
    table(
      ["", "wall time", "records/s", "CPU time of the process", "peak RSS"],
      [
        row("library in a script (`for await` pages, `JSON.stringify`, stdout → /dev/null)", "library"),
        row("`fourws export customers --quiet` (stdout → /dev/null)", "cli"),
        row("`fourws export customers --quiet --out FILE` (checkpointed)", "cliOut"),
      ],
    ),
    "",
    `CLI ÷ library, per round: wall time ${xr(d.ratio)} to stdout${d.cpuRatio ? ` (CPU time ${xr(d.cpuRatio)})` : ""}, ${xr(d.ratioOut)} with \`--out\` (${fmtMB(d.outBytes)} file, fsync and an atomic checkpoint at most every 250 ms). Peak RSS for ${d.small.toLocaleString("en")} → ${d.total.toLocaleString("en")} customers: CLI ${fmtMB(d.rssSmall.median)} → ${fmtMB(d.rss.cli.median)}, library ${fmtMB(d.rssSmallLibrary.median)} → ${fmtMB(d.rss.library.median)} (V8 lets its heap grow with the work done before collecting it; what matters is that the CLI adds nothing that grows with the record count). With V8's old space capped at 32 MB (\`--max-old-space-size=32\`), the ${d.total.toLocaleString("en")}-customer export ${d.capped?.ok ? `completes (peak RSS ${fmtMB(d.capped.rss)})` : `fails: ${d.capped?.error}`}.`,
  ].join("\n");
}

function memoryFigures(data) {
  const s = data.samples;
  const at = (n) => s.reduce((best, x) => (Math.abs(x.customers - n) < Math.abs(best.customers - n) ? x : best), s[0]);
  const half = Math.round(data.total / 2 / 1000) * 1000;
  const marks = data.total >= 100_000 ? [10_000, 50_000, 100_000] : [10_000, half, data.total];
  const points = marks.map((n) => ({ ...at(n), label: `${(at(n).customers / 1000).toFixed(0)}k` }));
  const after = s.filter((x) => x.customers >= 10_000);
  const first = after[0];
  const last = after.at(-1);
  const mid = at(half);
  const maxHeap = Math.max(...after.map((x) => x.heapUsed));
  // Flat = nothing grows with the record count: over the second half of the run the
  // retained heap grows < 0.5 MB (< 10 bytes per customer at 50k customers), RSS < 5 %,
  // and the wasm memory < 1 MB.
  const secondHalfHeap = last.heapUsed - mid.heapUsed;
  // Where the wasm linear memory grew after the first 10k customers, in pages of 20.
  const growth = [];
  for (let i = 1; i < s.length; i++) {
    if (s[i].customers > 10_000 && s[i].wasm > s[i - 1].wasm) {
      growth.push({ fromPage: s[i - 1].customers / 20, toPage: s[i].customers / 20, bytes: s[i].wasm - s[i - 1].wasm });
    }
  }
  // A hashbrown set/map holding one entry per page resizes when it passes 7/8 of a power of
  // two buckets: 3,584, 7,168, 14,336, ... entries.
  const thresholds = Array.from({ length: 20 }, (_, k) => (2 ** (k + 3) * 7) / 8); // 7, 14, ..., 1,792, 3,584, ...
  const perPageSet = growth.length > 0 && growth.every((g) => thresholds.some((t) => g.fromPage <= t + 1 && t + 1 <= g.toPage));
  const heapFlat = secondHalfHeap < 0.5 * 1_048_576 && last.rss < mid.rss * 1.05;
  const flat = heapFlat && growth.length === 0;
  // Least-squares slope of retained heap per customer over the second half.
  const tail = s.filter((x) => x.customers >= half);
  const n = tail.length;
  const mx = tail.reduce((a, x) => a + x.customers, 0) / n;
  const my = tail.reduce((a, x) => a + x.heapUsed, 0) / n;
  const slope = tail.reduce((a, x) => a + (x.customers - mx) * (x.heapUsed - my), 0) / tail.reduce((a, x) => a + (x.customers - mx) ** 2, 0);
  return { total: data.total, points, first, mid, last, maxHeap, flat, heapFlat, growth, perPageSet, slope, secondHalfHeap, seconds: data.seconds };
}

function headlineDecode(decode) {
  const rows = decode.cases.filter((c) => c.size > 0).map((c) => [
    `${ENDPOINT_NAMES[c.endpoint]}, ${bodyName(c)}`,
    `${c.records.toLocaleString("en")}${c.elements !== c.records ? ` (${c.elements.toLocaleString("en")} rows)` : ""}`,
    fmtKB(c.bytes),
    fmtMs(c.stats.json.median),
    fmtX(c.vsJson.normaliser.median),
    fmtX(c.vsJson.zod.median),
    `**${fmtX(c.vsJson.fourws.median)}**`,
    fmtRate((c.elements / c.stats.fourws.median) * 1000),
    fmtX(c.zodOverFourws.median),
  ]);
  return table(
    ["endpoint, body", "records", "body", "`res.json()`", "+ normaliser", "+ zod 4", "fourws", "fourws records/s (prices: rows/s)", "zod ÷ fourws"],
    rows,
  );
}

function sectionDecode(r) {
  if (!r?.ok) return failed("decode", r);
  const d = r.data;
  const out = [];
  out.push(
    `Each call starts from a fetch \`Response\` over the canned bytes (created inside the timed call for every path). fourws goes through the public API: a \`Client\` whose \`fetch\` option returns the Response, then \`await client.<endpoint>().nextPage()\` (a 2,000-record body is one page, \`moreRows: false\`, \`resultSetLength\` 2000). Bodies are built with the mock server's generators: the docs' example records first, then varied generated ones (non-ASCII names and "€", nulls, \`""\`, numeric strings, leap days); the prices page is rows 20–39 (two price lists). ${d.rounds} interleaved rounds${d.cases.some((c) => c.rounds !== d.rounds) ? ` (${d.cases.filter((c) => c.rounds !== d.rounds).map((c) => `${c.rounds} for the ${fmtKB(c.bytes)} ${ENDPOINT_NAMES[c.endpoint]} body`).join(", ")})` : ""}; in each round every path runs one batch of calls (≈ ${d.targetMs} ms) in a rotated order after a forced GC. Times are per call: median (min–max over rounds). Ratios are medians (min–max) of the per-round ratios.`,
  );
  out.push("");
  out.push("**Time per call**");
  out.push("");
  out.push(
    table(
      ["endpoint, body", "bytes (non-ASCII chars)", ...METHODS.map(([, n]) => n)],
      d.cases.filter((c) => c.size > 0).map((c) => [
        `${ENDPOINT_NAMES[c.endpoint]}, ${bodyName(c)}`,
        `${c.bytes.toLocaleString("en")} (${c.nonAscii.toLocaleString("en")})`,
        ...METHODS.map(([k]) => fmtRange(c.stats[k])),
      ]),
    ),
  );
  out.push("");
  out.push("**Records per second (prices: price rows per second; median) and time relative to `res.json()`**");
  out.push("");
  out.push(
    table(
      ["endpoint, body", ...METHODS.map(([, n]) => `${n} records/s`), ...METHODS.slice(1).map(([, n]) => `${n} ÷ \`res.json()\``)],
      d.cases.filter((c) => c.size > 0).map((c) => [
        `${ENDPOINT_NAMES[c.endpoint]}, ${bodyName(c)}`,
        ...METHODS.map(([k]) => fmtRate((c.elements / c.stats[k].median) * 1000)),
        ...METHODS.slice(1).map(([k]) => xr(c.vsJson[k])),
      ]),
    ),
  );
  const empty = d.cases.find((c) => c.size === 0);
  if (empty) {
    out.push("");
    out.push(
      `**Fixed cost of a call** (an empty page, same harness): fourws ${fmtRange(empty.stats.fourws)}, \`res.json()\` ${fmtRange(empty.stats.json)} (${xr(empty.vsJson.fourws)}).`,
    );
  }
  out.push("");
  out.push(
    `**Same work, same result.** On every body above, the records, \`summary\`, \`total\` and \`moreRows\` of the JS normaliser and of the zod 4 schemas are deep-equal to fourws's (checked before timing; a difference aborts the run). Each path also refuses the mock's injected bad records at the same JSON path:`,
  );
  out.push("");
  const rej = [];
  for (const [ep, list] of Object.entries(d.rejections)) {
    for (const x of list) rej.push([ENDPOINT_NAMES[ep], x.mode, `\`${x.path}\``, x.fourws?.startsWith("validation:") ? "refused (validation)" : `NOT refused (${x.fourws})`, x.norm === x.path ? "same path" : `\`${x.norm}\``, x.zod === x.path ? "same path" : `\`${x.zod}\``]);
  }
  out.push(table(["endpoint", "fault", "altered value", "fourws", "JS normaliser", "zod 4"], rej, ["---", "---", "---", "---", "---", "---"]));
  return out.join("\n");
}

function sectionSize(r) {
  if (!r?.ok) return failed("size", r);
  const d = r.data;
  const out = [];
  out.push(
    "There is ONE wasm-bindgen build (target `web`): `pkg/wasm/fourws_bg.wasm` and its glue `pkg/wasm/fourws.js` (+ a snippet, `glue.js`), used by both entry points. `node.js` instantiates the module synchronously from disk at import; `browser.js` fetches it in `init()`. Both load `fourws.js` (the JS face) and `ready.js`. gzip is node:zlib level 9; KB = 1,000 bytes.",
  );
  out.push("");
  const rows = Object.entries(d.files)
    .filter(([f]) => f.endsWith(".js") || f.endsWith(".wasm"))
    .map(([f, s]) => [`\`pkg/${f}\``, s.raw.toLocaleString("en"), s.gzip.toLocaleString("en")]);
  out.push(table(["file", "raw bytes", "gzip -9 bytes"], rows));
  out.push("");
  const trows = Object.entries(d.targets).map(([n, t]) => [
    `${n} (\`${n}.js\`)`,
    `${fmtKB(t.wasm.raw)} / ${fmtKB(t.wasm.gzip)}`,
    `${fmtKB(t.glue.raw)} / ${fmtKB(t.glue.gzip)}`,
    `**${fmtKB(t.total.raw)} / ${fmtKB(t.total.gzip)}**`,
  ]);
  trows.push([
    "browser through a bundler (esbuild `--bundle --minify` of `browser.js`; the .wasm stays a separate asset)",
    `${fmtKB(d.targets.browser.wasm.raw)} / ${fmtKB(d.targets.browser.wasm.gzip)}`,
    `${fmtKB(d.bundledBrowserJs.raw)} / ${fmtKB(d.bundledBrowserJs.gzip)}`,
    `${fmtKB(d.targets.browser.wasm.raw + d.bundledBrowserJs.raw)} / ${fmtKB(d.targets.browser.wasm.gzip + d.bundledBrowserJs.gzip)}`,
  ]);
  out.push(table(["entry point", ".wasm raw / gzip", "JS glue raw / gzip", "total raw / gzip"], trows));
  out.push("");
  out.push(`The TypeScript declarations (${d.types.map((t) => `\`${t}\``).join(", ")}: ${fmtKB(d.typesSize.raw)} raw) ship in the package but are not loaded at run time.`);
  return out.join("\n");
}

function sectionExports(r) {
  if (!r?.ok) return failed("exports", r);
  const d = r.data;
  const out = [];
  out.push(
    `The mock server runs in its own process (\`node mock/server.mjs --latency 50\`) and waits the latency before answering each request; the client is fourws through the public API (\`customersExport({ concurrency }).all()\`), over real HTTP on 127.0.0.1. A complete extraction of 400 customers = 20 pages of 20 (\`x-mock-total: 400\`). ${d.rounds} interleaved rounds; every run returns the same 400 items. Bound = pages ÷ concurrency × latency.`,
  );
  out.push("");
  const rows = d.twenty.map((t) => {
    const serialFirst = (1 + Math.ceil((t.pages - 1) / t.concurrency)) * t.latencyMs;
    return [
      String(t.concurrency),
      `${t.boundMs} ms`,
      range(t.wall, fmtMs),
      `**${fmtX(t.overBound)}**`,
      t.control ? `${range(t.control, fmtMs)} = ${fmtX(t.controlOverBound)}` : "–",
      `${serialFirst} ms (fourws ${fmtX(t.wall.median / serialFirst)})`,
      verdict(t.overBound <= 1.15),
    ];
  });
  out.push(
    table(
      ["concurrency", "latency bound", "fourws wall time, median (min–max)", "fourws ÷ bound", "control: fetch + `res.json()` workers that know the 20 offsets (÷ bound)", "bound if page 1 must arrive first", "≤ 1.15×"],
      rows,
    ),
  );
  out.push("");
  out.push(
    "The control shows what this mock and HTTP on this machine allow (each answer takes the latency plus the mock's own time to build the page); a client that learns the page size and total from page 1 cannot start page 2 before page 1 has arrived.",
  );
  out.push("");
  const tl = d.timelines?.["4"];
  if (tl?.length > 2) {
    const second = tl[1].atMs;
    const perWave = [];
    for (let i = 1; i < tl.length; i += 4) perWave.push(tl[i].atMs);
    out.push(
      `When each request reached the mock at concurrency 4 (ms after the first; last round): ${tl.map((x) => x.atMs).join(", ")}. ` +
        (second >= 40
          ? `The first page is fetched alone (the second request leaves ${second} ms later, after page 1 arrived), then pages go out in waves of 4; so a complete extraction takes 1 + ⌈(pages − 1) ÷ concurrency⌉ round trips, not pages ÷ concurrency. At concurrency 4 that structural floor alone is ${fmtX((1 + Math.ceil(19 / 4)) / (20 / 4))} the bound in the budget. The pager goes parallel only "once a complete extraction's total is known" (\`Pager::ahead\` in \`src/core/pagination.rs\`), although it knows the endpoint's page size before the first answer; requesting pages 2..c together with page 1 would save one round trip. Estimate from this run's own round-trip time (wall time ÷ round trips): ${d.twenty
              .filter((t) => t.concurrency > 1)
              .map((t) => {
                const trips = 1 + Math.ceil((t.pages - 1) / t.concurrency);
                const est = t.wall.median * (Math.ceil(t.pages / t.concurrency) / trips);
                return `concurrency ${t.concurrency} ≈ ${fmtMs(est)} = ${fmtX(est / t.boundMs)} the bound`;
              })
              .join(", ")}.`
          : `Requests start without waiting for page 1.`),
    );
    out.push("");
  }
  const i4 = d.issue4;
  out.push(
    `**Issue 4** (latency 100 ms, ${i4.customers} customers = ${i4.pages} pages): concurrency 1 ${range(i4.c1, fmtMs)}, concurrency 4 ${range(i4.c4, fmtMs)}: **speed-up ${fmtX(i4.speedup)}** (paired runs ${xr(i4.speedupPaired)}); items identical: **${i4.identical ? "yes" : "NO"}**. ${verdict(i4.speedup >= 2 && i4.identical)} (goal ≥ 2×).`,
  );
  return out.join("\n");
}

function sectionMemory(r, control, snaps) {
  if (!r?.ok) return failed("memory", r);
  const m = memoryFigures(r.data);
  const c = control?.ok ? memoryFigures(control.data) : null;
  const out = [];
  out.push(
    `\`for await (const customer of client.customersExport())\` over ${m.total.toLocaleString("en")} customers (mock \`x-mock-total\` via the client's \`headers\` option, latency 0, mock in its own process), touching each record and keeping none. A sample every ${r.data.everyPages} pages (${r.data.everyPages * 20} customers): \`process.memoryUsage()\` after a forced GC (so heap = what is retained) and the size of the wasm linear memory. The control runs the same pages with \`fetch\` + \`res.json()\` in a fresh process.`,
  );
  out.push("");
  const rows = m.points.map((p, i) => {
    const cp = c?.points[i];
    return [
      p.customers.toLocaleString("en"),
      fmtMB(p.heapUsed),
      fmtMB(p.rss),
      fmtMB(p.external),
      fmtMB(p.wasm),
      cp ? fmtMB(cp.heapUsed) : "–",
      cp ? fmtMB(cp.rss) : "–",
    ];
  });
  rows.unshift(["0 (before)", fmtMB(r.data.samples[0].heapUsed), fmtMB(r.data.samples[0].rss), fmtMB(r.data.samples[0].external), fmtMB(r.data.samples[0].wasm), c ? fmtMB(control.data.samples[0].heapUsed) : "–", c ? fmtMB(control.data.samples[0].rss) : "–"]);
  out.push(table(["customers", "fourws heap (after GC)", "fourws RSS", "fourws external", "wasm memory", "control heap", "control RSS"], rows));
  out.push("");
  const g = snaps?.ok ? snaps.data.growth : null;
  const codeKinds = g ? g.kinds.filter((k) => k.kind.startsWith("code:")).reduce((a, k) => a + k.bytes, 0) : 0;
  out.push(
    `Retained heap: ${fmtMB(m.first.heapUsed)} at 10k, ${fmtMB(m.mid.heapUsed)} at ${(m.mid.customers / 1000).toFixed(0)}k, ${fmtMB(m.last.heapUsed)} at ${(m.last.customers / 1000).toFixed(0)}k: ${m.secondHalfHeap >= 0 ? "+" : ""}${fmtMB(m.secondHalfHeap)} over the second half (slope ${m.slope.toFixed(1)} bytes per customer${c ? `; the fetch + \`res.json()\` control: ${c.secondHalfHeap >= 0 ? "+" : ""}${fmtMB(c.secondHalfHeap)}, ${c.slope.toFixed(1)} bytes per customer` : ""}). RSS ${fmtMB(m.first.rss)} → ${fmtMB(m.mid.rss)} → ${fmtMB(m.last.rss)}; the wasm linear memory ${fmtMB(m.first.wasm)} → ${fmtMB(m.last.wasm)}${m.growth.length ? `, growing ${m.growth.map((g) => `by ${(g.bytes / 1024).toFixed(0)} KiB between pages ${g.fromPage.toLocaleString("en")} and ${g.toPage.toLocaleString("en")}`).join(", ")}` : " (no growth after 10k)"}. Criterion: over the second half the retained JS heap grows < 0.5 MB and RSS < 5 %, and the wasm memory does not grow after the first 10k: ${m.flat ? "**flat**" : "**NOT flat**"}.${m.perPageSet ? " The wasm growth happens exactly where a hash set with one entry per page resizes (hashbrown doubles its table when it passes 7/8 of a power of two: 1,792, 3,584, 7,168, ... entries): `src/core/pagination.rs` keeps the fingerprint of every page delivered (`seen: HashSet<u64>`, to refuse a page served twice), so the set grows by 10–20 bytes per page (9 bytes per bucket, ≈ 0.5–1 byte per customer) for the whole extraction, and a wasm instance's memory never shrinks. Remembering only the previous page's fingerprint (or a bounded window) would keep it flat." : ""}${g ? ` Heap snapshots at ${g.from.toLocaleString("en")} and ${g.to.toLocaleString("en")} customers (after GC; a separate run, since writing a snapshot raises RSS) name what the JS heap gained: ${g.kinds.slice(0, 6).map((k) => `${k.kind.replace(/^code:$/, "code: (compiled code)")} ${k.count >= 0 ? "+" : ""}${k.count} objects / ${(k.bytes / 1024).toFixed(0)} KiB`).join("; ")}${codeKinds > 0.5 * g.kinds.reduce((a, k) => a + Math.max(0, k.bytes), 0) ? " — mostly V8's compiled code and its metadata (functions being optimised as the run goes on), which levels off, not records or pages" : ""}.` : ""} Throughput of this local extraction (mock included, 2 cores shared): fourws ${fmtRate(m.total / m.seconds)} customers${c ? `, fetch + res.json() ${fmtRate(c.total / c.seconds)} (no validation)` : ""}.`,
  );
  return out.join("\n");
}

function sectionCold(node, browser) {
  const out = [];
  if (!node?.ok) out.push(failed("cold start (Node)", node));
  else {
    const d = node.data;
    out.push(
      `**Node** (${d.samples} samples per mode, a fresh \`node\` process each, modes interleaved; \`performance.now()\` in the process, from just before the dynamic \`import()\` to the first decoded page; the canned body is read before the clock starts). Node loads its fetch implementation (undici) lazily on the first use of \`Request\`/\`Response\`: the "already used fetch" row touches them before the clock starts, as any process that has made a request has.`,
    );
    out.push("");
    const names = {
      fourws: "fourws (`import` pkg/node.js + `new Client` + first `nextPage()`)",
      "fourws-warm": "fourws, process has already used fetch",
      json: "`new Response(body).json()` (the floor)",
      zod: "`import` zod + schemas, `res.json()` + parse",
    };
    out.push(
      table(
        ["mode", "import", "first page", "total, median (min–max)"],
        Object.entries(d.modes).map(([k, v]) => [names[k] ?? k, v.importMs.median > 0.05 ? fmtMs(v.importMs.median) : "–", fmtMs(v.firstPageMs.median), range(v.totalMs, fmtMs)]),
      ),
    );
    out.push("");
  }
  if (!browser?.ok) out.push(failed("cold start (Chromium)", browser));
  else {
    const d = browser.data;
    out.push(
      `**Headless Chromium ${d.browser}** (${d.samples} samples per mode, a new browser context each so no cache carries over; a static server on 127.0.0.1 serves \`pkg/\` and a tiny page; measured in the page with \`performance.now()\` from before \`import()\` to the first decoded page, including fetching and compiling the .wasm in \`init()\`).`,
    );
    out.push("");
    const names = {
      fourws: "fourws as published (5 ES modules + .wasm)",
      "fourws-bundled": "fourws bundled (esbuild, 1 module + .wasm)",
      json: "`new Response(body).json()`",
      "import-control": "control: `import()` of an empty module, then `res.json()`",
    };
    out.push(
      table(
        ["mode", "`import()`", "`init()` (of which .wasm fetch)", "first page", "total, median (min–max)"],
        Object.entries(d.modes).map(([k, v]) => [
          names[k] ?? k,
          v.modulesMs.median > 0.05 ? fmtMs(v.modulesMs.median) : "–",
          v.initMs.median ? `${fmtMs(v.initMs.median)} (${fmtMs(v.wasmFetchMs.median)})` : "–",
          fmtMs(v.firstPageMs.median),
          range(v.totalMs, fmtMs),
        ]),
      ),
    );
    const ctl = d.modes["import-control"]?.totalMs.median;
    if (ctl !== undefined) {
      out.push("");
      out.push(
        `Any first dynamic \`import()\` in a fresh context costs ≈ ${fmtMs(ctl)} here (the control); net of it, fourws's cold start is ≈ ${fmtMs(d.modes.fourws.totalMs.median - ctl)} as published and ≈ ${fmtMs(d.modes["fourws-bundled"].totalMs.median - ctl)} bundled.`,
      );
    }
  }
  return out.join("\n");
}

function sectionProfile(r, decode) {
  if (!r?.ok) return failed("profile", r);
  const d = r.data;
  const out = [];
  const find = (ep, size) => d.parts.find((p) => p.endpoint === ep && p.size === size);
  const P = (p, k) => p.parts[Object.keys(p.parts).find((x) => x.startsWith(k))].median;

  // Findings, computed.
  const findings = [];
  const c20 = find("customers", 20);
  const o20 = find("orders", 20);
  const c2k = find("customers", 2000);
  const profOf = (ep, size) => d.profiles.find((p) => p.endpoint === ep && p.size === size);
  const cat = (prof, prefix) => prof.categories.filter((c) => c.name.startsWith(prefix)).reduce((a, c) => a + c.pct, 0);
  const inc = (prof, part) => prof.inclusive.filter((c) => c.name.includes(part)).reduce((a, c) => Math.max(a, c.pct), 0);
  if (c20) {
    const fixed = P(c20, "fixed cost");
    const full = P(c20, "fourws nextPage");
    const emptyJson = P(c20, "new Response(empty");
    const json = P(c20, "new Response(body).json");
    const e = profOf("customers", 0);
    findings.push(
      `**A fixed cost per call dominates small pages.** \`nextPage()\` of an EMPTY page takes ${us(fixed)} (\`res.json()\` of the same empty body: ${us(emptyJson)}); that is ${pct((100 * fixed) / full)} of fourws's ${us(full)} on a 20-customer page, and on its own ${fmtX(fixed / json)} the whole \`res.json()\` of that page (${us(json)}). ` +
        (e
          ? `In the CPU profile of the empty-page loop: AbortController/AbortSignal/events ${pct(cat(e, "AbortController"))} of busy time (mostly the \`makeTransferable\` of the Response body stream; fourws pools its abort controllers), fetch Request/Response/Headers (undici) ${pct(cat(e, "fetch Request"))}, web streams ${pct(cat(e, "web streams"))}, GC ${pct(cat(e, "GC"))}, wasm-bindgen glue ${pct(cat(e, "wasm-bindgen"))}, wasm code ${pct(cat(e, "wasm code"))}. Inclusive: the one JS call per attempt (\`attempt\`, which calls the user's \`fetch\`, including the benchmark's own canned \`new Response\` paid by every path) ${pct(inc(e, "attempt"))}, \`readBody\` ${pct(inc(e, "readBody"))}.`
          : ""),
    );
  }
  if (c2k) {
    const full = P(c2k, "fourws nextPage");
    const raw = P(c2k, "RawClient");
    const parse = P(c2k, "JSON.parse of fourws");
    const ab = P(c2k, "new Response(body).arrayBuffer");
    const json = P(c2k, "new Response(body).json");
    const fixed = P(c2k, "fixed cost");
    const td = P(c2k, "TextDecoder");
    const transcode = raw - ab - fixed - td;
    const prof = profOf("customers", 2000);
    findings.push(
      `**On large bodies the transcoder alone costs more than the whole floor, and the output is parsed a second time.** 2,000 customers (${fmtKB(c2k.bodyBytes)}): fourws ${fmtMs(full)} vs \`res.json()\` ${fmtMs(json)}. Split: \`arrayBuffer()\` ${fmtMs(ab)} + fixed cost ${fmtMs(fixed)} + bytes → normalised page JSON in wasm ≈ ${fmtMs(transcode)} (${fmtX(transcode / json)} \`res.json()\`) + turning the ${(c2k.outputChars / 1e6).toFixed(2)} M-character output into a JS string ≈ ${fmtMs(td)} (${c2k.outputAscii ? "ASCII-only, so TextDecoder's fast path" : "NOT ASCII: TextDecoder's slow path"}) + \`JSON.parse\` of that output ${fmtMs(parse)} (${pct((100 * parse) / full)} of fourws's time, ${fmtX(parse / json)} \`res.json()\`). ` +
        (prof
          ? `CPU profile: wasm code ${pct(cat(prof, "wasm code"))} of busy time, \`JSON.parse\` of the output (self time of \`nextPage\` in pkg/fourws.js) ${pct(cat(prof, "fourws JS face"))}, TextDecoder ${pct(cat(prof, "TextDecoder"))}, GC ${pct(cat(prof, "GC"))}.`
          : ""),
    );
  }
  if (o20) {
    const full = P(o20, "fourws nextPage");
    const parse = P(o20, "JSON.parse of fourws");
    const json = P(o20, "new Response(body).json");
    const prof = profOf("orders", 20);
    findings.push(
      `**Digital orders page** (${fmtKB(o20.bodyBytes)}, 140 fields per order): fourws ${us(full)} vs \`res.json()\` ${us(json)}; \`JSON.parse\` of the output ${us(parse)} (${pct((100 * parse) / full)}).` +
        (prof ? ` CPU profile: wasm code ${pct(cat(prof, "wasm code"))}, \`JSON.parse\` of the output ${pct(cat(prof, "fourws JS face"))}, TextDecoder ${pct(cat(prof, "TextDecoder"))}, Request/Response ${pct(cat(prof, "fetch Request"))}, AbortSignal ${pct(cat(prof, "AbortController"))}.` : ""),
    );
  }
  if (decode?.ok) {
    const pages = decode.data.cases.filter((c) => c.size === 20);
    const empty = decode.data.cases.find((c) => c.size === 0);
    const best = pages.reduce((a, c) => (c.vsJson.fourws.median < a.vsJson.fourws.median ? c : a));
    const over = empty ? pages.filter((c) => empty.stats.fourws.median > 1.5 * c.stats.json.median) : [];
    findings.push(
      `**What it would take.** To be ≤ 1.5× \`res.json()\` on a 20-record page, fourws's whole call must fit in 1.5× the floor. ` +
        (empty
          ? `The fixed cost alone (${us(empty.stats.fourws.median)}, decode section) is already above 1.5× \`res.json()\` on ${over.length ? over.map((c) => `${ENDPOINT_NAMES[c.endpoint]} (${us(c.stats.json.median)})`).join(", ") : "none of the pages"}. `
          : "") +
        `The best page (${ENDPOINT_NAMES[best.endpoint]}) is at ${fmtX(best.vsJson.fourws.median)}. The levers: (1) the per-request fixed cost (fetch's Response and body stream, the wasm call, wasm-bindgen closures and promise hops; abort controllers are pooled and timeouts share one timer already); (2) the wasm transcoder's own speed (it reads every byte and writes the whole page again); (3) the second parse: the page crosses the boundary as JSON text that \`JSON.parse\` parses again. The wasm functions have no names in the profile (wasm-opt strips the name section); a build that keeps names (\`wasm-opt -g\`, or wasm-bindgen \`--keep-debug\`) would split the wasm share by function.`,
    );
  }
  out.push(findings.map((f, i) => `${i + 1}. ${f}`).join("\n"));
  out.push("");

  // Timed breakdown.
  out.push("**The decode, split into parts** (interleaved rounds, median per call):");
  out.push("");
  const keys = Object.keys(d.parts[0].parts);
  out.push(
    table(
      ["part", ...d.parts.map((p) => `${ENDPOINT_NAMES[p.endpoint]} ×${p.size}`)],
      keys.map((k) => [k, ...d.parts.map((p) => fmtMs(p.parts[k].median))]),
    ),
  );
  out.push("");
  out.push("**CPU profiles** (`node --cpu-prof --cpu-prof-interval 100` on a loop of `nextPage()` calls for " + `${d.seconds} s each; self time as a share of busy time; profiles in \`bench/.tmp/prof/\`):`);
  for (const p of d.profiles) {
    out.push("");
    out.push(`*${p.label}* (${p.calls} calls):`);
    out.push("");
    out.push(
      table(
        ["self time by category", "share"],
        p.categories.filter((c) => c.pct >= 0.5).map((c) => [c.name, pct1(c.pct)]),
        ["---", "---:"],
      ),
    );
    out.push("");
    out.push(
      table(
        ["top self-time functions", "share"],
        p.top.slice(0, 10).map((c) => [`\`${c.name}\``, pct1(c.pct)]),
        ["---", "---:"],
      ),
    );
    out.push("");
    out.push(
      `Inclusive, the package's JS functions: ${p.inclusive
        .filter((c) => !/^(real|wasm_bindgen__convert|handleError|__wbindgen_generic|makeMutClosure|\(anonymous\))/.test(c.name))
        .slice(0, 6)
        .map((c) => `\`${c.name.includes(" → ") ? c.name : c.name.split(" ")[0]}\` ${pct(c.pct)}`)
        .join(", ")}.`,
    );
  }
  return out.join("\n");
}

export function render(env, results) {
  const out = [];
  const date = env.date.slice(0, 16).replace("T", " ") + " UTC";
  out.push("# fourws benchmarks");
  out.push("");
  out.push(
    `Generated by \`node bench/run.mjs${env.quick ? " --quick" : ""}\` (GitHub issue 6); every figure below comes from that run. Re-run it to refresh this file.${env.quick ? " **This was a --quick smoke run: fewer rounds and samples; do not quote it.**" : ""}`,
  );
  out.push("");
  out.push(
    table(
      ["", ""],
      [
        ["Date", date],
        ["Machine", `Node ${env.node}, ${env.cpu}, ${env.cores} cores, ${env.memoryGB.toFixed(0)} GB, ${env.platform}`],
        ["Load average (1/5/15 min) before → after", `${env.loadBefore.map((x) => x.toFixed(2)).join(" / ")} → ${env.loadAfter.map((x) => x.toFixed(2)).join(" / ")}`],
        ["Package", `pkg/ as built at ${env.wasmBuilt ?? "?"} (wasm sha256 ${env.wasmSha256}…); repo HEAD ${env.commit}`],
        ["Baselines", `zod ${env.zod}; playwright-core ${env.playwright} driving /usr/bin/chromium`],
        ["Run time", `${Math.round(env.seconds)} s`],
      ],
      ["---", "---"],
    ),
  );
  out.push("");
  out.push("## Headline");
  out.push("");
  if (results.decode?.ok) {
    out.push("Decode from a fetch `Response`, time relative to `res.json()` (median of interleaved rounds; lower is better). The three right-hand paths all return the same validated, normalised records; `res.json()` alone validates nothing.");
    out.push("");
    out.push(headlineDecode(results.decode.data));
    out.push("");
  }
  out.push("## Budgets");
  out.push("");
  out.push(table(["budget", "figure (this run)", "verdict"], budgets(results), ["---", "---", "---"]));
  out.push("");
  out.push("## 1. Decode per endpoint");
  out.push("");
  out.push(sectionDecode(results.decode));
  out.push("");
  out.push("## 2. Size");
  out.push("");
  out.push(sectionSize(results.size));
  out.push("");
  out.push("## 3. Exports against the mock server (fixed latency)");
  out.push("");
  out.push(sectionExports(results.exports));
  out.push("");
  out.push("## 4. Memory while iterating a large export");
  out.push("");
  out.push(sectionMemory(results.memory, results.memoryControl, results.memorySnapshots));
  out.push("");
  out.push("## 5. Cold start");
  out.push("");
  out.push(sectionCold(results.coldNode, results.coldBrowser));
  out.push("");
  out.push("## 6. Where fourws's decode time goes");
  out.push("");
  out.push(sectionProfile(results.profile, results.decode));
  out.push("");
  out.push("## 7. The command line");
  out.push("");
  out.push(sectionCli(results.cli));
  out.push("");
  // Measurements that a budget missed called for (alternatives tried, with their figures),
  // kept by hand in bench/MISSED.md and carried into every report.
  const missed = new URL("../MISSED.md", import.meta.url);
  if (existsSync(missed)) {
    out.push(readFileSync(missed, "utf8").trim());
    out.push("");
  }
  out.push("## How to run");
  out.push("");
  out.push(
    [
      "```sh",
      "node bench/run.mjs            # everything, writes bench/RESULTS.md (a few minutes on 2 cores)",
      "node bench/run.mjs --quick    # smoke run (about a minute)",
      "node bench/run.mjs --only decode,size,exports,memory,cold,profile,cli   # some sections",
      "```",
      "",
      "It needs the built package in `pkg/` (it waits if `pkg/` is being rebuilt), the repo's `node_modules` (zod 4, playwright-core, esbuild) and `/usr/bin/chromium`. Sections run in separate Node processes and leave their raw JSON in `bench/.tmp/results/` and CPU profiles in `bench/.tmp/prof/` (git-ignored). The machine is shared with other work (see the load average above): ratios from interleaved rounds are more trustworthy than absolute times.",
    ].join("\n"),
  );
  out.push("");
  return out.join("\n");
}
