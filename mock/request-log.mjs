// The log of /api requests, served by GET /__mock/requests (passwords masked).

/**
 * @typedef {object} LoggedRequest
 * @property {string} method
 * @property {string} path path and query, as received
 * @property {string | null} cmd
 * @property {number | null} start the `start` query parameter (or the incremental cursor) as a number, when known
 * @property {Record<string, string | string[]>} headers the request headers, `password` replaced by "***"
 * @property {unknown} body parsed JSON body, the raw text when it is not JSON, or null when empty
 * @property {number} time epoch milliseconds at arrival
 * @property {number | null} status HTTP status answered (null: dropped, hung or still running)
 * @property {string | null} fault the fault mode that fired, if any
 * @property {string | null} faultPath JSON path altered by bad-record / wrong-type
 */

/**
 * Creates the log entry of a request.
 * @param {import("node:http").IncomingMessage} req
 * @param {URL} url
 * @param {Buffer} body
 * @returns {LoggedRequest}
 */
export function logEntry(req, url, body) {
  const headers = { ...req.headers };
  if ("password" in headers) headers.password = "***";
  const text = body.toString("utf8");
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const start = url.searchParams.get("start");
  return {
    method: req.method ?? "",
    path: url.pathname + url.search,
    cmd: url.searchParams.get("cmd"),
    start: start !== null && /^\d+$/.test(start) ? Number(start) : null,
    headers,
    body: parsed,
    time: Date.now(),
    status: null,
    fault: null,
    faultPath: null,
  };
}
