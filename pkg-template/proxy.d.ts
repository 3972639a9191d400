// Types of fourws/proxy: the server side of a storefront (see the reference, "fourws/proxy").

/** The 4WS commands the proxy can check and forward. */
export type ProxyCommand =
  | "getCustomersExport_v3"
  | "getPricesExport_v3"
  | "getSalesExport_v3"
  | "getLoyaltyVouchers_v1"
  | "getLastDigitalOrders_v1";

/** The exports among them (their `allow` may name systems for incremental exports). */
export type ProxyExport = "getCustomersExport_v3" | "getPricesExport_v3" | "getSalesExport_v3";

/** A call the page asked for, after the core checked it (values normalised). */
export interface ProxyCall {
  cmd: ProxyCommand;
  method: "GET" | "POST";
  /** The command's own query parameters and `start` (never `cmd`, `appId`, `applicationId`). */
  query: Record<string, string>;
  /** An export's body (`completeExtraction` "T"/"F", `languageId`, `system`), or null for a GET. */
  body: Record<string, string> | null;
}

/**
 * What `authorize` may answer: `true` (forward as is), `false` (403), a pin
 * `{ query?, body? }` (the call then carries only the pinned query parameters and the
 * caller's `start`, checked again by the same rules), or a `Response` to send as it is
 * (e.g. a 401 asking to log in). Any other answer is refused with 500, nothing forwarded.
 */
export type AuthorizeResult =
  | boolean
  | { query: Record<string, string>; body?: Record<string, string> | null }
  | { query?: Record<string, string>; body: Record<string, string> | null }
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

/** What `onRequest` receives after every call: never a header, credential or body. */
export interface ProxyEvent {
  method: string;
  /** The command asked for (as sent, even when refused), or null. */
  cmd: string | null;
  /** The checked call's query parameters, once checked, or null. */
  query: Record<string, string> | null;
  /** The rate-limit key of the caller (its address by default), or null. */
  client: string | null;
  /** The status answered to the caller. */
  status: number;
  /** "forwarded": the 4WS host answered (any status); "refused": the proxy said no; "upstreamError": the host could not be reached or broke off; "error": the proxy failed. */
  outcome: "forwarded" | "refused" | "upstreamError" | "error";
  /** Why it was refused or failed (the password masked), or null. */
  message: string | null;
  durationMs: number;
}

export interface ProxyOptions {
  /** The 4WS host; calls go to `${baseUrl}/api?cmd=...`. */
  baseUrl: string;
  /** Sent as `appId`/`applicationId` (query and headers), replacing the caller's. */
  applicationId: string;
  username?: string;
  password?: string;
  companyId?: string;
  siteId?: string;
  namespace?: string;
  languageId?: "IT" | "EN";
  loadRoles?: boolean;
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
  /** Upstream timeout per call (default 30000): then 504. */
  timeoutMs?: number;
  /** Larger request bodies get 413 (default 16384). */
  maxBodyBytes?: number;
  /** Larger upstream answers get 502 (default 33554432). */
  maxResponseBytes?: number;
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
