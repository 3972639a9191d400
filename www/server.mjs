#!/usr/bin/env node
// fourws demo server (Node built-ins only).
//
//   node www/server.mjs [--port N] [--host H]
//
// Serves the demo page (www/), the built package (pkg/ at /pkg/) and, at /api, the
// package's own server-side proxy (`fourws/proxy`): it forwards the page's 4WS calls to the
// 4WS host for the commands the page uses, checked by the client's rules, ADDING the
// credential headers on the way. The browser never sees the credentials.
//
// Without FOURWS_BASE_URL, the mock 4WS server (mock/server.mjs) runs in this process and
// is the host. With FOURWS_BASE_URL, the host is that real 4WS installation and the
// credentials come from FOURWS_APPLICATION_ID, FOURWS_USERNAME, FOURWS_PASSWORD,
// FOURWS_COMPANY_ID, FOURWS_SITE_ID and (optional) FOURWS_NAMESPACE.
import http from "node:http";
import { createReadStream, realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const WWW_DIR = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.resolve(WWW_DIR, "..", "pkg");
const DEFAULT_PORT = 8080;

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The commands the page calls: the proxy forwards these and nothing else. */
const PAGE_COMMANDS = {
  getLoyaltyVouchers_v1: true,
  getLastDigitalOrders_v1: true,
  getCustomersExport_v3: true,
  getPricesExport_v3: true,
  getSalesExport_v3: true,
};

/** Test headers of the mock (fault injection, latency, collection size): only to the mock. */
const MOCK_TEST_HEADERS = ["x-fault", "x-fault-start", "x-fault-times", "x-fault-id", "x-fault-retry-after", "x-latency-ms", "x-mock-total"];

/**
 * @typedef {object} Upstream
 * @property {"mock" | "remote"} kind
 * @property {URL} baseUrl the 4WS host (requests go to `${baseUrl}/api?...`)
 * @property {{ username: string, password: string, companyId: string, siteId: string, namespace?: string }} credentials
 * @property {string} applicationId
 * @property {string} label what the page tells the user it runs against
 * @property {import("../mock/server.mjs").MockServer} [mock] the in-process mock (its outage switch)
 */

/**
 * The 4WS host to proxy to and its credentials, from the environment.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Omit<Upstream, "kind" | "baseUrl" | "label"> & { baseUrl: URL, label: string } | null}
 */
function remoteFromEnv(env) {
  const base = env.FOURWS_BASE_URL?.trim();
  if (!base) return null;
  let baseUrl;
  try {
    baseUrl = new URL(base);
  } catch {
    throw new Error(`FOURWS_BASE_URL is not a URL: ${base}`);
  }
  if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") {
    throw new Error(`FOURWS_BASE_URL must be http(s), got ${baseUrl.protocol}`);
  }
  const required = {
    FOURWS_APPLICATION_ID: "applicationId",
    FOURWS_USERNAME: "username",
    FOURWS_PASSWORD: "password",
    FOURWS_COMPANY_ID: "companyId",
    FOURWS_SITE_ID: "siteId",
  };
  const missing = Object.keys(required).filter((name) => !env[name]);
  if (missing.length) {
    throw new Error(`FOURWS_BASE_URL is set, so these must be set too: ${missing.join(", ")}`);
  }
  const credentials = {
    username: env.FOURWS_USERNAME,
    password: env.FOURWS_PASSWORD,
    companyId: env.FOURWS_COMPANY_ID,
    siteId: env.FOURWS_SITE_ID,
  };
  if (env.FOURWS_NAMESPACE) credentials.namespace = env.FOURWS_NAMESPACE;
  return { baseUrl, credentials, applicationId: env.FOURWS_APPLICATION_ID, label: baseUrl.host };
}

/**
 * @typedef {object} DemoServer
 * @property {string} url e.g. "http://127.0.0.1:8080" (the page is at `${url}/`)
 * @property {number} port
 * @property {"mock" | "remote"} upstream what /api forwards to
 * @property {import("../mock/server.mjs").MockServer | null} mock the in-process mock, if any
 * @property {() => Promise<void>} close
 */

