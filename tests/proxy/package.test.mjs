// fourws/proxy as users install it: the tarball's `exports["./proxy"]` resolves in Node,
// the README's storefront example runs from the installed package, and its types compile
// under strict TypeScript (nodenext and bundler resolution), wrong usage rejected.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, exec, installedPackage } from "../package/tarball.mjs";

const RUN_MJS = String.raw`
import { createProxy, toNodeHandler } from "fourws/proxy";
import { FourWsError } from "fourws";
const calls = [];
const handle = createProxy({
  baseUrl: "https://4ws.example", applicationId: "KEEPIT", username: "u", password: "secret-pw", companyId: "C", siteId: "1",
  allow: { getLoyaltyVouchers_v1: true },
  authorize: async (request, call) => call.query.cardBarcode === request.headers.get("x-card"),
  fetch: async (url) => { calls.push(url); return Response.json({ success: true, valueObjectList: [], echo: "secret-pw" }); },
});
const visitor = { clientAddress: "203.0.113.1" };
const ok = await handle(new Request("https://shop.example/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1", { headers: { "x-card": "1" } }), visitor);
const other = await handle(new Request("https://shop.example/api?cmd=getLoyaltyVouchers_v1&cardBarcode=2", { headers: { "x-card": "1" } }), visitor);
const noAddress = await handle(new Request("https://shop.example/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1", { headers: { "x-card": "1" } }));
let refused = null;
try { createProxy({ baseUrl: "https://x", applicationId: "A", allow: { nope: true } }); } catch (e) { refused = e instanceof FourWsError ? e.kind : String(e); }
let withCredentials = null;
try { createProxy({ baseUrl: "https://u:secret-pw@4ws.example", applicationId: "A", allow: {} }); } catch (e) { withCredentials = e.message; }
console.log(JSON.stringify({ ok: ok.status, body: await ok.text(), other: other.status, noAddress: noAddress.status, calls: calls.length, refused, withCredentials, adapter: typeof toNodeHandler(handle) }));
`;

const CHECK_TS = String.raw`
import { createProxy, toNodeHandler, type ProxyCall, type ProxyEvent, type ProxyOptions, type SharedLimiter } from "fourws/proxy";
import { Client } from "fourws";

const options: ProxyOptions = {
  baseUrl: "https://4ws.example",
  applicationId: "KEEPIT",
  password: "p",
  allow: { getLoyaltyVouchers_v1: true, getCustomersExport_v3: false },
  authorize: async (request: Request, call: ProxyCall) => {
    if (call.cmd === "getLoyaltyVouchers_v1") return { query: { cardBarcode: request.headers.get("x-card") ?? "" } };
    return call.method === "GET";
  },
  rateLimit: { maxCalls: 10, perMs: 60_000, key: (request) => request.headers.get("cf-connecting-ip") },
  onRequest: (event: ProxyEvent) => console.log(event.cmd, event.status, event.outcome),
};
const handle = createProxy(options);
const response: Promise<Response> = handle(new Request("https://shop.example/api"));
const nodeHandler: (req: unknown, res: unknown) => void = toNodeHandler(handle);
void nodeHandler;
export const GET = handle;
export default { fetch: (request: Request) => handle(request) };
void response;

// Shared limiters (rate-limiter-flexible's shape), metrics, incremental exports per system.
const limiter: SharedLimiter = { consume: async (key: string | number, points?: number) => ({ key, points }) };
createProxy({
  baseUrl: "https://x", applicationId: "A",
  allow: { getPricesExport_v3: { systems: ["SHOP"] }, getLoyaltyVouchers_v1: true },
  rateLimit: { perCaller: limiter, upstream: limiter, key: (request) => request.headers.get("x-visitor") },
  metrics: { registerMetric() {}, getSingleMetric() { return undefined; } },
});
createProxy({ baseUrl: "https://x", applicationId: "A", allow: { getLoyaltyVouchers_v1: true }, rateLimit: { maxCalls: 5, upstream: limiter } });
new Client({ baseUrl: "https://x", applicationId: "A", rateLimit: limiter });
// @ts-expect-error incremental exports are allowed per export only
createProxy({ baseUrl: "https://x", applicationId: "A", allow: { getLoyaltyVouchers_v1: { systems: ["SHOP"] } } });
// @ts-expect-error not a command the proxy knows
createProxy({ baseUrl: "https://x", applicationId: "A", allow: { getStock_v1: true } });
// @ts-expect-error allow is required
createProxy({ baseUrl: "https://x", applicationId: "A" });
`;

let pkg;
before(async () => {
  pkg = await installedPackage();
  writeFileSync(join(pkg.project, "proxy-run.mjs"), RUN_MJS);
  writeFileSync(join(pkg.project, "proxy-check.ts"), CHECK_TS);
});

test("the tarball ships fourws/proxy and it runs from the installed package", async () => {
  for (const f of ["proxy.js", "proxy-node.js", "proxy.d.ts"]) assert.ok(pkg.files.includes(f), `${f} in the tarball`);
  const r = await exec(process.execPath, ["proxy-run.mjs"], { cwd: pkg.project });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, 200);
  assert.ok(!out.body.includes("secret-pw") && out.body.includes("***"), out.body);
  assert.equal(out.other, 403);
  assert.equal(out.noAddress, 500, "no address and no rateLimit.key: a configuration error");
  assert.match(out.withCredentials, /must not hold credentials/);
  assert.ok(!out.withCredentials.includes("secret-pw"));
  assert.equal(out.calls, 1);
  assert.equal(out.refused, "invalidArgument");
  assert.equal(out.adapter, "function");
});

const COMMON = ["--strict", "--noEmit", "--target", "es2022", "--lib", "es2022,dom", "--pretty", "false"];
for (const [label, args] of [
  ["nodenext", ["--module", "nodenext", "--moduleResolution", "nodenext"]],
  ["bundler", ["--module", "esnext", "--moduleResolution", "bundler"]],
]) {
  test(`fourws/proxy types compile (${label}) and reject wrong usage`, async () => {
    const r = await exec(join(BIN, "tsc"), [...COMMON, ...args, "proxy-check.ts"], { cwd: pkg.project, timeout: 60_000 });
    assert.equal(r.code, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
}

test("require(\"fourws/proxy\") works from CommonJS, sharing the one bundled module", async () => {
  const code = [
    'const { createProxy, toNodeHandler } = require("fourws/proxy");',
    'const { Client } = require("fourws");',
    "const handle = createProxy({ baseUrl: 'http://127.0.0.1:9', applicationId: 'A', allow: { getLoyaltyVouchers_v1: true }, rateLimit: false });",
    "handle(new Request('http://x/api?cmd=getCustomersExport_v3', { method: 'POST' })).then(async (r) => {",
    "  console.log(JSON.stringify({ status: r.status, body: await r.json(), node: typeof toNodeHandler, client: typeof Client }));",
    "});",
  ].join("\n");
  const r = await exec(process.execPath, ["--no-experimental-require-module", "-e", code], { cwd: pkg.project });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 403, "a command not allowed is refused");
  assert.equal(out.body.success, false);
  assert.equal(out.node, "function");
  assert.equal(out.client, "function");
});
