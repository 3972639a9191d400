// The JavaScript face of fourws: what wasm-bindgen cannot express. It defines the
// `FourWsError` class (the wasm module builds every instance of it), parses each page
// once, adds async iteration to the paginator and hands invalid records to the caller's
// callback.
import { RawClient, allLimit, useErrorClass } from "./wasm/fourws.js";
import { isReady, loadFailure } from "./ready.js";
import { clientGate, isLimiter } from "./limiter.js";

/** Every error fourws throws or rejects with. */
export class FourWsError extends Error {
  /**
   * @param {string} kind one of the kinds listed in the README
   * @param {string} message a sentence a person can act on
   * @param {{cmd?: string, start?: number, status?: number, path?: string, retryAfterMs?: number, serverMessage?: string}} [details]
   */
  constructor(kind, message, details = {}) {
    super(message);
    this.name = "FourWsError";
    this.kind = kind;
    this.cmd = details.cmd ?? null;
    this.start = details.start ?? null;
    this.status = details.status ?? null;
    this.path = details.path ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.serverMessage = details.serverMessage ?? null;
  }
}

// The wasm module builds every FourWsError itself, as an instance of this class.
let errorClassHandedOver = false;

function toError(e) {
  if (e instanceof FourWsError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new FourWsError(
    "decode",
    `internal error in fourws (please report it with the steps that led here): ${detail}`,
  );
}

function guard(fn) {
  try {
    return fn();
  } catch (e) {
    throw toError(e);
  }
}

// Reading options runs the caller's getters and Proxy traps inside the wasm call: what
// they throw arrives here and becomes an invalidArgument error.
function readOptions(fn, what) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FourWsError || e instanceof WebAssembly.RuntimeError) throw toError(e);
    const detail = e instanceof Error ? e.message : String(e);
    throw new FourWsError(
      "invalidArgument",
      `${what} could not be read: reading them threw ${JSON.stringify(detail.slice(0, 200))}`,
    );
  }
}

/** A client of one 4WS installation. See the README for the options. */
export class Client {
  #raw;

  constructor(options) {
    if (!isReady()) {
      throw loadFailure() ?? new FourWsError(
        "invalidArgument",
        "fourws is not initialised yet: in a browser, `await init()` (the package's default " +
          "export) once before `new Client(...)`",
      );
    }
    if (!errorClassHandedOver) {
      useErrorClass(FourWsError);
      errorClassHandedOver = true;
    }
    // A shared limiter (`rateLimit: new RateLimiterRedis(...)`) is consumed by the gate,
    // with the account's key from the core; the core reads the other options.
    let limiter = null;
    try {
      limiter = isLimiter(options?.rateLimit) ? options.rateLimit : null;
    } catch {
      limiter = null;
    }
    let own = options;
    if (limiter) {
      own = { ...options };
      delete own.rateLimit;
    }
    this.#raw = readOptions(() => new RawClient(own), "Client options");
    if (limiter) this.#raw.setGate(clientGate(limiter, this.#raw.accountKey()));
  }

  /** All customers (`getCustomersExport_v3`). */
  customersExport(options) {
    return this.#paginator("customersExport", options);
  }

  /** All price lists, split by pages of 20 price rows (`getPricesExport_v3`). */
  pricesExport(options) {
    return this.#paginator("pricesExport", options);
  }

  /** All sales (`getSalesExport_v3`). */
  salesExport(options) {
    return this.#paginator("salesExport", options);
  }

  /** The loyalty vouchers of a card, with the loyalty summary (`getLoyaltyVouchers_v1`). */
  loyaltyVouchers(options) {
    return this.#paginator("loyaltyVouchers", options);
  }

  /** Digital orders created since `fromDateTime` (`getLastDigitalOrders_v1`). */
  lastDigitalOrders(options) {
    return this.#paginator("lastDigitalOrders", options);
  }

  /** Any paginated command, its records kept as the server sent them. */
  paginate(options) {
    return this.#paginator("paginate", options);
  }

  /** One call; resolves to the JSON envelope as the server sent it. */
  async request(options) {
    let text;
    try {
      text = await readOptions(() => this.#raw.request(options), "request options");
    } catch (e) {
      throw toError(e);
    }
    return JSON.parse(text);
  }

  #paginator(method, options) {
    let raw;
    try {
      raw = readOptions(() => this.#raw.paginator(method, options), `${method} options`);
    } catch (e) {
      // As for any bad argument, the paginator reports it on its first page.
      raw = {
        nextPage: () => Promise.reject(e),
        close() {},
        position: null,
        onInvalid: null,
        checkpoint() {
          throw e;
        },
        checkLimit() {},
      };
    }
    return new Paginator(raw, raw.onInvalid ?? null);
  }

  get [Symbol.toStringTag]() {
    return "Client";
  }
}

/**
 * Pages of an endpoint, requested only as they are consumed. Iterate it with
 * `for await` (records), `.pages()` (pages) or `.all()` (an array).
 */
export class Paginator {
  #raw;
  #onInvalid;
  #closed = false;
  /** The pending nextPage() chain: calls made while one is on its way wait their turn. */
  #queue = Promise.resolve();
  /** While a page or a record is in the consumer's hands: its offset (see `position`). */
  #cursor = null;
  /** A page whose invalidRecords callback threw, kept for the next nextPage(). */
  #held = null;
  /** Whether pages() (all(), for await) is running: one iteration at a time. */
  #iterating = false;

