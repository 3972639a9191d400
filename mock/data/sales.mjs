// getSalesExport_v3 elements: the docs' example sales first (in order), then generated ones.
import { clone, docs } from "./docs-examples.mjs";
import { randFor } from "./rand.mjs";
import { date, DAY, ean13, money, pad } from "./format.mjs";
import { PRODUCTS, SHOPS } from "./names.mjs";
import { customerCardBarcode, CUSTOMERS_TOTAL } from "./customers.mjs";

/** Default number of sales in the export. */
export const SALES_TOTAL = 33;

const DOCS_SALES = docs.sales.valueObjectList;
const PAYMENTS = [
  ["1", "Contanti"], ["24", "Bancomat"], ["3", "Carta di credito"], ["52", "Buono merci interno"], ["60", "Satispay"],
];

/**
 * Sale `index` as the export sends it: `{ saleHeader, saleDetails, salePayments }`.
 * Generated sales are consistent: totalAmount = Σ(quantity × salePrice − discountValue)
 * (negative for returns), totalQuantity = Σ quantity, payments add up to |totalAmount|.
 * @param {number} index
 * @returns {object}
 */
export function sale(index) {
  if (index < DOCS_SALES.length) return clone(DOCS_SALES[index]);
  const r = randFor("sale", index);
  const [entityCode, entityDescription] = r.pick(SHOPS);
  const isReturn = r.chance(0.15);
  const lines = r.chance(0.35) ? r.int(2, 3) : 1;
  let totalCents = 0;
  let totalQuantity = 0;
  const saleDetails = [];
  for (let k = 0; k < lines; k++) {
    const [code, itemDescription, listPrice] = r.pick(PRODUCTS);
    const quantity = r.chance(0.8) ? 1 : r.int(2, 3);
    const salePrice = r.chance(0.7) ? listPrice : money(listPrice * 0.8);
    const gross = Math.round(salePrice * 100) * quantity;
    const discountCents = r.chance(0.25) ? Math.round(gross * r.pick([0.1, 0.2, 0.3])) : 0;
    totalCents += gross - discountCents;
    totalQuantity += quantity;
    saleDetails.push({
      rowNumber: 300000 + index * 4 + k,
      itemCode: `${code}E${pad(r.int(0, 999), 3)}`,
      itemDescription,
      barcode: ean13(`80002${r.digits(7)}`),
      quantity,
      listPrice,
      salePrice,
      discountValue: discountCents / 100,
      taxRate: r.chance(0.9) ? 22 : r.pick([10, 4]),
    });
  }
  const salePayments = [];
  if (r.chance(0.25) && totalCents > 1000) {
    const first = Math.round(totalCents * 0.4);
    const [t1, d1] = PAYMENTS[3];
    const [t2, d2] = r.pick(PAYMENTS.slice(0, 3));
    salePayments.push({ paymentType: t1, paymentDescription: d1, paymentValue: first / 100 });
    salePayments.push({ paymentType: t2, paymentDescription: d2, paymentValue: (totalCents - first) / 100 });
  } else {
    const [paymentType, paymentDescription] = r.pick(PAYMENTS);
    salePayments.push({ paymentType, paymentDescription, paymentValue: totalCents / 100 });
  }
  const saleHeader = {
    entityCode,
    entityDescription,
    documentDate: date(Date.UTC(2020, 5, 16) + Math.floor((index - DOCS_SALES.length) / 2) * DAY),
    refDocument: `${entityCode}-${index}`,
    causal: isReturn ? "R" : "V",
    causalDescription: isReturn ? "Reso" : "Vendita",
    currency: "EUR",
    currencyDescription: "Euro",
    totalAmount: (isReturn ? -totalCents : totalCents) / 100,
  };
  if (r.chance(0.2)) saleHeader.taxFreeNumber = 10004 + index; // sent only by some sales, as in the docs
  saleHeader.cardBarcode = r.chance(0.2) ? null : customerCardBarcode(r.int(0, CUSTOMERS_TOTAL - 1));
  saleHeader.totalQuantity = totalQuantity;
  return { saleHeader, saleDetails, salePayments };
}
