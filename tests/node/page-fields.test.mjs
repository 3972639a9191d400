// Data the page needs without parsing text: `page.elementCount` (what the server counted,
// price rows for prices) and `err.serverMessage` (the server's own words, or null).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mock, ENDPOINTS, PASSWORD } from "./helpers.mjs";

let m;
before(async () => (m = await mock()));
after(() => m.close());

test("page.elementCount is the elements the server counted: price rows for prices, records elsewhere", async () => {
  for (const [method, ep] of Object.entries(ENDPOINTS)) {
    let sum = 0;
    for await (const page of m.client()[method](ep.opts).pages()) {
      const want = method === "pricesExport" ? page.items.reduce((n, l) => n + l.prices.length, 0) : page.items.length;
      assert.equal(page.elementCount, want, `${method} at ${page.start}`);
      if (page.nextStart !== null) assert.equal(page.nextStart - (page.start ?? 0), page.elementCount, `${method}: start advances by it`);
      sum += page.elementCount;
    }
    assert.equal(sum, ep.total, method);
  }
  // A page of price lists holds more rows than lists: the count is not items.length.
  const first = await m.client().pricesExport().nextPage();
  assert.ok(first.elementCount > first.items.length, "price rows, not price lists");
});

test("page.elementCount counts invalid records too", async () => {
  const bad = [];
  const page = await m
    .client({ headers: { "x-fault": "bad-record" }, invalidRecords: (r) => bad.push(r) })
    .customersExport()
    .nextPage();
  assert.equal(bad.length, 1);
  assert.equal(page.elementCount, page.items.length + 1);
});

test("page.invalid entries are the InvalidRecord the callback receives, start included", async () => {
  const bad = [];
  const page = await m
    .client({ headers: { "x-fault": "bad-record" }, invalidRecords: (r) => bad.push(r) })
    .customersExport({ start: 0 })
    .nextPage();
  assert.equal(page.invalid.length, 1);
  assert.deepEqual(Object.keys(page.invalid[0]).sort(), ["index", "message", "path", "record", "start"]);
  assert.equal(page.invalid[0].start, page.start);
  assert.deepEqual(bad[0], page.invalid[0]);
});

test("err.serverMessage carries the server's own message for api, http and rateLimited errors", async () => {
  const cases = [
    [{}, { cardBarcode: "0000000000000" }, "api", "No customer found"],
    [{ "x-fault": "api-error" }, { cardBarcode: "0099000001209" }, "api", "Internal error while extracting data"],
    [{ "x-fault": "422" }, { cardBarcode: "0099000001209" }, "http", "Unique constraint error"],
    [{ "x-fault": "429", "x-fault-retry-after": "0" }, { cardBarcode: "0099000001209" }, "rateLimited", "Too many requests"],
  ];
  for (const [headers, opts, kind, said] of cases) {
    const err = await m.client({ headers, maxRetries: 0 }).loyaltyVouchers(opts).all().catch((e) => e);
    assert.equal(err.kind, kind, err.message);
    assert.match(err.serverMessage, new RegExp(said, "i"));
    assert.ok(err.message.includes(err.serverMessage), "the message still carries it");
  }
  const html = await m.client({ headers: { "x-fault": "502-html" }, maxRetries: 0 }).customersExport().all().catch((e) => e);
  assert.equal(html.kind, "http");
  assert.equal(html.serverMessage, null, "an HTML page has no server message");
  const bad = await m.client().loyaltyVouchers({ cardBarcode: " " }).all().catch((e) => e);
  assert.equal(bad.kind, "invalidArgument");
  assert.equal(bad.serverMessage, null);
});

test("err.serverMessage never holds the password, even when the server echoes it", async () => {
  const echo = async () =>
    new Response(JSON.stringify({ success: false, message: `bad password ${PASSWORD}` }), {
      status: 401,
      headers: { "content-type": "application/json" },
    });
  const err = await m.client({ fetch: echo, maxRetries: 0 }).customersExport().all().catch((e) => e);
  assert.equal(err.kind, "http");
  assert.equal(err.serverMessage, "bad password ***");
});
