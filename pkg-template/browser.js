// Browser entry point (plain <script type="module"> or a bundler such as Vite): the
// WebAssembly module is fetched and instantiated by `await init()`, once, before
// `new Client(...)`.
import wasmInit from "./wasm/fourws.js";
import { markReady } from "./ready.js";

let pending;

/**
 * Loads the WebAssembly module. Call it once and await it before `new Client(...)`;
 * later calls return the same promise. `moduleOrPath` optionally overrides where the
 * `.wasm` file is fetched from (a URL, a Response, bytes or a WebAssembly.Module).
 */
export default function init(moduleOrPath) {
  pending ??= wasmInit(
    moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath },
  ).then(() => {
    markReady();
  });
  return pending;
}

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";
