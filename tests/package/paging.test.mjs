// Paging rules of issue 18 (items 2, 4, 5, 7, 8, 10) through the packed tarball in Node
// (`import ... from "fourws"` as installed from `npm pack pkg/`), against the mock server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, DOCS_CARD, installedPackage } from "./tarball.mjs";
import { rejection } from "../common/rejection.mjs";

let mock;
let fourws;
const client = (extra = {}) => new fourws.Client({ baseUrl: mock.url, ...CREDENTIALS, ...extra });

before(async () => {
  mock = await startMockServer({ port: 0 });
  const { packageDir } = await installedPackage();
  fourws = await import(pathToFileURL(join(packageDir, "node.js")).href);
});
after(() => mock?.close());

test("item 2: checkpoint() and resume keep the guards across paginators", async () => {
  const c = client({ headers: { "x-fault": "ignore-start" } });
  const p = c.customersExport();
  const first = await p.nextPage();
  assert.equal(first.items.length, 20);
  const cp = JSON.parse(JSON.stringify(p.checkpoint()));
  assert.equal(cp.position, 20);
  assert.equal(cp.total, 137);
  // A new paginator resumed from it still knows page 0: the server sending it again is caught.
  const q = c.customersExport({ resume: cp });
  const e = await rejection(q.nextPage());
  assert.equal(e.kind, "pagination");
  assert.match(e.message, /identical to a page already delivered/);
  // Once the server recovers: exactly the rest.
  const r = client().customersExport({ resume: cp });
  const rest = await r.all();
  assert.equal(rest.length, 117);
  assert.equal(rest[0].subject.subjectCode, first.items.at(-1).subject.subjectCode.replace(/\d+$/, (d) => String(Number(d) + 1)));
  // Refusals.
  // Refusals (nothing is sent).
  for (const [p, said] of [
    [client().customersExport({ resume: cp, start: 20 }), /cannot be used together/],
    [client().salesExport({ resume: cp }), /checkpoint of getCustomersExport_v3/],
    [client().customersExport({ resume: { position: 3 } }), /resume/],
  ]) {
    const e = await rejection(p.nextPage());
    assert.equal(e.kind, "invalidArgument");
    assert.match(e.message, said);
  }
});

