// Generated from src/core/records by `cargo test` (see tests in src/core/records/mod.rs).
// Do not edit by hand: change the schema and run `UPDATE_GOLDEN=1 cargo test`.

/**
 * A record with the fields the docs do not list (which fourws keeps, as the server sent
 * them) reachable, typed `unknown`: `(customer as Unlisted<Customer>).someNewField`.
 * The record types themselves have no index signature, so a misspelt field
 * (`customer.subject.brithday`) is a compile error.
 */
export type Unlisted<T> = T & { readonly [field: string]: unknown };

/**
 * A customer of the customers export (`getCustomersExport_v3`).
 * Fields the docs do not list are kept: `Unlisted<Customer>` reaches them.
 */
export interface Customer {
  /** The customer's master data. */
  subject: CustomerSubject;
  /** The customer's privacy consents. */
  privacy?: CustomerPrivacy[] | null;
}

/**
 * Subject section of a customer.
 * Fields the docs do not list are kept: `Unlisted<CustomerSubject>` reaches them.
 */
export interface CustomerSubject {
  /** Code of the customer. */
  subjectCode?: string | null;
  /** Name of the customer. */
  subjectName?: string | null;
  /** Surname of the customer. */
  subjectSurname?: string | null;
  /** Company name related to the customer. */
  subjectCompanyName?: string | null;
  /** Address of the customer. */
  address1?: string | null;
  /** Address of the customer. */
  address2?: string | null;
  /** Zip code of the address. */
  zipCode?: string | null;
  /** Municipality. */
  municipality?: string | null;
  /** City of the customer. */
  city?: string | null;
  /** State of the address (used for USA states). */
  state?: string | null;
  /** Code of country of the address. */
  country?: string | null;
  /** Language of the customer. */
  language?: string | null;
  /** Currency of the customer. */
  currency?: string | null;
  /** Sex of the customer (a one-letter code, kept as sent). */
  sex?: string | null;
  /** Date of birth (ISO 8601). */
  birthday?: string | null;
  /** Fiscal code. */
  fiscalCode?: string | null;
  /** Vat code of the company. */
  companyVatCode?: string | null;
  /** Number of the identity card. */
  idCard?: string | null;
  /** Number of the passport. */
  passport?: string | null;
  /** Create date of the subject (ISO 8601, GMT). */
  createDate?: string | null;
  /** Update date of the subject (ISO 8601, GMT). */
  lastUpdate?: string | null;
  /** Code of the card. */
  cardBarcode?: string | null;
  /** Points earned related to the card. */
  earnedPoints?: number | null;
  /** Code of store that issued the fidelity. */
  entityCode?: string | null;
  /** Description of that store. */
  entityDescription?: string | null;
  /** Email address of the customer. */
  email?: string | null;
  /** Phone number of the customer. */
  phone?: string | null;
}

/**
 * A privacy consent of a customer.
 * Fields the docs do not list are kept: `Unlisted<CustomerPrivacy>` reaches them.
 */
export interface CustomerPrivacy {
  /** Code of privacy type. */
  privacyType?: string | null;
  /** Description of privacy type. */
  privacyTypeDescription?: string | null;
  /** Privacy concession for data treatment (T/F on the wire). */
  privacyConsent?: boolean | null;
  /** Date of consent for data treatment (ISO 8601, GMT). */
  consentDate?: string | null;
  /** Date of recess for data treatment (ISO 8601, GMT). */
  recessDate?: string | null;
}

/**
 * A price list of the prices export (`getPricesExport_v3`); a list longer than a page arrives once per page holding part of its rows, with its header repeated.
 * Fields the docs do not list are kept: `Unlisted<PriceList>` reaches them.
 */
export interface PriceList {
  /** Type of the price list. */
  priceListType: string;
  /** Code of the price list (there is a price list for each shop). */
  priceList: string;
  /** Description of the price list. */
  priceListDescription: string | null;
  /** Date of validity start of the price list. */
  priceListStartDate: string | null;
  /** Date of validity end of the price list. */
  priceListEndDate: string | null;
  /** The price rows (on this page). */
  prices: Price[];
  /** The shops for which the price list is active. */
  entityCodes?: PriceListEntity[] | null;
  /** The shops, under the name the field table uses (the example sends `entityCodes`). */
  entities?: PriceListEntity[] | null;
}

/**
 * A price row of a price list.
 * Fields the docs do not list are kept: `Unlisted<Price>` reaches them.
 */
export interface Price {
  /** Code of product. */
  itemCode: string;
  /** Date of start validity of the price. */
  startDate: string | null;
  /** Price. */
  price: number | null;
}

