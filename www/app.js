// fourws demo: a small POS page over the 4WS Suite API (no framework).
//
// The page talks only to its own origin: `/api` is a proxy (www/server.mjs) that adds the
// shop's credentials, so none of them is in this file or in the browser.
//
// Hidden test options (query string), passed to the Client as `headers` (the demo server
// forwards them to the mock 4WS server only) or as Client options:
//   ?latency=MS      x-latency-ms: the mock waits MS ms before each answer
//   ?fault=MODE      x-fault (500, 429, drop, html, bad-record, ... see mock/README.md)
//   ?faultStart=N    x-fault-start: only for the page at offset N
//   ?faultTimes=K    x-fault-times: only the first K matching requests
//   ?faultId=ID      x-fault-id: names the counter of faultTimes
//   ?total=N         x-mock-total: the collections hold N elements
//   ?retries=N       maxRetries (default 3)
//   ?timeout=MS      timeoutMs (default 10000 here; the package's default is 30000)

const params = new URLSearchParams(location.search);

// ---------------------------------------------------------------------------------------
// Small DOM helpers
// ---------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Creates an element; text children are text nodes, never HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function clear(el) {
  el.replaceChildren();
  return el;
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

const numberFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat();
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** An amount with its currency symbol, in the user's number format. */
function money(amount, symbol, currency) {
  if (amount === null || amount === undefined || Number.isNaN(Number(amount))) return "–";
  const n = Number(amount);
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      const text = new Intl.NumberFormat(undefined, { style: "currency", currency, currencyDisplay: "narrowSymbol" }).format(n);
      if (!symbol || text.includes(symbol)) return text;
    } catch {
      // an unknown currency code: fall through
    }
  }
  return symbol ? `${symbol}\u00a0${numberFormat.format(n)}` : numberFormat.format(n);
}

/** An ISO 8601 timestamp (GMT) in local time; a date-only value as a date. */
function localTime(value) {
  if (!value) return "–";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return dateFormat.format(new Date(y, m - 1, d));
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
}

