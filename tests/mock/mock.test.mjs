// The mock 4WS server over real HTTP: data, paging, auth, CORS, incremental extractions,
// large totals, the request log and the CLI. Fault modes are in faults.test.mjs.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startMockServer } from "../../mock/server.mjs";
import {
  allPages, apiUrl, authHeaders, call, callJson, COMPLETE, DOCS_CARD, fixture, isDate, isDateTime, priceRows,
} from "./helpers.mjs";

let mock;
before(async () => {
  mock = await startMockServer();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const SUBJECT_FIELDS = [
  "subjectCode", "subjectName", "subjectSurname", "subjectCompanyName", "address1", "address2", "zipCode",
  "municipality", "city", "state", "country", "language", "currency", "sex", "birthday", "fiscalCode",
  "companyVatCode", "idCard", "passport", "createDate", "lastUpdate", "cardBarcode", "earnedPoints",
  "entityCode", "entityDescription", "email", "phone",
];

describe("docs fixtures", () => {
  test("hold the docs' complete examples", () => {
    const customers = fixture("customers-export.json");
    assert.equal(customers.success, true);
    assert.equal(customers.valueObjectList.length, 1);
    assert.equal(customers.valueObjectList[0].subject.subjectCode, "100020");
    assert.deepEqual(Object.keys(customers.valueObjectList[0].subject), SUBJECT_FIELDS);

    const prices = fixture("prices-export.json");
    assert.equal(prices.moreRows, true);
    assert.equal(prices.resultSetLength, 78862);
    assert.equal(prices.valueObjectList[0].prices.length, 20);
    assert.equal(prices.valueObjectList[0].entityCodes.length, 17);

    const sales = fixture("sales-export.json");
    assert.equal(sales.valueObjectList.length, 10);
    assert.equal(sales.resultSetLength, 77);
    assert.equal(sales.valueObjectList[9].saleHeader.refDocument, "10-6");

    const vouchers = fixture("loyalty-vouchers.json");
    assert.equal(vouchers.valueObjectList.length, 18);
    assert.equal(vouchers.identifier, DOCS_CARD);
    assert.equal(vouchers.valueObjectList[0].currencySymbol, "€");

    const orders = fixture("last-digital-orders.json");
    assert.equal("success" in orders, false);
    assert.equal(orders.valueObjectList[0].startDate, "2020-09-08 13:17:32");
    assert.equal(orders.valueObjectList[0].items[0].discountType5, "");
  });
});

describe("getCustomersExport_v3", () => {
  test("137 customers in 7 pages, no duplicates, resultSetLength = total", async () => {
    const pages = await allPages(mock.url, "getCustomersExport_v3");
    assert.deepEqual(pages.map((p) => p.valueObjectList.length), [20, 20, 20, 20, 20, 20, 17]);
    assert.deepEqual(pages.map((p) => p.moreRows), [true, true, true, true, true, true, false]);
    for (const p of pages) assert.equal(p.resultSetLength, 137);
    const all = pages.flatMap((p) => p.valueObjectList);
    assert.equal(new Set(all.map((c) => c.subject.subjectCode)).size, 137);
    assert.equal(new Set(all.map((c) => c.subject.cardBarcode)).size, 137);
    for (const c of all) assert.match(c.subject.cardBarcode, /^\d{13}$/);
  });

  test("page 0 starts with the docs' example record", async () => {
    const { json } = await callJson(mock.url, "getCustomersExport_v3");
    assert.deepEqual(json.valueObjectList[0], fixture("customers-export.json").valueObjectList[0]);
    assert.deepEqual(Object.keys(json), ["success", "valueObjectList", "moreRows", "resultSetLength"]);
  });

  test("generated customers have the documented shape and realistic variety", async () => {
    const all = (await allPages(mock.url, "getCustomersExport_v3")).flatMap((p) => p.valueObjectList);
    for (const c of all) {
      assert.deepEqual(Object.keys(c.subject), SUBJECT_FIELDS);
      assert.deepEqual(c.privacy.map((p) => p.privacyType), ["TRATTA_DATI", "MARKETING", "PROFILAZIONE"]);
      for (const p of c.privacy) assert.ok(["T", "F"].includes(p.privacyConsent));
      const { birthday, createDate, lastUpdate, earnedPoints } = c.subject;
      if (birthday !== null) assert.ok(isDateTime(birthday) && birthday.endsWith(" 00:00:00"), birthday);
      for (const d of [createDate, lastUpdate]) if (d !== null) assert.ok(isDateTime(d), d);
      assert.ok(typeof earnedPoints === "number" || /^\d+$/.test(earnedPoints));
    }
    const subjects = all.map((c) => c.subject);
    const text = JSON.stringify(all);
    for (const s of ["Nicolò", "Müller", "Città di Castello", "Gräfin", "€"]) assert.ok(text.includes(s), `has ${s}`);
    assert.ok(subjects.some((s) => s.birthday === null));
    assert.ok(subjects.some((s) => s.lastUpdate === null) && subjects.some((s) => s.lastUpdate !== null));
    assert.ok(subjects.some((s) => Object.values(s).includes("")), "some optional fields are empty strings");
    assert.ok(subjects.some((s) => typeof s.earnedPoints === "string"), "some points are numeric strings");
  });

  test("the same element is the same on every call (deterministic)", async () => {
    const a = await callJson(mock.url, "getCustomersExport_v3", { query: { start: 40 } });
    const b = await callJson(mock.url, "getCustomersExport_v3", { query: { start: 45 } });
    assert.deepEqual(a.json.valueObjectList.slice(5), b.json.valueObjectList.slice(0, 15));
  });
});

describe("getPricesExport_v3", () => {
  test("72 rows in 4 pages of at most 20 rows, lists split with their headers repeated", async () => {
    const pages = await allPages(mock.url, "getPricesExport_v3", { count: priceRows });
    assert.deepEqual(pages.map(priceRows), [20, 20, 20, 12]);
    for (const p of pages) assert.equal(p.resultSetLength, 72);
    assert.deepEqual(pages.map((p) => p.valueObjectList.map((l) => `${l.priceList}:${l.prices.length}`)), [
      ["LISTINO1:20"],
      ["LISTINO1:17", "LISTINO2:3"],
      ["LISTINO2:2", "LISTINO3:18"],
      ["LISTINO3:12"],
    ]);
    const header = ({ prices, ...rest }) => rest;
    assert.deepEqual(header(pages[0].valueObjectList[0]), header(pages[1].valueObjectList[0]));
    assert.deepEqual(header(pages[1].valueObjectList[1]), header(pages[2].valueObjectList[0]));
    assert.deepEqual(header(pages[2].valueObjectList[1]), header(pages[3].valueObjectList[0]));
    const rows = pages.flatMap((p) => p.valueObjectList.flatMap((l) => l.prices.map((r) => `${l.priceList}/${r.itemCode}`)));
    assert.equal(rows.length, 72);
    assert.equal(new Set(rows).size, 72);
  });

  test("page 0 is the docs' price list", async () => {
    const { json } = await callJson(mock.url, "getPricesExport_v3");
    assert.deepEqual(json.valueObjectList[0], fixture("prices-export.json").valueObjectList[0]);
    assert.deepEqual(Object.keys(json.valueObjectList[0]), [
      "priceListType", "priceList", "priceListDescription", "priceListStartDate", "priceListEndDate", "prices", "entityCodes",
    ]);
  });

  test("start inside a list returns that list's remaining rows", async () => {
    const { json } = await callJson(mock.url, "getPricesExport_v3", { query: { start: 35 } });
    assert.deepEqual(json.valueObjectList.map((l) => `${l.priceList}:${l.prices.length}`), ["LISTINO1:2", "LISTINO2:5", "LISTINO3:13"]);
  });
});

describe("getSalesExport_v3", () => {
  test("33 sales in 4 pages of 10, docs' sales first", async () => {
    const pages = await allPages(mock.url, "getSalesExport_v3");
    assert.deepEqual(pages.map((p) => p.valueObjectList.length), [10, 10, 10, 3]);
    for (const p of pages) assert.equal(p.resultSetLength, 33);
    assert.deepEqual(pages[0].valueObjectList, fixture("sales-export.json").valueObjectList);
    const all = pages.flatMap((p) => p.valueObjectList);
    assert.equal(new Set(all.map((s) => s.saleHeader.refDocument)).size, 33);
  });

  test("generated sales are date-only, consistent and sometimes multi-line", async () => {
    const all = (await allPages(mock.url, "getSalesExport_v3")).flatMap((p) => p.valueObjectList).slice(10);
    for (const { saleHeader: h, saleDetails: d, salePayments: p } of all) {
      assert.ok(isDate(h.documentDate), h.documentDate);
      const cents = d.reduce((n, r) => n + Math.round(r.salePrice * 100) * r.quantity - Math.round(r.discountValue * 100), 0);
      assert.equal(Math.round(Math.abs(h.totalAmount) * 100), cents, h.refDocument);
      assert.equal(h.totalQuantity, d.reduce((n, r) => n + r.quantity, 0));
      assert.equal(p.reduce((n, x) => n + Math.round(x.paymentValue * 100), 0), cents);
      assert.equal(Math.sign(h.totalAmount), h.causal === "R" ? -1 : 1);
      assert.ok("itemDescription" in d[0] && "entityDescription" in h);
    }
    assert.ok(all.some((s) => s.saleDetails.length >= 2));
  });
});

describe("getLoyaltyVouchers_v1", () => {
  test("the docs' card has 25 vouchers in 2 pages; resultSetLength is the page length", async () => {
    const pages = await allPages(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: DOCS_CARD, pkFieldName: "identifier" } });
    assert.deepEqual(pages.map((p) => p.valueObjectList.length), [20, 5]);
    assert.deepEqual(pages.map((p) => p.resultSetLength), [20, 5]);
    assert.deepEqual(pages.map((p) => p.moreRows), [true, false]);
    const docs = fixture("loyalty-vouchers.json");
    for (const p of pages) {
      assert.deepEqual(Object.keys(p), [
        "success", "validTicket", "remainingPurchases", "validSalesTotalAmount", "validSalesTotalCashback",
        "identifier", "valueObjectList", "moreRows", "resultSetLength",
      ]);
      for (const k of ["validTicket", "remainingPurchases", "validSalesTotalAmount", "validSalesTotalCashback", "identifier"]) {
        assert.equal(p[k], docs[k], k);
      }
    }
    const all = pages.flatMap((p) => p.valueObjectList);
    assert.deepEqual(all.slice(0, 18), docs.valueObjectList);
    assert.equal(new Set(all.map((v) => v.id)).size, 25);
    assert.equal(new Set(all.map((v) => v.barcode)).size, 25);
    for (const v of all.slice(18)) {
      assert.deepEqual(Object.keys(v), Object.keys(docs.valueObjectList[1]));
      assert.ok(isDateTime(v.confirmationDateOrder) && isDateTime(v.endValidity));
    }
  });

  test("every customer's card has 0-3 vouchers; the counts vary", async () => {
    const customers = (await allPages(mock.url, "getCustomersExport_v3")).flatMap((p) => p.valueObjectList).slice(0, 30);
    const counts = [];
    for (const c of customers) {
      const { status, json } = await callJson(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: c.subject.cardBarcode } });
      assert.equal(status, 200);
      assert.equal(json.success, true);
      assert.equal(json.identifier, c.subject.cardBarcode);
      assert.ok(json.valueObjectList.every((v) => v.cardBarcode === c.subject.cardBarcode && v.clientCode === c.subject.subjectCode));
      counts.push(json.valueObjectList.length);
    }
    assert.ok(counts.every((n) => n >= 0 && n <= 3));
    assert.equal(new Set(counts).size, 4, `counts ${counts}`);
  });

  test("an unknown card is HTTP 200 with success false", async () => {
    const { status, json } = await callJson(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: "1234567890123" } });
    assert.equal(status, 200);
    assert.deepEqual(json, { success: false, message: "No customer found for card 1234567890123" });
  });

  test("cardBarcode is required", async () => {
    for (const query of [{}, { cardBarcode: "" }]) {
      const { status, json } = await callJson(mock.url, "getLoyaltyVouchers_v1", { query });
      assert.equal(status, 422);
      assert.deepEqual(json, { success: false, message: "cardBarcode is required" });
    }
  });
});

