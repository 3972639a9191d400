//! Turning what came back for one request — status, `Retry-After`, body bytes — into a
//! decoded page or the right error.

use super::charset;
use super::decode::{decode_page, transcode, Decoded, Shape};
use super::endpoint::GENERIC;
use super::error::{Error, Kind, Result};
use super::retry::parse_retry_after;

/// The reason phrase of an HTTP status (RFC 9110 §15), for messages.
fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The server's own message in an error body, if it sent JSON with one.
pub fn server_message(body: &[u8]) -> Option<String> {
    decode_page(body, &GENERIC.shape, false)
        .ok()
        .and_then(|p| p.message)
        .map(|m| m.chars().take(500).collect())
}

/// `detail` ended as a sentence: a period added unless it already ends with one.
fn sentence(detail: &str) -> String {
    if detail.trim_end().ends_with(['.', '!', '?']) {
        detail.trim_end().to_owned()
    } else {
        format!("{detail}.")
    }
}

/// Whether `body` is a refusal of the fourws proxy (`{"success":false,"fourwsProxy":true,..}`).
fn is_proxy_refusal(body: &[u8]) -> bool {
    /// The one member read (a struct rather than `serde_json::Value`, whose reader is 6.6 KB
    /// of wasm used nowhere else; issue 17).
    #[derive(serde::Deserialize)]
    struct Refusal {
        #[serde(rename = "fourwsProxy", default)]
        fourws_proxy: Option<bool>,
    }
    body.len() < 4096
        && serde_json::from_slice::<Refusal>(body)
            .ok()
            .and_then(|r| r.fourws_proxy)
            == Some(true)
}

fn advice(status: u16, sends_credentials: bool, server_said: bool) -> &'static str {
    match status {
        // A 4WS message ("Card 1 not found") says what is missing; a wrong baseUrl rarely
        // answers with one (found by the storefront user test: "Check baseUrl" under a
        // card that did not exist).
        404 if server_said => {
            " If the message is not about the data you asked for, check baseUrl and the \
             command name."
        }
        401 | 403 if !sends_credentials => {
            " This client sends no credentials: the server in front of 4WS (such as a \
             fourws/proxy) adds them, so its configuration, or the login it asks for, is what to \
             check."
        }
        401 | 403 => " Check username, password, companyId, siteId and applicationId.",
        404 => " Check baseUrl and the command name.",
        422 => " The server refused the request's content; it is not retried.",
        500..=599 => " The server had a problem; try again later.",
        _ => "",
    }
}

/// Checks the HTTP status: `Ok` for 2xx, else the `http` or `rateLimited` error. A
/// `Retry-After` (RFC 9110 §10.2.3: sent with 429 and 503 above all) is read whatever
/// the status, and carried as `retry_after_ms`, so that the retry decision honours it.
pub fn check_status(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    now_ms: f64,
) -> Result<()> {
    check_status_of(status, retry_after, body, now_ms, true)
}

/// [`check_status`] for a client that sends credentials or not: one without (a page behind
/// a proxy) is not told to check credentials it does not hold.
pub fn check_status_of(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    now_ms: f64,
    sends_credentials: bool,
) -> Result<()> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let server = server_message(body);
    let detail = match &server {
        Some(m) => format!(": {m}"),
        None if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') => {
            " (an HTML error page)".to_owned()
        }
        None => String::new(),
    };
    // A refusal of the fourws proxy in front of a page (`"fourwsProxy": true`): its message
    // is the whole advice; the page holds no credentials to check.
    let from_proxy = is_proxy_refusal(body);
    let wait = retry_after.and_then(|v| parse_retry_after(v, now_ms));
    let asked = match wait {
        Some(ms) if ms > 86_400_000 * 365 => " It asked to wait more than a year.".to_owned(),
        Some(ms) => format!(
            " It asked to wait {} s before the next call.",
            ms.div_ceil(1000)
        ),
        None => String::new(),
    };
    let mut e = if status == 429 {
        Error::new(
            Kind::RateLimited,
            format!(
                "the server is rate limiting this client (HTTP 429 Too Many Requests){}{}",
                sentence(&detail),
                if asked.is_empty() {
                    " Slow down (see the rateLimit option) and try again."
                } else {
                    &asked
                }
            ),
        )
    } else {
        let status_line = match reason(status) {
            Some(r) => format!("HTTP {status} {r}"),
            None => format!("HTTP {status}"),
        };
        let advice = if from_proxy {
            ""
        } else {
            advice(status, sends_credentials, server.is_some())
        };
        Error::new(
            Kind::Http,
            format!("{status_line}{}{advice}{asked}", sentence(&detail)),
        )
    }
    .with_status(status);
    // The proxy's own 500 (its configuration, its `authorize`): asking again changes nothing
    // (found by the storefront user test: "(tried 4 times)" and a clerk kept waiting).
    e.settled = from_proxy && status == 500;
    e.retry_after_ms = wait;
    e.server_message = server;
    Err(e)
}

