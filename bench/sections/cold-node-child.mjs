// One cold-start sample, run in a fresh `node` process by cold-node.mjs. Reads the canned
// page first (not timed), then times, with performance.now(), a dynamic import + the first
// decoded page. Modes:
//   fourws        import pkg/node.js, new Client, first page through the public API
//   fourws-warm   the same, after touching the global Request/Response (Node loads its fetch
//                 implementation, undici, lazily on first use; a process that already used
//                 fetch has paid that)
//   json          new Response(body).json()          (the floor)
//   zod           import zod + the schemas, res.json() + parse
// Prints one JSON line.
import { readFileSync } from "node:fs";

const [mode, bodyPath] = process.argv.slice(2);
const bytes = readFileSync(bodyPath);
const headers = { "content-type": "application/json", "content-length": String(bytes.length) };
const respond = () => new Response(bytes, { headers });

if (mode === "fourws-warm") {
  new Request("http://warm.invalid/", { method: "POST", body: "{}", headers: { a: "b" } });
  await new Response("{}").arrayBuffer();
}

const t0 = performance.now();
let t1;
let items;
if (mode === "fourws" || mode === "fourws-warm") {
  const { Client } = await import("../../pkg/node.js");
  t1 = performance.now();
  const client = new Client({ baseUrl: "http://bench.invalid", applicationId: "X", fetch: async () => respond() });
  items = (await client.customersExport().nextPage()).items.length;
} else if (mode === "json") {
  t1 = performance.now();
  items = (await respond().json()).valueObjectList.length;
} else if (mode === "zod") {
  const { decodeWithZod } = await import("../lib/zod.mjs");
  t1 = performance.now();
  items = (await decodeWithZod(respond(), "customers")).items.length;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({ mode, importMs: t1 - t0, firstPageMs: t2 - t1, totalMs: t2 - t0, items }) + "\n");
