// Shared setup of the package tests: the package exactly as users get it. `npm pack pkg/`
// makes the tarball, a fresh temp project `npm install`s it, and the tests import "fourws"
// from there (never from the repo). Also: a tiny static file server and a headless Chromium.
// Everything is cached per test process and removed when the process exits.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createReadStream } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const PKG_DIR = join(REPO, "pkg");
export const BIN = join(REPO, "node_modules", ".bin");
export const CREDENTIALS = {
  applicationId: "KEEPIT",
  username: "fourws-demo",
  password: "mock-password",
  companyId: "MOCK",
  siteId: "1",
};
export const DOCS_CARD = "0099000001209";

const tempDirs = [];
process.on("exit", () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp dir removed when the test process exits. */
export function tempDir(prefix = "fourws-pkg-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until pkg/ looks completely built (the lead may be rebuilding it): package.json,
 * the entry points and a wasm file that has not changed for a moment.
 */
async function waitForPkg(timeoutMs = 240_000) {
  const needed = ["package.json", "node.js", "browser.js", "fourws.js", "index.d.ts", "wasm/fourws.js", "wasm/fourws_bg.wasm", "wasm/fourws_bg.wasm.latin1.cjs", "fourws.cjs", "index.d.cts"];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (needed.every((f) => existsSync(join(PKG_DIR, f)))) {
        const wasm = join(PKG_DIR, "wasm/fourws_bg.wasm");
        const a = statSync(wasm);
        if (Date.now() - a.mtimeMs > 2000) {
          await sleep(300);
          const b = statSync(wasm);
          if (a.size === b.size && a.mtimeMs === b.mtimeMs) return;
        }
      }
    } catch {
      // vanished between the checks: wait on
    }
    if (Date.now() > deadline) throw new Error(`pkg/ is not built (waited ${timeoutMs} ms for ${PKG_DIR})`);
    await sleep(1000);
  }
}

/**
 * @typedef {object} InstalledPackage
 * @property {string} tarball   path of the .tgz
 * @property {string[]} files   paths inside the tarball (relative to the package root)
 * @property {string} project   a temp project dir with `node_modules/fourws` installed from the tarball
 * @property {string} packageDir `project/node_modules/fourws`
 */

let cached;

/** Packs pkg/ and installs the tarball into a fresh temp project (once per process). */
export function installedPackage() {
  cached ??= setup();
  return cached;
}

async function setup() {
  let packed;
  for (let attempt = 1; ; attempt++) {
    await waitForPkg();
    const dest = tempDir("fourws-tgz-");
    try {
      const { stdout } = await run("npm", ["pack", PKG_DIR, "--pack-destination", dest, "--json"], {
        cwd: dest,
        maxBuffer: 16 << 20,
      });
      const info = JSON.parse(stdout)[0];
      const files = info.files.map((f) => f.path);
      // A rebuild between the wait and the pack would give a partial tarball: pack again.
      if (!files.includes("wasm/fourws_bg.wasm") || !files.includes("package.json")) throw new Error(`incomplete tarball: ${files.join(", ")}`);
      packed = { tarball: join(dest, info.filename), files };
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await sleep(3000);
    }
  }
  const project = tempDir("fourws-project-");
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "fourws-consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
  );
  await run("npm", ["install", packed.tarball, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: project,
    maxBuffer: 16 << 20,
  });
  const packageDir = join(project, "node_modules", "fourws");
  if (!existsSync(join(packageDir, "package.json"))) throw new Error(`npm install did not create ${packageDir}`);
  return { ...packed, project, packageDir };
}

/** Runs a command; resolves to {code, stdout, stderr} (never rejects on a non-zero exit). */
export async function exec(cmd, args, options = {}) {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 32 << 20, timeout: 60_000, ...options });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== "number") throw e;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * A static file server of `root` (index.html for directories), on 127.0.0.1 and a free port.
 * @returns {Promise<{url: string, served: string[], close(): Promise<void>}>}
 */
export async function startStaticServer(root) {
  const base = resolve(root);
  const served = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      st = null;
    }
    if (!st || !st.isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    served.push(path);
    res.writeHead(200, {
      "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
      "Content-Length": st.size,
      "Cache-Control": "no-store",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Headless Chromium (Debian's, installed by scripts/setup.sh) through playwright-core. */
export async function launchBrowser() {
  const { chromium } = await import(join(REPO, "node_modules", "playwright-core", "index.mjs"));
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/**
 * Opens `url` in a new page and records what a user would see go wrong: console errors and
 * warnings, uncaught exceptions, failed requests and HTTP errors.
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  const responses = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    responses.push({ url: res.url(), status: res.status(), contentType: res.headers()["content-type"] ?? "" });
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url);
  return { page, problems, responses };
}

/** The JSON of a file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
