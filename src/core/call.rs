//! A call: an endpoint plus the caller's validated arguments (the endpoint's own query
//! parameters, the JSON body, where paging starts). Each endpoint's options object is one
//! serde type read by [`Call::parse`]; its `validate()` finds every argument problem
//! before any request is sent.

use super::checkpoint::Checkpoint;
use super::datetime::format_gmt;
use super::endpoint::{Endpoint, Family, Method, GENERIC};
use super::error::{Error, Result};
use super::js::{DateArg, InvalidRecordsArg, JsSignal, JsonArg, Scalar, ScalarMap};
use super::json::write;
use super::option_errors::{self, format_number, required, show, subject, text, whole};
use super::options::{self, InvalidRecords, MAX_CONCURRENCY};
use super::rules;
use super::value::{self, Value};
use serde::Deserialize;
use tsify::Tsify;

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
    /// Accept a page identical to one already delivered (`allowRepeatedPages`), for a
    /// server whose data legitimately repeats.
    pub allow_repeated_pages: bool,
    /// The state to resume from (`resume`, made by `paginator.checkpoint()`).
    pub resume: Option<Checkpoint>,
}

/// The options every paginated endpoint accepts (each endpoint's options type repeats
/// them; this type only names them for TypeScript).
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageOptions {
    /// Aborts requests in flight and waits at once.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<JsSignal>,
    /// The offset to start from (e.g. a failed page's `error.start`).
    #[tsify(optional, type = "number")]
    pub start: Option<f64>,
    /// Overrides the client's `concurrency`.
    #[tsify(optional, type = "number")]
    pub concurrency: Option<f64>,
    /// Overrides the client's `invalidRecords`.
    #[tsify(optional, type = "\"throw\" | ((record: InvalidRecord) => void)")]
    pub invalid_records: Option<InvalidRecordsArg>,
    /// Accept a page identical to one already delivered (default false: such a page stops
    /// paging with a "pagination" error, as a server that ignores `start` sends them).
    #[tsify(optional)]
    pub allow_repeated_pages: Option<bool>,
}

/// Declares an options struct: the common paging options plus the endpoint's own.
macro_rules! paged_options {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name<'a> {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Aborts requests in flight and waits at once.
            #[tsify(optional, type = "AbortSignal")]
            pub signal: Option<JsSignal>,
            /// The offset to start from (e.g. a failed page's `error.start`).
            #[tsify(optional, type = "number")]
            pub start: Option<f64>,
            /// Overrides the client's `concurrency`.
            #[tsify(optional, type = "number")]
            pub concurrency: Option<f64>,
            /// Overrides the client's `invalidRecords`.
            #[tsify(optional, type = "\"throw\" | ((record: InvalidRecord) => void)")]
            pub invalid_records: Option<InvalidRecordsArg>,
            /// Accept a page identical to one already delivered (default false).
            #[tsify(optional)]
            pub allow_repeated_pages: Option<bool>,
            /// Resume where `paginator.checkpoint()` was taken, with the same guards.
            #[tsify(optional, type = "Checkpoint")]
            pub resume: Option<JsonArg>,
        }

        impl $name<'_> {
            fn common(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
                let start = whole(what, "start", self.start, 0, 1 << 53)?;
                Ok(Call {
                    endpoint,
                    cmd: endpoint.cmd.to_owned(),
                    method: endpoint.method,
                    query: Vec::new(),
                    body: None,
                    start: start.unwrap_or(0),
                    start_given: start.is_some(),
                    incremental: false,
                    concurrency: whole(what, "concurrency", self.concurrency, 1, MAX_CONCURRENCY)?,
                    invalid_records: options::invalid_records(self.invalid_records.as_ref()),
                    allow_repeated_pages: self.allow_repeated_pages.unwrap_or(false),
                    resume: match &self.resume {
                        None => None,
                        Some(json) => {
                            let mut text = String::new();
                            to_json(json, &mut text, "resume")?;
                            Some(Checkpoint::parse(&text, what)?)
                        }
                    },
                })
            }
        }
    };
}

