// The packed tarball in every server-side runtime, as users run it: Node 20 through import
// and require (a real CommonJS entry, no require(esm)), Jest with CommonJS tests, Bun (import
// and require), Deno with no permission but the network, Cloudflare's workerd through
// `wrangler dev` (a Worker calling the mock on 127.0.0.1), and bundles for Node made by
// webpack 5, Rollup and esbuild with no setting, run from a folder with no node_modules.
// Each lists the mock's first 25 customers and gets a FourWsError for a bad option. A
// package whose wasm cannot load says so with a FourWsError and advice for that runtime.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.mjs";
import { BIN, CREDENTIALS, REPO, exec, installedPackage, tempDir } from "./tarball.mjs";

const CODES = Array.from({ length: 25 }, (_, i) => String(100020 + i));

// The body every consumer shares: `lib` is the package's exports, `args` [mockUrl, credentials].
const CHECK = String.raw`
async function check(lib, args, resolved) {
  const { Client, FourWsError } = lib;
  const init = lib.default;
  const out = { resolved, exports: { init: typeof init, Client: typeof Client, FourWsError: typeof FourWsError } };
  try {
    await init();
    const client = new Client({ baseUrl: args[0], ...JSON.parse(args[1]) });
    out.codes = (await client.customersExport().all({ limit: 25 })).map((c) => c.subject.subjectCode);
    try {
      new Client({ baseUrl: "ftp://nowhere", applicationId: "X" });
      out.badOption = { threw: false };
    } catch (e) {
      out.badOption = { isFourWsError: e instanceof FourWsError, isError: e instanceof Error, name: e.name, kind: e.kind };
    }
  } catch (e) {
    out.failure = { isFourWsError: e instanceof FourWsError, name: e?.name, kind: e?.kind, message: String(e?.message) };
  }
  return out;
}
`;

const ESM = `import * as lib from "fourws";
${CHECK}
const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const resolved = import.meta.resolve ? String(import.meta.resolve("fourws")) : null;
console.log(JSON.stringify(await check(lib, args, resolved)));
`;

const CJS = `const lib = require("fourws");
${CHECK}
check(lib, process.argv.slice(2), require.resolve("fourws")).then((out) => console.log(JSON.stringify(out)));
`;

const JEST_TEST = `const { Client, FourWsError } = require("fourws");

test("require('fourws') lists the customers from the mock", async () => {
  const client = new Client({ baseUrl: process.env.MOCK_URL, ...JSON.parse(process.env.CREDENTIALS) });
  const customers = await client.customersExport().all({ limit: 25 });
  expect(customers.map((c) => c.subject.subjectCode)).toEqual(${JSON.stringify(CODES)});
  expect(require.resolve("fourws")).toMatch(/fourws[\\\\/]fourws\\.cjs$/);
});

test("a bad option is a FourWsError", () => {
  expect(() => new Client({ baseUrl: "ftp://nowhere", applicationId: "X" })).toThrow(FourWsError);
});
`;

const WORKER = `import * as lib from "fourws";
${CHECK}
export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    return Response.json(await check(lib, [params.get("mock"), params.get("credentials")], null));
  },
};
`;

let mock;
let pkg;
const args = () => [mock.url, JSON.stringify(CREDENTIALS)];

before(async () => {
  [mock, pkg] = await Promise.all([startMockServer({ port: 0 }), installedPackage()]);
  writeFileSync(join(pkg.project, "consumer.mjs"), ESM);
  writeFileSync(join(pkg.project, "consumer.cjs"), CJS);
});

after(async () => {
  await mock?.close();
});

function parse(r, what) {
  assert.equal(r.code, 0, `${what} exited with ${r.code}:\n${r.stderr}\n${r.stdout}`);
  const line = r.stdout.trim().split("\n").at(-1);
  try {
    return JSON.parse(line);
  } catch {
    assert.fail(`${what} printed no JSON:\n${r.stdout}\n${r.stderr}`);
  }
}

function assertWorks(out, what) {
  assert.equal(out.failure, undefined, `${what} failed: ${JSON.stringify(out.failure)}`);
  assert.deepEqual(out.exports, { init: "function", Client: "function", FourWsError: "function" }, what);
  assert.deepEqual(out.codes, CODES, what);
  assert.deepEqual(out.badOption, { isFourWsError: true, isError: true, name: "FourWsError", kind: "invalidArgument" }, what);
}

