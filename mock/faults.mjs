// Fault injection, driven by request headers: x-fault (the mode), x-fault-start (only at that
// start / cursor), x-fault-times + x-fault-id (only the first K matching requests per id and
// mode), x-fault-retry-after (Retry-After of a 429).
import { CORS_HEADERS, JSON_TYPE, sendBytes, sendError, sendHtml, sendJson, writeChunk } from "./http.mjs";

/** Every mode `x-fault` accepts. */
export const FAULT_MODES = Object.freeze([
  "429", "500", "502", "503", "504", "502-html", "422", "401", "api-error", "html",
  "truncated", "drop-mid-body", "drop", "hang",
  "empty-more", "ignore-start", "ignore-limit", "total-mismatch", "huge", "bad-record", "wrong-type",
]);

/** Modes answered before any data is built (status, HTML, dropped or hung connections). */
const EARLY_MODES = new Set(["429", "500", "502", "503", "504", "502-html", "422", "401", "api-error", "html", "drop", "hang"]);

/** Modes after which the client holds a complete, parseable page (an incremental cursor advances). */
const DELIVERING_MODES = new Set(["bad-record", "wrong-type", "total-mismatch", "huge"]);

/** Size of the `huge` response body. */
export const HUGE_BYTES = 64 * 1024 * 1024;

/**
 * @typedef {object} FaultSpec
 * @property {string} mode
 * @property {number | undefined} start
 * @property {number | undefined} times
 * @property {string} id
 * @property {string} retryAfter
 */

/**
 * Reads the fault headers of a request.
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @returns {FaultSpec | { error: string } | null} null when no fault is asked for
 */
export function parseFault(headers) {
  const mode = headers["x-fault"];
  if (!mode) return null;
  if (!FAULT_MODES.includes(mode)) return { error: `Unknown x-fault mode '${mode}' (known: ${FAULT_MODES.join(", ")})` };
  const int = (name) => {
    const text = headers[name];
    if (text === undefined) return undefined;
    return /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  };
  const start = int("x-fault-start");
  const times = int("x-fault-times");
  if (Number.isNaN(start)) return { error: "x-fault-start must be a non-negative integer" };
  if (Number.isNaN(times)) return { error: "x-fault-times must be a non-negative integer" };
  return { mode, start, times, id: headers["x-fault-id"] ?? "", retryAfter: headers["x-fault-retry-after"] ?? "1" };
}

/** Counts, per x-fault-id and mode, how many times a fault with x-fault-times has fired. */
export class FaultCounter {
  constructor() {
    /** @type {Map<string, number>} */
    this.counts = new Map();
  }

  /** Forgets every count. */
  reset() {
    this.counts.clear();
  }

  /**
   * Whether the fault fires for a request at `start` (consumes one of its times if so).
   * @param {FaultSpec} spec
   * @param {number | undefined} start the request's start, or the incremental cursor
   * @returns {boolean}
   */
  fire(spec, start) {
    if (spec.start !== undefined && spec.start !== start) return false;
    if (spec.times === undefined) return true;
    const key = `${spec.id}\u0000${spec.mode}`;
    const fired = this.counts.get(key) ?? 0;
    if (fired >= spec.times) return false;
    this.counts.set(key, fired + 1);
    return true;
  }
}

/** @param {string} mode @returns {boolean} whether the mode is answered before data is built */
export function isEarlyFault(mode) {
  return EARLY_MODES.has(mode);
}

/** @param {string | null} mode @returns {boolean} whether an incremental cursor advances */
export function deliversPage(mode) {
  return mode === null || DELIVERING_MODES.has(mode);
}

/**
 * Paging changes a mode asks for (see paging.mjs `buildPage`).
 * @param {string | null} mode
 */
export function pageTweaks(mode) {
  return {
    ignoreStart: mode === "ignore-start",
    ignoreLimit: mode === "ignore-limit",
    emptyMore: mode === "empty-more",
    extraTotal: mode === "total-mismatch" ? 5 : 0,
  };
}