paged_options!(
    /// Options of the KeepIT exports (`customersExport`, `pricesExport`, `salesExport`).
    ExportOptions {
        /// true (default): everything; false: what changed since the last call of `system`.
        #[tsify(optional)]
        complete_extraction: Option<bool>,
        /// The language of descriptions.
        #[tsify(optional, type = "\"IT\" | \"EN\"")]
        language_id: Option<&'a str>,
        /// Your system's name; required with `completeExtraction: false`.
        #[tsify(optional)]
        system: Option<&'a str>,
    }
);

paged_options!(
    /// Options of `loyaltyVouchers`.
    LoyaltyVouchersOptions {
        /// The customer's card barcode (required).
        #[tsify(type = "string")]
        card_barcode: Option<&'a str>,
        /// The primary key field name.
        #[tsify(optional)]
        pk_field_name: Option<&'a str>,
    }
);

paged_options!(
    /// Options of `lastDigitalOrders`.
    LastDigitalOrdersOptions {
        /// Orders created since: a Date, or "yyyy-MM-dd HH:mm:ss" in GMT (required).
        #[tsify(type = "Date | string")]
        from_date_time: Option<DateArg>,
        /// (Holds no value: the other option types borrow their strings.)
        #[serde(skip)]
        unused: std::marker::PhantomData<&'a ()>,
    }
);

paged_options!(
    /// Options of `paginate`: any paginated command.
    GenericOptions {
        /// The 4WS command (letters, digits, `_`).
        #[tsify(type = "string")]
        cmd: Option<&'a str>,
        /// "GET" (default) or "POST".
        #[tsify(optional, type = "\"GET\" | \"POST\"")]
        method: Option<&'a str>,
        /// The command's own query parameters (a Date is sent as its GMT time).
        #[tsify(optional, type = "Record<string, string | number | boolean | Date>")]
        query: Option<ScalarMap>,
        /// The JSON body, for POST (a Date is sent as its GMT time).
        #[tsify(optional, type = "Record<string, unknown> | unknown[]")]
        body: Option<JsonArg>,
    }
);

/// Options of `request`: one call, no paging.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestOptions<'a> {
    /// The 4WS command (letters, digits, `_`).
    #[tsify(type = "string")]
    pub cmd: Option<&'a str>,
    /// "GET" (default) or "POST".
    #[tsify(optional, type = "\"GET\" | \"POST\"")]
    pub method: Option<&'a str>,
    /// The command's own query parameters (a Date is sent as its GMT time).
    #[tsify(optional, type = "Record<string, string | number | boolean | Date>")]
    pub query: Option<ScalarMap>,
    /// The JSON body, for POST (a Date is sent as its GMT time).
    #[tsify(optional, type = "Record<string, unknown> | unknown[]")]
    pub body: Option<JsonArg>,
    /// Aborts the request at once.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<JsSignal>,
    /// Sent as the `start` query parameter.
    #[tsify(optional, type = "number")]
    pub start: Option<f64>,
}

/// Options of `Paginator.all()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllOptions {
    /// Stop requesting once this many records are collected.
    #[tsify(optional, type = "number")]
    pub limit: Option<f64>,
}

/// What a message calls `all()`'s options.
pub const ALL_OPTIONS: &str = "all() options";

impl AllOptions {
    /// Reads and checks `all()`'s options: the limit, if any.
    pub fn parse(v: &Value) -> Result<Option<u64>> {
        let o: AllOptions = value::parse(ALL_OPTIONS, v)?;
        whole(ALL_OPTIONS, "limit", o.limit, 1, 1 << 53)
    }
}

fn with_cmd(e: Error, cmd: &str) -> Error {
    if cmd.is_empty() {
        e
    } else {
        e.with_cmd(cmd)
    }
}

impl Call {
    /// Reads and validates the options of `endpoint`'s `Client` method from any serde
    /// source (pass an empty object for absent options); also returns the `signal`.
    pub fn parse(endpoint: &'static Endpoint, v: &Value) -> Result<(Call, Option<JsSignal>)> {
        let what = format!("{} options", endpoint.method_name);
        let what = what.as_str();
        let parsed = (|| match endpoint.family {
            Family::Export => {
                let o: ExportOptions = value::parse(what, v)?;
                o.validate(what, endpoint).map(|c| (c, o.signal))
            }
            Family::Vouchers => {
                let o: LoyaltyVouchersOptions = value::parse(what, v)?;
                o.validate(what, endpoint).map(|c| (c, o.signal))
            }
            Family::DigitalOrders => {
                let o: LastDigitalOrdersOptions = value::parse(what, v)?;
                o.validate(what, endpoint).map(|c| (c, o.signal))
            }
            Family::Generic => {
                let o: GenericOptions = value::parse(what, v)?;
                o.validate(what, endpoint).map(|c| (c, o.signal))
            }
        })();
        let parsed = parsed.and_then(|(call, signal)| {
            if let Some(cp) = &call.resume {
                cp.check_fits(&call.cmd, call.incremental, call.start_given)?;
            }
            Ok((call, signal))
        });
        parsed.map_err(|e| with_cmd(e, endpoint.cmd))
    }

