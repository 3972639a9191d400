// fourws/proxy: the per-caller rate limit.

/** Sliding-window call log per caller key. */
export class Limiter {
  #calls = new Map();
  constructor({ maxCalls, perMs }) {
    this.maxCalls = maxCalls;
    this.perMs = perMs;
  }
  /** Records a call of `key` at `now`; returns 0, or the ms to wait when over the limit. */
  take(key, now) {
    let log = this.#calls.get(key);
    if (!log) {
      if (this.#calls.size >= 10_000) this.#prune(now);
      log = [];
      this.#calls.set(key, log);
    }
    while (log.length && log[0] <= now - this.perMs) log.shift();
    if (log.length >= this.maxCalls) return log[0] + this.perMs - now;
    log.push(now);
    return 0;
  }
  #prune(now) {
    for (const [key, log] of this.#calls) {
      if (!log.length || log[log.length - 1] <= now - this.perMs) this.#calls.delete(key);
    }
  }
}
