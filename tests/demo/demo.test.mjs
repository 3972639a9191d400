// The demo page (www/) in headless Chromium, against the demo server and its in-process
// mock 4WS server. Run: node --test tests/demo/
// Needs the built package in pkg/ (scripts/build.sh) and /usr/bin/chromium.
// Screenshots of each state go to tests/artifacts/demo/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemoServer } from "../../www/server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "demo");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CARD = "0099000001209";

/** @type {Awaited<ReturnType<typeof startDemoServer>>} */
let demo;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").BrowserContext} */
let context;
/** Every request any page made: [url, headers] (all headers, as sent). */
const seen = [];
const pendingHeaders = [];

async function openPage(query = "") {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("request", (request) => {
    pendingHeaders.push(request.allHeaders().then((headers) => seen.push({ url: request.url(), headers })));
  });
  const problems = [];
  page.on("pageerror", (err) => problems.push(err.message));
  page.problems = problems;
  await page.goto(`${demo.url}/${query}`);
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** A tiny RFC 4180 parser: rows of cells (quoted fields may hold commas, quotes, newlines). */
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += c;
  }
  if (cell !== "" || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function download(page, selector, file) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const target = path.join(ARTIFACTS, file);
  await dl.saveAs(target);
  return { name: dl.suggestedFilename(), text: await readFile(target, "utf8") };
}

