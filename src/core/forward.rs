//! The server-side proxy's check of one call a page asks it to forward (`fourws/proxy`):
//! the command, the HTTP method, the query parameters and the body, judged by the same
//! rules the client applies before it sends ([`super::rules`], the endpoint table).
//! Anything the client would never send is refused: an unknown or repeated parameter, a
//! second `cmd`, the wrong method, a body on a GET, an export body with unknown fields.
//! What passes is normalised (values trimmed and re-encoded by the proxy, never copied as
//! raw text), so the proxy forwards only what it understood.

use super::call::{Call, HttpMethod};
use super::endpoint::{Endpoint, Family, Method, ALL};
use super::error::{Error, Result};
use super::fields::show;
use super::options::ClientConfig;
use super::request::{self, HttpRequest};
use super::rules::{self, ExportArgs, ExportBody};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use tsify::Tsify;

/// The longest parameter value accepted (no 4WS parameter comes near it).
pub const MAX_VALUE_BYTES: usize = 4096;

/// The largest `start` (JavaScript's safe integers).
const MAX_START: u64 = 1 << 53;

/// A call that may be forwarded, normalised.
#[derive(Clone, Debug)]
pub struct Forward {
    /// The command's endpoint (its `cmd` and method).
    pub endpoint: &'static Endpoint,
    /// The endpoint's own query parameters, then `start`, in a fixed order (never `cmd`,
    /// `appId` or `applicationId`: the proxy sets those).
    pub query: Vec<(String, String)>,
    /// The export's body, for POST.
    pub body: Option<ExportBody>,
}

/// A call a page asked for, after the core checked it (values normalised): what the proxy
/// hands to `authorize` and forwards.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct ProxyCall<'a> {
    /// The command.
    pub cmd: ProxyCommand,
    /// The command's HTTP method.
    pub method: HttpMethod,
    /// The command's own query parameters and `start` (never `cmd`, `appId`,
    /// `applicationId`), by name.
    pub query: BTreeMap<&'a str, &'a str>,
    /// An export's body, or null for a GET.
    pub body: Option<&'a ExportBody>,
}

/// The upstream request of a checked call, as the proxy's JavaScript sends it, with the
/// values its caller chose ([`Forward::values`]), which an answer gives back as sent.
#[derive(Serialize)]
pub struct Upstream<'a> {
    /// The full URL.
    pub url: &'a str,
    /// The JSON body, for POST.
    pub body: Option<&'a str>,
    /// The client's own headers for this account, in order (credentials included: this
    /// goes to the 4WS host only, never to a log or the caller).
    pub headers: &'a [(String, String)],
    /// Every value the caller chose.
    pub kept: &'a [String],
}

impl Upstream<'_> {
    /// As JSON (serde), for the proxy's JavaScript.
    pub fn to_json(&self) -> String {
        // Strings only: serde_json cannot refuse them.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A 4WS command the proxy can check and forward, serialised as its name (its TypeScript
/// union is written from the endpoint table: [`command_types`]).
#[derive(Clone, Copy, Debug)]
pub struct ProxyCommand(pub &'static Endpoint);

impl Serialize for ProxyCommand {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.0.cmd)
    }
}

/// The TypeScript of the commands the proxy can check (`ProxyCommand`) and of the exports
/// among them (`ProxyExport`), from the endpoint table.
pub fn command_types() -> String {
    let union = |exports_only: bool| {
        ALL.iter()
            .filter(|e| !exports_only || e.family == Family::Export)
            .map(|e| format!("\"{}\"", e.cmd))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    format!(
        "/**\n * The 4WS commands the proxy can check and forward.\n */\nexport type ProxyCommand = {};\n\n\
         /**\n * The exports among them (their `allow` may name systems for incremental exports).\n */\n\
         export type ProxyExport = {};",
        union(false),
        union(true)
    )
}

impl Forward {
    /// The upstream request of this call for the account `config`, built by the client's
    /// own request builder (one percent-encoding, one set of credential headers).
    pub fn request(&self, config: &ClientConfig) -> HttpRequest {
        let start = self
            .query
            .iter()
            .find(|(k, _)| k == "start")
            .and_then(|(_, v)| v.parse::<u64>().ok());
        // A checked `limit` is already among the query pairs: no `pageSize` of its own.
        let mut call = Call::single(self.endpoint, start);
        call.query = self
            .query
            .iter()
            .filter(|(k, _)| k != "start")
            .cloned()
            .collect();
        call.body = self.body.as_ref().map(ExportBody::text);
        request::build(config, &call, start)
    }

    /// Every value the caller chose in this call (query values and the body's strings):
    /// an answer gives them back as they were sent.
    pub fn values(&self) -> Vec<String> {
        let mut out: Vec<String> = self.query.iter().map(|(_, v)| v.clone()).collect();
        if let Some(body) = &self.body {
            out.extend(body.values());
        }
        out
    }

    /// The call as the proxy's JavaScript sees it.
    pub fn call(&self) -> ProxyCall<'_> {
        ProxyCall {
            cmd: ProxyCommand(self.endpoint),
            method: self.endpoint.method.into(),
            query: self
                .query
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            body: self.body.as_ref(),
        }
    }

    /// The call as JSON (serde, [`ProxyCall`]): `{"cmd":..,"method":..,"query":{..},
    /// "body":{..}|null}`.
    pub fn to_json(&self) -> String {
        // Strings and a map of strings: serde_json cannot refuse them.
        serde_json::to_string(&self.call()).unwrap_or_default()
    }
}

