// The paging engine against the mock server, for every endpoint: every element exactly
// once and in order (concurrency 1 and 4), resuming after a failure, pull-based requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mock, requests, keyOf, ENDPOINTS, elements, FourWsError } from "./helpers.mjs";

let m;
before(async () => (m = await mock()));
after(() => m.close());

/** Flattens price-list parts into rows, so that split lists compare by row. */
function rows(method, items) {
  if (method !== "pricesExport") return items.map(keyOf[method]);
  return items.flatMap((l) => l.prices.map((p) => `${l.priceList}:${p.itemCode}`));
}

for (const [method, ep] of Object.entries(ENDPOINTS)) {
  test(`${method}: every element exactly once and in order, at concurrency 1 and 4`, async () => {
    const one = await m.client({ concurrency: 1 })[method](ep.opts).all();
    const four = await m.client({ concurrency: 4 })[method](ep.opts).all();
    assert.equal(elements(method, one), ep.total);
    const keys = rows(method, one);
    assert.equal(new Set(keys).size, keys.length, "no duplicates");
    assert.deepEqual(rows(method, four), keys, "same elements in the same order");
    assert.deepEqual(four, one, "identical records");
  });

  test(`${method}: a failure on page 3 gives its start, and resuming yields exactly the rest`, async () => {
    const failAt = ep.total > 2 * ep.pageSize ? 2 * ep.pageSize : ep.pageSize;
    const faulty = m.client({
      maxRetries: 0,
      headers: { "x-fault": "503", "x-fault-start": String(failAt), "x-fault-id": `resume-${method}` },
    });
    const got = [];
    let error;
    try {
      for await (const page of faulty[method](ep.opts).pages()) got.push(...page.items);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof FourWsError, String(error));
    assert.equal(error.kind, "http");
    assert.equal(error.status, 503);
    assert.equal(error.start, failAt);
    assert.equal(error.cmd, ep.cmd);
    assert.equal(elements(method, got), failAt, "the pages before the failure were delivered");
    const rest = await m.client()[method]({ ...ep.opts, start: error.start }).all();
    const all = await m.client()[method](ep.opts).all();
    assert.deepEqual(rows(method, [...got, ...rest]), rows(method, all));
  });
}

test("the prices export delivers split price lists once per page, totals in rows", async () => {
  const pages = [];
  for await (const p of m.client().pricesExport().pages()) pages.push(p);
  assert.deepEqual(pages.map((p) => p.start), [0, 20, 40, 60]);
  assert.deepEqual(pages.map((p) => p.nextStart), [20, 40, 60, null]);
  assert.ok(pages.every((p) => p.total === 72));
  const parts = pages.flatMap((p) => p.items.map((l) => l.priceList));
  assert.deepEqual(parts, ["LISTINO1", "LISTINO1", "LISTINO2", "LISTINO2", "LISTINO3", "LISTINO3"]);
});

test("Documents API pages have total null; KeepIT pages have the extraction total", async () => {
  const v = await m.client().loyaltyVouchers(ENDPOINTS.loyaltyVouchers.opts).nextPage();
  assert.equal(v.total, null);
  assert.equal(v.summary.validTicket, 2);
  const s = await m.client().salesExport().nextPage();
  assert.equal(s.total, 33);
  assert.equal(s.items.length, 10);
});

test("paginators are pull-based: nothing is sent until asked, and nothing after a break", async () => {
  m.server.reset();
  const p = m.client({ concurrency: 4 }).customersExport();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(requests(m.server).length, 0, "creating a paginator sends nothing");
  let n = 0;
  for await (const c of p) {
    assert.ok(c.subject);
    if (++n === 5) break;
  }
  await new Promise((r) => setTimeout(r, 200));
  const sent = requests(m.server).length;
  assert.ok(sent <= 1 + 4, `at most the first page plus 4 pages ahead, got ${sent}`);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(requests(m.server).length, sent, "nothing more after leaving the loop");
  assert.equal(await p.nextPage(), null, "a closed paginator delivers nothing");
});

test("all({ limit }) stops requesting once it has the limit", async () => {
  m.server.reset();
  const first50 = await m.client().customersExport().all({ limit: 50 });
  assert.equal(first50.length, 50);
  assert.equal(requests(m.server).length, 3, "3 pages of 20 hold 50 customers");
  await assert.rejects(m.client().customersExport().all({ limit: 0 }), { kind: "invalidArgument" });
});

test("incremental exports send no start and follow the server's cursor", async () => {
  m.server.reset();
  const opts = { completeExtraction: false, system: "ERP-TEST" };
  const pages = [];
  for await (const p of m.client().customersExport(opts).pages()) pages.push(p);
  const items = pages.flatMap((p) => p.items);
  assert.ok(items.length > 0);
  assert.ok(pages.every((p) => p.start === null && p.nextStart === null));
  const sent = requests(m.server, "getCustomersExport_v3");
  assert.ok(sent.every((r) => !/[?&]start=/.test(r.path)), "no start parameter");
  assert.ok(sent.every((r) => r.body && r.body.completeExtraction === "F" && r.body.system === "ERP-TEST"));
  // The cursor is at the end now: the next incremental run has nothing.
  assert.deepEqual(await m.client().customersExport(opts).all(), []);
});

test("an incremental export that loses a page says it cannot be asked for again", async () => {
  m.server.reset();
  const c = m.client({ headers: { "x-fault": "500", "x-fault-id": "incr" } });
  await assert.rejects(
    c.customersExport({ completeExtraction: false, system: "ERP-LOST" }).all(),
    (e) => e.kind === "http" && /cannot be asked for again/.test(e.message) && /completeExtraction: true/.test(e.message),
  );
  assert.equal(requests(m.server).length, 1, "a 500 in incremental mode is not retried");
});

test("concurrency keeps at most N pages in flight", async () => {
  const slow = await mock({ latencyMs: 80 });
  try {
    let inFlight = 0;
    let peak = 0;
    const fetchCounting = async (request) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await fetch(request);
      } finally {
        inFlight--;
      }
    };
    const all = await slow.client({ concurrency: 3, fetch: fetchCounting }).customersExport().all();
    assert.equal(all.length, 137);
    assert.equal(peak, 3);
  } finally {
    await slow.close();
  }
});

test("close() while a page is on its way discards it and sends nothing more", async () => {
  m.server.reset();
  const p = m.client({ headers: { "x-latency-ms": "200" } }).customersExport();
  const pending = p.nextPage();
  setTimeout(() => p.close(), 50);
  assert.equal(await pending, null);
  assert.equal(await p.nextPage(), null);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(requests(m.server).length, 1);
});

test("joinPriceLists rebuilds whole lists from the parts the pages delivered", async () => {
  const { joinPriceLists } = await import("../../pkg/node.js");
  const parts = await m.client().pricesExport().all();
  const lists = joinPriceLists(parts);
  assert.deepEqual(lists.map((l) => [l.priceList, l.prices.length]), [["LISTINO1", 37], ["LISTINO2", 5], ["LISTINO3", 30]]);
  assert.equal(lists[0].prices[0].price, 25, "rows in order, the docs' row first");
  assert.equal(parts.length, 6, "the parts are left as they were");
});
