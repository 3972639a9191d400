// Credential and application-id checks every /api request goes through.

/** Credentials the mock accepts unless told otherwise. */
export const DEFAULT_CREDENTIALS = Object.freeze({
  username: "fourws-demo",
  password: "mock-password",
  companyId: "MOCK",
  siteId: "1",
});

/**
 * Checks the `username`, `password`, `companyId` and `siteId` headers.
 * The message never contains the password (nor the username that was sent).
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @param {typeof DEFAULT_CREDENTIALS} expected
 * @returns {string | null} the 401 message, or null when the credentials are right
 */
export function checkCredentials(headers, expected) {
  const missing = ["username", "password", "companyId", "siteId"].filter((name) => !headers[name.toLowerCase()]);
  if (missing.length) return `Invalid credentials: missing header ${missing.join(", ")}`;
  if (headers.username !== expected.username || headers.password !== expected.password) {
    return "Invalid credentials: unknown username or wrong password";
  }
  if (headers.companyid !== expected.companyId) return `Invalid credentials: unknown companyId '${headers.companyid}'`;
  if (headers.siteid !== expected.siteId) return `Invalid credentials: unknown siteId '${headers.siteid}' for company ${expected.companyId}`;
  return null;
}

/**
 * Checks that `appId` and `applicationId` are sent as query parameters and headers, non-empty
 * and all equal.
 * @param {URLSearchParams} query
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @returns {string | null} the 400 message, or null when they are right
 */
export function checkApplication(query, headers) {
  const values = {
    "query parameter appId": query.get("appId"),
    "query parameter applicationId": query.get("applicationId"),
    "header appId": headers.appid,
    "header applicationId": headers.applicationid,
  };
  const missing = Object.entries(values).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) return `Missing ${missing.join(", ")}`;
  const distinct = new Set(Object.values(values));
  if (distinct.size > 1) {
    return `appId and applicationId must be equal in the query and the headers (got ${[...distinct].map((v) => `'${v}'`).join(", ")})`;
  }
  return null;
}