/// The endpoint of a wrapped command, by its 4WS name.
pub fn endpoint_of(cmd: &str) -> Option<&'static Endpoint> {
    ALL.iter().copied().find(|e| e.cmd == cmd)
}

/// The query parameters `family` takes besides `start`.
fn own_parameters(family: Family) -> &'static [&'static str] {
    match family {
        Family::Export => &[],
        Family::Vouchers => &["cardBarcode", "pkFieldName", "limit"],
        Family::DigitalOrders => &["fromDateTime", "limit"],
        Family::Generic => &[],
    }
}

fn refuse(message: impl Into<String>) -> Error {
    Error::invalid_argument(message).with_status(400)
}

/// Checks one call: `method` as the request came (`GET`, `POST`, ...), every query pair
/// in order (decoded, `cmd` and the application ids included) and the body's text.
/// `systems` names the systems whose incremental exports the integrator allowed: an
/// export naming any other `system` (or an incremental one without it) is refused with 403,
/// so that a page cannot consume the back office's incremental cursor.
/// Errors are `invalidArgument` with `status` 405 (wrong method), 403 (an export mode not
/// allowed) or 400 (anything else).
pub fn check(
    method: &str,
    query: &[(String, String)],
    body: &str,
    systems: &[String],
) -> Result<Forward> {
    for (i, (name, _)) in query.iter().enumerate() {
        if query[..i].iter().any(|(n, _)| n == name) {
            return Err(refuse(format!(
                "the query names {} more than once; a forwarded call names each parameter once",
                show(name)
            )));
        }
    }
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let cmd = get("cmd").ok_or_else(|| refuse("the call names no `cmd`"))?;
    let endpoint = endpoint_of(cmd).ok_or_else(|| {
        refuse(format!(
            "{} is not a 4WS command this proxy knows how to check",
            show(cmd)
        ))
    })?;
    let located = |e: Error| {
        let status = e.status.unwrap_or(400);
        e.with_cmd(endpoint.cmd).with_status(status)
    };
    if method != endpoint.method.as_str() {
        return Err(Error::invalid_argument(format!(
            "{} takes {}, not {}",
            endpoint.cmd,
            endpoint.method.as_str(),
            show(method)
        ))
        .with_cmd(endpoint.cmd)
        .with_status(405));
    }
    let own = own_parameters(endpoint.family);
    let mut start = None;
    for (name, value) in query {
        if value.len() > MAX_VALUE_BYTES {
            return Err(located(Error::invalid_argument(format!(
                "the value of `{name}` is longer than {MAX_VALUE_BYTES} bytes"
            ))));
        }
        if value.chars().any(char::is_control) {
            return Err(located(Error::invalid_argument(format!(
                "the value of `{name}` holds a control character (a line break, a tab, NUL...)"
            ))));
        }
        match name.as_str() {
            "cmd" | "appId" | "applicationId" => {}
            "start" => start = Some(parse_start(value).map_err(located)?),
            n if own.contains(&n) => {}
            _ => {
                let mut takes: Vec<&str> = own.to_vec();
                takes.push("start");
                return Err(located(Error::invalid_argument(format!(
                    "{} is not a parameter of {} (it takes {})",
                    show(name),
                    endpoint.cmd,
                    takes.join(", ")
                ))));
            }
        }
    }
    let mut forward = Forward {
        endpoint,
        query: Vec::new(),
        body: None,
    };
    match endpoint.family {
        Family::Vouchers => {
            let card = rules::card_barcode(get("cardBarcode")).map_err(located)?;
            forward.query.push(("cardBarcode".into(), card.to_owned()));
            if let Some(pk) = get("pkFieldName").filter(|pk| !pk.is_empty()) {
                forward.query.push(("pkFieldName".into(), pk.to_owned()));
            }
        }
        Family::DigitalOrders => {
            let from =
                get("fromDateTime").ok_or_else(|| located(rules::from_date_time_missing()))?;
            rules::from_date_time_text(from).map_err(located)?;
            forward.query.push(("fromDateTime".into(), from.to_owned()));
        }
        Family::Export => {
            forward.body = Some(export_body(body, start.is_some(), systems).map_err(located)?);
        }
        Family::Generic => {}
    }
    if let Some(limit) = get("limit").filter(|_| own.contains(&"limit")) {
        let limit = rules::limit_text(limit).map_err(located)?;
        forward.query.push(("limit".into(), limit.to_string()));
    }
    if endpoint.method == Method::Get && !body.trim().is_empty() {
        return Err(located(Error::invalid_argument(format!(
            "{} is a GET: it carries no body",
            endpoint.cmd
        ))));
    }
    if let Some(s) = start {
        forward.query.push(("start".into(), s.to_string()));
    }
    Ok(forward)
}

