// When 4WS is down: the page's lookups keep their pages in IndexedDB (the client's `cache`
// option with idbStore() from "fourws/idb"), and a page answered from there is shown with a
// banner saying how old it is. The outage switch (mock only) makes 4WS unreachable.
import { $, h, clear } from "./dom.js";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** "4WS is unreachable — showing the data of 14:02 (8 min ago)". */
export function staleText(stale) {
  const minutes = Math.floor(stale.ageMs / 60_000);
  const ago = minutes < 1 ? "less than a minute ago" : minutes < 120 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
  return `4WS is unreachable — showing the data of ${timeFormat.format(new Date(stale.storedAt))} (${ago})`;
}

/**
 * Shows the stale banner in `target` (the oldest page's age when pages differ).
 * @param {HTMLElement} target
 * @param {{ storedAt: string, ageMs: number, error: Error }} stale
 * @param {string} note what the clerk must keep in mind
 */
export function showStale(target, stale, note) {
  clear(target).append(
    h(
      "div",
      { class: "message message-warning stale-banner", role: "status", dataset: { stale: "true" } },
      h("strong", { class: "message-title" }, staleText(stale)),
      h("p", {}, note),
      h("details", { class: "tech" }, h("summary", {}, "Why"), h("p", {}, String(stale.error?.message ?? ""))),
    ),
  );
}

/** The oldest of the stale marks of some pages, or null when every page was live. */
export function oldest(pages) {
  let out = null;
  for (const p of pages) if (p.stale && (!out || p.stale.ageMs > out.ageMs)) out = p.stale;
  return out;
}

/** The outage switch in the header (only against the mock: it drops every call to 4WS). */
export function setupOutageSwitch(config) {
  if (config.upstream !== "mock") return;
  const box = $("outage");
  const input = $("outage-switch");
  box.hidden = false;
  input.checked = Boolean(config.outage);
  box.dataset.on = String(input.checked);
  input.addEventListener("change", async () => {
    input.disabled = true;
    try {
      const r = await fetch(`/demo/outage?on=${input.checked ? 1 : 0}`, { method: "POST" });
      const state = await r.json();
      input.checked = Boolean(state.outage);
    } catch {
      input.checked = !input.checked;
    } finally {
      input.disabled = false;
      box.dataset.on = String(input.checked);
    }
  });
}
