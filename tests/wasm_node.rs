//! The wasm layer under Node against the mock server (see tests/common).
#![cfg(target_arch = "wasm32")]

mod common;