fn parse_start(value: &str) -> Result<u64> {
    let bad = || {
        Error::invalid_argument(format!(
            "`start` must be a whole number from 0 to 2^53, got {}",
            show(value)
        ))
    };
    if value.is_empty() || value.len() > 16 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    value
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= MAX_START)
        .ok_or_else(bad)
}

/// Reads an export's JSON body (an object of strings: `completeExtraction` `"T"`/`"F"`,
/// optional `languageId`, `system`) and returns it rebuilt by [`rules::export_body`].
fn export_body(text: &str, start_given: bool, systems: &[String]) -> Result<ExportBody> {
    let syntax = || {
        Error::invalid_argument(
            "an export's body must be a JSON object of strings: {\"completeExtraction\":\"T\"|\"F\", \
             \"languageId\"?, \"system\"?}",
        )
    };
    // Read as pairs in order (serde_json's own maps would keep only the last of a repeated
    // key, and a repeated parameter must be refused, not resolved).
    let pairs: Pairs = serde_json::from_str(text).map_err(|_| syntax())?;
    let mut fields: Vec<(String, String)> = Vec::new();
    for (key, value) in pairs.0 {
        let serde_json::Value::String(value) = value else {
            return Err(Error::invalid_argument(format!(
                "the body's {} must be a string",
                show(&key)
            )));
        };
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(Error::invalid_argument(format!(
                "the body names {} more than once",
                show(&key)
            )));
        }
        if !matches!(key.as_str(), "completeExtraction" | "languageId" | "system") {
            return Err(Error::invalid_argument(format!(
                "the body's {} is not a field of an export (it takes completeExtraction, \
                 languageId, system)",
                show(&key)
            )));
        }
        if value.len() > MAX_VALUE_BYTES {
            return Err(Error::invalid_argument(format!(
                "the body's `{key}` is longer than {MAX_VALUE_BYTES} bytes"
            )));
        }
        fields.push((key, value));
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let complete = match field("completeExtraction") {
        None | Some("T") => true,
        Some("F") => false,
        Some(other) => {
            return Err(Error::invalid_argument(format!(
                "the body's `completeExtraction` must be \"T\" or \"F\", got {}",
                show(other)
            )))
        }
    };
    let body = rules::export_body(&ExportArgs {
        complete,
        language: field("languageId"),
        system: field("system"),
        start_given,
    })?;
    if let Some(system) = field("system") {
        if !systems.iter().any(|s| s == system) {
            return Err(Error::invalid_argument(format!(
                "incremental exports (and `system`) are not allowed through this proxy for \
                 the system {}: the integrator allows them per system name",
                show(system)
            ))
            .with_status(403));
        }
    }
    Ok(body)
}

