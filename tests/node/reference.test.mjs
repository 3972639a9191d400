// The examples of docs/reference.md, run as written against the mock server (only the
// package specifier is pointed at the built package), so that the reference stays true.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startMockServer } from "../../mock/server.mjs";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const PKG = JSON.stringify(new URL("pkg/node.js", `file://${REPO}`).href);

let mock;
let dir;
before(async () => {
  mock = await startMockServer();
  dir = mkdtempSync(join(tmpdir(), "fourws-reference-"));
});
after(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The ```js block right after each `### ` heading of the "Examples" section. */
function examples() {
  const doc = readFileSync(join(REPO, "docs/reference.md"), "utf8");
  const section = doc.slice(doc.indexOf("\n## Examples"));
  const out = new Map();
  for (const m of section.matchAll(/\n### (.+)\n[\s\S]*?```js\n([\s\S]*?)```/g)) out.set(m[1], m[2]);
  return out;
}

async function runExample(title) {
  const code = examples().get(title);
  assert.ok(code, `docs/reference.md has the example "${title}"`);
  const file = join(dir, `${[...title].filter((c) => /\w/.test(c)).join("")}.mjs`);
  writeFileSync(file, code.replaceAll('from "fourws"', `from ${PKG}`));
  const { stdout, stderr } = await run(process.execPath, [file], {
    env: { ...process.env, FOURWS_BASE_URL: mock.url },
  });
  assert.equal(stderr, "", "nothing on stderr");
  return stdout.trim().split("\n");
}

test("every example of the reference is run by this file", () => {
  assert.deepEqual([...examples().keys()], [
    "Export with progress, resuming after an error",
    "Resuming exactly where your own processing failed",
    "Loyalty card lookup, with the error a person sees",
    "Keeping invalid records instead of failing",
    "Digital orders of the last day, with a request log",
    "Cancelling, and a raw request",
  ]);
});

test("export with progress", async () => {
  const lines = await runExample("Export with progress, resuming after an error");
  assert.equal(lines[0], "sales 0-10 of 33");
  assert.equal(lines.at(-1), "33 sales");
});

test("resuming where the consumer's own processing failed loses and repeats nothing", async () => {
  const lines = await runExample("Resuming exactly where your own processing failed");
  assert.equal(lines[0], "disk full at 25; resuming from there");
  assert.equal(lines.at(-1), "137 customers, 137 distinct");
});

test("loyalty card lookup", async () => {
  const lines = await runExample("Loyalty card lookup, with the error a person sees");
  assert.equal(lines[0], "remaining purchases: 1");
  assert.equal(lines[1], "25 vouchers");
  assert.match(lines[2], /^invalidArgument: loyaltyVouchers needs `cardBarcode`/);
});

test("invalid records set aside", async () => {
  const lines = await runExample("Keeping invalid records instead of failing");
  assert.equal(lines[0], "136 valid, 1 set aside");
  assert.match(lines[1], /^valueObjectList\[3\]\.subject\.birthday \(page 0\): "2021-02-30 10:00:00" is not a real date/);
});

test("digital orders with a request log", async () => {
  const lines = await runExample("Digital orders of the last day, with a request log");
  assert.match(lines[0], /^GET getLastDigitalOrders_v1 start=0 -> 200 in \d+ ms$/);
  assert.match(lines[1], /^GET getLastDigitalOrders_v1 start=20 -> 200 in \d+ ms$/);
  assert.equal(lines.at(-1), "30 orders, first placed 2020-09-08T13:17:32Z");
});

test("cancelling and a raw request", async () => {
  const lines = await runExample("Cancelling, and a raw request");
  assert.equal(lines[0], "aborted, resume at 0");
  assert.match(lines[1], /^success, .*valueObjectList/);
});
