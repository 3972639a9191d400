// Client options from the environment (and `--env-file`): the only place credentials come
// from. Nothing here ever repeats a value it read, so no message can carry the password.
import { readFileSync } from "node:fs";
import { UsageError } from "./usage.js";
import { redisLimiter } from "./redis.js";

/** Environment variable → client option. */
export const VARIABLES = {
  FOURWS_BASE_URL: "baseUrl",
  FOURWS_APPLICATION_ID: "applicationId",
  FOURWS_USERNAME: "username",
  FOURWS_PASSWORD: "password",
  FOURWS_COMPANY_ID: "companyId",
  FOURWS_SITE_ID: "siteId",
  FOURWS_NAMESPACE: "namespace",
  FOURWS_LANGUAGE_ID: "languageId",
};

const REQUIRED = ["FOURWS_BASE_URL", "FOURWS_APPLICATION_ID"];

/**
 * Parses a dotenv-style file: `KEY=VALUE` lines, `#` comments, blank lines, an optional
 * `export ` prefix, values optionally in single or double quotes. Errors name the line
 * number only, never its text (it may hold the password).
 * @param {string} path
 * @returns {Record<string, string>}
 */
export function readEnvFile(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --env-file ${path}: ${e.code ?? e.message}`);
  }
  const out = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new UsageError(`--env-file ${path}, line ${i + 1}: expected KEY=VALUE`);
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
    else if (q === '"' || q === "'") throw new UsageError(`--env-file ${path}, line ${i + 1}: unterminated quote`);
    else value = value.replace(/\s+#.*$/, "");
    out[m[1]] = value;
  }
  return out;
}

/**
 * The environment the command runs with: the process environment, filled in from the env
 * file (a variable already set in the environment wins, as with Node's `--env-file`).
 * @param {string | undefined} envFile
 * @returns {Record<string, string | undefined>}
 */
export function environment(envFile) {
  if (envFile === undefined) return process.env;
  return { ...readEnvFile(envFile), ...process.env };
}

/**
 * Client options from the environment. `FOURWS_HEADERS` (a JSON object) adds headers to every
 * request, e.g. for a proxy; the credential headers cannot be overridden that way.
 * @param {Record<string, string | undefined>} env
 * @returns {{ options: Record<string, unknown>, password: string | null }}
 */
export function clientOptions(env) {
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: set the FOURWS_* variables ` +
        "in the environment or pass --env-file FILE (see fourws --help)",
    );
  }
  const options = {};
  for (const [name, option] of Object.entries(VARIABLES)) {
    const value = env[name];
    if (value !== undefined && value !== "") options[option] = value;
  }
  if (env.FOURWS_HEADERS) {
    let headers;
    try {
      headers = JSON.parse(env.FOURWS_HEADERS);
    } catch {
      throw new UsageError("FOURWS_HEADERS must be a JSON object of header names to string values");
    }
    if (headers === null || typeof headers !== "object" || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
      throw new UsageError("FOURWS_HEADERS must be a JSON object of header names to string values");
    }
    options.headers = headers;
  }
  // FOURWS_REDIS_URL: the account's budget shared with the shop's proxies (see redis.js).
  const shared = redisLimiter(env);
  if (shared) options.rateLimit = shared;
  return { options, password: options.password ?? null };
}

/**
 * Who the checkpoint was written for: the account's identifying options (never the password).
 * @param {Record<string, unknown>} options
 */
export function accountOf(options) {
  const { baseUrl, applicationId, username, companyId, siteId, namespace, languageId } = options;
  return { baseUrl, applicationId, username, companyId, siteId, namespace, languageId };
}