    /// Reads and validates the options of `client.request()` (one call, no paging).
    pub fn parse_request(v: &Value) -> Result<(Call, Option<JsSignal>)> {
        let what = "request options";
        let o: RequestOptions = value::parse(what, v)?;
        let start = whole(what, "start", o.start, 0, 1 << 53)?;
        let mut call = Call {
            endpoint: &GENERIC,
            cmd: String::new(),
            method: Method::Get,
            query: Vec::new(),
            body: None,
            start: start.unwrap_or(0),
            start_given: start.is_some(),
            incremental: false,
            concurrency: None,
            invalid_records: None,
            allow_repeated_pages: false,
            resume: None,
        };
        generic(
            &mut call,
            what,
            o.cmd,
            o.method,
            o.query.as_ref(),
            o.body.as_ref(),
        )?;
        Ok((call, o.signal))
    }

    /// Reads natively from JSON text (tests and fuzzing; JS-only values are marked as
    /// described in [`super::js`]).
    pub fn from_json(endpoint: &'static Endpoint, json: &str) -> Result<Call> {
        Self::parse(endpoint, &value::Read::json(json)?.value).map(|(c, _)| c)
    }
}

impl ExportOptions<'_> {
    /// Checks the options and builds the export's body.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(what, endpoint)?;
        let complete = self.complete_extraction.unwrap_or(true);
        let system = text(what, "system", self.system)?;
        let language = text(what, "languageId", self.language_id)?;
        // The rule the proxy applies to forwarded export bodies too.
        let body = rules::export_body(&rules::ExportArgs {
            complete,
            language,
            system,
            start_given: call.start_given,
        })?;
        call.incremental = !complete;
        call.body = Some(body);
        Ok(call)
    }
}

impl LoyaltyVouchersOptions<'_> {
    /// Checks the card barcode.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(what, endpoint)?;
        let card = rules::card_barcode(text(what, "cardBarcode", self.card_barcode)?)?;
        call.query.push(("cardBarcode".into(), card.to_owned()));
        if let Some(pk) = text(what, "pkFieldName", self.pk_field_name)? {
            if !pk.is_empty() {
                call.query.push(("pkFieldName".into(), pk.to_owned()));
            }
        }
        Ok(call)
    }
}

impl LastDigitalOrdersOptions<'_> {
    /// Checks `fromDateTime`.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(what, endpoint)?;
        let from = from_date_time(self.from_date_time.as_ref())?;
        call.query.push(("fromDateTime".into(), from));
        Ok(call)
    }
}

impl GenericOptions<'_> {
    /// Checks the command, method, query and body.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(what, endpoint)?;
        generic(
            &mut call,
            what,
            self.cmd,
            self.method,
            self.query.as_ref(),
            self.body.as_ref(),
        )?;
        // Paged as the command's own endpoint pages it, where fourws wraps it.
        call.endpoint = super::endpoint::paging_of(&call.cmd);
        Ok(call)
    }
}

/// A `Date` as the wire's GMT time, or why it cannot be sent.
fn date(ms: f64, name: &str) -> Result<String> {
    format_gmt(ms).ok_or_else(|| {
        Error::invalid_argument(if ms.is_nan() {
            format!("`{name}` is an invalid Date (its time is NaN)")
        } else {
            format!("`{name}` is a Date out of range: the 4WS API takes years 0000 to 9999 (GMT)")
        })
    })
}

