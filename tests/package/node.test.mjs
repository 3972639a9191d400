// The npm package in Node, exactly as a user gets it: `npm pack pkg/`, `npm install` the
// tarball into a fresh project, and a plain ESM script there (`import ... from "fourws"`,
// no init call) run as its own process against the mock 4WS server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, DOCS_CARD, exec, installedPackage, readJson } from "./tarball.mjs";

const CONSUMER = String.raw`
import init, { Client, FourWsError, Paginator } from "fourws";

const base = { baseUrl: process.env.MOCK_URL, ...JSON.parse(process.env.CREDENTIALS) };
const out = {};

function describeError(e) {
  return {
    isFourWsError: e instanceof FourWsError,
    isError: e instanceof Error,
    name: e?.name,
    kind: e?.kind,
    message: e?.message,
    cmd: e?.cmd,
    start: e?.start,
    status: e?.status,
    string: String(e),
    json: JSON.stringify(e),
  };
}

async function capture(fn) {
  try {
    await fn();
    return { threw: false };
  } catch (e) {
    return { threw: true, ...describeError(e) };
  }
}

out.exports = {
  init: typeof init,
  Client: typeof Client,
  FourWsError: typeof FourWsError,
  Paginator: typeof Paginator,
};
out.initResult = await init(); // a no-op in Node, kept for isomorphic code

const client = new Client({ ...base, headers: { "x-phase": "iterate" } });

// for await over records
const codes = [];
let first;
const iterated = client.customersExport();
out.iteratedIsPaginator = iterated instanceof Paginator;
for await (const c of iterated) {
  first ??= c;
  codes.push(c.subject.subjectCode);
}
out.customers = { count: codes.length, unique: new Set(codes).size, firstCode: codes[0], lastCode: codes.at(-1), first };

// .pages()
out.pages = [];
for await (const page of client.customersExport().pages()) {
  out.pages.push({
    start: page.start,
    nextStart: page.nextStart,
    moreRows: page.moreRows,
    total: page.total,
    items: page.items.length,
    summary: page.summary,
    firstCode: page.items[0]?.subject.subjectCode,
  });
}

// .all({ limit }) stops fetching early
const limited = new Client({ ...base, headers: { "x-phase": "limit" } });
const first50 = await limited.customersExport().all({ limit: 50 });
out.limited = { count: first50.length, lastCode: first50.at(-1)?.subject.subjectCode };

// breaking out of a for await loop stops requests
const breaker = new Client({ ...base, headers: { "x-phase": "break" } });
let seen = 0;
for await (const c of breaker.salesExport()) {
  if (++seen === 3) break;
}
out.breakSeen = seen;

// prices and sales
let priceRows = 0;
let priceLists = 0;
for await (const list of client.pricesExport()) {
  priceLists++;
  priceRows += list.prices.length;
}
out.prices = { rows: priceRows, lists: priceLists };
const sales = await client.salesExport().all();
out.sales = { count: sales.length, first: sales[0] };

// loyalty vouchers with their summary
const voucherPages = [];
for await (const page of client.loyaltyVouchers({ cardBarcode: process.env.DOCS_CARD }).pages()) {
  voucherPages.push({ items: page.items.length, start: page.start, nextStart: page.nextStart, total: page.total, summary: page.summary });
}
const vouchers = await client.loyaltyVouchers({ cardBarcode: process.env.DOCS_CARD }).all();
out.vouchers = { pages: voucherPages, count: vouchers.length, first: vouchers[0] };

// last digital orders since a Date
const orders = await new Client({ ...base, headers: { "x-phase": "orders" } })
  .lastDigitalOrders({ fromDateTime: new Date(Date.UTC(2020, 8, 8, 0, 0, 0)) })
  .all();
out.orders = { count: orders.length, first: orders[0], startDates: orders.map((o) => o.startDate) };

// a custom fetch implementation, called as the global one may be: fetch(request)
const fetchCalls = [];
const viaCustomFetch = await new Client({
  ...base,
  fetch: (request, init) => {
    fetchCalls.push({
      isRequest: request instanceof Request,
      noInit: init === undefined,
      method: request.method,
      url: request.url,
      hasSignal: request.signal instanceof AbortSignal,
      appId: request.headers.get("appId"),
      contentType: request.headers.get("content-type"),
    });
    return fetch(request);
  },
})
  .customersExport()
  .all({ limit: 1 });
out.customFetch = { calls: fetchCalls, count: viaCustomFetch.length };

// errors
out.errors = {
  badBaseUrl: await capture(() => new Client({ ...base, baseUrl: "ftp://example.com" })),
  missingApplicationId: await capture(() => new Client({ baseUrl: base.baseUrl })),
  badLanguage: await capture(() => new Client({ ...base, languageId: "DE" })),
  negativeTimeout: await capture(() => new Client({ ...base, timeoutMs: -1 })),
  noOptions: await capture(() => new Client()),
  unknownCard: await capture(() => client.loyaltyVouchers({ cardBarcode: "0000000000017" }).all()),
  missingCard: await capture(() => client.loyaltyVouchers({}).all()),
  badLimit: await capture(() => client.customersExport().all({ limit: 0 })),
  wrongPassword: await capture(() =>
    new Client({ ...base, password: "not-the-password-xyz", maxRetries: 0 }).customersExport().all(),
  ),
};

console.log(JSON.stringify(out));
`;

