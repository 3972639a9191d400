// Which elements a request gets: `start`-based pages (KeepIT complete extractions and the
// Documents API) or the server-side cursor of a KeepIT incremental extraction.

/** In an incremental extraction, the "modified" elements are every 3rd one: 0, 3, 6, ... */
export const MODIFIED_EVERY = 3;

/**
 * @typedef {object} PagePlan
 * @property {number} start offset (or incremental cursor) the page starts at, in positions
 * @property {number} positions how many positions the sequence being paged holds
 * @property {(position: number) => number} indexOf element index at a position
 * @property {string | undefined} cursorKey set for incremental extractions
 * @property {number | undefined} [limit] the `limit` asked for (Documents API lists)
 */

/**
 * Parses the `start` query parameter (default 0).
 * @param {URLSearchParams} query
 * @returns {number | null} null when it is not a non-negative integer
 */
export function parseStart(query) {
  const text = query.get("start");
  if (text === null || text === "") return 0;
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** The largest `limit` the mock honours (as fourws's `pageSize`). */
export const MAX_LIMIT = 1000;

/**
 * Parses the `limit` query parameter of the Documents API lists (the docs' "Paginated
 * Responses": the number of items per page, default 20).
 * @param {URLSearchParams} query
 * @returns {number | undefined | null} undefined when absent, null when not 1..MAX_LIMIT
 */
export function parseLimit(query) {
  const text = query.get("limit");
  if (text === null || text === "") return undefined;
  if (!/^[1-9]\d{0,3}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_LIMIT ? n : null;
}

/**
 * Plans the page a request gets.
 * @param {import("./commands.mjs").Command} command
 * @param {import("./commands.mjs").Collection} collection
 * @param {string} cmd
 * @param {URLSearchParams} query
 * @param {Map<string, number>} cursors incremental cursors, keyed by cmd and system
 * @returns {PagePlan | { error: string }}
 */
export function planPage(command, collection, cmd, query, cursors) {
  if (command.api === "keepit" && !collection.complete) {
    const cursorKey = `${cmd}|${collection.system}`;
    return {
      start: cursors.get(cursorKey) ?? 0,
      positions: Math.ceil(collection.total / MODIFIED_EVERY),
      indexOf: (p) => p * MODIFIED_EVERY,
      cursorKey,
    };
  }
  const start = parseStart(query);
  if (start === null) return { error: `start must be a non-negative integer (got '${query.get("start")}')` };
  // Only the Documents API lists take `limit` ("not supported for all paginated APIs").
  const limit = command.api === "documents" ? parseLimit(query) : undefined;
  if (limit === null) return { error: `limit must be a whole number from 1 to ${MAX_LIMIT} (got '${query.get("limit")}')` };
  return { start, positions: collection.total, indexOf: (p) => p, cursorKey: undefined, limit };
}

/**
 * Builds the envelope of one page.
 * @param {import("./commands.mjs").Command} command
 * @param {import("./commands.mjs").Collection} collection
 * @param {PagePlan} plan
 * @param {{ ignoreStart?: boolean, emptyMore?: boolean, extraTotal?: number, ignoreLimit?: boolean }} [tweaks] fault-driven changes
 * @returns {{ envelope: object, count: number, next: number }} count = elements (prices: rows) on
 *   the page; next = the position after the page (an incremental cursor moves there)
 */
export function buildPage(command, collection, plan, tweaks = {}) {
  const from = tweaks.ignoreStart ? 0 : plan.start;
  const size = plan.limit !== undefined && !tweaks.ignoreLimit ? plan.limit : command.pageSize;
  const to = Math.max(from, Math.min(from + size, plan.positions));
  const indexes = [];
  if (!tweaks.emptyMore) for (let p = from; p < to; p++) indexes.push(plan.indexOf(p));
  const list = collection.elements(indexes);
  const count = collection.count(list);
  const moreRows = tweaks.emptyMore ? true : to < plan.positions;
  const resultSetLength = (command.api === "keepit" ? plan.positions : count) + (tweaks.extraTotal ?? 0);
  return { envelope: collection.envelope(list, moreRows, resultSetLength), count, next: to };
}
