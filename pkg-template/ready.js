// Whether the WebAssembly module has been instantiated (by an entry point at import, or by
// the browser entry's init()), and why not if loading it failed.
let ready = false;
let failure = null;

/** Called by the entry points once the module is instantiated. */
export function markReady() {
  ready = true;
  failure = null;
}

/** Called by the entry points when loading the module failed (a FourWsError). */
export function markFailed(error) {
  failure = error;
}

/** Whether `new Client()` can run. */
export function isReady() {
  return ready;
}

/** The FourWsError that loading the module failed with, or null. */
export function loadFailure() {
  return failure;
}
