// Shared setup of the command-line tests: the `fourws` command exactly as users get it
// (`npm pack pkg/`, installed from the tarball into a fresh project, run through
// node_modules/.bin/fourws), against the mock 4WS server.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CREDENTIALS, installedPackage } from "../package/tarball.mjs";

export { CREDENTIALS, installedPackage, tempDir } from "../package/tarball.mjs";

/** The environment that points the command at a mock. */
export function mockEnv(url, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FOURWS_BASE_URL: url,
    FOURWS_APPLICATION_ID: CREDENTIALS.applicationId,
    FOURWS_USERNAME: CREDENTIALS.username,
    FOURWS_PASSWORD: CREDENTIALS.password,
    FOURWS_COMPANY_ID: CREDENTIALS.companyId,
    FOURWS_SITE_ID: CREDENTIALS.siteId,
    ...extra,
  };
}

/** The installed `fourws` bin and the project it is installed in. */
export async function fourwsBin() {
  const pkg = await installedPackage();
  return { bin: join(pkg.project, "node_modules", ".bin", "fourws"), project: pkg.project, packageDir: pkg.packageDir };
}

/**
 * Starts `fourws ARGS`; resolves once it exits.
 * @param {string[]} args
 * @param {{ env: object, cwd?: string, onSpawn?: (child: import("node:child_process").ChildProcess) => void, input?: string }} options
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string }>}
 */
export async function fourws(args, { env, cwd, onSpawn, shell = false }) {
  const { bin, project } = await fourwsBin();
  const child = shell
    ? spawn("sh", ["-c", args], { env, cwd: cwd ?? project, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(bin, args, { env, cwd: cwd ?? project, stdio: ["ignore", "pipe", "pipe"] });
  const out = [];
  const err = [];
  child.stdout.on("data", (b) => out.push(b));
  child.stderr.on("data", (b) => err.push(b));
  onSpawn?.(child);
  const [code, signal] = await new Promise((resolve) => child.on("close", (c, s) => resolve([c, s])));
  return { code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/** Every file in a directory, as text (to look for the password). */
export function filesIn(dir) {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((p) => existsSync(p))
    .map((p) => ({ path: p, text: readFileSync(p, "latin1") }));
}

/**
 * RFC 4180 parser (CRLF rows, quoted cells with doubled quotes), for checking the CSV output.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        cell += c;
        i++;
      }
    } else if (c === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 2;
    } else {
      if (c === '"' || c === "\n" || c === "\r") throw new Error(`bad CSV at ${i}: unquoted ${JSON.stringify(c)}`);
      cell += c;
      i++;
    }
  }
  if (quoted) throw new Error("bad CSV: unterminated quote");
  if (cell !== "" || row.length > 0) throw new Error("bad CSV: last line without CRLF");
  return rows;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
