// Whether the WebAssembly module has been instantiated (by node.js at import, or by the
// browser entry's init()).
let ready = false;

/** Called by the entry points once the module is instantiated. */
export function markReady() {
  ready = true;
}

/** Whether `new Client()` can run. */
export function isReady() {
  return ready;
}
