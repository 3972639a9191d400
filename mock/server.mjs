#!/usr/bin/env node
// fourws mock 4WS server: HTTP, routing, authentication, CORS and the CLI.
// Data lives in data/, commands in commands.mjs, paging in paging.mjs, faults in faults.mjs.
import http from "node:http";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { checkApplication, checkCredentials, DEFAULT_CREDENTIALS } from "./auth.mjs";
import { COMMANDS, DEFAULT_TOTALS } from "./commands.mjs";
import { applyRecordFault, deliversPage, FaultCounter, isEarlyFault, pageTweaks, parseFault, sendEarlyFault, sendPage } from "./faults.mjs";
import { CORS_HEADERS, readBody, sendError, sendJson, sleep } from "./http.mjs";
import { buildPage, planPage } from "./paging.mjs";
import { logEntry } from "./request-log.mjs";

export { DEFAULT_CREDENTIALS } from "./auth.mjs";
export { DEFAULT_TOTALS } from "./commands.mjs";

/**
 * @typedef {object} MockServerOptions
 * @property {number} [port] TCP port; 0 or absent picks a free one
 * @property {string} [host] interface to listen on (default 127.0.0.1)
 * @property {number} [latencyMs] delay before every /api answer (default 0; `x-latency-ms` overrides)
 * @property {string} [username] accepted username (default "fourws-demo")
 * @property {string} [password] accepted password (default "mock-password")
 * @property {string} [companyId] accepted companyId (default "MOCK")
 * @property {string} [siteId] accepted siteId (default "1")
 * @property {Partial<typeof DEFAULT_TOTALS>} [totals] default collection sizes
 *   (customers 137, prices 72 rows, sales 33, vouchers 25 on the docs' card, orders 41)
 */

/**
 * @typedef {object} MockServer
 * @property {string} url base URL, e.g. "http://127.0.0.1:40123" (requests go to `${url}/api?cmd=...`)
 * @property {number} port
 * @property {() => Promise<void>} close stops listening and ends every open connection (hung ones too)
 * @property {import("./request-log.mjs").LoggedRequest[]} requests live log of /api requests since start or reset
 * @property {() => void} reset clears the log, the incremental cursors and the fault counters
 * @property {(on: boolean) => void} setOutage the outage switch: while on, every /api request's
 *   connection is dropped without an answer (4WS unreachable); also POST /__mock/outage?on=1|0
 * @property {() => boolean} outage whether the outage switch is on
 * @property {(on: boolean) => void} setIgnoreLimit while on, `limit` is ignored (pages of the
 *   command's own size, as a 4WS command that does not support it); also the `ignore-limit` fault
 */

/**
 * Starts a mock 4WS server.
 * @param {MockServerOptions} [options]
 * @returns {Promise<MockServer>}
 */
