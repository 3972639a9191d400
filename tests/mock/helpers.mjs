// Shared helpers for the mock server tests: credentials, URLs and paging loops over real fetch.
import { readFileSync } from "node:fs";

export const APP = "KEEPIT";
export const CREDENTIALS = { username: "fourws-demo", password: "mock-password", companyId: "MOCK", siteId: "1" };
export const DOCS_CARD = "0099000001209";
export const COMPLETE = { completeExtraction: "T", languageId: "IT" };

/** A docs fixture, parsed. */
export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`../fixtures/docs/${name}`, import.meta.url), "utf8"));
}

/** The headers every /api request needs, plus `extra`. */
export function authHeaders(extra = {}) {
  return { ...CREDENTIALS, appId: APP, applicationId: APP, ...extra };
}

/** `${base}/api?cmd=...&appId=...&applicationId=...&<query>` */
export function apiUrl(base, cmd, query = {}) {
  const url = new URL("/api", base);
  url.searchParams.set("cmd", cmd);
  url.searchParams.set("appId", APP);
  url.searchParams.set("applicationId", APP);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

const METHODS = {
  getCustomersExport_v3: "POST",
  getPricesExport_v3: "POST",
  getSalesExport_v3: "POST",
  getLoyaltyVouchers_v1: "GET",
  getLastDigitalOrders_v1: "GET",
};

/**
 * Sends one /api call with the right method; returns the fetch Response.
 * @param {string} base
 * @param {string} cmd
 * @param {{ query?: object, body?: object, headers?: object, signal?: AbortSignal, method?: string }} [opts]
 */
export function call(base, cmd, { query = {}, body = COMPLETE, headers = {}, signal, method } = {}) {
  const m = method ?? METHODS[cmd] ?? "GET";
  return fetch(apiUrl(base, cmd, query), {
    method: m,
    headers: authHeaders(m === "POST" ? { "Content-Type": "application/json", ...headers } : headers),
    body: m === "POST" ? JSON.stringify(body) : undefined,
    signal,
  });
}

/** One call, expecting JSON: `{ status, json, headers }`. */
export async function callJson(base, cmd, opts) {
  const res = await call(base, cmd, opts);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

/**
 * Pages through a collection by `start` until moreRows is false. `count` says how many elements
 * a page holds (prices: rows).
 * @returns {Promise<object[]>} the envelopes, in order
 */
export async function allPages(base, cmd, { query = {}, count = (e) => e.valueObjectList.length, ...opts } = {}) {
  const pages = [];
  let start = 0;
  for (;;) {
    const { status, json } = await callJson(base, cmd, { ...opts, query: { ...query, start } });
    if (status !== 200) throw new Error(`${cmd} start=${start}: HTTP ${status}`);
    pages.push(json);
    if (!json.moreRows) return pages;
    const n = count(json);
    if (n === 0) throw new Error(`${cmd} start=${start}: moreRows with an empty page`);
    start += n;
    if (pages.length > 1000) throw new Error("runaway paging");
  }
}

/** Rows on a prices page. */
export const priceRows = (envelope) => envelope.valueObjectList.reduce((n, l) => n + l.prices.length, 0);

/** True when `text` is a real `yyyy-MM-dd HH:mm:ss` date-time. */
export function isDateTime(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return d.getUTCMonth() === m[2] - 1 && d.getUTCDate() === +m[3] && +m[4] < 24 && +m[5] < 60 && +m[6] < 60;
}

/** True when `text` is a real `yyyy-MM-dd` date. */
export function isDate(text) {
  return isDateTime(`${text} 00:00:00`);
}