/**
 * A shop for which a price list is active.
 * Fields the docs do not list are kept: `Unlisted<PriceListEntity>` reaches them.
 */
export interface PriceListEntity {
  /** Code of the shop. */
  entityCode: string | null;
  /** Description of the shop. */
  entityDescription: string | null;
}

/**
 * A sale of the sales export (`getSalesExport_v3`).
 * Fields the docs do not list are kept: `Unlisted<Sale>` reaches them.
 */
export interface Sale {
  /** Sale header section. */
  saleHeader: SaleHeader;
  /** Sale details section. */
  saleDetails?: SaleDetail[] | null;
  /** Sale payment section. */
  salePayments?: SalePayment[] | null;
}

/**
 * Header of a sale.
 * Fields the docs do not list are kept: `Unlisted<SaleHeader>` reaches them.
 */
export interface SaleHeader {
  /** Code of the shop. */
  entityCode?: string | null;
  /** Description of the shop (the name the example sends). */
  entityDescription?: string | null;
  /** Description of the shop (the name the field table uses). */
  entityCodeDescription?: string | null;
  /** Sale date (`yyyy-MM-dd`, or ISO 8601 when it has a time). */
  documentDate?: string | null;
  /** Reference code for the sale. */
  refDocument?: string | null;
  /** Sale causal. */
  causal?: string | null;
  /** Description for the causal. */
  causalDescription?: string | null;
  /** Currency used in the sale values. */
  currency?: string | null;
  /** Description for the currency. */
  currencyDescription?: string | null;
  /** Total amount. */
  totalAmount?: number | null;
  /** TaxFree number. */
  taxFreeNumber?: number | null;
  /** Card barcode. */
  cardBarcode?: string | null;
  /** Total quantity. */
  totalQuantity?: number | null;
}

/**
 * A detail row of a sale.
 * Fields the docs do not list are kept: `Unlisted<SaleDetail>` reaches them.
 */
export interface SaleDetail {
  /** The number of the row. */
  rowNumber?: number | null;
  /** Code of the product. */
  itemCode?: string | null;
  /** Description of the product (the name the example sends). */
  itemDescription?: string | null;
  /** Description of the product (the name the field table uses). */
  itemCodeDescription?: string | null;
  /** Barcode for the SKU. */
  barcode?: string | null;
  /** Article quantity. */
  quantity?: number | null;
  /** The sale price in the main list. */
  listPrice?: number | null;
  /** The sale price of the article. */
  salePrice?: number | null;
  /** The discount value. */
  discountValue?: number | null;
  /** Tax rate of the row. */
  taxRate?: number | null;
}

/**
 * A payment of a sale.
 * Fields the docs do not list are kept: `Unlisted<SalePayment>` reaches them.
 */
export interface SalePayment {
  /** Code of payment. */
  paymentType?: string | null;
  /** Description of payment. */
  paymentDescription?: string | null;
  /** Amount paid. */
  paymentValue?: number | null;
}

/**
 * A loyalty voucher of a customer card (`getLoyaltyVouchers_v1`).
 * Fields the docs do not list are kept: `Unlisted<LoyaltyVoucher>` reaches them.
 */
export interface LoyaltyVoucher {
  /** Voucher id. */
  id?: string | null;
  /** Voucher barcode. */
  barcode?: string | null;
  /** Voucher amount. */
  totalAmount?: number | null;
  /** Document type. */
  documentType?: string | null;
  /** Document cause. */
  cause?: string | null;
  /** Status: the docs list OPEN (not used) and CLOSE (spent); the example sends ACTIVE. Kept as sent. */
  documentStatus?: string | null;
  /** Branch code. */
  branchCode?: number | null;
  /** Branch description. */
  branchDescription?: string | null;
  /** Customer fidelity card. */
  cardBarcode?: string | null;
  /** The card identifier in the field named by `pkFieldName`. */
  identifier?: string | null;
  /** Customer code. */
  clientCode?: string | null;
  /** KeepIT subject id. */
  clientIdKeepit?: string | null;
  /** Subject denomination. */
  subjectDenomination?: string | null;
  /** Validity start (ISO 8601, GMT). */
  confirmationDateOrder?: string | null;
  /** End of validity (ISO 8601, GMT). */
  endValidity?: string | null;
  /** Currency (e.g. EUR). */
  currency?: string | null;
  /** Currency symbol. */
  currencySymbol?: string | null;
  /** Seller code. */
  sellerCode?: string | null;
  /** Seller description. */
  sellerDescription?: string | null;
}

