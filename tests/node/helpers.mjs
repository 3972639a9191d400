// Shared setup for the API tests: the built package (pkg/) and a mock 4WS server.
import { startMockServer } from "../../mock/server.mjs";

export { Client, FourWsError } from "../../pkg/node.js";
import { Client } from "../../pkg/node.js";

export const PASSWORD = "mock-password";

/** Starts a mock server; returns it with a `client(extra)` factory. */
export async function mock(options = {}) {
  const server = await startMockServer(options);
  const client = (extra = {}) =>
    new Client({
      baseUrl: server.url,
      applicationId: "KEEPIT",
      username: "fourws-demo",
      password: PASSWORD,
      companyId: "MOCK",
      siteId: "1",
      ...extra,
    });
  return { server, client, url: server.url, close: () => server.close() };
}

/** The /api requests the mock received for `cmd` (or all). */
export function requests(server, cmd) {
  return server.requests.filter((r) => !cmd || r.cmd === cmd);
}

/** A stable identity of a record of each endpoint, to compare lists. */
export const keyOf = {
  customersExport: (c) => c.subject.subjectCode,
  pricesExport: (l) => `${l.priceList}:${l.prices.map((p) => p.itemCode).join(",")}`,
  salesExport: (s) => s.saleHeader.refDocument,
  loyaltyVouchers: (v) => v.id,
  lastDigitalOrders: (o) => o.transactionId,
};

/** Options that make each endpoint callable. */
export const ENDPOINTS = {
  customersExport: { cmd: "getCustomersExport_v3", opts: {}, total: 137, pageSize: 20 },
  pricesExport: { cmd: "getPricesExport_v3", opts: {}, total: 72, pageSize: 20 },
  salesExport: { cmd: "getSalesExport_v3", opts: {}, total: 33, pageSize: 10 },
  loyaltyVouchers: { cmd: "getLoyaltyVouchers_v1", opts: { cardBarcode: "0099000001209" }, total: 25, pageSize: 20 },
  lastDigitalOrders: { cmd: "getLastDigitalOrders_v1", opts: { fromDateTime: "2020-01-01 00:00:00" }, total: 41, pageSize: 20 },
};

/** Elements of a list of items as the server counts them (price rows for prices). */
export function elements(method, items) {
  return method === "pricesExport" ? items.reduce((n, l) => n + l.prices.length, 0) : items.length;
}

/** Rejects if `promise` takes longer than `ms` (a bound on hangs, not a timing goal). */
export function within(ms, promise, what = "operation") {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    }),
  ]);
}
