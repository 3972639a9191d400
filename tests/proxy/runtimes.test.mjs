// The same fourws/proxy cases (cases.mjs, through run-cases.mjs) in Deno and Bun, pinned and
// installed by npm from package.json (pinned), each also serving the handler with its own
// server (Deno.serve, Bun.serve).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;

function run(file, args) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: root, env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }, timeout: 110_000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const RUNTIMES = [
  ["Deno 2.9.6", "deno", ["run", "--no-prompt", "--allow-read", "--allow-net=127.0.0.1", "tests/proxy/run-cases.mjs"], /Deno\.serve/],
  ["Bun 1.4.4", "bun", ["run", "tests/proxy/run-cases.mjs"], /Bun\.serve/],
];

for (const [label, name, args, served] of RUNTIMES) {
  test(`fourws/proxy cases in ${label}`, { timeout: 120_000 }, async () => {
    assert.ok(existsSync(bin(name)), `${name} is not installed at ${bin(name)}: run scripts/setup.sh`);
    const { code, stdout, stderr } = await run(bin(name), args);
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.match(stdout, new RegExp(`# ${label.replace(/\./g, "\\.")}: \\d+ passed, 0 failed`));
    assert.match(stdout, new RegExp(`ok - ${served.source}`));
    assert.doesNotMatch(stdout, /not ok/);
  });
}
