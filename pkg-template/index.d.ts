// Types of the fourws package. The record interfaces (records.d.ts) are generated from
// the same schema tables that drive the decoder; the option, page, event and error-kind
// types below are generated from the Rust types that read and write them.
import type { Customer, PriceList, Sale, LoyaltyVoucher, LoyaltySummary, DigitalOrder } from "./records.js";

export type * from "./records.js";

/**
 * A rate-limiter-flexible limiter (RateLimiterRedis, RateLimiterMemory, ...) as `rateLimit`:
 * consumed before each attempt with the account's key (`baseUrl` host, `companyId`,
 * `username`), the key `fourws/proxy` uses for `rateLimit.upstream`, so that jobs and
 * proxies share one budget. A rejection with `{ msBeforeNext }` waits; any other rejection
 * (its store failed) fails the call with kind "network", nothing sent.
 */
export interface SharedLimiter {
  consume(key: string | number, points?: number, options?: unknown): Promise<unknown>;
}

// ---- Generated from the Rust types (src/core/types.rs) by `UPDATE_GOLDEN=1 cargo test`; do not edit. ----
/**
 * What went wrong: the kinds of `FourWsError` (`FourWsError.kind`). The TypeScript type
 * `FourWsErrorKind` is generated from this enum, the one list of the kinds.
 */
export type FourWsErrorKind = "invalidArgument" | "network" | "timeout" | "aborted" | "http" | "rateLimited" | "api" | "decode" | "validation" | "pagination";

/**
 * A failure: the fields a `FourWsError` is built from (those without a value are left
 * out).
 *
 * It never holds credentials: messages are built from option names, server messages and
 * record values, never from the configured password.
 */
export interface FourWsErrorDetails {
    /**
     * What went wrong.
     */
    kind: FourWsErrorKind;
    /**
     * A sentence a person can act on.
     */
    message: string;
    /**
     * The 4WS command, where a request was involved.
     */
    cmd?: string;
    /**
     * The offset of the page that failed (resume from here), where paginating.
     */
    start?: number;
    /**
     * The HTTP status, for "http" and "rateLimited".
     */
    status?: number;
    /**
     * The JSON path of the offending value, for "validation" (and "decode" where known).
     */
    path?: string;
    /**
     * How long the server asked us to wait (`Retry-After`), where it said.
     */
    retryAfterMs?: number;
    /**
     * For "http" and "api": the server's own message, as it sent it.
     */
    serverMessage?: string;
}

/**
 * A `languageId`: the languages 4WS answers in.
 */
export type Language = "IT" | "EN";

/**
 * `"GET"` or `"POST"`, in any letter case.
 */
export type HttpMethod = "GET" | "POST";

/**
 * The options of `new Client(...)`, as the caller wrote them.
 */
