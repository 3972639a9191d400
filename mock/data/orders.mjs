// getLastDigitalOrders_v1 elements: order 0 is the docs' example; the others are generated in
// the same full shape, startDate increasing by 5 hours (+ up to 59:59) per order.
import { clone, docs } from "./docs-examples.mjs";
import { hash32, randFor } from "./rand.mjs";
import { dateTime, DAY, HOUR, pad, parseDateTime } from "./format.mjs";
import { COLOURS, PRODUCTS, SELLERS, SIZES } from "./names.mjs";
import { customer, CUSTOMERS_TOTAL } from "./customers.mjs";

/** Default number of digital orders. */
export const ORDERS_TOTAL = 41;

const DOCS_ORDER = docs.orders.valueObjectList[0];
const FIRST_START_MS = parseDateTime(DOCS_ORDER.startDate); // 2020-09-08 13:17:32
const STEP_MS = 5 * HOUR;

const BRANCHES = [
  ["1001", "210", "TEST - MILANO SAN BABILA"],
  ["1002", "211", "Forlì – Corso della Repubblica"],
  ["1003", "212", "Città di Castello – Outlet"],
  ["1004", "213", "München Maximilianstraße"],
];
const DIGITAL_PAYMENTS = [
  ["301", "Adyen", "adyen.png", "Y"],
  ["302", "PayPal", "paypal.png", "Y"],
  ["303", "Contrassegno (pagamento alla consegna)", "cod.png", "N"],
  ["304", "Satispay", "satispay.png", "Y"],
];
const DELIVERIES = [["STANDARD", 15.5], ["EXPRESS", 22], ["RITIRO IN NEGOZIO", 0]];
const VAT = 1.22;

/**
 * startDate of order `index`, as epoch milliseconds (strictly increasing with index).
 * @param {number} index
 * @returns {number}
 */
export function orderStartMs(index) {
  return index === 0 ? FIRST_START_MS : FIRST_START_MS + index * STEP_MS + (hash32(index) % 3600) * 1000;
}

/**
 * The first order index whose startDate is at or after `fromMs` (binary search, so it works
 * for any total without generating orders).
 * @param {number} fromMs
 * @param {number} total
 * @returns {number} in [0, total]
 */