  /** @internal Paginators come from the `Client` methods. */
  constructor(raw, onInvalid) {
    this.#raw = raw;
    this.#onInvalid = onInvalid;
  }

  /**
   * The next page, or `null` when there are no more. After an error the paginator stays
   * usable: calling `nextPage()` again asks for the failed page anew. Calls made while one
   * is on its way wait for it and then fetch the page after it.
   */
  nextPage() {
    const next = this.#queue.then(() => this.#fetchPage());
    this.#queue = next.then(
      () => {},
      () => {},
    );
    return next;
  }

  async #fetchPage() {
    if (this.#closed) return null;
    let page;
    let from = 0;
    if (this.#held) {
      ({ page, from } = this.#held);
      this.#held = null;
    } else {
      let text;
      try {
        text = await this.#raw.nextPage();
      } catch (e) {
        throw toError(e);
      }
      if (text === null) return null;
      page = JSON.parse(text);
      // Answered from the cache: `stale.error` holds the live fetch's error fields
      // (password masked by the core), made the FourWsError they describe.
      const live = page.stale?.error;
      if (live) page.stale.error = new FourWsError(live.kind, live.message, live);
    }
    if (this.#onInvalid) {
      for (let i = from; i < page.invalid.length; i++) {
        try {
          this.#onInvalid(page.invalid[i]);
        } catch (e) {
          // Keep the page: the next nextPage() hands this record to the callback again,
          // then delivers the page. Nothing the server sent is lost.
          this.#held = { page, from: i };
          const detail = e instanceof Error ? e.message : String(e);
          const err = new FourWsError(
            "invalidArgument",
            `the invalidRecords callback threw on the invalid record at ${page.invalid[i].path}: ` +
              `${detail}. The page is kept: call nextPage() (or iterate) again to hand that ` +
              `record to the callback again and receive the page.`,
            { start: page.start ?? undefined },
          );
          err.cause = e;
          throw err;
        }
      }
    }
    return page;
  }

  /**
   * The pages, in order. Leaving the loop early stops all further requests; an error
   * leaves the paginator usable, so that a new loop over it resumes at the failed page.
   * With `{ limit }`, stops once that many records were handed over (the last page cut to
   * fit); refused in an incremental export, whose pages cannot be asked for again.
   * One iteration at a time: a second one while the first runs is refused.
   */
  pages(options) {
    // Options are checked at once, before anything is requested.
    return this.#pages(this.#limit(options));
  }

  async *#pages(limit) {
    if (this.#iterating) {
      throw new FourWsError(
        "invalidArgument",
        "this paginator is already being iterated (by all(), pages() or for await): two " +
          "iterations at once would split the records between them. Wait for the first to " +
          "finish, or make a second paginator from the client",
      );
    }
    this.#iterating = true;
    let failed = false;
    let taken = 0;
    // Whether a page is in the consumer's hands (yielded, and no next one asked for yet).
    let inHands = false;
    try {
      for (;;) {
        let page;
        try {
          page = await this.nextPage();
        } catch (e) {
          failed = true;
          throw e;
        } finally {
          this.#cursor = null;
        }
        if (page === null) return;
        // Until the consumer asks for more, the page is not done with: if its handling
        // fails, `position` resumes with this very page.
        this.#cursor = page.start;
        if (limit !== undefined && taken + page.items.length >= limit) {
          const kept = limit - taken;
          const end = this.#offsetAfter(page, kept);
          inHands = true;
          yield { ...page, items: page.items.slice(0, kept) };
          inHands = false;
          // The end of what was delivered: resuming from it re-delivers nothing.
          this.#cursor = end;
          return;
        }
        taken += page.items.length;
        inHands = true;
        yield page;
        inHands = false;
      }
    } finally {
      this.#iterating = false;
      // Left early (break, or the loop's body threw): `position` stays on the page or
      // record that was in the consumer's hands, and the core takes that page back, so
      // that resuming from `position` or from `checkpoint()` loses nothing (an incremental
      // export's checkpoint then says the rest of the page is lost).
      if (inHands) this.#raw.handBack(this.#cursor ?? undefined);
      if (!failed) this.close();
    }
  }

