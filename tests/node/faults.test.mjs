// Every fault the mock can inject × every endpoint (and the generic paginate): each ends in
// the right FourWsError kind within a bounded time, the elements delivered before the
// failure are intact, and resuming from error.start yields exactly the missing elements.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mock, keyOf, ENDPOINTS, elements, within, FourWsError } from "./helpers.mjs";

let m;
before(async () => (m = await mock()));
after(() => m.close());

const GENERIC = {
  method: "paginate",
  opts: { cmd: "getCustomersExport_v3", method: "POST", body: { completeExtraction: "T" } },
  total: 137,
  pageSize: 20,
};

// fault → kind, for the typed endpoints. `null`: the fault does not break that endpoint.
const FAULTS = {
  "429": "rateLimited",
  "500": "http",
  "502": "http",
  "503": "http",
  "504": "http",
  "502-html": "http",
  "422": "http",
  "401": "http",
  "api-error": "api",
  html: "decode",
  truncated: "decode",
  huge: "decode",
  "drop-mid-body": "network",
  drop: "network",
  hang: "timeout",
  "empty-more": "pagination",
  "ignore-start": "pagination",
  "total-mismatch": "pagination",
  "bad-record": "validation",
  "wrong-type": "validation",
};

function expected(method, fault) {
  if (method === "paginate" && ["bad-record", "wrong-type", "total-mismatch"].includes(fault)) {
    return null; // generic records are kept as sent; its total is unknown
  }
  return FAULTS[fault];
}

function key(method, item) {
  if (method === "paginate") return JSON.stringify(item);
  if (method === "pricesExport") return item.prices.map((p) => `${item.priceList}:${p.itemCode}`).join("|");
  return keyOf[method](item);
}

const cases = [...Object.entries(ENDPOINTS).map(([method, ep]) => ({ method, ...ep })), GENERIC];

for (const ep of cases) {
  test(`${ep.method}: every mock fault ends in the right kind, nothing lost`, async (t) => {
    const reference = await m.client()[ep.method](ep.opts).all();
    for (const fault of Object.keys(FAULTS)) {
      const want = expected(ep.method, fault);
      // Fault the second page, so the first one is delivered first (total-mismatch: every page).
      const at = ep.pageSize;
      const headers = { "x-fault": fault, "x-fault-id": `${ep.method}-${fault}` };
      if (fault !== "total-mismatch") headers["x-fault-start"] = String(at);
      const client = m.client({ maxRetries: 0, timeoutMs: 400, headers });
      const got = [];
      let error = null;
      await within(8000, (async () => {
        try {
          for await (const page of client[ep.method](ep.opts).pages()) got.push(...page.items);
        } catch (e) {
          error = e;
        }
      })(), `${ep.method} with ${fault}`);
      if (want === null) {
        assert.equal(error, null, `${fault}: ${error?.message}`);
        continue;
      }
      assert.ok(error instanceof FourWsError, `${ep.method}/${fault}: expected a FourWsError, got ${error}`);
      assert.equal(error.kind, want, `${ep.method}/${fault}: ${error.message}`);
      assert.ok(error.message.length > 20, "a message a person can act on");
      if (ep.method !== "paginate") assert.equal(error.cmd, ENDPOINTS[ep.method].cmd);
      // What came before the failure is intact and in order; resuming yields the rest.
      const delivered = got.map((i) => key(ep.method, i));
      const all = reference.map((i) => key(ep.method, i));
      assert.deepEqual(delivered, all.slice(0, delivered.length), `${fault}: delivered a prefix`);
      assert.equal(typeof error.start, "number", `${fault}: a resume point`);
      const rest = await m.client()[ep.method]({ ...ep.opts, start: error.start }).all();
      const deliveredElements = ep.method === "paginate" ? got.length : elements(ep.method, got);
      assert.equal(deliveredElements, error.start, `${fault}: start = elements delivered`);
      const restElements = ep.method === "paginate" ? rest.length : elements(ep.method, rest);
      assert.equal(deliveredElements + restElements, ep.method === "paginate" ? reference.length : elements(ep.method, reference), `${fault}: resume yields exactly the rest`);
      t.diagnostic(`${fault} → ${error.kind} at start ${error.start}`);
    }
  });
}
