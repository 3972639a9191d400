//! What the server-side proxy (`fourws/proxy`) hands its integrator, as Rust types, and
//! the generator of the type section of the package's `proxy.d.ts`.

use super::forward::{command_types, ProxyCall};
use super::rules::{ExportBody, Extraction};
use super::types::{section, splice};
use std::collections::BTreeMap;
use tsify::Tsify;

/// What `onRequest` receives after every call: never a header, credential or body.
// The proxy's JavaScript (the I/O shell) builds it; its shape is said here, once.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct ProxyEvent {
    /// The HTTP method of the caller's request.
    pub method: String,
    /// The command asked for (as sent, even when refused), or null.
    pub cmd: Option<String>,
    /// The checked call's query parameters, once checked, or null.
    pub query: Option<BTreeMap<String, String>>,
    /// The rate-limit key of the caller (its address by default), or null.
    pub client: Option<String>,
    /// The status answered to the caller.
    pub status: u16,
    /// How the call ended.
    pub outcome: ProxyOutcome,
    /// Why it was refused or failed, or what a 4WS answer that is not 2xx means (the
    /// password masked), or null.
    pub message: Option<String>,
    /// How long the proxy took to answer, in milliseconds.
    pub duration_ms: f64,
}

/// How a proxied call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ProxyOutcome {
    /// The 4WS host answered (any status).
    Forwarded,
    /// The proxy said no.
    Refused,
    /// The host could not be reached or broke off.
    UpstreamError,
    /// The proxy failed.
    Error,
}

/// The generated section of `proxy.d.ts`: the commands, the checked call and its body,
/// and the `onRequest` event (`HttpMethod` is imported from `index.d.ts`).
pub fn typescript() -> String {
    let commands = command_types();
    let decls = [
        commands.as_str(),
        ProxyCall::DECL,
        ExportBody::DECL,
        Extraction::DECL,
        ProxyEvent::DECL,
        ProxyOutcome::DECL,
    ];
    section(BEGIN, &decls)
}

/// The line that opens the generated section of `pkg-template/proxy.d.ts`.
pub const BEGIN: &str =
    "// ---- Generated from the Rust types (src/core/proxy_types.rs) by `UPDATE_GOLDEN=1 cargo test`; do not edit. ----";
/// The line that closes it.
pub const END: &str = super::types::END;

/// `proxy.d.ts` with its generated section replaced by [`typescript`], or `None` if the
/// file has no such section.
pub fn regenerate(proxy_d_ts: &str) -> Option<String> {
    splice(proxy_d_ts, BEGIN, END, &typescript())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::check_shipped;

    /// The package ships `pkg-template/proxy.d.ts`; its call, body, command and event
    /// types must be what the Rust types and the endpoint table say.
    #[test]
    fn shipped_proxy_typescript_matches_the_rust_types() {
        check_shipped("proxy.d.ts", regenerate);
    }

    #[test]
    fn the_commands_are_the_endpoint_tables() {
        let ts = typescript();
        for e in crate::core::endpoint::ALL {
            assert!(ts.contains(&format!("\"{}\"", e.cmd)), "{}", e.cmd);
        }
        assert!(ts.contains(
            "export type ProxyExport = \"getCustomersExport_v3\" | \"getPricesExport_v3\" | \"getSalesExport_v3\";"
        ));
    }
}