/**
 * The loyalty summary of a card, sent beside its vouchers (a page's `summary`).
 * Fields the docs do not list are kept: `Unlisted<LoyaltySummary>` reaches them.
 */
export interface LoyaltySummary {
  /** Current number of valid receipts for the issuance of the voucher. */
  validTicket?: number | null;
  /** Number of valid purchases needed for the next voucher. */
  remainingPurchases?: number | null;
  /** Current total valid amount of sales for the issuance of the voucher. */
  validSalesTotalAmount?: number | null;
  /** Total accumulated cashback for the issuance of the voucher. */
  validSalesTotalCashback?: number | null;
  /** The card identifier. */
  identifier?: string | null;
}

/**
 * A digital order (`getLastDigitalOrders_v1`), as the docs' example sends it.
 * Fields the docs do not list are kept: `Unlisted<DigitalOrder>` reaches them.
 */
export interface DigitalOrder {
  /** Seller name. */
  seller?: string | null;
  /** Z report number. */
  zReportNumber?: string | null;
  /** Client first name. */
  clientName?: string | null;
  /** Document number. */
  docNumber?: number | null;
  /** End of the transaction (ISO 8601, GMT). */
  endDate?: string | null;
  /** Goods vouchers (kept as sent). */
  goodsVoucher?: unknown;
  /** Payments. */
  payments?: DigitalOrderPayment[] | null;
  /** Master register (Y/N on the wire). */
  masterRegister?: boolean | null;
  /** Client denomination. */
  clientDenomination?: string | null;
  /** Client surname. */
  clientSurname?: string | null;
  /** Points plan code. */
  pointsCode?: string | null;
  /** Device id. */
  deviceId?: string | null;
  /** Printer code. */
  printerCode?: string | null;
  /** The invoiced client. */
  invoiceClient?: DigitalOrderClient | null;
  /** Seller id. */
  sellerId?: string | null;
  /** Client contract discount. */
  clientContractDiscount?: number | null;
  /** Movement type (a one-letter code, kept as sent). */
  movementType?: string | null;
  /** Points before this order. */
  pointsPrevious?: number | null;
  /** Barcode of the document. */
  barcodeInfo?: string | null;
  /** Currency. */
  currency?: string | null;
  /** Manual discounts cumulative (Y/N on the wire). */
  discountsManualCumulative?: boolean | null;
  /** Delivery date (ISO 8601, GMT). */
  deliveryDate?: string | null;
  /** Register code. */
  registerCode?: string | null;
  /** Client card barcode. */
  clientBarcode?: string | null;
  /** Delivery addresses and services. */
  delivery?: DigitalOrderDelivery[] | null;
  /** Shop code. */
  entityCode?: string | null;
  /** Client id. */
  clientId?: string | null;
  /** Receipt type. */
  receiptType?: string | null;
  /** Ticket number. */
  ticket?: number | null;
  /** Client email. */
  clientEmail?: string | null;
  /** Points message. */
  pointsMessage?: string | null;
  /** Currency symbol. */
  currencySymbol?: string | null;
  /** Rounding decimals. */
  rounding?: number | null;
  /** Totals. */
  totals?: DigitalOrderTotals | null;
  /** Transaction id. */
  transactionId?: string | null;
  /** Branch code. */
  branchCode?: string | null;
  /** Printer error. */
  printerError?: string | null;
  /** Online validation (Y/N on the wire). */
  onlineValidation?: boolean | null;
  /** Filling. */
  filling?: string | null;
  /** Applied promotions (kept as sent). */
  appliedPromotions?: unknown;
  /** RT ticket. */
  ticketRT?: string | null;
  /** Candidate promotions (kept as sent). */
  candidatePromos?: unknown;
  /** Rows: items, delivery services, ... */
  items?: DigitalOrderItem[] | null;
  /** Transaction state. */
  transactionState?: number | null;
  /** Creation of the order (ISO 8601, GMT). */
  startDate?: string | null;
  /** Branch description. */
  branchDescription?: string | null;
}

/**
 * A payment of a digital order.
 * Fields the docs do not list are kept: `Unlisted<DigitalOrderPayment>` reaches them.
 */
export interface DigitalOrderPayment {
  /** Payment type (a one-letter code, kept as sent). */
  paymentType?: string | null;
  /** Amount. */
  paymentAmount?: number | null;
  /** Cash amount. */
  paymentCash?: number | null;
  /** Payment code. */
  paymentCode?: string | null;
  /** Channel. */
  channel?: string | null;
  /** Description. */
  paymentDescription?: string | null;
  /** Image name. */
  paymentImg?: string | null;
  /** Payment progressive id. */
  paymentProgr?: string | null;
  /** Whether the payment is done (Y/N on the wire). */
  paymentDone?: boolean | null;
}