describe("Node 20", () => {
  test("import: the Node entry, no init call", async () => {
    const out = parse(await exec(process.execPath, ["consumer.mjs", ...args()], { cwd: pkg.project }), "node consumer.mjs");
    assertWorks(out, "node import");
    assert.match(out.resolved, /\/node_modules\/fourws\/node\.js$/);
  });

  test("require: the CommonJS entry, on any Node 20 (no require(esm))", async () => {
    // --no-experimental-require-module: as on Node 20.0-20.18, where require(esm) does not exist
    const flags = process.allowedNodeEnvironmentFlags.has("--no-experimental-require-module") ? ["--no-experimental-require-module"] : [];
    const out = parse(await exec(process.execPath, [...flags, "consumer.cjs", ...args()], { cwd: pkg.project }), "node consumer.cjs");
    assertWorks(out, "node require");
    assert.match(out.resolved, /\/node_modules\/fourws\/fourws\.cjs$/);
  });
});

test("Jest runs CommonJS tests that require('fourws')", async () => {
  const dir = join(pkg.project, "jest-app");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "jest-app", private: true, type: "commonjs" }));
  writeFileSync(join(dir, "customers.test.js"), JEST_TEST);
  const config = { rootDir: dir, testEnvironment: "node", transform: {}, cacheDirectory: join(REPO, "node_modules", ".cache", "jest") };
  const r = await exec(join(BIN, "jest"), ["--ci", "--config", JSON.stringify(config)], {
    cwd: dir,
    env: { ...process.env, MOCK_URL: mock.url, CREDENTIALS: JSON.stringify(CREDENTIALS) },
    timeout: 120_000,
  });
  assert.equal(r.code, 0, `jest failed:\n${r.stderr}\n${r.stdout}`);
  assert.match(r.stderr, /Tests:\s+2 passed, 2 total/, r.stderr);
});

describe("Bun", () => {
  const bun = join(BIN, "bun");
  const env = { ...process.env, BUN_INSTALL_CACHE_DIR: join(REPO, "node_modules", ".cache", "bun"), DO_NOT_TRACK: "1" };
  test("import", async () => {
    assertWorks(parse(await exec(bun, ["consumer.mjs", ...args()], { cwd: pkg.project, env }), "bun consumer.mjs"), "bun import");
  });
  test("require", async () => {
    assertWorks(parse(await exec(bun, ["consumer.cjs", ...args()], { cwd: pkg.project, env }), "bun consumer.cjs"), "bun require");
  });
});

