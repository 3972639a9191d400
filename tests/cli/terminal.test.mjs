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
