// fourws/idb: a `cache` store for browsers that keeps pages in IndexedDB, so that a shop
// counter's lookups survive a reload or a restart of the PC. Built on idb-keyval (small,
// well kept; bundled into this file by scripts/build.sh, so the package has no runtime
// dependency). Loaded only by pages that import "fourws/idb": the main entry never does.
import { createStore, del, get, set } from "idb-keyval";

/**
 * An IndexedDB store for `new Client({ cache: { maxStaleMs, store: idbStore() } })`: the
 * database `name` (default "fourws") of the page's origin, object store "pages". The
 * database is opened on first use; where IndexedDB is missing or refused (Node, a private
 * window that forbids it), each call fails and the client goes on without the cache.
 * @param {string} [name]
 */
export function idbStore(name = "fourws") {
  let store = null;
  const db = () => (store ??= createStore(String(name), "pages"));
  return {
    get: (key) => get(key, db()),
    set: (key, value) => set(key, value, db()),
    delete: (key) => del(key, db()),
  };
}
