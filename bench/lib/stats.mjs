// Small statistics and formatting helpers shared by the benchmark sections.

/** @param {number[]} xs @returns {number} */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** @param {number[]} xs */
export function summary(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Formats a duration given in milliseconds with a sensible unit. */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.1 ? 1 : 0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(0)} ms`;
}

/** "median (min–max)" of a summary, in ms units. */
export function fmtRange(s, fmt = fmtMs) {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** A ratio such as 1.23×. */
export function fmtX(x, digits = 2) {
  return Number.isFinite(x) ? `${x.toFixed(digits)}×` : "–";
}

/** Records per second, e.g. "1.23 M/s" or "456 k/s". */
export function fmtRate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

/** Bytes as KB (1 KB = 1000 bytes, one decimal). */
export function fmtKB(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** MB with one decimal (1 MB = 2^20 bytes, as Node reports memory). */
export function fmtMB(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * Runs async functions side by side in interleaved rounds: in round r every function runs one
 * batch of `batch[name]` calls, in an order rotated by r (so none is always first after a GC
 * or always last), with a forced GC (when exposed) before each batch. Returns the per-call
 * times (ms) of every round, per function.
 * @param {Record<string, () => Promise<unknown>>} fns
 * @param {{ rounds: number, targetMs: number, warmupMs: number }} opts
 */
export async function interleave(fns, { rounds, targetMs, warmupMs }) {
  const names = Object.keys(fns);
  const batch = {};
  // Warm up (JIT, lazy wasm compilation, caches) and calibrate the batch size of each.
  for (const name of names) {
    const fn = fns[name];
    let calls = 0;
    const t0 = performance.now();
    while (calls < 3 || performance.now() - t0 < warmupMs) {
      await fn();
      calls++;
    }
    let k = 0;
    const t2 = performance.now();
    while (performance.now() - t2 < Math.min(targetMs, 50) || k < 1) {
      await fn();
      k++;
    }
    const per = (performance.now() - t2) / k;
    batch[name] = Math.max(1, Math.round(targetMs / per));
  }
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const fn = fns[name];
      const k = batch[name];
      globalThis.gc?.();
      const t0 = performance.now();
      for (let j = 0; j < k; j++) await fn();
      times[name].push((performance.now() - t0) / k);
    }
  }
  return { times, batch };
}
