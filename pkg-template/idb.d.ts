import type { CacheStore } from "./index.js";

/**
 * An IndexedDB store for the `cache` client option (browsers): pages survive a reload or a
 * restart. `name` is the database (default "fourws"), per browser origin.
 */
export declare function idbStore(name?: string): CacheStore;
