// fourws/proxy in Node over real HTTP: toNodeHandler on node:http in front of the mock 4WS
// server, the fourws client through it, and raw requests no fetch client would send.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { startMockServer, DEFAULT_CREDENTIALS } from "../../mock/server.mjs";
import { createProxy, toNodeHandler } from "../../pkg/proxy-node.js";
import { Client } from "../../pkg/node.js";

const PASSWORD = DEFAULT_CREDENTIALS.password;
const MOCK_HEADERS = ["x-fault", "x-fault-start", "x-fault-times", "x-fault-id", "x-latency-ms"];

let mock;
const servers = [];
/** Everything any test received from a proxy, to check that the password is in none of it. */
const received = [];

async function serve(extra = {}) {
  const handle = createProxy({
    baseUrl: mock.url,
    applicationId: "KEEPIT",
    ...DEFAULT_CREDENTIALS,
    allow: { getLoyaltyVouchers_v1: true, getLastDigitalOrders_v1: true, getCustomersExport_v3: true },
    forwardHeaders: MOCK_HEADERS,
    rateLimit: { maxCalls: 1000, perMs: 60_000 },
    ...extra,
  });
  const server = http.createServer(toNodeHandler(handle));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

/** Sends `text` as is on a new connection; resolves to the raw answer. */
function raw(origin, text) {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let out = "";
    socket.setEncoding("latin1");
    socket.on("data", (d) => (out += d));
    socket.on("end", () => {
      received.push(out);
      resolve(out);
    });
    socket.on("error", reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
  });
}

const status = (answer) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

async function fetchText(url, init) {
  const r = await fetch(url, init);
  const text = await r.text();
  received.push(`${r.status}\n${[...r.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${text}`);
  return { status: r.status, headers: r.headers, text };
}

before(async () => {
  mock = await startMockServer({ port: 0 });
});
after(async () => {
  for (const s of servers) {
    s.closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  }
  await mock.close();
});

test("the fourws client through toNodeHandler: vouchers, orders and a whole export from the mock", async () => {
  const origin = await serve();
  const client = new Client({ baseUrl: origin, applicationId: "PLACEHOLDER" });
  const vouchers = await client.loyaltyVouchers({ cardBarcode: "0099000001209" }).all();
  assert.equal(vouchers.length, 25);
  const orders = await client.lastDigitalOrders({ fromDateTime: "2020-01-01 00:00:00" }).all();
  assert.equal(orders.length, 41);
  const customers = await client.customersExport({ concurrency: 2 }).all();
  assert.equal(customers.length, 137);
  const err = await client.loyaltyVouchers({ cardBarcode: "0000000000000" }).all().catch((e) => e);
  assert.equal(err.kind, "api");
  assert.match(err.serverMessage, /No customer found/);
  // The mock saw the proxy's credentials (its log masks the password as ***) and its own application id.
  const seen = mock.requests.filter((r) => r.cmd === "getLoyaltyVouchers_v1");
  assert.ok(seen.length >= 2);
  for (const r of seen) {
    assert.equal(r.headers.username, DEFAULT_CREDENTIALS.username);
    assert.equal(r.headers.password, "***");
  }
});

