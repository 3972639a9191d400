// The page loop shared by every record command: pages from the library's paginator, encoded,
// written to a sink, checkpointed, with progress, a limit and interruption (SIGINT/SIGTERM).
//
// Every paging rule is the library's: the export is over when the paginator says so (after
// its total check), `--limit` is `pages({ limit })`, and the checkpoint holds
// `paginator.checkpoint()`, which a resume hands back as the `resume` option, so a resumed
// run applies the same guards as one uninterrupted run.

/** A signal arrived: the run stopped with its checkpoint in place. */
export class Interrupted extends Error {
  /** @param {string} signal SIGINT or SIGTERM */
  constructor(signal) {
    super("interrupted");
    this.name = "Interrupted";
    this.signal = signal;
  }
}

/**
 * Elements the server counts in a page's items (prices: rows; others: records), for progress.
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
 * @param {(resume: object | null, signal: AbortSignal) => any} job.paginator a fresh Paginator,
 *   resumed from a `paginator.checkpoint()` when one is given
 * @param {import("./format.js").Encoder} job.encoder
 * @param {import("./sink.js").FileSink | import("./sink.js").StdoutSink} job.sink
 * @param {import("./progress.js").Progress} job.progress
 * @param {boolean} job.rows whether progress counts price rows
 * @param {number | undefined} job.limit
 * @param {object | null} job.saved the checkpoint resumed from, or null
 * @param {object} job.fingerprint
 * @param {number} job.checkpointEveryMs
 * @returns {Promise<{ records: number, done: number, total: number | null }>} on failure, rejects
 *   with the error (or `Interrupted`); `job.checkpointed()` then tells what the checkpoint holds
 */
export async function runExport(job) {
  const { encoder, sink, progress, rows, limit, fingerprint } = job;
  const controller = new AbortController();
  let interrupted = null;
  let stop;
  const stopped = new Promise((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => {});
  const onSignal = (signal) => {
    if (interrupted) process.exit(130); // a second Ctrl-C: the checkpoint is consistent at any moment
    interrupted = new Interrupted(signal);
    controller.abort();
    // Also ends a wait on a blocked stdout (a reader that stopped reading).
    stop(interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const until = (promise) => Promise.race([promise, stopped]);

  let paging = job.saved ? job.saved.paging : null;
  let finished = job.saved ? job.saved.finished : false;
  let done = job.saved ? job.saved.done : 0;
  let fresh = 0;
  let total = job.saved?.total ?? null;
  const state = () => ({ fingerprint, paging, finished, done, total, encoder: encoder.state });

  // The paginator first: options it refuses (a limit in an incremental export, a checkpoint
  // of another export) fail before anything is written.
  let paginator = null;
  let pages = null;
  if (!finished) {
    try {
      paginator = job.paginator(paging, controller.signal);
      const left = limit === undefined ? undefined : Math.max(limit - encoder.records, 1);
      pages = paginator.pages(left === undefined ? undefined : { limit: left })[Symbol.asyncIterator]();
    } catch (e) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      sink.abandon();
      throw e;
    }
  }
  // The state that matches the bytes written so far (the encoder runs ahead of a failed write),
  // and the one the checkpoint file holds.
  let committed = state();
  let checkpointed = job.saved ?? null;
  job.checkpointed = () => checkpointed;
  const checkpoint = () => {
    sink.checkpoint(committed);
    checkpointed = committed;
  };
  try {
    if (!job.saved) {
      await until(sink.write(encoder.begin()));
      if (paginator) paging = paginator.checkpointBeforeNextPage();
      committed = state();
      checkpoint();
    }
    let lastCheckpoint = Date.now();
    if (!finished) {
      for (;;) {
        if (interrupted) throw interrupted;
        let next;
        try {
          next = await until(pages.next());
        } catch (e) {
          // The paginator's own state after a failure or a stop while a page was asked for:
          // in an incremental export it marks that page lost (the server may count it as
          // delivered), so a resume ends with an error instead of exit 0. Nothing else in it
          // moved: it still ends at the last page written.
          if (interrupted) paginator.close();
          try {
            committed = { ...committed, paging: paginator.checkpoint() };
          } catch {
            // Mid-delivery: the last page's checkpoint stays.
          }
          if (interrupted) throw interrupted;
          throw e;
        }
        if (next.done) {
          // The paginator says the export is over (its total check passed).
          finished = true;
          committed = state();
          checkpoint();
          break;
        }
        const page = next.value;
        await until(sink.write(encoder.page(page.items)));
        const n = elements(page.items, rows);
        done += n;
        fresh += n;
        if (page.total !== null && page.total !== undefined) total = page.total;
        // Stored before the next page is asked for: in an incremental export it counts that
        // page as lost until it is written, so that a kill nobody can see (SIGKILL, a crash)
        // resumes into an error, not exit 0. A failure or a signal replaces it with the
        // paginator's own state (below, and in the catch of pages.next()).
        paging = paginator.checkpointBeforeNextPage();
        committed = state();
        progress.update(done, fresh, total);
        // An incremental page cannot be asked for again: durable before the next is asked for.
        if (paging.incremental || Date.now() - lastCheckpoint >= job.checkpointEveryMs) {
          checkpoint();
          lastCheckpoint = Date.now();
        }
      }
    }
    await until(sink.write(encoder.end()));
    await until(sink.finish());
    return { records: encoder.records, done, total };
  } catch (e) {
    // Whatever was written is whole pages: record it, so a resume re-fetches as little as possible.
    try {
      checkpoint();
    } catch {
      // The previous checkpoint stays valid.
    }
    sink.abandon();
    throw interrupted ?? e;
  } finally {
    paginator?.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