  #limit(options) {
    if (options === undefined) return undefined;
    const limit = readOptions(() => allLimit(options), "all() options");
    if (limit !== undefined) guard(() => this.#raw.checkLimit(limit));
    return limit;
  }

  /** How many elements a record is (prices: its rows). */
  #elements() {
    const rows = this.#raw.countedRows;
    return rows ? (r) => (Array.isArray(r?.[rows]) ? r[rows].length : 0) : () => 1;
  }

  /** Each record of a page with its offset (invalid records in between counted). */
  *#walk(page, elements) {
    let at = page.start;
    let listIndex = 0;
    let bad = 0;
    for (const item of page.items) {
      // Invalid records before this one were handed over when the page arrived.
      while (bad < page.invalid.length && page.invalid[bad].index === listIndex) {
        at += elements(page.invalid[bad].record);
        bad++;
        listIndex++;
      }
      yield [item, at];
      at += elements(item);
      listIndex++;
    }
  }

  /** The offset after the first `kept` records of a page (null in an incremental export). */
  #offsetAfter(page, kept) {
    if (page.start === null) return null;
    const elements = this.#elements();
    let end = page.start;
    let n = 0;
    for (const [item, at] of this.#walk(page, elements)) {
      if (n++ === kept) break;
      end = at + elements(item);
    }
    return end;
  }

  /**
   * The records, in server order. While the consumer handles a record, `position` is that
   * record's offset (for prices: the offset of the list's first row on its page), so that
   * a consumer failing on a record resumes with exactly that record and what follows.
   */
  async *[Symbol.asyncIterator]() {
    const elements = this.#elements();
    for await (const page of this.pages()) {
      if (page.start === null) {
        yield* page.items;
        continue;
      }
      for (const [item, at] of this.#walk(page, elements)) {
        this.#cursor = at;
        yield item;
      }
    }
  }

  /**
   * Every record in an array; with `limit`, stops requesting once it has that many (and
   * `position` is then the end of what was delivered).
   */
  async all(options) {
    const out = [];
    try {
      for await (const page of this.pages(options ?? {})) {
        for (const item of page.items) out.push(item);
      }
    } catch (e) {
      // What was gathered is dropped with the rejection: the core counts it lost where the
      // server cannot send it again (an incremental export).
      if (out.length > 0) this.#raw.discarded();
      throw e;
    }
    return out;
  }

  /**
   * The state to resume from after the last page delivered (pass it as the `resume`
   * option of the same method): the offset AND what the paging guards need (pages already
   * delivered, the announced total), made by the core and JSON-able, so that a resumed
   * paginator (in another process too) applies the same guards as one never interrupted.
   * Take it once the page `nextPage()` delivered is stored.
   */
  checkpoint() {
    return this.#checkpointOf(() => this.#raw.checkpoint());
  }

  /**
   * The checkpoint to store just before asking for the next page. In an incremental export
   * (not yet done) it counts that page as lost until it is delivered (`pageLost: true`), so
   * that a process killed while the page is on its way resumes into the "never delivered"
   * error rather than a false success; store `checkpoint()` again once the page is stored.
   * Elsewhere it is `checkpoint()`.
   */
  checkpointBeforeNextPage() {
    return this.#checkpointOf(() => this.#raw.checkpointBeforeNextPage());
  }

  #checkpointOf(take) {
    if (this.#held) {
      throw new FourWsError(
        "invalidArgument",
        "a page is held because the invalidRecords callback threw: call nextPage() again to " +
          "receive it, then take the checkpoint",
      );
    }
    return JSON.parse(guard(take));
  }

  /**
   * Stops: sends no more requests and aborts the pages fetched ahead (a page being fetched
   * one at a time is let finish and discarded; a `signal` cuts it short).
   */
  close() {
    this.#closed = true;
    this.#raw.close();
  }

  /**
   * Where to resume (pass it as `start` to a new paginator): the offset of the next
   * element not yet handed over, or, while a `for await` loop handles a record or a page,
   * the offset of that record or page. `null` in an incremental export (the server keeps
   * the position).
   */
  get position() {
    if (this.#held) return this.#held.page.start;
    return this.#cursor ?? this.#raw.position ?? null;
  }
}

/**
 * Rebuilds whole price lists from the prices export's items: a list longer than a page
 * arrives once per page holding part of its rows (header repeated); consecutive parts of
 * the same list are joined into one list holding all its rows, in order. Works on the
 * items of any number of pages, in the order they came.
 * @param {Iterable<object>} parts price lists as the pages delivered them
 * @returns {object[]}
 */
export function joinPriceLists(parts) {
  const out = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && last.priceList === part.priceList && last.priceListType === part.priceListType) {
      last.prices = [...(last.prices ?? []), ...(part.prices ?? [])];
    } else {
      out.push({ ...part, prices: [...(part.prices ?? [])] });
    }
  }
  return out;
}
