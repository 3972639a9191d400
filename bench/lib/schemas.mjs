// The record schemas of src/core/records/*.rs, transcribed for the JavaScript baselines
// (the hand-written normaliser and the zod 4 schemas), so that both do the SAME work as
// fourws: which fields are dates, flags, numbers, codes, nested records, and which the docs
// make mandatory. Keep in step with the Rust tables (the decode benchmark checks that the
// three paths give identical records on every body, so drift shows up as a failure).

/** @typedef {"text"|"code"|"number"|"stamp"|"flag"|"any"|"object"|"list"} Kind */
/** @typedef {"optional"|"mandatory"|"required"} Presence */
/** @typedef {{ name: string, kind: Kind, presence: Presence, schema?: Schema }} Field */
/** @typedef {{ name: string, fields: Field[] }} Schema */

const f = (kind) => (name, schema) => ({ name, kind, presence: "optional", ...(schema ? { schema } : {}) });
const text = f("text");
const code = f("code");
const number = f("number");
const stamp = f("stamp");
const flag = f("flag");
const any = f("any");
const object = (name, schema) => f("object")(name, schema);
const list = (name, schema) => f("list")(name, schema);
const mandatory = (field) => ({ ...field, presence: "mandatory" });
const required = (field) => ({ ...field, presence: "required" });

// ---- customers (customer.rs) ----
const SUBJECT = {
  name: "CustomerSubject",
  fields: [
    code("subjectCode"), text("subjectName"), text("subjectSurname"), text("subjectCompanyName"),
    text("address1"), text("address2"), code("zipCode"), text("municipality"), text("city"),
    text("state"), text("country"), text("language"), text("currency"), text("sex"),
    stamp("birthday"), code("fiscalCode"), code("companyVatCode"), code("idCard"), code("passport"),
    stamp("createDate"), stamp("lastUpdate"), code("cardBarcode"), number("earnedPoints"),
    code("entityCode"), text("entityDescription"), text("email"), code("phone"),
  ],
};
const PRIVACY = {
  name: "CustomerPrivacy",
  fields: [code("privacyType"), text("privacyTypeDescription"), flag("privacyConsent"), stamp("consentDate"), stamp("recessDate")],
};
export const CUSTOMER = {
  name: "Customer",
  fields: [required(object("subject", SUBJECT)), list("privacy", PRIVACY)],
};

// ---- prices (price.rs) ----
const PRICE = {
  name: "Price",
  fields: [required(code("itemCode")), mandatory(stamp("startDate")), mandatory(number("price"))],
};
const PRICE_ENTITY = {
  name: "PriceListEntity",
  fields: [mandatory(code("entityCode")), mandatory(text("entityDescription"))],
};
export const PRICE_LIST = {
  name: "PriceList",
  fields: [
    required(text("priceListType")), required(code("priceList")), mandatory(text("priceListDescription")),
    mandatory(stamp("priceListStartDate")), mandatory(stamp("priceListEndDate")),
    required(list("prices", PRICE)), list("entityCodes", PRICE_ENTITY), list("entities", PRICE_ENTITY),
  ],
};

// ---- sales (sale.rs) ----
const SALE_HEADER = {
  name: "SaleHeader",
  fields: [
    code("entityCode"), text("entityDescription"), text("entityCodeDescription"), stamp("documentDate"),
    code("refDocument"), code("causal"), text("causalDescription"), text("currency"), text("currencyDescription"),
    number("totalAmount"), number("taxFreeNumber"), code("cardBarcode"), number("totalQuantity"),
  ],
};
const SALE_DETAIL = {
  name: "SaleDetail",
  fields: [
    number("rowNumber"), code("itemCode"), text("itemDescription"), text("itemCodeDescription"), code("barcode"),
    number("quantity"), number("listPrice"), number("salePrice"), number("discountValue"), number("taxRate"),
  ],
};
const SALE_PAYMENT = {
  name: "SalePayment",
  fields: [code("paymentType"), text("paymentDescription"), number("paymentValue")],
};
export const SALE = {
  name: "Sale",
  fields: [required(object("saleHeader", SALE_HEADER)), list("saleDetails", SALE_DETAIL), list("salePayments", SALE_PAYMENT)],
};

// ---- loyalty vouchers (voucher.rs) ----
export const LOYALTY_VOUCHER = {
  name: "LoyaltyVoucher",
  fields: [
    code("id"), code("barcode"), number("totalAmount"), text("documentType"), text("cause"), text("documentStatus"),
    number("branchCode"), text("branchDescription"), code("cardBarcode"), code("identifier"), code("clientCode"),
    code("clientIdKeepit"), text("subjectDenomination"), stamp("confirmationDateOrder"), stamp("endValidity"),
    text("currency"), text("currencySymbol"), code("sellerCode"), text("sellerDescription"),
  ],
};
export const LOYALTY_SUMMARY = {
  name: "LoyaltySummary",
  fields: [number("validTicket"), number("remainingPurchases"), number("validSalesTotalAmount"), number("validSalesTotalCashback"), code("identifier")],
};

