//! The ASCII-only JSON writer the decoder and the error and page builders write with.

pub mod write;
