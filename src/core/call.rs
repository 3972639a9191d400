//! A call: an endpoint plus the caller's validated arguments (the endpoint's own query
//! parameters, the JSON body, where paging starts). Every argument problem is found here,
//! before any request is sent.

use super::args::{self, Arg, Props};
use super::datetime::format_gmt;
use super::endpoint::{Endpoint, Family, Method, GENERIC};
use super::error::{Error, Result};
use super::options::{self, InvalidRecords, MAX_CONCURRENCY};
use super::rules;

/// Options every paginated call accepts besides its own.
const COMMON: [&str; 5] = [
    "signal",
    "start",
    "concurrency",
    "invalidRecords",
    "allowRepeatedPages",
];

const EXPORT_OPTIONS: &[&str] = &[
    "completeExtraction",
    "languageId",
    "system",
    "signal",
    "start",
    "concurrency",
    "invalidRecords",
    "allowRepeatedPages",
];
const VOUCHER_OPTIONS: &[&str] = &[
    "cardBarcode",
    "pkFieldName",
    "signal",
    "start",
    "concurrency",
    "invalidRecords",
    "allowRepeatedPages",
];
const ORDER_OPTIONS: &[&str] = &[
    "fromDateTime",
    "signal",
    "start",
    "concurrency",
    "invalidRecords",
    "allowRepeatedPages",
];
const GENERIC_OPTIONS: &[&str] = &[
    "cmd",
    "method",
    "query",
    "body",
    "signal",
    "start",
    "concurrency",
    "invalidRecords",
    "allowRepeatedPages",
];

/// A validated call.
#[derive(Clone, Debug)]
pub struct Call {
    /// What is called.
    pub endpoint: &'static Endpoint,
    /// The 4WS command.
    pub cmd: String,
    /// The HTTP method.
    pub method: Method,
    /// The endpoint's own query parameters (not `cmd`, `appId`, `start`).
    pub query: Vec<(String, String)>,
    /// The JSON body, for POST.
    pub body: Option<String>,
    /// The offset of the first page.
    pub start: u64,
    /// Whether `start` was given by the caller.
    pub start_given: bool,
    /// An incremental export: the server keeps the cursor, no `start` is sent.
    pub incremental: bool,
    /// Pages in flight (overrides the client's).
    pub concurrency: Option<u64>,
    /// What to do with invalid records (overrides the client's).
    pub invalid_records: Option<InvalidRecords>,
    /// Accept a page identical to one already delivered (for a server whose data
    /// legitimately repeats); by default such a page stops the paging.
    pub allow_repeated_pages: bool,
}

fn check_signal(p: &Props<'_>) -> Result<()> {
    match p.get("signal") {
        a if a.is_absent() => Ok(()),
        Arg::Signal => Ok(()),
        other => Err(p.bad("signal", "an AbortSignal", other)),
    }
}

impl Call {
    /// Validates the options of `endpoint`'s `Client` method.
    pub fn new(endpoint: &'static Endpoint, options: &Arg) -> Result<Call> {
        let what = match endpoint.family {
            Family::Export => "the export options",
            Family::Vouchers => "loyaltyVouchers options",
            Family::DigitalOrders => "lastDigitalOrders options",
            Family::Generic => "paginate options",
        };
        let known = match endpoint.family {
            Family::Export => EXPORT_OPTIONS,
            Family::Vouchers => VOUCHER_OPTIONS,
            Family::DigitalOrders => ORDER_OPTIONS,
            Family::Generic => GENERIC_OPTIONS,
        };
        debug_assert!(COMMON.iter().all(|c| known.contains(c)));
        let p = Props::new(what, options, known)?;
        check_signal(&p)?;
        let start_arg = p.integer("start", 0, 1 << 53)?;
        let mut call = Call {
            endpoint,
            cmd: endpoint.cmd.to_owned(),
            method: endpoint.method,
            query: Vec::new(),
            body: None,
            start: start_arg.unwrap_or(0),
            start_given: start_arg.is_some(),
            incremental: false,
            concurrency: p.integer("concurrency", 1, MAX_CONCURRENCY)?,
            invalid_records: options::invalid_records(&p)?,
            allow_repeated_pages: p.boolean("allowRepeatedPages")?.unwrap_or(false),
        };
        match endpoint.family {
            Family::Export => call.export(&p)?,
            Family::Vouchers => {
                let card = rules::card_barcode(p.string("cardBarcode")?)
                    .map_err(|e| e.with_cmd(endpoint.cmd))?;
                call.query.push(("cardBarcode".into(), card.to_owned()));
                if let Some(pk) = p.string("pkFieldName")? {
                    if !pk.is_empty() {
                        call.query.push(("pkFieldName".into(), pk.to_owned()));
                    }
                }
            }
            Family::DigitalOrders => {
                let from =
                    from_date_time(p.get("fromDateTime")).map_err(|e| e.with_cmd(endpoint.cmd))?;
                call.query.push(("fromDateTime".into(), from));
            }
            Family::Generic => call.generic(&p)?,
        }
        Ok(call)
    }

