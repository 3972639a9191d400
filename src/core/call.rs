//! A call: an endpoint plus the caller's validated arguments (the endpoint's own query
//! parameters, the JSON body, where paging starts). Each endpoint's options object is one
//! serde type (read as described in [`super::options`]); its `validate()` finds every
//! argument problem before any request is sent.

use super::checkpoint::Checkpoint;
use super::datetime::format_gmt;
use super::endpoint::{Endpoint, Family, Method, GENERIC};
use super::error::{Error, Result};
use super::js::{
    whole, AbortSignal, DateArg, InvalidRecordsArg, JsFunction, JsonArg, RequestQuery, Scalar,
};
use super::json::write;
use super::option_errors::{self, format_number, read, required, show, subject, text};
use super::options::{self, InvalidRecords, Language, MAX_CONCURRENCY};
use super::rules::{self, MAX_PAGE_SIZE};
use serde::{Deserialize, Deserializer, Serialize};
use tsify::Tsify;

/// The largest offset (2^53, the largest whole number JavaScript holds exactly).
const MAX_START: u64 = 1 << 53;

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
    /// The `invalidRecords` callback of this call (overrides the client's).
    pub on_invalid: Option<JsFunction>,
    /// Accept a page identical to one already delivered (`allowRepeatedPages`), for a
    /// server whose data legitimately repeats.
    pub allow_repeated_pages: bool,
    /// `pageSize`: the elements a page may hold, sent as `limit` (Documents API GETs).
    pub page_size: Option<u64>,
    /// The state to resume from (`resume`, made by `paginator.checkpoint()`).
    pub resume: Option<Checkpoint>,
}

/// Declares an options struct: the endpoint's own options plus the options of every
/// paginated endpoint (serde cannot flatten them: a flattened struct is buffered, which
/// would lose the JS values and the check for unknown options).
macro_rules! paged_options {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        #[tsify(missing_as_null)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Aborts requests in flight and waits at once.
            #[serde(default)]
            pub signal: Option<AbortSignal>,
            /// The offset to start from (e.g. a failed page's `error.start`).
            #[serde(default, deserialize_with = "whole::<_, 0, MAX_START>")]
            pub start: Option<u64>,
            /// Overrides the client's `concurrency`.
            #[serde(default, deserialize_with = "whole::<_, 1, MAX_CONCURRENCY>")]
            pub concurrency: Option<u64>,
            /// Overrides the client's `invalidRecords`.
            #[serde(default)]
            pub invalid_records: Option<InvalidRecordsArg>,
            /// Accept a page identical to one already delivered (default false: such a
            /// page stops paging with a "pagination" error, as a server that ignores
            /// `start` sends them).
            #[serde(default)]
            pub allow_repeated_pages: Option<bool>,
            /// Documents API GET calls only (elsewhere an "invalidArgument" error): the
            /// elements a page may hold (1 to 1000), sent as `limit`; paging stays exact if
            /// the server ignores it.
            #[serde(default, deserialize_with = "whole::<_, 1, MAX_PAGE_SIZE>")]
            pub page_size: Option<u64>,
            /// Resume where `paginator.checkpoint()` was taken, with the same guards.
            #[serde(default)]
            pub resume: Option<Checkpoint>,
        }

        impl $name {
            #[allow(dead_code)] // (not by `PageOptions`, which only names the options)
            fn common(&self, endpoint: &'static Endpoint) -> Call {
                Call {
                    concurrency: self.concurrency,
                    invalid_records: options::invalid_records(self.invalid_records.as_ref()),
                    on_invalid: match &self.invalid_records {
                        Some(InvalidRecordsArg::Callback(f)) => Some(f.clone()),
                        _ => None,
                    },
                    allow_repeated_pages: self.allow_repeated_pages.unwrap_or(false),
                    page_size: self.page_size,
                    resume: self.resume.clone(),
                    ..Call::single(endpoint, self.start)
                }
            }

            /// The caller's signal, if any.
            pub fn signal(self) -> Option<AbortSignal> {
                self.signal
            }
        }
    };
}

