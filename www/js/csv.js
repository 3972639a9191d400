// Records as spreadsheet rows: nested fields as dotted columns, prices one row per price row.

/** Prices as a table: one row per price row, with its list's header fields. */
export function priceRows(lists) {
  const rows = [];
  for (const list of lists) {
    const { prices, entityCodes, entities, ...header } = list;
    const shops = (entityCodes ?? entities ?? []).map((e) => e.entityCode).filter(Boolean).join(" ");
    for (const price of prices ?? []) rows.push(flatten({ ...header, shops, ...price }));
  }
  return rows;
}

/**
 * A record as flat columns: nested objects as `a.b`, arrays of objects as `a[0].b`, arrays
 * of plain values joined with "; ".
 */
export function flatten(value, prefix = "", out = {}) {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = "";
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out[prefix] = value.join("; ");
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === "object") {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

/** RFC 4180 CSV (CRLF, quoted where needed) with a BOM so spreadsheets read UTF-8. */
export function toCsv(rows) {
  const columns = [];
  const seen = new Set();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
