// The installed package in a browser without a bundler: a plain HTML page whose
// <script type="module"> imports "fourws" through an import map pointing at the installed
// package's browser.js, served by a tiny static server; headless Chromium (Playwright) loads
// it, `await init()` fetches the wasm, and the page lists the mock's first customers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, installedPackage, launchBrowser, openPage, startStaticServer } from "./tarball.mjs";

const PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>fourws in a browser</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "fourws": "/node_modules/fourws/browser.js" } }</script>
</head>
<body>
<h1>Customers</h1>
<ul id="customers"></ul>
<p id="status">loading</p>
<script type="module">
import init, { Client, FourWsError } from "fourws";

const params = new URLSearchParams(location.search);
const options = { baseUrl: params.get("mock"), ...JSON.parse(params.get("credentials")) };
const status = document.getElementById("status");

function describe(e) {
  return {
    isFourWsError: e instanceof FourWsError,
    isError: e instanceof Error,
    name: e?.name,
    kind: e?.kind,
    message: String(e?.message),
  };
}

try {
  // Before init(): must fail with an actionable FourWsError.
  try {
    new Client(options);
    window.beforeInit = { threw: false };
  } catch (e) {
    window.beforeInit = { threw: true, ...describe(e) };
  }

  await init();
  await init(); // a second call is harmless

  const client = new Client(options);
  const list = document.getElementById("customers");
  const customers = await client.customersExport().all({ limit: 5 });
  for (const c of customers) {
    const li = document.createElement("li");
    li.dataset.code = c.subject.subjectCode;
    li.textContent = c.subject.subjectCode + " " + c.subject.subjectName + " " + c.subject.subjectSurname;
    list.append(li);
  }

  try {
    await client.loyaltyVouchers({ cardBarcode: "0000000000017" }).all();
    window.unknownCard = { threw: false };
  } catch (e) {
    window.unknownCard = { threw: true, ...describe(e) };
  }
  status.textContent = "done";
} catch (e) {
  window.failure = { ...describe(e), stack: String(e?.stack) };
  status.textContent = "failed: " + e;
}
</script>
</body>
</html>
`;

let mock;
let site;
let browser;

before(async () => {
  let pkg;
  [mock, pkg, browser] = await Promise.all([startMockServer({ port: 0 }), installedPackage(), launchBrowser()]);
  writeFileSync(join(pkg.project, "index.html"), PAGE);
  site = await startStaticServer(pkg.project);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

test("a plain page with an import map: init(), then the first customers in the DOM, no console errors", async () => {
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  const { page, problems, responses } = await openPage(browser, `${site.url}/index.html?${query}`);
  try {
    await page.waitForFunction(() => document.getElementById("status").textContent !== "loading", null, { timeout: 20_000 });
    const failure = await page.evaluate(() => window.failure ?? null);
    assert.equal(failure, null, `the page failed: ${JSON.stringify(failure)}`);
    assert.equal(await page.textContent("#status"), "done");

    const items = await page.$$eval("#customers li", (lis) => lis.map((li) => ({ code: li.dataset.code, text: li.textContent })));
    assert.deepEqual(
      items.map((i) => i.code),
      ["100020", "100021", "100022", "100023", "100024"],
    );
    assert.equal(items[0].text, "100020 BRACCIO VANNI");
    for (const i of items) assert.doesNotMatch(i.text, /undefined|null/);

    // the wasm came from the installed package, as application/wasm
    const wasm = responses.filter((r) => r.url.endsWith(".wasm"));
    assert.deepEqual(
      wasm.map((r) => [new URL(r.url).pathname, r.status]),
      [["/node_modules/fourws/wasm/fourws_bg.wasm", 200]],
    );
    // and the page really talked to the mock (cross-origin, CORS)
    const calls = mock.requests.filter((r) => r.cmd === "getCustomersExport_v3");
    assert.equal(calls.length, 1, "all({limit: 5}) needs exactly one page");
    assert.equal(calls[0].headers.username, "fourws-demo");

    const unknown = await page.evaluate(() => window.unknownCard);
    assert.equal(unknown.threw, true);
    assert.equal(unknown.isFourWsError, true, JSON.stringify(unknown));
    assert.equal(unknown.kind, "api", JSON.stringify(unknown));
    assert.match(unknown.message, /No customer found/);

    assert.deepEqual(problems, [], "console errors, uncaught exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("new Client() before init() throws a FourWsError that says to call init", async () => {
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  const { page } = await openPage(browser, `${site.url}/index.html?${query}`);
  try {
    await page.waitForFunction(() => window.beforeInit !== undefined, null, { timeout: 20_000 });
    const e = await page.evaluate(() => window.beforeInit);
    assert.equal(e.threw, true, "new Client() before init() did not throw");
    assert.equal(e.isFourWsError, true, JSON.stringify(e));
    assert.equal(e.isError, true);
    assert.equal(e.name, "FourWsError");
    assert.match(e.message, /init\(\)/, e.message);
  } finally {
    await page.close();
  }
});
