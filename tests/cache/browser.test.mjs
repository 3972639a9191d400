// fourws/idb in headless Chromium, from the installed tarball: a plain page (import map)
// keeps its lookups in real IndexedDB with idbStore(); after a reload, with the mock's
// outage switch on, the same lookup is answered from IndexedDB, marked stale. A page that
// does not import "fourws/idb" never downloads it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, DOCS_CARD, installedPackage, launchBrowser, openPage, startStaticServer } from "../package/tarball.mjs";

const PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>fourws/idb</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": {
  "fourws": "/node_modules/fourws/browser.js",
  "fourws/idb": "/node_modules/fourws/idb.js"
} }</script>
</head>
<body>
<p id="status">loading</p>
<script type="module">
import init, { Client } from "fourws";
import { idbStore } from "fourws/idb";

const params = new URLSearchParams(location.search);
try {
  await init();
  const events = [];
  const client = new Client({
    baseUrl: params.get("mock"),
    ...JSON.parse(params.get("credentials")),
    maxRetries: 0,
    cache: { maxStaleMs: 3600_000, store: idbStore("fourws-test") },
    onRequest: (e) => events.push(e),
  });
  const pages = [];
  for await (const page of client.loyaltyVouchers({ cardBarcode: params.get("card"), pageSize: 10 }).pages()) {
    pages.push({ n: page.items.length, ids: page.items.map((v) => v.id), stale: page.stale && { storedAt: page.stale.storedAt, ageMs: page.stale.ageMs, kind: page.stale.error.kind } });
  }
  window.result = { pages, cacheEvents: events.filter((e) => e.cacheOp) };
  document.getElementById("status").textContent = "done";
} catch (e) {
  window.result = { error: String(e?.message ?? e), kind: e?.kind };
  document.getElementById("status").textContent = "failed";
}
</script>
</body>
</html>
`;

const PLAIN = String.raw`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "fourws": "/node_modules/fourws/browser.js" } }</script></head>
<body><p id="status">loading</p>
<script type="module">
import init, { Client } from "fourws";
await init();
new Client({ baseUrl: "https://x.example", applicationId: "A" });
document.getElementById("status").textContent = "done";
</script></body></html>
`;

let mock;
let site;
let browser;

before(async () => {
  let pkg;
  [mock, pkg, browser] = await Promise.all([startMockServer({ port: 0 }), installedPackage(), launchBrowser()]);
  writeFileSync(join(pkg.project, "idb.html"), PAGE);
  writeFileSync(join(pkg.project, "plain.html"), PLAIN);
  site = await startStaticServer(pkg.project);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

async function run(page) {
  await page.waitForFunction(() => document.getElementById("status").textContent !== "loading", null, { timeout: 30_000 });
  return page.evaluate(() => window.result);
}

test("idbStore(): pages kept in real IndexedDB answer after a reload while 4WS is down", async () => {
  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS), card: DOCS_CARD });
  const { page, problems, responses } = await openPage(browser, `${site.url}/idb.html?${query}`);
  try {
    const live = await run(page);
    assert.equal(live.error, undefined, JSON.stringify(live));
    assert.deepEqual(live.pages.map((p) => [p.n, p.stale]), [[10, null], [10, null], [5, null]]);
    assert.deepEqual(live.cacheEvents, [], "the store worked");
    assert.deepEqual(problems, []);
    assert.ok(responses.some((r) => r.url.endsWith("/node_modules/fourws/idb.js") && r.status === 200));

    // What IndexedDB holds: one entry per page, no password.
    const stored = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("fourws-test");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction("pages");
            const keys = tx.objectStore("pages").getAllKeys();
            const values = tx.objectStore("pages").getAll();
            tx.oncomplete = () => resolve({ keys: keys.result, values: values.result });
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    assert.equal(stored.keys.length, 3);
    assert.ok(stored.values.every((v) => v.v === 1 && typeof v.storedAt === "number" && typeof v.body === "string"));
    assert.doesNotMatch(JSON.stringify(stored), /mock-password|bW9jay1wYXNzd29yZA/);

    mock.setOutage(true);
    await page.reload();
    const stale = await run(page);
    assert.equal(stale.error, undefined, JSON.stringify(stale));
    assert.deepEqual(stale.pages.map((p) => p.n), [10, 10, 5]);
    assert.deepEqual(stale.pages.map((p) => p.ids), live.pages.map((p) => p.ids), "the same vouchers, in order");
    for (const p of stale.pages) {
      assert.equal(p.stale.kind, "network");
      assert.ok(p.stale.ageMs >= 0 && p.stale.ageMs < 60_000, JSON.stringify(p.stale));
    }
  } finally {
    mock.setOutage(false);
    await page.close();
  }
});

test("a page that does not import fourws/idb does not download it", async () => {
  const { page, problems, responses } = await openPage(browser, `${site.url}/plain.html`);
  try {
    await page.waitForFunction(() => document.getElementById("status").textContent === "done", null, { timeout: 20_000 });
    assert.deepEqual(problems, []);
    assert.ok(!responses.some((r) => r.url.includes("idb")), responses.map((r) => r.url).join("\n"));
  } finally {
    await page.close();
  }
});