/**
 * Starts the demo server.
 * @param {object} [options]
 * @param {number} [options.port] 0 = random; default 8080, or a random port if 8080 is busy
 * @param {string} [options.host] default 127.0.0.1
 * @param {NodeJS.ProcessEnv} [options.env] where FOURWS_* are read (default process.env)
 * @param {object} [options.mockOptions] options of startMockServer (without FOURWS_BASE_URL)
 * @param {(event: object) => void} [options.onRequest] the proxy's log hook (no secrets)
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const env = options.env ?? process.env;
  let proxyModule;
  try {
    proxyModule = await import(pathToFileURL(path.join(PKG_DIR, "proxy-node.js")).href);
  } catch (err) {
    throw new Error(`the fourws package is not built in pkg/ (run scripts/build.sh): ${err.message}`);
  }
  const remote = remoteFromEnv(env);
  let mock = null;
  /** @type {Upstream} */
  let upstream;
  if (remote) {
    upstream = { kind: "remote", ...remote };
  } else {
    const { startMockServer, DEFAULT_CREDENTIALS } = await import("../mock/server.mjs");
    mock = await startMockServer({ port: 0, ...options.mockOptions });
    const applicationId = env.FOURWS_APPLICATION_ID || "KEEPIT";
    const c = { ...DEFAULT_CREDENTIALS, ...pick(options.mockOptions, Object.keys(DEFAULT_CREDENTIALS)) };
    upstream = {
      kind: "mock",
      baseUrl: new URL(mock.url),
      credentials: { username: c.username, password: c.password, companyId: c.companyId, siteId: c.siteId },
      applicationId,
      label: "the built-in mock 4WS server",
      mock,
    };
  }

  // The page's /api: fourws/proxy, allowing exactly the commands the page calls. The POS
  // is an internal tool, so every caller may make them; a storefront would add `authorize`.
  const api = proxyModule.toNodeHandler(
    proxyModule.createProxy({
      baseUrl: upstream.baseUrl.href,
      applicationId: upstream.applicationId,
      ...upstream.credentials,
      allow: PAGE_COMMANDS,
      // A full export is a page per 10-20 records: room for a few at the till.
      rateLimit: { maxCalls: 600, perMs: 60_000 },
      forwardHeaders: upstream.kind === "mock" ? MOCK_TEST_HEADERS : [],
      onRequest: options.onRequest,
    }),
  );

  const sockets = new Set();
  const server = http.createServer((req, res) => {
    route(req, res, upstream, api).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { success: false, message: `Demo server error: ${err.message}` });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const host = options.host ?? "127.0.0.1";
  const wanted = options.port ?? DEFAULT_PORT;
  try {
    await listen(server, wanted, host);
  } catch (err) {
    // The default port is a convenience: when it is taken, any free port will do.
    if (err.code !== "EADDRINUSE" || options.port !== undefined) {
      await mock?.close();
      throw err;
    }
    await listen(server, 0, host);
  }
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    upstream: upstream.kind,
    mock,
    async close() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await mock?.close();
    },
  };
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object?.[key] != null) out[key] = String(object[key]);
  return out;
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off("listening", onListening);
      reject(err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {Upstream} upstream
 * @param {(req: http.IncomingMessage, res: http.ServerResponse) => void} api the proxy
 */
async function route(req, res, upstream, api) {
  const url = new URL(req.url ?? "/", "http://demo.invalid");
  const pathname = url.pathname;

  if (pathname === "/api") return api(req, res);
  if (pathname === "/demo/outage") return outage(req, res, url, upstream);
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendJson(res, 405, { success: false, message: `${req.method} is not allowed here` }, { Allow: "GET, HEAD" });
  }
  if (pathname === "/demo-config.json") {
    // What the page may know about where it runs: never any credential.
    return sendJson(res, 200, {
      upstream: upstream.kind,
      label: upstream.label,
      testHeaders: upstream.kind === "mock",
      outage: upstream.mock?.outage() ?? false,
    });
  }
  if (pathname === "/pkg" || pathname.startsWith("/pkg/")) {
    return serveFile(req, res, PKG_DIR, pathname.slice("/pkg".length), true);
  }
  if (pathname === "/server.mjs" || pathname === "/README.md") return sendText(res, 404, "Not found\n");
  return serveFile(req, res, WWW_DIR, pathname === "/" ? "/index.html" : pathname, false);
}

/**
 * The outage switch (`POST /demo/outage?on=1|0`; GET tells the state): while on, the mock
 * 4WS server drops every call, as when the shop's line or 4WS is down. Mock only.
 */
function outage(req, res, url, upstream) {
  req.resume();
  if (!upstream.mock) return sendJson(res, 404, { success: false, message: "The outage switch only exists against the built-in mock" });
  if (req.method === "POST") upstream.mock.setOutage(url.searchParams.get("on") === "1");
  else if (req.method !== "GET") return sendJson(res, 405, { success: false, message: "GET or POST" }, { Allow: "GET, POST" });
  return sendJson(res, 200, { outage: upstream.mock.outage() });
}

/**
 * Serves a file below `root`, refusing anything outside it.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} root
 * @param {string} urlPath
 * @param {boolean} isPkg
 */
async function serveFile(req, res, root, urlPath, isPkg) {
  let relative;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return sendText(res, 400, "Bad path\n");
  }
  if (relative.includes("\0")) return sendText(res, 400, "Bad path\n");
  const file = path.resolve(root, "." + path.posix.normalize("/" + relative));
  if (file !== root && !file.startsWith(root + path.sep)) return sendText(res, 403, "Forbidden\n");
  let info;
  try {
    info = await stat(file);
  } catch {
    info = null;
  }
  if (!info?.isFile()) {
    if (isPkg) {
      return sendText(
        res,
        404,
        `Not found: /pkg${urlPath}. The fourws package is built into pkg/ by scripts/build.sh ` +
          `(it may be being rebuilt right now: reload in a few seconds).\n`,
      );
    }
    return sendText(res, 404, "Not found\n");
  }
  const type = MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  res.writeHead(200, {
    "Content-Type": type,
    "Content-Length": info.size,
    // The package is rebuilt in place during development: never serve a stale copy.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  if (req.method === "HEAD") return res.end();
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

function sendJson(res, status, body, extra = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...extra,
  });
  res.end(text);
}

function sendText(res, status, text) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stderr.write(
      "usage: node www/server.mjs [--port N] [--host H]\n" +
        "  --port N  port to listen on (default 8080, or a random one if busy; 0 = random)\n" +
        "  --host H  interface (default 127.0.0.1; 0.0.0.0 to serve the POS on the local network)\n" +
        "Without FOURWS_BASE_URL it runs against the built-in mock 4WS server; see www/README.md.\n",
    );
    return;
  }
  let port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`fourws demo: --port must be 0..65535, got ${values.port}\n`);
      process.exit(2);
    }
  }
  let demo;
  try {
    demo = await startDemoServer({ port, host: values.host });
  } catch (err) {
    process.stderr.write(`fourws demo: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`fourws demo: open ${demo.url}/\n`);
  const stop = () => {
    demo.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) await main();