export async function startMockServer(options = {}) {
  const credentials = { ...DEFAULT_CREDENTIALS };
  for (const key of Object.keys(credentials)) if (options[key] != null) credentials[key] = String(options[key]);
  const state = {
    credentials,
    totals: { ...DEFAULT_TOTALS, ...options.totals },
    latencyMs: options.latencyMs ?? 0,
    /** @type {import("./request-log.mjs").LoggedRequest[]} */
    requests: [],
    /** @type {Map<string, number>} incremental cursors by cmd|system */
    cursors: new Map(),
    faults: new FaultCounter(),
    outage: false,
    ignoreLimit: false,
    reset() {
      this.requests.length = 0;
      this.cursors.clear();
      this.faults.reset();
    },
  };

  const server = http.createServer((req, res) => {
    handle(req, res, state).catch((err) => {
      if (!res.headersSent && !res.destroyed) sendError(res, 500, `Mock server error: ${err.message}`);
      else res.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    requests: state.requests,
    reset: () => state.reset(),
    setOutage: (on) => {
      state.outage = Boolean(on);
    },
    outage: () => state.outage,
    setIgnoreLimit: (on) => {
      state.ignoreLimit = Boolean(on);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The host to put in the URL clients use. */
function urlHost(host) {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Routes one request. */
async function handle(req, res, state) {
  const url = new URL(req.url ?? "/", "http://mock.invalid");
  if (req.method === "OPTIONS") return preflight(req, res);
  if (url.pathname.startsWith("/__mock/")) return control(req, res, url, state);
  if (url.pathname !== "/api") {
    req.resume();
    return sendError(res, 404, `No such path: ${url.pathname} (the 4WS API is at /api?cmd=...)`);
  }
  return api(req, res, url, state);
}

/** CORS preflight: allowed for any path, without credentials. */
function preflight(req, res) {
  req.resume();
  res.writeHead(204, {
    ...CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] || "*",
    "Access-Control-Max-Age": "600",
  });
  res.end();
}

/**
 * GET /__mock/requests, POST /__mock/reset, GET /__mock/health, GET|POST /__mock/outage
 * (`?on=1` or `?on=0`; GET tells the state) (no credentials).
 */
function control(req, res, url, state) {
  req.resume();
  const routes = {
    "/__mock/requests": ["GET", () => sendJson(res, 200, state.requests)],
    "/__mock/reset": ["POST", () => (state.reset(), sendJson(res, 200, { ok: true }))],
    "/__mock/health": ["GET", () => sendJson(res, 200, { ok: true })],
  };
  if (url.pathname === "/__mock/outage") {
    if (req.method === "POST") state.outage = url.searchParams.get("on") === "1";
    else if (req.method !== "GET") return sendError(res, 405, "/__mock/outage accepts GET and POST", { Allow: "GET, POST" });
    return sendJson(res, 200, { outage: state.outage });
  }
  const route = routes[url.pathname];
  if (!route) return sendError(res, 404, `No such control endpoint: ${url.pathname}`);
  if (req.method !== route[0]) return sendError(res, 405, `${url.pathname} accepts ${route[0]} only`, { Allow: route[0] });
  route[1]();
}

/** Parses an optional non-negative integer header; NaN when malformed. */
function intHeader(headers, name) {
  const text = headers[name];
  if (text === undefined) return undefined;
  return /^\d{1,10}$/.test(text) ? Number(text) : NaN;
}

/** One /api request: auth, validation, faults, then the page. */
async function api(req, res, url, state) {
  let raw;
  try {
    raw = await readBody(req);
  } catch {
    return sendError(res, 413, "Request body too large");
  }
  const entry = logEntry(req, url, raw);
  state.requests.push(entry);
  if (state.outage) {
    // The outage switch: 4WS is unreachable (the connection drops without an answer).
    entry.fault = "outage";
    res.destroy();
    return;
  }
  const reject = (status, message, headers) => {
    entry.status = status;
    sendError(res, status, message, headers);
  };

  const latency = intHeader(req.headers, "x-latency-ms") ?? state.latencyMs;
  if (Number.isNaN(latency)) return reject(400, "x-latency-ms must be a non-negative integer");
  if (latency > 0) await sleep(latency);
  if (res.destroyed) return; // the client gave up while we waited

  const authError = checkCredentials(req.headers, state.credentials);
  if (authError) return reject(401, authError);
  const appError = checkApplication(url.searchParams, req.headers);
  if (appError) return reject(400, appError);
  const cmd = url.searchParams.get("cmd");
  if (!cmd) return reject(400, "Missing query parameter cmd");
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!command) return reject(404, `Unknown command '${cmd}'`);
  if (req.method !== command.method) return reject(405, `${cmd} must be called with ${command.method}, not ${req.method}`, { Allow: command.method });

  const mockTotal = intHeader(req.headers, "x-mock-total");
  if (Number.isNaN(mockTotal)) return reject(400, "x-mock-total must be a non-negative integer");
  const fault = parseFault(req.headers);
  if (fault && "error" in fault) return reject(400, fault.error);
  let body;
  if (command.method === "POST") {
    const text = raw.toString("utf8").trim();
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return reject(400, "The request body is not valid JSON");
    }
  }

  const collection = command.open({ query: url.searchParams, body, mockTotal, totals: state.totals });
  if ("reply" in collection) {
    entry.status = collection.reply.status;
    return sendJson(res, collection.reply.status, collection.reply.body);
  }
  const plan = planPage(command, collection, cmd, url.searchParams, state.cursors);
  if ("error" in plan) return reject(422, plan.error);
  entry.start = plan.start;

  const mode = fault && state.faults.fire(fault, plan.start) ? fault.mode : null;
  entry.fault = mode;
  if (mode && isEarlyFault(mode)) {
    entry.status = sendEarlyFault(mode, fault, res);
    return;
  }
  const tweaks = pageTweaks(mode);
  if (state.ignoreLimit) tweaks.ignoreLimit = true;
  const { envelope, next } = buildPage(command, collection, plan, tweaks);
  entry.faultPath = applyRecordFault(mode, cmd, envelope.valueObjectList);
  if (plan.cursorKey && deliversPage(mode)) state.cursors.set(plan.cursorKey, next);
  entry.status = 200;
  await sendPage(res, mode, cmd, envelope);
}

/** CLI: node mock/server.mjs [--port N] [--host 127.0.0.1] [--latency MS] */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      latency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write("usage: node mock/server.mjs [--port N] [--host 127.0.0.1] [--latency MS]   (env MOCK_PORT)\n");
    return;
  }
  const number = (text, name) => {
    if (text === undefined || text === "") return undefined;
    if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got '${text}'`);
    return Number(text);
  };
  const mock = await startMockServer({
    port: number(values.port ?? process.env.MOCK_PORT, "port") ?? 0,
    host: values.host ?? "127.0.0.1",
    latencyMs: number(values.latency, "latency") ?? 0,
  });
  process.stdout.write(`fourws mock 4WS server listening on ${mock.url}\n`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main().catch((err) => {
    process.stderr.write(`fourws mock: ${err.message}\n`);
    process.exit(1);
  });
}
