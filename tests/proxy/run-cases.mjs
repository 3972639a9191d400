// Runs the runtime-neutral fourws/proxy cases (cases.mjs) outside node:test, e.g. in Deno:
//   deno run --allow-read --allow-net=127.0.0.1 tests/proxy/run-cases.mjs
//   bun run tests/proxy/run-cases.mjs
// Prints one line per case and exits 1 if any failed. In Deno and Bun it also serves the
// handler with Deno.serve / Bun.serve, to check that the caller's address reaches the rate
// limit.
import assert from "node:assert/strict";
import { createProxy } from "../../pkg/proxy-node.js";
import { Client, FourWsError } from "../../pkg/node.js";
import { cases } from "./cases.mjs";

const runtime = globalThis.Deno ? `Deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `Bun ${globalThis.Bun.version}` : "Node";
const all = cases({ createProxy, Client, FourWsError });

if (globalThis.Deno) {
  all.push({
    name: "Deno.serve: the handler as is, rate-limited by the caller's address",
    async fn() {
      const clients = [];
      const handle = createProxy({
        baseUrl: "https://4ws.example",
        applicationId: "KEEPIT",
        password: "pw",
        allow: { getLoyaltyVouchers_v1: true },
        rateLimit: { maxCalls: 1, perMs: 60_000 },
        fetch: async () => Response.json({ success: true, valueObjectList: [] }),
        onRequest: (e) => clients.push(e.client),
      });
      const server = globalThis.Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, handle);
      try {
        const url = `http://127.0.0.1:${server.addr.port}/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1`;
        const first = await fetch(url);
        assert.equal(first.status, 200);
        await first.body?.cancel();
        const second = await fetch(url);
        assert.equal(second.status, 429);
        assert.equal((await second.json()).success, false);
        assert.deepEqual(clients, ["127.0.0.1", "127.0.0.1"], "keyed by the runtime's client address");
      } finally {
        await server.shutdown();
      }
    },
  });
}

if (globalThis.Bun) {
  all.push({
    name: "Bun.serve: the handler as is, rate-limited by the caller's address",
    async fn() {
      const clients = [];
      const handle = createProxy({
        baseUrl: "https://4ws.example",
        applicationId: "KEEPIT",
        password: "pw",
        allow: { getLoyaltyVouchers_v1: true },
        rateLimit: { maxCalls: 1, perMs: 60_000 },
        fetch: async () => Response.json({ success: true, valueObjectList: [] }),
        onRequest: (e) => clients.push(e.client),
      });
      const server = globalThis.Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: handle });
      try {
        const url = `http://127.0.0.1:${server.port}/api?cmd=getLoyaltyVouchers_v1&cardBarcode=1`;
        const first = await fetch(url);
        assert.equal(first.status, 200);
        await first.text();
        const second = await fetch(url);
        assert.equal(second.status, 429);
        assert.equal((await second.json()).success, false);
        assert.deepEqual(clients, ["127.0.0.1", "127.0.0.1"], "keyed by the runtime's client address");
      } finally {
        server.stop(true);
      }
    },
  });
}

let failed = 0;
for (const { name, fn } of all) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(err?.stack ?? err).split("\n").join("\n  ")}`);
  }
}
console.log(`# ${runtime}: ${all.length - failed} passed, ${failed} failed`);
if (failed) {
  if (globalThis.Deno) globalThis.Deno.exit(1);
  else globalThis.process.exit(1);
}
