// Section 5b: cold start in headless Chromium: a static server serves pkg/ and a tiny page;
// the page fetches the canned body (not timed), then measures in-page, with
// performance.now(), from before `import()` to the first decoded page (which includes
// fetching and compiling the .wasm through init()). A new browser context per sample, so no
// HTTP or compiled-code cache carries over. Modes interleaved: fourws as published (five ES
// modules loaded by the browser), fourws as a shop's bundler would ship it (esbuild: one
// minified module + the .wasm), res.json() alone, and res.json() after a dynamic import() of
// an empty module (what any dynamic import costs in a fresh context, as a control).
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { buildBody } from "../lib/bodies.mjs";
import { args, emit } from "../lib/cli.mjs";
import { summary } from "../lib/stats.mjs";

const { quick } = args();
const SAMPLES = quick ? 3 : 12;
const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const BUNDLE = fileURLToPath(new URL("../.tmp/bundle/", import.meta.url));
const BODY = buildBody("customers", 20).bytes;
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };

mkdirSync(BUNDLE, { recursive: true });
await build({ entryPoints: [PKG + "browser.js"], bundle: true, format: "esm", minify: true, platform: "browser", outfile: BUNDLE + "fourws.js", logLevel: "silent" });
// browser.js names the .wasm as ./wasm/fourws_bg.wasm relative to itself (esbuild keeps the
// new URL(...) as written and emits no asset), so the bundle's folder holds it there.
mkdirSync(BUNDLE + "wasm", { recursive: true });
copyFileSync(PKG + "wasm/fourws_bg.wasm", BUNDLE + "wasm/fourws_bg.wasm");
writeFileSync(BUNDLE + "empty.js", "export const empty = true;\n");

const PAGE = (mode) => `<!doctype html><meta charset="utf-8"><title>fourws cold start</title>
<script type="module">
const body = new Uint8Array(await (await fetch("/body.json")).arrayBuffer());
const headers = { "content-type": "application/json", "content-length": String(body.length) };
const t0 = performance.now();
let t1, tImport, items;
try {
  if (${JSON.stringify(mode)} === "import-control") {
    await import("/bundle/empty.js");
    t1 = tImport = performance.now();
    items = (await new Response(body, { headers }).json()).valueObjectList.length;
  } else if (${JSON.stringify(mode)} !== "json") {
    const m = await import(${JSON.stringify(mode)} === "fourws" ? "/pkg/browser.js" : "/bundle/fourws.js");
    tImport = performance.now();
    await m.default();
    t1 = performance.now();
    const client = new m.Client({ baseUrl: "http://bench.invalid", applicationId: "X", fetch: async () => new Response(body, { headers }) });
    items = (await client.customersExport().nextPage()).items.length;
  } else {
    t1 = tImport = performance.now();
    items = (await new Response(body, { headers }).json()).valueObjectList.length;
  }
  const t2 = performance.now();
  const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
  window.__result = {
    modulesMs: tImport - t0, initMs: t1 - tImport, importMs: t1 - t0, firstPageMs: t2 - t1, totalMs: t2 - t0, items,
    wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : 0,
  };
} catch (e) {
  window.__result = { error: String(e && e.stack || e) };
}
</script>`;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  try {
    if (url.pathname === "/body.json") return send(res, 200, TYPES[".json"], BODY);
    if (/^\/(fourws|fourws-bundled|json|import-control)\.html$/.test(url.pathname)) {
      return send(res, 200, TYPES[".html"], PAGE(url.pathname.slice(1, -5)));
    }
    for (const [prefix, dir] of [["/pkg/", PKG], ["/bundle/", BUNDLE]]) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
      if (rel.startsWith("..")) return send(res, 403, "text/plain", "no");
      return send(res, 200, TYPES[extname(rel)] ?? "application/octet-stream", await readFile(dir + rel));
    }
    send(res, 404, "text/plain", "not found");
  } catch {
    send(res, 404, "text/plain", "not found");
  }
});
function send(res, status, type, body) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
try {
  const modes = ["fourws", "fourws-bundled", "json", "import-control"];
  const raw = Object.fromEntries(modes.map((m) => [m, []]));
  for (let s = 0; s < SAMPLES + 1; s++) {
    for (let i = 0; i < modes.length; i++) {
      const mode = modes[(i + s) % modes.length];
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/${mode}.html`);
      const result = await page.waitForFunction(() => window.__result, null, { timeout: 30000 }).then((h) => h.jsonValue());
      await context.close();
      if (result.error) throw new Error(`in the page: ${result.error}`);
      if (s > 0) raw[mode].push(result); // sample 0 warms the browser process
    }
  }
  const out = {};
  for (const mode of modes) {
    out[mode] = {
      modulesMs: summary(raw[mode].map((r) => r.modulesMs)),
      initMs: summary(raw[mode].map((r) => r.initMs)),
      wasmFetchMs: summary(raw[mode].map((r) => r.wasmFetchMs)),
      importMs: summary(raw[mode].map((r) => r.importMs)),
      firstPageMs: summary(raw[mode].map((r) => r.firstPageMs)),
      totalMs: summary(raw[mode].map((r) => r.totalMs)),
    };
  }
  process.stderr.write(`cold chromium: ${modes.map((m) => `${m} ${out[m].totalMs.median.toFixed(1)} ms`).join(", ")}\n`);
  emit({ samples: SAMPLES, browser: browser.version(), modes: out });
} finally {
  await browser.close();
  server.close();
}
