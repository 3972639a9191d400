// Deterministic pseudo-randomness: every generated value is a pure function of a salt and an
// element index, so element i of any collection can be built on its own, in any order.

/**
 * 32-bit integer hash of a number (murmur3 finaliser).
 * @param {number} n
 * @returns {number} unsigned 32-bit integer
 */
export function hash32(n) {
  let h = n >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * 32-bit hash of a string (FNV-1a).
 * @param {string} s
 * @returns {number}
 */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A small seeded generator (mulberry32) with helpers for picking realistic values. */
export class Rand {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** @returns {number} a float in [0, 1) */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** @returns {number} an integer in [min, max] */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** @template T @param {T[]} list @returns {T} */
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** @returns {boolean} true with probability p */
  chance(p) {
    return this.next() < p;
  }

  /** @returns {string} `n` random decimal digits */
  digits(n) {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** @returns {string} a version-4-shaped UUID */
  uuid() {
    const hex = () => this.int(0, 15).toString(16);
    let s = "";
    for (let i = 0; i < 32; i++) s += hex();
    const variant = "89ab"[this.int(0, 3)];
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }
}

/**
 * The generator for element `index` of the collection named `salt`.
 * @param {string} salt e.g. "customer"
 * @param {number} index
 * @returns {Rand}
 */
export function randFor(salt, index) {
  return new Rand(hash32(hashString(salt) ^ hash32(index + 0x9e3779b9)));
}
