// Copies the caller's options before Rust reads them (with serde-wasm-bindgen), so that
// getters, proxies and exotic objects can never throw through WebAssembly: everything
// that touches the caller's objects runs here, inside try/catch. Never throws.
//
// The copy is plain data (strings, numbers, booleans, null, arrays, objects with a null
// prototype), except that a value options cannot pass as plain data becomes a marked
// object `{ "fourws:js": kind, value }` (src/core/js.rs reads these):
//   kind "function" / "AbortSignal": value is the caller's function or signal itself;
//   kind "Date": value is its epoch milliseconds (NaN for an invalid Date);
//   any other kind describes a value options cannot hold ("a symbol", "a Map", ...).
// `undefined` properties are left out (as JSON.stringify does); a `Headers` object becomes
// a plain object of its entries.

const TAG = "fourws:js";
const MAX_DEPTH = 16;
const MAX_ENTRIES = 10000;

function mark(kind, value) {
  const o = {};
  o[TAG] = kind;
  if (value !== undefined) o.value = value;
  return o;
}

function article(word) {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function copy(v, depth) {
  switch (typeof v) {
    case "undefined":
      return null;
    case "boolean":
    case "number":
    case "string":
      return v;
    case "function":
      return mark("function", v);
    case "symbol":
      return mark("a symbol");
    case "bigint":
      return mark("a bigint");
  }
  if (v === null) return null;
  if (v instanceof Date) return mark("Date", Date.prototype.getTime.call(v));
  if (typeof AbortSignal !== "undefined" && v instanceof AbortSignal) return mark("AbortSignal", v);
  if (typeof Headers !== "undefined" && v instanceof Headers) {
    const out = Object.create(null);
    for (const [k, x] of Headers.prototype.entries.call(v)) out[k] = x;
    return out;
  }
  if (depth >= MAX_DEPTH) return mark("a too deeply nested value");
  if (Array.isArray(v)) {
    if (v.length > MAX_ENTRIES) return mark(`an array of ${v.length} elements`);
    return Array.from(v, (x) => read(() => x, depth + 1));
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && proto !== Object.prototype) {
    const name = proto.constructor && proto.constructor.name;
    return mark(typeof name === "string" && name && name !== "Object"
      ? article(name)
      : "an object that is not a plain object");
  }
  const keys = Object.keys(v);
  if (keys.length > MAX_ENTRIES) return mark(`an object of ${keys.length} properties`);
  if (keys.includes(TAG)) return mark(`an object with a property named ${TAG}`);
  const out = Object.create(null);
  for (const k of keys) {
    const x = read(() => v[k], depth + 1, true);
    if (x !== undefined) out[k] = x;
  }
  return out;
}

// Reads one value (a property or an element) and copies it; a getter that throws
// becomes a marked value. Returns undefined for an undefined property (left out).
function read(get, depth, property = false) {
  let x;
  try {
    x = get();
  } catch {
    return mark("a value whose getter throws");
  }
  if (x === undefined && property) return undefined;
  return copyOptions(x, depth);
}

/** The copy of `v` that Rust reads. Never throws. */
export function copyOptions(v, depth = 0) {
  try {
    return copy(v, depth);
  } catch {
    return mark("a value that cannot be read (its getter or proxy threw)");
  }
}
