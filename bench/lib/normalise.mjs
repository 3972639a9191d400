// Baseline (b): `res.json()` + a hand-written JavaScript normaliser doing the same work as
// fourws (docs/reference.md, "Records"): "yyyy-MM-dd HH:mm:ss" → "yyyy-MM-ddTHH:mm:ssZ" with calendar
// validation, T/F and Y/N → booleans, "" → null, numeric strings → numbers, codes sent as
// numbers → strings, mandatory fields checked, unknown fields kept (records are normalised in
// place, so nothing the server sent is dropped).
//
// To give this baseline its best shot, the per-record functions are straight-line code, one
// statement per documented field, as a careful person would write them by hand; they are
// generated from the schema tables (schemas.mjs) only to avoid transcribing 250 fields twice.
import { ENDPOINTS, ENVELOPE_KEYS } from "./schemas.mjs";

/** A record that fails validation; `path` is filled in on the way out. */
export class NormaliseError extends Error {
  constructor(message, path = []) {
    super(message);
    this.name = "NormaliseError";
    this.segments = path;
  }
  get path() {
    let out = "";
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i];
      out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
    }
    return out;
  }
}

function at(e, seg) {
  if (e instanceof NormaliseError) {
    e.segments.push(seg);
    return e;
  }
  return e;
}

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function bad(key, what, v) {
  return new NormaliseError(`expected ${what}, got ${JSON.stringify(v)}`, [key]);
}

/** A numeric string in a number field: a number, or null for "" (unless required). */
export function numberOf(v, key, required) {
  if (v === "") {
    if (required) throw new NormaliseError('is "" but must be a number', [key]);
    return null;
  }
  if (!NUMBER_RE.test(v)) throw new NormaliseError(`${JSON.stringify(v)} is not a number`, [key]);
  return Number(v);
}

/** A flag letter: T/Y → true, F/N → false, "" → null (unless required). */
export function flagOf(v, key, required) {
  switch (v) {
    case "T": case "Y": case "t": case "y": return true;
    case "F": case "N": case "f": case "n": return false;
    case "":
      if (!required) return null;
  }
  throw new NormaliseError(`${JSON.stringify(v)} is not a flag letter (T/F or Y/N)`, [key]);
}