const GATEWAY_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html lang="it">\n<head><meta charset="utf-8"><title>4WS Suite – Accesso</title></head>\n' +
  '<body>\n<h1>4WS Suite</h1>\n<p>La sessione è scaduta. Effettua di nuovo l’accesso.</p>\n' +
  '<form method="post" action="/login"><input name="username"><input name="password" type="password">' +
  '<button type="submit">Accedi</button></form>\n</body>\n</html>\n';
const STATUS_MESSAGES = {
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service temporarily unavailable",
  504: "Gateway timeout",
};

/**
 * Answers a request with an early fault (nothing is sent for `drop` and `hang`).
 * @param {string} mode
 * @param {FaultSpec} spec
 * @param {import("node:http").ServerResponse} res
 * @returns {number | null} the HTTP status sent, or null when no response was sent
 */
export function sendEarlyFault(mode, spec, res) {
  switch (mode) {
    case "429":
      sendError(res, 429, "Too many requests", { "Retry-After": spec.retryAfter });
      return 429;
    case "500":
    case "502":
    case "503":
    case "504":
      sendError(res, Number(mode), STATUS_MESSAGES[mode]);
      return Number(mode);
    case "502-html":
      sendHtml(res, 502, GATEWAY_502);
      return 502;
    case "422":
      sendError(res, 422, "Unique constraint error");
      return 422;
    case "401":
      sendError(res, 401, "Invalid credentials: session expired");
      return 401;
    case "api-error":
      sendJson(res, 200, { success: false, message: "Internal error while extracting data" });
      return 200;
    case "html":
      sendHtml(res, 200, LOGIN_PAGE);
      return 200;
    case "drop":
      res.destroy();
      return null;
    case "hang":
      return null; // left open: the client gives up, or close() ends it
    default:
      throw new Error(`not an early fault: ${mode}`);
  }
}

const IMPOSSIBLE_DATE_TIME = "2021-02-30 10:00:00";
const WRONG_TYPE = () => ({ x: 1 });

/**
 * Per command: for `bad-record` / `wrong-type`, the altered field's path inside the record and
 * how it is altered; for `huge`, where a record carries the very long string.
 */
const RECORD_FAULTS = {
  getCustomersExport_v3: {
    "bad-record": ["subject.birthday", (rec) => (rec.subject.birthday = IMPOSSIBLE_DATE_TIME)],
    "wrong-type": ["subject.earnedPoints", (rec) => (rec.subject.earnedPoints = WRONG_TYPE())],
    huge: (rec, text) => (rec.subject.address2 = text),
  },
  getSalesExport_v3: {
    "bad-record": ["saleHeader.documentDate", (rec) => (rec.saleHeader.documentDate = "2021-02-30")],
    "wrong-type": ["saleHeader.totalAmount", (rec) => (rec.saleHeader.totalAmount = WRONG_TYPE())],
    huge: (rec, text) => (rec.saleDetails[0].itemDescription = text),
  },
  getLoyaltyVouchers_v1: {
    "bad-record": ["endValidity", (rec) => (rec.endValidity = IMPOSSIBLE_DATE_TIME)],
    "wrong-type": ["totalAmount", (rec) => (rec.totalAmount = WRONG_TYPE())],
    huge: (rec, text) => (rec.branchDescription = text),
  },
  getLastDigitalOrders_v1: {
    "bad-record": ["startDate", (rec) => (rec.startDate = IMPOSSIBLE_DATE_TIME)],
    "wrong-type": ["docNumber", (rec) => (rec.docNumber = WRONG_TYPE())],
    huge: (rec, text) => (rec.items[0].description = text),
  },
  // Prices: the page's first price row (the element of this export), not the 4th price list.
  getPricesExport_v3: {
    "bad-record": ["prices[0].startDate", (rec) => (rec.prices[0].startDate = "2021-02-30 00:00:00")],
    "wrong-type": ["prices[0].price", (rec) => (rec.prices[0].price = WRONG_TYPE())],
    huge: (rec, text) => (rec.priceListDescription = text),
    firstRecord: true,
  },
};

