//! fourws: a client for the 4WS Suite (Fourwayshop / 4ws.trade) retail API.
//!
//! The crate has two layers:
//! - [`core`]: plain Rust with no I/O. It validates options and arguments, builds request
//!   values, decodes and normalises response pages, and decides paging, retries and rate
//!   limits from the values it is given (including the clock). It is tested natively.
//! - `wasm` (compiled for `wasm32` only): the JavaScript-facing `Client` and `Paginator`,
//!   the `fetch` transport, timers and `AbortSignal`s. Each method converts in, calls the
//!   core and converts out.
#![deny(missing_docs)]
// `Error` carries the context a person needs (command, offset, status, path, the server's
// message); it is only built on the cold failure path, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
