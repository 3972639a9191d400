//! The per-parameter rules of the wrapped commands, on plain strings: what the client
//! checks before it sends a call, and what the server-side proxy (`forward`) checks on a
//! call it is asked to forward. One place, so that both refuse exactly the same things.

use super::datetime::{is_wire_datetime, DateProblem};
use super::error::{Error, Result};
use super::fields::show;
use super::json::write;
use super::options::check_language;

/// The accepted forms of `fromDateTime`, as error messages name them.
pub const FROM_DATE_TIME_FORMAT: &str = "a Date or a string \"yyyy-MM-dd HH:mm:ss\" (GMT)";

/// The largest `pageSize` (`limit`) accepted.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// `pageSize` given where it does not apply (the KeepIT exports, a POST `paginate`).
pub fn page_size_not_here(what: &str) -> Error {
    Error::invalid_argument(format!(
        "`pageSize` does not apply to {what}: it is the Documents API's `limit`, taken by \
         the GET lookups (loyaltyVouchers, lastDigitalOrders, paginate with method \"GET\"); \
         the KeepIT exports send pages of a fixed size"
    ))
}

/// `limit` as the proxy receives it: a whole number from 1 to [`MAX_PAGE_SIZE`].
pub fn limit_text(value: &str) -> Result<u64> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n) && !value.starts_with(['+', '0']))
        .ok_or_else(|| {
            Error::invalid_argument(format!(
                "`limit` (pageSize) must be a whole number from 1 to {MAX_PAGE_SIZE}, got {}",
                show(value)
            ))
        })
}

/// `cardBarcode` of `getLoyaltyVouchers_v1`: required, not blank; returned trimmed.
pub fn card_barcode(value: Option<&str>) -> Result<&str> {
    let card = value.map(str::trim).unwrap_or("");
    if card.is_empty() {
        return Err(Error::invalid_argument(
            "loyaltyVouchers needs `cardBarcode`: the customer's card barcode \
             (scan or type the card number)",
        ));
    }
    Ok(card)
}

/// `fromDateTime` of `getLastDigitalOrders_v1` given as text: exactly
/// `yyyy-MM-dd HH:mm:ss` (GMT), a real date and time.
pub fn from_date_time_text(s: &str) -> Result<()> {
    match is_wire_datetime(s) {
        Ok(()) => Ok(()),
        Err(DateProblem::Impossible) => Err(Error::invalid_argument(format!(
            "`fromDateTime` {} is not a real date and time",
            show(s)
        ))),
        Err(DateProblem::Format) => Err(Error::invalid_argument(format!(
            "`fromDateTime` must be {FROM_DATE_TIME_FORMAT}, got {}",
            show(s)
        ))),
    }
}

/// A missing `fromDateTime`.
pub fn from_date_time_missing() -> Error {
    Error::invalid_argument(format!(
        "lastDigitalOrders needs `fromDateTime`: {FROM_DATE_TIME_FORMAT}"
    ))
}

/// What a KeepIT export asks for (its JSON body).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportArgs<'a> {
    /// `completeExtraction` (true: everything; false: what changed for `system`).
    pub complete: bool,
    /// `languageId`, if given.
    pub language: Option<&'a str>,
    /// `system`, if given.
    pub system: Option<&'a str>,
    /// Whether a `start` was given.
    pub start_given: bool,
}

/// Checks an export's arguments and builds its JSON body
/// (`{"completeExtraction":"T"|"F","languageId":..,"system":..}`).
pub fn export_body(a: &ExportArgs<'_>) -> Result<String> {
    if let Some(l) = a.language {
        check_language(l, "languageId")?;
    }
    if !a.complete && a.system.is_none_or(|s| s.trim().is_empty()) {
        return Err(Error::invalid_argument(
            "`completeExtraction: false` needs `system`: the name of your system, which the \
             server uses to know what it already delivered to you",
        ));
    }
    if !a.complete && a.start_given {
        return Err(Error::invalid_argument(
            "`start` only applies to a complete extraction: in an incremental export \
             (`completeExtraction: false`) the server keeps the position itself",
        ));
    }
    let mut body = String::from("{\"completeExtraction\":");
    body.push_str(if a.complete { "\"T\"" } else { "\"F\"" });
    if let Some(l) = a.language {
        body.push_str(",\"languageId\":");
        write::string(&mut body, l);
    }
    if let Some(s) = a.system {
        body.push_str(",\"system\":");
        write::string(&mut body, s);
    }
    body.push('}');
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_barcodes() {
        assert_eq!(
            card_barcode(Some(" 0099000001209 ")).unwrap(),
            "0099000001209"
        );
        for bad in [None, Some(""), Some(" \t ")] {
            assert!(card_barcode(bad)
                .unwrap_err()
                .message
                .contains("needs `cardBarcode`"));
        }
    }

    #[test]
    fn dates() {
        assert!(from_date_time_text("2020-09-08 13:18:00").is_ok());
        let e = from_date_time_text("2020-02-30 10:00:00").unwrap_err();
        assert!(e.message.contains("not a real date"), "{}", e.message);
        let e = from_date_time_text("2020-09-08T13:18:00Z").unwrap_err();
        assert!(
            e.message.contains("must be a Date or a string"),
            "{}",
            e.message
        );
    }

    #[test]
    fn export_bodies() {
        let full = ExportArgs {
            complete: true,
            ..ExportArgs::default()
        };
        assert_eq!(export_body(&full).unwrap(), r#"{"completeExtraction":"T"}"#);
        let inc = ExportArgs {
            complete: false,
            language: Some("EN"),
            system: Some("ERP"),
            start_given: false,
        };
        assert_eq!(
            export_body(&inc).unwrap(),
            r#"{"completeExtraction":"F","languageId":"EN","system":"ERP"}"#
        );
        for (args, want) in [
            (
                ExportArgs {
                    system: None,
                    ..inc
                },
                "needs `system`",
            ),
            (
                ExportArgs {
                    start_given: true,
                    ..inc
                },
                "`start` only applies",
            ),
            (
                ExportArgs {
                    language: Some("FR"),
                    ..inc
                },
                "\"IT\" or \"EN\"",
            ),
        ] {
            let e = export_body(&args).unwrap_err();
            assert!(e.message.contains(want), "{}", e.message);
        }
    }
}