// ---- digital orders (digital_order.rs) ----
const ORDER_PAYMENT = {
  name: "DigitalOrderPayment",
  fields: [
    text("paymentType"), number("paymentAmount"), number("paymentCash"), code("paymentCode"), text("channel"),
    text("paymentDescription"), text("paymentImg"), code("paymentProgr"), flag("paymentDone"),
  ],
};
const INVOICE_CLIENT = {
  name: "DigitalOrderClient",
  fields: [
    stamp("birthday"), code("zipCode"), text("subjectTypeDescription"), text("city"), number("earnedPoints"),
    code("cardSubtype"), text("cardSubtypeDescription"), text("province"), code("fiscalCode"), code("cardBarcode"),
    text("email"), text("subjectName"), code("entityCode"), text("address1"), text("sex"), code("branchCode"),
    code("companyId"), code("siteId"), code("subjectSubtype"), text("subjectSurname"), text("subjectDenomination"),
    code("subjectCode"), flag("discountsManualCumulative"), number("contractDiscount"), text("country"),
    flag("isCompany"), text("pec"), code("paIndex"), code("companyVatCode"), text("invoiceChannel"),
  ],
};
const DELIVERY = {
  name: "DigitalOrderDelivery",
  fields: [
    code("addressId"), text("address"), text("addressName"), code("deliveryId"), text("deliveryDesc"),
    number("deliveryAmount"), code("itemCode"), code("itemBarcode"), code("rowId"), code("rowServiceId"),
    text("channel"), text("address1"), text("address2"), text("city"), text("country"), text("email"), code("fax"),
    text("municipality"), text("note"), text("province"), text("region"), text("state"), code("zipCode"),
    text("subjectCompanyName"), code("phone"),
  ],
};
const ORDER_TOTALS = {
  name: "DigitalOrderTotals",
  fields: [
    number("totalDiscountAmount"), number("total"), number("vat"), number("grandTotal"), number("totalDiscount"),
    text("totalDiscountType"), text("totalDiscountReason"), number("allowance"), number("alreadyPayed"),
    number("taxableIncome"), number("inStoreGrandTotal"), number("digitalGrandTotal"),
  ],
};
const discounts = [];
for (let n = 1; n <= 5; n++) {
  discounts.push(text(`discountType${n}`), number(`discount${n}`), number(`discountAmount${n}`), text(`discountReason${n}`));
}
const ORDER_ITEM = {
  name: "DigitalOrderItem",
  fields: [
    code("rowId"), text("rowType"), code("barcode"), text("barcodeType"), number("unitPrice"), number("qty"),
    text("qtyType"), text("itemState"), text("seller"), code("sellerId"), code("vatCode"), number("rowTaxableIncome"),
    number("rowVat"), number("rowTotal"), text("description"), number("discount"), text("discountReason"),
    text("discountReasonDescription"), text("discountType"), number("discountAmount"), flag("qtaConfirmed"),
    text("movementType"), text("note"), flag("havingTailoring"), code("priceList"), text("channel"), code("itemCode"),
    text("imgUrl"), text("currencySymbol"), text("currency"), number("rounding"), text("shopDescription"),
    text("dimensionDescription1"), text("dimensionDescription2"), text("itemType"), text("itemSubType"),
    number("taxRate"), code("dimension1"), code("dimension2"), text("dimensionType1"), text("dimensionType2"),
    code("unpairedItem"), text("dimensionType1Desc"), text("dimensionType2Desc"), number("oldUnitPrice"),
    number("oldTaxRate"), text("autoDiscountType"), number("discountTotalAmount"), ...discounts,
    number("discountRowTotalAmount"), number("rowOrder"),
  ],
};
export const DIGITAL_ORDER = {
  name: "DigitalOrder",
  fields: [
    text("seller"), code("zReportNumber"), text("clientName"), number("docNumber"), stamp("endDate"), any("goodsVoucher"),
    list("payments", ORDER_PAYMENT), flag("masterRegister"), text("clientDenomination"), text("clientSurname"),
    code("pointsCode"), code("deviceId"), code("printerCode"), object("invoiceClient", INVOICE_CLIENT), code("sellerId"),
    number("clientContractDiscount"), text("movementType"), number("pointsPrevious"), code("barcodeInfo"),
    text("currency"), flag("discountsManualCumulative"), stamp("deliveryDate"), code("registerCode"),
    code("clientBarcode"), list("delivery", DELIVERY), code("entityCode"), code("clientId"), text("receiptType"),
    number("ticket"), text("clientEmail"), text("pointsMessage"), text("currencySymbol"), number("rounding"),
    object("totals", ORDER_TOTALS), code("transactionId"), code("branchCode"), text("printerError"),
    flag("onlineValidation"), text("filling"), any("appliedPromotions"), code("ticketRT"), any("candidatePromos"),
    list("items", ORDER_ITEM), number("transactionState"), stamp("startDate"), text("branchDescription"),
  ],
};

/** Envelope fields that are not part of a page's summary. */
export const ENVELOPE_KEYS = new Set(["success", "moreRows", "resultSetLength", "valueObjectList"]);

/**
 * The five endpoints: record schema, summary schema, and whether `resultSetLength` is the
 * extraction total (KeepIT) or the page length (Documents API).
 */
export const ENDPOINTS = {
  customers: { record: CUSTOMER, summary: null, keepit: true },
  prices: { record: PRICE_LIST, summary: null, keepit: true },
  sales: { record: SALE, summary: null, keepit: true },
  vouchers: { record: LOYALTY_VOUCHER, summary: LOYALTY_SUMMARY, keepit: false },
  orders: { record: DIGITAL_ORDER, summary: null, keepit: false },
};