let mock;
let result;
let stderr;
let pkg;

before(async () => {
  [mock, pkg] = await Promise.all([startMockServer({ port: 0, latencyMs: 0 }), installedPackage()]);
  const script = join(pkg.project, "consumer.mjs");
  writeFileSync(script, CONSUMER);
  const r = await exec(process.execPath, [script], {
    cwd: pkg.project,
    timeout: 60_000,
    env: { ...process.env, MOCK_URL: mock.url, CREDENTIALS: JSON.stringify(CREDENTIALS), DOCS_CARD, NODE_OPTIONS: "" },
  });
  stderr = r.stderr;
  assert.equal(r.code, 0, `the consumer script failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  result = JSON.parse(r.stdout.trim().split("\n").at(-1));
});

after(async () => {
  await mock?.close();
});

describe("the installed package in a plain Node ESM script", () => {
  test("exports Client, FourWsError, Paginator and a no-op default init; prints nothing on stderr", () => {
    assert.deepEqual(result.exports, { init: "function", Client: "function", FourWsError: "function", Paginator: "function" });
    assert.equal(result.initResult, undefined);
    assert.equal(stderr, "", "the package wrote to stderr (warnings?)");
  });

  test("for await lists all 137 customers in server order", () => {
    const { customers } = result;
    assert.equal(result.iteratedIsPaginator, true);
    assert.equal(customers.count, 137);
    assert.equal(customers.unique, 137);
    assert.equal(customers.firstCode, "100020");
    assert.equal(customers.lastCode, String(100020 + 136));
    // normalised records: timestamps become ISO, date-only values stay dates
    const s = customers.first.subject;
    assert.equal(s.subjectSurname, "VANNI");
    assert.equal(s.createDate, "2022-06-23T14:32:54Z");
    assert.match(s.birthday, /^1944-05-07(T00:00:00Z)?$/);
    assert.equal(s.earnedPoints, 0);
    for (const p of customers.first.privacy ?? []) {
      if (p.privacyConsent != null) assert.equal(typeof p.privacyConsent, "boolean");
    }
  });

  test(".pages() gives pages of 20 with start/nextStart/moreRows/total", () => {
    const starts = [0, 20, 40, 60, 80, 100, 120];
    assert.deepEqual(
      result.pages.map((p) => p.start),
      starts,
    );
    result.pages.forEach((p, i) => {
      const last = i === starts.length - 1;
      assert.equal(p.items, last ? 17 : 20, `page ${i}`);
      assert.equal(p.nextStart, last ? null : starts[i] + 20, `page ${i} nextStart`);
      assert.equal(p.moreRows, !last, `page ${i} moreRows`);
      assert.equal(p.total, 137, `page ${i} total`);
      assert.equal(p.summary, null, `page ${i} summary`);
      assert.equal(p.firstCode, String(100020 + starts[i]));
    });
  });

  test(".all({ limit: 50 }) returns 50 and stops after the third page", () => {
    assert.deepEqual(result.limited, { count: 50, lastCode: String(100020 + 49) });
    const starts = mock.requests.filter((r) => r.headers["x-phase"] === "limit").map((r) => r.start);
    assert.deepEqual(starts, [0, 20, 40]);
  });

  test("breaking out of for await sends no further request", () => {
    assert.equal(result.breakSeen, 3);
    const calls = mock.requests.filter((r) => r.headers["x-phase"] === "break");
    assert.deepEqual(
      calls.map((r) => r.start),
      [0],
    );
  });

  test("every request carries the credentials and appId/applicationId", () => {
    const r = mock.requests.find((x) => x.headers["x-phase"] === "iterate");
    assert.ok(r, "no request logged");
    assert.equal(r.method, "POST");
    assert.equal(r.cmd, "getCustomersExport_v3");
    assert.equal(r.headers.username, "fourws-demo");
    assert.equal(r.headers.companyid, "MOCK");
    assert.equal(r.headers.appid, "KEEPIT");
    assert.equal(r.headers.applicationid, "KEEPIT");
    assert.match(r.headers["content-type"], /^application\/json/);
    assert.equal(r.body.completeExtraction, "T");
    assert.equal(r.status, 200);
  });

  test("the fetch option is used, called like fetch(request) with the attempt's Request", () => {
    assert.equal(result.customFetch.count, 1);
    assert.equal(result.customFetch.calls.length, 1);
    const call = result.customFetch.calls[0];
    assert.equal(call.isRequest, true, JSON.stringify(call));
    assert.equal(call.noInit, true, JSON.stringify(call));
    assert.equal(call.contentType, "application/json", JSON.stringify(call));
    assert.equal(call.hasSignal, true, JSON.stringify(call));
    assert.equal(call.appId, "KEEPIT", JSON.stringify(call));
    assert.equal(call.method, "POST");
    assert.match(call.url, /\/api\?cmd=getCustomersExport_v3&/);
  });

  test("prices and sales exports deliver every element", () => {
    assert.equal(result.prices.rows, 72);
    assert.ok(result.prices.lists >= 3, `price lists: ${result.prices.lists}`);
    assert.equal(result.sales.count, 33);
    assert.equal(typeof result.sales.first.saleHeader.totalAmount, "number");
  });

  test("loyaltyVouchers: 25 vouchers of the docs' card, with the summary", () => {
    const { vouchers } = result;
    assert.equal(vouchers.count, 25);
    assert.deepEqual(
      vouchers.pages.map((p) => [p.start, p.items, p.nextStart]),
      [
        [0, 20, 20],
        [20, 5, null],
      ],
    );
    for (const p of vouchers.pages) {
      assert.notEqual(p.total, 20, "total must never be the page length");
      assert.notEqual(p.total, 5, "total must never be the page length");
    }
    assert.deepEqual(
      {
        validTicket: vouchers.pages[0].summary?.validTicket,
        remainingPurchases: vouchers.pages[0].summary?.remainingPurchases,
        validSalesTotalAmount: vouchers.pages[0].summary?.validSalesTotalAmount,
        validSalesTotalCashback: vouchers.pages[0].summary?.validSalesTotalCashback,
        identifier: vouchers.pages[0].summary?.identifier,
      },
      { validTicket: 2, remainingPurchases: 1, validSalesTotalAmount: 694, validSalesTotalCashback: 70, identifier: DOCS_CARD },
    );
    const v = vouchers.first;
    assert.equal(v.totalAmount, 330.18);
    assert.equal(v.currencySymbol, "€");
    assert.equal(v.endValidity, "2021-04-17T10:42:00Z");
    const r = mock.requests.find((x) => x.cmd === "getLoyaltyVouchers_v1");
    assert.equal(r.method, "GET");
  });

  test("lastDigitalOrders with a Date: 41 orders, the Date sent as GMT yyyy-MM-dd HH:mm:ss", () => {
    const { orders } = result;
    assert.equal(orders.count, 41);
    assert.equal(orders.first.startDate, "2020-09-08T13:17:32Z");
    for (const d of orders.startDates) assert.match(d, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(orders.first.masterRegister, false);
    assert.equal(typeof orders.first.items[0].havingTailoring, "boolean");
    assert.equal(typeof orders.first.docNumber, "number");
    const calls = mock.requests.filter((r) => r.headers["x-phase"] === "orders");
    assert.ok(calls.length >= 3, `order requests: ${calls.length}`);
    for (const r of calls) {
      assert.equal(r.method, "GET");
      assert.equal(new URL(r.path, "http://x").searchParams.get("fromDateTime"), "2020-09-08 00:00:00");
    }
  });

  const isFourWsError = (e, kind, label) => {
    assert.equal(e.threw, true, `${label}: did not throw`);
    assert.equal(e.isFourWsError, true, `${label}: not a FourWsError: ${e.string}`);
    assert.equal(e.isError, true, `${label}: not an Error`);
    assert.equal(e.name, "FourWsError", label);
    assert.equal(e.kind, kind, `${label}: ${e.message}`);
    assert.ok(e.message.length > 10, `${label}: message too short: ${e.message}`);
    assert.ok(!e.string.includes("mock-password") && !e.json.includes("mock-password"), `${label} leaks the password`);
  };

  test("a bad option throws FourWsError invalidArgument from the constructor", () => {
    const { errors } = result;
    isFourWsError(errors.badBaseUrl, "invalidArgument", "ftp baseUrl");
    assert.match(errors.badBaseUrl.message, /baseUrl/);
    isFourWsError(errors.missingApplicationId, "invalidArgument", "missing applicationId");
    assert.match(errors.missingApplicationId.message, /applicationId/);
    isFourWsError(errors.badLanguage, "invalidArgument", "languageId DE");
    isFourWsError(errors.negativeTimeout, "invalidArgument", "timeoutMs -1");
    isFourWsError(errors.noOptions, "invalidArgument", "no options");
    isFourWsError(errors.missingCard, "invalidArgument", "missing cardBarcode");
    isFourWsError(errors.badLimit, "invalidArgument", "limit 0");
  });

  test("an unknown card rejects with FourWsError api carrying the server's message", () => {
    const e = result.errors.unknownCard;
    isFourWsError(e, "api", "unknown card");
    assert.match(e.message, /No customer found/);
    assert.equal(e.cmd, "getLoyaltyVouchers_v1");
  });

  test("wrong credentials reject with FourWsError http 401, without the password", () => {
    const e = result.errors.wrongPassword;
    isFourWsError(e, "http", "wrong password");
    assert.equal(e.status, 401);
    assert.ok(!e.string.includes("not-the-password-xyz") && !e.json.includes("not-the-password-xyz"), "leaks the password");
  });
});

describe("the tarball", () => {
  test("package.json: ESM, conditional exports per runtime with types first, files", () => {
    const manifest = readJson(join(pkg.packageDir, "package.json"));
    assert.equal(manifest.name, "fourws");
    assert.equal(manifest.type, "module");
    assert.equal(manifest.main, "./fourws.cjs");
    assert.equal(manifest.types, "./index.d.cts");
    const root = manifest.exports["."];
    assert.equal(root.node.import.default, "./node.js");
    assert.equal(root.node.require.default, "./fourws.cjs");
    assert.equal(root.browser.import.default, "./browser.js");
    assert.equal(root.workerd.default, "./workerd.js");
    assert.equal(root.deno.default, "./inline.js");
    assert.ok(Object.keys(root).indexOf("node") < Object.keys(root).indexOf("default"));
    assert.ok(Object.keys(root).indexOf("workerd") < Object.keys(root).indexOf("browser"), "workerd also matches browser");
    assert.ok(Array.isArray(manifest.files) && manifest.files.length > 0);
    assert.match(manifest.engines?.node ?? "", />=\s*20/);
    assert.deepEqual(manifest.dependencies ?? {}, {}, "the package is meant to have no dependencies");
    // every export target is in the tarball, and `types` comes first wherever it is given
    const walk = (node) => {
      if (typeof node === "string") {
        assert.ok(pkg.files.includes(node.replace(/^\.\//, "")), `${node} missing`);
        return;
      }
      if ("types" in node) assert.equal(Object.keys(node)[0], "types", "`types` must come first in the export conditions");
      for (const v of Object.values(node)) walk(v);
    };
    walk(manifest.exports);
    for (const f of [manifest.main, manifest.types]) {
      if (f) assert.ok(pkg.files.includes(f.replace(/^\.\//, "")), `${f} missing`);
    }
  });

  test("contains the declarations and the wasm, and no source maps, Rust or build files", () => {
    const { files } = pkg;
    for (const f of ["package.json", "index.d.ts", "records.d.ts", "node.js", "browser.js", "wasm/fourws.js", "wasm/fourws_bg.wasm"]) {
      assert.ok(files.includes(f), `${f} is not in the tarball: ${files.join(", ")}`);
    }
    const bad = files.filter(
      (f) =>
        /\.(map|rs|toml|lock|d\.ts\.map|tsbuildinfo|log)$/.test(f) ||
        /(^|\/)(target|node_modules|\.cargo|tests?)\//.test(f) ||
        /(^|\/)\.[^/]+$/.test(f),
    );
    assert.deepEqual(bad, [], "files that do not belong in the package");
    assert.deepEqual(
      files.filter((f) => f.endsWith(".wasm")),
      ["wasm/fourws_bg.wasm"],
      "exactly one wasm module",
    );
  });

  test("every relative import of the shipped JavaScript and declarations resolves inside the tarball", async () => {
    const { readFileSync } = await import("node:fs");
    const { posix } = await import("node:path");
    const missing = [];
    for (const f of pkg.files.filter((x) => /\.(m?js|d\.ts)$/.test(x))) {
      const text = readFileSync(join(pkg.packageDir, f), "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        let target = posix.normalize(posix.join(posix.dirname(f), m[1]));
        if (f.endsWith(".d.ts") && target.endsWith(".js") && !pkg.files.includes(target)) target = target.replace(/\.js$/, ".d.ts");
        if (!pkg.files.includes(target)) missing.push(`${f} -> ${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test("ships the README its `files` field names", () => {
    assert.ok(pkg.files.includes("README.md"), `README.md is not in the tarball: ${pkg.files.join(", ")}`);
  });
});
