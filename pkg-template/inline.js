// Entry point of Node (ESM), Deno, Bun, and of "fourws/inline" anywhere: the WebAssembly
// module is inlined (a Latin-1 string, one character per byte) and instantiated synchronously
// at import, so no init call, no file access (Deno needs no --allow-read) and no bundler
// setting is needed. The string comes from one file shared with fourws.cjs (require), which
// sets it on a global symbol: a plain script, so Node, Deno, Bun and every bundler load it.
import "./wasm/fourws_bg.wasm.latin1.cjs";
import { decodeLatin1, instantiateSync } from "./load.js";
import { loadFailure } from "./ready.js";

instantiateSync(() => decodeLatin1(globalThis[Symbol.for("fourws.wasmLatin1")]));

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";

/**
 * Nothing to do here (the module is ready at import); kept for isomorphic code. Rejects
 * with the FourWsError if loading the module failed.
 */
export default async function init() {
  const failure = loadFailure();
  if (failure) throw failure;
}