    /// Validates the options of `client.request()` (one call, no paging).
    pub fn request(options: &Arg) -> Result<Call> {
        let p = Props::new(
            "request options",
            options,
            &["cmd", "method", "query", "body", "signal", "start"],
        )?;
        check_signal(&p)?;
        let start_arg = p.integer("start", 0, 1 << 53)?;
        let mut call = Call {
            endpoint: &GENERIC,
            cmd: String::new(),
            method: Method::Get,
            query: Vec::new(),
            body: None,
            start: start_arg.unwrap_or(0),
            start_given: start_arg.is_some(),
            incremental: false,
            concurrency: None,
            invalid_records: None,
            allow_repeated_pages: false,
        };
        call.generic(&p)?;
        Ok(call)
    }

    fn export(&mut self, p: &Props<'_>) -> Result<()> {
        let complete = p.boolean("completeExtraction")?.unwrap_or(true);
        let args = rules::ExportArgs {
            complete,
            language: p.string("languageId")?,
            system: p.string("system")?,
            start_given: self.start_given,
        };
        self.body = Some(rules::export_body(&args).map_err(|e| e.with_cmd(&self.cmd))?);
        self.incremental = !complete;
        Ok(())
    }

    fn generic(&mut self, p: &Props<'_>) -> Result<()> {
        let cmd = p.required_string("cmd")?;
        if !cmd.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::invalid_argument(format!(
                "option `cmd` must be a 4WS command name (letters, digits, _), got {}",
                super::fields::show(cmd)
            )));
        }
        self.cmd = cmd.to_owned();
        self.method = match p.string("method")? {
            None => Method::Get,
            Some(m) if m.eq_ignore_ascii_case("GET") => Method::Get,
            Some(m) if m.eq_ignore_ascii_case("POST") => Method::Post,
            Some(m) => {
                return Err(Error::invalid_argument(format!(
                    "option `method` must be \"GET\" or \"POST\", got {}",
                    super::fields::show(m)
                )))
            }
        };
        match p.get("query") {
            a if a.is_absent() => {}
            Arg::Object(props) => {
                const RESERVED: [&str; 4] = ["cmd", "appId", "applicationId", "start"];
                for (k, v) in props {
                    if RESERVED.contains(&k.as_str()) {
                        return Err(Error::invalid_argument(format!(
                            "`query.{k}` is set by the client; pass `cmd`/`start` as options"
                        )));
                    }
                    let value = match v {
                        Arg::Undefined => continue,
                        Arg::Str(s) if s.len() <= args::MAX_STRING => s.clone(),
                        Arg::Number(n) if n.is_finite() => args::format_number(*n),
                        Arg::Bool(b) => b.to_string(),
                        Arg::Date(ms) => format_gmt(*ms).ok_or_else(|| {
                            Error::invalid_argument(format!("`query.{k}` is an invalid Date"))
                        })?,
                        other => {
                            return Err(p.bad(
                                &format!("query.{k}"),
                                "a string, number, boolean or Date",
                                other,
                            ))
                        }
                    };
                    self.query.push((k.clone(), value));
                }
            }
            other => return Err(p.bad("query", "an object of query parameters", other)),
        }
        match p.get("body") {
            a if a.is_absent() => {}
            b @ (Arg::Object(_) | Arg::Array(_)) => {
                if self.method == Method::Get {
                    return Err(Error::invalid_argument(
                        "option `body` needs `method: \"POST\"` (GET requests carry no body)",
                    ));
                }
                let mut out = String::new();
                args::to_json(b, &mut out, "body", 0)?;
                self.body = Some(out);
            }
            other => return Err(p.bad("body", "an object (sent as JSON)", other)),
        }
        if self.method == Method::Post && self.body.is_none() {
            self.body = Some("{}".into());
        }
        Ok(())
    }
}

