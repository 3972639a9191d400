// The `cache` option (stale-if-error lookups) and `pageSize`, in Node, from the package as
// users install it (the packed tarball), against the mock 4WS server: which failures a
// stored page answers and which it never does, maxStaleMs, stores that throw or reject, a
// Keyv instance as the store, no password in any key or value, and pageSize against a
// server that honours `limit` and one that ignores it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Keyv from "keyv";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, DOCS_CARD, installedPackage } from "../package/tarball.mjs";
import { rejection } from "../common/rejection.mjs";

let fourws;
let mock;

before(async () => {
  const { packageDir } = await installedPackage();
  fourws = await import(pathToFileURL(join(packageDir, "node.js")).href);
  mock = await startMockServer();
});

after(async () => {
  await mock?.close();
});

const FROM = "2020-01-01 00:00:00";

/**
 * A client of the mock whose requests carry the fault `fault.mode` (x-fault) while it is
 * set; `extra` adds client options.
 */
function faultyClient(extra = {}) {
  const fault = { mode: null, headers: {} };
  const events = [];
  const client = new fourws.Client({
    baseUrl: mock.url,
    ...CREDENTIALS,
    maxRetries: 0,
    onRequest: (e) => events.push(e),
    fetch: (request) => {
      const headers = new Headers(request.headers);
      if (fault.mode) headers.set("x-fault", fault.mode);
      for (const [k, v] of Object.entries(fault.headers)) headers.set(k, v);
      return fetch(new Request(request, { headers }));
    },
    ...extra,
  });
  return { client, fault, events };
}

async function firstPage(paginator) {
  return paginator.nextPage();
}

/** A Map-backed store that records every call. */
function recordingStore() {
  const map = new Map();
  const calls = [];
  return {
    map,
    calls,
    get: (k) => (calls.push(["get", k]), map.get(k)),
    set: (k, v) => (calls.push(["set", k, v]), map.set(k, v)),
    delete: (k) => (calls.push(["delete", k]), map.delete(k)),
  };
}

describe("answered from the cache", () => {
  const answerable = [
    ["network", { mode: "drop" }, {}],
    ["timeout", { mode: "hang" }, { timeoutMs: 300 }],
    ["rateLimited", { mode: "429", headers: { "x-fault-retry-after": "0" } }, {}],
    ["http 500", { mode: "500" }, {}],
    ["http 502", { mode: "502-html" }, {}],
    ["http 503", { mode: "503" }, {}],
    ["http 504", { mode: "504" }, {}],
  ];
  for (const [name, how, extra] of answerable) {
    test(`${name}: the stored page, marked stale, with the error`, async () => {
      const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000 }, ...extra });
      const live = await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
      assert.equal(live.stale, null, "a page fetched live has stale: null");
      fault.mode = how.mode;
      Object.assign(fault.headers, how.headers ?? {});
      const before = Date.now();
      const page = await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
      assert.ok(page.stale, "served from the cache");
      assert.deepEqual(page.items, live.items);
      assert.deepEqual(page.summary, live.summary);
      assert.equal(page.nextStart, live.nextStart);
      assert.ok(page.stale.error instanceof fourws.FourWsError);
      assert.equal(page.stale.error.kind, name.split(" ")[0]);
      assert.equal(page.stale.error.cmd, "getLoyaltyVouchers_v1");
      assert.equal(page.stale.error.start, 0);
      if (name.startsWith("http")) assert.equal(page.stale.error.status, Number(name.split(" ")[1]));
      const stored = Date.parse(page.stale.storedAt);
      assert.match(page.stale.storedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(stored <= before && before - stored < 30_000, page.stale.storedAt);
      assert.ok(page.stale.ageMs >= 0 && page.stale.ageMs < 30_000, String(page.stale.ageMs));
    });
  }

  test("the next page of a stale lookup is asked for live, and is stale or fails on its own", async () => {
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000 } });
    const pages = await client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pageSize: 10 }).pages();
    const first = (await pages.next()).value;
    assert.equal(first.nextStart, 10);
    fault.mode = "drop";
    const p = client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pageSize: 10 });
    assert.ok((await p.nextPage()).stale);
    const e = await rejection(p.nextPage());
    assert.equal(e.kind, "network");
    assert.equal(e.start, 10, "page 10 was never stored: the error says where to resume");
  });

  test("lastDigitalOrders and paginate with GET are cached too", async () => {
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000 } });
    const orders = await client.lastDigitalOrders({ fromDateTime: FROM }).nextPage();
    const generic = await client.paginate({ cmd: "getLoyaltyVouchers_v1", query: { cardBarcode: DOCS_CARD } }).nextPage();
    fault.mode = "503";
    const o = await client.lastDigitalOrders({ fromDateTime: FROM }).nextPage();
    const g = await client.paginate({ cmd: "getLoyaltyVouchers_v1", query: { cardBarcode: DOCS_CARD } }).nextPage();
    assert.ok(o.stale && g.stale);
    assert.deepEqual(o.items, orders.items);
    assert.deepEqual(g.items, generic.items);
    // Another call (another card, another start, another pageSize) has no stored copy.
    for (const opts of [{ cardBarcode: DOCS_CARD, pkFieldName: "identifier" }, { cardBarcode: DOCS_CARD, start: 20 }, { cardBarcode: DOCS_CARD, pageSize: 5 }]) {
      const e = await rejection(client.loyaltyVouchers(opts).nextPage());
      assert.equal(e.kind, "http", JSON.stringify(opts));
    }
  });
});

