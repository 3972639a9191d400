// The docs' own example payloads (tests/fixtures/docs/*.json), served verbatim as the first
// elements of each collection. In the npm package (`fourws mock`) they are copied to
// mock/fixtures/ by scripts/build.sh.
import { existsSync, readFileSync } from "node:fs";

const shipped = new URL("../fixtures/", import.meta.url);
const dir = existsSync(shipped) ? shipped : new URL("../../tests/fixtures/docs/", import.meta.url);

/** @param {string} name @returns {any} */
function load(name) {
  return JSON.parse(readFileSync(new URL(name, dir), "utf8"));
}

/**
 * Deep copy, so that fault injection can never alter the shared examples.
 * @template T @param {T} value @returns {T}
 */
export function clone(value) {
  return structuredClone(value);
}

/** The parsed example envelopes, keyed by endpoint. */
export const docs = Object.freeze({
  customers: load("customers-export.json"),
  prices: load("prices-export.json"),
  sales: load("sales-export.json"),
  vouchers: load("loyalty-vouchers.json"),
  orders: load("last-digital-orders.json"),
});
