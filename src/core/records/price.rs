//! Prices export (`getPricesExport_v3`): price lists with their price rows and entities.
//! The unit of paging is the price ROW, so a long list arrives split over pages with its
//! header repeated; each part is one item.

use crate::core::schema::*;

/// A price list (or the part of it that one page holds).
pub static PRICE_LIST: Schema = Schema {
    name: "PriceList",
    doc: doc(
        "A price list of the prices export (`getPricesExport_v3`); a list longer than a page \
          arrives once per page holding part of its rows, with its header repeated.",
    ),
    fields: &[
        text("priceListType", "Type of the price list.").required(),
        code(
            "priceList",
            "Code of the price list (there is a price list for each shop).",
        )
        .required(),
        text("priceListDescription", "Description of the price list.").mandatory(),
        stamp(
            "priceListStartDate",
            "Date of validity start of the price list.",
        )
        .mandatory(),
        stamp(
            "priceListEndDate",
            "Date of validity end of the price list.",
        )
        .mandatory(),
        list("prices", &PRICE, "The price rows (on this page).").required(),
        list(
            "entityCodes",
            &PRICE_ENTITY,
            "The shops for which the price list is active.",
        ),
        list(
            "entities",
            &PRICE_ENTITY,
            "The shops, under the name the field table uses (the example sends `entityCodes`).",
        ),
    ],
};

/// One price row.
pub static PRICE: Schema = Schema {
    name: "Price",
    doc: doc("A price row of a price list."),
    fields: &[
        code("itemCode", "Code of product.").required(),
        stamp("startDate", "Date of start validity of the price.").mandatory(),
        number("price", "Price.").mandatory(),
    ],
};

/// One shop of a price list.
pub static PRICE_ENTITY: Schema = Schema {
    name: "PriceListEntity",
    doc: doc("A shop for which a price list is active."),
    fields: &[
        code("entityCode", "Code of the shop.").mandatory(),
        text("entityDescription", "Description of the shop.").mandatory(),
    ],
};
