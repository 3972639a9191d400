// Fault injection of the mock 4WS server (x-fault, x-fault-start, x-fault-times, x-fault-id).
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startMockServer } from "../../mock/server.mjs";
import { call, callJson, DOCS_CARD, priceRows } from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMockServer();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const fault = (mode, extra = {}) => ({ "x-fault": mode, ...extra });
const ORDERS = { fromDateTime: "2020-01-01 00:00:00" };

describe("HTTP status faults", () => {
  test("429 carries Retry-After (default 1, or x-fault-retry-after, HTTP dates too)", async () => {
    let r = await callJson(mock.url, "getCustomersExport_v3", { headers: fault("429") });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get("retry-after"), "1");
    assert.deepEqual(r.json, { success: false, message: "Too many requests" });
    const date = "Wed, 21 Oct 2015 07:28:00 GMT";
    r = await callJson(mock.url, "getCustomersExport_v3", { headers: fault("429", { "x-fault-retry-after": date }) });
    assert.equal(r.headers.get("retry-after"), date);
    r = await callJson(mock.url, "getCustomersExport_v3", { headers: fault("429", { "x-fault-retry-after": "3" }) });
    assert.equal(r.headers.get("retry-after"), "3");
  });

  for (const status of [500, 502, 503, 504]) {
    test(`${status} is a JSON error`, async () => {
      const r = await callJson(mock.url, "getSalesExport_v3", { headers: fault(String(status)) });
      assert.equal(r.status, status);
      assert.equal(r.json.success, false);
      assert.ok(r.json.message.length > 0);
    });
  }

  test("502-html is an HTML gateway page", async () => {
    const res = await call(mock.url, "getSalesExport_v3", { headers: fault("502-html") });
    assert.equal(res.status, 502);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    const text = await res.text();
    assert.match(text, /502 Bad Gateway/);
    assert.throws(() => JSON.parse(text));
  });

  test("422 and 401", async () => {
    let r = await callJson(mock.url, "getPricesExport_v3", { headers: fault("422") });
    assert.equal(r.status, 422);
    assert.deepEqual(r.json, { success: false, message: "Unique constraint error" });
    r = await callJson(mock.url, "getPricesExport_v3", { headers: fault("401") });
    assert.equal(r.status, 401);
    assert.equal(r.json.success, false);
    assert.match(r.json.message, /^Invalid credentials/);
  });

  test("api-error is HTTP 200 with success false", async () => {
    const r = await callJson(mock.url, "getLastDigitalOrders_v1", { query: ORDERS, headers: fault("api-error") });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { success: false, message: "Internal error while extracting data" });
  });

  test("html is HTTP 200 with a login page", async () => {
    const res = await call(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: DOCS_CARD }, headers: fault("html") });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    assert.match(await res.text(), /<form[^>]*login/);
  });

  test("an unknown mode is refused", async () => {
    const r = await callJson(mock.url, "getSalesExport_v3", { headers: fault("explode") });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /Unknown x-fault mode 'explode'/);
  });
});