describe("getLastDigitalOrders_v1", () => {
  const from = "2020-01-01 00:00:00";

  test("41 orders in 3 pages, no success field, resultSetLength = page length", async () => {
    const pages = await allPages(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime: from } });
    assert.deepEqual(pages.map((p) => p.valueObjectList.length), [20, 20, 1]);
    assert.deepEqual(pages.map((p) => p.resultSetLength), [20, 20, 1]);
    for (const p of pages) assert.deepEqual(Object.keys(p), ["valueObjectList", "moreRows", "resultSetLength"]);
    const all = pages.flatMap((p) => p.valueObjectList);
    assert.deepEqual(all[0], fixture("last-digital-orders.json").valueObjectList[0]);
    assert.equal(new Set(all.map((o) => o.transactionId)).size, 41);
    for (let i = 1; i < all.length; i++) assert.ok(all[i].startDate > all[i - 1].startDate);
  });

  test("generated orders have the docs' full shape and consistent totals", async () => {
    const [page] = await allPages(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime: from } });
    const docs = page.valueObjectList[0];
    const docsItemKeys = Object.keys(docs.items[0]);
    for (const o of page.valueObjectList.slice(1)) {
      assert.deepEqual(Object.keys(o), Object.keys(docs));
      assert.deepEqual(Object.keys(o.invoiceClient), Object.keys(docs.invoiceClient));
      assert.deepEqual(Object.keys(o.totals), Object.keys(docs.totals));
      assert.deepEqual(Object.keys(o.delivery[0]), Object.keys(docs.delivery[0]));
      assert.deepEqual(Object.keys(o.items[0]), docsItemKeys);
      assert.ok(o.payments.every((p) => p.paymentDone === "Y" || p.paymentDone === "N"));
      const cents = (x) => Math.round(x * 100);
      assert.equal(o.items.reduce((n, r) => n + cents(r.rowTotal), 0), cents(o.totals.grandTotal));
      assert.equal(o.payments.reduce((n, p) => n + cents(p.paymentAmount), 0), cents(o.totals.grandTotal));
      assert.equal(cents(o.totals.total) + cents(o.totals.vat), cents(o.totals.grandTotal));
      assert.ok(isDateTime(o.startDate) && isDateTime(o.endDate) && isDateTime(o.deliveryDate));
    }
    assert.match(JSON.stringify(page.valueObjectList.slice(1)), /[^\x00-\x7f]/);
  });

  test("only orders with startDate >= fromDateTime", async () => {
    const { json } = await callJson(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime: "2020-09-08 13:17:33" } });
    assert.notEqual(json.valueObjectList[0].startDate, "2020-09-08 13:17:32");
    const pages = await allPages(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime: "2020-09-08 13:17:33" } });
    assert.equal(pages.flatMap((p) => p.valueObjectList).length, 40);
    const none = await callJson(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime: "2099-01-01 00:00:00" } });
    assert.deepEqual(none.json, { valueObjectList: [], moreRows: false, resultSetLength: 0 });
  });

  test("fromDateTime is required and must be a real yyyy-MM-dd HH:mm:ss", async () => {
    for (const fromDateTime of [undefined, "", "2021-02-30 10:00:00", "2020-09-08T13:18:00Z", "yesterday"]) {
      const { status, json } = await callJson(mock.url, "getLastDigitalOrders_v1", { query: { fromDateTime } });
      assert.equal(status, 422, String(fromDateTime));
      assert.equal(json.success, false);
      assert.match(json.message, /fromDateTime/);
    }
  });
});

