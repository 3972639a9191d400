// Entry point of Node (ESM), Deno, Bun, and of "fourws/inline" anywhere: the WebAssembly
// module is inlined (base64) and instantiated synchronously at import, so no init call, no
// file access (Deno needs no --allow-read) and no bundler setting is needed.
import wasmBase64 from "./wasm/fourws_bg.wasm.base64.js";
import { decodeBase64, instantiateSync } from "./load.js";
import { loadFailure } from "./ready.js";

instantiateSync(() => decodeBase64(wasmBase64));

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";

/**
 * Nothing to do here (the module is ready at import); kept for isomorphic code. Rejects
 * with the FourWsError if loading the module failed.
 */
export default async function init() {
  const failure = loadFailure();
  if (failure) throw failure;
}
