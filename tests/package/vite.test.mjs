// The installed package through a bundler: a fresh Vite project (`import init, { Client }
// from "fourws"`) built with `vite build`, its dist/ served statically and opened in headless
// Chromium, which must list the mock's customers. Vite has to pick the package's browser
// entry and emit the .wasm that wasm-bindgen's `new URL("fourws_bg.wasm", import.meta.url)`
// points at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { BIN, CREDENTIALS, exec, installedPackage, launchBrowser, openPage, startStaticServer } from "./tarball.mjs";

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>fourws + Vite</title><link rel="icon" href="data:,"></head>
<body>
<ul id="customers"></ul>
<p id="status">loading</p>
<script type="module" src="/main.js"></script>
</body>
</html>
`;

const MAIN_JS = `import init, { Client, FourWsError } from "fourws";

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");

async function main() {
  await init();
  const client = new Client({ baseUrl: params.get("mock"), ...JSON.parse(params.get("credentials")) });
  const list = document.getElementById("customers");
  let n = 0;
  for await (const c of client.customersExport()) {
    const li = document.createElement("li");
    li.dataset.code = c.subject.subjectCode;
    li.textContent = c.subject.subjectCode + " " + c.subject.subjectSurname;
    list.append(li);
    if (++n === 25) break;
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
  window.failure = { name: e?.name, kind: e?.kind, message: String(e?.message), stack: String(e?.stack) };
  status.textContent = "failed: " + e;
});
`;

// Build mode needs no wasm-specific configuration.
const VITE_CONFIG = `export default {
  logLevel: "warn",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
};
`;

let mock;
let site;
let browser;
let app;
let build;

before(async () => {
  let pkg;
  [mock, pkg, browser] = await Promise.all([startMockServer({ port: 0 }), installedPackage(), launchBrowser()]);
  // inside the consumer project, so "fourws" resolves from its node_modules
  app = join(pkg.project, "vite-app");
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "index.html"), INDEX_HTML);
  writeFileSync(join(app, "main.js"), MAIN_JS);
  writeFileSync(join(app, "vite.config.mjs"), VITE_CONFIG);
  build = await exec(join(BIN, "vite"), ["build", "--config", "vite.config.mjs"], { cwd: app, timeout: 90_000 });
  if (build.code === 0) site = await startStaticServer(join(app, "dist"));
});

after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

test("vite build succeeds, without warnings, and emits the wasm as an asset", () => {
  assert.equal(build.code, 0, `vite build failed:\n${build.stderr}\n${build.stdout}`);
  assert.doesNotMatch(build.stderr, /warn|error/i, `vite build complained:\n${build.stderr}`);
  const assets = readdirSync(join(app, "dist", "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `assets: ${assets.join(", ")}`);
  const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(app, "dist", "assets", f), "utf8"));
  assert.ok(
    js.some((t) => t.includes(wasm[0])),
    "the bundle does not reference the emitted wasm",
  );
  // the browser entry was bundled, not node.js
  assert.ok(!js.some((t) => t.includes("node:fs")), "the bundle pulled in the Node entry (node:fs)");
});

test("the built app lists the customers from the mock, with no console errors", async () => {
  assert.ok(site, "no build to serve");
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  const { page, problems, responses } = await openPage(browser, `${site.url}/index.html?${query}`);
  try {
    await page.waitForFunction(() => document.getElementById("status").textContent !== "loading", null, { timeout: 20_000 });
    const failure = await page.evaluate(() => window.failure ?? null);
    assert.equal(failure, null, `the app failed: ${JSON.stringify(failure)}`);

    const codes = await page.$$eval("#customers li", (lis) => lis.map((li) => li.dataset.code));
    assert.deepEqual(
      codes,
      Array.from({ length: 25 }, (_, i) => String(100020 + i)),
    );
    assert.equal(await page.textContent("#customers li"), "100020 VANNI");

    // breaking out after 25 records: pages at 0 and 20, nothing more
    assert.deepEqual(
      mock.requests.filter((r) => r.cmd === "getCustomersExport_v3").map((r) => r.start),
      [0, 20],
    );
    assert.deepEqual(await page.evaluate(() => window.badOption), { threw: true, isFourWsError: true, kind: "invalidArgument" });

    const wasm = responses.filter((r) => new URL(r.url).pathname.endsWith(".wasm"));
    assert.equal(wasm.length, 1, JSON.stringify(responses));
    assert.match(new URL(wasm[0].url).pathname, /^\/assets\/.+\.wasm$/);
    assert.equal(wasm[0].status, 200);
    assert.equal(wasm[0].contentType, "application/wasm");

    assert.deepEqual(problems, [], "console errors, uncaught exceptions or failed requests");
  } finally {
    await page.close();
  }
});

// `vite dev` pre-bundles dependencies into node_modules/.vite/deps, away from the package's
// .wasm, so `new URL("fourws_bg.wasm", import.meta.url)` then fetches Vite's HTML fallback
// ("expected magic word 00 61 73 6d, found 3c 21 64 6f"). The README tells dev-mode users to
// add `optimizeDeps: { exclude: ["fourws"] }`; this checks that advice works.
test("vite dev with optimizeDeps.exclude (as the README says) lists the customers too", async (t) => {
  const port = await freePort();
  writeFileSync(
    join(app, "vite.dev.config.mjs"),
    `export default { logLevel: "info", optimizeDeps: { exclude: ["fourws"] }, server: { host: "127.0.0.1" } };\n`,
  );
  const child = spawn(join(BIN, "vite"), ["--config", "vite.dev.config.mjs", "--port", String(port), "--strictPort"], {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
    // CI=true makes Vite colour its output, which splits the URL with escape codes.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  const exited = new Promise((r) => child.once("exit", r));
  t.after(async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), 20_000);
    const onData = (d) => {
      // eslint-disable-next-line no-control-regex
      output += String(d).replace(/\x1b\[[0-9;]*m/g, "");
      if (output.includes(`:${port}/`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`vite dev exited with ${code}:\n${output}`));
    });
  });

  mock.reset();
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/index.html?${query}`);
  try {
    await page.waitForFunction(() => document.getElementById("status").textContent !== "loading", null, { timeout: 20_000 });
    const failure = await page.evaluate(() => window.failure ?? null);
    assert.equal(failure, null, `the app failed in vite dev: ${JSON.stringify(failure)}`);
    assert.equal(await page.$$eval("#customers li", (lis) => lis.length), 25);
    assert.deepEqual(problems, [], "console errors, uncaught exceptions or failed requests");
  } finally {
    await page.close();
  }
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