function count(n, one, many) {
  return `${integerFormat.format(n)} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------
// Errors, in words a person at the counter can act on
// ---------------------------------------------------------------------------------------

/**
 * @param {any} err a FourWsError (or anything else that was thrown)
 * @param {{ what?: string, records?: number, resumable?: boolean }} [context]
 * @returns {{ title: string, advice: string, retry: boolean, tone: "error" | "warning" }}
 */
function describeError(err, context = {}) {
  const what = context.what ?? "the request";
  const serverMessage = stripPrefix(err?.message ?? "");
  switch (err?.kind) {
    case "invalidArgument":
      return { title: "That input is not valid", advice: `${capitalise(serverMessage)}. Check what you typed.`, retry: false, tone: "warning" };
    case "network":
      return {
        title: "Cannot reach the 4WS server",
        advice: "The connection failed (network down, server restarting or a proxy in the way). Check the connection and try again.",
        retry: true,
        tone: "error",
      };
    case "timeout":
      return { title: "The 4WS server took too long to answer", advice: "It may be busy. Try again in a moment.", retry: true, tone: "error" };
    case "aborted":
      return context.records !== undefined
        ? { title: `Export cancelled after ${count(context.records, "record", "records")}`, advice: "What was fetched can still be downloaded, or the export resumed.", retry: false, tone: "warning" }
        : { title: "Cancelled", advice: `${capitalise(what)} was cancelled.`, retry: true, tone: "warning" };
    case "rateLimited": {
      const wait = err.retryAfterMs ? ` about ${Math.ceil(err.retryAfterMs / 1000)} s` : " a minute";
      return { title: "Too many requests to 4WS", advice: `The server asks to slow down. Wait${wait} and try again.`, retry: true, tone: "warning" };
    }
    case "http":
      if (err.status === 401 || err.status === 403) {
        return {
          title: "4WS refused the shop's credentials",
          advice: "The demo server's credentials (FOURWS_USERNAME, FOURWS_PASSWORD, FOURWS_COMPANY_ID, FOURWS_SITE_ID) are wrong or expired. Ask whoever runs the server to check them.",
          retry: false,
          tone: "error",
        };
      }
      if (err.status >= 500) {
        return {
          title: `The 4WS server had a problem (HTTP ${err.status})`,
          advice: "It is not something you did. Try again in a minute; if it keeps happening, tell the 4WS administrator.",
          retry: true,
          tone: "error",
        };
      }
      return { title: `4WS rejected ${what} (HTTP ${err.status})`, advice: serverMessage || "Check the input and try again.", retry: false, tone: "error" };
    case "api":
      if (/no customer found/i.test(err.message)) {
        return { title: "No customer with this card — check the number", advice: "Scan the card again or type the number printed under the barcode.", retry: false, tone: "warning" };
      }
      return { title: "4WS reported an error", advice: `It said: “${serverMessage}”. Try again; if it persists, tell the 4WS administrator.`, retry: true, tone: "error" };
    case "decode":
      return {
        title: "The answer from 4WS could not be read",
        advice: "It was not the expected data (often a login or error page from a proxy, or a cut-off answer). Try again; if it persists, tell the administrator.",
        retry: true,
        tone: "error",
      };
    case "validation":
      return {
        title: "4WS sent a record that does not make sense",
        advice: `The value at ${err.path ?? "an unknown place"} is invalid, so nothing was shown from that page. Report it to the 4WS administrator with this detail.`,
        retry: false,
        tone: "error",
      };
    case "pagination":
      return {
        title: "4WS broke off the list halfway",
        advice: `The server's pages did not fit together, so the result would be incomplete. Try again${context.records !== undefined || context.resumable ? " from the resume point" : ""}.`,
        retry: true,
        tone: "error",
      };
    default:
      return {
        title: "Something went wrong on this page",
        advice: `${err?.message ?? String(err)}. Reload the page and try again.`,
        retry: true,
        tone: "error",
      };
  }
}

/** The package adds "(the 4WS server answered success: false)" after the server's own message. */
function stripPrefix(message) {
  return message.replace(/\s*\(the 4WS server answered success: false\)$/i, "");
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * Renders an error into `target`.
 * @param {HTMLElement} target
 * @param {any} err
 * @param {{ what?: string, records?: number, resume?: number | null, onRetry?: () => void, retryLabel?: string }} [context]
 */
function showError(target, err, context = {}) {
  const d = describeError(err, context);
  const facts = [];
  if (err?.kind) facts.push(["kind", err.kind]);
  if (err?.cmd) facts.push(["command", err.cmd]);
  if (err?.status) facts.push(["HTTP status", err.status]);
  if (err?.start !== null && err?.start !== undefined) facts.push(["page offset", err.start]);
  if (err?.path) facts.push(["path", err.path]);
  if (err?.message) facts.push(["message", err.message]);
  const box = h(
    "div",
    { class: `message message-${d.tone}`, role: "alert", dataset: { kind: err?.kind ?? "unknown" } },
    h("strong", { class: "message-title" }, d.title),
    h("p", {}, d.advice),
    context.resume !== undefined && context.resume !== null
      ? h("p", { class: "resume-point" }, `Resume point: record ${integerFormat.format(context.resume)} (start = ${context.resume}).`)
      : null,
    context.onRetry && (d.retry || context.retryLabel)
      ? h("button", { type: "button", class: "retry", onclick: context.onRetry }, context.retryLabel ?? "Try again")
      : null,
    facts.length
      ? h("details", { class: "tech" }, h("summary", {}, "Technical details"), h("dl", {}, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))])))
      : null,
  );
  clear(target).append(box);
  if (!(err && err.kind)) console.error(err);
}