paged_options!(
    /// The options every paginated endpoint accepts (each endpoint's options type repeats
    /// them; this type only names them for TypeScript).
    PageOptions {}
);

paged_options!(
    /// Options of the KeepIT exports (`customersExport`, `pricesExport`, `salesExport`).
    ExportOptions {
        /// true (default): everything; false: what changed since the last call of `system`.
        #[serde(default)]
        complete_extraction: Option<bool>,
        /// The language of descriptions.
        #[serde(default)]
        language_id: Option<Language>,
        /// Your system's name; required with `completeExtraction: false`.
        #[serde(default)]
        system: Option<String>,
    }
);

paged_options!(
    /// Options of `loyaltyVouchers`.
    LoyaltyVouchersOptions {
        /// The customer's card barcode (required).
        card_barcode: String,
        /// The primary key field name.
        #[serde(default)]
        pk_field_name: Option<String>,
    }
);

paged_options!(
    /// Options of `lastDigitalOrders`.
    LastDigitalOrdersOptions {
        /// Orders created since: a Date, or "yyyy-MM-dd HH:mm:ss" in GMT (required).
        from_date_time: DateArg,
    }
);

paged_options!(
    /// Options of `paginate`: any paginated command.
    GenericOptions {
        /// The 4WS command (letters, digits, `_`).
        cmd: String,
        /// "GET" (default) or "POST".
        #[serde(default)]
        method: Option<HttpMethod>,
        /// The command's own query parameters (a Date is sent as its GMT time).
        #[serde(default)]
        query: Option<RequestQuery>,
        /// The JSON body, for POST (a Date is sent as its GMT time).
        #[serde(default)]
        body: Option<JsonArg>,
    }
);

/// Options of `request`: one call, no paging.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct RequestOptions {
    /// The 4WS command (letters, digits, `_`).
    pub cmd: String,
    /// "GET" (default) or "POST".
    #[serde(default)]
    pub method: Option<HttpMethod>,
    /// The command's own query parameters (a Date is sent as its GMT time).
    #[serde(default)]
    pub query: Option<RequestQuery>,
    /// The JSON body, for POST (a Date is sent as its GMT time).
    #[serde(default)]
    pub body: Option<JsonArg>,
    /// Aborts the request at once.
    #[serde(default)]
    pub signal: Option<AbortSignal>,
    /// Sent as the `start` query parameter.
    #[serde(default, deserialize_with = "whole::<_, 0, MAX_START>")]
    pub start: Option<u64>,
}

/// Options of `Paginator.all()`.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct AllOptions {
    /// Stop requesting once this many records are collected.
    #[serde(default, deserialize_with = "whole::<_, 1, MAX_START>")]
    pub limit: Option<u64>,
}

/// What a message calls `all()`'s options.
pub const ALL_OPTIONS: &str = "all() options";

/// `"GET"` or `"POST"`, in any letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl From<Method> for HttpMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Get => HttpMethod::Get,
            Method::Post => HttpMethod::Post,
        }
    }
}

impl<'de> Deserialize<'de> for HttpMethod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.eq_ignore_ascii_case("GET") {
            Ok(HttpMethod::Get)
        } else if s.eq_ignore_ascii_case("POST") {
            Ok(HttpMethod::Post)
        } else {
            Err(serde::de::Error::custom(format_args!(
                "must be \"GET\" or \"POST\", got {}",
                show(&s)
            )))
        }
    }
}

fn with_cmd(e: Error, cmd: &str) -> Error {
    if cmd.is_empty() {
        e
    } else {
        e.with_cmd(cmd)
    }
}

impl AllOptions {
    /// Reads and checks `all()`'s options: the limit, if any.
    pub fn parse<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>>
    where
        D::Error: std::fmt::Display,
    {
        read::<AllOptions, D>(ALL_OPTIONS, d).map(|o| o.limit)
    }
}

