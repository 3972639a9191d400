//! A small JSON reader and an ASCII-only JSON writer: the two halves of the transcoder
//! that turns a 4WS body into normalised records in one pass (see `crate::core::decode`).

pub mod read;
pub mod write;