describe("never answered from the cache", () => {
  const refused = [
    ["http", { mode: "422" }, 422],
    ["http", { mode: "401" }, 401],
    ["api", { mode: "api-error" }],
    ["decode", { mode: "html" }],
    ["validation", { mode: "bad-record" }],
    ["pagination", { mode: "empty-more" }],
  ];
  for (const [kind, how, status] of refused) {
    test(`${kind}${status ? ` ${status}` : ""}: thrown as without a cache`, async () => {
      const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000 } });
      await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
      fault.mode = how.mode;
      const e = await rejection(firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD })));
      assert.ok(e instanceof fourws.FourWsError);
      assert.equal(e.kind, kind);
      if (status) assert.equal(e.status, status);
    });
  }

  test("aborted: thrown as without a cache", async () => {
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000 } });
    await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    fault.mode = "hang";
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const e = await rejection(client.loyaltyVouchers({ cardBarcode: DOCS_CARD, signal: controller.signal }).nextPage());
    assert.equal(e.kind, "aborted");
  });

  test("invalidArgument: thrown before the cache is looked at", async () => {
    const store = recordingStore();
    const { client } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    const calls = store.calls.length;
    const e = await rejection(client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pageSize: 0 }).nextPage());
    assert.equal(e.kind, "invalidArgument");
    assert.equal(store.calls.length, calls);
  });

  test("exports are never stored nor answered from the cache", async () => {
    const store = recordingStore();
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    await client.customersExport().nextPage();
    await client.paginate({ cmd: "getSalesExport_v3", method: "POST", body: { completeExtraction: "T" } }).nextPage();
    assert.deepEqual(store.calls, []);
    fault.mode = "drop";
    const e = await rejection(client.customersExport().nextPage());
    assert.equal(e.kind, "network");
    assert.deepEqual(store.calls, []);
  });

  test("client.request() is not cached", async () => {
    const store = recordingStore();
    const { client } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    await client.request({ cmd: "getLoyaltyVouchers_v1", query: { cardBarcode: DOCS_CARD } });
    assert.deepEqual(store.calls, []);
  });
});

