// The packed tarball bundled for browsers by esbuild, webpack 5, Rollup and `bun build` (Vite
// has its own file, vite.test.mjs), each with the setting the README gives and no other,
// served statically and opened in headless Chromium, which must list the mock's first 25
// customers. Without a setting, esbuild cannot emit the .wasm: the page must then get a
// FourWsError that tells the esbuild user what to do.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { BIN, CREDENTIALS, REPO, exec, installedPackage, launchBrowser, openPage, startStaticServer } from "./tarball.mjs";

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>fourws bundled</title><link rel="icon" href="data:,"></head>
<body>
<ul id="customers"></ul>
<p id="status">loading</p>
<script type="module" src="./main.js"></script>
</body>
</html>
`;

// `imports` brings in init and Client; `initCall` loads the wasm.
const app = (imports, initCall) => `${imports}

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");

async function main() {
  ${initCall}
  const client = new Client({ baseUrl: params.get("mock"), ...JSON.parse(params.get("credentials")) });
  const list = document.getElementById("customers");
  for (const c of await client.customersExport().all({ limit: 25 })) {
    const li = document.createElement("li");
    li.dataset.code = c.subject.subjectCode;
    li.textContent = c.subject.subjectCode + " " + c.subject.subjectSurname;
    list.append(li);
  }
  try {
    new Client({ baseUrl: "ftp://nowhere", applicationId: "X" });
    window.badOption = { threw: false };
  } catch (e) {
    window.badOption = { threw: true, isFourWsError: e instanceof FourWsError, kind: e.kind };
  }
  status.textContent = "done";
}

main().catch((e) => {
  window.failure = { isFourWsError: e instanceof FourWsError, name: e?.name, kind: e?.kind, status: e?.status, message: String(e?.message) };
  status.textContent = "failed: " + e;
});
`;

const PLAIN = app(`import init, { Client, FourWsError } from "fourws";`, "await init();");
// The README's recipe for esbuild (with --loader:.wasm=file) and bun build (no setting).
const WASM_URL = app(`import init, { Client, FourWsError } from "fourws";\nimport wasmUrl from "fourws/fourws_bg.wasm";`, "await init(wasmUrl);");
// The README's recipe for Rollup (and anything else): the wasm inlined, nothing to configure.
const INLINE = app(`import { Client, FourWsError } from "fourws/inline";`, "");

let mock;
let pkg;
let browser;
const sites = [];

before(async () => {
  [mock, pkg, browser] = await Promise.all([startMockServer({ port: 0 }), installedPackage(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  for (const s of sites) await s.close();
  await mock?.close();
});

/** Writes the app into a fresh folder of the consumer project (so "fourws" resolves). */
function project(name, main) {
  const dir = join(pkg.project, name);
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(join(dir, "main.js"), main);
  writeFileSync(join(dir, "dist", "index.html"), INDEX_HTML);
  return dir;
}

/** Serves dist/ and opens the page; resolves to what the page showed. */
async function visit(dir) {
  const site = await startStaticServer(join(dir, "dist"));
  sites.push(site);
  mock.reset();
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  const { page, problems, responses } = await openPage(browser, `${site.url}/index.html?${query}`);
  try {
    await page.waitForFunction(() => document.getElementById("status").textContent !== "loading", null, { timeout: 20_000 });
    return {
      failure: await page.evaluate(() => window.failure ?? null),
      codes: await page.$$eval("#customers li", (lis) => lis.map((li) => li.dataset.code)),
      badOption: await page.evaluate(() => window.badOption ?? null),
      problems,
      wasm: responses.filter((r) => new URL(r.url).pathname.endsWith(".wasm")),
    };
  } finally {
    await page.close();
  }
}

function assertListed(seen, what, { wasmFile }) {
  assert.equal(seen.failure, null, `${what}: the page failed: ${JSON.stringify(seen.failure)}`);
  assert.deepEqual(seen.codes, Array.from({ length: 25 }, (_, i) => String(100020 + i)), what);
  assert.deepEqual(seen.badOption, { threw: true, isFourWsError: true, kind: "invalidArgument" }, what);
  assert.deepEqual(seen.problems, [], `${what}: console errors, uncaught exceptions or failed requests`);
  if (wasmFile) {
    assert.equal(seen.wasm.length, 1, `${what}: ${JSON.stringify(seen.wasm)}`);
    assert.equal(seen.wasm[0].status, 200);
    assert.equal(seen.wasm[0].contentType, "application/wasm");
  } else {
    assert.deepEqual(seen.wasm, [], `${what}: the inlined wasm was fetched`);
  }
}

const esbuild = (dir, ...flags) =>
  exec(join(BIN, "esbuild"), ["main.js", "--bundle", "--format=esm", "--platform=browser", "--outdir=dist", "--log-level=warning", ...flags], { cwd: dir });

test("esbuild with --loader:.wasm=file and init(wasmUrl), as the README says", async () => {
  const dir = project("esbuild-app", WASM_URL);
  const r = await esbuild(dir, "--loader:.wasm=file");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", `esbuild warned:\n${r.stderr}`);
  assert.equal(readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".wasm")).length, 1);
  assertListed(await visit(dir), "esbuild", { wasmFile: true });
});

test("esbuild with no setting: init() rejects with a FourWsError telling what to do with esbuild", async () => {
  const dir = project("esbuild-plain", PLAIN);
  const r = await esbuild(dir);
  assert.equal(r.code, 0, r.stderr);
  const seen = await visit(dir);
  assert.ok(seen.failure, "the page worked without the wasm?");
  assert.equal(seen.failure.isFourWsError, true, JSON.stringify(seen.failure));
  assert.equal(seen.failure.kind, "http");
  assert.equal(seen.failure.status, 404);
  assert.match(seen.failure.message, /fourws could not load its WebAssembly module in this browser: GET \S+fourws_bg\.wasm answered HTTP 404/);
  assert.match(seen.failure.message, /With esbuild, Rollup or `bun build`, import from "fourws\/inline"/);
  assert.match(seen.failure.message, /--loader:\.wasm=file/);
});

test("esbuild importing fourws/inline needs no setting", async () => {
  const dir = project("esbuild-inline", INLINE);
  const r = await esbuild(dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", `esbuild warned:\n${r.stderr}`);
  assertListed(await visit(dir), "esbuild inline", { wasmFile: false });
});

test("webpack 5 for the web, no setting: emits the wasm and loads it", async () => {
  const dir = project("webpack-app", PLAIN);
  writeFileSync(
    join(dir, "build.cjs"),
    `const webpack = require(${JSON.stringify(join(REPO, "node_modules", "webpack"))});
