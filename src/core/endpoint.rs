//! The endpoint table: for each wrapped 4WS command, its HTTP method, page size, how its
//! elements are counted, what its `resultSetLength` means, and its record types.

use super::decode::{Counting, Shape};
use super::records::{customer, digital_order, price, sale, voucher};

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST (JSON body)
    Post,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// What the envelope's `resultSetLength` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotalMeaning {
    /// The number of elements of the whole extraction (KeepIT exports).
    Extraction,
    /// The length of the page itself (Documents API): the total is unknown.
    PageLength,
    /// Not known (the generic `paginate`): the total is unknown.
    Unknown,
}

/// How the endpoint's options are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A KeepIT export (`completeExtraction`, `system`, `languageId` in a JSON body).
    Export,
    /// `getLoyaltyVouchers_v1` (`cardBarcode`, `pkFieldName`).
    Vouchers,
    /// `getLastDigitalOrders_v1` (`fromDateTime`).
    DigitalOrders,
    /// Any command (`client.paginate` / `client.request`).
    Generic,
}

/// One wrapped command.
#[derive(Debug)]
pub struct Endpoint {
    /// The `Client` method that calls it.
    pub method_name: &'static str,
    /// The 4WS command (empty for the generic endpoint, whose caller names it).
    pub cmd: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Elements per page, as the docs give it.
    pub page_size: u64,
    /// How pages decode and count.
    pub shape: Shape,
    /// What `resultSetLength` means.
    pub total: TotalMeaning,
    /// How its options are read.
    pub family: Family,
}

/// `client.customersExport()`.
pub static CUSTOMERS: Endpoint = Endpoint {
    method_name: "customersExport",
    cmd: "getCustomersExport_v3",
    method: Method::Post,
    page_size: 20,
    shape: Shape {
        record: Some(&customer::CUSTOMER),
        summary: None,
        counting: Counting::Records,
    },
    total: TotalMeaning::Extraction,
    family: Family::Export,
};

/// `client.pricesExport()`: elements are price rows.
pub static PRICES: Endpoint = Endpoint {
    method_name: "pricesExport",
    cmd: "getPricesExport_v3",
    method: Method::Post,
    page_size: 20,
    shape: Shape {
        record: Some(&price::PRICE_LIST),
        summary: None,
        counting: Counting::Rows("prices"),
    },
    total: TotalMeaning::Extraction,
    family: Family::Export,
};

/// `client.salesExport()`: pages of 10.
pub static SALES: Endpoint = Endpoint {
    method_name: "salesExport",
    cmd: "getSalesExport_v3",
    method: Method::Post,
    page_size: 10,
    shape: Shape {
        record: Some(&sale::SALE),
        summary: None,
        counting: Counting::Records,
    },
    total: TotalMeaning::Extraction,
    family: Family::Export,
};

/// `client.loyaltyVouchers()`.
pub static VOUCHERS: Endpoint = Endpoint {
    method_name: "loyaltyVouchers",
    cmd: "getLoyaltyVouchers_v1",
    method: Method::Get,
    page_size: 20,
    shape: Shape {
        record: Some(&voucher::LOYALTY_VOUCHER),
        summary: Some(&voucher::LOYALTY_SUMMARY),
        counting: Counting::Records,
    },
    total: TotalMeaning::PageLength,
    family: Family::Vouchers,
};

/// `client.lastDigitalOrders()`.
pub static DIGITAL_ORDERS: Endpoint = Endpoint {
    method_name: "lastDigitalOrders",
    cmd: "getLastDigitalOrders_v1",
    method: Method::Get,
    page_size: 20,
    shape: Shape {
        record: Some(&digital_order::DIGITAL_ORDER),
        summary: None,
        counting: Counting::Records,
    },
    total: TotalMeaning::PageLength,
    family: Family::DigitalOrders,
};