export interface ClientOptions {
    /**
     * Requests go to `${baseUrl}/api?cmd=...` (http or https, no credentials in it).
     */
    baseUrl: string;
    /**
     * Sent as both `appId` and `applicationId`.
     */
    applicationId: string;
    /**
     * Sent as the `username` header.
     */
    username?: string | null;
    /**
     * Sent as the `password` header; never shown in an error or a log event.
     */
    password?: string | null;
    /**
     * Sent as the `companyId` header.
     */
    companyId?: string | null;
    /**
     * Sent as the `siteId` header.
     */
    siteId?: string | null;
    /**
     * Sent as the `namespace` header.
     */
    namespace?: string | null;
    /**
     * Sent as the `languageId` header.
     */
    languageId?: Language | null;
    /**
     * Sends the header `loadRoles: Y`.
     */
    loadRoles?: boolean | null;
    /**
     * Per HTTP request, including reading the body (default 30000; 0 = none).
     */
    timeoutMs?: number | null;
    /**
     * Retries of network errors, timeouts, 429 and 500/502/503/504 (default 3, at most 20).
     */
    maxRetries?: number | null;
    /**
     * Client-side throttle: at most `maxCalls` request starts in any `perMs` window; or a
     * rate-limiter-flexible limiter shared with other processes (consumed before each
     * attempt with the account's key; the package's JS hands it to the transport's gate,
     * so the core never reads it; the type is said here because Rust cannot say it).
     */
    rateLimit?: RateLimitOptions | SharedLimiter | null;
    /**
     * Pages fetched ahead in parallel in complete extractions (default 1, at most 16).
     */
    concurrency?: number | null;
    /**
     * Extra headers (e.g. for a proxy); `null` and `undefined` values are left out.
     */
    headers?: Record<string, string | number | null | undefined> | Headers | null;
    /**
     * A fetch implementation to use instead of the global one; called as `fetch(request)`
     * with each attempt's `Request`.
     */
    fetch?: ((request: Request) => Promise<Response>) | null;
    /**
     * Called after every attempt, for logging (a rejected promise is ignored).
     */
    onRequest?: ((event: RequestEvent) => void | Promise<void>) | null;
    /**
     * "throw" (default): an invalid record fails the page. A function: it receives each
     * invalid record and paging goes on.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Larger bodies fail with a "decode" error (default 33554432).
     */
    maxResponseBytes?: number | null;
    /**
     * A `Retry-After` longer than this is not waited for (default 120000).
     */
    maxRetryAfterMs?: number | null;
    /**
     * Stale-if-error lookups: when 4WS cannot be reached, a GET lookup is answered with
     * the page stored when it last succeeded (marked `stale`).
     */
    cache?: CacheOptions | null;
}

/**
 * The `rateLimit` client option (both are required).
 */
export interface RateLimitOptions {
    /**
     * Request starts allowed per window (1 to 1000000).
     */
    maxCalls: number;
    /**
     * The window, in milliseconds (1 to 86400000).
     */
    perMs: number;
}

/**
 * The `cache` client option.
 */
export interface CacheOptions {
    /**
     * The oldest stored page that may answer a failed lookup, in milliseconds (required).
     */
    maxStaleMs: number;
    /**
     * Where pages are kept: any object with `get`, `set` and `delete` (sync or async,
     * e.g. a Keyv instance, or `idbStore()` from "fourws/idb"); in memory by default.
     */
    store?: CacheStore | null;
}

/**
 * The options every paginated endpoint accepts (each endpoint's options type repeats
 * them; this type only names them for TypeScript).
 */
export interface PageOptions {
    /**
     * Aborts requests in flight and waits at once.
     */
    signal?: AbortSignal | null;
    /**
     * The offset to start from (e.g. a failed page's `error.start`).
     */
    start?: number | null;
    /**
     * Overrides the client's `concurrency`.
     */
    concurrency?: number | null;
    /**
     * Overrides the client's `invalidRecords`.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Accept a page identical to one already delivered (default false: such a
     * page stops paging with a "pagination" error, as a server that ignores
     * `start` sends them).
     */
    allowRepeatedPages?: boolean | null;
    /**
     * Documents API GET calls only (elsewhere an "invalidArgument" error): the
     * elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
     * the server ignores it.
     */
    pageSize?: number | null;
    /**
     * Resume where `paginator.checkpoint()` was taken, with the same guards.
     */
    resume?: Checkpoint | null;
}

/**
 * Options of the KeepIT exports (`customersExport`, `pricesExport`, `salesExport`).
 */
export interface ExportOptions {
    /**
     * true (default): everything; false: what changed since the last call of `system`.
     */
    completeExtraction?: boolean | null;
    /**
     * The language of descriptions.
     */
    languageId?: Language | null;
    /**
     * Your system's name; required with `completeExtraction: false`.
     */
    system?: string | null;
    /**
     * Aborts requests in flight and waits at once.
     */
    signal?: AbortSignal | null;
    /**
     * The offset to start from (e.g. a failed page's `error.start`).
     */
    start?: number | null;
    /**
     * Overrides the client's `concurrency`.
     */
    concurrency?: number | null;
    /**
     * Overrides the client's `invalidRecords`.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Accept a page identical to one already delivered (default false: such a
     * page stops paging with a "pagination" error, as a server that ignores
     * `start` sends them).
     */
    allowRepeatedPages?: boolean | null;
    /**
     * Documents API GET calls only (elsewhere an "invalidArgument" error): the
     * elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
     * the server ignores it.
     */
    pageSize?: number | null;
    /**
     * Resume where `paginator.checkpoint()` was taken, with the same guards.
     */
    resume?: Checkpoint | null;
}

