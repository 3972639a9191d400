// Types of the fourws package. The record interfaces (records.d.ts) are generated from
// the same schema tables that drive the decoder.
import type { Customer, PriceList, Sale, LoyaltyVoucher, LoyaltySummary, DigitalOrder } from "./records.js";

export type * from "./records.js";

/** The kinds of {@link FourWsError}. */
export type FourWsErrorKind =
  | "invalidArgument"
  | "network"
  | "timeout"
  | "aborted"
  | "http"
  | "rateLimited"
  | "api"
  | "decode"
  | "validation"
  | "pagination";

/** Every error fourws throws or rejects with. */
export declare class FourWsError extends Error {
  constructor(
    kind: FourWsErrorKind,
    message: string,
    details?: { cmd?: string; start?: number; status?: number; path?: string; retryAfterMs?: number; serverMessage?: string },
  );
  readonly name: "FourWsError";
  /** What went wrong. */
  readonly kind: FourWsErrorKind;
  /** The 4WS command, where a request was involved. */
  readonly cmd: string | null;
  /** The offset of the page that failed: pass it as `start` to resume. */
  readonly start: number | null;
  /** The HTTP status, for "http" and "rateLimited". */
  readonly status: number | null;
  /** The JSON path of the offending value, for "validation". */
  readonly path: string | null;
  /** For "rateLimited": how long the server asked to wait. */
  readonly retryAfterMs: number | null;
  /** For "api", "http" and "rateLimited": the server's own message from its body, or null. */
  readonly serverMessage: string | null;
}

/** What `onRequest` receives after every attempt (never credentials). */
export interface RequestEvent {
  cmd: string;
  method: "GET" | "POST";
  /** The request URL (credentials travel in headers, never in the URL). */
  url: string;
  start: number | null;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  status: number | null;
  durationMs: number;
  /** The bytes of a successful answer. */
  bytes?: number;
  errorKind: FourWsErrorKind | null;
  error?: string | null;
  /** Set when the client will retry after this many milliseconds. */
  retryInMs?: number;
}

/** A record that failed validation, handed to `invalidRecords`. */
export interface InvalidRecord {
  /** Its index in the page's `valueObjectList`. */
  index: number;
  /** The JSON path of the offending value, e.g. `valueObjectList[3].subject.birthday`. */
  path: string;
  /** Why it was refused. */
  message: string;
  /** The record exactly as the server sent it. */
  record: unknown;
  /** The offset of its page. */
  start: number | null;
}

/** Options of `new Client(...)`. */
export interface ClientOptions {
  /** Requests go to `${baseUrl}/api?cmd=...`. */
  baseUrl: string;
  /** Sent as both `appId` and `applicationId`. */
  applicationId: string;
  username?: string;
  password?: string;
  companyId?: string;
  siteId?: string;
  namespace?: string;
  languageId?: "IT" | "EN";
  /** Sends the header `loadRoles: Y`. */
  loadRoles?: boolean;
  /** Per HTTP request, including reading the body (default 30000; 0 = none). */
  timeoutMs?: number;
  /** Retries of network errors, timeouts, 429 and 500/502/503/504 (default 3). */
  maxRetries?: number;
  /** Client-side throttle: at most `maxCalls` request starts in any `perMs` window. */
  rateLimit?: { maxCalls: number; perMs: number };
  /** Pages fetched ahead in parallel in complete extractions (default 1, at most 16). */
  concurrency?: number;
  /** Extra headers (e.g. for a proxy). */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of the global one; called as `fetch(request)`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Called after every attempt, for logging (a throw or a rejected promise is ignored). */
  onRequest?: (event: RequestEvent) => void | Promise<void>;
  /** "throw" (default): an invalid record fails the page. A function: it receives each invalid record and paging goes on. */
  invalidRecords?: "throw" | ((record: InvalidRecord) => void);
  /** Larger bodies fail with a "decode" error (default 33554432). */
  maxResponseBytes?: number;
  /** A `Retry-After` longer than this is not waited for (default 120000). */
  maxRetryAfterMs?: number;
}