/// `client.paginate()` and `client.request()`: records kept as they came.
pub static GENERIC: Endpoint = Endpoint {
    method_name: "paginate",
    cmd: "",
    method: Method::Get,
    page_size: 20,
    shape: Shape {
        record: None,
        summary: None,
        counting: Counting::Records,
    },
    total: TotalMeaning::Unknown,
    family: Family::Generic,
};

/// `paginate`'s view of a wrapped command: paged as its typed endpoint pages it (elements
/// counted the same way, `resultSetLength` read the same way, same page size), its records
/// kept as the server sent them.
const fn generic_twin(e: &Endpoint) -> Endpoint {
    Endpoint {
        method_name: GENERIC.method_name,
        cmd: e.cmd,
        method: e.method,
        page_size: e.page_size,
        shape: Shape {
            record: None,
            summary: None,
            counting: e.shape.counting,
        },
        total: e.total,
        family: Family::Generic,
    }
}

static GENERIC_TWINS: [Endpoint; 5] = [
    generic_twin(&CUSTOMERS),
    generic_twin(&PRICES),
    generic_twin(&SALES),
    generic_twin(&VOUCHERS),
    generic_twin(&DIGITAL_ORDERS),
];

/// How `paginate` pages `cmd`. A command fourws wraps is paged as its typed endpoint
/// pages it (`getPricesExport_v3` advances by price rows). For any other command the
/// element count cannot be known from the response: each record counts as one element
/// and `resultSetLength` is not read as a total (the reference says so).
pub fn paging_of(cmd: &str) -> &'static Endpoint {
    GENERIC_TWINS
        .iter()
        .find(|e| e.cmd == cmd)
        .unwrap_or(&GENERIC)
}

/// Every endpoint with its own `Client` method.
pub static ALL: [&Endpoint; 5] = [&CUSTOMERS, &PRICES, &SALES, &VOUCHERS, &DIGITAL_ORDERS];

/// The endpoint called by the `Client` method `name` (including `paginate`).
pub fn by_method(name: &str) -> Option<&'static Endpoint> {
    ALL.iter()
        .copied()
        .find(|e| e.method_name == name)
        .or(if name == "paginate" {
            Some(&GENERIC)
        } else {
            None
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_the_docs() {
        let rows: Vec<_> = ALL
            .iter()
            .map(|e| (e.method_name, e.cmd, e.method, e.page_size, e.total))
            .collect();
        use Method::*;
        use TotalMeaning::*;
        assert_eq!(
            rows,
            vec![
                (
                    "customersExport",
                    "getCustomersExport_v3",
                    Post,
                    20,
                    Extraction
                ),
                ("pricesExport", "getPricesExport_v3", Post, 20, Extraction),
                ("salesExport", "getSalesExport_v3", Post, 10, Extraction),
                (
                    "loyaltyVouchers",
                    "getLoyaltyVouchers_v1",
                    Get,
                    20,
                    PageLength
                ),
                (
                    "lastDigitalOrders",
                    "getLastDigitalOrders_v1",
                    Get,
                    20,
                    PageLength
                ),
            ]
        );
        assert_eq!(PRICES.shape.counting, Counting::Rows("prices"));
        assert_eq!(
            by_method("paginate").map(|e| e.family),
            Some(Family::Generic)
        );
        assert!(by_method("nope").is_none());
    }

    #[test]
    fn paginate_pages_a_known_command_as_its_endpoint_does() {
        let p = paging_of("getPricesExport_v3");
        assert_eq!(p.shape.counting, Counting::Rows("prices"));
        assert_eq!((p.total, p.page_size), (TotalMeaning::Extraction, 20));
        assert!(p.shape.record.is_none(), "records kept as sent");
        assert_eq!(p.family, Family::Generic);
        assert_eq!(paging_of("getSalesExport_v3").page_size, 10);
        let u = paging_of("getSomethingElse_v1");
        assert_eq!(u.shape.counting, Counting::Records);
        assert_eq!(u.total, TotalMeaning::Unknown);
    }
}