/**
 * Options of `loyaltyVouchers`.
 */
export interface LoyaltyVouchersOptions {
    /**
     * The customer's card barcode (required).
     */
    cardBarcode: string;
    /**
     * The primary key field name.
     */
    pkFieldName?: string | null;
    /**
     * Aborts requests in flight and waits at once.
     */
    signal?: AbortSignal | null;
    /**
     * The offset to start from (e.g. a failed page's `error.start`).
     */
    start?: number | null;
    /**
     * Overrides the client's `concurrency`.
     */
    concurrency?: number | null;
    /**
     * Overrides the client's `invalidRecords`.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Accept a page identical to one already delivered (default false: such a
     * page stops paging with a "pagination" error, as a server that ignores
     * `start` sends them).
     */
    allowRepeatedPages?: boolean | null;
    /**
     * Documents API GET calls only (elsewhere an "invalidArgument" error): the
     * elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
     * the server ignores it.
     */
    pageSize?: number | null;
    /**
     * Resume where `paginator.checkpoint()` was taken, with the same guards.
     */
    resume?: Checkpoint | null;
}

/**
 * Options of `lastDigitalOrders`.
 */
export interface LastDigitalOrdersOptions {
    /**
     * Orders created since: a Date, or "yyyy-MM-dd HH:mm:ss" in GMT (required).
     */
    fromDateTime: DateArg;
    /**
     * Aborts requests in flight and waits at once.
     */
    signal?: AbortSignal | null;
    /**
     * The offset to start from (e.g. a failed page's `error.start`).
     */
    start?: number | null;
    /**
     * Overrides the client's `concurrency`.
     */
    concurrency?: number | null;
    /**
     * Overrides the client's `invalidRecords`.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Accept a page identical to one already delivered (default false: such a
     * page stops paging with a "pagination" error, as a server that ignores
     * `start` sends them).
     */
    allowRepeatedPages?: boolean | null;
    /**
     * Documents API GET calls only (elsewhere an "invalidArgument" error): the
     * elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
     * the server ignores it.
     */
    pageSize?: number | null;
    /**
     * Resume where `paginator.checkpoint()` was taken, with the same guards.
     */
    resume?: Checkpoint | null;
}

/**
 * Options of `paginate`: any paginated command.
 */
export interface GenericOptions {
    /**
     * The 4WS command (letters, digits, `_`).
     */
    cmd: string;
    /**
     * "GET" (default) or "POST".
     */
    method?: HttpMethod | null;
    /**
     * The command's own query parameters (a Date is sent as its GMT time).
     */
    query?: RequestQuery | null;
    /**
     * The JSON body, for POST (a Date is sent as its GMT time).
     */
    body?: JsonArg | null;
    /**
     * Aborts requests in flight and waits at once.
     */
    signal?: AbortSignal | null;
    /**
     * The offset to start from (e.g. a failed page's `error.start`).
     */
    start?: number | null;
    /**
     * Overrides the client's `concurrency`.
     */
    concurrency?: number | null;
    /**
     * Overrides the client's `invalidRecords`.
     */
    invalidRecords?: InvalidRecordsArg | null;
    /**
     * Accept a page identical to one already delivered (default false: such a
     * page stops paging with a "pagination" error, as a server that ignores
     * `start` sends them).
     */
    allowRepeatedPages?: boolean | null;
    /**
     * Documents API GET calls only (elsewhere an "invalidArgument" error): the
     * elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
     * the server ignores it.
     */
    pageSize?: number | null;
    /**
     * Resume where `paginator.checkpoint()` was taken, with the same guards.
     */
    resume?: Checkpoint | null;
}

/**
 * Options of `request`: one call, no paging.
 */
