//! Loyalty vouchers (`getLoyaltyVouchers_v1`): a card's vouchers and the loyalty summary
//! sent beside them on every page.

use crate::core::schema::*;

/// A loyalty voucher.
pub static LOYALTY_VOUCHER: Schema = Schema {
    name: "LoyaltyVoucher",
    doc: doc("A loyalty voucher of a customer card (`getLoyaltyVouchers_v1`)."),
    fields: &[
        code("id", "Voucher id."),
        code("barcode", "Voucher barcode."),
        number("totalAmount", "Voucher amount."),
        text("documentType", "Document type."),
        text("cause", "Document cause."),
        text(
            "documentStatus",
            "Status: the docs list OPEN (not used) and CLOSE (spent); the example sends ACTIVE. \
             Kept as sent.",
        ),
        number("branchCode", "Branch code."),
        text("branchDescription", "Branch description."),
        code("cardBarcode", "Customer fidelity card."),
        code(
            "identifier",
            "The card identifier in the field named by `pkFieldName`.",
        ),
        code("clientCode", "Customer code."),
        code("clientIdKeepit", "KeepIT subject id."),
        text("subjectDenomination", "Subject denomination."),
        stamp("confirmationDateOrder", "Validity start (ISO 8601, GMT)."),
        stamp("endValidity", "End of validity (ISO 8601, GMT)."),
        text("currency", "Currency (e.g. EUR)."),
        text("currencySymbol", "Currency symbol."),
        code("sellerCode", "Seller code."),
        text("sellerDescription", "Seller description."),
    ],
};

/// The loyalty summary (the page's `summary`).
pub static LOYALTY_SUMMARY: Schema = Schema {
    name: "LoyaltySummary",
    doc: doc("The loyalty summary of a card, sent beside its vouchers (a page's `summary`)."),
    fields: &[
        number(
            "validTicket",
            "Current number of valid receipts for the issuance of the voucher.",
        ),
        number(
            "remainingPurchases",
            "Number of valid purchases needed for the next voucher.",
        ),
        number(
            "validSalesTotalAmount",
            "Current total valid amount of sales for the issuance of the voucher.",
        ),
        number(
            "validSalesTotalCashback",
            "Total accumulated cashback for the issuance of the voucher.",
        ),
        code("identifier", "The card identifier."),
    ],
};
