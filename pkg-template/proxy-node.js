// fourws/proxy in Node, Bun and Deno: the WebAssembly module is instantiated at import (by
// node.js), so createProxy() checks its `allow` list at once.
import "./node.js";

export { createProxy, toNodeHandler } from "./proxy.js";