function showBusy(target, text) {
  clear(target).append(h("div", { class: "busy" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", {}, text)));
}

function showInfo(target, text, tone = "info") {
  clear(target).append(h("div", { class: `message message-${tone}` }, text));
}

function showFatal(title, advice, err) {
  const el = $("fatal");
  el.hidden = false;
  clear(el).append(h("strong", { class: "message-title" }, title), h("p", {}, advice), err ? h("p", { class: "muted" }, String(err?.message ?? err)) : null);
}

window.addEventListener("unhandledrejection", (event) => {
  showFatal("Something went wrong on this page", "Reload the page and try again. If it keeps happening, report it with the detail below.", event.reason);
});
window.addEventListener("error", (event) => {
  showFatal("Something went wrong on this page", "Reload the page and try again. If it keeps happening, report it with the detail below.", event.error ?? event.message);
});

// ---------------------------------------------------------------------------------------
// The fourws client
// ---------------------------------------------------------------------------------------

const testHeaders = {};
const headerOptions = {
  latency: "x-latency-ms",
  fault: "x-fault",
  faultStart: "x-fault-start",
  faultTimes: "x-fault-times",
  faultId: "x-fault-id",
  total: "x-mock-total",
};
for (const [param, header] of Object.entries(headerOptions)) {
  if (params.get(param)) testHeaders[header] = params.get(param);
}
const clientExtras = {};
if (params.get("retries") !== null) clientExtras.maxRetries = Number(params.get("retries"));
if (params.get("timeout") !== null) clientExtras.timeoutMs = Number(params.get("timeout"));

let fourws = null;

/**
 * A client whose retries are reported in `statusEl` (each panel has its own).
 * @param {HTMLElement} statusEl
 */
function makeClient(statusEl) {
  return new fourws.Client({
    baseUrl: location.origin,
    // A placeholder: the demo server replaces it (and adds every credential) on the way out.
    applicationId: "KEEPIT",
    headers: testHeaders,
    // At the till a silent server must not hold a lookup for minutes: 10 s per attempt.
    timeoutMs: 10_000,
    ...clientExtras,
    onRequest(event) {
      if (event.retryInMs === undefined || event.retryInMs === null) return;
      const why = event.status ? `HTTP ${event.status}` : event.errorKind ?? "no answer";
      const attempts = (clientExtras.maxRetries ?? 3) + 1;
      showBusy(statusEl, `4WS did not answer properly (${why}) — retrying in ${(event.retryInMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1} of ${attempts})…`);
    },
  });
}

async function start() {
  // Where this page runs against: the demo server says (never any credential).
  fetch("/demo-config.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((config) => {
      const el = $("target");
      el.dataset.state = config.upstream;
      el.textContent =
        config.upstream === "mock"
          ? "Running against the built-in mock 4WS server — generated data, nothing real."
          : `Connected to the 4WS host ${config.label} through this server.`;
      if (config.upstream !== "mock" && Object.keys(testHeaders).length) {
        showTestOptions("ignored: the demo server only forwards them to the mock");
      }
    })
    .catch(() => {
      const el = $("target");
      el.dataset.state = "error";
      el.textContent = "Cannot reach the demo server (is www/server.mjs running?)";
    });

  if (Object.keys(testHeaders).length || Object.keys(clientExtras).length) showTestOptions();

  try {
    fourws = await import("/pkg/browser.js");
    await fourws.default();
  } catch (err) {
    showFatal(
      "The fourws package could not be loaded",
      "The page needs the built package at /pkg/. Build it with scripts/build.sh (if it is being rebuilt right now, wait a few seconds), then reload.",
      err,
    );
    return;
  }

  setupLoyalty();
  setupOrders();
  setupExports();
  document.body.dataset.ready = "true";
}

function showTestOptions(note) {
  const el = $("test-options");
  const parts = [...Object.entries(testHeaders).map(([k, v]) => `${k}: ${v}`), ...Object.entries(clientExtras).map(([k, v]) => `${k} = ${v}`)];
  el.hidden = false;
  el.textContent = `Test options: ${parts.join(" · ")}${note ? ` (${note})` : ""}`;
}

// ---------------------------------------------------------------------------------------
// Loyalty card lookup
// ---------------------------------------------------------------------------------------

function setupLoyalty() {
  const form = $("loyalty-form");
  const input = $("card-barcode");
  const status = $("loyalty-status");
  const result = $("loyalty-result");
  const client = makeClient(status);
  let controller = null;

  $("loyalty-submit").disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    lookup(input.value.replace(/\s+/g, ""));
  });

  async function lookup(cardBarcode) {
    controller?.abort();
    const mine = (controller = new AbortController());
    result.hidden = true;
    result.dataset.card = "";
    showBusy(status, `Looking up card ${cardBarcode}…`);
    const vouchers = [];
    let summary = null;
    try {
      for await (const page of client.loyaltyVouchers({ cardBarcode, signal: mine.signal }).pages()) {
        vouchers.push(...page.items);
        summary = page.summary ?? summary;
      }
    } catch (err) {
      if (mine !== controller) return; // a newer lookup replaced this one
      showError(status, err, { what: "the card lookup", onRetry: () => lookup(cardBarcode) });
      return;
    }
    if (mine !== controller) return;
    clear(status);
    renderLoyalty(cardBarcode, vouchers, summary);
    input.select();
  }

  function renderLoyalty(cardBarcode, vouchers, summary) {
    const first = vouchers[0] ?? {};
    const symbol = first.currencySymbol ?? "";
    const currency = first.currency ?? null;
    $("loyalty-customer").replaceChildren(
      first.subjectDenomination ? h("strong", {}, first.subjectDenomination) : h("strong", {}, "Card"),
      h("span", { class: "muted" }, ` · card ${summary?.identifier ?? cardBarcode}`),
    );
    $("summary-valid-tickets").textContent = summary?.validTicket ?? "–";
    $("summary-remaining").textContent = summary?.remainingPurchases ?? "–";
    $("summary-sales-total").textContent = money(summary?.validSalesTotalAmount, symbol, currency);
    $("summary-cashback").textContent = money(summary?.validSalesTotalCashback, symbol, currency);
    $("voucher-count").textContent = integerFormat.format(vouchers.length);
    const sum = vouchers.reduce((acc, v) => acc + (Number(v.totalAmount) || 0), 0);
    $("voucher-total").textContent = vouchers.length ? `· ${money(sum, symbol, currency)} in total` : "";

    const now = Date.now();
    const body = clear($("vouchers").tBodies[0]);
    if (!vouchers.length) {
      body.append(h("tr", {}, h("td", { colspan: 4, class: "empty" }, "This card has no active vouchers.")));
    }
    for (const v of vouchers) {
      const ended = v.endValidity && new Date(v.endValidity).getTime() < now;
      body.append(
        h(
          "tr",
          { class: "voucher" },
          h("td", { class: "num strong" }, money(v.totalAmount, v.currencySymbol, v.currency)),
          h("td", { class: "mono" }, v.barcode ?? "–"),
          h("td", { class: "validity" }, h("div", {}, localTime(v.confirmationDateOrder)), h("div", { class: "muted small" }, `until ${localTime(v.endValidity)}`)),
          h(
            "td",
            {},
            h("span", { class: `badge badge-${String(v.documentStatus ?? "").toLowerCase()}` }, v.documentStatus ?? "–"),
            ended ? h("span", { class: "badge badge-ended", title: "The validity end date has passed" }, "expired") : null,
          ),
        ),
      );
    }
    result.dataset.card = cardBarcode;
    result.hidden = false;
  }
}