describe("transport faults", () => {
  test("truncated: a cut JSON body whose Content-Length matches the cut", async () => {
    const whole = Buffer.from(await (await call(mock.url, "getCustomersExport_v3")).arrayBuffer());
    const res = await call(mock.url, "getCustomersExport_v3", { headers: fault("truncated") });
    assert.equal(res.status, 200);
    const cut = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), cut.length);
    assert.equal(cut.length, Math.floor(whole.length / 2));
    assert.ok(whole.subarray(0, cut.length).equals(cut));
    assert.throws(() => JSON.parse(cut.toString("utf8")));
  });

  test("drop-mid-body: headers with the full length, then the connection dies", async () => {
    const whole = Buffer.from(await (await call(mock.url, "getSalesExport_v3")).arrayBuffer());
    const res = await call(mock.url, "getSalesExport_v3", { headers: fault("drop-mid-body") });
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers.get("content-length")), whole.length);
    await assert.rejects(res.arrayBuffer());
  });

  test("drop: no response at all", async () => {
    await assert.rejects(call(mock.url, "getSalesExport_v3", { headers: fault("drop") }), TypeError);
    assert.equal(mock.requests.at(-1).fault, "drop");
    assert.equal(mock.requests.at(-1).status, null);
  });

  test("hang: never answers, until the client gives up", async () => {
    const t0 = performance.now();
    await assert.rejects(
      call(mock.url, "getSalesExport_v3", { headers: fault("hang"), signal: AbortSignal.timeout(300) }),
      (err) => err.name === "TimeoutError" || err.name === "AbortError",
    );
    assert.ok(performance.now() - t0 >= 290);
    const next = await call(mock.url, "getSalesExport_v3");
    assert.equal(next.status, 200, "the server still serves others");
    await next.arrayBuffer();
  });

  test("huge: a valid ~64 MB envelope of one page", async () => {
    const res = await call(mock.url, "getCustomersExport_v3", { headers: fault("huge") });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), bytes.length);
    assert.ok(bytes.length > 60 * 1024 * 1024 && bytes.length < 70 * 1024 * 1024, String(bytes.length));
    const json = JSON.parse(bytes.toString("utf8"));
    assert.equal(json.valueObjectList.length, 20);
    assert.equal(json.resultSetLength, 137);
    assert.ok(json.valueObjectList.every((c) => c.subject.address2.length > 2_000_000));
  });
});

describe("paging faults", () => {
  test("empty-more: moreRows true with no rows", async () => {
    const { json } = await callJson(mock.url, "getCustomersExport_v3", { headers: fault("empty-more") });
    assert.deepEqual(json, { success: true, valueObjectList: [], moreRows: true, resultSetLength: 137 });
    const docs = await callJson(mock.url, "getLastDigitalOrders_v1", { query: ORDERS, headers: fault("empty-more") });
    assert.deepEqual(docs.json, { valueObjectList: [], moreRows: true, resultSetLength: 0 });
  });

  test("ignore-start: answers as if start were 0", async () => {
    const first = await callJson(mock.url, "getSalesExport_v3");
    const again = await callJson(mock.url, "getSalesExport_v3", { query: { start: 20 }, headers: fault("ignore-start") });
    assert.deepEqual(again.json, first.json);
  });

  test("total-mismatch: resultSetLength claims 5 more than exist", async () => {
    const { json } = await callJson(mock.url, "getPricesExport_v3", { headers: fault("total-mismatch") });
    assert.equal(json.resultSetLength, 77);
    assert.equal(priceRows(json), 20);
  });
});

describe("record faults", () => {
  const cases = [
    ["getCustomersExport_v3", {}, (l) => l[3].subject.birthday, "2021-02-30 10:00:00", (l) => l[3].subject.earnedPoints, "valueObjectList[3].subject.birthday"],
    ["getSalesExport_v3", {}, (l) => l[3].saleHeader.documentDate, "2021-02-30", (l) => l[3].saleHeader.totalAmount, "valueObjectList[3].saleHeader.documentDate"],
    ["getLoyaltyVouchers_v1", { cardBarcode: DOCS_CARD }, (l) => l[3].endValidity, "2021-02-30 10:00:00", (l) => l[3].totalAmount, "valueObjectList[3].endValidity"],
    ["getLastDigitalOrders_v1", ORDERS, (l) => l[3].startDate, "2021-02-30 10:00:00", (l) => l[3].docNumber, "valueObjectList[3].startDate"],
    ["getPricesExport_v3", {}, (l) => l[0].prices[0].startDate, "2021-02-30 00:00:00", (l) => l[0].prices[0].price, "valueObjectList[0].prices[0].startDate"],
  ];
  for (const [cmd, query, badOf, bad, wrongOf, path] of cases) {
    test(`${cmd}: bad-record and wrong-type`, async () => {
      const clean = await callJson(mock.url, cmd, { query });
      assert.notEqual(badOf(clean.json.valueObjectList), bad);
      const b = await callJson(mock.url, cmd, { query, headers: fault("bad-record") });
      assert.equal(badOf(b.json.valueObjectList), bad);
      assert.equal(mock.requests.at(-1).faultPath, path);
      const w = await callJson(mock.url, cmd, { query, headers: fault("wrong-type") });
      assert.deepEqual(wrongOf(w.json.valueObjectList), { x: 1 });
      assert.equal(w.json.valueObjectList.length, clean.json.valueObjectList.length);
    });
  }

  test("on a page shorter than 4 the last element is altered", async () => {
    const { json } = await callJson(mock.url, "getSalesExport_v3", { query: { start: 31 }, headers: fault("bad-record") });
    assert.equal(json.valueObjectList.length, 2);
    assert.equal(json.valueObjectList[1].saleHeader.documentDate, "2021-02-30");
    assert.notEqual(json.valueObjectList[0].saleHeader.documentDate, "2021-02-30");
  });
});