describe("maxStaleMs", () => {
  test("a page older than maxStaleMs answers nothing and is deleted", async () => {
    const store = recordingStore();
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 150, store } });
    await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    fault.mode = "500";
    const young = await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    assert.ok(young.stale && young.stale.ageMs <= 150);
    await new Promise((r) => setTimeout(r, 250));
    const e = await rejection(firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD })));
    assert.deepEqual([e.kind, e.status], ["http", 500]);
    assert.equal(store.map.size, 0, "the expired page was deleted");
    assert.ok(store.calls.some(([op]) => op === "delete"));
  });

  test("a stored page's age is counted from when it was stored, across clients sharing a store", async () => {
    const store = new Map();
    const a = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    await firstPage(a.client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    await new Promise((r) => setTimeout(r, 120));
    const b = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    b.fault.mode = "drop";
    const page = await firstPage(b.client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    assert.ok(page.stale.ageMs >= 100, String(page.stale.ageMs));
  });

  test("bad cache options are invalidArgument errors from the constructor", () => {
    const bad = [
      [{ maxStaleMs: 0 }, "cache.maxStaleMs"],
      [{ maxStaleMs: -5 }, "cache.maxStaleMs"],
      [{ maxStaleMs: "1h" }, "cache.maxStaleMs"],
      [{ maxStaleMs: Number.NaN }, "cache.maxStaleMs"],
      [{}, "option `cache.maxStaleMs` of Client options is required"],
      [{ maxStaleMs: 1000, store: {} }, "cache.store"],
      [{ maxStaleMs: 1000, store: { get() {}, set() {} } }, "cache.store"],
      [{ maxStaleMs: 1000, store: 5 }, "cache.store"],
      [{ maxStaleMs: 1000, maxAge: 1 }, "maxAge"],
      [5, "cache"],
    ];
    for (const [cache, want] of bad) {
      assert.throws(
        () => new fourws.Client({ baseUrl: mock.url, ...CREDENTIALS, cache }),
        (e) => e instanceof fourws.FourWsError && e.kind === "invalidArgument" && e.message.includes(want),
        JSON.stringify(cache),
      );
    }
  });
});

describe("stores", () => {
  const failing = {
    "a store that throws": {
      get() {
        throw new Error("disk full (mock-password)");
      },
      set() {
        throw new Error("disk full (mock-password)");
      },
      delete() {
        throw new Error("disk full");
      },
    },
    "a store that rejects": {
      get: async () => Promise.reject(new Error("redis down (mock-password)")),
      set: async () => Promise.reject(new Error("redis down (mock-password)")),
      delete: async () => Promise.reject(new Error("redis down")),
    },
  };
  for (const [name, store] of Object.entries(failing)) {
    test(`${name} never breaks a lookup, and is reported through onRequest`, async () => {
      const { client, fault, events } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
      const all = await client.loyaltyVouchers({ cardBarcode: DOCS_CARD }).all();
      assert.equal(all.length, 25, "the live answer is delivered");
      const reported = events.filter((e) => e.cacheOp);
      assert.deepEqual(reported.map((e) => e.cacheOp), ["set", "set"]);
      for (const e of reported) {
        assert.match(e.error, /cache store's set\(\) failed/);
        assert.ok(!JSON.stringify(e).includes("mock-password"), "the password is masked");
        assert.equal(e.attempt, 0);
        assert.equal(e.cmd, "getLoyaltyVouchers_v1");
      }
      // During an outage, a failing get: the live error, as without a cache.
      fault.mode = "drop";
      const e = await rejection(firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD })));
      assert.equal(e.kind, "network");
      assert.equal(events.at(-1).cacheOp, "get");
    });
  }

  test("a Keyv instance works unchanged as the store", async () => {
    const keyv = new Keyv();
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000, store: keyv } });
    const live = await client.lastDigitalOrders({ fromDateTime: FROM, pageSize: 5 }).all();
    assert.equal(live.length, 41);
    fault.mode = "drop";
    const stale = [];
    for await (const page of client.lastDigitalOrders({ fromDateTime: FROM, pageSize: 5 }).pages()) {
      assert.ok(page.stale, `page ${page.start} from the cache`);
      stale.push(...page.items);
    }
    assert.deepEqual(stale, live, "every stored page, in order");
  });

  test("the default store keeps pages in memory, per client", async () => {
    const a = faultyClient({ cache: { maxStaleMs: 60_000 } });
    await firstPage(a.client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    a.fault.mode = "drop";
    assert.ok((await firstPage(a.client.loyaltyVouchers({ cardBarcode: DOCS_CARD }))).stale);
    const b = faultyClient({ cache: { maxStaleMs: 60_000 } });
    b.fault.mode = "drop";
    const e = await rejection(firstPage(b.client.loyaltyVouchers({ cardBarcode: DOCS_CARD })));
    assert.equal(e.kind, "network");
  });

  test("without the cache option nothing is stored and failures are thrown", async () => {
    const { client, fault } = faultyClient();
    await firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD }));
    fault.mode = "drop";
    const e = await rejection(firstPage(client.loyaltyVouchers({ cardBarcode: DOCS_CARD })));
    assert.equal(e.kind, "network");
  });
});

