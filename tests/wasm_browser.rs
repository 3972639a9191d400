//! The wasm layer in headless Chromium against the mock server (see tests/common).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