impl Call {
    /// One call of `endpoint` with no paging options of its own (`client.request()`, a
    /// forwarded call): `start` as given, every other option at its default.
    pub fn single(endpoint: &'static Endpoint, start: Option<u64>) -> Call {
        Call {
            endpoint,
            cmd: endpoint.cmd.to_owned(),
            method: endpoint.method,
            query: Vec::new(),
            body: None,
            start: start.unwrap_or(0),
            start_given: start.is_some(),
            incremental: false,
            concurrency: None,
            invalid_records: None,
            on_invalid: None,
            allow_repeated_pages: false,
            page_size: None,
            resume: None,
        }
    }

    /// Reads and validates the options of `endpoint`'s `Client` method from any serde
    /// source (pass an empty object for absent options); also returns the `signal`.
    pub fn parse<'de, D: Deserializer<'de>>(
        endpoint: &'static Endpoint,
        d: D,
    ) -> Result<(Call, Option<AbortSignal>)>
    where
        D::Error: std::fmt::Display,
    {
        let what = format!("{} options", endpoint.method_name);
        let what = what.as_str();
        let parsed = match endpoint.family {
            Family::Export => read::<ExportOptions, D>(what, d)
                .and_then(|o| Ok((o.validate(what, endpoint)?, o.signal()))),
            Family::Vouchers => read::<LoyaltyVouchersOptions, D>(what, d)
                .and_then(|o| Ok((o.validate(what, endpoint)?, o.signal()))),
            Family::DigitalOrders => read::<LastDigitalOrdersOptions, D>(what, d)
                .and_then(|o| Ok((o.validate(endpoint)?, o.signal()))),
            Family::Generic => read::<GenericOptions, D>(what, d)
                .and_then(|o| Ok((o.validate(what, endpoint)?, o.signal()))),
        };
        let parsed = parsed.and_then(|(call, signal)| {
            if let Some(cp) = &call.resume {
                cp.check(what)?;
                cp.check_fits(&call.cmd, call.incremental, call.start_given)?;
            }
            Ok((call, signal))
        });
        parsed.map_err(|e| with_cmd(e, endpoint.cmd))
    }

    /// Reads and validates the options of `client.request()` (one call, no paging).
    pub fn parse_request<'de, D: Deserializer<'de>>(d: D) -> Result<(Call, Option<AbortSignal>)>
    where
        D::Error: std::fmt::Display,
    {
        let what = "request options";
        let o: RequestOptions = read(what, d)?;
        let mut call = Call::single(&GENERIC, o.start);
        generic(
            &mut call,
            what,
            &o.cmd,
            o.method,
            o.query.as_ref(),
            o.body.as_ref(),
        )?;
        Ok((call, o.signal))
    }

    /// Reads natively from JSON text (tests and fuzzing; JS-only values are the markers of
    /// [`super::js::native`], read only
    /// natively; in wasm, such values come from JS values only).
    pub fn from_json(endpoint: &'static Endpoint, json: &str) -> Result<Call> {
        Self::parse(endpoint, &mut serde_json::Deserializer::from_str(json)).map(|(c, _)| c)
    }
}

impl ExportOptions {
    /// Checks the options and builds the export's body.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let call = self.common(endpoint);
        if call.page_size.is_some() {
            return Err(rules::page_size_not_here(endpoint.method_name));
        }
        let mut call = call;
        let complete = self.complete_extraction.unwrap_or(true);
        let system = text(what, "system", self.system.as_deref())?;
        // The rule the proxy applies to forwarded export bodies too.
        let body = rules::export_body(&rules::ExportArgs {
            complete,
            language: self.language_id.map(Language::as_str),
            system,
            start_given: call.start_given,
        })?;
        call.incremental = !complete;
        call.body = Some(body.text());
        Ok(call)
    }
}

impl LoyaltyVouchersOptions {
    /// Checks the card barcode.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(endpoint);
        let card = rules::card_barcode(text(what, "cardBarcode", Some(&self.card_barcode))?)?;
        call.query.push(("cardBarcode".into(), card.to_owned()));
        if let Some(pk) = text(what, "pkFieldName", self.pk_field_name.as_deref())? {
            if !pk.is_empty() {
                call.query.push(("pkFieldName".into(), pk.to_owned()));
            }
        }
        Ok(call)
    }
}

