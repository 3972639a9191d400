//! The sans-IO core: everything that can be decided without touching the network.

pub mod cache;
pub mod call;
pub mod charset;
pub mod checkpoint;
pub mod datetime;
pub mod decode;
pub mod delivery;
pub mod endpoint;
pub mod error;
pub mod fields;
pub mod forward;
pub mod html_escapes;
pub mod js;
pub mod json;
pub mod keyed_limit;
pub mod masked_answer;
pub mod normal_forms;
pub mod option_errors;
pub mod options;
pub mod page;
pub mod pagination;
pub mod proxy_types;
pub mod rate_limit;
pub mod records;
pub mod request;
pub mod response;
pub mod retry;
pub mod rules;
pub mod schema;
pub mod secret;
pub mod types;

pub use error::{Error, Kind, Result};
