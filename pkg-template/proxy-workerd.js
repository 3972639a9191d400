// fourws/proxy in Cloudflare Workers: the WebAssembly module is instantiated at import (by
// workerd.js, which imports the .wasm as a compiled module), so createProxy() checks its
// `allow` list at once.
import "./workerd.js";

export { createProxy, toNodeHandler } from "./proxy.js";