fn generic(
    call: &mut Call,
    what: &str,
    cmd: Option<&str>,
    method: Option<&str>,
    query: Option<&ScalarMap>,
    body: Option<&JsonArg>,
) -> Result<()> {
    let cmd = required(what, "cmd", cmd)?;
    if !cmd.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::invalid_argument(format!(
            "{} must be a 4WS command name (letters, digits, _), got {}",
            subject(what, "cmd"),
            show(cmd)
        )));
    }
    call.cmd = cmd.to_owned();
    call.method = match text(what, "method", method)? {
        None => Method::Get,
        Some(m) if m.eq_ignore_ascii_case("GET") => Method::Get,
        Some(m) if m.eq_ignore_ascii_case("POST") => Method::Post,
        Some(m) => {
            return Err(Error::invalid_argument(format!(
                "{} must be \"GET\" or \"POST\", got {}",
                subject(what, "method"),
                show(m)
            )))
        }
    };
    if let Some(query) = query {
        const RESERVED: [&str; 4] = ["cmd", "appId", "applicationId", "start"];
        for (k, v) in &query.0 {
            if RESERVED.contains(&k.as_str()) {
                return Err(Error::invalid_argument(format!(
                    "`query.{k}` is set by the client; pass `cmd`/`start` as options"
                )));
            }
            let path = format!("query.{k}");
            let value = match v {
                Scalar::Text(s) if s.len() <= option_errors::MAX_STRING => s.clone(),
                Scalar::Text(s) => {
                    return Err(Error::invalid_argument(format!(
                        "{} is {} characters long; at most {} are accepted",
                        subject(what, &path),
                        s.len(),
                        option_errors::MAX_STRING
                    )))
                }
                Scalar::Number(n) if n.is_finite() => format_number(*n),
                Scalar::Number(n) => {
                    return Err(Error::invalid_argument(format!(
                        "{} must be a finite number, got {}",
                        subject(what, &path),
                        option_errors::number(*n)
                    )))
                }
                Scalar::Bool(b) => b.to_string(),
                Scalar::Date(ms) => date(*ms, &path)?,
            };
            call.query.push((k.clone(), value));
        }
    }
    if let Some(b) = body {
        if !matches!(b, JsonArg::Object(_) | JsonArg::Array(_)) {
            return Err(Error::invalid_argument(format!(
                "{} must be an object or an array (sent as JSON)",
                subject(what, "body")
            )));
        }
        if call.method == Method::Get {
            return Err(Error::invalid_argument(
                "option `body` needs `method: \"POST\"` (GET requests carry no body)",
            ));
        }
        let mut out = String::new();
        to_json(b, &mut out, "body")?;
        call.body = Some(out);
    }
    if call.method == Method::Post && call.body.is_none() {
        call.body = Some("{}".into());
    }
    Ok(())
}