describe("authentication and routing", () => {
  const url = () => apiUrl(mock.url, "getLoyaltyVouchers_v1", { cardBarcode: DOCS_CARD });

  test("missing or wrong credentials are 401 and never echo the password", async () => {
    const cases = [
      { password: undefined },
      { password: "s3cret-wrong" },
      { username: "someone" },
      { companyId: "OTHER" },
      { siteId: "2" },
    ];
    for (const change of cases) {
      const headers = authHeaders(change);
      for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
      const res = await fetch(url(), { headers });
      const text = await res.text();
      assert.equal(res.status, 401, JSON.stringify(change));
      const json = JSON.parse(text);
      assert.equal(json.success, false);
      assert.match(json.message, /^Invalid credentials: /);
      assert.ok(!text.includes("s3cret-wrong") && !text.includes("mock-password"));
    }
  });

  test("appId and applicationId must be present and equal, in the query and headers", async () => {
    const u = url();
    u.searchParams.delete("appId");
    let res = await fetch(u, { headers: authHeaders() });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).success, false);
    res = await fetch(url(), { headers: authHeaders({ applicationId: "OTHER" }) });
    assert.equal(res.status, 400);
    assert.match((await res.json()).message, /equal/);
  });

  test("unknown command is 404, wrong method is 405", async () => {
    let res = await fetch(apiUrl(mock.url, "getNothing_v9"), { headers: authHeaders() });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { success: false, message: "Unknown command 'getNothing_v9'" });
    res = await fetch(apiUrl(mock.url, "getCustomersExport_v3"), { headers: authHeaders() });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
    assert.equal((await res.json()).success, false);
  });

  test("responses are UTF-8 JSON with an exact Content-Length", async () => {
    const res = await call(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: DOCS_CARD } });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(Number(res.headers.get("content-length")), bytes.length);
    assert.ok(bytes.toString("utf8").includes("€"));
    assert.ok(bytes.length > bytes.toString("utf8").length, "non-ASCII counted in bytes");
  });
});

