// The page loop shared by every record command: pages from a paginator, encoded, written to a
// sink, checkpointed, with progress, a limit and interruption (SIGINT/SIGTERM).

/** A signal arrived: the run stopped with its checkpoint in place. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/**
 * Elements the server counts in a page's items (prices: rows; others: records).
 * @param {object[]} items
 * @param {boolean} rows
 */
function elements(items, rows) {
  if (!rows) return items.length;
  let n = 0;
  for (const list of items) n += Array.isArray(list?.prices) ? list.prices.length : 0;
  return n;
}

/**
 * Runs one export.
 * @param {object} job
 * @param {(start: number | undefined, signal: AbortSignal) => any} job.paginator a fresh Paginator from `start`
 * @param {import("./format.js").Encoder} job.encoder
 * @param {import("./sink.js").FileSink | import("./sink.js").StdoutSink} job.sink
 * @param {import("./progress.js").Progress} job.progress
 * @param {boolean} job.incremental
 * @param {boolean} job.rows whether progress counts price rows
 * @param {number | undefined} job.limit
 * @param {object | null} job.saved the checkpoint resumed from, or null
 * @param {number | undefined} job.start the first offset of a fresh run
 * @param {object} job.fingerprint
 * @param {number} job.checkpointEveryMs
 * @returns {Promise<{ records: number, done: number, total: number | null }>} on failure, rejects
 *   with the error (or `Interrupted`); `job.committed()` then tells where the written data stops
 */
export async function runExport(job) {
  const { encoder, sink, progress, incremental, rows, limit, fingerprint } = job;
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: the checkpoint is consistent at any moment
    interrupted = true;
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let start = job.saved ? job.saved.start : (job.start ?? (incremental ? null : 0));
  let finished = job.saved ? job.saved.finished : false;
  let done = job.saved ? job.saved.done : 0;
  let fresh = 0;
  let total = job.saved?.total ?? null;
  const state = () => ({ fingerprint, start, finished, done, total, encoder: encoder.state });

  let paginator = null;
  // The state that matches the bytes written so far (the encoder runs ahead of a failed write).
  let committed = state();
  job.committed = () => committed;
  try {
    if (!job.saved) {
      sink.write(encoder.begin());
      committed = state();
      sink.checkpoint(committed);
    }
    let lastCheckpoint = Date.now();
    if (!finished) {
      paginator = job.paginator(incremental ? undefined : start, controller.signal);
      for (;;) {
        if (interrupted) throw new Interrupted();
        let page;
        try {
          page = await paginator.nextPage();
        } catch (e) {
          if (interrupted) throw new Interrupted();
          throw e;
        }
        if (page === null) {
          finished = true;
          break;
        }
        let items = page.items;
        if (limit !== undefined && encoder.records + items.length >= limit) {
          items = items.slice(0, limit - encoder.records);
          finished = true;
        }
        await sink.write(encoder.page(items));
        const n = elements(items, rows);
        done += n;
        fresh += n;
        if (page.total !== null && page.total !== undefined) total = page.total;
        if (!incremental) {
          start = page.nextStart;
          if (start === null) finished = true;
        }
        committed = state();
        progress.update(done, fresh, total);
        // An incremental page cannot be asked for again: durable before the next is asked for.
        if (incremental || finished || Date.now() - lastCheckpoint >= job.checkpointEveryMs) {
          sink.checkpoint(committed);
          lastCheckpoint = Date.now();
        }
        if (finished) break;
      }
    }
    await sink.write(encoder.end());
    await sink.finish();
    return { records: encoder.records, done, total };
  } catch (e) {
    // Whatever was written is whole pages: record it, so a resume re-fetches as little as possible.
    try {
      sink.checkpoint(committed);
    } catch {
      // The previous checkpoint stays valid.
    }
    sink.abandon();
    throw e;
  } finally {
    paginator?.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
