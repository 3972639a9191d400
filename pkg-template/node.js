// Node ESM entry point: the inlined module of inline.js (the same module instance), kept
// under this name for code that imports the package's node.js directly.
export * from "./inline.js";
export { default } from "./inline.js";
