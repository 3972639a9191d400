// Formatting helpers for the 4WS wire formats (all times are GMT).

/** @param {number} n @param {number} width @returns {string} */
export function pad(n, width) {
  return String(n).padStart(width, "0");
}

/**
 * `yyyy-MM-dd HH:mm:ss` in GMT.
 * @param {number} ms epoch milliseconds
 * @returns {string}
 */
export function dateTime(ms) {
  const d = new Date(ms);
  return `${date(ms)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/**
 * `yyyy-MM-dd` in GMT.
 * @param {number} ms epoch milliseconds
 * @returns {string}
 */
export function date(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/**
 * Parses a strict `yyyy-MM-dd HH:mm:ss` GMT timestamp.
 * @param {string} text
 * @returns {number | null} epoch milliseconds, or null when the text is not a real date-time
 */
export function parseDateTime(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? "");
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const valid =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d &&
    h < 24 && mi < 60 && s < 60;
  return valid ? ms : null;
}

/** Milliseconds in common units. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Rounds a euro amount to cents (avoids 0.1 + 0.2 artefacts).
 * @param {number} x
 * @returns {number}
 */
export function money(x) {
  return Math.round(x * 100) / 100;
}

/**
 * Appends the EAN-13 check digit to a 12-digit body.
 * @param {string} body12
 * @returns {string} 13 digits
 */
export function ean13(body12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

/**
 * Lower-case ASCII slug of a name, for e-mail addresses.
 * @param {string} s
 * @returns {string}
 */
export function asciiSlug(s) {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}
