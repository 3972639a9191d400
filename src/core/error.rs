//! The one error type of fourws: every failure is an [`Error`] with a [`Kind`] from the
//! public contract and the context a person needs to act on it (command, page offset,
//! HTTP status, JSON path).

use serde::Serialize;
use std::fmt;
use tsify::Tsify;
// Named as TypeScript knows it (tsify writes a field's type by its Rust name).
use self::Kind as FourWsErrorKind;

/// What went wrong: the kinds of `FourWsError` (`FourWsError.kind`). The TypeScript type
/// `FourWsErrorKind` is generated from this enum, the one list of the kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "FourWsErrorKind")]
pub enum Kind {
    /// The caller passed a bad option or argument; nothing was sent.
    InvalidArgument,
    /// The request could not be sent or the connection failed.
    Network,
    /// The server did not answer within `timeoutMs`.
    Timeout,
    /// The caller aborted through its `AbortSignal`.
    Aborted,
    /// A non-2xx HTTP status other than 429.
    Http,
    /// HTTP 429 after the retries were used up (or with a `Retry-After` too far away).
    RateLimited,
    /// HTTP 200 with `success: false`.
    Api,
    /// The body is not the JSON the endpoint sends (HTML, truncated, too large, ...).
    Decode,
    /// A record holds a value of the wrong type, an impossible date, an unknown flag or
    /// misses a mandatory field.
    Validation,
    /// The server broke the paging contract.
    Pagination,
}

impl Kind {
    /// The contract's name of this kind (`"invalidArgument"`, `"network"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InvalidArgument => "invalidArgument",
            Kind::Network => "network",
            Kind::Timeout => "timeout",
            Kind::Aborted => "aborted",
            Kind::Http => "http",
            Kind::RateLimited => "rateLimited",
            Kind::Api => "api",
            Kind::Decode => "decode",
            Kind::Validation => "validation",
            Kind::Pagination => "pagination",
        }
    }
}

/// A failure: the fields a `FourWsError` is built from (those without a value are left
/// out).
///
/// It never holds credentials: messages are built from option names, server messages and
/// record values, never from the configured password.
// Serialised by serde, it is the object the wasm layer builds each `FourWsError` from.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "FourWsErrorDetails")]
pub struct Error {
    /// What went wrong.
    pub kind: FourWsErrorKind,
    /// A sentence a person can act on.
    pub message: String,
    /// The 4WS command, where a request was involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cmd: Option<String>,
    /// The offset of the page that failed (resume from here), where paginating.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub start: Option<u64>,
    /// The HTTP status, for "http" and "rateLimited".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status: Option<u16>,
    /// The JSON path of the offending value, for "validation" (and "decode" where known).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub path: Option<String>,
    /// How long the server asked us to wait (`Retry-After`), where it said.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub retry_after_ms: Option<u64>,
    /// For "http" and "api": the server's own message, as it sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub server_message: Option<String>,
    /// The answer is final: sending the request again cannot change it, whatever its status
    /// (the fourws proxy's own 500: its configuration or its `authorize`). Not shown.
    #[serde(skip)]
    pub settled: bool,
}

impl Error {
    /// A new error of `kind` with `message` and no context yet.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            cmd: None,
            start: None,
            status: None,
            path: None,
            retry_after_ms: None,
            server_message: None,
            settled: false,
        }
    }

    /// An `invalidArgument` error.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(Kind::InvalidArgument, message)
    }

    /// Sets the command this error happened in.
    pub fn with_cmd(mut self, cmd: &str) -> Self {
        self.cmd = Some(cmd.to_owned());
        self
    }

    /// Sets the page offset (the resume point) unless one is already set.
    pub fn with_start(mut self, start: Option<u64>) -> Self {
        if self.start.is_none() {
            self.start = start;
        }
        self
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the JSON path of the offending value.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// This error with every form of the password masked in its texts (the one place
    /// where errors are cleaned before a person or a log sees them).
    pub fn masked(&self, secret: &crate::core::secret::Secret) -> Error {
        let mut e = self.clone();
        if secret.is_empty() {
            return e;
        }
        e.message = secret.mask(&e.message).into_owned();
        secret.mask_in(&mut e.path);
        secret.mask_in(&mut e.cmd);
        secret.mask_in(&mut e.server_message);
        e
    }

    /// The error as the JSON object of its fields (serde; the wasm layer turns it into a
    /// `FourWsError`).
    pub fn to_json(&self) -> String {
        // Strings and numbers only: serde_json cannot fail on them.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_the_contract_names() {
        let all = [
            (Kind::InvalidArgument, "invalidArgument"),
            (Kind::Network, "network"),
            (Kind::Timeout, "timeout"),
            (Kind::Aborted, "aborted"),
            (Kind::Http, "http"),
            (Kind::RateLimited, "rateLimited"),
            (Kind::Api, "api"),
            (Kind::Decode, "decode"),
            (Kind::Validation, "validation"),
            (Kind::Pagination, "pagination"),
        ];
        for (kind, name) in all {
            assert_eq!(kind.as_str(), name);
        }
    }

    #[test]
    fn to_json_carries_every_field_and_escapes_the_message() {
        let mut e = Error::new(Kind::RateLimited, "slow \"down\"")
            .with_cmd("getCustomersExport_v3")
            .with_start(Some(40))
            .with_status(429)
            .with_path("valueObjectList[3]");
        e.retry_after_ms = Some(1000);
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["kind"], "rateLimited");
        assert_eq!(v["message"], "slow \"down\"");
        assert_eq!(v["cmd"], "getCustomersExport_v3");
        assert_eq!(v["start"], 40);
        assert_eq!(v["status"], 429);
        assert_eq!(v["path"], "valueObjectList[3]");
        assert_eq!(v["retryAfterMs"], 1000);
        e.server_message = Some("Try later".into());
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["serverMessage"], "Try later");
    }

    #[test]
    fn to_json_leaves_out_the_fields_without_a_value() {
        let e = Error::new(Kind::Network, "no route \u{e9}");
        assert_eq!(
            e.to_json(),
            "{\"kind\":\"network\",\"message\":\"no route \u{e9}\"}"
        );
    }

    #[test]
    fn with_start_keeps_the_first_resume_point() {
        let e = Error::new(Kind::Network, "x")
            .with_start(Some(20))
            .with_start(Some(40));
        assert_eq!(e.start, Some(20));
    }
}