describe("CORS", () => {
  test("preflight is 204 without credentials and echoes the requested headers", async () => {
    const res = await fetch(apiUrl(mock.url, "getCustomersExport_v3"), {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "username,password,x-fault" },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-methods"), "GET, POST, OPTIONS");
    assert.equal(res.headers.get("access-control-allow-headers"), "username,password,x-fault");
    assert.equal(res.headers.get("access-control-max-age"), "600");
    const bare = await fetch(apiUrl(mock.url, "getCustomersExport_v3"), { method: "OPTIONS" });
    assert.equal(bare.headers.get("access-control-allow-headers"), "*");
  });

  test("every response, errors included, allows any origin and exposes Retry-After", async () => {
    for (const res of [
      await call(mock.url, "getCustomersExport_v3"),
      await fetch(apiUrl(mock.url, "getCustomersExport_v3"), { method: "POST" }),
      await fetch(new URL("/__mock/health", mock.url)),
    ]) {
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.equal(res.headers.get("access-control-expose-headers"), "Retry-After");
      await res.arrayBuffer();
    }
  });
});

describe("incremental extractions (completeExtraction F)", () => {
  const body = { completeExtraction: "F", system: "GESTIONALE_ESTERNO" };

  test("system is required", async () => {
    const { status, json } = await callJson(mock.url, "getCustomersExport_v3", { body: { completeExtraction: "F" } });
    assert.equal(status, 422);
    assert.deepEqual(json, { success: false, message: "system is required when completeExtraction is not T" });
  });

  test("a server-side cursor walks the modified elements (every 3rd), then stays exhausted", async () => {
    const seen = [];
    const shapes = [];
    for (let i = 0; i < 5; i++) {
      const { json } = await callJson(mock.url, "getCustomersExport_v3", { body, query: { start: 999 } });
      shapes.push([json.valueObjectList.length, json.moreRows, json.resultSetLength]);
      seen.push(...json.valueObjectList.map((c) => Number(c.subject.subjectCode) - 100020));
    }
    assert.deepEqual(shapes, [[20, true, 46], [20, true, 46], [6, false, 46], [0, false, 46], [0, false, 46]]);
    assert.deepEqual(seen, Array.from({ length: 46 }, (_, j) => 3 * j));
  });

  test("cursors are per command and system, and reset clears them", async () => {
    await callJson(mock.url, "getSalesExport_v3", { body });
    const other = await callJson(mock.url, "getSalesExport_v3", { body: { ...body, system: "ERP2" } });
    assert.equal(other.json.valueObjectList[0].saleHeader.refDocument, "1-3", "ERP2 starts at element 0");
    const second = await callJson(mock.url, "getSalesExport_v3", { body });
    assert.equal(second.json.valueObjectList.length, 1, "sales: 11 modified, 10 then 1");
    assert.equal(second.json.moreRows, false);
    const customers = await callJson(mock.url, "getCustomersExport_v3", { body });
    assert.equal(customers.json.valueObjectList[0].subject.subjectCode, "100020", "own cursor per command");
    await fetch(new URL("/__mock/reset", mock.url), { method: "POST" });
    const again = await callJson(mock.url, "getSalesExport_v3", { body });
    assert.equal(again.json.valueObjectList.length, 10);
  });

  test("prices: modified rows, at most 20 per page, resultSetLength = modified rows", async () => {
    const pages = [];
    for (let i = 0; i < 3; i++) pages.push((await callJson(mock.url, "getPricesExport_v3", { body })).json);
    assert.deepEqual(pages.map(priceRows), [20, 4, 0]);
    assert.deepEqual(pages.map((p) => p.resultSetLength), [24, 24, 24]);
    assert.deepEqual(pages.map((p) => p.moreRows), [true, false, false]);
    assert.equal(pages[0].valueObjectList[0].prices[1].itemCode, "10500", "row 3 of LISTINO1");
  });
});

describe("x-mock-total", () => {
  test("100000 elements: a page far in is generated on its own, fast", async () => {
    const t0 = performance.now();
    const customers = await callJson(mock.url, "getCustomersExport_v3", { query: { start: 99990 }, headers: { "x-mock-total": "100000" } });
    assert.equal(customers.json.valueObjectList.length, 10);
    assert.equal(customers.json.resultSetLength, 100000);
    assert.equal(customers.json.moreRows, false);
    assert.equal(customers.json.valueObjectList[9].subject.subjectCode, String(100020 + 99999));

    const prices = await callJson(mock.url, "getPricesExport_v3", { query: { start: 50000 }, headers: { "x-mock-total": "100000" } });
    assert.equal(priceRows(prices.json), 20);
    assert.equal(prices.json.resultSetLength, 100000);

    const orders = await callJson(mock.url, "getLastDigitalOrders_v1", {
      query: { fromDateTime: "2020-01-01 00:00:00", start: 99995 },
      headers: { "x-mock-total": "100000" },
    });
    assert.equal(orders.json.valueObjectList.length, 5);
    assert.equal(orders.json.moreRows, false);

    const vouchers = await callJson(mock.url, "getLoyaltyVouchers_v1", {
      query: { cardBarcode: DOCS_CARD, start: 99980 },
      headers: { "x-mock-total": "100000" },
    });
    assert.equal(vouchers.json.valueObjectList.length, 20);
    assert.equal(vouchers.json.moreRows, false);
    assert.ok(performance.now() - t0 < 2000, "took too long");
  });

  test("small totals and zero", async () => {
    const { json } = await callJson(mock.url, "getSalesExport_v3", { headers: { "x-mock-total": "3" } });
    assert.deepEqual([json.valueObjectList.length, json.moreRows, json.resultSetLength], [3, false, 3]);
    const empty = await callJson(mock.url, "getCustomersExport_v3", { headers: { "x-mock-total": "0" } });
    assert.deepEqual(empty.json, { success: true, valueObjectList: [], moreRows: false, resultSetLength: 0 });
    const bad = await callJson(mock.url, "getCustomersExport_v3", { headers: { "x-mock-total": "many" } });
    assert.equal(bad.status, 400);
  });
});

describe("latency", () => {
  test("x-latency-ms delays the answer", async () => {
    const t0 = performance.now();
    const res = await call(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: DOCS_CARD }, headers: { "x-latency-ms": "250" } });
    await res.arrayBuffer();
    assert.ok(performance.now() - t0 >= 240);
  });

  test("the latencyMs option is the default for every request", async () => {
    const slow = await startMockServer({ latencyMs: 200 });
    try {
      const t0 = performance.now();
      const res = await call(slow.url, "getSalesExport_v3");
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.ok(performance.now() - t0 >= 190);
    } finally {
      await slow.close();
    }
  });
});

