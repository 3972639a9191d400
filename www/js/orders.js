// The digital orders panel: orders placed since a moment, newest first, each expandable.
import { h, clear, $ } from "./dom.js";
import { money, localTime, count } from "./format.js";
import { showBusy, showError, showInfo } from "./status.js";
import { makeClient } from "./client.js";
import { oldest, showStale } from "./offline.js";

export function setupOrders() {
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
    const pages = [];
    try {
      for await (const page of client.lastDigitalOrders({ fromDateTime, pageSize: 100, signal: mine.signal }).pages()) {
        pages.push(page);
        orders.push(...page.items);
        showBusy(status, `Loading digital orders… ${orders.length} so far`);
      }
    } catch (err) {
      if (mine !== controller) return;
      showError(status, err, { what: "loading the orders", onRetry: load });
      return;
    }
    if (mine !== controller) return;
    const key = (o) => o.startDate ?? o.endDate ?? "";
    orders.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
    const stale = oldest(pages);
    if (stale) showStale(status, stale, "These are the orders of the last lookup: newer ones may be missing until 4WS answers again.");
    else showInfo(status, orders.length ? `${count(orders.length, "order", "orders")} since ${localTime(fromDateTime.toISOString())}, newest first.` : `No digital orders since ${localTime(fromDateTime.toISOString())}.`);
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
