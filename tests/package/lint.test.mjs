// The packed tarball's package.json and declarations, checked by the two tools users and
// registries trust: publint (exports, files, fields; --strict turns its warnings into
// errors) and @arethetypeswrong/cli (types resolve, and match the JavaScript's module
// format, under node10, node16 from CJS and ESM, and bundler resolution). Both must report
// nothing at all.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, exec, installedPackage, readJson } from "./tarball.mjs";

let pkg;
before(async () => {
  pkg = await installedPackage();
});

test("publint --strict finds no error, warning or suggestion in the tarball", async () => {
  const r = await exec(join(BIN, "publint"), ["run", pkg.tarball, "--strict", "--level", "suggestion"], { cwd: pkg.project });
  assert.equal(r.code, 0, `publint failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /All good!/, r.stdout);
});

test("@arethetypeswrong/cli finds no problem in any entry point, under any resolution", async () => {
  // The .wasm export is a file for bundlers and loaders, not a module with types.
  const r = await exec(
    join(BIN, "attw"),
    [pkg.tarball, "--format", "json", "--exclude-entrypoints", "./fourws_bg.wasm"],
    { cwd: pkg.project },
  );
  const report = JSON.parse(r.stdout);
  const problems = [report.problems, report.analysis.problems].flatMap((p) => (Array.isArray(p) ? p : Object.values(p ?? {}).flat()));
  assert.deepEqual(problems, [], JSON.stringify(problems).slice(0, 4000));
  assert.equal(r.code, 0, `attw failed:\n${r.stdout.slice(0, 4000)}${r.stderr}`);
  const entries = Object.keys(report.analysis.entrypoints);
  assert.deepEqual(entries.sort(), [".", "./idb", "./inline", "./package.json", "./proxy"]);
  for (const [name, entry] of Object.entries(report.analysis.entrypoints)) {
    if (name === "./package.json") continue;
    for (const kind of ["node10", "node16-cjs", "node16-esm", "bundler"]) {
      const file = entry.resolutions[kind]?.resolution?.fileName ?? "";
      // require gets the .d.cts declarations, import the .d.ts (node10 ignores exports)
      const want = { node10: /\.d\.c?ts$/, "node16-cjs": /\.d\.cts$/, "node16-esm": /\.d\.ts$/, bundler: /\.d\.ts$/ }[kind];
      assert.match(file, want, `${name} ${kind}`);
    }
  }
});

test("package.json: conditions per runtime, the .wasm exported, side effects declared, engines exact", () => {
  const manifest = readJson(join(pkg.packageDir, "package.json"));
  const root = manifest.exports["."];
  assert.deepEqual(Object.keys(root), ["workerd", "deno", "browser", "node", "import", "require", "default"]);
  assert.equal(manifest.exports["./fourws_bg.wasm"], "./wasm/fourws_bg.wasm");
  assert.equal(manifest.module, undefined, "legacy module field");
  assert.equal(manifest.browser, undefined, "legacy browser field");
  assert.equal(manifest.engines.node, ">=20.0.0");
  // every file that instantiates the wasm at import must be kept by tree-shaking bundlers
  for (const f of ["./inline.js", "./node.js", "./workerd.js", "./fourws.cjs", "./wasm/fourws_bg.wasm.latin1.cjs"]) {
    assert.ok(manifest.sideEffects.includes(f), `${f} is not marked as having side effects`);
  }
  for (const f of ["fourws.cjs", "index.d.cts", "records.d.cts", "inline.js", "workerd.js", "wasm/fourws_bg.wasm", "wasm/fourws_bg.wasm.latin1.cjs"]) {
    assert.ok(pkg.files.includes(f), `${f} missing from the tarball`);
  }
  // the wasm is in the tarball once as bytes and once as a Latin-1 string literal (shared by
  // import and require; its "\0asm" header escaped as in scripts/build.sh), and nowhere as base64
  const copies = pkg.files.filter((f) => /\.(c?js)$/.test(f) && readFileSync(join(pkg.packageDir, f), "utf8").includes('"\\0asm\u0001\\0\\0\\0'));
  assert.deepEqual(copies, ["wasm/fourws_bg.wasm.latin1.cjs"], "files holding the wasm as a string");
  const base64 = pkg.files.filter((f) => /\.(c?js)$/.test(f) && readFileSync(join(pkg.packageDir, f), "utf8").includes("AGFzbQ"));
  assert.deepEqual(base64, [], "files holding the wasm as base64");
});
