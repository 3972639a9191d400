// Records through the public API: normalised as docs/reference.md ("Records") says, strict by default, and with
// an invalidRecords callback every record still accounted for (none silently dropped).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mock, FourWsError } from "./helpers.mjs";

let m;
before(async () => (m = await mock()));
after(() => m.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

test("customers: ISO timestamps, boolean consents, numeric points, nulls for empty strings", async () => {
  const all = await m.client().customersExport().all();
  assert.equal(all.length, 137);
  for (const c of all) {
    const s = c.subject;
    for (const f of ["birthday", "createDate", "lastUpdate"]) {
      assert.ok(s[f] === null || s[f] === undefined || ISO.test(s[f]), `${f}: ${s[f]}`);
    }
    assert.ok(s.earnedPoints === null || s.earnedPoints === undefined || typeof s.earnedPoints === "number");
    for (const v of Object.values(s)) assert.notEqual(v, "", "no empty strings in optional fields");
    for (const p of c.privacy ?? []) assert.equal(typeof p.privacyConsent === "boolean" || p.privacyConsent === null, true);
  }
  assert.equal(all[0].subject.birthday, "1944-05-07T00:00:00Z");
  assert.ok(all.some((c) => /[^\x00-\x7f]/.test(JSON.stringify(c))), "non-ASCII text survives");
});

test("sales keep date-only values; orders turn Y/N into booleans and codes into strings", async () => {
  const sales = await m.client().salesExport().all();
  assert.ok(sales.every((s) => DATE.test(s.saleHeader.documentDate)));
  const orders = await m.client().lastDigitalOrders({ fromDateTime: "2020-01-01 00:00:00" }).all();
  for (const o of orders) {
    assert.equal(typeof o.masterRegister, "boolean");
    assert.ok(ISO.test(o.startDate));
    assert.equal(typeof o.invoiceClient.entityCode, "string");
    for (const it of o.items) assert.ok(it.havingTailoring === null || typeof it.havingTailoring === "boolean");
    for (const p of o.payments) assert.equal(typeof p.paymentDone, "boolean");
  }
  assert.equal(orders[0].currencySymbol, "€");
});

test("strict by default: a bad record fails its page with the path and the page's start", async () => {
  const c = m.client({ headers: { "x-fault": "bad-record", "x-fault-start": "20", "x-fault-id": "strict" } });
  await assert.rejects(c.customersExport().all(), (e) => {
    assert.ok(e instanceof FourWsError);
    assert.equal(e.kind, "validation");
    assert.equal(e.path, "valueObjectList[3].subject.birthday");
    assert.equal(e.start, 20);
    assert.match(e.message, /2021-02-30 10:00:00/);
    return true;
  });
});

test("with an invalidRecords callback, bad records are handed over whole and paging goes on", async () => {
  const bad = [];
  const c = m.client({ headers: { "x-fault": "bad-record", "x-fault-start": "20", "x-fault-id": "lenient" } });
  const pages = [];
  for await (const page of c.customersExport({ invalidRecords: (r) => bad.push(r) }).pages()) pages.push(page);
  const items = pages.flatMap((p) => p.items);
  assert.equal(items.length + bad.length, 137, "every record is accounted for");
  assert.equal(bad.length, 1);
  assert.equal(bad[0].path, "valueObjectList[3].subject.birthday");
  assert.equal(bad[0].index, 3);
  assert.equal(bad[0].start, 20);
  assert.equal(bad[0].record.subject.birthday, "2021-02-30 10:00:00", "the record as the server sent it");
  assert.equal(pages[1].invalid.length, 1, "the page lists it too");
  assert.equal(pages[1].nextStart, 40, "paging counts it as an element");
});

test("a client-level invalidRecords callback applies to every endpoint", async () => {
  const bad = [];
  const c = m.client({ invalidRecords: (r) => bad.push(r), headers: { "x-fault": "wrong-type", "x-fault-id": "client-level" } });
  const sales = await c.salesExport().all();
  assert.equal(sales.length + bad.length, 33);
  assert.ok(bad.length >= 1);
  assert.ok(bad.every((b) => b.path.startsWith("valueObjectList[")));
});
