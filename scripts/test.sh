#!/usr/bin/env bash
# Runs every test of fourws: formatting and lints, the native core tests, the wasm layer
# in Node and in headless Chromium against the mock server, and the JavaScript tests
# (the mock itself, the package as users install it, the demo page in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== [${SECONDS}s] cargo fmt --check, cargo clippy -D warnings (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings

echo "== [${SECONDS}s] native core tests (cargo test)"
cargo test

echo "== [${SECONDS}s] build pkg/"
bash scripts/build.sh

echo "== [${SECONDS}s] start the mock 4WS server for the wasm tests"
mock_log=$(mktemp)
node mock/server.mjs --port 0 >"$mock_log" 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  grep -q "listening on" "$mock_log" && break
  sleep 0.1
done
FOURWS_MOCK_URL=$(grep -o 'http://[0-9.:]*' "$mock_log" | head -1)
export FOURWS_MOCK_URL
echo "mock at $FOURWS_MOCK_URL"

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
echo "== [${SECONDS}s] wasm-bindgen tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm_node
echo "== [${SECONDS}s] wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_browser

echo "== [${SECONDS}s] fuzz the native core (45 s per target; the long run is scripts/fuzz.sh)"
bash scripts/fuzz.sh 45

echo "== [${SECONDS}s] JavaScript tests (node --test)"
mapfile -t js_tests < <(find tests -name '*.test.mjs' -not -path '*/node_modules/*' | sort)
node --test --test-concurrency=1 "${js_tests[@]}"
