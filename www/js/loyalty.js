// The loyalty card panel: scan or type a card, see its vouchers and the loyalty summary.
import { $, h, clear } from "./dom.js";
import { integerFormat, money, localTime } from "./format.js";
import { showBusy, showError } from "./status.js";
import { makeClient } from "./client.js";
import { oldest, showStale } from "./offline.js";

export function setupLoyalty() {
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
    const pages = [];
    let summary = null;
    try {
      for await (const page of client.loyaltyVouchers({ cardBarcode, pageSize: 100, signal: mine.signal }).pages()) {
        pages.push(page);
        vouchers.push(...page.items);
        summary = page.summary ?? summary;
      }
    } catch (err) {
      if (mine !== controller) return; // a newer lookup replaced this one
      showError(status, err, { what: "the card lookup", onRetry: () => lookup(cardBarcode) });
      return;
    }
    if (mine !== controller) return;
    const stale = oldest(pages);
    if (stale) {
      showStale(status, stale, "Vouchers shown from the last lookup may have been spent since: none can be redeemed until 4WS answers again.");
    } else {
      clear(status);
    }
    renderLoyalty(cardBarcode, vouchers, summary, Boolean(stale));
    input.select();
  }

  function renderLoyalty(cardBarcode, vouchers, summary, stale) {
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
          { class: stale ? "voucher voucher-stale" : "voucher" },
          h("td", { class: "num strong" }, money(v.totalAmount, v.currencySymbol, v.currency)),
          h("td", { class: "mono" }, v.barcode ?? "–"),
          h("td", { class: "validity" }, h("div", {}, localTime(v.confirmationDateOrder)), h("div", { class: "muted small" }, `until ${localTime(v.endValidity)}`)),
          h(
            "td",
            {},
            h("span", { class: `badge badge-${String(v.documentStatus ?? "").toLowerCase()}` }, v.documentStatus ?? "–"),
            ended ? h("span", { class: "badge badge-ended", title: "The validity end date has passed" }, "expired") : null,
            stale ? h("div", {}, h("span", { class: "badge badge-offline", title: "Shown from the last lookup: it cannot be redeemed until 4WS answers again" }, "not redeemable")) : null,
          ),
        ),
      );
    }
    result.dataset.card = cardBarcode;
    result.dataset.stale = String(stale);
    result.hidden = false;
  }
}
