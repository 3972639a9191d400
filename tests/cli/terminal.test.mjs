// Issue 18, item 26: on a terminal, records written to stdout never land on the progress
// bar's line. A real pseudo-terminal (util-linux `script`) carries stdout and stderr together,
// as a person running `fourws export customers` in a terminal sees them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startMockServer } from "../../mock/server.mjs";
import { fourwsBin, mockEnv } from "./helpers.mjs";

let mock;
before(async () => {
  // Slow pages, so that the bar is drawn between them.
  mock = await startMockServer({ port: 0, latencyMs: 80 });
});
after(() => mock?.close());

/** Runs `command` under a pseudo-terminal; resolves to everything the terminal received. */
function onTerminal(command, env) {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", (b) => out.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, text: Buffer.concat(out).toString("utf8") }));
  });
}

test("records on stdout never share a line with the progress bar", async () => {
  const { bin } = await fourwsBin();
  const env = { ...mockEnv(mock.url), TERM: "xterm", COLUMNS: "120" };
  const { code, text } = await onTerminal(`${bin} export customers`, env);
  assert.equal(code, 0, text.slice(-2000));
  assert.match(text, /customers \[[#.]+\]/, "the bar was drawn on the terminal");
  // What a person sees on each line: after the last carriage return, without the
  // erase-line sequence.
  const seen = text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .map((line) => line.slice(line.lastIndexOf("\r") + 1).replaceAll("\x1b[K", ""));
  const records = seen.filter((line) => line.includes('"subjectCode"'));
  assert.equal(records.length, 137, "every customer on a line of its own");
  for (const line of records) assert.ok(line.startsWith("{"), `a record after the bar: ${line.slice(0, 120)}`);
});

// Issue 18, item 26: on a full disk, stderr reports what the checkpoint holds, not what was
// handed to the OS after it. A real full filesystem: a 48 KiB tmpfs (the tests run as root,
// as CI does; where mounting is not allowed the test says so and is skipped).
test("a full disk: exit 1, and stderr says exactly what the checkpoint holds", async (t) => {
  const { mkdtempSync, readFileSync, existsSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { execFileSync } = await import("node:child_process");
  const { fourws } = await import("./helpers.mjs");
  const disk = mkdtempSync(join(tmpdir(), "fourws-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48k", "tmpfs", disk], { stdio: "ignore" });
  } catch {
    rmSync(disk, { recursive: true, force: true });
    t.skip("cannot mount a small tmpfs here (needs root)");
    return;
  }
  try {
    const out = join(disk, "customers.ndjson");
    const r = await fourws(["export", "customers", "--out", out, "-q"], { env: { ...mockEnv(mock.url), FOURWS_CHECKPOINT_MS: "0" } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ENOSPC|no space/i, r.stderr);
    assert.doesNotMatch(r.stderr, /ENOSPC: ENOSPC/, "the code is said once");
    const claim = /the checkpoint .* holds (\d+) records/.exec(r.stderr);
    const checkpoint = out + ".fourws-checkpoint";
    if (claim) {
      assert.ok(existsSync(checkpoint), r.stderr);
      const state = JSON.parse(readFileSync(checkpoint, "utf8"));
      assert.equal(Number(claim[1]), state.encoder.records, `stderr: ${r.stderr}`);
    } else {
      assert.match(r.stderr, /no checkpoint was written/, r.stderr);
      assert.ok(!existsSync(checkpoint) || readFileSync(checkpoint, "utf8") === "", r.stderr);
    }
  } finally {
    execFileSync("umount", [disk]);
    rmSync(disk, { recursive: true, force: true });
  }
});