describe("demo page", { timeout: 90_000 }, () => {
  before(async () => {
    assert.ok(existsSync(path.join(ROOT, "pkg", "browser.js")), "pkg/ is not built: run scripts/build.sh first");
    await mkdir(ARTIFACTS, { recursive: true });
    demo = await startDemoServer({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "Europe/Rome",
      acceptDownloads: true,
    });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await demo?.close();
  });

  test("the server serves the page, the package with the right MIME types, and no credentials", async () => {
    const wasm = await fetch(`${demo.url}/pkg/wasm/fourws_bg.wasm`);
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    await wasm.arrayBuffer();
    const js = await fetch(`${demo.url}/pkg/browser.js`);
    assert.match(js.headers.get("content-type"), /^text\/javascript/);
    await js.text();
    const config = await (await fetch(`${demo.url}/demo-config.json`)).text();
    assert.doesNotMatch(config, /mock-password|fourws-demo/);
    // Encoded ../ stays inside pkg/ (this is pkg/package.json, not the workspace's).
    const traversal = await fetch(`${demo.url}/pkg/..%2f..%2fpackage.json`);
    assert.doesNotMatch(await traversal.text(), /fourws-workspace/);
    const outside = await fetch(`${demo.url}/..%2fmock%2fauth.mjs`);
    assert.equal(outside.status, 404);
    await outside.text();
    const source = await fetch(`${demo.url}/server.mjs`);
    assert.equal(source.status, 404);
    await source.text();
  });

  /** @type {import("playwright-core").Page} */
  let page;

  test("loyalty card lookup: 25 vouchers and the summary", async () => {
    page = await openPage();
    assert.match(await page.textContent("#target"), /mock 4WS server/);
    await page.fill("#card-barcode", CARD);
    await page.press("#card-barcode", "Enter"); // what a barcode scanner does
    await page.waitForSelector(`#loyalty-result[data-card="${CARD}"]:not([hidden])`);
    assert.equal(await page.locator("#vouchers tbody tr.voucher").count(), 25);
    assert.equal(await page.textContent("#voucher-count"), "25");
    assert.equal(await page.textContent("#summary-valid-tickets"), "2");
    assert.equal(await page.textContent("#summary-remaining"), "1");
    assert.match(await page.textContent("#summary-sales-total"), /€\s?694\.00/);
    assert.match(await page.textContent("#summary-cashback"), /€\s?70\.00/);
    const first = await page.textContent("#vouchers tbody tr.voucher:first-child");
    assert.match(first, /€\s?330\.18/);
    assert.match(first, /7000000000000017/);
    // 2021-03-17 10:42:52 GMT is 11:42 in Rome (CET).
    assert.match(first, /17 Mar 2021, 11:42/);
    assert.match(first, /ACTIVE/);
    assert.match(await page.textContent("#loyalty-customer"), /Biasotto Luca/);
    await shot(page, "01-loyalty-card");
  });

  test("unknown card: a readable message", async () => {
    await page.fill("#card-barcode", "1234567890128");
    await page.click("#loyalty-submit");
    const message = page.locator("#loyalty-status .message");
    await message.waitFor();
    assert.match(await message.textContent(), /No customer with this card — check the number/);
    assert.equal(await message.getAttribute("data-kind"), "api");
    assert.equal(await page.isHidden("#loyalty-result"), true);
    await shot(page, "02-unknown-card");
  });

  test("digital orders: 41, newest first, one expanded", async () => {
    assert.equal(await page.inputValue("#orders-since"), "2020-09-01T00:00");
    await page.click("#orders-submit");
    await page.waitForSelector('#orders-list[data-count="41"]');
    const orders = page.locator("#orders-list details.order");
    assert.equal(await orders.count(), 41);
    const starts = await orders.evaluateAll((els) => els.map((el) => el.dataset.start));
    assert.deepEqual(starts, [...starts].sort().reverse(), "newest first");
    assert.match(await page.textContent("#orders-status"), /41 orders/);

    const second = orders.nth(1);
    await second.locator("summary").click();
    assert.equal(await second.evaluate((el) => el.open), true);
    assert.ok((await second.locator(".order-items tbody tr.item").count()) >= 1, "items listed");
    const body = await second.locator(".order-body").textContent();
    assert.match(body, /Deliver to/);
    assert.match(body, /Payments/);
    assert.ok(await second.locator("address.delivery").count(), "delivery address shown");
    await shot(page, "03-digital-orders");
  });

  test("customers export to 100 %, CSV and NDJSON downloads of 137 records", async () => {
    await page.check('#export-kind input[value="customers"]');
    await page.click("#export-start");
    await page.waitForSelector("#exports[data-state=done]");
    assert.equal(await page.getAttribute("#export-progress", "aria-valuenow"), "100");
    assert.equal(await page.textContent("#export-percent"), "100 %");
    assert.match(await page.textContent("#export-count"), /^137 of 137 customers/);
    await shot(page, "04-customers-export");

    const csv = await download(page, "#download-csv", "customers.csv");
    assert.match(csv.name, /^fourws-customers-.*\.csv$/);
    const rows = parseCsv(csv.text);
    const [header, ...records] = rows;
    assert.equal(records.length, 137);
    assert.ok(header.includes("subject.subjectCode"), `subject.* columns: ${header.slice(0, 5)}`);
    assert.ok(header.some((h) => h.startsWith("privacy[0].")), "privacy consents flattened");
    assert.ok(records.every((r) => r.length === header.length), "every row has every column");
    const code = header.indexOf("subject.subjectCode");
    assert.equal(records[0][code], "100020");
    assert.equal(new Set(records.map((r) => r[code])).size, 137);

    const ndjson = await download(page, "#download-ndjson", "customers.ndjson");
    assert.match(ndjson.name, /^fourws-customers-.*\.ndjson$/);
    const lines = ndjson.text.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 137);
    const parsed = lines.map((l) => JSON.parse(l));
    assert.equal(parsed[0].subject.subjectCode, "100020");
    assert.equal(parsed[136].subject.subjectCode, "100156");
  });

  test("prices export cancelled midway", async () => {
    const slow = await openPage("?latency=400");
    assert.match(await slow.textContent("#test-options"), /x-latency-ms: 400/);
    await slow.check('#export-kind input[value="prices"]');
    await slow.click("#export-start");
    await slow.waitForFunction(() => Number(document.querySelector("#export-count").dataset.count) >= 20);
    assert.equal(await slow.getAttribute("#exports", "data-state"), "running");
    await slow.click("#export-cancel");
    await slow.waitForSelector("#exports[data-state=stopped]");
    const rows = Number(await slow.getAttribute("#export-count", "data-count"));
    assert.ok(rows > 0 && rows < 72, `cancelled with ${rows} of 72 rows`);
    const message = slow.locator("#export-status .message");
    assert.equal(await message.getAttribute("data-kind"), "aborted");
    const text = await message.textContent();
    assert.match(text, new RegExp(`Export cancelled after ${rows} records`));
    assert.match(text, new RegExp(`Resume point: record ${rows}`));
    assert.equal(await slow.isEnabled("#download-csv"), true, "the partial export can be downloaded");
    assert.equal(await slow.getAttribute("#export-progress", "data-state"), "stopped");
    await shot(slow, "05-prices-cancelled");

    const csv = parseCsv((await download(slow, "#download-csv", "prices-partial.csv")).text);
    assert.equal(csv.length - 1, rows, "one CSV row per price row fetched");
    await slow.close();
  });

  test("a server fault: readable error, retry", async () => {
    // Without the cache: the card's vouchers are stored from the first test.
    const faulty = await openPage("?fault=500&retries=0&cache=off");
    await faulty.fill("#card-barcode", CARD);
    await faulty.click("#loyalty-submit");
    const message = faulty.locator("#loyalty-status .message");
    await message.waitFor();
    assert.equal(await message.getAttribute("data-kind"), "http");
    assert.match(await message.textContent(), /The 4WS server had a problem \(HTTP 500\)/);
    assert.ok(await message.locator("button.retry").count(), "a Try again button");
    await shot(faulty, "06-server-fault");
    await faulty.close();
  });

  test("a failed export shows its resume point and resumes", async () => {
    const faulty = await openPage("?fault=503&faultStart=40&faultTimes=1&faultId=demo-resume&retries=0");
    await faulty.check('#export-kind input[value="customers"]');
    await faulty.click("#export-start");
    await faulty.waitForSelector("#exports[data-state=stopped]");
    const message = faulty.locator("#export-status .message");
    assert.equal(await message.getAttribute("data-kind"), "http");
    assert.match(await message.textContent(), /HTTP 503/);
    assert.match(await message.textContent(), /Resume point: record 40/);
    assert.equal(await faulty.getAttribute("#export-count", "data-count"), "40");
    await shot(faulty, "07-export-failed");
    await message.locator("button.retry").click();
    await faulty.waitForSelector("#exports[data-state=done]");
    assert.match(await faulty.textContent("#export-count"), /^137 of 137 customers/);
    const ndjson = (await download(faulty, "#download-ndjson", "customers-resumed.ndjson")).text;
    const codes = ndjson.trim().split("\n").map((l) => JSON.parse(l).subject.subjectCode);
    assert.equal(codes.length, 137);
    assert.equal(new Set(codes).size, 137, "no record twice after resuming");
    await faulty.close();
  });

  test("4WS down: the lookup shows the data kept in IndexedDB, marked, vouchers not redeemable", async () => {
    const counter = await openPage("");
    await counter.fill("#card-barcode", CARD);
    await counter.press("#card-barcode", "Enter");
    await counter.waitForSelector(`#loyalty-result[data-card="${CARD}"][data-stale="false"]:not([hidden])`);
    const live = await counter.locator("#vouchers tbody tr.voucher").allTextContents();
    assert.equal(live.length, 25);
    // A reload (or a restart of the counter PC): the pages are in IndexedDB, not in memory.
    await counter.reload();
    await counter.waitForSelector("body[data-ready=true]");
    const keys = await counter.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("fourws-demo");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction("pages").objectStore("pages").getAllKeys();
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
          };
        }),
    );
    assert.ok(keys.some((k) => k.includes(CARD) && k.includes("getLoyaltyVouchers_v1")), keys.join("\n"));
    assert.ok(keys.every((k) => !k.includes("mock-password")));

    // The outage switch: the mock drops every call, as when the line or 4WS is down.
    await counter.waitForSelector("#outage:not([hidden])");
    await counter.check("#outage-switch");
    await counter.waitForSelector('#outage[data-on="true"]');
    assert.equal(demo.mock.outage(), true);
    const before = demo.mock.requests.length;
    await counter.fill("#card-barcode", CARD);
    await counter.press("#card-barcode", "Enter");
    await counter.waitForSelector(`#loyalty-result[data-card="${CARD}"][data-stale="true"]:not([hidden])`, { timeout: 30_000 });
    assert.ok(demo.mock.requests.length > before, "4WS was asked first");
    assert.ok(demo.mock.requests.slice(before).every((r) => r.fault === "outage"));
    const banner = counter.locator("#loyalty-status .stale-banner");
    const text = await banner.textContent();
    assert.match(text, /4WS is unreachable — showing the data of \d\d:\d\d \((less than a minute|\d+ min) ago\)/);
    assert.match(text, /none can be redeemed until 4WS answers again/);
    const stale = await counter.locator("#vouchers tbody tr.voucher").allTextContents();
    assert.equal(stale.length, 25);
    assert.equal(await counter.locator("#vouchers tbody tr.voucher .badge-offline").count(), 25, "every voucher marked");
    assert.match(stale[0], /not redeemable/);
    assert.match(await counter.locator("#vouchers tbody tr.voucher .badge-offline").first().getAttribute("title"), /until 4WS answers again/);
    assert.match(stale[0], /7000000000000017/);
    assert.match(await counter.textContent("#loyalty-customer"), /Biasotto Luca/);
    await shot(counter, "08-outage-stale");

    // 4WS answers again: live data, no banner, no marks.
    await counter.uncheck("#outage-switch");
    await counter.waitForSelector('#outage[data-on="false"]');
    assert.equal(demo.mock.outage(), false);
    await counter.fill("#card-barcode", CARD);
    await counter.press("#card-barcode", "Enter");
    await counter.waitForSelector(`#loyalty-result[data-card="${CARD}"][data-stale="false"]:not([hidden])`);
    assert.equal(await counter.locator("#loyalty-status .stale-banner").count(), 0);
    assert.equal(await counter.locator("#vouchers tbody tr.voucher .badge-offline").count(), 0);
    assert.deepEqual(await counter.locator("#vouchers tbody tr.voucher").allTextContents(), live);
    await shot(counter, "09-outage-over");
    assert.deepEqual(counter.problems, []);
    await counter.close();
  });

  test("no request from the page carries a credential; the proxy adds them", async () => {
    await Promise.all(pendingHeaders);
    const api = seen.filter((r) => new URL(r.url).pathname === "/api");
    assert.ok(api.length >= 15, `the page called /api (${api.length} requests seen)`);
    for (const { url, headers } of seen) {
      assert.equal(new URL(url).origin === demo.url || url.startsWith("blob:") || url.startsWith("data:"), true, `only its own origin: ${url}`);
      const names = Object.keys(headers).map((n) => n.toLowerCase());
      assert.ok(!names.includes("password"), `a password header in ${url}`);
      assert.ok(!names.includes("username"), `a username header in ${url}`);
      assert.doesNotMatch(url, /mock-password/);
    }
    // The mock received them, from the proxy (its log masks the password as ***).
    assert.ok(demo.mock.requests.length > 0);
    assert.ok(demo.mock.requests.every((r) => r.headers.password === "***" && r.headers.username === "fourws-demo"));
    for (const p of context.pages()) assert.deepEqual(p.problems ?? [], [], "no uncaught errors in the page");
    await page.close();
  });

  test("the page's /api is fourws/proxy: other commands, methods and parameters are refused in words", async () => {
    // After the credential check above: this page sends a username header on purpose.
    const probe = await openPage("");
    const before = demo.mock.requests.length;
    const answers = await probe.evaluate(async () => {
      const call = async (url, init) => {
        const res = await fetch(url, init);
        return { status: res.status, body: await res.json() };
      };
      return {
        other: await call("/api?cmd=getStock_v1"),
        method: await call("/api?cmd=getCustomersExport_v3"),
        extra: await call("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1&customerCode=2"),
        twice: await call("/api?cmd=getLoyaltyVouchers_v1&cmd=getSalesExport_v3&cardBarcode=1"),
        spoof: await call("/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209", { headers: { username: "intruder", "x-mock-total": "abc" } }),
      };
    });
    assert.equal(answers.other.status, 403);
    assert.equal(answers.method.status, 405);
    assert.equal(answers.extra.status, 400);
    assert.match(answers.extra.body.message, /customerCode/);
    assert.equal(answers.twice.status, 400);
    for (const a of [answers.other, answers.method, answers.extra, answers.twice]) assert.equal(a.body.success, false);
    // The mock's test headers pass (here a malformed one: the mock's own 400), credentials never.
    assert.equal(answers.spoof.status, 400);
    assert.equal(demo.mock.requests.length - before, 1, "only the last call reached the mock");
    assert.equal(demo.mock.requests.at(-1).headers.username, "fourws-demo", "the proxy's username, not the page's");
    await probe.close();
  });
});
