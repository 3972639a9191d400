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
  return { start, positions: collection.total, indexOf: (p) => p, cursorKey: undefined };
}

/**
 * Builds the envelope of one page.
 * @param {import("./commands.mjs").Command} command
 * @param {import("./commands.mjs").Collection} collection
 * @param {PagePlan} plan
 * @param {{ ignoreStart?: boolean, emptyMore?: boolean, extraTotal?: number }} [tweaks] fault-driven changes
 * @returns {{ envelope: object, count: number, next: number }} count = elements (prices: rows) on
 *   the page; next = the position after the page (an incremental cursor moves there)
 */
export function buildPage(command, collection, plan, tweaks = {}) {
  const from = tweaks.ignoreStart ? 0 : plan.start;
  const to = Math.max(from, Math.min(from + command.pageSize, plan.positions));
  const indexes = [];
  if (!tweaks.emptyMore) for (let p = from; p < to; p++) indexes.push(plan.indexOf(p));
  const list = collection.elements(indexes);
  const count = collection.count(list);
  const moreRows = tweaks.emptyMore ? true : to < plan.positions;
  const resultSetLength = (command.api === "keepit" ? plan.positions : count) + (tweaks.extraTotal ?? 0);
  return { envelope: collection.envelope(list, moreRows, resultSetLength), count, next: to };
}
