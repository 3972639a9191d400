// fourws/proxy: what it answers a page with (refusals as 4WS envelopes), who is asking, and
// reading bodies with a size cap.

/**
 * A refusal or proxy failure, as the 4WS envelope the browser client reads. `fourwsProxy`
 * tells the client the message is the proxy's own (no credential advice for the page).
 */
export function envelope(status, message, extra = {}) {
  return new Response(JSON.stringify({ success: false, message, fourwsProxy: true }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

export class Refusal extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * The caller's address: the runtime's (`info` is toNodeHandler's `{ clientAddress }`,
 * Deno.serve's `{ remoteAddr }` or Bun.serve's server), or, only with trustProxy, the last
 * `X-Forwarded-For` entry.
 */
export function clientAddress(request, info, trustProxy) {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded) {
      const hops = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
      if (hops.length) return hops[hops.length - 1];
    }
  }
  if (info?.clientAddress) return info.clientAddress; // toNodeHandler
  if (info?.remoteAddr?.hostname) return info.remoteAddr.hostname; // Deno.serve
  if (typeof info?.requestIP === "function") return info.requestIP(request)?.address ?? null; // Bun.serve's server
  return null;
}

/**
 * Reads a body stream (or null) into one byte array, calling `tooLarge()` for the error to
 * throw, after cancelling the stream, once more than `max` bytes have come.
 */
async function readCapped(body, max, tooLarge) {
  const chunks = [];
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** Reads the request body as text, refusing more than `max` bytes. */
export async function readBody(request, max) {
  const tooLarge = () => new Refusal(413, `The request body is larger than ${max} bytes.`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw tooLarge();
  if (!request.body) return "";
  const all = await readCapped(request.body, max, tooLarge);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new Refusal(400, "The request body is not UTF-8 text.");
  }
}

/** Reads an upstream body, up to `max` bytes. */
export function readUpstream(response, max) {
  return readCapped(
    response.body,
    max,
    () => new Refusal(502, `The 4WS host sent more than ${max} bytes (maxResponseBytes).`),
  );
}