// ---------------------------------------------------------------------------------------
// Digital orders to prepare
// ---------------------------------------------------------------------------------------

function setupOrders() {
  const form = $("orders-form");
  const since = $("orders-since");
  const status = $("orders-status");
  const list = $("orders-list");
  const client = makeClient(status);
  let controller = null;

  $("orders-submit").disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });

  async function load() {
    const fromDateTime = new Date(since.value); // datetime-local: the user's local time
    controller?.abort();
    const mine = (controller = new AbortController());
    clear(list);
    list.dataset.count = "";
    showBusy(status, "Loading digital orders…");
    const orders = [];
    try {
      for await (const order of client.lastDigitalOrders({ fromDateTime, signal: mine.signal })) {
        orders.push(order);
        if (orders.length % 20 === 0) showBusy(status, `Loading digital orders… ${orders.length} so far`);
      }
    } catch (err) {
      if (mine !== controller) return;
      showError(status, err, { what: "loading the orders", onRetry: load });
      return;
    }
    if (mine !== controller) return;
    const key = (o) => o.startDate ?? o.endDate ?? "";
    orders.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
    showInfo(status, orders.length ? `${count(orders.length, "order", "orders")} since ${localTime(fromDateTime.toISOString())}, newest first.` : `No digital orders since ${localTime(fromDateTime.toISOString())}.`);
    list.dataset.count = String(orders.length);
    list.append(...orders.map(renderOrder));
  }
}