test("Deno, with no permission but the network (no --allow-read): the deno entry", async () => {
  const host = new URL(mock.url).host;
  const r = await exec(join(BIN, "deno"), ["run", "--no-lock", "--no-prompt", `--allow-net=${host}`, "consumer.mjs", ...args()], {
    cwd: pkg.project,
    env: { ...process.env, DENO_DIR: join(REPO, "node_modules", ".cache", "deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  const out = parse(r, "deno run consumer.mjs");
  assertWorks(out, "deno");
  assert.match(out.resolved, /\/node_modules\/fourws\/inline\.js$/);
});

test("Cloudflare workerd through wrangler dev: a Worker lists the customers from 127.0.0.1", async (t) => {
  const dir = join(pkg.project, "worker");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.js"), WORKER);
  writeFileSync(join(dir, "wrangler.json"), JSON.stringify({ name: "fourws-check", main: "worker.js", compatibility_date: "2025-06-01" }));
  const port = await freePort();
  const child = spawn(join(BIN, "wrangler"), ["dev", "--ip", "127.0.0.1", "--port", String(port), "--log-level", "warn"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: wrangler's workerd child goes with it
    env: {
      ...process.env,
      CI: "true",
      NO_COLOR: "1",
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_LOG_PATH: join(dir, "logs"),
      XDG_CONFIG_HOME: join(dir, "config"),
    },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((r) => child.once("exit", r));
  t.after(async () => {
    if (child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    await exited;
  });

  const query = new URLSearchParams({ mock: mock.url, credentials: JSON.stringify(CREDENTIALS) });
  let body;
  for (const deadline = Date.now() + 60_000; ; ) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/?${query}`);
      body = await res.text();
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`wrangler dev did not serve:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  let out;
  try {
    out = JSON.parse(body);
  } catch {
    assert.fail(`the Worker answered ${body}\n${output}`);
  }
  assertWorks(out, "workerd");
  assert.doesNotMatch(output, /duplicate|✘ \[ERROR\]/i, output);
});

describe("bundled for Node with no setting, run where no node_modules is", () => {
  let dist;
  before(() => {
    dist = tempDir("fourws-node-bundles-");
    writeFileSync(join(pkg.project, "app.mjs"), `import * as lib from "fourws";\n${CHECK}\nconsole.log(JSON.stringify(await check(lib, process.argv.slice(2), null)));\n`);
    writeFileSync(join(pkg.project, "app.cjs"), `const lib = require("fourws");\n${CHECK}\ncheck(lib, process.argv.slice(2), null).then((o) => console.log(JSON.stringify(o)));\n`);
  });

  async function runBundle(file, what) {
    assertWorks(parse(await exec(process.execPath, [file, ...args()], { cwd: dist }), what), what);
  }

  test("esbuild --platform=node (ESM and CommonJS)", async () => {
    for (const [entry, format, out] of [["app.mjs", "esm", "esbuild.mjs"], ["app.cjs", "cjs", "esbuild.cjs"]]) {
      const r = await exec(join(BIN, "esbuild"), [entry, "--bundle", "--platform=node", `--format=${format}`, `--outfile=${join(dist, out)}`, "--log-level=warning"], { cwd: pkg.project });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "", `esbuild warned:\n${r.stderr}`);
      await runBundle(out, `esbuild ${format}`);
    }
  });

  test("webpack 5 --target node", async () => {
    writeFileSync(
      join(pkg.project, "webpack-node.cjs"),
      `const webpack = require(${JSON.stringify(join(REPO, "node_modules", "webpack"))});
webpack({ mode: "production", target: "node", context: __dirname, entry: "./app.mjs",
  experiments: { topLevelAwait: true }, output: { path: ${JSON.stringify(dist)}, filename: "webpack.cjs" } },
  (err, stats) => {
    if (err) { console.error(err); process.exit(1); }
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    if (stats.hasErrors() || stats.hasWarnings()) { console.error(JSON.stringify(info, null, 1)); process.exit(1); }
  });
`,
    );
    const r = await exec(process.execPath, ["webpack-node.cjs"], { cwd: pkg.project, timeout: 120_000 });
    assert.equal(r.code, 0, `webpack failed:\n${r.stderr}\n${r.stdout}`);
    await runBundle("webpack.cjs", "webpack");
  });

  test("Rollup with @rollup/plugin-node-resolve", async () => {
    writeFileSync(
      join(pkg.project, "rollup-node.config.mjs"),
      `import { nodeResolve } from ${JSON.stringify(join(REPO, "node_modules", "@rollup", "plugin-node-resolve", "dist", "es", "index.js"))};
export default { input: "app.mjs", output: { file: ${JSON.stringify(join(dist, "rollup.mjs"))}, format: "es" },
  plugins: [nodeResolve({ exportConditions: ["node"] })] };
`,
    );
    const r = await exec(join(BIN, "rollup"), ["--config", "rollup-node.config.mjs", "--silent", "--failAfterWarnings"], { cwd: pkg.project });
    assert.equal(r.code, 0, `rollup failed:\n${r.stderr}\n${r.stdout}`);
    await runBundle("rollup.mjs", "rollup");
  });
});

describe("a wasm that cannot load is a FourWsError with advice for the runtime", () => {
  let broken;
  before(() => {
    // a copy of the installed package whose inlined wasm is not a WebAssembly module
    broken = tempDir("fourws-broken-");
    writeFileSync(join(broken, "package.json"), JSON.stringify({ name: "broken", private: true, type: "module" }));
    const dir = join(broken, "node_modules", "fourws");
    cpSync(pkg.packageDir, dir, { recursive: true });
    // one file holds the wasm's bytes (a Latin-1 string literal) for import and require alike
    const shared = join(dir, "wasm", "fourws_bg.wasm.latin1.cjs");
    const text = readFileSync(shared, "utf8");
    const start = text.indexOf('("\\0asm');
    assert.ok(start > 0 && text.endsWith('");\n'), "the literal's place in the file");
    writeFileSync(shared, `${text.slice(0, start)}("this is not wasm");\n`);
    writeFileSync(join(broken, "consumer.mjs"), ESM);
    writeFileSync(join(broken, "consumer.cjs"), CJS);
  });
  after(() => rmSync(broken, { recursive: true, force: true }));

  function assertLoadFailure(out, runtime, what) {
    assert.equal(out.failure?.isFourWsError, true, `${what}: ${JSON.stringify(out)}`);
    assert.equal(out.failure.name, "FourWsError");
    assert.equal(out.failure.kind, "decode");
    assert.match(out.failure.message, new RegExp(`fourws could not load its WebAssembly module in ${runtime}`), out.failure.message);
    assert.doesNotMatch(out.failure.message, /browser|init\(\)/i, `${what}: browser advice outside a browser`);
  }

  test("Node import and require", async () => {
    assertLoadFailure(parse(await exec(process.execPath, ["consumer.mjs", ...args()], { cwd: broken }), "node"), "Node 20\\.", "node import");
    assertLoadFailure(parse(await exec(process.execPath, ["consumer.cjs", ...args()], { cwd: broken }), "node"), "Node 20\\.", "node require");
  });

  test("Deno", async () => {
    const r = await exec(join(BIN, "deno"), ["run", "--no-lock", "--no-prompt", "consumer.mjs", ...args()], {
      cwd: broken,
      env: { ...process.env, DENO_DIR: join(REPO, "node_modules", ".cache", "deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    const out = parse(r, "deno");
    assertLoadFailure(out, "Deno 2\\.", "deno");
    assert.match(out.failure.message, /needs no permission/);
  });
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
