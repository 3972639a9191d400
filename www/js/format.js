// Numbers, amounts and times in the user's own formats.

const numberFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const integerFormat = new Intl.NumberFormat();
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** An amount with its currency symbol, in the user's number format. */
export function money(amount, symbol, currency) {
  if (amount === null || amount === undefined || Number.isNaN(Number(amount))) return "–";
  const n = Number(amount);
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      const text = new Intl.NumberFormat(undefined, { style: "currency", currency, currencyDisplay: "narrowSymbol" }).format(n);
      if (!symbol || text.includes(symbol)) return text;
    } catch {
      // an unknown currency code: fall through
    }
  }
  return symbol ? `${symbol}\u00a0${numberFormat.format(n)}` : numberFormat.format(n);
}

/** An ISO 8601 timestamp (GMT) in local time; a date-only value as a date. */
export function localTime(value) {
  if (!value) return "–";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return dateFormat.format(new Date(y, m - 1, d));
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
}

/** "1 order", "3 orders". */
export function count(n, one, many) {
  return `${integerFormat.format(n)} ${n === 1 ? one : many}`;
}

/** A local timestamp for file names: 20240131-235959. */
export function fileStamp(date) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}
