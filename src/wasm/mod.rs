//! The JavaScript-facing layer (wasm32 only): `RawClient` and `RawPaginator`, which the
//! package's hand-written `fourws.js` wraps into `Client`, `Paginator` and `FourWsError`.

mod body;
mod cache;
mod client;
mod forward;
mod gate;
mod interop;
mod options;
mod paginator;
mod shared;
mod transport;
mod values;

pub use client::RawClient;
pub use paginator::RawPaginator;