describe("scoping faults", () => {
  test("x-fault-start: only the page at that start fails", async () => {
    const headers = fault("503", { "x-fault-start": "20" });
    assert.equal((await callJson(mock.url, "getCustomersExport_v3", { headers })).status, 200);
    assert.equal((await callJson(mock.url, "getCustomersExport_v3", { query: { start: 20 }, headers })).status, 503);
    assert.equal((await callJson(mock.url, "getCustomersExport_v3", { query: { start: 40 }, headers })).status, 200);
  });

  test("x-fault-times: the first K matching requests fail, counted per x-fault-id", async () => {
    const headers = fault("500", { "x-fault-times": "2", "x-fault-id": "a" });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await callJson(mock.url, "getSalesExport_v3", { headers })).status);
    assert.deepEqual(statuses, [500, 500, 200, 200]);
    const b = await callJson(mock.url, "getSalesExport_v3", { headers: { ...headers, "x-fault-id": "b" } });
    assert.equal(b.status, 500, "another id has its own count");
    const other = await callJson(mock.url, "getSalesExport_v3", { headers: { ...headers, "x-fault": "429" } });
    assert.equal(other.status, 429, "another mode has its own count");
    mock.reset();
    assert.equal((await callJson(mock.url, "getSalesExport_v3", { headers })).status, 500, "reset clears the counts");
  });

  test("x-fault-times with x-fault-start counts only matching requests", async () => {
    const headers = fault("502", { "x-fault-times": "1", "x-fault-start": "10", "x-fault-id": "s" });
    assert.equal((await callJson(mock.url, "getSalesExport_v3", { headers })).status, 200);
    assert.equal((await callJson(mock.url, "getSalesExport_v3", { query: { start: 10 }, headers })).status, 502);
    assert.equal((await callJson(mock.url, "getSalesExport_v3", { query: { start: 10 }, headers })).status, 200);
  });

  test("incremental: x-fault-start matches the cursor, and a failed page does not move it", async () => {
    const body = { completeExtraction: "F", system: "SYS" };
    const headers = fault("drop-mid-body", { "x-fault-start": "20", "x-fault-times": "1", "x-fault-id": "inc" });
    const p1 = await callJson(mock.url, "getCustomersExport_v3", { body, headers });
    assert.equal(p1.json.valueObjectList[0].subject.subjectCode, "100020");
    const res = await call(mock.url, "getCustomersExport_v3", { body, headers });
    await assert.rejects(res.arrayBuffer());
    assert.equal(mock.requests.at(-1).start, 20);
    const p2 = await callJson(mock.url, "getCustomersExport_v3", { body, headers });
    assert.equal(p2.json.valueObjectList[0].subject.subjectCode, String(100020 + 60), "retry gets the page the failure lost");
  });
});