/**
 * Applies `bad-record` or `wrong-type` to a page (the element at index 3, or the last one on a
 * shorter page; for prices the first row of the page).
 * @param {string | null} mode
 * @param {string} cmd
 * @param {object[]} list the page's valueObjectList
 * @returns {string | null} JSON path of the altered value, or null when nothing was altered
 */
export function applyRecordFault(mode, cmd, list) {
  const faults = RECORD_FAULTS[cmd];
  if (!faults || !list.length || (mode !== "bad-record" && mode !== "wrong-type")) return null;
  const index = faults.firstRecord ? 0 : Math.min(3, list.length - 1);
  const [path, alter] = faults[mode];
  alter(list[index]);
  return `valueObjectList[${index}].${path}`;
}

/**
 * Sends a page's envelope, applying a transport-level fault (`truncated`, `drop-mid-body`,
 * `huge`) when asked.
 * @param {import("node:http").ServerResponse} res
 * @param {string | null} mode
 * @param {string} cmd
 * @param {object} envelope
 * @returns {Promise<void>}
 */
export async function sendPage(res, mode, cmd, envelope) {
  if (mode === "huge" && envelope.valueObjectList.length) return sendHuge(res, cmd, envelope);
  const bytes = Buffer.from(JSON.stringify(envelope), "utf8");
  if (mode === "truncated") return sendBytes(res, 200, JSON_TYPE, bytes.subarray(0, Math.floor(bytes.length / 2)));
  if (mode === "drop-mid-body") {
    res.writeHead(200, { ...CORS_HEADERS, "Content-Type": JSON_TYPE, "Content-Length": String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  sendBytes(res, 200, JSON_TYPE, bytes);
}

const PLACEHOLDER = "\u0000fourws-mock-huge\u0000";
const FILLER = "Lorem ipsum dolor sit amet – città di prova € 0123456789 ";
const FILLER_BYTES = Buffer.byteLength(FILLER);
const FILLER_CHUNK = Buffer.from(FILLER.repeat(Math.floor(65536 / FILLER_BYTES)), "utf8");
const FILLERS_PER_CHUNK = Math.floor(65536 / FILLER_BYTES);

/**
 * Streams a valid ~64 MB envelope: the page's records each carry one very long string, written
 * chunk by chunk (never held in memory as one string).
 */
async function sendHuge(res, cmd, envelope) {
  for (const rec of envelope.valueObjectList) RECORD_FAULTS[cmd].huge(rec, PLACEHOLDER);
  const parts = JSON.stringify(envelope).split(JSON.stringify(PLACEHOLDER)).map((p) => Buffer.from(p, "utf8"));
  const strings = parts.length - 1;
  const fillers = Math.floor(HUGE_BYTES / strings / FILLER_BYTES);
  const length = parts.reduce((n, p) => n + p.length, 0) + strings * (2 + fillers * FILLER_BYTES);
  res.writeHead(200, { ...CORS_HEADERS, "Content-Type": JSON_TYPE, "Content-Length": String(length) });
  const tail = Buffer.from(FILLER.repeat(fillers % FILLERS_PER_CHUNK), "utf8");
  try {
    for (let k = 0; k < parts.length; k++) {
      await writeChunk(res, parts[k]);
      if (k === strings) break;
      await writeChunk(res, '"');
      for (let n = Math.floor(fillers / FILLERS_PER_CHUNK); n > 0; n--) await writeChunk(res, FILLER_CHUNK);
      await writeChunk(res, tail);
      await writeChunk(res, '"');
    }
    res.end();
  } catch {
    // the client went away mid-stream: nothing left to do
  }
}