export interface RequestOptions {
    /**
     * The 4WS command (letters, digits, `_`).
     */
    cmd: string;
    /**
     * "GET" (default) or "POST".
     */
    method?: HttpMethod | null;
    /**
     * The command's own query parameters (a Date is sent as its GMT time).
     */
    query?: RequestQuery | null;
    /**
     * The JSON body, for POST (a Date is sent as its GMT time).
     */
    body?: JsonArg | null;
    /**
     * Aborts the request at once.
     */
    signal?: AbortSignal | null;
    /**
     * Sent as the `start` query parameter.
     */
    start?: number | null;
}

/**
 * Options of `Paginator.all()`.
 */
export interface AllOptions {
    /**
     * Stop requesting once this many records are collected.
     */
    limit?: number | null;
}

/**
 * The `invalidRecords` option: `"throw"` or a function.
 */
export type InvalidRecordsArg = "throw" | ((record: InvalidRecord) => void);

/**
 * A JSON value given by the caller (a request `body`), with `Date`s kept as dates.
 */
export type JsonArg = Record<string, unknown> | unknown[];

/**
 * The `query` option: names to strings, numbers, booleans or `Date`s, in the caller's order (`null` and `undefined` values left out).
 */
export type RequestQuery = Record<string, string | number | boolean | Date | null | undefined>;

/**
 * `fromDateTime`: a `Date` or a string.
 */
export type DateArg = Date | string;

/**
 * The resumable state of one paginator.
 */
export interface Checkpoint {
    /**
     * The format's version ([`VERSION`]).
     */
    fourwsCheckpoint: number;
    /**
     * The 4WS command it was taken from.
     */
    cmd: string;
    /**
     * Whether it was an incremental export (the server keeps the position).
     */
    incremental: boolean;
    /**
     * The offset of the next element to deliver.
     */
    position: number;
    /**
     * Elements delivered so far (from the first paginator of the chain).
     */
    delivered: number;
    /**
     * The extraction's total as the server announced it, where the endpoint has one.
     */
    total: number | undefined;
    /**
     * Whether paging had gone one page at a time (a short page came before the end).
     */
    sequential: boolean;
    /**
     * Whether the last page was delivered.
     */
    done: boolean;
    /**
     * Fingerprints of the pages delivered last (hex), to notice one served again.
     */
    seen: string[];
    /**
     * An incremental export only: a page was asked for and never delivered (the run
     * failed or was stopped while it was in flight). The server may already count it as
     * delivered and will not send it again, so the export can no longer be known complete:
     * a resumed paginator delivers what is left, then reports it. A checkpoint written
     * before it existed reads as `true` (whether a page was lost cannot be told then).
     * Only incremental exports use it.
     */
    pageLost?: boolean;
}

/**
 * One page.
 */
export interface Page<T, S = Record<string, unknown>> {
    /**
     * The validated, normalised records of this page.
     */
    items: T[];
    /**
     * The offset this page was requested with (null in an incremental export).
     */
    start: number | null;
    /**
     * The offset of the next page, or null when there is none: pass it as `start` to resume.
     */
    nextStart: number | null;
    /**
     * `moreRows`, as the server said (or as the page implies when it left it out).
     */
    moreRows: boolean;
    /**
     * The number of elements of the whole extraction, or null where unknown.
     */
    total: number | null;
    /**
     * The number of elements the server counted on this page (for prices: price rows),
     * valid and invalid alike; `start + elementCount` is where the next page starts.
     */
    elementCount: number;
    /**
     * Endpoint-level fields outside `valueObjectList`.
     */
    summary: S | null;
    /**
     * Records of this page that failed validation (only with an `invalidRecords` callback).
     */
    invalid: InvalidRecord[];
    /**
     * null for a page fetched live; for a page answered from the cache (`cache` option)
     * because 4WS could not be reached: when it was stored, its age and the error.
     */
    stale: Stale | null;
}

/**
 * How old a page answered from the cache is, and why the live lookup failed.
 */
export interface Stale {
    /**
     * When the page was fetched and stored (ISO 8601).
     */
    storedAt: string;
    /**
     * Its age when it was delivered, in milliseconds.
     */
    ageMs: number;
    /**
     * Why the page could not be fetched live.
     */
    error: FourWsError;
}