describe("options and control endpoints", () => {
  test("credentials are overridable", async () => {
    const other = await startMockServer({ username: "u", password: "p", companyId: "ACME", siteId: "7" });
    try {
      const res = await call(other.url, "getSalesExport_v3");
      assert.equal(res.status, 401);
      await res.arrayBuffer();
      const ok = await fetch(apiUrl(other.url, "getLoyaltyVouchers_v1", { cardBarcode: DOCS_CARD }), {
        headers: authHeaders({ username: "u", password: "p", companyId: "ACME", siteId: "7" }),
      });
      assert.equal(ok.status, 200);
      await ok.arrayBuffer();
    } finally {
      await other.close();
    }
  });

  test("the request log records /api calls with the password masked; reset clears it", async () => {
    await call(mock.url, "getCustomersExport_v3", { query: { start: 20 } });
    await call(mock.url, "getLoyaltyVouchers_v1", { query: { cardBarcode: DOCS_CARD } });
    const log = await (await fetch(new URL("/__mock/requests", mock.url))).json();
    assert.equal(log.length, 2);
    assert.deepEqual(log.map((r) => [r.method, r.cmd, r.start, r.status]), [
      ["POST", "getCustomersExport_v3", 20, 200],
      ["GET", "getLoyaltyVouchers_v1", 0, 200],
    ]);
    assert.deepEqual(log[0].body, COMPLETE);
    assert.equal(log[0].headers.password, "***");
    assert.equal(log[0].headers.username, "fourws-demo");
    assert.match(log[1].path, /^\/api\?cmd=getLoyaltyVouchers_v1&/);
    assert.ok(!JSON.stringify(log).includes("mock-password"));
    assert.equal(mock.requests.length, 2, "the in-process log is the same");
    const reset = await fetch(new URL("/__mock/reset", mock.url), { method: "POST" });
    assert.equal(reset.status, 200);
    await reset.arrayBuffer();
    assert.deepEqual(await (await fetch(new URL("/__mock/requests", mock.url))).json(), []);
    assert.equal(mock.requests.length, 0);
  });

  test("health", async () => {
    const res = await fetch(new URL("/__mock/health", mock.url));
    assert.deepEqual(await res.json(), { ok: true });
  });
});

describe("CLI", () => {
  test("prints one line with the URL and serves", async () => {
    const script = fileURLToPath(new URL("../../mock/server.mjs", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0", "--latency", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      while (!out.includes("\n")) {
        const [chunk] = await Promise.race([once(child.stdout, "data"), once(child, "exit").then(() => { throw new Error("exited"); })]);
        out += chunk;
      }
      const m = /^fourws mock 4WS server listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(out);
      assert.ok(m, out);
      assert.notEqual(Number(m[2]), 0);
      const res = await fetch(new URL("/__mock/health", m[1]));
      assert.deepEqual(await res.json(), { ok: true });
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
