// The installed package in headless Chromium, for what only a browser shows: lookups never
// answered from the HTTP cache (issue 18, item 9), a Content-Security-Policy that blocks
// WebAssembly named in init()'s error (item 21), and init() retried after a failure (item 22).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { CREDENTIALS, REPO, installedPackage, launchBrowser, openPage } from "./tarball.mjs";

const MIME = { ".js": "text/javascript", ".cjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

let pkg;
let browser;
const servers = [];

/** Serves the installed package under /node_modules/fourws/ and `pages` (path → [body, headers]). */
async function site(pages) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (pages[path]) {
      const [body, headers] = pages[path];
      res.writeHead(200, { "Content-Type": MIME[extname(path)] ?? "text/plain", ...headers }).end(body);
      return;
    }
    const prefix = "/node_modules/fourws/";
    const file = normalize(join(pkg.packageDir, path.slice(prefix.length)));
    if (!path.startsWith(prefix) || !file.startsWith(pkg.packageDir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": MIME[extname(file)] ?? "application/octet-stream", ...(pages["*"]?.[1] ?? {}) });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

/** Runs `script` (a module) in a page and returns what it put in window.result. */
async function run(url) {
  const { page, problems } = await openPage(browser, url);
  try {
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
    return { result: await page.evaluate(() => window.result), problems };
  } finally {
    await page.close();
  }
}

const DESCRIBE = `function describe(e) {
  return { isFourWsError: e instanceof FourWsError, kind: e?.kind, name: e?.name, message: String(e?.message ?? e) };
}`;

before(async () => {
  [pkg, browser] = await Promise.all([installedPackage(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  for (const s of servers) await new Promise((r) => s.close(r));
});

test("issue 18 item 9: every lookup reaches the server, even when it answers with max-age and Last-Modified", async () => {
  const vouchers = JSON.parse(readFileSync(join(REPO, "tests", "fixtures", "docs", "loyalty-vouchers.json"), "utf8"));
  let lookups = 0;
  const api = createServer((req, res) => {
    const cors = { "Access-Control-Allow-Origin": "*" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*", "Access-Control-Max-Age": "600" }).end();
      return;
    }
    lookups++;
    // the voucher changes between lookups (spent at the till), the cache headers invite reuse
    const body = structuredClone(vouchers);
    body.valueObjectList[0].totalAmount = lookups;
    res.writeHead(200, {
      ...cors,
      "Content-Type": "application/json",
      "Cache-Control": "max-age=60",
      "Last-Modified": new Date(Date.now() - 3_600_000).toUTCString(),
    }).end(JSON.stringify(body));
  });
  await new Promise((r) => api.listen(0, "127.0.0.1", r));
  servers.push(api);
  const apiUrl = `http://127.0.0.1:${api.address().port}`;
  const script = `import init, { Client, FourWsError } from "/node_modules/fourws/browser.js";
${DESCRIBE}
try {
  await init();
  const client = new Client({ baseUrl: ${JSON.stringify(apiUrl)}, ...${JSON.stringify(CREDENTIALS)} });
  const amounts = [];
  for (let i = 0; i < 3; i++) {
    const list = await client.loyaltyVouchers({ cardBarcode: "0099000001209" }).all();
    amounts.push(list[0].totalAmount);
  }
  window.result = { amounts };
} catch (e) { window.result = { failure: describe(e) }; }`;
  const url = await site({ "/page.html": ['<!doctype html><script type="module" src="/page.js"></script>', {}], "/page.js": [script, {}] });
  const { result } = await run(`${url}/page.html`);
  assert.equal(result.failure, undefined, JSON.stringify(result.failure));
  assert.deepEqual(result.amounts, [1, 2, 3], "a lookup was answered from the HTTP cache");
  assert.equal(lookups, 3);
});

test("issue 18 item 21: a CSP that blocks WebAssembly makes init() say to add 'wasm-unsafe-eval'", async () => {
  const script = `import init, { Client, FourWsError } from "/node_modules/fourws/browser.js";
${DESCRIBE}
try { await init(); window.result = { loaded: true }; } catch (e) { window.result = describe(e); }`;
  const csp = { "Content-Security-Policy": "script-src 'self'" };
  const url = await site({ "/page.html": ['<!doctype html><script type="module" src="/page.js"></script>', csp], "/page.js": [script, csp], "*": [null, csp] });
  const { result } = await run(`${url}/page.html`);
  assert.equal(result.isFourWsError, true, JSON.stringify(result));
  assert.equal(result.kind, "decode");
  assert.match(result.message, /'wasm-unsafe-eval'/, result.message);
  assert.match(result.message, /Content-Security-Policy/, result.message);
  assert.doesNotMatch(result.message, /bundler|Vite|webpack|serve node_modules/i, result.message);
});

test("issue 18 item 22: after init() failed on a wrong module, init() loads the real one and the package works", async () => {
  const script = `import init, { Client, FourWsError } from "/node_modules/fourws/browser.js";
${DESCRIBE}
const out = {};
// an empty (valid) WebAssembly module, then a module that is not WebAssembly at all
for (const [name, bytes] of [["empty", [0, 97, 115, 109, 1, 0, 0, 0]], ["garbage", [1, 2, 3, 4]]]) {
  try { await init(new Uint8Array(bytes)); out[name] = { resolved: true }; } catch (e) { out[name] = describe(e); }
}
try {
  await init();
  new Client({ baseUrl: "http://127.0.0.1:9", ...${JSON.stringify(CREDENTIALS)} });
  out.retry = { works: true };
} catch (e) { out.retry = describe(e); }
window.result = out;`;
  const url = await site({ "/page.html": ['<!doctype html><script type="module" src="/page.js"></script>', {}], "/page.js": [script, {}] });
  const { result } = await run(`${url}/page.html`);
  for (const name of ["empty", "garbage"]) {
    assert.equal(result[name].isFourWsError, true, `${name}: ${JSON.stringify(result[name])}`);
    assert.equal(result[name].kind, "decode");
  }
  assert.match(result.empty.message, /not fourws's own/, result.empty.message);
  assert.deepEqual(result.retry, { works: true }, JSON.stringify(result.retry));
});
