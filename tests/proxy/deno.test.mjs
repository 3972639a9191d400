// The same fourws/proxy cases in Deno (pinned, installed by scripts/setup.sh into
// .runtimes/), plus Deno.serve serving the handler as it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const deno = `${root}.runtimes/node_modules/.bin/deno`;

test("fourws/proxy cases in Deno", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(deno), `Deno is not installed at ${deno}: run scripts/setup.sh`);
  const { code, stdout, stderr } = await new Promise((resolve) => {
    execFile(
      deno,
      ["run", "--no-prompt", "--allow-read", "--allow-net=127.0.0.1", "tests/proxy/run-cases.mjs"],
      { cwd: root, env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }, timeout: 110_000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
    );
  });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /# Deno 2\.9\.6: \d+ passed, 0 failed/);
  assert.match(stdout, /ok - Deno\.serve/);
  assert.doesNotMatch(stdout, /not ok/);
});