/// Decodes a 2xx page body. `content_type` is the response's `Content-Type` header: a
/// declared ISO-8859-1, US-ASCII or windows-1252 body is transcoded to UTF-8 first, any other
/// charset but UTF-8 is a `decode` error. `success: false` (or `"F"`, `0`, `null`) becomes an
/// `api` error carrying the server's message.
pub fn decode(
    body: &[u8],
    content_type: Option<&str>,
    shape: &Shape,
    strict: bool,
    max_bytes: u64,
) -> Result<Decoded> {
    let page = decode_envelope(body, content_type, shape, strict, max_bytes)?;
    check_is_page(&page)?;
    Ok(page)
}

/// [`decode`] without the check that the body is a page.
fn decode_envelope(
    body: &[u8],
    content_type: Option<&str>,
    shape: &Shape,
    strict: bool,
    max_bytes: u64,
) -> Result<Decoded> {
    check_size(body.len() as u64, max_bytes)?;
    let body = charset::to_utf8(body, content_type)?;
    let page = decode_page(&body, shape, strict)?;
    if page.success == Some(false) {
        let msg = page
            .message
            .clone()
            .unwrap_or_else(|| "no message given".to_owned());
        let sent = page.success_sent.as_deref().unwrap_or("false");
        let mut e = Error::new(
            Kind::Api,
            format!("{msg} (the 4WS server answered success: {sent})"),
        );
        e.server_message = page.message.clone();
        return Err(e);
    }
    Ok(page)
}

/// Refuses a 2xx body that is not a 4WS page: none of `success`, `valueObjectList` and
/// `moreRows` (e.g. `{}`, `{"error": "Session expired"}` from a gateway). Read as an empty
/// page, it would say "no records" where the server said something else.
fn check_is_page(page: &Decoded) -> Result<()> {
    if page.success.is_some() || page.has_list || page.more_rows.is_some() {
        return Ok(());
    }
    let said = match &page.message {
        Some(m) => format!("; the server's message: {m}"),
        None => String::new(),
    };
    let mut e = Error::new(
        Kind::Decode,
        format!(
            "the server answered with JSON that is not a 4WS page (none of success, \
             valueObjectList, moreRows){said}. Check baseUrl, the credentials and the command, \
             or try again later"
        ),
    );
    e.server_message = page.message.clone();
    Err(e)
}

/// Refuses a body larger than `max_bytes` (checked on `Content-Length` before reading, and
/// on the bytes read).
pub fn check_size(len: u64, max_bytes: u64) -> Result<()> {
    if len > max_bytes {
        return Err(Error::new(
            Kind::Decode,
            format!(
                "the response is {len} bytes, more than maxResponseBytes ({max_bytes}); it was \
                 not read. Raise maxResponseBytes if such pages are expected."
            ),
        ));
    }
    Ok(())
}