/// Writes a body given by the caller as JSON; refuses values JSON cannot hold.
fn to_json(v: &JsonArg, out: &mut String, path: &str) -> Result<()> {
    match v {
        JsonArg::Null => out.push_str("null"),
        JsonArg::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        JsonArg::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        JsonArg::Number(n) => {
            return Err(Error::invalid_argument(format!(
                "`{path}` cannot be sent as JSON: it is {}",
                option_errors::number(*n)
            )))
        }
        JsonArg::Str(s) => write::string(out, s),
        JsonArg::Date(ms) => write::string(out, &date(*ms, path)?),
        JsonArg::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                to_json(item, out, &format!("{path}[{i}]"))?;
            }
            out.push(']');
        }
        JsonArg::Object(props) => {
            out.push('{');
            for (i, (k, item)) in props.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write::string(out, k);
                out.push(':');
                to_json(item, out, &format!("{path}.{k}"))?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Checks and formats `fromDateTime`: a `Date` (sent as its GMT time) or a string
/// `yyyy-MM-dd HH:mm:ss` in GMT.
pub fn from_date_time(v: Option<&DateArg>) -> Result<String> {
    match v {
        None => Err(rules::from_date_time_missing()),
        Some(DateArg::Date(ms)) => date(*ms, "fromDateTime"),
        Some(DateArg::Text(s)) => rules::from_date_time_text(s).map(|()| s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS, VOUCHERS};
    use serde_json::json;

    fn date(ms: f64) -> serde_json::Value {
        json!({ "fourws:js": "Date", "value": ms })
    }

    #[test]
    fn export_bodies() {
        let c = Call::from_json(&CUSTOMERS, "{}").unwrap();
        assert_eq!(c.body.as_deref(), Some(r#"{"completeExtraction":"T"}"#));
        assert!(!c.incremental && !c.allow_repeated_pages);
        let c = Call::from_json(
            &CUSTOMERS,
            r#"{"completeExtraction":false,"system":"GESTIONALE_ESTERNO","languageId":"EN","allowRepeatedPages":true}"#,
        )
        .unwrap();
        assert_eq!(
            c.body.as_deref(),
            Some(r#"{"completeExtraction":"F","languageId":"EN","system":"GESTIONALE_ESTERNO"}"#)
        );
        assert!(c.incremental && c.allow_repeated_pages);
    }

    #[test]
    fn argument_errors() {
        let sig = json!({ "fourws:js": "AbortSignal", "value": 1 });
        let table: Vec<(&'static Endpoint, serde_json::Value, &str)> = vec![
            (&CUSTOMERS, json!({"completeExtraction": false}), "needs `system`"),
            (&CUSTOMERS, json!({"completeExtraction": false, "system": "X", "start": 20}), "`start` only applies"),
            (&CUSTOMERS, json!({"languageId": "FR"}), "\"IT\" or \"EN\""),
            (&CUSTOMERS, json!({"completeExtraction": "T"}), "option `completeExtraction` of customersExport options must be true or false, got the string \"T\""),
            (&CUSTOMERS, json!({"start": -1}), "option `start` of customersExport options must be a whole number"),
            (&CUSTOMERS, json!({"signal": {}}), "option `signal` of customersExport options must be an AbortSignal, got an object"),
            (&CUSTOMERS, json!({"allowRepeatedPages": 1}), "option `allowRepeatedPages` of customersExport options must be true or false"),
            (&CUSTOMERS, json!({"sytem": "X"}), "unknown option `sytem` in customersExport options (did you mean `system`?"),
            (&CUSTOMERS, json!({"signal": sig, "fetch": 1}), "unknown option `fetch`"),
            (&CUSTOMERS, json!([]), "customersExport options must be an object, got an array"),
            (&CUSTOMERS, json!(42), "customersExport options must be an object, got the number 42"),
            (&VOUCHERS, json!({}), "needs `cardBarcode`"),
            (&VOUCHERS, json!({"cardBarcode": "  "}), "needs `cardBarcode`"),
            (&VOUCHERS, json!({"cardBarcode": null}), "needs `cardBarcode`"),
            (&VOUCHERS, json!({"cardBarcode": 123}), "option `cardBarcode` of loyaltyVouchers options must be a string, got the number 123"),
            (&DIGITAL_ORDERS, json!({}), "needs `fromDateTime`"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": "2020-09-08"}), "must be a Date or a string"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": "2020-02-30 10:00:00"}), "not a real date"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": date(f64::NAN)}), "invalid Date"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": date(253_402_300_800_000.0)}), "`fromDateTime` is a Date out of range"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": date(-62_167_219_200_001.0)}), "out of range"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": 1}), "must be a Date or a string \"yyyy-MM-dd HH:mm:ss\" (GMT), got the number 1"),
            (&DIGITAL_ORDERS, json!({"fromDateTime": {"fourws:js": "function", "value": 1}}), "got a function"),
            (&GENERIC, json!({}), "option `cmd` of paginate options is required"),
            (&GENERIC, json!({"cmd": "a b"}), "command name"),
            (&GENERIC, json!({"cmd": "x", "method": "PUT"}), "\"GET\" or \"POST\""),
            (&GENERIC, json!({"cmd": "x", "body": {}}), "needs `method: \"POST\"`"),
            (&GENERIC, json!({"cmd": "x", "method": "POST", "body": 5}), "option `body` of paginate options must be an object or an array"),
            (&GENERIC, json!({"cmd": "x", "method": "POST", "body": {"f": {"fourws:js": "function", "value": 1}}}), "option `body.f` of paginate options must be a value JSON can hold, got a function"),
            (&GENERIC, json!({"cmd": "x", "method": "POST", "body": {"d": date(1e300)}}), "`body.d` is a Date out of range"),
            (&GENERIC, json!({"cmd": "x", "query": {"start": 1}}), "set by the client"),
            (&GENERIC, json!({"cmd": "x", "query": {"a": {}}}), "option `query.a` of paginate options must be a string, number, boolean or Date, got an object"),
            (&GENERIC, json!({"cmd": "x", "query": {"a": date(f64::NAN)}}), "`query.a` is an invalid Date"),
        ];
        for (ep, arg, want) in table {
            let e = Call::from_json(ep, &arg.to_string()).unwrap_err();
            assert_eq!(e.kind, crate::core::Kind::InvalidArgument);
            assert!(e.message.contains(want), "{arg}: {}", e.message);
            let cmd = Some(ep.cmd.to_owned()).filter(|c| !c.is_empty());
            assert_eq!(e.cmd, cmd, "{arg}: the command is named");
        }
    }

    #[test]
    fn documents_api_queries() {
        let c = Call::from_json(
            &VOUCHERS,
            r#"{"cardBarcode":"0099000001209","pkFieldName":"identifier"}"#,
        )
        .unwrap();
        assert_eq!(
            c.query,
            vec![
                ("cardBarcode".to_string(), "0099000001209".to_string()),
                ("pkFieldName".to_string(), "identifier".to_string())
            ]
        );
        let c = Call::from_json(
            &DIGITAL_ORDERS,
            &json!({ "fromDateTime": date(1_599_571_080_000.0) }).to_string(),
        )
        .unwrap();
        assert_eq!(
            c.query,
            vec![(
                "fromDateTime".to_string(),
                "2020-09-08 13:18:00".to_string()
            )]
        );
        let c = Call::from_json(
            &DIGITAL_ORDERS,
            r#"{"fromDateTime":"2020-09-08 13:18:00","start":20}"#,
        )
        .unwrap();
        assert_eq!(c.start, 20);
    }

    #[test]
    fn generic_calls() {
        let c = Call::from_json(
            &GENERIC,
            &json!({
                "cmd": "getStock_v1",
                "method": "post",
                "query": { "a": 1, "b": true, "c": date(0.0), "skip": null },
                "body": { "x": "y", "n": [1, 0.5, null], "d": date(0.0), "s": "€\"" },
            })
            .to_string(),
        )
        .unwrap();
        assert_eq!(c.cmd, "getStock_v1");
        assert_eq!(c.method, Method::Post);
        assert_eq!(
            c.query,
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "true".into()),
                ("c".into(), "1970-01-01 00:00:00".into())
            ]
        );
        assert_eq!(
            c.body.as_deref(),
            Some(r#"{"x":"y","n":[1,0.5,null],"d":"1970-01-01 00:00:00","s":"\u20ac\""}"#)
        );
        let req = |s: &str| Call::parse_request(&value::Read::json(s).unwrap().value);
        let (r, _) = req(r#"{"cmd":"getX","start":5}"#).unwrap();
        assert!(r.start_given && r.start == 5);
        let e = req(r#"{"cmd":"getX","concurrency":2}"#).unwrap_err();
        assert!(
            e.message
                .contains("unknown option `concurrency` in request options"),
            "{}",
            e.message
        );
    }

    #[test]
    fn every_paginated_endpoint_takes_the_page_options() {
        let common = r#""signal":{"fourws:js":"AbortSignal","value":1},"start":0,"concurrency":2,"invalidRecords":"throw","allowRepeatedPages":true"#;
        for (ep, own) in [
            (&CUSTOMERS, ""),
            (&VOUCHERS, r#""cardBarcode":"1","#),
            (&DIGITAL_ORDERS, r#""fromDateTime":"2020-09-08 13:18:00","#),
            (&GENERIC, r#""cmd":"x","#),
        ] {
            let c = Call::from_json(ep, &format!("{{{own}{common}}}")).unwrap();
            assert!(c.allow_repeated_pages && c.concurrency == Some(2));
        }
        let o: PageOptions =
            serde_json::from_str(&format!("{{{common}}}")).expect("PageOptions names them");
        assert_eq!(o.allow_repeated_pages, Some(true));
    }

    #[test]
    fn all_options() {
        let p = |s: &str| AllOptions::parse(&value::Read::json(s).unwrap().value);
        assert_eq!(p(r#"{"limit":50}"#).unwrap(), Some(50));
        assert_eq!(p("{}").unwrap(), None);
        assert!(p(r#"{"limit":-1}"#)
            .unwrap_err()
            .message
            .contains("option `limit` of all() options"));
        assert!(p(r#"{"limt":1}"#)
            .unwrap_err()
            .message
            .contains("did you mean `limit`?"));
    }
}
