// Instantiating the WebAssembly module, shared by the entry points: each entry gets the
// module (or its bytes) the way its runtime can and hands it here; any failure becomes a
// FourWsError that says what to do in that runtime, and is kept for `new Client()` and
// `init()` to report (so that the import itself never throws).
import { initSync } from "./wasm/fourws.js";
import { FourWsError } from "./fourws.js";
import { markFailed, markReady } from "./ready.js";

/** The JavaScript runtime we are in, and what to do there when the module cannot load. */
export function runtime() {
  const g = globalThis;
  if (typeof g.Deno === "object" && g.Deno?.version) {
    return {
      name: `Deno ${g.Deno.version.deno}`,
      advice:
        "fourws needs Deno 2 or later; loading it needs no permission (the WebAssembly is " +
        "inlined), only --allow-net for the 4WS host. Reinstall the package if its files were changed.",
    };
  }
  if (typeof g.Bun === "object" && g.Bun?.version) {
    return {
      name: `Bun ${g.Bun.version}`,
      advice: "fourws needs Bun 1.1 or later. Reinstall the package (`bun install`) if its files were changed.",
    };
  }
  if (typeof g.navigator === "object" && g.navigator?.userAgent === "Cloudflare-Workers") {
    return {
      name: "Cloudflare Workers (workerd)",
      advice:
        'Workers cannot compile WebAssembly from bytes: import "fourws" through wrangler (its ' +
        '"workerd" entry imports fourws_bg.wasm as a module), or, with another bundler, add a ' +
        'CompiledWasm module rule for "**/*.wasm".',
    };
  }
  if (typeof g.process === "object" && g.process?.versions?.node) {
    return {
      name: `Node ${g.process.versions.node}`,
      advice:
        "fourws needs Node 20 or later with WebAssembly enabled (not --jitless). Reinstall the " +
        "package (`npm install fourws`) if its files were changed.",
    };
  }
  if (typeof g.window === "object" || typeof g.importScripts === "function") {
    return {
      name: "this browser",
      advice:
        "The page's Content-Security-Policy must allow WebAssembly ('wasm-unsafe-eval' in " +
        "script-src), and the browser must support WebAssembly with reference types " +
        "(Chrome/Edge 96+, Firefox 79+, Safari 15+).",
    };
  }
  return {
    name: "this JavaScript runtime",
    advice: "The runtime must support WebAssembly (WebAssembly.Module and WebAssembly.Instance).",
  };
}

/** A FourWsError for a failure to load the module, with the runtime's advice. */
export function loadError(kind, what, cause, advice = runtime().advice, details = {}) {
  const detail = cause instanceof Error ? cause.message : cause === undefined ? "" : String(cause);
  return new FourWsError(
    kind,
    `fourws could not load its WebAssembly module in ${runtime().name}: ${what}${detail ? ` (${detail})` : ""}. ${advice}`,
    details,
  );
}

/** Decodes base64 to bytes where neither Buffer nor Uint8Array.fromBase64 may exist. */
export function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  if (typeof globalThis.Buffer === "function") {
    const b = globalThis.Buffer.from(text, "base64");
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the module synchronously from `getModule()` (bytes or a WebAssembly.Module).
 * Returns the FourWsError on failure (also kept for `new Client()`), or null.
 */
export function instantiateSync(getModule) {
  try {
    initSync({ module: getModule() });
    markReady();
    return null;
  } catch (e) {
    const error = loadError("decode", "instantiating it failed", e);
    markFailed(error);
    return error;
  }
}