/** Options every endpoint accepts. */
export interface PageOptions {
  /** Aborts requests in flight and waits at once. */
  signal?: AbortSignal;
  /** The offset to start from (e.g. a failed page's `error.start`). */
  start?: number;
  /** Overrides the client's `concurrency`. */
  concurrency?: number;
  /** Overrides the client's `invalidRecords`. */
  invalidRecords?: "throw" | ((record: InvalidRecord) => void);
  /**
   * Accept a page identical to one already delivered, for a server whose data legitimately
   * repeats (default false: such a page stops the paging with a `pagination` error).
   */
  allowRepeatedPages?: boolean;
}

/** Options of the KeepIT exports. */
export interface ExportOptions extends PageOptions {
  /** true (default): everything; false: what changed since the last call of `system`. */
  completeExtraction?: boolean;
  languageId?: "IT" | "EN";
  /** Required with `completeExtraction: false`. */
  system?: string;
}

/** Options of `loyaltyVouchers`. */
export interface LoyaltyVouchersOptions extends PageOptions {
  cardBarcode: string;
  pkFieldName?: string;
}

/** Options of `lastDigitalOrders`. */
export interface LastDigitalOrdersOptions extends PageOptions {
  /** A Date, or "yyyy-MM-dd HH:mm:ss" in GMT. */
  fromDateTime: Date | string;
}

/** Options of `paginate` and `request`. */
export interface GenericOptions extends PageOptions {
  cmd: string;
  method?: "GET" | "POST";
  query?: Record<string, string | number | boolean | Date>;
  body?: Record<string, unknown> | unknown[];
}

/** One page. */
export interface Page<T, S = null> {
  /** The validated, normalised records of this page. */
  items: T[];
  /** The offset this page was requested with (null in an incremental export). */
  start: number | null;
  /** The offset of the next page, or null when there is none: pass it as `start` to resume. */
  nextStart: number | null;
  moreRows: boolean;
  /** The number of elements of the whole extraction, or null where unknown. */
  total: number | null;
  /** The elements the server counted on this page (what `start` advanced by): price rows in the prices export, records elsewhere (invalid ones included). */
  elementCount: number;
  /** Endpoint-level fields outside `valueObjectList`. */
  summary: S | null;
  /** Records of this page that failed validation (only with an `invalidRecords` callback). */
  invalid: Omit<InvalidRecord, "start">[];
}

/** Pages of an endpoint, requested only as they are consumed. */
export declare class Paginator<T, S = null> implements AsyncIterable<T> {
  private constructor();
  /** The next page, or null when there are no more. */
  nextPage(): Promise<Page<T, S> | null>;
  /** The pages, in order; leaving the loop early stops all requests. */
  pages(): AsyncGenerator<Page<T, S>, void, undefined>;
  /** The records, in server order. */
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
  /** Every record; with `limit`, stops requesting once it has that many. */
  all(options?: { limit?: number }): Promise<T[]>;
  /** Stops: sends no more requests and aborts the pages fetched ahead. */
  close(): void;
  /**
   * Where to resume (pass it as `start`): the offset of the next element not yet handed
   * over; while a `for await` loop handles a record or page, that record's or page's offset.
   * `null` in an incremental export.
   */
  readonly position: number | null;
}

/** A client of one 4WS installation. */
export declare class Client {
  constructor(options: ClientOptions);
  customersExport(options?: ExportOptions): Paginator<Customer>;
  pricesExport(options?: ExportOptions): Paginator<PriceList>;
  salesExport(options?: ExportOptions): Paginator<Sale>;
  loyaltyVouchers(options: LoyaltyVouchersOptions): Paginator<LoyaltyVoucher, LoyaltySummary>;
  lastDigitalOrders(options: LastDigitalOrdersOptions): Paginator<DigitalOrder>;
  paginate(options: GenericOptions): Paginator<unknown, Record<string, unknown>>;
  request(options: Omit<GenericOptions, "concurrency" | "invalidRecords" | "allowRepeatedPages">): Promise<Record<string, unknown>>;
}

/**
 * Rebuilds whole price lists from the prices export's items (a list longer than a page
 * arrives once per page, header repeated): consecutive parts of the same list are joined.
 */
export declare function joinPriceLists(parts: Iterable<PriceList>): PriceList[];

/**
 * Loads the WebAssembly module. Required once, awaited, before `new Client()` in
 * browsers; does nothing in Node.
 */
export default function init(
  moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;
