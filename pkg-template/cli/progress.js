// Progress on stderr: a bar with count/total, rate and ETA on a terminal; a plain line every
// few seconds otherwise (logs, CI); nothing with --quiet.

const BAR_WIDTH = 24;
const TTY_EVERY_MS = 100;
const PLAIN_EVERY_MS = 5000;

function duration(seconds) {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

const number = (n) => n.toLocaleString("en-US");

export class Progress {
  /**
   * @param {{ quiet: boolean, label: string, unit: string, stream?: NodeJS.WriteStream, redact?: (s: string) => string }} options
   */
  constructor({ quiet, label, unit, stream = process.stderr, redact = (s) => s }) {
    this.quiet = quiet;
    this.label = label;
    this.unit = unit;
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.redact = redact;
    this.began = Date.now();
    this.last = this.tty ? 0 : this.began;
    this.shown = false;
    this.done = 0;
    this.fresh = 0;
    this.total = null;
  }

  /**
   * @param {number} done elements done in all (resumed ones included)
   * @param {number} fresh elements fetched by this run (for the rate)
   * @param {number | null} total
   */
  update(done, fresh, total) {
    this.done = done;
    this.fresh = fresh;
    this.total = total;
    if (this.quiet) return;
    const now = Date.now();
    if (now - this.last < (this.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
    this.last = now;
    this.#draw(now);
  }

  #draw(now) {
    const secs = (now - this.began) / 1000;
    const rate = secs > 0 ? this.fresh / secs : 0;
    const { done, total } = this;
    const rateText = `${number(Math.round(rate))} ${this.unit}/s`;
    if (this.tty) {
      let line;
      if (total !== null && total > 0) {
        const frac = Math.min(1, done / total);
        const filled = Math.round(frac * BAR_WIDTH);
        const eta = rate > 0 ? (total - done) / rate : Infinity;
        line =
          `${this.label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ` +
          `${number(done)}/${number(total)} ${this.unit} ${Math.floor(frac * 100)}%  ${rateText}  ETA ${duration(eta)}`;
      } else {
        line = `${this.label} ${number(done)} ${this.unit}  ${rateText}`;
      }
      this.stream.write("\r\x1b[K" + this.redact(line));
      this.shown = true;
    } else {
      const of = total !== null ? `/${number(total)}` : "";
      const eta = total !== null && rate > 0 ? `, ETA ${duration((total - done) / rate)}` : "";
      this.stream.write(this.redact(`fourws: ${this.label}: ${number(done)}${of} ${this.unit}, ${rateText}${eta}\n`));
    }
  }

  /** Clears the bar (before a message is printed). */
  clear() {
    if (this.shown && this.tty) this.stream.write("\r\x1b[K");
    this.shown = false;
  }

  /** A closing line (not with --quiet). */
  message(text) {
    this.clear();
    if (!this.quiet) this.stream.write(this.redact(text) + "\n");
  }
}
