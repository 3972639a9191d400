// Types of fourws/proxy: the server side of a storefront (see the reference, "fourws/proxy").
// The call, body, command and event types are generated from the Rust types; the options,
// the hooks' shapes and the functions are written here.
import type { ClientOptions, HttpMethod } from "./index.js";

// ---- Generated from the Rust types (src/core/proxy_types.rs) by `UPDATE_GOLDEN=1 cargo test`; do not edit. ----
/**
 * The 4WS commands the proxy can check and forward.
 */
export type ProxyCommand = "getCustomersExport_v3" | "getPricesExport_v3" | "getSalesExport_v3" | "getLoyaltyVouchers_v1" | "getLastDigitalOrders_v1";

/**
 * The exports among them (their `allow` may name systems for incremental exports).
 */
export type ProxyExport = "getCustomersExport_v3" | "getPricesExport_v3" | "getSalesExport_v3";

/**
 * A call a page asked for, after the core checked it (values normalised): what the proxy
 * hands to `authorize` and forwards.
 */
export interface ProxyCall {
    /**
     * The command.
     */
    cmd: ProxyCommand;
    /**
     * The command's HTTP method.
     */
    method: HttpMethod;
    /**
     * The command's own query parameters and `start` (never `cmd`, `appId`,
     * `applicationId`), by name.
     */
    query: Record<string, string>;
    /**
     * An export's body, or null for a GET.
     */
    body: ExportBody | null;
}

/**
 * An export's JSON body, as the client and the proxy send it (and as the proxy hands a
 * checked call to `authorize`).
 */
export interface ExportBody {
    /**
     * `"T"`: a complete extraction; `"F"`: an incremental export for `system`.
     */
    completeExtraction: Extraction;
    /**
     * The language of the texts, if given.
     */
    languageId?: string;
    /**
     * The system an incremental export is for, if given.
     */
    system?: string;
}

/**
 * `completeExtraction` as an export's body says it.
 */
export type Extraction = "T" | "F";

/**
 * What `onRequest` receives after every call: never a header, credential or body.
 */
export interface ProxyEvent {
    /**
     * The HTTP method of the caller's request.
     */
    method: string;
    /**
     * The command asked for (as sent, even when refused), or null.
     */
    cmd: string | null;
    /**
     * The checked call's query parameters, once checked, or null.
     */
    query: Record<string, string> | null;
    /**
     * The rate-limit key of the caller (its address by default), or null.
     */
    client: string | null;
    /**
     * The status answered to the caller.
     */
    status: number;
    /**
     * How the call ended.
     */
    outcome: ProxyOutcome;
    /**
     * Why it was refused or failed, or what a 4WS answer that is not 2xx means (the
     * password masked), or null.
     */
    message: string | null;
    /**
     * How long the proxy took to answer, in milliseconds.
     */
    durationMs: number;
}

/**
 * How a proxied call ended.
 */
export type ProxyOutcome = "forwarded" | "refused" | "upstreamError" | "error";

// ---- End of the generated types. ----

/**
 * What `authorize` may answer: `true` (forward as is), `false` (403), a pin
 * `{ query?, body? }` (the call then carries only the pinned query parameters and the
 * caller's `start`, checked again by the same rules), or a `Response` to send as it is
 * (e.g. a 401 asking to log in). Any other answer is refused with 500, nothing forwarded.
 */
export type AuthorizeResult =
  | boolean
  | { query: Record<string, string>; body?: ExportBody | Record<string, string> | null }
  | { query?: Record<string, string>; body: ExportBody | Record<string, string> | null }
  | Response;

/**
 * A limiter of rate-limiter-flexible (RateLimiterRedis, RateLimiterMemory, ...): anything
 * whose `consume(key, points)` resolves when allowed and rejects with `{ msBeforeNext }`
 * when over the limit (any other rejection: its store failed).
 */
export interface SharedLimiter {
  consume(key: string | number, points?: number, options?: unknown): Promise<unknown>;
}

