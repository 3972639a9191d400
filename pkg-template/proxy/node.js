// fourws/proxy: the adapter for `node:http`, Express and Connect.
import { FourWsError } from "../fourws.js";

/**
 * Adapts a fetch-style handler to `node:http`, Express and Connect:
 * `http.createServer(toNodeHandler(handle))` or `app.use(toNodeHandler(handle))`.
 * With a `next` (Express/Connect), requests for other paths go on to the next handler.
 * The caller's address (`req.socket.remoteAddress`) is passed on for the rate limit.
 */
/** What a body parser left in `req.body`, as a fetch body (undefined: nothing usable). */
function parsedBody(body) {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  if (typeof body === "object") return JSON.stringify(body);
  return undefined;
}

export function toNodeHandler(handle) {
  if (typeof handle !== "function") throw new FourWsError("invalidArgument", "toNodeHandler needs the handler createProxy returned");
  return function fourwsProxy(req, res, next) {
    const rawPath = req.originalUrl ?? req.url ?? "/";
    let url;
    try {
      url = new URL(rawPath, "http://localhost");
    } catch {
      url = null;
    }
    if (typeof next === "function" && handle.path && url?.pathname !== handle.path) return next();
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const headers = new Headers();
    const raw = req.rawHeaders ?? [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      try {
        headers.append(raw[i], raw[i + 1]);
      } catch {
        // a header the fetch API cannot hold is not forwarded anyway
      }
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    // A body parser in front (express.json(), express.text(), express.raw(), body-parser)
    // has already read the stream and left what it read in req.body: use that.
    const consumed = req._body === true || req.readableEnded === true;
    const parsed = hasBody && consumed ? parsedBody(req.body) : undefined;
    if (hasBody && consumed && parsed === undefined) {
      res.writeHead(500, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(
        JSON.stringify({
          success: false,
          fourwsProxy: true,
          message:
            "The 4WS proxy is misconfigured: another middleware read the request body and did not keep it in req.body; " +
            "mount the proxy before body parsers, or use one that sets req.body (express.json()).",
        }),
      );
      return;
    }
    if (parsed !== undefined) headers.delete("content-length");
    const body = parsed !== undefined
      ? parsed
      : hasBody
      ? new ReadableStream({
          async start(c) {
            try {
              for await (const chunk of req) c.enqueue(new Uint8Array(chunk));
              c.close();
            } catch (err) {
              c.error(err);
            }
          },
        })
      : null;
    let request;
    try {
      request = new Request(url ? url.href : "http://localhost/", { method: req.method, headers, body, duplex: "half", signal: controller.signal });
    } catch {
      // fetch refuses some methods outright (TRACE, CONNECT, TRACK): refused here as well.
      const badMethod = req.method !== "GET" && req.method !== "POST";
      const message = badMethod ? `${req.method} is not forwarded: the 4WS proxy takes GET and POST.` : "The request could not be read.";
      res.writeHead(badMethod ? 405 : 400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...(badMethod ? { allow: "GET, POST" } : {}) });
      res.end(JSON.stringify({ success: false, message }));
      return;
    }
    Promise.resolve(handle(request, { clientAddress: req.socket?.remoteAddress ?? null }))
      .then(async (response) => {
        const out = {};
        response.headers.forEach((value, name) => {
          if (name !== "set-cookie") out[name] = value;
        });
        res.writeHead(response.status, out);
        if (response.body && req.method !== "HEAD") {
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            res.write(value);
          }
        }
        res.end();
        if (hasBody && !consumed && !req.complete) req.resume();
      })
      .catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ success: false, message: "The 4WS proxy failed." }));
        } else res.destroy();
      });
  };
}