impl LastDigitalOrdersOptions {
    /// Checks `fromDateTime`.
    pub fn validate(&self, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(endpoint);
        let from = from_date_time(&self.from_date_time)?;
        call.query.push(("fromDateTime".into(), from));
        Ok(call)
    }
}

impl GenericOptions {
    /// Checks the command, method, query and body.
    pub fn validate(&self, what: &str, endpoint: &'static Endpoint) -> Result<Call> {
        let mut call = self.common(endpoint);
        generic(
            &mut call,
            what,
            &self.cmd,
            self.method,
            self.query.as_ref(),
            self.body.as_ref(),
        )?;
        if call.page_size.is_some() && call.method == Method::Post {
            return Err(rules::page_size_not_here("paginate with method \"POST\""));
        }
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
    cmd: &str,
    method: Option<HttpMethod>,
    query: Option<&RequestQuery>,
    body: Option<&JsonArg>,
) -> Result<()> {
    let cmd = required(what, "cmd", Some(cmd))?;
    if !cmd.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::invalid_argument(format!(
            "{} must be a 4WS command name (letters, digits, _), got {}",
            subject(what, "cmd"),
            show(cmd)
        )));
    }
    call.cmd = cmd.to_owned();
    call.method = match method {
        None | Some(HttpMethod::Get) => Method::Get,
        Some(HttpMethod::Post) => Method::Post,
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
pub fn from_date_time(v: &DateArg) -> Result<String> {
    match v {
        DateArg::Date(ms) => date(*ms, "fromDateTime"),
        DateArg::Text(s) => rules::from_date_time_text(s).map(|()| s.clone()),
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
            (&VOUCHERS, json!({}), "option `cardBarcode` of loyaltyVouchers options is required"),
            (&VOUCHERS, json!({"cardBarcode": "  "}), "needs `cardBarcode`"),
            (&VOUCHERS, json!({"cardBarcode": null}), "option `cardBarcode` of loyaltyVouchers options must be a string, got null"),
            (&VOUCHERS, json!({"cardBarcode": 123}), "option `cardBarcode` of loyaltyVouchers options must be a string, got the number 123"),
            (&DIGITAL_ORDERS, json!({}), "option `fromDateTime` of lastDigitalOrders options is required"),
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
        let req = |s: &str| Call::parse_request(&mut serde_json::Deserializer::from_str(s));
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
    fn page_size_is_for_documents_api_gets_only() {
        let c = Call::from_json(&VOUCHERS, r#"{"cardBarcode":"1","pageSize":50}"#).unwrap();
        assert_eq!(c.page_size, Some(50));
        let c = Call::from_json(&GENERIC, r#"{"cmd":"getX","pageSize":1000}"#).unwrap();
        assert_eq!(c.page_size, Some(1000));
        let c =
            Call::from_json(&DIGITAL_ORDERS, r#"{"fromDateTime":"2020-09-08 13:18:00"}"#).unwrap();
        assert_eq!(c.page_size, None);
        for (ep, arg, want) in [
            (&VOUCHERS, r#"{"cardBarcode":"1","pageSize":0}"#, "option `pageSize` of loyaltyVouchers options must be a whole number from 1 to 1000, got the number 0"),
            (&VOUCHERS, r#"{"cardBarcode":"1","pageSize":1001}"#, "from 1 to 1000"),
            (&VOUCHERS, r#"{"cardBarcode":"1","pageSize":2.5}"#, "from 1 to 1000"),
            (&VOUCHERS, r#"{"cardBarcode":"1","pageSize":"50"}"#, "must be a number"),
            (&CUSTOMERS, r#"{"pageSize":50}"#, "`pageSize` does not apply to customersExport"),
            (&GENERIC, r#"{"cmd":"x","method":"POST","pageSize":50}"#, "does not apply to paginate with method \"POST\""),
        ] {
            let e = Call::from_json(ep, arg).unwrap_err();
            assert_eq!(e.kind, crate::core::Kind::InvalidArgument, "{arg}");
            assert!(e.message.contains(want), "{arg}: {}", e.message);
        }
    }

    #[test]
    fn all_options() {
        let p = |s: &str| AllOptions::parse(&mut serde_json::Deserializer::from_str(s));
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
