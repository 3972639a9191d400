// What a promise rejected with; fails the test when it resolves instead.
import assert from "node:assert/strict";

/** The rejection of `promise`, which must reject. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}
