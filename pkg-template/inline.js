// Entry point of Node (ESM), Deno, Bun, and of "fourws/inline" anywhere: the WebAssembly
// module is inlined (base64) and instantiated synchronously at import, so no init call, no
// file access (Deno needs no --allow-read) and no bundler setting is needed.
// The base64 comes from one file shared with fourws.cjs (require), which sets it on a global
// symbol: a plain script, so Node, Deno, Bun and every bundler load it.
import "./wasm/fourws_bg.wasm.base64.cjs";
import { decodeBase64, instantiateSync } from "./load.js";
import { loadFailure } from "./ready.js";

instantiateSync(() => decodeBase64(globalThis[Symbol.for("fourws.wasmBase64")]));

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";

/**
 * Nothing to do here (the module is ready at import); kept for isomorphic code. Rejects
 * with the FourWsError if loading the module failed.
 */
export default async function init() {
  const failure = loadFailure();
  if (failure) throw failure;
}
