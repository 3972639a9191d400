// Output formats of the `fourws` command: NDJSON, CSV and JSON. Each format turns a page's
// records into one string, so that a page is written (and checkpointed) as one unit, and
// the bytes a page produces depend only on the page and on state the checkpoint keeps
// (CSV columns, whether a JSON record came before): a resumed run writes exactly the bytes
// an uninterrupted one would.

/** The formats, by name. */
export const FORMATS = ["ndjson", "csv", "json"];

/**
 * Characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection"):
 * a text value starting with one of them is written with a leading apostrophe.
 */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * One CSV cell: `null`/`undefined` empty, numbers and booleans as JSON writes them, text
 * neutralised against formulas (leading `'`), quoted per RFC 4180 when it holds `"` `,` CR or LF.
 * @param {unknown} value a scalar, or the JSON text of an array
 * @returns {string}
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = String(value);
  if (text.length > 0 && FORMULA_START.has(text[0])) text = "'" + text;
  if (/[",\r\n]/.test(text)) return '"' + text.replaceAll('"', '""') + '"';
  return text;
}

/**
 * Flattens a record into dotted paths → scalar values: nested objects become `a.b.c`,
 * arrays are kept whole as their JSON text in one cell (an empty object too).
 * @param {object} record
 * @param {string} [prefix]
 * @param {Map<string, unknown>} [out]
 * @returns {Map<string, unknown>}
 */
export function flatten(record, prefix = "", out = new Map()) {
  for (const [key, value] of Object.entries(record)) {
    const path = prefix + key;
    if (Array.isArray(value)) out.set(path, JSON.stringify(value));
    else if (value !== null && typeof value === "object") {
      if (Object.keys(value).length === 0) out.set(path, "{}");
      else flatten(value, path + ".", out);
    } else out.set(path, value);
  }
  return out;
}

/**
 * The CSV rows of a record. Price lists (records with a `prices` array) give one row per
 * price row: the list's own fields, then the row's fields as `prices.<field>`; a list without
 * rows gives one row with the list's fields.
 * @param {object} record
 * @param {boolean} perPriceRow
 * @returns {Map<string, unknown>[]}
 */
function rowsOf(record, perPriceRow) {
  if (!perPriceRow || !Array.isArray(record.prices)) return [flatten(record)];
  const { prices, ...list } = record;
  const head = flatten(list);
  if (prices.length === 0) return [head];
  return prices.map((row) => {
    const line = new Map(head);
    if (row !== null && typeof row === "object" && !Array.isArray(row)) flatten(row, "prices.", line);
    else line.set("prices", JSON.stringify(row));
    return line;
  });
}

/** The column that holds, as a JSON object, any field the header has no column for. */
export const EXTRA_COLUMN = "_extra";

/**
 * A format's encoder. `state` is what the checkpoint must keep for the next page's bytes to
 * be right: `{ records, columns }`.
 */
export class Encoder {
  /**
   * @param {"ndjson"|"csv"|"json"} format
   * @param {{ perPriceRow?: boolean, state?: { records: number, columns: string[] | null } }} [options]
   */
  constructor(format, options = {}) {
    this.format = format;
    this.perPriceRow = options.perPriceRow ?? false;
    this.records = options.state?.records ?? 0;
    this.columns = options.state?.columns ?? null;
  }

  /** What the checkpoint keeps. */
  get state() {
    return { records: this.records, columns: this.columns };
  }

  /** The bytes before the first record (JSON: `[`; CSV's header comes with the first page). */
  begin() {
    return this.format === "json" ? "[" : "";
  }

  /**
   * The text of one page's records.
   * @param {object[]} records
   * @returns {string}
   */
  page(records) {
    if (records.length === 0) return "";
    if (this.format === "ndjson") {
      let text = "";
      for (const r of records) text += JSON.stringify(r) + "\n";
      this.records += records.length;
      return text;
    }
    if (this.format === "json") {
      let text = "";
      for (const r of records) {
        text += (this.records === 0 ? "\n" : ",\n") + JSON.stringify(r);
        this.records++;
      }
      return text;
    }
    return this.#csv(records);
  }

  #csv(records) {
    const rows = [];
    for (const r of records) rows.push(...rowsOf(r, this.perPriceRow));
    let text = "";
    if (this.columns === null) {
      // The header: every path of the first page's rows, in order of first appearance.
      const seen = new Set();
      for (const row of rows) for (const key of row.keys()) seen.add(key);
      this.columns = [...seen, EXTRA_COLUMN];
      text += this.columns.map(csvCell).join(",") + "\r\n";
    }
    const known = this.columns.slice(0, -1);
    const knownSet = new Set(known);
    for (const row of rows) {
      const cells = known.map((c) => csvCell(row.get(c)));
      let extra = null;
      for (const [k, v] of row) {
        if (!knownSet.has(k)) (extra ??= {})[k] = v;
      }
      cells.push(extra === null ? "" : csvCell(JSON.stringify(extra)));
      text += cells.join(",") + "\r\n";
    }
    this.records += records.length;
    return text;
  }

  /** The bytes after the last record (JSON: the closing bracket). */
  end() {
    return this.format === "json" ? "\n]\n" : "";
  }
}
