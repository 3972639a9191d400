// getLoyaltyVouchers_v1: the vouchers of one card. The docs' card holds the docs' 18 vouchers
// then generated ones (25 by default); every customer card holds 0–3; other cards are unknown.
import { clone, docs } from "./docs-examples.mjs";
import { hash32, randFor } from "./rand.mjs";
import { dateTime, DAY, HOUR, MINUTE, money, pad, parseDateTime } from "./format.mjs";
import { SELLERS, SHOPS } from "./names.mjs";
import { customer, customerIndexOfCard } from "./customers.mjs";

/** The card of the docs' example. */
export const DOCS_CARD = "0099000001209";
/** Default number of vouchers on the docs' card. */
export const DOCS_CARD_VOUCHERS = 25;

const DOCS_VOUCHERS = docs.vouchers.valueObjectList;
const DOCS_SUMMARY = {
  validTicket: docs.vouchers.validTicket,
  remainingPurchases: docs.vouchers.remainingPurchases,
  validSalesTotalAmount: docs.vouchers.validSalesTotalAmount,
  validSalesTotalCashback: docs.vouchers.validSalesTotalCashback,
};

/**
 * @typedef {object} VoucherAccount
 * @property {number} total number of vouchers on the card
 * @property {object} summary validTicket, remainingPurchases, validSalesTotalAmount, validSalesTotalCashback
 * @property {(index: number) => object} voucher voucher `index` of the card
 */

/**
 * The vouchers of a card, or null when no customer holds it.
 * @param {string} card
 * @param {number | undefined} mockTotal overrides the docs' card's voucher count
 * @returns {VoucherAccount | null}
 */
export function voucherAccount(card, mockTotal) {
  if (card === DOCS_CARD) {
    const owner = DOCS_VOUCHERS[DOCS_VOUCHERS.length - 1];
    return {
      total: mockTotal ?? DOCS_CARD_VOUCHERS,
      summary: { ...DOCS_SUMMARY },
      voucher: (j) => (j < DOCS_VOUCHERS.length ? clone(DOCS_VOUCHERS[j]) : generated(owner, card, j)),
    };
  }
  const index = customerIndexOfCard(card);
  if (index < 0) return null;
  const { subject } = customer(index);
  const r = randFor("voucher-account", index);
  const total = hash32(index ^ 0x5eed) % 4;
  const [branchCode, branchDescription] = SHOPS.find(([code]) => code === subject.entityCode) ?? SHOPS[0];
  const [sellerCode, sellerDescription] = r.pick(SELLERS);
  const owner = {
    branchCode: Number(branchCode),
    branchDescription,
    clientCode: subject.subjectCode,
    clientIdKeepit: subject.subjectCode,
    subjectDenomination: `${subject.subjectSurname} ${subject.subjectName}`,
    confirmationDateOrder: dateTime(Date.UTC(2022, 0, 10) + r.int(0, 300) * DAY),
    sellerCode,
    sellerDescription,
  };
  const tickets = r.int(0, 4);
  return {
    total,
    summary: {
      validTicket: tickets,
      remainingPurchases: r.int(0, 3),
      validSalesTotalAmount: money(tickets * r.int(40, 400)),
      validSalesTotalCashback: money(tickets * r.int(2, 40)),
    },
    voucher: (j) => generated(owner, card, j, index + 1),
  };
}

/**
 * A voucher like the docs' ones, issued (j + 1) × 9 hours (plus up to 8 h) after
 * `owner.confirmationDateOrder`, so issue dates increase with j.
 * @param {object} owner a voucher (or voucher-like object) of the same card
 * @param {string} card
 * @param {number} j position on the card
 * @param {number} [series] distinguishes barcodes between cards (0 = docs' card)
 */
function generated(owner, card, j, series = 0) {
  const r = randFor(`voucher-${series}`, j);
  const issuedMs = parseDateTime(owner.confirmationDateOrder) + (j + 1) * 9 * HOUR + r.int(0, (8 * HOUR) / 1000) * 1000;
  return {
    id: r.uuid(),
    barcode: `7${pad(series, 6)}${pad(1000 + j, 6)}`,
    totalAmount: r.chance(0.3) ? r.int(10, 100) : money(5 + r.next() * 300),
    documentType: "LOYALTY",
    cause: "VOUCHER",
    documentStatus: "ACTIVE",
    branchCode: owner.branchCode,
    branchDescription: owner.branchDescription,
    cardBarcode: card,
    clientCode: owner.clientCode,
    clientIdKeepit: owner.clientIdKeepit,
    subjectDenomination: owner.subjectDenomination,
    confirmationDateOrder: dateTime(issuedMs),
    endValidity: dateTime(Math.floor((issuedMs + 31 * DAY) / MINUTE) * MINUTE),
    currency: "EUR",
    currencySymbol: "€",
    sellerCode: owner.sellerCode,
    sellerDescription: owner.sellerDescription,
  };
}
