// Errors in words a person at the counter can act on. Only data fields of the
// FourWsError are read (kind, status, serverMessage, retryAfterMs, path): never its text.
import { count } from "./format.js";

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * @param {any} err a FourWsError (or anything else that was thrown)
 * @param {{ what?: string, records?: number, resumable?: boolean }} [context]
 * @returns {{ title: string, advice: string, retry: boolean, tone: "error" | "warning" }}
 */
export function describeError(err, context = {}) {
  const what = context.what ?? "the request";
  const said = err?.serverMessage ?? null;
  switch (err?.kind) {
    case "invalidArgument":
      return { title: "That input is not valid", advice: `${capitalise(err.message)}. Check what you typed.`, retry: false, tone: "warning" };
    case "network":
      return {
        title: "Cannot reach the 4WS server",
        advice: "The connection failed (network down, server restarting or a proxy in the way). Check the connection and try again.",
        retry: true,
        tone: "error",
      };
    case "timeout":
      return { title: "The 4WS server took too long to answer", advice: "It may be busy. Try again in a moment.", retry: true, tone: "error" };
    case "aborted":
      return context.records !== undefined
        ? { title: `Export cancelled after ${count(context.records, "record", "records")}`, advice: "What was fetched can still be downloaded, or the export resumed.", retry: false, tone: "warning" }
        : { title: "Cancelled", advice: `${capitalise(what)} was cancelled.`, retry: true, tone: "warning" };
    case "rateLimited": {
      const wait = err.retryAfterMs ? ` about ${Math.ceil(err.retryAfterMs / 1000)} s` : " a minute";
      return { title: "Too many requests to 4WS", advice: `The server asks to slow down. Wait${wait} and try again.`, retry: true, tone: "warning" };
    }
    case "http":
      if (err.status === 401) {
        return {
          title: "4WS refused the shop's credentials",
          advice: "The demo server's credentials (FOURWS_USERNAME, FOURWS_PASSWORD, FOURWS_COMPANY_ID, FOURWS_SITE_ID) are wrong or expired. Ask whoever runs the server to check them.",
          retry: false,
          tone: "error",
        };
      }
      if (err.status === 403) {
        return {
          title: `Not allowed (HTTP 403)`,
          advice: said ? `The server said: “${said}”` : "The server refused this call. Ask whoever runs the server to check what this page may do.",
          retry: false,
          tone: "error",
        };
      }
      if (err.status >= 500) {
        return {
          title: `The 4WS server had a problem (HTTP ${err.status})`,
          advice: "It is not something you did. Try again in a minute; if it keeps happening, tell the 4WS administrator.",
          retry: true,
          tone: "error",
        };
      }
      return { title: `4WS rejected ${what} (HTTP ${err.status})`, advice: said ?? "Check the input and try again.", retry: false, tone: "error" };
    case "api":
      // 4WS answers an unknown card with success: false and "No customer found ...".
      if (said && /^no customer found/i.test(said)) {
        return { title: "No customer with this card — check the number", advice: "Scan the card again or type the number printed under the barcode.", retry: false, tone: "warning" };
      }
      return {
        title: "4WS reported an error",
        advice: `${said ? `It said: “${said}”.` : "It gave no reason."} Try again; if it persists, tell the 4WS administrator.`,
        retry: true,
        tone: "error",
      };
    case "decode":
      return {
        title: "The answer from 4WS could not be read",
        advice: "It was not the expected data (often a login or error page from a proxy, or a cut-off answer). Try again; if it persists, tell the administrator.",
        retry: true,
        tone: "error",
      };
    case "validation":
      return {
        title: "4WS sent a record that does not make sense",
        advice: `The value at ${err.path ?? "an unknown place"} is invalid, so nothing was shown from that page. Report it to the 4WS administrator with this detail.`,
        retry: false,
        tone: "error",
      };
    case "pagination":
      return {
        title: "4WS broke off the list halfway",
        advice: `The server's pages did not fit together, so the result would be incomplete. Try again${context.records !== undefined || context.resumable ? " from the resume point" : ""}.`,
        retry: true,
        tone: "error",
      };
    default:
      return {
        title: "Something went wrong on this page",
        advice: `${err?.message ?? String(err)}. Reload the page and try again.`,
        retry: true,
        tone: "error",
      };
  }
}