test("item 4: resultSetLength changing between pages is a pagination error", async () => {
  let calls = 0;
  const proxy = createServer(async (req, res) => {
    const chunks = [];
    for await (const ch of req) chunks.push(ch);
    const headers = { ...req.headers, "x-mock-total": calls++ === 0 ? "137" : "136" };
    delete headers.host;
    delete headers["content-length"];
    const up = await fetch(mock.url + req.url, { method: req.method, headers, body: Buffer.concat(chunks) });
    res.writeHead(up.status, { "content-type": "application/json" });
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  try {
    const c = new fourws.Client({ baseUrl: `http://127.0.0.1:${proxy.address().port}`, ...CREDENTIALS });
    const e = await rejection(c.customersExport().all());
    assert.equal(e.kind, "pagination");
    assert.match(e.message, /data changed during the export/);
    assert.match(e.message, /completeExtraction: false/);
    assert.equal(e.start, null);
  } finally {
    proxy.close();
  }
});

test("item 5: paginate over getPricesExport_v3 advances by price rows", async () => {
  const lists = await client().paginate({ cmd: "getPricesExport_v3", method: "POST", body: { completeExtraction: "T" } }).all();
  assert.equal(lists.reduce((n, l) => n + l.prices.length, 0), 72);
});

test("item 7: a second iteration at once is refused, the first gets every record", async () => {
  const p = client().loyaltyVouchers({ cardBarcode: DOCS_CARD });
  const [a, b] = await Promise.allSettled([p.all(), p.all()]);
  assert.equal(a.status, "fulfilled");
  assert.equal(a.value.length, 25);
  assert.equal(b.status, "rejected");
  assert.ok(b.reason instanceof fourws.FourWsError);
  assert.equal(b.reason.kind, "invalidArgument");
  assert.match(b.reason.message, /already being iterated/);
});

test("item 8: a 200 that is not a 4WS page is a decode error with the server's message", async () => {
  for (const [body, said] of [
    [{ error: "Session expired, please log in again" }, "Session expired, please log in again"],
    [{}, null],
    [{ message: "Internal error" }, "Internal error"],
  ]) {
    const fetch = async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    const c = client({ fetch });
    for (const p of [c.loyaltyVouchers({ cardBarcode: DOCS_CARD }), c.lastDigitalOrders({ fromDateTime: "2020-01-01 00:00:00" })]) {
      const e = await rejection(p.all());
      assert.equal(e.kind, "decode", JSON.stringify(body));
      assert.match(e.message, /not a 4WS page/);
      assert.equal(e.serverMessage, said);
    }
  }
});

test("item 10: position after all({ limit }) is the end of what was delivered", async () => {
  const p = client().customersExport();
  const got = await p.all({ limit: 25 });
  assert.equal(got.length, 25);
  assert.equal(p.position, 25);
  const rest = await client().customersExport({ start: p.position }).all();
  assert.equal(got.length + rest.length, 137);
  // Prices: the position counts rows.
  const q = client().pricesExport();
  const lists = await q.all({ limit: 1 });
  assert.equal(q.position, lists[0].prices.length);
  // Incremental: refused.
  const inc = client().customersExport({ completeExtraction: false, system: "T18" });
  const e = await rejection(inc.all({ limit: 5 }));
  assert.equal(e.kind, "invalidArgument");
  assert.match(e.message, /incremental export/);
});

test("a checkpoint taken after close() resumes where delivery stopped, not as finished", async () => {
  const p = client().customersExport();
  await p.nextPage();
  await p.nextPage();
  p.close();
  const cp = p.checkpoint();
  assert.equal(cp.done, false);
  assert.equal(cp.position, 40);
  const rest = await client().customersExport({ resume: cp }).all();
  assert.equal(rest.length, 97, "the 97 customers after the first 40");
});

test("a loop left mid-page: checkpoint() resumes where position says, and nothing is lost", async () => {
  const all = (await client().customersExport().all()).map((c) => c.subject.subjectCode);
  // for await, the body throws on record 25 (page 20-39).
  const p = client().customersExport();
  let seen = 0;
  await assert.rejects(async () => {
    for await (const c of p) {
      if (seen === 25) throw new Error("store failed");
      seen++;
    }
  }, /store failed/);
  assert.equal(p.position, 25);
  const cp = p.checkpoint();
  assert.equal(cp.position, 25, "the checkpoint agrees with position");
  assert.equal(cp.done, false);
  const rest = (await client().customersExport({ resume: cp }).all()).map((c) => c.subject.subjectCode);
  assert.deepEqual(rest, all.slice(25));

  // pages(), left with break on the second page: resumed from that page's start.
  const q = client().customersExport();
  let n = 0;
  for await (const page of q.pages()) {
    if (++n === 2) break;
    assert.ok(page.items.length);
  }
  assert.equal(q.checkpoint().position, 20);
  const again = (await client().customersExport({ resume: q.checkpoint() }).all()).map((c) => c.subject.subjectCode);
  assert.deepEqual(again, all.slice(20), "the same page again is not taken for a repeat");
});

test("an incremental loop left mid-page: the rest of that page is counted lost", async () => {
  mock.reset?.();
  const c = client();
  const p = c.salesExport({ completeExtraction: false, system: "loop-left" });
  let seen = 0;
  for await (const _ of p) {
    if (++seen === 3) break;
  }
  const cp = p.checkpoint();
  assert.equal(cp.pageLost, true);
  const q = c.salesExport({ completeExtraction: false, system: "loop-left", resume: cp });
  const e = await rejection(q.all());
  assert.equal(e.kind, "pagination");
  assert.match(e.message, /never delivered/);
});

test("a page one record short, then one that repeats a record: stopped, not a silent swap of one record for another", async () => {
  // Found by the nightly-job user test: the counts cancel out, so the total check passes.
  const fetch = async (request) => {
    const res = await globalThis.fetch(request);
    const body = await res.json();
    if (new URL(request.url).searchParams.get("start") === "20") body.valueObjectList.splice(3, 1);
    return Response.json(body, { status: res.status });
  };
  const e = await rejection(client({ fetch }).customersExport().all());
  assert.equal(e.kind, "pagination");
  assert.equal(e.start, null);
  assert.match(e.message, /overlap/);
});

test("an incremental loop left on the last page, or an all() that rejected: the resume reports the loss", async () => {
  const c = client();
  // Left on the last page (sales: 11 changed, pages of 10).
  const p = c.salesExport({ completeExtraction: false, system: "left-last" });
  let seen = 0;
  for await (const _ of p) {
    if (++seen === 11) break;
  }
  const cp = p.checkpoint();
  assert.equal(cp.pageLost, true);
  assert.equal(cp.done, false);
  const e = await rejection(c.salesExport({ completeExtraction: false, system: "left-last", resume: cp }).all());
  assert.match(e.message, /never delivered/);
  // all() rejecting after gathering a page drops it: lost in an incremental export.
  let calls = 0;
  const fetch = async (request) => (++calls === 2 ? Response.json({ success: false, message: "boom" }) : globalThis.fetch(request));
  const q = client({ fetch, maxRetries: 0 }).salesExport({ completeExtraction: false, system: "all-drop" });
  await rejection(q.all());
  assert.equal(q.checkpoint().pageLost, true);
});