test("raw requests: injected credential headers, absolute and odd targets, methods, GET bodies", async () => {
  const origin = await serve();
  const before = mock.requests.length;
  const vouchers = "/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209";
  // The caller's own credential headers are replaced: the call still works with the shop's.
  let answer = await raw(origin, `GET ${vouchers} HTTP/1.1\r\nHost: x\r\nusername: intruder\r\npassword: guess\r\ncompanyId: OTHER\r\nConnection: close\r\n\r\n`);
  assert.equal(status(answer), 200, answer.slice(0, 200));
  const last = mock.requests[mock.requests.length - 1];
  assert.equal(last.headers.username, DEFAULT_CREDENTIALS.username);
  // A header value with a bare line break never reaches the handler (Node's parser refuses it).
  answer = await raw(origin, `GET ${vouchers} HTTP/1.1\r\nHost: x\r\nx-fault: 500\rpassword: x\r\nConnection: close\r\n\r\n`);
  assert.equal(status(answer), 400);
  // Path tricks.
  for (const target of ["/api/../admin", "/api/..%2F..%2Fetc%2Fpasswd", "//api?cmd=getLoyaltyVouchers_v1&cardBarcode=1", "/api%2F?cmd=getLoyaltyVouchers_v1&cardBarcode=1", "/api;x?cmd=getLoyaltyVouchers_v1&cardBarcode=1"]) {
    answer = await raw(origin, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(status(answer), 404, target);
  }
  // An absolute-form target naming another host still goes to the configured 4WS host only.
  answer = await raw(origin, `GET http://evil.example${vouchers} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
  assert.equal(status(answer), 200);
  // Methods: TRACE and friends are refused; a GET's body is not forwarded.
  for (const method of ["TRACE", "PUT", "OPTIONS"]) {
    answer = await raw(origin, `${method} ${vouchers} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    assert.equal(status(answer), 405, method);
    assert.match(answer, /allow: GET, POST/i);
  }
  answer = await raw(origin, `GET ${vouchers} HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{"a":"b"}`);
  assert.equal(status(answer), 200);
  assert.equal(mock.requests.length - before, 3, "exactly the three good calls reached the mock");
});

test("an oversized body (declared or chunked) gets 413, and the connection is answered, not hung", async () => {
  const origin = await serve({ maxBodyBytes: 1024 });
  const big = JSON.stringify({ completeExtraction: "T", system: "x".repeat(100_000) });
  let answer = await raw(origin, `POST /api?cmd=getCustomersExport_v3 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\nConnection: close\r\n\r\n${big}`);
  assert.equal(status(answer), 413);
  assert.match(answer, /"success":false/);
  const chunk = big.slice(0, 4000);
  const chunked = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("") + "0\r\n\r\n";
  answer = await raw(origin, `POST /api?cmd=getCustomersExport_v3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`);
  assert.equal(status(answer), 413);
});

test("a slow 4WS host: 504 after timeoutMs, which the client reports as an http error", async () => {
  const origin = await serve({ timeoutMs: 300 });
  const client = new Client({ baseUrl: origin, applicationId: "KEEPIT", maxRetries: 0, headers: { "x-fault": "hang" } });
  const err = await client.loyaltyVouchers({ cardBarcode: "0099000001209" }).all().catch((e) => e);
  assert.equal(err.kind, "http");
  assert.equal(err.status, 504);
  assert.match(err.serverMessage, /did not answer within/);
});

test("the per-caller rate limit keys on the socket's address by default", async () => {
  const origin = await serve({ rateLimit: { maxCalls: 2, perMs: 60_000 } });
  const url = `${origin}/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209`;
  assert.equal((await fetchText(url)).status, 200);
  assert.equal((await fetchText(url, { headers: { "x-forwarded-for": "9.9.9.9" } })).status, 200);
  const third = await fetchText(url, { headers: { "x-forwarded-for": "8.8.8.8" } });
  assert.equal(third.status, 429);
  assert.ok(Number(third.headers.get("retry-after")) >= 1);
  assert.equal(JSON.parse(third.text).success, false);
});

test("Express/Connect: other paths go on to next()", async () => {
  const handler = toNodeHandler(createProxy({ baseUrl: mock.url, applicationId: "KEEPIT", allow: { getLoyaltyVouchers_v1: true } }));
  let nexted = 0;
  const server = http.createServer((req, res) =>
    handler(req, res, () => {
      nexted++;
      res.end("next");
    }),
  );
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  assert.equal((await fetchText(`${origin}/shop`)).text, "next");
  assert.equal((await fetchText(`${origin}/api?cmd=getCustomersExport_v3`)).status, 403);
  assert.equal(nexted, 1);
});

test("the password is in nothing any caller received", async () => {
  // The mock echoing a 401 carries the server's message; the password is masked anyway.
  const origin = await serve();
  await fetchText(`${origin}/api?cmd=getLoyaltyVouchers_v1&cardBarcode=0099000001209`, { headers: { "x-fault": "401" } });
  assert.ok(received.length >= 15, `checked ${received.length} answers`);
  for (const text of received) {
    assert.ok(!text.includes(PASSWORD), text.slice(0, 300));
    assert.ok(!/set-cookie/i.test(text));
  }
});

/** What express.json() does: reads the stream, leaves the parsed object in req.body. */
function jsonParser(req, res, next) {
  let text = "";
  req.setEncoding("utf8");
  req.on("data", (d) => (text += d));
  req.on("end", () => {
    req._body = true;
    req.body = text ? JSON.parse(text) : {};
    next();
  });
}

test("issue 18 item 18: behind a body parser (express.json()), exports are forwarded from req.body", async () => {
  const handler = toNodeHandler(createProxy({ baseUrl: mock.url, applicationId: "KEEPIT", ...DEFAULT_CREDENTIALS, allow: { getCustomersExport_v3: true }, rateLimit: false }));
  const server = http.createServer((req, res) => jsonParser(req, res, () => handler(req, res)));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const client = new Client({ baseUrl: origin, applicationId: "PLACEHOLDER" });
  const customers = await client.customersExport().all();
  assert.equal(customers.length, 137);
  // A parser that read the body and kept nothing: the integrator is told what to do.
  const swallow = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise((resolve) => swallow.listen(0, "127.0.0.1", resolve));
  servers.push(swallow);
  const r = await fetchText(`http://127.0.0.1:${swallow.address().port}/api?cmd=getCustomersExport_v3`, { method: "POST", body: '{"completeExtraction":"T"}', headers: { "content-type": "application/json" } });
  assert.equal(r.status, 500);
  assert.match(JSON.parse(r.text).message, /mount the proxy before body parsers/);
});

test("issue 18 item 19: a new caller costs the same with 20,000 callers tracked", async () => {
  const proxy = () =>
    createProxy({
      baseUrl: "https://4ws.example",
      applicationId: "KEEPIT",
      allow: { getLoyaltyVouchers_v1: true },
      rateLimit: { maxCalls: 5, perMs: 60_000 },
      fetch: async () => Response.json({ success: true, moreRows: false, valueObjectList: [] }),
    });
  const url = "https://shop.example/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1";
  let n = 0;
  const newCallers = async (handle, count) => {
    const t = performance.now();
    for (let i = 0; i < count; i++) {
      const r = await handle(new Request(url), { clientAddress: `2001:db8::${(n++).toString(16)}` });
      assert.equal(r.status, 200);
    }
    return (performance.now() - t) / count;
  };
  await newCallers(proxy(), 3_000); // warm up, on another proxy
  const handle = proxy();
  const few = await newCallers(handle, 2_000);
  await newCallers(handle, 16_000);
  const many = await newCallers(handle, 2_000);
  console.log(`# per new caller: ${(few * 1000).toFixed(0)} µs with up to 2,000 tracked, ${(many * 1000).toFixed(0)} µs with 18,000 to 20,000 tracked`);
  assert.ok(many < few * 2.5, `a new caller costs ${many.toFixed(3)} ms with 20,000 tracked, ${few.toFixed(3)} ms with few`);
});