/**
 * The invoiced client of a digital order.
 * Fields the docs do not list are kept: `Unlisted<DigitalOrderClient>` reaches them.
 */
export interface DigitalOrderClient {
  /** Birthday. */
  birthday?: string | null;
  /** Zip code. */
  zipCode?: string | null;
  /** Subject type. */
  subjectTypeDescription?: string | null;
  /** City. */
  city?: string | null;
  /** Earned points. */
  earnedPoints?: number | null;
  /** Card subtype. */
  cardSubtype?: string | null;
  /** Card subtype description. */
  cardSubtypeDescription?: string | null;
  /** Province. */
  province?: string | null;
  /** Fiscal code. */
  fiscalCode?: string | null;
  /** Card barcode. */
  cardBarcode?: string | null;
  /** Email. */
  email?: string | null;
  /** Name. */
  subjectName?: string | null;
  /** Shop code. */
  entityCode?: string | null;
  /** Address. */
  address1?: string | null;
  /** Sex (a one-letter code, kept as sent). */
  sex?: string | null;
  /** Branch code. */
  branchCode?: string | null;
  /** Company id. */
  companyId?: string | null;
  /** Site id. */
  siteId?: string | null;
  /** Subject subtype. */
  subjectSubtype?: string | null;
  /** Surname. */
  subjectSurname?: string | null;
  /** Denomination. */
  subjectDenomination?: string | null;
  /** Subject code. */
  subjectCode?: string | null;
  /** Manual discounts cumulative (Y/N on the wire). */
  discountsManualCumulative?: boolean | null;
  /** Contract discount. */
  contractDiscount?: number | null;
  /** Country. */
  country?: string | null;
  /** Whether the client is a company (Y/N on the wire). */
  isCompany?: boolean | null;
  /** Certified email. */
  pec?: string | null;
  /** Public administration index. */
  paIndex?: string | null;
  /** Company VAT code. */
  companyVatCode?: string | null;
  /** Invoice channel. */
  invoiceChannel?: string | null;
}

/**
 * A delivery (address and service) of a digital order.
 * Fields the docs do not list are kept: `Unlisted<DigitalOrderDelivery>` reaches them.
 */
export interface DigitalOrderDelivery {
  /** Address id. */
  addressId?: string | null;
  /** Full address. */
  address?: string | null;
  /** Addressee. */
  addressName?: string | null;
  /** Delivery id. */
  deliveryId?: string | null;
  /** Delivery description. */
  deliveryDesc?: string | null;
  /** Delivery amount. */
  deliveryAmount?: number | null;
  /** Service item code. */
  itemCode?: string | null;
  /** Service item barcode. */
  itemBarcode?: string | null;
  /** Row id. */
  rowId?: string | null;
  /** Service row id. */
  rowServiceId?: string | null;
  /** Channel. */
  channel?: string | null;
  /** Address line 1. */
  address1?: string | null;
  /** Address line 2. */
  address2?: string | null;
  /** City. */
  city?: string | null;
  /** Country. */
  country?: string | null;
  /** Email. */
  email?: string | null;
  /** Fax. */
  fax?: string | null;
  /** Municipality. */
  municipality?: string | null;
  /** Note. */
  note?: string | null;
  /** Province. */
  province?: string | null;
  /** Region. */
  region?: string | null;
  /** State. */
  state?: string | null;
  /** Zip code. */
  zipCode?: string | null;
  /** Company name. */
  subjectCompanyName?: string | null;
  /** Phone. */
  phone?: string | null;
}

/**
 * The totals of a digital order.
 * Fields the docs do not list are kept: `Unlisted<DigitalOrderTotals>` reaches them.
 */
export interface DigitalOrderTotals {
  /** Total discount amount. */
  totalDiscountAmount?: number | null;
  /** Total. */
  total?: number | null;
  /** VAT. */
  vat?: number | null;
  /** Grand total. */
  grandTotal?: number | null;
  /** Total discount. */
  totalDiscount?: number | null;
  /** Total discount type. */
  totalDiscountType?: string | null;
  /** Total discount reason. */
  totalDiscountReason?: string | null;
  /** Allowance. */
  allowance?: number | null;
  /** Already paid. */
  alreadyPayed?: number | null;
  /** Taxable income. */
  taxableIncome?: number | null;
  /** In-store grand total. */
  inStoreGrandTotal?: number | null;
  /** Digital grand total. */
  digitalGrandTotal?: number | null;
}

/**
 * A row of a digital order (an item, a delivery service, ...).
 * Fields the docs do not list are kept: `Unlisted<DigitalOrderItem>` reaches them.
 */
