// The JavaScript face of fourws: what wasm-bindgen cannot express. It turns the wasm
// layer's error objects into `FourWsError`, parses each page once, adds async iteration
// to the paginator and hands invalid records to the caller's callback.
import { RawClient, allLimit, errorKinds } from "./wasm/fourws.js";
import { isReady } from "./ready.js";

// The kinds are listed once, in Rust (src/core/error.rs); read when first needed (in a
// browser the module may not be initialised yet when this file loads).
let kinds = null;
function isKind(kind) {
  kinds ??= new Set(errorKinds());
  return kinds.has(kind);
}

/** Every error fourws throws or rejects with. */
export class FourWsError extends Error {
  /**
   * @param {string} kind one of the kinds listed in the README
   * @param {string} message a sentence a person can act on
   * @param {{cmd?: string, start?: number, status?: number, path?: string, retryAfterMs?: number}} [details]
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
  }
}

function toError(e) {
  if (e instanceof FourWsError) return e;
  if (e && typeof e === "object" && isKind(e.kind) && typeof e.message === "string") {
    return new FourWsError(e.kind, e.message, e);
  }
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

function optionFunction(options, name) {
  try {
    const f = options?.[name];
    return typeof f === "function" ? f : null;
  } catch {
    return null;
  }
}

/** A client of one 4WS installation. See the README for the options. */
export class Client {
  #raw;
  #onInvalid;

  constructor(options) {
    if (!isReady()) {
      throw new FourWsError(
        "invalidArgument",
        "fourws is not initialised yet: in a browser, `await init()` (the package's default " +
          "export) once before `new Client(...)`",
      );
    }
    this.#raw = guard(() => new RawClient(options));
    this.#onInvalid = optionFunction(options, "invalidRecords");
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
      text = await this.#raw.request(options);
    } catch (e) {
      throw toError(e);
    }
    return JSON.parse(text);
  }

  #paginator(method, options) {
    const raw = guard(() => this.#raw.paginator(method, options));
    return new Paginator(raw, optionFunction(options, "invalidRecords") ?? this.#onInvalid);
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
  #done = false;

  /** @internal Paginators come from the `Client` methods. */
  constructor(raw, onInvalid) {
    this.#raw = raw;
    this.#onInvalid = onInvalid;
  }

  /** The next page, or `null` when there are no more. */
  async nextPage() {
    if (this.#done) return null;
    let text;
    try {
      text = await this.#raw.nextPage();
    } catch (e) {
      this.#done = true;
      throw toError(e);
    }
    if (text === null) {
      this.#done = true;
      return null;
    }
    const page = JSON.parse(text);
    if (page.invalid.length > 0 && this.#onInvalid) {
      for (const bad of page.invalid) this.#onInvalid({ ...bad, start: page.start });
    }
    return page;
  }

  /** The pages, in order. Leaving the loop early stops all further requests. */
  async *pages() {
    try {
      for (;;) {
        const page = await this.nextPage();
        if (page === null) return;
        yield page;
      }
    } finally {
      this.close();
    }
  }

  /** The records, in server order. */
  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every record in an array; with `limit`, stops requesting once it has that many. */
  async all(options) {
    const limit = guard(() => allLimit(options));
    const out = [];
    for await (const page of this.pages()) {
      for (const item of page.items) {
        out.push(item);
        if (limit !== undefined && out.length >= limit) return out;
      }
    }
    return out;
  }

  /**
   * Stops: sends no more requests and aborts the pages fetched ahead (a page being fetched
   * one at a time is let finish and discarded; a `signal` cuts it short).
   */
  close() {
    this.#done = true;
    this.#raw.close();
  }

  /** The offset of the next page to deliver (where to resume), or `null` if unknown. */
  get position() {
    return this.#raw.position ?? null;
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
