// Node entry point: instantiates the WebAssembly module synchronously at import, so no
// init call is needed.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/fourws.js";
import { markReady } from "./ready.js";

initSync({ module: readFileSync(new URL("./wasm/fourws_bg.wasm", import.meta.url)) });
markReady();

export { Client, Paginator, FourWsError, joinPriceLists } from "./fourws.js";

/** Nothing to do in Node (the module is ready at import); kept for isomorphic code. */
export default async function init() {}
