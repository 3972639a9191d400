// Realistic response bodies for the decode benchmark, built with the mock server's own data
// generators (mock/data/*.mjs): the docs' example records first, then generated ones with
// Italian and foreign non-ASCII text ("Nicolò", "Müller", "€"), nulls, "" in optional fields,
// numeric strings, leap days. Each body is one page as the server would send it.
import { COMMANDS } from "../../mock/commands.mjs";
import { DEFAULT_TOTALS } from "../../mock/commands.mjs";
import { DOCS_CARD } from "../../mock/data/vouchers.mjs";

const ORDERS_FROM = "2020-01-01 00:00:00";

/** Per endpoint: the 4WS command, the fourws method and its options. */
export const ENDPOINT_CALLS = {
  customers: { cmd: "getCustomersExport_v3", call: (c) => c.customersExport() },
  prices: { cmd: "getPricesExport_v3", call: (c) => c.pricesExport() },
  sales: { cmd: "getSalesExport_v3", call: (c) => c.salesExport() },
  vouchers: { cmd: "getLoyaltyVouchers_v1", call: (c) => c.loyaltyVouchers({ cardBarcode: DOCS_CARD }) },
  orders: { cmd: "getLastDigitalOrders_v1", call: (c) => c.lastDigitalOrders({ fromDateTime: ORDERS_FROM }) },
};

/**
 * One body holding elements [0, n) of an endpoint's collection as ONE page (moreRows false;
 * resultSetLength n: the extraction total for KeepIT, the page length for Documents API).
 * For prices an element is a price row, so n rows grouped in their price lists.
 * @param {keyof ENDPOINT_CALLS} endpoint
 * @param {number} n
 * @param {number} [start] first element (the prices page uses rows 20..39: two price lists,
 *   one of them with "Città" in its description, rather than the docs' one ASCII list)
 * @returns {{ bytes: Uint8Array, text: string, records: number, elements: number }}
 */
export function buildBody(endpoint, n, start = 0) {
  const { cmd } = ENDPOINT_CALLS[endpoint];
  const command = COMMANDS[cmd];
  const query = new URLSearchParams(endpoint === "vouchers" ? { cardBarcode: DOCS_CARD } : endpoint === "orders" ? { fromDateTime: ORDERS_FROM } : {});
  const collection = command.open({ query, body: { completeExtraction: "T" }, mockTotal: start + n, totals: DEFAULT_TOTALS });
  if (collection.reply) throw new Error(`mock refused: ${JSON.stringify(collection.reply)}`);
  const indexes = Array.from({ length: n }, (_, i) => start + i);
  const list = collection.elements(indexes);
  const elements = collection.count(list);
  const envelope = collection.envelope(list, false, elements);
  const text = JSON.stringify(envelope);
  return { bytes: new TextEncoder().encode(text), text, records: list.length, elements };
}
