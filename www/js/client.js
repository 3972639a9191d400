// The fourws package and the page's clients. The page talks only to its own origin: `/api`
// is fourws/proxy (www/server.mjs), which adds the shop's credentials, so none of them is in
// the browser.
//
// Hidden test options (query string), passed to the Client as `headers` (the demo server
// forwards them to the mock 4WS server only) or as Client options:
//   ?latency=MS      x-latency-ms: the mock waits MS ms before each answer
//   ?fault=MODE      x-fault (500, 429, drop, html, bad-record, ... see mock/README.md)
//   ?faultStart=N    x-fault-start: only for the page at offset N
//   ?faultTimes=K    x-fault-times: only the first K matching requests
//   ?faultId=ID      x-fault-id: names the counter of faultTimes
//   ?total=N         x-mock-total: the collections hold N elements
//   ?retries=N       maxRetries (default 3)
//   ?timeout=MS      timeoutMs (default 10000 here; the package's default is 30000)
//   ?cache=off       no `cache` option: a failure is shown even when a stored page could answer
import { showBusy } from "./status.js";

const params = new URLSearchParams(location.search);

const HEADER_OPTIONS = {
  latency: "x-latency-ms",
  fault: "x-fault",
  faultStart: "x-fault-start",
  faultTimes: "x-fault-times",
  faultId: "x-fault-id",
  total: "x-mock-total",
};

/** The mock's test headers asked for in the query string. */
export const testHeaders = {};
for (const [param, header] of Object.entries(HEADER_OPTIONS)) {
  if (params.get(param)) testHeaders[header] = params.get(param);
}

/** Client options asked for in the query string. */
export const clientExtras = {};
if (params.get("retries") !== null) clientExtras.maxRetries = Number(params.get("retries"));
if (params.get("timeout") !== null) clientExtras.timeoutMs = Number(params.get("timeout"));
if (params.get("cache") === "off") clientExtras.cache = undefined;

let fourws = null;
let store = null;

/** How old a page kept for an outage may be: a shop day. */
const MAX_STALE_MS = 12 * 3600_000;

/**
 * Loads and initialises the package (served from /pkg/), and fourws/idb: the lookups keep
 * their pages in IndexedDB, so that they still answer, marked stale, when 4WS is down.
 */
export async function loadFourws() {
  const [module, idb] = await Promise.all([import("/pkg/browser.js"), import("/pkg/idb.js")]);
  await module.default();
  fourws = module;
  store = idb.idbStore("fourws-demo");
  return module;
}

/** The loaded package. */
export function pkg() {
  return fourws;
}

/**
 * A client whose retries are reported in `statusEl` (each panel has its own).
 * @param {HTMLElement} statusEl
 */
export function makeClient(statusEl) {
  return new fourws.Client({
    baseUrl: location.origin,
    // A placeholder: the proxy replaces it (and adds every credential) on the way out.
    applicationId: "KEEPIT",
    headers: testHeaders,
    // At the till a silent server must not hold a lookup for minutes: 10 s per attempt.
    timeoutMs: 10_000,
    // When 4WS cannot be reached, a lookup shows what it found last time (IndexedDB).
    cache: { maxStaleMs: MAX_STALE_MS, store },
    ...clientExtras,
    onRequest(event) {
      if (event.cacheOp) console.warn(event.error);
      if (event.retryInMs === undefined || event.retryInMs === null) return;
      const why = event.status ? `HTTP ${event.status}` : event.errorKind ?? "no answer";
      const attempts = (clientExtras.maxRetries ?? 3) + 1;
      showBusy(statusEl, `4WS did not answer properly (${why}) — retrying in ${(event.retryInMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1} of ${attempts})…`);
    },
  });
}