function d2(s, i) {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysIn(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const ISO_TAIL_RE = /^(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A 4WS timestamp: "yyyy-MM-dd HH:mm:ss" (GMT) → "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd" kept,
 * ISO 8601 forms kept (a missing zone becomes Z), the all-zero date → null, "" → null
 * (unless required); impossible dates (February 30th, 25:00) are refused. Same rules as
 * src/core/datetime.rs `parse_stamp`.
 */
export function stampOf(s, key, required) {
  const n = s.length;
  if (n === 0) {
    if (required) throw new NormaliseError('is "" but must be a date', [key]);
    return null;
  }
  const yh = d2(s, 0);
  const yl = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  if (n < 10 || yh < 0 || yl < 0 || m < 0 || d < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    throw new NormaliseError(`${JSON.stringify(s)} is not a date in the format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`, [key]);
  }
  const y = yh * 100 + yl;
  const zero = y === 0 && m === 0 && d === 0;
  let h = 0;
  let mi = 0;
  let sec = 0;
  const timed = n >= 19;
  if (n !== 10) {
    const sep = s.charCodeAt(10);
    h = d2(s, 11);
    mi = d2(s, 14);
    sec = d2(s, 17);
    if (!timed || (sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || h < 0 || mi < 0 || sec < 0) {
      throw new NormaliseError(`${JSON.stringify(s)} is not a date in the format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`, [key]);
    }
  }
  if (zero) {
    if (n === 10 || (h === 0 && mi === 0 && sec === 0 && (n === 19 || (n === 20 && s[19] === "Z")))) return null;
    throw new NormaliseError(`${JSON.stringify(s)} is not a real date and time`, [key]);
  }
  if (m === 0 || m > 12 || d === 0 || d > daysIn(y, m) || h > 23 || mi > 59 || sec > 59) {
    throw new NormaliseError(`${JSON.stringify(s)} is not a real date and time`, [key]);
  }
  if (n === 10) return s;
  if (n === 19) return `${s.slice(0, 10)}T${s.slice(11)}Z`;
  const tail = ISO_TAIL_RE.exec(s.slice(19));
  if (!tail) throw new NormaliseError(`${JSON.stringify(s)} is not a date in the format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`, [key]);
  const zone = tail[2];
  if (zone && zone !== "Z" && (d2(zone, 1) > 23 || d2(zone, 4) > 59)) {
    throw new NormaliseError(`${JSON.stringify(s)} is not a date in the format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`, [key]);
  }
  return `${s.slice(0, 10)}T${s.slice(11, 19)}${tail[1] ?? ""}${zone ?? "Z"}`;
}

/** The statements that normalise `v` (= o[key]) in place, `v` known to be neither undefined nor null. */
function fieldCode(field, k, fnName) {
  const req = field.presence === "required";
  switch (field.kind) {
    case "text":
      return req
        ? `if (typeof v !== "string") throw bad(${k}, "text", v);`
        : `if (typeof v === "string") { if (v === "") o[${k}] = null; } else throw bad(${k}, "text", v);`;
    case "code":
      return `if (typeof v === "string") { ${req ? "" : `if (v === "") o[${k}] = null;`} } else if (typeof v === "number") o[${k}] = String(v); else throw bad(${k}, "a code", v);`;
    case "number":
      return `if (typeof v !== "number") { if (typeof v === "string") o[${k}] = numberOf(v, ${k}, ${req}); else throw bad(${k}, "a number", v); }`;
    case "stamp":
      return `if (typeof v === "string") o[${k}] = stampOf(v, ${k}, ${req}); else throw bad(${k}, "a date", v);`;
    case "flag":
      return `if (typeof v === "string") o[${k}] = flagOf(v, ${k}, ${req}); else if (typeof v !== "boolean") throw bad(${k}, "a flag", v);`;
    case "any":
      return "";
    case "object":
      return `if (typeof v === "object" && !Array.isArray(v)) { try { ${fnName}(v); } catch (e) { throw at(e, ${k}); } } else throw bad(${k}, "an object", v);`;
    case "list":
      return (
        `if (!Array.isArray(v)) throw bad(${k}, "an array", v);\n` +
        `    for (let i = 0; i < v.length; i++) { const e = v[i]; ` +
        `if (e === null || typeof e !== "object" || Array.isArray(e)) throw at(new NormaliseError("expected an object in this array", [i]), ${k}); ` +
        `try { ${fnName}(e); } catch (x) { throw at(at(x, i), ${k}); } }`
      );
  }
  throw new Error(`unknown kind ${field.kind}`);
}

/** Generates one straight-line normaliser function per schema. */
function compile(root) {
  const names = new Map();
  const sources = [];
  const visit = (schema) => {
    if (names.has(schema)) return names.get(schema);
    const fn = `norm${schema.name}`;
    names.set(schema, fn);
    const body = [];
    for (const field of schema.fields) {
      const k = JSON.stringify(field.name);
      const inner = field.schema ? visit(field.schema) : null;
      const code = fieldCode(field, k, inner);
      body.push(`  v = o[${k}];`);
      if (field.presence === "optional") {
        if (code) body.push(`  if (v !== undefined && v !== null) {\n    ${code}\n  }`);
      } else {
        body.push(`  if (v === undefined) throw new NormaliseError("is missing but the docs make it mandatory", [${k}]);`);
        if (field.presence === "required") body.push(`  if (v === null) throw new NormaliseError("is null but the docs make it mandatory", [${k}]);`);
        if (code) body.push(`  ${field.presence === "mandatory" ? "if (v !== null) " : ""}{\n    ${code}\n  }`);
      }
    }
    sources.push(`function ${fn}(o) {\n  let v;\n${body.join("\n")}\n  return o;\n}`);
    return fn;
  };
  const top = visit(root);
  const source = `${sources.join("\n\n")}\nreturn ${top};`;
  // eslint-disable-next-line no-new-func
  const fn = new Function("NormaliseError", "at", "bad", "numberOf", "flagOf", "stampOf", source)(
    NormaliseError, at, bad, numberOf, flagOf, stampOf,
  );
  return { fn, source };
}

const compiled = {};
for (const [name, ep] of Object.entries(ENDPOINTS)) {
  compiled[name] = {
    record: compile(ep.record),
    summary: ep.summary ? compile(ep.summary) : null,
  };
}

/** The generated source of an endpoint's record normaliser (for reading). */
export function normaliserSource(endpoint) {
  return compiled[endpoint].record.source;
}

/**
 * Normalises a parsed 4WS envelope in place and returns `{ items, moreRows, total, summary }`
 * (the parts of a fourws page that come from the body). Throws NormaliseError (with `path`)
 * on the first invalid record, as fourws does by default.
 */
export function normaliseEnvelope(env, endpoint) {
  const ep = ENDPOINTS[endpoint];
  const c = compiled[endpoint];
  if (env === null || typeof env !== "object" || Array.isArray(env)) throw new NormaliseError("the body is not a JSON object");
  if (env.success === false) throw new NormaliseError(`the server says: ${env.message}`);
  const list = env.valueObjectList ?? [];
  if (!Array.isArray(list)) throw new NormaliseError("valueObjectList is not an array", ["valueObjectList"]);
  const norm = c.record.fn;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      throw new NormaliseError("the record is not an object", [i, "valueObjectList"]);
    }
    try {
      norm(r);
    } catch (e) {
      throw at(at(e, i), "valueObjectList");
    }
  }
  const moreRows = env.moreRows;
  if (typeof moreRows !== "boolean") throw new NormaliseError("moreRows is not a boolean", ["moreRows"]);
  const rsl = env.resultSetLength;
  if (rsl !== undefined && rsl !== null && !(Number.isInteger(rsl) && rsl >= 0)) {
    throw new NormaliseError("resultSetLength is not a count of elements", ["resultSetLength"]);
  }
  let summary = null;
  for (const key in env) {
    if (ENVELOPE_KEYS.has(key)) continue;
    summary ??= {};
    summary[key] = env[key];
  }
  if (summary && c.summary) c.summary.fn(summary);
  return { items: list, moreRows, total: ep.keepit ? (rsl ?? null) : null, summary };
}

/** Baseline (b): a fetch Response → normalised page parts. */
export async function decodeWithNormaliser(res, endpoint) {
  return normaliseEnvelope(await res.json(), endpoint);
}
