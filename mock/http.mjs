// Small HTTP helpers: CORS headers, JSON/HTML replies with exact Content-Length, body reading.

/** Headers every response carries (browsers call the mock from another origin). */
export const CORS_HEADERS = Object.freeze({
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After",
});

export const JSON_TYPE = "application/json; charset=utf-8";
export const HTML_TYPE = "text/html; charset=utf-8";

/**
 * Sends bytes with the given status, type and extra headers (CORS added).
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} type Content-Type
 * @param {Buffer} bytes
 * @param {Record<string, string>} [headers]
 */
export function sendBytes(res, status, type, bytes, headers = {}) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { ...CORS_HEADERS, "Content-Type": type, "Content-Length": String(bytes.length), ...headers });
  res.end(bytes);
}

/**
 * Sends a JSON value as UTF-8.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, value, headers) {
  sendBytes(res, status, JSON_TYPE, Buffer.from(JSON.stringify(value), "utf8"), headers);
}

/**
 * Sends an HTML page.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
export function sendHtml(res, status, html) {
  sendBytes(res, status, HTML_TYPE, Buffer.from(html, "utf8"));
}

/**
 * The error envelope 4WS uses: `{ success: false, message }`.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
export function sendError(res, status, message, headers) {
  sendJson(res, status, { success: false, message }, headers);
}

/**
 * Reads the whole request body (at most `limit` bytes).
 * @param {import("node:http").IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit = 10 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Writes one chunk, waiting for the socket to drain when its buffer is full.
 * Rejects when the client has gone away.
 * @param {import("node:http").ServerResponse} res
 * @param {string | Buffer} chunk
 * @returns {Promise<void>}
 */
export function writeChunk(res, chunk) {
  if (res.destroyed) return Promise.reject(new Error("client went away"));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error("client went away"));
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

/** @param {number} ms @returns {Promise<void>} */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
