// Every fault the mock can inject × every endpoint (and the generic paginate): each ends in
// the right FourWsError kind within a bounded time, the elements delivered before the
// failure are intact, and resuming from error.start yields exactly the missing elements.
import { ok, equal, within } from "./harness.mjs";

export const ENDPOINTS = {
  customersExport: { cmd: "getCustomersExport_v3", opts: {}, pageSize: 20, key: (c) => c.subject.subjectCode },
  pricesExport: { cmd: "getPricesExport_v3", opts: {}, pageSize: 20, key: (l) => `${l.priceList}:${l.prices.map((p) => p.itemCode)}` },
  salesExport: { cmd: "getSalesExport_v3", opts: {}, pageSize: 10, key: (s) => s.saleHeader.refDocument },
  loyaltyVouchers: { cmd: "getLoyaltyVouchers_v1", opts: { cardBarcode: "0099000001209" }, pageSize: 20, key: (v) => v.id },
  lastDigitalOrders: { cmd: "getLastDigitalOrders_v1", opts: { fromDateTime: "2020-01-01 00:00:00" }, pageSize: 20, key: (o) => o.transactionId },
  paginate: {
    cmd: "getCustomersExport_v3",
    opts: { cmd: "getCustomersExport_v3", method: "POST", body: { completeExtraction: "T" } },
    pageSize: 20,
    key: (x) => JSON.stringify(x),
  },
};

export const FAULTS = {
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
  // Generic records are kept as sent (not validated); a command fourws wraps is paged as its
  // endpoint pages it, so its total is checked.
  if (method === "paginate" && ["bad-record", "wrong-type"].includes(fault)) return null;
  return FAULTS[fault];
}

function elements(method, items) {
  return method === "pricesExport" ? items.reduce((n, l) => n + l.prices.length, 0) : items.length;
}

/** One check per endpoint, each running every fault. */
export const checks = Object.entries(ENDPOINTS).map(([method, ep]) => ({
  name: `${method}: every mock fault ends in the right kind, nothing lost`,
  async run(env) {
    const reference = await env.client()[method](ep.opts).all();
    const all = reference.map(ep.key);
    for (const fault of Object.keys(FAULTS)) {
      const want = expected(method, fault);
      const headers = { "x-fault": fault, "x-fault-id": `${method}-${fault}-${Math.random()}` };
      if (fault !== "total-mismatch") headers["x-fault-start"] = String(ep.pageSize);
      const client = env.client({ maxRetries: 0, timeoutMs: 400, headers });
      const got = [];
      let error = null;
      await within(8000, (async () => {
        try {
          for await (const page of client[method](ep.opts).pages()) got.push(...page.items);
        } catch (e) {
          error = e;
        }
      })(), `${method} with ${fault}`);
      if (want === null) {
        equal(error, null, `${method}/${fault} should not fail`);
        continue;
      }
      ok(error instanceof env.FourWsError, `${method}/${fault}: expected a FourWsError, got ${error}`);
      equal(error.kind, want, `${method}/${fault} kind (${error.message})`);
      ok(error.message.length > 20, `${method}/${fault}: a message a person can act on`);
      equal(error.cmd, ep.cmd, `${method}/${fault} cmd`);
      const delivered = got.map(ep.key);
      equal(JSON.stringify(delivered), JSON.stringify(all.slice(0, delivered.length)), `${method}/${fault}: the delivered prefix`);
      if (fault === "total-mismatch" && /elements are missing/.test(error.message)) {
        // Elements went missing before the end: no resume point, the advice is to start again.
        equal(error.start, null, `${method}/${fault}: no resume point`);
        ok(/start the export again/.test(error.message), `${method}/${fault}: ${error.message}`);
        continue;
      }
      equal(typeof error.start, "number", `${method}/${fault}: a resume point`);
      equal(elements(method, got), error.start, `${method}/${fault}: start = elements delivered`);
      const rest = await env.client()[method]({ ...ep.opts, start: error.start }).all();
      equal(
        JSON.stringify([...delivered, ...rest.map(ep.key)]),
        JSON.stringify(all),
        `${method}/${fault}: resuming yields exactly the rest`,
      );
    }
  },
}));