/**
 * A record that failed validation, handed to `invalidRecords`.
 */
export interface InvalidRecord {
    /**
     * Its index in the page's `valueObjectList`.
     */
    index: number;
    /**
     * The JSON path of the offending value, e.g. `valueObjectList[3].subject.birthday`.
     */
    path: string;
    /**
     * Why it was refused.
     */
    message: string;
    /**
     * The record exactly as the server sent it.
     */
    record: unknown;
    /**
     * The offset of its page.
     */
    start: number | null;
}

/**
 * What `onRequest` receives after every attempt (never credentials).
 */
export interface RequestEvent {
    /**
     * The 4WS command.
     */
    cmd: string;
    /**
     * The HTTP method.
     */
    method: HttpMethod;
    /**
     * The request URL (credentials travel in headers, never in the URL).
     */
    url: string;
    /**
     * The page offset sent, if any.
     */
    start: number | null;
    /**
     * 1 for the first attempt, 2 for the first retry, ...
     */
    attempt: number;
    /**
     * The HTTP status, if an answer came.
     */
    status: number | null;
    /**
     * How long the attempt took.
     */
    durationMs: number;
    /**
     * The bytes of a successful answer.
     */
    bytes?: number;
    /**
     * What went wrong, if anything.
     */
    errorKind: FourWsErrorKind | null;
    /**
     * The error's message (password masked), if anything went wrong.
     */
    error?: string;
    /**
     * Set when the client will retry after this many milliseconds.
     */
    retryInMs?: number;
    /**
     * Set when the event reports a failing cache store rather than an HTTP attempt
     * (`attempt` is then 0 and `error` says what failed): the store operation.
     */
    cacheOp?: CacheOp;
}

/**
 * A cache store operation (`cache.store`'s functions).
 */
export type CacheOp = "get" | "set" | "delete";

// ---- End of the generated types. ----

/**
 * Where the `cache` option keeps pages: any object with these three functions, each
 * returning its result or a promise of it (a `Keyv` instance with any adapter, `idbStore()`
 * from "fourws/idb", a `Map`...). Keys are strings holding no credential; values are plain
 * JSON objects.
 */
export interface CacheStore {
    get(key: string): unknown;
    set(key: string, value: any): unknown;
    delete(key: string): unknown;
}

/** Every error fourws throws or rejects with. */
export declare class FourWsError extends Error {
  constructor(
    kind: FourWsErrorKind,
    message: string,
    // The context fields of `FourWsErrorDetails` (generated above), each may be null.
    details?: { [K in Exclude<keyof FourWsErrorDetails, "kind" | "message">]?: FourWsErrorDetails[K] | null },
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

/** Pages of an endpoint, requested only as they are consumed. */
export declare class Paginator<T, S = Record<string, unknown>> implements AsyncIterable<T> {
  private constructor();
  /** The next page, or null when there are no more. */
  nextPage(): Promise<Page<T, S> | null>;
  /**
   * The pages, in order; leaving the loop early stops all requests. With `limit`, stops
   * once that many records were handed over (refused in an incremental export). One
   * iteration at a time: a second while one runs is refused.
   */
  pages(options?: AllOptions): AsyncGenerator<Page<T, S>, void, undefined>;
  /** The records, in server order. */
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
  /** Every record; with `limit`, stops requesting once it has that many. */
  all(options?: AllOptions): Promise<T[]>;
  /** Stops: sends no more requests and aborts the pages fetched ahead. */
  close(): void;
  /**
   * The state to resume from after the last page delivered: pass it as the `resume` option
   * of the same method (in this process or another); the resumed paginator applies the same
   * guards as one never interrupted. JSON-able.
   */
  checkpoint(): Checkpoint;
  /**
   * The checkpoint to store just before asking for the next page: in an incremental export
   * it counts that page as lost (`pageLost: true`) until it is delivered, so that a process
   * killed while the page is on its way resumes into an error, not a false success.
   */
  checkpointBeforeNextPage(): Checkpoint;
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
  request(options: RequestOptions): Promise<Record<string, unknown>>;
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
