//! Building the HTTP request of one page: URL with `cmd`, `appId`, `applicationId`, the
//! endpoint's parameters and `start`; the credential headers; the JSON body.

use super::call::Call;
use super::endpoint::Method;
use super::options::ClientConfig;

/// An HTTP request, as data. Its `Debug` output hides the password header.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, for POST.
    pub body: Option<String>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if k.eq_ignore_ascii_case("password") {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// The request for `call` at offset `start` (`None`: send no `start`).
pub fn build(config: &ClientConfig, call: &Call, start: Option<u64>) -> HttpRequest {
    let body = match call.method {
        Method::Post => Some(call.body.clone().unwrap_or_else(|| "{}".into())),
        Method::Get => None,
    };
    HttpRequest {
        method: call.method,
        url: url(config, call, start),
        headers: headers(config, call.method),
        body,
    }
}

/// The URL for `call` at offset `start`.
pub fn url(config: &ClientConfig, call: &Call, start: Option<u64>) -> String {
    let mut url = String::with_capacity(config.base_url.len() + 128);
    url.push_str(&config.base_url);
    url.push_str("/api?cmd=");
    encode_component(&call.cmd, &mut url);
    for name in ["appId", "applicationId"] {
        url.push('&');
        url.push_str(name);
        url.push('=');
        encode_component(&config.application_id, &mut url);
    }
    for (k, v) in &call.query {
        url.push('&');
        encode_component(k, &mut url);
        url.push('=');
        encode_component(v, &mut url);
    }
    if let Some(limit) = call.page_size {
        url.push_str(&format!("&limit={limit}"));
    }
    if let Some(start) = start {
        url.push_str(&format!("&start={start}"));
    }
    url
}

/// The headers of every request of a client with `method`: the caller's extra headers,
/// then the credentials and application headers (which the extras cannot override).
pub fn headers(config: &ClientConfig, method: Method) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = config
        .headers
        .iter()
        .filter(|(k, _)| !is_reserved(k))
        .cloned()
        .collect();
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            headers.push((k.to_owned(), v.clone()));
        }
    };
    put("username", &config.username);
    put("password", &config.password);
    put("companyId", &config.company_id);
    put("siteId", &config.site_id);
    put("appId", &Some(config.application_id.clone()));
    put("applicationId", &Some(config.application_id.clone()));
    put("namespace", &config.namespace);
    put("languageId", &config.language_id);
    if config.load_roles {
        headers.push(("loadRoles".into(), "Y".into()));
    }
    if method == Method::Post {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    headers
}

/// Headers the client sets itself; the same names in `headers` are ignored.
fn is_reserved(name: &str) -> bool {
    const RESERVED: [&str; 10] = [
        "username",
        "password",
        "companyid",
        "siteid",
        "appid",
        "applicationid",
        "namespace",
        "languageid",
        "loadroles",
        "content-type",
    ];
    RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS};

    fn config() -> ClientConfig {
        crate::core::options::ClientOptions::from_json(
            r#"{"baseUrl":"https://acme.example","applicationId":"KEEPIT","username":"u",
                "password":"pw-123","companyId":"C","siteId":"S","namespace":"N",
                "languageId":"IT","loadRoles":true,
                "headers":{"x-extra":"1","Password":"other"}}"#,
        )
        .unwrap()
    }

    #[test]
    fn export_request_as_the_docs_show_it() {
        let call = Call::from_json(&CUSTOMERS, "{}").unwrap();
        let req = build(&config(), &call, Some(40));
        assert_eq!(req.method, Method::Post);
        assert_eq!(
            req.url,
            "https://acme.example/api?cmd=getCustomersExport_v3&appId=KEEPIT&applicationId=KEEPIT&start=40"
        );
        let names: Vec<&str> = req.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-extra",
                "username",
                "password",
                "companyId",
                "siteId",
                "appId",
                "applicationId",
                "namespace",
                "languageId",
                "loadRoles",
                "Content-Type"
            ]
        );
        assert!(req.headers.contains(&("password".into(), "pw-123".into())));
        assert_eq!(req.body.as_deref(), Some(r#"{"completeExtraction":"T"}"#));
    }

    #[test]
    fn get_request_encodes_parameters_and_sends_no_body() {
        let call =
            Call::from_json(&DIGITAL_ORDERS, r#"{"fromDateTime":"2020-09-08 13:18:00"}"#).unwrap();
        let req = build(&config(), &call, None);
        assert!(
            req.url.ends_with("&fromDateTime=2020-09-08%2013%3A18%3A00"),
            "{}",
            req.url
        );
        assert!(req.body.is_none());
        assert!(!req.headers.iter().any(|(k, _)| k == "Content-Type"));
        let call = Call::from_json(
            &DIGITAL_ORDERS,
            r#"{"fromDateTime":"2020-09-08 13:18:00","pageSize":50}"#,
        )
        .unwrap();
        let req = build(&config(), &call, Some(20));
        assert!(
            req.url.ends_with("%3A00&limit=50&start=20"),
            "pageSize is sent as the docs' limit: {}",
            req.url
        );
    }

    #[test]
    fn debug_hides_the_password() {
        let call = Call::from_json(&CUSTOMERS, "{}").unwrap();
        let dbg = format!("{:?}", build(&config(), &call, Some(0)));
        assert!(!dbg.contains("pw-123"));
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn encodes_components() {
        let mut out = String::new();
        encode_component("a b&c=d/€", &mut out);
        assert_eq!(out, "a%20b%26c%3Dd%2F%E2%82%AC");
    }
}
