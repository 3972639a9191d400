//! Sales export (`getSalesExport_v3`): header, detail rows and payments of a sale.

use crate::core::schema::*;

/// A sale as the sales export sends it.
pub static SALE: Schema = Schema {
    name: "Sale",
    doc: doc("A sale of the sales export (`getSalesExport_v3`)."),
    fields: &[
        object("saleHeader", &SALE_HEADER, "Sale header section.").required(),
        list("saleDetails", &SALE_DETAIL, "Sale details section."),
        list("salePayments", &SALE_PAYMENT, "Sale payment section."),
    ],
};

/// The `saleHeader` section.
pub static SALE_HEADER: Schema = Schema {
    name: "SaleHeader",
    doc: doc("Header of a sale."),
    fields: &[
        code("entityCode", "Code of the shop."),
        text(
            "entityDescription",
            "Description of the shop (the name the example sends).",
        ),
        text(
            "entityCodeDescription",
            "Description of the shop (the name the field table uses).",
        ),
        stamp(
            "documentDate",
            "Sale date (`yyyy-MM-dd`, or ISO 8601 when it has a time).",
        ),
        code("refDocument", "Reference code for the sale."),
        code("causal", "Sale causal."),
        text("causalDescription", "Description for the causal."),
        text("currency", "Currency used in the sale values."),
        text("currencyDescription", "Description for the currency."),
        number("totalAmount", "Total amount."),
        number("taxFreeNumber", "TaxFree number."),
        code("cardBarcode", "Card barcode."),
        number("totalQuantity", "Total quantity."),
    ],
};

/// One row of the `saleDetails` section.
pub static SALE_DETAIL: Schema = Schema {
    name: "SaleDetail",
    doc: doc("A detail row of a sale."),
    fields: &[
        number("rowNumber", "The number of the row."),
        code("itemCode", "Code of the product."),
        text(
            "itemDescription",
            "Description of the product (the name the example sends).",
        ),
        text(
            "itemCodeDescription",
            "Description of the product (the name the field table uses).",
        ),
        code("barcode", "Barcode for the SKU."),
        number("quantity", "Article quantity."),
        number("listPrice", "The sale price in the main list."),
        number("salePrice", "The sale price of the article."),
        number("discountValue", "The discount value."),
        number("taxRate", "Tax rate of the row."),
    ],
};

/// One row of the `salePayments` section.
pub static SALE_PAYMENT: Schema = Schema {
    name: "SalePayment",
    doc: doc("A payment of a sale."),
    fields: &[
        code("paymentType", "Code of payment."),
        text("paymentDescription", "Description of payment."),
        number("paymentValue", "Amount paid."),
    ],
};
