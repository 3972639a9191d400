// "fourws/inline": the same API as "fourws" (the WebAssembly inlined, ready at import).
export * from "./index.js";
export { default } from "./index.js";
