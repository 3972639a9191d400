// The five 4WS commands the mock serves: HTTP method, page size, and how one request opens its
// collection (validating the request's own parameters on the way).
import { customer, CUSTOMERS_TOTAL } from "./data/customers.mjs";
import { countRows, priceListsForRows, PRICE_ROWS_TOTAL } from "./data/prices.mjs";
import { sale, SALES_TOTAL } from "./data/sales.mjs";
import { DOCS_CARD_VOUCHERS, voucherAccount } from "./data/vouchers.mjs";
import { digitalOrder, firstOrderFrom, ORDERS_TOTAL } from "./data/orders.mjs";
import { parseDateTime } from "./data/format.mjs";

/** Default collection sizes (prices: rows; vouchers: those of the docs' card). */
export const DEFAULT_TOTALS = Object.freeze({
  customers: CUSTOMERS_TOTAL,
  prices: PRICE_ROWS_TOTAL,
  sales: SALES_TOTAL,
  vouchers: DOCS_CARD_VOUCHERS,
  orders: ORDERS_TOTAL,
});

/**
 * @typedef {object} Collection what one request pages through
 * @property {number} total number of elements (prices: rows) in the whole collection
 * @property {(indexes: number[]) => object[]} elements the valueObjectList for these element indexes
 * @property {(list: object[]) => number} count how many elements a valueObjectList holds
 * @property {(list: object[], moreRows: boolean, resultSetLength: number) => object} envelope
 * @property {boolean} [complete] KeepIT only: completeExtraction is "T"
 * @property {string} [system] KeepIT only: the system of an incremental extraction
 */

/**
 * @typedef {object} OpenContext
 * @property {URLSearchParams} query
 * @property {any} body parsed JSON body (POST) or undefined
 * @property {number | undefined} mockTotal the x-mock-total header, when sent
 * @property {typeof DEFAULT_TOTALS} totals
 */

/**
 * @typedef {object} Command
 * @property {"GET" | "POST"} method
 * @property {"keepit" | "documents"} api KeepIT exports: resultSetLength = extraction total;
 *   Documents API: resultSetLength = page length
 * @property {number} pageSize
 * @property {string} resource key of DEFAULT_TOTALS
 * @property {(ctx: OpenContext) => Collection | { reply: { status: number, body: object } }} open
 */

const length = (list) => list.length;
const reply = (status, message) => ({ reply: { status, body: { success: false, message } } });

/** A KeepIT export command (POST, JSON body `{completeExtraction, languageId?, system?}`). */
function keepitExport({ resource, pageSize, element, elements, count = length }) {
  return {
    method: "POST",
    api: "keepit",
    pageSize,
    resource,
    open({ body, mockTotal, totals }) {
      if (body === null || typeof body !== "object" || Array.isArray(body)) return reply(400, "The request body must be a JSON object");
      if (body.languageId != null && !["IT", "EN"].includes(body.languageId)) return reply(422, "languageId must be IT or EN");
      const complete = body.completeExtraction === "T";
      if (!complete && (typeof body.system !== "string" || body.system === "")) {
        return reply(422, "system is required when completeExtraction is not T");
      }
      return {
        total: mockTotal ?? totals[resource],
        complete,
        system: complete ? undefined : body.system,
        elements: elements ?? ((indexes) => indexes.map(element)),
        count,
        envelope: (valueObjectList, moreRows, resultSetLength) => ({ success: true, valueObjectList, moreRows, resultSetLength }),
      };
    },
  };
}

/** @type {Record<string, Command>} */
export const COMMANDS = {
  getCustomersExport_v3: keepitExport({ resource: "customers", pageSize: 20, element: customer }),
  getPricesExport_v3: keepitExport({ resource: "prices", pageSize: 20, elements: priceListsForRows, count: countRows }),
  getSalesExport_v3: keepitExport({ resource: "sales", pageSize: 10, element: sale }),

  getLoyaltyVouchers_v1: {
    method: "GET",
    api: "documents",
    pageSize: 20,
    resource: "vouchers",
    open({ query, mockTotal, totals }) {
      const card = query.get("cardBarcode");
      if (!card) return reply(422, "cardBarcode is required");
      const account = voucherAccount(card, mockTotal ?? totals.vouchers);
      if (!account) return { reply: { status: 200, body: { success: false, message: `No customer found for card ${card}` } } };
      return {
        total: account.total,
        elements: (indexes) => indexes.map(account.voucher),
        count: length,
        envelope: (valueObjectList, moreRows, resultSetLength) => ({
          success: true,
          ...account.summary,
          identifier: card,
          valueObjectList,
          moreRows,
          resultSetLength,
        }),
      };
    },
  },

  getLastDigitalOrders_v1: {
    method: "GET",
    api: "documents",
    pageSize: 20,
    resource: "orders",
    open({ query, mockTotal, totals }) {
      const text = query.get("fromDateTime");
      if (!text) return reply(422, "fromDateTime is required (yyyy-MM-dd HH:mm:ss, GMT)");
      const fromMs = parseDateTime(text);
      if (fromMs === null) return reply(422, `fromDateTime '${text}' is not a valid date-time (expected yyyy-MM-dd HH:mm:ss, GMT)`);
      const all = mockTotal ?? totals.orders;
      const first = firstOrderFrom(fromMs, all);
      return {
        total: all - first,
        elements: (indexes) => indexes.map((j) => digitalOrder(first + j)),
        count: length,
        // As in the docs' example: no `success` field.
        envelope: (valueObjectList, moreRows, resultSetLength) => ({ valueObjectList, moreRows, resultSetLength }),
      };
    },
  },
};