export interface DigitalOrderItem {
  /** Row id. */
  rowId?: string | null;
  /** Row type (ITEM, DELIVERY, ...). */
  rowType?: string | null;
  /** Barcode. */
  barcode?: string | null;
  /** Barcode type. */
  barcodeType?: string | null;
  /** Unit price. */
  unitPrice?: number | null;
  /** Quantity. */
  qty?: number | null;
  /** Quantity type (a one-letter code, kept as sent). */
  qtyType?: string | null;
  /** Item state. */
  itemState?: string | null;
  /** Seller name. */
  seller?: string | null;
  /** Seller id. */
  sellerId?: string | null;
  /** VAT code. */
  vatCode?: string | null;
  /** Row taxable income. */
  rowTaxableIncome?: number | null;
  /** Row VAT. */
  rowVat?: number | null;
  /** Row total. */
  rowTotal?: number | null;
  /** Description. */
  description?: string | null;
  /** Discount. */
  discount?: number | null;
  /** Discount reason. */
  discountReason?: string | null;
  /** Discount reason description. */
  discountReasonDescription?: string | null;
  /** Discount type (a one-letter code, kept as sent). */
  discountType?: string | null;
  /** Discount amount. */
  discountAmount?: number | null;
  /** Quantity confirmed (Y/N on the wire). */
  qtaConfirmed?: boolean | null;
  /** Movement type (a one-letter code, kept as sent). */
  movementType?: string | null;
  /** Note. */
  note?: string | null;
  /** Whether the row has tailoring (Y/N on the wire). */
  havingTailoring?: boolean | null;
  /** Price list code. */
  priceList?: string | null;
  /** Channel. */
  channel?: string | null;
  /** Item code. */
  itemCode?: string | null;
  /** Image URL. */
  imgUrl?: string | null;
  /** Currency symbol. */
  currencySymbol?: string | null;
  /** Currency. */
  currency?: string | null;
  /** Rounding decimals. */
  rounding?: number | null;
  /** Shop description of the item. */
  shopDescription?: string | null;
  /** Description of dimension 1. */
  dimensionDescription1?: string | null;
  /** Description of dimension 2. */
  dimensionDescription2?: string | null;
  /** Item type. */
  itemType?: string | null;
  /** Item subtype. */
  itemSubType?: string | null;
  /** Tax rate. */
  taxRate?: number | null;
  /** Dimension 1. */
  dimension1?: string | null;
  /** Dimension 2. */
  dimension2?: string | null;
  /** Type of dimension 1. */
  dimensionType1?: string | null;
  /** Type of dimension 2. */
  dimensionType2?: string | null;
  /** Unpaired item code. */
  unpairedItem?: string | null;
  /** Description of the type of dimension 1. */
  dimensionType1Desc?: string | null;
  /** Description of the type of dimension 2. */
  dimensionType2Desc?: string | null;
  /** Previous unit price. */
  oldUnitPrice?: number | null;
  /** Previous tax rate. */
  oldTaxRate?: number | null;
  /** Automatic discount type. */
  autoDiscountType?: string | null;
  /** Total discount amount. */
  discountTotalAmount?: number | null;
  /** Discount 1 type. */
  discountType1?: string | null;
  /** Discount 1. */
  discount1?: number | null;
  /** Discount 1 amount. */
  discountAmount1?: number | null;
  /** Discount 1 reason. */
  discountReason1?: string | null;
  /** Discount 2 type. */
  discountType2?: string | null;
  /** Discount 2. */
  discount2?: number | null;
  /** Discount 2 amount. */
  discountAmount2?: number | null;
  /** Discount 2 reason. */
  discountReason2?: string | null;
  /** Discount 3 type. */
  discountType3?: string | null;
  /** Discount 3. */
  discount3?: number | null;
  /** Discount 3 amount. */
  discountAmount3?: number | null;
  /** Discount 3 reason. */
  discountReason3?: string | null;
  /** Discount 4 type. */
  discountType4?: string | null;
  /** Discount 4. */
  discount4?: number | null;
  /** Discount 4 amount. */
  discountAmount4?: number | null;
  /** Discount 4 reason. */
  discountReason4?: string | null;
  /** Discount 5 type. */
  discountType5?: string | null;
  /** Discount 5. */
  discount5?: number | null;
  /** Discount 5 amount. */
  discountAmount5?: number | null;
  /** Discount 5 reason. */
  discountReason5?: string | null;
  /** Row total discount amount. */
  discountRowTotalAmount?: number | null;
  /** Row order. */
  rowOrder?: number | null;
}

