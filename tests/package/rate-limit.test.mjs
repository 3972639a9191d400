// Issue 18, item 11: the client's rate limit holds at the moment the server sees the calls,
// in a fresh Node process (where the first Request costs milliseconds to make: Node loads
// its fetch then), with concurrency 4, three paginators on one client and retries.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { CREDENTIALS, exec, installedPackage } from "./tarball.mjs";

const SCRIPT = `import { Client } from "fourws";
const [baseUrl, credentials] = process.argv.slice(2);
const client = new Client({
  baseUrl,
  ...JSON.parse(credentials),
  rateLimit: { maxCalls: 6, perMs: 250 },
  concurrency: 4,
  maxRetries: 3,
  headers: { "x-fault": "503", "x-fault-times": "2", "x-fault-id": "window" },
});
const lists = await Promise.all([
  client.customersExport().all(),
  client.salesExport().all(),
  client.customersExport({ system: "B" }).all(),
]);
console.log(JSON.stringify(lists.map((l) => l.length)));
`;

let mock;
let pkg;

before(async () => {
  [mock, pkg] = await Promise.all([startMockServer({ port: 0 }), installedPackage()]);
  writeFileSync(join(pkg.project, "window.mjs"), SCRIPT);
});

after(async () => {
  await mock?.close();
});

test("no 7 calls reach the server within 250 ms (6 per 250 ms, concurrency 4, 3 paginators, retries)", async () => {
  for (let run = 0; run < 3; run++) {
    mock.reset();
    const r = await exec(process.execPath, ["window.mjs", mock.url, JSON.stringify(CREDENTIALS)], { cwd: pkg.project });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [137, 33, 137]);
    const times = mock.requests.map((q) => q.time).sort((a, b) => a - b);
    assert.ok(times.length >= 7 + 4 + 7 + 2, `${times.length} calls`);
    const offsets = times.map((t) => t - times[0]);
    for (let i = 6; i < times.length; i++) {
      // the server's clock has 1 ms resolution
      assert.ok(times[i] - times[i - 6] >= 249, `7 calls within ${times[i] - times[i - 6]} ms: offsets ${offsets.join(", ")}`);
    }
  }
});
