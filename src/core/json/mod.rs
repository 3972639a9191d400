//! The ASCII-only JSON writers the decoder and the request and page builders write with.

/// serde_json writing ASCII-only JSON.
pub mod ascii;
/// The ASCII-only writer.
pub mod write;
/// JSON text fourws wrote, copied verbatim by serde_json.
pub mod written;
