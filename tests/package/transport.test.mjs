// Each HTTP attempt, as a Node user of the tarball meets it: the timeout covers the body
// (global fetch, and a caller's fetch whose Response ignores the signal), a body over
// maxResponseBytes without Content-Length is refused while streaming, and onRequest events
// keep their shape.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { CREDENTIALS, exec, installedPackage } from "./tarball.mjs";

const SCRIPT = String.raw`import { Client, FourWsError } from "fourws";
const [baseUrl, credentials] = process.argv.slice(2);
const base = { baseUrl, ...JSON.parse(credentials), maxRetries: 0 };
const describe = (e) => ({ isFourWsError: e instanceof FourWsError, kind: e?.kind, message: String(e?.message ?? e) });
async function capture(fn) {
  const t = performance.now();
  try { return { value: await fn(), ms: performance.now() - t }; } catch (e) { return { error: describe(e), ms: performance.now() - t }; }
}
const out = {};
out.stalledBody = await capture(() => new Client({ ...base, timeoutMs: 300 }).request({ cmd: "stall", method: "GET" }));
// a caller's fetch whose Response body never ends and which ignores the request's signal
const endless = () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"success":true,')); } }));
out.callerIgnoresSignal = await capture(() => new Client({ ...base, timeoutMs: 300, fetch: async () => endless() }).request({ cmd: "x", method: "GET" }));
out.tooLarge = await capture(() => new Client({ ...base, maxResponseBytes: 4096 }).request({ cmd: "big", method: "GET" }));
const events = [];
await capture(() => new Client({ ...base, onRequest: (e) => events.push(e) }).request({ cmd: "ok", method: "GET" }));
await capture(() => new Client({ ...base, maxResponseBytes: 4096, onRequest: (e) => events.push(e) }).request({ cmd: "big", method: "GET" }));
out.events = events;
console.log(JSON.stringify(out));
`;

let server;
let pkg;
let bigCancelled = false;

before(async () => {
  server = createServer((req, res) => {
    const cmd = new URL(req.url, "http://x").searchParams.get("cmd");
    if (cmd === "stall") {
      // headers and part of the body, then nothing
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,');
      return;
    }
    if (cmd === "big") {
      // chunked (no Content-Length), far more than the cap
      res.writeHead(200, { "content-type": "application/json" });
      res.on("close", () => (bigCancelled = !res.writableFinished));
      let sent = 0;
      const more = () => {
        while (sent < 2_000_000 && !res.destroyed) {
          sent += 1000;
          if (!res.write(" ".repeat(1000))) return res.once("drain", more);
        }
        if (!res.destroyed) res.end("{}");
      };
      return more();
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"success":true,"n":1}');
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  pkg = await installedPackage();
  writeFileSync(join(pkg.project, "transport.mjs"), SCRIPT);
});

after(async () => {
  server.closeAllConnections?.();
  await new Promise((r) => server.close(r));
});

test("the timeout covers the body; a body over maxResponseBytes is cut off; onRequest events keep their shape", async () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  const r = await exec(process.execPath, ["transport.mjs", url, JSON.stringify(CREDENTIALS)], { cwd: pkg.project });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);

  for (const name of ["stalledBody", "callerIgnoresSignal"]) {
    assert.equal(out[name].error?.kind, "timeout", `${name}: ${JSON.stringify(out[name])}`);
    assert.equal(out[name].error.isFourWsError, true);
    assert.match(out[name].error.message, /timeoutMs \(300 ms\)/);
    assert.ok(out[name].ms < 2000, `${name} took ${out[name].ms} ms`);
  }

  assert.equal(out.tooLarge.error?.kind, "decode", JSON.stringify(out.tooLarge));
  assert.match(out.tooLarge.error.message, /more than maxResponseBytes \(4096\)/);
  assert.equal(bigCancelled, true, "the rest of the body was still read");

  const [ok, big] = out.events;
  assert.deepEqual(Object.keys(ok).sort(), ["attempt", "bytes", "cmd", "durationMs", "errorKind", "method", "start", "status", "url"]);
  assert.deepEqual([ok.cmd, ok.method, ok.attempt, ok.status, ok.bytes, ok.errorKind, ok.start], ["ok", "GET", 1, 200, 22, null, null]);
  assert.deepEqual(Object.keys(big).sort(), ["attempt", "cmd", "durationMs", "error", "errorKind", "method", "start", "status", "url"]);
  assert.deepEqual([big.status, big.errorKind], [null, "decode"]);
  assert.match(big.error, /maxResponseBytes/);
  assert.ok(!JSON.stringify(out.events).includes(CREDENTIALS.password), "the password in an event");
});