/// Checks and formats `fromDateTime`: a `Date` (sent as its GMT time) or a string
/// `yyyy-MM-dd HH:mm:ss` in GMT.
pub fn from_date_time(v: &Arg) -> Result<String> {
    const FORMAT: &str = rules::FROM_DATE_TIME_FORMAT;
    match v {
        a if a.is_absent() => Err(rules::from_date_time_missing()),
        Arg::Date(ms) => format_gmt(*ms).ok_or_else(|| {
            Error::invalid_argument("`fromDateTime` is an invalid Date (its time is NaN)")
        }),
        Arg::Str(s) => rules::from_date_time_text(s).map(|()| s.clone()),
        other => Err(Error::invalid_argument(format!(
            "`fromDateTime` must be {FORMAT}, got {}",
            args::describe(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::args::obj;
    use crate::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS, VOUCHERS};

    #[test]
    fn export_bodies() {
        let c = Call::new(&CUSTOMERS, &Arg::Undefined).unwrap();
        assert_eq!(c.body.as_deref(), Some(r#"{"completeExtraction":"T"}"#));
        assert!(!c.incremental);
        let c = Call::new(
            &CUSTOMERS,
            &obj(&[
                ("completeExtraction", Arg::Bool(false)),
                ("system", Arg::Str("GESTIONALE_ESTERNO".into())),
                ("languageId", Arg::Str("EN".into())),
            ]),
        )
        .unwrap();
        assert_eq!(
            c.body.as_deref(),
            Some(r#"{"completeExtraction":"F","languageId":"EN","system":"GESTIONALE_ESTERNO"}"#)
        );
        assert!(c.incremental);
    }

    #[test]
    fn argument_errors() {
        let table: Vec<(&'static Endpoint, Arg, &str)> = vec![
            (
                &CUSTOMERS,
                obj(&[("completeExtraction", Arg::Bool(false))]),
                "needs `system`",
            ),
            (
                &CUSTOMERS,
                obj(&[
                    ("completeExtraction", Arg::Bool(false)),
                    ("system", Arg::Str("X".into())),
                    ("start", Arg::Number(20.0)),
                ]),
                "`start` only applies",
            ),
            (
                &CUSTOMERS,
                obj(&[("languageId", Arg::Str("FR".into()))]),
                "\"IT\" or \"EN\"",
            ),
            (
                &CUSTOMERS,
                obj(&[("completeExtraction", Arg::Str("T".into()))]),
                "true or false",
            ),
            (&CUSTOMERS, obj(&[("start", Arg::Number(-1.0))]), "`start`"),
            (
                &CUSTOMERS,
                obj(&[("signal", Arg::Object(vec![]))]),
                "an AbortSignal",
            ),
            (&VOUCHERS, Arg::Undefined, "needs `cardBarcode`"),
            (
                &VOUCHERS,
                obj(&[("cardBarcode", Arg::Str("  ".into()))]),
                "needs `cardBarcode`",
            ),
            (
                &VOUCHERS,
                obj(&[("cardBarcode", Arg::Number(123.0))]),
                "must be a string",
            ),
            (&DIGITAL_ORDERS, Arg::Undefined, "needs `fromDateTime`"),
            (
                &DIGITAL_ORDERS,
                obj(&[("fromDateTime", Arg::Str("2020-09-08".into()))]),
                "must be a Date or a string",
            ),
            (
                &DIGITAL_ORDERS,
                obj(&[("fromDateTime", Arg::Str("2020-02-30 10:00:00".into()))]),
                "not a real date",
            ),
            (
                &DIGITAL_ORDERS,
                obj(&[("fromDateTime", Arg::Date(f64::NAN))]),
                "invalid Date",
            ),
            (
                &DIGITAL_ORDERS,
                obj(&[("fromDateTime", Arg::Number(1.0))]),
                "got the number 1",
            ),
            (&GENERIC, Arg::Undefined, "`cmd`"),
            (
                &GENERIC,
                obj(&[("cmd", Arg::Str("a b".into()))]),
                "command name",
            ),
            (
                &GENERIC,
                obj(&[
                    ("cmd", Arg::Str("x".into())),
                    ("method", Arg::Str("PUT".into())),
                ]),
                "\"GET\" or \"POST\"",
            ),
            (
                &GENERIC,
                obj(&[("cmd", Arg::Str("x".into())), ("body", Arg::Object(vec![]))]),
                "needs `method: \"POST\"`",
            ),
            (
                &GENERIC,
                obj(&[
                    ("cmd", Arg::Str("x".into())),
                    (
                        "query",
                        Arg::Object(vec![("start".into(), Arg::Number(1.0))]),
                    ),
                ]),
                "set by the client",
            ),
        ];
        for (ep, arg, want) in table {
            let e = Call::new(ep, &arg).unwrap_err();
            assert_eq!(e.kind, crate::core::Kind::InvalidArgument);
            assert!(e.message.contains(want), "{arg:?}: {}", e.message);
        }
    }

    #[test]
    fn documents_api_queries() {
        let c = Call::new(
            &VOUCHERS,
            &obj(&[
                ("cardBarcode", Arg::Str("0099000001209".into())),
                ("pkFieldName", Arg::Str("identifier".into())),
            ]),
        )
        .unwrap();
        assert_eq!(
            c.query,
            vec![
                ("cardBarcode".to_string(), "0099000001209".to_string()),
                ("pkFieldName".to_string(), "identifier".to_string())
            ]
        );
        let c = Call::new(
            &DIGITAL_ORDERS,
            &obj(&[("fromDateTime", Arg::Date(1_599_571_080_000.0))]),
        )
        .unwrap();
        assert_eq!(
            c.query,
            vec![(
                "fromDateTime".to_string(),
                "2020-09-08 13:18:00".to_string()
            )]
        );
        let c = Call::new(
            &DIGITAL_ORDERS,
            &obj(&[
                ("fromDateTime", Arg::Str("2020-09-08 13:18:00".into())),
                ("start", Arg::Number(20.0)),
            ]),
        )
        .unwrap();
        assert_eq!(c.start, 20);
    }

    #[test]
    fn generic_calls() {
        let c = Call::new(
            &GENERIC,
            &obj(&[
                ("cmd", Arg::Str("getStock_v1".into())),
                ("method", Arg::Str("post".into())),
                (
                    "query",
                    Arg::Object(vec![
                        ("a".into(), Arg::Number(1.0)),
                        ("b".into(), Arg::Bool(true)),
                    ]),
                ),
                (
                    "body",
                    Arg::Object(vec![("x".into(), Arg::Str("y".into()))]),
                ),
            ]),
        )
        .unwrap();
        assert_eq!(c.cmd, "getStock_v1");
        assert_eq!(c.method, Method::Post);
        assert_eq!(
            c.query,
            vec![("a".into(), "1".into()), ("b".into(), "true".into())]
        );
        assert_eq!(c.body.as_deref(), Some(r#"{"x":"y"}"#));
        let r = Call::request(&obj(&[
            ("cmd", Arg::Str("getX".into())),
            ("start", Arg::Number(5.0)),
        ]))
        .unwrap();
        assert!(r.start_given && r.start == 5);
    }
}