export function firstOrderFrom(fromMs, total) {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (orderStartMs(mid) >= fromMs) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Splits a VAT-inclusive amount in cents into [taxable, vat] cents. */
function splitVat(totalCents) {
  const taxable = Math.round(totalCents / VAT);
  return [taxable, totalCents - taxable];
}

/** The 20 `discountTypeN`/`discountN`/`discountAmountN`/`discountReasonN` fields. */
function rowDiscounts(promo) {
  const out = {};
  for (let n = 1; n <= 5; n++) {
    const p = n === 1 ? promo : null;
    out[`discountType${n}`] = p ? "P" : "";
    out[`discount${n}`] = p ? p.percent : "";
    out[`discountAmount${n}`] = p ? p.amount : "";
    out[`discountReason${n}`] = p ? p.reason : "";
  }
  return out;
}

/**
 * Digital order `index`, in the docs' field order. Amounts are consistent: each row's
 * rowTotal = unitPrice × qty − discountTotalAmount, taxable + VAT = rowTotal, totals add the
 * rows up, and the payments add up to grandTotal.
 * @param {number} index
 * @returns {object}
 */
export function digitalOrder(index) {
  if (index === 0) return clone(DOCS_ORDER);
  const r = randFor("order", index);
  const startMs = orderStartMs(index);
  const { subject } = customer(1 + (index * 7) % (CUSTOMERS_TOTAL - 1));
  const [sellerIdText, seller] = r.pick(SELLERS.slice(1));
  const sellerId = Number(sellerIdText);
  const [branchCode, entityCode, branchDescription] = r.pick(BRANCHES);
  const contractDiscount = r.pick([0, 0, 10, 20, 70]);
  const docNumber = index + 2;
  const name = subject.subjectName;
  const surname = subject.subjectSurname;
  const denomination = `${surname} ${name}`.toUpperCase();
  const email = subject.email || `cliente${index}@example.it`;
  const card = subject.cardBarcode;
  const clientId = Number(subject.subjectCode);
  const points = Number(subject.earnedPoints) || 0;

  // Product rows.
  const items = [];
  let grandCents = 0;
  let taxableCents = 0;
  let vatCents = 0;
  let discountCents = 0;
  const productRows = r.chance(0.4) ? r.int(2, 3) : 1;
  for (let k = 0; k < productRows; k++) {
    const [code, description, unitPrice] = r.pick(PRODUCTS);
    const [dimension1, dimensionDescription1] = r.pick(SIZES);
    const [dimension2, dimensionDescription2] = r.pick(COLOURS);
    const qty = r.chance(0.85) ? 1 : 2;
    const grossCents = Math.round(unitPrice * 100) * qty;
    const contractCents = Math.round((grossCents * contractDiscount) / 100);
    const promo = r.chance(0.2) ? { percent: 10, reason: "SALDI", amount: 0 } : null;
    if (promo) promo.amount = Math.round((grossCents - contractCents) * 0.1) / 100;
    const rowDiscountCents = promo ? Math.round(promo.amount * 100) : 0;
    const rowCents = grossCents - contractCents - rowDiscountCents;
    const [taxable, vat] = splitVat(rowCents);
    grandCents += rowCents;
    taxableCents += taxable;
    vatCents += vat;
    discountCents += contractCents + rowDiscountCents;
    const itemCode = `${code}${pad(k, 2)}`;
    items.push({
      rowId: r.uuid(),
      rowType: "ITEM",
      barcode: `${pad(155989000112 + index * 10 + k, 12)}`,
      barcodeType: "BARCODE_ARTICOLO",
      unitPrice,
      qty,
      qtyType: "N",
      itemState: "SERVER_OK",
      seller,
      sellerId,
      vatCode: 20,
      rowTaxableIncome: taxable / 100,
      rowVat: vat / 100,
      rowTotal: rowCents / 100,
      description,
      discount: contractDiscount ? contractDiscount : "",
      discountReasonDescription: contractDiscount ? "Convenzione fidelity" : "",
      discountType: contractDiscount ? "P" : "",
      discountAmount: contractDiscount ? contractCents / 100 : "",
      qtaConfirmed: "Y",
      movementType: "V",
      note: r.chance(0.1) ? "Confezione regalo, per favore – grazie!" : "",
      havingTailoring: r.chance(0.1) ? "Y" : "N",
      priceList: branchCode,
      channel: "DIGITAL",
      itemCode,
      imgUrl: `https://images.example.com/mock/${itemCode}/${dimension2}/${itemCode}_${dimension2}_1.jpg`,
      currencySymbol: "€",
      currency: "EUR",
      rounding: 2,
      shopDescription: description.slice(0, 18),
      dimensionDescription1,
      dimensionDescription2,
      itemType: "PRODUCT",
      taxRate: 22,
      dimension1,
      dimension2,
      dimensionType1: "TAGLIA",
      dimensionType2: "COLORE",
      unpairedItem: `${code}${pad(k + 50, 2)}`,
      dimensionType1Desc: "Taglia",
      dimensionType2Desc: "Colore",
      oldUnitPrice: unitPrice,
      oldTaxRate: 22,
      autoDiscountType: contractDiscount ? "CONTRACT" : "",
      discountTotalAmount: (contractCents + rowDiscountCents) / 100,
      ...rowDiscounts(promo),
      discountRowTotalAmount: rowDiscountCents / 100,
      rowOrder: k + 1,
    });
  }

  // Delivery row (a service), as in the docs.
  const [deliveryDesc, deliveryAmount] = r.pick(DELIVERIES);
  const deliveryCents = Math.round(deliveryAmount * 100);
  const [deliveryTaxable, deliveryVat] = splitVat(deliveryCents);
  grandCents += deliveryCents;
  taxableCents += deliveryTaxable;
  vatCents += deliveryVat;
  const deliveryRowId = r.uuid();
  items.push({
    rowId: deliveryRowId,
    rowType: "DELIVERY",
    itemType: "SERVICE",
    itemSubType: "DELIVERY",
    channel: "DIGITAL",
    barcode: "010101010101",
    barcodeType: "",
    qty: 1,
    qtyType: "N",
    discount: "",
    discountType: "",
    discountReason: "",
    discountReasonDescription: "",
    vatCode: "20",
    itemState: "SERVER_OK",
    seller: "",
    currencySymbol: "",
    currency: "",
    description: `Spese di spedizione ${deliveryDesc}`,
    unitPrice: deliveryAmount,
    taxRate: 22,
    rowTaxableIncome: deliveryTaxable / 100,
    rowVat: deliveryVat / 100,
    rowTotal: deliveryCents / 100,
    itemCode: "SPED",
    discountAmount: "",
    discountTotalAmount: 0,
    discountRowTotalAmount: 0,
    sellerId: "",
    movementType: "V",
    note: "",
    havingTailoring: "N",
    shopDescription: `Spese di spedizione ${deliveryDesc}`,
    ...rowDiscounts(null),
    rowOrder: productRows + 1,
  });

  // Payments add up to the grand total; some are not done yet (cash on delivery).
  const payments = [];
  const split = r.chance(0.2) && grandCents > 2000;
  const shares = split ? [Math.round(grandCents / 2), grandCents - Math.round(grandCents / 2)] : [grandCents];
  for (const cents of shares) {
    const [paymentCode, paymentDescription, paymentImg, paymentDone] = r.pick(DIGITAL_PAYMENTS);
    payments.push({
      paymentType: "E",
      paymentAmount: cents / 100,
      paymentCash: cents / 100,
      paymentCode,
      channel: "DIGITAL",
      paymentDescription,
      paymentImg,
      paymentProgr: r.uuid(),
      paymentDone,
    });
  }

  const address1 = subject.address1;
  const city = subject.city;
  const country = subject.country;
  const zipCode = subject.zipCode;
  const province = subject.state ?? "";
  const pointsPlan = r.chance(0.5);
  return {
    seller,
    zReportNumber: "",
    clientName: name,
    docNumber,
    endDate: dateTime(startMs + r.int(60, 600) * 1000),
    goodsVoucher: [],
    payments,
    masterRegister: r.chance(0.1) ? "Y" : "N",
    clientDenomination: denomination,
    clientSurname: surname,
    pointsCode: pointsPlan ? "PUNTI_FEDELTA" : "POINTS_PLAN_NOT_FOUND",
    deviceId: r.uuid().replace(/-/g, "").slice(0, 16),
    printerCode: `BOGGI_500_${entityCode}_${branchCode}_${r.int(1, 9)}`,
    invoiceClient: {
      birthday: subject.birthday,
      zipCode,
      subjectTypeDescription: "Fidelity",
      city,
      earnedPoints: points,
      cardSubtype: contractDiscount ? 4 : 1,
      cardSubtypeDescription: contractDiscount ? "CONVENZIONATO" : "STANDARD",
      province,
      fiscalCode: subject.fiscalCode ?? "",
      cardBarcode: card,
      email,
      subjectName: name,
      entityCode: Number(entityCode),
      address1,
      sex: subject.sex ?? "",
      branchCode: Number(branchCode),
      companyId: "BOGGI",
      siteId: 500,
      subjectSubtype: contractDiscount ? "4" : "1",
      subjectSurname: surname,
      subjectDenomination: denomination,
      subjectCode: clientId,
      discountsManualCumulative: "N",
      contractDiscount,
      country,
      isCompany: subject.subjectCompanyName ? "Y" : "N",
      pec: r.chance(0.3) ? `${email.split("@")[0]}@pec.example.it` : "",
      paIndex: "",
      companyVatCode: subject.companyVatCode ?? "",
      invoiceChannel: "DIGITAL",
    },
    sellerId,
    clientContractDiscount: contractDiscount,
    movementType: "V",
    pointsPrevious: points,
    barcodeInfo: `${branchCode}22${dateTime(startMs).slice(2, 10).replace(/-/g, "")}${pad(docNumber, 5)}`,
    currency: "EUR",
    discountsManualCumulative: "N",
    deliveryDate: dateTime(startMs + 7 * DAY + 2 * HOUR),
    registerCode: "22",
    clientBarcode: card,
    delivery: [
      {
        addressId: `BOGGI_${card}_1`,
        address: `${address1} ${zipCode} ${city} ${country}`,
        addressName: `${name} ${surname}`,
        deliveryId: `BOGGI_500_EUR_${DELIVERIES.findIndex(([d]) => d === deliveryDesc) + 1}`,
        deliveryDesc,
        deliveryAmount,
        itemCode: "SPED",
        itemBarcode: "010101010101",
        rowId: items[0].rowId,
        rowServiceId: deliveryRowId,
        channel: "DIGITAL",
        address1,
        address2: subject.address2 ?? "",
        city,
        country,
        email: "",
        fax: "",
        municipality: subject.municipality ?? "",
        note: r.chance(0.2) ? "Citofono “Müller”, 2° piano" : "",
        province,
        region: "",
        state: "",
        zipCode,
        subjectCompanyName: `${name} ${surname}`,
        phone: subject.phone ?? "",
      },
    ],
    entityCode,
    clientId,
    receiptType: r.chance(0.6) ? "INVOICE" : "RECEIPT",
    ticket: docNumber,
    clientEmail: email,
    pointsMessage: pointsPlan ? `Punti accumulati: ${Math.floor(grandCents / 1000)}` : "Loyalty plan not found",
    currencySymbol: "€",
    rounding: 2,
    totals: {
      totalDiscountAmount: discountCents / 100,
      total: taxableCents / 100,
      vat: vatCents / 100,
      grandTotal: grandCents / 100,
      totalDiscount: 0,
      totalDiscountType: "",
      totalDiscountReason: "",
      allowance: 0,
      alreadyPayed: 0,
      taxableIncome: taxableCents / 100,
      inStoreGrandTotal: 0,
      digitalGrandTotal: grandCents / 100,
    },
    transactionId: r.uuid(),
    branchCode,
    printerError: r.chance(0.3) ? "Forced sale closing" : "",
    onlineValidation: "N",
    filling: "LAST",
    appliedPromotions: [],
    ticketRT: "",
    candidatePromos: [],
    items,
    transactionState: 1,
    startDate: dateTime(startMs),
    branchDescription,
  };
}

