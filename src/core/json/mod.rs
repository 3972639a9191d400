//! The ASCII-only JSON writer the decoder and the error and page builders write with.

/// The ASCII-only writer.
pub mod write;
/// JSON text fourws wrote, copied verbatim by serde_json.
pub mod written;