/** A prom-client `Registry` (structurally: what the proxy uses of it). */
export interface MetricsRegistry {
  registerMetric(metric: any): void;
  getSingleMetric(name: string): any;
}

/** Where a caller's key comes from: `rateLimit.key`, else its address. */
export type CallerKey = (request: Request, info?: ProxyInfo) => string | null | undefined | Promise<string | null | undefined>;

/**
 * `rateLimit`: the per-caller limit in this process (`{ maxCalls, perMs }`, default 60 per
 * 60 000 ms), or rate-limiter-flexible limiters shared by every instance: `perCaller`
 * (consumed per call with the caller's key; `false`: none) and `upstream` (consumed once
 * per call sent to 4WS, with the account's key).
 */
export type ProxyRateLimit =
  | { maxCalls?: number; perMs?: number; key?: CallerKey; upstream?: SharedLimiter | false }
  | { perCaller: SharedLimiter | false; upstream?: SharedLimiter | false; key?: CallerKey };

/** What the runtime knows about the caller: `toNodeHandler` passes `{ clientAddress }`, Deno.serve `{ remoteAddr }`, Bun.serve its server (`requestIP`). */
export interface ProxyInfo {
  clientAddress?: string | null;
  remoteAddr?: { hostname?: string };
  requestIP?: (request: Request) => { address: string } | null;
  [key: string]: unknown;
}

/**
 * The account's options: the client's own (generated from the Rust type), checked by the same
 * rules as `new Client`. `applicationId` replaces the caller's `appId`/`applicationId`; past
 * `timeoutMs` (default 30000) a call is answered 504, past `maxResponseBytes` (default
 * 33554432) 502.
 */
export type ProxyAccountOptions = Pick<
  ClientOptions,
  | "baseUrl"
  | "applicationId"
  | "username"
  | "password"
  | "companyId"
  | "siteId"
  | "namespace"
  | "languageId"
  | "loadRoles"
  | "timeoutMs"
  | "maxResponseBytes"
>;

export interface ProxyOptions extends ProxyAccountOptions {
  /**
   * The commands a page may call; anything else is refused with 403. An export's `true`
   * allows its complete extraction only; `{ systems: ["SHOP"] }` also allows incremental
   * exports (and `system`) for the systems named.
   */
  allow: { [C in ProxyCommand]?: C extends ProxyExport ? boolean | { systems: string[] } : boolean };
  /** May this caller make this call? Runs after the parameters were checked. */
  authorize?: (request: Request, call: ProxyCall) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Per caller (default 60 calls per 60 000 ms, keyed by the client address) and per account; false: none. */
  rateLimit?: false | ProxyRateLimit;
  /** A prom-client Registry: the proxy registers and updates its four metrics in it (prom-client must be installed). */
  metrics?: MetricsRegistry;
  /** Key the default rate limit by the last `X-Forwarded-For` entry (only behind your own reverse proxy). Default false. */
  trustProxy?: boolean;
  /** Caller headers passed on to the 4WS host (never credentials, cookies, Authorization). */
  forwardHeaders?: string[];
  /** The path the proxy answers at (default "/api"). */
  path?: string;
  /** Larger request bodies get 413 (default 16384). */
  maxBodyBytes?: number;
  /** Called after every call, for logging (no secrets). */
  onRequest?: (event: ProxyEvent) => void;
  /** The fetch used to reach the 4WS host (default: the global one). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** The proxy's handler: a fetch-style function for Node 20+, Bun, Deno, Workers and Next.js route handlers. */
export interface ProxyHandler {
  (request: Request, info?: ProxyInfo): Promise<Response>;
  /** The path it answers at. */
  readonly path: string;
}

/** Creates the proxy; throws `FourWsError` (`invalidArgument`) for a bad option. */
export declare function createProxy(options: ProxyOptions): ProxyHandler;

/** Adapts the handler to `node:http`, Express and Connect (`(req, res, next?) => void`). */
export declare function toNodeHandler(
  handle: ProxyHandler,
): (req: unknown, res: unknown, next?: (err?: unknown) => void) => void;
