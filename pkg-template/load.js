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

/**
 * The inlined wasm's bytes from its Latin-1 string (one character per byte): Buffer's
 * native decoder where it exists (Node, Bun: under 1 ms for 600 KB), else a loop (about
 * 6-15 ms cold for 600 KB).
 */
export function decodeLatin1(text) {
  if (typeof globalThis.Buffer === "function") {
    const b = globalThis.Buffer.from(text, "latin1");
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The advice when the page's Content-Security-Policy blocks WebAssembly. */
export const CSP_ADVICE =
  "The page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its " +
  "script-src directive (e.g. `script-src 'self' 'wasm-unsafe-eval'`); nothing else needs to change.";

/** Whether `e` is a browser refusing to compile WebAssembly because of the page's CSP. */
export function isCspRefusal(e) {
  const message = e && typeof e.message === "string" ? e.message : String(e);
  return /Content.Security.Policy|wasm-unsafe-eval|unsafe-eval|wasm-eval|\bCSP\b/i.test(message);
}

/**
 * Checks that `module` (a WebAssembly.Module) is fourws's own, before wasm-bindgen's glue
 * sees it: its glue keeps the first module it instantiates, so a wrong one would leave the
 * package unusable even after a later, right one. Throws the FourWsError otherwise.
 */
export function checkModule(module, what = "the module") {
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  if (!names.has("useErrorClass") || !names.has("memory")) {
    throw loadError(
      "decode",
      `${what} is a WebAssembly module, but not fourws's own (it lacks fourws's exports)`,
      undefined,
      "Load node_modules/fourws/wasm/fourws_bg.wasm from the same version of the package as its JavaScript.",
    );
  }
  return module;
}

/**
 * Instantiates the module synchronously from `getModule()` (bytes or a WebAssembly.Module).
 * Returns the FourWsError on failure (also kept for `new Client()`), or null.
 */
export function instantiateSync(getModule) {
  try {
    let module;
    try {
      module = getModule();
      if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
    } catch (e) {
      throw isCspRefusal(e) ? loadError("decode", "compiling it was refused", e, CSP_ADVICE) : e;
    }
    initSync({ module: checkModule(module) });
    markReady();
    return null;
  } catch (e) {
    const error = e instanceof FourWsError ? e : loadError("decode", "instantiating it failed", e);
    markFailed(error);
    return error;
  }
}