webpack({ mode: "production", target: "web", context: __dirname, entry: "./main.js",
  output: { path: require("path").join(__dirname, "dist"), filename: "main.js" } },
  (err, stats) => {
    if (err) { console.error(err); process.exit(1); }
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    // webpack's size hints are advice about any app, not about the package
    const warnings = info.warnings.filter((w) => !/exceed the recommended size limit|performance/i.test(w.message));
    if (stats.hasErrors() || warnings.length) { console.error(JSON.stringify({ errors: info.errors, warnings }, null, 1)); process.exit(1); }
  });
`,
  );
  const r = await exec(process.execPath, ["build.cjs"], { cwd: dir, timeout: 120_000 });
  assert.equal(r.code, 0, `webpack failed:\n${r.stderr}\n${r.stdout}`);
  assertListed(await visit(dir), "webpack", { wasmFile: true });
});

test("Rollup with @rollup/plugin-node-resolve and fourws/inline, as the README says", async () => {
  const dir = project("rollup-app", INLINE);
  writeFileSync(
    join(dir, "rollup.config.mjs"),
    `import { nodeResolve } from ${JSON.stringify(join(REPO, "node_modules", "@rollup", "plugin-node-resolve", "dist", "es", "index.js"))};
export default { input: "main.js", output: { dir: "dist", format: "es" }, plugins: [nodeResolve({ browser: true })] };
`,
  );
  const r = await exec(join(BIN, "rollup"), ["--config", "rollup.config.mjs", "--silent", "--failAfterWarnings"], { cwd: dir });
  assert.equal(r.code, 0, `rollup failed:\n${r.stderr}\n${r.stdout}`);
  assertListed(await visit(dir), "rollup", { wasmFile: false });
});

test("bun build --target=browser with init(wasmUrl), no setting", async () => {
  const dir = project("bun-app", WASM_URL);
  const r = await exec(join(BIN, "bun"), ["build", "main.js", "--target=browser", "--outdir=dist"], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", DO_NOT_TRACK: "1" },
  });
  assert.equal(r.code, 0, `bun build failed:\n${r.stderr}\n${r.stdout}`);
  assert.doesNotMatch(r.stderr, /warn|error/i, r.stderr);
  assertListed(await visit(dir), "bun build", { wasmFile: true });
});
