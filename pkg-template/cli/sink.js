// Where an export's bytes go: stdout, or `--out FILE` with a checkpoint beside it.
//
// The checkpoint (`FILE.fourws-checkpoint`, JSON) records what is durably in FILE: its byte
// length, the offset to ask for next (`start`), and the encoder's state. It is only ever
// replaced after the data it describes is on disk: fsync(FILE), then write the checkpoint to
// a temporary file, fsync it, rename it over the old one and fsync the directory. A resume
// truncates FILE to the recorded length (whatever was written after it, a torn last line
// included, disappears) and asks the server for `start` again, so the finished file is
// byte-for-byte what an uninterrupted run writes.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  write,
  writeFileSync,
  writeSync,
} from "node:fs";
import { Socket } from "node:net";
import { basename, dirname, resolve } from "node:path";
import { UsageError } from "./usage.js";

// 2: `paging` holds the paginator's checkpoint (offset and guards) instead of `start`.
const VERSION = 2;

/** The checkpoint's path for an output file. */
export function checkpointPath(out) {
  return out + ".fourws-checkpoint";
}

function bootId() {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/**
 * Takes `FILE.fourws-lock` (created atomically, holding our pid and the boot id), so that two
 * exports (an overlapping cron run) never write the same file. A lock whose process is gone
 * (killed, or from before a reboot) is taken over.
 * @returns {() => void} releases it
 */
function lock(path, out) {
  const file = path + ".fourws-lock";
  const me = JSON.stringify({ pid: process.pid, boot: bootId() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Written whole, then linked into place: the lock file never exists half-written.
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, me);
      try {
        linkSync(tmp, file);
      } finally {
        unlinkSync(tmp);
      }
      return () => {
        try {
          if (readFileSync(file, "utf8") === me) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    let held = null;
    try {
      held = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      held = null; // unreadable: stale
    }
    const sameBoot = held?.boot === bootId();
    if (held && Number.isInteger(held.pid) && sameBoot && alive(held.pid)) {
      throw new UsageError(
        `${out} is being written by another fourws (pid ${held.pid}); wait for it to finish, ` +
          `or if no such export is running, delete ${file}`,
      );
    }
    try {
      unlinkSync(file);
    } catch {
      // someone else took it over first: try again
    }
  }
  throw new UsageError(`cannot take the lock ${file}: another fourws keeps taking it`);
}

/** stdout could not take the records (a reader that went away, a full disk): the run failed. */
export class StdoutError extends Error {
  /** @param {NodeJS.ErrnoException} cause */
  constructor(cause) {
    super(
      cause.code === "EPIPE"
        ? "stdout was closed by its reader (EPIPE) before every record was written"
        : `cannot write to stdout: ${cause.message}`,
    );
    this.name = "StdoutError";
    this.code = cause.code;
  }
}

/**
 * Writes to stdout (fd 1) without ever blocking the event loop, so that signals are handled
 * while a reader is slow or stopped: a pipe or socket through a non-blocking libuv stream
 * (Node's own `process.stdout` blocks on pipes), a file or device with `fs.write`. A write
 * error (EPIPE when the reader went away, ENOSPC on /dev/full) rejects the write: the run
 * then fails, never exits 0.
 */
export class StdoutSink {
  /** @param {{ beforeWrite?: () => void }} [options] `beforeWrite` runs before each write (clears a progress bar on the same terminal) */
  constructor({ beforeWrite } = {}) {
    this.bytes = 0;
    this.beforeWrite = beforeWrite ?? (() => {});
    let stat = null;
    try {
      stat = fstatSync(1);
    } catch {
      stat = null;
    }
    this.stream = null;
    if (stat && (stat.isFIFO() || stat.isSocket())) {
      this.stream = new Socket({ fd: 1, readable: false, writable: true });
      this.failure = null;
      // Reported by the write that failed; the event itself must not crash the process.
      this.stream.on("error", (e) => {
        this.failure ??= e;
      });
    }
  }

  /** @param {string} text */
  async write(text) {
    if (text === "") return;
    this.beforeWrite();
    const buf = Buffer.from(text);
    if (this.stream) {
      if (this.failure) throw new StdoutError(this.failure);
      await new Promise((resolve, reject) =>
        this.stream.write(buf, (err) => (err ? reject(new StdoutError(err)) : resolve())),
      );
    } else {
      let off = 0;
      while (off < buf.length) {
        try {
          off += await new Promise((resolve, reject) =>
            write(1, buf, off, buf.length - off, null, (err, n) => (err ? reject(err) : resolve(n))),
          );
        } catch (e) {
          if (e.code === "EAGAIN") {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          throw new StdoutError(e);
        }
      }
    }
    this.bytes += buf.length;
  }

  /** Nothing to record on stdout. */
  checkpoint() {}

  /** Every write has completed (each one awaited). */
  async finish() {}

  abandon() {}
}

/**
 * Writes to a file and keeps its checkpoint.
 */
export class FileSink {
  #fd;
  #dir;
  #checkpoint;
  #tmp;
  #release;

  /**
   * Starts a new file, or reopens an interrupted one (`resume` and a checkpoint exists).
   * @param {string} out
   * @param {{ resume: boolean, fingerprint: object, describe: (fp: object) => string }} options
   * @returns {{ sink: FileSink, saved: object | null }} `saved`: the checkpoint resumed from
   */
  static open(out, { resume, fingerprint, describe }) {
    const path = resolve(out);
    const ck = checkpointPath(path);
    const release = lock(path, out);
    try {
      return FileSink.#open(out, path, ck, release, { resume, fingerprint, describe });
    } catch (e) {
      release();
      throw e;
    }
  }

  static #open(out, path, ck, release, { resume, fingerprint, describe }) {
    const startOver = startingOver(out, ck, fingerprint);
    const saved = readCheckpoint(ck, startOver);
    if (saved && !resume) {
      throw new UsageError(
        `${out} is an interrupted export (its checkpoint ${basename(ck)} is beside it): add --resume to ` +
          `continue it, or ${startOver}`,
      );
    }
    if (saved) {
      const diff = differences(saved.fingerprint, fingerprint);
      if (diff.length > 0) {
        throw new UsageError(
          `cannot resume ${out} with different options (${diff.join("; ")}). Its checkpoint was written by ` +
            `\`${describe(saved.fingerprint)}\`: rerun that with --resume, or ${startOver}`,
        );
      }
      let fd;
      try {
        fd = openSync(path, "r+");
      } catch (e) {
        throw new UsageError(`cannot resume: ${out} is missing or unreadable (${e.code ?? e.message}); ${startOver}`);
      }
      const size = fstatSync(fd).size;
      if (size < saved.bytes) {
        closeSync(fd);
        throw new UsageError(
          `cannot resume: ${out} holds ${size} bytes but its checkpoint says ${saved.bytes} were written ` +
            `(was the file changed?); ${startOver}`,
        );
      }
      ftruncateSync(fd, saved.bytes);
      fsyncSync(fd);
      return { sink: new FileSink(fd, path, saved.bytes, release), saved };
    }
    if (fingerprint?.incremental && holdsRecords(path)) {
      // Its records were sent once: the server will not send them again.
      throw new UsageError(
        `${out} already holds records of an incremental export, which the server will not send again: ` +
          `move it away (or delete it once its records are imported), then run this again`,
      );
    }
    const fd = openSync(path, "w");
    return { sink: new FileSink(fd, path, 0, release), saved: null };
  }

  constructor(fd, path, bytes, release) {
    this.#release = release;
    this.#fd = fd;
    this.path = path;
    this.bytes = bytes;
    this.#dir = dirname(path);
    this.#checkpoint = checkpointPath(path);
    this.#tmp = this.#checkpoint + ".tmp";
  }

  /** Appends text (synchronously: a page is never half-handed to the OS when a signal is handled). */
  write(text) {
    if (text === "") return;
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off, buf.length - off, this.bytes + off);
    this.bytes += buf.length;
  }

  /**
   * Makes everything written so far durable, then records it in the checkpoint.
   * @param {object} state `{ fingerprint, start, finished, encoder, progress }`
   */
  checkpoint(state) {
    fsyncSync(this.#fd);
    const text = JSON.stringify({ fourws: VERSION, ...state, bytes: this.bytes }, null, 1) + "\n";
    const fd = openSync(this.#tmp, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.#tmp, this.#checkpoint);
    syncDir(this.#dir);
  }

  /** The file is complete: make it durable and remove the checkpoint. */
  finish() {
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    try {
      unlinkSync(this.#checkpoint);
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
    syncDir(this.#dir);
    this.#release();
  }

  /** Stops writing (after an error or an interruption); the checkpoint stays. */
  abandon() {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    this.#release();
  }
}

function syncDir(dir) {
  let fd;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The advice for a file that cannot be resumed. Starting over rewrites the file: for an
 * incremental export, whose records the server sends once, that would lose them.
 */
function startingOver(out, ck, fingerprint) {
  if (!fingerprint?.incremental) return `delete ${ck} to start over`;
  return (
    `move ${out} away (it holds records the server will not send again), delete ${ck}, and take a ` +
    `complete extraction (without --incremental) to be sure nothing is missing`
  );
}

/**
 * Whether a file holds records: not when it is missing, empty, or what a json run that wrote
 * none leaves (`[` and `]`; ndjson and csv leave an empty file).
 */
function holdsRecords(path) {
  let size;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  if (size === 0) return false;
  if (size > 4096) return true;
  const text = readFileSync(path, "utf8").trim();
  return !(text === "" || /^\[\s*\]$/.test(text));
}

function readCheckpoint(path, startOver) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return null;
    throw new UsageError(`cannot read the checkpoint ${path}: ${e.code ?? e.message}`);
  }
  let saved;
  try {
    saved = JSON.parse(text);
  } catch {
    saved = null;
  }
  if (!saved || saved.fourws !== VERSION || !Number.isInteger(saved.bytes) || typeof saved.fingerprint !== "object") {
    throw new UsageError(`the checkpoint ${path} is unreadable or not one this version of fourws wrote; ${startOver}`);
  }
  return saved;
}

/** The options that differ between two fingerprints, in words. */
function differences(a, b) {
  const out = [];
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const k of keys) {
    const x = JSON.stringify(a?.[k] ?? null);
    const y = JSON.stringify(b?.[k] ?? null);
    if (x !== y) out.push(k === "account" ? "a different account or server (FOURWS_* variables)" : `${k}: was ${x}, now ${y}`);
  }
  return out;
}
