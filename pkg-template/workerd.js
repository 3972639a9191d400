// Cloudflare Workers (workerd) entry point: Workers may not compile WebAssembly from bytes,
// so the .wasm is imported as a compiled module (wrangler's default rule for "*.wasm") and
// instantiated synchronously at import; no init call is needed.
import wasmModule from "./wasm/fourws_bg.wasm";
import { instantiateSync } from "./load.js";
import { loadFailure } from "./ready.js";

instantiateSync(() => wasmModule);

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";

/** Nothing to do in Workers (ready at import); rejects with the load failure, if any. */
export default async function init() {
  const failure = loadFailure();
  if (failure) throw failure;
}