/// Decodes the body of `client.request()`: the envelope as the server sent it (checked to
/// be JSON, `success: false` an `api` error), re-encoded as ASCII-only JSON. The charset is
/// handled as by [`decode`].
pub fn decode_raw(body: &[u8], content_type: Option<&str>, max_bytes: u64) -> Result<String> {
    // Any JSON envelope is kept as sent (a command that is not paged may answer without
    // `valueObjectList`); only `success: false` is an error.
    decode_envelope(body, content_type, &GENERIC.shape, false, max_bytes)?;
    transcode(&charset::to_utf8(body, content_type)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert!(check_status(200, None, b"", 0.0).is_ok());
        let e = check_status(
            422,
            None,
            br#"{"success":false,"message":"Unique constraint error"}"#,
            0.0,
        )
        .unwrap_err();
        assert_eq!((e.kind, e.status), (Kind::Http, Some(422)));
        assert!(
            e.message.contains("Unique constraint error"),
            "{}",
            e.message
        );
        let e = check_status(502, None, b"<html><body>Bad gateway</body></html>", 0.0).unwrap_err();
        assert!(e.message.contains("HTML error page"), "{}", e.message);
        let e = check_status(429, Some("2"), b"", 0.0).unwrap_err();
        assert_eq!((e.kind, e.retry_after_ms), (Kind::RateLimited, Some(2000)));
        // Issue 18 item 20: no doubled period; behind the proxy, no credential advice.
        let e = check_status(
            403,
            None,
            br#"{"success":false,"message":"This call is not allowed for you.","fourwsProxy":true}"#,
            0.0,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "HTTP 403 Forbidden: This call is not allowed for you."
        );
        let e = check_status(
            504,
            None,
            br#"{"success":false,"message":"The 4WS host did not answer within 1 s.","fourwsProxy":true}"#,
            0.0,
        )
        .unwrap_err();
        assert!(!e.message.contains(".."), "{}", e.message);
        let e =
            check_status(403, None, br#"{"success":false,"message":"Denied"}"#, 0.0).unwrap_err();
        assert!(
            e.message.contains("Denied. Check username"),
            "{}",
            e.message
        );
        let e = check_status(401, None, b"", 0.0).unwrap_err();
        assert!(e.message.contains("Check username"), "{}", e.message);
        // A page behind a proxy holds no credentials: it is not told to check them.
        let e =
            check_status_of(401, None, br#"{"message":"Please log in"}"#, 0.0, false).unwrap_err();
        assert!(
            !e.message.contains("Check username") && e.message.contains("sends no credentials"),
            "{}",
            e.message
        );
        // The proxy's own 500 is final; a 500 of 4WS is not.
        let refusal = br#"{"success":false,"fourwsProxy":true,"message":"misconfigured"}"#;
        assert!(
            check_status_of(500, None, refusal, 0.0, false)
                .unwrap_err()
                .settled
        );
        assert!(!check_status(500, None, b"{}", 0.0).unwrap_err().settled);
        // A 404 with the server's own message: that message first, baseUrl only as a maybe.
        let e = check_status(
            404,
            None,
            br#"{"success":false,"message":"Card 1 not found"}"#,
            0.0,
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("Card 1 not found. If the message is not about the data"),
            "{}",
            e.message
        );
        let e = check_status(404, None, b"", 0.0).unwrap_err();
        assert!(
            e.message.ends_with("Check baseUrl and the command name."),
            "{}",
            e.message
        );
    }

    #[test]
    fn api_errors_and_size() {
        let e = decode(
            br#"{"success":false,"message":"No customer found"}"#,
            None,
            &GENERIC.shape,
            true,
            1000,
        )
        .unwrap_err();
        assert_eq!(e.kind, Kind::Api);
        assert!(e.message.contains("No customer found"));
        let e = decode(b"{}", None, &GENERIC.shape, true, 1).unwrap_err();
        assert_eq!(e.kind, Kind::Decode);
        assert!(e.message.contains("maxResponseBytes"));
    }

    #[test]
    fn a_body_that_is_not_a_page_is_a_decode_error_with_the_server_message() {
        for (body, said) in [
            (
                r#"{"error":"Session expired, please log in again"}"#,
                Some("Session expired, please log in again"),
            ),
            (r#"{"message":"Internal error"}"#, Some("Internal error")),
            ("{}", None),
        ] {
            let e = decode(body.as_bytes(), None, &GENERIC.shape, false, 1000).unwrap_err();
            assert_eq!(e.kind, Kind::Decode, "{body}");
            assert!(e.message.contains("not a 4WS page"), "{}", e.message);
            assert_eq!(e.server_message.as_deref(), said);
            if let Some(said) = said {
                assert!(e.message.contains(said), "{}", e.message);
            }
        }
        // Any one of the three makes it a page.
        for body in [
            r#"{"valueObjectList":[]}"#,
            r#"{"moreRows":false}"#,
            r#"{"success":true}"#,
        ] {
            assert!(decode(body.as_bytes(), None, &GENERIC.shape, false, 1000).is_ok());
        }
        // client.request() keeps any JSON envelope.
        assert!(decode_raw(b"{\"x\":1}", None, 1000).is_ok());
    }

    #[test]
    fn raw_envelope() {
        let out = decode_raw("{\"success\":true,\"x\":\"€\"}".as_bytes(), None, 1000).unwrap();
        assert_eq!(out, r#"{"success":true,"x":"\u20ac"}"#);
        assert_eq!(
            decode_raw(b"<html>", None, 1000).unwrap_err().kind,
            Kind::Decode
        );
        let latin1 = b"{\"success\":true,\"x\":\"\xe8\"}";
        let out = decode_raw(latin1, Some("application/json; charset=ISO-8859-1"), 1000).unwrap();
        assert_eq!(out, r#"{"success":true,"x":"\u00e8"}"#);
    }
}
