// What each panel's status line shows: busy, information, an error in words (with the
// technical details folded underneath), and the page-wide fatal banner.
import { $, h, clear } from "./dom.js";
import { integerFormat } from "./format.js";
import { describeError } from "./errors.js";

/**
 * Renders an error into `target`.
 * @param {HTMLElement} target
 * @param {any} err
 * @param {{ what?: string, records?: number, resumable?: boolean, resume?: number | null, onRetry?: () => void, retryLabel?: string }} [context]
 */
export function showError(target, err, context = {}) {
  const d = describeError(err, context);
  const facts = [];
  if (err?.kind) facts.push(["kind", err.kind]);
  if (err?.cmd) facts.push(["command", err.cmd]);
  if (err?.status) facts.push(["HTTP status", err.status]);
  if (err?.start !== null && err?.start !== undefined) facts.push(["page offset", err.start]);
  if (err?.path) facts.push(["path", err.path]);
  if (err?.serverMessage) facts.push(["server message", err.serverMessage]);
  if (err?.message) facts.push(["message", err.message]);
  const box = h(
    "div",
    { class: `message message-${d.tone}`, role: "alert", dataset: { kind: err?.kind ?? "unknown" } },
    h("strong", { class: "message-title" }, d.title),
    h("p", {}, d.advice),
    context.resume !== undefined && context.resume !== null
      ? h("p", { class: "resume-point" }, `Resume point: record ${integerFormat.format(context.resume)} (start = ${context.resume}).`)
      : null,
    context.onRetry && (d.retry || context.retryLabel)
      ? h("button", { type: "button", class: "retry", onclick: context.onRetry }, context.retryLabel ?? "Try again")
      : null,
    facts.length
      ? h("details", { class: "tech" }, h("summary", {}, "Technical details"), h("dl", {}, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))])))
      : null,
  );
  clear(target).append(box);
  if (!(err && err.kind)) console.error(err);
}

export function showBusy(target, text) {
  clear(target).append(h("div", { class: "busy" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", {}, text)));
}

export function showInfo(target, text, tone = "info") {
  clear(target).append(h("div", { class: `message message-${tone}` }, text));
}

export function showFatal(title, advice, err) {
  const el = $("fatal");
  el.hidden = false;
  clear(el).append(h("strong", { class: "message-title" }, title), h("p", {}, advice), err ? h("p", { class: "muted" }, String(err?.message ?? err)) : null);
}