/// A JSON object's members in order, repeated keys kept (for the check that refuses them).
struct Pairs(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = map.next_entry::<String, serde_json::Value>()? {
                    out.push(kv);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Kind;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn refused(method: &str, pairs: &[(&str, &str)], body: &str) -> Error {
        let e = check(method, &q(pairs), body, &[]).unwrap_err();
        assert_eq!(e.kind, Kind::InvalidArgument);
        e
    }

    #[test]
    fn what_the_client_sends_passes_normalised() {
        let f = check(
            "GET",
            &q(&[
                ("cmd", "getLoyaltyVouchers_v1"),
                ("appId", "KEEPIT"),
                ("applicationId", "KEEPIT"),
                ("pkFieldName", "identifier"),
                ("cardBarcode", " 0099000001209 "),
                ("start", "20"),
            ]),
            "",
            &[],
        )
        .unwrap();
        assert_eq!(
            f.query,
            q(&[
                ("cardBarcode", "0099000001209"),
                ("pkFieldName", "identifier"),
                ("start", "20")
            ])
        );
        let v: serde_json::Value = serde_json::from_str(&f.to_json()).unwrap();
        assert_eq!(v["cmd"], "getLoyaltyVouchers_v1");
        assert_eq!(v["method"], "GET");
        assert_eq!(v["query"]["cardBarcode"], "0099000001209");
        assert_eq!(v["body"], serde_json::Value::Null);

        let f = check(
            "GET",
            &q(&[
                ("cmd", "getLastDigitalOrders_v1"),
                ("fromDateTime", "2020-09-01 00:00:00"),
            ]),
            "",
            &[],
        )
        .unwrap();
        assert_eq!(f.query, q(&[("fromDateTime", "2020-09-01 00:00:00")]));

        let f = check(
            "POST",
            &q(&[("cmd", "getCustomersExport_v3"), ("start", "40")]),
            " { \"completeExtraction\" : \"T\" } ",
            &[],
        )
        .unwrap();
        assert_eq!(
            f.body.as_ref().map(ExportBody::text).as_deref(),
            Some(r#"{"completeExtraction":"T"}"#)
        );
        let f = check(
            "POST",
            &q(&[("cmd", "getSalesExport_v3")]),
            r#"{"system":"ERP","completeExtraction":"F","languageId":"IT"}"#,
            &["ERP".to_owned()],
        )
        .unwrap();
        assert_eq!(
            f.body.as_ref().map(ExportBody::text).as_deref(),
            Some(r#"{"completeExtraction":"F","languageId":"IT","system":"ERP"}"#)
        );
        let v: serde_json::Value = serde_json::from_str(&f.to_json()).unwrap();
        assert_eq!(v["body"]["system"], "ERP");
    }

    #[test]
    fn limit_passes_on_the_documents_lookups_only() {
        let vouchers = ("cmd", "getLoyaltyVouchers_v1");
        let f = check(
            "GET",
            &q(&[vouchers, ("cardBarcode", "1"), ("limit", "50")]),
            "",
            &[],
        )
        .unwrap();
        assert_eq!(
            f.query.last(),
            Some(&("limit".to_string(), "50".to_string()))
        );
        for bad in ["0", "1001", "05", "+5", "x", ""] {
            let e = refused("GET", &[vouchers, ("cardBarcode", "1"), ("limit", bad)], "");
            assert!(
                e.message.contains("`limit` (pageSize)"),
                "{bad}: {}",
                e.message
            );
        }
        let e = refused(
            "POST",
            &[("cmd", "getCustomersExport_v3"), ("limit", "5")],
            r#"{"completeExtraction":"T"}"#,
        );
        assert!(e.message.contains("not a parameter"), "{}", e.message);
    }

    #[test]
    fn refusals_name_the_problem() {
        let vouchers = ("cmd", "getLoyaltyVouchers_v1");
        let orders = ("cmd", "getLastDigitalOrders_v1");
        let customers = ("cmd", "getCustomersExport_v3");
        let full = r#"{"completeExtraction":"T"}"#;
        type Row<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, u16, &'a str);
        let table: Vec<Row> = vec![
            ("GET", vec![], "", 400, "no `cmd`"),
            ("GET", vec![vouchers, vouchers], "", 400, "more than once"),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1"), ("cardBarcode", "2")],
                "",
                400,
                "more than once",
            ),
            ("GET", vec![("cmd", "deleteEverything")], "", 400, "knows"),
            (
                "POST",
                vec![vouchers, ("cardBarcode", "1")],
                "",
                405,
                "takes GET",
            ),
            ("GET", vec![customers], "", 405, "takes POST"),
            (
                "get",
                vec![vouchers, ("cardBarcode", "1")],
                "",
                405,
                "takes GET",
            ),
            ("GET", vec![vouchers], "", 400, "needs `cardBarcode`"),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "  ")],
                "",
                400,
                "needs `cardBarcode`",
            ),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1"), ("customerCode", "x")],
                "",
                400,
                "not a parameter of getLoyaltyVouchers_v1",
            ),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1\r\nx-evil: 1")],
                "",
                400,
                "control character",
            ),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1"), ("start", "-1")],
                "",
                400,
                "`start`",
            ),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1"), ("start", "1e3")],
                "",
                400,
                "`start`",
            ),
            (
                "GET",
                vec![vouchers, ("cardBarcode", "1")],
                "{}",
                400,
                "carries no body",
            ),
            ("GET", vec![orders], "", 400, "needs `fromDateTime`"),
            (
                "GET",
                vec![orders, ("fromDateTime", "2020-09-01")],
                "",
                400,
                "must be a Date or a string",
            ),
            (
                "GET",
                vec![orders, ("fromDateTime", "2020-02-30 00:00:00")],
                "",
                400,
                "not a real date",
            ),
            ("POST", vec![customers], "", 400, "JSON object"),
            ("POST", vec![customers], "[1]", 400, "JSON object"),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"T"} x"#,
                400,
                "JSON object",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":true}"#,
                400,
                "must be a string",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"Y"}"#,
                400,
                "\"T\" or \"F\"",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"F"}"#,
                400,
                "needs `system`",
            ),
            (
                "POST",
                vec![customers, ("start", "20")],
                r#"{"completeExtraction":"F","system":"ERP"}"#,
                400,
                "`start` only applies",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"T","languageId":"FR"}"#,
                400,
                "\"IT\" or \"EN\"",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"T","where":"1=1"}"#,
                400,
                "not a field of an export",
            ),
            (
                "POST",
                vec![customers],
                r#"{"completeExtraction":"T","completeExtraction":"F"}"#,
                400,
                "more than once",
            ),
            (
                "POST",
                vec![customers, ("cardBarcode", "1")],
                full,
                400,
                "not a parameter",
            ),
        ];
        for (method, pairs, body, status, want) in table {
            let e = refused(method, &pairs, body);
            assert_eq!(e.status, Some(status), "{pairs:?} {body}: {}", e.message);
            assert!(e.message.contains(want), "{pairs:?} {body}: {}", e.message);
        }
        let long = "9".repeat(MAX_VALUE_BYTES + 1);
        let e = refused("GET", &[vouchers, ("cardBarcode", &long)], "");
        assert!(e.message.contains("longer than"), "{}", e.message);
        let e = refused("GET", &[vouchers], "");
        assert_eq!(e.cmd.as_deref(), Some("getLoyaltyVouchers_v1"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for body in [
            "",
            "{",
            "{\"",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":\"\\u12",
            "\u{0}",
            "{}}",
        ] {
            let _ = check("POST", &q(&[("cmd", "getPricesExport_v3")]), body, &[]);
        }
        assert!(check("POST", &q(&[("cmd", "getPricesExport_v3")]), "{}", &[]).is_ok());
    }

    /// Pseudo-random calls built from the pieces a hostile caller would use: the check
    /// never panics, every refusal is an `invalidArgument` with status 400 or 405, and
    /// whatever passes is checked the same way again from its own output.
    #[test]
    fn random_calls_never_panic_and_what_passes_is_stable() {
        const NAMES: [&str; 9] = [
            "cmd",
            "cardBarcode",
            "pkFieldName",
            "fromDateTime",
            "start",
            "appId",
            "system",
            "x",
            "",
        ];
        const VALUES: [&str; 14] = [
            "getLoyaltyVouchers_v1",
            "getLastDigitalOrders_v1",
            "getCustomersExport_v3",
            "getSalesExport_v3",
            "0099000001209",
            " ",
            "",
            "2020-09-01 00:00:00",
            "2020-13-01 00:00:00",
            "20",
            "-1",
            "1\r\n",
            "\u{0}",
            "é€😀",
        ];
        const BODIES: [&str; 9] = [
            "",
            "{}",
            r#"{"completeExtraction":"T"}"#,
            r#"{"completeExtraction":"F","system":"S"}"#,
            r#"{"completeExtraction":"F"}"#,
            r#"{"languageId":"EN","completeExtraction":"T"}"#,
            r#"{"a":{"b":[1,2,{"c":null}]}}"#,
            "{\"\\ud800\":\"x\"}",
            "[\"",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut passed = 0;
        let systems = vec!["S".to_owned()];
        for _ in 0..20_000 {
            let mut pairs: Vec<(String, String)> = Vec::new();
            if next(2) == 0 {
                pairs.push(("cmd".to_owned(), VALUES[next(4)].to_owned()));
            }
            pairs.extend((0..next(4)).map(|_| {
                (
                    NAMES[next(NAMES.len())].to_owned(),
                    VALUES[next(VALUES.len())].to_owned(),
                )
            }));
            let method = ["GET", "POST", "PUT"][next(3)];
            let body = BODIES[next(BODIES.len())];
            match check(method, &pairs, body, &systems) {
                Ok(f) => {
                    passed += 1;
                    let mut again = vec![("cmd".to_owned(), f.endpoint.cmd.to_owned())];
                    again.extend(f.query.iter().cloned());
                    let again = check(
                        f.endpoint.method.as_str(),
                        &again,
                        &f.body.as_ref().map(ExportBody::text).unwrap_or_default(),
                        &systems,
                    )
                    .expect("a normalised call passes again");
                    assert_eq!((again.query, again.body), (f.query, f.body));
                }
                Err(e) => {
                    assert_eq!(e.kind, Kind::InvalidArgument);
                    assert!(matches!(e.status, Some(400 | 403 | 405)), "{e:?}");
                }
            }
        }
        assert!(
            passed > 100,
            "the generator reaches valid calls too ({passed})"
        );
    }

    /// Issue 18 item 14: allowing an export allows its complete extraction only; an
    /// incremental one (or any `system`) needs the system allowed by name.
    #[test]
    fn incremental_exports_need_their_system_allowed() {
        let prices = [("cmd", "getPricesExport_v3")];
        for body in [
            r#"{"completeExtraction":"F","system":"ERP"}"#,
            r#"{"completeExtraction":"T","system":"ERP"}"#,
        ] {
            let e = check("POST", &q(&prices), body, &[]).unwrap_err();
            assert_eq!(e.status, Some(403), "{}", e.message);
            assert!(e.message.contains("not allowed"), "{}", e.message);
            let e = check("POST", &q(&prices), body, &["SHOP".to_owned()]).unwrap_err();
            assert_eq!(e.status, Some(403));
        }
        let f = check(
            "POST",
            &q(&prices),
            r#"{"completeExtraction":"F","system":"SHOP"}"#,
            &["SHOP".to_owned()],
        )
        .unwrap();
        assert_eq!(f.values(), vec!["F".to_owned(), "SHOP".to_owned()]);
        assert!(check("POST", &q(&prices), r#"{"completeExtraction":"T"}"#, &[]).is_ok());
    }

    #[test]
    fn the_upstream_request_is_the_clients_own() {
        let config = crate::core::options::ClientOptions::from_json(
            r#"{"baseUrl":"https://acme.example/x","applicationId":"K P","username":"u",
                "password":"pw","companyId":"C"}"#,
        )
        .unwrap();
        let f = check(
            "GET",
            &q(&[
                ("cmd", "getLoyaltyVouchers_v1"),
                ("cardBarcode", "1&cmd=x y"),
                ("start", "20"),
            ]),
            "",
            &[],
        )
        .unwrap();
        let r = f.request(&config);
        assert_eq!(
            r.url,
            "https://acme.example/x/api?cmd=getLoyaltyVouchers_v1&appId=K%20P&applicationId=K%20P\
             &cardBarcode=1%26cmd%3Dx%20y&start=20"
        );
        assert!(r.headers.contains(&("password".into(), "pw".into())));
        assert!(r.body.is_none());
        let f = check(
            "POST",
            &q(&[("cmd", "getCustomersExport_v3")]),
            r#"{"completeExtraction":"T"}"#,
            &[],
        )
        .unwrap();
        let r = f.request(&config);
        assert!(r.url.ends_with("applicationId=K%20P"), "{}", r.url);
        assert_eq!(r.body.as_deref(), Some(r#"{"completeExtraction":"T"}"#));
        let kept = f.values();
        let json = Upstream {
            url: &r.url,
            body: r.body.as_deref(),
            headers: &r.headers,
            kept: &kept,
        }
        .to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["url"], r.url.as_str());
        assert_eq!(v["body"], r#"{"completeExtraction":"T"}"#);
        assert_eq!(v["kept"], serde_json::json!(["T"]));
        assert!(v["headers"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(["companyId", "C"])));
    }
}
