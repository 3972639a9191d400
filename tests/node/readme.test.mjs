// The README's Node example, run as written against the mock server (only the package
// specifier is pointed at the built package), so that the README stays true.
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

let mock;
let dir;
before(async () => {
  mock = await startMockServer();
  dir = mkdtempSync(join(tmpdir(), "fourws-readme-"));
});
after(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The first ```js block after `heading`. */
function example(heading) {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const from = readme.indexOf(heading);
  assert.ok(from >= 0, `README has ${heading}`);
  const match = /```js\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(match, `a js example after ${heading}`);
  return match[1];
}

test("the README's Node example runs against the mock and prints what it says", async () => {
  const code = example("### Node (20.0+, `import` and `require`)").replace(
    'from "fourws"',
    `from ${JSON.stringify(new URL("pkg/node.js", `file://${REPO}`).href)}`,
  );
  const file = join(dir, "example.mjs");
  writeFileSync(file, code);
  const { stdout, stderr } = await run(process.execPath, [file], {
    env: {
      ...process.env,
      FOURWS_BASE_URL: mock.url,
      FOURWS_USERNAME: "fourws-demo",
      FOURWS_PASSWORD: "mock-password",
      FOURWS_COMPANY_ID: "MOCK",
      FOURWS_SITE_ID: "1",
    },
  });
  assert.equal(stderr, "", "no error printed");
  const lines = stdout.trim().split("\n");
  assert.equal(lines[0], "100020 1944-05-07T00:00:00Z", "the docs' customer first, birthday in ISO 8601");
  assert.equal(lines.filter((l) => /^1\d{5} /.test(l)).length, 137, "every customer printed once");
  assert.ok(lines.includes("1 20") && lines.includes("1 5"), "the vouchers pages with the summary");
});