describe("no key or value holds the password", () => {
  const password = "mock-password";
  const forms = [
    password,
    encodeURIComponent(password),
    Buffer.from(password).toString("base64"),
    Buffer.from(password).toString("base64url"),
    Buffer.from(`${CREDENTIALS.username}:${password}`).toString("base64"),
    JSON.stringify(password).slice(1, -1),
  ];

  test("keys name the account and the call; values are plain JSON objects", async () => {
    const store = recordingStore();
    const { client } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    await client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pageSize: 10 }).all();
    await client.lastDigitalOrders({ fromDateTime: FROM }).all();
    const sets = store.calls.filter(([op]) => op === "set");
    assert.equal(sets.length, 3 + 3);
    for (const [, key, value] of sets) {
      assert.equal(typeof key, "string");
      assert.ok(key.includes(mock.url) && key.includes("KEEPIT") && key.includes("MOCK") && key.includes(CREDENTIALS.username), key);
      assert.equal(Object.getPrototypeOf(value), Object.prototype, "a plain object");
      assert.deepEqual(JSON.parse(JSON.stringify(value)), value, "plain JSON");
      const text = key + JSON.stringify(value);
      for (const form of forms) assert.ok(!text.includes(form), `no ${form} in ${key}`);
    }
    assert.ok(sets.some(([, key]) => key.includes('["limit","10"]')));
  });

  test("a call whose key or page would hold the password is neither stored nor answered", async () => {
    const store = recordingStore();
    const { client, fault } = faultyClient({ cache: { maxStaleMs: 60_000, store } });
    // A parameter equal to the password: the key would hold it.
    await client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pkFieldName: password }).nextPage();
    await client.paginate({ cmd: "getLoyaltyVouchers_v1", query: { cardBarcode: DOCS_CARD, pkFieldName: Buffer.from(password).toString("base64") } }).nextPage();
    assert.deepEqual(store.calls, []);
    fault.mode = "drop";
    const e = await rejection(client.paginate({ cmd: "getLoyaltyVouchers_v1", query: { cardBarcode: DOCS_CARD, pkFieldName: Buffer.from(password).toString("base64") } }).nextPage());
    assert.equal(e.kind, "network");
  });
});

describe("pageSize", () => {
  for (const ignored of [false, true]) {
    test(`sent as limit; every element once when the server ${ignored ? "ignores" : "honours"} it`, async () => {
      const { client, fault } = faultyClient();
      if (ignored) fault.mode = "ignore-limit";
      mock.reset();
      const sizes = [];
      const ids = [];
      for await (const page of client.loyaltyVouchers({ cardBarcode: DOCS_CARD, pageSize: 10 }).pages()) {
        sizes.push(page.items.length);
        ids.push(...page.items.map((v) => v.id));
      }
      assert.deepEqual(sizes, ignored ? [20, 5] : [10, 10, 5]);
      assert.equal(ids.length, 25);
      assert.equal(new Set(ids).size, 25);
      const urls = mock.requests.map((r) => r.path);
      assert.ok(urls.every((u) => u.includes("&limit=10")), urls.join("\n"));
      const orders = await client.lastDigitalOrders({ fromDateTime: FROM, pageSize: 7 }).all();
      assert.equal(orders.length, 41);
      assert.equal(new Set(orders.map((o) => o.transactionId)).size, 41);
      const big = await client.paginate({ cmd: "getLastDigitalOrders_v1", query: { fromDateTime: FROM }, pageSize: 1000 }).all();
      assert.equal(big.length, 41);
    });
  }

  test("out of range, or on an export, is an invalidArgument error", async () => {
    const { client } = faultyClient();
    for (const [method, opts] of [
      ["loyaltyVouchers", { cardBarcode: DOCS_CARD, pageSize: 0 }],
      ["loyaltyVouchers", { cardBarcode: DOCS_CARD, pageSize: 1001 }],
      ["lastDigitalOrders", { fromDateTime: FROM, pageSize: 1.5 }],
      ["customersExport", { pageSize: 50 }],
      ["salesExport", { pageSize: 5 }],
      ["paginate", { cmd: "getCustomersExport_v3", method: "POST", pageSize: 50 }],
    ]) {
      const e = await rejection(client[method](opts).nextPage());
      assert.equal(e.kind, "invalidArgument", `${method} ${JSON.stringify(opts)}`);
      assert.match(e.message, /pageSize/);
    }
  });
});
