// Section 2: what a shop's page (or a Node app) loads: the .wasm and the JavaScript glue, raw
// and gzip -9, per entry point. There is ONE wasm-bindgen build (target "web"): node.js
// instantiates it synchronously from disk, browser.js fetches it with init(); both load the
// same wasm/fourws.js glue and pkg/fourws.js face.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { build } from "esbuild";
import { emit } from "../lib/cli.mjs";

const PKG = new URL("../../pkg/", import.meta.url).pathname;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const gz = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;
const files = {};
for (const p of walk(PKG)) {
  const rel = relative(PKG, p);
  const buf = readFileSync(p);
  files[rel] = { raw: buf.length, gzip: gz(buf) };
}

const snippets = Object.keys(files).filter((f) => f.startsWith("wasm/snippets/") && f.endsWith(".js"));
const shared = ["wasm/fourws_bg.wasm", "wasm/fourws.js", ...snippets, "fourws.js", "ready.js"];
const targets = {
  node: [...shared, "node.js"],
  browser: [...shared, "browser.js"],
};
const total = (list, key) => list.reduce((n, f) => n + (files[f]?.[key] ?? 0), 0);
// One gzip stream of all JS of a target (closer to a bundler's output than per-file sums).
const jsConcatGzip = (list) => gz(Buffer.concat(list.filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(PKG, f)))));

const result = { files, targets: {} };
for (const [name, list] of Object.entries(targets)) {
  const js = list.filter((f) => f.endsWith(".js"));
  result.targets[name] = {
    files: list,
    wasm: files["wasm/fourws_bg.wasm"],
    glue: { raw: total(js, "raw"), gzip: total(js, "gzip"), gzipOneStream: jsConcatGzip(list) },
    total: { raw: total(list, "raw"), gzip: total(list, "gzip") },
  };
}
// What a shop's bundler would emit for the browser entry (esbuild, minified, one ESM file;
// the .wasm stays a separate asset).
const bundle = await build({
  entryPoints: [join(PKG, "browser.js")],
  bundle: true,
  format: "esm",
  minify: true,
  platform: "browser",
  write: false,
  logLevel: "silent",
});
const bundled = bundle.outputFiles[0].contents;
result.bundledBrowserJs = { raw: bundled.length, gzip: gz(bundled) };

// The tarball npm would publish (what `npm install fourws` downloads), packed.
const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PKG, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0];
result.tarball = { packed: packed.size, unpacked: packed.unpackedSize, files: packed.entryCount };
// What a browser downloads: the browser entry bundled and minified, plus the .wasm, gzip -9.
result.browserDownload = { gzip: result.bundledBrowserJs.gzip + files["wasm/fourws_bg.wasm"].gzip };

result.types = Object.keys(files).filter((f) => f.endsWith(".d.ts"));
result.typesSize = { raw: total(result.types, "raw"), gzip: total(result.types, "gzip") };
emit(result);
