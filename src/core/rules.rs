//! The per-parameter rules of the wrapped commands, on plain strings: what the client
//! checks before it sends a call, and what the server-side proxy (`forward`) checks on a
//! call it is asked to forward. One place, so that both refuse exactly the same things.

use super::datetime::{is_wire_datetime, DateProblem};
use super::error::{Error, Result};
use super::fields::show;
use super::json::ascii;
use super::options::check_language;
use serde::Serialize;
use tsify::Tsify;

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

/// `completeExtraction` as an export's body says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub enum Extraction {
    /// Everything (a complete extraction).
    #[serde(rename = "T")]
    Complete,
    /// What changed since the last incremental export for `system`.
    #[serde(rename = "F")]
    Incremental,
}

/// An export's JSON body, as the client and the proxy send it (and as the proxy hands a
/// checked call to `authorize`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ExportBody {
    /// `"T"`: a complete extraction; `"F"`: an incremental export for `system`.
    pub complete_extraction: Extraction,
    /// The language of the texts, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub language_id: Option<String>,
    /// The system an incremental export is for, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub system: Option<String>,
}

impl ExportBody {
    /// The body's JSON text, ASCII only
    /// (`{"completeExtraction":"T"|"F","languageId":..,"system":..}`).
    pub fn text(&self) -> String {
        // Strings only: serde_json cannot refuse them.
        ascii::to_string(self).unwrap_or_default()
    }

    /// The body's string values (what its caller chose), in order.
    pub fn values(&self) -> Vec<String> {
        let flag = match self.complete_extraction {
            Extraction::Complete => "T",
            Extraction::Incremental => "F",
        };
        let mut out = vec![flag.to_owned()];
        out.extend(self.language_id.iter().cloned());
        out.extend(self.system.iter().cloned());
        out
    }
}

/// Checks an export's arguments and builds its body.
pub fn export_body(a: &ExportArgs<'_>) -> Result<ExportBody> {
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
    Ok(ExportBody {
        complete_extraction: if a.complete {
            Extraction::Complete
        } else {
            Extraction::Incremental
        },
        language_id: a.language.map(str::to_owned),
        system: a.system.map(str::to_owned),
    })
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
        assert_eq!(
            export_body(&full).unwrap().text(),
            r#"{"completeExtraction":"T"}"#
        );
        let inc = ExportArgs {
            complete: false,
            language: Some("EN"),
            system: Some("ERP"),
            start_given: false,
        };
        assert_eq!(
            export_body(&inc).unwrap().text(),
            r#"{"completeExtraction":"F","languageId":"EN","system":"ERP"}"#
        );
        let accented = ExportArgs {
            system: Some("Caf\u{e9}"),
            ..inc
        };
        assert_eq!(
            export_body(&accented).unwrap().text(),
            r#"{"completeExtraction":"F","languageId":"EN","system":"Caf\u00e9"}"#,
            "ASCII only, as the hand-written body was"
        );
        assert_eq!(export_body(&inc).unwrap().values(), ["F", "EN", "ERP"]);
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
