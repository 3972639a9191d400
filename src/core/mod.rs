//! The sans-IO core: everything that can be decided without touching the network.

pub mod call;
pub mod datetime;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod fields;
pub mod js;
pub mod json;
pub mod option_errors;
pub mod options;
pub mod page;
pub mod pagination;
pub mod rate_limit;
pub mod records;
pub mod request;
pub mod response;
pub mod retry;
pub mod schema;
pub mod types;
pub mod value;

pub use error::{Error, Kind, Result};