function renderOrder(order) {
  const symbol = order.currencySymbol;
  const currency = order.currency;
  const total = order.totals?.grandTotal ?? order.totals?.digitalGrandTotal;
  const items = (order.items ?? []).filter((i) => i.rowType !== "DELIVERY");
  const services = (order.items ?? []).filter((i) => i.rowType === "DELIVERY");
  const pieces = items.reduce((acc, i) => acc + (Number(i.qty) || 0), 0);
  const delivery = order.delivery?.[0];
  const paid = (order.payments ?? []).length > 0 && (order.payments ?? []).every((p) => p.paymentDone === true);
  const customer = order.clientDenomination ?? [order.clientName, order.clientSurname].filter(Boolean).join(" ") ?? "";

  const summary = h(
    "summary",
    {},
    h(
      "div",
      { class: "order-main" },
      h("span", { class: "order-no" }, `#${order.docNumber ?? "?"}`),
      h("span", { class: "order-customer" }, customer || "Customer"),
    ),
    h(
      "div",
      { class: "order-meta" },
      h("span", {}, localTime(order.startDate ?? order.endDate)),
      h("span", {}, count(pieces, "piece", "pieces")),
      delivery?.deliveryDesc ? h("span", { class: "badge" }, delivery.deliveryDesc) : null,
      h("span", { class: `badge ${paid ? "badge-ok" : "badge-warn"}` }, paid ? "Paid" : "Not paid"),
      h("span", { class: "order-total" }, money(total, symbol, currency)),
    ),
  );

  const itemRows = [...items, ...services].map((i) => {
    const sym = i.currencySymbol ?? symbol;
    const cur = i.currency ?? currency;
    const variant = [i.dimensionDescription1, i.dimensionDescription2].filter(Boolean).join(" / ");
    return h(
      "tr",
      { class: i.rowType === "DELIVERY" ? "service" : "item" },
      h(
        "td",
        {},
        h("div", {}, i.description?.trim() || i.shopDescription || i.itemCode || "–"),
        h("div", { class: "muted small" }, [variant, i.itemCode, i.barcode].filter(Boolean).join(" · ")),
      ),
      h("td", { class: "num" }, i.qty ?? "–"),
      h("td", { class: "num" }, money(i.unitPrice, sym, cur)),
      h(
        "td",
        { class: "num" },
        h("div", { class: "strong" }, money(i.rowTotal, sym, cur)),
        i.discountTotalAmount ? h("div", { class: "muted small" }, `−${money(i.discountTotalAmount, sym, cur)} discount`) : null,
      ),
    );
  });

  const addresses = (order.delivery ?? []).map((d) =>
    h(
      "address",
      { class: "delivery" },
      h("strong", {}, d.addressName || d.subjectCompanyName || customer || "–"),
      h("div", {}, [d.address1, d.address2].filter(Boolean).join(", ") || d.address || ""),
      h("div", {}, [d.zipCode, d.city, d.province ? `(${d.province})` : null, d.country].filter(Boolean).join(" ")),
      d.phone ? h("div", {}, `☎ ${d.phone}`) : null,
      d.email ? h("div", {}, d.email) : null,
      h("div", { class: "muted small" }, [d.deliveryDesc, d.deliveryAmount !== null && d.deliveryAmount !== undefined ? money(d.deliveryAmount, symbol, currency) : null].filter(Boolean).join(" · ")),
      d.note ? h("div", { class: "note" }, `Note: ${d.note}`) : null,
    ),
  );

  const payments = (order.payments ?? []).map((p) =>
    h(
      "li",
      {},
      h("span", {}, p.paymentDescription ?? p.paymentCode ?? "Payment"),
      h("span", { class: "strong" }, money(p.paymentAmount, symbol, currency)),
      h("span", { class: `badge ${p.paymentDone ? "badge-ok" : "badge-warn"}` }, p.paymentDone ? "done" : "pending"),
    ),
  );

  return h(
    "details",
    { class: "order", dataset: { doc: order.docNumber ?? "", start: order.startDate ?? "" } },
    summary,
    h(
      "div",
      { class: "order-body" },
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "data order-items" },
          h("thead", {}, h("tr", {}, h("th", {}, "Item"), h("th", { class: "num" }, "Qty"), h("th", { class: "num" }, "Unit price"), h("th", { class: "num" }, "Total"))),
          h("tbody", {}, itemRows),
        ),
      ),
      h(
        "div",
        { class: "order-columns" },
        h("div", {}, h("h4", {}, "Deliver to"), addresses.length ? addresses : h("p", { class: "muted" }, "No delivery address.")),
        h(
          "div",
          {},
          h("h4", {}, "Payments"),
          payments.length ? h("ul", { class: "payments" }, payments) : h("p", { class: "muted" }, "No payments."),
          order.clientEmail ? h("p", { class: "muted small" }, `Customer e-mail: ${order.clientEmail}`) : null,
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------

const EXPORTS = {
  customers: { method: "customersExport", noun: ["customer", "customers"] },
  prices: { method: "pricesExport", noun: ["price row", "price rows"] },
  sales: { method: "salesExport", noun: ["sale", "sales"] },
};

function setupExports() {
  const form = $("export-form");
  const startButton = $("export-start");
  const cancelButton = $("export-cancel");
  const status = $("export-status");
  const client = makeClient(status);
  const kindInputs = [...form.querySelectorAll('input[name="kind"]')];

  /** The current export: what was fetched so far. */
  let state = null;

  startButton.disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const kind = form.elements.kind.value;
    run({ kind, items: [], elements: 0, total: null, startedAt: new Date() }, 0);
  });
  cancelButton.addEventListener("click", () => state?.controller?.abort());
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-ndjson").addEventListener("click", () => download("ndjson"));

  async function run(next, start) {
    state = next;
    const current = state;
    const spec = EXPORTS[current.kind];
    current.controller = new AbortController();
    current.done = false;
    delete current.resume;
    setRunning(true);
    showBusy(status, start ? `Resuming at record ${start}…` : "Exporting…");
    render();
    try {
      const pages = client[spec.method]({ signal: current.controller.signal, start }).pages();
      for await (const page of pages) {
        current.items.push(...page.items);
        // An element is what the server counts: for prices a price row, not a list.
        current.elements += current.kind === "prices" ? page.items.reduce((n, list) => n + (list.prices?.length ?? 0), 0) : page.items.length;
        if (page.total !== null && page.total !== undefined) current.total = page.total;
        current.nextStart = page.nextStart;
        render();
        showBusy(status, "Exporting…");
      }
      current.done = true;
      if (current.total === null) current.total = current.elements;
      showInfo(status, `Export complete: ${count(current.elements, ...spec.noun)}${current.kind === "prices" ? ` in ${count(mergePriceLists(current.items).length, "price list", "price lists")}` : ""}.`, "success");
    } catch (err) {
      const resume = err?.start ?? current.elements;
      current.resume = resume;
      showError(status, err, {
        what: `the ${current.kind} export`,
        records: err?.kind === "aborted" ? current.elements : undefined,
        resumable: true,
        resume,
        onRetry: () => run(current, resume),
        retryLabel: `Resume from record ${resume}`,
      });
    } finally {
      current.controller = null;
      setRunning(false);
      render();
    }
  }

  function setRunning(running) {
    startButton.disabled = running;
    cancelButton.disabled = !running;
    for (const input of kindInputs) input.disabled = running;
    $("exports").dataset.state = running ? "running" : state?.done ? "done" : state?.resume !== undefined ? "stopped" : "idle";
  }

  function render() {
    const bar = $("export-progress");
    const spec = EXPORTS[state.kind];
    const { elements, total } = state;
    let percent = null;
    if (total) percent = Math.min(100, Math.floor((elements / total) * 100));
    else if (state.done) percent = 100;
    bar.dataset.state = state.controller ? (percent === null ? "indeterminate" : "running") : state.done ? "done" : "stopped";
    bar.setAttribute("aria-valuenow", String(percent ?? 0));
    $("export-progress-bar").style.width = `${percent ?? 0}%`;
    $("export-percent").textContent = percent === null ? "…" : `${percent} %`;
    const of = total !== null ? ` of ${integerFormat.format(total)}` : "";
    const lists = state.kind === "prices" && state.items.length ? ` (${count(mergePriceLists(state.items).length, "price list", "price lists")})` : "";
    $("export-count").textContent = `${integerFormat.format(elements)}${of} ${elements === 1 && !of ? spec.noun[0] : spec.noun[1]}${lists}`;
    $("export-count").dataset.count = String(elements);
    const has = state.items.length > 0;
    $("download-csv").disabled = !has;
    $("download-ndjson").disabled = !has;
    $("download-note").textContent = has && !state.done && !state.controller ? "Partial: only what was fetched before the export stopped." : "";
  }

  function download(format) {
    if (!state?.items.length) return;
    const records = state.kind === "prices" ? mergePriceLists(state.items) : state.items;
    let text;
    let type;
    if (format === "ndjson") {
      text = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
      type = "application/x-ndjson";
    } else {
      const rows = state.kind === "prices" ? priceRows(records) : records.map((r) => flatten(r));
      text = toCsv(rows);
      type = "text/csv;charset=utf-8";
    }
    const stamp = fileStamp(state.startedAt);
    const partial = state.done ? "" : "-partial";
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: `fourws-${state.kind}-${stamp}${partial}.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }
}

/** A price list split over pages arrives once per page: the package puts its parts back together. */
function mergePriceLists(chunks) {
  return fourws.joinPriceLists(chunks);
}

/** Prices as a table: one row per price row, with its list's header fields. */
function priceRows(lists) {
  const rows = [];
  for (const list of lists) {
    const { prices, entityCodes, entities, ...header } = list;
    const shops = (entityCodes ?? entities ?? []).map((e) => e.entityCode).filter(Boolean).join(" ");
    for (const price of prices ?? []) rows.push(flatten({ ...header, shops, ...price }));
  }
  return rows;
}

/**
 * A record as flat columns: nested objects as `a.b`, arrays of objects as `a[0].b`, arrays
 * of plain values joined with "; ".
 */
function flatten(value, prefix = "", out = {}) {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = "";
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out[prefix] = value.join("; ");
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === "object") {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

/** RFC 4180 CSV (CRLF, quoted where needed) with a BOM so spreadsheets read UTF-8. */
function toCsv(rows) {
  const columns = [];
  const seen = new Set();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

function fileStamp(date) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

start();
